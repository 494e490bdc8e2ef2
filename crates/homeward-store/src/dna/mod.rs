//! DNA in the registry: frequency databases, typed profiles (of remains cases and of families'
//! reference persons), families with their pedigrees, and screening runs with their
//! candidates. Four traits by aggregate (each with the reads the DNA pages need), each implemented in a file beside this one.
//!
//! The store keeps allele calls, pedigrees, frequencies and mutation models as canonical JSON
//! text and never interprets it: the kinship engine does (`homeward_app::dna` converts at the
//! edge), so the store needs no dependency on `homeward-kinship`.

mod bulk;
mod families;
mod frequencies;
mod profiles;
mod screening;

use async_trait::async_trait;
use homeward_domain::{MissingPersonId, Timestamp};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// A frequency database to import: a new name is version 1, a known name its next version.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFrequencyDatabase {
    /// The database's name (e.g. `KOR-2019`).
    pub name: String,
    /// The format it was read from (`json`, `csv`).
    pub source_format: String,
    /// `{"markers": {M: {allele: frequency}}}`, canonical JSON.
    pub markers_json: String,
    /// The rare-allele frequency the database comes with, if any.
    pub rare_allele_frequency: Option<f64>,
}

/// A stored (immutable) frequency database version.
#[derive(Debug, Clone, PartialEq)]
pub struct FrequencyDatabase {
    /// Row id (what a run refers to).
    pub id: i64,
    /// Its name.
    pub name: String,
    /// 1, 2, … under its name.
    pub version: i64,
    /// `json` or `csv`.
    pub source_format: String,
    /// Canonical JSON `{"markers": …}`.
    pub markers_json: String,
    /// Its rare-allele frequency, if it came with one.
    pub rare_allele_frequency: Option<f64>,
    /// When it was imported.
    pub imported_at: Timestamp,
}

/// The frequency databases: imported, never edited.
#[async_trait]
pub trait Frequencies: Send + Sync {
    /// Stores `db` as the next version under its name (1 for a new name); audited.
    async fn import_frequency_database(
        &self,
        db: &NewFrequencyDatabase,
        ctx: WriteContext,
    ) -> StoreResult<FrequencyDatabase>;

    /// The database `name` at `version`, or its latest version when `None`.
    async fn frequency_database(
        &self,
        name: &str,
        version: Option<i64>,
    ) -> StoreResult<Option<FrequencyDatabase>>;

    /// Every version of every database, in import order.
    async fn frequency_databases(&self) -> StoreResult<Vec<FrequencyDatabase>>;
}

/// What kind of profile a sample gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileKind {
    /// Autosomal STRs.
    Autosomal,
    /// A Y-STR haplotype (reserved).
    YStr,
    /// An mtDNA sequence (reserved).
    MtDna,
}

impl ProfileKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ProfileKind::Autosomal => "autosomal",
            ProfileKind::YStr => "y_str",
            ProfileKind::MtDna => "mtdna",
        }
    }

    /// The kind of a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            ProfileKind::Autosomal,
            ProfileKind::YStr,
            ProfileKind::MtDna,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// A remains case's typed sample to import.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRemainsProfile {
    /// The sample as named in the file: the case's accession number.
    pub sample: String,
    /// The kit, when known.
    pub kit: Option<String>,
    /// `{marker: [a, b|null]}`, canonical JSON.
    pub alleles_json: String,
}

/// Whose a stored profile is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileOwner {
    /// A remains case, by accession number.
    Remains(String),
    /// A family's reference person.
    Reference {
        /// The family's id.
        family: String,
        /// The person's id in its pedigree.
        person: String,
    },
}

/// A stored profile.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredProfile {
    /// The sample's name.
    pub sample: String,
    /// Whose it is.
    pub owner: ProfileOwner,
    /// Autosomal, Y or mt.
    pub kind: ProfileKind,
    /// The kit, when known.
    pub kit: Option<String>,
    /// `{marker: [a, b|null]}`.
    pub alleles_json: String,
}

/// The remains cases' profiles.
#[async_trait]
pub trait Profiles: Send + Sync {
    /// Stores remains profiles (autosomal), all or nothing: an unknown accession is
    /// `NotFound` naming it, a sample already stored is a `Conflict`; audited as one import.
    async fn import_remains_profiles(
        &self,
        profiles: &[NewRemainsProfile],
        ctx: WriteContext,
    ) -> StoreResult<u64>;

    /// Every remains case's autosomal profile, by sample.
    async fn remains_profiles(&self) -> StoreResult<Vec<StoredProfile>>;

    /// The autosomal profile of the remains case `accession`, if it is typed (the DNA pages
    /// show one case without reading every profile).
    async fn remains_profile(&self, accession: &str) -> StoreResult<Option<StoredProfile>>;

    /// How many remains profiles, families and reference profiles are stored (the DNA unit's
    /// overview counts them without reading them).
    async fn dna_counts(&self) -> StoreResult<DnaCounts>;
}

/// What the DNA unit holds, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DnaCounts {
    /// Remains cases' profiles.
    pub remains: i64,
    /// Families.
    pub families: i64,
    /// Families' reference profiles.
    pub references: i64,
}

/// A family's identity as the family tells it (every field optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimedIdentity {
    /// The missing person's names, in any script, as given.
    pub names: Option<String>,
    /// Hometown.
    pub hometown: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// Date and place of death, as told.
    pub death: Option<String>,
}

