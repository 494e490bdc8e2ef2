//! Simulating profiles on a pedigree (seeded, reproducible), for power studies, tests and the
//! bench: founders draw two alleles from the table (Hardy–Weinberg, θ = 0), each child receives
//! one of each parent's two alleles (½ each), passed through the parent's mutation matrix.
//!
//! `homeward kinship simulate CASE.json --seed S --replicates N [--unrelated]` is
//! [`simulate_cases`]: N copies of the case with every listed reference re-typed at the markers
//! it has, and the remains re-typed at every marker — as the missing person (H1 true) or as an
//! unrelated person (H2 true). Each copy is a CASE.json that `homeward kinship lr` accepts.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Map, Value, json};

use crate::case::KinshipCase;
use crate::error::CaseError;
use crate::mutation::MutationMatrix;
use crate::pedigree::ReferencePedigree;

/// Which hypothesis the simulated remains follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    /// The remains are the missing person (H1 true).
    MissingPerson,
    /// The remains are an unrelated person from the population (H2 true).
    Unrelated,
}

/// Draws allele indices from one marker's frequencies (which need not sum exactly to 1).
#[derive(Debug, Clone)]
pub struct AlleleSampler {
    cumulative: Vec<f64>,
}

impl AlleleSampler {
    /// A sampler for `freqs`.
    pub fn new(freqs: &[f64]) -> Self {
        let mut total = 0.0;
        let cumulative = freqs
            .iter()
            .map(|p| {
                total += p;
                total
            })
            .collect();
        Self { cumulative }
    }

    /// One allele.
    pub fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let u = rng.random::<f64>() * total;
        self.cumulative
            .partition_point(|&c| c <= u)
            .min(self.cumulative.len() - 1)
    }
}

/// The allele a child receives from a parent with alleles `(a, b)`.
fn transmit<R: Rng + ?Sized>(
    (a, b): (usize, usize),
    m: Option<&MutationMatrix>,
    rng: &mut R,
) -> usize {
    let x = if rng.random::<bool>() { a } else { b };
    let Some(m) = m else { return x };
    let row = &m.rows()[x * m.len()..(x + 1) * m.len()];
    let u = rng.random::<f64>() * row.iter().sum::<f64>();
    let mut acc = 0.0;
    for (z, &p) in row.iter().enumerate() {
        acc += p;
        if u < acc {
            return z;
        }
    }
    x
}

/// Ordered allele pairs (paternal, maternal) of every member of `pedigree` at one marker, in
/// pedigree order.
pub fn simulate_marker<R: Rng + ?Sized>(
    pedigree: &ReferencePedigree,
    sampler: &AlleleSampler,
    paternal: Option<&MutationMatrix>,
    maternal: Option<&MutationMatrix>,
    rng: &mut R,
    out: &mut Vec<(usize, usize)>,
) {
    out.clear();
    for ind in pedigree.individuals() {
        let pair = match ind.parents() {
            None => (sampler.draw(rng), sampler.draw(rng)),
            Some((f, m)) => (
                transmit(out[f], paternal, rng),
                transmit(out[m], maternal, rng),
            ),
        };
        out.push(pair);
    }
}

/// `replicates` simulated copies of a CASE.json (see the module documentation), seeded by
/// `seed`; the same input and seed give the same output.
pub fn simulate_cases(
    input: &str,
    seed: u64,
    replicates: usize,
    truth: Truth,
) -> Result<Vec<String>, CaseError> {
    let case = KinshipCase::from_json(input)?;
    if case.theta() != 0.0 {
        return Err(CaseError::InvalidParameter {
            name: "theta".into(),
            value: case.theta(),
            expected: "θ = 0 for simulation".into(),
        });
    }
    let mut value: Value = serde_json::from_str(input).map_err(|e| CaseError::Malformed {
        reason: e.to_string(),
    })?;
    let pedigree = case.pedigree();
    // Who is typed at which marker: the references as given (an empty profile: every marker).
    let listed: Vec<(String, Vec<String>)> = value
        .get("references")
        .and_then(Value::as_object)
        .map(|refs| {
            refs.iter()
                .map(|(id, p)| {
                    let markers: Vec<String> = p
                        .as_object()
                        .map(|o| o.keys().cloned().collect())
                        .unwrap_or_default();
                    (id.clone(), markers)
                })
                .collect()
        })
        .unwrap_or_default();
    let samplers: Vec<AlleleSampler> = case
        .markers()
        .iter()
        .map(|m| AlleleSampler::new(m.table.freqs()))
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pairs = Vec::new();
    let mut out = Vec::with_capacity(replicates);
    for _ in 0..replicates {
        let mut remains = Map::new();
        let mut refs: Vec<Map<String, Value>> = vec![Map::new(); listed.len()];
        for (m, sampler) in case.markers().iter().zip(&samplers) {
            let marker = m.table.marker();
            let names = m.table.names();
            simulate_marker(
                pedigree,
                sampler,
                m.paternal.as_ref(),
                m.maternal.as_ref(),
                &mut rng,
                &mut pairs,
            );
            for ((id, markers), map) in listed.iter().zip(refs.iter_mut()) {
                if markers.is_empty() || markers.iter().any(|k| k == marker) {
                    let i = pedigree.index_of(id).unwrap_or_default();
                    let (a, b) = pairs[i];
                    map.insert(marker.to_owned(), json!([names[a], names[b]]));
                }
            }
            let (a, b) = match truth {
                Truth::MissingPerson => pairs[pedigree.missing()],
                Truth::Unrelated => (sampler.draw(&mut rng), sampler.draw(&mut rng)),
            };
            remains.insert(marker.to_owned(), json!([names[a], names[b]]));
        }
        let references: Map<String, Value> = listed
            .iter()
            .zip(refs)
            .map(|((id, _), p)| (id.clone(), Value::Object(p)))
            .collect();
        if let Some(obj) = value.as_object_mut() {
            obj.insert("remains".into(), Value::Object(remains));
            obj.insert("references".into(), Value::Object(references));
        }
        out.push(value.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampler_follows_frequencies_and_is_seeded() {
        let s = AlleleSampler::new(&[0.1, 0.6, 0.3]);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut counts = [0usize; 3];
        for _ in 0..30_000 {
            counts[s.draw(&mut rng)] += 1;
        }
        assert!((counts[1] as f64 / 30_000.0 - 0.6).abs() < 0.02);
        let a: Vec<usize> = (0..5)
            .map(|_| s.draw(&mut ChaCha8Rng::seed_from_u64(9)))
            .collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
    }
}
