//! Every form a name can be searched by, each with its kind, and how a query matches them.
//!
//! From a person's name fields [`NameForms`] derives: the characters as given (hanzi or hangul),
//! the traditional and simplified forms of hanzi, pinyin (as given, and computed from the hanzi),
//! Wade–Giles (computed from the pinyin syllables), the Sino-Korean reading in hangul (computed
//! from the hanzi), and the Revised Romanization as given. A query ([`NameQuery`]) is folded, a
//! hanzi query also converted to traditional and simplified, and matched against every form; the
//! best form gives the score and the reason ([`MatchReason`]).
//!
//! The store indexes [`NameForms::keys`]: the folded forms, and for short CJK forms (2–4
//! characters) each form with one character replaced by [`WILDCARD`], so that a query with one
//! character different or missing ([`NameQuery::near_keys`]) is found by a lookup, not a scan
//! of every name sharing a surname. A wildcard key never scores higher than the form it came
//! from, and scores the same as it for the query it was looked up for.

use crate::han;
use crate::names::{fold_latin, name_similarity};
use crate::wade_giles;

/// Stands for any one character in the keys of near CJK matches (never in a folded query).
pub const WILDCARD: char = '*';

/// The lowest score worth showing.
pub const MIN_MATCH_SCORE: f64 = 0.5;

/// From a score this high the match is the name itself or its beginning; below, a near match.
const CLOSE: f64 = 0.9;

/// What kind of form of a name a query matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FormKind {
    /// The characters as recorded (hanzi, or hanja of a Korean record).
    SameCharacters,
    /// The traditional form of simplified hanzi (陈 → 陳).
    TraditionalForm,
    /// The simplified form of traditional hanzi (陳 → 陈).
    SimplifiedForm,
    /// The hangul as recorded.
    Hangul,
    /// Hanyu Pinyin, as recorded or read from the hanzi.
    Pinyin,
    /// A romanization as recorded (Revised Romanization, or a Latin original).
    Romanization,
    /// The Sino-Korean reading of the hanzi, in hangul (王德明 → 왕덕명).
    KoreanReading,
    /// Wade–Giles, from the pinyin (Mao Tse-tung).
    WadeGiles,
}

impl FormKind {
    /// Every kind, best first.
    pub const ALL: [FormKind; 8] = [
        FormKind::SameCharacters,
        FormKind::TraditionalForm,
        FormKind::SimplifiedForm,
        FormKind::Hangul,
        FormKind::Pinyin,
        FormKind::Romanization,
        FormKind::KoreanReading,
        FormKind::WadeGiles,
    ];

    /// Its code on the wire and in message ids (`same_characters`, `pinyin`, …).
    pub fn code(self) -> &'static str {
        match self {
            FormKind::SameCharacters => "same_characters",
            FormKind::TraditionalForm => "traditional_form",
            FormKind::SimplifiedForm => "simplified_form",
            FormKind::Hangul => "hangul",
            FormKind::Pinyin => "pinyin",
            FormKind::Romanization => "romanization",
            FormKind::KoreanReading => "korean_reading",
            FormKind::WadeGiles => "wade_giles",
        }
    }

    /// The BCP 47 tag of the script a form of this kind is written in.
    pub fn lang(self) -> &'static str {
        match self {
            FormKind::SameCharacters | FormKind::SimplifiedForm => "zh-Hans",
            FormKind::TraditionalForm => "zh-Hant",
            FormKind::Hangul | FormKind::KoreanReading => "ko",
            FormKind::Pinyin | FormKind::WadeGiles => "zh-Latn",
            FormKind::Romanization => "ko-Latn",
        }
    }
}

/// Why a name matched: the kind of form, and whether only nearly (a character or letters off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MatchReason {
    /// The kind of form matched.
    pub kind: FormKind,
    /// Only nearly: one character different or missing, or a few letters off.
    pub near: bool,
}

impl MatchReason {
    /// `pinyin`, or `near_pinyin` for a near match.
    pub fn code(self) -> String {
        if self.near {
            format!("near_{}", self.kind.code())
        } else {
            self.kind.code().to_owned()
        }
    }
}

/// How well a name matched a query, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NameMatch {
    /// Similarity in 0…1 (see [`name_similarity`]).
    pub score: f64,
    /// The form that matched best.
    pub reason: MatchReason,
}

/// One searchable form of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForm {
    /// Its kind.
    pub kind: FormKind,
    /// As shown ("Wang Te-ming", 陳德明).
    pub text: String,
    /// Folded for comparison ("wangteming").
    pub folded: String,
}

/// A name's fields as recorded.
#[derive(Debug, Clone, Copy, Default)]
pub struct NameFields<'a> {
    /// In its original script.
    pub original: &'a str,
    /// Hanzi (or hanja).
    pub hanzi: Option<&'a str>,
    /// Pinyin.
    pub pinyin: Option<&'a str>,
    /// Hangul.
    pub hangul: Option<&'a str>,
    /// Revised Romanization.
    pub rr: Option<&'a str>,
}

