//! In the demo registry, whose first organization (MAKRI) holds a signing key, a MAKRI user's
//! examination and status change go into the custody ledger by themselves, signed by MAKRI, and
//! the chain still verifies; a user of another organization (no key) changes the case alone.

use homeward_app::NoProgress;
use homeward_app::demo::{DEMO_SEED, DemoOptions, seed};
use homeward_app::ledger_verify::{trusted_registry, verify_rows};
use homeward_domain::{LifecycleStatus, Timestamp};
use homeward_ledger::EventKind;
use homeward_store::WriteContext;
use homeward_testkit::key;
use homeward_testkit::registry::fresh_store;

#[tokio::test]
async fn a_signing_organizations_lifecycle_writes_join_the_ledger() {
    let (_dir, store) = fresh_store().await;
    let s = &*store;
    let options = DemoOptions {
        remains: 30,
        missing: 50,
        seed: DEMO_SEED,
    };
    seed(s, &options, &NoProgress).await.unwrap();
    let keys = s.organization_keys().await.unwrap();
    let makri = keys[0].organization.clone();
    let orgs = s.organizations().await.unwrap();
    let org_of = |name: &str| orgs.iter().find(|o| o.name == name).map(|o| o.id);
    let users = s.users().await.unwrap();
    let insider = users
        .iter()
        .find(|u| u.organization == org_of(&makri))
        .expect("a MAKRI user");
    let outsider = users
        .iter()
        .find(|u| u.organization.is_some() && u.organization != org_of(&makri))
        .expect("a user of another organization");
    let case = s
        .all_remains()
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == LifecycleStatus::Recovered)
        .expect("a recovered case");
    let at = |actor: &homeward_domain::User| WriteContext {
        actor: Some(actor.id),
        at: Timestamp(1_800_000_000),
    };

    let before = s.ledger_head().await.unwrap().next_sequence;
    let (inventory, profile) = (&case.case.inventory, &case.case.profile);
    s.record_examination(case.id, inventory, profile, "re-examined", at(outsider))
        .await
        .unwrap();
    assert_eq!(s.ledger_head().await.unwrap().next_sequence, before);
    s.record_examination(case.id, inventory, profile, "re-examined", at(insider))
        .await
        .unwrap();
    // The outsider's examination moved the case to examined; the insider's re-examination is
    // one entry, the examination (no status step: the case is already examined).
    let examined = s.remains_case(case.id).await.unwrap().unwrap();
    assert_eq!(examined.status, LifecycleStatus::Examined);
    assert_eq!(s.ledger_head().await.unwrap().next_sequence, before + 1);

    let timeline = s
        .ledger_rows_of_remains(&key(&case.case.accession))
        .await
        .unwrap();
    let last: Vec<_> = timeline[timeline.len() - 1..]
        .iter()
        .map(|r| r.decode().unwrap().entry)
        .collect();
    for entry in &last {
        assert_eq!(entry.event.kind(), EventKind::Examined);
        assert_eq!(entry.organization, makri);
        assert_eq!(entry.actor, insider.username);
        assert_eq!(entry.time, 1_800_000_000);
    }
    let rows = s.ledger_rows(None, 100_000).await.unwrap();
    verify_rows(&rows, &trusted_registry(&keys).unwrap()).expect("the chain still verifies");
}
