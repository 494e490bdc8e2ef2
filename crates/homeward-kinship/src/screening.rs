//! Screening many remains against one family: per marker, the table
//! `T[g] = P(MP has g | references) / P(g | unrelated)` over every genotype g of the table's
//! alleles (and every half-typed `[a, null]`), so that a remains' LR is one lookup per typed
//! marker. Built once per family from the exact engine; the direct LR and the table route agree
//! to 1e-12 relative. With θ = 0 a table comes from two eliminations (P(references) and the
//! missing person's genotype distribution); with θ > 0 each entry is its genotype's exact LR.

use crate::allele::Genotype;
use crate::case::KinshipCase;
use crate::error::CaseError;
use crate::likelihood::{Evaluator, MarkerModel, TooLarge, hardy_weinberg, joint_with, likelihood};
use crate::lr::LikelihoodRatio;

/// One marker's table: `n·n` entries for typed genotypes (both orders), then `n` for `[a, null]`,
/// then one entry 1.0 for an untyped marker, so that scoring never branches.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkerTable {
    marker: String,
    n: usize,
    lr: Vec<f64>,
}

impl MarkerTable {
    /// The marker.
    pub fn marker(&self) -> &str {
        &self.marker
    }

    /// Number of alleles of the marker's table.
    pub fn alleles(&self) -> usize {
        self.n
    }

    /// The flat index of a genotype in this table; `None` (untyped) has an entry of LR 1.
    #[inline]
    pub fn index(&self, g: Option<Genotype>) -> u32 {
        let n = self.n;
        let i = match g {
            Some(g) => match g.second() {
                Some(s) => g.first() * n + s,
                None => n * n + g.first(),
            },
            None => n * n + n,
        };
        i as u32
    }

    /// The LR of a remains with genotype `g` at this marker.
    #[inline]
    pub fn lr(&self, g: Genotype) -> f64 {
        self.lr[self.index(Some(g)) as usize]
    }
}

/// All marker tables of one family, in the case's marker order.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyTables {
    markers: Vec<MarkerTable>,
}

impl FamilyTables {
    /// Builds the tables from a case's pedigree and references (its remains are ignored).
    /// With θ > 0 the remains' alleles join the founders' draws under H2, so H2 does not
    /// factorise into P(references) · P(g); but for fixed references the LR is still a function
    /// of g alone, and each entry is that genotype's exact θ likelihood ratio (slower to build).
    pub fn build(case: &KinshipCase) -> Result<Self, CaseError> {
        if case.theta() != 0.0 {
            return Self::build_theta(case);
        }
        let mp = case.pedigree().missing();
        let mut markers = Vec::with_capacity(case.markers().len());
        for m in case.markers() {
            let marker = m.table().marker().to_owned();
            let p = m.table().freqs();
            let n = p.len();
            let model = MarkerModel {
                freqs: p,
                paternal: m.paternal.as_ref(),
                maternal: m.maternal.as_ref(),
                lumpable: case.mutation().is_lumpable(),
                theta: 0.0,
            };
            let too_large = |TooLarge(work)| CaseError::TooComplex {
                marker: marker.clone(),
                work,
                hint: "the pedigree is too inbred for exact elimination".into(),
            };
            let mut persons = case.persons(m);
            persons[mp].evidence = None;
            let refs = likelihood(&model, &persons).map_err(too_large)?;
            if refs == 0.0 {
                return Err(CaseError::InconsistentReferences { marker });
            }
            let joint = joint_with(&model, &persons, mp).map_err(too_large)?;
            let mut lr = vec![1.0; n * n + n + 1];
            for a in 0..n {
                for b in 0..n {
                    let g = Genotype::typed(a, b);
                    let h1 = if a == b {
                        joint[a * n + a]
                    } else {
                        joint[a * n + b] + joint[b * n + a]
                    };
                    lr[a * n + b] = h1 / (refs * hardy_weinberg(g, p));
                }
                let mut h1 = 0.0;
                for x in 0..n {
                    for y in 0..n {
                        if x == a || y == a {
                            h1 += joint[x * n + y];
                        }
                    }
                }
                lr[n * n + a] = h1 / (refs * hardy_weinberg(Genotype::half_typed(a), p));
            }
            markers.push(MarkerTable { marker, n, lr });
        }
        Ok(Self { markers })
    }

    /// θ > 0: every entry is the exact per-marker LR of that genotype (typed genotypes once
    /// per unordered pair, then `[a, null]`), by the engine of `homeward kinship lr`.
    fn build_theta(case: &KinshipCase) -> Result<Self, CaseError> {
        let mut evaluator = Evaluator::new();
        let mut markers = Vec::with_capacity(case.markers().len());
        for m in case.markers() {
            let n = m.table().len();
            let mut mc = m.clone();
            let mut entry = |g: Genotype| -> Result<f64, CaseError> {
                mc.remains = Some(g);
                Ok(case.evaluate_marker_with(&mc, &mut evaluator)?.lr.value())
            };
            let mut lr = vec![1.0; n * n + n + 1];
            for b in 0..n {
                for a in 0..=b {
                    let v = entry(Genotype::typed(a, b))?;
                    lr[a * n + b] = v;
                    lr[b * n + a] = v;
                }
            }
            for a in 0..n {
                lr[n * n + a] = entry(Genotype::half_typed(a))?;
            }
            let marker = m.table().marker().to_owned();
            markers.push(MarkerTable { marker, n, lr });
        }
        Ok(Self { markers })
    }

    /// The per-marker tables.
    pub fn markers(&self) -> &[MarkerTable] {
        &self.markers
    }

    /// The LR of a remains given one genotype (or `None`, untyped) per marker, in order.
    pub fn score(&self, remains: &[Option<Genotype>]) -> LikelihoodRatio {
        let lr = self
            .markers
            .iter()
            .zip(remains)
            .map(|(t, g)| g.map_or(1.0, |g| t.lr(g)))
            .product();
        LikelihoodRatio::new(lr)
    }

    /// The LR of a remains given precomputed flat indices ([`MarkerTable::index`], one per
    /// marker in order): the inner loop of screening, one lookup per marker, no branches.
    #[inline]
    pub fn score_indices(&self, remains: &[u32]) -> f64 {
        self.markers
            .iter()
            .zip(remains)
            .map(|(t, &i)| t.lr[i as usize])
            .product()
    }
}
