//! The Balding–Nichols θ correction: founder alleles drawn jointly from one subpopulation, the
//! j-th drawn allele being x with probability (n_x·θ + (1 − θ)·p_x) / (1 + (j − 2)·θ), where
//! n_x counts the earlier draws of x.

/// Probability of drawing `alleles` in this order under the sampling formula.
///
/// `counts` is scratch space of at least `freqs.len()` entries; it is left zeroed.
pub fn sampling_probability(
    alleles: &[usize],
    freqs: &[f64],
    theta: f64,
    counts: &mut [u32],
) -> f64 {
    let mut prob = 1.0;
    for (j0, &x) in alleles.iter().enumerate() {
        // j = j0 + 1, so the denominator is 1 + (j0 − 1)·θ.
        let num = f64::from(counts[x]) * theta + (1.0 - theta) * freqs[x];
        let den = 1.0 + (j0 as f64 - 1.0) * theta;
        prob *= num / den;
        counts[x] += 1;
    }
    for &x in alleles {
        counts[x] = 0;
    }
    prob
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theta_zero_is_independence() {
        let p = [0.2, 0.8];
        let mut c = [0u32; 2];
        let got = sampling_probability(&[0, 1, 1], &p, 0.0, &mut c);
        assert!((got - 0.2 * 0.8 * 0.8).abs() < 1e-15);
        assert_eq!(c, [0, 0]);
    }

    #[test]
    fn homozygote_with_theta_matches_balding_nichols() {
        // P(aa) = p(θ + (1 − θ)p).
        let (p, t) = (0.1, 0.03);
        let mut c = [0u32; 2];
        let got = sampling_probability(&[0, 0], &[p, 1.0 - p], t, &mut c);
        assert!((got - p * (t + (1.0 - t) * p)).abs() < 1e-15);
    }

    #[test]
    fn probabilities_of_all_sequences_sum_to_one() {
        let p = [0.5, 0.25, 0.25];
        let mut c = [0u32; 3];
        let mut total = 0.0;
        for a in 0..3 {
            for b in 0..3 {
                for d in 0..3 {
                    total += sampling_probability(&[a, b, d], &p, 0.05, &mut c);
                }
            }
        }
        assert!((total - 1.0).abs() < 1e-14);
    }
}
