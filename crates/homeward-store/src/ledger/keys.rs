//! The organizations' keys as stored (`organization_keys`), and their secrets at rest: the
//! store's key-encryption set-up (`key_encryption`: argon2id parameters, salt, check value),
//! sealing and opening the secrets under the unlocked key-encryption key (KEK).
//!
//! A store is locked until it is unlocked ([`crate::Ledger::unlock_signing_keys`]): reading a
//! secret key (to sign) fails with [`StoreError::KeysLocked`], writing nothing.

use homeward_ledger::{
    KdfParams, KeyEncryptionKey, KeyId, NONCE_LEN, OrganizationKey, PublicKey, SALT_LEN, is_sealed,
};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::ledger::{SecretAtRest, StoredKey};
use crate::sql::row::{Get, corrupt};
use crate::sql::{Core, conflict_or};

/// The name of the KDF recorded in `key_encryption.kdf`.
pub(crate) const KDF: &str = "argon2id-v19";

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
    Ok(core.kek()?.seal(key, rand::random::<[u8; NONCE_LEN]>()))
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
        return Err(StoreError::not_found(
            "secret signing key (only a public key is held here) of organization",
            organization.to_owned(),
        ));
    };
    let kek = core.kek()?;
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
pub(crate) async fn setup(
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

pub(crate) async fn derive(
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

pub(crate) const KEY_COLUMNS: &str =
    "organization, key_id, public_key, secret_key, valid_from, retired_at, created_at";

pub(crate) fn stored_key(r: &AnyRow) -> StoreResult<StoredKey> {
    let key_id = KeyId::from_hex(&r.text("key_id")?).map_err(|e| corrupt("key_id", e))?;
    let public_key =
        PublicKey::from_text(&r.text("public_key")?).map_err(|e| corrupt("public_key", e))?;
    if public_key.key_id() != key_id {
        return Err(corrupt(
            "key_id",
            format!("{key_id} is not the public key's fingerprint"),
        ));
    }
    Ok(StoredKey {
        organization: r.text("organization")?,
        key_id,
        public_key,
        valid_from: r.small("valid_from")?,
        retired_at: r.opt_small("retired_at")?,
        created_at: r.int("created_at")?,
        secret: at_rest(r.opt_text("secret_key")?.as_deref()),
    })
}

/// The organization's current signing key, or `NotFound`.
pub(crate) async fn current_key_in(
    conn: &mut AnyConnection,
    core: &Core,
    organization: &str,
) -> StoreResult<OrganizationKey> {
    let row = sqlx::query(
        "SELECT key_id, secret_key FROM organization_keys WHERE organization = $1 AND retired_at IS NULL",
    )
    .bind(organization)
    .fetch_optional(conn)
    .await
    .context("reading a signing key")?
    .ok_or_else(|| StoreError::not_found("signing key of organization", organization.to_owned()))?;
    let key_id = KeyId::from_hex(&row.text("key_id")?).map_err(|e| corrupt("key_id", e))?;
    open(core, row.opt_text("secret_key")?, organization, key_id)
}

pub(crate) async fn insert_key(
    conn: &mut AnyConnection,
    core: &Core,
    key: &OrganizationKey,
    valid_from: u64,
    ctx: WriteContext,
) -> StoreResult<()> {
    let key_id = key.key_id().to_string();
    sqlx::query(
        "INSERT INTO organization_keys \
         (key_id, organization, public_key, secret_key, valid_from, retired_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, NULL, $6)",
    )
    .bind(&key_id)
    .bind(key.organization())
    .bind(key.public_key().to_text(key.organization()).trim_end())
    .bind(seal(core, key)?)
    .bind(valid_from as i64)
    .bind(ctx.at.0)
    .execute(&mut *conn)
    .await
    .map_err(|e| conflict_or(e, "organization key", &key_id, "storing a key"))?;
    Ok(())
}
