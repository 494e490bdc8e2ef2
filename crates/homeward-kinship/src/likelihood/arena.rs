//! The elimination arena of the fast likelihood path: kept people and their allele variables
//! (or one phase variable for a fully typed person), factors as slices of one data buffer, a
//! greedy elimination order cached per typing pattern, and the sum–product itself. Nothing here
//! allocates once the buffers have grown.

use super::factor::WORK_LIMIT;
use super::{Person, TooLarge};

/// A model as slices: `n` (possibly merged) alleles and their frequencies, and the original
/// row-major transmission matrices over `full` alleles, read through the merge on demand (only
/// the entries a factor needs are ever summed).
#[derive(Clone, Copy)]
pub(super) struct Eff<'a> {
    pub n: usize,
    pub freqs: &'a [f64],
    pub pat: Option<&'a [f64]>,
    pub mat: Option<&'a [f64]>,
    pub full: usize,
    /// Original index of each allele but the last when merged.
    pub observed: &'a [usize],
    /// Original indices merged into the last allele (empty: nothing merged).
    pub others: &'a [usize],
}

impl<'a> Eff<'a> {
    /// Every allele of `model`'s table kept distinct (nothing merged).
    pub fn distinct(model: &super::MarkerModel<'a>) -> Self {
        let n = model.freqs.len();
        Eff {
            n,
            freqs: model.freqs,
            pat: model.paternal.map(|m| m.rows()),
            mat: model.maternal.map(|m| m.rows()),
            full: n,
            observed: &[],
            others: &[],
        }
    }

    /// P(`from` is received as `to`) in the (merged) alleles.
    #[inline]
    fn t(&self, m: Option<&[f64]>, from: usize, to: usize) -> f64 {
        let Some(m) = m else {
            return f64::from(u8::from(from == to));
        };
        if self.others.is_empty() {
            return m[from * self.full + to];
        }
        let k = self.observed.len();
        // Rows of merged alleles are alike (lumpable models): the first stands for them all.
        let f = if from < k {
            self.observed[from]
        } else {
            self.others[0]
        };
        let row = &m[f * self.full..(f + 1) * self.full];
        if to < k {
            row[self.observed[to]]
        } else {
            self.others.iter().map(|&x| row[x]).sum()
        }
    }
}

/// A factor in the arena: its scope (a slice of `Ve::scope`, with a bit mask) and its data.
#[derive(Debug, Clone, Copy)]
struct Fac {
    s_off: u32,
    s_len: u32,
    d_off: u32,
    mask: u64,
    alive: bool,
}

/// Elimination scratch.
#[derive(Debug, Default)]
pub(super) struct Ve {
    keep: Vec<bool>,
    pub index: Vec<u32>,
    pub persons: Vec<Person>,
    kids: Vec<u32>,
    source: Vec<bool>,
    phase: Vec<bool>,
    dom: Vec<u16>,
    dom_off: Vec<u32>,
    dims: Vec<usize>,
    sym: Vec<usize>,
    scope: Vec<u16>,
    factors: Vec<Fac>,
    data: Vec<f64>,
    done: Vec<bool>,
    masks: Vec<u64>,
    with_v: Vec<u32>,
    out_scope: Vec<u16>,
    strides: Vec<usize>,
    inner: Vec<usize>,
    offs: Vec<usize>,
    counter: Vec<usize>,
    key: Vec<u32>,
    plans: Vec<Plan>,
}

/// A cached elimination order for one signature (see [`Ve::signature`]).
#[derive(Debug)]
struct Plan {
    key: Vec<u32>,
    order: Vec<u16>,
}

/// Plans kept per evaluator before the cache is cleared.
const MAX_PLANS: usize = 256;

pub(super) const NO_TARGET: usize = usize::MAX;