/// A family to import, with its references' profiles.
#[derive(Debug, Clone, PartialEq)]
pub struct NewFamily {
    /// The family's id as given.
    pub id: String,
    /// Its claimed identity.
    pub claimed: ClaimedIdentity,
    /// The person on the rolls it is linked to, if matched.
    pub missing_person: Option<MissingPersonId>,
    /// `{"pedigree": [...], "missing": ID}`, canonical JSON.
    pub pedigree_json: String,
    /// `(person, {marker: [a, b|null]})` per typed reference, in order.
    pub references: Vec<(String, String)>,
}

/// A stored family.
pub type FamilyRecord = NewFamily;

/// Families and their pedigrees.
#[async_trait]
pub trait Families: Send + Sync {
    /// Stores families with their references (sample `FAMILY:PERSON`), all or nothing: an id
    /// already stored is a `Conflict`, an unknown roll link `NotFound`; audited as one import.
    async fn import_families(&self, families: &[NewFamily], ctx: WriteContext) -> StoreResult<u64>;

    /// Every family with its references, by id.
    async fn families(&self) -> StoreResult<Vec<FamilyRecord>>;

    /// The family `id` with its references, if stored (the family page reads one).
    async fn family(&self, id: &str) -> StoreResult<Option<FamilyRecord>>;
}

/// A screening run's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// Started, candidates not yet stored.
    Running,
    /// Its candidates are stored.
    Finished,
    /// Stopped before its candidates were stored.
    Cancelled,
}

impl RunStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Finished => "finished",
            RunStatus::Cancelled => "cancelled",
        }
    }

    /// The status of a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            RunStatus::Running,
            RunStatus::Finished,
            RunStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// The inputs and model of a run to start.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMatchRun {
    /// Candidates need at least this LR.
    pub min_lr: f64,
    /// At most this many families per remains.
    pub top: i64,
    /// The frequency database version (row id).
    pub frequency_database: i64,
    /// The mutation model as JSON (`{"model": "none"}` without one).
    pub mutation_json: String,
    /// Balding–Nichols θ.
    pub theta: f64,
    /// The rare-allele frequency used, if any.
    pub rare_allele_frequency: Option<f64>,
    /// Remains screened.
    pub remains: i64,
    /// Families screened.
    pub families: i64,
}

/// A stored run.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchRun {
    /// Its id.
    pub id: i64,
    /// Its inputs and model.
    pub inputs: NewMatchRun,
    /// The frequency database's name and version.
    pub frequency_name: String,
    /// Its version.
    pub frequency_version: i64,
    /// When it started.
    pub started_at: Timestamp,
    /// When it finished or was cancelled.
    pub finished_at: Option<Timestamp>,
    /// Its state.
    pub status: RunStatus,
    /// Candidates stored.
    pub candidates: i64,
}

/// A candidate pair, its LRs and the markers behind them.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCandidate {
    /// The remains case's accession number.
    pub remains: String,
    /// The family's id.
    pub family: String,
    /// Combined LR (autosomal × Y × mt over the systems typed on both sides).
    pub lr: f64,
    /// Autosomal LR.
    pub autosomal_lr: f64,
    /// Y-STR LR, where both sides are typed.
    pub y_lr: Option<f64>,
    /// mtDNA LR, where both sides are typed.
    pub mt_lr: Option<f64>,
    /// Markers compared (typed in the remains).
    pub markers_compared: i64,
    /// `{marker: lr}`, canonical JSON.
    pub marker_lrs_json: String,
}

/// A stored candidate of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCandidate {
    /// The run.
    pub run: i64,
    /// The candidate.
    pub candidate: NewCandidate,
}

/// Screening runs and their candidates.
#[async_trait]
pub trait Screening: Send + Sync {
    /// Records a run as running; audited.
    async fn start_match_run(&self, run: &NewMatchRun, ctx: WriteContext) -> StoreResult<MatchRun>;

    /// Stores a running run's candidates and marks it finished, in one transaction; audited.
    /// A run not running is refused (a `Conflict`) and nothing is written.
    async fn finish_match_run(
        &self,
        run: i64,
        candidates: &[NewCandidate],
        ctx: WriteContext,
    ) -> StoreResult<MatchRun>;

    /// Marks a running run cancelled; audited.
    async fn cancel_match_run(&self, run: i64, ctx: WriteContext) -> StoreResult<MatchRun>;

    /// Every run, oldest first.
    async fn match_runs(&self) -> StoreResult<Vec<MatchRun>>;

    /// A run's candidates: by remains accession, LR descending, family id.
    async fn candidates(&self, run: i64) -> StoreResult<Vec<StoredCandidate>>;

    /// The run `id`, if there is one.
    async fn match_run(&self, id: i64) -> StoreResult<Option<MatchRun>>;

    /// A run's candidates for the remains case `accession` (its best families): LR descending,
    /// family id.
    async fn remains_candidates(
        &self,
        run: i64,
        accession: &str,
    ) -> StoreResult<Vec<StoredCandidate>>;

    /// A run's candidates for the family `family` (its best remains): LR descending, accession.
    async fn family_candidates(&self, run: i64, family: &str) -> StoreResult<Vec<StoredCandidate>>;
}
