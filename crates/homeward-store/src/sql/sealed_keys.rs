//! Secret keys at rest: the store's key-encryption set-up (`key_encryption`: argon2id
//! parameters, salt, check value), unlocking with the operator's secret, sealing and opening the
//! secrets in `organization_keys`, and public keys of other organizations imported alone.
//!
//! A store is locked until [`unlock`]: reading a secret key (to sign) fails with
//! [`StoreError::KeysLocked`], writing nothing. The first unlock sets the KEK up; every unlock
//! seals secrets still stored in plaintext (stores from before migration 0006).

use std::sync::{Arc, RwLock};

use homeward_ledger::{
    KdfParams, KeyEncryptionKey, KeyId, NONCE_LEN, OrganizationKey, PublicKey, SALT_LEN, SealError,
    is_sealed,
};
use sqlx::AnyConnection;

use super::Core;
use super::audit::{self, Change};
use super::row::{Get, corrupt};
use crate::error::Context;
use crate::ledger::{SecretAtRest, StoredKey, UnlockReport};
use crate::{StoreError, StoreResult, WriteContext};

/// The KEK once the store is unlocked.
pub(crate) type Vault = Arc<RwLock<Option<Arc<KeyEncryptionKey>>>>;

/// The name of the KDF recorded in `key_encryption.kdf`.
const KDF: &str = "argon2id-v19";

/// The unlocked KEK, or [`StoreError::KeysLocked`].
pub(crate) fn kek(core: &Core) -> StoreResult<Arc<KeyEncryptionKey>> {
    core.kek
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone()
        .ok_or(StoreError::KeysLocked)
}

/// How a stored `secret_key` value is kept.
pub(crate) fn at_rest(secret: Option<&str>) -> SecretAtRest {
    match secret {
        None => SecretAtRest::PublicOnly,
        Some(text) if is_sealed(text) => SecretAtRest::Sealed,
        Some(_) => SecretAtRest::Plaintext,
    }
}

/// `key`'s secret sealed for its row under the unlocked KEK.
pub(crate) fn seal(core: &Core, key: &OrganizationKey) -> StoreResult<String> {
    Ok(kek(core)?.seal(key, rand::random::<[u8; NONCE_LEN]>()))
}

/// Opens a row's stored secret: needs the KEK (also for a legacy plaintext row, which the
/// unlock seals); a row with only a public key is `NotFound` (nobody here signs for it).
pub(crate) fn open(
    core: &Core,
    secret: Option<String>,
    organization: &str,
    key_id: KeyId,
) -> StoreResult<OrganizationKey> {
    let Some(text) = secret else {
        return Err(StoreError::NotFound {
            what: "secret signing key (only a public key is held here) of organization",
            key: organization.to_owned(),
        });
    };
    let kek = kek(core)?;
    if is_sealed(&text) {
        return Ok(kek.open(&text, organization, key_id)?);
    }
    let key = OrganizationKey::from_secret_text(&text).map_err(|e| corrupt("secret_key", e))?;
    if key.key_id() != key_id || key.organization() != organization {
        return Err(corrupt("secret_key", "not the secret of its row's key"));
    }
    Ok(key)
}

fn small(value: i64, field: &'static str) -> StoreResult<u32> {
    u32::try_from(value).map_err(|_| corrupt(field, format!("{value} is out of range")))
}

/// The stored set-up: parameters, salt, check value.
async fn setup(
    conn: &mut AnyConnection,
) -> StoreResult<Option<(KdfParams, [u8; SALT_LEN], String)>> {
    let Some(row) = sqlx::query(
        "SELECT kdf, memory_kib, iterations, parallelism, salt, check_value \
         FROM key_encryption WHERE id = 1",
    )
    .fetch_optional(&mut *conn)
    .await
    .context("reading the key-encryption set-up")?
    else {
        return Ok(None);
    };
    let kdf = row.text("kdf")?;
    if kdf != KDF {
        return Err(corrupt("kdf", format!("unknown KDF {kdf:?}")));
    }
    let params = KdfParams {
        memory_kib: small(row.int("memory_kib")?, "memory_kib")?,
        iterations: small(row.int("iterations")?, "iterations")?,
        parallelism: small(row.int("parallelism")?, "parallelism")?,
    };
    let salt_text = row.text("salt")?;
    let salt = hex::decode(&salt_text)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| corrupt("salt", format!("{salt_text:?} is not {SALT_LEN} hex bytes")))?;
    Ok(Some((params, salt, row.text("check_value")?)))
}

async fn derive(
    secret: &[u8],
    salt: [u8; SALT_LEN],
    params: KdfParams,
) -> StoreResult<KeyEncryptionKey> {
    let secret = zeroize::Zeroizing::new(secret.to_vec());
    // argon2id is deliberately slow: off the async workers.
    tokio::task::spawn_blocking(move || KeyEncryptionKey::derive(&secret, &salt, params))
        .await
        .map_err(|e| StoreError::Unsupported(format!("deriving the key-encryption key: {e}")))?
        .map_err(StoreError::from)
}

