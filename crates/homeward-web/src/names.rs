//! Names kept in three languages (organizations, places, officials) as a page in one language
//! shows them: the form in the page's language, or the original with a small marker saying so
//! (the `named` macro in `templates/macros.html` renders a [`Named`]).

use homeward_domain::{
    Fallback, Gazetteer, LocalizedName, NameLanguage, Official, Organization, PlaceKind, Shown,
};

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

/// A place or unit as records carry it (`text`), as the page of `t` shows it through the
/// gazetteer. Blank text stays blank, unmarked (a page shows its own "unknown").
pub fn place(t: Tr, gazetteer: &Gazetteer, kind: PlaceKind, text: &str) -> Named {
    if text.trim().is_empty() {
        return Named {
            text: String::new(),
            marker: None,
            note: String::new(),
            lang: None,
        };
    }
    named(t, &gazetteer.name(kind, text))
}

/// Where something is or happened: a named place (a laboratory, an airport), a site or a
/// cemetery, with any position within it (`…, A-12`, a grave's `…, 2022/6/9`), as the page of
/// `t` shows it; what the system wrote there itself (a `SystemText`, e.g. "handed over to …")
/// in the page's language.
pub fn location(t: Tr, gazetteer: &Gazetteer, text: &str) -> Named {
    const KINDS: [PlaceKind; 3] = [PlaceKind::Place, PlaceKind::Site, PlaceKind::Cemetery];
    if text.trim().is_empty() {
        return place(t, gazetteer, PlaceKind::Place, text);
    }
    if let Some(system) = homeward_domain::SystemText::parse(text) {
        return Named {
            text: t.system_text(&system),
            marker: None,
            note: String::new(),
            lang: None,
        };
    }
    let Some((_, name, position)) = gazetteer.locate(&KINDS, text) else {
        return named(t, &LocalizedName::original(text));
    };
    let mut shown = named(t, name);
    if !position.is_empty() {
        let separator = if t.lang == Lang::Zh { "，" } else { ", " };
        shown.text = format!("{}{separator}{position}", shown.text);
    }
    shown
}

/// A county in its province as the page of `t` writes an address: "강원도 철원군", "江原道铁原郡",
/// "Cheorwon County, Gangwon Province" (either part may be blank).
pub fn county_in_province(t: Tr, gazetteer: &Gazetteer, county: &str, province: &str) -> Named {
    let lang = name_language(t.lang);
    let county = gazetteer.name(PlaceKind::County, county);
    let province = gazetteer.name(PlaceKind::Province, province);
    let mut parts: Vec<Shown<'_>> = [&province, &county]
        .into_iter()
        .filter(|n| !n.original.trim().is_empty())
        .map(|n| n.shown(lang))
        .collect();
    if parts.is_empty() {
        return place(t, gazetteer, PlaceKind::County, "");
    }
    let separator = match lang {
        NameLanguage::En => {
            parts.reverse();
            ", "
        }
        NameLanguage::Ko => " ",
        NameLanguage::Zh => "",
    };
    let mut out = named_parts(t, &parts, "");
    out.text = parts
        .iter()
        .map(|s| s.text)
        .collect::<Vec<_>>()
        .join(separator);
    out
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

    #[test]
    fn an_address_is_written_in_the_order_of_the_page_language() {
        let g = Gazetteer::new([
            homeward_domain::GazetteerEntry::new(
                PlaceKind::County,
                "Cheorwon",
                "철원군",
                "铁原郡",
                "Cheorwon County",
            ),
            homeward_domain::GazetteerEntry::new(
                PlaceKind::Province,
                "Gangwon",
                "강원도",
                "江原道",
                "Gangwon Province",
            ),
        ]);
        let shown = |lang| county_in_province(Tr::new(lang), &g, "Cheorwon", "Gangwon");
        assert_eq!(shown(Lang::Ko).to_string(), "강원도 철원군");
        assert_eq!(shown(Lang::Zh).to_string(), "江原道铁原郡");
        assert_eq!(
            shown(Lang::En).to_string(),
            "Cheorwon County, Gangwon Province"
        );
        let unknown = county_in_province(Tr::new(Lang::Zh), &g, "Paju", "Gangwon");
        assert_eq!(unknown.text, "江原道Paju");
        assert!(
            unknown.marker.is_some(),
            "a part shown as entered is marked"
        );
        let blank = county_in_province(Tr::new(Lang::Ko), &g, "", "");
        assert_eq!((blank.text.as_str(), blank.marker), ("", None));
        assert_eq!(
            place(Tr::new(Lang::Ko), &g, PlaceKind::Unit, " ").marker,
            None
        );
    }
}
