//! The kinds of records that move in and out as files, and their CSV columns: one table shared
//! by import and export so that an export always imports back.

use homeward_domain::{CalendarDate, DomainError, ExcavationPeriod, ExternalNumber};

/// A kind of record in an import or export file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// Recovery sites.
    Sites,
    /// Remains cases.
    Remains,
    /// Personal effects.
    Effects,
    /// Persons on the rolls of the missing.
    Missing,
    /// Names of places and units in Korean, Chinese and English (the gazetteer).
    Names,
}

impl RecordKind {
    /// Every kind, in the order a combined import needs them (sites before remains before effects).
    pub const ALL: [RecordKind; 5] = [
        RecordKind::Sites,
        RecordKind::Remains,
        RecordKind::Effects,
        RecordKind::Missing,
        RecordKind::Names,
    ];

    /// The name used on the command line.
    pub fn code(self) -> &'static str {
        match self {
            RecordKind::Sites => "sites",
            RecordKind::Remains => "remains",
            RecordKind::Effects => "effects",
            RecordKind::Missing => "missing",
            RecordKind::Names => "names",
        }
    }

    /// Parses [`Self::code`] (also `missing-persons` and singular forms).
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        match code.trim().to_ascii_lowercase().as_str() {
            "sites" | "site" => Ok(RecordKind::Sites),
            "remains" => Ok(RecordKind::Remains),
            "effects" | "effect" => Ok(RecordKind::Effects),
            "missing" | "missing-persons" | "missing_persons" | "persons" => {
                Ok(RecordKind::Missing)
            }
            "names" | "gazetteer" | "place-names" | "place_names" => Ok(RecordKind::Names),
            other => Err(DomainError::invalid(
                "kind",
                format!("\"{other}\" is not one of: sites, remains, effects, missing, names"),
            )),
        }
    }

    /// Every column a file of this kind may have, in export order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            RecordKind::Sites => SITE_COLUMNS,
            RecordKind::Remains => REMAINS_COLUMNS,
            RecordKind::Effects => EFFECT_COLUMNS,
            RecordKind::Missing => MISSING_COLUMNS,
            RecordKind::Names => NAME_COLUMNS,
        }
    }

    /// The columns a file of this kind must have.
    pub fn required_columns(self) -> &'static [&'static str] {
        match self {
            RecordKind::Sites => &["code", "name", "latitude", "longitude"],
            RecordKind::Remains => &["accession", "site_code", "recovery_date", "context"],
            RecordKind::Effects => &["category", "description", "disposition"],
            RecordKind::Missing => &["name_original"],
            // Every form's column: a row gives the entry's whole set of forms.
            RecordKind::Names => NAME_COLUMNS,
        }
    }

    /// Tells the kind from a header: the kind whose required columns are all present.
    pub fn detect<'a>(header: impl IntoIterator<Item = &'a str> + Clone) -> Option<Self> {
        let names: Vec<&str> = header
            .into_iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim())
            .collect();
        let mut fits = RecordKind::ALL
            .into_iter()
            .filter(|k| k.required_columns().iter().all(|c| names.contains(c)));
        let first = fits.next()?;
        fits.next().is_none().then_some(first)
    }
}

impl std::fmt::Display for RecordKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Columns of a sites file.
pub const SITE_COLUMNS: &[&str] = &[
    "code",
    "name",
    "province",
    "county",
    "latitude",
    "longitude",
    "battle_area",
    "excavation_periods",
    "team",
    "synthetic",
];

/// Columns of a remains file. `status` is written by export and ignored by import: imported
/// cases are accessioned as `recovered`.
pub const REMAINS_COLUMNS: &[&str] = &[
    "accession",
    "site_code",
    "recovery_date",
    "context",
    "elements",
    "completeness_pct",
    "sex",
    "age_min",
    "age_max",
    "stature_min_cm",
    "stature_max_cm",
    "condition",
    "nationality",
    "nationality_evidence",
    "committee_decision",
    "storage_location",
    "external_numbers",
    "synthetic",
    "status",
];

