#![doc = include_str!("../README.md")]

mod error;
mod queries;
mod store;

pub use error::{StoreError, StoreResult};
pub use queries::{
    ImportBatch, ImportSummary, ImportedEffect, MissingMatch, Page, RegistryStats, RemainsFilter,
    RemainsSummary, SiteSummary, WriteContext,
};
pub use store::{Backend, Store};
