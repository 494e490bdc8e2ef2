//! Remains cases in SQL: accession, reading, listing with filters, the examination (which moves
//! a `recovered` case to `examined`), the nationality, and the generic status step, each write
//! signing its custody event (`custody.rs`) in its own transaction.

use std::collections::HashMap;

use async_trait::async_trait;
use homeward_domain::{
    Accession, BiologicalProfile, CalendarDate, DomainError, ExternalNumber, LifecycleStatus,
    Nationality, NationalityAssessment, NewRemainsCase, RecoverySiteId, RemainsCase, RemainsCaseId,
    SkeletalInventory, StatusChange, Timestamp, UserId, check_examination, examination_moves_to,
};
use serde_json::Value;
use sqlx::any::AnyRow;

use super::custody::{self, CaseChange};
use super::lifecycle::{insert_history, set_status};
use super::rows::{
    INSERT_COLUMN_COUNT, INSERT_COLUMNS, Key, SELECT_COLUMNS, bind_case, case_from,
    external_number, fold_number, for_update, insert_external_numbers, read_case,
};
use super::{Page, Remains, RemainsFilter, RemainsSummary};
use crate::accounts::users::{SYSTEM, actor_name};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sites::sql::code_of;
use crate::sql::audit::{self, Change, diff, joined};
use crate::sql::row::{Get, corrupt, read_all};
use crate::sql::{Core, SqlStore, Tx, conflict_or, list_placeholders, prefix_upper_bound};

/// The largest page [`list`] returns.
const MAX_PAGE: u32 = 500;

/// A query parameter of a dynamically built statement.
enum Param {
    Text(String),
    Int(i64),
}

fn range_text<T: std::fmt::Display>(r: Option<(T, T)>, unit: &str) -> String {
    r.map_or_else(|| "unknown".to_owned(), |(a, b)| format!("{a}–{b}{unit}"))
}

#[async_trait]
impl Remains for SqlStore {
    async fn accession_remains(
        &self,
        case: &NewRemainsCase,
        ctx: WriteContext,
    ) -> StoreResult<RemainsCaseId> {
        let core = &self.core;
        case.validate()?;
        let mut tx = core.begin_write().await?;
        let Some(site_code) = code_of(&mut tx, case.site).await? else {
            return Err(StoreError::not_found(
                "recovery site",
                case.site.to_string(),
            ));
        };
        let sql = format!(
            "INSERT INTO remains_cases ({INSERT_COLUMNS}) VALUES ({}) RETURNING id",
            list_placeholders(1, INSERT_COLUMN_COUNT)
        );
        let row = bind_case(sqlx::query(sqlx::AssertSqlSafe(sql)), case, case.site)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| {
                conflict_or(
                    e,
                    "accession number",
                    &case.accession,
                    "accessioning remains",
                )
            })?;
        let id = row.int("id")?;
        insert_external_numbers(&mut tx, id, &case.external_numbers).await?;
        insert_history(
            &mut tx,
            id,
            None,
            LifecycleStatus::Recovered,
            ctx,
            "accessioned",
        )
        .await?;
        let detail = format!(
            "remains {} accessioned from site {site_code}, recovered {}, status recovered",
            case.accession, case.recovery_date
        );
        let change = Change::new("remains.create", "remains_case", &case.accession, &detail);
        let recovery_date = case.recovery_date.to_string();
        let recovered = CaseChange::Accessioned {
            site: &site_code,
            recovery_date: &recovery_date,
        };
        let context = "accessioning remains";
        end_case_write(core, tx, ctx, change, &site_code, recovered, context).await?;
        Ok(RemainsCaseId(id))
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

