//! The `"y_str"` and `"mtdna"` sections of CASE.json against closed forms: single-step Y-STR
//! mutation over one and two meioses, Poisson mtDNA differences over the sequenced overlap
//! only, counting-method frequencies (given, or counted in a listed database) with the
//! Clopper–Pearson bound, and the combined LR; malformed sections are refused.

use homeward_kinship::lineage::clopper_pearson_upper;
use homeward_kinship::{CaseError, evaluate_case_json};
use serde_json::{Value, json};

/// Father typed 14/15 at one marker, remains 15/16: autosomal LR 1 / (4 · 0.26).
fn case(extra: Value) -> String {
    let mut c = json!({
        "frequencies": {"D3S1358": {"14": 0.13, "15": 0.26, "16": 0.24, "17": 0.37}},
        "pedigree": [{"id": "F", "sex": "M"}, {"id": "M", "sex": "F"},
                     {"id": "MP", "sex": "M", "father": "F", "mother": "M"}],
        "missing": "MP",
        "remains": {"D3S1358": ["15", "16"]},
        "references": {"F": {"D3S1358": ["14", "15"]}}
    });
    for (k, v) in extra.as_object().expect("object") {
        c[k] = v.clone();
    }
    c.to_string()
}

const AUTOSOMAL: f64 = 1.0 / (4.0 * 0.26);

fn report(extra: Value) -> Value {
    let r = evaluate_case_json(&case(extra)).expect("valid case");
    serde_json::from_str(&r.to_json()).expect("json")
}

fn close(a: f64, b: f64) -> bool {
    ((a - b) / b).abs() < 1e-12
}

fn y_section(remains: Value, meioses: u32, database: Value, frequency: &str) -> Value {
    json!({"remains": remains,
           "reference": {"DYS19": "14", "DYS390": 24, "DYS385": "11,14"},
           "meioses": meioses, "mutation_rate": 0.002, "database": database,
           "frequency": frequency})
}

/// The lineage `section` of report `out` compared `compared` positions, found no difference,
/// gave `want` and multiplied the autosomal LR by it.
fn assert_no_difference(out: &Value, section: &str, compared: u64, want: f64) {
    let block = &out[section];
    assert!(close(block["lr"].as_f64().unwrap(), want), "{out}");
    assert_eq!(block["compared"], compared);
    assert_eq!(block["differences"], json!([]));
    assert!(close(
        out["combined_lr"].as_f64().unwrap(),
        AUTOSOMAL * want
    ));
}

#[test]
fn y_str_matches_and_single_steps_follow_the_closed_form() {
    let mu: f64 = 0.002;
    let same = json!({"DYS19": "14", "DYS390": "24", "DYS385": "11,14", "DYS391": "10"});
    // Four copies compared (DYS385 has two); DYS391 is typed on one side only.
    let out = report(json!({"y_str": y_section(same.clone(), 1,
        json!({"size": 1000, "count": 4}), "estimate")}));
    let want = (1.0 - mu).powi(4) / 0.004;
    assert_no_difference(&out, "y_str", 3, want);
    assert!(
        close(out["lr"].as_f64().unwrap(), AUTOSOMAL),
        "autosomal LR unchanged"
    );

    // One step at DYS19 over two meioses, unseen haplotype: the 95% bound.
    let one = json!({"DYS19": "15", "DYS390": "24", "DYS385": "11,14"});
    let out = report(json!({"y_str": y_section(one, 2,
        json!({"size": 500, "count": 0}), "upper_95")}));
    let stay = (1.0 - mu).powi(2) + mu * mu / 2.0;
    let step = 2.0 * (1.0 - mu) * mu / 2.0;
    let f = 1.0 - 0.05f64.powf(1.0 / 500.0);
    assert!(close(f, clopper_pearson_upper(0, 500, 0.05)));
    let y = &out["y_str"];
    assert!(close(y["frequency"].as_f64().unwrap(), f), "{out}");
    assert!(
        close(y["lr"].as_f64().unwrap(), step * stay.powi(3) / f),
        "{out}"
    );
    assert_eq!(y["differences"], json!(["DYS19:1"]));

    // A non-stepwise difference excludes.
    let micro = json!({"DYS19": "14.2", "DYS390": "24", "DYS385": "11,14"});
    let out = report(json!({"y_str": y_section(micro, 1,
        json!({"size": 10, "count": 1}), "estimate")}));
    assert_eq!(out["y_str"]["lr"].as_f64(), Some(0.0));
    assert_eq!(out["combined_lr"].as_f64(), Some(0.0));
}

#[test]
fn y_str_frequency_is_counted_in_a_listed_database_at_the_compared_loci() {
    let remains = json!({"DYS19": "14", "DYS390": "24", "DYS385": "11,14"});
    let db = json!({"haplotypes": [
        {"DYS19": "14", "DYS390": "24", "DYS385": "11,14", "DYS391": "11"},
        {"DYS19": "14", "DYS390": "24", "DYS385": "11,14"},
        {"DYS19": "15", "DYS390": "24", "DYS385": "11,14"},
        {"DYS19": "14", "DYS390": "24"}
    ]});
    let out = report(json!({"y_str": y_section(remains, 1, db, "estimate")}));
    let y = &out["y_str"];
    assert_eq!(
        (y["count"].as_u64(), y["database_size"].as_u64()),
        (Some(2), Some(4))
    );
    assert!(
        close(y["lr"].as_f64().unwrap(), 0.998f64.powi(4) / 0.5),
        "{out}"
    );
}

