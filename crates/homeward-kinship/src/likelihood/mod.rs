//! The exact likelihood of one marker's typings on a pedigree: P(typings | pedigree, model).
//!
//! Each person carries two allele variables (paternal, maternal). Founders' alleles are drawn
//! from the table (independently, or jointly under θ); each child's paternal allele is one of the
//! father's two, picked with probability ½, then passed through the paternal mutation matrix
//! (likewise maternal). Typings restrict the variables. The sum over all variables is computed
//! exactly by variable elimination, after two exact reductions:
//! - untyped people with no typed descendants are removed (their alleles sum to one);
//! - with a lumpable mutation model, alleles no one carries are merged into one "other" allele
//!   whose frequency is their sum (exact for none, equal and proportional; and under θ, since
//!   the Dirichlet–multinomial draws aggregate).

mod arena;
mod factor;
mod fast;
mod lump;

pub use fast::{Evaluator, Unobserved};

use crate::allele::Genotype;
use crate::mutation::MutationMatrix;
use crate::theta::sampling_probability;
use factor::{Factor, WORK_LIMIT, combine, eliminate};

/// One person of a likelihood problem: parents (indices of earlier persons) and a typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    /// `(father, mother)`, both earlier in the list; `None` for a founder.
    pub parents: Option<(usize, usize)>,
    /// The typing at this marker, `None` when untyped.
    pub evidence: Option<Genotype>,
}

/// The population and transmission model of one marker.
#[derive(Debug, Clone, Copy)]
pub struct MarkerModel<'a> {
    /// Founder allele frequencies, in table order.
    pub freqs: &'a [f64],
    /// Transmission matrix from fathers (`None`: no mutation).
    pub paternal: Option<&'a MutationMatrix>,
    /// Transmission matrix from mothers (`None`: no mutation).
    pub maternal: Option<&'a MutationMatrix>,
    /// Whether unobserved alleles may be merged (see [`crate::MutationModel::is_lumpable`]).
    pub lumpable: bool,
    /// The Balding–Nichols θ (0 for independent founders).
    pub theta: f64,
}

/// The work estimate of a computation that was refused as too large.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TooLarge(pub f64);

/// P(all typings in `persons`) under `model`, exactly.
pub fn likelihood(model: &MarkerModel<'_>, persons: &[Person]) -> Result<f64, TooLarge> {
    let kept = prune(persons);
    if kept.is_empty() {
        return Ok(1.0);
    }
    if model.theta == 0.0
        && let Some(p) = founders_only(&kept.persons, model.freqs)
    {
        return Ok(p);
    }
    let lumped = lump::lump(model, &kept);
    let m = lumped.model();
    let problem = Problem::new(&m, &lumped.persons);
    if m.theta == 0.0 {
        let factors = problem.factors(true);
        let rest = eliminate(factors, &problem.dims, &vec![false; problem.dims.len()])
            .map_err(TooLarge)?;
        Ok(rest.iter().map(|f| f.data[0]).product())
    } else {
        problem.theta_likelihood(&m)
    }
}

/// P(all typings) when `persons` are unrelated founders only (θ = 0): a product of
/// Hardy–Weinberg terms, nothing to eliminate; `None` when anyone has parents.
fn founders_only(persons: &[Person], freqs: &[f64]) -> Option<f64> {
    persons.iter().all(|p| p.parents.is_none()).then(|| {
        persons
            .iter()
            .filter_map(|p| p.evidence)
            .map(|g| hardy_weinberg(g, freqs))
            .product()
    })
}

/// P(an unrelated person shows `g`) under Hardy–Weinberg; a half-typed `[a, null]` sums over
/// every allele of the table for the unknown one.
pub fn hardy_weinberg(g: Genotype, p: &[f64]) -> f64 {
    let a = p[g.first()];
    match g.second() {
        Some(s) if s == g.first() => a * a,
        Some(s) => 2.0 * a * p[s],
        None => {
            let total: f64 = p.iter().sum();
            2.0 * a * total - a * a
        }
    }
}

