#![doc = include_str!("../README.md")]

pub mod bench;
mod clock;
mod columns;
pub mod demo;
pub mod dna;
pub mod dna_files;
pub mod export;
pub mod familias;
pub mod familias_import;
pub mod import;
pub mod kinship_input;
pub mod ledger_bench;
pub mod ledger_verify;
pub mod passwords;
mod progress;
pub mod remains;
pub mod repatriation;

pub use clock::{Clock, FixedClock, SystemClock, now, system_write};
pub use columns::{EFFECT_COLUMNS, MISSING_COLUMNS, REMAINS_COLUMNS, RecordKind, SITE_COLUMNS};
pub use progress::{NoProgress, Progress};
