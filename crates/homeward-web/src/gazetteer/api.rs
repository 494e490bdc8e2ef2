//! `/api/v1/gazetteer`: read every name with its forms; record names (replacing the forms of
//! the same kind and text).

use axum::Json;
use axum::extract::State;
use homeward_domain::{GazetteerEntry, LocalizedName, PlaceKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::ApiWrite;
use crate::state::AppState;

/// Most names one request may record (a whole gazetteer goes through `homeward import names`).
pub const MAX_ENTRIES: usize = 5_000;

/// A name in the gazetteer: a place or unit in Korean, Chinese and English.
#[derive(Debug, Serialize, ToSchema)]
pub struct GazetteerEntryDto {
    /// What it names: `site`, `battle`, `province`, `county`, `unit`, `place_of_loss`,
    /// `cemetery` or `place`.
    pub kind: String,
    /// Its text as records carry it.
    pub original: String,
    /// Korean.
    pub ko: Option<String>,
    /// Chinese (simplified).
    pub zh: Option<String>,
    /// English.
    pub en: Option<String>,
}

impl From<&GazetteerEntry> for GazetteerEntryDto {
    fn from(e: &GazetteerEntry) -> Self {
        GazetteerEntryDto {
            kind: e.kind.code().to_owned(),
            original: e.name.original.clone(),
            ko: e.name.ko.clone(),
            zh: e.name.zh.clone(),
            en: e.name.en.clone(),
        }
    }
}

/// A name to record: what it names, its text as records carry it, and its forms (a form left
/// out, null or blank is removed).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GazetteerEntryInput {
    /// `site`, `battle`, `province`, `county`, `unit`, `place_of_loss`, `cemetery` or `place`.
    pub kind: String,
    /// Its text as records carry it.
    pub original: String,
    /// Korean.
    #[serde(default)]
    pub ko: Option<String>,
    /// Chinese (simplified).
    #[serde(default)]
    pub zh: Option<String>,
    /// English.
    #[serde(default)]
    pub en: Option<String>,
}

/// A form as given: blank is none (a page's form posts its empty inputs).
fn form(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

impl GazetteerEntryInput {
    /// The entry, or a refusal naming `field` (`entries[3].kind`) when the kind is unknown; the
    /// store checks the forms (the domain's `GazetteerEntry::validate`).
    pub fn into_entry(self, at: &str) -> ApiResult<GazetteerEntry> {
        let kind = PlaceKind::from_code(self.kind.trim())
            .map_err(|e| ApiError::invalid(&format!("{at}kind"), e))?;
        Ok(GazetteerEntry {
            kind,
            name: LocalizedName {
                original: self.original.trim().to_owned(),
                ko: form(self.ko),
                zh: form(self.zh),
                en: form(self.en),
            },
        })
    }
}

/// What a write recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct NamesWritten {
    /// How many names were recorded.
    pub written: u64,
}

/// The gazetteer: every place and unit name with its Korean, Chinese and English forms. Public:
/// the public pages show these names.
#[utoipa::path(get, path = "/api/v1/gazetteer", tag = "sites",
    responses((status = 200, body = [GazetteerEntryDto])))]
pub async fn gazetteer(State(state): State<AppState>) -> ApiResult<Json<Vec<GazetteerEntryDto>>> {
    let g = state.store.gazetteer().await?;
    Ok(Json(
        g.entries().iter().map(GazetteerEntryDto::from).collect(),
    ))
}

/// Records names of places and units, each replacing the forms of the same kind and text. All
/// or nothing: one bad entry refuses them all, naming it.
#[utoipa::path(post, path = "/api/v1/gazetteer", tag = "sites",
    request_body = [GazetteerEntryInput],
    responses((status = 200, body = NamesWritten), (status = 422, body = ErrorBody)))]
pub async fn record(write: ApiWrite<Vec<GazetteerEntryInput>>) -> ApiResult<Json<NamesWritten>> {
    let (state, caller, input) = write.into_parts();
    if input.len() > MAX_ENTRIES {
        return Err(ApiError::invalid(
            "entries",
            format!(
                "{} names in one request; at most {MAX_ENTRIES}",
                input.len()
            ),
        ));
    }
    let entries = input
        .into_iter()
        .enumerate()
        .map(|(i, e)| e.into_entry(&format!("entries[{i}].")))
        .collect::<ApiResult<Vec<_>>>()?;
    let written = state
        .store
        .put_place_names(&entries, caller.write_context())
        .await?;
    Ok(Json(NamesWritten { written }))
}
