//! Alleles and genotypes at one marker: allele indices into the marker's frequency table, the
//! numeric reading of allele names (`9.3` → 9.3, group 3) that stepwise mutation needs, and the
//! unordered, possibly half-typed genotype of a person.

/// Index of an allele in its marker's [`crate::AlleleFrequencies`].
pub type AlleleIndex = usize;

/// An unordered genotype at one marker.
///
/// An unknown allele (`null` in CASE.json) is `None`: a half-typed `[a, null]` means "a and any
/// allele of the table". A genotype with both alleles unknown is not a typing at all; profiles
/// store such a marker as untyped instead (see [`Genotype::new`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Genotype {
    first: AlleleIndex,
    second: Option<AlleleIndex>,
}

impl Genotype {
    /// A genotype from two possibly unknown alleles; `None` when both are unknown (untyped).
    pub fn new(a: Option<AlleleIndex>, b: Option<AlleleIndex>) -> Option<Self> {
        match (a, b) {
            (Some(x), Some(y)) => Some(Self::typed(x, y)),
            (Some(x), None) | (None, Some(x)) => Some(Self::half_typed(x)),
            (None, None) => None,
        }
    }

    /// A fully typed genotype `{a, b}` (order does not matter).
    pub fn typed(a: AlleleIndex, b: AlleleIndex) -> Self {
        Self {
            first: a.min(b),
            second: Some(a.max(b)),
        }
    }

    /// A half-typed genotype `[a, null]`: allele `a` and one unknown allele.
    pub fn half_typed(a: AlleleIndex) -> Self {
        Self {
            first: a,
            second: None,
        }
    }

    /// The known allele (the smaller one when both are known).
    pub fn first(&self) -> AlleleIndex {
        self.first
    }

    /// The second allele, `None` when unknown.
    pub fn second(&self) -> Option<AlleleIndex> {
        self.second
    }

    /// Whether the ordered allele pair `(x, y)` is consistent with this genotype.
    #[inline]
    pub fn matches(&self, x: AlleleIndex, y: AlleleIndex) -> bool {
        match self.second {
            Some(s) => (x == self.first && y == s) || (x == s && y == self.first),
            None => x == self.first || y == self.first,
        }
    }

    /// The same genotype with its alleles renamed by `map`.
    pub fn map(&self, map: impl Fn(AlleleIndex) -> AlleleIndex) -> Self {
        match self.second {
            Some(s) => Self::typed(map(self.first), map(s)),
            None => Self::half_typed(map(self.first)),
        }
    }
}

/// The numeric value of an allele name (`"9.3"` → 9.3), if it is a number.
pub fn allele_number(name: &str) -> Option<f64> {
    name.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The microvariant group of a numeric allele: round(10·(x − round(x))); integers are group 0,
/// `9.3` is group 3. Stepwise mutation only steps within a group.
pub fn microvariant_group(x: f64) -> i64 {
    (10.0 * (x - x.round())).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_of_microvariants() {
        assert_eq!(microvariant_group(9.0), 0);
        assert_eq!(microvariant_group(9.3), 3);
        assert_eq!(microvariant_group(22.1), 1);
        assert_eq!(microvariant_group(31.2), 2);
        assert_eq!(allele_number("9.3"), Some(9.3));
        assert_eq!(allele_number("X"), None);
    }

    #[test]
    fn genotype_matching_is_unordered_and_half_typed_is_a_wildcard() {
        let g = Genotype::typed(3, 1);
        assert!(g.matches(1, 3) && g.matches(3, 1) && !g.matches(1, 1));
        let h = Genotype::half_typed(2);
        assert!(h.matches(2, 0) && h.matches(5, 2) && h.matches(2, 2) && !h.matches(0, 1));
        assert_eq!(Genotype::new(None, None), None);
        assert_eq!(Genotype::new(None, Some(4)), Some(Genotype::half_typed(4)));
    }
}
