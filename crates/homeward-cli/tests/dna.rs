//! DNA in the registry end to end on the command line (issue 12's first "Done when"), on a
//! seeded synthetic scenario given as the three files of `homeward kinship screen`: 30 remains
//! (20 of them families' missing persons, some partial, one with a dropped allele) and 60
//! families of six pedigree shapes (sons, a brother, parents, a nephew, a grandson, a son and a
//! daughter; some references partially typed). After `homeward import remains`, the files import
//! as they are; `homeward match` stores exactly the pairs with LR ≥ X (the best K per remains),
//! each LR equal to `homeward kinship lr` on the pair to 1e-9 relative — computed here
//! independently, for every pair, with the engine's CASE.json evaluation — and `homeward
//! candidates export` lists them, on SQLite and (with HOMEWARD_TEST_PG) PostgreSQL. Refused
//! imports name file, line and field and write nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Output;

use homeward_kinship::simulate::{Truth, simulate_cases};
use homeward_kinship::{bench, evaluate_case_json};
use homeward_testkit::cli::{command, homeward as run};
use homeward_testkit::pg::PgSchema;
use serde_json::{Value, json};

const BIN: &str = env!("CARGO_BIN_EXE_homeward");
const MARKERS: usize = 15;
const FAMILIES: usize = 60;
const REMAINS: usize = 30;
/// Remains `HW-D-000r` for r < this are family `FAM-00r`'s missing person.
const TRUE_PAIRS: usize = 20;

fn homeward(db: &str, args: &[&str]) -> Output {
    run(BIN, db, args)
}

fn ok(o: Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "exit {:?}: {err}", o.status);
    String::from_utf8(o.stdout).unwrap()
}

/// The refusal's one line on stderr, after checking the exit status is 2.
fn refused(o: Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{err}");
    err
}

/// A pedigree shape: its people (id, sex, father, mother) and its typed references; the missing
/// person is `MP`.
type Shape = (
    &'static [(&'static str, &'static str, &'static str, &'static str)],
    &'static [&'static str],
);

const SHAPES: [Shape; 6] = [
    // A son.
    (
        &[
            ("MP", "M", "", ""),
            ("W", "F", "", ""),
            ("S", "M", "MP", "W"),
        ],
        &["S"],
    ),
    // A brother.
    (
        &[
            ("F", "M", "", ""),
            ("M", "F", "", ""),
            ("MP", "M", "F", "M"),
            ("B", "M", "F", "M"),
        ],
        &["B"],
    ),
    // Both parents.
    (
        &[
            ("F", "M", "", ""),
            ("M", "F", "", ""),
            ("MP", "M", "F", "M"),
        ],
        &["F", "M"],
    ),
    // A nephew (the brother's son).
    (
        &[
            ("GF", "M", "", ""),
            ("GM", "F", "", ""),
            ("MP", "M", "GF", "GM"),
            ("B", "M", "GF", "GM"),
            ("BW", "F", "", ""),
            ("N", "M", "B", "BW"),
        ],
        &["N"],
    ),
    // A grandson.
    (
        &[
            ("MP", "M", "", ""),
            ("W", "F", "", ""),
            ("S", "M", "MP", "W"),
            ("SW", "F", "", ""),
            ("G", "M", "S", "SW"),
        ],
        &["G"],
    ),
    // A son and a daughter.
    (
        &[
            ("MP", "M", "", ""),
            ("W", "F", "", ""),
            ("S", "M", "MP", "W"),
            ("D", "F", "MP", "W"),
        ],
        &["S", "D"],
    ),
];

fn pedigree(shape: &Shape) -> Value {
    let people: Vec<Value> = shape
        .0
        .iter()
        .map(|&(id, sex, father, mother)| {
            let mut p = json!({"id": id, "sex": sex});
            if !father.is_empty() {
                p["father"] = json!(father);
                p["mother"] = json!(mother);
            }
            p
        })
        .collect();
    Value::Array(people)
}

/// The scenario: the frequency file, the families (as elements of the families JSON) and
/// the remains' profiles (`{marker: [a, b|null]}`), all seeded.
struct Scenario {
    frequencies: Value,
    families: Vec<Value>,
    remains: Vec<(String, Value)>,
}

fn simulated(frequencies: &Value, shape: &Shape, seed: u64, truth: Truth) -> Value {
    let references: serde_json::Map<String, Value> = shape
        .1
        .iter()
        .map(|r| ((*r).to_owned(), json!({})))
        .collect();
    let case = json!({
        "frequencies": frequencies["markers"],
        "pedigree": pedigree(shape),
        "missing": "MP",
        "references": references,
    });
    let cases = simulate_cases(&case.to_string(), seed, 1, truth).unwrap();
    serde_json::from_str(&cases[0]).unwrap()
}

