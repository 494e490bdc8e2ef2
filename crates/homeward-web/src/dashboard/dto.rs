//! The JSON out of the handovers and the registry's totals.

use homeward_domain::HistoricalHandover;
use homeward_store::RegistryStats;
use serde::Serialize;
use utoipa::ToSchema;

pub use crate::remains::dto::{CustodyEntryDto, IdentificationDto};

/// One historical handover of remains between states.
#[derive(Debug, Serialize, ToSchema)]
pub struct HandoverDto {
    /// 1 for the first.
    pub sequence: u32,
    /// Date of the ceremony, `YYYY-MM-DD`.
    pub date: String,
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

impl From<&HistoricalHandover> for HandoverDto {
    fn from(h: &HistoricalHandover) -> Self {
        HandoverDto {
            sequence: h.sequence,
            date: h.date.to_string(),
            remains: h.remains,
            effects: h.effects,
            from_country: h.from_country.clone(),
            to_country: h.to_country.clone(),
            place: h.place.clone(),
        }
    }
}

/// Every historical handover and their totals.
#[derive(Debug, Serialize, ToSchema)]
pub struct HandoversDto {
    /// The handovers, by date.
    pub handovers: Vec<HandoverDto>,
    /// Remains handed over in all.
    pub total_remains: u64,
    /// Effects handed over in all (where published).
    pub total_effects: u64,
}

impl HandoversDto {
    /// The handovers with their totals.
    pub fn new(all: &[HistoricalHandover]) -> Self {
        HandoversDto {
            handovers: all.iter().map(HandoverDto::from).collect(),
            total_remains: all.iter().map(|h| u64::from(h.remains)).sum(),
            total_effects: all.iter().filter_map(|h| h.effects).map(u64::from).sum(),
        }
    }
}

/// How many cases stand in one status.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCountDto {
    /// Status code.
    pub status: String,
    /// Cases in it.
    pub count: u64,
}

/// Totals for the dashboard.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatsDto {
    /// Recovery sites.
    pub sites: u64,
    /// Remains cases.
    pub remains: u64,
    /// Cases per status, in lifecycle order.
    pub remains_by_status: Vec<StatusCountDto>,
    /// Personal effects.
    pub effects: u64,
    /// Persons on the rolls of the missing.
    pub missing_persons: u64,
    /// Remains handed over in the historical handovers.
    pub handed_over_historically: u64,
}

impl From<&RegistryStats> for StatsDto {
    fn from(s: &RegistryStats) -> Self {
        StatsDto {
            sites: s.sites,
            remains: s.remains,
            remains_by_status: s
                .remains_by_status
                .iter()
                .map(|(status, count)| StatusCountDto {
                    status: status.code().to_owned(),
                    count: *count,
                })
                .collect(),
            effects: s.effects,
            missing_persons: s.missing_persons,
            handed_over_historically: s.handed_over_historically,
        }
    }
}
