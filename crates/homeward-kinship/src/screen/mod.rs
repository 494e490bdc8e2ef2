//! Screening at scale: every remains against every family, through per-family tables
//! `T[g] = P(MP has g | references) / P(g | unrelated)` shared by all families with the same
//! pedigree shape and reference genotypes at a marker, exclusion and bound pruning, a
//! struct-of-arrays scorer on all cores, the best `top` families above `min_lr` per remains, and
//! the reported candidates re-scored with the exact direct LR.
//!
//! What `homeward kinship screen` does once the CLI has read its files:
//! ```
//! use homeward_kinship::screen::{self, RemainsProfile, ScreeningModel};
//! use homeward_kinship::FrequencyTable;
//! let table = FrequencyTable::from_json_str(
//!     r#"{"markers": {"D3S1358": {"15": 0.25, "16": 0.22, "17": 0.53}}}"#).unwrap();
//! // Typed profiles: the CLI reads the remains CSV at the edge (`homeward_app::kinship_input`).
//! let remains = [RemainsProfile {
//!     id: "B1".into(),
//!     profile: vec![("D3S1358".into(), [Some("16".into()), Some("16".into())])],
//! }];
//! let families = screen::parse_families_json(r#"[{"id": "FAM1",
//!   "pedigree": [{"id": "F", "sex": "M"}, {"id": "M", "sex": "F"},
//!                {"id": "MP", "sex": "M", "father": "F", "mother": "M"}],
//!   "missing": "MP", "references": {"F": {"D3S1358": ["15", "16"]}}}]"#).unwrap();
//! let found = screen::screen(&remains, &families, &table, &ScreeningModel::default(),
//!     1.0, 10, &|_done, _total| {}).unwrap();
//! assert!((found[0].lr - 1.0 / (2.0 * 0.22)).abs() < 1e-12);
//! println!("{}", screen::candidates_to_csv(&found));
//! ```

mod input;
mod panel;
mod run;
mod score;

pub use input::{
    Family, Profile, RemainsProfile, candidates_to_csv, candidates_to_json, parse_families_json,
};
pub use panel::{FamilySet, Panel, PanelMarker, RemainsSet, Shape};
pub use run::screen_encoded;

use crate::error::CaseError;
use crate::frequencies::FrequencyTable;
use crate::mutation::MutationModel;

/// The population model of a screen.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ScreeningModel {
    /// Mutation model for every marker.
    pub mutation: MutationModel,
    /// Frequency at which alleles absent from the table are admitted (once for the whole
    /// screen: every absent allele seen in any remains or reference, the marker's other
    /// frequencies scaled by 1 − k·f); `None` refuses them.
    pub rare_allele_frequency: Option<f64>,
    /// The Balding–Nichols θ (0: independent founders). With θ > 0 every table entry is its
    /// genotype's exact θ LR (tables build more slowly; scoring is unchanged).
    pub theta: f64,
}

/// One reported match: a remains, a family, and the exact LR that the remains are the
/// family's missing person.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The remains' sample id.
    pub remains: String,
    /// The family's id.
    pub family: String,
    /// The exact direct LR (as `homeward kinship lr` computes it on the screen's tables).
    pub lr: f64,
    /// The LR from the screening tables (agrees with `lr` to about 1e-12 relative).
    pub table_lr: f64,
    /// Markers typed in the remains (and so compared).
    pub markers: usize,
}

/// What a screen did, for the CLI's summary and the bench.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScreenStats {
    /// Remains screened.
    pub remains: usize,
    /// Families screened.
    pub families: usize,
    /// Markers of the panel.
    pub markers: usize,
    /// Distinct pedigree shapes.
    pub shapes: usize,
    /// Distinct (shape, marker, reference genotypes) tables built.
    pub tables_built: usize,
    /// Tables whose references are impossible under the pedigree (those families never match).
    pub inconsistent_tables: usize,
    /// Pair-markers covered: families × Σ over remains of their typed markers (untyped markers
    /// have LR 1 and are not counted).
    pub evaluations: u64,
    /// Table lookups the scorer actually made (fewer than `evaluations` where groups were
    /// abandoned by exclusion or bound pruning; more where padding lanes or untyped markers
    /// are multiplied through).
    pub lookups: u64,
    /// Candidates reported.
    pub candidates: usize,
    /// Seconds spent grouping and building tables (0 without a clock).
    pub table_seconds: f64,
    /// Seconds spent scoring all pairs.
    pub scoring_seconds: f64,
    /// CPU seconds (all threads) the process spent scoring, where the caller supplied a CPU
    /// clock (0 otherwise): on a machine shared with other work it shows the rate the
    /// scorer reaches per core actually given to it.
    pub scoring_cpu_seconds: f64,
    /// Seconds spent re-scoring the candidates exactly.
    pub rescoring_seconds: f64,
}

impl ScreenStats {
    /// Effective scoring throughput: every pair × typed marker ([`Self::evaluations`]) per
    /// second of scoring, pruning included.
    pub fn throughput(&self) -> f64 {
        self.evaluations as f64 / self.scoring_seconds
    }

    /// Throughput per CPU second of scoring ([`Self::evaluations`] / [`Self::scoring_cpu_seconds`]),
    /// `None` without a CPU clock. Times the cores available, it is the wall-clock rate the
    /// scorer would reach with those cores to itself.
    pub fn throughput_per_cpu_second(&self) -> Option<f64> {
        (self.scoring_cpu_seconds > 0.0).then(|| self.evaluations as f64 / self.scoring_cpu_seconds)
    }
}

/// Screens `remains` against `families`: the best `top` families with LR ≥ `min_lr` (and > 0)
/// per remains, ordered by remains (input order), then LR descending, then family order.
/// `progress(done, total)` is called from worker threads as families are scored.
pub fn screen(
    remains: &[RemainsProfile],
    families: &[Family],
    table: &FrequencyTable,
    model: &ScreeningModel,
    min_lr: f64,
    top: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Candidate>, CaseError> {
    let (panel, remains, families) = input::encode(remains, families, table, model)?;
    screen_encoded(
        &panel, &remains, &families, min_lr, top, progress, None, None,
    )
    .map(|(c, _)| c)
}
