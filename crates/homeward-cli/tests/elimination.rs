//! The contamination guard on the command line: an analyst's profile in the elimination
//! database holds the remains profiles that match it, which no screen then compares with
//! anything, until a hold is cleared with a note (`homeward elimination import|holds|clear`).

use std::path::Path;
use std::process::Output;

use homeward_testkit::cli::{homeward as run, ok, write_file as write};

const BIN: &str = env!("CARGO_BIN_EXE_homeward");

fn homeward(db: &str, args: &[&str]) -> Output {
    run(BIN, db, args)
}

/// A registry with remains HW-A and HW-B (1/2 at eight markers), HW-C (1/3), a table, the
/// profiles; returns the database path.
fn registry(d: &Path) -> String {
    let db = d.join("guard.db").to_str().unwrap().to_owned();
    ok(homeward(&db, &["migrate"]));
    let sites = write(
        d,
        "sites.csv",
        "code,name,province,county,latitude,longitude,battle_area\n\
         T-001,Baengma Hill north slope,Gangwon,Cheorwon,38.297,127.208,Baengma Hill\n",
    );
    ok(homeward(&db, &["import", "sites", &sites]));
    let mut cases = String::from(
        "accession,site_code,recovery_date,context,completeness_pct,sex,nationality,nationality_evidence,synthetic\n",
    );
    let mut profiles = String::from("sample,marker,allele1,allele2\n");
    for (accession, a, b) in [("HW-A", 1, 2), ("HW-B", 1, 2), ("HW-C", 1, 3)] {
        cases.push_str(&format!(
            "{accession},T-001,2019-05-01,commingled,40,male,cpv,CPV badge,true\n"
        ));
        for m in 1..=8 {
            profiles.push_str(&format!("{accession},M{m},{a},{b}\n"));
        }
    }
    // Two more cases, typed later from a GeneMapper table.
    for accession in ["HW-M", "HW-N"] {
        cases.push_str(&format!(
            "{accession},T-001,2019-05-01,commingled,40,male,cpv,CPV badge,true\n"
        ));
    }
    ok(homeward(
        &db,
        &["import", "remains", &write(d, "cases.csv", &cases)],
    ));
    let marker = r#"{"1": 0.1, "2": 0.2, "3": 0.3, "4": 0.4}"#;
    let markers: Vec<String> = (1..=8).map(|m| format!("\"M{m}\": {marker}")).collect();
    let table = format!("{{\"markers\": {{{}}}}}", markers.join(","));
    ok(homeward(
        &db,
        &["import", "frequencies", "T", &write(d, "t.json", &table)],
    ));
    ok(homeward(
        &db,
        &["import", "profiles", &write(d, "p.csv", &profiles)],
    ));
    db
}

#[test]
fn profiles_matching_the_elimination_database_are_held_until_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = registry(d);
    let direct = || {
        ok(homeward(
            &db,
            &["match", "--direct", "--min-lr", "100", "--min-markers", "6"],
        ))
    };
    let before = direct();
    assert!(before.contains("HW-A\tHW-B\tidentity"), "{before}");

    // A bad line is refused, naming it, and nothing is imported.
    let bad = write(
        d,
        "bad.csv",
        "sample,marker,allele1,allele2\nLAB-01,M1,1,2\n,M2,1,2\n",
    );
    let o = homeward(&db, &["elimination", "import", &bad, "--kind", "staff"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.csv line 3, field `sample`"), "{err}");

    // The analyst's own profile is HW-A's and HW-B's: both are held and compared with nothing.
    let mut analyst = String::from("sample,marker,allele1,allele2\n");
    for m in 1..=8 {
        analyst.push_str(&format!("LAB-01,M{m},2,1\n"));
    }
    let out = ok(homeward(
        &db,
        &[
            "elimination",
            "import",
            &write(d, "lab.csv", &analyst),
            "--kind",
            "staff",
        ],
    ));
    assert!(out.contains("1 elimination profiles"), "{out}");
    let held = direct();
    assert!(held.starts_with("direct match: 0 related pairs"), "{held}");
    let holds = ok(homeward(&db, &["elimination", "holds"]));
    let lines: Vec<&str> = holds.lines().collect();
    assert_eq!(lines.len(), 2, "{holds}");
    assert!(
        lines
            .iter()
            .all(|l| l.contains("\tcontamination\tLAB-01\tholding")),
        "{holds}"
    );

    // Cleared with a note (not without one), HW-A is compared again: with its child HW-C.
    let id = lines
        .iter()
        .find(|l| l.contains("HW-A"))
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .to_owned();
    let o = homeward(&db, &["elimination", "clear", &id, "--note", " "]);
    assert_eq!(o.status.code(), Some(2));
    ok(homeward(
        &db,
        &[
            "elimination",
            "clear",
            &id,
            "--note",
            "re-extracted; not the analyst",
        ],
    ));
    let after = direct();
    assert!(after.contains("HW-A\tHW-C\tparent_child"), "{after}");
    assert!(!after.contains("HW-B"), "HW-B is still held: {after}");
    let open = ok(homeward(&db, &["elimination", "holds"]));
    assert_eq!(open.lines().count(), 1, "{open}");
    let all = ok(homeward(&db, &["elimination", "holds", "--all"]));
    assert!(
        all.contains("cleared: re-extracted; not the analyst"),
        "{all}"
    );
}

#[test]
fn a_genemapper_table_imports_and_holds_the_sample_that_looks_mixed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = registry(d);
    let mut table =
        String::from("Sample File\tSample Name\tMarker\tAllele 1\tAllele 2\tAllele 3\n");
    for m in 1..=8 {
        // HW-N: HW-C's profile.
        table.push_str(&format!("B01.fsa\tHW-N\tM{m}\t1\t3\t\n"));
        // HW-M: three alleles at M1 and M2.
        let third = if m <= 2 { "4" } else { "" };
        table.push_str(&format!("A01.fsa\tHW-M\tM{m}\t1\t2\t{third}\n"));
    }
    table.push_str("A01.fsa\tHW-M\tAMEL\tX\tY\t\n");

    // A sample the registry does not know: refused naming its line, nothing imported.
    let unknown = format!("{table}C01.fsa\tHW-Z\tM1\t1\t2\t\n");
    let o = homeward(&db, &["import", "profiles", &write(d, "bad.txt", &unknown)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.txt line 19, field `Sample Name`"),
        "{err}"
    );

    let out = ok(homeward(
        &db,
        &["import", "profiles", &write(d, "gm.txt", &table)],
    ));
    assert!(
        out.contains("2 remains profiles (GeneMapper ID-X table)"),
        "{out}"
    );
    assert!(
        out.contains("held: HW-M looks mixed (more than two alleles at M1, M2)"),
        "{out}"
    );
    let holds = ok(homeward(&db, &["elimination", "holds"]));
    assert!(holds.contains("HW-M\tmixture\tM1, M2\tholding"), "{holds}");
    let direct = ok(homeward(
        &db,
        &["match", "--direct", "--min-lr", "100", "--min-markers", "6"],
    ));
    assert!(direct.contains("HW-C\tHW-N\tidentity"), "{direct}");
    assert!(!direct.contains("HW-M"), "the mixture is held: {direct}");
}
