//! Dates as the field records them: exact calendar dates, partial historical dates ("July 1951"),
//! and UTC timestamps passed in by callers (the domain never reads a clock).

use crate::DomainError;

/// A full calendar date (proleptic Gregorian), e.g. a recovery date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    year: i32,
    month: u8,
    day: u8,
}

impl CalendarDate {
    /// A validated date.
    pub fn new(year: i32, month: u8, day: u8) -> Result<Self, DomainError> {
        if !(1..=12).contains(&month) {
            return Err(DomainError::invalid(
                "date",
                format!("month {month} is not 1–12"),
            ));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DomainError::invalid(
                "date",
                format!("{year:04}-{month:02} has no day {day}"),
            ));
        }
        Ok(CalendarDate { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let bad = || {
            DomainError::invalid(
                "date",
                format!("\"{text}\" is not a date of the form YYYY-MM-DD"),
            )
        };
        let mut parts = text.trim().split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year = y.parse().map_err(|_| bad())?;
        let month = m.parse().map_err(|_| bad())?;
        let day = d.parse().map_err(|_| bad())?;
        Self::new(year, month, day).map_err(|_| bad())
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }
    /// The month, 1–12.
    pub fn month(&self) -> u8 {
        self.month
    }
    /// The day of the month.
    pub fn day(&self) -> u8 {
        self.day
    }
}

impl std::fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// A historical date known to the year, the month, or the day ("1951", "1951-07", "1951-07-14").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let text = text.trim();
        let bad = || {
            DomainError::invalid(
                "date",
                format!("\"{text}\" is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
            )
        };
        match text.len() {
            4 => Ok(PartialDate {
                year: text.parse().map_err(|_| bad())?,
                month: None,
                day: None,
            }),
            7 => {
                let full = CalendarDate::parse(&format!("{text}-01")).map_err(|_| bad())?;
                Ok(PartialDate {
                    year: full.year,
                    month: Some(full.month),
                    day: None,
                })
            }
            10 => Ok(CalendarDate::parse(text).map_err(|_| bad())?.into()),
            _ => Err(bad()),
        }
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }
}

impl From<CalendarDate> for PartialDate {
    fn from(d: CalendarDate) -> Self {
        PartialDate {
            year: d.year,
            month: Some(d.month),
            day: Some(d.day),
        }
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A moment in UTC, in whole seconds since the Unix epoch. Callers read the clock; the domain does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// RFC 3339 in UTC, e.g. `2022-09-16T10:30:00Z`.
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        )
    }
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// Days since 1970-01-01 to (year, month, day); H. Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates_are_validated() {
        assert_eq!(
            CalendarDate::parse("2022-09-16").unwrap().to_string(),
            "2022-09-16"
        );
        assert!(CalendarDate::parse("2023-02-29").is_err());
        assert!(CalendarDate::parse("2024-02-29").is_ok());
        assert!(CalendarDate::parse("2022-13-01").is_err());
        assert!(CalendarDate::parse("16/09/2022").is_err());
        assert!(CalendarDate::parse("2022-9-16").is_err());
    }

    #[test]
    fn partial_dates_keep_their_precision() {
        for t in ["1951", "1951-07", "1951-07-14"] {
            assert_eq!(PartialDate::parse(t).unwrap().to_string(), t);
        }
        assert!(PartialDate::parse("1951-13").is_err());
        assert!(PartialDate::parse("July 1951").is_err());
    }

    #[test]
    fn timestamps_format_as_utc() {
        assert_eq!(Timestamp(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(
            Timestamp(1_663_324_200).to_rfc3339(),
            "2022-09-16T10:30:00Z"
        );
        assert_eq!(Timestamp(951_782_400).to_rfc3339(), "2000-02-29T00:00:00Z");
    }
}
