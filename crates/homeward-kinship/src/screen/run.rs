//! The screen itself, in three phases: (1) per marker, families are grouped by (shape, reference
//! genotypes) so that each distinct table is built once; (2) the distinct tables are built in
//! parallel from the exact engine, kept only at the genotypes some remains has; (3) every family
//! is scored against every remains (`score.rs`). Per remains, the best `top` families above
//! `min_lr` are kept under a strict order (LR descending, then family order), so results never
//! depend on the thread count; they are then re-scored with the exact direct LR.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::panel::{
    FamilySet, Panel, RemainsSet, TableScratch, build_table, build_table_theta, persons_of,
};
use super::score::{MarkerTables, Rows, Scorer, merge_all, stride_for};
use super::{Candidate, ScreenStats};
use crate::error::CaseError;
use crate::likelihood::{Evaluator, Person, TooLarge, hardy_weinberg};

/// Families scored per parallel task (and per progress report).
const BLOCK: usize = 64;

/// The screen on already encoded data (what [`crate::bench`] generates directly); `clock`
/// (seconds from any origin, read by the caller's code — this crate reads no clock) times the
/// phases and `cpu_clock` (the process's CPU seconds, from the caller) the scoring phase's CPU
/// time, both reported in the [`ScreenStats`].
#[allow(clippy::too_many_arguments)]
pub fn screen_encoded(
    panel: &Panel,
    remains: &RemainsSet,
    families: &FamilySet,
    min_lr: f64,
    top: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
    clock: Option<&dyn Fn() -> f64>,
    cpu_clock: Option<&dyn Fn() -> f64>,
) -> Result<(Vec<Candidate>, ScreenStats), CaseError> {
    if min_lr.is_nan() || min_lr < 0.0 {
        return Err(CaseError::InvalidParameter {
            name: "min_lr".into(),
            value: min_lr,
            expected: "min_lr ≥ 0".into(),
        });
    }
    if top == 0 {
        return Err(CaseError::InvalidParameter {
            name: "top".into(),
            value: 0.0,
            expected: "top ≥ 1: the number of candidates kept per remains".into(),
        });
    }
    let now = || clock.map_or(0.0, |c| c());
    let cpu_now = || cpu_clock.map_or(0.0, |c| c());
    let t0 = now();
    let nm = panel.markers.len();
    let nf = families.len();
    let nr = remains.len();
    progress(0, nf);
    if nr == 0 || nf == 0 {
        return Ok((Vec::new(), ScreenStats::default()));
    }
    if nr > usize::from(u16::MAX) {
        return Err(CaseError::Malformed {
            reason: format!("{nr} remains in one screen; split it into screens of ≤ 65535"),
        });
    }
    // Phase 1: which table each family uses at each marker.
    let grouped: Vec<(Vec<u32>, Vec<u32>)> = (0..nm)
        .into_par_iter()
        .map(|m| group_marker(families, m, nm))
        .collect();
    // Phase 2: build the distinct tables, kept only at the genotypes some remains has.
    let used: Vec<Vec<u32>> = remains
        .codes
        .iter()
        .map(|column| {
            let mut u = column.clone();
            u.sort_unstable();
            u.dedup();
            u
        })
        .collect();
    let mut inconsistent = 0usize;
    let mut tables = Vec::with_capacity(nm);
    for (m, (_, reps)) in grouped.iter().enumerate() {
        let pm = &panel.markers[m];
        let stride = stride_for(used[m].len());
        let mut data = vec![0.0; reps.len() * stride];
        let flags: Vec<Result<bool, TooLarge>> = data
            .par_chunks_mut(stride)
            .zip(reps.par_iter())
            .map_init(
                || (TableScratch::default(), Vec::new(), vec![0.0; pm.stride()]),
                |(scratch, refs, full), (out, &f)| {
                    let f = f as usize;
                    families.refs_at(f, m, nm, refs);
                    let shape = &families.shapes[families.shape_of[f] as usize];
                    if panel.theta > 0.0 {
                        let model = pm.model(&panel.mutation, panel.theta);
                        let persons = &mut scratch.persons;
                        return build_table_theta(shape, pm, &model, refs, &used[m], persons, out);
                    }
                    let bad = build_table(shape, pm, &panel.mutation, refs, scratch, full)?;
                    for (o, &c) in out.iter_mut().zip(&used[m]) {
                        *o = full[c as usize];
                    }
                    Ok(bad)
                },
            )
            .collect();
        for flag in flags {
            match flag {
                Ok(bad) => inconsistent += usize::from(bad),
                Err(TooLarge(work)) => {
                    return Err(CaseError::TooComplex {
                        marker: pm.table.marker().to_owned(),
                        work,
                        hint: "a family pedigree is too inbred for exact elimination".into(),
                    });
                }
            }
        }
        let max = data
            .chunks_exact(stride)
            .map(|t| t.iter().fold(0.0f64, |a, &b| a.max(b)))
            .collect();
        tables.push(MarkerTables::new(stride, data, max));
    }
    let tables_built: usize = grouped.iter().map(|(_, reps)| reps.len()).sum();
    let t1 = now();
    let c1 = cpu_now();
    // Phase 3: score.
    let done = AtomicUsize::new(0);
    let blocks: Vec<usize> = (0..nf.div_ceil(BLOCK)).collect();
    let rows = Rows::new(&used, &remains.codes, &tables);
    // Families sharing tables (the largest first) are scored one after another, so that those
    // tables stay in cache; the result does not depend on this order.
    let mut by_size: Vec<usize> = (0..nm).collect();
    by_size.sort_by_key(|&m| std::cmp::Reverse(used[m].len()));
    let mut order: Vec<u32> = (0..nf as u32).collect();
    let (grouped_ref, by_size_ref) = (&grouped, &by_size);
    let key = |f: u32| {
        let f = f as usize;
        std::iter::once(families.shape_of[f])
            .chain(by_size_ref.iter().map(move |&m| grouped_ref[m].0[f]))
    };
    order.par_sort_unstable_by(|&a, &b| key(a).cmp(key(b)).then(a.cmp(&b)));
    let best = blocks
        .par_iter()
        .fold(
            || Scorer::new(nr, nm, top, min_lr),
            |mut s, &b| {
                let end = ((b + 1) * BLOCK).min(nf);
                let ids = |f: u32, m: usize| grouped[m].0[f as usize] as usize;
                s.families(&order[b * BLOCK..end], ids, &tables, &rows);
                let d = done.fetch_add(end - b * BLOCK, Ordering::Relaxed) + end - b * BLOCK;
                progress(d, nf);
                s
            },
        )
        .map(|s| (s.best, s.lookups))
        .reduce(
            || (vec![Vec::new(); nr], 0),
            |a, b| (merge_all(a.0, b.0, top), a.1 + b.1),
        );
    let (best, lookups) = best;
    let t2 = now();
    let c2 = cpu_now();
    // Honest count: every pair × the markers typed in the remains (untyped ones are LR 1).
    let typed: u64 = (0..nm)
        .map(|m| {
            let untyped = panel.markers[m].code(None);
            remains.codes[m].iter().filter(|&&c| c != untyped).count() as u64
        })
        .sum();
    // Re-score the reported candidates with the exact direct LR.
    let picked: Vec<(usize, f64, u32)> = best
        .iter()
        .enumerate()
        .flat_map(|(r, list)| list.iter().map(move |&(lr, f)| (r, lr, f)))
        .collect();
    let candidates = picked
        .par_iter()
        .map_init(
            || (Evaluator::new(), Vec::new(), Vec::new()),
            |(ev, persons, refs), &(r, table_lr, f)| {
                let lr = exact_lr(panel, remains, families, r, f as usize, ev, persons, refs)?;
                Ok(Candidate {
                    remains: remains.ids[r].clone(),
                    family: families.ids[f as usize].clone(),
                    lr,
                    table_lr,
                    markers: (0..nm)
                        .filter(|&m| {
                            let pm = &panel.markers[m];
                            remains.codes[m][r] != pm.code(None)
                        })
                        .count(),
                })
            },
        )
        .collect::<Result<Vec<_>, TooLarge>>()
        .map_err(|TooLarge(work)| CaseError::TooComplex {
            marker: "(re-scoring)".into(),
            work,
            hint: "a family pedigree is too inbred for exact elimination".into(),
        })?;
    let t3 = now();
    let stats = ScreenStats {
        remains: nr,
        families: nf,
        markers: nm,
        shapes: families.shapes.len(),
        tables_built,
        inconsistent_tables: inconsistent,
        evaluations: (nf as u64) * typed,
        lookups,
        candidates: candidates.len(),
        table_seconds: t1 - t0,
        scoring_seconds: t2 - t1,
        scoring_cpu_seconds: c2 - c1,
        rescoring_seconds: t3 - t2,
    };
    Ok((candidates, stats))
}

