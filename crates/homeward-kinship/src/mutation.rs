//! Mutation models (equal, proportional, stepwise, none) with separate female and male rates,
//! turned into per-marker transition matrices over the marker's full allele list.

use crate::allele::{allele_number, microvariant_group};
use crate::error::CaseError;
use crate::frequencies::AlleleFrequencies;
use crate::pedigree::Sex;

/// A mutation rate for maternal (female) and paternal (male) transmissions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SexRates {
    /// Rate of maternal transmissions.
    pub female: f64,
    /// Rate of paternal transmissions.
    pub male: f64,
}

impl SexRates {
    /// The same rate for both sexes.
    pub fn both(rate: f64) -> Self {
        Self {
            female: rate,
            male: rate,
        }
    }

    /// The rate of transmissions from a parent of this sex.
    pub fn of(&self, sex: Sex) -> f64 {
        match sex {
            Sex::Female => self.female,
            Sex::Male => self.male,
        }
    }
}

/// How an allele may change from parent to child.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum MutationModel {
    /// No mutation: the transmitted allele is the parent's.
    #[default]
    None,
    /// Keep with 1 − r, move to each of the other n − 1 alleles with r / (n − 1).
    Equal {
        /// The rate r.
        rate: SexRates,
    },
    /// M = (1 − a)·I + a·𝟙pᵀ with a = r / Σᵢ pᵢ(1 − pᵢ): mutations land by frequency.
    Proportional {
        /// The rate r.
        rate: SexRates,
    },
    /// Steps within a microvariant group weighted by range^|Δ|, plus rate2 across groups.
    Stepwise {
        /// Total rate of moves within the allele's group.
        rate: SexRates,
        /// Total rate of moves to other groups.
        rate2: SexRates,
        /// Decay per step (0 < range < 1 in practice).
        range: f64,
    },
}

/// A row-major transition matrix `m[from·n + to]` over one marker's alleles.
#[derive(Debug, Clone, PartialEq)]
pub struct MutationMatrix {
    n: usize,
    data: Vec<f64>,
}

impl MutationMatrix {
    /// Number of alleles.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether the matrix has no alleles.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Probability that `from` is received as `to`.
    #[inline]
    pub fn get(&self, from: usize, to: usize) -> f64 {
        self.data[from * self.n + to]
    }

    /// The rows, concatenated (`from·n + to`).
    pub(crate) fn rows(&self) -> &[f64] {
        &self.data
    }

    /// A matrix from its rows (used by the lumping of alleles and by tests).
    pub fn from_rows(n: usize, data: Vec<f64>) -> Self {
        assert_eq!(data.len(), n * n, "mutation matrix must be n × n");
        Self { n, data }
    }
}

impl MutationModel {
    /// Whether alleles that no one carries can be merged into one without changing any
    /// likelihood (strong lumpability: equal and proportional rows are alike outside the
    /// diagonal). Stepwise depends on allele values and is never lumped.
    pub fn is_lumpable(&self) -> bool {
        !matches!(self, MutationModel::Stepwise { .. })
    }

    /// Checks rates and range.
    pub fn validate(&self) -> Result<(), CaseError> {
        let check = |name: &str, r: f64| {
            if (0.0..=1.0).contains(&r) {
                Ok(())
            } else {
                Err(CaseError::InvalidParameter {
                    name: name.to_owned(),
                    value: r,
                    expected: "0 ≤ rate ≤ 1".to_owned(),
                })
            }
        };
        match self {
            MutationModel::None => Ok(()),
            MutationModel::Equal { rate } | MutationModel::Proportional { rate } => {
                check("mutation.rate.female", rate.female)?;
                check("mutation.rate.male", rate.male)
            }
            MutationModel::Stepwise { rate, rate2, range } => {
                check("mutation.rate.female", rate.female)?;
                check("mutation.rate.male", rate.male)?;
                check("mutation.rate2.female", rate2.female)?;
                check("mutation.rate2.male", rate2.male)?;
                if rate.female + rate2.female > 1.0 || rate.male + rate2.male > 1.0 {
                    return Err(CaseError::InvalidParameter {
                        name: "mutation.rate + mutation.rate2".to_owned(),
                        value: (rate.female + rate2.female).max(rate.male + rate2.male),
                        expected: "rate + rate2 ≤ 1".to_owned(),
                    });
                }
                if range.is_finite() && *range > 0.0 {
                    Ok(())
                } else {
                    Err(CaseError::InvalidParameter {
                        name: "mutation.range".to_owned(),
                        value: *range,
                        expected: "range > 0".to_owned(),
                    })
                }
            }
        }
    }

