//! The printable transfer protocol of a batch: Korean, Chinese (simplified) and English side by
//! side, each column in its own language whatever the page's language — the parties, the
//! sequence number, the ceremony and its officials, the caskets and counts, the manifest's hash
//! and the fingerprints of the keys that signed the manifest and the receipt, and lines for the
//! officials' signatures. `static/style.css` prints it on A4 without the site's chrome.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use homeward_domain::{Official, Organization};

use crate::batches::dto::TotalsDto;
use crate::batches::load;
use crate::chrome::{Chrome, PageResult, group, render};
use crate::i18n::{Lang, Tr};
use crate::names::{self, Named};
use crate::state::AppState;

/// One language's column: its labels and the names in its language.
struct Col {
    /// `lang` attribute.
    tag: &'static str,
    /// Its translator.
    t: Tr,
    sender: Named,
    receiver: Named,
    place: Option<Named>,
    sending_officials: Vec<Named>,
    receiving_officials: Vec<Named>,
}

struct CasketLine {
    number: u32,
    accessions: Vec<String>,
    effects: usize,
}

/// One signature line: who signs, in each language (`lang` tag, name).
type Signer = Vec<(&'static str, Named)>;

/// One side's signatures: its heading (message id), its party and one line per official.
struct SignSide {
    heading: &'static str,
    party: Signer,
    signers: Vec<Signer>,
}

#[derive(Template)]
#[template(path = "protocol.html")]
struct ProtocolPage {
    chrome: Chrome,
    cols: Vec<Col>,
    code: String,
    sequence: u32,
    ceremony_date: String,
    totals: TotalsDto,
    effects_total: String,
    caskets: Vec<CasketLine>,
    sides: Vec<SignSide>,
    manifest_sha256: Option<String>,
    manifest_key: Option<String>,
    receipt_key: Option<String>,
    back_href: String,
}

/// A side's signatures: a line per official (each named in the three languages), or one line
/// for the party when the ceremony names none.
fn sign_side(
    heading: &'static str,
    party: &Organization,
    officials: Option<&Vec<Official>>,
) -> SignSide {
    let tri = |f: &dyn Fn(Tr) -> Named| -> Signer {
        Lang::ALL
            .into_iter()
            .map(|l| (l.html_tag(), f(Tr::new(l))))
            .collect()
    };
    let officials = officials.map(Vec::as_slice).unwrap_or_default();
    let mut signers: Vec<Signer> = officials
        .iter()
        .map(|o| tri(&|t| names::official(t, o)))
        .collect();
    if signers.is_empty() {
        signers.push(tri(&|t| names::party(t, party)));
    }
    SignSide {
        heading,
        party: tri(&|t| names::party(t, party)),
        signers,
    }
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
    let ceremony = r.ceremony.as_ref();
    let page = ProtocolPage {
        cols: Lang::ALL
            .into_iter()
            .map(|l| {
                let t = Tr::new(l);
                let officials = |list: Option<&Vec<Official>>| {
                    list.map(|os| os.iter().map(|o| names::official(t, o)).collect())
                        .unwrap_or_default()
                };
                Col {
                    tag: l.html_tag(),
                    t,
                    sender: names::party(t, &b.sender),
                    receiver: names::party(t, &b.receiver),
                    place: ceremony.map(|c| names::named(t, &c.place)),
                    sending_officials: officials(ceremony.map(|c| &c.sending_officials)),
                    receiving_officials: officials(ceremony.map(|c| &c.receiving_officials)),
                }
            })
            .collect(),
        code: r.batch.code.clone(),
        sequence: b.sequence_number,
        ceremony_date: ceremony.map_or_else(|| "—".to_owned(), |c| c.date.to_string()),
        sides: vec![
            sign_side(
                "protocol-for-sender",
                &b.sender,
                ceremony.map(|c| &c.sending_officials),
            ),
            sign_side(
                "protocol-for-receiver",
                &b.receiver,
                ceremony.map(|c| &c.receiving_officials),
            ),
        ],
        effects_total: group(totals.effects),
        totals,
        caskets: r
            .caskets
            .iter()
            .map(|c| CasketLine {
                number: c.number,
                accessions: c.remains.clone(),
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
