//! Secret keys at rest, on both backends: a stored secret is sealed (the raw column does not
//! hold it), a store is locked until unlocked with the right KEK (a wrong one and a locked
//! append write nothing), plaintext secrets from before migration 0006 are sealed on unlock, a
//! sealed secret altered or moved to another key row is detected, and another organization's
//! public key is held alone.
//!
//! The raw column is read and written with SQL on a connection of its own, beside the store.

use homeward_ledger::{KdfParams, OrganizationKey, SealError};
use homeward_store::{SecretAtRest, Store, StoreError};

use super::fixtures::{assert_matches, signing_key, system};
use super::ledger::recovered;
use super::{Beside, TEST_KEK, unlock};

/// Runs raw SQL beside the store; returns the first column of its rows.
async fn raw(beside: &Beside, sql: &str) -> Vec<Option<String>> {
    beside.sql(sql).await.expect("raw SQL beside the store")
}

const SECRETS: &str = "SELECT secret_key FROM organization_keys ORDER BY organization";

fn locked(result: Result<impl std::fmt::Debug, StoreError>) -> bool {
    matches!(result, Err(StoreError::KeysLocked))
}

/// A stored secret is sealed; a second, locked handle on the same database (another process
/// without the KEK) cannot sign, and is unlocked by the right KEK only.
pub async fn sealed_at_rest_and_locked_until_the_right_kek(store: &dyn Store, beside: &Beside) {
    unlock(store).await;
    let other = beside.reopen().await;
    let other: &dyn Store = &other;
    let key = OrganizationKey::from_seed("MND", &[31; 32]);
    store.save_organization_key(&key, system()).await.unwrap();
    let secret = raw(beside, SECRETS)
        .await
        .remove(0)
        .expect("a secret is stored");
    assert!(secret.starts_with("homeward-sealed-v1 "), "{secret}");
    assert!(
        !secret.contains(&hex::encode([31u8; 32])),
        "the seed is not in the column"
    );
    let keys = store.organization_keys().await.unwrap();
    assert_eq!(keys[0].secret, SecretAtRest::Sealed);
    let signing = signing_key(store, "MND").await;
    assert_eq!(signing.key_id(), key.key_id());

    // Another process without the KEK: signing is refused and writes nothing.
    assert!(locked(other.organization_signing_key("MND").await));
    assert!(locked(
        other
            .append_ledger("MND", vec![recovered("HW-1", 1)], system())
            .await
    ));
    assert!(other.ledger_rows(None, 10).await.unwrap().is_empty());
    let second = OrganizationKey::from_seed("MVA", &[32; 32]);
    assert!(locked(other.save_organization_key(&second, system()).await));
    assert_eq!(other.organization_keys().await.unwrap().len(), 1);

    // A wrong KEK is refused and the store stays locked; the set-up is unchanged.
    let setup = "SELECT salt || check_value FROM key_encryption";
    let before = raw(beside, setup).await;
    let wrong = other
        .unlock_signing_keys(b"not the secret", KdfParams::TEST_ONLY, system())
        .await;
    assert!(
        matches!(wrong, Err(StoreError::KeyEncryption(SealError::WrongKey))),
        "{wrong:?}"
    );
    assert!(locked(other.organization_signing_key("MND").await));
    assert_eq!(raw(beside, setup).await, before);

    // The right one unlocks; signing then works.
    let report = other
        .unlock_signing_keys(TEST_KEK, KdfParams::TEST_ONLY, system())
        .await
        .unwrap();
    assert!(!report.created);
    assert_eq!(report.sealed, 0);
    let appended = other
        .append_ledger("MND", vec![recovered("HW-1", 1)], system())
        .await
        .unwrap();
    assert_eq!(appended.len(), 1);
}