/// Unnormalised joint P(typings, person `target` has ordered alleles (x, y)) for every pair of
/// table alleles, row-major `x·n + y` (θ = 0 only; the full table, never lumped).
pub fn joint_with(
    model: &MarkerModel<'_>,
    persons: &[Person],
    target: usize,
) -> Result<Vec<f64>, TooLarge> {
    let n = model.freqs.len();
    let mut persons = persons.to_vec();
    persons[target].evidence = None;
    // Keep the target even if untyped: mark it by a temporary wildcard-free pruning.
    let kept = prune_keeping(&persons, Some(target));
    let mut full = *model;
    full.lumpable = false;
    let problem = Problem::new(&full, &kept.persons);
    let t = kept.index[target].unwrap_or(0);
    let factors = problem.factors(true);
    let mut keep = vec![false; problem.dims.len()];
    keep[2 * t] = true;
    keep[2 * t + 1] = true;
    let rest = eliminate(factors, &problem.dims, &keep).map_err(TooLarge)?;
    let refs: Vec<&Factor> = rest.iter().collect();
    let joint = combine(&refs, &[2 * t, 2 * t + 1], None, &problem.dims);
    debug_assert_eq!(joint.data.len(), n * n);
    Ok(joint.data)
}

/// Persons after pruning, with the map from old to new indices.
struct Kept {
    persons: Vec<Person>,
    index: Vec<Option<usize>>,
}

impl Kept {
    fn is_empty(&self) -> bool {
        self.persons.is_empty()
    }
}

fn prune(persons: &[Person]) -> Kept {
    prune_keeping(persons, None)
}

/// Drops untyped people without typed descendants (one backward pass: parents come first).
fn prune_keeping(persons: &[Person], also: Option<usize>) -> Kept {
    let mut keep: Vec<bool> = persons.iter().map(|p| p.evidence.is_some()).collect();
    if let Some(t) = also {
        keep[t] = true;
    }
    for i in (0..persons.len()).rev() {
        if keep[i]
            && let Some((f, m)) = persons[i].parents
        {
            keep[f] = true;
            keep[m] = true;
        }
    }
    let mut index = vec![None; persons.len()];
    let mut out = Vec::new();
    for (i, p) in persons.iter().enumerate() {
        if keep[i] {
            index[i] = Some(out.len());
            out.push(Person {
                parents: p.parents.map(|(f, m)| {
                    (
                        index[f].expect("parents precede children"),
                        index[m].expect("parents precede children"),
                    )
                }),
                evidence: p.evidence,
            });
        }
    }
    Kept {
        persons: out,
        index,
    }
}

/// Variables and domains of one (pruned, lumped) problem: person i has variables 2i and 2i + 1.
struct Problem<'p> {
    persons: &'p [Person],
    freqs: &'p [f64],
    paternal: Option<&'p MutationMatrix>,
    maternal: Option<&'p MutationMatrix>,
    domains: Vec<Vec<usize>>,
    dims: Vec<usize>,
}

impl<'p> Problem<'p> {
    fn new(model: &MarkerModel<'p>, persons: &'p [Person]) -> Self {
        let n = model.freqs.len();
        let mut domains = Vec::with_capacity(2 * persons.len());
        for p in persons {
            let d: Vec<usize> = match p.evidence {
                Some(g) => match g.second() {
                    Some(s) if s == g.first() => vec![s],
                    Some(s) => vec![g.first(), s],
                    None => (0..n).collect(),
                },
                None => (0..n).collect(),
            };
            domains.push(d.clone());
            domains.push(d);
        }
        let dims = domains.iter().map(Vec::len).collect();
        Self {
            persons,
            freqs: model.freqs,
            paternal: model.paternal,
            maternal: model.maternal,
            domains,
            dims,
        }
    }

