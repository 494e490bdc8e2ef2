//! Lineage screening: who shares the missing person's line and how many meioses apart (worked
//! by hand on a CPV family), and indexes that answer exactly what a scan of every pair answers
//! (seeded random references and queries).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::*;

fn entry(id: &str, sex: Sex, parents: Option<(&str, &str)>) -> PedigreeEntry {
    PedigreeEntry {
        id: id.to_owned(),
        sex,
        father: parents.map(|p| p.0.to_owned()),
        mother: parents.map(|p| p.1.to_owned()),
    }
}

/// The soldier MP; his parents F and M; his brother B and sister S; B's son BS (by BW); S's
/// son SS (by SH); F's brother U (grandparents GF, GM) and U's son C.
fn family() -> Vec<PedigreeEntry> {
    use Sex::*;
    vec![
        entry("GF", Male, None),
        entry("GM", Female, None),
        entry("F", Male, Some(("GF", "GM"))),
        entry("U", Male, Some(("GF", "GM"))),
        entry("UW", Female, None),
        entry("C", Male, Some(("U", "UW"))),
        entry("M", Female, None),
        entry("MP", Male, Some(("F", "M"))),
        entry("B", Male, Some(("F", "M"))),
        entry("S", Female, Some(("F", "M"))),
        entry("BW", Female, None),
        entry("BS", Male, Some(("B", "BW"))),
        entry("SH", Male, None),
        entry("SS", Male, Some(("SH", "S"))),
    ]
}

#[test]
fn who_shares_the_soldiers_lines_and_how_far() {
    let f = family();
    let paternal = |r| line_meioses(&f, "MP", r, Line::Paternal);
    let maternal = |r| line_meioses(&f, "MP", r, Line::Maternal);
    assert_eq!(paternal("F"), Some(1));
    assert_eq!(paternal("B"), Some(2));
    assert_eq!(paternal("BS"), Some(3), "his brother's son carries his Y");
    assert_eq!(paternal("U"), Some(3));
    assert_eq!(
        paternal("C"),
        Some(4),
        "a paternal cousin through two fathers"
    );
    assert_eq!(paternal("GF"), Some(2));
    assert_eq!(paternal("SS"), None, "a sister's son has his father's Y");
    assert_eq!(paternal("S"), None, "a woman carries no Y");
    assert_eq!(paternal("M"), None);
    assert_eq!(maternal("M"), Some(1));
    assert_eq!(maternal("S"), Some(2));
    assert_eq!(maternal("B"), Some(2));
    assert_eq!(
        maternal("SS"),
        Some(3),
        "his sister's son carries his mitochondria"
    );
    assert_eq!(maternal("BS"), None, "a brother's son has his mother's");
    assert_eq!(maternal("F"), None);
    assert_eq!(maternal("MP"), None, "the missing person is no reference");
}

fn random_y(rng: &mut StdRng) -> YHaplotype {
    let loci = [
        "DYS19", "DYS389I", "DYS390", "DYS391", "DYS392", "DYS393", "DYS437", "DYS438",
    ];
    let mut typed: Vec<(String, String)> = Vec::new();
    for locus in loci {
        if rng.random_range(0..10) == 0 {
            continue;
        }
        typed.push((locus.to_owned(), rng.random_range(12..15).to_string()));
    }
    if rng.random_range(0..3) == 0 {
        let a = rng.random_range(11..14);
        typed.push((
            "DYS385".into(),
            format!("{a},{}", a + rng.random_range(0..3)),
        ));
    }
    YHaplotype::new(typed.iter().map(|(l, a)| (l.as_str(), a.as_str()))).unwrap()
}

#[test]
fn the_y_index_answers_what_a_scan_answers() {
    let mut rng = StdRng::seed_from_u64(12);
    let references: Vec<LineReference<YHaplotype>> = (0..400)
        .map(|i| LineReference {
            family: format!("FAM{}", i / 2),
            reference: format!("R{i}"),
            meioses: rng.random_range(1..5),
            haplotype: random_y(&mut rng),
        })
        .collect();
    let index = YIndex::new(references.clone());
    for _ in 0..100 {
        let query = random_y(&mut rng);
        for (max_d, min_c) in [(0, 5), (1, 6), (2, 4), (3, 1)] {
            let scan: Vec<usize> = references
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    let c = y::compare(&query, &r.haplotype);
                    c.compared >= min_c && c.differences.len() <= max_d
                })
                .map(|(i, _)| i)
                .collect();
            let found: Vec<usize> = index
                .near(&query, max_d, min_c)
                .into_iter()
                .map(|(i, _)| i)
                .collect();
            assert_eq!(found, scan, "max {max_d} differences over ≥ {min_c} loci");
        }
    }
}

