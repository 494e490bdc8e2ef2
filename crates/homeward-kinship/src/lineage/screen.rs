//! Lineage screening at scale: the remains' Y-STR haplotypes and mtDNA profiles against every
//! family's references on the missing person's paternal or maternal line, through an index
//! rather than a scan of every pair.
//!
//! - [`line_meioses`] says whether a reference shares the missing person's line, and how many
//!   meioses apart (a brother's son is 3 on the paternal line; a sister's son 3 on the maternal
//!   one; a sister's son is on no paternal line).
//! - [`YIndex`] is an inverted index from (locus, alleles) to references: a query counts, per
//!   reference, the loci where they agree, and only references that can still be within
//!   `max_differences` over at least `min_compared` loci (agreements ≥ min_compared −
//!   max_differences) are compared in full (all of them when that bound is 0). It answers
//!   exactly what a scan answers (tested).
//! - [`MtIndex`] groups references by identical profile, so each distinct profile is compared
//!   once.
//! - [`screen_y`] and [`screen_mt`] give each remains' candidates with the paternal or maternal
//!   LR ([`super::y::paternal_lr`], [`super::mt::maternal_lr`]) at the haplotype's counted
//!   frequency's 95% upper bound in the given database.

use std::collections::HashMap;

use super::mt::{self, MtProfile};
use super::y::{self, YHaplotype};
use crate::pedigree::{PedigreeEntry, Sex};

/// The line a lineage marker travels on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// Father to son: Y-STR.
    Paternal,
    /// Mother to child: mtDNA.
    Maternal,
}

/// `id` and its ancestors along `line`, each with its distance (0 for `id`).
fn line_of<'a>(entries: &'a [PedigreeEntry], id: &'a str, line: Line) -> Vec<(&'a str, u32)> {
    let mut out = vec![(id, 0)];
    let mut at = id;
    while out.len() <= entries.len() {
        let Some(e) = entries.iter().find(|e| e.id == at) else {
            break;
        };
        let parent = match line {
            Line::Paternal => e.father.as_deref(),
            Line::Maternal => e.mother.as_deref(),
        };
        let Some(parent) = parent else { break };
        out.push((parent, out.len() as u32));
        at = parent;
    }
    out
}

/// The meioses between `missing` and `reference` along `line`, when the reference carries the
/// missing person's Y chromosome (both men, linked through fathers only) or mitochondria
/// (linked through mothers only); `None` when it does not.
pub fn line_meioses(
    entries: &[PedigreeEntry],
    missing: &str,
    reference: &str,
    line: Line,
) -> Option<u32> {
    if missing == reference {
        return None;
    }
    if line == Line::Paternal {
        let male = |id: &str| entries.iter().any(|e| e.id == id && e.sex == Sex::Male);
        if !male(missing) || !male(reference) {
            return None;
        }
    }
    let mine = line_of(entries, missing, line);
    let theirs = line_of(entries, reference, line);
    mine.iter()
        .filter_map(|(a, da)| theirs.iter().find(|(b, _)| b == a).map(|(_, db)| da + db))
        .min()
}

/// A reference on a missing person's line: which family, which person, how many meioses.
#[derive(Debug, Clone, PartialEq)]
pub struct LineReference<H> {
    /// The family's id.
    pub family: String,
    /// The reference's id in the pedigree.
    pub reference: String,
    /// Meioses between the missing person and the reference along the line.
    pub meioses: u32,
    /// The reference's haplotype or profile.
    pub haplotype: H,
}

/// One lineage candidate: a remains, a family's reference on the line, and the LR.
#[derive(Debug, Clone, PartialEq)]
pub struct LineageCandidate {
    /// The remains' id.
    pub remains: String,
    /// The family's id.
    pub family: String,
    /// The reference compared.
    pub reference: String,
    /// Meioses apart.
    pub meioses: u32,
    /// Loci (Y) or positions (mt) compared.
    pub compared: u32,
    /// Loci (Y) or variants (mt) that differ.
    pub differences: u32,
    /// The LR against an unrelated person of the population.
    pub lr: f64,
}

