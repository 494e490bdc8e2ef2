//! Secret keys at rest, on both backends: a stored secret is sealed (the raw column does not
//! hold it), a store is locked until unlocked with the right KEK (a wrong one and a locked
//! append write nothing), plaintext secrets from before migration 0006 are sealed on unlock, a
//! sealed secret altered or moved to another key row is detected, and another organization's
//! public key is held alone.
//!
//! The raw column is read and written with SQL on a connection of its own, beside the store.

use homeward_ledger::{KdfParams, OrganizationKey, SealError};
use homeward_store::{PgStore, SecretAtRest, SqliteStore, Store, StoreError};
use sqlx::{Connection, Executor, Row};

use super::TEST_KEK;
use super::fixtures::system;
use super::ledger::recovered;

/// Runs one raw statement on the store's database; returns the first column of its rows.
type Raw<'a> = &'a dyn Fn(&str) -> futures_like::Boxed<'static, Vec<Option<String>>>;

/// A tiny boxed-future alias (no extra dependency).
mod futures_like {
    pub type Boxed<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;
}

fn sqlite_raw(
    path: std::path::PathBuf,
) -> impl Fn(&str) -> futures_like::Boxed<'static, Vec<Option<String>>> {
    move |sql: &str| {
        let sql = sql.to_owned();
        let path = path.clone();
        Box::pin(async move {
            let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
            let mut conn = sqlx::SqliteConnection::connect_with(&options)
                .await
                .unwrap();
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut conn)
                .await
                .unwrap();
            conn.close().await.unwrap();
            rows.iter()
                .map(|r| r.try_get::<Option<String>, _>(0).unwrap())
                .collect()
        })
    }
}

fn pg_raw(schema: String) -> impl Fn(&str) -> futures_like::Boxed<'static, Vec<Option<String>>> {
    move |sql: &str| {
        let sql = sql.to_owned();
        let schema = schema.clone();
        Box::pin(async move {
            let url = std::env::var("HOMEWARD_TEST_PG").unwrap();
            let mut conn = sqlx::PgConnection::connect(&url).await.unwrap();
            let path = format!("SET search_path TO \"{schema}\"");
            conn.execute(sqlx::raw_sql(sqlx::AssertSqlSafe(path)))
                .await
                .unwrap();
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .fetch_all(&mut conn)
                .await
                .unwrap();
            conn.close().await.unwrap();
            rows.iter()
                .map(|r| r.try_get::<Option<String>, _>(0).unwrap())
                .collect()
        })
    }
}

const SECRETS: &str = "SELECT secret_key FROM organization_keys ORDER BY organization";

fn locked(result: Result<impl std::fmt::Debug, StoreError>) -> bool {
    matches!(result, Err(StoreError::KeysLocked))
}

