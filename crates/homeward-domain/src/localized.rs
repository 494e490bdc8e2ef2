//! Names in the registry's three languages: an organization, a place, an official's name or
//! title, as written in Korean, Chinese (simplified) and English, and as first entered (its
//! original script). A page shows a name in its own language; where that form is missing it
//! falls back to the original, and says so ([`Shown::fallback`]) so that the page can mark it.

use crate::DomainError;

/// One of the languages that names are kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameLanguage {
    /// Korean.
    Ko,
    /// Chinese, simplified script.
    Zh,
    /// English.
    En,
}

impl NameLanguage {
    /// Every language, in the registry's order (ko, zh, en).
    pub const ALL: [NameLanguage; 3] = [NameLanguage::Ko, NameLanguage::Zh, NameLanguage::En];

    /// Its code: `ko`, `zh`, `en`.
    pub fn code(self) -> &'static str {
        match self {
            NameLanguage::Ko => "ko",
            NameLanguage::Zh => "zh",
            NameLanguage::En => "en",
        }
    }

    /// The language of a code (`ko`, `zh`, `en`), if it is one.
    pub fn parse(code: &str) -> Option<NameLanguage> {
        NameLanguage::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// A name in Korean, Chinese and English, and as first entered. Each form, when present, is
/// non-blank text (see [`LocalizedName::validate`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocalizedName {
    /// Korean (hangul, or mixed script as officially written).
    pub ko: Option<String>,
    /// Chinese, simplified script.
    pub zh: Option<String>,
    /// English.
    pub en: Option<String>,
    /// As first entered or imported, in its own script; always present.
    pub original: String,
}

/// A name as a page in one language shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown<'a> {
    /// The text to show.
    pub text: &'a str,
    /// `None` when the text is in the language asked for; otherwise what is shown instead: the
    /// language of the original, when known, for the page to mark (e.g. "(en)").
    pub fallback: Option<Fallback>,
}

/// What a page shows where the name lacks its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// The original, which is this language's form.
    Language(NameLanguage),
    /// The original, in a script or language the name does not say.
    Original,
}

impl LocalizedName {
    /// A name known only as entered.
    pub fn original(text: impl Into<String>) -> LocalizedName {
        LocalizedName {
            original: text.into(),
            ..LocalizedName::default()
        }
    }

    /// A name in all three languages; the original is the form in `original_language`.
    pub fn of(ko: &str, zh: &str, en: &str, original_language: NameLanguage) -> LocalizedName {
        let original = match original_language {
            NameLanguage::Ko => ko,
            NameLanguage::Zh => zh,
            NameLanguage::En => en,
        };
        LocalizedName {
            ko: Some(ko.to_owned()),
            zh: Some(zh.to_owned()),
            en: Some(en.to_owned()),
            original: original.to_owned(),
        }
    }

    /// Its form in `lang`, if it has one.
    pub fn get(&self, lang: NameLanguage) -> Option<&str> {
        match lang {
            NameLanguage::Ko => self.ko.as_deref(),
            NameLanguage::Zh => self.zh.as_deref(),
            NameLanguage::En => self.en.as_deref(),
        }
    }

    /// Sets its form in `lang` (`None` or blank text removes it).
    pub fn set(&mut self, lang: NameLanguage, text: Option<String>) {
        let text = text.filter(|t| !t.trim().is_empty());
        match lang {
            NameLanguage::Ko => self.ko = text,
            NameLanguage::Zh => self.zh = text,
            NameLanguage::En => self.en = text,
        }
    }

    /// The language the original is written in, where one of the three forms is the original.
    pub fn original_language(&self) -> Option<NameLanguage> {
        NameLanguage::ALL
            .into_iter()
            .find(|&l| self.get(l) == Some(self.original.as_str()))
    }

    /// What a page in `lang` shows: the form in `lang`, else the original, marked as a fallback.
    pub fn shown(&self, lang: NameLanguage) -> Shown<'_> {
        match self.get(lang) {
            Some(text) => Shown {
                text,
                fallback: None,
            },
            None => Shown {
                text: &self.original,
                fallback: Some(
                    self.original_language()
                        .map_or(Fallback::Original, Fallback::Language),
                ),
            },
        }
    }

    /// Whether it has all three languages' forms.
    pub fn is_complete(&self) -> bool {
        NameLanguage::ALL.into_iter().all(|l| self.get(l).is_some())
    }

    /// The original is non-blank, and so is each form that is present: refused under `field`.
    pub fn validate(&self, field: &'static str) -> Result<(), DomainError> {
        if self.original.trim().is_empty() {
            return Err(DomainError::invalid(field, "must not be empty"));
        }
        match NameLanguage::ALL
            .into_iter()
            .find(|&l| self.get(l).is_some_and(|t| t.trim().is_empty()))
        {
            Some(l) => Err(DomainError::invalid(
                field,
                format!("its {} form is blank", l.code()),
            )),
            None => Ok(()),
        }
    }
}