impl Ve {
    /// Keeps the typed people, their ancestors and `target` (if any), relabelled in order.
    pub(super) fn prune(&mut self, persons: &[Person], target: usize) {
        self.keep.clear();
        self.keep
            .extend(persons.iter().map(|p| p.evidence.is_some()));
        if target != NO_TARGET {
            self.keep[target] = true;
        }
        for i in (0..persons.len()).rev() {
            if self.keep[i]
                && let Some((f, m)) = persons[i].parents
            {
                self.keep[f] = true;
                self.keep[m] = true;
            }
        }
        self.index.clear();
        self.persons.clear();
        for (i, p) in persons.iter().enumerate() {
            self.index.push(self.persons.len() as u32);
            if self.keep[i] {
                let parents = p
                    .parents
                    .map(|(f, m)| (self.index[f] as usize, self.index[m] as usize));
                self.persons.push(Person {
                    parents,
                    evidence: p.evidence,
                });
            }
        }
    }

    /// Builds the factors and eliminates every variable but the target's.
    pub(super) fn run(&mut self, eff: &Eff<'_>, target: usize) -> Result<(), TooLarge> {
        let np = self.persons.len();
        let nv = 2 * np;
        // Untyped founders with one kept child become allele sources.
        self.kids.clear();
        self.kids.resize(np, 0);
        for p in &self.persons {
            if let Some((f, m)) = p.parents {
                self.kids[f] += 1;
                self.kids[m] += 1;
            }
        }
        self.source.clear();
        self.source
            .extend(self.persons.iter().enumerate().map(|(i, p)| {
                p.parents.is_none() && p.evidence.is_none() && i != target && self.kids[i] == 1
            }));
        // Fully typed people carry one phase variable (which of their two alleles is paternal:
        // one state for a homozygote, two for a heterozygote) instead of two allele variables
        // and a typing factor; their second variable is unused.
        self.phase.clear();
        self.phase.extend(
            self.persons
                .iter()
                .map(|p| p.evidence.is_some_and(|g| g.second().is_some())),
        );
        // Domains.
        self.dom.clear();
        self.dom_off.clear();
        self.dims.clear();
        for (i, p) in self.persons.iter().enumerate() {
            if self.phase[i] {
                let g = p.evidence.expect("typed");
                let het = g.second() != Some(g.first());
                self.dom_off.extend([self.dom.len() as u32; 2]);
                self.dims.extend([1 + usize::from(het), 1]);
                continue;
            }
            let start = self.dom.len();
            match p.evidence {
                Some(g) => match g.second() {
                    Some(s) if s == g.first() => self.dom.push(s as u16),
                    Some(s) => self.dom.extend([g.first() as u16, s as u16]),
                    None => self.dom.extend(0..eff.n as u16),
                },
                None => self.dom.extend(0..eff.n as u16),
            }
            let len = self.dom.len() - start;
            for _ in 0..2 {
                self.dom_off.push(start as u32);
                self.dims.push(len);
            }
        }
        self.scope.clear();
        self.factors.clear();
        self.data.clear();
        for i in 0..np {
            let p = self.persons[i];
            let (pv, mv) = (2 * i, 2 * i + 1);
            match p.parents {
                None if self.source[i] => {}
                None if self.phase[i] => {
                    // A typed founder: its phase states, each with prior p_x·p_y.
                    self.push_factor(&[pv as u16]);
                    for k in 0..self.dims[pv] {
                        let (x, y) = (self.allele(i, 0, k), self.allele(i, 1, k));
                        self.data.push(eff.freqs[x] * eff.freqs[y]);
                    }
                }
                None => {
                    for v in [pv, mv] {
                        self.push_factor(&[v as u16]);
                        for k in 0..self.dims[v] {
                            let x = self.domain(v, k);
                            self.data.push(eff.freqs[x]);
                        }
                    }
                }
                Some((f, m)) => {
                    self.transmission(eff, f, i, 0, eff.pat);
                    self.transmission(eff, m, i, 1, eff.mat);
                }
            }
            if let Some(g) = p.evidence
                && !self.phase[i]
            {
                // Half-typed: the known allele is one of the two.
                self.push_factor(&[pv as u16, mv as u16]);
                for a in 0..self.dims[pv] {
                    let x = self.domain(pv, a);
                    for b in 0..self.dims[mv] {
                        let y = self.domain(mv, b);
                        self.data.push(if g.matches(x, y) { 1.0 } else { 0.0 });
                    }
                }
            }
        }
        // Eliminate.
        self.done.clear();
        self.done.resize(nv, false);
        for i in 0..np {
            if self.source[i] || i == target {
                self.done[2 * i] = true;
                self.done[2 * i + 1] = true;
            }
            if self.phase[i] {
                self.done[2 * i + 1] = true;
            }
        }
        self.masks.clear();
        self.masks.resize(nv, 0);
        let mut work = 0.0;
        self.signature(target);
        if let Some(k) = self.plans.iter().position(|p| p.key == self.key) {
            let order = std::mem::take(&mut self.plans[k].order);
            let result = order.iter().try_for_each(|&v| {
                self.done[usize::from(v)] = true;
                self.eliminate(usize::from(v), &mut work)
            });
            self.plans[k].order = order;
            return result;
        }
        // The order depends on the signature only (symbolic domain sizes: 8 for an untyped or
        // half-typed allele), never on which marker came first: results are reproducible
        // whatever the evaluator's history.
        self.sym.clear();
        for p in &self.persons {
            let (d, e) = match p.evidence.map(|g| (g.first(), g.second())) {
                Some((a, Some(b))) if a == b => (1, 1),
                Some((_, Some(_))) => (2, 1),
                _ => (8, 8),
            };
            self.sym.extend([d, e]);
        }
        let mut order = Vec::new();
        while let Some((v, _)) = self.pick() {
            self.done[v] = true;
            order.push(v as u16);
            self.eliminate(v, &mut work)?;
        }
        if self.plans.len() >= MAX_PLANS {
            self.plans.clear();
        }
        self.plans.push(Plan {
            key: self.key.clone(),
            order,
        });
        Ok(())
    }

