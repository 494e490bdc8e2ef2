//! Frequency tables as text: the JSON form of `../shared/data/` (`{"markers": {"D3S1358":
//! {"14": 0.1, ...}}}`, other top-level keys ignored) and the common CSV matrix (first column the
//! allele, one column per marker, an empty cell = allele absent at that marker). Pure: the caller
//! reads the file and passes its text.

use serde::Deserialize;

use crate::error::CaseError;
use crate::frequencies::{AlleleFrequencies, FrequencyTable};
use crate::json::Ordered;

#[derive(Deserialize)]
struct TableDto {
    markers: Ordered<Ordered<f64>>,
}

impl FrequencyTable {
    /// Parses the JSON table format (marker and allele order kept).
    pub fn from_json_str(input: &str) -> Result<Self, CaseError> {
        let dto: TableDto = serde_json::from_str(input).map_err(|e| CaseError::Malformed {
            reason: format!("frequency table: {e}"),
        })?;
        let markers = dto
            .markers
            .0
            .into_iter()
            .map(|(m, alleles)| AlleleFrequencies::new(&m, alleles.0))
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(markers)
    }

    /// Parses the CSV matrix: a header `Allele,M1,M2,...`, then one row per allele; commas
    /// separate fields, surrounding whitespace and quotes are trimmed, an empty cell is absent.
    pub fn from_csv_str(input: &str) -> Result<Self, CaseError> {
        let mut lines = input.lines().filter(|l| !l.trim().is_empty());
        let header = lines.next().ok_or_else(|| CaseError::Malformed {
            reason: "frequency CSV is empty".into(),
        })?;
        let markers: Vec<String> = split(header).skip(1).map(str::to_owned).collect();
        let mut columns: Vec<Vec<(String, f64)>> = vec![Vec::new(); markers.len()];
        for (n, line) in lines.enumerate() {
            let mut cells = split(line);
            let allele = cells.next().unwrap_or_default().to_owned();
            for (k, cell) in cells.enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let marker = markers.get(k).ok_or_else(|| CaseError::Malformed {
                    reason: format!("frequency CSV line {}: more cells than markers", n + 2),
                })?;
                let f: f64 = cell.parse().map_err(|_| CaseError::Malformed {
                    reason: format!(
                        "frequency CSV line {}: `{cell}` is not a number (allele `{allele}`, \
                         marker `{marker}`)",
                        n + 2
                    ),
                })?;
                columns[k].push((allele.clone(), f));
            }
        }
        let tables = markers
            .iter()
            .zip(columns)
            .map(|(m, alleles)| AlleleFrequencies::new(m, alleles))
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(tables)
    }
}

fn split(line: &str) -> impl Iterator<Item = &str> {
    line.split(',').map(|c| c.trim().trim_matches('"').trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_matrix_with_absent_cells() {
        let t = FrequencyTable::from_csv_str("Allele,D3S1358,VWA\n14,0.1,\n15,0.9,0.4\n9.3,,0.6\n")
            .unwrap();
        assert_eq!(t.get("D3S1358").unwrap().names(), ["14", "15"]);
        assert_eq!(t.get("VWA").unwrap().names(), ["15", "9.3"]);
        assert_eq!(t.get("VWA").unwrap().freqs(), [0.4, 0.6]);
    }

    #[test]
    fn json_table_keeps_order_and_refuses_bad_frequencies() {
        let t = FrequencyTable::from_json_str(
            r#"{"source": "x", "markers": {"VWA": {"17": 0.7, "14": 0.3}, "TH01": {"9.3": 1.0}}}"#,
        )
        .unwrap();
        assert_eq!(t.markers()[0].names(), ["17", "14"]);
        assert_eq!(t.markers()[1].marker(), "TH01");
        let bad = FrequencyTable::from_json_str(r#"{"markers": {"VWA": {"17": -1}}}"#);
        assert!(matches!(bad, Err(CaseError::InvalidFrequency { .. })));
        let bad = FrequencyTable::from_csv_str("Allele,VWA\n17,abc\n");
        assert!(matches!(bad, Err(CaseError::Malformed { .. })));
    }
}
