//! The fast path of the exact likelihood at θ = 0: the same variable elimination as the general
//! engine (same pruning, same lumping, a greedy order chosen once per typing pattern and reused
//! across markers), run in one reusable scratch arena so that a warm [`Evaluator`] allocates
//! nothing per marker. One further exact reduction: an untyped
//! founder with a single kept child is a plain allele source — the child receives allele z with
//! weight Σp·Σₓ pₓ·M[x, z] — so its two allele variables never enter the elimination.

use super::arena::{Eff, NO_TARGET, Ve};
use super::{MarkerModel, Person, TooLarge};

/// Reusable scratch for exact likelihoods at θ = 0; one per thread, reused across markers and
/// cases. Results equal [`super::likelihood`] up to floating-point rounding.
#[derive(Debug, Default)]
pub struct Evaluator {
    lump: Lump,
    ve: Ve,
    small: Vec<f64>,
    weights: Vec<f64>,
    lumped: Vec<usize>,
}

/// The model after merging unobserved alleles (or the original one, borrowed).
#[derive(Debug, Default)]
struct Lump {
    map: Vec<u16>,
    observed: Vec<usize>,
    others: Vec<usize>,
    freqs: Vec<f64>,
}

impl Evaluator {
    /// A fresh evaluator (its buffers grow on first use).
    pub fn new() -> Self {
        Self::default()
    }

    /// P(all typings in `persons`) under `model`, exactly; θ > 0 and very large pedigrees go to
    /// the general engine.
    pub fn likelihood(
        &mut self,
        model: &MarkerModel<'_>,
        persons: &[Person],
    ) -> Result<f64, TooLarge> {
        if model.theta != 0.0 || 2 * persons.len() > 64 {
            return super::likelihood(model, persons);
        }
        self.ve.prune(persons, NO_TARGET);
        let ve = &mut self.ve;
        if ve.persons.is_empty() {
            return Ok(1.0);
        }
        if let Some(p) = super::founders_only(&ve.persons, model.freqs) {
            return Ok(p);
        }
        let eff = self.lump.prepare(model, &mut ve.persons);
        ve.run(&eff, NO_TARGET)?;
        Ok(ve.finish_scalar())
    }

    /// Unnormalised joint P(typings, person `target` has ordered alleles (x, y)) over the full
    /// table, row-major `x·n + y`, written into `out` (θ = 0; the target's own typing is
    /// ignored). See [`Unobserved`] for when the alleles nobody carries may be merged.
    pub fn joint_with(
        &mut self,
        model: &MarkerModel<'_>,
        persons: &[Person],
        target: usize,
        unobserved: Unobserved,
        out: &mut Vec<f64>,
    ) -> Result<(), TooLarge> {
        if 2 * persons.len() > 64 {
            *out = super::joint_with(model, persons, target)?;
            return Ok(());
        }
        self.ve.prune(persons, target);
        let n = model.freqs.len();
        let t = self.ve.index[target] as usize;
        self.ve.persons[t].evidence = None;
        if unobserved == Unobserved::SplitByFrequency && model.lumpable {
            let eff = self.lump.prepare(model, &mut self.ve.persons);
            let k1 = eff.n;
            if k1 < n {
                let p_other = eff.freqs[k1 - 1];
                self.ve.run(&eff, t)?;
                self.ve.finish_joint(t, &mut self.small);
                self.weights.clear();
                self.lumped.clear();
                for (x, &l) in self.lump.map.iter().enumerate() {
                    if l == u16::MAX {
                        self.lumped.push(k1 - 1);
                        self.weights.push(model.freqs[x] / p_other);
                    } else {
                        self.lumped.push(usize::from(l));
                        self.weights.push(1.0);
                    }
                }
                out.clear();
                for x in 0..n {
                    let row = &self.small[self.lumped[x] * k1..(self.lumped[x] + 1) * k1];
                    let wx = self.weights[x];
                    out.extend(
                        self.lumped
                            .iter()
                            .zip(&self.weights)
                            .map(|(&ly, &wy)| row[ly] * wx * wy),
                    );
                }
                return Ok(());
            }
        }
        self.ve.run(&Eff::distinct(model), t)?;
        self.ve.finish_joint(t, out);
        Ok(())
    }
}

/// Whether [`Evaluator::joint_with`] may merge the alleles nobody carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unobserved {
    /// Merge them, then share the merged allele's probability among them by frequency. Exact
    /// when the target is not inbred (its two alleles descend from different founders) and any
    /// mutation lands by frequency (none, proportional): an allele nobody carries then owes its
    /// identity to one draw from the table, independently for the two alleles.
    SplitByFrequency,
    /// Keep every allele distinct (any model, any pedigree; costlier for large tables).
    Distinct,
}

impl Lump {
    /// Merges unobserved alleles when allowed and worthwhile, relabelling `persons`.
    fn prepare<'a>(&'a mut self, model: &MarkerModel<'a>, persons: &mut [Person]) -> Eff<'a> {
        let n = model.freqs.len();
        let original = Eff::distinct(model);
        if !model.lumpable || n > usize::from(u16::MAX) {
            return original;
        }
        const OTHER: u16 = u16::MAX;
        self.map.clear();
        self.map.resize(n, OTHER);
        self.observed.clear();
        for g in persons.iter().filter_map(|p| p.evidence) {
            for a in [Some(g.first()), g.second()].into_iter().flatten() {
                if self.map[a] == OTHER {
                    self.map[a] = self.observed.len() as u16;
                    self.observed.push(a);
                }
            }
        }
        let k = self.observed.len();
        if n - k < 2 {
            return original;
        }
        let map = &self.map;
        let relabel = |a: usize| match map[a] {
            OTHER => k,
            i => usize::from(i),
        };
        for p in persons.iter_mut() {
            p.evidence = p.evidence.map(|g| g.map(relabel));
        }
        self.freqs.clear();
        self.freqs
            .extend(self.observed.iter().map(|&a| model.freqs[a]));
        self.others.clear();
        self.others.extend((0..n).filter(|&a| map[a] == OTHER));
        let rest: f64 = self.others.iter().map(|&a| model.freqs[a]).sum();
        self.freqs.push(rest);
        Eff {
            n: k + 1,
            freqs: &self.freqs,
            pat: model.paternal.map(|m| m.rows()),
            mat: model.maternal.map(|m| m.rows()),
            full: n,
            observed: &self.observed,
            others: &self.others,
        }
    }
}
