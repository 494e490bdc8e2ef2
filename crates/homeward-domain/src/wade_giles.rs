//! Wade–Giles from Hanyu Pinyin, syllable by syllable: old rolls, Western archives and many
//! Korean-era documents spell Chinese names the older way (Mao Tse-tung, Chou En-lai).
//!
//! The table is written by hand from the standard correspondence of pinyin initials and finals
//! with Wade–Giles (aspiration marked with an apostrophe, `ü` kept) and is tested against
//! published readings of well-known names.

/// Pinyin initials with their Wade–Giles spelling, the two-letter ones first.
const INITIALS: &[(&str, &str)] = &[
    ("zh", "ch"),
    ("ch", "ch'"),
    ("sh", "sh"),
    ("b", "p"),
    ("p", "p'"),
    ("m", "m"),
    ("f", "f"),
    ("d", "t"),
    ("t", "t'"),
    ("n", "n"),
    ("l", "l"),
    ("g", "k"),
    ("k", "k'"),
    ("h", "h"),
    ("j", "ch"),
    ("q", "ch'"),
    ("x", "hs"),
    ("r", "j"),
    ("z", "ts"),
    ("c", "ts'"),
    ("s", "s"),
];

/// Whole syllables spelt apart from the initial + final rule.
const WHOLE: &[(&str, &str)] = &[
    ("zhi", "chih"),
    ("chi", "ch'ih"),
    ("shi", "shih"),
    ("ri", "jih"),
    ("zi", "tzu"),
    ("ci", "tz'u"),
    ("si", "ssu"),
    ("er", "erh"),
    ("e", "o"),
    ("yi", "i"),
    ("you", "yu"),
    ("yan", "yen"),
    ("ye", "yeh"),
    ("yong", "yung"),
    ("yu", "yü"),
    ("yue", "yüeh"),
    ("yuan", "yüan"),
    ("yun", "yün"),
];

/// One toneless pinyin syllable (lower case, `ü` or `v` for ü) in Wade–Giles, with apostrophes
/// and `ü`; `None` when it is not a pinyin syllable this table knows.
pub fn syllable(pinyin: &str) -> Option<String> {
    let pinyin = pinyin.trim().to_lowercase().replace('v', "ü");
    if pinyin.is_empty() || !pinyin.chars().all(|c| c.is_ascii_lowercase() || c == 'ü') {
        return None;
    }
    if let Some((_, wg)) = WHOLE.iter().find(|(p, _)| *p == pinyin) {
        return Some((*wg).to_owned());
    }
    let (initial, wg_initial) = INITIALS
        .iter()
        .find(|(i, _)| pinyin.starts_with(i) && pinyin.len() > i.len())
        .map_or(("", ""), |(i, w)| (*i, *w));
    let rest = &pinyin[initial.len()..];
    let palatal = matches!(initial, "j" | "q" | "x");
    let velar = matches!(initial, "g" | "k" | "h");
    let last = match rest {
        // After j, q and x, u is ü.
        "u" | "ue" | "uan" | "un" if palatal => match rest {
            "u" => "ü".to_owned(),
            "ue" => "üeh".to_owned(),
            "uan" => "üan".to_owned(),
            _ => "ün".to_owned(),
        },
        "e" if velar => "o".to_owned(),
        "uo" if !(velar || initial == "sh") => "o".to_owned(),
        "ui" if matches!(initial, "g" | "k") => "uei".to_owned(),
        "ong" => "ung".to_owned(),
        "iong" => "iung".to_owned(),
        "ie" => "ieh".to_owned(),
        "üe" | "ue" => "üeh".to_owned(),
        "ian" => "ien".to_owned(),
        other => other.to_owned(),
    };
    if !is_final(rest) {
        return None;
    }
    Some(format!("{wg_initial}{last}"))
}

/// The pinyin finals (after an initial, or standing alone).
fn is_final(f: &str) -> bool {
    const FINALS: &[&str] = &[
        "a", "ai", "an", "ang", "ao", "e", "ei", "en", "eng", "er", "i", "ia", "ian", "iang",
        "iao", "ie", "in", "ing", "iong", "iu", "o", "ong", "ou", "u", "ua", "uai", "uan", "uang",
        "ue", "ui", "un", "uo", "ü", "üe", "ya", "yang", "yao", "yin", "ying", "wa", "wai", "wan",
        "wang", "wei", "wen", "weng", "wo", "wu",
    ];
    FINALS.contains(&f)
}

/// A name in Wade–Giles from its pinyin syllables, surname first: "Teng Hsiao-p'ing".
pub fn name(syllables: &[&str]) -> Option<String> {
    let wg: Vec<String> = syllables
        .iter()
        .map(|s| syllable(s))
        .collect::<Option<_>>()?;
    let (surname, given) = wg.split_first()?;
    let mut out = crate::han::capitalize(surname);
    if !given.is_empty() {
        out.push(' ');
        out.push_str(&crate::han::capitalize(&given.join("-")));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Published Wade–Giles spellings of well-known names, with their pinyin.
    /// Pinyin syllables (space-separated) and the name as published in Wade–Giles.
    const PUBLISHED: &[(&str, &str)] = &[
        ("mao ze dong", "Mao Tse-tung"),
        ("zhou en lai", "Chou En-lai"),
        ("deng xiao ping", "Teng Hsiao-p'ing"),
        ("jiang jie shi", "Chiang Chieh-shih"),
        ("liu shao qi", "Liu Shao-ch'i"),
        ("lin biao", "Lin Piao"),
        ("peng de huai", "P'eng Te-huai"),
        ("zhu de", "Chu Te"),
        ("zhao zi yang", "Chao Tzu-yang"),
        ("guo mo ruo", "Kuo Mo-jo"),
        ("xu xiang qian", "Hsü Hsiang-ch'ien"),
        ("ye jian ying", "Yeh Chien-ying"),
        ("he long", "Ho Lung"),
        ("zhang xue liang", "Chang Hsüeh-liang"),
        ("song qing ling", "Sung Ch'ing-ling"),
        ("nie rong zhen", "Nieh Jung-chen"),
        ("hu yao bang", "Hu Yao-pang"),
        ("yang shang kun", "Yang Shang-k'un"),
        ("chen yi", "Ch'en I"),
        ("kong zi", "K'ung Tzu"),
        ("sun li ren", "Sun Li-jen"),
        ("wang de ming", "Wang Te-ming"),
        ("gui shui duo", "Kuei Shui-to"),
    ];

    #[test]
    fn names_read_as_published() {
        for (pinyin, published) in PUBLISHED {
            let syllables: Vec<&str> = pinyin.split(' ').collect();
            assert_eq!(name(&syllables).as_deref(), Some(*published), "{pinyin}");
        }
    }

    #[test]
    fn strange_syllables_are_refused() {
        assert_eq!(syllable("xyz"), None);
        assert_eq!(syllable(""), None);
        assert_eq!(syllable("wáng"), None);
        assert_eq!(syllable("lü").as_deref(), Some("lü"));
        assert_eq!(syllable("lv").as_deref(), Some("lü"));
    }
}
