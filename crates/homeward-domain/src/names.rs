//! Name matching for the rolls of the missing.
//!
//! Families and analysts search in whatever script they have: 王德明, "Wáng Démíng", "wang deming",
//! 왕덕명, "Wang Deok-myeong". Every store indexes the same *folded* forms and ranks candidates with
//! the same similarity, so SQLite and PostgreSQL answer alike.

use crate::NewMissingPerson;
use crate::name_forms::{NameFields, NameForms, WILDCARD};

/// Folds a name for comparison: lower case, pinyin tone marks and other Latin diacritics removed,
/// spaces, hyphens, apostrophes, dots and the key wildcard dropped. CJK characters pass through
/// unchanged.
pub fn fold_latin(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_whitespace() || matches!(c, '-' | '\'' | '’' | '.' | '·' | ',') || c == WILDCARD
        {
            continue;
        }
        for lower in c.to_lowercase() {
            out.push(strip_diacritic(lower).unwrap_or(lower));
        }
    }
    out
}

fn strip_diacritic(c: char) -> Option<char> {
    let base = match c {
        'ā' | 'á' | 'ǎ' | 'à' | 'â' | 'ä' => 'a',
        'ē' | 'é' | 'ě' | 'è' | 'ê' | 'ë' => 'e',
        'ī' | 'í' | 'ǐ' | 'ì' | 'î' | 'ï' => 'i',
        'ō' | 'ó' | 'ǒ' | 'ò' | 'ô' | 'ö' | 'ŏ' => 'o',
        'ū' | 'ú' | 'ǔ' | 'ù' | 'û' | 'ŭ' | 'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => 'u',
        _ => return None,
    };
    Some(base)
}

/// The folded forms under which a store also indexes a person backwards (see
/// [`NameForms::suffix_keys`]).
pub fn suffix_forms(person: &NewMissingPerson) -> Vec<String> {
    name_forms(person).suffix_keys()
}

/// Every searchable form of a person's name, with its kind.
pub fn name_forms(person: &NewMissingPerson) -> NameForms {
    NameForms::new(NameFields {
        original: &person.name_original,
        hanzi: person.name_hanzi.as_deref(),
        pinyin: person.name_pinyin.as_deref(),
        hangul: person.name_hangul.as_deref(),
        rr: person.name_rr.as_deref(),
    })
}

/// The keys under which a store indexes a person, without duplicates: the folded forms of
/// [`name_forms`] and their wildcard keys (see [`NameForms::keys`]).
pub fn search_forms(person: &NewMissingPerson) -> Vec<String> {
    name_forms(person).keys()
}

/// Similarity of two folded names in 0…1: 1 for equal names; a prefix match scores high (searching
/// "wangde" should find "wangdeming"); otherwise 1 − edit distance / longer length, so one wrong
/// letter in a ten-letter romanization still scores 0.9.
pub fn name_similarity(query: &str, form: &str) -> f64 {
    if query == form {
        return 1.0;
    }
    let q: Vec<char> = query.chars().collect();
    let f: Vec<char> = form.chars().collect();
    if q.is_empty() || f.is_empty() {
        return 0.0;
    }
    if form.starts_with(query) {
        return 0.9 + 0.09 * q.len() as f64 / f.len() as f64;
    }
    let longer = q.len().max(f.len()) as f64;
    1.0 - levenshtein(&q, &f) as f64 / longer
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NameQuery;
    use proptest::prelude::*;

    #[test]
    fn tone_marks_spaces_and_case_fold_away() {
        assert_eq!(fold_latin("Wáng Démíng"), "wangdeming");
        assert_eq!(fold_latin("Lǚ Xiǎo-hóng"), "luxiaohong");
        assert_eq!(fold_latin("Wang Deok-myeong"), "wangdeokmyeong");
        assert_eq!(fold_latin("王 德明"), "王德明");
        assert_eq!(fold_latin("왕덕명"), "왕덕명");
    }

    #[test]
    fn small_spelling_differences_still_score_high() {
        assert_eq!(name_similarity("wangdeming", "wangdeming"), 1.0);
        assert!(name_similarity("wangdemin", "wangdeming") > 0.9);
        assert!(name_similarity("wangdening", "wangdeming") >= 0.9);
        assert!(name_similarity("lixiaohong", "wangdeming") < 0.5);
        assert!(name_similarity("王德民", "王德明") > 0.6);
    }

    #[test]
    fn a_query_of_only_punctuation_is_no_query() {
        assert_eq!(NameQuery::new(" - . "), None);
        assert_eq!(NameQuery::new("Wáng").unwrap().folded(), "wang");
        assert_eq!(fold_latin("wa*ng"), "wang");
    }

    proptest! {
        #[test]
        fn similarity_is_bounded_and_reflexive(a in "\\PC{0,12}", b in "\\PC{0,12}") {
            let s = name_similarity(&a, &b);
            prop_assert!((0.0..=1.0).contains(&s));
            prop_assert_eq!(name_similarity(&a, &a), 1.0);
            let f = fold_latin(&a);
            prop_assert_eq!(fold_latin(&f), f.clone());
        }
    }
}
