//! The historical handovers of Chinese People's Volunteers' remains from the Republic of Korea to
//! China, 2014–2025, as published: the registry's reference record of what has already gone home.

use crate::CalendarDate;

/// One annual handover.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoricalHandover {
    /// 1 for the first (2014), 12 for 2025.
    pub sequence: u32,
    /// Date of the ceremony.
    pub date: CalendarDate,
    /// Remains handed over.
    pub remains: u32,
    /// Personal effects handed over, where published.
    pub effects: Option<u32>,
    /// Sending state (ISO alpha-2).
    pub from_country: String,
    /// Receiving state (ISO alpha-2).
    pub to_country: String,
    /// Where the ceremony was held.
    pub place: String,
}

/// The twelve ROK→China handovers, 2014–2025: 1,011 remains in all.
pub fn historical_rok_china_handovers() -> Vec<HistoricalHandover> {
    /// (sequence, (year, month, day), remains, effects)
    type Row = (u32, (i32, u8, u8), u32, Option<u32>);
    const TABLE: [Row; 12] = [
        (1, (2014, 3, 28), 437, None),
        (2, (2015, 3, 20), 68, None),
        (3, (2016, 3, 31), 36, None),
        (4, (2017, 3, 22), 28, None),
        (5, (2018, 3, 28), 20, None),
        (6, (2019, 4, 3), 10, None),
        (7, (2020, 9, 27), 117, Some(1_368)),
        (8, (2021, 9, 2), 109, Some(1_226)),
        (9, (2022, 9, 16), 88, Some(837)),
        (10, (2023, 11, 23), 25, Some(335)),
        (11, (2024, 11, 28), 43, Some(495)),
        (12, (2025, 9, 12), 30, Some(267)),
    ];
    TABLE
        .iter()
        .map(
            |&(sequence, (y, m, d), remains, effects)| HistoricalHandover {
                sequence,
                date: CalendarDate::new(y, m, d).expect("the table holds valid dates"),
                remains,
                effects,
                from_country: "KR".into(),
                to_country: "CN".into(),
                place: "Incheon International Airport".into(),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_handovers_returned_1011_remains() {
        let all = historical_rok_china_handovers();
        assert_eq!(all.len(), 12);
        assert_eq!(all.iter().map(|h| h.remains).sum::<u32>(), 1_011);
        assert_eq!(all[8].date.to_string(), "2022-09-16");
        assert_eq!(all[8].effects, Some(837));
    }
}
