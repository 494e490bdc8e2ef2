//! The elimination database and the holds in SQL.

use async_trait::async_trait;
use homeward_domain::{DomainError, Phrase, Timestamp, UserId};
use sqlx::any::AnyRow;

use super::{EliminationKind, HoldReason, Holds, NewEliminationProfile, NewHold, ProfileHold};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::SqlStore;
use crate::sql::audit::Change;
use crate::sql::row::{Get, read_all, read_one};

const HOLD_COLUMNS: &str =
    "id, sample, reason, detail, raised_at, cleared_at, cleared_by, clear_note";

fn hold_from(r: &AnyRow) -> StoreResult<ProfileHold> {
    let cleared = match r.opt_int("cleared_at")? {
        Some(at) => Some((
            Timestamp(at),
            r.opt_int("cleared_by")?.map(UserId),
            r.opt_text("clear_note")?.unwrap_or_default(),
        )),
        None => None,
    };
    Ok(ProfileHold {
        id: r.int("id")?,
        hold: NewHold {
            sample: r.text("sample")?,
            reason: r.code("reason", HoldReason::from_code)?,
            detail: r.text("detail")?,
        },
        raised_at: Timestamp(r.int("raised_at")?),
        cleared,
    })
}

fn elimination_from(r: &AnyRow) -> StoreResult<NewEliminationProfile> {
    Ok(NewEliminationProfile {
        code: r.text("code")?,
        kind: r.code("kind", EliminationKind::from_code)?,
        alleles_json: r.text("alleles")?,
    })
}

async fn hold_by_id(tx: &mut sqlx::AnyConnection, id: i64) -> StoreResult<Option<ProfileHold>> {
    let query = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {HOLD_COLUMNS} FROM profile_holds WHERE id = $1"
    )))
    .bind(id);
    read_one(tx, query, hold_from, "reading a hold").await
}

#[async_trait]
impl Holds for SqlStore {
    async fn import_elimination_profiles(
        &self,
        profiles: &[NewEliminationProfile],
        ctx: WriteContext,
    ) -> StoreResult<u64> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        for p in profiles {
            if p.code.trim().is_empty() {
                return Err(
                    DomainError::invalid("code", "an elimination profile's code is empty").into(),
                );
            }
            let known = sqlx::query("SELECT id FROM elimination_profiles WHERE code = $1")
                .bind(p.code.as_str())
                .fetch_optional(&mut *tx)
                .await
                .context("checking an elimination profile")?;
            if known.is_some() {
                return Err(StoreError::Conflict {
                    what: "elimination profile",
                    key: p.code.clone(),
                });
            }
            sqlx::query(
                "INSERT INTO elimination_profiles (code, kind, alleles, imported_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(p.code.as_str())
            .bind(p.kind.code())
            .bind(p.alleles_json.as_str())
            .bind(ctx.at.0)
            .execute(&mut *tx)
            .await
            .context("storing an elimination profile")?;
        }
        let written = profiles.len() as u64;
        let detail = Phrase::new("sys-dna-elimination-imported")
            .number("profiles", written)
            .stored();
        let change = Change::new("dna.elimination", "elimination_profile", "import", &detail);
        core.audit_and_commit(tx, ctx, change, "importing elimination profiles")
            .await?;
        Ok(written)
    }

    async fn elimination_profiles(&self) -> StoreResult<Vec<NewEliminationProfile>> {
        let query =
            sqlx::query("SELECT code, kind, alleles FROM elimination_profiles ORDER BY code");
        read_all(
            &self.core.pool,
            query,
            elimination_from,
            "reading the elimination database",
        )
        .await
    }

    async fn raise_holds(&self, holds: &[NewHold], ctx: WriteContext) -> StoreResult<u64> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let mut raised = 0u64;
        for h in holds {
            let known = sqlx::query(
                "SELECT id FROM profile_holds WHERE sample = $1 AND reason = $2 AND detail = $3",
            )
            .bind(h.sample.as_str())
            .bind(h.reason.code())
            .bind(h.detail.as_str())
            .fetch_optional(&mut *tx)
            .await
            .context("checking a hold")?;
            if known.is_some() {
                continue;
            }
            sqlx::query(
                "INSERT INTO profile_holds (sample, reason, detail, raised_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(h.sample.as_str())
            .bind(h.reason.code())
            .bind(h.detail.as_str())
            .bind(ctx.at.0)
            .execute(&mut *tx)
            .await
            .context("raising a hold")?;
            raised += 1;
        }
        if raised == 0 {
            tx.rollback().await.context("raising holds")?;
            return Ok(0);
        }
        let detail = Phrase::new("sys-dna-holds-raised")
            .number("holds", raised)
            .stored();
        let change = Change::new("dna.hold", "profile_hold", "raise", &detail);
        core.audit_and_commit(tx, ctx, change, "raising holds")
            .await?;
        Ok(raised)
    }

    async fn holds(&self, open_only: bool) -> StoreResult<Vec<ProfileHold>> {
        let filter = if open_only {
            "WHERE cleared_at IS NULL "
        } else {
            ""
        };
        let query = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {HOLD_COLUMNS} FROM profile_holds {filter}ORDER BY id DESC"
        )));
        read_all(&self.core.pool, query, hold_from, "reading the holds").await
    }

    async fn clear_hold(&self, id: i64, note: &str, ctx: WriteContext) -> StoreResult<ProfileHold> {
        if note.trim().is_empty() {
            return Err(DomainError::invalid("note", "say why the hold is cleared").into());
        }
        homeward_domain::check_typed("note", note)?;
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        let hold = hold_by_id(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::not_found("hold", id.to_string()))?;
        if hold.cleared.is_some() {
            return Err(
                DomainError::invalid("hold", format!("hold {id} is already cleared")).into(),
            );
        }
        sqlx::query(
            "UPDATE profile_holds SET cleared_at = $1, cleared_by = $2, clear_note = $3 \
             WHERE id = $4",
        )
        .bind(ctx.at.0)
        .bind(ctx.actor.map(|a| a.0))
        .bind(note.trim())
        .bind(id)
        .execute(&mut *tx)
        .await
        .context("clearing a hold")?;
        let cleared = hold_by_id(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::not_found("hold", id.to_string()))?;
        let detail = Phrase::new("sys-dna-hold-cleared")
            .text("sample", &hold.hold.sample)
            .text("note", note.trim())
            .stored();
        let key = id.to_string();
        let change = Change::new("dna.hold_clear", "profile_hold", &key, &detail);
        core.audit_and_commit(tx, ctx, change, "clearing a hold")
            .await?;
        Ok(cleared)
    }
}
