//! The JSON the API answers with. Domain types carry no serde; each DTO here is converted from
//! its domain type by hand, so the wire format changes only when this file does.

use homeward_domain::{
    AuditEntry, HistoricalHandover, MissingPerson, PersonalEffect, RecoverySite, RemainsCase,
    StatusChange, User,
};
use homeward_store::{MissingMatch, RegistryStats, RemainsSummary, SiteSummary};
use serde::Serialize;

pub use crate::api::custody::CustodyEntryDto;
pub use crate::api::identification::IdentificationDto;
use utoipa::ToSchema;

/// The caller of `GET /api/v1/me`.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    /// Login name.
    pub username: String,
    /// Name shown in the UI and the audit log.
    pub display_name: String,
    /// Role code, e.g. `anthropologist`.
    pub role: String,
    /// The permissions this role holds.
    pub permissions: Vec<String>,
}

impl From<&User> for UserDto {
    fn from(u: &User) -> Self {
        UserDto {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role.code().to_owned(),
            permissions: crate::routes::ALL_PERMISSIONS
                .into_iter()
                .filter(|p| u.role.may(*p))
                .map(|p| crate::auth::permission_code(p).to_owned())
                .collect(),
        }
    }
}

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

/// A remains case as a list shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemainsSummaryDto {
    /// Accession number.
    pub accession: String,
    /// Site name.
    pub site_name: String,
    /// Recovery date.
    pub recovery_date: String,
    /// Status code.
    pub status: String,
    /// Nationality code.
    pub nationality: String,
    /// Generated demo data.
    pub synthetic: bool,
}

impl From<&RemainsSummary> for RemainsSummaryDto {
    fn from(r: &RemainsSummary) -> Self {
        RemainsSummaryDto {
            accession: r.accession.clone(),
            site_name: r.site_name.clone(),
            recovery_date: r.recovery_date.to_string(),
            status: r.status.code().to_owned(),
            nationality: r.nationality.code(),
            synthetic: r.synthetic,
        }
    }
}

/// One page of remains cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemainsPageDto {
    /// The cases on this page.
    pub items: Vec<RemainsSummaryDto>,
    /// How many matched in all.
    pub total: u64,
    /// Page size.
    pub limit: u32,
    /// Rows skipped.
    pub offset: u32,
}

/// A number given by another system.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExternalNumberDto {
    /// Numbering scheme.
    pub scheme: String,
    /// Number.
    pub value: String,
}

/// Skeletal elements present.
#[derive(Debug, Serialize, ToSchema)]
pub struct InventoryDto {
    /// Elements present.
    pub elements: Vec<String>,
    /// Completeness, percent.
    pub completeness_pct: u8,
}

/// The biological profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileDto {
    /// Sex estimate code.
    pub sex: String,
    /// Age range at death, years `[min, max]`.
    pub age_range: Option<[u8; 2]>,
    /// Stature range, cm `[min, max]`.
    pub stature_range_cm: Option<[u16; 2]>,
}

/// The nationality assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct NationalityDto {
    /// Nationality code: `undetermined`, `rok`, `cpv`, `kpa`, `un:US`…
    pub nationality: String,
    /// Evidence.
    pub evidence: String,
    /// The review committee's decision, once taken.
    pub committee_decision: Option<String>,
}

/// A personal effect.
#[derive(Debug, Serialize, ToSchema)]
pub struct EffectDto {
    /// Id.
    pub id: i64,
    /// Category code.
    pub category: String,
    /// Description.
    pub description: String,
    /// Inscription in its original script.
    pub inscription: Option<String>,
    /// Condition.
    pub condition: String,
    /// Disposition code.
    pub disposition: String,
}

impl From<&PersonalEffect> for EffectDto {
    fn from(e: &PersonalEffect) -> Self {
        EffectDto {
            id: e.id.0,
            category: e.effect.category.code().to_owned(),
            description: e.effect.description.clone(),
            inscription: e.effect.inscription.clone(),
            condition: e.effect.condition.clone(),
            disposition: e.effect.disposition.code().to_owned(),
        }
    }
}

/// One step of a case's status history.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusChangeDto {
    /// Status left (`null` for the accession).
    pub from: Option<String>,
    /// Status entered.
    pub to: String,
    /// Who.
    pub actor: String,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Why.
    pub reason: String,
}

impl From<&StatusChange> for StatusChangeDto {
    fn from(c: &StatusChange) -> Self {
        StatusChangeDto {
            from: c.from.map(|s| s.code().to_owned()),
            to: c.to.code().to_owned(),
            actor: c.actor_name.clone(),
            at: c.at.to_rfc3339(),
            reason: c.reason.clone(),
        }
    }
}

/// A remains case with its effects and status history.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemainsDto {
    /// Accession number.
    pub accession: String,
    /// Code of the site.
    pub site_code: String,
    /// Name of the site.
    pub site_name: String,
    /// Recovery date.
    pub recovery_date: String,
    /// Context code.
    pub context: String,
    /// Skeletal inventory.
    pub inventory: InventoryDto,
    /// Biological profile.
    pub profile: ProfileDto,
    /// Condition.
    pub condition: String,
    /// Nationality assessment.
    pub nationality: NationalityDto,
    /// Storage location.
    pub storage_location: String,
    /// Numbers in other systems.
    pub external_numbers: Vec<ExternalNumberDto>,
    /// Status code.
    pub status: String,
    /// Statuses the case may move to next (by the lifecycle).
    pub allowed_next: Vec<String>,
    /// Of those, the ones `POST /api/v1/remains/{accession}/status` may set; the others are
    /// entered by recording the examination, the identification or a repatriation batch's steps.
    pub status_step_next: Vec<String>,
    /// Generated demo data.
    pub synthetic: bool,
    /// Effects found with the remains.
    pub effects: Vec<EffectDto>,
    /// Status history, oldest first.
    pub history: Vec<StatusChangeDto>,
    /// Custody timeline: the ledger entries naming the case, in ledger order (newest last).
    pub custody: Vec<CustodyEntryDto>,
    /// Who the case was identified as, once the review committee has decided.
    pub identification: Option<IdentificationDto>,
}