fn scenario() -> Scenario {
    let table = bench::synthetic_table(MARKERS, 12);
    let mut markers = serde_json::Map::new();
    for m in table.markers() {
        let alleles: serde_json::Map<String, Value> = m
            .names()
            .iter()
            .zip(m.freqs())
            .map(|(a, f)| (a.clone(), json!(f)))
            .collect();
        markers.insert(m.marker().to_owned(), Value::Object(alleles));
    }
    let frequencies = json!({ "markers": markers });
    let mut families = Vec::new();
    let mut missing_persons = Vec::new();
    for f in 0..FAMILIES {
        let shape = &SHAPES[f % SHAPES.len()];
        let case = simulated(&frequencies, shape, 100 + f as u64, Truth::MissingPerson);
        let mut references = case["references"].clone();
        if f % 7 == 3 {
            // A reference typed at the first eight markers only.
            let first = shape.1[0];
            let typed = references[first].as_object_mut().unwrap();
            let keep: Vec<String> = typed.keys().take(8).cloned().collect();
            typed.retain(|k, _| keep.contains(k));
        }
        let mut family = json!({
            "id": format!("FAM-{f:03}"),
            "pedigree": pedigree(shape),
            "missing": "MP",
            "references": references,
        });
        if f % 5 == 0 {
            family["claimed"] = json!({"names": format!("王{f}"), "unit": "60th Army"});
        }
        families.push(family);
        missing_persons.push(case["remains"].clone());
    }
    let mut remains = Vec::new();
    for r in 0..REMAINS {
        let mut profile = if r < TRUE_PAIRS {
            missing_persons[r].clone()
        } else {
            let shape = &SHAPES[r % SHAPES.len()];
            simulated(&frequencies, shape, 900 + r as u64, Truth::Unrelated)["remains"].clone()
        };
        let calls = profile.as_object_mut().unwrap();
        if r % 4 == 0 {
            // Partial: five markers failed.
            let keep: Vec<String> = calls.keys().take(MARKERS - 5).cloned().collect();
            calls.retain(|k, _| keep.contains(k));
        }
        if r % 5 == 1 {
            // A dropped allele.
            let first = calls.keys().next().unwrap().clone();
            calls[&first][1] = Value::Null;
        }
        remains.push((format!("HW-D-{r:04}"), profile));
    }
    Scenario {
        frequencies,
        families,
        remains,
    }
}

/// CASE.json of remains `r` against family `f`: what `homeward kinship lr` reads.
fn case_of(s: &Scenario, r: usize, f: usize) -> String {
    let family = &s.families[f];
    json!({
        "frequencies": s.frequencies["markers"],
        "pedigree": family["pedigree"],
        "missing": family["missing"],
        "references": family["references"],
        "remains": s.remains[r].1,
    })
    .to_string()
}

/// Every pair's LR, by the engine's CASE.json evaluation: `(remains, family) → LR`.
fn all_lrs(s: &Scenario) -> BTreeMap<(String, String), f64> {
    let mut out = BTreeMap::new();
    for r in 0..REMAINS {
        for f in 0..FAMILIES {
            let lr = evaluate_case_json(&case_of(s, r, f)).unwrap().lr().value();
            let family = s.families[f]["id"].as_str().unwrap().to_owned();
            out.insert((s.remains[r].0.clone(), family), lr);
        }
    }
    out
}

/// The pairs with LR ≥ `min_lr`, the best `top` per remains.
fn expected(
    lrs: &BTreeMap<(String, String), f64>,
    min_lr: f64,
    top: usize,
) -> BTreeSet<(String, String)> {
    let mut by_remains: BTreeMap<&str, Vec<(f64, &str)>> = BTreeMap::new();
    for ((r, f), &lr) in lrs {
        if lr >= min_lr {
            by_remains.entry(r).or_default().push((lr, f));
        }
    }
    let mut out = BTreeSet::new();
    for (r, mut found) in by_remains {
        found.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, f) in found.into_iter().take(top) {
            out.insert((r.to_owned(), f.to_owned()));
        }
    }
    out
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