/// A plaintext secret (a store from before migration 0006) is reported as such and sealed by
/// the first unlock of a fresh, locked store.
pub async fn plaintext_secrets_are_sealed_on_unlock(store: &dyn Store, beside: &Beside) {
    let key = OrganizationKey::from_seed("MND", &[41; 32]);
    let public = key.public_key().to_text("MND");
    raw(
        beside,
        &format!(
            "INSERT INTO organization_keys \
         (key_id, organization, public_key, secret_key, valid_from, retired_at, created_at) \
         VALUES ('{}', 'MND', '{}', '{}', 1, NULL, 0)",
            key.key_id(),
            public.trim_end(),
            key.to_secret_text()
        ),
    )
    .await;
    let keys = store.organization_keys().await.unwrap();
    assert_eq!(
        keys[0].secret,
        SecretAtRest::Plaintext,
        "reported as plaintext"
    );
    assert!(locked(store.organization_signing_key("MND").await));

    let report = store
        .unlock_signing_keys(TEST_KEK, KdfParams::TEST_ONLY, system())
        .await
        .unwrap();
    assert!(report.created);
    assert_eq!(report.sealed, 1);
    let secret = raw(beside, SECRETS).await.remove(0).unwrap();
    assert!(secret.starts_with("homeward-sealed-v1 "), "{secret}");
    assert!(!secret.contains(&hex::encode([41u8; 32])));
    assert_eq!(
        store.organization_keys().await.unwrap()[0].secret,
        SecretAtRest::Sealed
    );
    let signing = signing_key(store, "MND").await;
    assert_eq!(signing.key_id(), key.key_id());
}

/// A sealed secret moved to another key row, or altered in place, fails to open as tampered and
/// signs nothing.
pub async fn altered_or_moved_secrets_are_detected(store: &dyn Store, beside: &Beside) {
    unlock(store).await;
    for (org, seed) in [("MND", 51), ("MVA", 52)] {
        let key = OrganizationKey::from_seed(org, &[seed; 32]);
        store.save_organization_key(&key, system()).await.unwrap();
    }
    // MVA's sealed secret copied into MND's row: the associated data names the row.
    raw(
        beside,
        "UPDATE organization_keys SET secret_key = \
         (SELECT secret_key FROM organization_keys WHERE organization = 'MVA') \
         WHERE organization = 'MND'",
    )
    .await;
    let moved = store.organization_signing_key("MND").await;
    assert_matches!(
        moved,
        Err(StoreError::KeyEncryption(SealError::Tampered { .. }))
    );
    assert!(tampered(
        store
            .append_ledger("MND", vec![recovered("HW-1", 1)], system())
            .await
    ));
    assert!(store.ledger_rows(None, 10).await.unwrap().is_empty());
    // One ciphertext character changed in MVA's own row.
    let sealed = raw(
        beside,
        "SELECT secret_key FROM organization_keys WHERE organization = 'MVA'",
    )
    .await
    .remove(0)
    .unwrap();
    let last = sealed.chars().last().unwrap();
    let flipped = format!(
        "{}{}",
        &sealed[..sealed.len() - 1],
        if last == '0' { '1' } else { '0' }
    );
    raw(
        beside,
        &format!(
            "UPDATE organization_keys SET secret_key = '{flipped}' WHERE organization = 'MVA'"
        ),
    )
    .await;
    let altered = store.organization_signing_key("MVA").await;
    assert_matches!(
        altered,
        Err(StoreError::KeyEncryption(SealError::Tampered { .. }))
    );
}

fn tampered(result: Result<impl std::fmt::Debug, StoreError>) -> bool {
    matches!(
        result,
        Err(StoreError::KeyEncryption(SealError::Tampered { .. }))
    )
}

/// Another organization's public key is held alone: nobody signs for it here.
pub async fn a_foreign_public_key_is_held_without_a_secret(store: &dyn Store) {
    let foreign = OrganizationKey::from_seed("CN MVA", &[61; 32]).public_key();
    let stored = store
        .import_organization_public_key("CN MVA", &foreign, system())
        .await
        .unwrap();
    assert_eq!(stored.secret, SecretAtRest::PublicOnly);
    assert_eq!(stored.valid_from, 1);
    assert!(
        store
            .organization_signing_key("CN MVA")
            .await
            .unwrap()
            .is_none()
    );
    let keys = store.organization_keys().await.unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].public_key, foreign);
    // A second key for the organization, public or with a secret, is a conflict.
    let again = store
        .import_organization_public_key("CN MVA", &foreign, system())
        .await;
    assert!(
        matches!(again, Err(StoreError::Conflict { .. })),
        "{again:?}"
    );
    let with_secret = OrganizationKey::from_seed("CN MVA", &[62; 32]);
    let refused = store.save_organization_key(&with_secret, system()).await;
    assert!(
        matches!(refused, Err(StoreError::Conflict { .. })),
        "{refused:?}"
    );
    assert_eq!(store.organization_keys().await.unwrap().len(), 1);
}
