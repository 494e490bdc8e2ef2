//! Repatriation batches: the whole way from planned to buried with its signed ledger entries,
//! and the refusals — a skipped step, a case without nationality determined, a case in two open
//! batches, a batch not jointly verified — each of which changes nothing.

use homeward_domain::{
    BatchCasket, BatchCode, BatchState, Burial, CalendarDate, DomainError, EffectDisposition,
    JointVerification, LifecycleStatus, NewRepatriationBatch, Organization, PersonalEffectId,
    RemainsCaseId,
};
use homeward_ledger::{ContentHash, EventKind, OrganizationKey};
use homeward_store::{DocumentKind, Store, StoreError};
use homeward_testkit::batch::{ceremony, transport};

use crate::fixtures::CaseWrites;
use crate::fixtures::organization;
use crate::fixtures::{
    accessioned, assert_matches, assert_not_found, case, cpv, ctx, date, effect, examine,
    examine_and_decide, key, site_and_officer, system, verified_entries,
};

const MND: &str = "Ministry of National Defense";
const MVA: &str = "Ministry of Veterans Affairs";

/// The sender (KR, with its key stored) and the receiver (CN, no key here).
pub(crate) async fn parties(store: &dyn Store) -> (Organization, Organization) {
    let (sender, receiver) = organizations(store).await;
    store
        .save_organization_key(&OrganizationKey::from_seed(MND, &[7; 32]), system())
        .await
        .unwrap();
    (sender, receiver)
}

/// The sender and the receiver, stored without any key.
async fn organizations(store: &dyn Store) -> (Organization, Organization) {
    for (name, country) in [(MND, "KR"), (MVA, "CN")] {
        organization(store, name, country).await;
    }
    let orgs = store.organizations().await.unwrap();
    let find = |n: &str| orgs.iter().find(|o| o.name == n).unwrap().clone();
    (find(MND), find(MVA))
}

/// Batch `sequence_number` from the stored sender to the stored receiver.
async fn new_batch(store: &dyn Store, sequence_number: u32) -> NewRepatriationBatch {
    let orgs = store.organizations().await.unwrap();
    let find = |n: &str| orgs.iter().find(|o| o.name == n).unwrap().clone();
    NewRepatriationBatch {
        sequence_number,
        sender: find(MND),
        receiver: find(MVA),
    }
}

/// A case whose nationality the committee determined as CPV, with one effect that travels.
pub(crate) async fn cpv_case(
    store: &dyn Store,
    accession: &str,
) -> (RemainsCaseId, PersonalEffectId) {
    let site = match store.site_by_code(&key("GW-CW-001")).await.unwrap() {
        Some(s) => s.id,
        None => site_and_officer(store).await.0,
    };
    let id = accessioned(store, &case(accession, site), ctx(None, 1)).await;
    store
        .record_nationality(id, &cpv(), ctx(None, 2))
        .await
        .unwrap();
    examine_and_decide(store, id, ctx(None, 3)).await;
    let mut e = effect(Some(id), None);
    e.disposition = EffectDisposition::TravelsWithRemains;
    let effect = store.record_effect(&e, ctx(None, 4)).await.unwrap();
    (id, effect)
}

pub(crate) async fn plan(store: &dyn Store, sequence_number: u32) -> BatchCode {
    let new = new_batch(store, sequence_number).await;
    let code = store.create_batch(&new, ctx(None, 10)).await.unwrap().code;
    code.parse().unwrap()
}

/// Batch `sequence_number` planned, with case `accession` added at `T0 + at` seconds.
pub(crate) async fn plan_with(
    store: &dyn Store,
    sequence_number: u32,
    accession: &str,
    at: i64,
) -> BatchCode {
    let code = plan(store, sequence_number).await;
    let accession = key(accession);
    let added = store.add_batch_remains(&code, &accession, ctx(None, at));
    added.await.unwrap();
    code
}

fn verification() -> JointVerification {
    JointVerification {
        sending_experts: vec!["Dr. Park".into()],
        receiving_experts: vec!["Dr. Li".into()],
        date: date("2022-09-01"),
        notes: "consistent with CPV".into(),
        both_agreed: true,
    }
}