impl RemainsDto {
    /// The case with its site, effects and history; `custody` is left empty for the caller
    /// (`api::remains::full_case`) to fill from the ledger.
    pub fn new(
        r: &RemainsCase,
        site: Option<&RecoverySite>,
        effects: &[PersonalEffect],
        history: &[StatusChange],
    ) -> Self {
        let c = &r.case;
        RemainsDto {
            accession: c.accession.clone(),
            site_code: site.map(|s| s.site.code.clone()).unwrap_or_default(),
            site_name: site.map(|s| s.site.name.clone()).unwrap_or_default(),
            recovery_date: c.recovery_date.to_string(),
            context: c.context.code().to_owned(),
            inventory: InventoryDto {
                elements: c.inventory.elements.clone(),
                completeness_pct: c.inventory.completeness_pct,
            },
            profile: ProfileDto {
                sex: c.profile.sex.code().to_owned(),
                age_range: c.profile.age_range.map(|(a, b)| [a, b]),
                stature_range_cm: c.profile.stature_range_cm.map(|(a, b)| [a, b]),
            },
            condition: c.condition.clone(),
            nationality: NationalityDto {
                nationality: c.nationality.nationality.code(),
                evidence: c.nationality.evidence.clone(),
                committee_decision: c.nationality.committee_decision.clone(),
            },
            storage_location: c.storage_location.clone(),
            external_numbers: c
                .external_numbers
                .iter()
                .map(|n| ExternalNumberDto {
                    scheme: n.scheme.clone(),
                    value: n.value.clone(),
                })
                .collect(),
            status: r.status.code().to_owned(),
            allowed_next: r
                .status
                .allowed_next()
                .iter()
                .map(|s| s.code().to_owned())
                .collect(),
            status_step_next: r
                .status
                .allowed_next()
                .iter()
                .filter(|s| s.set_by_status_step())
                .map(|s| s.code().to_owned())
                .collect(),
            synthetic: c.synthetic,
            effects: effects.iter().map(EffectDto::from).collect(),
            history: history.iter().map(StatusChangeDto::from).collect(),
            custody: Vec::new(),
            identification: None,
        }
    }
}

/// A person on the public roll of the missing: names, birth year, hometown, unit, and the date and
/// place of loss. Never the source record, family, DNA or contact data.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicMissingPersonDto {
    /// Name in its original script.
    pub name_original: String,
    /// Hanzi.
    pub name_hanzi: Option<String>,
    /// Hanyu Pinyin.
    pub name_pinyin: Option<String>,
    /// Hangul.
    pub name_hangul: Option<String>,
    /// Revised Romanization.
    pub name_rr: Option<String>,
    /// Year of birth.
    pub birth_year: Option<i32>,
    /// Hometown province.
    pub hometown_province: String,
    /// Hometown county.
    pub hometown_county: String,
    /// Unit.
    pub unit: String,
    /// Date of death or disappearance (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date_of_loss: Option<String>,
    /// Place of death or disappearance.
    pub place_of_loss: String,
    /// Generated demo data.
    pub synthetic: bool,
    /// How well the name matched the search, 0–1.
    pub score: f64,
}

impl From<&MissingMatch> for PublicMissingPersonDto {
    fn from(m: &MissingMatch) -> Self {
        let MissingPerson { person: p, .. } = &m.person;
        PublicMissingPersonDto {
            name_original: p.name_original.clone(),
            name_hanzi: p.name_hanzi.clone(),
            name_pinyin: p.name_pinyin.clone(),
            name_hangul: p.name_hangul.clone(),
            name_rr: p.name_rr.clone(),
            birth_year: p.birth_year,
            hometown_province: p.hometown_province.clone(),
            hometown_county: p.hometown_county.clone(),
            unit: p.unit.clone(),
            date_of_loss: p.date_of_loss.map(|d| d.to_string()),
            place_of_loss: p.place_of_loss.clone(),
            synthetic: p.synthetic,
            score: m.score,
        }
    }
}

/// The id a created record was given.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedDto {
    /// Its id.
    pub id: i64,
}

/// One audit log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryDto {
    /// Sequence number.
    pub id: i64,
    /// Who (`null` for the system).
    pub actor: Option<String>,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Kind of change.
    pub action: String,
    /// Kind of thing changed.
    pub entity: String,
    /// Its key.
    pub entity_key: String,
    /// What changed.
    pub detail: String,
}

impl From<&AuditEntry> for AuditEntryDto {
    fn from(a: &AuditEntry) -> Self {
        AuditEntryDto {
            id: a.id,
            actor: a.actor_name.clone(),
            at: a.entry.at.to_rfc3339(),
            action: a.entry.action.clone(),
            entity: a.entry.entity.clone(),
            entity_key: a.entry.entity_key.clone(),
            detail: a.entry.detail.clone(),
        }
    }
}

/// A new API token, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenDto {
    /// Send as `Authorization: Bearer <token>`; it cannot be shown again.
    pub token: String,
    /// Its label.
    pub label: String,
    /// Its id, which listing and revocation name.
    pub id: i64,
    /// When it stops working (RFC 3339).
    pub expires_at: String,
}
