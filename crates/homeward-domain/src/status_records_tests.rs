//! Tests of the records lifecycle statuses rest on.

use super::*;
use crate::LifecycleStatus::*;
use crate::{NationalityAssessment, RecoverySiteId, SkeletalInventory};

fn case(elements: &[&str], nationality: Nationality) -> NewRemainsCase {
    NewRemainsCase {
        accession: "HW-1".into(),
        site: RecoverySiteId(1),
        recovery_date: crate::CalendarDate::parse("2020-05-01").unwrap(),
        context: crate::RecoveryContext::IndividualGrave,
        inventory: SkeletalInventory {
            elements: elements.iter().map(|e| e.to_string()).collect(),
            completeness_pct: 10,
        },
        profile: crate::BiologicalProfile::default(),
        condition: String::new(),
        nationality: NationalityAssessment {
            nationality,
            ..NationalityAssessment::default()
        },
        storage_location: String::new(),
        external_numbers: Vec::new(),
        synthetic: false,
    }
}

#[test]
fn the_status_step_sets_only_decisions_without_a_record() {
    assert_eq!(
        LifecycleStatus::status_step_targets(),
        vec![NationalityDetermined, DesignatedForDomesticBurial]
    );
    let cpv = Nationality::Cpv;
    assert_eq!(
        Examined.check_status_step(NationalityDetermined, cpv),
        Ok(())
    );
    assert_eq!(
        NationalityDetermined.check_status_step(DesignatedForDomesticBurial, cpv),
        Ok(())
    );
    for (from, to, record) in [
        (Recovered, Examined, StatusRecord::Examination),
        (
            NationalityDetermined,
            Identified,
            StatusRecord::Identification,
        ),
        (
            Identified,
            DesignatedForRepatriation,
            StatusRecord::RepatriationBatch,
        ),
        (
            DesignatedForRepatriation,
            HandedOver,
            StatusRecord::BatchHandover,
        ),
        (HandedOver, Buried, StatusRecord::Burial),
        (DesignatedForDomesticBurial, Buried, StatusRecord::Burial),
    ] {
        let err = from.check_status_step(to, cpv).unwrap_err();
        assert_eq!(
            err,
            DomainError::RecordRequired { to, record },
            "{from} → {to}"
        );
        assert!(err.to_string().contains(record.code()), "{err}");
    }
    // An illegal step is still refused as such.
    assert!(matches!(
        Recovered.check_status_step(Buried, cpv),
        Err(DomainError::InvalidTransition { .. })
    ));
    assert!(matches!(
        Examined.check_status_step(NationalityDetermined, Nationality::Undetermined),
        Err(DomainError::PreconditionFailed { .. })
    ));
}

#[test]
fn an_import_carries_the_examination_but_no_other_record() {
    let cpv = Nationality::Cpv;
    assert_eq!(
        import_walk(DesignatedForDomesticBurial, &case(&["cranium"], cpv)),
        Ok(vec![
            Examined,
            NationalityDetermined,
            DesignatedForDomesticBurial
        ])
    );
    assert_eq!(
        import_walk(Examined, &case(&[], cpv)),
        Err(DomainError::RecordRequired {
            to: Examined,
            record: StatusRecord::Examination
        })
    );
    for (to, record) in [
        (Identified, StatusRecord::Identification),
        (DesignatedForRepatriation, StatusRecord::RepatriationBatch),
        (HandedOver, StatusRecord::RepatriationBatch),
        (Buried, StatusRecord::Burial),
    ] {
        assert_eq!(
            import_walk(to, &case(&["cranium"], cpv)).unwrap_err(),
            DomainError::RecordRequired {
                to: if to == HandedOver {
                    DesignatedForRepatriation
                } else {
                    to
                },
                record
            }
        );
    }
    assert_eq!(import_walk(Recovered, &case(&[], cpv)), Ok(vec![]));
}

#[test]
fn missing_records_name_what_a_status_lacks() {
    let none = CaseRecords::default();
    assert!(missing_records(Recovered, &none).is_empty());
    assert_eq!(
        missing_records(Examined, &none),
        vec![StatusRecord::Examination]
    );
    let examined = CaseRecords {
        examination: true,
        nationality_decided: true,
        ..CaseRecords::default()
    };
    assert!(missing_records(NationalityDetermined, &examined).is_empty());
    assert!(missing_records(DesignatedForDomesticBurial, &examined).is_empty());
    assert_eq!(
        missing_records(Identified, &examined),
        vec![StatusRecord::Identification]
    );
    assert_eq!(
        missing_records(HandedOver, &examined),
        vec![StatusRecord::BatchHandover]
    );
    let planned = CaseRecords {
        batch: Some(BatchState::Encoffined),
        ..examined.clone()
    };
    assert!(missing_records(DesignatedForRepatriation, &planned).is_empty());
    assert_eq!(
        missing_records(HandedOver, &planned),
        vec![StatusRecord::BatchHandover]
    );
    let buried = CaseRecords {
        batch: Some(BatchState::Buried),
        burial: true,
        ..examined
    };
    assert!(missing_records(HandedOver, &buried).is_empty());
    assert!(missing_records(Buried, &buried).is_empty());
}

#[test]
fn an_examination_names_an_element_and_moves_a_recovered_case() {
    let mut inventory = SkeletalInventory::default();
    let err = check_examination(&inventory).unwrap_err();
    assert!(err.to_string().starts_with("elements:"), "{err}");
    inventory.elements.push("left femur".into());
    assert_eq!(check_examination(&inventory), Ok(()));
    assert_eq!(examination_moves_to(Recovered), Some(Examined));
    for s in LifecycleStatus::ALL.into_iter().skip(1) {
        assert_eq!(examination_moves_to(s), None, "{s}");
    }
}
