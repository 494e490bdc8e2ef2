//! The rolls of the missing. The trait and what it answers; `sql.rs` implements it, `rows.rs`
//! reads and writes persons with their search forms, `search.rs` plans and ranks a name search and
//! `name_index.rs` keeps the search forms in memory.

pub(crate) mod name_index;
pub(crate) mod reindex;
pub(crate) mod rows;
pub(crate) mod search;
mod sql;

use async_trait::async_trait;
use homeward_domain::{MatchReason, MissingPerson, MissingPersonId, NewMissingPerson};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// The rolls of the missing and their name search.
#[async_trait]
pub trait Rolls: Send + Sync {
    /// Adds a person to the rolls.
    async fn add_missing_person(
        &self,
        person: &NewMissingPerson,
        ctx: WriteContext,
    ) -> StoreResult<MissingPersonId>;

    /// A person by id.
    async fn missing_person(&self, id: MissingPersonId) -> StoreResult<Option<MissingPerson>>;

    /// Finds persons by any name form, tolerating small spelling differences; best first.
    /// `limit` is capped at 200; 0 asks for 20.
    async fn search_missing(&self, query: &str, limit: u32) -> StoreResult<Vec<MissingMatch>>;

    /// Every person on the rolls, for export (by id).
    async fn all_missing(&self) -> StoreResult<Vec<MissingPerson>>;
}

/// A person on the rolls found by a name search, with how well the name matched (0…1).
#[derive(Debug, Clone, PartialEq)]
pub struct MissingMatch {
    /// The person.
    pub person: MissingPerson,
    /// Similarity of the best-matching name form (see `homeward_domain::name_similarity`).
    pub score: f64,
    /// Why it matched: the kind of name form (same characters, pinyin, Korean reading, …) and
    /// whether only nearly.
    pub reason: MatchReason,
}
