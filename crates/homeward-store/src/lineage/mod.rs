//! Lineage markers in the registry: the Y-STR haplotypes and mtDNA profiles of remains cases and
//! of families' references, kept as JSON text the kinship engine reads (the app converts). The
//! trait; `sql.rs` implements it.

mod sql;

use async_trait::async_trait;
use homeward_domain::DomainError;

use crate::context::WriteContext;
use crate::error::StoreResult;

/// Which lineage system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineageKind {
    /// A Y-STR haplotype: `{locus: "alleles"}`.
    YStr,
    /// An mtDNA profile: `{"ranges": …, "variants": …}`.
    Mtdna,
}

impl LineageKind {
    /// Every kind.
    pub const ALL: [LineageKind; 2] = [LineageKind::YStr, LineageKind::Mtdna];

    /// Its stored code.
    pub fn code(self) -> &'static str {
        match self {
            LineageKind::YStr => "y_str",
            LineageKind::Mtdna => "mtdna",
        }
    }

    /// The kind of a code.
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| {
                DomainError::invalid("kind", format!("\"{code}\" is not y_str or mtdna"))
            })
    }
}

/// Whose a lineage profile is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineageOwner {
    /// A remains case, by accession.
    Remains(String),
    /// A family's reference: the family's id and the person's id in its pedigree.
    Reference {
        /// The family.
        family: String,
        /// The person.
        person: String,
    },
}

/// A lineage profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLineageProfile {
    /// The sample as the file names it (an accession, or `FAMILY:PERSON`).
    pub sample: String,
    /// Whose.
    pub owner: LineageOwner,
    /// Y-STR or mtDNA.
    pub kind: LineageKind,
    /// The haplotype or profile as JSON.
    pub data_json: String,
}

/// The lineage profiles.
#[async_trait]
pub trait LineageProfiles: Send + Sync {
    /// Stores `profiles`, all or nothing: an unknown remains case or family is not found, a
    /// sample that already has a profile of that kind is a conflict. Returns how many.
    async fn import_lineage_profiles(
        &self,
        profiles: &[NewLineageProfile],
        ctx: WriteContext,
    ) -> StoreResult<u64>;

    /// The stored profiles of `kind`, in the order they were stored.
    async fn lineage_profiles(&self, kind: LineageKind) -> StoreResult<Vec<NewLineageProfile>>;
}
