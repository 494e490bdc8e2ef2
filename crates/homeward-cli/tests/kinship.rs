//! `homeward kinship lr` as a user runs it: CASE.json in, JSON on stdout; bad input exits 2 with
//! one line on stderr and nothing on stdout.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn homeward_lr(case: &Path) -> Output {
    homeward(&["kinship", "lr", case.to_str().unwrap()])
}

/// Writes `text` to `name` in `dir`; the file's path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Asserts the run succeeded (else shows its stderr).
fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Asserts the run succeeded; its stdout as JSON.
fn json_of(out: &Output) -> serde_json::Value {
    assert_ok(out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Asserts bad input: exit 2, nothing on stdout, one line on stderr; that line.
fn refused(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    err
}

const PARENT_CHILD: &str = r#"{
  "frequencies": {"D3S1358": {"14": 0.13, "15": 0.26, "16": 0.24, "17": 0.37}},
  "pedigree": [{"id": "F", "sex": "M", "father": null, "mother": null},
               {"id": "M", "sex": "F", "father": null, "mother": null},
               {"id": "MP", "sex": "M", "father": "F", "mother": "M"}],
  "missing": "MP",
  "remains": {"D3S1358": ["15", "16"]},
  "references": {"F": {"D3S1358": ["14", "15"]}}
}"#;

#[test]
fn a_parent_child_case_gives_the_closed_form() {
    let dir = tempfile::tempdir().unwrap();
    let json = json_of(&homeward_lr(&write(dir.path(), "pc.json", PARENT_CHILD)));
    // Father 14/15, child 15/16: LR = 1 / (4 p15).
    let expected = 1.0 / (4.0 * 0.26);
    let lr = json["lr"].as_f64().unwrap();
    assert!(
        (lr - expected).abs() <= 1e-12 * expected,
        "{lr} vs {expected}"
    );
    assert!((json["log10_lr"].as_f64().unwrap() - expected.log10()).abs() < 1e-12);
    assert!((json["markers"]["D3S1358"]["lr"].as_f64().unwrap() - expected).abs() < 1e-12);
}

#[test]
fn an_allele_missing_from_the_table_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let bad = PARENT_CHILD.replace(r#"["15", "16"]"#, r#"["15", "31.2"]"#);
    let err = refused(&homeward_lr(&write(dir.path(), "bad.json", &bad)));
    assert!(err.contains("31.2") && err.contains("D3S1358"), "{err}");
}

#[test]
fn a_missing_file_exits_2() {
    let out = homeward_lr(Path::new("/nonexistent/case.json"));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn the_shared_reference_cases_match_through_the_cli() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/kinship-cases");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        homeward_testkit::skip(
            "../shared/kinship-cases not found; reference cases not run through the CLI",
        );
        return;
    };
    let mut checked = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // A case has its `.expected.json` beside it; exclusion-power.json is another kind.
        if !name.ends_with(".json")
            || name.ends_with(".expected.json")
            || !path
                .with_file_name(name.replace(".json", ".expected.json"))
                .exists()
        {
            continue;
        }
        let expected_path = path.with_file_name(name.replace(".json", ".expected.json"));
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(expected_path).unwrap()).unwrap();
        let out = homeward_lr(&path);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let (g, e) = (
            got["lr"].as_f64().unwrap(),
            expected["lr"].as_f64().unwrap(),
        );
        // 1e-9 relative plus the allowance of ../shared/data/README.md (at most 2.2e-8 here).
        assert!(
            (g - e).abs() <= 3e-8 * e.abs(),
            "{name}: {g} vs forrel's {e}"
        );
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} cases found");
}

fn homeward(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_homeward"))
        .args(args)
        .output()
        .expect("the homeward binary runs")
}

/// Remains HW-1 (15/16) and HW-2 (14/14) at D3S1358.
const REMAINS_CSV: &str = "sample,marker,allele1,allele2\nHW-1,D3S1358,15,16\nHW-2,D3S1358,14,14\n";

/// Family FAM-7, whose missing son's father is 14/15 at D3S1358.
const FAMILIES_JSON: &str = r#"{"families": [{"id": "FAM-7",
            "pedigree": [{"id": "F", "sex": "M", "father": null, "mother": null},
                         {"id": "M", "sex": "F", "father": null, "mother": null},
                         {"id": "MP", "sex": "M", "father": "F", "mother": "M"}],
            "missing": "MP",
            "references": {"F": {"D3S1358": ["14", "15"]}}}]}"#;

