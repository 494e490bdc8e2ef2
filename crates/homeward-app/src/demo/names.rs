//! Small tables of common Chinese and Korean surnames and given-name characters with their
//! romanizations, and the name generators built on them. Synthetic names only: any match with a
//! real person is chance.

use rand::Rng;
use rand::seq::IndexedRandom;

/// A Chinese character with its Hanyu Pinyin (tone-marked, lower case).
type Han = (&'static str, &'static str);

/// Common Chinese surnames.
#[rustfmt::skip]
const CN_SURNAMES: &[Han] = &[
    ("王", "wáng"), ("李", "lǐ"), ("张", "zhāng"), ("刘", "liú"), ("陈", "chén"),
    ("杨", "yáng"), ("黄", "huáng"), ("赵", "zhào"), ("吴", "wú"), ("周", "zhōu"),
    ("徐", "xú"), ("孙", "sūn"), ("马", "mǎ"), ("朱", "zhū"), ("胡", "hú"),
    ("郭", "guō"), ("何", "hé"), ("高", "gāo"), ("林", "lín"), ("罗", "luó"),
    ("郑", "zhèng"), ("梁", "liáng"), ("谢", "xiè"), ("宋", "sòng"), ("唐", "táng"),
    ("许", "xǔ"), ("韩", "hán"), ("冯", "féng"), ("邓", "dèng"), ("曹", "cáo"),
    ("彭", "péng"), ("曾", "zēng"), ("肖", "xiāo"), ("田", "tián"), ("董", "dǒng"),
    ("袁", "yuán"), ("潘", "pān"), ("于", "yú"), ("蒋", "jiǎng"), ("蔡", "cài"),
    ("杜", "dù"), ("叶", "yè"), ("程", "chéng"), ("苏", "sū"), ("魏", "wèi"),
    ("吕", "lǚ"), ("丁", "dīng"), ("任", "rén"), ("沈", "shěn"), ("姚", "yáo"),
];

/// Given-name characters common among men born in the 1920s–30s (none starts with a, o or e,
/// so no apostrophes are needed between syllables).
#[rustfmt::skip]
const CN_GIVEN: &[Han] = &[
    ("德", "dé"), ("明", "míng"), ("国", "guó"), ("华", "huá"), ("建", "jiàn"),
    ("文", "wén"), ("志", "zhì"), ("永", "yǒng"), ("强", "qiáng"), ("军", "jūn"),
    ("平", "píng"), ("福", "fú"), ("贵", "guì"), ("生", "shēng"), ("山", "shān"),
    ("海", "hǎi"), ("林", "lín"), ("金", "jīn"), ("有", "yǒu"), ("成", "chéng"),
    ("春", "chūn"), ("发", "fā"), ("庆", "qìng"), ("玉", "yù"), ("宝", "bǎo"),
    ("忠", "zhōng"), ("义", "yì"), ("胜", "shèng"), ("利", "lì"), ("荣", "róng"),
    ("长", "cháng"), ("万", "wàn"), ("保", "bǎo"), ("全", "quán"), ("兴", "xīng"),
    ("树", "shù"), ("清", "qīng"), ("学", "xué"), ("富", "fù"), ("新", "xīn"),
    ("友", "yǒu"), ("才", "cái"), ("云", "yún"), ("英", "yīng"), ("祥", "xiáng"),
    ("光", "guāng"), ("正", "zhèng"), ("家", "jiā"), ("世", "shì"), ("汉", "hàn"),
    ("顺", "shùn"), ("占", "zhàn"), ("凤", "fèng"), ("和", "hé"), ("仁", "rén"),
    ("喜", "xǐ"), ("根", "gēn"), ("章", "zhāng"), ("连", "lián"), ("元", "yuán"),
    ("先", "xiān"), ("振", "zhèn"), ("铁", "tiě"), ("立", "lì"), ("红", "hóng"),
];

