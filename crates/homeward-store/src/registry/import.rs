//! Bulk import: a whole batch of sites, remains, effects and persons in one transaction.
//!
//! Rows refer to each other by their human keys (site code, accession number); a key resolves to
//! a row already in the store or to one in the same batch. Anything wrong — an invalid row, a key
//! used twice, a reference to nothing — refuses the whole batch before or inside the transaction,
//! so nothing is written. Rows go in as multi-row INSERTs with ids reserved up front.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use homeward_domain::{
    DomainError, LifecycleStatus, Phrase, RecoverySiteId, RemainsCaseId, import_walk,
};
use sqlx::AnyConnection;
use sqlx::any::AnyArguments;
use sqlx::{Any, query::Query};

use super::{ImportBatch, ImportSummary};
use crate::context::WriteContext;
use crate::effects::sql as effects;
use crate::error::{Context, StoreError, StoreResult};
use crate::remains::rows as remains;
use crate::rolls::rows as rolls;
use crate::sites::sql as sites;
use crate::sql::audit::{self, Change};
use crate::sql::backend::Backend;
use crate::sql::row::Get;
use crate::sql::{allocate_ids, list_placeholders, values_placeholders};

/// Keys looked up per `IN (…)` query.
const LOOKUP_CHUNK: usize = 500;

/// Names the row in a validation error, so the user can find it.
fn in_row(what: &str, key: &str, err: DomainError) -> StoreError {
    match err {
        DomainError::InvalidField { field, reason } => DomainError::InvalidField {
            field,
            reason: format!("{what} \"{key}\": {reason}"),
        }
        .into(),
        other => other.into(),
    }
}

fn validate(batch: &ImportBatch) -> StoreResult<()> {
    let mut codes = HashSet::new();
    for s in &batch.sites {
        s.validate().map_err(|e| in_row("site", &s.code, e))?;
        if !codes.insert(s.code.as_str()) {
            return Err(conflict("recovery site", &s.code));
        }
    }
    let mut accessions = HashSet::new();
    for (_, c) in &batch.remains {
        c.validate()
            .map_err(|e| in_row("remains case", &c.accession, e))?;
        if !accessions.insert(c.accession.as_str()) {
            return Err(conflict("accession number", &c.accession));
        }
    }
    for (i, e) in batch.effects.iter().enumerate() {
        let key = format!("#{}", i + 1);
        if e.accession.is_none() && e.site_code.is_none() {
            return Err(in_row(
                "effect",
                &key,
                DomainError::invalid(
                    "remains",
                    "needs the accession number of its remains or the code of its site",
                ),
            ));
        }
        if e.effect.description.trim().is_empty() {
            return Err(in_row(
                "effect",
                &key,
                DomainError::invalid("description", "must not be empty"),
            ));
        }
    }
    for p in &batch.missing {
        p.validate()
            .map_err(|e| in_row("missing person", &p.name_original, e))?;
    }
    Ok(())
}

/// The statuses each new case enters on its way from `recovered` to the status the batch asks
/// for, by the domain's lifecycle rules (`import_walk`); refuses a status that is not reachable
/// from the data or whose record an import cannot carry.
fn status_walks(batch: &ImportBatch) -> StoreResult<Vec<(usize, Vec<LifecycleStatus>)>> {
    let index: HashMap<&str, usize> = batch
        .remains
        .iter()
        .enumerate()
        .map(|(i, (_, c))| (c.accession.as_str(), i))
        .collect();
    let mut walks = Vec::new();
    for (accession, &to) in &batch.statuses {
        let &i = index.get(accession.as_str()).ok_or_else(|| {
            StoreError::not_found("remains case in the import", accession.clone())
        })?;
        let case = &batch.remains[i].1;
        let walk = import_walk(to, case).map_err(|e| {
            let reason = format!("cannot be imported as \"{to}\": {e}");
            in_row(
                "remains case",
                accession,
                DomainError::invalid("status", reason),
            )
        })?;
        if !walk.is_empty() {
            walks.push((i, walk));
        }
    }
    Ok(walks)
}

fn conflict(what: &'static str, key: &str) -> StoreError {
    StoreError::Conflict {
        what,
        key: key.to_owned(),
    }
}