/// The D3S1358 frequency table of [`PARENT_CHILD`].
const FREQUENCIES_JSON: &str =
    r#"{"markers": {"D3S1358": {"14": 0.13, "15": 0.26, "16": 0.24, "17": 0.37}}}"#;

/// Writes a screening input into `dir`: `remains` (CSV), `families` (JSON) and the frequency
/// table. Returns the remains, families and frequencies paths.
fn screening_files(dir: &Path, remains: &str, families: &str) -> [PathBuf; 3] {
    [
        write(dir, "remains.csv", remains),
        write(dir, "families.json", families),
        write(dir, "freqs.json", FREQUENCIES_JSON),
    ]
}

/// The small screening input: [`REMAINS_CSV`], [`FAMILIES_JSON`] and the frequency table.
fn screening_inputs(dir: &Path) -> [PathBuf; 3] {
    screening_files(dir, REMAINS_CSV, FAMILIES_JSON)
}

/// `homeward kinship screen` over `inputs` (remains, families, frequencies), then `flags`.
fn screen(inputs: &[PathBuf; 3], flags: &[&str]) -> Output {
    let [remains, families, freqs] = inputs.each_ref().map(|p| p.to_str().unwrap());
    let mut args = vec![
        "kinship",
        "screen",
        "--remains",
        remains,
        "--families",
        families,
        "--frequencies",
        freqs,
    ];
    args.extend_from_slice(flags);
    homeward(&args)
}

#[test]
fn kinship_screen_with_top_zero_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = screening_inputs(dir.path());
    let out = dir.path().join("out.csv");
    let flags = [
        "--min-lr",
        "0",
        "--top",
        "0",
        "--out",
        out.to_str().unwrap(),
    ];
    let reply = screen(&inputs, &flags);
    let err = String::from_utf8_lossy(&reply.stderr);
    assert_eq!(reply.status.code(), Some(2), "{err}");
    assert!(reply.stdout.is_empty(), "stdout {:?}", reply.stdout);
    assert!(!err.contains("panicked"), "{err}");
    for needle in ["`top`", "top ≥ 1"] {
        assert!(err.contains(needle), "{needle:?} not in {err}");
    }
    assert!(!out.exists(), "nothing written");
}

#[test]
fn screening_finds_the_family_with_the_exact_lr() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = screening_inputs(dir.path());
    let json = json_of(&screen(&inputs, &["--min-lr", "0.5", "--format", "json"]));
    let text = json.to_string();
    assert!(text.contains("HW-1") && text.contains("FAM-7"), "{text}");
    // HW-1 (15/16) against father 14/15: 1/(4 p15); HW-2 (14/14): 1/(2 p14) — both ≥ 0.5.
    let lrs: Vec<f64> = text
        .split("\"lr\":")
        .skip(1)
        .filter_map(|s| s.split([',', '}']).next()?.trim().parse().ok())
        .collect();
    for expected in [1.0 / (4.0 * 0.26), 1.0 / (2.0 * 0.13)] {
        assert!(
            lrs.iter().any(|lr| (lr - expected).abs() < 1e-9 * expected),
            "{expected} among {lrs:?}"
        );
    }
}

#[test]
fn simulation_is_seeded_and_its_cases_evaluate() {
    let dir = tempfile::tempdir().unwrap();
    let case = write(dir.path(), "pc.json", PARENT_CHILD);
    let run = |seed: &str| {
        homeward(&[
            "kinship",
            "simulate",
            case.to_str().unwrap(),
            "--seed",
            seed,
            "--replicates",
            "5",
        ])
    };
    let (a, b, c) = (run("7"), run("7"), run("8"));
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(a.stdout, b.stdout, "the same seed gives the same profiles");
    assert_ne!(a.stdout, c.stdout, "another seed gives other profiles");
    let cases: Vec<serde_json::Value> = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(cases.len(), 5);
    let first = write(dir.path(), "sim.json", &cases[0].to_string());
    assert_ok(&homeward_lr(&first));
}

