//! The audit log: every write, newest first, a page at a time.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use crate::chrome::{Chrome, PageQuery, PageResult, page_offset, render, url_encode};
use crate::i18n::StoredText;
use crate::state::AppState;

/// Entries per page.
pub const PAGE_SIZE: u32 = 50;

/// The page's query string.
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    page: Option<u32>,
}

struct Row {
    at: String,
    actor: String,
    /// The action as the reader says it, and its code (shown as a tooltip, for searching).
    action: String,
    action_code: String,
    entity: String,
    entity_key: String,
    entity_href: Option<String>,
    detail: StoredText,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    rows: Vec<Row>,
    page: u32,
    prev: Option<String>,
    next: Option<String>,
}

/// Where the UI shows the thing an entry is about, if it has a page.
fn entity_href(entity: &str, key: &str) -> Option<String> {
    match entity {
        "remains_case" => Some(format!("/remains/{}", url_encode(key))),
        "recovery_site" => Some(format!("/sites/{}", url_encode(key))),
        _ => None,
    }
}

/// `GET /audit`.
pub async fn list(
    State(state): State<AppState>,
    chrome: Chrome,
    PageQuery(query): PageQuery<AuditQuery>,
) -> PageResult {
    let (page, offset) = page_offset(query.page, PAGE_SIZE);
    // One more than a page tells whether there is a next page without counting the log.
    let mut entries = state.store.audit_log(PAGE_SIZE + 1, offset).await?;
    let has_next = entries.len() > PAGE_SIZE as usize;
    entries.truncate(PAGE_SIZE as usize);
    let system = chrome.t.get("audit-system");
    let rows = entries
        .iter()
        .map(|a| {
            let e = &a.entry;
            Row {
                at: chrome.t.datetime(&e.at.to_rfc3339()),
                actor: a.actor_name.clone().unwrap_or_else(|| system.clone()),
                action: chrome.t.audit_action(&e.action),
                action_code: e.action.clone(),
                entity: chrome.t.code("audit-entity", &e.entity),
                entity_href: entity_href(&e.entity, &e.entity_key),
                entity_key: e.entity_key.clone(),
                detail: chrome.t.stored_lines(&e.detail),
            }
        })
        .collect();
    let audit = AuditPage {
        rows,
        page,
        prev: (page > 1).then(|| format!("/audit?page={}", page - 1)),
        next: has_next.then(|| format!("/audit?page={}", page + 1)),
        chrome,
    };
    Ok(render(&audit, StatusCode::OK))
}
