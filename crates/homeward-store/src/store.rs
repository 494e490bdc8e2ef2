//! The `Store`: everything the web app and the CLI may ask of storage, in the registry's terms,
//! as one trait per aggregate. `Store` names them all; it has no methods of its own, and every
//! type that implements all the aggregates' traits is a `Store`.
//!
//! Every write takes a [`crate::WriteContext`] and records an audit entry in the same transaction as the
//! change. A write that is refused (a rule, a conflict, a missing reference) changes nothing.

use crate::accounts::Accounts;
use crate::credentials::Credentials;
use crate::dna::{Families, Frequencies, Profiles, Screening};
use crate::effects::Effects;
use crate::gazetteer::PlaceNames;
use crate::holds::Holds;
use crate::identifications::Identifications;
use crate::ledger::Ledger;
use crate::lineage::LineageProfiles;
use crate::registry::Registry;
use crate::relations::RemainsRelations;
use crate::remains::Remains;
use crate::repatriation::{Handover, Repatriation};
use crate::rolls::Rolls;
use crate::sites::Sites;

/// Declares [`Store`] over the aggregates' traits and implements it for every type that has
/// them all: the list is written once, so the trait and its one implementation cannot drift.
macro_rules! store_of {
    ($(#[$doc:meta])* $($aggregate:ident),+ $(,)?) => {
        $(#[$doc])*
        pub trait Store: $($aggregate +)+ Send + Sync + std::fmt::Debug {}

        impl<T> Store for T where T: $($aggregate +)+ Send + Sync + std::fmt::Debug {}
    };
}

store_of!(
    /// Storage for the registry: every aggregate's trait. Implemented by [`crate::SqlStore`] (on
    /// SQLite or PostgreSQL); both engines pass the same conformance suite (`tests/conformance.rs`).
    ///
    /// The aggregates' methods are called on `&dyn Store` or `Arc<dyn Store>` without importing
    /// their traits. A caller that needs one aggregate only takes `&dyn` its trait, and `&dyn Store`
    /// coerces to it: the memorial's graves need batches, not signing keys.
    ///
    /// ```
    /// use homeward_store::{Repatriation, Store, StoreResult};
    ///
    /// async fn graves(batches: &dyn Repatriation) -> StoreResult<usize> {
    ///     Ok(batches.batches().await?.len())
    /// }
    ///
    /// async fn memorial(store: &dyn Store) -> StoreResult<usize> {
    ///     graves(store).await
    /// }
    /// ```
    Accounts,
    Credentials,
    Sites,
    PlaceNames,
    Remains,
    Effects,
    Identifications,
    Rolls,
    Repatriation,
    Handover,
    Ledger,
    Registry,
    Frequencies,
    Profiles,
    Families,
    Screening,
    RemainsRelations,
    Holds,
    LineageProfiles,
);