fn remains_csv(s: &Scenario, extra: &str) -> String {
    let mut out = String::from("sample,marker,allele1,allele2\n");
    for (accession, calls) in &s.remains {
        for (marker, pair) in calls.as_object().unwrap() {
            let cell = |v: &Value| v.as_str().unwrap_or("").to_owned();
            out.push_str(&format!(
                "{accession},{marker},{},{}\n",
                cell(&pair[0]),
                cell(&pair[1])
            ));
        }
    }
    out.push_str(extra);
    out
}

/// The exported CSV as `(remains, family) → (lr, run)`, after checking its header.
fn exported(csv: &str) -> BTreeMap<(String, String), (f64, String)> {
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("remains,family,rank,lr,autosomal_lr,y_lr,mt_lr,markers_compared,run,frequencies")
    );
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            let lr: f64 = cells[3].parse().unwrap();
            assert_eq!(cells[4].parse::<f64>().unwrap(), lr, "{l}");
            assert_eq!(cells[9], "KOR@1", "{l}");
            (
                (cells[0].to_owned(), cells[1].to_owned()),
                (lr, cells[8].to_owned()),
            )
        })
        .collect()
}

fn relative(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs())
}

/// The stored candidates of the export are exactly `want`, each LR the engine's to 1e-9.
fn assert_candidates(
    csv: &str,
    want: &BTreeSet<(String, String)>,
    lrs: &BTreeMap<(String, String), f64>,
) {
    let got = exported(csv);
    let pairs: BTreeSet<_> = got.keys().cloned().collect();
    assert_eq!(&pairs, want);
    for (pair, (lr, _)) in &got {
        assert!(
            relative(*lr, lrs[pair]) <= 1e-9,
            "{pair:?}: {lr} vs {}",
            lrs[pair]
        );
    }
}

fn match_run(db: &str, flags: &[&str], threads: Option<&str>) -> String {
    let mut c = command(BIN, db);
    if let Some(n) = threads {
        c.env("RAYON_NUM_THREADS", n);
    }
    let out = ok(c.arg("match").args(flags).output().unwrap());
    let id = out
        .strip_prefix("match run ")
        .and_then(|rest| rest.split(':').next())
        .unwrap_or_else(|| panic!("{out}"));
    id.to_owned()
}

