#![doc = include_str!("../README.md")]
//!
//! Module map: [`case`] (CASE.json → [`KinshipCase`]), [`pedigree`], [`frequencies`],
//! [`allele`], [`mutation`], [`theta`], `likelihood` (exact variable elimination), [`lr`]
//! (H1/H2 per marker, [`LrReport`]), [`screening`] (precomputed per-family tables), [`screen`]
//! (many remains against many families), [`simulate`], [`bench`] (the synthetic population)
//! and [`lineage`] (Y-STR, mtDNA, Clopper–Pearson, combined LR).

pub mod allele;
pub mod bench;
pub mod case;
pub mod error;
pub mod frequencies;
mod json;
pub mod likelihood;
pub mod lineage;
pub mod lr;
pub mod mutation;
pub mod pedigree;
pub mod screen;
pub mod screening;
pub mod simulate;
mod table_formats;
pub mod theta;

pub use allele::{AlleleIndex, Genotype};
pub use case::{KinshipCase, MarkerCase};
pub use error::CaseError;
pub use frequencies::{AlleleFrequencies, FrequencyTable};
pub use lr::{LikelihoodRatio, LrReport, MarkerLr};
pub use mutation::{MutationMatrix, MutationModel, SexRates};
pub use pedigree::{Individual, PedigreeEntry, ReferencePedigree, Sex};
pub use screening::FamilyTables;

/// Parses CASE.json and computes its LR: what `homeward kinship lr CASE.json` prints is
/// `evaluate_case_json(&text)?.to_json()`. Pure: the caller reads the file.
pub fn evaluate_case_json(input: &str) -> Result<LrReport, CaseError> {
    KinshipCase::from_json(input)?.evaluate()
}
