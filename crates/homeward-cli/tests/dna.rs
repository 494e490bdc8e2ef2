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

use homeward_testkit::cli::{command, homeward as run};
use homeward_testkit::pg::PgSchema;
use serde_json::{Value, json};

#[path = "dna/scenario.rs"]
mod scenario;

use scenario::{
    FAMILIES, REMAINS, Scenario, TRUE_PAIRS, all_lrs, case_of, expected, remains_csv, scenario,
};

const BIN: &str = env!("CARGO_BIN_EXE_homeward");

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
fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
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

/// Imports the scenario's files into `db` after its remains cases, checking that refused
/// files (one bad line each) name file, line and field and write nothing.
fn import_scenario(db: &str, s: &Scenario, d: &Path) {
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

    // A frequency that is no number: refused naming line and marker; the good file is then
    // version 1, so nothing was written.
    let bad = write(d, "bad.csv", "Allele,D1,D2\n8,0.1,0.2\n9,0.3,x\n");
    let err = refused(homeward(db, &["import", "frequencies", "KOR", &bad]));
    assert!(err.contains("bad.csv line 3, field `D2`"), "{err}");
    let frequencies = write(d, "frequencies.json", &s.frequencies.to_string());
    let out = ok(homeward(
        db,
        &["import", "frequencies", "KOR", &frequencies],
    ));
    assert!(out.contains("frequency database KOR version 1"), "{out}");

    // A sample that is no remains case refuses the file, naming its line; nothing is written.
    let good = remains_csv(s, "");
    let lines = good.lines().count();
    let bad = write(
        d,
        "bad-profiles.csv",
        &remains_csv(s, "HW-D-9999,D1,12,13\n"),
    );
    let err = refused(homeward(db, &["import", "profiles", &bad]));
    let want = format!("bad-profiles.csv line {}, field `sample`", lines + 1);
    assert!(err.contains(&want) && err.contains("HW-D-9999"), "{err}");
    let out = ok(homeward(
        db,
        &["import", "profiles", &write(d, "profiles.csv", &good)],
    ));
    assert!(
        out.contains(&format!("{REMAINS} remains profiles")),
        "{out}"
    );

    // A family with a field the format does not know, or linked to no person on the rolls,
    // refuses the file naming its line; nothing is written.
    for (field, value) in [("contact", json!("010-1234-5678")), ("roll", json!(4040))] {
        let mut families = s.families.clone();
        families[2][field] = value;
        let text = serde_json::to_string_pretty(&json!({ "families": families })).unwrap();
        let line = 1 + text[..text.find("\"FAM-002\"").unwrap()]
            .matches('\n')
            .count();
        let err = refused(homeward(
            db,
            &["import", "families", &write(d, "bad.json", &text)],
        ));
        let want = format!("bad.json line {line}, field `{field}`");
        assert!(err.contains(&want), "{err}");
    }
    let text = serde_json::to_string_pretty(&json!({ "families": s.families })).unwrap();
    let out = ok(homeward(
        db,
        &["import", "families", &write(d, "families.json", &text)],
    ));
    assert!(out.contains(&format!("{FAMILIES} families")), "{out}");
}

/// `homeward kinship lr` on the CASE.json of a few exported pairs prints the stored LR.
fn assert_kinship_lr(db: &str, s: &Scenario, d: &Path, csv: &str, model: &Value) {
    for (pair, (lr, _)) in exported(csv).into_iter().take(3) {
        let r = s.remains.iter().position(|(a, _)| *a == pair.0).unwrap();
        let f = s
            .families
            .iter()
            .position(|x| x["id"] == json!(pair.1))
            .unwrap();
        let case = write(d, "case.json", &case_of(s, r, f, model));
        let printed: Value =
            serde_json::from_str(&ok(homeward(db, &["kinship", "lr", &case]))).unwrap();
        let cli = printed["lr"].as_f64().unwrap();
        assert!(
            relative(cli, lr) <= 1e-9,
            "{pair:?}: kinship lr {cli}, stored {lr}"
        );
    }
}

