//! Remains cases: accession, reading, listing with filters, examination (which moves a
//! `recovered` case to `examined`) and nationality.

use std::collections::HashMap;

use homeward_domain::{
    BiologicalProfile, CalendarDate, ExternalNumber, LifecycleStatus, Nationality,
    NationalityAssessment, NewRemainsCase, RecoveryContext, RecoverySiteId, RemainsCase,
    RemainsCaseId, SexEstimate, SkeletalInventory, check_examination, examination_moves_to,
};
use serde_json::Value;
use sqlx::AnyConnection;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, query::Query};

use super::audit::{self, Change, diff, joined};
use super::custody::{self, CaseChange};
use super::lifecycle::{insert_history, set_status};
use super::row::{Get, corrupt};
use super::{Core, conflict_or, prefix_upper_bound, sites};
use crate::error::Context;
use crate::{Page, RemainsFilter, RemainsSummary, StoreError, StoreResult, WriteContext};

/// The columns of `remains_cases` in insert order (without `id`).
pub(crate) const INSERT_COLUMNS: &str = "accession, accession_folded, site_id, recovery_date, \
     context, elements, completeness_pct, sex, age_min, age_max, stature_min_cm, stature_max_cm, \
     condition, nationality, nationality_evidence, committee_decision, storage_location, status, \
     synthetic";
/// How many columns [`INSERT_COLUMNS`] names.
pub(crate) const INSERT_COLUMN_COUNT: usize = 19;
const SELECT_COLUMNS: &str = "r.id, r.accession, r.site_id, r.recovery_date, r.context, \
     r.elements, r.completeness_pct, r.sex, r.age_min, r.age_max, r.stature_min_cm, \
     r.stature_max_cm, r.condition, r.nationality, r.nationality_evidence, r.committee_decision, \
     r.storage_location, r.status, r.synthetic";
/// The largest page [`list`] returns.
const MAX_PAGE: u32 = 500;

/// How accession and external numbers are compared: trimmed, lower case.
pub(crate) fn fold_number(number: &str) -> String {
    number.trim().to_lowercase()
}

/// Binds a new case's columns in [`INSERT_COLUMNS`] order, as status `recovered` at `site`.
pub(crate) fn bind_case<'q>(
    q: Query<'q, Any, AnyArguments>,
    case: &NewRemainsCase,
    site: RecoverySiteId,
) -> Query<'q, Any, AnyArguments> {
    let elements = Value::Array(
        case.inventory
            .elements
            .iter()
            .cloned()
            .map(Value::String)
            .collect(),
    );
    q.bind(&case.accession)
        .bind(fold_number(&case.accession))
        .bind(site.0)
        .bind(case.recovery_date.to_string())
        .bind(case.context.code())
        .bind(elements.to_string())
        .bind(i64::from(case.inventory.completeness_pct))
        .bind(case.profile.sex.code())
        .bind(case.profile.age_range.map(|r| i64::from(r.0)))
        .bind(case.profile.age_range.map(|r| i64::from(r.1)))
        .bind(case.profile.stature_range_cm.map(|r| i64::from(r.0)))
        .bind(case.profile.stature_range_cm.map(|r| i64::from(r.1)))
        .bind(&case.condition)
        .bind(case.nationality.nationality.code())
        .bind(&case.nationality.evidence)
        .bind(case.nationality.committee_decision.as_deref())
        .bind(&case.storage_location)
        .bind(LifecycleStatus::Recovered.code())
        .bind(i16::from(case.synthetic))
}

fn elements_from(text: &str) -> StoreResult<Vec<String>> {
    let value: Value = serde_json::from_str(text).map_err(|e| corrupt("elements", e))?;
    let Value::Array(items) = value else {
        return Err(corrupt("elements", format!("{text} is not a list")));
    };
    items
        .into_iter()
        .map(|v| match v {
            Value::String(s) => Ok(s),
            other => Err(corrupt("elements", format!("{other} is not text"))),
        })
        .collect()
}

/// Two columns read as a range: both present, or `None`.
pub(crate) fn pair<T: TryFrom<i64>>(
    r: &AnyRow,
    lo: &'static str,
    hi: &'static str,
) -> StoreResult<Option<(T, T)>> {
    Ok(match (r.opt_small(lo)?, r.opt_small(hi)?) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    })
}

