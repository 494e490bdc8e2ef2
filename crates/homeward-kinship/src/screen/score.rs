//! The scoring loop of a screen: every family against every remains through the tables built
//! in [`super::run`]. Remains are scored [`LANES`] at a time (independent products kept in
//! registers) over codes stored block by block, marker by marker. Markers where the remains
//! have at most 256 distinct genotypes ("narrow", nearly all of them) use `u8` codes into
//! tables padded to exactly 256 entries, so each lookup is a plain load with no bounds check;
//! the others ("wide", e.g. SE33 over a thousand remains) use `u16` codes into checked slices.
//! A group is abandoned at a checkpoint once none of its LRs can still reach `min_lr`
//! (exclusions, or a partial product too small even if every remaining marker gave its table's
//! maximum); the best `top` families per remains are kept under a strict order.
//!
//! The loop reads `f32` copies of the tables, each entry rounded *up* (half the cache footprint
//! of `f64`), and multiplies them in `f64`: its products are upper bounds of the exact ones
//! (to within 23 `f64` roundings, far inside the 1e-9 slack of the bound), so a group it
//! abandons could never have been reported. A lane whose upper bound reaches its threshold is
//! re-multiplied from the `f64` tables in the same order, so the LRs ranked and reported are
//! bit for bit those of scoring in `f64` throughout.

/// Remains scored side by side (independent multiplication chains).
pub(super) const LANES: usize = 8;

/// Entries of a narrow table (one per `u8` code).
pub(super) const NARROW: usize = 256;

/// A checkpoint (pruning test) every this many markers.
const CHECK_EVERY: usize = 4;

/// The distinct tables of one marker at the genotypes the remains have (in the order of the
/// marker's `used` codes), `stride` entries each (narrow markers: [`NARROW`], zero-padded),
/// with each table's maximum.
pub(super) struct MarkerTables {
    pub stride: usize,
    pub data: Vec<f64>,
    /// `data` with every entry rounded up to `f32` ([`round_up`]).
    pub up: Vec<f32>,
    pub max: Vec<f64>,
}

impl MarkerTables {
    pub fn new(stride: usize, data: Vec<f64>, max: Vec<f64>) -> Self {
        let up = data.iter().map(|&x| round_up(x)).collect();
        Self {
            stride,
            data,
            up,
            max,
        }
    }

    /// Whether the marker's tables are narrow (`u8` codes, [`NARROW`] entries).
    fn narrow(&self) -> bool {
        self.stride == NARROW
    }
}

/// The stride of a marker whose remains have `used` distinct genotypes.
pub(super) fn stride_for(used: usize) -> usize {
    if used <= NARROW { NARROW } else { used }
}

/// Remains codes (each genotype's position among its marker's used codes) in blocks of
/// [`LANES`] remains: narrow markers first (`narrow[(block·nn + k)·LANES + lane]`), then wide
/// (`wide[(block·nw + k)·LANES + lane]`), padded to a whole block with remains 0's codes (never
/// offered). `order` is the scoring order of the markers: narrow ones, then wide ones.
pub(super) struct Rows {
    narrow: Vec<u8>,
    wide: Vec<u16>,
    pub order: Vec<usize>,
    nn: usize,
    nw: usize,
    real: usize,
}

impl Rows {
    /// Rows over `used[m]` (sorted distinct codes of marker m) and the remains' codes.
    pub fn new(used: &[Vec<u32>], codes: &[Vec<u32>], tables: &[MarkerTables]) -> Self {
        let real = codes.first().map_or(0, Vec::len);
        let padded = real.div_ceil(LANES) * LANES;
        let (narrow_m, wide_m): (Vec<usize>, Vec<usize>) =
            (0..used.len()).partition(|&m| tables[m].narrow());
        // The most diverse markers first: they exclude and discriminate soonest, and leave
        // the markers with the smallest maxima for last, where the bound prunes.
        let mut narrow_m = narrow_m;
        narrow_m.sort_by_key(|&m| (std::cmp::Reverse(used[m].len()), m));
        let position = |m: usize, r: usize| {
            let c = codes[m][if r < real { r } else { 0 }];
            used[m].binary_search(&c).unwrap_or(0)
        };
        let mut narrow = Vec::with_capacity(padded * narrow_m.len());
        let mut wide = Vec::with_capacity(padded * wide_m.len());
        for block in 0..padded / LANES {
            for &m in &narrow_m {
                narrow.extend((0..LANES).map(|l| position(m, block * LANES + l) as u8));
            }
            for &m in &wide_m {
                wide.extend((0..LANES).map(|l| position(m, block * LANES + l) as u16));
            }
        }
        let (nn, nw) = (narrow_m.len(), wide_m.len());
        let order = narrow_m.into_iter().chain(wide_m).collect();
        Self {
            narrow,
            wide,
            order,
            nn,
            nw,
            real,
        }
    }

