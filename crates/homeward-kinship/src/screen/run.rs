//! The screen itself, in three phases: (1) per marker, families are grouped by (shape, reference
//! genotypes) so that each distinct table is built once; (2) the distinct tables are built in
//! parallel from the exact engine; (3) every family is scored against every remains, eight
//! remains at a time (independent products over remains-major `u16` codes), abandoning a group
//! at a checkpoint once none of its LRs can reach `min_lr` (an exclusion, or a partial product
//! too small even if every remaining marker gave its table's maximum). Per remains, the best `top` families above `min_lr` are kept under a
//! strict order (LR descending, then family order), so results never depend on the thread
//! count; they are then re-scored with the exact direct LR.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::panel::{FamilySet, Panel, RemainsSet, TableScratch, build_table, persons_of};
use super::{Candidate, ScreenStats};
use crate::error::CaseError;
use crate::likelihood::{Evaluator, Person, TooLarge, hardy_weinberg};

/// Families scored per parallel task (and per progress report).
const BLOCK: usize = 64;

/// The distinct tables of one marker at the genotypes the remains have (`stride` entries each,
/// in the order of the marker's `used` codes), with each one's maximum.
struct MarkerTables {
    stride: usize,
    data: Vec<f64>,
    max: Vec<f64>,
}

/// Screens `remains` against `families`; `clock` (seconds, from the caller) times the phases.
pub(crate) fn run(
    panel: &Panel,
    remains: &RemainsSet,
    families: &FamilySet,
    min_lr: f64,
    top: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
    clock: Option<&dyn Fn() -> f64>,
) -> Result<(Vec<Candidate>, ScreenStats), CaseError> {
    let now = || clock.map_or(0.0, |c| c());
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
        let stride = used[m].len();
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
        tables.push(MarkerTables { stride, data, max });
    }
    let tables_built: usize = grouped.iter().map(|(_, reps)| reps.len()).sum();
    let t1 = now();
    // Phase 3: score.
    let done = AtomicUsize::new(0);
    let blocks: Vec<usize> = (0..nf.div_ceil(BLOCK)).collect();
    let rows = Rows::new(&used, remains);
    // Families sharing tables (the largest first) are scored one after another, so that those
    // tables stay in cache; the result does not depend on this order.
    let mut by_size: Vec<usize> = (0..nm).collect();
    by_size.sort_by_key(|&m| std::cmp::Reverse(tables[m].stride));
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
            || Scorer::new(nr, nm, top),
            |mut s, &b| {
                let end = ((b + 1) * BLOCK).min(nf);
                let mut slices = Vec::with_capacity(nm);
                for &f in &order[b * BLOCK..end] {
                    s.family(f as usize, &grouped, &tables, &rows, min_lr, &mut slices);
                }
                let d = done.fetch_add(end - b * BLOCK, Ordering::Relaxed) + end - b * BLOCK;
                progress(d, nf);
                s
            },
        )
        .map(|s| s.best)
        .reduce(|| vec![Vec::new(); nr], |a, b| merge_all(a, b, top));
    let t2 = now();
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
        evaluations: (nr as u64) * (nf as u64) * (nm as u64),
        candidates: candidates.len(),
        table_seconds: t1 - t0,
        scoring_seconds: t2 - t1,
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

/// Remains codes in blocks of [`LANES`] remains, marker by marker (`codes[(block·markers +
/// m)·LANES + lane]`, compact: the position among the marker's used codes), padded to a whole
/// block, so that each remains' product stays in a register.
struct Rows {
    codes: Vec<u16>,
    markers: usize,
    real: usize,
}

/// Remains scored side by side (independent multiplication chains).
const LANES: usize = 8;

impl Rows {
    /// Rows of compact codes: each remains' genotype as its position among `used[m]`.
    fn new(used: &[Vec<u32>], remains: &RemainsSet) -> Self {
        let nm = used.len();
        let real = remains.len();
        let padded = real.div_ceil(LANES) * LANES;
        let mut codes = Vec::with_capacity(padded * nm);
        for block in 0..padded / LANES {
            for (m, u) in used.iter().enumerate() {
                for lane in 0..LANES {
                    // Padding lanes reuse remains 0's codes; they are never offered.
                    let r = block * LANES + lane;
                    let c = remains.codes[m][if r < real { r } else { 0 }];
                    codes.push(u.binary_search(&c).unwrap_or(0) as u16);
                }
            }
        }
        Self {
            codes,
            markers: nm,
            real,
        }
    }
}

/// Per-task scoring state: the family's tables, bounds, and the best lists.
struct Scorer {
    floor: Vec<f64>,
    top: usize,
    best: Vec<Vec<(f64, u32)>>,
}

