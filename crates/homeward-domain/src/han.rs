//! Chinese characters read three ways: simplified ↔ traditional (`character_converter`, MIT),
//! Mandarin in toneless pinyin (`pinyin`, MIT, from the pinyin-data tables), and the
//! Sino-Korean reading in hangul (`hanja`, MIT, with libhangul's BSD-licensed hanja table),
//! so that 王德明, 陳德明, "wang deming" and 왕덕명 are one name.
//!
//! The hanja table maps a hangul syllable to its hanja; it is inverted once, lazily, over the
//! 11,172 hangul syllables to give each hanja its reading. A hanja with several readings takes
//! its dictionary reading (the syllable its gloss ends with: 李 "오얏 리" reads 리, not 이), the
//! most frequent first; a surname takes its surname reading where the gloss gives one (沈 "성
//! 심"), and the Korean initial-sound law (두음 법칙) applies to the first syllable only:
//! 李 리 → 이, 劉 류 → 유, 林 림 → 임, 羅 라 → 나.

use std::collections::HashMap;
use std::sync::OnceLock;

use pinyin::ToPinyin;

/// Whether `c` is a CJK ideograph (the unified blocks and their extensions, compatibility forms).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Whether `c` is a precomposed hangul syllable.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3)
}

/// The text in traditional characters (unchanged where there is nothing to convert).
pub fn traditional(text: &str) -> String {
    character_converter::simplified_to_traditional(text).into_owned()
}

/// The text in simplified characters.
pub fn simplified(text: &str) -> String {
    character_converter::traditional_to_simplified(text).into_owned()
}

/// Surnames whose Mandarin reading differs from the character's most common one.
const SURNAME_PINYIN: &[(char, &str)] = &[
    ('曾', "zeng"),
    ('单', "shan"),
    ('單', "shan"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('区', "ou"),
    ('區', "ou"),
    ('朴', "piao"),
    ('查', "zha"),
    ('盖', "ge"),
    ('蓋', "ge"),
    ('翟', "zhai"),
    ('缪', "miao"),
    ('繆', "miao"),
    ('乐', "yue"),
    ('樂', "yue"),
];

/// The toneless pinyin syllables of a name in hanzi (surname first, `ü` as `ü`); `None` when a
/// character has no reading.
pub fn pinyin_syllables(hanzi: &str) -> Option<Vec<&'static str>> {
    hanzi
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == 0
                && let Some((_, p)) = SURNAME_PINYIN.iter().find(|(s, _)| *s == c)
            {
                return Some(*p);
            }
            c.to_pinyin().map(|p| p.plain())
        })
        .collect()
}

/// A name written as its syllables: "Wang Deming" (surname, then the given name in one word).
pub fn romanized_name(syllables: &[&str]) -> Option<String> {
    let (surname, given) = syllables.split_first()?;
    let mut out = capitalize(surname);
    if !given.is_empty() {
        out.push(' ');
        out.push_str(&capitalize(&given.concat()));
    }
    Some(out)
}

/// The text with its first letter upper case (a romanized syllable or name).
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Surnames read apart from their dictionary reading.
const SURNAME_HANGUL: &[(char, char)] = &[('金', '김')];

/// A hanja's readings: as a word in a given name, and as a surname (before the initial-sound law).
#[derive(Debug, Clone, Copy)]
struct Reading {
    usual: char,
    surname: char,
}

fn readings() -> &'static HashMap<char, Reading> {
    static READINGS: OnceLock<HashMap<char, Reading>> = OnceLock::new();
    READINGS.get_or_init(|| {
        // For each hanja, its best usual and surname readings: (rank key, syllable).
        type Best = ((bool, usize, char), (bool, usize, char));
        let mut best: HashMap<char, Best> = HashMap::new();
        for code in 0xAC00..=0xD7A3u32 {
            let Some(syllable) = char::from_u32(code) else {
                continue;
            };
            let Some(entries) = hanja::get(syllable) else {
                continue;
            };
            for (rank, (han, gloss)) in entries.iter().enumerate() {
                let items = || gloss.split(',').map(str::trim);
                let proper = items().any(|i| i.ends_with(syllable));
                let surname = items().any(|i| {
                    i.ends_with(syllable) && (i.starts_with("성 ") || i.contains("의 성 "))
                });
                let usual = (!proper, rank, syllable);
                let as_surname = (!surname, rank, syllable);
                best.entry(*han)
                    .and_modify(|(u, s)| {
                        *u = (*u).min(usual);
                        *s = (*s).min(as_surname);
                    })
                    .or_insert((usual, as_surname));
            }
        }
        best.into_iter()
            .map(|(han, (usual, surname))| {
                // A surname reading must be one the gloss names as such, else the usual one.
                let surname = if surname.0 { usual.2 } else { surname.2 };
                (
                    han,
                    Reading {
                        usual: usual.2,
                        surname,
                    },
                )
            })
            .collect()
    })
}

fn reading_of(c: char) -> Option<Reading> {
    let table = readings();
    table.get(&c).copied().or_else(|| {
        let t = traditional(&c.to_string());
        t.chars().next().and_then(|t| table.get(&t).copied())
    })
}

/// The Sino-Korean reading of a name in hanzi (simplified or traditional), the first character
/// read as a surname under the initial-sound law: 王德明 → 왕덕명, 李承晩 → 이승만.
pub fn korean_reading(hanzi: &str) -> Option<String> {
    let mut out = String::new();
    for (i, c) in hanzi.chars().enumerate() {
        let r = reading_of(c)?;
        if i == 0 {
            let s = SURNAME_HANGUL
                .iter()
                .find(|(h, _)| *h == c)
                .map_or(r.surname, |(_, s)| *s);
            out.push(initial_sound_law(s));
        } else {
            out.push(r.usual);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The initial-sound law for a word's first syllable: ㄹ before i/y becomes ㅇ, elsewhere ㄴ;
/// ㄴ before i/y becomes ㅇ.
pub fn initial_sound_law(syllable: char) -> char {
    const RIEUL: u32 = 5;
    const NIEUN: u32 = 2;
    const IEUNG: u32 = 11;
    // ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ
    const I_LIKE: [u32; 7] = [2, 3, 6, 7, 12, 17, 20];
    if !is_hangul(syllable) {
        return syllable;
    }
    let index = syllable as u32 - 0xAC00;
    let (initial, medial, last) = (index / 588, (index % 588) / 28, index % 28);
    let initial = match initial {
        RIEUL if I_LIKE.contains(&medial) => IEUNG,
        RIEUL => NIEUN,
        NIEUN if I_LIKE.contains(&medial) => IEUNG,
        other => other,
    };
    char::from_u32(0xAC00 + initial * 588 + medial * 28 + last).unwrap_or(syllable)
}
