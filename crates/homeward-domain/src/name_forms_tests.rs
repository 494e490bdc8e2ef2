//! Tests of the name forms: readings against published ones, matching, and properties.

use proptest::prelude::*;

use super::*;

/// Where a character stands in a name: the Sino-Korean reading of a surname follows the
/// initial-sound law (李 → 이), a given-name character's does not (王李 → 왕리).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Surname,
    Given,
}

/// Common CPV surnames (simplified) and given-name characters, with their pinyin and their
/// Sino-Korean reading in that place.
const READINGS: &[(Place, &str, &str, &str)] = &[
    (Place::Surname, "王", "wang", "왕"),
    (Place::Surname, "李", "li", "이"),
    (Place::Surname, "张", "zhang", "장"),
    (Place::Surname, "刘", "liu", "유"),
    (Place::Surname, "陈", "chen", "진"),
    (Place::Surname, "杨", "yang", "양"),
    (Place::Surname, "黄", "huang", "황"),
    (Place::Surname, "赵", "zhao", "조"),
    (Place::Surname, "吴", "wu", "오"),
    (Place::Surname, "周", "zhou", "주"),
    (Place::Surname, "徐", "xu", "서"),
    (Place::Surname, "孙", "sun", "손"),
    (Place::Surname, "马", "ma", "마"),
    (Place::Surname, "朱", "zhu", "주"),
    (Place::Surname, "胡", "hu", "호"),
    (Place::Surname, "郭", "guo", "곽"),
    (Place::Surname, "高", "gao", "고"),
    (Place::Surname, "林", "lin", "임"),
    (Place::Surname, "罗", "luo", "나"),
    (Place::Surname, "郑", "zheng", "정"),
    (Place::Surname, "梁", "liang", "양"),
    (Place::Surname, "宋", "song", "송"),
    (Place::Surname, "韩", "han", "한"),
    (Place::Surname, "邓", "deng", "등"),
    (Place::Surname, "曹", "cao", "조"),
    (Place::Surname, "吕", "lü", "여"),
    (Place::Surname, "沈", "shen", "심"),
    (Place::Surname, "蒋", "jiang", "장"),
    (Place::Surname, "金", "jin", "김"),
    (Place::Surname, "曾", "zeng", "증"),
    (Place::Given, "德", "de", "덕"),
    (Place::Given, "明", "ming", "명"),
    (Place::Given, "国", "guo", "국"),
    (Place::Given, "华", "hua", "화"),
    (Place::Given, "建", "jian", "건"),
    (Place::Given, "文", "wen", "문"),
    (Place::Given, "志", "zhi", "지"),
    (Place::Given, "永", "yong", "영"),
    (Place::Given, "军", "jun", "군"),
    (Place::Given, "平", "ping", "평"),
    (Place::Given, "福", "fu", "복"),
    (Place::Given, "云", "yun", "운"),
    (Place::Given, "海", "hai", "해"),
    (Place::Given, "山", "shan", "산"),
    (Place::Given, "林", "lin", "림"),
    (Place::Given, "龙", "long", "룡"),
    (Place::Given, "来", "lai", "래"),
];

#[test]
fn surnames_and_given_names_read_as_published() {
    let of = |place| {
        READINGS
            .iter()
            .filter(move |r| r.0 == place)
            .map(|r| (r.1, r.2, r.3))
    };
    for (han, pinyin, hangul) in of(Place::Surname) {
        assert_eq!(han::pinyin_syllables(han), Some(vec![pinyin]), "{han}");
        assert_eq!(han::korean_reading(han).as_deref(), Some(hangul), "{han}");
    }
    for (han, pinyin, hangul) in of(Place::Given) {
        assert_eq!(han::pinyin_syllables(han), Some(vec![pinyin]), "{han}");
        let name = format!("王{han}");
        assert_eq!(
            han::korean_reading(&name),
            Some(format!("왕{hangul}")),
            "{han}"
        );
    }
}