/// Every searchable form of one name, without two of the same folded text (the first kind wins).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameForms {
    forms: Vec<NameForm>,
    /// A Korean name: hangul recorded and no pinyin. Its hanzi (hanja) still get a pinyin
    /// reading, but no Wade–Giles (a Chinese romanization) and no backward pinyin key.
    korean: bool,
}

/// A recorded field, trimmed; `None` when blank.
fn given(field: Option<&str>) -> Option<&str> {
    field.map(str::trim).filter(|s| !s.is_empty())
}

fn script_of(text: &str) -> Option<FormKind> {
    let mut chars = text.chars().filter(|c| !c.is_whitespace());
    let first = chars.next()?;
    if han::is_han(first) {
        Some(FormKind::SameCharacters)
    } else if han::is_hangul(first) {
        Some(FormKind::Hangul)
    } else {
        Some(FormKind::Romanization)
    }
}

impl NameForms {
    /// The forms of a name from its recorded fields.
    pub fn new(fields: NameFields<'_>) -> Self {
        let mut forms = NameForms::default();
        let original = given(Some(fields.original));
        if let Some(o) = original
            && let Some(kind) = script_of(o)
        {
            forms.push(kind, o.to_owned());
        }
        let hanzi = given(fields.hanzi).or(original.filter(|o| o.chars().any(han::is_han)));
        let hangul_recorded = given(fields.hangul).is_some()
            || original.is_some_and(|o| script_of(o) == Some(FormKind::Hangul));
        forms.korean = hangul_recorded && given(fields.pinyin).is_none();
        if let Some(h) = given(fields.hanzi) {
            forms.push(FormKind::SameCharacters, h.to_owned());
        }
        if let Some(h) = given(fields.hangul) {
            forms.push(FormKind::Hangul, h.to_owned());
        }
        if let Some(p) = given(fields.pinyin) {
            forms.push(FormKind::Pinyin, p.to_owned());
        }
        if let Some(r) = given(fields.rr) {
            forms.push(FormKind::Romanization, r.to_owned());
        }
        if let Some(h) = hanzi {
            let compact: String = h.chars().filter(|c| !c.is_whitespace()).collect();
            // The Korean reading is read from the traditional characters the hanja table holds.
            let traditional = han::traditional(&compact);
            forms.push(FormKind::TraditionalForm, traditional.clone());
            forms.push(FormKind::SimplifiedForm, han::simplified(&compact));
            if let Some(syllables) = han::pinyin_syllables(&compact) {
                if let Some(p) = han::romanized_name(&syllables) {
                    forms.push(FormKind::Pinyin, p);
                }
                if !forms.korean
                    && let Some(wg) = wade_giles::name(&syllables)
                {
                    forms.push(FormKind::WadeGiles, wg);
                }
            }
            if let Some(k) = han::korean_reading(&traditional) {
                forms.push(FormKind::KoreanReading, k);
            }
        }
        forms
    }

    fn push(&mut self, kind: FormKind, text: String) {
        let folded = fold_latin(&text);
        if folded.is_empty() || self.forms.iter().any(|f| f.folded == folded) {
            return;
        }
        self.forms.push(NameForm { kind, text, folded });
    }

    /// The forms, as recorded first, then as computed.
    pub fn forms(&self) -> &[NameForm] {
        &self.forms
    }

