//! Families in SQL: a `dna_families` row (claimed identity, roll link, pedigree JSON) and its
//! references' profiles in `dna_profiles`, sample `FAMILY:PERSON`, in the family's order.

use std::collections::BTreeMap;

use async_trait::async_trait;
use homeward_domain::{DomainError, MissingPersonId, Phrase};
use sqlx::any::AnyRow;

use super::profiles::{Owner, check_alleles, insert_profile};
use super::{ClaimedIdentity, Families, FamilyRecord, NewFamily};
use crate::context::WriteContext;
use crate::error::{StoreError, StoreResult};
use crate::sql::audit::Change;
use crate::sql::row::{Get, read_all, read_one};
use crate::sql::{SqlStore, conflict_or, exists};

#[async_trait]
impl Families for SqlStore {
    async fn import_families(&self, families: &[NewFamily], ctx: WriteContext) -> StoreResult<u64> {
        let core = &self.core;
        let mut tx = core.begin_write().await?;
        for f in families {
            if f.id.trim().is_empty() {
                return Err(DomainError::invalid("id", "a family needs an id").into());
            }
            if let Some(person) = f.missing_person
                && !exists(&mut tx, "missing_persons", person.0).await?
            {
                return Err(StoreError::not_found(
                    "person on the rolls",
                    person.0.to_string(),
                ));
            }
            sqlx::query(
                "INSERT INTO dna_families (id, claimed_names, claimed_hometown, claimed_unit, \
                 claimed_death, missing_person_id, pedigree, imported_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&f.id)
            .bind(f.claimed.names.as_deref())
            .bind(f.claimed.hometown.as_deref())
            .bind(f.claimed.unit.as_deref())
            .bind(f.claimed.death.as_deref())
            .bind(f.missing_person.map(|p| p.0))
            .bind(&f.pedigree_json)
            .bind(ctx.at.0)
            .execute(&mut *tx)
            .await
            .map_err(|e| conflict_or(e, "family", &f.id, "storing a family"))?;
            for (ordinal, (person, alleles)) in f.references.iter().enumerate() {
                let sample = format!("{}:{person}", f.id);
                check_alleles(&sample, alleles)?;
                let owner = Owner::Reference {
                    family: &f.id,
                    person,
                    ordinal: ordinal as i64,
                };
                insert_profile(&mut tx, &sample, owner, None, alleles, ctx).await?;
            }
        }
        let n = families.len() as u64;
        let detail = Phrase::new("sys-dna-families-imported")
            .number("families", n)
            .stored();
        let change = Change::new("dna.families", "dna_family", "import", &detail);
        core.audit_and_commit(tx, ctx, change, "storing families")
            .await?;
        Ok(n)
    }

    async fn families(&self) -> StoreResult<Vec<FamilyRecord>> {
        let mut conn = self.core.acquire("reading families").await?;
        let query = sqlx::query(
            "SELECT id, claimed_names, claimed_hometown, claimed_unit, claimed_death, \
             missing_person_id, pedigree FROM dna_families ORDER BY id",
        );
        let mut families = read_all(&mut *conn, query, family_from, "reading families").await?;
        let query = sqlx::query(
            "SELECT family_id, person, alleles FROM dna_profiles \
             WHERE family_id IS NOT NULL AND kind = 'autosomal' ORDER BY family_id, ordinal",
        );
        let references = read_all(&mut *conn, query, reference_from, "reading references").await?;
        let mut by_family: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for (family, person, alleles) in references {
            by_family.entry(family).or_default().push((person, alleles));
        }
        for f in &mut families {
            f.references = by_family.remove(&f.id).unwrap_or_default();
        }
        Ok(families)
    }

    async fn family(&self, id: &str) -> StoreResult<Option<FamilyRecord>> {
        let mut conn = self.core.acquire("reading a family").await?;
        let query = sqlx::query(
            "SELECT id, claimed_names, claimed_hometown, claimed_unit, claimed_death, \
             missing_person_id, pedigree FROM dna_families WHERE id = $1",
        )
        .bind(id);
        let Some(mut family) = read_one(&mut *conn, query, family_from, "reading a family").await?
        else {
            return Ok(None);
        };
        let query = sqlx::query(
            "SELECT family_id, person, alleles FROM dna_profiles \
             WHERE family_id = $1 AND kind = 'autosomal' ORDER BY ordinal",
        )
        .bind(id);
        let references = read_all(&mut *conn, query, reference_from, "reading references").await?;
        family.references = references
            .into_iter()
            .map(|(_, person, alleles)| (person, alleles))
            .collect();
        Ok(Some(family))
    }
}

fn family_from(r: &AnyRow) -> StoreResult<FamilyRecord> {
    Ok(NewFamily {
        id: r.text("id")?,
        claimed: ClaimedIdentity {
            names: r.opt_text("claimed_names")?,
            hometown: r.opt_text("claimed_hometown")?,
            unit: r.opt_text("claimed_unit")?,
            death: r.opt_text("claimed_death")?,
        },
        missing_person: r.opt_int("missing_person_id")?.map(MissingPersonId),
        pedigree_json: r.text("pedigree")?,
        references: Vec::new(),
    })
}

fn reference_from(r: &AnyRow) -> StoreResult<(String, String, String)> {
    Ok((r.text("family_id")?, r.text("person")?, r.text("alleles")?))
}
