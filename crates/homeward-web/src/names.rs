//! Names kept in three languages (organizations, places, officials) as a page in one language
//! shows them: the form in the page's language, or the original with a small marker saying so
//! (the `named` macro in `templates/macros.html` renders a [`Named`]).

use homeward_domain::{Fallback, LocalizedName, NameLanguage, Official, Organization, Shown};

use crate::i18n::{Lang, Tr};

/// A name as shown, with the marker of a fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The text.
    pub text: String,
    /// `en`, `ko`, `zh` (or the word for "original") when the text is not in the page's
    /// language; `None` when it is.
    pub marker: Option<String>,
    /// What the marker means, for its `title`.
    pub note: String,
    /// The `lang` tag of a fallback's text where its language is known (so that a Chinese
    /// name in a Korean column is set in a Chinese font).
    pub lang: Option<&'static str>,
}

impl std::fmt::Display for Named {
    /// The text and, for a fallback, its marker in parentheses (for plain-text places).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.marker {
            Some(m) => write!(f, "{} ({m})", self.text),
            None => f.write_str(&self.text),
        }
    }
}

/// The language names are kept in for a page's language.
pub fn name_language(lang: Lang) -> NameLanguage {
    match lang {
        Lang::Ko => NameLanguage::Ko,
        Lang::Zh => NameLanguage::Zh,
        Lang::En => NameLanguage::En,
    }
}

fn marker(t: Tr, fallback: Option<Fallback>) -> Option<String> {
    fallback.map(|f| match f {
        Fallback::Language(l) => l.code().to_owned(),
        Fallback::Original => t.get("name-original"),
    })
}

/// The `lang` tag of a name's language.
fn html_tag(lang: NameLanguage) -> &'static str {
    match lang {
        NameLanguage::Ko => Lang::Ko.html_tag(),
        NameLanguage::Zh => Lang::Zh.html_tag(),
        NameLanguage::En => Lang::En.html_tag(),
    }
}

fn named_parts(t: Tr, parts: &[Shown<'_>], suffix: &str) -> Named {
    let text = parts.iter().map(|s| s.text).collect::<Vec<_>>().join(" ");
    let fallback = parts.iter().find_map(|s| s.fallback);
    Named {
        text: format!("{text}{suffix}"),
        marker: marker(t, fallback),
        note: t.get("name-fallback-note"),
        lang: match fallback {
            Some(Fallback::Language(l)) => Some(html_tag(l)),
            _ => None,
        },
    }
}

/// `name` as the page of `t` shows it.
pub fn named(t: Tr, name: &LocalizedName) -> Named {
    named_parts(t, &[name.shown(name_language(t.lang))], "")
}

/// An official (title, then name) as the page of `t` shows them.
pub fn official(t: Tr, official: &Official) -> Named {
    named_parts(t, &official.shown(name_language(t.lang)), "")
}

/// An organization with its state's code, e.g. "대한민국 국방부 (KR)".
pub fn party(t: Tr, org: &Organization) -> Named {
    let suffix = format!(" ({})", org.country);
    named_parts(t, &[org.names.shown(name_language(t.lang))], &suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_language_shows_the_original_marked() {
        let mut place =
            LocalizedName::of("인천국제공항", "仁川国际机场", "Incheon", NameLanguage::En);
        assert_eq!(named(Tr::new(Lang::Zh), &place).to_string(), "仁川国际机场");
        place.zh = None;
        let zh = named(Tr::new(Lang::Zh), &place);
        assert_eq!(
            (zh.text.as_str(), zh.marker.as_deref()),
            ("Incheon", Some("en"))
        );
        let entered = named(Tr::new(Lang::Ko), &LocalizedName::original("Incheon"));
        assert_eq!(entered.marker, Some(Tr::new(Lang::Ko).get("name-original")));
        assert_ne!(entered.note, Tr::new(Lang::En).get("name-fallback-note"));
        assert_eq!(entered.lang, None, "the original's language is not known");
    }
}
