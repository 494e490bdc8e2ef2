//! Remains cases' profiles in SQL: one `dna_profiles` row per typed sample, its owner the case
//! named by the sample (an accession number).

use async_trait::async_trait;
use homeward_domain::{DomainError, Phrase};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use super::{DnaCounts, NewRemainsProfile, ProfileKind, ProfileOwner, Profiles, StoredProfile};
use crate::context::WriteContext;
use crate::error::{Context, StoreError, StoreResult};
use crate::sql::audit::Change;
use crate::sql::row::{Get, corrupt, read_all, read_one};
use crate::sql::{SqlStore, conflict_or};

#[async_trait]
impl Profiles for SqlStore {
    async fn import_remains_profiles(
        &self,
        profiles: &[NewRemainsProfile],
        ctx: WriteContext,
    ) -> StoreResult<u64> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        for p in profiles {
            check_alleles(&p.sample, &p.alleles_json)?;
            let case = sqlx::query("SELECT id FROM remains_cases WHERE accession = $1")
                .bind(&p.sample)
                .fetch_optional(&mut *tx)
                .await
                .context("finding a profile's remains case")?
                .ok_or_else(|| StoreError::not_found("remains case", &p.sample))?;
            let case: i64 = case.int("id")?;
            insert_profile(
                &mut tx,
                &p.sample,
                Owner::Remains(case),
                p.kit.as_deref(),
                &p.alleles_json,
                ctx,
            )
            .await?;
        }
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

/// Whose a profile row is: a case's id, or a family's reference person (and their place
/// among the family's references).
pub(super) enum Owner<'a> {
    Remains(i64),
    Reference {
        family: &'a str,
        person: &'a str,
        ordinal: i64,
    },
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

/// Inserts one autosomal profile inside the caller's write transaction; a sample already
/// stored is a `Conflict` naming it.
pub(super) async fn insert_profile(
    conn: &mut AnyConnection,
    sample: &str,
    owner: Owner<'_>,
    kit: Option<&str>,
    alleles: &str,
    ctx: WriteContext,
) -> StoreResult<()> {
    if sample.trim().is_empty() {
        return Err(DomainError::invalid("sample", "empty").into());
    }
    let (remains, family, person, ordinal) = match owner {
        Owner::Remains(id) => (Some(id), None, None, 0),
        Owner::Reference {
            family,
            person,
            ordinal,
        } => (None, Some(family), Some(person), ordinal),
    };
    sqlx::query(
        "INSERT INTO dna_profiles \
         (sample, remains_id, family_id, person, ordinal, kind, kit, alleles, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(sample)
    .bind(remains)
    .bind(family)
    .bind(person)
    .bind(ordinal)
    .bind(ProfileKind::Autosomal.code())
    .bind(kit)
    .bind(alleles)
    .bind(ctx.at.0)
    .execute(&mut *conn)
    .await
    .map_err(|e| conflict_or(e, "DNA sample", sample, "storing a profile"))?;
    Ok(())
}
