//! The gazetteer: the names of places and units in Korean, Chinese and English.
//!
//! Records keep a place or a unit as it was entered (a site's name, a county on the rolls, a
//! regiment, a cemetery), in whatever script the source wrote it. The same name stands on
//! thousands of records (a county on the rolls, a battle on every site dug there), so its
//! translations are kept once, here, keyed by what the name stands for and its text as entered;
//! a page looks each name up and shows it in the page's language, or as entered with a marked
//! fallback when the gazetteer lacks that language.

use std::collections::HashMap;

use crate::{DomainError, LocalizedName, NameLanguage};

/// Longest name the gazetteer keeps, in characters (in any of its forms).
pub const MAX_NAME_CHARS: usize = 200;

/// What a name in the gazetteer stands for: the same text may name a county and a province
/// (Jeju), and each is translated where it is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceKind {
    /// A recovery site's name.
    Site,
    /// A battle or battle area.
    Battle,
    /// A province (of a site or a hometown).
    Province,
    /// A county or city (of a site or a hometown).
    County,
    /// A military unit, as written on the rolls (army, division, regiment).
    Unit,
    /// Where someone was lost (the rolls' place of loss).
    PlaceOfLoss,
    /// A cemetery or another resting place.
    Cemetery,
    /// Another named place: a laboratory, a store, an airport where custody changes hands.
    Place,
}

impl PlaceKind {
    /// Every kind, in the order pages list them.
    pub const ALL: [PlaceKind; 8] = [
        PlaceKind::Site,
        PlaceKind::Battle,
        PlaceKind::Province,
        PlaceKind::County,
        PlaceKind::Unit,
        PlaceKind::PlaceOfLoss,
        PlaceKind::Cemetery,
        PlaceKind::Place,
    ];

    /// Its code, as stored and in the import file's `kind` column.
    pub fn code(self) -> &'static str {
        match self {
            PlaceKind::Site => "site",
            PlaceKind::Battle => "battle",
            PlaceKind::Province => "province",
            PlaceKind::County => "county",
            PlaceKind::Unit => "unit",
            PlaceKind::PlaceOfLoss => "place_of_loss",
            PlaceKind::Cemetery => "cemetery",
            PlaceKind::Place => "place",
        }
    }

    /// The kind of a code.
    pub fn from_code(code: &str) -> Result<PlaceKind, DomainError> {
        PlaceKind::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| {
                let known: Vec<&str> = PlaceKind::ALL.iter().map(|k| k.code()).collect();
                DomainError::invalid(
                    "kind",
                    format!("\"{code}\" is not one of {}", known.join(", ")),
                )
            })
    }
}

/// One name in the gazetteer: what it stands for, its text as entered (`name.original`, the
/// key records carry) and its forms in Korean, Chinese and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazetteerEntry {
    /// What it names.
    pub kind: PlaceKind,
    /// The name; `original` is the text records carry.
    pub name: LocalizedName,
}

impl GazetteerEntry {
    /// An entry for `original` (as records carry it) with its three forms.
    pub fn new(kind: PlaceKind, original: &str, ko: &str, zh: &str, en: &str) -> GazetteerEntry {
        GazetteerEntry {
            kind,
            name: LocalizedName {
                ko: Some(ko.to_owned()),
                zh: Some(zh.to_owned()),
                en: Some(en.to_owned()),
                original: original.to_owned(),
            },
        }
    }

    /// Refused when the original or a present form is blank or longer than
    /// [`MAX_NAME_CHARS`], when a form holds a control character, or when the entry gives no
    /// form at all (it would translate nothing). The refusal names the form's field:
    /// `original`, `ko`, `zh` or `en`, as the import file's columns are named.
    pub fn validate(&self) -> Result<(), DomainError> {
        let forms = std::iter::once(("original", Some(self.name.original.as_str()))).chain(
            NameLanguage::ALL
                .into_iter()
                .map(|l| (l.code(), self.name.get(l))),
        );
        for (field, text) in forms {
            let Some(text) = text else { continue };
            if text.trim().is_empty() {
                return Err(DomainError::invalid(field, "must not be blank"));
            }
            if text.chars().count() > MAX_NAME_CHARS {
                return Err(DomainError::invalid(
                    field,
                    format!("is longer than {MAX_NAME_CHARS} characters"),
                ));
            }
            if text.chars().any(char::is_control) {
                return Err(DomainError::invalid(field, "holds a control character"));
            }
        }
        if NameLanguage::ALL
            .into_iter()
            .all(|l| self.name.get(l).is_none())
        {
            return Err(DomainError::invalid(
                "ko",
                format!(
                    "\"{}\" has no Korean, Chinese or English form",
                    self.name.original
                ),
            ));
        }
        Ok(())
    }
}

