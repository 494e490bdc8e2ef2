//! Allele-frequency tables: per marker, allele name → frequency, used exactly as given (no silent
//! renormalisation), with the `rare_allele_frequency` rule for alleles the table lacks.

use crate::allele::AlleleIndex;
use crate::error::CaseError;

/// The most alleles one marker may have. Real STR tables have under 100; the engine builds
/// n × n mutation matrices, so an unbounded n from a file would ask for n² memory.
pub const MAX_ALLELES: usize = 1_000;

/// The allele frequencies of one marker, in the table's order.
#[derive(Debug, Clone, PartialEq)]
pub struct AlleleFrequencies {
    marker: String,
    names: Vec<String>,
    freqs: Vec<f64>,
}

impl AlleleFrequencies {
    /// A marker's table; every frequency must be a finite number in (0, 1], names unique and
    /// at most [`MAX_ALLELES`] of them.
    pub fn new(marker: &str, alleles: Vec<(String, f64)>) -> Result<Self, CaseError> {
        if alleles.is_empty() {
            return Err(CaseError::EmptyMarker {
                marker: marker.to_owned(),
            });
        }
        if alleles.len() > MAX_ALLELES {
            return Err(CaseError::Malformed {
                reason: format!(
                    "marker `{marker}` has {} alleles; at most {MAX_ALLELES} are supported",
                    alleles.len()
                ),
            });
        }
        let mut names = Vec::with_capacity(alleles.len());
        let mut freqs = Vec::with_capacity(alleles.len());
        for (name, f) in alleles {
            if !(f.is_finite() && f > 0.0 && f <= 1.0) {
                return Err(CaseError::InvalidFrequency {
                    marker: marker.to_owned(),
                    allele: name,
                    value: f,
                });
            }
            if names.contains(&name) {
                return Err(CaseError::Malformed {
                    reason: format!("allele `{name}` appears twice at marker `{marker}`"),
                });
            }
            names.push(name);
            freqs.push(f);
        }
        Ok(Self {
            marker: marker.to_owned(),
            names,
            freqs,
        })
    }

    /// The marker's name.
    pub fn marker(&self) -> &str {
        &self.marker
    }

    /// Number of alleles.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the table is empty (never true for a validated table).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Allele names, in table order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Frequencies, in table order.
    pub fn freqs(&self) -> &[f64] {
        &self.freqs
    }

    /// The index of an allele name.
    pub fn index_of(&self, allele: &str) -> Option<AlleleIndex> {
        self.names.iter().position(|n| n == allele)
    }

    /// The table with `extra` alleles admitted at frequency `f` each; the existing frequencies
    /// are multiplied by (1 − k·f) for k new alleles (for one allele: the 1 − f rule).
    pub fn with_rare_alleles(&self, extra: &[String], f: f64) -> Result<Self, CaseError> {
        if extra.is_empty() {
            return Ok(self.clone());
        }
        let scale = 1.0 - extra.len() as f64 * f;
        let mut alleles: Vec<(String, f64)> = self
            .names
            .iter()
            .cloned()
            .zip(self.freqs.iter().map(|p| p * scale))
            .collect();
        alleles.extend(extra.iter().map(|a| (a.clone(), f)));
        Self::new(&self.marker, alleles)
    }
}

/// Frequency tables for a set of markers, in input order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FrequencyTable {
    markers: Vec<AlleleFrequencies>,
}

impl FrequencyTable {
    /// A table from per-marker tables; marker names must be unique.
    pub fn new(markers: Vec<AlleleFrequencies>) -> Result<Self, CaseError> {
        for (i, m) in markers.iter().enumerate() {
            if markers[..i].iter().any(|o| o.marker == m.marker) {
                return Err(CaseError::Malformed {
                    reason: format!("marker `{}` appears twice in the frequencies", m.marker),
                });
            }
        }
        Ok(Self { markers })
    }

    /// The table of one marker.
    pub fn get(&self, marker: &str) -> Option<&AlleleFrequencies> {
        self.markers.iter().find(|m| m.marker == marker)
    }

    /// All markers, in input order.
    pub fn markers(&self) -> &[AlleleFrequencies] {
        &self.markers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> AlleleFrequencies {
        AlleleFrequencies::new("D3", vec![("14".into(), 0.4), ("15".into(), 0.6)]).unwrap()
    }

    #[test]
    fn rare_allele_is_added_and_others_scaled() {
        let t = table()
            .with_rare_alleles(&["22".to_owned()], 0.001)
            .unwrap();
        assert_eq!(t.names(), ["14", "15", "22"]);
        assert_eq!(t.freqs(), [0.4 * 0.999, 0.6 * 0.999, 0.001]);
    }

    #[test]
    fn non_positive_frequency_is_refused_naming_marker_and_allele() {
        let e = AlleleFrequencies::new("VWA", vec![("14".into(), 0.0)]).unwrap_err();
        assert_eq!(
            e,
            CaseError::InvalidFrequency {
                marker: "VWA".into(),
                allele: "14".into(),
                value: 0.0
            }
        );
        assert!(e.to_string().contains("VWA") && e.to_string().contains("14"));
    }
}