    async fn record_examination(
        &self,
        id: RemainsCaseId,
        inventory: &SkeletalInventory,
        profile: &BiologicalProfile,
        condition: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let old = for_update(core, &mut tx, id).await?;
        let mut new = old.case.clone();
        new.inventory = inventory.clone();
        new.profile = profile.clone();
        new.condition = condition.to_owned();
        new.validate()?;
        check_examination(inventory)?;
        let elements = Value::Array(
            inventory
                .elements
                .iter()
                .cloned()
                .map(Value::String)
                .collect(),
        );
        sqlx::query(
            "UPDATE remains_cases SET elements = $1, completeness_pct = $2, sex = $3, \
             age_min = $4, age_max = $5, stature_min_cm = $6, stature_max_cm = $7, condition = $8 \
             WHERE id = $9",
        )
        .bind(elements.to_string())
        .bind(i64::from(inventory.completeness_pct))
        .bind(profile.sex.code())
        .bind(profile.age_range.map(|r| i64::from(r.0)))
        .bind(profile.age_range.map(|r| i64::from(r.1)))
        .bind(profile.stature_range_cm.map(|r| i64::from(r.0)))
        .bind(profile.stature_range_cm.map(|r| i64::from(r.1)))
        .bind(condition)
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .context("recording an examination")?;
        let (o, n) = (&old.case, &new);
        let mut lines = Vec::new();
        diff(
            &mut lines,
            "elements",
            &o.inventory.elements.join(", "),
            &n.inventory.elements.join(", "),
        );
        diff(
            &mut lines,
            "completeness",
            &format!("{}%", o.inventory.completeness_pct),
            &format!("{}%", n.inventory.completeness_pct),
        );
        diff(
            &mut lines,
            "sex",
            o.profile.sex.code(),
            n.profile.sex.code(),
        );
        diff(
            &mut lines,
            "age",
            &range_text(o.profile.age_range, " y"),
            &range_text(n.profile.age_range, " y"),
        );
        diff(
            &mut lines,
            "stature",
            &range_text(o.profile.stature_range_cm, " cm"),
            &range_text(n.profile.stature_range_cm, " cm"),
        );
        diff(&mut lines, "condition", &o.condition, &n.condition);
        if let Some(to) = examination_moves_to(old.status) {
            let reason = "examination recorded: inventory and biological profile";
            set_status(&mut tx, id.0, old.status, to, ctx, reason).await?;
            lines.push(format!("status: {} → {to}", old.status));
        }
        let detail = joined(lines);
        let change = Change::new("remains.examine", "remains_case", &o.accession, &detail);
        let examination = CaseChange::Examination {
            completeness_pct: inventory.completeness_pct,
            condition,
        };
        let (location, context) = (&o.storage_location, "recording an examination");
        end_case_write(core, tx, ctx, change, location, examination, context).await
    }

    async fn record_nationality(
        &self,
        id: RemainsCaseId,
        assessment: &NationalityAssessment,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let old = for_update(core, &mut tx, id).await?;
        assessment.validate()?;
        old.status.check_reassessment(&assessment.nationality)?;
        sqlx::query(
            "UPDATE remains_cases SET nationality = $1, nationality_evidence = $2, \
             committee_decision = $3 WHERE id = $4",
        )
        .bind(assessment.nationality.code())
        .bind(&assessment.evidence)
        .bind(assessment.committee_decision.as_deref())
        .bind(id.0)
        .execute(&mut *tx)
        .await
        .context("recording a nationality assessment")?;
        let o = &old.case.nationality;
        let mut lines = Vec::new();
        diff(
            &mut lines,
            "nationality",
            &o.nationality.code(),
            &assessment.nationality.code(),
        );
        diff(&mut lines, "evidence", &o.evidence, &assessment.evidence);
        let none = "none";
        diff(
            &mut lines,
            "committee decision",
            o.committee_decision.as_deref().unwrap_or(none),
            assessment.committee_decision.as_deref().unwrap_or(none),
        );
        let detail = joined(lines);
        let change = Change::new(
            "remains.nationality",
            "remains_case",
            &old.case.accession,
            &detail,
        );
        let nationality = CaseChange::Nationality(assessment);
        let location = &old.case.storage_location;
        let context = "recording a nationality assessment";
        end_case_write(core, tx, ctx, change, location, nationality, context).await
    }

    async fn change_status(
        &self,
        id: RemainsCaseId,
        to: LifecycleStatus,
        reason: &str,
        ctx: WriteContext,
    ) -> StoreResult<StatusChange> {
        let core = &self.core;
        if reason.trim().is_empty() {
            return Err(DomainError::invalid("reason", "a status change must say why").into());
        }
        let mut tx = core.begin_write().await?;
        let case = for_update(core, &mut tx, id).await?;
        let from = case.status;
        from.check_status_step(to, case.case.nationality.nationality)?;
        let actor_name = actor_name(&mut tx, ctx.actor).await?;
        set_status(&mut tx, id.0, from, to, ctx, reason).await?;
        let detail = format!("status: {from} → {to}; reason: {reason}");
        let change = Change::new(
            "remains.status",
            "remains_case",
            &case.case.accession,
            &detail,
        );
        let status = CaseChange::Status {
            from,
            to,
            nationality: case.case.nationality.nationality,
            reason,
        };
        let (location, context) = (&case.case.storage_location, "changing a case's status");
        end_case_write(core, tx, ctx, change, location, status, context).await?;
        Ok(StatusChange {
            from: Some(from),
            to,
            actor: ctx.actor.unwrap_or(UserId(0)),
            actor_name,
            at: ctx.at,
            reason: reason.to_owned(),
        })
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

/// Ends a write to a case: its audit entry `change` (keyed by the accession number), the custody
/// event `event` at `location` signed into the ledger, and the commit, all in the one
/// transaction: a failed append rolls the change back.
async fn end_case_write(
    core: &Core,
    mut tx: Tx,
    ctx: WriteContext,
    change: Change<'_>,
    location: &str,
    event: CaseChange<'_>,
    context: &'static str,
) -> StoreResult<()> {
    let accession = change.key;
    audit::record(&mut tx, ctx, change).await?;
    custody::append_case_event(&mut tx, core, ctx, accession, location, event).await?;
    core.commit(tx, context).await
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
