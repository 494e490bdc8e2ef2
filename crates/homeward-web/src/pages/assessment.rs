//! The case page's specialist forms: the anthropologist's examination, the review's
//! nationality assessment and its identification of the case. Each posts to its own route, records through the same functions as the
//! API, and redirects back to the case page with a notice (see [`super::flash`]).

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use homeward_domain::SexEstimate;
use serde::Deserialize;

use super::flash::{Flash, NoticeKind};
use super::remains::nationality_label;
use super::{Choice, Chrome, page_error, url_encode};
use crate::AppState;
use crate::api::assessment;
use crate::api::identification::{self, IdentificationInput};
use crate::api::input::{ExaminationInput, InventoryInput, NationalityDecisionInput, ProfileInput};
use crate::auth::Caller;
use crate::dto::RemainsDto;
use crate::error::{ApiError, ApiResult};
use crate::i18n::{Lang, Tr};

/// Nationalities the form offers; `un` takes its state from a second field.
const NATIONALITIES: [&str; 5] = ["undetermined", "rok", "cpv", "kpa", "un"];

/// The examination form, filled in with what is recorded.
#[derive(Debug, Clone)]
pub struct ExaminationForm {
    /// Where it posts.
    pub action: String,
    /// Elements present, one a line.
    pub elements: String,
    /// Completeness, percent.
    pub completeness: u8,
    /// The sex estimates.
    pub sexes: Vec<Choice>,
    /// Age range (empty when unknown).
    pub age_min: String,
    /// Age range (empty when unknown).
    pub age_max: String,
    /// Stature range (empty when unknown).
    pub stature_min: String,
    /// Stature range (empty when unknown).
    pub stature_max: String,
    /// Condition.
    pub condition: String,
}

impl ExaminationForm {
    /// The form for `case`.
    pub fn new(t: &Tr, case: &RemainsDto) -> Self {
        let p = &case.profile;
        let (age_min, age_max) = p
            .age_range
            .map_or_else(Default::default, |[a, b]| (a.to_string(), b.to_string()));
        let (stature_min, stature_max) = p
            .stature_range_cm
            .map_or_else(Default::default, |[a, b]| (a.to_string(), b.to_string()));
        ExaminationForm {
            action: format!("/remains/{}/examination", url_encode(&case.accession)),
            elements: case.inventory.elements.join("\n"),
            completeness: case.inventory.completeness_pct,
            sexes: SexEstimate::ALL
                .into_iter()
                .map(|s| Choice {
                    value: s.code().to_owned(),
                    label: t.code("sex", s.code()),
                    selected: s.code() == p.sex,
                })
                .collect(),
            age_min,
            age_max,
            stature_min,
            stature_max,
            condition: case.condition.clone(),
        }
    }
}

/// The nationality form, filled in with what is recorded.
#[derive(Debug, Clone)]
pub struct NationalityForm {
    /// Where it posts.
    pub action: String,
    /// The nationalities.
    pub choices: Vec<Choice>,
    /// The UN Command state's code, when the nationality is one.
    pub un_state: String,
    /// Evidence.
    pub evidence: String,
    /// The committee's decision.
    pub decision: String,
}

impl NationalityForm {
    /// The form for `case`.
    pub fn new(t: &Tr, case: &RemainsDto) -> Self {
        let n = &case.nationality;
        let un_state = n.nationality.strip_prefix("un:").unwrap_or_default();
        let current = if un_state.is_empty() {
            n.nationality.as_str()
        } else {
            "un"
        };
        NationalityForm {
            action: format!("/remains/{}/nationality", url_encode(&case.accession)),
            choices: NATIONALITIES
                .into_iter()
                .map(|code| Choice {
                    value: code.to_owned(),
                    label: if code == "un" {
                        t.get("nat-un")
                    } else {
                        nationality_label(t, code)
                    },
                    selected: code == current,
                })
                .collect(),
            un_state: un_state.to_owned(),
            evidence: n.evidence.clone(),
            decision: n.committee_decision.clone().unwrap_or_default(),
        }
    }
}

/// The examination form as posted: every field as text, so a bad number is refused naming it.
#[derive(Debug, Default, Deserialize)]
pub struct ExaminationFields {
    #[serde(default)]
    elements: String,
    #[serde(default)]
    completeness_pct: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    age_min: String,
    #[serde(default)]
    age_max: String,
    #[serde(default)]
    stature_min: String,
    #[serde(default)]
    stature_max: String,
    #[serde(default)]
    condition: String,
}

/// A whole number in `field`.
fn number<T: std::str::FromStr>(field: &str, text: &str) -> ApiResult<T> {
    text.trim()
        .parse()
        .map_err(|_| ApiError::invalid(field, format!("\"{}\" is not a whole number", text.trim())))
}

/// A range from two fields: both empty is unknown; one alone is refused.
fn range<T: std::str::FromStr>(field: &str, min: &str, max: &str) -> ApiResult<Option<[T; 2]>> {
    match (min.trim().is_empty(), max.trim().is_empty()) {
        (true, true) => Ok(None),
        (false, false) => Ok(Some([number(field, min)?, number(field, max)?])),
        _ => Err(ApiError::invalid(
            field,
            "give both the lowest and the highest value, or neither",
        )),
    }
}