/// A natural key an import names rows by: where it is stored, and what a clash is called.
#[derive(Debug, Clone, Copy)]
struct NaturalKey {
    table: &'static str,
    column: &'static str,
    what: &'static str,
}

const SITE_CODE: NaturalKey = NaturalKey {
    table: "recovery_sites",
    column: "code",
    what: "recovery site",
};

const ACCESSION: NaturalKey = NaturalKey {
    table: "remains_cases",
    column: "accession",
    what: "accession number",
};

/// Claims `keys` for new rows: refused with a conflict on the least of them already stored,
/// else their ids are allocated, returned in order and as key → id.
async fn claim(
    conn: &mut AnyConnection,
    backend: Backend,
    key: NaturalKey,
    keys: &[&str],
) -> StoreResult<(Vec<i64>, HashMap<String, i64>)> {
    let taken = existing(&mut *conn, key.table, key.column, keys).await?;
    if let Some(least) = taken.into_keys().min() {
        return Err(conflict(key.what, &least));
    }
    let ids = allocate_ids(&mut *conn, backend, key.table, keys.len()).await?;
    let by_key = keys
        .iter()
        .map(|k| k.to_string())
        .zip(ids.iter().copied())
        .collect();
    Ok((ids, by_key))
}

/// Adds to `by_key` the stored ids of the `referenced` keys it does not hold yet (the import's
/// references to rows already in the registry); a key stored nowhere stays out.
async fn add_existing<'k>(
    conn: &mut AnyConnection,
    key: NaturalKey,
    referenced: impl Iterator<Item = &'k str>,
    by_key: &mut HashMap<String, i64>,
) -> StoreResult<()> {
    let missing: HashSet<&str> = referenced.filter(|k| !by_key.contains_key(*k)).collect();
    let missing: Vec<&str> = missing.into_iter().collect();
    by_key.extend(existing(conn, key.table, key.column, &missing).await?);
    Ok(())
}

