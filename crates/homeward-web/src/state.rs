//! What every handler shares: the store, the configuration, the guards, and the snapshots
//! kept between requests.

use std::sync::Arc;

use homeward_domain::{CalendarDate, NameForms};
use homeward_store::Store;

use crate::config::WebConfig;
use crate::guard::Guards;

/// What every handler shares: the store, the deployment's configuration, and the in-memory
/// guards (throttles, the password-check gate).
#[derive(Debug, Clone)]
pub struct AppState {
    /// The registry's storage.
    pub store: Arc<dyn Store>,
    /// How the app is deployed.
    pub config: WebConfig,
    /// Throttles and the password-check gate, shared by every request.
    pub guards: Arc<Guards>,
    /// The memorial's graves as last read (see [`crate::memorial::graves`]).
    pub graves: Arc<homeward_store::Snapshot<Vec<Grave>>>,
}

/// One grave of a buried remains case (section, row and plot empty where not known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grave {
    /// The case's accession number.
    pub accession: String,
    /// The cemetery.
    pub cemetery: String,
    /// Section.
    pub section: String,
    /// Row.
    pub row: String,
    /// Plot.
    pub plot: String,
    /// Date of burial, where known.
    pub date: Option<CalendarDate>,
    /// The batch that brought the case home, if one did.
    pub batch: Option<String>,
    /// The name in its original script, when the case is identified.
    pub name: Option<String>,
    /// The name's romanizations, where known.
    pub romanized: Option<String>,
    /// Every searchable form of the name (recorded and computed), when the case is identified:
    /// derived once when the graves are read, not per search.
    pub forms: NameForms,
}
