//! Remains cases as rows: their columns, binding a new case, reading a case back with its
//! external numbers (optionally locked for an update inside a write).

use homeward_domain::{
    BiologicalProfile, CalendarDate, ExternalNumber, LifecycleStatus, Nationality,
    NationalityAssessment, NewRemainsCase, RecoveryContext, RecoverySiteId, RemainsCase,
    RemainsCaseId, SexEstimate, SkeletalInventory,
};
use serde_json::Value;
use sqlx::AnyConnection;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, query::Query};

use crate::error::{Context, StoreError, StoreResult};
use crate::sql::Core;
use crate::sql::row::{Get, corrupt, read_all};

/// The columns of `remains_cases` in insert order (without `id`).
pub(crate) const INSERT_COLUMNS: &str = "accession, accession_folded, site_id, recovery_date, \
     context, elements, completeness_pct, sex, age_min, age_max, stature_min_cm, stature_max_cm, \
     condition, nationality, nationality_evidence, committee_decision, storage_location, status, \
     synthetic";
/// How many columns [`INSERT_COLUMNS`] names.
pub(crate) const INSERT_COLUMN_COUNT: usize = 19;
pub(crate) const SELECT_COLUMNS: &str = "r.id, r.accession, r.site_id, r.recovery_date, r.context, \
     r.elements, r.completeness_pct, r.sex, r.age_min, r.age_max, r.stature_min_cm, \
     r.stature_max_cm, r.condition, r.nationality, r.nationality_evidence, r.committee_decision, \
     r.storage_location, r.status, r.synthetic";

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

pub(crate) fn case_from(
    r: &AnyRow,
    external_numbers: Vec<ExternalNumber>,
) -> StoreResult<RemainsCase> {
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
    let query = sqlx::query(
        "SELECT scheme, value FROM external_numbers WHERE remains_id = $1 ORDER BY position",
    )
    .bind(id);
    read_all(conn, query, external_number, "reading external numbers").await
}

pub(crate) fn external_number(r: &AnyRow) -> StoreResult<ExternalNumber> {
    Ok(ExternalNumber {
        scheme: r.text("scheme")?,
        value: r.text("value")?,
    })
}

/// Reads one case (`key_column` is `id` or `accession`), optionally locking it.
pub(crate) async fn read_case(
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

pub(crate) enum Key<'a> {
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

/// Reads a case for an update inside `tx`, locking it; `NotFound` when it does not exist.
pub(crate) async fn for_update(
    core: &Core,
    conn: &mut AnyConnection,
    id: RemainsCaseId,
) -> StoreResult<RemainsCase> {
    read_case(conn, "id", Key::Id(id.0), core.for_update())
        .await?
        .ok_or_else(|| StoreError::not_found("remains case", id.to_string()))
}
