//! The gazetteer: places' and units' names in Korean, Chinese and English, keyed by what they
//! stand for and their text as records carry it. The trait; `sql.rs` implements it.

pub(crate) mod sql;

use async_trait::async_trait;
use homeward_domain::{Gazetteer, GazetteerEntry, PlaceKind};

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

    /// Every place and unit name the records carry (sites, the rolls, batches, burials,
    /// storage), each once per kind with how many records carry it, ordered by kind and text:
    /// what the gazetteer must name. A storage location is listed as a [`PlaceKind::Place`]
    /// whatever it names (a laboratory, a site, a cemetery, or what the system wrote there).
    async fn names_in_use(&self) -> StoreResult<Vec<NameInUse>>;
}

/// A name records carry, and how many carry it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameInUse {
    /// What the records use it as.
    pub kind: PlaceKind,
    /// The text as entered.
    pub original: String,
    /// How many records carry it (a site's name and its battle count once each).
    pub records: u64,
}
