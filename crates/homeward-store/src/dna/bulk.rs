//! The bulk writes of the DNA imports: a bench-sized import (200,000 families with their
//! references) must store ≥ 10,000 families a second, so every check is one query over the whole
//! input (its keys bound as one JSON array) and every insert a chunked `INSERT … SELECT` from a
//! JSON array of rows, all inside the caller's one transaction (all or nothing kept).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sqlx::AnyConnection;

use super::ProfileKind;
use crate::error::{Context, StoreResult};
use crate::sql::backend::Backend;
use crate::sql::row::Get;
use crate::sql::{insert_from_json_sql, insert_json_rows};

/// Rows per statement: a chunk of profiles is ~1 MB of JSON.
const CHUNK: usize = 2_000;

/// `column IN (…every key of one JSON array parameter…)`, cast to `pg_type` on PostgreSQL.
fn in_json(backend: Backend, column: &str, pg_type: &str) -> String {
    match backend {
        Backend::Sqlite => format!("{column} IN (SELECT value FROM json_each(?))"),
        Backend::Postgres => {
            format!("{column} IN (SELECT (jsonb_array_elements_text($1::jsonb))::{pg_type})")
        }
    }
}

fn json_of<T: Serialize>(keys: &[T], context: &'static str) -> StoreResult<String> {
    serde_json::to_string(keys)
        .map_err(|e| sqlx::Error::Encode(Box::new(e)))
        .context(context)
}

/// Which of `keys` are already a `column` value of `table` (text keys).
pub(super) async fn texts_present(
    conn: &mut AnyConnection,
    backend: Backend,
    (table, column): (&'static str, &'static str),
    keys: &[&str],
) -> StoreResult<HashSet<String>> {
    const CONTEXT: &str = "checking keys already stored";
    if keys.is_empty() {
        return Ok(HashSet::new());
    }
    let sql = format!(
        "SELECT {column} AS k FROM {table} WHERE {}",
        in_json(backend, column, "TEXT")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(json_of(keys, CONTEXT)?)
        .fetch_all(&mut *conn)
        .await
        .context(CONTEXT)?;
    rows.iter().map(|r| r.text("k")).collect()
}

/// Which of `ids` are rows of `table`.
pub(super) async fn ids_present(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &'static str,
    ids: &[i64],
) -> StoreResult<HashSet<i64>> {
    const CONTEXT: &str = "checking references";
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let sql = format!(
        "SELECT id FROM {table} WHERE {}",
        in_json(backend, "id", "BIGINT")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(json_of(ids, CONTEXT)?)
        .fetch_all(&mut *conn)
        .await
        .context(CONTEXT)?;
    rows.iter().map(|r| r.int("id")).collect()
}

/// The remains cases' ids of those of `accessions` that exist.
pub(super) async fn case_ids(
    conn: &mut AnyConnection,
    backend: Backend,
    accessions: &[&str],
) -> StoreResult<HashMap<String, i64>> {
    const CONTEXT: &str = "finding profiles' remains cases";
    if accessions.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!(
        "SELECT id, accession FROM remains_cases WHERE {}",
        in_json(backend, "accession", "TEXT")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(json_of(accessions, CONTEXT)?)
        .fetch_all(&mut *conn)
        .await
        .context(CONTEXT)?;
    rows.iter()
        .map(|r| Ok((r.text("accession")?, r.int("id")?)))
        .collect()
}

/// One `dna_families` row, in the column order of [`insert_families`].
pub(super) type FamilyRow<'a> = (
    &'a str,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<i64>,
    &'a str,
    i64,
);

/// Inserts checked family rows.
pub(super) async fn insert_families(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: &[FamilyRow<'_>],
) -> StoreResult<()> {
    let sql = insert_from_json_sql(
        backend,
        "dna_families",
        &[
            ("id", "TEXT"),
            ("claimed_names", "TEXT"),
            ("claimed_hometown", "TEXT"),
            ("claimed_unit", "TEXT"),
            ("claimed_death", "TEXT"),
            ("missing_person_id", "BIGINT"),
            ("pedigree", "TEXT"),
            ("imported_at", "BIGINT"),
        ],
    );
    insert_json_rows(conn, &sql, rows, CHUNK, "storing families").await
}

/// One autosomal `dna_profiles` row: sample, remains case, family, person, ordinal, kit,
/// alleles, imported at.
pub(super) type ProfileRow<'a> = (
    &'a str,
    Option<i64>,
    Option<&'a str>,
    Option<&'a str>,
    i64,
    &'static str,
    Option<&'a str>,
    &'a str,
    i64,
);

/// A profile row of `kind` autosomal.
pub(super) fn autosomal<'a>(
    sample: &'a str,
    remains: Option<i64>,
    reference: Option<(&'a str, &'a str, i64)>,
    kit: Option<&'a str>,
    alleles: &'a str,
    at: i64,
) -> ProfileRow<'a> {
    let (family, person, ordinal) = match reference {
        Some((f, p, o)) => (Some(f), Some(p), o),
        None => (None, None, 0),
    };
    (
        sample,
        remains,
        family,
        person,
        ordinal,
        ProfileKind::Autosomal.code(),
        kit,
        alleles,
        at,
    )
}

/// Inserts checked profile rows.
pub(super) async fn insert_profiles(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: &[ProfileRow<'_>],
) -> StoreResult<()> {
    let sql = insert_from_json_sql(
        backend,
        "dna_profiles",
        &[
            ("sample", "TEXT"),
            ("remains_id", "BIGINT"),
            ("family_id", "TEXT"),
            ("person", "TEXT"),
            ("ordinal", "BIGINT"),
            ("kind", "TEXT"),
            ("kit", "TEXT"),
            ("alleles", "TEXT"),
            ("imported_at", "BIGINT"),
        ],
    );
    insert_json_rows(conn, &sql, rows, CHUNK, "storing profiles").await
}