    fn blocks(&self) -> usize {
        self.real.div_ceil(LANES)
    }

    /// The exact product for lane `l` of `block` and family `j` of a pass, over `exact` (the
    /// `f64` tables in scoring order), multiplied in the order the loop uses.
    fn exact<const F: usize>(
        &self,
        block: usize,
        l: usize,
        j: usize,
        exact: &[[&[f64]; F]],
    ) -> f64 {
        let nc = &self.narrow[block * self.nn * LANES..(block + 1) * self.nn * LANES];
        let wc = &self.wide[block * self.nw * LANES..(block + 1) * self.nw * LANES];
        let mut lr = 1.0;
        for (t, c) in exact.iter().zip(nc.chunks_exact(LANES)) {
            lr *= t[j][usize::from(c[l])];
        }
        for (t, c) in exact[self.nn..].iter().zip(wc.chunks_exact(LANES)) {
            lr *= t[j][usize::from(c[l])];
        }
        lr
    }
}

/// Per-task scoring state: bounds and the best lists.
pub(super) struct Scorer {
    /// Per family of a pair: (1 − 1e-9) / (product of the maxima of markers k.. in order).
    factor: Vec<f64>,
    /// Per remains (padded to whole blocks with +∞): the LR it takes to enter its best list.
    threshold: Vec<f64>,
    min_lr: f64,
    top: usize,
    pub best: Vec<Vec<(f64, u32)>>,
    /// Table lookups actually made (padding lanes included), to report how much pruning saved.
    pub lookups: u64,
}

impl Scorer {
    pub fn new(nr: usize, nm: usize, top: usize, min_lr: f64) -> Self {
        let mut threshold = vec![min_lr.max(f64::MIN_POSITIVE); nr.div_ceil(LANES) * LANES];
        threshold[nr..].fill(f64::INFINITY);
        Self {
            factor: vec![0.0; 2 * (nm + 1)],
            threshold,
            min_lr,
            top,
            best: vec![Vec::new(); nr],
            lookups: 0,
        }
    }

    /// Scores the families `fs` (in order; their table id at marker m: `ids(f, m)`) against
    /// every remains, two at a time so that each remains code loaded serves both.
    pub fn families(
        &mut self,
        fs: &[u32],
        ids: impl Fn(u32, usize) -> usize + Copy,
        tables: &[MarkerTables],
        rows: &Rows,
    ) {
        let mut pairs = fs.chunks_exact(2);
        for p in &mut pairs {
            self.score([p[0], p[1]], ids, tables, rows);
        }
        for &f in pairs.remainder() {
            self.score([f], ids, tables, rows);
        }
    }

