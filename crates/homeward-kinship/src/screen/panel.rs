//! The encoded form screening works on: a [`Panel`] (the markers, their frequency tables with any
//! rare alleles admitted once for the whole screen, and their mutation matrices), genotypes as
//! one `u32` code per marker (the index into a screening table), families as a shared
//! [`Shape`] plus reference codes, and remains as one code column per marker.

use std::collections::HashMap;

use crate::allele::Genotype;
use crate::error::CaseError;
use crate::frequencies::AlleleFrequencies;
use crate::likelihood::{
    Evaluator, MarkerModel, Person, TooLarge, Unobserved, hardy_weinberg, likelihood,
};
use crate::mutation::{MutationMatrix, MutationModel};
use crate::pedigree::{ReferencePedigree, Sex};

/// One marker of a screen: its table and transmission matrices.
#[derive(Debug, Clone)]
pub struct PanelMarker {
    pub(crate) table: AlleleFrequencies,
    pub(crate) paternal: Option<MutationMatrix>,
    pub(crate) maternal: Option<MutationMatrix>,
    index: HashMap<String, u16>,
}

impl PanelMarker {
    /// The marker's table.
    pub fn table(&self) -> &AlleleFrequencies {
        &self.table
    }

    /// Number of alleles.
    pub fn alleles(&self) -> usize {
        self.table.len()
    }

    /// Entries of one screening table: every unordered typed genotype, every half-typed
    /// `[a, null]`, and one (LR 1) for untyped.
    pub fn stride(&self) -> usize {
        let n = self.alleles();
        n * (n + 1) / 2 + n + 1
    }

    /// The code of a genotype (`None`: untyped) — its index in a screening table.
    #[inline]
    pub fn code(&self, g: Option<Genotype>) -> u32 {
        let n = self.alleles();
        let tri = n * (n + 1) / 2;
        let i = match g {
            Some(g) => match g.second() {
                Some(b) => b * (b + 1) / 2 + g.first(),
                None => tri + g.first(),
            },
            None => tri + n,
        };
        i as u32
    }

    /// The genotype of a code (inverse of [`PanelMarker::code`]).
    pub fn genotype(&self, code: u32) -> Option<Genotype> {
        let n = self.alleles();
        let tri = n * (n + 1) / 2;
        let c = code as usize;
        if c >= tri {
            return (c < tri + n).then(|| Genotype::half_typed(c - tri));
        }
        let mut b = ((((8 * c + 1) as f64).sqrt() - 1.0) / 2.0) as usize;
        while b * (b + 1) / 2 > c {
            b -= 1;
        }
        while (b + 1) * (b + 2) / 2 <= c {
            b += 1;
        }
        Some(Genotype::typed(c - b * (b + 1) / 2, b))
    }

    /// The index of an allele name.
    pub fn allele(&self, name: &str) -> Option<usize> {
        self.index.get(name).map(|&i| usize::from(i))
    }

    pub(crate) fn model(&self, mutation: &MutationModel, theta: f64) -> MarkerModel<'_> {
        MarkerModel {
            freqs: self.table.freqs(),
            paternal: self.paternal.as_ref(),
            maternal: self.maternal.as_ref(),
            lumpable: mutation.is_lumpable(),
            theta,
        }
    }
}

/// The markers of a screen, its mutation model and θ.
#[derive(Debug, Clone)]
pub struct Panel {
    pub(crate) markers: Vec<PanelMarker>,
    pub(crate) mutation: MutationModel,
    pub(crate) theta: f64,
}

impl Panel {
    /// A panel over `tables` (each possibly extended with rare alleles by the caller).
    pub fn new(tables: Vec<AlleleFrequencies>, mutation: MutationModel) -> Result<Self, CaseError> {
        mutation.validate()?;
        let mut markers = Vec::with_capacity(tables.len());
        for table in tables {
            let n = table.len();
            if n * (n + 1) / 2 + n + 1 > usize::from(u16::MAX) {
                return Err(CaseError::Malformed {
                    reason: format!("marker `{}` has too many alleles", table.marker()),
                });
            }
            let index = table
                .names()
                .iter()
                .enumerate()
                .map(|(i, a)| (a.clone(), i as u16))
                .collect();
            markers.push(PanelMarker {
                paternal: mutation.matrix(&table, Sex::Male)?,
                maternal: mutation.matrix(&table, Sex::Female)?,
                table,
                index,
            });
        }
        Ok(Self {
            markers,
            mutation,
            theta: 0.0,
        })
    }

    /// The panel with Balding–Nichols `theta` (in [0, 1)).
    pub fn with_theta(mut self, theta: f64) -> Result<Self, CaseError> {
        if !(0.0..1.0).contains(&theta) {
            return Err(CaseError::InvalidParameter {
                name: "theta".into(),
                value: theta,
                expected: "0 ≤ θ < 1".into(),
            });
        }
        self.theta = theta;
        Ok(self)
    }