/// The gazetteer as a lookup: the name of a place or unit, by what it stands for and its text
/// as records carry it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gazetteer {
    /// By kind, then by text as records carry it (so that a lookup borrows the text).
    names: HashMap<PlaceKind, HashMap<String, LocalizedName>>,
}

impl Gazetteer {
    /// A gazetteer of `entries` (a later entry for the same kind and original wins).
    pub fn new(entries: impl IntoIterator<Item = GazetteerEntry>) -> Gazetteer {
        let mut names: HashMap<PlaceKind, HashMap<String, LocalizedName>> = HashMap::new();
        for e in entries {
            names
                .entry(e.kind)
                .or_default()
                .insert(e.name.original.clone(), e.name);
        }
        Gazetteer { names }
    }

    fn entry(&self, kind: PlaceKind, text: &str) -> Option<&LocalizedName> {
        self.names.get(&kind)?.get(text)
    }

    /// The name `text` of a `kind`: its entry, or the text alone (shown as entered, marked as
    /// a fallback) when the gazetteer has none. Blank text stays blank.
    pub fn name(&self, kind: PlaceKind, text: &str) -> LocalizedName {
        self.entry(kind, text)
            .cloned()
            .unwrap_or_else(|| LocalizedName::original(text))
    }

    /// The name `text` as the first of `kinds` that has an entry for it names it (a custody
    /// entry's location may be a site, a laboratory or a cemetery), else the text alone.
    pub fn name_as_any(&self, kinds: &[PlaceKind], text: &str) -> LocalizedName {
        kinds
            .iter()
            .find_map(|k| self.entry(*k, text))
            .cloned()
            .unwrap_or_else(|| LocalizedName::original(text))
    }

