//! Parsing what forms and JSON bodies send, shared by the resources' inputs: dates, whole
//! numbers and ranges, each refusal naming its field; and the keys typed into paths, forms and
//! queries, looked up.

use homeward_domain::{Accession, CalendarDate, RecoverySite, RemainsCase, SiteCode};
use homeward_store::Store;

use crate::error::{ApiError, ApiResult};

pub(crate) fn date(field: &str, text: &str) -> ApiResult<CalendarDate> {
    CalendarDate::parse(text).map_err(|e| ApiError::invalid(field, reason_of(e)))
}

/// The reason of a domain refusal without its own field prefix, so the API's field name leads.
pub(crate) fn reason_of(err: homeward_domain::DomainError) -> String {
    match err {
        homeward_domain::DomainError::InvalidField { reason, .. } => reason,
        other => other.to_string(),
    }
}

/// A whole number in `field`.
pub(crate) fn number<T: std::str::FromStr>(field: &str, text: &str) -> ApiResult<T> {
    text.trim()
        .parse()
        .map_err(|_| ApiError::invalid(field, format!("\"{}\" is not a whole number", text.trim())))
}

/// A range from two fields: both empty is unknown; one alone is refused.
pub(crate) fn range<T: std::str::FromStr>(
    field: &str,
    min: &str,
    max: &str,
) -> ApiResult<Option<[T; 2]>> {
    match (min.trim().is_empty(), max.trim().is_empty()) {
        (true, true) => Ok(None),
        (false, false) => Ok(Some([number(field, min)?, number(field, max)?])),
        _ => Err(ApiError::invalid(
            field,
            "give both the lowest and the highest value, or neither",
        )),
    }
}

/// The site whose code is `text`. Text that is no valid site code names no site: the caller
/// answers as for an unknown one (the same 404 or 422), as before keys were typed.
pub(crate) async fn site_named(store: &dyn Store, text: &str) -> ApiResult<Option<RecoverySite>> {
    let Ok(code) = SiteCode::parse(text) else {
        return Ok(None);
    };
    Ok(store.site_by_code(&code).await?)
}

/// The site whose code is `text`, or 404 naming it: for the resources whose path or answer is the
/// site itself (an unknown site in a form field is a 422 instead, see [`site_named`]).
pub(crate) async fn site_found(store: &dyn Store, text: &str) -> ApiResult<RecoverySite> {
    site_named(store, text)
        .await?
        .ok_or_else(|| ApiError::not_found("recovery site", text))
}

/// The case whose accession number is `text`; text that is no valid accession number names no
/// case, as for [`site_named`].
pub(crate) async fn case_named(store: &dyn Store, text: &str) -> ApiResult<Option<RemainsCase>> {
    let Ok(accession) = Accession::parse(text) else {
        return Ok(None);
    };
    Ok(store.remains_by_accession(&accession).await?)
}
