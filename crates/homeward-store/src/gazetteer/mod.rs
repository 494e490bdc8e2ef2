//! The gazetteer: places' and units' names in Korean, Chinese and English, keyed by what they
//! stand for and their text as records carry it. The trait; `sql.rs` implements it.

pub(crate) mod sql;

use async_trait::async_trait;
use homeward_domain::{Gazetteer, GazetteerEntry};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// The names of places and units in three languages.
#[async_trait]
pub trait PlaceNames: Send + Sync {
    /// Records `entries`, each replacing any entry of the same kind and original (its forms
    /// as given: a missing form is removed). All or nothing: one invalid entry refuses them
    /// all, naming it. Returns how many were written.
    async fn put_place_names(
        &self,
        entries: &[GazetteerEntry],
        ctx: WriteContext,
    ) -> StoreResult<u64>;

    /// The whole gazetteer.
    async fn gazetteer(&self) -> StoreResult<Gazetteer>;
}
