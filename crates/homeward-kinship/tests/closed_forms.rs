//! The engine against the published closed forms: parent–child, full and half siblings, with and
//! without mutation (equal, proportional, stepwise, sex-specific) and with θ.

mod common;

use common::{Alleles, HALF_SIBS, Member, SIBS, TRIO, assert_close, lr, one_marker_case};
use serde_json::{Value, json};

const P: [(&str, f64); 4] = [("10", 0.1), ("11", 0.2), ("12", 0.3), ("13", 0.4)];
const PA: f64 = 0.1;
const PB: f64 = 0.2;

fn g<'a>(a: &'a str, b: &'a str) -> [Option<&'a str>; 2] {
    [Some(a), Some(b)]
}

fn pc(mp: [Option<&str>; 2], parent: &str, pg: [Option<&str>; 2], extra: Value) -> f64 {
    lr(&one_marker_case(
        &P,
        &TRIO,
        Some(mp),
        &[(parent, pg)],
        extra,
    ))
}

#[test]
fn parent_child_without_mutation() {
    let none = || json!({});
    // Shared allele a, MP heterozygous: 1/(4 p_a).
    assert_close(
        pc(g("10", "11"), "F", g("10", "12"), none()),
        1.0 / (4.0 * PA),
        1e-12,
        "ab|ac",
    );
    // MP homozygous aa, parent ab: 1/(2 p_a).
    assert_close(
        pc(g("10", "10"), "F", g("10", "11"), none()),
        1.0 / (2.0 * PA),
        1e-12,
        "aa|ab",
    );
    // Both homozygous aa: 1/p_a.
    assert_close(
        pc(g("10", "10"), "M", g("10", "10"), none()),
        1.0 / PA,
        1e-12,
        "aa|aa",
    );
    // Same heterozygote ab: (p_a + p_b)/(4 p_a p_b).
    let want = (PA + PB) / (4.0 * PA * PB);
    assert_close(
        pc(g("10", "11"), "F", g("10", "11"), none()),
        want,
        1e-12,
        "ab|ab",
    );
    // No shared allele: exclusion, exactly 0.
    assert_eq!(pc(g("10", "11"), "F", g("12", "13"), none()), 0.0);
}

/// Σₓ pₓ·M(x, a) under the equal model: the allele an untyped founder parent passes on.
fn passed_on_equal(pa: f64, r: f64) -> f64 {
    pa * (1.0 - r) + (1.0 - pa) * r / 3.0
}

#[test]
fn parent_child_with_mutation() {
    let (r, n) = (0.005, 4.0);
    let equal = json!({"mutation": {"model": "equal", "rate": r}});
    // MP aa, father bb: the father passes a only by mutation b → a (r/(n − 1)); the untyped
    // mother passes a with Σₓ pₓ M(x, a). LR = M(b, a)·Σₓ pₓ M(x, a) / p_a².
    let got = pc(g("10", "10"), "F", g("11", "11"), equal.clone());
    let want = r / (n - 1.0) * passed_on_equal(PA, r) / (PA * PA);
    assert_close(got, want, 1e-12, "equal aa|bb");
    // MP ab, father ac: paternal a (kept, or c → a) with maternal b, or paternal b by mutation
    // with maternal a.
    let m_aa = 1.0 - r;
    let m_xa = r / (n - 1.0);
    let h1 =
        0.5 * (m_aa + m_xa) * passed_on_equal(PB, r) + 0.5 * (m_xa + m_xa) * passed_on_equal(PA, r);
    let got = pc(g("10", "11"), "F", g("10", "12"), equal);
    assert_close(got, h1 / (2.0 * PA * PB), 1e-12, "equal ab|ac");
    // Sex-specific: maternal transmissions use the female rate, paternal ones the male rate.
    let (rf, rm) = (0.001, 0.005);
    let sexed = json!({"mutation": {"model": "equal", "rate": {"female": rf, "male": rm}}});
    let got = pc(g("10", "10"), "M", g("11", "11"), sexed.clone());
    let want = rf / 3.0 * passed_on_equal(PA, rm) / (PA * PA);
    assert_close(got, want, 1e-12, "female rate");
    let got = pc(g("10", "10"), "F", g("11", "11"), sexed);
    let want = rm / 3.0 * passed_on_equal(PA, rf) / (PA * PA);
    assert_close(got, want, 1e-12, "male rate");
    // Proportional keeps the frequencies stationary (Σₓ pₓ M(x, a) = p_a) and M(b, a) = α p_a
    // with α = r / Σ p(1 − p), so LR(aa | bb) = α.
    let het: f64 = P.iter().map(|(_, p)| p * (1.0 - p)).sum();
    let prop = json!({"mutation": {"model": "proportional", "rate": r}});
    let got = pc(g("10", "10"), "F", g("11", "11"), prop);
    assert_close(got, r / het, 1e-12, "proportional aa|bb");
    // Stepwise, every allele in group 0: from x, each other allele y gets r·R^|x−y| / Σ.
    let range: f64 = 0.1;
    let step = json!({"mutation": {"model": "stepwise", "rate": r, "rate2": 1e-6, "range": range}});
    let got = pc(g("11", "11"), "F", g("10", "10"), step);
    let (r1, r2, r3) = (range, range.powi(2), range.powi(3));
    let to_11 = [
        r * r1 / (r1 + r2 + r3),
        1.0 - r,
        r * r1 / (r2 + 2.0 * r1),
        r * r2 / (r3 + r2 + r1),
    ];
    let passed: f64 = P.iter().zip(to_11).map(|((_, p), m)| p * m).sum();
    assert_close(got, to_11[0] * passed / (PB * PB), 1e-12, "stepwise bb|aa");
}