    /// The structure that decides the elimination order: kept people's parents, how they are
    /// typed (untyped or half-typed, homozygous, heterozygous), sources, and the target.
    fn signature(&mut self, target: usize) {
        self.key.clear();
        self.key.push(target as u32);
        for (i, p) in self.persons.iter().enumerate() {
            let (f, m) = p
                .parents
                .map_or((u32::MAX, u32::MAX), |(f, m)| (f as u32, m as u32));
            let kind = match p.evidence.map(|g| (g.first(), g.second())) {
                Some((a, Some(b))) if a == b => 1,
                Some((_, Some(_))) => 2,
                _ => 0,
            };
            self.key
                .extend([f, m, kind | (u32::from(self.source[i]) << 2)]);
        }
    }

    #[inline]
    fn domain(&self, v: usize, k: usize) -> usize {
        usize::from(self.dom[self.dom_off[v] as usize + k])
    }

    fn push_factor(&mut self, vars: &[u16]) {
        let mask = vars.iter().fold(0u64, |m, &x| m | (1u64 << x));
        self.factors.push(Fac {
            s_off: self.scope.len() as u32,
            s_len: vars.len() as u32,
            d_off: self.data.len() as u32,
            mask,
            alive: true,
        });
        self.scope.extend_from_slice(vars);
    }

    /// The allele of person `i` on `side` (0 paternal, 1 maternal) in state `k` of its variable.
    #[inline]
    fn allele(&self, i: usize, side: usize, k: usize) -> usize {
        if self.phase[i] {
            let g = self.persons[i].evidence.expect("typed");
            let (a, b) = (g.first(), g.second().unwrap_or(g.first()));
            if (side == 0) == (k == 0) { a } else { b }
        } else {
            self.domain(2 * i + side, k)
        }
    }