fn case_from(r: &AnyRow, external_numbers: Vec<ExternalNumber>) -> StoreResult<RemainsCase> {
    Ok(RemainsCase {
        id: RemainsCaseId(r.int("id")?),
        status: r.code("status", LifecycleStatus::from_code)?,
        case: NewRemainsCase {
            accession: r.text("accession")?,
            site: RecoverySiteId(r.int("site_id")?),
            recovery_date: r.code("recovery_date", CalendarDate::parse)?,
            context: r.code("context", RecoveryContext::from_code)?,
            inventory: SkeletalInventory {
                elements: elements_from(&r.text("elements")?)?,
                completeness_pct: r.small("completeness_pct")?,
            },
            profile: BiologicalProfile {
                sex: r.code("sex", SexEstimate::from_code)?,
                age_range: pair(r, "age_min", "age_max")?,
                stature_range_cm: pair(r, "stature_min_cm", "stature_max_cm")?,
            },
            condition: r.text("condition")?,
            nationality: NationalityAssessment {
                nationality: r.code("nationality", Nationality::from_code)?,
                evidence: r.text("nationality_evidence")?,
                committee_decision: r.opt_text("committee_decision")?,
            },
            storage_location: r.text("storage_location")?,
            external_numbers,
            synthetic: r.flag("synthetic")?,
        },
    })
}

async fn external_numbers_of(
    conn: &mut AnyConnection,
    id: i64,
) -> StoreResult<Vec<ExternalNumber>> {
    let rows = sqlx::query(
        "SELECT scheme, value FROM external_numbers WHERE remains_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(conn)
    .await
    .context("reading external numbers")?;
    rows.iter()
        .map(|r| {
            Ok(ExternalNumber {
                scheme: r.text("scheme")?,
                value: r.text("value")?,
            })
        })
        .collect()
}

/// Reads one case (`key_column` is `id` or `accession`), optionally locking it.
async fn read_case(
    conn: &mut AnyConnection,
    key_column: &'static str,
    key: Key<'_>,
    lock: &'static str,
) -> StoreResult<Option<RemainsCase>> {
    let sql =
        format!("SELECT {SELECT_COLUMNS} FROM remains_cases r WHERE r.{key_column} = $1{lock}");
    let q = sqlx::query(sqlx::AssertSqlSafe(sql));
    let q = match key {
        Key::Id(id) => q.bind(id),
        Key::Accession(a) => q.bind(a),
    };
    let Some(row) = q
        .fetch_optional(&mut *conn)
        .await
        .context("reading a remains case")?
    else {
        return Ok(None);
    };
    let numbers = external_numbers_of(conn, row.int("id")?).await?;
    case_from(&row, numbers).map(Some)
}

enum Key<'a> {
    Id(i64),
    Accession(&'a str),
}

pub(crate) async fn insert_external_numbers(
    conn: &mut AnyConnection,
    id: i64,
    numbers: &[ExternalNumber],
) -> StoreResult<()> {
    for (position, n) in numbers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO external_numbers (remains_id, position, scheme, value, value_folded) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(&n.scheme)
        .bind(&n.value)
        .bind(fold_number(&n.value))
        .execute(&mut *conn)
        .await
        .context("recording external numbers")?;
    }
    Ok(())
}