/// Y haplotypes indexed by (locus, alleles).
#[derive(Debug, Clone)]
pub struct YIndex {
    references: Vec<LineReference<YHaplotype>>,
    by_allele: HashMap<(String, String), Vec<usize>>,
}

/// A locus' alleles as an index key.
fn allele_key(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format!("{v}"))
        .collect::<Vec<_>>()
        .join(",")
}

impl YIndex {
    /// The index of `references`.
    pub fn new(references: Vec<LineReference<YHaplotype>>) -> Self {
        let mut by_allele: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, r) in references.iter().enumerate() {
            for (locus, values) in r.haplotype.typed() {
                by_allele
                    .entry((locus.to_owned(), allele_key(values)))
                    .or_default()
                    .push(i);
            }
        }
        YIndex {
            references,
            by_allele,
        }
    }

    /// The references.
    pub fn references(&self) -> &[LineReference<YHaplotype>] {
        &self.references
    }

    /// The references that differ from `query` at no more than `max_differences` of at least
    /// `min_compared` loci typed in both, with their comparison, in the order they were given.
    pub fn near(
        &self,
        query: &YHaplotype,
        max_differences: usize,
        min_compared: usize,
    ) -> Vec<(usize, y::YComparison)> {
        let mut agree: HashMap<usize, usize> = HashMap::new();
        for (locus, values) in query.typed() {
            if let Some(hits) = self.by_allele.get(&(locus.to_owned(), allele_key(values))) {
                for &i in hits {
                    *agree.entry(i).or_default() += 1;
                }
            }
        }
        // A reference within reach agrees at `compared − differences ≥ min_compared −
        // max_differences` loci; when that bound is 0, one agreeing nowhere may still be in
        // reach, and every reference is compared.
        let needed = min_compared.saturating_sub(max_differences);
        let reached: Vec<usize> = if needed == 0 {
            (0..self.references.len()).collect()
        } else {
            agree
                .into_iter()
                .filter(|&(_, n)| n >= needed)
                .map(|(i, _)| i)
                .collect()
        };
        let mut out: Vec<(usize, y::YComparison)> = reached
            .into_iter()
            .map(|i| (i, y::compare(query, &self.references[i].haplotype)))
            .filter(|(_, c)| c.compared >= min_compared && c.differences.len() <= max_differences)
            .collect();
        out.sort_by_key(|(i, _)| *i);
        out
    }
}

/// mtDNA profiles grouped by identical profile.
#[derive(Debug, Clone)]
pub struct MtIndex {
    references: Vec<LineReference<MtProfile>>,
    /// One entry per distinct profile: the profile's first reference, and all of them.
    groups: Vec<(usize, Vec<usize>)>,
}

impl MtIndex {
    /// The index of `references`.
    pub fn new(references: Vec<LineReference<MtProfile>>) -> Self {
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for (i, r) in references.iter().enumerate() {
            match groups
                .iter_mut()
                .find(|(first, _)| references[*first].haplotype == r.haplotype)
            {
                Some((_, members)) => members.push(i),
                None => groups.push((i, vec![i])),
            }
        }
        MtIndex { references, groups }
    }

    /// The references.
    pub fn references(&self) -> &[LineReference<MtProfile>] {
        &self.references
    }

    /// Distinct profiles held.
    pub fn distinct(&self) -> usize {
        self.groups.len()
    }

    /// The references within `max_differences` of `query` over at least `min_positions`
    /// positions sequenced in both, each distinct profile compared once, in the order given.
    pub fn near(
        &self,
        query: &MtProfile,
        max_differences: usize,
        min_positions: u32,
    ) -> Vec<(usize, mt::MtComparison)> {
        let mut out: Vec<(usize, mt::MtComparison)> = Vec::new();
        for (first, members) in &self.groups {
            let c = mt::compare(query, &self.references[*first].haplotype);
            if c.compared_positions >= min_positions && c.differences.len() <= max_differences {
                out.extend(members.iter().map(|&i| (i, c.clone())));
            }
        }
        out.sort_by_key(|(i, _)| *i);
        out
    }
}

