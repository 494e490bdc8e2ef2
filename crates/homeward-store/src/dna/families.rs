//! Families in SQL: a `dna_families` row (claimed identity, roll link, pedigree JSON) and its
//! references' profiles in `dna_profiles`, sample `FAMILY:PERSON`, in the family's order; an
//! import checks the whole input in a few queries, then writes in bulk (see `bulk`).

use std::collections::{BTreeMap, HashSet};

use async_trait::async_trait;
use homeward_domain::{DomainError, MissingPersonId, Phrase};
use sqlx::any::AnyRow;

use super::bulk;
use super::profiles::check_alleles;
use super::{ClaimedIdentity, Families, FamilyRecord, NewFamily};
use crate::context::WriteContext;
use crate::error::{StoreError, StoreResult};
use crate::sql::SqlStore;
use crate::sql::audit::Change;
use crate::sql::row::{Get, read_all, read_one};

#[async_trait]
impl Families for SqlStore {
    async fn import_families(&self, families: &[NewFamily], ctx: WriteContext) -> StoreResult<u64> {
        let core = &self.core;
        let backend = core.backend;
        let mut seen = HashSet::with_capacity(families.len());
        let mut samples = Vec::new();
        for f in families {
            if f.id.trim().is_empty() {
                return Err(DomainError::invalid("id", "a family needs an id").into());
            }
            if !seen.insert(f.id.as_str()) {
                return Err(StoreError::Conflict {
                    what: "family",
                    key: f.id.clone(),
                });
            }
            for (person, alleles) in &f.references {
                let sample = format!("{}:{person}", f.id);
                check_alleles(&sample, alleles)?;
                samples.push(sample);
            }
        }
        let mut unique = HashSet::with_capacity(samples.len());
        if let Some(twice) = samples.iter().find(|s| !unique.insert(s.as_str())) {
            return Err(StoreError::Conflict {
                what: "DNA sample",
                key: twice.clone(),
            });
        }
        let mut tx = core.begin_write().await?;
        let links: Vec<i64> = families
            .iter()
            .filter_map(|f| f.missing_person.map(|p| p.0))
            .collect();
        let known = bulk::ids_present(&mut tx, backend, "missing_persons", &links).await?;
        if let Some(unknown) = links.iter().find(|id| !known.contains(id)) {
            return Err(StoreError::not_found(
                "person on the rolls",
                unknown.to_string(),
            ));
        }
        let ids: Vec<&str> = families.iter().map(|f| f.id.as_str()).collect();
        let stored = bulk::texts_present(&mut tx, backend, ("dna_families", "id"), &ids).await?;
        if let Some(id) = ids.iter().find(|id| stored.contains(**id)) {
            return Err(StoreError::Conflict {
                what: "family",
                key: (*id).to_owned(),
            });
        }
        let names: Vec<&str> = samples.iter().map(String::as_str).collect();
        let stored =
            bulk::texts_present(&mut tx, backend, ("dna_profiles", "sample"), &names).await?;
        if let Some(sample) = names.iter().find(|s| stored.contains(**s)) {
            return Err(StoreError::Conflict {
                what: "DNA sample",
                key: (*sample).to_owned(),
            });
        }
        let rows: Vec<bulk::FamilyRow<'_>> = families
            .iter()
            .map(|f| {
                (
                    f.id.as_str(),
                    f.claimed.names.as_deref(),
                    f.claimed.hometown.as_deref(),
                    f.claimed.unit.as_deref(),
                    f.claimed.death.as_deref(),
                    f.missing_person.map(|p| p.0),
                    f.pedigree_json.as_str(),
                    ctx.at.0,
                )
            })
            .collect();
        bulk::insert_families(&mut tx, backend, &rows).await?;
        let mut next = samples.iter();
        let mut profiles = Vec::with_capacity(samples.len());
        for f in families {
            for (ordinal, (person, alleles)) in f.references.iter().enumerate() {
                let sample = next.next().map_or("", String::as_str);
                let reference = Some((f.id.as_str(), person.as_str(), ordinal as i64));
                profiles.push(bulk::autosomal(
                    sample, None, reference, None, alleles, ctx.at.0,
                ));
            }
        }
        bulk::insert_profiles(&mut tx, backend, &profiles).await?;
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
