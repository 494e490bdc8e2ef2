//! `homeward custody record` through the built binary: a move of two cases signed by the
//! custodian's organization (keyed with `ledger keygen`), the storage location updated, the
//! chain still verifying; an empty field and an unknown case refused with exit 2, nothing added.

use homeward_testkit::key;
use std::path::Path;
use std::process::Output;

use homeward_domain::{NewUser, Role};
use homeward_testkit::cli::{self, SEEDED, makri_case, makri_site, ok};

const ORG: &str = "MND MAKRI";

fn homeward(db: &Path, args: &[&str]) -> Output {
    cli::homeward(env!("CARGO_BIN_EXE_homeward"), db, args)
}

async fn seed(db: &Path) {
    let ctx = SEEDED;
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
    let site = store.create_site(&makri_site(), ctx).await.unwrap();
    for accession in ["HW-1", "HW-2"] {
        let case = homeward_domain::NewRemainsCase {
            inventory: Default::default(),
            storage_location: "MAKRI vault B".into(),
            ..makri_case(accession, site)
        };
        homeward_app::remains::accession(&*store, &case, ctx)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_custodian_records_a_move_that_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    seed(&db).await;
    ok(homeward(&db, &["ledger", "keygen", "--org", ORG]));
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
    let out = ok(homeward(&db, &moved));
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

    let verify = ok(homeward(&db, &["ledger", "verify"]));
    assert!(verify.contains('1'), "{verify}");
    let store = homeward_store::open(db.to_str().unwrap()).await.unwrap();
    assert_eq!(store.ledger_head().await.unwrap().next_sequence, 2);
    let case = store.remains_by_accession(&key("HW-2")).await.unwrap();
    let case = case.unwrap();
    assert_eq!(case.case.storage_location, "MAKRI vault C");
}
