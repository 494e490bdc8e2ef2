//! A `.fam` file as Familias writes it (written here by hand for a missing-person case: the
//! father and a brother typed, the missing son untyped, the mother an extra), read back whole;
//! and refusals that name the line.

use super::*;

/// Lines of a small case: persons F (male, typed at both loci), S (male, typed at one), MP
/// (male, untyped); one extra female (the mother) in the pedigree "MP is F's son"; a
/// two-locus database named "demo" with θ = 0.01.
fn case() -> Vec<&'static str> {
    vec![
        "\"Output from Familias, version 3.3.1\"",
        "\"DO NOT EDIT!\"",
        "3.3.1",
        "\"\"",
        "3",
        // F: settings, sex, 2 genotypes (alleles 0/1 at locus 0, 2/2 at locus 1)
        "\"F\"",
        "#FALSE#",
        "-1",
        "#FALSE#",
        "#TRUE#",
        "2",
        "0",
        "1",
        "0",
        "2",
        "2",
        "1",
        // S: 1 genotype (1/2 at locus 0)
        "\"S\"",
        "#FALSE#",
        "-1",
        "#FALSE#",
        "#TRUE#",
        "1",
        "1",
        "2",
        "0",
        // MP: untyped
        "\"MP\"",
        "#FALSE#",
        "-1",
        "#FALSE#",
        "#TRUE#",
        "0",
        "\"Known relations\"",
        "0",
        "0",
        "0",
        "1",
        // pedigree 0, "MP is F's son": one extra female (index 3); F→MP, F→S, extra→MP, extra→S
        "0",
        "\"MP is F's son\"",
        "1",
        "0",
        "4",
        "0",
        "2",
        "0",
        "1",
        "3",
        "2",
        "3",
        "1",
        "#FALSE# (#Databases: 1 ;Theta/Kinship/Fst: 0.01 )",
        "2",
        "#TRUE#",
        "\"demo\"",
        "\"D3S1358\"",
        "0.001",
        "0.002",
        "0",
        "0",
        "3",
        "0.1",
        "0.1",
        "1e-006",
        "1e-006",
        "#FALSE#",
        "0",
        "3\t(DatabaseSize = 500 , Dropout probability = 0 , Minor allele frequency = 0 )",
        "\"15\"",
        "0.25",
        "\"16\"",
        "0.25",
        "\"17\"",
        "0.5",
        "\"TH01\"",
        "0.0005",
        "0.001",
        "4",
        "4",
        "3",
        "0.1",
        "0.1",
        "1e-006",
        "1e-006",
        "#FALSE#",
        "0",
        "3\t(DatabaseSize = 500 , Dropout probability = 0 , Minor allele frequency = 0 )",
        "\"6\"",
        "0.3",
        "\"9.3\"",
        "0.3",
        "\"7\"",
        "0.4",
        "[Advanced]",
    ]
}

fn text(lines: &[&str]) -> String {
    lines.join("\r\n") + "\r\n"
}

#[test]
fn a_missing_person_case_reads_back_whole() {
    let fam = parse_fam(&text(&case())).unwrap();
    assert_eq!(fam.version, "3.3.1");
    assert_eq!(fam.database.as_deref(), Some("demo"));
    assert!((fam.theta - 0.01).abs() < 1e-12);
    assert_eq!(fam.pedigrees.len(), 1);
    let ped = &fam.pedigrees[0];
    assert_eq!(ped.name, "MP is F's son");
    let ids: Vec<&str> = ped.persons.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["F", "S", "MP", "extra-1"]);
    let mp = &ped.persons[2];
    assert_eq!(
        (mp.father.as_deref(), mp.mother.as_deref()),
        (Some("F"), Some("extra-1"))
    );
    assert_eq!(ped.persons[3].sex, FamSex::Female);
    assert!(mp.genotypes.is_empty());
    let pair = |a: &str, b: &str| [a.to_owned(), b.to_owned()];
    assert_eq!(
        ped.persons[0].genotypes,
        vec![
            ("D3S1358".to_owned(), pair("15", "16")),
            ("TH01".to_owned(), pair("7", "7"))
        ]
    );
    assert_eq!(
        ped.persons[1].genotypes,
        vec![("D3S1358".to_owned(), pair("16", "17"))]
    );
    let th01 = &fam.loci[1];
    assert_eq!(th01.alleles[1], ("9.3".to_owned(), 0.3));
    assert_eq!((th01.male.model, th01.male.rate), (4, 0.001));
    assert_eq!((th01.female.model, th01.female.rate), (4, 0.0005));
    assert_eq!(fam.loci[0].female.model, 0);
}

#[test]
fn without_pedigrees_the_known_relations_are_the_pedigree() {
    let mut lines = case();
    // "1" pedigree and its 13 lines → "0".
    let at = lines
        .iter()
        .position(|l| *l == "\"MP is F's son\"")
        .unwrap()
        - 2;
    lines.splice(at..at + 14, ["0"]);
    let fam = parse_fam(&text(&lines)).unwrap();
    assert_eq!(fam.pedigrees.len(), 1);
    assert_eq!(fam.pedigrees[0].name, "Familias");
    assert!(fam.pedigrees[0].persons.iter().all(|p| p.father.is_none()));
}

#[test]
fn a_bad_file_is_refused_naming_its_line() {
    let refuse = |edit: &dyn Fn(&mut Vec<&'static str>), line: usize, needle: &str| {
        let mut lines = case();
        edit(&mut lines);
        let err = parse_fam(&text(&lines)).unwrap_err();
        assert_eq!(err.line, line, "{err}");
        assert!(err.reason.contains(needle), "{err}");
    };
    refuse(&|l| l[4] = "three", 5, "the number of persons");
    // F's second genotype names locus 7, beyond the database's two.
    refuse(&|l| l[16] = "7", 15, "locus 7 is not in the database");
    // S's allele 9 at D3S1358, beyond its three alleles.
    refuse(&|l| l[24] = "9", 24, "allele 9 of D3S1358");
    refuse(&|l| l[32] = "Unknown relations", 33, "\"Known relations\"");
    // A relation to person 8 of a pedigree of four.
    refuse(&|l| l[44] = "8", 45, "an index below 4");
    refuse(
        &|l| l[50] = "#TRUE# (#Databases: 1)",
        51,
        "precomputed probabilities",
    );
    refuse(&|l| l[64] = "#TRUE#", 65, "silent allele");
    refuse(&|l| l.truncate(60), 61, "the file ends");
}

proptest::proptest! {
    /// Whatever the text, the reader answers or refuses; it never panics.
    #[test]
    fn no_input_makes_the_reader_panic(lines in proptest::collection::vec("[0-9\"#A-Z\\-]{0,6}", 0..120)) {
        let _ = parse_fam(&lines.join("\n"));
    }

    /// Any one line of a good file changed: still no panic.
    #[test]
    fn an_edited_line_never_panics(at in 0usize..90, text in "[0-9a-z#\"\\-\\.]{0,8}") {
        let mut lines: Vec<String> = case().into_iter().map(str::to_owned).collect();
        if at < lines.len() {
            lines[at] = text;
        }
        let _ = parse_fam(&lines.join("\n"));
    }
}
