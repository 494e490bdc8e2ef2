//! Appending to the custody ledger inside a write transaction: the head is read under the
//! ledger's lock (SQLite `BEGIN IMMEDIATE`; PostgreSQL locks the table against other writers), so
//! concurrent appenders take turns and cannot fork the chain; the sequence primary key refuses a
//! second entry at the same place anyway. Every write that signs custody entries (a lifecycle
//! change, a handling event, a batch step, a rotation) appends through here.

use std::collections::BTreeSet;

use homeward_domain::Phrase;
use homeward_ledger::{ChainHead, ContentHash, EntryDraft, SignedEntry};
use sqlx::AnyConnection;

use super::LedgerRow;
use super::keys::current_key_in;
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::audit::{self, Change};
use crate::sql::backend::Backend;
use crate::sql::row::{Get, corrupt};
use crate::sql::{Core, values_placeholders};

/// Rows per multi-row INSERT (4 parameters each; well under both engines' limits).
const ROWS_PER_INSERT: usize = 500;

pub(crate) const ROW_COLUMNS: &str = "sequence, encoding, hash, signature";

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
pub(crate) fn check_continues(
    mut head: ChainHead,
    entries: &[SignedEntry],
) -> StoreResult<ChainHead> {
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
            detail: &Phrase::new("sys-ledger-appended")
                .number("count", entries.len())
                .text("head", last.hash.to_string())
                .stored(),
        },
    )
    .await
}

/// Places `drafts` at the head, signs them with `organization`'s current stored key and inserts
/// them, inside the caller's transaction (the ledger stays locked until it ends).
pub(crate) async fn sign_in(
    conn: &mut AnyConnection,
    core: &Core,
    organization: &str,
    drafts: Vec<EntryDraft>,
    ctx: WriteContext,
) -> StoreResult<Vec<SignedEntry>> {
    lock_ledger(&mut *conn, core.backend).await?;
    let key = current_key_in(&mut *conn, core, organization).await?;
    let mut head = head_in(&mut *conn).await?;
    let entries = head.append_all(drafts, &key);
    insert(&mut *conn, core.backend, &entries, ctx).await?;
    Ok(entries)
}
