//! The JSON out and in of recovery sites.

use homeward_domain::{ExcavationPeriod, NewRecoverySite, RecoverySite};
use homeward_store::SiteSummary;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ApiResult;
use crate::input::date;

pub use crate::remains::dto::{CustodyEntryDto, IdentificationDto};

/// One excavation campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeriodDto {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, if ended.
    pub end: Option<String>,
}

/// A recovery site.
#[derive(Debug, Serialize, ToSchema)]
pub struct SiteDto {
    /// Unique code, e.g. `GW-CW-014`.
    pub code: String,
    /// Name.
    pub name: String,
    /// Province.
    pub province: String,
    /// County.
    pub county: String,
    /// WGS 84 latitude.
    pub latitude: f64,
    /// WGS 84 longitude.
    pub longitude: f64,
    /// Battle or area name.
    pub battle_area: String,
    /// Excavation campaigns.
    pub excavation_periods: Vec<PeriodDto>,
    /// Recovery team.
    pub team: String,
    /// Generated demo data, not a real record.
    pub synthetic: bool,
    /// Remains cases recovered there (in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remains: Option<u64>,
}

impl From<&RecoverySite> for SiteDto {
    fn from(s: &RecoverySite) -> Self {
        let s = &s.site;
        SiteDto {
            code: s.code.clone(),
            name: s.name.clone(),
            province: s.province.clone(),
            county: s.county.clone(),
            latitude: s.latitude,
            longitude: s.longitude,
            battle_area: s.battle_area.clone(),
            excavation_periods: s
                .excavation_periods
                .iter()
                .map(|p| PeriodDto {
                    start: p.start.to_string(),
                    end: p.end.map(|e| e.to_string()),
                })
                .collect(),
            team: s.team.clone(),
            synthetic: s.synthetic,
            remains: None,
        }
    }
}

impl From<&SiteSummary> for SiteDto {
    fn from(s: &SiteSummary) -> Self {
        SiteDto {
            remains: Some(s.remains),
            ..SiteDto::from(&s.site)
        }
    }
}

/// One excavation campaign.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodInput {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// Last day, if ended.
    #[serde(default)]
    pub end: Option<String>,
}

/// A recovery site to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSiteInput {
    /// Unique code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Province.
    pub province: String,
    /// County.
    pub county: String,
    /// WGS 84 latitude.
    pub latitude: f64,
    /// WGS 84 longitude.
    pub longitude: f64,
    /// Battle or area name.
    #[serde(default)]
    pub battle_area: String,
    /// Excavation campaigns.
    #[serde(default)]
    pub excavation_periods: Vec<PeriodInput>,
    /// Recovery team.
    #[serde(default)]
    pub team: String,
    /// Generated demo data.
    #[serde(default)]
    pub synthetic: bool,
}

impl NewSiteInput {
    /// The domain value, validated.
    pub fn into_domain(self) -> ApiResult<NewRecoverySite> {
        let excavation_periods = self
            .excavation_periods
            .iter()
            .map(|p| {
                Ok(ExcavationPeriod {
                    start: date("excavation_periods.start", &p.start)?,
                    end: p
                        .end
                        .as_deref()
                        .map(|e| date("excavation_periods.end", e))
                        .transpose()?,
                })
            })
            .collect::<ApiResult<_>>()?;
        let site = NewRecoverySite {
            code: self.code,
            name: self.name,
            province: self.province,
            county: self.county,
            latitude: self.latitude,
            longitude: self.longitude,
            battle_area: self.battle_area,
            excavation_periods,
            team: self.team,
            synthetic: self.synthetic,
        };
        site.validate()?;
        Ok(site)
    }
}