    /// Transmission, typing and (if `with_priors`) founder factors.
    fn factors(&self, with_priors: bool) -> Vec<Factor> {
        let mut out = Vec::with_capacity(3 * self.persons.len());
        for (i, p) in self.persons.iter().enumerate() {
            let (pv, mv) = (2 * i, 2 * i + 1);
            match p.parents {
                None if with_priors => {
                    for v in [pv, mv] {
                        let data = self.domains[v].iter().map(|&x| self.freqs[x]).collect();
                        out.push(Factor {
                            vars: vec![v],
                            data,
                        });
                    }
                }
                None => {}
                Some((f, m)) => {
                    out.push(self.transmission(f, pv, self.paternal));
                    out.push(self.transmission(m, mv, self.maternal));
                }
            }
            if let Some(g) = p.evidence
                && self.dims[pv] * self.dims[mv] > 1
            {
                let mut data = Vec::with_capacity(self.dims[pv] * self.dims[mv]);
                for &x in &self.domains[pv] {
                    for &y in &self.domains[mv] {
                        data.push(if g.matches(x, y) { 1.0 } else { 0.0 });
                    }
                }
                out.push(Factor {
                    vars: vec![pv, mv],
                    data,
                });
            }
        }
        out
    }

    /// Factor over (parent's paternal, parent's maternal, child's allele variable).
    fn transmission(&self, parent: usize, child_var: usize, m: Option<&MutationMatrix>) -> Factor {
        let (a, b) = (2 * parent, 2 * parent + 1);
        let t = |from: usize, to: usize| match m {
            Some(m) => m.get(from, to),
            None => f64::from(u8::from(from == to)),
        };
        let mut data = Vec::with_capacity(self.dims[a] * self.dims[b] * self.dims[child_var]);
        for &x in &self.domains[a] {
            for &y in &self.domains[b] {
                for &z in &self.domains[child_var] {
                    data.push(0.5 * (t(x, z) + t(y, z)));
                }
            }
        }
        Factor {
            vars: vec![a, b, child_var],
            data,
        }
    }

    /// θ > 0: eliminate everything but the founders' alleles, then weigh each founder allele
    /// assignment by the joint sampling formula.
    fn theta_likelihood(&self, model: &MarkerModel<'_>) -> Result<f64, TooLarge> {
        let founder_vars: Vec<usize> = self
            .persons
            .iter()
            .enumerate()
            .filter(|(_, p)| p.parents.is_none())
            .flat_map(|(i, _)| [2 * i, 2 * i + 1])
            .collect();
        let table: f64 = founder_vars.iter().map(|&v| self.dims[v] as f64).product();
        if table > WORK_LIMIT {
            return Err(TooLarge(table));
        }
        let mut keep = vec![false; self.dims.len()];
        for &v in &founder_vars {
            keep[v] = true;
        }
        let rest = eliminate(self.factors(false), &self.dims, &keep).map_err(TooLarge)?;
        let refs: Vec<&Factor> = rest.iter().collect();
        let joint = combine(&refs, &founder_vars, None, &self.dims);
        let mut counts = vec![0u32; model.freqs.len()];
        let mut counter = vec![0usize; founder_vars.len()];
        let mut alleles = vec![0usize; founder_vars.len()];
        let mut total = 0.0;
        for &value in &joint.data {
            if value != 0.0 {
                for (k, &v) in founder_vars.iter().enumerate() {
                    alleles[k] = self.domains[v][counter[k]];
                }
                total +=
                    value * sampling_probability(&alleles, model.freqs, model.theta, &mut counts);
            }
            let mut d = counter.len();
            while d > 0 {
                d -= 1;
                counter[d] += 1;
                if counter[d] < self.dims[founder_vars[d]] {
                    break;
                }
                counter[d] = 0;
            }
        }
        Ok(total)
    }
}
