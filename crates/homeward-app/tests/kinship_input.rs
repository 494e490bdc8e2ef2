//! The CSV files of `homeward kinship screen`, read at the edge into the engine's typed profiles
//! and frequency tables.

use homeward_app::kinship_input::{
    FrequencyCsvError, RemainsCsvError, parse_frequency_csv, parse_remains_csv,
};
use homeward_kinship::CaseError;

fn typing(a: Option<&str>, b: Option<&str>) -> [Option<String>; 2] {
    [a.map(str::to_owned), b.map(str::to_owned)]
}

/// The remains CSV `input` is refused naming the cell `field` on physical line `line`; the
/// refusal, for more checks.
fn assert_cell_refused(input: &str, line: u64, field: &str) -> RemainsCsvError {
    let err = parse_remains_csv(input).unwrap_err();
    assert!(
        matches!(&err, RemainsCsvError::Field { line: l, field: f, .. } if *l == line && *f == field),
        "{err}"
    );
    err
}

#[test]
fn rows_become_profiles_in_order_of_first_appearance() {
    let remains = parse_remains_csv(
        "sample,marker,allele1,allele2\nR2,VWA,17,NA\nR1,D3S1358,15,16\n\n  \nR2,TH01,9.3,null\n\
         R1,VWA,,18\n",
    )
    .unwrap();
    let ids: Vec<&str> = remains.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["R2", "R1"]);
    assert_eq!(
        remains[0].profile,
        [
            ("VWA".to_owned(), typing(Some("17"), None)),
            ("TH01".to_owned(), typing(Some("9.3"), None)),
        ]
    );
    assert_eq!(
        remains[1].profile,
        [
            ("D3S1358".to_owned(), typing(Some("15"), Some("16"))),
            ("VWA".to_owned(), typing(None, Some("18"))),
        ]
    );
    // Without a header, with CRLF, cells trimmed and quoted.
    let bare = parse_remains_csv("\"R1\", D3S1358 ,15,16\r\n").unwrap();
    assert_eq!(bare[0].id, "R1");
    assert_eq!(bare[0].profile[0].0, "D3S1358");
}

#[test]
fn a_quoted_comma_stays_in_its_cell() {
    let remains = parse_remains_csv(
        "sample,marker,allele1,allele2\n\"B-7, casket 3\",D3S1358,15,16\n\"B-7, casket 3\",VWA,17,17\n",
    )
    .unwrap();
    assert_eq!(remains.len(), 1);
    assert_eq!(remains[0].id, "B-7, casket 3");
    assert_eq!(remains[0].profile.len(), 2);
}

#[test]
fn errors_name_the_line_and_the_field() {
    let err = parse_remains_csv("sample,marker,allele1,allele2\nR1,D3S1358,15\n").unwrap_err();
    assert!(matches!(err, RemainsCsvError::Row { line: 2, .. }), "{err}");
    assert!(err.to_string().contains("line 2"), "{err}");
    assert!(
        err.to_string().contains("sample,marker,allele1,allele2"),
        "{err}"
    );

    let err = parse_remains_csv("R1,D3S1358,15,16\n,VWA,17,18\n").unwrap_err();
    assert_eq!(
        err,
        RemainsCsvError::Field {
            line: 2,
            field: "sample",
            reason: "empty; expected sample,marker,allele1,allele2".into()
        }
    );
    assert_cell_refused("R1, ,17,18\n", 1, "marker");

    // Blank lines count: the line is the one an editor shows.
    let err = parse_remains_csv("R1,VWA,17,18\n\n  \nR1,VWA,16,16\n").unwrap_err();
    assert!(
        matches!(err, RemainsCsvError::Field { line: 4, .. }),
        "{err}"
    );

    // A quoted newline does not shift the next line's number.
    let err = assert_cell_refused(
        "\"R\n1\",VWA,17,18\nR2,VWA,17,18\nR2,VWA,16,16\n",
        4,
        "marker",
    );
    assert!(err.to_string().contains("twice"), "{err}");
    assert!(err.to_string().contains("`R2`"), "{err}");
}

#[test]
fn a_sample_header_counts_only_on_the_first_line() {
    let err = parse_remains_csv("R1,VWA,17,18\nsample,marker,allele1,allele2\nsample,marker,1,2\n")
        .unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[test]
fn csv_matrix_with_absent_cells() {
    let t = parse_frequency_csv("Allele,D3S1358,VWA\n14,0.1,\n15,0.9,0.4\n9.3,,0.6\n").unwrap();
    assert_eq!(t.get("D3S1358").unwrap().names(), ["14", "15"]);
    assert_eq!(t.get("VWA").unwrap().names(), ["15", "9.3"]);
    assert_eq!(t.get("VWA").unwrap().freqs(), [0.4, 0.6]);
}

#[test]
fn a_frequency_csv_refusal_names_line_and_marker() {
    let bad = parse_frequency_csv("Allele,VWA\n17,abc\n").unwrap_err();
    assert!(
        matches!(&bad, FrequencyCsvError::Cell { line: 2, marker, .. } if marker == "VWA"),
        "{bad}"
    );
    assert!(bad.to_string().contains("`abc`"), "{bad}");
    let bad = parse_frequency_csv("Allele,VWA\n\n17,0.5,0.5\n").unwrap_err();
    assert_eq!(
        bad,
        FrequencyCsvError::Row {
            line: 3,
            reason: "more cells than markers".into()
        }
    );
    assert!(matches!(
        parse_frequency_csv(" \n\n"),
        Err(FrequencyCsvError::Empty)
    ));
    let bad = parse_frequency_csv("Allele,VWA\n17,-1\n").unwrap_err();
    assert!(
        matches!(
            bad,
            FrequencyCsvError::Table(CaseError::InvalidFrequency { .. })
        ),
        "{bad}"
    );
    // A quoted cell is one cell.
    let t = parse_frequency_csv("\"Allele\",\"VWA\"\n\"17\",\"1.0\"\n").unwrap();
    assert_eq!(t.get("VWA").unwrap().names(), ["17"]);
}
