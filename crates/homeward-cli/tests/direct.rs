//! `homeward match --direct`: every remains against every other. Two cases of one man are
//! found as one person with the LR worked by hand, his child as a parent and child, a stranger
//! as nothing; the pairs are stored, and a second direct match replaces them.

use std::process::Output;

use homeward_testkit::cli::{homeward as run, ok, write_file as write};

const BIN: &str = env!("CARGO_BIN_EXE_homeward");

fn homeward(db: &str, args: &[&str]) -> Output {
    run(BIN, db, args)
}

/// The stored pairs as printed: (a, b, relation) → LR.
fn pairs(out: &str) -> Vec<(String, String, String, f64)> {
    out.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            (c[0].into(), c[1].into(), c[2].into(), c[3].parse().unwrap())
        })
        .collect()
}

#[test]
fn one_man_in_two_cases_and_his_child_are_found_among_the_remains() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("direct.db");
    let db = db.to_str().unwrap();
    ok(homeward(db, &["migrate"]));
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
    let mut profiles = String::from("sample,marker,allele1,allele2\n");
    for (accession, a, b) in [
        ("HW-A", 1, 2),
        ("HW-B", 1, 2),
        ("HW-C", 1, 3),
        ("HW-U", 4, 4),
    ] {
        cases.push_str(&format!(
            "{accession},T-001,2019-05-01,commingled,40,male,cpv,CPV badge,true\n"
        ));
        for m in 1..=8 {
            profiles.push_str(&format!("{accession},M{m},{a},{b}\n"));
        }
    }
    ok(homeward(
        db,
        &["import", "remains", &write(d, "cases.csv", &cases)],
    ));
    let marker = r#"{"1": 0.1, "2": 0.2, "3": 0.3, "4": 0.4}"#;
    let markers: Vec<String> = (1..=8).map(|m| format!("\"M{m}\": {marker}")).collect();
    let table = format!("{{\"markers\": {{{}}}}}", markers.join(","));
    ok(homeward(
        db,
        &["import", "frequencies", "T", &write(d, "t.json", &table)],
    ));
    ok(homeward(
        db,
        &["import", "profiles", &write(d, "p.csv", &profiles)],
    ));

    let out = ok(homeward(
        db,
        &["match", "--direct", "--min-lr", "100", "--min-markers", "6"],
    ));
    assert!(out.starts_with("direct match: "), "{out}");
    let found = pairs(&out);
    let lr = |a: &str, b: &str, kind: &str| {
        found
            .iter()
            .find(|p| p.0 == a && p.1 == b && p.2 == kind)
            .map(|p| p.3)
    };
    // 1/(2·0.1·0.2) = 25 a marker for one person; 1/(4·0.1) = 2.5 for a parent and child.
    let identity = lr("HW-A", "HW-B", "identity").unwrap_or_else(|| panic!("{out}"));
    assert!((identity / 25f64.powi(8) - 1.0).abs() < 1e-6, "{identity}");
    let po = lr("HW-A", "HW-C", "parent_child").unwrap_or_else(|| panic!("{out}"));
    assert!((po / 2.5f64.powi(8) - 1.0).abs() < 1e-6, "{po}");
    assert!(!out.contains("HW-U"), "{out}");

    // A stricter second match replaces the pairs: only the identity is left.
    let out = ok(homeward(
        db,
        &[
            "match",
            "--direct",
            "--min-lr",
            "1e10",
            "--min-markers",
            "6",
        ],
    ));
    let found = pairs(&out);
    assert_eq!(found.len(), 1, "{out}");
    assert_eq!(
        (found[0].0.as_str(), found[0].2.as_str()),
        ("HW-A", "identity")
    );
}
