//! `homeward custody record` through the built binary: a move of two cases signed by the
//! custodian's organization (keyed with `ledger keygen`), the storage location updated, the
//! chain still verifying; an empty field and an unknown case refused with exit 2, nothing added.

mod common;

use std::path::Path;
use std::process::Output;

use homeward_domain::{NewRecoverySite, NewUser, Role, Timestamp};
use homeward_store::WriteContext;

use common::homeward;

const ORG: &str = "MND MAKRI";

fn stdout_of(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

async fn seed(db: &Path) {
    let ctx = WriteContext {
        actor: None,
        at: Timestamp(1_663_286_400),
    };
    let store = homeward_store::open(db.to_str().unwrap()).await.unwrap();
    let org = store.create_organization(ORG, "KR", ctx).await.unwrap();
    let user = NewUser {
        username: "lee".into(),
        display_name: "Lee".into(),
        role: Role::Custodian,
        organization: Some(org),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
    };
    store.create_user(&user, ctx).await.unwrap();
    let site = NewRecoverySite {
        code: "GW-CW-001".into(),
        name: "Baengma Hill".into(),
        province: "Gangwon".into(),
        county: "Cheorwon".into(),
        latitude: 38.29,
        longitude: 127.2,
        battle_area: "Baengma Hill".into(),
        excavation_periods: vec![],
        team: "MAKRI team 3".into(),
        synthetic: false,
    };
    let site = store.create_site(&site, ctx).await.unwrap();
    for accession in ["HW-1", "HW-2"] {
        let case = homeward_domain::NewRemainsCase {
            accession: accession.into(),
            site,
            recovery_date: homeward_domain::CalendarDate::parse("2021-05-03").unwrap(),
            context: homeward_domain::RecoveryContext::IndividualGrave,
            inventory: Default::default(),
            profile: Default::default(),
            condition: "fragmentary".into(),
            nationality: Default::default(),
            storage_location: "MAKRI vault B".into(),
            external_numbers: vec![],
            synthetic: false,
        };
        store.accession_remains(&case, ctx).await.unwrap();
    }
}

#[tokio::test]
async fn a_custodian_records_a_move_that_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    seed(&db).await;
    stdout_of(&homeward(&db, &["ledger", "keygen", "--org", ORG]));
    let moved = [
        "custody",
        "record",
        "HW-1",
        "HW-2",
        "--event",
        "moved",
        "--from",
        "MAKRI vault B",
        "--to",
        "MAKRI vault C",
        "--location",
        "MAKRI, Seoul",
        "--actor",
        "lee",
    ];
    let out = stdout_of(&homeward(&db, &moved));
    assert!(
        out.starts_with("entry 1: moved of HW-1, HW-2 by lee (MND MAKRI)"),
        "{out}"
    );

    let no_to = homeward(
        &db,
        &moved[..8]
            .iter()
            .chain(&moved[10..])
            .copied()
            .collect::<Vec<_>>(),
    );
    assert_eq!(no_to.status.code(), Some(2));
    let err = String::from_utf8_lossy(&no_to.stderr);
    assert!(err.contains("to:"), "{err}");
    let unknown = [
        "custody",
        "record",
        "HW-9",
        "--event",
        "sealed",
        "--casket",
        "3",
        "--seal",
        "MND-7",
        "--location",
        "Incheon",
        "--actor",
        "lee",
    ];
    let unknown = homeward(&db, &unknown);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("HW-9"));

    let verify = stdout_of(&homeward(&db, &["ledger", "verify"]));
    assert!(verify.contains('1'), "{verify}");
    let store = homeward_store::open(db.to_str().unwrap()).await.unwrap();
    assert_eq!(store.ledger_head().await.unwrap().next_sequence, 2);
    let case = store.remains_by_accession("HW-2").await.unwrap().unwrap();
    assert_eq!(case.case.storage_location, "MAKRI vault C");
}