/// A Korean syllable with its hanja (as commonly written in names) and Revised Romanization.
type Hangul = (&'static str, &'static str, &'static str);

/// Common Korean surnames (RR as the standard prescribes: 김 Gim, 이 I, 박 Bak).
#[rustfmt::skip]
const KR_SURNAMES: &[Hangul] = &[
    ("김", "金", "gim"), ("이", "李", "i"), ("박", "朴", "bak"), ("최", "崔", "choe"),
    ("정", "鄭", "jeong"), ("강", "姜", "gang"), ("조", "趙", "jo"), ("윤", "尹", "yun"),
    ("장", "張", "jang"), ("임", "林", "im"), ("한", "韓", "han"), ("오", "吳", "o"),
    ("서", "徐", "seo"), ("신", "申", "sin"), ("권", "權", "gwon"), ("황", "黃", "hwang"),
    ("안", "安", "an"), ("송", "宋", "song"), ("전", "全", "jeon"), ("홍", "洪", "hong"),
    ("유", "柳", "yu"), ("고", "高", "go"), ("문", "文", "mun"), ("양", "梁", "yang"),
    ("손", "孫", "son"), ("배", "裵", "bae"), ("백", "白", "baek"), ("허", "許", "heo"),
];

/// Given-name syllables.
#[rustfmt::skip]
const KR_GIVEN: &[Hangul] = &[
    ("영", "英", "yeong"), ("수", "洙", "su"), ("철", "哲", "cheol"), ("민", "敏", "min"),
    ("호", "浩", "ho"), ("석", "錫", "seok"), ("준", "俊", "jun"), ("재", "在", "jae"),
    ("성", "成", "seong"), ("동", "東", "dong"), ("진", "鎭", "jin"), ("상", "相", "sang"),
    ("현", "賢", "hyeon"), ("기", "基", "gi"), ("태", "泰", "tae"), ("병", "炳", "byeong"),
    ("종", "鍾", "jong"), ("용", "龍", "yong"), ("광", "光", "gwang"), ("명", "明", "myeong"),
    ("길", "吉", "gil"), ("춘", "春", "chun"), ("만", "萬", "man"), ("봉", "鳳", "bong"),
    ("덕", "德", "deok"), ("순", "順", "sun"), ("복", "福", "bok"), ("식", "植", "sik"),
    ("한", "漢", "han"), ("원", "元", "won"), ("규", "奎", "gyu"), ("희", "熙", "hui"),
    ("창", "昌", "chang"), ("학", "學", "hak"), ("근", "根", "geun"), ("대", "大", "dae"),
];

/// A Chinese name in hanzi and tone-marked pinyin ("Wáng Démíng").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChineseName {
    /// The name in hanzi, e.g. 王德明.
    pub hanzi: String,
    /// Hanyu Pinyin with tone marks, surname first, e.g. "Wáng Démíng".
    pub pinyin: String,
}

/// A Korean name in hangul, hanja and Revised Romanization ("Gim Yeong-su").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KoreanName {
    /// The name in hangul, e.g. 김영수.
    pub hangul: String,
    /// The name in hanja, e.g. 金英洙.
    pub hanja: String,
    /// Revised Romanization, surname first, given name hyphenated, e.g. "Gim Yeong-su".
    pub rr: String,
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A random Chinese name: a surname and one or two given-name characters.
pub fn chinese_name(rng: &mut impl Rng) -> ChineseName {
    let (sh, sp) = *CN_SURNAMES.choose(rng).expect("table is not empty");
    let count = if rng.random_bool(0.8) { 2 } else { 1 };
    let mut hanzi = sh.to_owned();
    let mut given = String::new();
    for _ in 0..count {
        let (gh, gp) = *CN_GIVEN.choose(rng).expect("table is not empty");
        hanzi.push_str(gh);
        given.push_str(gp);
    }
    ChineseName {
        hanzi,
        pinyin: format!("{} {}", capitalize(sp), capitalize(&given)),
    }
}

/// A random Korean name: a surname and (mostly) two given-name syllables.
pub fn korean_name(rng: &mut impl Rng) -> KoreanName {
    let (sh, sj, sr) = *KR_SURNAMES.choose(rng).expect("table is not empty");
    let count = if rng.random_bool(0.9) { 2 } else { 1 };
    let mut hangul = sh.to_owned();
    let mut hanja = sj.to_owned();
    let mut rr_given: Vec<&str> = Vec::new();
    for _ in 0..count {
        let (gh, gj, gr) = *KR_GIVEN.choose(rng).expect("table is not empty");
        hangul.push_str(gh);
        hanja.push_str(gj);
        rr_given.push(gr);
    }
    KoreanName {
        hangul,
        hanja,
        rr: format!("{} {}", capitalize(sr), capitalize(&rr_given.join("-"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn names_are_well_formed_and_deterministic() {
        let mut a = ChaCha8Rng::seed_from_u64(7);
        let mut b = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..200 {
            let cn = chinese_name(&mut a);
            assert_eq!(cn, chinese_name(&mut b));
            assert!((2..=3).contains(&cn.hanzi.chars().count()), "{cn:?}");
            assert!(cn.pinyin.chars().next().unwrap().is_uppercase(), "{cn:?}");
            let kr = korean_name(&mut a);
            assert_eq!(kr, korean_name(&mut b));
            assert_eq!(kr.hangul.chars().count(), kr.hanja.chars().count());
            assert!(kr.rr.contains(' '), "{kr:?}");
        }
    }

    #[test]
    fn tone_marked_pinyin_folds_to_plain_letters() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..200 {
            let folded = homeward_domain::fold_latin(&chinese_name(&mut rng).pinyin);
            assert!(folded.chars().all(|c| c.is_ascii_lowercase()), "{folded}");
        }
    }
}