    /// The transition matrix for transmissions from a parent of `sex`, or `None` when nothing
    /// can mutate (no model, or a zero rate): the engine then uses the identity exactly.
    pub fn matrix(
        &self,
        table: &AlleleFrequencies,
        sex: Sex,
    ) -> Result<Option<MutationMatrix>, CaseError> {
        let n = table.len();
        let p = table.freqs();
        let mut data = vec![0.0; n * n];
        match self {
            MutationModel::None => return Ok(None),
            MutationModel::Equal { rate } => {
                let r = rate.of(sex);
                if r == 0.0 || n < 2 {
                    return Ok(None);
                }
                let off = r / (n - 1) as f64;
                for i in 0..n {
                    for j in 0..n {
                        data[i * n + j] = if i == j { 1.0 - r } else { off };
                    }
                }
            }
            MutationModel::Proportional { rate } => {
                let r = rate.of(sex);
                let het: f64 = p.iter().map(|x| x * (1.0 - x)).sum();
                if r == 0.0 || het == 0.0 {
                    return Ok(None);
                }
                let a = r / het;
                for i in 0..n {
                    for j in 0..n {
                        let keep = if i == j { 1.0 - a } else { 0.0 };
                        data[i * n + j] = keep + a * p[j];
                    }
                }
            }
            MutationModel::Stepwise { rate, rate2, range } => {
                let (r, r2) = (rate.of(sex), rate2.of(sex));
                if r == 0.0 && r2 == 0.0 {
                    return Ok(None);
                }
                let values = table
                    .names()
                    .iter()
                    .map(|a| {
                        allele_number(a).ok_or_else(|| CaseError::NonNumericAllele {
                            marker: table.marker().to_owned(),
                            allele: a.clone(),
                        })
                    })
                    .collect::<Result<Vec<f64>, _>>()?;
                let groups: Vec<i64> = values.iter().map(|&x| microvariant_group(x)).collect();
                for i in 0..n {
                    let same: Vec<usize> = (0..n).filter(|&j| groups[j] == groups[i]).collect();
                    let group_size = same.len();
                    let weights: Vec<f64> = same
                        .iter()
                        .map(|&j| {
                            if j == i {
                                0.0
                            } else {
                                range.powf((values[i] - values[j]).abs())
                            }
                        })
                        .collect();
                    let total: f64 = weights.iter().sum();
                    let alone = group_size == 1;
                    let everyone = group_size == n;
                    for (&j, w) in same.iter().zip(&weights) {
                        if j != i && total > 0.0 {
                            data[i * n + j] = r * w / total;
                        }
                    }
                    if !everyone {
                        let across = r2 / (n - group_size) as f64;
                        for j in 0..n {
                            if groups[j] != groups[i] {
                                data[i * n + j] = across;
                            }
                        }
                    }
                    data[i * n + i] = match (alone, everyone) {
                        (true, true) => 1.0,
                        (false, true) => 1.0 - r,
                        (true, false) => 1.0 - r2,
                        (false, false) => 1.0 - r - r2,
                    };
                }
            }
        }
        Ok(Some(MutationMatrix { n, data }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(names: &[&str]) -> AlleleFrequencies {
        let f = 1.0 / names.len() as f64;
        AlleleFrequencies::new("M1", names.iter().map(|n| ((*n).to_owned(), f)).collect()).unwrap()
    }

    #[test]
    fn stepwise_rows_follow_the_issue_rule() {
        let t = table(&["9", "10", "12", "9.3"]);
        let model = MutationModel::Stepwise {
            rate: SexRates::both(0.01),
            rate2: SexRates::both(0.001),
            range: 0.5,
        };
        let m = model.matrix(&t, Sex::Male).unwrap().unwrap();
        // From 10: neighbours 9 (weight .5) and 12 (weight .25) share 0.01.
        assert!((m.get(1, 0) - 0.01 * 0.5 / 0.75).abs() < 1e-15);
        assert!((m.get(1, 2) - 0.01 * 0.25 / 0.75).abs() < 1e-15);
        assert!((m.get(1, 3) - 0.001).abs() < 1e-15);
        assert!((m.get(1, 1) - (1.0 - 0.011)).abs() < 1e-15);
        // 9.3 is alone in its group: keeps 1 − rate2, spreads rate2 over the three others.
        assert!((m.get(3, 3) - 0.999).abs() < 1e-15);
        assert!((m.get(3, 0) - 0.001 / 3.0).abs() < 1e-15);
        for i in 0..4 {
            let s: f64 = (0..4).map(|j| m.get(i, j)).sum();
            assert!((s - 1.0).abs() < 1e-14);
        }
    }

    #[test]
    fn sex_specific_equal_rates() {
        let t = table(&["1", "2", "3"]);
        let model = MutationModel::Equal {
            rate: SexRates {
                female: 0.001,
                male: 0.005,
            },
        };
        let f = model.matrix(&t, Sex::Female).unwrap().unwrap();
        let m = model.matrix(&t, Sex::Male).unwrap().unwrap();
        assert_eq!(f.get(0, 1), 0.0005);
        assert_eq!(m.get(0, 1), 0.0025);
        assert_eq!(m.get(2, 2), 0.995);
    }
}
