//! The API tokens page: the caller's tokens (everyone's for an administrator), a form that mints
//! one (a logged-in session only: the route is `Access::Session`) and shows its secret this once,
//! and a revoke button per token. The same rules as the API apply: the store checks who revokes.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::IntoResponse;
use axum::{Extension, Form};
use homeward_domain::{ApiTokenId, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, Permission};
use serde::Deserialize;

use crate::auth::Caller;
use crate::chrome::{Chrome, PageResult, render};
use crate::error::ApiError;
use crate::extract::Posted;
use crate::state::AppState;
use crate::tokens::{mint_token, revoke_token, token_state};

struct Row {
    id: i64,
    username: String,
    label: String,
    created: String,
    expires: String,
    state: String,
    active: bool,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    chrome: Chrome,
    rows: Vec<Row>,
    everyone: bool,
    /// The table's header cells: the owner's column only when the caller sees everyone's tokens.
    columns: Vec<(&'static str, &'static str)>,
    default_days: i64,
    max_days: i64,
    /// The token just created, shown this once.
    minted: Option<String>,
}

/// The header cells every caller sees: label, created, expires, state, and the revoke button's.
const COLUMNS: [(&str, &str); 5] = [
    ("tokens-col-label", ""),
    ("tokens-col-created", ""),
    ("tokens-col-expires", ""),
    ("tokens-col-state", ""),
    ("", ""),
];

fn day(tr: crate::i18n::Tr, t: homeward_domain::Timestamp) -> String {
    tr.datetime(&t.to_rfc3339())
}

async fn page(
    state: &AppState,
    chrome: Chrome,
    caller: &Caller,
    minted: Option<String>,
) -> PageResult {
    let Some(user) = caller.0.as_ref() else {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "log in").into());
    };
    let everyone = user.role.may(Permission::ManageUsers);
    let owner = (!everyone).then_some(user.id);
    let tokens = state.store.api_tokens(owner).await?;
    let rows = tokens
        .iter()
        .map(|t| {
            let code = token_state(t);
            Row {
                id: t.id.0,
                username: t.username.clone(),
                label: t.label.clone(),
                created: day(chrome.t, t.created_at),
                expires: day(chrome.t, t.expires_at),
                state: chrome.t.code("token-state", code),
                active: code == "active",
            }
        })
        .collect();
    let status = if minted.is_some() {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let owner_column = everyone.then_some(("tokens-col-user", ""));
    let columns = owner_column
        .into_iter()
        .chain(COLUMNS.iter().copied())
        .collect();
    let page = TokensPage {
        chrome,
        rows,
        everyone,
        columns,
        default_days: DEFAULT_TOKEN_DAYS,
        max_days: MAX_TOKEN_DAYS,
        minted,
    };
    Ok(render(&page, status))
}

/// `GET /tokens`.
pub async fn list(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    chrome: Chrome,
) -> PageResult {
    page(&state, chrome, &caller, None).await
}

/// The new-token form.
#[derive(Debug, Deserialize)]
pub struct NewTokenFields {
    label: String,
    #[serde(default)]
    expires_in_days: String,
}

/// `POST /tokens`: mints a token for the caller and shows it once (201, the page again).
pub async fn create(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    chrome: Chrome,
    form: Posted<NewTokenFields>,
) -> PageResult {
    let Ok(Form(fields)) = form else {
        return Err(ApiError::invalid("label", "the form needs a label").into());
    };
    let Some(user) = caller.0.as_ref() else {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "log in").into());
    };
    let days = match fields.expires_in_days.trim() {
        "" => None,
        d => match d.parse::<i64>() {
            Ok(d) => Some(d),
            Err(_) => {
                let reason = format!("\"{d}\" is not a number of days");
                return Err(ApiError::invalid("expires_in_days", reason).into());
            }
        },
    };
    let minted = mint_token(&state, &caller, user, &fields.label, days).await?;
    page(&state, chrome, &caller, Some(minted.token)).await
}

/// `POST /tokens/{id}/revoke`: revokes, then back to the list.
pub async fn revoke(
    State(state): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<i64>,
) -> PageResult {
    revoke_token(&state, &caller, ApiTokenId(id)).await?;
    Ok((StatusCode::SEE_OTHER, [(LOCATION, "/tokens".to_owned())]).into_response())
}
