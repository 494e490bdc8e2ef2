//! The rolls of the missing: storage and the name search across scripts and romanizations.

use homeward_domain::{DomainError, MissingPersonId, Nationality};
use homeward_store::{Rolls, Store, StoreError};

use crate::Beside;
use crate::fixtures::{ctx, person, system};

pub async fn missing_person_round_trip(store: &dyn Store) {
    let p = person(
        "王德明",
        "Wáng Démíng",
        Some(("왕덕명", "Wang Deok-myeong")),
    );
    let id = store.add_missing_person(&p, ctx(None, 1)).await.unwrap();
    let stored = store.missing_person(id).await.unwrap().unwrap();
    assert_eq!((stored.id, &stored.person), (id, &p));
    assert_eq!(
        store.missing_person(MissingPersonId(9_999)).await.unwrap(),
        None
    );

    let mut sparse = person("김철수", "x", None);
    sparse.name_hanzi = None;
    sparse.name_pinyin = None;
    sparse.birth_year = None;
    sparse.date_of_loss = None;
    sparse.nationality = Nationality::Rok;
    let id = store
        .add_missing_person(&sparse, ctx(None, 2))
        .await
        .unwrap();
    assert_eq!(
        store.missing_person(id).await.unwrap().unwrap().person,
        sparse
    );

    let mut bad = person("王", "Wáng", None);
    bad.birth_year = Some(1990);
    let err = store.add_missing_person(&bad, system()).await.unwrap_err();
    assert!(matches!(err, StoreError::Domain(_)), "{err}");
}

/// The roll the searches run over; returns the id of 王德明.
async fn roll(store: &dyn Store) -> MissingPersonId {
    let mut rok = person("김철수", "", None);
    rok.name_hanzi = Some("金哲洙".into());
    rok.name_pinyin = None;
    rok.name_hangul = Some("김철수".into());
    rok.name_rr = Some("Gim Cheol-su".into());
    rok.nationality = Nationality::Rok;
    let others = [
        person("王德民", "Wáng Démín", None),
        person("李小红", "Lǐ Xiǎohóng", None),
        person("张伟", "Zhāng Wěi", None),
        person("李明", "Lǐ Míng", None),
        rok,
    ];
    for (i, p) in others.iter().enumerate() {
        store
            .add_missing_person(p, ctx(None, i as i64))
            .await
            .unwrap();
    }
    let target = person(
        "王德明",
        "Wáng Démíng",
        Some(("왕덕명", "Wang Deok-myeong")),
    );
    store
        .add_missing_person(&target, ctx(None, 9))
        .await
        .unwrap()
}

async fn best(store: &dyn Store, query: &str) -> (String, f64) {
    let found = store.search_missing(query, 10).await.unwrap();
    let first = found
        .first()
        .unwrap_or_else(|| panic!("nothing found for {query:?}"));
    for pair in found.windows(2) {
        assert!(pair[0].score >= pair[1].score, "{query:?}: not best first");
    }
    (first.person.person.name_original.clone(), first.score)
}

pub async fn search_finds_every_script_and_romanization(store: &dyn Store) {
    let id = roll(store).await;
    for query in [
        "王德明",
        "Wáng Démíng",
        "wáng démíng",
        "Wang Deming",
        "wangdeming",
        "WANGDEMING",
        "왕덕명",
        "Wang Deok-myeong",
        "wangdeokmyeong",
    ] {
        let (name, score) = best(store, query).await;
        assert_eq!((name.as_str(), score), ("王德明", 1.0), "query {query:?}");
    }
    let found = store.search_missing("王德明", 10).await.unwrap();
    assert_eq!(found[0].person.id, id);
    assert_eq!(best(store, "Gim Cheol-su").await.0, "김철수");
    assert_eq!(best(store, "金哲洙").await.0, "김철수");
}

pub async fn search_tolerates_one_letter(store: &dyn Store) {
    roll(store).await;
    for query in [
        "wangdening",
        "wangdemng",
        "wangdemingg",
        "Wáng Démíng x",
        "xangdeming",
        "lixiaohon",
    ] {
        let expected = if query.starts_with('L') || query.starts_with('l') {
            "李小红"
        } else {
            "王德明"
        };
        let (name, score) = best(store, query).await;
        assert_eq!(name, expected, "query {query:?}");
        assert!(
            (0.85..1.0).contains(&score),
            "query {query:?} scored {score}"
        );
    }
    let found = store.search_missing("wangdening", 10).await.unwrap();
    let names: Vec<_> = found
        .iter()
        .map(|m| m.person.person.name_original.as_str())
        .collect();
    assert_eq!(
        &names[..2],
        ["王德明", "王德民"],
        "the nearer name ranks first"
    );
}