    /// The markers, in screening order.
    pub fn markers(&self) -> &[PanelMarker] {
        &self.markers
    }
}

/// A pedigree shape shared by families: the pedigree, its missing person and which members are
/// the typed references (in the order their codes are stored).
#[derive(Debug, Clone)]
pub struct Shape {
    pub(crate) pedigree: ReferencePedigree,
    pub(crate) references: Vec<usize>,
    /// Whether the missing person's parents share an ancestor (or are one another's).
    inbred: bool,
}

impl Shape {
    /// A shape; `references` are pedigree indices (not the missing person).
    pub fn new(pedigree: ReferencePedigree, references: Vec<usize>) -> Self {
        let ancestry = |start: usize| {
            let mut seen = vec![false; pedigree.len()];
            let mut stack = vec![start];
            while let Some(i) = stack.pop() {
                if !seen[i] {
                    seen[i] = true;
                    if let Some((f, m)) = pedigree.individuals()[i].parents() {
                        stack.extend([f, m]);
                    }
                }
            }
            seen
        };
        let inbred = pedigree.individuals()[pedigree.missing()]
            .parents()
            .is_some_and(|(f, m)| {
                let (a, b) = (ancestry(f), ancestry(m));
                a.iter().zip(&b).any(|(x, y)| *x && *y)
            });
        Self {
            pedigree,
            references,
            inbred,
        }
    }

    /// The structure as numbers (parents, sexes, missing person, references), for interning.
    pub(crate) fn signature(&self) -> Vec<u32> {
        let mut key = vec![self.pedigree.missing() as u32];
        for ind in self.pedigree.individuals() {
            let (f, m) = ind
                .parents()
                .map_or((u32::MAX, u32::MAX), |(f, m)| (f as u32, m as u32));
            key.extend([f, m, u32::from(ind.sex() == Sex::Male)]);
        }
        key.push(u32::MAX);
        key.extend(self.references.iter().map(|&r| r as u32));
        key
    }
}

/// Families encoded for screening: ids, shape indices and reference codes
/// (`codes[(family·refs + slot)·markers + marker]`, with `refs` the widest shape's count).
#[derive(Debug, Clone, Default)]
pub struct FamilySet {
    pub(crate) ids: Vec<String>,
    pub(crate) shapes: Vec<Shape>,
    pub(crate) shape_of: Vec<u32>,
    pub(crate) ref_start: Vec<u32>,
    pub(crate) codes: Vec<u32>,
    shape_index: HashMap<Vec<u32>, u32>,
}

impl FamilySet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of families.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no families.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Adds a family: its shape (interned) and, per reference in the shape's order, one code
    /// per panel marker (`references[slot][marker]`).
    pub fn push(&mut self, id: String, shape: Shape, references: &[Vec<u32>]) {
        let key = shape.signature();
        let s = match self.shape_index.get(&key) {
            Some(&s) => s,
            None => {
                let s = self.shapes.len() as u32;
                self.shapes.push(shape);
                self.shape_index.insert(key, s);
                s
            }
        };
        self.ids.push(id);
        self.shape_of.push(s);
        self.ref_start.push(self.codes.len() as u32);
        for r in references {
            self.codes.extend_from_slice(r);
        }
    }

    /// The reference codes of family `f` at marker `m`, one per reference of its shape.
    pub(crate) fn refs_at(&self, f: usize, m: usize, markers: usize, out: &mut Vec<u32>) {
        out.clear();
        let shape = &self.shapes[self.shape_of[f] as usize];
        let start = self.ref_start[f] as usize;
        for slot in 0..shape.references.len() {
            out.push(self.codes[start + slot * markers + m]);
        }
    }
}

/// Remains encoded for screening: ids and one code column per marker (`codes[m][r]`).
#[derive(Debug, Clone, Default)]
pub struct RemainsSet {
    pub(crate) ids: Vec<String>,
    pub(crate) codes: Vec<Vec<u32>>,
}

impl RemainsSet {
    /// An empty set over `markers` markers.
    pub fn new(markers: usize) -> Self {
        Self {
            ids: Vec::new(),
            codes: vec![Vec::new(); markers],
        }
    }

    /// Number of remains.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no remains.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Adds a remains with one code per panel marker.
    pub fn push(&mut self, id: String, codes: &[u32]) {
        self.ids.push(id);
        for (column, &c) in self.codes.iter_mut().zip(codes) {
            column.push(c);
        }
    }
}

