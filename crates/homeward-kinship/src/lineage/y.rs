//! Y-STR haplotypes: locus-by-locus comparison (matches, step differences), counting in a
//! database, and the LR for a paternal-line relative k meioses away under a per-locus
//! single-step mutation model (each meiosis: unchanged with 1 − μ, one repeat up or down with
//! μ/2 each).

use super::HaplotypeFrequency;
use crate::allele::allele_number;
use crate::error::CaseError;

/// A Y-STR haplotype: per locus, its allele values (several for multi-copy loci such as
/// `DYS385` = `11,14`, kept sorted).
#[derive(Debug, Clone, PartialEq)]
pub struct YHaplotype {
    loci: Vec<(String, Vec<f64>)>,
}

impl YHaplotype {
    /// A haplotype from `(locus, alleles)` pairs, alleles as written (`"14"`, `"11,14"`,
    /// `"22.2"`); an empty allele string means untyped (the locus is left out).
    pub fn new<'a>(loci: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, CaseError> {
        let mut out: Vec<(String, Vec<f64>)> = Vec::new();
        for (locus, alleles) in loci {
            if alleles.trim().is_empty() {
                continue;
            }
            if out.iter().any(|(l, _)| l == locus) {
                return Err(CaseError::Malformed {
                    reason: format!("Y-STR locus `{locus}` is given twice"),
                });
            }
            let mut values = alleles
                .split([',', '/'])
                .map(|a| {
                    allele_number(a).ok_or_else(|| CaseError::NonNumericAllele {
                        marker: locus.to_owned(),
                        allele: a.trim().to_owned(),
                    })
                })
                .collect::<Result<Vec<f64>, _>>()?;
            values.sort_by(f64::total_cmp);
            out.push((locus.to_owned(), values));
        }
        Ok(Self { loci: out })
    }

    /// The typed loci with their alleles (sorted; several for a multi-copy locus).
    pub fn typed(&self) -> impl Iterator<Item = (&str, &[f64])> {
        self.loci.iter().map(|(l, v)| (l.as_str(), v.as_slice()))
    }

    /// The typed loci.
    pub fn loci(&self) -> impl Iterator<Item = &str> {
        self.loci.iter().map(|(l, _)| l.as_str())
    }

    /// The haplotype at `loci` only.
    pub fn restricted_to(&self, loci: &[&str]) -> Self {
        Self {
            loci: self
                .loci
                .iter()
                .filter(|(l, _)| loci.contains(&l.as_str()))
                .cloned()
                .collect(),
        }
    }

    fn get(&self, locus: &str) -> Option<&[f64]> {
        self.loci
            .iter()
            .find(|(l, _)| l == locus)
            .map(|(_, v)| v.as_slice())
    }
}

/// How two haplotypes differ at one locus typed in both.
#[derive(Debug, Clone, PartialEq)]
pub struct YLocusDifference {
    /// The locus.
    pub locus: String,
    /// Total repeat steps between them, `None` when not a whole number of repeats (a
    /// microvariant against an integer) or a different copy number: not a stepwise change.
    pub steps: Option<u32>,
}

/// The comparison of two haplotypes over the loci typed in both.
#[derive(Debug, Clone, PartialEq)]
pub struct YComparison {
    /// Loci typed in both.
    pub compared: usize,
    /// Of those, identical.
    pub matches: usize,
    /// The others.
    pub differences: Vec<YLocusDifference>,
}

/// Compares two haplotypes locus by locus (only loci typed in both).
pub fn compare(a: &YHaplotype, b: &YHaplotype) -> YComparison {
    let mut out = YComparison {
        compared: 0,
        matches: 0,
        differences: Vec::new(),
    };
    for (locus, x) in &a.loci {
        let Some(y) = b.get(locus) else { continue };
        out.compared += 1;
        if x.as_slice() == y {
            out.matches += 1;
            continue;
        }
        let steps = (x.len() == y.len())
            .then(|| x.iter().zip(y).map(|(p, q)| (p - q).abs()).sum::<f64>())
            .filter(|d| (d - d.round()).abs() < 1e-9)
            .map(|d| d.round() as u32);
        out.differences.push(YLocusDifference {
            locus: locus.clone(),
            steps,
        });
    }
    out
}

/// Counts the database haplotypes identical to `query` at every locus of `query` (a database
/// haplotype lacking one of them does not count), as a [`HaplotypeFrequency`] over the whole
/// database.
pub fn count(query: &YHaplotype, database: &[YHaplotype]) -> HaplotypeFrequency {
    let hits = database
        .iter()
        .filter(|d| {
            query
                .loci
                .iter()
                .all(|(l, v)| d.get(l) == Some(v.as_slice()))
        })
        .count();
    HaplotypeFrequency {
        count: hits as u64,
        database_size: database.len() as u64,
    }
}

