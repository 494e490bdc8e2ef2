//! Lineage markers: Y-STR haplotypes along the paternal line ([`y`]), mtDNA along the maternal
//! line ([`mt`]), haplotype frequencies by the counting method with a one-sided 95%
//! Clopper–Pearson upper bound, and the combined LR (autosomal × Y × mt, each factor present
//! only where both sides are typed).
//!
//! Lineage markers are inherited as one block, so they are never multiplied across loci by
//! population frequencies: a haplotype's frequency is counted in a database of size N.

mod case;
pub mod mt;
pub mod screen;
pub mod y;

pub use case::{LineageCase, LineageReport, MAX_MEIOSES, SystemReport};

/// A haplotype frequency by the counting method: `count` of `database_size` database
/// haplotypes match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HaplotypeFrequency {
    /// Matching database haplotypes.
    pub count: u64,
    /// Database size N.
    pub database_size: u64,
}

impl HaplotypeFrequency {
    /// The point estimate count / N (0 for an unseen haplotype: use [`Self::upper_95`]).
    pub fn estimate(&self) -> f64 {
        if self.database_size == 0 {
            return 0.0;
        }
        self.count as f64 / self.database_size as f64
    }

    /// The one-sided 95% Clopper–Pearson upper bound (1 − 0.05^(1/N) for an unseen haplotype),
    /// the conservative frequency for an LR.
    pub fn upper_95(&self) -> f64 {
        clopper_pearson_upper(self.count, self.database_size, 0.05)
    }
}

/// The one-sided (1 − α) Clopper–Pearson upper bound for x successes in n trials: the p with
/// P(X ≤ x | n, p) = α, i.e. the (1 − α) quantile of Beta(x + 1, n − x); 1 when x ≥ n.
pub fn clopper_pearson_upper(x: u64, n: u64, alpha: f64) -> f64 {
    if x >= n {
        return 1.0;
    }
    let (a, b) = ((x + 1) as f64, (n - x) as f64);
    let target = 1.0 - alpha;
    // I_p(a, b) increases with p: bisection to machine precision.
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if regularized_beta(mid, a, b) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The combined LR: the product of the factors present. A factor is `None` where one side is
/// untyped for that system (it then contributes nothing, not 1 by assumption of a match).
pub fn combined_lr(autosomal: Option<f64>, y: Option<f64>, mt: Option<f64>) -> f64 {
    [autosomal, y, mt].into_iter().flatten().product()
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-15).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = C[0];
    for (i, &c) in C.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The regularized incomplete beta function I_x(a, b) (continued fraction, Lentz).
fn regularized_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_fraction(x, a, b) / a
    } else {
        1.0 - ln_front.exp() * beta_fraction(1.0 - x, b, a) / b
    }
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..10_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    /// P(X ≤ x | n, p) by direct summation (an independent check of the bound).
    fn binomial_cdf(x: u64, n: u64, p: f64) -> f64 {
        (0..=x)
            .map(|k| {
                let k = k as f64;
                let n = n as f64;
                let ln_choose = ln_gamma(n + 1.0) - ln_gamma(k + 1.0) - ln_gamma(n - k + 1.0);
                (ln_choose + k * p.ln() + (n - k) * (1.0 - p).ln()).exp()
            })
            .sum()
    }

    #[test]
    fn unseen_haplotype_bound_is_one_minus_alpha_root() {
        for n in [1u64, 10, 100, 1_000, 25_000] {
            let want = 1.0 - 0.05f64.powf(1.0 / n as f64);
            let got = clopper_pearson_upper(0, n, 0.05);
            assert!(
                ((got - want) / want).abs() < 1e-9,
                "n = {n}: {got} vs {want}"
            );
        }
        let f = HaplotypeFrequency {
            count: 0,
            database_size: 3_000,
        };
        assert!((f.upper_95() - 0.000998).abs() < 1e-6);
    }

    #[test]
    fn bounds_solve_the_binomial_tail() {
        for (x, n) in [(1u64, 10u64), (3, 50), (12, 400), (99, 100)] {
            let p = clopper_pearson_upper(x, n, 0.05);
            assert!(
                (binomial_cdf(x, n, p) - 0.05).abs() < 1e-9,
                "x = {x}, n = {n}"
            );
        }
        // A published value: 1 of 10, one-sided 95% upper bound 0.3942.
        assert!((clopper_pearson_upper(1, 10, 0.05) - 0.394_163).abs() < 1e-5);
        assert_eq!(clopper_pearson_upper(5, 5, 0.05), 1.0);
    }

    #[test]
    fn combined_lr_multiplies_what_is_typed() {
        assert_eq!(combined_lr(Some(10.0), Some(3.0), None), 30.0);
        assert_eq!(combined_lr(None, None, Some(5.0)), 5.0);
        assert_eq!(combined_lr(None, None, None), 1.0);
    }
}
