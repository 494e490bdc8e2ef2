//! The in-memory name index answers exactly what the SQL range scans answer (same persons, same
//! scores, same order) on a generated roll, on SQLite and PostgreSQL, through bulk imports and
//! single additions; and it sees persons another process wrote.

use std::time::{Duration, Instant};

use homeward_domain::{Nationality, NewMissingPerson, PartialDate, Timestamp, fold_latin};
use homeward_store::{
    ImportBatch, MissingMatch, Registry, Rolls, SqlStore, SqliteStore, WriteContext,
};
use homeward_testkit::pg::PgSchema;

const SYSTEM: WriteContext = WriteContext {
    actor: None,
    at: Timestamp(1_700_000_000),
};

/// A deterministic generator (64-bit LCG), so every run checks the same roll.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// Surnames with their pinyin, hangul and romanization; few of them, so that a common surname
/// fills more than one range scan's 500 keys.
#[rustfmt::skip]
const SURNAMES: [(&str, &str, &str, &str); 6] = [
    ("王", "Wáng", "왕", "Wang"), ("李", "Lǐ", "이", "Yi"), ("张", "Zhāng", "장", "Jang"),
    ("刘", "Liú", "유", "Yu"), ("陈", "Chén", "진", "Jin"), ("金", "Jīn", "김", "Gim"),
];
#[rustfmt::skip]
const GIVEN: [(&str, &str, &str, &str); 10] = [
    ("德", "dé", "덕", "deok"), ("明", "míng", "명", "myeong"), ("小", "xiǎo", "소", "so"),
    ("红", "hóng", "홍", "hong"), ("伟", "wěi", "위", "wi"), ("国", "guó", "국", "guk"),
    ("华", "huá", "화", "hwa"), ("春", "chūn", "춘", "chun"), ("山", "shān", "산", "san"),
    ("文", "wén", "문", "mun"),
];

fn person(rng: &mut Lcg) -> NewMissingPerson {
    let s = SURNAMES[rng.next(SURNAMES.len())];
    let g1 = GIVEN[rng.next(GIVEN.len())];
    let two = rng.next(3) > 0;
    let g2 = GIVEN[rng.next(GIVEN.len())];
    let (mut hanzi, mut pinyin_given, mut hangul, mut rr_given) = (
        format!("{}{}", s.0, g1.0),
        g1.1.to_owned(),
        format!("{}{}", s.2, g1.2),
        g1.3.to_owned(),
    );
    if two {
        hanzi.push_str(g2.0);
        pinyin_given.push_str(g2.1);
        hangul.push_str(g2.2);
        rr_given = format!("{rr_given}-{}", g2.3);
    }
    let korean = rng.next(4) == 0;
    NewMissingPerson {
        name_original: if korean {
            hangul.clone()
        } else {
            hanzi.clone()
        },
        name_hanzi: Some(hanzi),
        name_pinyin: (!korean).then(|| format!("{} {pinyin_given}", s.1)),
        name_hangul: korean.then_some(hangul),
        name_rr: korean.then(|| format!("{} {rr_given}", s.3)),
        birth_year: Some(1920 + rng.next(15) as i32),
        hometown_province: "Sichuan".into(),
        hometown_county: "Nanchong".into(),
        unit: "60th Army".into(),
        date_of_loss: Some(PartialDate::parse("1951-05").expect("valid")),
        place_of_loss: "Gapyeong".into(),
        source_record: format!("roll {}", rng.next(1000)),
        nationality: if korean {
            Nationality::Rok
        } else {
            Nationality::Cpv
        },
        synthetic: true,
    }
}

/// Queries as people type them: whole names in each script, prefixes, given names alone, one
/// letter changed, dropped or added, and names nobody has.
fn queries(rng: &mut Lcg, roll: &[NewMissingPerson]) -> Vec<String> {
    // Two-letter prefixes gather more keys than one scan takes, of different lengths and scores:
    // a scan that took one key more or less would change their answers.
    let mut out: Vec<String> = [
        "wa", "li", "zh", "ji", "gi", "ch", "yu", "wang", "王德", "deming",
    ]
    .map(String::from)
    .to_vec();
    out.push("qqqq".to_owned());
    for i in 0..160 {
        let p = &roll[rng.next(roll.len())];
        let forms = p.name_forms();
        let form = fold_latin(forms[rng.next(forms.len())]);
        let chars: Vec<char> = form.chars().collect();
        let q = match i % 6 {
            0 => form.clone(),
            1 => chars[..(chars.len() / 2).max(2).min(chars.len())]
                .iter()
                .collect(),
            2 => chars[chars.len() / 2..].iter().collect(),
            3 => {
                let mut c = chars.clone();
                let at = rng.next(c.len());
                c[at] = 'x';
                c.into_iter().collect()
            }
            4 => {
                let mut c = chars.clone();
                c.remove(rng.next(c.len()));
                c.into_iter().collect()
            }
            _ => format!("{form}a"),
        };
        if q.chars().count() >= 2 {
            out.push(q);
        }
    }
    out
}

