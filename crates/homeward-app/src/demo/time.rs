//! Calendar arithmetic for the demo's synthetic timeline (the domain keeps dates and timestamps
//! apart on purpose; the demo needs to step between them).

use homeward_domain::{CalendarDate, Timestamp};

/// The demo's "now": no synthetic event happens after it, so the demo does not depend on the
/// day it is seeded.
pub const DEMO_END: Timestamp = Timestamp(1_767_139_200); // 2025-12-31T00:00:00Z

/// Seconds in a day.
pub const DAY: i64 = 86_400;

/// Days since 1970-01-01 of a date (H. Hinnant's `days_from_civil`).
fn days_from_civil(date: CalendarDate) -> i64 {
    let (m, d) = (i64::from(date.month()), i64::from(date.day()));
    let y = i64::from(date.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The moment `hour` o'clock UTC on `date`.
pub fn at_hour(date: CalendarDate, hour: i64) -> Timestamp {
    Timestamp(days_from_civil(date) * DAY + hour * 3600)
}

/// A date from year, month, day known to be valid (demo tables only).
pub fn date(year: i32, month: u8, day: u8) -> CalendarDate {
    CalendarDate::new(year, month, day).expect("the demo's tables hold valid dates")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_map_to_their_utc_midnight() {
        assert_eq!(at_hour(date(1970, 1, 1), 0), Timestamp(0));
        assert_eq!(at_hour(date(2025, 12, 31), 0), DEMO_END);
        assert_eq!(
            at_hour(date(2022, 9, 16), 0).to_rfc3339(),
            "2022-09-16T00:00:00Z"
        );
        assert_eq!(
            at_hour(date(2000, 2, 29), 0).to_rfc3339(),
            "2000-02-29T00:00:00Z"
        );
    }
}
