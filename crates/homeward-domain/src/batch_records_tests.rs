//! Tests of encoffining, ceremony, transport and burial validation, and the profile summary.

use super::*;
use crate::error::assert_refused_on;
use crate::{EffectCategory, NewPersonalEffect, RemainsCaseId};

fn effect(id: i64, disposition: EffectDisposition) -> PersonalEffect {
    PersonalEffect {
        id: PersonalEffectId(id),
        effect: NewPersonalEffect {
            remains: Some(RemainsCaseId(1)),
            site: None,
            category: EffectCategory::Seal,
            description: "seal".into(),
            inscription: None,
            condition: String::new(),
            disposition,
        },
    }
}

fn casket(number: u32, remains: &[&str], effects: &[i64]) -> BatchCasket {
    BatchCasket {
        number,
        remains: remains.iter().map(|s| s.to_string()).collect(),
        effects: effects.iter().map(|i| PersonalEffectId(*i)).collect(),
        ceremonial: false,
    }
}

fn date(s: &str) -> CalendarDate {
    CalendarDate::parse(s).unwrap()
}

#[test]
fn every_case_in_one_casket_with_its_own_effects() {
    let effects = vec![
        (
            "A".to_string(),
            effect(10, EffectDisposition::TravelsWithRemains),
        ),
        (
            "B".to_string(),
            effect(11, EffectDisposition::TravelsWithRemains),
        ),
        ("B".to_string(), effect(12, EffectDisposition::Retained)),
    ];
    let batch = ["A", "B"];
    let good = [casket(1, &["A"], &[10]), casket(2, &["B"], &[11])];
    assert_eq!(check_encoffining(&batch, &good, &effects), Ok(()));
    let check = |caskets: &[BatchCasket]| {
        check_encoffining(&batch, caskets, &effects)
            .unwrap_err()
            .to_string()
    };
    assert!(
        check(&[casket(1, &["A"], &[]), casket(1, &["B"], &[])])
            .contains("casket number 1 is used twice")
    );
    assert!(check(&[casket(1, &["A"], &[])]).contains("no casket holds B"));
    assert!(
        check(&[casket(1, &["A", "B"], &[]), casket(2, &["B"], &[])])
            .contains("B is in casket 1 and casket 2")
    );
    assert!(
        check(&[casket(1, &["A", "B", "C"], &[])]).contains("C (casket 1) is not in this batch")
    );
    assert!(
        check(&[casket(1, &["A"], &[11]), casket(2, &["B"], &[])])
            .contains("effect 11 was found with B, which is not in casket 1")
    );
    assert!(check(&[casket(1, &["A"], &[]), casket(2, &["B"], &[12])]).contains("to be retained"));
    assert!(check(&[casket(1, &["A"], &[99]), casket(2, &["B"], &[])]).contains("effect 99"));
    assert!(check(&[casket(1, &["A"], &[10]), casket(2, &["B"], &[10])]).contains("effect 10"));
    assert!(check(&[casket(0, &["A", "B"], &[])]).contains("start at 1"));
    assert!(
        check(&[casket(1, &["A", "B"], &[]), casket(2, &[], &[])])
            .contains("casket 2 holds no remains")
    );
}

#[test]
fn ceremony_and_transport_name_their_fields() {
    let ceremony = HandoverCeremony {
        date: date("2022-09-16"),
        place: "Incheon".into(),
        sending_officials: vec!["Vice Minister".into()],
        receiving_officials: vec![],
    };
    assert_refused_on(ceremony.validate(), "receiving_officials");
    let transport = Transport {
        carrier: "PLA Air Force".into(),
        aircraft: "Y-20".into(),
        flight: None,
        escort: "J-20 pair".into(),
        departure_place: "Incheon".into(),
        departure_date: date("2022-09-16"),
        arrival_place: "Shenyang".into(),
        arrival_date: date("2022-09-15"),
    };
    assert_refused_on(transport.validate(), "arrival_date");
}

#[test]
fn burials_cover_the_batch_once_with_distinct_plots() {
    let burial = |plot: &str| Burial {
        cemetery: "Shenyang".into(),
        section: "1".into(),
        row: "1".into(),
        plot: plot.into(),
        date: date("2022-09-17"),
    };
    let batch = ["A", "B"];
    let ok = vec![
        ("A".to_string(), burial("1")),
        ("B".to_string(), burial("2")),
    ];
    assert_eq!(check_burials(&batch, &ok), Ok(()));
    let twice = vec![
        ("A".to_string(), burial("1")),
        ("B".to_string(), burial("1")),
    ];
    assert_refused_on(check_burials(&batch, &twice), "plot");
    let short = vec![("A".to_string(), burial("1"))];
    assert!(
        check_burials(&batch, &short)
            .unwrap_err()
            .to_string()
            .contains("no burial is given for B")
    );
    let empty_plot = vec![
        ("A".to_string(), burial(" ")),
        ("B".to_string(), burial("2")),
    ];
    assert_refused_on(check_burials(&batch, &empty_plot), "plot");
}

#[test]
fn profile_summaries_round_trip() {
    let full = BiologicalProfile {
        sex: SexEstimate::ProbableMale,
        age_range: Some((18, 25)),
        stature_range_cm: Some((160, 171)),
    };
    assert_eq!(
        full.summary(),
        "sex probable_male; age 18-25; stature 160-171 cm"
    );
    for p in [full, BiologicalProfile::default()] {
        assert_eq!(BiologicalProfile::parse_summary(&p.summary()), Ok(p));
    }
    assert!(BiologicalProfile::parse_summary("male, 20").is_err());
}

#[test]
fn a_grave_is_the_resting_place_of_the_buried() {
    let mut grave = Burial {
        cemetery: " Shenyang Cemetery of CPV Martyrs ".into(),
        section: "A".into(),
        row: "3".into(),
        plot: "12".into(),
        date: date("2022-09-17"),
    };
    assert_eq!(
        grave.resting_place(),
        "Shenyang Cemetery of CPV Martyrs, A/3/12"
    );
    grave.row = " ".into();
    assert_eq!(
        grave.resting_place(),
        "Shenyang Cemetery of CPV Martyrs, A/12"
    );
}