    /// The variable holding person `i`'s allele on `side`.
    #[inline]
    fn var(&self, i: usize, side: usize) -> usize {
        if self.phase[i] { 2 * i } else { 2 * i + side }
    }

    /// The factor of child `c`'s allele on `side` given its parent's alleles (or, for a source
    /// parent, the child's allele distribution Σp·Σₓ pₓ·M[x, z]).
    fn transmission(
        &mut self,
        eff: &Eff<'_>,
        parent: usize,
        c: usize,
        side: usize,
        m: Option<&[f64]>,
    ) {
        let n = eff.n;
        let cv = self.var(c, side);
        if self.source[parent] {
            // The untransmitted allele sums to Σp (1 unless the table does not sum to 1).
            let total: f64 = eff.freqs.iter().sum();
            self.push_factor(&[cv as u16]);
            for k in 0..self.dims[cv] {
                let z = self.allele(c, side, k);
                let q: f64 = match m {
                    Some(_) => (0..n).map(|x| eff.freqs[x] * eff.t(m, x, z)).sum(),
                    None => eff.freqs[z],
                };
                self.data.push(total * q);
            }
            return;
        }
        if self.phase[parent] {
            let pv = 2 * parent;
            self.push_factor(&[pv as u16, cv as u16]);
            for i in 0..self.dims[pv] {
                let (x, y) = (self.allele(parent, 0, i), self.allele(parent, 1, i));
                for k in 0..self.dims[cv] {
                    let z = self.allele(c, side, k);
                    let value = 0.5 * (eff.t(m, x, z) + eff.t(m, y, z));
                    self.data.push(value);
                }
            }
            return;
        }
        let (a, b) = (2 * parent, 2 * parent + 1);
        self.push_factor(&[a as u16, b as u16, cv as u16]);
        for i in 0..self.dims[a] {
            let x = self.domain(a, i);
            for j in 0..self.dims[b] {
                let y = self.domain(b, j);
                for k in 0..self.dims[cv] {
                    let z = self.allele(c, side, k);
                    let value = 0.5 * (eff.t(m, x, z) + eff.t(m, y, z));
                    self.data.push(value);
                }
            }
        }
    }

    /// The next variable (smallest elimination table, in symbolic sizes) and that size.
    fn pick(&mut self) -> Option<(usize, f64)> {
        self.masks.fill(0);
        for f in self.factors.iter().filter(|f| f.alive) {
            let mut bits = f.mask;
            while bits != 0 {
                let x = bits.trailing_zeros() as usize;
                self.masks[x] |= f.mask;
                bits &= bits - 1;
            }
        }
        let mut best: Option<(usize, f64)> = None;
        for v in 0..self.dims.len() {
            if self.done[v] {
                continue;
            }
            let mut size = self.sym[v] as f64;
            let mut rest = self.masks[v] & !(1u64 << v);
            while rest != 0 {
                size *= self.sym[rest.trailing_zeros() as usize] as f64;
                rest &= rest - 1;
            }
            if best.is_none_or(|(_, s)| size < s) {
                best = Some((v, size));
            }
        }
        best
    }

    /// Sums out `v`: the product of the factors mentioning it becomes one new factor. `work`
    /// accumulates table sizes; past [`WORK_LIMIT`] the computation is refused.
    fn eliminate(&mut self, v: usize, work: &mut f64) -> Result<(), TooLarge> {
        let bit = 1u64 << v;
        self.with_v.clear();
        let mut union = 0u64;
        for (i, f) in self.factors.iter_mut().enumerate() {
            if f.alive && f.mask & bit != 0 {
                f.alive = false;
                union |= f.mask;
                self.with_v.push(i as u32);
            }
        }
        if self.with_v.is_empty() {
            let dim = self.dims[v] as f64;
            self.push_factor(&[]);
            self.data.push(dim);
            return Ok(());
        }
        self.out_scope.clear();
        let mut rest = union & !bit;
        let mut size = self.dims[v] as f64;
        while rest != 0 {
            let x = rest.trailing_zeros();
            size *= self.dims[x as usize] as f64;
            self.out_scope.push(x as u16);
            rest &= rest - 1;
        }
        *work += size;
        if *work > WORK_LIMIT {
            return Err(TooLarge(*work));
        }
        self.combine(Some(v));
        Ok(())
    }