/// For marker `m`: each family's table id, and one representative family per table.
fn group_marker(families: &FamilySet, m: usize, nm: usize) -> (Vec<u32>, Vec<u32>) {
    let mut index: HashMap<Vec<u32>, u32> = HashMap::new();
    let mut ids = Vec::with_capacity(families.len());
    let mut reps = Vec::new();
    let mut key = Vec::new();
    let mut refs = Vec::new();
    for f in 0..families.len() {
        families.refs_at(f, m, nm, &mut refs);
        key.clear();
        key.push(families.shape_of[f]);
        key.extend_from_slice(&refs);
        let id = match index.get(&key[..]) {
            Some(&id) => id,
            None => {
                let id = reps.len() as u32;
                reps.push(f as u32);
                index.insert(key.clone(), id);
                id
            }
        };
        ids.push(id);
    }
    (ids, reps)
}

/// The exact direct LR of remains `r` against family `f` (the engine of `homeward kinship lr`
/// on the panel's tables), marker by marker.
#[allow(clippy::too_many_arguments)]
pub(crate) fn exact_lr(
    panel: &Panel,
    remains: &RemainsSet,
    families: &FamilySet,
    r: usize,
    f: usize,
    ev: &mut Evaluator,
    persons: &mut Vec<Person>,
    refs: &mut Vec<u32>,
) -> Result<f64, TooLarge> {
    let nm = panel.markers.len();
    let shape = &families.shapes[families.shape_of[f] as usize];
    let mp = shape.pedigree.missing();
    let mut lr = 1.0;
    for (m, pm) in panel.markers.iter().enumerate() {
        let Some(g) = pm.genotype(remains.codes[m][r]) else {
            continue;
        };
        let model = pm.model(&panel.mutation, panel.theta);
        families.refs_at(f, m, nm, refs);
        persons_of(shape, pm, refs, persons);
        let h2 = if panel.theta > 0.0 {
            // The remains join the founders' draws from the same subpopulation.
            persons.push(Person {
                parents: None,
                evidence: Some(g),
            });
            let h2 = ev.likelihood(&model, persons)?;
            persons.pop();
            h2
        } else {
            ev.likelihood(&model, persons)? * hardy_weinberg(g, model.freqs)
        };
        if h2 == 0.0 {
            return Ok(0.0);
        }
        persons[mp].evidence = Some(g);
        lr *= ev.likelihood(&model, persons)? / h2;
    }
    Ok(lr)
}