impl ExaminationFields {
    /// The API's input for these fields. Elements are one a line (commas also separate them).
    pub fn to_input(&self) -> ApiResult<ExaminationInput> {
        if self.completeness_pct.trim().is_empty() {
            return Err(ApiError::invalid(
                "inventory.completeness_pct",
                "give the completeness, 0 to 100 percent",
            ));
        }
        let completeness_pct = number("inventory.completeness_pct", &self.completeness_pct)?;
        Ok(ExaminationInput {
            inventory: InventoryInput {
                elements: self
                    .elements
                    .split(['\n', ','])
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .map(str::to_owned)
                    .collect(),
                completeness_pct,
            },
            profile: ProfileInput {
                sex: Some(self.sex.trim())
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
                age_range: range("profile.age_range", &self.age_min, &self.age_max)?,
                stature_range_cm: range(
                    "profile.stature_range_cm",
                    &self.stature_min,
                    &self.stature_max,
                )?,
            },
            condition: self.condition.clone(),
        })
    }
}

/// The nationality form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct NationalityFields {
    #[serde(default)]
    nationality: Option<String>,
    #[serde(default)]
    un_state: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    committee_decision: String,
}

impl NationalityFields {
    /// The API's input for these fields (`un` and a state code become `un:XX`).
    pub fn to_input(&self) -> ApiResult<NationalityDecisionInput> {
        let chosen = self
            .nationality
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| ApiError::invalid("nationality", "choose a nationality"))?;
        let nationality = if chosen == "un" {
            format!("un:{}", self.un_state.trim())
        } else {
            chosen.to_owned()
        };
        Ok(NationalityDecisionInput {
            nationality,
            evidence: self.evidence.clone(),
            committee_decision: Some(self.committee_decision.clone()),
        })
    }
}

/// Back to the case page with a notice; an unknown case is a 404 page instead.
pub(crate) fn back(
    state: &AppState,
    chrome: Chrome,
    accession: &str,
    result: ApiResult<()>,
    kinds: (NoticeKind, NoticeKind),
) -> Response {
    let flash = match result {
        Ok(()) => Flash {
            kind: kinds.0,
            detail: String::new(),
        },
        Err(e) if e.status == StatusCode::NOT_FOUND => return page_error(chrome, e),
        Err(e) => Flash {
            kind: kinds.1,
            detail: e.message,
        },
    };
    let location = format!("/remains/{}", url_encode(accession));
    (
        StatusCode::SEE_OTHER,
        [
            (SET_COOKIE, flash.cookie(&state.config)),
            (LOCATION, location),
        ],
    )
        .into_response()
}

pub(crate) fn chrome_for(lang: Lang, caller: &Caller, accession: &str) -> Chrome {
    Chrome::new(lang, caller, &format!("/remains/{}", url_encode(accession)))
}

type Posted<T> = Result<Form<T>, FormRejection>;

/// `POST /remains/{accession}/examination`: records the examination, then back to the case.
pub async fn examine(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    lang: Lang,
    Path(accession): Path<String>,
    form: Posted<ExaminationFields>,
) -> Response {
    let result = async {
        let Form(fields) = form?;
        let input = fields.to_input()?;
        assessment::examine(state.store.as_ref(), &caller, &accession, input).await
    }
    .await;
    let chrome = chrome_for(lang, &caller, &accession);
    let kinds = (NoticeKind::ExaminationSaved, NoticeKind::ExaminationRefused);
    back(&state, chrome, &accession, result, kinds)
}

/// `POST /remains/{accession}/nationality`: records the assessment, then back to the case.
pub async fn decide_nationality(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    lang: Lang,
    Path(accession): Path<String>,
    form: Posted<NationalityFields>,
) -> Response {
    let result = async {
        let Form(fields) = form?;
        let input = fields.to_input()?;
        assessment::decide_nationality(state.store.as_ref(), &caller, &accession, input).await
    }
    .await;
    let chrome = chrome_for(lang, &caller, &accession);
    let kinds = (NoticeKind::NationalitySaved, NoticeKind::NationalityRefused);
    back(&state, chrome, &accession, result, kinds)
}

/// The identification form as posted.
#[derive(Debug, Default, Deserialize)]
pub struct IdentificationFields {
    #[serde(default)]
    person_id: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    decision: String,
}

impl IdentificationFields {
    /// The API's input for these fields (the person's roll number must be a whole number).
    pub fn to_input(&self) -> ApiResult<IdentificationInput> {
        Ok(IdentificationInput {
            person_id: number("person_id", &self.person_id)?,
            basis: self.basis.clone(),
            decision: self.decision.clone(),
        })
    }
}

/// `POST /remains/{accession}/identification`: records who the case is, then back to the case.
pub async fn identify(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    lang: Lang,
    Path(accession): Path<String>,
    form: Posted<IdentificationFields>,
) -> Response {
    let result = async {
        let Form(fields) = form?;
        let input = fields.to_input()?;
        identification::identify(state.store.as_ref(), &caller, &accession, input).await
    }
    .await;
    let chrome = chrome_for(lang, &caller, &accession);
    let kinds = (
        NoticeKind::IdentificationSaved,
        NoticeKind::IdentificationRefused,
    );
    back(&state, chrome, &accession, result, kinds)
}