pub(crate) async fn accession(
    core: &Core,
    case: &NewRemainsCase,
    ctx: WriteContext,
) -> StoreResult<RemainsCaseId> {
    case.validate()?;
    let mut tx = core.begin_write().await?;
    let Some(site_code) = sites::code_of(&mut tx, case.site).await? else {
        return Err(StoreError::NotFound {
            what: "recovery site",
            key: case.site.to_string(),
        });
    };
    let sql = format!(
        "INSERT INTO remains_cases ({INSERT_COLUMNS}) VALUES ({}) RETURNING id",
        super::list_placeholders(1, INSERT_COLUMN_COUNT)
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
    let change = Change {
        action: "remains.create",
        entity: "remains_case",
        key: &case.accession,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    let recovery_date = case.recovery_date.to_string();
    let recovered = CaseChange::Accessioned {
        site: &site_code,
        recovery_date: &recovery_date,
    };
    let accession = &case.accession;
    custody::append_case_event(&mut tx, core, ctx, accession, &site_code, recovered).await?;
    core.commit(tx, "accessioning remains").await?;
    Ok(RemainsCaseId(id))
}

pub(crate) async fn by_id(core: &Core, id: RemainsCaseId) -> StoreResult<Option<RemainsCase>> {
    let mut conn = core
        .pool
        .acquire()
        .await
        .context("reading a remains case")?;
    read_case(&mut conn, "id", Key::Id(id.0), "").await
}

pub(crate) async fn by_accession(core: &Core, accession: &str) -> StoreResult<Option<RemainsCase>> {
    let mut conn = core
        .pool
        .acquire()
        .await
        .context("reading a remains case")?;
    read_case(&mut conn, "accession", Key::Accession(accession), "").await
}

/// Reads a case for an update inside `tx`, locking it; `NotFound` when it does not exist.
pub(crate) async fn for_update(
    core: &Core,
    conn: &mut AnyConnection,
    id: RemainsCaseId,
) -> StoreResult<RemainsCase> {
    read_case(conn, "id", Key::Id(id.0), core.for_update())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            what: "remains case",
            key: id.to_string(),
        })
}

/// A query parameter of a dynamically built statement.
enum Param {
    Text(String),
    Int(i64),
}

pub(crate) async fn list(core: &Core, filter: &RemainsFilter) -> StoreResult<Page<RemainsSummary>> {
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

fn range_text<T: std::fmt::Display>(r: Option<(T, T)>, unit: &str) -> String {
    r.map_or_else(|| "unknown".to_owned(), |(a, b)| format!("{a}–{b}{unit}"))
}

pub(crate) async fn record_examination(
    core: &Core,
    id: RemainsCaseId,
    inventory: &SkeletalInventory,
    profile: &BiologicalProfile,
    condition: &str,
    ctx: WriteContext,
) -> StoreResult<()> {
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
        "UPDATE remains_cases SET elements = $1, completeness_pct = $2, sex = $3, age_min = $4, \
           age_max = $5, stature_min_cm = $6, stature_max_cm = $7, condition = $8 WHERE id = $9",
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
    let change = Change {
        action: "remains.examine",
        entity: "remains_case",
        key: &o.accession,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    let examination = CaseChange::Examination {
        completeness_pct: inventory.completeness_pct,
        condition,
    };
    let location = &o.storage_location;
    custody::append_case_event(&mut tx, core, ctx, &o.accession, location, examination).await?;
    core.commit(tx, "recording an examination").await
}

pub(crate) async fn record_nationality(
    core: &Core,
    id: RemainsCaseId,
    assessment: &NationalityAssessment,
    ctx: WriteContext,
) -> StoreResult<()> {
    let mut tx = core.begin_write().await?;
    let old = for_update(core, &mut tx, id).await?;
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
    let change = Change {
        action: "remains.nationality",
        entity: "remains_case",
        key: &old.case.accession,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    let (accession, location) = (&old.case.accession, &old.case.storage_location);
    let nationality = CaseChange::Nationality(assessment);
    custody::append_case_event(&mut tx, core, ctx, accession, location, nationality).await?;
    core.commit(tx, "recording a nationality assessment").await
}

/// Every case with its external numbers, by accession number.
pub(crate) async fn all(core: &Core) -> StoreResult<Vec<RemainsCase>> {
    let sql = format!("SELECT {SELECT_COLUMNS} FROM remains_cases r ORDER BY r.accession");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&core.pool)
        .await
        .context("exporting remains cases")?;
    let numbers = sqlx::query(
        "SELECT remains_id, scheme, value FROM external_numbers ORDER BY remains_id, position",
    )
    .fetch_all(&core.pool)
    .await
    .context("exporting external numbers")?;
    let mut by_case: HashMap<i64, Vec<ExternalNumber>> = HashMap::new();
    for r in &numbers {
        by_case
            .entry(r.int("remains_id")?)
            .or_default()
            .push(ExternalNumber {
                scheme: r.text("scheme")?,
                value: r.text("value")?,
            });
    }
    rows.iter()
        .map(|r| case_from(r, by_case.remove(&r.int("id")?).unwrap_or_default()))
        .collect()
}
