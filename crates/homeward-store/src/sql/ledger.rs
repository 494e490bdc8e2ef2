//! The custody ledger's rows and the organization keys: appends check the chain head under the
//! write lock (SQLite `BEGIN IMMEDIATE`; PostgreSQL locks the table against other writers), so
//! concurrent appenders take turns and cannot fork the chain; the sequence primary key refuses a
//! second entry at the same place anyway.

use std::collections::BTreeSet;

use homeward_ledger::{
    ChainHead, ContentHash, CustodyEvent, EntryDraft, KeyId, OrganizationKey, PublicKey,
    SignedEntry,
};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::audit::{self, Change};
use super::row::{Get, corrupt};
use super::{Core, sealed_keys, values_placeholders};
use crate::error::Context;
use crate::ledger::{LedgerRow, SecretAtRest, StoredKey};
use crate::{Backend, StoreError, StoreResult, WriteContext};

/// Rows per multi-row INSERT (4 parameters each; well under both engines' limits).
const ROWS_PER_INSERT: usize = 500;

const ROW_COLUMNS: &str = "sequence, encoding, hash, signature";
const KEY_COLUMNS: &str =
    "organization, key_id, public_key, secret_key, valid_from, retired_at, created_at";

/// Makes other appenders wait until this transaction ends (SQLite's `BEGIN IMMEDIATE` already
/// holds the database's write lock). Readers are not blocked.
pub(crate) async fn lock_ledger(conn: &mut AnyConnection, backend: Backend) -> StoreResult<()> {
    if backend == Backend::Postgres {
        sqlx::query("LOCK TABLE ledger_entries IN SHARE ROW EXCLUSIVE MODE")
            .execute(conn)
            .await
            .context("locking the ledger")?;
    }
    Ok(())
}

/// Where the next entry goes, from the last row.
pub(crate) async fn head_in(conn: &mut AnyConnection) -> StoreResult<ChainHead> {
    let row =
        sqlx::query("SELECT sequence, hash FROM ledger_entries ORDER BY sequence DESC LIMIT 1")
            .fetch_optional(conn)
            .await
            .context("reading the ledger's head")?;
    let Some(row) = row else {
        return Ok(ChainHead::GENESIS);
    };
    let sequence: u64 = row.small("sequence")?;
    let hash =
        ContentHash::from_hex(&row.text("hash")?).map_err(|e| corrupt("ledger_entries.hash", e))?;
    Ok(ChainHead {
        next_sequence: sequence + 1,
        previous_hash: hash,
    })
}

/// Checks that `entries` continue the chain from `head`; returns the head after them.
fn check_continues(mut head: ChainHead, entries: &[SignedEntry]) -> StoreResult<ChainHead> {
    for signed in entries {
        let entry = &signed.entry;
        let fork = |reason: String| StoreError::LedgerFork {
            sequence: entry.sequence,
            reason,
        };
        if entry.sequence != head.next_sequence {
            return Err(fork(format!(
                "the ledger's next sequence is {}",
                head.next_sequence
            )));
        }
        if entry.previous_hash != head.previous_hash {
            return Err(fork(format!(
                "it links to {}, but the entry before it hashes to {}",
                entry.previous_hash, head.previous_hash
            )));
        }
        if entry.hash() != signed.hash {
            return Err(fork(
                "its recorded hash is not the hash of its content".into(),
            ));
        }
        head = ChainHead::after(signed);
    }
    Ok(head)
}

/// Inserts the rows and the remains index, then the audit entry.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    backend: Backend,
    entries: &[SignedEntry],
    ctx: WriteContext,
) -> StoreResult<()> {
    let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
        return Ok(());
    };
    let fork = |err: sqlx::Error| match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::LedgerFork {
            sequence: first.entry.sequence,
            reason: "another entry already holds its sequence".into(),
        },
        _ => StoreError::Database {
            context: "appending to the ledger",
            source: err,
        },
    };
    for chunk in entries.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO ledger_entries ({ROW_COLUMNS}) VALUES {}",
            values_placeholders(backend, chunk.len(), 4)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for signed in chunk {
            let row = LedgerRow::of(signed);
            q = q
                .bind(row.sequence)
                .bind(row.encoding)
                .bind(row.hash)
                .bind(row.signature);
        }
        q.execute(&mut *conn).await.map_err(fork)?;
    }
    let links: Vec<(&str, i64)> = entries
        .iter()
        .flat_map(|s| {
            let remains: BTreeSet<&str> = s.entry.remains.iter().map(String::as_str).collect();
            remains.into_iter().map(|a| (a, s.entry.sequence as i64))
        })
        .collect();
    for chunk in links.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "INSERT INTO ledger_remains (accession, sequence) VALUES {}",
            values_placeholders(backend, chunk.len(), 2)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (accession, sequence) in chunk {
            q = q.bind(*accession).bind(*sequence);
        }
        q.execute(&mut *conn).await.map_err(fork)?;
    }
    let (from, to) = (first.entry.sequence, last.entry.sequence);
    audit::record(
        conn,
        ctx,
        Change {
            action: "ledger.append",
            entity: "ledger",
            key: &if from == to {
                from.to_string()
            } else {
                format!("{from}–{to}")
            },
            detail: &format!(
                "appended {} entr{}; head {}",
                entries.len(),
                if entries.len() == 1 { "y" } else { "ies" },
                last.hash
            ),
        },
    )
    .await
}

