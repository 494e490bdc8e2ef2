//! The likelihood ratio of a case: per marker P(remains, references | H1) / P(remains,
//! references | H2), and their product, with the report `homeward kinship lr` prints.

use crate::case::{KinshipCase, MarkerCase};
use crate::error::CaseError;
use crate::json::{MarkersDto, ReportDto};
use crate::likelihood::{Evaluator, MarkerModel, Person, TooLarge, hardy_weinberg, likelihood};
use crate::lineage::LineageReport;

/// A likelihood ratio: how many times more probable the evidence is if the remains are the
/// missing person than if they are unrelated. 0 is an exclusion.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct LikelihoodRatio(f64);

impl LikelihoodRatio {
    /// Wraps a ratio.
    pub fn new(value: f64) -> Self {
        Self(value)
    }

    /// The ratio.
    pub fn value(self) -> f64 {
        self.0
    }

    /// log10 of the ratio; `None` for an exclusion (0) or a non-finite ratio.
    pub fn log10(self) -> Option<f64> {
        (self.0 > 0.0 && self.0.is_finite()).then(|| self.0.log10())
    }
}

/// One marker's result, with both hypotheses' likelihoods when the remains are typed.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkerLr {
    /// The marker.
    pub marker: String,
    /// The ratio (exactly 1 when the remains are untyped here).
    pub lr: LikelihoodRatio,
    /// P(remains, references | H1), `None` when the remains are untyped.
    pub h1: Option<f64>,
    /// P(remains, references | H2), `None` when the remains are untyped.
    pub h2: Option<f64>,
}

/// The LR of a whole case: the product over markers (independent markers).
#[derive(Debug, Clone, PartialEq)]
pub struct LrReport {
    markers: Vec<MarkerLr>,
    lineage: LineageReport,
}

impl LrReport {
    /// Per-marker results in evaluation order.
    pub fn markers(&self) -> &[MarkerLr] {
        &self.markers
    }

    /// The lineage sections' results (empty when the case has none).
    pub fn lineage(&self) -> &LineageReport {
        &self.lineage
    }

    /// Autosomal × Y × mt over the systems typed on both sides (the autosomal factor only
    /// when the remains are typed at some marker).
    pub fn combined_lr(&self) -> f64 {
        let typed = self.markers.iter().any(|m| m.h1.is_some());
        self.lineage.combined(typed.then(|| self.lr().0))
    }

    /// The total LR (the product of the markers').
    pub fn lr(&self) -> LikelihoodRatio {
        LikelihoodRatio(self.markers.iter().map(|m| m.lr.0).product())
    }

    /// log10 of the total LR, summed per marker so that it stays finite where the product
    /// overflows; `None` on an exclusion.
    pub fn log10_lr(&self) -> Option<f64> {
        self.markers.iter().map(|m| m.lr.log10()).sum()
    }

    /// The JSON `homeward kinship lr` prints:
    /// `{"lr": f64, "log10_lr": f64|null, "markers": {"D3S1358": {"lr": f64}, ...}}`, plus
    /// `"y_str"`, `"mtdna"` and `"combined_lr"` when the case has lineage sections.
    pub fn to_json(&self) -> String {
        let finite = |x: f64| x.is_finite().then_some(x);
        let dto = ReportDto {
            lr: finite(self.lr().0),
            log10_lr: self.log10_lr(),
            markers: MarkersDto(
                self.markers
                    .iter()
                    .map(|m| (m.marker.as_str(), finite(m.lr.0)))
                    .collect(),
            ),
            y_str: self.lineage.y.as_ref(),
            mtdna: self.lineage.mt.as_ref(),
            combined_lr: (!self.lineage.is_empty()).then(|| finite(self.combined_lr())),
        };
        serde_json::to_string(&dto).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

thread_local! {
    /// Scratch buffers kept warm between cases evaluated on the same thread.
    static THREAD_EVALUATOR: std::cell::RefCell<Evaluator> =
        std::cell::RefCell::new(Evaluator::new());
}

impl KinshipCase {
    /// Evaluates every marker of the case (reusing this thread's [`Evaluator`], whose results
    /// never depend on what it computed before).
    pub fn evaluate(&self) -> Result<LrReport, CaseError> {
        THREAD_EVALUATOR.with(|cell| {
            let mut fresh;
            let mut borrowed = cell.try_borrow_mut();
            let evaluator: &mut Evaluator = match borrowed.as_deref_mut() {
                Ok(e) => e,
                Err(_) => {
                    fresh = Evaluator::new();
                    &mut fresh
                }
            };
            let markers = self
                .markers
                .iter()
                .map(|m| self.evaluate_marker_with(m, evaluator))
                .collect::<Result<Vec<_>, _>>()?;
            let lineage = self.lineage.evaluate()?;
            Ok(LrReport { markers, lineage })
        })
    }

    /// Evaluates one marker.
    pub fn evaluate_marker(&self, m: &MarkerCase) -> Result<MarkerLr, CaseError> {
        self.evaluate_marker_with(m, &mut Evaluator::new())
    }

    /// Evaluates one marker reusing `evaluator`'s scratch buffers (no allocation once warm).
    pub fn evaluate_marker_with(
        &self,
        m: &MarkerCase,
        evaluator: &mut Evaluator,
    ) -> Result<MarkerLr, CaseError> {
        let marker = m.table.marker().to_owned();
        let Some(remains) = m.remains else {
            return Ok(MarkerLr {
                marker,
                lr: LikelihoodRatio(1.0),
                h1: None,
                h2: None,
            });
        };
        let model = MarkerModel {
            freqs: m.table.freqs(),
            paternal: m.paternal.as_ref(),
            maternal: m.maternal.as_ref(),
            lumpable: self.mutation.is_lumpable(),
            theta: self.theta,
        };
        let too_large = |TooLarge(work)| CaseError::TooComplex {
            marker: marker.clone(),
            work,
            hint: if self.theta > 0.0 {
                "θ > 0 weighs all founders' alleles jointly and this pedigree has too many \
                 untyped founders for that; use θ = 0"
                    .into()
            } else {
                "the pedigree is too inbred for exact elimination".into()
            },
        };
        let mut persons = self.persons(m);
        let mp = self.pedigree.missing();
        persons[mp].evidence = Some(remains);
        let h1 = evaluator.likelihood(&model, &persons).map_err(too_large)?;
        persons[mp].evidence = None;
        let h2 = if self.theta == 0.0 {
            let refs = evaluator.likelihood(&model, &persons).map_err(too_large)?;
            refs * hardy_weinberg(remains, m.table.freqs())
        } else {
            // The remains join the founders' draws from the same subpopulation.
            persons.push(Person {
                parents: None,
                evidence: Some(remains),
            });
            likelihood(&model, &persons).map_err(too_large)?
        };
        if h2 == 0.0 {
            return Err(CaseError::InconsistentReferences { marker });
        }
        Ok(MarkerLr {
            marker,
            lr: LikelihoodRatio(h1 / h2),
            h1: Some(h1),
            h2: Some(h2),
        })
    }
}