/// Casket `number` holding case `accession` and its effect `effect`.
fn casket(number: u32, accession: &str, effect: PersonalEffectId, ceremonial: bool) -> BatchCasket {
    BatchCasket {
        number,
        remains: vec![accession.into()],
        effects: vec![effect],
        ceremonial,
    }
}

/// Batch KR-CN-9, planned between the two parties, holding case HW-1 (whose travelling
/// effect is returned with it).
async fn planned_with_one_case(store: &dyn Store) -> (BatchCode, PersonalEffectId) {
    parties(store).await;
    let (_, e) = cpv_case(store, "HW-1").await;
    (plan_with(store, 9, "HW-1", 11).await, e)
}

/// Everything a refused write must leave as it was.
async fn snapshot(store: &dyn Store, batch: &BatchCode) -> impl PartialEq + std::fmt::Debug {
    (
        store.batch(batch).await.unwrap(),
        store.ledger_head().await.unwrap(),
        store.audit_log(10_000, 0).await.unwrap().len(),
        store.all_remains().await.unwrap(),
    )
}

pub async fn a_batch_goes_from_planned_to_buried_signing_each_step(store: &dyn Store) {
    let (sender, receiver) = parties(store).await;
    let (a, ea) = cpv_case(store, "HW-1").await;
    let (_, eb) = cpv_case(store, "HW-2").await;
    let code = plan(store, 9).await;
    assert_eq!(code, "KR-CN-9");
    for acc in ["HW-1", "HW-2"] {
        store
            .add_batch_remains(&code, &key(acc), ctx(None, 11))
            .await
            .unwrap();
        store
            .record_joint_verification(&code, &key(acc), &verification(), ctx(None, 12))
            .await
            .unwrap();
    }
    assert_eq!(
        store.remains_case(a).await.unwrap().unwrap().status,
        LifecycleStatus::DesignatedForRepatriation
    );
    store
        .advance_batch(&code, BatchState::JointlyVerified, ctx(None, 13))
        .await
        .unwrap();
    let caskets = vec![casket(1, "HW-1", ea, true), casket(2, "HW-2", eb, false)];
    store
        .encoffin_batch(&code, &caskets, ctx(None, 14))
        .await
        .unwrap();
    let (sha, receipt) = (ContentHash::of(b"manifest"), ContentHash::of(b"receipt"));
    store
        .issue_batch_manifest(&code, "manifest text", &sha.to_hex(), ctx(None, 15))
        .await
        .unwrap();
    let (ceremony, transport) = (ceremony(), transport());
    store
        .hand_over_batch(&code, &ceremony, &transport, ctx(None, 16))
        .await
        .unwrap();
    store
        .receive_batch(&code, "receipt text", &receipt.to_hex(), ctx(None, 17))
        .await
        .unwrap();
    let burial = |plot: &str| Burial {
        cemetery: "Shenyang Cemetery of CPV Martyrs".into(),
        section: "A".into(),
        row: "1".into(),
        plot: plot.into(),
        date: CalendarDate::parse("2022-09-17").unwrap(),
    };
    let burials = vec![
        ("HW-1".to_string(), burial("1")),
        ("HW-2".to_string(), burial("2")),
    ];
    store
        .bury_batch(&code, &burials, ctx(None, 18))
        .await
        .unwrap();

    let record = store.batch(&code).await.unwrap().unwrap();
    assert_eq!(record.batch.state, BatchState::Buried);
    assert_eq!(
        (record.batch.batch.sender.id, record.batch.batch.receiver.id),
        (sender.id, receiver.id)
    );
    assert_eq!(record.ceremony, Some(ceremony));
    assert_eq!(record.transport, Some(transport));
    assert_eq!(record.caskets.len(), 2);
    assert!(record.caskets[0].ceremonial && !record.caskets[1].ceremonial);
    assert_eq!(record.caskets[1].remains, ["HW-2"]);
    assert_eq!(record.caskets[1].effects[0].id, eb);
    assert_eq!(record.remains[0].verification, Some(verification()));
    assert_eq!(record.remains[1].burial, Some(burial("2")));
    let buried = store.remains_case(a).await.unwrap().unwrap();
    assert_eq!(buried.status, LifecycleStatus::Buried);
    // The buried are kept in their grave, not where they waited for the handover.
    assert_eq!(
        buried.case.storage_location,
        record.remains[0].burial.as_ref().unwrap().resting_place()
    );
    let doc = store
        .batch_document(&code, DocumentKind::Receipt)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (doc.text.as_str(), doc.sha256.as_str()),
        ("receipt text", receipt.to_hex().as_str())
    );
    assert_eq!(store.batches().await.unwrap().len(), 1);

    let entries = verified_entries(store).await;
    let kinds: Vec<EventKind> = entries.iter().map(|e| e.entry.event.kind()).collect();
    for k in [
        EventKind::BatchStepReached,
        EventKind::JointlyVerified,
        EventKind::Encoffined,
        EventKind::HandedOver,
        EventKind::Transported,
        EventKind::Received,
        EventKind::Buried,
    ] {
        assert!(kinds.contains(&k), "no {k:?} entry in {kinds:?}");
    }
    assert!(entries.iter().all(|e| e.entry.organization == MND));
    // Every step was the system's (no acting user): the ledger names it as the lifecycle does.
    assert!(
        entries.iter().all(|e| e.entry.actor == "system"),
        "{:?}",
        entries.iter().map(|e| &e.entry.actor).collect::<Vec<_>>()
    );
    let timeline = store.ledger_rows_of_remains(&key("HW-2")).await.unwrap();
    assert!(timeline.len() >= 8, "{}", timeline.len());
    // Buried: the case may join another batch now, and the first one is closed.
    let next = plan(store, 10).await;
    let err = store
        .add_batch_remains(&next, &key("HW-1"), ctx(None, 20))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("status is \"buried\""), "{err}");
}

