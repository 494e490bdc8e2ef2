//! The kinship screen's remains file read at the edge: the engine (`homeward-kinship`) reads no
//! CSV; it takes typed [`RemainsProfile`]s, and this module turns the CSV long format into them.
//!
//! The format: one row per sample and marker, `sample,marker,allele1,allele2`; an optional header
//! row whose first cell is `sample`; an empty, `NA` or `null` allele is unknown; cells are
//! trimmed and may be quoted (a quoted comma belongs to its cell). Samples keep their order of
//! first appearance. The caller bounds the input (the CLI reads at most its profiles cap).

use homeward_kinship::screen::{Profile, RemainsProfile};

/// The fields of a row, in order, as errors name them.
const FIELDS: [&str; 4] = ["sample", "marker", "allele1", "allele2"];

/// A remains file the format does not allow: always the physical line (1-based; a quoted
/// newline does not shift later lines' numbers) and, where one cell is at fault, its field.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RemainsCsvError {
    /// A row with the wrong number of cells, or CSV that cannot be read.
    #[error("remains CSV line {line}: {reason}")]
    Row {
        /// Physical line.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// One cell at fault.
    #[error("remains CSV line {line}, field `{field}`: {reason}")]
    Field {
        /// Physical line.
        line: u64,
        /// `sample` or `marker`.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
}

/// Parses remains in the CSV long format (see the module's documentation) into typed profiles.
pub fn parse_remains_csv(input: &str) -> Result<Vec<RemainsProfile>, RemainsCsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input.as_bytes());
    let mut out: Vec<RemainsProfile> = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(RemainsCsvError::Row {
                    line: e.position().map_or(1, csv::Position::line),
                    reason: e.to_string(),
                });
            }
        }
        let line = record.position().map_or(1, csv::Position::line);
        if record.iter().all(str::is_empty) {
            continue;
        }
        if line == 1 && record[0].eq_ignore_ascii_case("sample") {
            continue;
        }
        if record.len() != FIELDS.len() {
            return Err(RemainsCsvError::Row {
                line,
                reason: format!(
                    "expected sample,marker,allele1,allele2 (4 cells), found {} cells",
                    record.len()
                ),
            });
        }
        for (i, field) in FIELDS[..2].iter().enumerate() {
            if record[i].is_empty() {
                return Err(RemainsCsvError::Field {
                    line,
                    field,
                    reason: "empty; expected sample,marker,allele1,allele2".into(),
                });
            }
        }
        let (sample, marker) = (&record[0], &record[1]);
        let allele = |c: &str| {
            (!(c.is_empty() || c.eq_ignore_ascii_case("na") || c.eq_ignore_ascii_case("null")))
                .then(|| c.to_owned())
        };
        let typing = [allele(&record[2]), allele(&record[3])];
        let k = match out.iter().rposition(|r| r.id == sample) {
            Some(k) => k,
            None => {
                out.push(RemainsProfile {
                    id: sample.to_owned(),
                    profile: Profile::new(),
                });
                out.len() - 1
            }
        };
        let profile = &mut out[k].profile;
        if profile.iter().any(|(m, _)| m == marker) {
            return Err(RemainsCsvError::Field {
                line,
                field: "marker",
                reason: format!("marker `{marker}` given twice for `{sample}`"),
            });
        }
        profile.push((marker.to_owned(), typing));
    }
    Ok(out)
}
