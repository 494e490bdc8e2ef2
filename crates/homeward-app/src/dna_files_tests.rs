//! The laboratory's files: a GeneMapper ID-X table as the software exports it (extra columns,
//! OL, homozygotes, failed markers, amelogenin and Y loci), Y-STR and mtDNA CSV, and refusals
//! that name the line and the field.

use super::*;

/// Part of a GlobalFiler export, its columns as GeneMapper ID-X writes them.
const GENEMAPPER: &str = "Sample File\tSample Name\tPanel\tMarker\tDye\tAllele 1\tAllele 2\tAllele 3\tSize 1\tSize 2\tSize 3\n\
A01.fsa\tHW-R9-001\tGlobalFiler_v2\tD3S1358\tB\t15\t16\t\t120.1\t124.2\t\n\
A01.fsa\tHW-R9-001\tGlobalFiler_v2\tvWA\tB\t17\t\t\t170.0\t\t\n\
A01.fsa\tHW-R9-001\tGlobalFiler_v2\tD16S539\tB\tOL\t11\t\t250.3\t260.0\t\n\
A01.fsa\tHW-R9-001\tGlobalFiler_v2\tCSF1PO\tB\t\t\t\t\t\t\n\
A01.fsa\tHW-R9-001\tGlobalFiler_v2\tAMEL\tG\tX\tY\t\t98.0\t104.0\t\n\
A01.fsa\tHW-R9-001\tGlobalFiler_v2\tDYS391\tG\t10\t\t\t150.0\t\t\n\
A01.fsa\tHW-R9-001\tGlobalFiler_v2\tTH01\tG\t6\t9.3\t7\t\t\t\n\
\n\
B01.fsa\tS-2024-0042\tGlobalFiler_v2\tD3S1358\tB\t14\t15\t\t\t\t\n";

#[test]
fn a_genemapper_table_reads_as_the_software_called_it() {
    let samples = parse_genemapper(GENEMAPPER).unwrap();
    assert_eq!(samples.len(), 2);
    let r9 = &samples[0];
    assert_eq!(r9.sample, "HW-R9-001");
    assert_eq!(r9.amelogenin.as_deref(), Some("X,Y"));
    assert_eq!(r9.y_loci.len(), 1);
    assert_eq!(r9.y_loci[0].marker, "DYS391");
    assert_eq!(r9.mixture_markers(), vec!["TH01"]);
    let s = |a: &str| Some(a.to_owned());
    assert_eq!(
        r9.profile(),
        vec![
            ("D3S1358".to_owned(), [s("15"), s("16")]),
            // One allele: the homozygote the software called.
            ("vWA".to_owned(), [s("17"), s("17")]),
            // An off-ladder peak: an allele there, but unknown.
            ("D16S539".to_owned(), [s("11"), None]),
            // CSF1PO failed: absent. TH01 (three peaks) is left to the mixture flag.
        ]
    );
    assert_eq!(r9.markers[2].off_ladder, 1);
    assert_eq!(r9.markers[2].line, 4);
    assert_eq!(samples[1].sample, "S-2024-0042");
    assert_eq!(samples[1].markers[0].line, 10, "the blank line is counted");
}

#[test]
fn the_columns_are_found_by_name_in_any_order_and_case() {
    let table = "marker\tALLELE 2\tsample name\tAllele 1\n\
                 D3S1358\t16\tX1\t15\n";
    let samples = parse_genemapper(table).unwrap();
    assert_eq!(
        samples[0].profile(),
        vec![(
            "D3S1358".to_owned(),
            [Some("15".to_owned()), Some("16".to_owned())]
        )]
    );
}

#[test]
fn a_bad_genemapper_table_is_refused_naming_line_and_field() {
    let cases: [(&str, &str); 6] = [
        ("", "line 1: the file is empty"),
        (
            "Sample Name\tAllele 1\nX\t1\n",
            "line 1: the header has no `Marker` column",
        ),
        (
            "Sample Name\tMarker\nX\tD3\n",
            "line 1: the header has no `Allele 1` column",
        ),
        (
            "Sample Name\tMarker\tAllele 1\n\tD3S1358\t15\n",
            "line 2, field `Sample Name`: empty",
        ),
        (
            "Sample Name\tMarker\tAllele 1\nX\tD3S1358\t15\nX\td3s1358\t16\n",
            "line 3, field `Marker`: `d3s1358` given twice for `X`",
        ),
        (
            "Sample Name\tMarker\tAllele 1\nX\tD3S1358\t15 and a long story\n",
            "line 2, field `Allele 1`: `15 and a long st` is no allele designation",
        ),
    ];
    for (input, expected) in cases {
        let err = parse_genemapper(input).unwrap_err();
        assert_eq!(err.to_string(), expected, "{input:?}");
    }
}

#[test]
fn y_haplotypes_read_multi_copy_loci_and_name_a_bad_allele() {
    let csv = "sample,locus,alleles\n\
               HW-R9-001,DYS19,14\n\
               HW-R9-001,DYS385,\"11,14\"\n\
               FAM1-son,DYS19,15\n";
    let found = parse_y_csv(csv).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].0, "HW-R9-001");
    let expected = YHaplotype::new([("DYS19", "14"), ("DYS385", "11,14")]).unwrap();
    assert_eq!(found[0].1, expected);
    let err = parse_y_csv("S1,DYS19,14\nS1,DYS390,twenty\n").unwrap_err();
    assert_eq!((err.line, err.field.as_deref()), (2, Some("alleles")));
    let err = parse_y_csv("S1,DYS19,14\nS1,DYS19,15\n").unwrap_err();
    assert_eq!((err.line, err.field.as_deref()), (2, Some("locus")));
    let err = parse_y_csv("S1,DYS19\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("line 1: expected sample,locus,alleles"),
        "{err}"
    );
}

#[test]
fn mtdna_profiles_read_ranges_and_variants_and_name_the_bad_one() {
    let csv = "sample,ranges,variants\n\
               HW-R9-001,16024-16365;73-340,73G 16311C 309.1C\n";
    let found = parse_mt_csv(csv).unwrap();
    let expected = MtProfile::parse("16024-16365;73-340", "73G 16311C 309.1C").unwrap();
    assert_eq!(found, vec![("HW-R9-001".to_owned(), expected)]);
    let err = parse_mt_csv("S1,73-340,400G\n").unwrap_err();
    assert_eq!(
        (err.line, err.field.as_deref()),
        (1, Some("variants")),
        "{err}"
    );
    let err = parse_mt_csv("S1,340-73,\n").unwrap_err();
    assert_eq!(
        (err.line, err.field.as_deref()),
        (1, Some("ranges")),
        "{err}"
    );
    let err = parse_mt_csv("S1,73-340,\nS1,73-340,\n").unwrap_err();
    assert_eq!(
        (err.line, err.field.as_deref()),
        (2, Some("sample")),
        "{err}"
    );
}

proptest::proptest! {
    /// Whatever the bytes, the readers answer or refuse; they never panic.
    #[test]
    fn no_input_makes_a_reader_panic(text in "[\\PC\\t\\n,\"]{0,300}") {
        let _ = parse_genemapper(&text);
        let _ = parse_y_csv(&text);
        let _ = parse_mt_csv(&text);
    }
}