    /// Multiplies the factors `with_v` over `out_scope`, summing `sum_var` out, and appends the
    /// result as a new live factor.
    fn combine(&mut self, sum_var: Option<usize>) {
        let k = self.out_scope.len();
        let nf = self.with_v.len();
        let inner = sum_var.map_or(1, |v| self.dims[v]);
        self.strides.clear();
        self.strides.resize(nf * k, 0);
        self.inner.clear();
        self.inner.resize(nf, 0);
        self.offs.clear();
        for (fi, &f) in self.with_v.iter().enumerate() {
            let fac = self.factors[f as usize];
            let vars = &self.scope[fac.s_off as usize..(fac.s_off + fac.s_len) as usize];
            let mut s = 1;
            for &x in vars.iter().rev() {
                let x = usize::from(x);
                if Some(x) == sum_var {
                    self.inner[fi] = s;
                } else if let Some(d) = self.out_scope.iter().position(|&o| usize::from(o) == x) {
                    self.strides[fi * k + d] = s;
                }
                s *= self.dims[x];
            }
            self.offs.push(fac.d_off as usize);
        }
        let out_len: usize = self
            .out_scope
            .iter()
            .map(|&x| self.dims[usize::from(x)])
            .product();
        let mask = self.out_scope.iter().fold(0u64, |m, &x| m | (1u64 << x));
        let base = self.data.len();
        self.factors.push(Fac {
            s_off: self.scope.len() as u32,
            s_len: k as u32,
            d_off: base as u32,
            mask,
            alive: true,
        });
        let out_scope = std::mem::take(&mut self.out_scope);
        self.scope.extend_from_slice(&out_scope);
        self.counter.clear();
        self.counter.resize(k, 0);
        self.data.resize(base + out_len, 0.0);
        let (src, dst) = self.data.split_at_mut(base);
        for slot in dst.iter_mut() {
            let mut acc = 0.0;
            for x in 0..inner {
                let mut prod = 1.0;
                for (fi, &o) in self.offs.iter().enumerate() {
                    prod *= src[o + x * self.inner[fi]];
                    if prod == 0.0 {
                        break;
                    }
                }
                acc += prod;
            }
            *slot = acc;
            let mut d = k;
            while d > 0 {
                d -= 1;
                let dim = self.dims[usize::from(out_scope[d])];
                self.counter[d] += 1;
                for (fi, o) in self.offs.iter_mut().enumerate() {
                    *o += self.strides[fi * k + d];
                }
                if self.counter[d] < dim {
                    break;
                }
                for (fi, o) in self.offs.iter_mut().enumerate() {
                    *o -= self.strides[fi * k + d] * dim;
                }
                self.counter[d] = 0;
            }
        }
        self.out_scope = out_scope;
    }

    /// The product of the remaining (scalar) factors.
    pub(super) fn finish_scalar(&self) -> f64 {
        self.factors
            .iter()
            .filter(|f| f.alive)
            .map(|f| self.data[f.d_off as usize])
            .product()
    }

    /// The remaining factors multiplied over the target's two allele variables.
    pub(super) fn finish_joint(&mut self, t: usize, out: &mut Vec<f64>) {
        self.with_v.clear();
        for (i, f) in self.factors.iter().enumerate() {
            if f.alive {
                self.with_v.push(i as u32);
            }
        }
        self.out_scope.clear();
        self.out_scope.extend([(2 * t) as u16, (2 * t + 1) as u16]);
        let base = self.data.len();
        self.combine(None);
        out.clear();
        out.extend_from_slice(&self.data[base..]);
    }
}
