//! DNA use cases over the store's DNA aggregates (issue 12): importing the three files of
//! `homeward kinship screen` into the registry as they are — a frequency table (JSON or the CSV
//! matrix), remains profiles (the long CSV), families (the families JSON) —, screening every
//! stored remains against every stored family (`homeward match`), every remains against every
//! other (`homeward match --direct`: one person, parent and child, siblings), and exporting a
//! run's candidates (`homeward candidates export`) or explaining one to a reviewer (`explain`).
//!
//! The store keeps allele calls, pedigrees and frequencies as JSON text; this module turns them
//! into the kinship engine's types and back (`convert`). Every import is all or nothing: an
//! error names the file, the line and the field, and nothing is written.

pub mod bench;
mod convert;
mod direct;
mod explain;
mod export;
mod genemapper;
mod guard;
mod import;
mod lineage;
mod run;
pub mod synthetic;

pub use convert::case_json;
pub(crate) use convert::table_to_json;
pub use direct::{DirectOptions, direct_match, find_relations, identity_lr};
pub use explain::{Explanation, MarkerEvidence, explain_candidate};
pub use export::{CandidateFormat, export_candidates};
pub use genemapper::{GeneMapperImported, MIXTURE_MARKERS, import_genemapper, is_genemapper};
pub use guard::{MIN_ELIMINATION_MARKERS, consistent_with, held_samples, import_elimination};
pub use import::{import_families, import_frequencies, import_profiles};
pub use lineage::import_lineage;
pub use run::{MatchOptions, MatchOutcome, match_one, run_match};

use homeward_kinship::CaseError;
use homeward_store::StoreError;

/// A DNA use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum DnaError {
    /// A file the format does not allow, naming where.
    #[error("{file}{}{}: {reason}", line.map(|l| format!(" line {l}")).unwrap_or_default(),
        field.as_ref().map(|f| format!(", field `{f}`")).unwrap_or_default())]
    File {
        /// The file as the user named it.
        file: String,
        /// Its physical line, when known.
        line: Option<u64>,
        /// The field at fault, when one is.
        field: Option<String>,
        /// What is wrong.
        reason: String,
    },
    /// A value given on the command line (or in a form) that cannot be used.
    #[error("{0}")]
    Option(String),
    /// The kinship engine refused the stored data (e.g. an allele absent from the frequency
    /// database without a rare-allele frequency).
    #[error("screening: {0}")]
    Engine(#[from] CaseError),
    /// A match run failed after it was recorded, and was recorded cancelled.
    #[error("match run {run} cancelled: {cause}")]
    Cancelled {
        /// The run's id.
        run: i64,
        /// Why it stopped.
        cause: Box<DnaError>,
    },
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl DnaError {
    /// Whether the error lies in what the user gave (exit status 2 on the CLI).
    pub fn is_bad_input(&self) -> bool {
        match self {
            DnaError::Store(_) => false,
            DnaError::Cancelled { cause, .. } => cause.is_bad_input(),
            _ => true,
        }
    }

    fn file(file: &str, line: Option<u64>, field: Option<&str>, reason: impl Into<String>) -> Self {
        DnaError::File {
            file: file.to_owned(),
            line,
            field: field.map(str::to_owned),
            reason: reason.into(),
        }
    }
}
