//! Remains cases: what the API ([`api`]) and the pages ([`page`]) share — finding a case by its
//! accession number, the whole case as the staff read it (with its custody timeline and
//! identification), and the list's filter.

pub mod api;
pub mod dto;
pub mod forms;
pub mod input;
pub mod page;
pub mod write;

use homeward_domain::{Accession, LifecycleStatus, Nationality, RemainsCase};
use homeward_store::{RemainsFilter, Store};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::{ApiError, ApiResult};
use crate::remains::dto::{CustodyEntryDto, IdentificationDto, RemainsDto};

/// The largest page the API serves.
pub const MAX_LIMIT: u32 = 500;

/// Filters and paging for the remains list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RemainsQuery {
    /// Status code.
    pub status: Option<String>,
    /// Site code.
    pub site: Option<String>,
    /// Nationality code.
    pub nationality: Option<String>,
    /// Accession or any external number (exact or prefix).
    pub number: Option<String>,
    /// Page size (default 50, at most 500).
    pub limit: Option<u32>,
    /// Rows to skip.
    pub offset: Option<u32>,
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl RemainsQuery {
    /// The store's filter, with codes resolved (an unknown site code is a 422 naming `site`).
    pub async fn to_filter(&self, store: &dyn Store) -> ApiResult<RemainsFilter> {
        let status = non_empty(&self.status)
            .map(LifecycleStatus::from_code)
            .transpose()?;
        let nationality = non_empty(&self.nationality)
            .map(Nationality::from_code)
            .transpose()?;
        let site = match non_empty(&self.site) {
            Some(code) => Some(
                crate::input::site_named(store, code)
                    .await?
                    .ok_or_else(|| {
                        ApiError::invalid("site", format!("no recovery site \"{code}\""))
                    })?
                    .id,
            ),
            None => None,
        };
        Ok(RemainsFilter {
            status,
            site,
            nationality,
            number: non_empty(&self.number).map(str::to_owned),
            limit: self.limit.unwrap_or(50).clamp(1, MAX_LIMIT),
            offset: self.offset.unwrap_or(0),
        })
    }
}

/// A case by accession number, or 404.
pub async fn case_by_accession(store: &dyn Store, accession: &str) -> ApiResult<RemainsCase> {
    crate::input::case_named(store, accession)
        .await?
        .ok_or_else(|| ApiError::not_found("remains case", accession))
}

/// The full view of a case: its site, effects, status history and custody timeline.
pub async fn full_case(store: &dyn Store, case: &RemainsCase) -> ApiResult<RemainsDto> {
    Ok(full_case_named(store, case, &dto::as_codes)
        .await?
        .for_api())
}

/// [`full_case`] with the codes in the custody timeline's event lines named by `name` (a page's
/// language), read once; the texts the system wrote are left as stored, for the page to show.
pub async fn full_case_named(
    store: &dyn Store,
    case: &RemainsCase,
    name: &(dyn Fn(dto::Vocabulary, &str) -> String + Sync),
) -> ApiResult<RemainsDto> {
    let site = store.site(case.case.site).await?;
    let effects = store.effects_of_remains(case.id).await?;
    let history = store.status_history(case.id).await?;
    let mut dto = RemainsDto::new(case, site.as_ref(), &effects, &history);
    dto.custody = custody_named(store, &case.case.accession, name).await?;
    dto.identification = store
        .identification(case.id)
        .await?
        .as_ref()
        .map(IdentificationDto::from);
    Ok(dto)
}

/// The case's custody timeline, oldest first (ledger order), with the codes in its event lines
/// named by `name`.
pub async fn custody_named(
    store: &dyn Store,
    accession: &str,
    name: &(dyn Fn(dto::Vocabulary, &str) -> String + Sync),
) -> ApiResult<Vec<CustodyEntryDto>> {
    let Ok(accession) = Accession::parse(accession) else {
        return Ok(Vec::new());
    };
    let rows = store.ledger_rows_of_remains(&accession).await?;
    Ok(rows
        .iter()
        .map(|row| match row.decode() {
            Ok(signed) => CustodyEntryDto::named(&signed, name),
            Err(reason) => CustodyEntryDto::unreadable(row, reason),
        })
        .collect())
}