/// The JSON export lists `want`, each with per-marker LRs whose product is its LR and the
/// count of markers typed in the remains.
fn assert_json_export(db: &str, s: &Scenario, want: &BTreeSet<(String, String)>) {
    let text = ok(homeward(db, &["candidates", "export", "--format", "json"]));
    let json: Value = serde_json::from_str(&text).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), want.len());
    for row in rows {
        let remains = row["remains"].as_str().unwrap().to_owned();
        let pair = (remains, row["family"].as_str().unwrap().to_owned());
        assert!(want.contains(&pair), "{row}");
        let markers = row["marker_lrs"].as_object().unwrap();
        let product: f64 = markers.values().map(|v| v.as_f64().unwrap()).product();
        assert!(
            relative(product, row["lr"].as_f64().unwrap()) <= 1e-9,
            "{row}"
        );
        let typed = s
            .remains
            .iter()
            .find(|(a, _)| *a == pair.0)
            .unwrap()
            .1
            .clone();
        let typed = typed.as_object().unwrap().len() as u64;
        assert_eq!(row["markers_compared"].as_u64(), Some(typed), "{row}");
        assert_eq!(markers.len() as u64, typed, "{row}");
    }
}

/// The whole scenario on the store `db` (migrated, empty).
fn scenario_on(db: &str) {
    let s = scenario();
    let lrs = all_lrs(&s, &json!({}));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    import_scenario(db, &s, d);

    // Low threshold: many families pass, and the best three per remains are kept.
    let want = expected(&lrs, 1.0, 3);
    let passing = lrs.values().filter(|&&lr| lr >= 1.0).count();
    assert!(
        passing > want.len(),
        "the top limit must cut: {passing} pairs ≥ 1"
    );
    let first = match_run(db, &["--min-lr", "1", "--top", "3"], None);
    let csv = ok(homeward(db, &["candidates", "export", "--run", &first]));
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
    let flags = ["--min-lr", "1000", "--top", "10", "--frequencies", "KOR"];
    let one = match_run(db, &flags, Some("1"));
    let flags = ["--min-lr", "1e3", "--top", "10", "--frequencies", "KOR@1"];
    let all = match_run(db, &flags, None);
    let csv_one = ok(homeward(db, &["candidates", "export", "--run", &one]));
    let csv_all = ok(homeward(db, &["candidates", "export"]));
    assert_candidates(&csv_all, &want, &lrs);
    let without_run = |csv: &str| -> Vec<(String, f64)> {
        let rows = exported(csv).into_iter();
        rows.map(|((r, f), (lr, _))| (format!("{r},{f}"), lr))
            .collect()
    };
    assert_eq!(without_run(&csv_one), without_run(&csv_all));
    assert!(exported(&csv_all).values().all(|(_, run)| *run == all));
    assert_json_export(db, &s, &want);
    assert_kinship_lr(db, &s, d, &csv_all, &json!({}));

    // A mutation model and θ: the stored LRs are the engine's under that model.
    let mutation = json!({"model": "equal", "rate": 0.002});
    let model = json!({"mutation": mutation, "theta": 0.01});
    let lrs = all_lrs(&s, &model);
    let mutation = mutation.to_string();
    let flags = [
        "--min-lr",
        "1000",
        "--mutation",
        &mutation,
        "--theta",
        "0.01",
    ];
    let modelled = match_run(db, &flags, None);
    let csv = ok(homeward(db, &["candidates", "export", "--run", &modelled]));
    assert_candidates(&csv, &expected(&lrs, 1000.0, 10), &lrs);
    assert_kinship_lr(db, &s, d, &csv, &model);

    // A database lacking alleles the profiles carry: the run is recorded and then cancelled,
    // and it has no candidates to export.
    let small = write(d, "small.csv", "Allele,M0\n8,0.5\n9,0.5\n");
    ok(homeward(db, &["import", "frequencies", "SMALL", &small]));
    let mut c = command(BIN, db);
    let err = refused(c.args(["match", "--min-lr", "10"]).output().unwrap());
    let run = err
        .split("match run ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("{err}"));
    assert!(err.contains("cancelled"), "{err}");
    let err = refused(homeward(db, &["candidates", "export", "--run", run]));
    assert!(
        err.contains(&format!("match run {run} is cancelled")),
        "{err}"
    );
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
