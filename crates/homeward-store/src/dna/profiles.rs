//! Remains cases' profiles in SQL: one `dna_profiles` row per typed sample, its owner the case
//! named by the sample (an accession number); an import checks the whole input in a few
//! queries, then writes in bulk (see `bulk`).

use std::collections::HashSet;

use async_trait::async_trait;
use homeward_domain::{DomainError, Phrase};
use sqlx::any::AnyRow;

use super::bulk;
use super::{DnaCounts, NewRemainsProfile, ProfileKind, ProfileOwner, Profiles, StoredProfile};
use crate::context::WriteContext;
use crate::error::{StoreError, StoreResult};
use crate::sql::SqlStore;
use crate::sql::audit::Change;
use crate::sql::row::{Get, corrupt, read_all, read_one};

#[async_trait]
impl Profiles for SqlStore {
    async fn import_remains_profiles(
        &self,
        profiles: &[NewRemainsProfile],
        ctx: WriteContext,
    ) -> StoreResult<u64> {
        let core = &self.core;
        let backend = core.backend;
        let mut seen = HashSet::with_capacity(profiles.len());
        for p in profiles {
            if p.sample.trim().is_empty() {
                return Err(DomainError::invalid("sample", "empty").into());
            }
            check_alleles(&p.sample, &p.alleles_json)?;
            if !seen.insert(p.sample.as_str()) {
                return Err(StoreError::Conflict {
                    what: "DNA sample",
                    key: p.sample.clone(),
                });
            }
        }
        let mut tx = core.begin_write().await?;
        let samples: Vec<&str> = profiles.iter().map(|p| p.sample.as_str()).collect();
        let cases = bulk::case_ids(&mut tx, backend, &samples).await?;
        if let Some(unknown) = samples.iter().find(|s| !cases.contains_key(**s)) {
            return Err(StoreError::not_found("remains case", *unknown));
        }
        let stored =
            bulk::texts_present(&mut tx, backend, ("dna_profiles", "sample"), &samples).await?;
        if let Some(sample) = samples.iter().find(|s| stored.contains(**s)) {
            return Err(StoreError::Conflict {
                what: "DNA sample",
                key: (*sample).to_owned(),
            });
        }
        let rows: Vec<bulk::ProfileRow<'_>> = profiles
            .iter()
            .map(|p| {
                bulk::autosomal(
                    &p.sample,
                    cases.get(&p.sample).copied(),
                    None,
                    p.kit.as_deref(),
                    &p.alleles_json,
                    ctx.at.0,
                )
            })
            .collect();
        bulk::insert_profiles(&mut tx, backend, &rows).await?;
        let n = profiles.len() as u64;
        let detail = Phrase::new("sys-dna-profiles-imported")
            .number("profiles", n)
            .stored();
        let change = Change::new("dna.profiles", "dna_profile", "import", &detail);
        core.audit_and_commit(tx, ctx, change, "storing profiles")
            .await?;
        Ok(n)
    }

    async fn remains_profiles(&self) -> StoreResult<Vec<StoredProfile>> {
        let query = sqlx::query(
            "SELECT p.sample, p.kind, p.kit, p.alleles, r.accession \
             FROM dna_profiles p JOIN remains_cases r ON r.id = p.remains_id \
             WHERE p.kind = 'autosomal' ORDER BY p.sample",
        );
        read_all(
            &self.core.pool,
            query,
            remains_profile_from,
            "reading profiles",
        )
        .await
    }

    async fn remains_profile(&self, accession: &str) -> StoreResult<Option<StoredProfile>> {
        let query = sqlx::query(
            "SELECT p.sample, p.kind, p.kit, p.alleles, r.accession \
             FROM dna_profiles p JOIN remains_cases r ON r.id = p.remains_id \
             WHERE p.kind = 'autosomal' AND r.accession = $1 ORDER BY p.sample",
        )
        .bind(accession);
        read_one(
            &self.core.pool,
            query,
            remains_profile_from,
            "reading a profile",
        )
        .await
    }

    async fn dna_counts(&self) -> StoreResult<DnaCounts> {
        let query = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM dna_profiles WHERE remains_id IS NOT NULL) AS remains, \
             (SELECT COUNT(*) FROM dna_families) AS families, \
             (SELECT COUNT(*) FROM dna_profiles WHERE family_id IS NOT NULL) AS refs",
        );
        let counts = read_one(
            &self.core.pool,
            query,
            |r| {
                Ok(DnaCounts {
                    remains: r.int("remains")?,
                    families: r.int("families")?,
                    references: r.int("refs")?,
                })
            },
            "counting DNA records",
        )
        .await?;
        Ok(counts.unwrap_or_default())
    }
}

fn remains_profile_from(r: &AnyRow) -> StoreResult<StoredProfile> {
    Ok(StoredProfile {
        sample: r.text("sample")?,
        owner: ProfileOwner::Remains(r.text("accession")?),
        kind: kind_from(r)?,
        kit: r.opt_text("kit")?,
        alleles_json: r.text("alleles")?,
    })
}

/// The `kind` column of a profile row.
pub(super) fn kind_from(r: &AnyRow) -> StoreResult<ProfileKind> {
    let code = r.text("kind")?;
    ProfileKind::from_code(&code).ok_or_else(|| corrupt("kind", format!("unknown kind {code}")))
}

/// Refuses allele calls that are not a JSON object (the store does not read them further).
pub(super) fn check_alleles(sample: &str, alleles: &str) -> StoreResult<()> {
    match serde_json::from_str::<serde_json::Value>(alleles) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        _ => Err(DomainError::invalid(
            "alleles",
            format!("sample \"{sample}\": allele calls must be a JSON object"),
        )
        .into()),
    }
}
