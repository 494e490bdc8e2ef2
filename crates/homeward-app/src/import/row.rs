//! One CSV row with its file, physical line and header: typed access to cells, with errors that
//! name the file, the line and the column.

use std::collections::HashMap;
use std::str::FromStr;

use homeward_domain::{CalendarDate, DomainError, PartialDate};

use super::ImportError;
use crate::columns::split_list;

/// The columns of a file's header, by name.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    index: HashMap<String, usize>,
}

impl Header {
    /// Reads the header row: names trimmed (and a byte-order mark dropped), no duplicates,
    /// every name known, every required name present.
    pub(crate) fn new(
        file: &str,
        names: &csv::StringRecord,
        known: &[&str],
        required: &[&str],
    ) -> Result<Self, ImportError> {
        let bad = |reason: String| ImportError::Header {
            file: file.to_owned(),
            reason,
        };
        let mut index = HashMap::new();
        for (i, raw) in names.iter().enumerate() {
            let name = raw.trim_start_matches('\u{feff}').trim().to_owned();
            if !known.contains(&name.as_str()) {
                return Err(bad(format!(
                    "unknown column \"{name}\" (known: {})",
                    known.join(", ")
                )));
            }
            if index.insert(name.clone(), i).is_some() {
                return Err(bad(format!("column \"{name}\" appears twice")));
            }
        }
        if let Some(missing) = required.iter().find(|r| !index.contains_key(**r)) {
            return Err(bad(format!("required column \"{missing}\" is missing")));
        }
        Ok(Header { index })
    }
}

/// One data row.
#[derive(Debug)]
pub(crate) struct Row<'a> {
    pub(crate) file: &'a str,
    pub(crate) line: u64,
    pub(crate) header: &'a Header,
    pub(crate) record: &'a csv::StringRecord,
}

impl Row<'_> {
    /// The error for a bad value in `field`.
    pub(crate) fn invalid(&self, field: &str, reason: impl Into<String>) -> ImportError {
        ImportError::InvalidField {
            file: self.file.to_owned(),
            line: self.line,
            field: field.to_owned(),
            reason: reason.into(),
        }
    }

    /// A domain rule's refusal, reported under the CSV column that holds the value.
    pub(crate) fn domain(&self, err: DomainError) -> ImportError {
        match err {
            DomainError::InvalidField { field, reason } => {
                self.invalid(column_of_domain_field(field), reason)
            }
            other => self.invalid("row", other.to_string()),
        }
    }

    /// The trimmed cell, empty when the column is absent.
    pub(crate) fn text(&self, col: &str) -> &str {
        self.header
            .index
            .get(col)
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// The cell, or `None` when empty.
    pub(crate) fn opt(&self, col: &str) -> Option<String> {
        let t = self.text(col);
        (!t.is_empty()).then(|| t.to_owned())
    }

    /// The cell, which must not be empty.
    pub(crate) fn required(&self, col: &str) -> Result<String, ImportError> {
        self.opt(col)
            .ok_or_else(|| self.invalid(col, "a value is required"))
    }

    /// A number, or `None` when empty.
    pub(crate) fn number<T: FromStr>(&self, col: &str) -> Result<Option<T>, ImportError> {
        let t = self.text(col);
        if t.is_empty() {
            return Ok(None);
        }
        t.parse()
            .map(Some)
            .map_err(|_| self.invalid(col, format!("\"{t}\" is not a valid number here")))
    }

    /// A number that must be present.
    pub(crate) fn required_number<T: FromStr>(&self, col: &str) -> Result<T, ImportError> {
        self.number(col)?
            .ok_or_else(|| self.invalid(col, "a value is required"))
    }

    /// `true`/`false` (also yes/no, 1/0); empty is `false`.
    pub(crate) fn flag(&self, col: &str) -> Result<bool, ImportError> {
        match self.text(col).to_ascii_lowercase().as_str() {
            "" | "false" | "no" | "0" => Ok(false),
            "true" | "yes" | "1" => Ok(true),
            other => Err(self.invalid(col, format!("\"{other}\" is not true or false"))),
        }
    }

    /// A `YYYY-MM-DD` date that must be present.
    pub(crate) fn date(&self, col: &str) -> Result<CalendarDate, ImportError> {
        let t = self.required(col)?;
        CalendarDate::parse(&t).map_err(|e| self.invalid(col, reason_of(e)))
    }

    /// A `YYYY`, `YYYY-MM` or `YYYY-MM-DD` date, or `None` when empty.
    pub(crate) fn partial_date(&self, col: &str) -> Result<Option<PartialDate>, ImportError> {
        self.opt(col)
            .map(|t| PartialDate::parse(&t).map_err(|e| self.invalid(col, reason_of(e))))
            .transpose()
    }

    /// A code parsed by the domain (e.g. a lifecycle status or effect category).
    pub(crate) fn code<T>(
        &self,
        col: &str,
        parse: impl Fn(&str) -> Result<T, DomainError>,
    ) -> Result<T, ImportError> {
        parse(self.text(col)).map_err(|e| self.invalid(col, reason_of(e)))
    }

    /// A list separated by `;`, entries trimmed, empty entries dropped.
    pub(crate) fn list(&self, col: &str) -> Vec<String> {
        split_list(self.text(col))
    }

    /// Two numbers that are both present or both absent.
    pub(crate) fn range<T: FromStr>(
        &self,
        lo: &str,
        hi: &str,
    ) -> Result<Option<(T, T)>, ImportError> {
        match (self.number(lo)?, self.number(hi)?) {
            (Some(a), Some(b)) => Ok(Some((a, b))),
            (None, None) => Ok(None),
            (None, Some(_)) => Err(self.invalid(lo, format!("required when {hi} is given"))),
            (Some(_), None) => Err(self.invalid(hi, format!("required when {lo} is given"))),
        }
    }
}

/// The reason of a domain refusal without its field prefix.
fn reason_of(err: DomainError) -> String {
    match err {
        DomainError::InvalidField { reason, .. } => reason,
        other => other.to_string(),
    }
}

/// The CSV column that carries a value the domain names by its own field name.
fn column_of_domain_field(field: &str) -> &str {
    match field {
        "age_range" => "age_min",
        "stature_range_cm" => "stature_min_cm",
        "external_numbers.scheme" | "external_numbers.value" => "external_numbers",
        "remains" => "accession",
        other => other,
    }
}
