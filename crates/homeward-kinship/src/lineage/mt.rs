//! mtDNA profiles as variants against rCRS within a sequenced range: comparison over the
//! overlap of the two ranges only (a position outside either range says nothing), differences
//! counted, counting-method frequency, and the LR for a maternal-line relative.

use super::HaplotypeFrequency;
use crate::error::CaseError;

/// One difference from rCRS: a substitution (`16519C`), an insertion after a position
/// (`309.1C`) or a deletion (`249del`, `249-`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MtVariant {
    /// rCRS position (1–16569).
    pub position: u32,
    /// Insertion index after `position` (0 for substitutions and deletions).
    pub insertion: u32,
    /// The base (`A`, `C`, `G`, `T`, IUPAC codes for heteroplasmy) or `del`.
    pub base: String,
}

impl MtVariant {
    /// Parses `16519C`, `309.1C`, `249del` or `249-`.
    pub fn parse(text: &str) -> Result<Self, CaseError> {
        let t = text.trim();
        let bad = || CaseError::Malformed {
            reason: format!("mtDNA variant `{t}`: expected e.g. 16519C, 309.1C or 249del"),
        };
        let split = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let (place, base) = t.split_at(split);
        let (pos, ins) = match place.split_once('.') {
            Some((p, i)) => (p, i.parse().map_err(|_| bad())?),
            None => (place, 0),
        };
        let position: u32 = pos.parse().map_err(|_| bad())?;
        let base = match base.to_ascii_uppercase().as_str() {
            "DEL" | "D" | "-" => "del".to_owned(),
            b if !b.is_empty() && b.chars().all(|c| "ACGTRYKMSWBDHVN".contains(c)) => b.to_owned(),
            _ => return Err(bad()),
        };
        if !(1..=16_569).contains(&position) {
            return Err(bad());
        }
        Ok(Self {
            position,
            insertion: ins,
            base,
        })
    }
}

/// A sequenced mtDNA profile: the ranges read (inclusive rCRS positions) and the variants
/// found in them.
#[derive(Debug, Clone, PartialEq)]
pub struct MtProfile {
    ranges: Vec<(u32, u32)>,
    variants: Vec<MtVariant>,
}

impl MtProfile {
    /// A profile from `ranges` like `"16024-16365;73-340"` and variants like
    /// `"73G 263G 309.1C 16519C"` (spaces, commas or semicolons between them). Variants outside
    /// the ranges are refused.
    pub fn parse(ranges: &str, variants: &str) -> Result<Self, CaseError> {
        let mut rs = Vec::new();
        for part in ranges
            .split([';', ',', ' '])
            .filter(|p| !p.trim().is_empty())
        {
            let (a, b) = part
                .trim()
                .split_once('-')
                .ok_or_else(|| CaseError::Malformed {
                    reason: format!("mtDNA range `{part}`: expected start-end"),
                })?;
            let parse = |x: &str| {
                x.trim().parse::<u32>().map_err(|_| CaseError::Malformed {
                    reason: format!("mtDNA range `{part}`: not a position"),
                })
            };
            let (a, b) = (parse(a)?, parse(b)?);
            if a > b {
                return Err(CaseError::Malformed {
                    reason: format!("mtDNA range `{part}` is reversed"),
                });
            }
            rs.push((a, b));
        }
        let mut vs = variants
            .split([' ', ',', ';'])
            .filter(|v| !v.trim().is_empty())
            .map(MtVariant::parse)
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(v) = vs
            .iter()
            .find(|v| !rs.iter().any(|&(a, b)| (a..=b).contains(&v.position)))
        {
            return Err(CaseError::Malformed {
                reason: format!(
                    "mtDNA variant at {} lies outside the sequenced range",
                    v.position
                ),
            });
        }
        vs.sort();
        vs.dedup();
        Ok(Self {
            ranges: rs,
            variants: vs,
        })
    }

    fn covers(&self, position: u32) -> bool {
        self.ranges
            .iter()
            .any(|&(a, b)| (a..=b).contains(&position))
    }

    /// Positions sequenced in both profiles.
    pub fn overlap(&self, other: &MtProfile) -> u32 {
        (1..=16_569u32)
            .filter(|&p| self.covers(p) && other.covers(p))
            .count() as u32
    }
}