impl Scorer {
    fn new(nr: usize, nm: usize, top: usize) -> Self {
        Self {
            floor: vec![0.0; nm + 1],
            top,
            best: vec![Vec::new(); nr],
        }
    }

    /// Scores family `f` against every remains: per remains the product over markers in marker
    /// order (as [`crate::FamilyTables::score`]), abandoned at a checkpoint once it is an
    /// exclusion or below `min_lr` / (the product of the remaining tables' maxima).
    fn family<'t>(
        &mut self,
        f: usize,
        grouped: &[(Vec<u32>, Vec<u32>)],
        tables: &'t [MarkerTables],
        rows: &Rows,
        min_lr: f64,
        slices: &mut Vec<&'t [f64]>,
    ) {
        let nm = rows.markers;
        slices.clear();
        let mut bound = 1.0;
        for (m, t) in tables.iter().enumerate() {
            let id = grouped[m].0[f] as usize;
            slices.push(&t.data[id * t.stride..(id + 1) * t.stride]);
        }
        self.floor[nm] = min_lr;
        for m in (0..nm).rev() {
            let t = &tables[m];
            bound *= t.max[grouped[m].0[f] as usize];
            // Below this after marker m − 1, the LR cannot reach min_lr.
            self.floor[m] = min_lr / bound * (1.0 - 1e-9);
        }
        let f32_ = f as u32;
        for (block, codes) in rows.codes.chunks_exact(LANES * nm).enumerate() {
            // Eight independent products, kept in registers.
            let (mut a0, mut a1, mut a2, mut a3) = (1.0f64, 1.0f64, 1.0f64, 1.0f64);
            let (mut a4, mut a5, mut a6, mut a7) = (1.0f64, 1.0f64, 1.0f64, 1.0f64);
            let mut abandoned = false;
            for (m, (t, c)) in slices.iter().zip(codes.chunks_exact(LANES)).enumerate() {
                let c: &[u16; LANES] = c.try_into().expect("LANES codes");
                a0 *= t[usize::from(c[0])];
                a1 *= t[usize::from(c[1])];
                a2 *= t[usize::from(c[2])];
                a3 *= t[usize::from(c[3])];
                a4 *= t[usize::from(c[4])];
                a5 *= t[usize::from(c[5])];
                a6 *= t[usize::from(c[6])];
                a7 *= t[usize::from(c[7])];
                if m % 4 == 3 {
                    let fl = self.floor[m + 1].max(f64::MIN_POSITIVE);
                    let alive = (a0 >= fl) | (a1 >= fl) | (a2 >= fl) | (a3 >= fl);
                    let alive = alive | (a4 >= fl) | (a5 >= fl) | (a6 >= fl) | (a7 >= fl);
                    if !alive {
                        // None of the eight can reach min_lr.
                        abandoned = true;
                        break;
                    }
                }
            }
            if abandoned {
                continue;
            }
            for (k, lr) in [a0, a1, a2, a3, a4, a5, a6, a7].into_iter().enumerate() {
                let r = block * LANES + k;
                if r < rows.real && lr > 0.0 && lr >= min_lr {
                    insert(&mut self.best[r], (lr, f32_), self.top);
                }
            }
        }
    }
}

/// Whether `a` ranks before `b`: higher LR first, then earlier family.
#[inline]
fn before(a: (f64, u32), b: (f64, u32)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
}

/// Inserts into a list kept sorted (best first) and at most `top` long.
fn insert(list: &mut Vec<(f64, u32)>, item: (f64, u32), top: usize) {
    if top == 0 || (list.len() == top && !before(item, list[top - 1])) {
        return;
    }
    let at = list.partition_point(|&x| before(x, item));
    list.insert(at, item);
    list.truncate(top);
}

fn merge_all(
    mut a: Vec<Vec<(f64, u32)>>,
    b: Vec<Vec<(f64, u32)>>,
    top: usize,
) -> Vec<Vec<(f64, u32)>> {
    for (x, y) in a.iter_mut().zip(b) {
        for item in y {
            insert(x, item, top);
        }
    }
    a
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
        let model = pm.model(&panel.mutation);
        families.refs_at(f, m, nm, refs);
        persons_of(shape, pm, refs, persons);
        let h2 = ev.likelihood(&model, persons)? * hardy_weinberg(g, model.freqs);
        if h2 == 0.0 {
            return Ok(0.0);
        }
        persons[mp].evidence = Some(g);
        lr *= ev.likelihood(&model, persons)? / h2;
    }
    Ok(lr)
}