#[test]
fn whole_names_read_as_published() {
    for (hanzi, hangul) in [
        ("王德明", "왕덕명"),
        ("陈德明", "진덕명"),
        ("陳德明", "진덕명"),
        ("毛泽东", "모택동"),
        ("周恩来", "주은래"),
        ("邓小平", "등소평"),
        ("蒋介石", "장개석"),
        ("金日成", "김일성"),
        ("朴正熙", "박정희"),
        ("李承晩", "이승만"),
        ("劉備", "유비"),
    ] {
        assert_eq!(
            han::korean_reading(hanzi).as_deref(),
            Some(hangul),
            "{hanzi}"
        );
    }
    assert_eq!(han::traditional("陈德明"), "陳德明");
    assert_eq!(han::simplified("陳德明"), "陈德明");
    assert_eq!(han::initial_sound_law('녀'), '여');
    assert_eq!(han::initial_sound_law('로'), '노');
}

fn cpv(hanzi: &str, pinyin: Option<&str>) -> NameForms {
    NameForms::new(NameFields {
        original: hanzi,
        hanzi: Some(hanzi),
        pinyin,
        ..NameFields::default()
    })
}

fn matched(forms: &NameForms, q: &str) -> Option<NameMatch> {
    forms.best_match(&NameQuery::new(q).unwrap())
}

#[test]
fn a_cpv_name_has_every_form_with_its_kind() {
    let forms = cpv("陈德明", Some("Chén Démíng"));
    let kinds: Vec<(FormKind, &str)> = forms
        .forms()
        .iter()
        .map(|f| (f.kind, f.text.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (FormKind::SameCharacters, "陈德明"),
            (FormKind::Pinyin, "Chén Démíng"),
            (FormKind::TraditionalForm, "陳德明"),
            (FormKind::WadeGiles, "Ch'en Te-ming"),
            (FormKind::KoreanReading, "진덕명"),
        ]
    );
}

#[test]
fn every_script_finds_the_name_with_its_reason() {
    let forms = cpv("王德明", None);
    let reason = |q: &str| matched(&forms, q).map(|m| (m.reason.code(), m.score >= 0.9));
    assert_eq!(reason("王德明"), Some(("same_characters".into(), true)));
    assert_eq!(reason("wang deming"), Some(("pinyin".into(), true)));
    assert_eq!(reason("WangDeming"), Some(("pinyin".into(), true)));
    assert_eq!(reason("Wáng Démíng"), Some(("pinyin".into(), true)));
    assert_eq!(reason("왕덕명"), Some(("korean_reading".into(), true)));
    assert_eq!(reason("Wang Te-ming"), Some(("wade_giles".into(), true)));
    assert_eq!(
        reason("王德民"),
        Some(("near_same_characters".into(), false))
    );
    assert_eq!(reason("王明"), Some(("near_same_characters".into(), false)));
    let chen = cpv("陈德明", None);
    let m = matched(&chen, "陳德明").unwrap();
    assert_eq!((m.score, m.reason.kind), (1.0, FormKind::TraditionalForm));
    let trad = cpv("陳德明", None);
    let m = matched(&trad, "陈德明").unwrap();
    assert_eq!((m.score, m.reason.kind), (1.0, FormKind::SimplifiedForm));
    // A mixed query (traditional 雲, simplified 杨) finds 杨云云 through its simplified form.
    let yang = cpv("杨云云", Some("Yáng Yúnyún"));
    assert_eq!(matched(&yang, "楊雲雲").unwrap().score, 1.0);
    assert!(matched(&yang, "yang").unwrap().score > 0.9);
}

