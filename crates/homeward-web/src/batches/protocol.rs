//! The printable transfer protocol of a batch: Korean, Chinese (simplified) and English side by
//! side, each column in its own language whatever the page's language — the parties, the
//! sequence number, the ceremony and its officials, the caskets and counts, the manifest's hash
//! and the fingerprints of the keys that signed the manifest and the receipt, and lines for the
//! officials' signatures. `static/style.css` prints it on A4 without the site's chrome.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use crate::batches::dto::TotalsDto;
use crate::batches::load;
use crate::chrome::{Chrome, PageResult, group, render};
use crate::i18n::{Lang, Tr};
use crate::state::AppState;

/// One language's column.
struct Col {
    /// `lang` attribute.
    tag: &'static str,
    /// Its translator.
    t: Tr,
}

struct CasketLine {
    number: u32,
    accessions: String,
    effects: usize,
}

#[derive(Template)]
#[template(path = "protocol.html")]
struct ProtocolPage {
    chrome: Chrome,
    cols: Vec<Col>,
    code: String,
    sequence: u32,
    sender: String,
    receiver: String,
    ceremony_date: String,
    ceremony_place: String,
    sending_officials: Vec<String>,
    receiving_officials: Vec<String>,
    totals: TotalsDto,
    effects_total: String,
    caskets: Vec<CasketLine>,
    manifest_sha256: Option<String>,
    manifest_key: Option<String>,
    receipt_key: Option<String>,
    back_href: String,
}

/// `GET /batches/{code}/protocol`.
pub async fn show(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(code): Path<String>,
) -> PageResult {
    let view = load(state.store.as_ref(), &code).await?;
    let r = &view.record;
    let b = &r.batch.batch;
    let totals = TotalsDto::of(r);
    let party = |o: &homeward_domain::Organization| format!("{} ({})", o.name, o.country);
    let page = ProtocolPage {
        cols: [Lang::Ko, Lang::Zh, Lang::En]
            .into_iter()
            .map(|l| Col {
                tag: l.html_tag(),
                t: Tr::new(l),
            })
            .collect(),
        code: r.batch.code.clone(),
        sequence: b.sequence_number,
        sender: party(&b.sender),
        receiver: party(&b.receiver),
        ceremony_date: r
            .ceremony
            .as_ref()
            .map_or_else(|| "—".to_owned(), |c| c.date.to_string()),
        ceremony_place: r
            .ceremony
            .as_ref()
            .map_or_else(|| "—".to_owned(), |c| c.place.clone()),
        sending_officials: r
            .ceremony
            .as_ref()
            .map(|c| c.sending_officials.clone())
            .unwrap_or_default(),
        receiving_officials: r
            .ceremony
            .as_ref()
            .map(|c| c.receiving_officials.clone())
            .unwrap_or_default(),
        effects_total: group(totals.effects),
        totals,
        caskets: r
            .caskets
            .iter()
            .map(|c| CasketLine {
                number: c.number,
                accessions: c.remains.join(", "),
                effects: c.effects.len(),
            })
            .collect(),
        manifest_sha256: view.manifest.as_ref().map(|d| d.sha256.clone()),
        manifest_key: view.manifest.as_ref().map(|d| d.signer_key_id.clone()),
        receipt_key: view.receipt.as_ref().map(|d| d.signer_key_id.clone()),
        back_href: super::page::batch_href(&r.batch.code),
        chrome,
    };
    Ok(render(&page, StatusCode::OK))
}
