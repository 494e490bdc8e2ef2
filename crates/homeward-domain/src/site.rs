//! Recovery sites: where remains were excavated, in which battle area, by which team.

use crate::{CalendarDate, DomainError, RecoverySiteId};

/// One excavation campaign at a site.
#[derive(Debug, Clone, PartialEq)]
pub struct ExcavationPeriod {
    /// First day of digging.
    pub start: CalendarDate,
    /// Last day, if the campaign has ended.
    pub end: Option<CalendarDate>,
}

/// A site as it is to be recorded (no id yet).
#[derive(Debug, Clone, PartialEq)]
pub struct NewRecoverySite {
    /// A short unique code, e.g. `GW-CW-014`.
    pub code: String,
    /// The site's name, e.g. "Baengma Hill north slope".
    pub name: String,
    /// Province (e.g. Gangwon).
    pub province: String,
    /// County (e.g. Cheorwon).
    pub county: String,
    /// WGS 84 latitude in degrees.
    pub latitude: f64,
    /// WGS 84 longitude in degrees.
    pub longitude: f64,
    /// The battle or area name (Baengma Hill, Arrowhead Ridge, ...).
    pub battle_area: String,
    /// The excavation campaigns.
    pub excavation_periods: Vec<ExcavationPeriod>,
    /// The recovery team.
    pub team: String,
    /// Whether this is generated demo data rather than a real record.
    pub synthetic: bool,
}

impl NewRecoverySite {
    /// Checks the rules every stored site obeys.
    pub fn validate(&self) -> Result<(), DomainError> {
        require_text("code", &self.code)?;
        crate::Identifier::SiteCode.check(&self.code)?;
        require_text("name", &self.name)?;
        if !(-90.0..=90.0).contains(&self.latitude) {
            return Err(DomainError::invalid(
                "latitude",
                format!("{} is outside −90…90", self.latitude),
            ));
        }
        if !(-180.0..=180.0).contains(&self.longitude) {
            return Err(DomainError::invalid(
                "longitude",
                format!("{} is outside −180…180", self.longitude),
            ));
        }
        for p in &self.excavation_periods {
            if let Some(end) = p.end
                && end < p.start
            {
                return Err(DomainError::invalid(
                    "excavation_periods",
                    format!("the period {}–{end} ends before it starts", p.start),
                ));
            }
        }
        Ok(())
    }
}

/// A stored recovery site.
#[derive(Debug, Clone, PartialEq)]
pub struct RecoverySite {
    /// Its id.
    pub id: RecoverySiteId,
    /// Everything else.
    pub site: NewRecoverySite,
}

pub(crate) fn require_text(field: &'static str, value: &str) -> Result<(), DomainError> {
    if value.trim().is_empty() {
        Err(DomainError::invalid(field, "must not be empty"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::assert_refused_on;

    fn site() -> NewRecoverySite {
        NewRecoverySite {
            code: "GW-CW-001".into(),
            name: "Baengma Hill".into(),
            province: "Gangwon".into(),
            county: "Cheorwon".into(),
            latitude: 38.25,
            longitude: 127.2,
            battle_area: "Baengma Hill".into(),
            excavation_periods: vec![],
            team: "MAKRI team 3".into(),
            synthetic: false,
        }
    }

    #[test]
    fn a_plausible_site_is_accepted() {
        assert_eq!(site().validate(), Ok(()));
    }

    #[test]
    fn coordinates_and_periods_are_checked() {
        let mut s = site();
        s.latitude = 138.0;
        assert_refused_on(s.validate(), "latitude");
        let mut s = site();
        s.excavation_periods.push(ExcavationPeriod {
            start: CalendarDate::parse("2020-05-01").unwrap(),
            end: Some(CalendarDate::parse("2020-04-01").unwrap()),
        });
        assert!(s.validate().is_err());
    }
}
