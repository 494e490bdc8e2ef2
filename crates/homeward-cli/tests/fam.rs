//! A Familias `.fam` case imported as a family (`homeward import families FILE.fam --missing
//! NAME`), with the database inside as a frequency database, then matched against a remains
//! profile: the stored LR equals the one worked by hand from the pedigree. The file
//! (`tests/data/missing_son.fam`, written for this test) holds the father F (15/16 at D3S1358,
//! 7/7 at TH01), a brother S (16/17 at D3S1358), the missing son MP and the mother as an extra,
//! in two pedigrees ("MP is F's son", "MP is unrelated"). Refusals name the file and write
//! nothing.

use std::process::Output;

use homeward_testkit::cli::{homeward as run, ok, refused, site_and_cases, write_file as write};

const BIN: &str = env!("CARGO_BIN_EXE_homeward");

fn homeward(db: &str, args: &[&str]) -> Output {
    run(BIN, db, args)
}

const FAM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/missing_son.fam");

/// The LR by hand. D3S1358: the brother's 17 came from the mother (F has none); her other
/// allele is 16 with p16 = 0.25, passed with ½; so the son is 16/16 with probability ½ (from F)
/// · ½ · 0.25 = 1/16 = p16²: LR 1 (without the brother it would be ½ · p16 / p16² = 2, so the
/// brother counts). TH01: F gives 7, the mother 9.3 with p = 0.3, against 2 · 0.4 · 0.3 = 0.24:
/// LR 1.25.
const HAND_LR: f64 = 1.0 * 1.25;

#[test]
fn a_familias_case_imports_as_a_family_and_matches_with_the_hand_worked_lr() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("fam.db");
    let db = db.to_str().unwrap();
    site_and_cases(BIN, db, d, &["HW-F-0001"]);

    // Two pedigrees and none named; a missing person the pedigree lacks; a typed "missing":
    // each refused, naming the file, and nothing written.
    let err = refused(homeward(
        db,
        &["import", "families", FAM, "--missing", "MP"],
    ));
    assert!(
        err.contains("missing_son.fam") && err.contains("--pedigree"),
        "{err}"
    );
    let son = ["--pedigree", "MP is F's son", "--family", "FAM-F1"];
    let err = refused(homeward(
        db,
        &[&["import", "families", FAM, "--missing", "X"][..], &son].concat(),
    ));
    assert!(err.contains("has no person \"X\""), "{err}");
    let err = refused(homeward(
        db,
        &[&["import", "families", FAM, "--missing", "S"][..], &son].concat(),
    ));
    assert!(err.contains("\"S\" is typed"), "{err}");
    let broken =
        std::fs::read_to_string(FAM)
            .unwrap()
            .replacen("\"Known relations\"", "\"Relations\"", 1);
    let broken = write(d, "broken.fam", &broken);
    let err = refused(homeward(
        db,
        &["import", "families", &broken, "--missing", "MP"],
    ));
    assert!(err.contains("broken.fam line 33"), "{err}");
    // Nothing was written: the family id the refused imports named is still free (the import
    // below would be refused as a conflict otherwise).

    let out = ok(homeward(
        db,
        &[
            &[
                "import",
                "families",
                FAM,
                "--missing",
                "MP",
                "--frequencies",
                "FAMDB",
            ][..],
            &son,
        ]
        .concat(),
    ));
    assert!(
        out.contains("family FAM-F1") && out.contains("2 typed references"),
        "{out}"
    );
    assert!(out.contains("frequency database FAMDB version 1"), "{out}");
    let profile = write(
        d,
        "profile.csv",
        "sample,marker,allele1,allele2\nHW-F-0001,D3S1358,16,16\nHW-F-0001,TH01,7,9.3\n",
    );
    ok(homeward(db, &["import", "profiles", &profile]));
    ok(homeward(
        db,
        &[
            "match",
            "--min-lr",
            "0.5",
            "--top",
            "5",
            "--frequencies",
            "FAMDB",
        ],
    ));
    let csv = ok(homeward(db, &["candidates", "export", "--format", "csv"]));
    let row = csv
        .lines()
        .find(|l| l.starts_with("HW-F-0001,FAM-F1,"))
        .unwrap_or_else(|| panic!("{csv}"));
    let lr: f64 = row.split(',').nth(3).unwrap().parse().unwrap();
    assert!((lr - HAND_LR).abs() < 1e-12 * HAND_LR, "{lr} vs {HAND_LR}");
}