    /// The keys a store indexes: every folded form but the traditional forms of hanzi (a query
    /// is also looked up in simplified characters, which meet the simplified form), and for the
    /// simplified hanzi and the recorded hangul of 3–4 characters the form with each inner
    /// character in turn replaced by [`WILDCARD`] (a first or last character different or
    /// missing leaves the rest a prefix or a suffix, found by range scans). The computed Korean
    /// reading has no wildcard keys, to keep the index small: it is found exactly or by its
    /// beginning or end.
    pub fn keys(&self) -> Vec<String> {
        let has_simplified = self
            .forms
            .iter()
            .any(|f| f.kind == FormKind::SimplifiedForm);
        let canonical = |f: &NameForm| match f.kind {
            FormKind::SimplifiedForm => true,
            FormKind::SameCharacters => !has_simplified || !f.folded.chars().any(han::is_han),
            FormKind::TraditionalForm => false,
            _ => true,
        };
        let mut keys: Vec<String> = Vec::new();
        for f in self.forms.iter().filter(|f| canonical(f)) {
            if !keys.contains(&f.folded) {
                keys.push(f.folded.clone());
            }
        }
        for f in self.forms.iter().filter(|f| canonical(f)) {
            let near = matches!(
                f.kind,
                FormKind::SimplifiedForm | FormKind::SameCharacters | FormKind::Hangul
            );
            let chars: Vec<char> = f.folded.chars().collect();
            if !near || !(3..=4).contains(&chars.len()) || !chars.iter().all(|c| is_cjk(*c)) {
                continue;
            }
            for i in 1..chars.len() - 1 {
                let key = with_wildcard(&chars, i);
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        keys
    }

    /// The folded forms a store also indexes backwards, for a search by the end of a name (a
    /// given name alone, or a first character different): the hanzi (in simplified characters),
    /// the hangul, the pinyin (of a Chinese name) and the romanization; not the other computed
    /// forms.
    pub fn suffix_keys(&self) -> Vec<String> {
        let has_simplified = self
            .forms
            .iter()
            .any(|f| f.kind == FormKind::SimplifiedForm);
        let mut keys: Vec<String> = Vec::new();
        for f in &self.forms {
            let recorded = match f.kind {
                FormKind::SimplifiedForm | FormKind::Hangul | FormKind::Romanization => true,
                FormKind::Pinyin => !self.korean,
                FormKind::SameCharacters => !has_simplified,
                _ => false,
            };
            if recorded && !keys.contains(&f.folded) {
                keys.push(f.folded.clone());
            }
        }
        keys
    }

    /// The best match of `query` among the forms: the higher score, then a form the query
    /// matches as typed (not only in its other script), then the better kind.
    pub fn best_match(&self, query: &NameQuery) -> Option<NameMatch> {
        let mut best: Option<(NameMatch, bool)> = None;
        for f in &self.forms {
            let score = query.score(&f.folded);
            let typed = name_similarity(query.folded(), &f.folded) == score;
            let better = match best {
                None => score > 0.0,
                Some((b, b_typed)) => {
                    score > b.score
                        || (score == b.score
                            && (typed && !b_typed || (typed == b_typed && f.kind < b.reason.kind)))
                }
            };
            if better {
                let reason = MatchReason {
                    kind: f.kind,
                    near: score < CLOSE,
                };
                best = Some((NameMatch { score, reason }, typed));
            }
        }
        best.map(|(m, _)| m)
    }
}

fn is_cjk(c: char) -> bool {
    han::is_han(c) || han::is_hangul(c)
}

fn with_wildcard(chars: &[char], i: usize) -> String {
    chars
        .iter()
        .enumerate()
        .map(|(j, c)| if j == i { WILDCARD } else { *c })
        .collect()
}

/// A search as typed by a person, folded once, with its hanzi also in traditional and
/// simplified characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameQuery {
    folded: String,
    /// The folded query first, then its other script forms (each once).
    variants: Vec<String>,
}

impl NameQuery {
    /// Folds the text; `None` when nothing searchable remains.
    pub fn new(text: &str) -> Option<Self> {
        let folded = fold_latin(text);
        if folded.is_empty() {
            return None;
        }
        let mut variants = vec![folded.clone()];
        if folded.chars().any(han::is_han) {
            for v in [han::traditional(&folded), han::simplified(&folded)] {
                if !variants.contains(&v) {
                    variants.push(v);
                }
            }
        }
        Some(NameQuery { folded, variants })
    }

    /// The folded query.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// The folded query and its traditional and simplified forms.
    pub fn variants(&self) -> &[String] {
        &self.variants
    }

    /// The best similarity of any variant of the query to one indexed key.
    pub fn score(&self, key: &str) -> f64 {
        self.variants
            .iter()
            .map(|v| name_similarity(v, key))
            .fold(0.0, f64::max)
    }

    /// The best similarity of this query to any of the folded forms.
    pub fn best_score<'a>(&self, forms: impl IntoIterator<Item = &'a str>) -> f64 {
        forms.into_iter().map(|f| self.score(f)).fold(0.0, f64::max)
    }

    /// For a CJK query, the forward keys that find names with one inner character different
    /// (3–4 characters), missing or extra: the query with an inner character replaced by
    /// [`WILDCARD`] or with one inserted between two characters (matching
    /// [`NameForms::keys`]), or with a character left out. A first character different is
    /// found by [`NameQuery::near_suffix_keys`], a last one by the prefix the query's first
    /// characters leave.
    pub fn near_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        let mut add = |k: String| {
            if !keys.contains(&k) {
                keys.push(k);
            }
        };
        for chars in self.cjk_variants() {
            let n = chars.len();
            if (3..=4).contains(&n) {
                for i in 1..n - 1 {
                    add(with_wildcard(&chars, i));
                }
            }
            if n <= 3 {
                for i in 1..n {
                    let mut k = chars.clone();
                    k.insert(i, WILDCARD);
                    add(k.into_iter().collect());
                }
            }
            if (3..=5).contains(&n) {
                for i in 0..n {
                    let mut k = chars.clone();
                    k.remove(i);
                    add(k.into_iter().collect());
                }
            }
        }
        keys
    }

    /// For a CJK query of 3–5 characters, the query without its first character: names ending
    /// so have their first character different (or one more), found by a scan of the reversed
    /// keys.
    pub fn near_suffix_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for chars in self.cjk_variants() {
            if (3..=5).contains(&chars.len()) {
                let k: String = chars[1..].iter().collect();
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        keys
    }

    /// The variants written entirely in CJK characters, each as its characters.
    fn cjk_variants(&self) -> impl Iterator<Item = Vec<char>> + '_ {
        self.variants
            .iter()
            .map(|v| v.chars().collect::<Vec<char>>())
            .filter(|c| c.len() >= 2 && c.iter().all(|c| is_cjk(*c)))
    }
}

#[cfg(test)]
#[path = "name_forms_tests.rs"]
mod tests;