pub async fn search_short_cjk_names_and_given_names(store: &dyn Store) {
    roll(store).await;
    assert_eq!(best(store, "张伟").await, ("张伟".to_owned(), 1.0));
    assert_eq!(best(store, "李明").await, ("李明".to_owned(), 1.0));
    assert_eq!(best(store, "Zhang Wei").await, ("张伟".to_owned(), 1.0));
    assert_eq!(best(store, "김철수").await, ("김철수".to_owned(), 1.0));
    // A prefix finds both 王德明 and 王德民, equally good, in a stable order.
    let found = store.search_missing("王德", 10).await.unwrap();
    let mut names: Vec<_> = found
        .iter()
        .map(|m| m.person.person.name_original.as_str())
        .collect();
    names.truncate(2);
    assert_eq!(names, ["王德民", "王德明"]);
    assert!(found[0].score > 0.9);
    // A given name alone finds the person by the end of the name.
    let found = store.search_missing("Deming", 10).await.unwrap();
    assert!(
        found
            .iter()
            .any(|m| m.person.person.name_original == "王德明")
    );
    let limited = store.search_missing("王德", 1).await.unwrap();
    assert_eq!(limited.len(), 1);
}

pub async fn search_of_one_character_is_refused_naming_q(store: &dyn Store) {
    roll(store).await;
    for short in ["王", "w", " W "] {
        let err = store.search_missing(short, 10).await.unwrap_err();
        assert!(
            matches!(
                &err,
                StoreError::Domain(DomainError::InvalidField { field: "q", .. })
            ),
            "{short:?}: {err}"
        );
    }
    assert_eq!(store.search_missing("张伟", 10).await.unwrap().len(), 1);
}