/// A step taken by a user names that user's username in its signed entries, the one way the
/// lifecycle's custody events name people too.
pub async fn a_step_names_the_acting_user_in_the_ledger(store: &dyn Store) {
    parties(store).await;
    let (_, officer) = site_and_officer(store).await;
    store
        .create_batch(&new_batch(store, 3).await, ctx(Some(officer), 10))
        .await
        .unwrap();
    let entries = verified_entries(store).await;
    let actors: Vec<&str> = entries.iter().map(|e| e.entry.actor.as_str()).collect();
    assert_eq!(actors, ["officer"]);
}

pub async fn a_skipped_step_is_refused_and_changes_nothing(store: &dyn Store) {
    let (code, e) = planned_with_one_case(store).await;
    let before = snapshot(store, &code).await;
    let caskets = [casket(1, "HW-1", e, false)];
    let err = store
        .encoffin_batch(&code, &caskets, ctx(None, 12))
        .await
        .unwrap_err();
    match &err {
        StoreError::Domain(DomainError::BatchStepRefused { from, to }) => {
            assert_eq!((*from, *to), (BatchState::Planned, BatchState::Encoffined))
        }
        other => panic!("expected a refused step, got {other}"),
    }
    assert!(
        err.to_string()
            .contains("the next step is \"jointly_verified\""),
        "{err}"
    );
    for to in [
        BatchState::HandedOver,
        BatchState::Buried,
        BatchState::Planned,
    ] {
        let err = store
            .advance_batch(&code, to, ctx(None, 13))
            .await
            .unwrap_err();
        assert_matches!(
            err,
            StoreError::Domain(DomainError::BatchStepRefused { .. })
        );
    }
    // The right next step, without the joint verification it needs, is refused as well.
    let err = store
        .advance_batch(&code, BatchState::JointlyVerified, ctx(None, 14))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("no joint verification is recorded for HW-1"),
        "{err}"
    );
    assert_eq!(snapshot(store, &code).await, before);
}