/// Columns of an effects file.
pub const EFFECT_COLUMNS: &[&str] = &[
    "accession",
    "site_code",
    "category",
    "description",
    "inscription",
    "condition",
    "disposition",
];

/// Columns of a missing-persons file.
pub const MISSING_COLUMNS: &[&str] = &[
    "name_original",
    "name_hanzi",
    "name_pinyin",
    "name_hangul",
    "name_rr",
    "birth_year",
    "hometown_province",
    "hometown_county",
    "unit",
    "date_of_loss",
    "place_of_loss",
    "source_record",
    "nationality",
    "synthetic",
];

/// Columns of a names file (the gazetteer): what the name stands for (`site`, `battle`,
/// `province`, `county`, `unit`, `place_of_loss`, `cemetery`), its text as records carry it,
/// and its Korean, Chinese and English forms (an empty cell: no form in that language).
pub const NAME_COLUMNS: &[&str] = &["kind", "original", "ko", "zh", "en"];

/// Excavation periods as one cell: `2019-04-01..2019-06-30;2021-05-01..` (open end allowed).
pub fn format_periods(periods: &[ExcavationPeriod]) -> String {
    periods
        .iter()
        .map(|p| match p.end {
            Some(end) => format!("{}..{end}", p.start),
            None => format!("{}..", p.start),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// Parses [`format_periods`]; the error is the reason, naming the bad entry.
pub fn parse_periods(text: &str) -> Result<Vec<ExcavationPeriod>, String> {
    split_list(text)
        .into_iter()
        .map(|entry| {
            let (start, end) = entry.split_once("..").ok_or_else(|| {
                format!("\"{entry}\" is not a period of the form YYYY-MM-DD..YYYY-MM-DD")
            })?;
            let start = CalendarDate::parse(start).map_err(|e| format!("\"{entry}\": {e}"))?;
            let end = match end.trim() {
                "" => None,
                e => Some(CalendarDate::parse(e).map_err(|e| format!("\"{entry}\": {e}"))?),
            };
            Ok(ExcavationPeriod { start, end })
        })
        .collect()
}

/// External numbers as one cell: `LIMS:L-77;lab:K-3` (scheme, colon, value).
pub fn format_external_numbers(numbers: &[ExternalNumber]) -> String {
    numbers
        .iter()
        .map(|n| format!("{}:{}", n.scheme, n.value))
        .collect::<Vec<_>>()
        .join(";")
}

/// Parses [`format_external_numbers`]; the error is the reason, naming the bad entry.
pub fn parse_external_numbers(text: &str) -> Result<Vec<ExternalNumber>, String> {
    split_list(text)
        .into_iter()
        .map(|entry| match entry.split_once(':') {
            Some((scheme, value)) if !scheme.trim().is_empty() && !value.trim().is_empty() => {
                Ok(ExternalNumber {
                    scheme: scheme.trim().to_owned(),
                    value: value.trim().to_owned(),
                })
            }
            _ => Err(format!("\"{entry}\" is not of the form SCHEME:NUMBER")),
        })
        .collect()
}

/// Splits a `;`-separated cell (a list column, on import and in the columns' own parsers).
pub(crate) fn split_list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_told_from_their_headers() {
        for kind in RecordKind::ALL {
            assert_eq!(
                RecordKind::detect(kind.columns().iter().copied()),
                Some(kind)
            );
        }
        assert_eq!(RecordKind::detect(["name", "colour"]), None);
    }

    #[test]
    fn periods_and_numbers_round_trip() {
        let text = "2019-04-01..2019-06-30;2021-05-01..";
        assert_eq!(format_periods(&parse_periods(text).unwrap()), text);
        assert!(parse_periods("2019-04-01").is_err());
        let text = "LIMS:L-77;lab:K:3";
        let numbers = parse_external_numbers(text).unwrap();
        assert_eq!(numbers[1].value, "K:3");
        assert_eq!(format_external_numbers(&numbers), text);
        assert!(parse_external_numbers("L-77").is_err());
    }
}
