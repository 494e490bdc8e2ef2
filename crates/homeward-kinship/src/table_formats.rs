//! Frequency tables as text: the JSON form of `../shared/data/` (`{"markers": {"D3S1358":
//! {"14": 0.1, ...}}}`, other top-level keys ignored). Pure: the caller reads the file and passes
//! its text. (The CSV matrix is read at the edge, by `homeward_app::kinship_input`: the engine
//! reads no CSV.)

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
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