/// Appends already-signed entries in one transaction if they continue the chain from its head.
pub(crate) async fn append_signed(
    core: &Core,
    entries: &[SignedEntry],
    ctx: WriteContext,
) -> StoreResult<ChainHead> {
    let mut tx = core.begin_write().await?;
    lock_ledger(&mut tx, core.backend).await?;
    let head = check_continues(head_in(&mut tx).await?, entries)?;
    insert(&mut tx, core.backend, entries, ctx).await?;
    core.commit(tx, "appending to the ledger").await?;
    Ok(head)
}

/// Places, signs (with the organization's current stored key) and appends drafts in one
/// transaction, at the head as it is under the lock.
pub(crate) async fn append_drafts(
    core: &Core,
    organization: &str,
    drafts: Vec<EntryDraft>,
    ctx: WriteContext,
) -> StoreResult<Vec<SignedEntry>> {
    let mut tx = core.begin_write().await?;
    lock_ledger(&mut tx, core.backend).await?;
    let key = current_key_in(&mut tx, core, organization).await?;
    let mut head = head_in(&mut tx).await?;
    let entries = head.append_all(drafts, &key);
    insert(&mut tx, core.backend, &entries, ctx).await?;
    core.commit(tx, "appending to the ledger").await?;
    Ok(entries)
}

/// The head of the ledger (genesis when empty).
pub(crate) async fn head(core: &Core) -> StoreResult<ChainHead> {
    let mut conn = core
        .pool
        .acquire()
        .await
        .context("reading the ledger's head")?;
    head_in(&mut conn).await
}

fn ledger_row(r: &AnyRow) -> StoreResult<LedgerRow> {
    // A row changed behind the store's back may hold any type (SQLite is dynamically typed):
    // read what is there and let decoding name the damage, rather than failing the whole read.
    let encoding = r
        .try_get::<Vec<u8>, _>("encoding")
        .or_else(|_| r.try_get::<String, _>("encoding").map(String::into_bytes))
        .unwrap_or_default();
    let text = |col: &str| {
        r.try_get::<String, _>(col)
            .unwrap_or_else(|e| format!("<unreadable: {e}>"))
    };
    Ok(LedgerRow {
        sequence: r.int("sequence")?,
        encoding,
        hash: text("hash"),
        signature: text("signature"),
    })
}

/// Up to `limit` rows after sequence `after` (from the first when `None`), in sequence order.
pub(crate) async fn rows(
    core: &Core,
    after: Option<i64>,
    limit: u32,
) -> StoreResult<Vec<LedgerRow>> {
    let rows = match after {
        Some(after) => {
            sqlx::query(
                "SELECT sequence, encoding, hash, signature FROM ledger_entries \
                 WHERE sequence > $1 ORDER BY sequence LIMIT $2",
            )
            .bind(after)
            .bind(i64::from(limit))
            .fetch_all(&core.pool)
            .await
        }
        None => {
            sqlx::query(
                "SELECT sequence, encoding, hash, signature FROM ledger_entries \
                 ORDER BY sequence LIMIT $1",
            )
            .bind(i64::from(limit))
            .fetch_all(&core.pool)
            .await
        }
    }
    .context("reading the ledger")?;
    rows.iter().map(ledger_row).collect()
}

