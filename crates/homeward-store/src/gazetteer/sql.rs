//! The gazetteer in SQL: one row per (kind, original).

use async_trait::async_trait;
use homeward_domain::{DomainError, Gazetteer, GazetteerEntry, Phrase, PlaceKind};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use super::{NameInUse, PlaceNames};
use crate::context::WriteContext;
use crate::error::{Context, StoreResult};
use crate::sql::SqlStore;
use crate::sql::audit::Change;
use crate::sql::localized::name_from;
use crate::sql::row::{Get, read_all};

#[async_trait]
impl PlaceNames for SqlStore {
    async fn put_place_names(
        &self,
        entries: &[GazetteerEntry],
        ctx: WriteContext,
    ) -> StoreResult<u64> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let written = put_in(&mut tx, entries).await?;
        let detail = Phrase::new("sys-gazetteer-put")
            .number("names", written)
            .stored();
        let change = Change::new("gazetteer.put", "gazetteer", "gazetteer", &detail);
        core.audit_and_commit(tx, ctx, change, "recording names of places")
            .await?;
        Ok(written)
    }

    async fn gazetteer(&self) -> StoreResult<Gazetteer> {
        let query = sqlx::query(
            "SELECT kind, original, name_ko, name_zh, name_en FROM gazetteer \
             ORDER BY kind, original",
        );
        let entries = read_all(&self.core.pool, query, entry_from, "reading the gazetteer").await?;
        Ok(Gazetteer::new(entries))
    }

    async fn names_in_use(&self) -> StoreResult<Vec<NameInUse>> {
        let selects: Vec<String> = NAME_COLUMNS
            .iter()
            .map(|(kind, table, column)| {
                format!(
                    "SELECT '{kind}' AS kind, {column} AS original FROM {table} \
                     WHERE {column} IS NOT NULL AND TRIM({column}) <> ''",
                    kind = kind.code()
                )
            })
            .collect();
        let sql = format!(
            "SELECT kind, original, COUNT(*) AS records FROM ({}) used \
             GROUP BY kind, original ORDER BY kind, original",
            selects.join(" UNION ALL ")
        );
        // Audited: every table, column and kind is one of `NAME_COLUMNS`' constants.
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        read_all(
            &self.core.pool,
            query,
            in_use_from,
            "reading the names in use",
        )
        .await
    }
}

/// Where records carry place and unit names: (kind, table, column).
const NAME_COLUMNS: [(PlaceKind, &str, &str); 13] = [
    (PlaceKind::Site, "recovery_sites", "name"),
    (PlaceKind::Province, "recovery_sites", "province"),
    (PlaceKind::County, "recovery_sites", "county"),
    (PlaceKind::Battle, "recovery_sites", "battle_area"),
    (PlaceKind::Province, "missing_persons", "hometown_province"),
    (PlaceKind::County, "missing_persons", "hometown_county"),
    (PlaceKind::Unit, "missing_persons", "unit"),
    (PlaceKind::PlaceOfLoss, "missing_persons", "place_of_loss"),
    (PlaceKind::Cemetery, "batch_remains", "cemetery"),
    (PlaceKind::Place, "repatriation_batches", "ceremony_place"),
    (PlaceKind::Place, "repatriation_batches", "departure_place"),
    (PlaceKind::Place, "repatriation_batches", "arrival_place"),
    (PlaceKind::Place, "remains_cases", "storage_location"),
];

fn in_use_from(r: &AnyRow) -> StoreResult<NameInUse> {
    Ok(NameInUse {
        kind: r.code("kind", PlaceKind::from_code)?,
        original: r.text("original")?,
        records: u64::try_from(r.int("records")?).unwrap_or(0),
    })
}

fn entry_from(r: &AnyRow) -> StoreResult<GazetteerEntry> {
    Ok(GazetteerEntry {
        kind: r.code("kind", PlaceKind::from_code)?,
        name: name_from(r, "original", ["name_ko", "name_zh", "name_en"])?,
    })
}

/// Writes `entries` inside the caller's write transaction (an import's, or
/// [`PlaceNames::put_place_names`]'s), after checking every one; returns how many.
pub(crate) async fn put_in(
    conn: &mut AnyConnection,
    entries: &[GazetteerEntry],
) -> StoreResult<u64> {
    for (i, entry) in entries.iter().enumerate() {
        entry.validate().map_err(|e| {
            DomainError::invalid(
                "gazetteer",
                format!(
                    "entry {} ({} \"{}\"): {e}",
                    i + 1,
                    entry.kind.code(),
                    entry.name.original
                ),
            )
        })?;
    }
    for entry in entries {
        sqlx::query(
            "INSERT INTO gazetteer (kind, original, name_ko, name_zh, name_en) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (kind, original) DO UPDATE SET name_ko = excluded.name_ko, \
             name_zh = excluded.name_zh, name_en = excluded.name_en",
        )
        .bind(entry.kind.code())
        .bind(&entry.name.original)
        .bind(entry.name.ko.as_deref())
        .bind(entry.name.zh.as_deref())
        .bind(entry.name.en.as_deref())
        .execute(&mut *conn)
        .await
        .context("recording names of places")?;
    }
    Ok(entries.len() as u64)
}
