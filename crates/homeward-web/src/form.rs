//! A form posted from the page of one record (a case, a batch) and the way back to that page that
//! every such form takes: 303 with a notice in the flash cookie saying what happened or why not.
//! An unknown record is the 404 page instead, shown as the record's page would show it.
//!
//! [`PagePost`] gathers what each of these handlers needs, so that a handler says only what it
//! does with the fields.

use axum::extract::{FromRequest, Path, Request};
use axum::http::StatusCode;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use serde::de::DeserializeOwned;

use crate::auth::Caller;
use crate::chrome::{Chrome, page_error};
use crate::error::ApiResult;
use crate::extract::{Posted, part};
use crate::flash::{Flash, NoticeKind};
use crate::i18n::Lang;
use crate::state::AppState;

/// A form posted to `…/{key}/…`: who posts it, in which language, about which record, and the
/// fields (their refusal kept, to be reported as a notice on the page rather than as an error).
#[derive(Debug)]
pub struct PagePost<T> {
    /// The app.
    pub state: AppState,
    /// Who posts.
    pub caller: Caller,
    /// The language of the page the form came from.
    pub lang: Lang,
    /// The record's key: the path's one parameter (an accession number, a batch code).
    pub key: String,
    /// The fields as posted.
    pub form: Posted<T>,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for PagePost<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let Extension(caller) = part(&mut parts, state).await?;
        let lang = part(&mut parts, state).await?;
        let Path(key) = part(&mut parts, state).await?;
        let form = Form::<T>::from_request(Request::from_parts(parts, body), state).await;
        Ok(PagePost {
            state: state.clone(),
            caller,
            lang,
            key,
            form,
        })
    }
}

impl<T> PagePost<T> {
    /// Takes `step` with the posted fields (the step decides when a refused form counts, so an
    /// unknown record can be a 404 first), then goes back to the record's page (`page` of its
    /// key): `kinds` are the notices for done and refused.
    pub async fn answer(
        self,
        page: fn(&str) -> String,
        kinds: (NoticeKind, NoticeKind),
        step: impl AsyncFnOnce(&AppState, &Caller, &str, ApiResult<T>) -> ApiResult<()>,
    ) -> Response {
        let fields = self.form.map(|Form(fields)| fields).map_err(Into::into);
        let result = step(&self.state, &self.caller, &self.key, fields).await;
        let page = page(&self.key);
        let chrome = Chrome::new(self.lang, &self.caller, &page);
        back(&self.state, chrome, page, result, kinds)
    }

    /// As [`Self::answer`], for a form whose way back depends on its fields as well as on the
    /// key: `step` returns the page to go back to (a local path it built), or refuses with
    /// `fallback` as the way back.
    pub async fn answer_at(
        self,
        fallback: String,
        kinds: (NoticeKind, NoticeKind),
        step: impl AsyncFnOnce(&AppState, &Caller, &str, ApiResult<T>) -> (String, ApiResult<()>),
    ) -> Response {
        let fields = self.form.map(|Form(fields)| fields).map_err(Into::into);
        let (page, result) = step(&self.state, &self.caller, &self.key, fields).await;
        let page = if page.starts_with('/') && !page.starts_with("//") {
            page
        } else {
            fallback
        };
        let chrome = Chrome::new(self.lang, &self.caller, &page);
        back(&self.state, chrome, page, result, kinds)
    }
}

/// Back to `page` with a notice; an unknown record is a 404 page instead (in `chrome`, the
/// page's own: its language switcher points at the page, not at the form's address).
fn back(
    state: &AppState,
    chrome: Chrome,
    page: String,
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
    (
        StatusCode::SEE_OTHER,
        [(SET_COOKIE, flash.cookie(&state.config)), (LOCATION, page)],
    )
        .into_response()
}