    /// Scores `F` families against every remains: per remains the product over markers in
    /// `rows.order`, abandoned at a checkpoint once, for every family and lane, it is an
    /// exclusion or below its remains' threshold (`min_lr`, or the LR of the last of a full
    /// best list) / (the product of the remaining tables' maxima). Pruned products could
    /// never enter a best list, so the result is that of scoring everything.
    fn score<const F: usize>(
        &mut self,
        fs: [u32; F],
        ids: impl Fn(u32, usize) -> usize,
        tables: &[MarkerTables],
        rows: &Rows,
    ) {
        let nm = rows.order.len();
        let mut narrow: Vec<[&[f32; NARROW]; F]> = vec![[&ZERO; F]; rows.nn];
        let mut wide: Vec<[&[f32]; F]> = vec![[&[][..]; F]; rows.nw];
        // The exact tables, in scoring order, for lanes that reach their threshold.
        let mut exact: Vec<[&[f64]; F]> = vec![[&[][..]; F]; nm];
        for (j, &f) in fs.iter().enumerate() {
            let factor = &mut self.factor[j * (nm + 1)..(j + 1) * (nm + 1)];
            let mut bound = 1.0;
            factor[nm] = 1.0;
            for (k, &m) in rows.order.iter().enumerate().rev() {
                let t = &tables[m];
                let id = ids(f, m);
                let slice = &t.up[id * t.stride..(id + 1) * t.stride];
                exact[k][j] = &t.data[id * t.stride..(id + 1) * t.stride];
                if k < rows.nn {
                    narrow[k][j] = slice.try_into().expect("narrow table");
                } else {
                    wide[k - rows.nn][j] = slice;
                }
                bound *= t.max[id];
                // Below threshold · factor[k] after k markers, the LR cannot reach threshold.
                factor[k] = (1.0 - 1e-9) / bound;
            }
        }
        for block in 0..rows.blocks() {
            let threshold: &[f64; LANES] = self.threshold[block * LANES..(block + 1) * LANES]
                .try_into()
                .expect("LANES thresholds");
            let factor = &self.factor;
            let alive = |acc: &[[f64; LANES]; F], k: usize| {
                let mut any = false;
                for (j, a) in acc.iter().enumerate() {
                    let fac = factor[j * (nm + 1) + k];
                    for (x, t) in a.iter().zip(threshold) {
                        any |= *x >= (t * fac).max(f64::MIN_POSITIVE);
                    }
                }
                any
            };
            let nc = &rows.narrow[block * rows.nn * LANES..(block + 1) * rows.nn * LANES];
            let wc = &rows.wide[block * rows.nw * LANES..(block + 1) * rows.nw * LANES];
            let mut acc = [[1.0f64; LANES]; F];
            let mut abandoned = false;
            let mut done = nm;
            for (k, (t, c)) in narrow.iter().zip(nc.chunks_exact(LANES)).enumerate() {
                let c: &[u8; LANES] = c.try_into().expect("LANES codes");
                for l in 0..LANES {
                    let c = usize::from(c[l]);
                    for j in 0..F {
                        acc[j][l] *= f64::from(t[j][c]);
                    }
                }
                if k % CHECK_EVERY == CHECK_EVERY - 1 && !alive(&acc, k + 1) {
                    abandoned = true;
                    done = k + 1;
                    break;
                }
            }
            if abandoned {
                self.lookups += (done * LANES * F) as u64;
                continue;
            }
            for (k, (t, c)) in wide.iter().zip(wc.chunks_exact(LANES)).enumerate() {
                let c: &[u16; LANES] = c.try_into().expect("LANES codes");
                for l in 0..LANES {
                    let c = usize::from(c[l]);
                    for j in 0..F {
                        acc[j][l] *= f64::from(t[j][c]);
                    }
                }
                if k % CHECK_EVERY == CHECK_EVERY - 1 && !alive(&acc, rows.nn + k + 1) {
                    abandoned = true;
                    done = rows.nn + k + 1;
                    break;
                }
            }
            self.lookups += (done * LANES * F) as u64;
            if abandoned {
                continue;
            }
            for (j, a) in acc.iter().enumerate() {
                for (l, &upper) in a.iter().enumerate() {
                    let r = block * LANES + l;
                    // Upper bound ≥ exact · (1 − 1e-14): below this the exact LR is below the
                    // threshold too (an LR equal to it may still enter on family order). With
                    // `min_lr` 0 every positive LR counts, so every lane is re-multiplied.
                    if r >= rows.real {
                        continue;
                    }
                    let t = self.threshold[r];
                    let limit = if t > f64::MIN_POSITIVE {
                        t * (1.0 - 1e-9)
                    } else {
                        0.0
                    };
                    if upper.is_nan() || upper < limit {
                        continue;
                    }
                    let lr = rows.exact(block, l, j, &exact);
                    if lr > 0.0 && lr >= self.min_lr {
                        let list = &mut self.best[r];
                        insert(list, (lr, fs[j]), self.top);
                        if list.len() == self.top {
                            self.threshold[r] = self.threshold[r].max(list[self.top - 1].0);
                        }
                    }
                }
            }
        }
    }
}

/// A placeholder narrow table (replaced before use).
static ZERO: [f32; NARROW] = [0.0; NARROW];

/// The least `f32` ≥ `x` (for `x` ≥ 0; +∞ above `f32::MAX`).
pub(super) fn round_up(x: f64) -> f32 {
    let y = x as f32;
    if f64::from(y) < x {
        f32::from_bits(y.to_bits() + 1)
    } else {
        y
    }
}

/// Whether `a` ranks before `b`: higher LR first, then earlier family.
#[inline]
fn before(a: (f64, u32), b: (f64, u32)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
}

/// Inserts into a list kept sorted (best first) and at most `top` long.
pub(super) fn insert(list: &mut Vec<(f64, u32)>, item: (f64, u32), top: usize) {
    if top == 0 || (list.len() == top && !before(item, list[top - 1])) {
        return;
    }
    let at = list.partition_point(|&x| before(x, item));
    list.insert(at, item);
    list.truncate(top);
}

/// Merges two tasks' best lists.
pub(super) fn merge_all(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_up_bounds_from_above_within_one_f32_step() {
        let mut x = 1e-50f64;
        while x < 1e45 {
            for v in [x, x * 1.000_000_1, x * 0.999_999_9, 1.0 / x] {
                let u = round_up(v);
                assert!(f64::from(u) >= v, "{v} rounded to {u}");
                if v >= f64::from(f32::MIN_POSITIVE) && v <= f64::from(f32::MAX) {
                    assert!(
                        f64::from(u) <= v * (1.0 + 2f64.powi(-23)),
                        "{v} rounded to {u}"
                    );
                }
            }
            x *= 1.37;
        }
        assert_eq!(round_up(0.0), 0.0);
        assert_eq!(round_up(1.0), 1.0);
        assert_eq!(round_up(f64::MAX), f32::INFINITY);
        assert!(round_up(1e-300) > 0.0);
    }
}
