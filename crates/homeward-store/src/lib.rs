#![doc = include_str!("../README.md")]

mod accounts;
mod context;
mod credentials;
mod dna;
mod effects;
mod error;
mod gazetteer;
mod holds;
mod identifications;
mod ledger;
mod lineage;
mod migrations;
mod postgres;
mod registry;
mod relations;
mod remains;
mod repatriation;
mod rolls;
mod sites;
mod sql;
mod sqlite;
mod store;

use std::path::Path;
use std::sync::Arc;

pub use accounts::Accounts;
pub use context::WriteContext;
pub use credentials::{Credentials, PasswordHash, UserCredentials};
pub use dna::{
    ClaimedIdentity, DnaCounts, Families, FamilyRecord, Frequencies, FrequencyDatabase, MatchRun,
    NewCandidate, NewFamily, NewFrequencyDatabase, NewMatchRun, NewRemainsProfile, ProfileKind,
    ProfileOwner, Profiles, RunStatus, Screening, StoredCandidate, StoredProfile,
};
pub use effects::Effects;
pub use error::{StoreError, StoreResult};
pub use gazetteer::{NameInUse, PlaceNames};
pub use holds::{EliminationKind, HoldReason, Holds, NewEliminationProfile, NewHold, ProfileHold};
pub use identifications::Identifications;
pub use ledger::{Ledger, LedgerRow, SecretAtRest, StoredKey, UnlockReport};
pub use lineage::{LineageKind, LineageOwner, LineageProfiles, NewLineageProfile};
pub use migrations::{MIGRATIONS, Migration};
pub use registry::{
    ImportBatch, ImportSummary, ImportedEffect, Registry, RegistryStats, StatusGap,
};
pub use relations::{NewRemainsRelation, RemainsRelation, RemainsRelationKind, RemainsRelations};
pub use remains::{
    CaseChange, CaseChangeKind, CaseWrite, Page, Remains, RemainsFilter, RemainsSummary, Signer,
};
pub use repatriation::{
    BatchDocument, BatchRecord, BatchRemains, CasketContents, DocumentKind, Handover,
    ReceivedBatch, Repatriation,
};
pub use rolls::{MissingMatch, Rolls};
pub use sites::{SiteSummary, Sites};
pub use sql::SqlStore;
pub use sql::backend::Backend;
pub use sql::snapshot::Snapshot;
pub use store::Store;

/// A registry store in one SQLite file: [`SqlStore`], named for the engine it is opened on
/// ([`SqlStore::open`]).
pub type SqliteStore = SqlStore;
/// A registry store on a PostgreSQL server: [`SqlStore`], named for the engine it is opened on
/// ([`SqlStore::open_postgres`], [`SqlStore::open_in_schema`]).
pub type PgStore = SqlStore;

/// Whether a `--db` value names a PostgreSQL server rather than a SQLite file.
fn is_postgres(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// Opens the store named by a `--db` value and applies pending migrations: a `postgres://` or
/// `postgresql://` URL opens PostgreSQL; a `sqlite:` URL or any other text is a SQLite file,
/// created if absent.
pub async fn open(location: &str) -> StoreResult<Arc<dyn Store>> {
    Ok(open_migrated(location).await?.0)
}

/// Opens (creating if absent) a SQLite store file and applies pending migrations.
pub async fn open_sqlite(path: &Path) -> StoreResult<Arc<dyn Store>> {
    Ok(Arc::new(SqlStore::open(path).await?))
}

/// Connects to a PostgreSQL store and applies pending migrations.
pub async fn open_postgres(url: &str) -> StoreResult<Arc<dyn Store>> {
    Ok(Arc::new(SqlStore::open_postgres(url).await?))
}

/// Applies the pending migrations of the store named by a `--db` value (creating a SQLite file
/// if absent) and returns the names of the migrations applied, oldest first; empty when the
/// schema was already current (`homeward migrate`).
pub async fn migrate(location: &str) -> StoreResult<Vec<String>> {
    let (store, applied) = open_migrated(location).await?;
    drop(store);
    Ok(applied)
}

async fn open_migrated(location: &str) -> StoreResult<(Arc<dyn Store>, Vec<String>)> {
    if is_postgres(location) {
        let (store, applied) = SqlStore::connect_postgres(location, None).await?;
        Ok((Arc::new(store), applied))
    } else if location.starts_with("sqlite:") {
        let (store, applied) = SqlStore::open_sqlite_url(location).await?;
        Ok((Arc::new(store), applied))
    } else if location.trim().is_empty() {
        Err(StoreError::Open {
            location: location.to_owned(),
            reason: "no database given: pass a SQLite file path or a postgres:// URL".to_owned(),
        })
    } else {
        let (store, applied) = SqlStore::open_sqlite_path(Path::new(location)).await?;
        Ok((Arc::new(store), applied))
    }
}