/// P(net change of `steps` repeats after `meioses` meioses) for one locus (copy) with rate `mu`.
pub fn step_probability(steps: i64, meioses: u32, mu: f64) -> f64 {
    let k = meioses as usize;
    // dist[j] = P(net change j − k).
    let mut dist = vec![0.0; 2 * k + 1];
    dist[k] = 1.0;
    for _ in 0..k {
        let mut next = vec![0.0; 2 * k + 1];
        for (j, &p) in dist.iter().enumerate().filter(|(_, p)| **p != 0.0) {
            next[j] += p * (1.0 - mu);
            if j > 0 {
                next[j - 1] += p * mu / 2.0;
            }
            if j + 1 < next.len() {
                next[j + 1] += p * mu / 2.0;
            }
        }
        dist = next;
    }
    let idx = steps + k as i64;
    if idx < 0 || idx >= dist.len() as i64 {
        0.0
    } else {
        dist[idx as usize]
    }
}

/// The LR that `remains` comes from a paternal-line relative `meioses` meioses away from
/// `reference`, against an unrelated man: over the loci typed in both, Π P(observed change |
/// meioses, μ_locus), divided by the haplotype's population `frequency` (use
/// [`HaplotypeFrequency::upper_95`] for a conservative value). `rate(locus)` gives μ per
/// meiosis. The copies of a multi-copy locus change independently (a difference is put on one
/// copy); a non-stepwise difference gives 0 (exclusion).
pub fn paternal_lr(
    reference: &YHaplotype,
    remains: &YHaplotype,
    meioses: u32,
    rate: &dyn Fn(&str) -> f64,
    frequency: f64,
) -> f64 {
    let comparison = compare(reference, remains);
    let mut h1 = 1.0;
    for (locus, values) in &reference.loci {
        if remains.get(locus).is_none() {
            continue;
        }
        let copies = values.len() as i32;
        let stay = step_probability(0, meioses, rate(locus));
        match comparison.differences.iter().find(|d| &d.locus == locus) {
            None => h1 *= stay.powi(copies),
            Some(YLocusDifference { steps: None, .. }) => return 0.0,
            Some(YLocusDifference { steps: Some(s), .. }) => {
                h1 *= step_probability(i64::from(*s), meioses, rate(locus)) * stay.powi(copies - 1);
            }
        }
    }
    h1 / frequency
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hap(pairs: &[(&str, &str)]) -> YHaplotype {
        YHaplotype::new(pairs.iter().copied()).unwrap()
    }

    #[test]
    fn comparison_counts_matches_and_steps() {
        let a = hap(&[
            ("DYS19", "14"),
            ("DYS385", "11,14"),
            ("DYS390", "24"),
            ("DYS391", ""),
        ]);
        let b = hap(&[
            ("DYS19", "15"),
            ("DYS385", "14,11"),
            ("DYS390", "22.2"),
            ("DYS391", "10"),
        ]);
        let c = compare(&a, &b);
        assert_eq!((c.compared, c.matches), (3, 1));
        assert_eq!(c.differences[0].steps, Some(1));
        assert_eq!(c.differences[1].steps, None);
    }

    #[test]
    fn step_probabilities_sum_to_one_and_match_closed_forms() {
        let mu = 0.003;
        let total: f64 = (-3..=3).map(|d| step_probability(d, 3, mu)).sum();
        assert!((total - 1.0).abs() < 1e-15);
        assert!((step_probability(0, 1, mu) - (1.0 - mu)).abs() < 1e-15);
        assert!((step_probability(1, 2, mu) - 2.0 * (1.0 - mu) * mu / 2.0).abs() < 1e-15);
    }

    #[test]
    fn father_son_match_lr_is_survival_over_frequency() {
        let a = hap(&[("DYS19", "14"), ("DYS390", "24")]);
        let c = compare(&a, &a);
        let f = count(&a, &[a.clone(), hap(&[("DYS19", "15"), ("DYS390", "24")])]);
        assert_eq!((f.count, f.database_size), (1, 2));
        let lr = paternal_lr(&a, &a, 1, &|_| 0.002, 0.01);
        assert_eq!(c.matches, 2);
        assert!((lr - 0.998f64.powi(2) / 0.01).abs() < 1e-9);
    }
}
