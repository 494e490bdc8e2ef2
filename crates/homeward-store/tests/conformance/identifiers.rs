//! Identifiers that act as keys (homeward_domain::Identifier) are checked inside the store's
//! transaction: a look-alike accession (a zero-width space), a path in a site code, a control
//! character in an organization name or token label, `..` as a username write nothing.

use homeward_domain::{Accession, Role};
use homeward_store::{ImportBatch, Store, StoreError};

use crate::fixtures::CaseWrites;
use crate::fixtures::{accessioned, case, ctx, new_user, site, site_and_officer, system};

/// What a refused write must leave unchanged.
async fn snapshot(store: &dyn Store) -> (String, usize, usize, usize) {
    (
        format!("{:?}", store.registry_stats().await.unwrap()),
        store.audit_log(1_000, 0).await.unwrap().len(),
        store.organizations().await.unwrap().len(),
        store.users().await.unwrap().len(),
    )
}

fn domain(err: &StoreError, field: &str) {
    assert!(matches!(err, StoreError::Domain(_)), "{err}");
    assert!(err.to_string().contains(field), "{err}");
}

pub async fn look_alike_and_path_identifiers_write_nothing(store: &dyn Store) {
    let (site_id, officer) = site_and_officer(store).await;
    accessioned(store, &case("HW-1", site_id), ctx(Some(officer), 2)).await;
    let before = snapshot(store).await;

    let err = store
        .accession_remains(&case("HW-1\u{200B}", site_id), ctx(Some(officer), 3))
        .await
        .unwrap_err();
    domain(&err, "U+200B");
    // The look-alike is no accession number, so it can never be a key the store looks up.
    domain(
        &Accession::parse("HW-1\u{200B}").unwrap_err().into(),
        "U+200B",
    );
    let long = "H".repeat(20_000);
    let err = store
        .accession_remains(&case(&long, site_id), ctx(Some(officer), 3))
        .await
        .unwrap_err();
    domain(&err, "accession");

    for code in ["../GW", "GW/1", "GW\u{202E}1"] {
        let err = store.create_site(&site(code), system()).await.unwrap_err();
        domain(&err, "code");
    }
    let bad_import = ImportBatch {
        remains: vec![("GW-CW-001".into(), case("HW-2\u{FEFF}", site_id))],
        ..ImportBatch::default()
    };
    let err = store.import_batch(&bad_import, system()).await.unwrap_err();
    assert!(err.to_string().contains("U+FEFF"), "{err}");

    for name in ["MND\u{202E}", "MND/MAKRI", "a\0b", " MND"] {
        let err = store
            .create_organization(name, "KR", system())
            .await
            .unwrap_err();
        domain(&err, "organization");
    }
    for username in ["..", "../root", "kim\u{200B}"] {
        let err = store
            .create_user(&new_user(username, Role::Viewer), system())
            .await
            .unwrap_err();
        domain(&err, "username");
    }
    let err = store
        .create_api_token(&token(officer, "nightly\u{0}import"), system())
        .await
        .unwrap_err();
    domain(&err, "label");
    assert_eq!(
        store.api_token_user("cafe", system().at).await.unwrap(),
        None
    );
    assert_eq!(
        snapshot(store).await,
        before,
        "a refused write changed something"
    );

    // The same keys, well formed, are written.
    store
        .create_organization("국방부 유해발굴감식단 (MAKRI)", "KR", system())
        .await
        .unwrap();
    store
        .create_api_token(&token(officer, "nightly import"), system())
        .await
        .unwrap();
    assert!(
        store
            .api_token_user("cafe", system().at)
            .await
            .unwrap()
            .is_some()
    );
}

/// An API token for `user` under the hash "cafe", valid for a day from the fixtures' clock.
fn token(user: homeward_domain::UserId, label: &str) -> homeward_domain::NewApiToken {
    homeward_domain::NewApiToken {
        token_hash: "cafe".into(),
        user,
        label: label.into(),
        expires_at: homeward_domain::Timestamp(system().at.0 + homeward_domain::DAY_SECONDS),
    }
}