pub async fn a_case_without_nationality_determined_is_refused_and_changes_nothing(
    store: &dyn Store,
) {
    parties(store).await;
    let (site, _) = site_and_officer(store).await;
    let id = accessioned(store, &case("HW-9", site), ctx(None, 1)).await;
    examine(store, id, ctx(None, 2)).await;
    let code = plan(store, 9).await;
    let before = snapshot(store, &code).await;
    let err = store
        .add_batch_remains(&code, &key("HW-9"), ctx(None, 3))
        .await
        .unwrap_err();
    assert_matches!(
        err,
        StoreError::Domain(DomainError::BatchMembershipRefused { .. })
    );
    assert!(
        err.to_string()
            .contains("HW-9 cannot join batch KR-CN-9: its nationality is not determined"),
        "{err}"
    );
    assert_eq!(snapshot(store, &code).await, before);
    assert!(
        store
            .batch(&code)
            .await
            .unwrap()
            .unwrap()
            .remains
            .is_empty()
    );
}

pub async fn a_case_is_in_one_open_batch_only(store: &dyn Store) {
    parties(store).await;
    cpv_case(store, "HW-1").await;
    let first = plan(store, 9).await;
    let second = plan(store, 10).await;
    store
        .add_batch_remains(&first, &key("HW-1"), ctx(None, 11))
        .await
        .unwrap();
    let before = snapshot(store, &second).await;
    let err = store
        .add_batch_remains(&second, &key("HW-1"), ctx(None, 12))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("already in open batch KR-CN-9"),
        "{err}"
    );
    let err = store
        .add_batch_remains(&first, &key("HW-1"), ctx(None, 12))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("already in this batch"), "{err}");
    assert_eq!(snapshot(store, &second).await, before);
}

pub async fn a_step_without_the_senders_key_is_refused_and_changes_nothing(store: &dyn Store) {
    organizations(store).await;
    let new = new_batch(store, 1).await;
    let err = store.create_batch(&new, ctx(None, 1)).await.unwrap_err();
    assert_not_found(&err, "signing key of organization");
    assert!(store.batches().await.unwrap().is_empty());
}

pub async fn a_handover_needs_the_issued_manifest_which_is_issued_once(store: &dyn Store) {
    let (code, e) = planned_with_one_case(store).await;
    // Too early for a manifest: nothing is encoffined yet.
    let sha = ContentHash::of(b"m").to_hex();
    let err = store
        .issue_batch_manifest(&code, "m", &sha, ctx(None, 12))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("once it is encoffined"), "{err}");
    store
        .record_joint_verification(&code, &key("HW-1"), &verification(), ctx(None, 13))
        .await
        .unwrap();
    store
        .advance_batch(&code, BatchState::JointlyVerified, ctx(None, 14))
        .await
        .unwrap();
    let caskets = [casket(1, "HW-1", e, false)];
    store
        .encoffin_batch(&code, &caskets, ctx(None, 15))
        .await
        .unwrap();
    let (ceremony, transport) = (ceremony(), transport());
    let before = snapshot(store, &code).await;
    let err = store
        .hand_over_batch(&code, &ceremony, &transport, ctx(None, 16))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("no manifest has been issued"),
        "{err}"
    );
    assert_eq!(snapshot(store, &code).await, before);
    store
        .issue_batch_manifest(&code, "m", &sha, ctx(None, 17))
        .await
        .unwrap();
    let err = store
        .issue_batch_manifest(&code, "other", &sha, ctx(None, 18))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
    store
        .hand_over_batch(&code, &ceremony, &transport, ctx(None, 19))
        .await
        .unwrap();
    let handed = verified_entries(store).await;
    let step = handed
        .iter()
        .find_map(|e| match &e.entry.event {
            homeward_ledger::CustodyEvent::BatchStepReached {
                step: homeward_ledger::BatchStep::HandedOver,
                document,
                ..
            } => Some(*document),
            _ => None,
        })
        .expect("a handed-over step entry");
    assert_eq!(
        step,
        Some(ContentHash::of(b"m")),
        "the handover cites the manifest"
    );
    // Received only through the receipt.
    let err = store
        .advance_batch(&code, BatchState::Received, ctx(None, 20))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("countersigned receipt"), "{err}");
}
