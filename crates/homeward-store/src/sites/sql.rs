//! Recovery sites in SQL.

use async_trait::async_trait;
use homeward_domain::{
    CalendarDate, ExcavationPeriod, NewRecoverySite, Phrase, RecoverySite, RecoverySiteId, SiteCode,
};
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection};

use super::{SiteSummary, Sites};
use crate::context::WriteContext;
use crate::error::{Context, StoreResult};
use crate::sql::audit::Change;
use crate::sql::row::{Get, corrupt, read_all, read_one};
use crate::sql::{Core, SqlStore, conflict_or};

/// The columns of `recovery_sites` in insert order (without `id`).
pub(crate) const INSERT_COLUMNS: &str = "code, name, province, county, latitude, longitude, \
     battle_area, excavation_periods, team, synthetic";
const SELECT_COLUMNS: &str = "s.id, s.code, s.name, s.province, s.county, s.latitude, \
     s.longitude, s.battle_area, s.excavation_periods, s.team, s.synthetic";

/// Binds a site's columns in [`INSERT_COLUMNS`] order.
pub(crate) fn bind_site<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    site: &NewRecoverySite,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(&site.code)
        .bind(&site.name)
        .bind(&site.province)
        .bind(&site.county)
        .bind(site.latitude)
        .bind(site.longitude)
        .bind(&site.battle_area)
        .bind(periods_json(&site.excavation_periods))
        .bind(&site.team)
        .bind(i16::from(site.synthetic))
}

/// Excavation periods as a JSON array of `[start, end-or-null]`.
fn periods_json(periods: &[ExcavationPeriod]) -> String {
    let list: Vec<Value> = periods
        .iter()
        .map(|p| {
            Value::Array(vec![
                Value::String(p.start.to_string()),
                p.end.map_or(Value::Null, |e| Value::String(e.to_string())),
            ])
        })
        .collect();
    Value::Array(list).to_string()
}

fn periods_from(text: &str) -> StoreResult<Vec<ExcavationPeriod>> {
    let bad = |why: &str| corrupt("excavation_periods", format!("{why} in {text}"));
    let value: Value = serde_json::from_str(text).map_err(|e| bad(&e.to_string()))?;
    let Value::Array(items) = value else {
        return Err(bad("not a list"));
    };
    let date = |v: &Value| -> StoreResult<CalendarDate> {
        let s = v.as_str().ok_or_else(|| bad("a date is not text"))?;
        CalendarDate::parse(s).map_err(|e| bad(&e.to_string()))
    };
    items
        .iter()
        .map(|item| match item.as_array().map(Vec::as_slice) {
            Some([start, end]) => Ok(ExcavationPeriod {
                start: date(start)?,
                end: if end.is_null() {
                    None
                } else {
                    Some(date(end)?)
                },
            }),
            _ => Err(bad("a period is not [start, end]")),
        })
        .collect()
}

fn site_from(r: &AnyRow) -> StoreResult<RecoverySite> {
    Ok(RecoverySite {
        id: RecoverySiteId(r.int("id")?),
        site: NewRecoverySite {
            code: r.text("code")?,
            name: r.text("name")?,
            province: r.text("province")?,
            county: r.text("county")?,
            latitude: r.real("latitude")?,
            longitude: r.real("longitude")?,
            battle_area: r.text("battle_area")?,
            excavation_periods: periods_from(&r.text("excavation_periods")?)?,
            team: r.text("team")?,
            synthetic: r.flag("synthetic")?,
        },
    })
}

/// A one-line description of a new site for the audit log.
pub(crate) fn describe(site: &NewRecoverySite) -> String {
    Phrase::new("sys-site-created")
        .text("site", &site.code)
        .text("name", &site.name)
        .text("place", format!("{}, {}", site.county, site.province))
        .text("battle", &site.battle_area)
        .text(
            "coordinates",
            format!("{:.5}, {:.5}", site.latitude, site.longitude),
        )
        .stored()
}

/// The site whose `column` (`id` or `code`, both unique) is `key`.
async fn site_where<'k>(
    core: &Core,
    column: &'static str,
    key: impl sqlx::Encode<'k, Any> + sqlx::Type<Any> + Send + 'k,
) -> StoreResult<Option<RecoverySite>> {
    let sql = format!("SELECT {SELECT_COLUMNS} FROM recovery_sites s WHERE s.{column} = $1");
    let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(key);
    read_one(&core.pool, query, site_from, "reading a site").await
}

/// The code of a site, or `None` when it does not exist (inside a transaction).
pub(crate) async fn code_of(
    conn: &mut AnyConnection,
    id: RecoverySiteId,
) -> StoreResult<Option<String>> {
    let row = sqlx::query("SELECT code FROM recovery_sites WHERE id = $1")
        .bind(id.0)
        .fetch_optional(conn)
        .await
        .context("reading a site")?;
    row.map(|r| r.text("code")).transpose()
}

#[async_trait]
impl Sites for SqlStore {
    async fn create_site(
        &self,
        site: &NewRecoverySite,
        ctx: WriteContext,
    ) -> StoreResult<RecoverySiteId> {
        let core = &self.core;
        site.validate()?;
        let mut tx = core.begin_write().await?;
        let sql = format!(
            "INSERT INTO recovery_sites ({INSERT_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"
        );
        let row = bind_site(sqlx::query(sqlx::AssertSqlSafe(sql)), site)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| conflict_or(e, "recovery site", &site.code, "recording a site"))?;
        let detail = describe(site);
        let change = Change::new("site.create", "recovery_site", &site.code, &detail);
        core.audit_and_commit(tx, ctx, change, "recording a site")
            .await?;
        Ok(RecoverySiteId(row.int("id")?))
    }

    async fn site(&self, id: RecoverySiteId) -> StoreResult<Option<RecoverySite>> {
        site_where(&self.core, "id", id.0).await
    }

    async fn site_by_code(&self, code: &SiteCode) -> StoreResult<Option<RecoverySite>> {
        site_where(&self.core, "code", code.as_str()).await
    }

    async fn sites(&self) -> StoreResult<Vec<SiteSummary>> {
        let core = &self.core;
        let sql = format!(
            "SELECT {SELECT_COLUMNS}, \
               (SELECT CAST(COUNT(*) AS BIGINT) FROM remains_cases r WHERE r.site_id = s.id) \
                 AS remains \
             FROM recovery_sites s ORDER BY s.code"
        );
        let from = |r: &AnyRow| {
            Ok(SiteSummary {
                site: site_from(r)?,
                remains: r.small("remains")?,
            })
        };
        read_all(
            &core.pool,
            sqlx::query(sqlx::AssertSqlSafe(sql)),
            from,
            "listing sites",
        )
        .await
    }
}
