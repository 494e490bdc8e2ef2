//! The kinship command's CSV files read at the edge: the engine (`homeward-kinship`) reads no
//! CSV; it takes typed [`RemainsProfile`]s and [`FrequencyTable`]s, and this module turns the
//! remains CSV long format ([`parse_remains_csv`]) and the frequency CSV matrix
//! ([`parse_frequency_csv`]) into them, with the `csv` crate (quoted cells, CRLF).
//!
//! The remains format: one row per sample and marker, `sample,marker,allele1,allele2`; an optional header
//! row whose first cell is `sample`; an empty, `NA` or `null` allele is unknown; cells are
//! trimmed and may be quoted (a quoted comma belongs to its cell). Samples keep their order of
//! first appearance. The caller bounds the input (the CLI reads at most its profiles cap).

use homeward_kinship::screen::{Profile, RemainsProfile};
use homeward_kinship::{AlleleFrequencies, CaseError, FrequencyTable};

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

/// Physical line numbers (1-based) from the byte offsets the `csv` reader reports: its own line
/// count leaves out blank lines, but a refusal must name the line an editor shows. Offsets only grow,
/// so each newline is counted once.
struct Lines<'a> {
    input: &'a [u8],
    byte: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(input: &'a str) -> Self {
        Self {
            input: input.as_bytes(),
            byte: 0,
            line: 1,
        }
    }

    /// The line of byte offset `at` (of `position`, or line 1 without one).
    fn of(&mut self, position: Option<&csv::Position>) -> u64 {
        let at = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let mut at = at.min(self.input.len());
        // The reader's offset of a record that follows blank lines is that of the first blank
        // line (it skips them inside the record); the record's text begins after them.
        while matches!(self.input.get(at), Some(b'\n' | b'\r')) {
            at += 1;
        }
        if at < self.byte {
            self.byte = 0;
            self.line = 1;
        }
        let newlines = self.input[self.byte..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line += newlines as u64;
        self.byte = at;
        self.line
    }
}

/// The rows of a CSV input that hold any text, each with its physical line: cells trimmed, rows
/// of any length (each parser checks its own). A row the reader refuses is `Err((line, reason))`.
pub(crate) struct Records<'a> {
    reader: csv::Reader<&'a [u8]>,
    lines: Lines<'a>,
}

impl<'a> Records<'a> {
    pub(crate) fn new(input: &'a str) -> Self {
        Self::separated_by(input, b',')
    }

    /// The rows of a file whose cells are separated by `delimiter` (`b'\t'` for a tab-separated
    /// export).
    pub(crate) fn separated_by(input: &'a str, delimiter: u8) -> Self {
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(input.as_bytes());
        Records {
            reader,
            lines: Lines::new(input),
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<(u64, csv::StringRecord), (u64, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut record = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => return Some(Err((self.lines.of(e.position()), e.to_string()))),
            }
            let line = self.lines.of(record.position());
            if !record.iter().all(str::is_empty) {
                return Some(Ok((line, record)));
            }
        }
    }
}

/// Parses remains in the CSV long format (see the module's documentation) into typed profiles.
pub fn parse_remains_csv(input: &str) -> Result<Vec<RemainsProfile>, RemainsCsvError> {
    Ok(parse_remains_csv_lines(input)?
        .into_iter()
        .map(|(_, p)| p)
        .collect())
}

/// [`parse_remains_csv`], each profile with the physical line of its sample's first row (so an
/// import can name the line of a sample the registry refuses).
pub fn parse_remains_csv_lines(input: &str) -> Result<Vec<(u64, RemainsProfile)>, RemainsCsvError> {
    let mut out: Vec<RemainsProfile> = Vec::new();
    let mut first_lines: Vec<u64> = Vec::new();
    for row in Records::new(input) {
        let (line, record) = row.map_err(|(line, reason)| RemainsCsvError::Row { line, reason })?;
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
                first_lines.push(line);
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
    Ok(first_lines.into_iter().zip(out).collect())
}

/// A frequency CSV the format does not allow (naming the physical line and, for a bad cell, the
/// marker), or a table the engine refuses (e.g. a frequency outside (0, 1]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FrequencyCsvError {
    /// No header row.
    #[error("frequency CSV is empty")]
    Empty,
    /// A row that cannot be read, or with more cells than the header has markers.
    #[error("frequency CSV line {line}: {reason}")]
    Row {
        /// Physical line.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// A cell that is not a number.
    #[error("frequency CSV line {line}, marker `{marker}`: {reason}")]
    Cell {
        /// Physical line.
        line: u64,
        /// The cell's column (its marker).
        marker: String,
        /// What is wrong.
        reason: String,
    },
    /// The engine's refusal of the table read.
    #[error(transparent)]
    Table(#[from] CaseError),
}

/// Parses the frequency CSV matrix: a header `Allele,M1,M2,...`, then one row per allele; cells
/// trimmed, an empty cell is an allele absent at that marker; blank lines are skipped.
pub fn parse_frequency_csv(input: &str) -> Result<FrequencyTable, FrequencyCsvError> {
    let mut markers: Option<Vec<String>> = None;
    let mut columns: Vec<Vec<(String, f64)>> = Vec::new();
    for row in Records::new(input) {
        let (line, record) =
            row.map_err(|(line, reason)| FrequencyCsvError::Row { line, reason })?;
        let Some(markers) = &markers else {
            let names: Vec<String> = record.iter().skip(1).map(str::to_owned).collect();
            columns = vec![Vec::new(); names.len()];
            markers = Some(names);
            continue;
        };
        let allele = &record[0];
        for (k, cell) in record.iter().enumerate().skip(1).map(|(i, c)| (i - 1, c)) {
            if cell.is_empty() {
                continue;
            }
            let marker = markers.get(k).ok_or_else(|| FrequencyCsvError::Row {
                line,
                reason: "more cells than markers".into(),
            })?;
            let f: f64 = cell.parse().map_err(|_| FrequencyCsvError::Cell {
                line,
                marker: marker.clone(),
                reason: format!("`{cell}` is not a number (allele `{allele}`)"),
            })?;
            columns[k].push((allele.to_owned(), f));
        }
    }
    let markers = markers.ok_or(FrequencyCsvError::Empty)?;
    let tables = markers
        .iter()
        .zip(columns)
        .map(|(m, alleles)| AlleleFrequencies::new(m, alleles))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(FrequencyTable::new(tables)?)
}