impl std::fmt::Display for LocalizedName {
    /// The original.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.original)
    }
}

/// Text as entered (`&str` or `String`) becomes a `$ty` through `$make`.
macro_rules! from_entered_text {
    ($ty:ty, $make:path) => {
        impl From<&str> for $ty {
            fn from(text: &str) -> $ty {
                $make(text)
            }
        }

        impl From<String> for $ty {
            fn from(text: String) -> $ty {
                $make(text)
            }
        }
    };
}

from_entered_text!(LocalizedName, LocalizedName::original);

/// An official at a ceremony, who signs for their side: their title (e.g. a vice minister of
/// national defense) and, where recorded, their name, each in the three languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Official {
    /// Their personal name, where recorded.
    pub name: Option<LocalizedName>,
    /// Their title or office.
    pub title: LocalizedName,
}

impl Official {
    /// An official known by one text as entered (a title, or a title and name).
    pub fn entered(text: impl Into<String>) -> Official {
        Official {
            name: None,
            title: LocalizedName::original(text),
        }
    }

    /// As a page in `lang` shows them: the title, then the name; each part marked where it falls
    /// back to its original.
    pub fn shown(&self, lang: NameLanguage) -> Vec<Shown<'_>> {
        std::iter::once(self.title.shown(lang))
            .chain(self.name.as_ref().map(|n| n.shown(lang)))
            .collect()
    }

    /// Title and name non-blank (each present form too): refused under `field`.
    pub fn validate(&self, field: &'static str) -> Result<(), DomainError> {
        self.title.validate(field)?;
        self.name.as_ref().map_or(Ok(()), |n| n.validate(field))
    }
}

impl std::fmt::Display for Official {
    /// Title and name as entered.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{} {}", self.title, name),
            None => write!(f, "{}", self.title),
        }
    }
}

from_entered_text!(Official, Official::entered);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_shows_its_language_or_the_marked_original() {
        let mut place = LocalizedName::original("Incheon International Airport");
        place.set(NameLanguage::Ko, Some("인천국제공항".into()));
        assert_eq!(place.shown(NameLanguage::Ko).text, "인천국제공항");
        assert_eq!(place.shown(NameLanguage::Ko).fallback, None);
        let zh = place.shown(NameLanguage::Zh);
        assert_eq!(zh.text, "Incheon International Airport");
        assert_eq!(zh.fallback, Some(Fallback::Original));
        place.set(
            NameLanguage::En,
            Some("Incheon International Airport".into()),
        );
        assert_eq!(
            place.shown(NameLanguage::Zh).fallback,
            Some(Fallback::Language(NameLanguage::En))
        );
        place.set(NameLanguage::Ko, Some("  ".into()));
        assert_eq!(place.ko, None, "a blank form is no form");
    }

    #[test]
    fn of_takes_the_original_from_its_language() {
        let n = LocalizedName::of(
            "국방부",
            "韩国国防部",
            "Ministry of National Defense",
            NameLanguage::Ko,
        );
        assert_eq!(n.original, "국방부");
        assert_eq!(n.original_language(), Some(NameLanguage::Ko));
        assert!(n.is_complete());
        assert_eq!(n.to_string(), "국방부");
        assert_eq!(NameLanguage::parse("zh"), Some(NameLanguage::Zh));
        assert_eq!(NameLanguage::parse("fr"), None);
    }

    #[test]
    fn blank_forms_are_refused_by_field() {
        let blank = LocalizedName::original(" ");
        let e = blank.validate("place").unwrap_err();
        assert!(e.to_string().contains("place"), "{e}");
        let mut n = LocalizedName::original("Seoul");
        n.zh = Some(String::new());
        let e = n.validate("place").unwrap_err();
        assert!(e.to_string().contains("zh"), "{e}");
        let official = Official {
            name: Some(LocalizedName::original("")),
            title: LocalizedName::original("Vice Minister"),
        };
        assert!(official.validate("sending_officials").is_err());
        assert_eq!(
            Official::entered("Vice Minister Kim").to_string(),
            "Vice Minister Kim"
        );
    }

    #[test]
    fn an_official_shows_title_then_name() {
        let official = Official {
            name: Some(LocalizedName::of(
                "김철수",
                "金哲洙",
                "Kim Cheol-su",
                NameLanguage::Ko,
            )),
            title: LocalizedName::of(
                "국방부 차관",
                "国防部副部长",
                "Vice Minister",
                NameLanguage::Ko,
            ),
        };
        let zh: Vec<&str> = official
            .shown(NameLanguage::Zh)
            .iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(zh, ["国防部副部长", "金哲洙"]);
        assert_eq!(official.to_string(), "국방부 차관 김철수");
    }
}
