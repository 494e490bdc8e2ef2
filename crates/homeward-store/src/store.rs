//! The `Store`: everything the web app and the CLI may ask of storage, in the registry's terms,
//! as one trait per aggregate. `Store` names them all; it has no methods of its own, and every
//! type that implements all the aggregates' traits is a `Store`.
//!
//! Every write takes a [`WriteContext`] and records an audit entry in the same transaction as the
//! change. A write that is refused (a rule, a conflict, a missing reference) changes nothing.

use crate::{
    Accounts, Credentials, Effects, Identifications, Ledger, Registry, Remains, Repatriation,
    Rolls, Sites,
};

/// Storage for the registry: every aggregate's trait. Implemented by [`crate::SqlStore`] (on
/// SQLite or PostgreSQL); both engines pass the same conformance suite (`tests/conformance.rs`).
///
/// The methods of the aggregates' traits are called on `&dyn Store` or `Arc<dyn Store>` without
/// importing those traits; a caller that needs one aggregate only takes `&dyn` that trait
/// (`&dyn Store` coerces to it), e.g. `&dyn Repatriation` for the graves, which cannot reach a
/// signing key.
pub trait Store:
    Accounts
    + Credentials
    + Sites
    + Remains
    + Effects
    + Identifications
    + Rolls
    + Repatriation
    + Ledger
    + Registry
    + Send
    + Sync
    + std::fmt::Debug
{
}

impl<T> Store for T where
    T: Accounts
        + Credentials
        + Sites
        + Remains
        + Effects
        + Identifications
        + Rolls
        + Repatriation
        + Ledger
        + Registry
        + Send
        + Sync
        + std::fmt::Debug
{
}