/// The rows that name a remains case, in sequence order.
pub(crate) async fn rows_of_remains(core: &Core, accession: &str) -> StoreResult<Vec<LedgerRow>> {
    let rows = sqlx::query(
        "SELECT e.sequence, e.encoding, e.hash, e.signature \
         FROM ledger_remains r JOIN ledger_entries e ON e.sequence = r.sequence \
         WHERE r.accession = $1 ORDER BY e.sequence",
    )
    .bind(accession)
    .fetch_all(&core.pool)
    .await
    .context("reading a case's custody timeline")?;
    rows.iter().map(ledger_row).collect()
}

// --- organization keys ---------------------------------------------------------------------

fn stored_key(r: &AnyRow) -> StoreResult<StoredKey> {
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
        secret: sealed_keys::at_rest(r.opt_text("secret_key")?.as_deref()),
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
    .ok_or_else(|| StoreError::NotFound {
        what: "signing key of organization",
        key: organization.to_owned(),
    })?;
    let key_id = KeyId::from_hex(&row.text("key_id")?).map_err(|e| corrupt("key_id", e))?;
    sealed_keys::open(core, row.opt_text("secret_key")?, organization, key_id)
}

async fn insert_key(
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
    .bind(sealed_keys::seal(core, key)?)
    .bind(valid_from as i64)
    .bind(ctx.at.0)
    .execute(&mut *conn)
    .await
    .map_err(|e| super::conflict_or(e, "organization key", &key_id, "storing a key"))?;
    Ok(())
}

/// Stores an organization's first key, trusted from entry 1; `Conflict` if it has one.
pub(crate) async fn save_key(
    core: &Core,
    key: &OrganizationKey,
    ctx: WriteContext,
) -> StoreResult<StoredKey> {
    let organization = key.organization();
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
    insert_key(&mut tx, core, key, 1, ctx).await?;
    let key_id = key.key_id().to_string();
    audit::record(
        &mut tx,
        ctx,
        Change {
            action: "ledger.key_create",
            entity: "organization_key",
            key: &key_id,
            detail: &format!("signing key {key_id} for {organization}, trusted from entry 1"),
        },
    )
    .await?;
    core.commit(tx, "storing a key").await?;
    Ok(StoredKey {
        organization: organization.to_owned(),
        key_id: key.key_id(),
        public_key: key.public_key(),
        valid_from: 1,
        retired_at: None,
        created_at: ctx.at.0,
        secret: SecretAtRest::Sealed,
    })
}

/// Rotates `new_key`'s organization to it: appends a `key_rotated` entry signed by the old key,
/// retires the old key at that entry and stores the new one valid from the next, in one
/// transaction.
pub(crate) async fn rotate_key(
    core: &Core,
    new_key: &OrganizationKey,
    actor: &str,
    ctx: WriteContext,
) -> StoreResult<SignedEntry> {
    let organization = new_key.organization();
    let mut tx = core.begin_write().await?;
    lock_ledger(&mut tx, core.backend).await?;
    let old = current_key_in(&mut tx, core, organization).await?;
    let mut head = head_in(&mut tx).await?;
    let mut draft = EntryDraft::new(
        ctx.at.0,
        actor,
        "",
        CustodyEvent::KeyRotated {
            new_key: new_key.public_key(),
        },
    );
    draft.details = format!(
        "{organization} rotates key {} to {}",
        old.key_id(),
        new_key.key_id()
    );
    let entry = head.append(draft, &old);
    insert(&mut tx, core.backend, std::slice::from_ref(&entry), ctx).await?;
    sqlx::query("UPDATE organization_keys SET retired_at = $1 WHERE key_id = $2")
        .bind(entry.entry.sequence as i64)
        .bind(old.key_id().to_string())
        .execute(&mut *tx)
        .await
        .context("retiring a key")?;
    insert_key(&mut tx, core, new_key, entry.entry.sequence + 1, ctx).await?;
    core.commit(tx, "rotating a key").await?;
    Ok(entry)
}

/// Every stored key, by organization, oldest first.
pub(crate) async fn keys(core: &Core) -> StoreResult<Vec<StoredKey>> {
    let sql =
        format!("SELECT {KEY_COLUMNS} FROM organization_keys ORDER BY organization, valid_from");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&core.pool)
        .await
        .context("reading organization keys")?;
    rows.iter().map(stored_key).collect()
}

/// The organization's current signing key, if it has one.
pub(crate) async fn signing_key(
    core: &Core,
    organization: &str,
) -> StoreResult<Option<OrganizationKey>> {
    let mut conn = core.pool.acquire().await.context("reading a signing key")?;
    match current_key_in(&mut conn, core, organization).await {
        Ok(key) => Ok(Some(key)),
        Err(StoreError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}
