//! The oracle of the "nothing left untranslated" check: given the texts a page shows in Korean
//! or Chinese and the message files, it names every text that has a translation and is shown
//! untranslated — an English message shown as it is (a message with placeables, such as the
//! system's texts, by its own words in order; a message the language lacks is shown in English),
//! a raw code (`jointly_verified`, `session.create`, `cpv`, a skeletal element in a list) that
//! the message files name, or a Unix time.
//!
//! It reads only what a visitor reads: the browser test hands it the page's text nodes (not
//! attributes, not `<code>` elements, which hold accession numbers and hashes on purpose).

use std::collections::{BTreeMap, BTreeSet};

/// One language's messages: id → value (placeables kept as written, e.g. `{ $path }`).
pub type Catalog = BTreeMap<String, String>;

/// The message ids whose suffix after the prefix is a code the system stores or sends, so that
/// a page showing the bare code shows something that has a translation.
const CODE_PREFIXES: &[&str] = &[
    "status-",
    "batch-state-",
    "custody-kind-",
    "category-",
    "disposition-",
    "context-",
    "sex-",
    "role-",
    "permission-",
    "audit-action-",
    "audit-entity-",
    "token-state-",
    "nat-",
    "element-",
    "relative-",
];

/// Parses a Fluent file as the web crate writes them: `id = value` lines (a value may go on over
/// indented lines), `#` comments and blank lines; terms (`-id`) are skipped.
pub fn parse_catalog(text: &str) -> Catalog {
    let mut catalog = Catalog::new();
    let mut last: Option<String> = None;
    for line in text.lines() {
        if line.starts_with([' ', '\t']) && !line.trim().is_empty() {
            if let Some(value) = last.as_ref().and_then(|id| catalog.get_mut(id)) {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        last = None;
        let Some((id, value)) = line.split_once(" = ") else {
            continue;
        };
        let id = id.trim();
        let is_id = id.starts_with(|c: char| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if is_id {
            catalog.insert(id.to_owned(), value.trim().to_owned());
            last = Some(id.to_owned());
        }
    }
    catalog
}

/// A text a page shows that has a translation, and why it is one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Untranslated {
    /// The English value of message `id`, shown as it is.
    English {
        /// The message.
        id: String,
        /// The text shown.
        text: String,
    },
    /// A code the message files name (`id` is the message that names it).
    Code {
        /// The message naming the code.
        id: String,
        /// The text shown.
        text: String,
    },
    /// A place or unit that the gazetteer names in the page's language, shown as records
    /// carry it (or in English).
    Name {
        /// What it names and its text as records carry it, e.g. `county Cheorwon`.
        what: String,
        /// The text shown.
        text: String,
    },
    /// A number that reads as a Unix time (seconds since 1970, 2001–2286).
    UnixTime {
        /// The text shown.
        text: String,
    },
}

/// What the oracle knows: the English messages that a language translates, and the codes.
#[derive(Debug)]
pub struct Oracle {
    english: BTreeMap<String, String>,
    /// English messages with placeables (`{ $batch } joins batch { $batch }`): their wordy
    /// literal parts, in order, and the message id.
    patterns: Vec<(Vec<String>, String)>,
    codes: BTreeMap<String, String>,
    names: BTreeMap<String, String>,
}

/// The literal parts of a message with placeables that name it: those with three or more
/// letters, if they have eight or more together; `None` for a message with a selector (its
/// variants cannot be read as one sentence) or too few words of its own.
fn literal_parts(en: &str) -> Option<Vec<String>> {
    if en.contains("->") {
        return None;
    }
    let letters = |s: &str| s.chars().filter(|c| c.is_alphabetic()).count();
    let parts: Vec<String> = en
        .split('{')
        .map(|part| part.rsplit_once('}').map_or(part, |(_, literal)| literal))
        .map(str::trim)
        .filter(|part| letters(part) >= 3)
        .map(str::to_owned)
        .collect();
    (parts.iter().map(|p| letters(p)).sum::<usize>() >= 8).then_some(parts)
}

/// Whether `text` holds every one of `parts`, in order.
fn holds_in_order(text: &str, parts: &[String]) -> bool {
    let mut rest = text;
    parts.iter().all(|part| match rest.find(part.as_str()) {
        Some(at) => {
            rest = &rest[at + part.len()..];
            true
        }
        None => false,
    })
}

impl Oracle {
    /// The oracle for pages in the language of `translated`, given the English catalog.
    pub fn new(english: &Catalog, translated: &Catalog) -> Self {
        let mut by_text = BTreeMap::new();
        let mut patterns = Vec::new();
        for (id, en) in english {
            // A message the language lacks is shown in English (the fallback).
            if translated.get(id) == Some(en) {
                continue;
            }
            // Only a wordy message that the language writes differently is evidence: "OK", "API"
            // or a name stays the same. A value with placeables is matched by its own words.
            let wordy = en.chars().filter(|c| c.is_alphabetic()).count() >= 4;
            if !en.contains('{') {
                if wordy {
                    by_text.insert(en.clone(), id.clone());
                }
            } else if let Some(parts) = literal_parts(en) {
                patterns.push((parts, id.clone()));
            }
        }
        let mut codes = BTreeMap::new();
        for id in english.keys() {
            for prefix in CODE_PREFIXES {
                if let Some(code) = id.strip_prefix(prefix) {
                    let code = match *prefix {
                        "audit-action-" => code.replacen('-', ".", 1),
                        // An element is recorded as words (`left femur`), its id joins them.
                        "element-" => code.replace('_', " "),
                        _ => code.to_owned(),
                    };
                    codes.insert(code, id.clone());
                }
            }
        }
        Oracle {
            english: by_text,
            patterns,
            codes,
            names: BTreeMap::new(),
        }
    }

    /// The oracle that also knows the gazetteer's names: `(text, what)` pairs, each a text that
    /// a page in this language must not show whole (a name's original or English form, where
    /// the gazetteer has this language's own form), and what it names.
    pub fn with_names(mut self, names: impl IntoIterator<Item = (String, String)>) -> Self {
        self.names.extend(names);
        self
    }

    /// Every untranslated text among `texts` (the page's text nodes), each named once.
    pub fn check<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<Untranslated> {
        let mut found = BTreeSet::new();
        for raw in texts {
            let text = raw.trim();
            if text.is_empty() {
                continue;
            }
            if let Some(what) = self.names.get(text) {
                found.insert(Untranslated::Name {
                    what: what.clone(),
                    text: text.to_owned(),
                });
            }
            if let Some(id) = self.english.get(text) {
                found.insert(Untranslated::English {
                    id: id.clone(),
                    text: text.to_owned(),
                });
            }
            for (parts, id) in &self.patterns {
                if holds_in_order(text, parts) {
                    found.insert(Untranslated::English {
                        id: id.clone(),
                        text: text.to_owned(),
                    });
                }
            }
            // A list's item (`cranium, left femur`) that is a code, e.g. a skeletal element.
            for item in text.split([',', '、', ';']).map(str::trim) {
                if item != text
                    && let Some(id) = self.codes.get(item)
                {
                    found.insert(Untranslated::Code {
                        id: id.clone(),
                        text: text.to_owned(),
                    });
                }
            }
            for word in words(text) {
                // A bare code is a whole text; inside a sentence only a code that cannot be an
                // ordinary word (it has `_` or `.`) counts.
                let distinctive = word.contains(['_', '.']);
                if (word == text || distinctive)
                    && let Some(id) = self.codes.get(word)
                {
                    found.insert(Untranslated::Code {
                        id: id.clone(),
                        text: text.to_owned(),
                    });
                }
                if is_unix_time(word) {
                    found.insert(Untranslated::UnixTime {
                        text: text.to_owned(),
                    });
                }
            }
        }
        found.into_iter().collect()
    }
}

/// The words of a text: runs of letters, digits, `_`, `.` and `:` (so `un:US` and
/// `session.create` stay whole), with a sentence's final dot dropped.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '.' | ':')))
        .map(|w| w.trim_end_matches(['.', ':']))
        .filter(|w| !w.is_empty())
}

fn is_unix_time(word: &str) -> bool {
    word.len() == 10
        && word.bytes().all(|b| b.is_ascii_digit())
        && (1_000_000_000..=9_999_999_999).contains(&word.parse::<u64>().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "## Statuses\nstatus-jointly_verified = Jointly verified\n\
        status-buried = Buried\naudit-action-session-create = Logged in\n\
        nav-dashboard = Dashboard\nbrand = Homeward\nerror-not-found = Nothing at { $path }.\n\
        long = A first line\n    and its second\n-term = not a message\nnat-cpv = CPV\n\
        element-left_femur = left femur\nelement-cranium = cranium\n\
        sys-joins-batch = { $accession } joins batch { $batch }\nsys-note-imported = Imported\n";
    const KO: &str = "status-jointly_verified = 공동 감식 완료\nstatus-buried = 안장\n\
        audit-action-session-create = 로그인\nnav-dashboard = 현황\nbrand = Homeward\n\
        error-not-found = { $path }에는 없습니다.\nlong = 첫 줄\n    둘째 줄\nnat-cpv = 중국인민지원군\n\
        element-left_femur = 왼쪽 대퇴골\nelement-cranium = 두개골\n\
        sys-joins-batch = { $accession }, 송환 차수 { $batch }에 편입\n";

    fn oracle() -> Oracle {
        Oracle::new(&parse_catalog(EN), &parse_catalog(KO))
    }

    #[test]
    fn a_catalog_reads_ids_values_and_continued_lines() {
        let en = parse_catalog(EN);
        assert_eq!(en["long"], "A first line and its second");
        assert_eq!(en["error-not-found"], "Nothing at { $path }.");
        assert!(!en.contains_key("-term") && !en.contains_key("## Statuses"));
        assert_eq!(en.len(), 12);
    }

    #[test]
    fn english_messages_codes_and_unix_times_are_found() {
        let found = oracle().check([
            "Dashboard",
            "  Jointly verified ",
            "KR-CN-9: jointly_verified",
            "session.create",
            "the session ends at 1796710749",
            "buried",
            "두개골, left femur",
            "HW-1 joins batch KR-CN-9; 2022년 9월 13일 양측 합의",
            "Imported",
        ]);
        let kinds: Vec<String> = found
            .iter()
            .map(|u| match u {
                Untranslated::English { id, .. } => format!("en {id}"),
                Untranslated::Code { id, text } => format!("code {id} in {text}"),
                Untranslated::UnixTime { text } => format!("time in {text}"),
                Untranslated::Name { what, text } => format!("name {what} as {text}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "en nav-dashboard",
                "en status-jointly_verified",
                "en sys-joins-batch",
                "en sys-note-imported",
                "code audit-action-session-create in session.create",
                "code element-left_femur in 두개골, left femur",
                "code status-buried in buried",
                "code status-jointly_verified in KR-CN-9: jointly_verified",
                "time in the session ends at 1796710749",
            ]
        );
    }

    #[test]
    fn a_place_named_in_the_language_is_found_only_when_shown_whole_untranslated() {
        let names = [("Cheorwon County".to_owned(), "county Cheorwon".to_owned())];
        let o = oracle().with_names(names);
        assert_eq!(
            o.check(["철원군", "Cheorwon County", "Cheorwon County (en)"]),
            [Untranslated::Name {
                what: "county Cheorwon".into(),
                text: "Cheorwon County".into()
            }]
        );
    }

    #[test]
    fn translated_texts_data_and_ordinary_words_pass() {
        let found = oracle().check([
            "현황",
            "공동 감식 완료",
            "Homeward",
            "王德明",
            "HW-R9-001",
            "2022년 9월 17일 10:00:00 UTC",
            "they were buried together",
            "CPV",
            "L-2021-000123",
            "casket 12345",
            "두개골, 왼쪽 대퇴골",
            "HW-1, 송환 차수 KR-CN-9에 편입",
            "",
        ]);
        assert_eq!(found, [], "{found:?}");
    }
}
