//! Measures the store's bulk import (rows/s) and name search (p50/p99 latency) over a synthetic
//! roll of the missing, on SQLite by default or on PostgreSQL when given a `postgres://` URL.
//!
//! `cargo run --release -p homeward-store --example store_bench -- [PERSONS] [postgres://…]`

use std::time::Instant;

use homeward_domain::{Nationality, NewMissingPerson, Timestamp};
use homeward_store::{ImportBatch, PgStore, SqliteStore, Store, WriteContext};

const SURNAMES: &[(&str, &str)] = &[
    ("王", "Wáng"),
    ("李", "Lǐ"),
    ("张", "Zhāng"),
    ("刘", "Liú"),
    ("陈", "Chén"),
    ("杨", "Yáng"),
    ("黄", "Huáng"),
    ("赵", "Zhào"),
    ("吴", "Wú"),
    ("周", "Zhōu"),
    ("徐", "Xú"),
    ("孙", "Sūn"),
    ("马", "Mǎ"),
    ("朱", "Zhū"),
    ("胡", "Hú"),
    ("郭", "Guō"),
    ("何", "Hé"),
    ("高", "Gāo"),
    ("林", "Lín"),
    ("罗", "Luó"),
];
const GIVEN: &[(&str, &str)] = &[
    ("德", "dé"),
    ("明", "míng"),
    ("伟", "wěi"),
    ("小", "xiǎo"),
    ("红", "hóng"),
    ("国", "guó"),
    ("华", "huá"),
    ("建", "jiàn"),
    ("军", "jūn"),
    ("文", "wén"),
    ("志", "zhì"),
    ("强", "qiáng"),
    ("永", "yǒng"),
    ("春", "chūn"),
    ("海", "hǎi"),
    ("平", "píng"),
    ("福", "fú"),
    ("贵", "guì"),
    ("发", "fā"),
    ("成", "chéng"),
    ("金", "jīn"),
    ("山", "shān"),
    ("玉", "yù"),
    ("生", "shēng"),
    ("清", "qīng"),
    ("兴", "xīng"),
    ("长", "cháng"),
    ("友", "yǒu"),
    ("忠", "zhōng"),
    ("树", "shù"),
];
const KO_SURNAMES: &[(&str, &str)] = &[
    ("김", "Gim"),
    ("이", "I"),
    ("박", "Bak"),
    ("최", "Choe"),
    ("정", "Jeong"),
];
const KO_GIVEN: &[(&str, &str)] = &[
    ("철", "cheol"),
    ("수", "su"),
    ("영", "yeong"),
    ("민", "min"),
    ("호", "ho"),
    ("준", "jun"),
    ("성", "seong"),
    ("현", "hyeon"),
    ("진", "jin"),
    ("우", "u"),
    ("동", "dong"),
    ("석", "seok"),
];

/// A small deterministic generator (xorshift64*), so every run measures the same roll.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

fn person(rng: &mut Rng, i: usize) -> NewMissingPerson {
    let base = NewMissingPerson {
        name_original: String::new(),
        name_hanzi: None,
        name_pinyin: None,
        name_hangul: None,
        name_rr: None,
        birth_year: Some(1920 + (i % 15) as i32),
        hometown_province: "Sichuan".into(),
        hometown_county: "Nanchong".into(),
        unit: "60th Army, 180th Division".into(),
        date_of_loss: None,
        place_of_loss: "Gapyeong".into(),
        source_record: format!("roll {}, p. {}", i / 500, i % 500),
        nationality: Nationality::Cpv,
        synthetic: true,
    };
    if i % 5 == 4 {
        let (sh, sr) = KO_SURNAMES[rng.below(KO_SURNAMES.len())];
        let (g1h, g1r) = KO_GIVEN[rng.below(KO_GIVEN.len())];
        let (g2h, g2r) = KO_GIVEN[rng.below(KO_GIVEN.len())];
        let hangul = format!("{sh}{g1h}{g2h}");
        NewMissingPerson {
            name_original: hangul.clone(),
            name_hangul: Some(hangul),
            name_rr: Some(format!("{sr} {g1r}-{g2r}")),
            nationality: Nationality::Rok,
            ..base
        }
    } else {
        let (sh, sp) = SURNAMES[rng.below(SURNAMES.len())];
        let (g1h, g1p) = GIVEN[rng.below(GIVEN.len())];
        let (hanzi, pinyin) = if i.is_multiple_of(7) {
            (format!("{sh}{g1h}"), format!("{sp} {}", capitalised(g1p)))
        } else {
            let (g2h, g2p) = GIVEN[rng.below(GIVEN.len())];
            (
                format!("{sh}{g1h}{g2h}"),
                format!("{sp} {}{g2p}", capitalised(g1p)),
            )
        };
        NewMissingPerson {
            name_original: hanzi.clone(),
            name_hanzi: Some(hanzi),
            name_pinyin: Some(pinyin),
            ..base
        }
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A query for `p` in one of the ways people type names, sometimes with one letter wrong.
fn query(rng: &mut Rng, p: &NewMissingPerson) -> String {
    let forms = p.name_forms();
    let form = forms[rng.below(forms.len())];
    match rng.below(4) {
        0 => homeward_domain::fold_latin(form),
        1 if form.is_ascii() && form.len() > 5 => {
            let mut chars: Vec<char> = homeward_domain::fold_latin(form).chars().collect();
            let at = 1 + rng.below(chars.len() - 2);
            chars[at] = if chars[at] == 'x' { 'q' } else { 'x' };
            chars.into_iter().collect()
        }
        _ => form.to_owned(),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .get(1)
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(200_000);
    let dir = tempfile::tempdir()?;
    let store: Box<dyn Store> = match args.get(2) {
        Some(url) => Box::new(PgStore::open_in_schema(url, "hw_bench").await?),
        None => Box::new(SqliteStore::open(&dir.path().join("bench.db")).await?),
    };
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let persons: Vec<_> = (0..n).map(|i| person(&mut rng, i)).collect();
    let ctx = WriteContext {
        actor: None,
        at: Timestamp(0),
    };
    let batch = ImportBatch {
        missing: persons.clone(),
        ..Default::default()
    };
    let started = Instant::now();
    store.import_batch(&batch, ctx).await?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "import: {n} persons in {secs:.2} s = {:.0} rows/s",
        n as f64 / secs
    );

    let mut latencies = Vec::new();
    let mut found_first = 0;
    let searches: usize = std::env::var("SEARCHES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000);
    for _ in 0..searches {
        let p = &persons[rng.below(n)];
        let q = query(&mut rng, p);
        let t = Instant::now();
        let hits = store.search_missing(&q, 20).await?;
        latencies.push(t.elapsed().as_secs_f64() * 1e3);
        if hits
            .iter()
            .any(|h| h.person.person.name_forms() == p.name_forms())
        {
            found_first += 1;
        }
    }
    if latencies.is_empty() {
        return Ok(());
    }
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "search: {} queries, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; the person's name among the hits in {} ({:.1}%)",
        latencies.len(),
        pct(0.50),
        pct(0.99),
        latencies[latencies.len() - 1],
        found_first,
        100.0 * found_first as f64 / latencies.len() as f64
    );
    if let Some(url) = args.get(2) {
        PgStore::open_in_schema(url, "hw_bench")
            .await?
            .drop_schema("hw_bench")
            .await?;
    }
    Ok(())
}
