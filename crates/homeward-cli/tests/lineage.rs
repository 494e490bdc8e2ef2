//! Y-STR and mtDNA profiles imported for remains and for families' references
//! (`homeward import y-str|mtdna FILE.csv`); a sample that names no case, no family or no
//! person of the family's pedigree is refused naming the line and the field, and nothing is
//! written.

use std::process::Output;

use homeward_testkit::cli::{homeward as run, ok, refused, site_and_cases, write_file as write};

const BIN: &str = env!("CARGO_BIN_EXE_homeward");

fn homeward(db: &str, args: &[&str]) -> Output {
    run(BIN, db, args)
}

#[test]
fn lineage_profiles_import_for_remains_and_references() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db = d.join("lineage.db");
    let db = db.to_str().unwrap();
    site_and_cases(BIN, db, d, &["HW-L-0001"]);
    let families = write(
        d,
        "families.json",
        r#"{"families": [{"id": "FAM1",
            "pedigree": [{"id": "F", "sex": "M"}, {"id": "M", "sex": "F"},
                         {"id": "MP", "sex": "M", "father": "F", "mother": "M"},
                         {"id": "B", "sex": "M", "father": "F", "mother": "M"}],
            "missing": "MP", "references": {"B": {"D3S1358": ["15", "16"]}}}]}"#,
    );
    ok(homeward(db, &["import", "families", &families]));

    let y = "sample,locus,alleles\n\
             HW-L-0001,DYS19,14\n\
             HW-L-0001,DYS385,\"11,14\"\n\
             FAM1:B,DYS19,14\n\
             FAM1:B,DYS385,\"11,14\"\n";
    // Each refusal names its line and writes nothing: then the good file imports whole.
    for (bad, needle) in [
        (
            format!("{y}FAM1:Z,DYS19,14\n"),
            "line 6, field `sample`: family FAM1 has no person \"Z\"",
        ),
        (
            format!("{y}FAM9:B,DYS19,14\n"),
            "line 6, field `sample`: no family \"FAM9\"",
        ),
        (
            format!("{y}HW-L-0404,DYS19,14\n"),
            "line 6, field `sample`: no remains case \"HW-L-0404\"",
        ),
        (format!("{y}FAM1:B,DYS390,x\n"), "line 6, field `alleles`"),
    ] {
        let err = refused(homeward(
            db,
            &["import", "y-str", &write(d, "bad.csv", &bad)],
        ));
        assert!(err.contains(needle), "{err}");
    }
    let out = ok(homeward(db, &["import", "y-str", &write(d, "y.csv", y)]));
    assert!(out.contains("2 y-str profiles"), "{out}");
    let err = refused(homeward(
        db,
        &["import", "y-str", &write(d, "again.csv", y)],
    ));
    assert!(err.contains("already has a y_str profile"), "{err}");

    let mt = "sample,ranges,variants\n\
              HW-L-0001,16024-16365;73-340,73G 16223T\n\
              FAM1:M,16024-16365;73-340,73G 16223T\n";
    let out = ok(homeward(db, &["import", "mtdna", &write(d, "mt.csv", mt)]));
    assert!(out.contains("2 mtdna profiles"), "{out}");
}
