//! Merging the alleles that no typed person carries into one "other" allele — exact when the
//! mutation model is strongly lumpable (none, equal, proportional), and the main reason a
//! marker with 50 alleles costs no more than one with 5.

use std::borrow::Cow;

use super::{Kept, MarkerModel, Person};
use crate::mutation::MutationMatrix;

/// A problem over possibly merged alleles.
pub(super) struct Lumped<'a> {
    freqs: Cow<'a, [f64]>,
    paternal: Option<Cow<'a, MutationMatrix>>,
    maternal: Option<Cow<'a, MutationMatrix>>,
    theta: f64,
    pub persons: Vec<Person>,
}

impl Lumped<'_> {
    /// The model over the merged alleles.
    pub fn model(&self) -> MarkerModel<'_> {
        MarkerModel {
            freqs: &self.freqs,
            paternal: self.paternal.as_deref(),
            maternal: self.maternal.as_deref(),
            lumpable: false,
            theta: self.theta,
        }
    }
}

/// Merges unobserved alleles when allowed and worthwhile (two or more of them).
pub(super) fn lump<'a>(model: &MarkerModel<'a>, kept: &Kept) -> Lumped<'a> {
    let n = model.freqs.len();
    let mut map: Vec<Option<usize>> = vec![None; n];
    let mut observed: Vec<usize> = Vec::new();
    for g in kept.persons.iter().filter_map(|p| p.evidence) {
        for a in [Some(g.first()), g.second()].into_iter().flatten() {
            if map[a].is_none() {
                map[a] = Some(observed.len());
                observed.push(a);
            }
        }
    }
    let others: Vec<usize> = (0..n).filter(|&a| map[a].is_none()).collect();
    if !model.lumpable || others.len() < 2 {
        return Lumped {
            freqs: Cow::Borrowed(model.freqs),
            paternal: model.paternal.map(Cow::Borrowed),
            maternal: model.maternal.map(Cow::Borrowed),
            theta: model.theta,
            persons: kept.persons.clone(),
        };
    }
    let k = observed.len();
    let other = k;
    let mut freqs: Vec<f64> = observed.iter().map(|&a| model.freqs[a]).collect();
    freqs.push(others.iter().map(|&a| model.freqs[a]).sum());
    let lump_matrix = |m: &MutationMatrix| {
        // Rows of merged alleles are alike; the first one stands for them all.
        let rep = others[0];
        let mut data = Vec::with_capacity((k + 1) * (k + 1));
        for &from in observed.iter().chain(std::iter::once(&rep)) {
            data.extend(observed.iter().map(|&to| m.get(from, to)));
            data.push(others.iter().map(|&to| m.get(from, to)).sum());
        }
        MutationMatrix::from_rows(k + 1, data)
    };
    let relabel = |a: usize| map[a].unwrap_or(other);
    let persons = kept
        .persons
        .iter()
        .map(|p| Person {
            parents: p.parents,
            evidence: p.evidence.map(|g| g.map(relabel)),
        })
        .collect();
    Lumped {
        freqs: Cow::Owned(freqs),
        paternal: model.paternal.map(|m| Cow::Owned(lump_matrix(m))),
        maternal: model.maternal.map(|m| Cow::Owned(lump_matrix(m))),
        theta: model.theta,
        persons,
    }
}
