//! Discrete factors over allele variables and their elimination (sum–product), the exact
//! inference core of the pedigree likelihood. A factor is a dense table over a few variables,
//! each with a small domain (the alleles it may take), stored row-major with the last variable
//! varying fastest.

/// A non-negative table over `vars` (indices of allele variables).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Factor {
    pub vars: Vec<usize>,
    pub data: Vec<f64>,
}

/// Work above which an elimination is refused rather than left to run for hours.
pub(crate) const WORK_LIMIT: f64 = 2.0e8;

/// The product of `factors`, laid out over `out_scope` (row-major), with `sum_var` (if any)
/// summed out. Every variable of every factor must be in `out_scope` or be `sum_var`.
pub(crate) fn combine(
    factors: &[&Factor],
    out_scope: &[usize],
    sum_var: Option<usize>,
    dims: &[usize],
) -> Factor {
    let k = out_scope.len();
    let inner = sum_var.map_or(1, |v| dims[v]);
    let out_dims: Vec<usize> = out_scope.iter().map(|&v| dims[v]).collect();
    let out_len: usize = out_dims.iter().product();
    // Per factor: its stride for each output position (flat, k per factor), and for the
    // summed variable.
    let nf = factors.len();
    let mut strides = vec![0usize; nf * k];
    let mut inner_strides = vec![0usize; nf];
    for (fi, f) in factors.iter().enumerate() {
        let mut s = 1;
        for i in (0..f.vars.len()).rev() {
            let v = f.vars[i];
            if Some(v) == sum_var {
                inner_strides[fi] = s;
            } else if let Some(d) = out_scope.iter().position(|&x| x == v) {
                strides[fi * k + d] = s;
            }
            s *= dims[v];
        }
    }
    let mut out = vec![0.0; out_len];
    let mut counter = vec![0usize; k];
    let mut offs = vec![0usize; nf];
    for slot in out.iter_mut() {
        let mut acc = 0.0;
        for x in 0..inner {
            let mut prod = 1.0;
            for (fi, f) in factors.iter().enumerate() {
                prod *= f.data[offs[fi] + x * inner_strides[fi]];
                if prod == 0.0 {
                    break;
                }
            }
            acc += prod;
        }
        *slot = acc;
        // Odometer over the output scope, last position fastest.
        let mut d = k;
        while d > 0 {
            d -= 1;
            counter[d] += 1;
            for (fi, o) in offs.iter_mut().enumerate() {
                *o += strides[fi * k + d];
            }
            if counter[d] < out_dims[d] {
                break;
            }
            for (fi, o) in offs.iter_mut().enumerate() {
                *o -= strides[fi * k + d] * out_dims[d];
            }
            counter[d] = 0;
        }
    }
    Factor {
        vars: out_scope.to_vec(),
        data: out,
    }
}

/// Eliminates every variable not in `keep` (greedy smallest-table-first order) and returns the
/// remaining factors, whose product is the marginal over the kept variables. `Err(work)` when
/// the work would exceed [`WORK_LIMIT`].
pub(crate) fn eliminate(
    mut factors: Vec<Factor>,
    dims: &[usize],
    keep: &[bool],
) -> Result<Vec<Factor>, f64> {
    let nvars = dims.len();
    let mut done = keep.to_vec();
    let mut work = 0.0;
    let mut scope: Vec<usize> = Vec::new();
    let mut masks: Vec<u128> = vec![0; if nvars <= 128 { nvars } else { 0 }];
    loop {
        // Pick the variable whose elimination table is smallest.
        let best = if nvars <= 128 {
            pick_by_mask(&factors, dims, &done, &mut masks)
        } else {
            pick_by_scan(&factors, dims, &done, &mut scope)
        };
        let Some((v, size)) = best else { break };
        done[v] = true;
        work += size;
        if work > WORK_LIMIT {
            return Err(work);
        }
        let mut with_v: Vec<Factor> = Vec::new();
        let mut i = 0;
        while i < factors.len() {
            if factors[i].vars.contains(&v) {
                with_v.push(factors.swap_remove(i));
            } else {
                i += 1;
            }
        }
        if with_v.is_empty() {
            // A variable no factor mentions sums its domain of ones.
            factors.push(Factor {
                vars: Vec::new(),
                data: vec![dims[v] as f64],
            });
            continue;
        }
        let mut out: Vec<usize> = Vec::new();
        for f in &with_v {
            for &x in &f.vars {
                if x != v && !out.contains(&x) {
                    out.push(x);
                }
            }
        }
        out.sort_unstable();
        let refs: Vec<&Factor> = with_v.iter().collect();
        factors.push(combine(&refs, &out, Some(v), dims));
    }
    Ok(factors)
}

/// The next variable to eliminate and its table size, with variable sets as bit masks.
fn pick_by_mask(
    factors: &[Factor],
    dims: &[usize],
    done: &[bool],
    masks: &mut [u128],
) -> Option<(usize, f64)> {
    masks.fill(0);
    for f in factors {
        let m = f.vars.iter().fold(0u128, |m, &x| m | (1u128 << x));
        for &x in &f.vars {
            masks[x] |= m;
        }
    }
    let mut best: Option<(usize, f64)> = None;
    for (v, &mask) in masks.iter().enumerate() {
        if done[v] {
            continue;
        }
        let mut size = dims[v] as f64;
        let mut rest = mask & !(1u128 << v);
        while rest != 0 {
            let x = rest.trailing_zeros() as usize;
            size *= dims[x] as f64;
            rest &= rest - 1;
        }
        if best.is_none_or(|(_, s)| size < s) {
            best = Some((v, size));
        }
    }
    best
}

/// The same choice for pedigrees too large for a 128-bit mask, by scanning the factors.
fn pick_by_scan(
    factors: &[Factor],
    dims: &[usize],
    done: &[bool],
    scope: &mut Vec<usize>,
) -> Option<(usize, f64)> {
    let mut best: Option<(usize, f64)> = None;
    for v in 0..dims.len() {
        if done[v] {
            continue;
        }
        let mut size = dims[v] as f64;
        scope.clear();
        for f in factors.iter().filter(|f| f.vars.contains(&v)) {
            for &x in &f.vars {
                if x != v && !scope.contains(&x) {
                    scope.push(x);
                    size *= dims[x] as f64;
                }
            }
        }
        if best.is_none_or(|(_, s)| size < s) {
            best = Some((v, size));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eliminating_a_chain_gives_its_total() {
        // p(a) · q(a, b): Σ_ab = 0.3·(1+2) + 0.7·(3+4).
        let p = Factor {
            vars: vec![0],
            data: vec![0.3, 0.7],
        };
        let q = Factor {
            vars: vec![0, 1],
            data: vec![1.0, 2.0, 3.0, 4.0],
        };
        let rest = eliminate(vec![p, q], &[2, 2], &[false, false]).unwrap();
        let total: f64 = rest.iter().map(|f| f.data[0]).product();
        assert!((total - (0.9 + 4.9)).abs() < 1e-12);
    }

    #[test]
    fn kept_variables_stay_in_the_marginal() {
        let q = Factor {
            vars: vec![0, 1],
            data: vec![1.0, 2.0, 3.0, 4.0],
        };
        let rest = eliminate(vec![q], &[2, 2], &[true, false]).unwrap();
        let refs: Vec<&Factor> = rest.iter().collect();
        let joint = combine(&refs, &[0], None, &[2, 2]);
        assert_eq!(joint.data, vec![3.0, 7.0]);
    }
}
