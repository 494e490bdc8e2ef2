//! The review committee's identification of a remains case as a person on the rolls of the
//! missing: recorded by reviewers (`identify`), shown on the case, and — only the name — on the
//! public memorial roll. The UI's form calls the same function as the API.

use axum::extract::State;
use axum::{Extension, Json};
use homeward_domain::{Identification, MissingPerson, MissingPersonId, NewIdentification};
use homeward_store::Store;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::remains::{case_by_accession, full_case};
use super::{ApiJson, ApiPath};
use crate::AppState;
use crate::auth::Caller;
use crate::dto::RemainsDto;
use crate::error::{ApiResult, ErrorBody};
use crate::pages::url_encode;

/// The identification to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentificationInput {
    /// The person's id on the rolls of the missing.
    pub person_id: i64,
    /// On what basis, e.g. "DNA: LR 3.2e9 with daughter's reference; seal inscription".
    pub basis: String,
    /// The review committee's decision reference.
    pub decision: String,
}

/// Who a case was identified as, and on what basis.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdentificationDto {
    /// The person's id on the rolls.
    pub person_id: i64,
    /// The name in its original script.
    pub name_original: String,
    /// Hanzi form.
    pub name_hanzi: Option<String>,
    /// Hanyu Pinyin.
    pub name_pinyin: Option<String>,
    /// Hangul form.
    pub name_hangul: Option<String>,
    /// Revised Romanization of Korean.
    pub name_rr: Option<String>,
    /// The basis of the identification.
    pub basis: String,
    /// The review committee's decision reference.
    pub decision: String,
    /// The person on the public roll search, e.g. `/missing?q=王德明`.
    pub roll_href: String,
}

impl From<&Identification> for IdentificationDto {
    fn from(i: &Identification) -> Self {
        let p = &i.person.person;
        IdentificationDto {
            person_id: i.person.id.0,
            name_original: p.name_original.clone(),
            name_hanzi: p.name_hanzi.clone(),
            name_pinyin: p.name_pinyin.clone(),
            name_hangul: p.name_hangul.clone(),
            name_rr: p.name_rr.clone(),
            basis: i.basis.clone(),
            decision: i.decision.clone(),
            roll_href: format!("/missing?q={}", url_encode(&p.name_original)),
        }
    }
}

/// The person's romanizations (Pinyin, Revised Romanization), those that are known, joined with
/// " / "; `None` when none is known.
pub fn romanized(person: &MissingPerson) -> Option<String> {
    let p = &person.person;
    let forms: Vec<&str> = [&p.name_pinyin, &p.name_rr]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty() && *s != p.name_original.trim())
        .collect();
    (!forms.is_empty()).then(|| forms.join(" / "))
}

/// Records the identification of the case `accession`; a refusal changes nothing.
pub async fn identify(
    store: &dyn Store,
    caller: &Caller,
    accession: &str,
    input: IdentificationInput,
) -> ApiResult<()> {
    let case = case_by_accession(store, accession).await?;
    let new = NewIdentification {
        person: MissingPersonId(input.person_id),
        basis: input.basis,
        decision: input.decision,
    };
    store
        .record_identification(case.id, &new, caller.write_context())
        .await?;
    Ok(())
}

/// Records the review committee's identification of a case as a person on the rolls of the
/// missing. Only a case that is `identified` or later may take a name; a case and a person are
/// identified at most once (409).
#[utoipa::path(post, path = "/api/v1/remains/{accession}/identification", tag = "remains",
    params(("accession" = String, Path, description = "Accession number")),
    request_body = IdentificationInput,
    responses((status = 200, body = RemainsDto, description = "The case as identified"),
        (status = 404, body = ErrorBody, description = "No such case or person"),
        (status = 409, body = ErrorBody,
            description = "The case is not yet identified, the armies differ, or the case or \
                           the person is already identified"),
        (status = 422, body = ErrorBody)))]
pub async fn record(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    ApiPath(accession): ApiPath<String>,
    ApiJson(input): ApiJson<IdentificationInput>,
) -> ApiResult<Json<RemainsDto>> {
    let store = state.store.as_ref();
    identify(store, &caller, &accession, input).await?;
    let case = case_by_accession(store, &accession).await?;
    Ok(Json(full_case(store, &case).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use homeward_domain::{Nationality, NewMissingPerson};

    fn person(pinyin: Option<&str>, rr: Option<&str>) -> MissingPerson {
        MissingPerson {
            id: MissingPersonId(7),
            person: NewMissingPerson {
                name_original: "王德明".into(),
                name_hanzi: Some("王德明".into()),
                name_pinyin: pinyin.map(Into::into),
                name_hangul: None,
                name_rr: rr.map(Into::into),
                birth_year: None,
                hometown_province: String::new(),
                hometown_county: String::new(),
                unit: String::new(),
                date_of_loss: None,
                place_of_loss: String::new(),
                source_record: String::new(),
                nationality: Nationality::Cpv,
                synthetic: false,
            },
        }
    }

    #[test]
    fn romanizations_are_joined_and_absent_ones_left_out() {
        assert_eq!(
            romanized(&person(Some("Wáng Démíng"), Some("Wang Deok-myeong"))).as_deref(),
            Some("Wáng Démíng / Wang Deok-myeong")
        );
        assert_eq!(
            romanized(&person(Some("Wáng Démíng"), None)).as_deref(),
            Some("Wáng Démíng")
        );
        assert_eq!(romanized(&person(None, Some(" "))), None);
    }
}
