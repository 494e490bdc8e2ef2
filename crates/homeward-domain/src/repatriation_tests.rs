//! Tests of the batch state machine, the receiving state's nationality and who may join a batch.

use super::*;
use crate::error::assert_refused_on;
use crate::{
    BiologicalProfile, NationalityAssessment, NewRemainsCase, OrganizationId, RecoveryContext,
    RecoverySiteId, RemainsCaseId, SkeletalInventory,
};

fn org(id: i64, name: &str, country: &str) -> Organization {
    Organization {
        id: OrganizationId(id),
        name: name.into(),
        country: country.into(),
        names: name.into(),
    }
}

fn batch(state: BatchState) -> RepatriationBatch {
    let batch = NewRepatriationBatch {
        sequence_number: 9,
        sender: org(1, "MND", "KR"),
        receiver: org(2, "MVA", "CN"),
    };
    RepatriationBatch {
        id: RepatriationBatchId(1),
        code: batch.code(),
        batch,
        state,
    }
}

fn case(nationality: Nationality, status: LifecycleStatus) -> RemainsCase {
    RemainsCase {
        id: RemainsCaseId(7),
        status,
        case: NewRemainsCase {
            accession: "HW-7".into(),
            site: RecoverySiteId(1),
            recovery_date: CalendarDate::parse("2021-05-03").unwrap(),
            context: RecoveryContext::IndividualGrave,
            inventory: SkeletalInventory::default(),
            profile: BiologicalProfile::default(),
            condition: String::new(),
            nationality: NationalityAssessment {
                nationality,
                evidence: String::new(),
                committee_decision: None,
            },
            storage_location: String::new(),
            external_numbers: vec![],
            synthetic: false,
        },
    }
}

#[test]
fn steps_go_one_at_a_time_in_order() {
    for pair in BatchState::ALL.windows(2) {
        assert_eq!(pair[0].check_advance(pair[1]), Ok(()));
    }
    let err = BatchState::Planned
        .check_advance(BatchState::Encoffined)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a repatriation batch cannot go from \"planned\" to \"encoffined\"; the next step is \
         \"jointly_verified\" (steps cannot be skipped)"
    );
    assert!(
        BatchState::Buried
            .check_advance(BatchState::Planned)
            .unwrap_err()
            .to_string()
            .contains("final")
    );
    for s in BatchState::ALL {
        assert!(s.check_advance(s).is_err());
        assert_eq!(BatchState::from_code(s.code()), Ok(s));
    }
    assert!(BatchState::Received.is_open() && !BatchState::Buried.is_open());
}

#[test]
fn each_country_receives_its_own_soldiers() {
    assert_eq!(nationality_received_by("CN"), Ok(Nationality::Cpv));
    assert_eq!(nationality_received_by("kr"), Ok(Nationality::Rok));
    assert_eq!(nationality_received_by("KP"), Ok(Nationality::Kpa));
    assert_eq!(nationality_received_by("US").unwrap().code(), "un:US");
    assert!(nationality_received_by("USA").is_err());
}

#[test]
fn a_batch_is_planned_between_two_organizations() {
    let mut b = batch(BatchState::Planned).batch;
    assert_eq!(b.validate(), Ok(()));
    assert_eq!(b.code(), "KR-CN-9");
    b.sequence_number = 0;
    assert_refused_on(b.validate(), "sequence_number");
    let mut b = batch(BatchState::Planned).batch;
    b.receiver = b.sender.clone();
    assert_refused_on(b.validate(), "receiver");
}

#[test]
fn only_cases_determined_as_the_receivers_nationality_join() {
    let b = batch(BatchState::Planned);
    let ok = case(Nationality::Cpv, LifecycleStatus::NationalityDetermined);
    assert_eq!(check_may_join(&b, &ok, None), Ok(()));
    let undetermined = case(Nationality::Undetermined, LifecycleStatus::Examined);
    let err = check_may_join(&b, &undetermined, None).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "remains case HW-7 cannot join batch KR-CN-9: its nationality is not determined"
        ),
        "{err}"
    );
    let korean = case(Nationality::Rok, LifecycleStatus::NationalityDetermined);
    assert!(
        check_may_join(&b, &korean, None)
            .unwrap_err()
            .to_string()
            .contains("\"rok\", but MVA receives \"cpv\"")
    );
    let buried = case(Nationality::Cpv, LifecycleStatus::Buried);
    assert!(check_may_join(&b, &buried, None).is_err());
}

#[test]
fn a_case_is_in_one_open_batch_only_and_joins_only_planned_batches() {
    let b = batch(BatchState::Planned);
    let c = case(Nationality::Cpv, LifecycleStatus::DesignatedForRepatriation);
    let err = check_may_join(&b, &c, Some("KR-CN-8")).unwrap_err();
    assert!(
        err.to_string().contains("already in open batch KR-CN-8"),
        "{err}"
    );
    let late = batch(BatchState::Encoffined);
    assert!(
        check_may_join(&late, &c, None)
            .unwrap_err()
            .to_string()
            .contains("the batch is encoffined")
    );
}

#[test]
fn joint_verification_needs_both_sides_and_agreement_on_every_case() {
    let v = JointVerification {
        sending_experts: vec!["Dr. Park".into()],
        receiving_experts: vec!["Dr. Li".into()],
        date: CalendarDate::parse("2022-09-01").unwrap(),
        notes: "consistent".into(),
        both_agreed: true,
    };
    assert_eq!(v.validate(), Ok(()));
    let mut lonely = v.clone();
    lonely.receiving_experts.clear();
    assert_refused_on(lonely.validate(), "receiving_experts");
    let mut posing = v.clone();
    posing.notes = crate::Phrase::new("sys-note-imported").stored();
    assert_refused_on(posing.validate(), "notes");
    let mut posing = v.clone();
    posing.sending_experts = vec![crate::Phrase::new("sys-note-imported").stored()];
    assert_refused_on(posing.validate(), "sending_experts");
    let mut disputed = v.clone();
    disputed.both_agreed = false;
    assert_eq!(check_jointly_verified("B", &[("HW-1", Some(&v))]), Ok(()));
    let err = check_jointly_verified("B", &[("HW-1", Some(&v)), ("HW-2", None)]).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("no joint verification is recorded for HW-2"),
        "{err}"
    );
    let err = check_jointly_verified("B", &[("HW-1", Some(&disputed))]).unwrap_err();
    assert!(
        err.to_string().contains("did not both agree on HW-1"),
        "{err}"
    );
    assert!(check_jointly_verified("B", &[]).is_err());
}
