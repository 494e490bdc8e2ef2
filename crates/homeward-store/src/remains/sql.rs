//! Remains cases in SQL: reading and listing with filters; the writes are a [`CaseWrite`]'s
//! (`write.rs`).

use std::collections::HashMap;

use async_trait::async_trait;
use homeward_domain::{
    Accession, CalendarDate, ExternalNumber, LifecycleStatus, Nationality, RecoverySiteId,
    RemainsCase, RemainsCaseId, StatusChange, Timestamp, UserId,
};
use sqlx::any::AnyRow;

use super::rows::{Key, SELECT_COLUMNS, case_from, external_number, fold_number, read_case};
use super::{CaseWrite, Page, Remains, RemainsFilter, RemainsSummary};
use crate::accounts::users::SYSTEM;
use crate::context::WriteContext;
use crate::error::{Context, StoreResult};
use crate::sql::row::{Get, corrupt, read_all};
use crate::sql::{Core, SqlStore, prefix_upper_bound};

/// The largest page [`list`] returns.
const MAX_PAGE: u32 = 500;

/// A query parameter of a dynamically built statement.
enum Param {
    Text(String),
    Int(i64),
}

#[async_trait]
impl Remains for SqlStore {
    async fn begin_case_write(&self, ctx: WriteContext) -> StoreResult<CaseWrite> {
        CaseWrite::begin(&self.core, ctx).await
    }

    async fn remains_case(&self, id: RemainsCaseId) -> StoreResult<Option<RemainsCase>> {
        read_case_from(&self.core, "id", Key::Id(id.0)).await
    }

    async fn remains_by_accession(
        &self,
        accession: &Accession,
    ) -> StoreResult<Option<RemainsCase>> {
        read_case_from(&self.core, "accession", Key::Accession(accession.as_str())).await
    }

    async fn list_remains(&self, filter: &RemainsFilter) -> StoreResult<Page<RemainsSummary>> {
        let core = &self.core;
        let mut conditions: Vec<String> = Vec::new();
        let mut params: Vec<Param> = Vec::new();
        let next = |p: Param, params: &mut Vec<Param>| {
            params.push(p);
            format!("${}", params.len())
        };
        if let Some(status) = filter.status {
            let p = next(Param::Text(status.code().into()), &mut params);
            conditions.push(format!("r.status = {p}"));
        }
        if let Some(site) = filter.site {
            let p = next(Param::Int(site.0), &mut params);
            conditions.push(format!("r.site_id = {p}"));
        }
        if let Some(nationality) = filter.nationality {
            let p = next(Param::Text(nationality.code()), &mut params);
            conditions.push(format!("r.nationality = {p}"));
        }
        if let Some(number) = filter
            .number
            .as_deref()
            .map(fold_number)
            .filter(|n| !n.is_empty())
        {
            let upper = prefix_upper_bound(&number);
            let a = next(Param::Text(number.clone()), &mut params);
            let b = next(Param::Text(upper.clone()), &mut params);
            let c = next(Param::Text(number), &mut params);
            let d = next(Param::Text(upper), &mut params);
            conditions.push(format!(
                "((r.accession_folded >= {a} AND r.accession_folded < {b}) OR r.id IN \
                 (SELECT e.remains_id FROM external_numbers e \
                  WHERE e.value_folded >= {c} AND e.value_folded < {d}))"
            ));
        }
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let bind_all = |sql: String, params: &[Param]| {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for p in params {
                q = match p {
                    Param::Text(t) => q.bind(t.clone()),
                    Param::Int(i) => q.bind(*i),
                };
            }
            q
        };
        let count_sql =
            format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM remains_cases r{where_clause}");
        let total = bind_all(count_sql, &params)
            .fetch_one(&core.pool)
            .await
            .context("counting remains cases")?
            .small("n")?;
        let limit = match filter.limit {
            0 => MAX_PAGE,
            l => l.min(MAX_PAGE),
        };
        let page_sql = format!(
            "SELECT r.id, r.accession, r.site_id, s.name AS site_name, r.recovery_date, r.status, \
               r.nationality, r.synthetic \
             FROM remains_cases r JOIN recovery_sites s ON s.id = r.site_id{where_clause} \
             ORDER BY r.accession LIMIT ${} OFFSET ${}",
            params.len() + 1,
            params.len() + 2
        );
        let rows = bind_all(page_sql, &params)
            .bind(i64::from(limit))
            .bind(i64::from(filter.offset))
            .fetch_all(&core.pool)
            .await
            .context("listing remains cases")?;
        let items = rows
            .iter()
            .map(|r| {
                Ok(RemainsSummary {
                    id: RemainsCaseId(r.int("id")?),
                    accession: r.text("accession")?,
                    site: RecoverySiteId(r.int("site_id")?),
                    site_name: r.text("site_name")?,
                    recovery_date: r.code("recovery_date", CalendarDate::parse)?,
                    status: r.code("status", LifecycleStatus::from_code)?,
                    nationality: r.code("nationality", Nationality::from_code)?,
                    synthetic: r.flag("synthetic")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(Page { items, total })
    }

    async fn all_remains(&self) -> StoreResult<Vec<RemainsCase>> {
        let core = &self.core;
        let sql = format!("SELECT {SELECT_COLUMNS} FROM remains_cases r ORDER BY r.accession");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&core.pool)
            .await
            .context("exporting remains cases")?;
        let query = sqlx::query(
            "SELECT remains_id, scheme, value FROM external_numbers ORDER BY remains_id, position",
        );
        let from = |r: &AnyRow| Ok((r.int("remains_id")?, external_number(r)?));
        let numbers = read_all(&core.pool, query, from, "exporting external numbers").await?;
        let mut by_case: HashMap<i64, Vec<ExternalNumber>> = HashMap::new();
        for (case, number) in numbers {
            by_case.entry(case).or_default().push(number);
        }
        rows.iter()
            .map(|r| case_from(r, by_case.remove(&r.int("id")?).unwrap_or_default()))
            .collect()
    }

    async fn status_history(&self, id: RemainsCaseId) -> StoreResult<Vec<StatusChange>> {
        let query = sqlx::query(
            "SELECT h.from_status, h.to_status, h.actor_id, u.username, h.at, h.reason \
             FROM status_history h LEFT JOIN users u ON u.id = h.actor_id \
             WHERE h.remains_id = $1 ORDER BY h.id",
        )
        .bind(id.0);
        let context = "reading the status history";
        read_all(&self.core.pool, query, status_change, context).await
    }
}

/// One case read on a connection of its own (no lock: a read outside any write).
async fn read_case_from(
    core: &Core,
    column: &'static str,
    key: Key<'_>,
) -> StoreResult<Option<RemainsCase>> {
    let mut conn = core.acquire("reading a remains case").await?;
    read_case(&mut conn, column, key, "").await
}

fn status_change(r: &AnyRow) -> StoreResult<StatusChange> {
    let from = r
        .opt_text("from_status")?
        .map(|code| LifecycleStatus::from_code(&code).map_err(|e| corrupt("from_status", e)))
        .transpose()?;
    let actor = r.opt_int("actor_id")?;
    Ok(StatusChange {
        from,
        to: r.code("to_status", LifecycleStatus::from_code)?,
        actor: UserId(actor.unwrap_or(0)),
        actor_name: match actor {
            Some(_) => r
                .opt_text("username")?
                .unwrap_or_else(|| "(deleted user)".into()),
            None => SYSTEM.to_owned(),
        },
        at: Timestamp(r.int("at")?),
        reason: r.text("reason")?,
    })
}