fn mt_side(ranges: &str, variants: Value) -> Value {
    json!({"ranges": ranges, "variants": variants})
}

#[test]
fn mtdna_differences_over_the_overlap_follow_the_poisson_closed_form() {
    let r: f64 = 0.001;
    // The reference also read 73-340 (with 73G there); the remains did not: not compared.
    let section = |remains_variants: Value, database: Value, frequency: &str| {
        json!({"remains": mt_side("16024-16365", remains_variants),
               "reference": mt_side("16024-16365;73-340", json!("73G 16223T")),
               "meioses": 3, "mutation_rate": r, "database": database,
               "frequency": frequency})
    };
    let out = report(json!({"mtdna": section(json!(["16223T"]),
        json!({"size": 800, "count": 8}), "estimate")}));
    let want = (-3.0 * r).exp() / 0.01;
    assert_no_difference(&out, "mtdna", 342, want);

    // One difference, frequency counted among listed profiles (one of two agrees).
    let db = json!({"haplotypes": [
        mt_side("16000-16400", json!("16223T 16311C")),
        mt_side("16000-16400", json!("16223T"))
    ]});
    let out = report(json!({"mtdna": section(json!("16223T 16311C"), db, "estimate")}));
    let mt = &out["mtdna"];
    let lambda = 3.0 * r;
    assert_eq!(mt["differences"], json!(["16311C"]));
    assert_eq!(mt["count"].as_u64(), Some(1));
    assert!(
        close(mt["lr"].as_f64().unwrap(), lambda * (-lambda).exp() / 0.5),
        "{out}"
    );
}

#[test]
fn both_lineage_systems_multiply_into_the_combined_lr() {
    let y = json!({"remains": {"DYS19": "14"}, "reference": {"DYS19": "14"}, "meioses": 1,
                   "mutation_rate": {"DYS19": 0.003}, "database": {"size": 100, "count": 5},
                   "frequency": "estimate"});
    let mt = json!({"remains": mt_side("16024-16365", json!("")),
                    "reference": mt_side("16024-16365", json!([])), "meioses": 1,
                    "mutation_rate": 0.0, "database": {"size": 50, "count": 10},
                    "frequency": "estimate"});
    let out = report(json!({"y_str": y, "mtdna": mt}));
    let want = AUTOSOMAL * (0.997 / 0.05) * (1.0 / 0.2);
    assert!(close(out["combined_lr"].as_f64().unwrap(), want), "{out}");
    // Without lineage sections the report keeps its autosomal shape.
    let plain = report(json!({}));
    assert!(plain.get("combined_lr").is_none() && plain.get("y_str").is_none());
}

#[test]
fn nothing_typed_on_both_sides_contributes_nothing() {
    let y = json!({"remains": {"DYS19": "14"}, "reference": {"DYS390": "24"}, "meioses": 1,
                   "mutation_rate": 0.002, "database": {"size": 100, "count": 5}});
    let out = report(json!({"y_str": y}));
    assert_eq!(out["y_str"]["lr"], Value::Null);
    assert!(close(out["combined_lr"].as_f64().unwrap(), AUTOSOMAL));
}

#[test]
fn malformed_lineage_sections_are_refused_naming_the_section() {
    let good_y = json!({"remains": {"DYS19": "14"}, "reference": {"DYS19": "14"},
                        "meioses": 1, "mutation_rate": 0.002,
                        "database": {"size": 100, "count": 5}});
    let with = |key: &str, value: Value| {
        let mut y = good_y.clone();
        y[key] = value;
        evaluate_case_json(&case(json!({ "y_str": y })))
    };
    let mut unseen = good_y.clone();
    unseen["database"] = json!({"size": 10, "count": 0});
    unseen["frequency"] = json!("estimate");
    let unseen_estimate = evaluate_case_json(&case(json!({ "y_str": unseen })));
    let cases: Vec<(Result<_, CaseError>, &str)> = vec![
        (with("meioses", json!(0)), "meioses"),
        (with("database", json!({"size": 10, "count": 11})), "count"),
        (with("database", json!({"size": 10})), "database"),
        (with("mutation_rate", json!(1.5)), "mutation_rate"),
        (with("mutation_rate", json!({"DYS390": 0.001})), "DYS19"),
        (with("frequency", json!("median")), "median"),
        (unseen_estimate, "upper_95"),
        (with("colour", json!("red")), "colour"),
        (with("remains", json!({"DYS19": "x"})), "DYS19"),
        (
            evaluate_case_json(&case(json!({"mtdna": {
                "remains": {"ranges": "16024-16365", "variants": "16223T"},
                "reference": {"ranges": "16024-16365", "variants": "73G"},
                "meioses": 1, "mutation_rate": 0.001, "database": {"size": 10, "count": 1}}}))),
            "73",
        ),
    ];
    for (result, needle) in cases {
        let err = result.expect_err(needle).to_string();
        assert!(err.contains(needle), "{needle}: {err}");
        assert!(!err.contains('\n'), "one line: {err}");
        let section = err.contains("y_str") || err.contains("mtdna");
        assert!(section, "names the section: {err}");
    }
}