/// The whole scenario on the store `db` (migrated, empty).
fn scenario_on(db: &str) {
    let s = scenario();
    let lrs = all_lrs(&s);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sites = write(
        d,
        "sites.csv",
        "code,name,province,county,latitude,longitude,battle_area\n\
         T-001,Baengma Hill north slope,Gangwon,Cheorwon,38.297,127.208,Baengma Hill\n",
    );
    ok(homeward(db, &["import", "sites", &sites]));
    let mut cases = String::from(
        "accession,site_code,recovery_date,context,completeness_pct,sex,nationality,nationality_evidence,synthetic\n",
    );
    for (accession, _) in &s.remains {
        cases.push_str(&format!(
            "{accession},T-001,2019-05-01,individual_grave,40,male,cpv,CPV badge,true\n"
        ));
    }
    ok(homeward(
        db,
        &["import", "remains", &write(d, "cases.csv", &cases)],
    ));

    let frequencies = write(d, "frequencies.json", &s.frequencies.to_string());
    let out = ok(homeward(
        db,
        &["import", "frequencies", "KOR", &frequencies],
    ));
    assert!(out.contains("frequency database KOR version 1"), "{out}");

    // A sample that is no remains case refuses the file, naming its line; nothing is written.
    let good = remains_csv(&s, "");
    let lines = good.lines().count() as u64;
    let bad = write(
        d,
        "bad-profiles.csv",
        &remains_csv(&s, "HW-D-9999,D1,12,13\n"),
    );
    let err = refused(homeward(db, &["import", "profiles", &bad]));
    assert!(
        err.contains("bad-profiles.csv")
            && err.contains(&format!("line {}", lines + 1))
            && err.contains("field `sample`")
            && err.contains("HW-D-9999"),
        "{err}"
    );
    let out = ok(homeward(
        db,
        &["import", "profiles", &write(d, "profiles.csv", &good)],
    ));
    assert!(
        out.contains(&format!("{REMAINS} remains profiles")),
        "{out}"
    );

    // A family with a field the format does not know refuses the file; nothing is written.
    let mut bad_families = s.families.clone();
    bad_families[2]["contact"] = json!("010-1234-5678");
    let text = serde_json::to_string_pretty(&json!({ "families": bad_families })).unwrap();
    let line = 1 + text[..text.find("\"FAM-002\"").unwrap()]
        .matches('\n')
        .count();
    let err = refused(homeward(
        db,
        &["import", "families", &write(d, "bad.json", &text)],
    ));
    assert!(
        err.contains("bad.json")
            && err.contains(&format!("line {line}"))
            && err.contains("field `contact`"),
        "{err}"
    );
    let text = serde_json::to_string_pretty(&json!({ "families": s.families })).unwrap();
    let out = ok(homeward(
        db,
        &["import", "families", &write(d, "families.json", &text)],
    ));
    assert!(out.contains(&format!("{FAMILIES} families")), "{out}");

    // Low threshold: many families pass, and the best three per remains are kept.
    let want = expected(&lrs, 1.0, 3);
    let passing = lrs.values().filter(|&&lr| lr >= 1.0).count();
    assert!(
        passing > want.len(),
        "the top limit must cut: {passing} pairs ≥ 1"
    );
    let first = match_run(db, &["--min-lr", "1", "--top", "3"], None);
    let csv = ok(homeward(
        db,
        &["candidates", "export", "--format", "csv", "--run", &first],
    ));
    assert_candidates(&csv, &want, &lrs);

    // High threshold, one thread and then all: the same candidates.
    let want = expected(&lrs, 1000.0, 10);
    let truths = (0..TRUE_PAIRS)
        .filter(|&r| want.contains(&(format!("HW-D-{r:04}"), format!("FAM-{r:03}"))))
        .count();
    assert!(
        truths >= TRUE_PAIRS / 2,
        "only {truths} true pairs pass LR 1000"
    );
    let one = match_run(
        db,
        &["--min-lr", "1000", "--top", "10", "--frequencies", "KOR"],
        Some("1"),
    );
    let all = match_run(
        db,
        &["--min-lr", "1e3", "--top", "10", "--frequencies", "KOR@1"],
        None,
    );
    let csv_one = ok(homeward(db, &["candidates", "export", "--run", &one]));
    let csv_all = ok(homeward(db, &["candidates", "export"]));
    assert_candidates(&csv_all, &want, &lrs);
    let without_run = |csv: &str| -> Vec<(String, f64)> {
        exported(csv)
            .into_iter()
            .map(|((r, f), (lr, _))| (format!("{r},{f}"), lr))
            .collect()
    };
    assert_eq!(without_run(&csv_one), without_run(&csv_all));
    assert!(exported(&csv_all).values().all(|(_, run)| *run == all));

    // JSON lists the same candidates, with their per-marker LRs.
    let json: Value = serde_json::from_str(&ok(homeward(
        db,
        &["candidates", "export", "--format", "json"],
    )))
    .unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), want.len());
    for row in rows {
        let pair = (
            row["remains"].as_str().unwrap().to_owned(),
            row["family"].as_str().unwrap().to_owned(),
        );
        assert!(want.contains(&pair), "{row}");
        let product: f64 = row["marker_lrs"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_f64().unwrap())
            .product();
        assert!(
            relative(product, row["lr"].as_f64().unwrap()) <= 1e-9,
            "{row}"
        );
        assert_eq!(
            row["markers_compared"].as_u64().unwrap() as usize,
            s.remains
                .iter()
                .find(|(a, _)| *a == pair.0)
                .unwrap()
                .1
                .as_object()
                .unwrap()
                .len()
        );
    }

    // `homeward kinship lr` on a few stored pairs prints the stored LR.
    for (pair, (lr, _)) in exported(&csv_all).into_iter().take(4) {
        let r = s.remains.iter().position(|(a, _)| *a == pair.0).unwrap();
        let f = s
            .families
            .iter()
            .position(|x| x["id"] == json!(pair.1))
            .unwrap();
        let case = write(d, "case.json", &case_of(&s, r, f));
        let printed: Value =
            serde_json::from_str(&ok(homeward(db, &["kinship", "lr", &case]))).unwrap();
        let cli = printed["lr"].as_f64().unwrap();
        assert!(
            relative(cli, lr) <= 1e-9,
            "{pair:?}: kinship lr {cli}, stored {lr}"
        );
    }
}

#[test]
fn a_screen_scenario_imports_as_it_is_and_matches_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("dna.db");
    let db = db.to_str().unwrap();
    ok(homeward(db, &["migrate"]));
    scenario_on(db);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_screen_scenario_imports_as_it_is_and_matches_on_postgres() {
    let Some(schema) = PgSchema::from_env("dna_scenario").await else {
        return;
    };
    let db = schema.url_in_schema();
    ok(homeward(&db, &["migrate"]));
    tokio::task::spawn_blocking(move || scenario_on(&db))
        .await
        .unwrap();
}
