//! Personal effects in SQL, found with remains or at a site.

use async_trait::async_trait;
use homeward_domain::{
    EffectCategory, EffectDisposition, NewPersonalEffect, PersonalEffect, PersonalEffectId, Phrase,
    RecoverySiteId, RemainsCaseId, SystemText,
};
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::{Any, query::Query};

use super::Effects;
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::audit::Change;
use crate::sql::row::{Get, read_all};
use crate::sql::{SqlStore, exists, list_placeholders};

/// The columns of `personal_effects` in insert order (without `id`).
pub(crate) const INSERT_COLUMNS: &str =
    "remains_id, site_id, category, description, inscription, condition, disposition";
/// A read of every effect's columns, for [`effect_from`].
const SELECT: &str = "SELECT id, remains_id, site_id, category, description, inscription, \
     condition, disposition FROM personal_effects";
/// How many columns [`INSERT_COLUMNS`] names.
pub(crate) const INSERT_COLUMN_COUNT: usize = 7;

/// Binds an effect's columns in [`INSERT_COLUMNS`] order with the given links.
pub(crate) fn bind_effect<'q>(
    q: Query<'q, Any, AnyArguments>,
    effect: &NewPersonalEffect,
    remains: Option<RemainsCaseId>,
    site: Option<RecoverySiteId>,
) -> Query<'q, Any, AnyArguments> {
    q.bind(remains.map(|r| r.0))
        .bind(site.map(|s| s.0))
        .bind(effect.category.code())
        .bind(&effect.description)
        .bind(effect.inscription.as_deref())
        .bind(&effect.condition)
        .bind(effect.disposition.code())
}

pub(crate) fn effect_from(r: &AnyRow) -> StoreResult<PersonalEffect> {
    Ok(PersonalEffect {
        id: PersonalEffectId(r.int("id")?),
        effect: NewPersonalEffect {
            remains: r.opt_int("remains_id")?.map(RemainsCaseId),
            site: r.opt_int("site_id")?.map(RecoverySiteId),
            category: r.code("category", EffectCategory::from_code)?,
            description: r.text("description")?,
            inscription: r.opt_text("inscription")?,
            condition: r.text("condition")?,
            disposition: r.code("disposition", EffectDisposition::from_code)?,
        },
    })
}

#[async_trait]
impl Effects for SqlStore {
    async fn record_effect(
        &self,
        effect: &NewPersonalEffect,
        ctx: WriteContext,
    ) -> StoreResult<PersonalEffectId> {
        let core = &self.core;
        effect.validate()?;
        let mut tx = core.begin_write().await?;
        if let Some(r) = effect.remains
            && !exists(&mut tx, "remains_cases", r.0).await?
        {
            return Err(StoreError::not_found("remains case", r.to_string()));
        }
        if let Some(s) = effect.site
            && !exists(&mut tx, "recovery_sites", s.0).await?
        {
            return Err(StoreError::not_found("recovery site", s.to_string()));
        }
        let sql = format!(
            "INSERT INTO personal_effects ({INSERT_COLUMNS}) VALUES ({}) RETURNING id",
            list_placeholders(1, INSERT_COLUMN_COUNT)
        );
        let row = bind_effect(
            sqlx::query(sqlx::AssertSqlSafe(sql)),
            effect,
            effect.remains,
            effect.site,
        )
        .fetch_one(&mut *tx)
        .await
        .context("recording an effect")?;
        let id = row.int("id")?;
        let key = id.to_string();
        let mut phrases = vec![
            Phrase::new("sys-effect-created")
                .code("category", "category", effect.category.code())
                .text("description", &effect.description),
        ];
        if let Some(i) = effect.inscription.as_deref() {
            phrases.push(Phrase::new("sys-effect-inscribed").text("inscription", i));
        }
        match (effect.remains, effect.site) {
            (Some(r), _) => {
                phrases.push(Phrase::new("sys-effect-with-remains").number("case", r.0))
            }
            (None, Some(s)) => phrases.push(Phrase::new("sys-effect-at-site").number("site", s.0)),
            (None, None) => {}
        }
        phrases.push(Phrase::new("sys-effect-disposition").code(
            "disposition",
            "disposition",
            effect.disposition.code(),
        ));
        let detail = SystemText::of(phrases).stored();
        let change = Change::new("effect.create", "personal_effect", &key, &detail);
        core.audit_and_commit(tx, ctx, change, "recording an effect")
            .await?;
        Ok(PersonalEffectId(id))
    }

    async fn effects_of_remains(&self, id: RemainsCaseId) -> StoreResult<Vec<PersonalEffect>> {
        let sql = format!("{SELECT} WHERE remains_id = $1 ORDER BY id");
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id.0);
        read_all(&self.core.pool, query, effect_from, "reading effects").await
    }

    async fn all_effects(&self) -> StoreResult<Vec<PersonalEffect>> {
        let query = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} ORDER BY id")));
        read_all(&self.core.pool, query, effect_from, "reading effects").await
    }
}