/// Looks up `keys` in `table.column`, returning key → id for those that exist.
async fn existing(
    conn: &mut AnyConnection,
    table: &'static str,
    column: &'static str,
    keys: &[&str],
) -> StoreResult<HashMap<String, i64>> {
    let mut found = HashMap::new();
    for chunk in keys.chunks(LOOKUP_CHUNK) {
        let sql = format!(
            "SELECT id, {column} AS k FROM {table} WHERE {column} IN ({})",
            list_placeholders(1, chunk.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for k in chunk {
            q = q.bind(*k);
        }
        for r in q
            .fetch_all(&mut *conn)
            .await
            .context("resolving import references")?
        {
            found.insert(r.text("k")?, r.int("id")?);
        }
    }
    Ok(found)
}

/// Where and how a bulk insert writes.
struct Target<'a> {
    /// `INSERT INTO table (columns)`.
    head: &'a str,
    /// How many columns each row binds.
    cols: usize,
    /// Rows per statement.
    chunk: usize,
}

/// Inserts `rows` into `target` as multi-row INSERTs.
async fn insert_chunked<T>(
    conn: &mut AnyConnection,
    backend: Backend,
    target: Target<'_>,
    rows: &[T],
    bind: impl Fn(Query<'static, Any, AnyArguments>, &T) -> Query<'static, Any, AnyArguments>,
    context: &'static str,
) -> StoreResult<()> {
    let Target { head, cols, chunk } = target;
    let full = format!(
        "{head} VALUES {}",
        values_placeholders(backend, chunk, cols)
    );
    for part in rows.chunks(chunk) {
        let sql = if part.len() == chunk {
            full.clone()
        } else {
            format!(
                "{head} VALUES {}",
                values_placeholders(backend, part.len(), cols)
            )
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in part {
            q = bind(q, row);
        }
        q.execute(&mut *conn).await.context(context)?;
    }
    Ok(())
}

/// [`import`] inside the caller's write transaction (which commits or rolls back).
pub(crate) async fn import_in(
    tx: &mut AnyConnection,
    backend: Backend,
    batch: &ImportBatch,
    ctx: WriteContext,
) -> StoreResult<ImportSummary> {
    Ok(import_rows(tx, backend, batch, ctx).await?.0)
}

/// [`import_in`], also returning the persons added to the rolls (ids in batch order, and their
/// search keys).
pub(crate) async fn import_rows(
    tx: &mut AnyConnection,
    backend: Backend,
    batch: &ImportBatch,
    ctx: WriteContext,
) -> StoreResult<(ImportSummary, rolls::Written)> {
    validate(batch)?;
    let walks = status_walks(batch)?;

    // Sites: new codes must be free.
    let new_codes: Vec<&str> = batch.sites.iter().map(|s| s.code.as_str()).collect();
    let (site_ids, mut site_by_code) = claim(&mut *tx, backend, SITE_CODE, &new_codes).await?;
    let referenced = batch
        .remains
        .iter()
        .map(|(code, _)| code.as_str())
        .chain(batch.effects.iter().filter_map(|e| e.site_code.as_deref()));
    add_existing(&mut *tx, SITE_CODE, referenced, &mut site_by_code).await?;
    let site_of = |code: &str| {
        site_by_code
            .get(code)
            .copied()
            .map(RecoverySiteId)
            .ok_or_else(|| StoreError::not_found("recovery site", code.to_owned()))
    };

    // Remains: new accession numbers must be free; their sites must resolve.
    let new_accessions: Vec<&str> = batch
        .remains
        .iter()
        .map(|(_, c)| c.accession.as_str())
        .collect();
    let (remains_ids, mut remains_by_accession) =
        claim(&mut *tx, backend, ACCESSION, &new_accessions).await?;
    let mut resolved_remains = Vec::with_capacity(batch.remains.len());
    for (code, case) in &batch.remains {
        resolved_remains.push((site_of(code)?, case));
    }
    let referenced = batch.effects.iter().filter_map(|e| e.accession.as_deref());
    add_existing(&mut *tx, ACCESSION, referenced, &mut remains_by_accession).await?;
    let mut resolved_effects = Vec::with_capacity(batch.effects.len());
    for e in &batch.effects {
        let remains = match e.accession.as_deref() {
            Some(a) => {
                Some(RemainsCaseId(*remains_by_accession.get(a).ok_or_else(
                    || StoreError::not_found("remains case", a.to_owned()),
                )?))
            }
            None => None,
        };
        let site = e.site_code.as_deref().map(site_of).transpose()?;
        resolved_effects.push((remains, site, &e.effect));
    }

    // Every reference resolved: write.
    let sites_with_ids: Vec<_> = site_ids.iter().zip(&batch.sites).collect();
    let head = format!("INSERT INTO recovery_sites (id, {})", sites::INSERT_COLUMNS);
    insert_chunked(
        &mut *tx,
        backend,
        Target {
            head: &head,
            cols: 11,
            chunk: 100,
        },
        &sites_with_ids,
        |q, (id, s)| sites::bind_site(q.bind(**id), s),
        "importing sites",
    )
    .await?;
    let remains_with_ids: Vec<_> = remains_ids.iter().zip(&resolved_remains).collect();
    let head = format!(
        "INSERT INTO remains_cases (id, {})",
        remains::INSERT_COLUMNS
    );
    insert_chunked(
        &mut *tx,
        backend,
        Target {
            head: &head,
            cols: remains::INSERT_COLUMN_COUNT + 1,
            chunk: 50,
        },
        &remains_with_ids,
        |q, (id, (site, case))| remains::bind_case(q.bind(**id), case, *site),
        "importing remains cases",
    )
    .await?;
    let numbers: Vec<_> = remains_with_ids
        .iter()
        .flat_map(|(id, (_, case))| {
            case.external_numbers
                .iter()
                .enumerate()
                .map(move |(i, n)| (**id, i, n))
        })
        .collect();
    let head = "INSERT INTO external_numbers (remains_id, position, scheme, value, value_folded)";
    insert_chunked(
        &mut *tx,
        backend,
        Target {
            head,
            cols: 5,
            chunk: 200,
        },
        &numbers,
        |q, (id, pos, n)| {
            q.bind(*id)
                .bind(*pos as i64)
                .bind(n.scheme.clone())
                .bind(n.value.clone())
                .bind(remains::fold_number(&n.value))
        },
        "importing external numbers",
    )
    .await?;
    let accessioned: Vec<_> = remains_ids
        .iter()
        .map(|&id| (id, None, LifecycleStatus::Recovered))
        .collect();
    insert_history(
        &mut *tx,
        backend,
        &accessioned,
        ctx,
        ACCESSIONED_BY_IMPORT.as_str(),
    )
    .await?;
    write_walks(&mut *tx, backend, &remains_ids, &walks, ctx).await?;
    let head = format!("INSERT INTO personal_effects ({})", effects::INSERT_COLUMNS);
    insert_chunked(
        &mut *tx,
        backend,
        Target {
            head: &head,
            cols: effects::INSERT_COLUMN_COUNT,
            chunk: 100,
        },
        &resolved_effects,
        |q, (r, s, e)| effects::bind_effect(q, e, *r, *s),
        "importing effects",
    )
    .await?;
    let written = rolls::insert_all(&mut *tx, backend, &batch.missing).await?;
    let names = crate::gazetteer::sql::put_in(&mut *tx, &batch.names).await?;

    let summary = ImportSummary {
        sites: batch.sites.len() as u64,
        remains: batch.remains.len() as u64,
        effects: batch.effects.len() as u64,
        missing: batch.missing.len() as u64,
        names,
    };
    let detail = Phrase::new("sys-imported")
        .number("sites", summary.sites)
        .number("remains", summary.remains)
        .number("effects", summary.effects)
        .number("missing", summary.missing)
        .number("names", summary.names)
        .stored();
    let change = Change::new("import", "batch", "import", &detail);
    audit::record(&mut *tx, ctx, change).await?;
    Ok((summary, written))
}

/// Moves the imported cases along their walks: one history entry per step (reason "imported",
/// the importing actor) and the final status on the case.
async fn write_walks(
    tx: &mut AnyConnection,
    backend: Backend,
    remains_ids: &[i64],
    walks: &[(usize, Vec<LifecycleStatus>)],
    ctx: WriteContext,
) -> StoreResult<()> {
    let steps: Vec<HistoryRow> = walks
        .iter()
        .flat_map(|(i, walk)| {
            let id = remains_ids[*i];
            std::iter::once(LifecycleStatus::Recovered)
                .chain(walk.iter().copied())
                .zip(walk.iter().copied())
                .map(move |(from, to)| (id, Some(from), to))
        })
        .collect();
    insert_history(&mut *tx, backend, &steps, ctx, IMPORTED.as_str()).await?;
    let mut by_status: HashMap<LifecycleStatus, Vec<i64>> = HashMap::new();
    for (i, walk) in walks {
        if let Some(&last) = walk.last() {
            by_status.entry(last).or_default().push(remains_ids[*i]);
        }
    }
    for (status, ids) in by_status {
        for chunk in ids.chunks(LOOKUP_CHUNK) {
            let sql = format!(
                "UPDATE remains_cases SET status = $1 WHERE id IN ({})",
                list_placeholders(2, chunk.len())
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(status.code());
            for id in chunk {
                q = q.bind(*id);
            }
            q.execute(&mut *tx)
                .await
                .context("applying imported statuses")?;
        }
    }
    Ok(())
}

/// The status note of a case accessioned by an import (a system text).
static ACCESSIONED_BY_IMPORT: LazyLock<String> =
    LazyLock::new(|| Phrase::new("sys-note-accessioned-by-import").stored());

/// The status note of each step an import walks a case along (a system text).
static IMPORTED: LazyLock<String> = LazyLock::new(|| Phrase::new("sys-note-imported").stored());

/// A status history entry: the case, the status left (`None` on accession), the status entered.
type HistoryRow = (i64, Option<LifecycleStatus>, LifecycleStatus);

/// Appends history entries by the importing actor, all with the same reason.
async fn insert_history(
    tx: &mut AnyConnection,
    backend: Backend,
    rows: &[HistoryRow],
    ctx: WriteContext,
    reason: &'static str,
) -> StoreResult<()> {
    let head =
        "INSERT INTO status_history (remains_id, from_status, to_status, actor_id, at, reason)";
    insert_chunked(
        tx,
        backend,
        Target {
            head,
            cols: 6,
            chunk: 200,
        },
        rows,
        |q, (id, from, to)| {
            q.bind(*id)
                .bind(from.map(LifecycleStatus::code))
                .bind(to.code())
                .bind(ctx.actor.map(|u| u.0))
                .bind(ctx.at.0)
                .bind(reason)
        },
        "recording the status history of an import",
    )
    .await
}