#[test]
fn a_small_bench_reports_throughput_and_peak_memory() {
    let out = homeward(&[
        "kinship",
        "bench",
        "--families",
        "300",
        "--remains",
        "20",
        "--markers",
        "8",
    ]);
    assert_ok(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("peak memory"), "{text}");
}

/// Case file `name` in `dir`: PARENT_CHILD with lineage sections appended.
fn write_with_lineage(dir: &Path, name: &str, sections: &str) -> PathBuf {
    let trimmed = PARENT_CHILD.trim_end().trim_end_matches('}');
    write(dir, name, &format!("{trimmed},\n{sections}\n}}"))
}

#[test]
fn lineage_sections_add_their_blocks_and_the_combined_lr() {
    let sections = r#""y_str": {"remains": {"DYS19": "14", "DYS390": "24"},
                       "reference": {"DYS19": "14", "DYS390": "24"},
                       "meioses": 1, "mutation_rate": 0.002,
                       "database": {"size": 200, "count": 4}, "frequency": "estimate"},
             "mtdna": {"remains": {"ranges": "16024-16365", "variants": "16223T 16311C"},
                       "reference": {"ranges": "16024-16365", "variants": "16223T"},
                       "meioses": 2, "mutation_rate": 0.001,
                       "database": {"size": 100, "count": 0}}"#;
    let dir = tempfile::tempdir().unwrap();
    let case = write_with_lineage(dir.path(), "lineage.json", sections);
    let json = json_of(&homeward_lr(&case));
    let autosomal = 1.0 / (4.0 * 0.26);
    let y = 0.998f64.powi(2) / 0.02;
    let (lambda, f) = (0.002f64, 1.0 - 0.05f64.powf(1.0 / 100.0));
    let mt = lambda * (-lambda).exp() / f;
    let close = |a: &serde_json::Value, b: f64| (a.as_f64().unwrap() - b).abs() < 1e-12 * b;
    assert!(close(&json["y_str"]["lr"], y), "{json}");
    assert!(close(&json["mtdna"]["lr"], mt), "{json}");
    assert_eq!(json["mtdna"]["differences"], serde_json::json!(["16311C"]));
    assert_eq!(json["mtdna"]["frequency_method"], "upper_95");
    assert!(close(&json["combined_lr"], autosomal * y * mt), "{json}");
    assert!(close(&json["lr"], autosomal), "{json}");
}

#[test]
fn a_bad_lineage_section_exits_2_naming_it() {
    // A database count larger than its size.
    let bad = r#""y_str": {"remains": {"DYS19": "14"}, "reference": {"DYS19": "14"},
                  "meioses": 1, "mutation_rate": 0.002, "database": {"size": 10, "count": 12}}"#;
    let dir = tempfile::tempdir().unwrap();
    let case = write_with_lineage(dir.path(), "bad-lineage.json", bad);
    let err = refused(&homeward_lr(&case));
    assert!(err.contains("y_str") && err.contains("12"), "{err}");
}

#[test]
fn screening_with_theta_reports_the_exact_theta_lr() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = screening_files(
        dir.path(),
        "sample,marker,allele1,allele2\nHW-1,D3S1358,15,16\n",
        r#"[{"id": "FAM-7",
            "pedigree": [{"id": "F", "sex": "M"}, {"id": "M", "sex": "F"},
                         {"id": "MP", "sex": "M", "father": "F", "mother": "M"}],
            "missing": "MP", "references": {"F": {"D3S1358": ["14", "15"]}}}]"#,
    );
    let flags = ["--min-lr", "0", "--theta", "0.02", "--format", "json"];
    let json = json_of(&screen(&inputs, &flags));
    let lr = json[0]["lr"].as_f64().unwrap();
    // The same pair through `kinship lr` with θ = 0.02.
    let theta = PARENT_CHILD.replace(r#""missing": "MP","#, r#""missing": "MP", "theta": 0.02,"#);
    let case = write(dir.path(), "theta.json", &theta);
    let direct: serde_json::Value = serde_json::from_slice(&homeward_lr(&case).stdout).unwrap();
    let want = direct["lr"].as_f64().unwrap();
    assert!((lr - want).abs() < 1e-12 * want, "{lr} vs {want}");
    assert!((want - 1.0 / (4.0 * 0.26)).abs() > 1e-3, "θ changes the LR");
}