#[test]
fn parent_child_with_theta() {
    // MP aa, father ab, mother untyped: (1 + 2θ) / (2(2θ + (1 − θ)p_a)).
    let t = 0.03;
    let got = pc(g("10", "10"), "F", g("10", "11"), json!({"theta": t}));
    let want = (1.0 + 2.0 * t) / (2.0 * (2.0 * t + (1.0 - t) * PA));
    assert_close(got, want, 1e-12, "theta aa|ab");
}

/// The LR with one typed relative, `reference` = (id in `pedigree`, typing).
fn one_relative(pedigree: &[Member<'_>], mp: Alleles<'_>, reference: (&str, Alleles<'_>)) -> f64 {
    lr(&one_marker_case(
        &P,
        pedigree,
        Some(mp),
        &[reference],
        json!({}),
    ))
}

fn sib(mp: Alleles<'_>, s: Alleles<'_>) -> f64 {
    one_relative(&SIBS, mp, ("S", s))
}

fn half(mp: Alleles<'_>, h: Alleles<'_>) -> f64 {
    one_relative(&HALF_SIBS, mp, ("H", h))
}

#[test]
fn full_siblings() {
    // LR = k0 + k1·LR_PC + k2·LR_identity with (k0, k1, k2) = (¼, ½, ¼).
    let want = (1.0 + PA + PB + 2.0 * PA * PB) / (8.0 * PA * PB);
    assert_close(sib(g("10", "11"), g("10", "11")), want, 1e-12, "ab,ab");
    let want = (1.0 + PA).powi(2) / (4.0 * PA * PA);
    assert_close(sib(g("10", "10"), g("10", "10")), want, 1e-12, "aa,aa");
    let want = (1.0 + 2.0 * PA) / (8.0 * PA);
    assert_close(sib(g("10", "11"), g("10", "12")), want, 1e-12, "ab,ac");
    let want = (1.0 + PA) / (4.0 * PA);
    assert_close(sib(g("10", "10"), g("10", "11")), want, 1e-12, "aa,ab");
    assert_close(sib(g("10", "11"), g("12", "13")), 0.25, 1e-12, "ab,cd");
}

#[test]
fn half_siblings() {
    // (k0, k1) = (½, ½): LR = ½ + ½·LR_PC.
    let want = 0.5 + (PA + PB) / (8.0 * PA * PB);
    assert_close(half(g("10", "11"), g("10", "11")), want, 1e-12, "ab,ab");
    let want = 0.5 + 1.0 / (4.0 * PA);
    assert_close(half(g("10", "10"), g("10", "11")), want, 1e-12, "aa,ab");
    assert_close(half(g("10", "11"), g("12", "13")), 0.5, 1e-12, "ab,cd");
}

#[test]
fn half_typed_remains_sum_over_the_table() {
    // MP [a, null], father aa: H1 = P(MP carries a | F aa) = 1; H2 = 2 p_a − p_a².
    let got = pc([Some("10"), None], "F", g("10", "10"), json!({}));
    assert_close(got, 1.0 / (2.0 * PA - PA * PA), 1e-12, "half-typed");
}

#[test]
fn untyped_remains_marker_is_exactly_one() {
    let input = one_marker_case(&P, &TRIO, None, &[("F", g("10", "11"))], json!({}));
    assert_eq!(lr(&input), 1.0);
    let input = one_marker_case(
        &P,
        &TRIO,
        Some([None, None]),
        &[("F", g("10", "11"))],
        json!({}),
    );
    assert_eq!(lr(&input), 1.0);
}