/// What a lineage screen keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineageThresholds {
    /// Most differences a candidate may show (mutation over a few meioses).
    pub max_differences: usize,
    /// Fewest loci (Y) or positions (mt) compared.
    pub min_compared: u32,
    /// Fewest LR kept.
    pub min_lr: f64,
}

/// Each remains' Y candidates: the paternal LR at rate `rate(locus)`, the haplotype's
/// frequency the 95% upper bound of its count in `database`; the best reference of a family
/// stands for it.
pub fn screen_y(
    remains: &[(String, YHaplotype)],
    index: &YIndex,
    database: &[YHaplotype],
    rate: &dyn Fn(&str) -> f64,
    thresholds: LineageThresholds,
) -> Vec<LineageCandidate> {
    let mut out = Vec::new();
    for (id, query) in remains {
        let frequency = y::count(query, database).upper_95();
        let mut best: HashMap<String, LineageCandidate> = HashMap::new();
        let near = index.near(
            query,
            thresholds.max_differences,
            thresholds.min_compared as usize,
        );
        for (i, comparison) in near {
            let r = &index.references()[i];
            let lr = y::paternal_lr(&r.haplotype, query, r.meioses, rate, frequency);
            if lr.is_nan() || lr < thresholds.min_lr {
                continue;
            }
            let candidate = LineageCandidate {
                remains: id.clone(),
                family: r.family.clone(),
                reference: r.reference.clone(),
                meioses: r.meioses,
                compared: comparison.compared as u32,
                differences: comparison.differences.len() as u32,
                lr,
            };
            keep_best(&mut best, candidate);
        }
        out.extend(sorted(best));
    }
    out
}

/// Each remains' mtDNA candidates: the maternal LR at `rate` per meiosis over the compared
/// region, the profile's frequency the 95% upper bound of its count in `database`; the best
/// reference of a family stands for it.
pub fn screen_mt(
    remains: &[(String, MtProfile)],
    index: &MtIndex,
    database: &[MtProfile],
    rate: f64,
    thresholds: LineageThresholds,
) -> Vec<LineageCandidate> {
    let mut out = Vec::new();
    for (id, query) in remains {
        let frequency = mt::count(query, database).upper_95();
        let mut best: HashMap<String, LineageCandidate> = HashMap::new();
        for (i, comparison) in
            index.near(query, thresholds.max_differences, thresholds.min_compared)
        {
            let r = &index.references()[i];
            let lr = mt::maternal_lr(&comparison, r.meioses, rate, frequency);
            if lr.is_nan() || lr < thresholds.min_lr {
                continue;
            }
            let candidate = LineageCandidate {
                remains: id.clone(),
                family: r.family.clone(),
                reference: r.reference.clone(),
                meioses: r.meioses,
                compared: comparison.compared_positions,
                differences: comparison.differences.len() as u32,
                lr,
            };
            keep_best(&mut best, candidate);
        }
        out.extend(sorted(best));
    }
    out
}

fn keep_best(best: &mut HashMap<String, LineageCandidate>, candidate: LineageCandidate) {
    match best.get(&candidate.family) {
        Some(b) if b.lr >= candidate.lr => {}
        _ => {
            best.insert(candidate.family.clone(), candidate);
        }
    }
}

fn sorted(best: HashMap<String, LineageCandidate>) -> Vec<LineageCandidate> {
    let mut v: Vec<LineageCandidate> = best.into_values().collect();
    v.sort_by(|a, b| b.lr.total_cmp(&a.lr).then_with(|| a.family.cmp(&b.family)));
    v
}

#[cfg(test)]
#[path = "screen_tests.rs"]
mod tests;
