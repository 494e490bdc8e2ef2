//! Lineage profiles in SQL.

use async_trait::async_trait;
use homeward_domain::Phrase;
use sqlx::any::AnyRow;

use super::{LineageKind, LineageOwner, LineageProfiles, NewLineageProfile};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::SqlStore;
use crate::sql::audit::Change;
use crate::sql::row::{Get, corrupt, read_all};

fn profile_from(r: &AnyRow) -> StoreResult<NewLineageProfile> {
    let owner = match (
        r.opt_text("remains")?,
        r.opt_text("family")?,
        r.opt_text("person")?,
    ) {
        (Some(remains), _, _) => LineageOwner::Remains(remains),
        (None, Some(family), Some(person)) => LineageOwner::Reference { family, person },
        _ => return Err(corrupt("remains", "a lineage profile belongs to nobody")),
    };
    Ok(NewLineageProfile {
        sample: r.text("sample")?,
        owner,
        kind: r.code("kind", LineageKind::from_code)?,
        data_json: r.text("data")?,
    })
}

#[async_trait]
impl LineageProfiles for SqlStore {
    async fn import_lineage_profiles(
        &self,
        profiles: &[NewLineageProfile],
        ctx: WriteContext,
    ) -> StoreResult<u64> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        for p in profiles {
            let (check, key, what) = match &p.owner {
                LineageOwner::Remains(a) => (
                    "SELECT id FROM remains_cases WHERE accession = $1",
                    a,
                    "remains case",
                ),
                LineageOwner::Reference { family, .. } => (
                    "SELECT id FROM dna_families WHERE id = $1",
                    family,
                    "family",
                ),
            };
            let found = sqlx::query(check)
                .bind(key.as_str())
                .fetch_optional(&mut *tx)
                .await
                .context("checking a lineage profile's owner")?;
            if found.is_none() {
                return Err(StoreError::not_found(what, key.clone()));
            }
            let known =
                sqlx::query("SELECT id FROM lineage_profiles WHERE sample = $1 AND kind = $2")
                    .bind(p.sample.as_str())
                    .bind(p.kind.code())
                    .fetch_optional(&mut *tx)
                    .await
                    .context("checking a lineage profile")?;
            if known.is_some() {
                return Err(StoreError::Conflict {
                    what: "lineage profile",
                    key: p.sample.clone(),
                });
            }
            let (remains, family, person) = match &p.owner {
                LineageOwner::Remains(a) => (Some(a.as_str()), None, None),
                LineageOwner::Reference { family, person } => {
                    (None, Some(family.as_str()), Some(person.as_str()))
                }
            };
            sqlx::query(
                "INSERT INTO lineage_profiles (sample, kind, remains, family, person, data, \
                 imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(p.sample.as_str())
            .bind(p.kind.code())
            .bind(remains)
            .bind(family)
            .bind(person)
            .bind(p.data_json.as_str())
            .bind(ctx.at.0)
            .execute(&mut *tx)
            .await
            .context("storing a lineage profile")?;
        }
        let written = profiles.len() as u64;
        let detail = Phrase::new("sys-dna-lineage-imported")
            .number("profiles", written)
            .stored();
        let change = Change::new("dna.lineage", "lineage_profile", "import", &detail);
        core.audit_and_commit(tx, ctx, change, "importing lineage profiles")
            .await?;
        Ok(written)
    }

    async fn lineage_profiles(&self, kind: LineageKind) -> StoreResult<Vec<NewLineageProfile>> {
        let query = sqlx::query(
            "SELECT sample, kind, remains, family, person, data FROM lineage_profiles \
             WHERE kind = $1 ORDER BY id",
        )
        .bind(kind.code());
        read_all(
            &self.core.pool,
            query,
            profile_from,
            "reading lineage profiles",
        )
        .await
    }
}
