//! What the demo's generators produce before anything is written: the registry's rows and the
//! lifecycle steps of each case. A leaf that the generators (`registry`, `batch2022`, `effects`,
//! `custody`, `lifecycle`) all build on, so that they depend on it and not on one another.

use homeward_domain::{LifecycleStatus, NewRecoverySite, NewRemainsCase, Role, Timestamp};
use homeward_store::ImportedEffect;

/// One lifecycle step to apply after the import.
#[derive(Debug, Clone)]
pub struct Step {
    /// The status entered.
    pub to: LifecycleStatus,
    /// The role of the user who makes the change.
    pub actor: Role,
    /// When.
    pub at: Timestamp,
    /// Why.
    pub reason: String,
}

/// The synthetic registry before it is written.
#[derive(Debug, Default)]
pub struct Registry {
    /// Sites.
    pub sites: Vec<NewRecoverySite>,
    /// Remains cases with their site codes.
    pub remains: Vec<(String, NewRemainsCase)>,
    /// Effects, by accession or site code.
    pub effects: Vec<ImportedEffect>,
    /// Lifecycle steps per accession number, in order.
    pub walks: Vec<(String, Vec<Step>)>,
}