/// The comparison of two mtDNA profiles over their overlap.
#[derive(Debug, Clone, PartialEq)]
pub struct MtComparison {
    /// Positions sequenced in both.
    pub compared_positions: u32,
    /// Variants (against rCRS) present in one profile but not the other, within the overlap.
    pub differences: Vec<MtVariant>,
}

/// Compares two profiles: only positions sequenced in both count.
pub fn compare(a: &MtProfile, b: &MtProfile) -> MtComparison {
    let inside = |v: &&MtVariant| a.covers(v.position) && b.covers(v.position);
    let mut differences: Vec<MtVariant> = a
        .variants
        .iter()
        .filter(inside)
        .filter(|v| !b.variants.contains(v))
        .chain(
            b.variants
                .iter()
                .filter(inside)
                .filter(|v| !a.variants.contains(v)),
        )
        .cloned()
        .collect();
    differences.sort();
    MtComparison {
        compared_positions: a.overlap(b),
        differences,
    }
}

/// Counts the database profiles that sequenced all of `query`'s ranges and agree with it
/// there (identical variants within `query`'s ranges).
pub fn count(query: &MtProfile, database: &[MtProfile]) -> HaplotypeFrequency {
    let hits = database
        .iter()
        .filter(|d| {
            query
                .ranges
                .iter()
                .all(|&(a, b)| (a..=b).all(|p| d.covers(p)))
        })
        .filter(|d| {
            let inside = |v: &&MtVariant| query.covers(v.position);
            let mine: Vec<&MtVariant> = query.variants.iter().collect();
            let theirs: Vec<&MtVariant> = d.variants.iter().filter(inside).collect();
            mine == theirs
        })
        .count();
    HaplotypeFrequency {
        count: hits as u64,
        database_size: database.len() as u64,
    }
}

/// The LR that the remains are a maternal-line relative `meioses` meioses away from the
/// reference, against an unrelated person: P(the observed number of differences | meioses)
/// under a Poisson number of mutations with mean meioses × `rate` (the per-meiosis rate over
/// the compared region), divided by the profile's population `frequency`.
pub fn maternal_lr(comparison: &MtComparison, meioses: u32, rate: f64, frequency: f64) -> f64 {
    let lambda = f64::from(meioses) * rate;
    let d = comparison.differences.len() as i32;
    let mut factorial = 1.0;
    for k in 1..=d {
        factorial *= f64::from(k);
    }
    let h1 = if lambda == 0.0 {
        if d == 0 { 1.0 } else { 0.0 }
    } else {
        (-lambda).exp() * lambda.powi(d) / factorial
    };
    h1 / frequency
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_overlap_is_compared() {
        let a = MtProfile::parse("16024-16365;73-340", "16519C 73G 263G 16223T")
            .expect_err("16519 is outside the range");
        assert!(a.to_string().contains("16519"));
        let a = MtProfile::parse("16024-16365;73-340", "73G 263G 16223T 309.1C").unwrap();
        let b = MtProfile::parse("16024-16365", "16223T 16290T").unwrap();
        let c = compare(&a, &b);
        assert_eq!(c.compared_positions, 16365 - 16024 + 1);
        assert_eq!(c.differences, vec![MtVariant::parse("16290T").unwrap()]);
    }

    #[test]
    fn counting_and_lr() {
        let q = MtProfile::parse("16024-16365", "16223T").unwrap();
        let db = vec![
            MtProfile::parse("16024-16365;73-340", "16223T 73G").unwrap(),
            MtProfile::parse("16024-16365", "16223T 16290T").unwrap(),
            MtProfile::parse("16100-16365", "16223T").unwrap(),
        ];
        let f = count(&q, &db);
        assert_eq!((f.count, f.database_size), (1, 3));
        let same = compare(&q, &db[0]);
        assert!(same.differences.is_empty());
        assert_eq!(maternal_lr(&same, 2, 0.0, 0.01), 100.0);
        let lr = maternal_lr(&compare(&q, &db[1]), 2, 0.001, 0.01);
        assert!((lr - (-0.002f64).exp() * 0.002 / 0.01).abs() < 1e-12);
        assert_eq!(MtVariant::parse("249del").unwrap().base, "del");
        assert_eq!(MtVariant::parse("309.1C").unwrap().insertion, 1);
    }
}