    /// A location as records carry it — a named place (`Daejeon National Cemetery`), or a named
    /// place and a position within it (`MAKRI central identification laboratory, A-12`; a
    /// grave, `Shenyang Cemetery of CPV Martyrs, 2022/6/9`) — as the first of `kinds` names
    /// it: the kind, the place's name, and the position after the place's `, ` (empty when the
    /// whole text is the place). The longest named prefix wins; `None` when nothing is named.
    pub fn locate<'a>(
        &self,
        kinds: &[PlaceKind],
        text: &'a str,
    ) -> Option<(PlaceKind, &LocalizedName, &'a str)> {
        let named = |place: &str| {
            kinds
                .iter()
                .find_map(|k| self.entry(*k, place).map(|name| (*k, name)))
        };
        if let Some((kind, name)) = named(text) {
            return Some((kind, name, ""));
        }
        let mut end = text.len();
        while let Some(at) = text[..end].rfind(", ") {
            if let Some((kind, name)) = named(&text[..at]) {
                return Some((kind, name, text[at + 2..].trim()));
            }
            end = at;
        }
        None
    }

    /// Its entries, by kind and then original.
    pub fn entries(&self) -> Vec<GazetteerEntry> {
        let mut entries: Vec<GazetteerEntry> = self
            .names
            .iter()
            .flat_map(|(kind, names)| {
                names.values().map(|name| GazetteerEntry {
                    kind: *kind,
                    name: name.clone(),
                })
            })
            .collect();
        entries.sort_by(|a, b| (a.kind, &a.name.original).cmp(&(b.kind, &b.name.original)));
        entries
    }

    /// How many names it holds.
    pub fn len(&self) -> usize {
        self.names.values().map(HashMap::len).sum()
    }

    /// Whether it holds no name.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fallback;

    fn cheorwon() -> GazetteerEntry {
        GazetteerEntry::new(PlaceKind::County, "Cheorwon", "철원", "铁原", "Cheorwon")
    }

    #[test]
    fn a_location_is_a_named_place_and_a_position_within_it() {
        let lab = GazetteerEntry::new(
            PlaceKind::Place,
            "Lab, Seoul",
            "서울 감식소",
            "首尔鉴识所",
            "Seoul lab",
        );
        let g = Gazetteer::new([lab.clone(), cheorwon()]);
        let kinds = [PlaceKind::Place, PlaceKind::Site];
        let at = |text| {
            g.locate(&kinds, text)
                .map(|(k, n, rest)| (k, n.original.clone(), rest))
        };
        let found = |rest| Some((PlaceKind::Place, "Lab, Seoul".to_owned(), rest));
        assert_eq!(at("Lab, Seoul"), found(""));
        // The longest named prefix: the place's own ", " is no position.
        assert_eq!(at("Lab, Seoul, A-12"), found("A-12"));
        assert_eq!(
            at("Lab, Seoul, vault A, shelf 3"),
            found("vault A, shelf 3")
        );
        assert_eq!(at("Lab"), None);
        assert_eq!(at("Lab, Busan"), None);
        // Only the kinds asked for.
        assert_eq!(at("Cheorwon, 3"), None);
        assert_eq!(at(""), None);
    }

    #[test]
    fn every_kind_reads_back_from_its_code_and_nothing_else_does() {
        for kind in PlaceKind::ALL {
            assert_eq!(PlaceKind::from_code(kind.code()).unwrap(), kind);
        }
        let err = PlaceKind::from_code("village").unwrap_err().to_string();
        assert!(
            err.contains("\"village\"") && err.contains("place_of_loss"),
            "{err}"
        );
    }

    #[test]
    fn a_name_is_shown_in_the_page_language_or_marked_as_entered() {
        let g = Gazetteer::new([cheorwon()]);
        let name = g.name(PlaceKind::County, "Cheorwon");
        assert_eq!(name.shown(NameLanguage::Ko).text, "철원");
        assert_eq!(name.shown(NameLanguage::Zh).text, "铁原");
        // The same text of another kind is not this entry.
        let province = g.name(PlaceKind::Province, "Cheorwon");
        let shown = province.shown(NameLanguage::Ko);
        assert_eq!(shown.text, "Cheorwon");
        assert_eq!(shown.fallback, Some(Fallback::Original));
        let any = g.name_as_any(&[PlaceKind::Site, PlaceKind::County], "Cheorwon");
        assert_eq!(any.shown(NameLanguage::Ko).text, "철원");
        let none = g.name_as_any(&[PlaceKind::Site], "Cheorwon");
        assert_eq!(none, LocalizedName::original("Cheorwon"));
        let unknown = g.name(PlaceKind::County, "Paju");
        assert_eq!(unknown.shown(NameLanguage::Zh).text, "Paju");
        assert!(unknown.shown(NameLanguage::Zh).fallback.is_some());
    }

    #[test]
    fn entries_come_back_sorted_and_a_later_entry_wins() {
        let mut again = cheorwon();
        again.name.zh = Some("鐵原".into());
        let battle = GazetteerEntry::new(
            PlaceKind::Battle,
            "Baengma",
            "백마고지",
            "白马山",
            "Baengma Hill",
        );
        let g = Gazetteer::new([cheorwon(), battle.clone(), again.clone()]);
        assert_eq!(g.len(), 2);
        assert_eq!(g.entries(), vec![battle, again]);
    }

    #[test]
    fn an_entry_that_translates_nothing_or_holds_bad_text_is_refused() {
        assert!(cheorwon().validate().is_ok());
        let mut none = cheorwon();
        none.name = LocalizedName::original("Cheorwon");
        assert!(
            none.validate()
                .unwrap_err()
                .to_string()
                .contains("no Korean")
        );
        let mut blank = cheorwon();
        blank.name.original = " ".into();
        assert!(blank.validate().is_err());
        let mut long = cheorwon();
        long.name.ko = Some("가".repeat(MAX_NAME_CHARS + 1));
        let err = long.validate().unwrap_err();
        assert!(
            matches!(err, DomainError::InvalidField { field: "ko", .. }),
            "{err}"
        );
        let mut control = cheorwon();
        control.name.zh = Some("铁\u{7}原".into());
        assert!(
            control
                .validate()
                .unwrap_err()
                .to_string()
                .contains("control")
        );
    }
}