#[test]
fn the_mt_index_answers_what_a_scan_answers_comparing_each_profile_once() {
    let mut rng = StdRng::seed_from_u64(7);
    let sites = [16093, 16129, 16189, 16223, 16304, 73, 150, 263];
    let random_mt = |rng: &mut StdRng| {
        let hvs1_only = rng.random_range(0..4) == 0;
        let variants: Vec<String> = sites
            .iter()
            .filter(|p| !hvs1_only || **p > 16000)
            .filter(|_| rng.random_range(0..3) == 0)
            .map(|p| format!("{p}{}", if *p > 16000 { "C" } else { "G" }))
            .collect();
        let ranges = if hvs1_only {
            "16024-16365"
        } else {
            "16024-16365;73-340"
        };
        MtProfile::parse(ranges, &variants.join(" ")).unwrap()
    };
    let references: Vec<LineReference<MtProfile>> = (0..300)
        .map(|i| LineReference {
            family: format!("FAM{i}"),
            reference: "M".into(),
            meioses: 1,
            haplotype: random_mt(&mut rng),
        })
        .collect();
    let index = MtIndex::new(references.clone());
    assert!(
        index.distinct() < references.len(),
        "shared profiles are grouped"
    );
    for _ in 0..50 {
        let query = random_mt(&mut rng);
        for max_d in 0..3 {
            let scan: Vec<usize> = references
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    let c = mt::compare(&query, &r.haplotype);
                    c.compared_positions >= 300 && c.differences.len() <= max_d
                })
                .map(|(i, _)| i)
                .collect();
            let found: Vec<usize> = index
                .near(&query, max_d, 300)
                .into_iter()
                .map(|(i, _)| i)
                .collect();
            assert_eq!(found, scan);
        }
    }
}

#[test]
fn a_screen_keeps_each_familys_best_reference_with_the_paternal_lr() {
    let hap = |pairs: &[(&str, &str)]| YHaplotype::new(pairs.iter().copied()).unwrap();
    let soldier = hap(&[("DYS19", "14"), ("DYS390", "24"), ("DYS391", "10")]);
    let nephew = LineReference {
        family: "FAM1".into(),
        reference: "BS".into(),
        meioses: 3,
        haplotype: soldier.clone(),
    };
    let cousin = LineReference {
        family: "FAM1".into(),
        reference: "C".into(),
        meioses: 4,
        haplotype: hap(&[("DYS19", "15"), ("DYS390", "24"), ("DYS391", "10")]),
    };
    let stranger = LineReference {
        family: "FAM2".into(),
        reference: "X".into(),
        meioses: 1,
        haplotype: hap(&[("DYS19", "17"), ("DYS390", "21"), ("DYS391", "11")]),
    };
    let index = YIndex::new(vec![nephew, cousin, stranger]);
    let database = vec![soldier.clone(); 1]
        .into_iter()
        .chain((0..99).map(|_| hap(&[("DYS19", "16"), ("DYS390", "23"), ("DYS391", "11")])))
        .collect::<Vec<_>>();
    let thresholds = LineageThresholds {
        max_differences: 1,
        min_compared: 3,
        min_lr: 1.0,
    };
    let mu = 0.002;
    let found = screen_y(
        &[("HW-1".into(), soldier.clone())],
        &index,
        &database,
        &|_| mu,
        thresholds,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    let best = &found[0];
    assert_eq!(
        (
            best.family.as_str(),
            best.reference.as_str(),
            best.differences
        ),
        ("FAM1", "BS", 0)
    );
    let frequency = crate::lineage::clopper_pearson_upper(1, 100, 0.05);
    // No net change at a locus over 3 meioses: none, or a step up and a step down (6 orders).
    let stay: f64 = (1.0 - mu).powi(3) + 6.0 * (mu / 2.0).powi(2) * (1.0 - mu);
    let by_hand = stay.powi(3) / frequency;
    assert!(
        (best.lr / by_hand - 1.0).abs() < 1e-9,
        "{} vs {by_hand}",
        best.lr
    );
}