pub async fn search_of_nothing_finds_nothing(store: &dyn Store) {
    roll(store).await;
    assert!(store.search_missing("", 10).await.unwrap().is_empty());
    assert!(store.search_missing(" - . ", 10).await.unwrap().is_empty());
    assert!(
        store
            .search_missing("qqqqqqqq", 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.search_missing("Smith", 10).await.unwrap().is_empty());
}

/// The reason of the best match of `query`: its name, score and reason code.
async fn best_reason(store: &dyn Store, query: &str) -> (String, f64, String) {
    let found = store.search_missing(query, 10).await.unwrap();
    let first = found
        .first()
        .unwrap_or_else(|| panic!("nothing found for {query:?}"));
    (
        first.person.person.name_original.clone(),
        first.score,
        first.reason.code(),
    )
}

/// A CPV soldier recorded in simplified hanzi and pinyin only is found by his traditional
/// characters, his pinyin in any spacing and case, Wade–Giles and the Korean reading of his name,
/// each with its reason; one character different or missing still finds him, as a near match.
pub async fn search_finds_converted_forms_with_their_reason(store: &dyn Store) {
    let mut chen = person("陈德明", "Chén Démíng", None);
    chen.name_pinyin = None;
    let others = [
        person("李小红", "Lǐ Xiǎohóng", None),
        person("陈国华", "Chén Guóhuá", None),
    ];
    for (i, p) in others.iter().enumerate() {
        store
            .add_missing_person(p, ctx(None, i as i64))
            .await
            .unwrap();
    }
    store.add_missing_person(&chen, ctx(None, 5)).await.unwrap();
    for (query, reason) in [
        ("陈德明", "same_characters"),
        ("陳德明", "traditional_form"),
        ("chen deming", "pinyin"),
        ("CHENDEMING", "pinyin"),
        ("Ch'en Te-ming", "wade_giles"),
        ("진덕명", "korean_reading"),
    ] {
        assert_eq!(
            best_reason(store, query).await,
            ("陈德明".to_owned(), 1.0, reason.to_owned()),
            "query {query:?}"
        );
    }
    for (query, expected) in [
        ("陈德民", "near_same_characters"),
        ("陳德民", "near_traditional_form"),
        ("陈明", "near_same_characters"),
        ("陈德小明", "near_same_characters"),
    ] {
        let (name, score, reason) = best_reason(store, query).await;
        assert_eq!(
            (name.as_str(), reason.as_str()),
            ("陈德明", expected),
            "query {query:?}"
        );
        assert!((0.5..0.9).contains(&score), "{query:?} scored {score}");
    }
    let (name, _, reason) = best_reason(store, "진덕민").await;
    assert_eq!(
        (name.as_str(), reason.as_str()),
        ("陈德明", "near_korean_reading")
    );
    // Same characters rank before a converted form of the same score.
    let mut trad = person("陳德明", "Chén Démíng", None);
    trad.name_pinyin = None;
    store.add_missing_person(&trad, ctx(None, 6)).await.unwrap();
    let found = store.search_missing("陳德明", 10).await.unwrap();
    let reasons: Vec<(&str, String)> = found
        .iter()
        .take(2)
        .map(|m| (m.person.person.name_original.as_str(), m.reason.code()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("陳德明", "same_characters".to_owned()),
            ("陈德明", "traditional_form".to_owned())
        ]
    );
}

/// Keys written by an older version of the name forms (here: none at all, as if the rolls had
/// been indexed before the converted forms existed) are re-indexed when the store is opened.
pub async fn stale_name_keys_are_rewritten_on_open(store: &dyn Store, beside: &Beside) {
    let mut chen = person("陈德明", "Chén Démíng", None);
    chen.name_pinyin = None;
    store.add_missing_person(&chen, ctx(None, 1)).await.unwrap();
    beside
        .sql(
            "DELETE FROM missing_name_forms; DELETE FROM missing_name_forms_reversed; \
             UPDATE name_forms_version SET version = 1",
        )
        .await
        .unwrap();
    let reopened = beside.reopen().await;
    assert_eq!(
        best_reason(&reopened, "진덕명").await,
        ("陈德明".to_owned(), 1.0, "korean_reading".to_owned())
    );
    let version = beside
        .sql("SELECT CAST(version AS TEXT) FROM name_forms_version")
        .await
        .unwrap();
    assert_eq!(version, [Some("2".to_owned())]);
    // Both backends hold the same keys: wildcard keys forward only.
    let wildcard = beside
        .sql("SELECT CAST(COUNT(*) AS TEXT) FROM missing_name_forms_reversed WHERE form_reversed LIKE '%*%'")
        .await
        .unwrap();
    assert_eq!(wildcard, [Some("0".to_owned())]);
    let forward = beside
        .sql("SELECT form FROM missing_name_forms WHERE form LIKE '%*%' ORDER BY form")
        .await
        .unwrap();
    assert!(forward.contains(&Some("陈*明".to_owned())), "{forward:?}");
    reopened.close().await;
}

/// Keys travel to the database packed in JSON: quotes, backslashes and characters outside the
/// Basic Multilingual Plane arrive as typed, so a second process that reads the tables finds
/// the same persons.
pub async fn written_keys_are_read_back_by_another_process(store: &dyn Store, beside: &Beside) {
    let mut quoted = person("王德明", "Wáng Démíng", None);
    quoted.name_original = r#"O"Neil \ 𠀋德明"#.into();
    quoted.name_hanzi = Some("𠀋德明".into());
    quoted.name_pinyin = None;
    quoted.name_rr = Some(r#"O"Neil \ Deming"#.into());
    store
        .add_missing_person(&quoted, ctx(None, 1))
        .await
        .unwrap();
    let forms = beside
        .sql("SELECT form FROM missing_name_forms ORDER BY form")
        .await
        .unwrap();
    assert!(forms.contains(&Some("𠀋德明".to_owned())), "{forms:?}");
    let reopened = beside.reopen().await;
    let found = reopened.search_missing("𠀋德明", 5).await.unwrap();
    assert_eq!(found[0].person.person.name_original, quoted.name_original);
    let by_romanization = reopened
        .search_missing(r#"o"neil \ deming"#, 5)
        .await
        .unwrap();
    assert_eq!(
        by_romanization[0].person.person.name_original,
        quoted.name_original
    );
    reopened.close().await;
}
