//! Remains related to remains: what the last direct match found among the remains profiles
//! (issue 12, commingled graves) — two cases that are one person (a possible reassociation), a
//! parent and child, or two full siblings — each pair with its LR. The trait; `sql.rs`
//! implements it.

mod sql;

use async_trait::async_trait;
use homeward_domain::{DomainError, Timestamp};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// How two remains are related, as a direct match tests it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RemainsRelationKind {
    /// The same person: two cases to reassociate.
    Identity,
    /// A parent and a child (which is which, the profiles alone do not say).
    ParentChild,
    /// Two full siblings.
    FullSibling,
}

impl RemainsRelationKind {
    /// Every kind, strongest claim first.
    pub const ALL: [RemainsRelationKind; 3] = [
        RemainsRelationKind::Identity,
        RemainsRelationKind::ParentChild,
        RemainsRelationKind::FullSibling,
    ];

    /// Its stored code.
    pub fn code(self) -> &'static str {
        match self {
            RemainsRelationKind::Identity => "identity",
            RemainsRelationKind::ParentChild => "parent_child",
            RemainsRelationKind::FullSibling => "full_sibling",
        }
    }

    /// The kind of a code.
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| DomainError::invalid("relation", format!("unknown relation \"{code}\"")))
    }
}

/// A pair a direct match found.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRemainsRelation {
    /// One case's accession (the lesser of the two).
    pub remains_a: String,
    /// The other's.
    pub remains_b: String,
    /// How they are related.
    pub relation: RemainsRelationKind,
    /// The LR of that relation against unrelated.
    pub lr: f64,
    /// Markers typed in both.
    pub markers_compared: i64,
}

/// A stored pair, with the database its LR was computed with and when.
#[derive(Debug, Clone, PartialEq)]
pub struct RemainsRelation {
    /// The pair.
    pub pair: NewRemainsRelation,
    /// The frequency database's id.
    pub frequency_database: i64,
    /// When the direct match found it.
    pub found_at: Timestamp,
}

/// The pairs of remains the last direct match found related.
#[async_trait]
pub trait RemainsRelations: Send + Sync {
    /// Replaces every stored pair with `found` (computed with frequency database `database`);
    /// refused, writing nothing, when a pair names an unknown case or names one case twice.
    /// Returns how many were stored.
    async fn replace_remains_relations(
        &self,
        found: &[NewRemainsRelation],
        database: i64,
        ctx: WriteContext,
    ) -> StoreResult<u64>;

    /// The stored pairs, strongest LR first; only those of `accession` when given.
    async fn remains_relations(&self, accession: Option<&str>)
    -> StoreResult<Vec<RemainsRelation>>;
}
