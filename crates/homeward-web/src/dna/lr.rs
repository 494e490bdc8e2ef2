//! Likelihood ratios written for people: `3.2 × 10⁹` rather than `3.2e9` or a row of digits,
//! and the base-10 logarithm beside it (what reviewers compare against a threshold). The same
//! notation in every language: the digits and the multiplication sign are read alike in en, ko
//! and zh.

/// Superscript digits and minus sign, for exponents.
fn superscript(n: i32) -> String {
    let digits = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut out = String::new();
    if n < 0 {
        out.push('⁻');
    }
    for c in n.unsigned_abs().to_string().chars() {
        let d = c.to_digit(10).unwrap_or(0) as usize;
        out.push(digits[d]);
    }
    out
}

/// An LR as people read it: `0` for an exclusion, two significant digits in plain notation
/// between 0.01 and 10 000, else `m × 10ⁿ` with m to one decimal.
pub fn human(lr: f64) -> String {
    if lr == 0.0 {
        return "0".to_owned();
    }
    if !lr.is_finite() || lr < 0.0 {
        return lr.to_string();
    }
    if (0.01..10_000.0).contains(&lr) {
        let digits = (1 - lr.log10().floor() as i32).max(0) as usize;
        return format!("{lr:.digits$}");
    }
    let mut exponent = lr.log10().floor() as i32;
    let mut mantissa = lr / 10f64.powi(exponent);
    if (mantissa * 10.0).round() >= 100.0 {
        mantissa /= 10.0;
        exponent += 1;
    }
    format!("{mantissa:.1} × 10{}", superscript(exponent))
}

/// The base-10 logarithm of an LR to two decimals; `−∞` for an exclusion.
pub fn log10(lr: f64) -> String {
    if lr == 0.0 {
        return "−∞".to_owned();
    }
    format!("{:.2}", lr.log10()).replace('-', "−")
}

/// The base-10 logarithm as the API gives it (`null` for an exclusion).
pub fn log10_value(lr: f64) -> Option<f64> {
    (lr > 0.0 && lr.is_finite()).then(|| lr.log10())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_and_small_lrs_are_written_in_scientific_notation() {
        assert_eq!(human(3.2e9), "3.2 × 10⁹");
        assert_eq!(human(1.0e12), "1.0 × 10¹²");
        assert_eq!(human(9.96e5), "1.0 × 10⁶");
        assert_eq!(human(4.1e-3), "4.1 × 10⁻³");
        assert_eq!(human(0.0), "0");
    }

    #[test]
    fn moderate_lrs_are_plain() {
        assert_eq!(human(1.0), "1.0");
        assert_eq!(human(2.54), "2.5");
        assert_eq!(human(254.0), "254");
        assert_eq!(human(0.25), "0.25");
    }

    #[test]
    fn the_logarithm_has_two_decimals() {
        assert_eq!(log10(3.2e9), "9.51");
        assert_eq!(log10(0.001), "−3.00");
        assert_eq!(log10(0.0), "−∞");
        assert_eq!(log10_value(0.0), None);
        assert_eq!(log10_value(100.0), Some(2.0));
    }
}