/// Unlocks the store with the operator's `secret` (key file bytes or passphrase): checks it
/// against the stored set-up (or sets one up with `new_params` and a fresh salt), seals every
/// plaintext secret, and keeps the KEK for signing. A wrong secret writes nothing.
pub(crate) async fn unlock(
    core: &Core,
    secret: &[u8],
    new_params: KdfParams,
    ctx: WriteContext,
) -> StoreResult<UnlockReport> {
    let mut conn = core
        .pool
        .acquire()
        .await
        .context("reading the key-encryption set-up")?;
    let existing = setup(&mut conn).await?;
    drop(conn);
    let (params, salt) = match &existing {
        Some((params, salt, _)) => (*params, *salt),
        None => (new_params, rand::random::<[u8; SALT_LEN]>()),
    };
    let kek = derive(secret, salt, params).await?;
    let mut tx = core.begin_write().await?;
    let created = match setup(&mut tx).await? {
        Some((_, stored_salt, check)) if stored_salt == salt => {
            kek.verify_check(&check)?;
            false
        }
        // Another process set the store up meanwhile, with its own salt.
        Some(_) => return Err(StoreError::KeyEncryption(SealError::WrongKey)),
        None => {
            sqlx::query(
                "INSERT INTO key_encryption \
                 (id, kdf, memory_kib, iterations, parallelism, salt, check_value, created_at) \
                 VALUES (1, $1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(KDF)
            .bind(i64::from(params.memory_kib))
            .bind(i64::from(params.iterations))
            .bind(i64::from(params.parallelism))
            .bind(hex::encode(salt))
            .bind(kek.check_value(rand::random::<[u8; NONCE_LEN]>()))
            .bind(ctx.at.0)
            .execute(&mut *tx)
            .await
            .context("storing the key-encryption set-up")?;
            true
        }
    };
    let rows = sqlx::query(
        "SELECT key_id, organization, secret_key FROM organization_keys \
         WHERE secret_key IS NOT NULL ORDER BY key_id",
    )
    .fetch_all(&mut *tx)
    .await
    .context("reading organization keys")?;
    let mut sealed = Vec::new();
    for row in &rows {
        let text = row.text("secret_key")?;
        if is_sealed(&text) {
            continue;
        }
        let key_id = KeyId::from_hex(&row.text("key_id")?).map_err(|e| corrupt("key_id", e))?;
        let organization = row.text("organization")?;
        let key = OrganizationKey::from_secret_text(&text).map_err(|e| corrupt("secret_key", e))?;
        if key.key_id() != key_id || key.organization() != organization {
            return Err(corrupt("secret_key", "not the secret of its row's key"));
        }
        sqlx::query("UPDATE organization_keys SET secret_key = $1 WHERE key_id = $2")
            .bind(kek.seal(&key, rand::random::<[u8; NONCE_LEN]>()))
            .bind(key_id.to_string())
            .execute(&mut *tx)
            .await
            .context("sealing a secret key")?;
        sealed.push(key_id.to_string());
    }
    if created || !sealed.is_empty() {
        let detail = format!(
            "{}sealed {} plaintext secret key(s){}{}",
            if created {
                "key-encryption key set up (argon2id); "
            } else {
                ""
            },
            sealed.len(),
            if sealed.is_empty() { "" } else { ": " },
            sealed.join(", ")
        );
        audit::record(
            &mut tx,
            ctx,
            Change {
                action: "ledger.keys_seal",
                entity: "organization_key",
                key: "*",
                detail: &detail,
            },
        )
        .await?;
    }
    core.commit(tx, "unlocking the signing keys").await?;
    *core
        .kek
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(Arc::new(kek));
    Ok(UnlockReport {
        created,
        sealed: sealed.len(),
    })
}

/// Stores another organization's public key alone (no secret: nobody here signs for it),
/// trusted from entry 1; `Conflict` when the organization already has a current key.
pub(crate) async fn import_public_key(
    core: &Core,
    organization: &str,
    public_key: &PublicKey,
    ctx: WriteContext,
) -> StoreResult<StoredKey> {
    if organization.trim().is_empty() {
        return Err(StoreError::Unsupported(
            "a public key needs the organization it belongs to".to_owned(),
        ));
    }
    let key_id = public_key.key_id().to_string();
    let mut tx = core.begin_write().await?;
    let current = sqlx::query(
        "SELECT key_id FROM organization_keys WHERE organization = $1 AND retired_at IS NULL",
    )
    .bind(organization)
    .fetch_optional(&mut *tx)
    .await
    .context("reading organization keys")?;
    if current.is_some() {
        return Err(StoreError::Conflict {
            what: "signing key of organization",
            key: organization.to_owned(),
        });
    }
    sqlx::query(
        "INSERT INTO organization_keys \
         (key_id, organization, public_key, secret_key, valid_from, retired_at, created_at) \
         VALUES ($1, $2, $3, NULL, 1, NULL, $4)",
    )
    .bind(&key_id)
    .bind(organization)
    .bind(public_key.to_text(organization).trim_end())
    .bind(ctx.at.0)
    .execute(&mut *tx)
    .await
    .map_err(|e| super::conflict_or(e, "organization key", &key_id, "storing a key"))?;
    audit::record(
        &mut tx,
        ctx,
        Change {
            action: "ledger.key_import",
            entity: "organization_key",
            key: &key_id,
            detail: &format!(
                "public key {key_id} of {organization} (no secret), trusted from entry 1"
            ),
        },
    )
    .await?;
    core.commit(tx, "storing a public key").await?;
    Ok(StoredKey {
        organization: organization.to_owned(),
        key_id: public_key.key_id(),
        public_key: *public_key,
        valid_from: 1,
        retired_at: None,
        created_at: ctx.at.0,
        secret: SecretAtRest::PublicOnly,
    })
}