/// The persons of a likelihood problem for family `shape` with reference codes `refs` at
/// marker `pm`; the missing person untyped.
pub(crate) fn persons_of(shape: &Shape, pm: &PanelMarker, refs: &[u32], out: &mut Vec<Person>) {
    out.clear();
    out.extend(shape.pedigree.individuals().iter().map(|ind| Person {
        parents: ind.parents(),
        evidence: None,
    }));
    for (&who, &code) in shape.references.iter().zip(refs) {
        out[who].evidence = pm.genotype(code);
    }
}

/// Reusable buffers for [`build_table`].
#[derive(Debug, Default)]
pub(crate) struct TableScratch {
    pub evaluator: Evaluator,
    pub persons: Vec<Person>,
    pub joint: Vec<f64>,
}

/// The screening table `T[code]` of one (shape, marker, reference codes), written into `out`
/// (length [`PanelMarker::stride`]). References impossible under the pedigree give a table of
/// zeros (the family can never be a candidate on that marker); returns whether that happened.
pub(crate) fn build_table(
    shape: &Shape,
    pm: &PanelMarker,
    mutation: &MutationModel,
    refs: &[u32],
    scratch: &mut TableScratch,
    out: &mut [f64],
) -> Result<bool, TooLarge> {
    let TableScratch {
        evaluator: ev,
        persons,
        joint,
    } = scratch;
    let model = pm.model(mutation, 0.0);
    persons_of(shape, pm, refs, persons);
    let p_refs = ev.likelihood(&model, persons)?;
    let n = pm.alleles();
    let tri = n * (n + 1) / 2;
    if p_refs == 0.0 {
        out.fill(0.0);
        return Ok(true);
    }
    let mp = shape.pedigree.missing();
    let unobserved = match mutation {
        MutationModel::None | MutationModel::Proportional { .. } if !shape.inbred => {
            Unobserved::SplitByFrequency
        }
        _ => Unobserved::Distinct,
    };
    ev.joint_with(&model, persons, mp, unobserved, joint)?;
    let p = model.freqs;
    let total: f64 = p.iter().sum();
    for b in 0..n {
        for a in 0..=b {
            let h1 = if a == b {
                joint[a * n + a]
            } else {
                joint[a * n + b] + joint[b * n + a]
            };
            out[b * (b + 1) / 2 + a] = h1 / (p_refs * hardy_weinberg(Genotype::typed(a, b), p));
        }
    }
    for a in 0..n {
        let row: f64 = joint[a * n..(a + 1) * n].iter().sum();
        let col: f64 = (0..n).map(|x| joint[x * n + a]).sum();
        let h1 = row + col - joint[a * n + a];
        let hw = 2.0 * p[a] * total - p[a] * p[a];
        out[tri + a] = h1 / (p_refs * hw);
    }
    out[tri + n] = 1.0;
    Ok(false)
}

/// The screening table of one (shape, marker, reference codes) with θ > 0 (in `model`), at the codes
/// `used` only (written into `out`, one entry each): every entry is that genotype's exact θ LR,
/// P(g, refs | H1) / P(g, refs | H2) with, under H2, the remains an extra founder whose alleles
/// join the founders' draws. Returns whether the references are impossible (a table of zeros).
pub(crate) fn build_table_theta(
    shape: &Shape,
    pm: &PanelMarker,
    model: &MarkerModel<'_>,
    refs: &[u32],
    used: &[u32],
    persons: &mut Vec<Person>,
    out: &mut [f64],
) -> Result<bool, TooLarge> {
    let mp = shape.pedigree.missing();
    for (o, &code) in out.iter_mut().zip(used) {
        let Some(g) = pm.genotype(code) else {
            *o = 1.0;
            continue;
        };
        persons_of(shape, pm, refs, persons);
        persons.push(Person {
            parents: None,
            evidence: Some(g),
        });
        let h2 = likelihood(model, persons)?;
        if h2 == 0.0 {
            out.fill(0.0);
            return Ok(true);
        }
        persons.pop();
        persons[mp].evidence = Some(g);
        *o = likelihood(model, persons)? / h2;
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        let t = AlleleFrequencies::new(
            "M",
            (0..7).map(|i| (format!("{}", 10 + i), 1.0 / 7.0)).collect(),
        )
        .unwrap();
        let panel = Panel::new(vec![t], MutationModel::None).unwrap();
        let pm = &panel.markers()[0];
        let mut seen = vec![false; pm.stride()];
        for a in 0..7 {
            for b in 0..7 {
                let g = Some(Genotype::typed(a, b));
                assert_eq!(pm.genotype(pm.code(g)), g);
                seen[pm.code(g) as usize] = true;
            }
            let h = Some(Genotype::half_typed(a));
            assert_eq!(pm.genotype(pm.code(h)), h);
            seen[pm.code(h) as usize] = true;
        }
        assert_eq!(pm.genotype(pm.code(None)), None);
        seen[pm.code(None) as usize] = true;
        assert!(seen.iter().all(|&s| s));
    }
}