fn key(found: &[MissingMatch]) -> Vec<(i64, f64)> {
    found.iter().map(|m| (m.person.id.0, m.score)).collect()
}

async fn compare(store: &SqlStore, queries: &[String]) {
    for q in queries {
        for limit in [10, 200] {
            let by_index = store.search_missing(q, limit).await.unwrap();
            let by_sql = store.search_missing_by_sql(q, limit).await.unwrap();
            assert_eq!(key(&by_index), key(&by_sql), "query {q:?}, limit {limit}");
            assert_eq!(by_index, by_sql, "query {q:?}, limit {limit}");
        }
    }
}

async fn index_agrees_with_sql(store: &SqlStore) {
    let mut rng = Lcg(1953);
    let roll: Vec<NewMissingPerson> = (0..3_000).map(|_| person(&mut rng)).collect();
    // Before anything is on the rolls the index is empty, as the tables are.
    assert!(store.search_missing("wang", 10).await.unwrap().is_empty());
    let batch = ImportBatch {
        missing: roll[..2_500].to_vec(),
        ..ImportBatch::default()
    };
    store.import_batch(&batch, SYSTEM).await.unwrap();
    let qs = queries(&mut rng, &roll);
    compare(store, &qs).await;
    // Single additions between searches: each is found at once, and the answers still agree.
    for p in &roll[2_500..2_540] {
        let id = store.add_missing_person(p, SYSTEM).await.unwrap();
        let found = store.search_missing(&p.name_original, 200).await.unwrap();
        assert!(
            found.iter().any(|m| m.person.id == id),
            "{} not found at once",
            p.name_original
        );
    }
    let batch = ImportBatch {
        missing: roll[2_540..].to_vec(),
        ..ImportBatch::default()
    };
    store.import_batch(&batch, SYSTEM).await.unwrap();
    compare(store, &qs).await;
}

#[tokio::test]
async fn the_index_answers_as_the_sql_scans_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&dir.path().join("roll.db"))
        .await
        .unwrap();
    index_agrees_with_sql(&store).await;
}

/// On a multi-thread runtime, so that the pool's tasks still run while the schema's guard drops
/// after a failed assertion; the guard drops the schema then too.
#[tokio::test(flavor = "multi_thread")]
async fn the_index_answers_as_the_sql_scans_on_postgres() {
    let Some(schema) = PgSchema::from_env("name_index").await else {
        return;
    };
    let store = schema.open().await;
    index_agrees_with_sql(&store).await;
    store.close().await;
}

#[tokio::test]
async fn a_person_another_process_added_is_found_within_the_probe_interval() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roll.db");
    let server = SqliteStore::open(&path).await.unwrap();
    let importer = SqliteStore::open(&path).await.unwrap();
    let mut rng = Lcg(7);
    let first = person(&mut rng);
    server.add_missing_person(&first, SYSTEM).await.unwrap();
    assert_eq!(
        server.search_missing("Zhào Yīmàn", 10).await.unwrap().len(),
        0
    );
    let mut other = person(&mut rng);
    other.name_original = "赵一曼".into();
    other.name_hanzi = Some("赵一曼".into());
    other.name_pinyin = Some("Zhào Yīmàn".into());
    let id = importer.add_missing_person(&other, SYSTEM).await.unwrap();
    // The server's index learns of the other writer by comparing counts at most every second;
    // poll (never a fixed sleep) with a generous deadline.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = server.search_missing("Zhào Yīmàn", 10).await.unwrap();
        if found.first().map(|m| m.person.id) == Some(id) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the other process's person was never found"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        key(&server.search_missing("赵一曼", 10).await.unwrap()),
        key(&server.search_missing_by_sql("赵一曼", 10).await.unwrap())
    );
}