#[test]
fn a_korean_record_is_found_by_hangul_hanja_and_romanization() {
    let forms = NameForms::new(NameFields {
        original: "김영수",
        hanzi: Some("金英洙"),
        hangul: Some("김영수"),
        rr: Some("Gim Yeong-su"),
        ..NameFields::default()
    });
    let kind = |q: &str| matched(&forms, q).unwrap().reason.kind;
    assert_eq!(kind("김영수"), FormKind::Hangul);
    assert_eq!(kind("金英洙"), FormKind::SameCharacters);
    assert_eq!(kind("gim yeongsu"), FormKind::Romanization);
    assert_eq!(kind("jin yingzhu"), FormKind::Pinyin);
    // Wade–Giles is a Chinese romanization: a Korean name has none, nor a backward pinyin key.
    assert!(!forms.forms().iter().any(|f| f.kind == FormKind::WadeGiles));
    assert!(!forms.suffix_keys().contains(&"jinyingzhu".to_owned()));
}

#[test]
fn near_keys_meet_the_keys_of_the_name() {
    let wang = cpv("王德明", None);
    let keys = wang.keys();
    // A key found by a forward scan of a near key: the near key is a prefix of it.
    let forward = |q: &str| {
        let near = NameQuery::new(q).unwrap().near_keys();
        near.iter()
            .any(|n| keys.iter().any(|k| k.starts_with(n.as_str())))
    };
    for q in ["王德民", "王明", "王小德明", "王德明明"] {
        assert!(forward(q), "{q}: {keys:?}");
    }
    // A first character different: the rest ends a suffix key.
    let suffix = wang.suffix_keys();
    let near = NameQuery::new("汪德明").unwrap().near_suffix_keys();
    assert_eq!(near, ["德明"]);
    assert!(suffix.iter().any(|s| s.ends_with("德明")));
    assert!(NameQuery::new("wangdeming").unwrap().near_keys().is_empty());
    assert_eq!(keys.iter().filter(|k| k.contains(WILDCARD)).count(), 1);
    assert!(keys.contains(&"王*明".to_owned()) && !keys.contains(&"왕*명".to_owned()));
    // Traditional characters are looked up in simplified ones.
    let chen = cpv("陳德明", None);
    assert!(chen.keys().contains(&"陈*明".to_owned()));
    assert!(!chen.keys().iter().any(|k| k.contains('陳')));
    let query = NameQuery::new("陳德民").unwrap();
    assert!(
        query
            .near_keys()
            .iter()
            .any(|k| chen.keys().iter().any(|c| c.starts_with(k.as_str())))
    );
    let korean = NameForms::new(NameFields {
        original: "김영수",
        hangul: Some("김영수"),
        ..NameFields::default()
    });
    assert!(korean.keys().contains(&"김*수".to_owned()));
    assert_eq!(cpv("陈德明", None).suffix_keys(), ["陈德明", "chendeming"]);
}

fn any_name() -> impl Strategy<Value = String> {
    let chars: Vec<char> = "王李张刘陈杨黄赵吴周德明国华建文志永强军平福云海山林"
        .chars()
        .collect();
    prop::collection::vec(prop::sample::select(chars), 2..=3).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn folding_is_idempotent(text in "\\PC{0,16}") {
        let once = fold_latin(&text);
        prop_assert_eq!(fold_latin(&once), once);
    }

    #[test]
    fn any_form_of_a_name_finds_it_fully(hanzi in any_name()) {
        let forms = cpv(&hanzi, None);
        for f in forms.forms() {
            let m = forms.best_match(&NameQuery::new(&f.text).unwrap()).unwrap();
            prop_assert_eq!(m.score, 1.0, "{}", f.text);
            prop_assert!(!m.reason.near);
        }
    }

    #[test]
    fn a_wildcard_key_never_beats_its_form(hanzi in any_name(), q in any_name()) {
        let forms = cpv(&hanzi, None);
        let query = NameQuery::new(&q).unwrap();
        let best = forms.best_match(&query).map_or(0.0, |m| m.score);
        for k in forms.keys() {
            prop_assert!(query.score(&k) <= best, "{} {}", k, best);
        }
    }
}