/// `store` is unlocked; `other` is a second, locked handle on the same database.
async fn sealed_at_rest_and_locked_until_the_right_kek(
    store: &dyn Store,
    other: &dyn Store,
    raw: Raw<'_>,
) {
    let key = OrganizationKey::from_seed("MND", &[31; 32]);
    store.save_organization_key(&key, system()).await.unwrap();
    let secret = raw(SECRETS).await.remove(0).expect("a secret is stored");
    assert!(secret.starts_with("homeward-sealed-v1 "), "{secret}");
    assert!(
        !secret.contains(&hex::encode([31u8; 32])),
        "the seed is not in the column"
    );
    let keys = store.organization_keys().await.unwrap();
    assert_eq!(keys[0].secret, SecretAtRest::Sealed);
    let signing = store
        .organization_signing_key("MND")
        .await
        .unwrap()
        .unwrap();
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
    let before = raw(setup).await;
    let wrong = other
        .unlock_signing_keys(b"not the secret", KdfParams::TEST_ONLY, system())
        .await;
    assert!(
        matches!(wrong, Err(StoreError::KeyEncryption(SealError::WrongKey))),
        "{wrong:?}"
    );
    assert!(locked(other.organization_signing_key("MND").await));
    assert_eq!(raw(setup).await, before);

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

/// `store` is locked and fresh.
async fn plaintext_secrets_are_sealed_on_unlock(store: &dyn Store, raw: Raw<'_>) {
    let key = OrganizationKey::from_seed("MND", &[41; 32]);
    let public = key.public_key().to_text("MND");
    raw(&format!(
        "INSERT INTO organization_keys \
         (key_id, organization, public_key, secret_key, valid_from, retired_at, created_at) \
         VALUES ('{}', 'MND', '{}', '{}', 1, NULL, 0)",
        key.key_id(),
        public.trim_end(),
        key.to_secret_text()
    ))
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
    let secret = raw(SECRETS).await.remove(0).unwrap();
    assert!(secret.starts_with("homeward-sealed-v1 "), "{secret}");
    assert!(!secret.contains(&hex::encode([41u8; 32])));
    assert_eq!(
        store.organization_keys().await.unwrap()[0].secret,
        SecretAtRest::Sealed
    );
    let signing = store
        .organization_signing_key("MND")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(signing.key_id(), key.key_id());
}

/// `store` is unlocked.
async fn altered_or_moved_secrets_are_detected(store: &dyn Store, raw: Raw<'_>) {
    for (org, seed) in [("MND", 51), ("MVA", 52)] {
        let key = OrganizationKey::from_seed(org, &[seed; 32]);
        store.save_organization_key(&key, system()).await.unwrap();
    }
    // MVA's sealed secret copied into MND's row: the associated data names the row.
    raw("UPDATE organization_keys SET secret_key = \
         (SELECT secret_key FROM organization_keys WHERE organization = 'MVA') \
         WHERE organization = 'MND'")
    .await;
    let moved = store.organization_signing_key("MND").await;
    assert!(
        matches!(
            moved,
            Err(StoreError::KeyEncryption(SealError::Tampered { .. }))
        ),
        "{moved:?}"
    );
    assert!(tampered(
        store
            .append_ledger("MND", vec![recovered("HW-1", 1)], system())
            .await
    ));
    assert!(store.ledger_rows(None, 10).await.unwrap().is_empty());
    // One ciphertext character changed in MVA's own row.
    let sealed = raw("SELECT secret_key FROM organization_keys WHERE organization = 'MVA'")
        .await
        .remove(0)
        .unwrap();
    let last = sealed.chars().last().unwrap();
    let flipped = format!(
        "{}{}",
        &sealed[..sealed.len() - 1],
        if last == '0' { '1' } else { '0' }
    );
    raw(&format!(
        "UPDATE organization_keys SET secret_key = '{flipped}' WHERE organization = 'MVA'"
    ))
    .await;
    let altered = store.organization_signing_key("MVA").await;
    assert!(
        matches!(
            altered,
            Err(StoreError::KeyEncryption(SealError::Tampered { .. }))
        ),
        "{altered:?}"
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

mod on_sqlite {
    use super::*;

    async fn pair() -> (SqliteStore, SqliteStore, tempfile::TempDir) {
        let (store, dir) = super::super::sqlite_store().await;
        let other = SqliteStore::open(&dir.path().join("registry.db"))
            .await
            .unwrap();
        (store, other, dir)
    }

    #[tokio::test]
    async fn sealed_at_rest_and_locked_until_the_right_kek() {
        let (store, other, dir) = pair().await;
        let raw = sqlite_raw(dir.path().join("registry.db"));
        super::sealed_at_rest_and_locked_until_the_right_kek(&store, &other, &raw).await;
    }

    #[tokio::test]
    async fn plaintext_secrets_are_sealed_on_unlock() {
        let (store, dir) = super::super::locked_sqlite_store().await;
        let raw = sqlite_raw(dir.path().join("registry.db"));
        super::plaintext_secrets_are_sealed_on_unlock(&store, &raw).await;
    }

    #[tokio::test]
    async fn altered_or_moved_secrets_are_detected() {
        let (store, dir) = super::super::sqlite_store().await;
        let raw = sqlite_raw(dir.path().join("registry.db"));
        super::altered_or_moved_secrets_are_detected(&store, &raw).await;
    }
}

mod on_postgres {
    use super::*;

    async fn second(schema: &str) -> PgStore {
        let url = std::env::var("HOMEWARD_TEST_PG").unwrap();
        PgStore::open_in_schema(&url, schema).await.unwrap()
    }

    #[tokio::test]
    async fn sealed_at_rest_and_locked_until_the_right_kek() {
        let Some((store, schema)) = super::super::pg_store("sealed_locked").await else {
            return;
        };
        let other = second(&schema).await;
        let raw = pg_raw(schema.clone());
        super::sealed_at_rest_and_locked_until_the_right_kek(&store, &other, &raw).await;
        store.drop_schema(&schema).await.expect("drop test schema");
    }

    #[tokio::test]
    async fn plaintext_secrets_are_sealed_on_unlock() {
        let Some((store, schema)) = super::super::pg_store("sealed_plain").await else {
            return;
        };
        // A locked handle on a fresh schema: the helper's store has already set a KEK up.
        let fresh = format!("{schema}_l");
        let locked = second(&fresh).await;
        let raw = pg_raw(fresh.clone());
        super::plaintext_secrets_are_sealed_on_unlock(&locked, &raw).await;
        locked.drop_schema(&fresh).await.expect("drop test schema");
        store.drop_schema(&schema).await.expect("drop test schema");
    }

    #[tokio::test]
    async fn altered_or_moved_secrets_are_detected() {
        let Some((store, schema)) = super::super::pg_store("sealed_tamper").await else {
            return;
        };
        let raw = pg_raw(schema.clone());
        super::altered_or_moved_secrets_are_detected(&store, &raw).await;
        store.drop_schema(&schema).await.expect("drop test schema");
    }
}
