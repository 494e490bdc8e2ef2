//! The transfer between two instances, one per state. The receiver verifies the sender's
//! manifest offline, imports its cases (linked to the sender's accession numbers) and
//! countersigns a receipt listing what differed; the sender verifies that receipt against the
//! manifest it issued, and only then records the batch as received.
//!
//! A received case is filed under a site standing for the handover (code `RECEIVED-<batch>`,
//! coordinates unknown: 0, 0), with accession `<batch>-<sender's accession>`, the sender's
//! accession as an external number (scheme: the sender's name), the biological profile read
//! back from the manifest's summary, the nationality that the receiver's country receives, and
//! the date received as its recovery date (manifest v1 carries neither recovery date nor context).

use std::collections::BTreeSet;

use homeward_domain::{
    BiologicalProfile, CalendarDate, EffectCategory, EffectDisposition, ExternalNumber,
    NationalityAssessment, NewPersonalEffect, NewRecoverySite, NewRemainsCase, Phrase,
    RecoveryContext, RecoverySiteId, SiteCode, SkeletalInventory, nationality_received_by,
};
use homeward_ledger::{
    BatchStep, CustodyEvent, Discrepancy, EntryDraft, PublicKey, Receipt, VerifiedManifest,
    sign_receipt, verify_manifest, verify_manifest_bytes, verify_receipt,
};
use homeward_store::{
    DocumentKind, ImportSummary, ReceivedBatch, Store, StoreError, StoredKey, WriteContext,
};

use super::RepatriationError;
use super::documents::signing_key;

/// What the receiving side found missing, and what it notes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inspection {
    /// Effect ids (the manifest's) not found.
    pub missing_effects: Vec<String>,
    /// Accession numbers (the sender's) not found.
    pub missing_remains: Vec<String>,
    /// Free-text discrepancies, each recorded as a note.
    pub notes: Vec<String>,
}

/// What an import wrote and the receipt to send back.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The verified manifest.
    pub manifest: VerifiedManifest,
    /// Rows written.
    pub summary: ImportSummary,
    /// The countersigned receipt file.
    pub receipt: String,
    /// How many discrepancies it records.
    pub discrepancies: usize,
}

/// Verifies a manifest file with only the sender's public key (no store, no network).
pub fn verify_manifest_file(
    bytes: &[u8],
    sender_key: &PublicKey,
) -> Result<VerifiedManifest, RepatriationError> {
    Ok(verify_manifest_bytes(bytes, sender_key)?)
}

fn date_of(ctx: WriteContext) -> CalendarDate {
    let text = ctx.at.to_rfc3339();
    CalendarDate::parse(&text[..10]).expect("an RFC 3339 time starts with its date")
}

/// Splits `category: description [inscription]` back into its parts (see
/// [`super::effect_description`]); text in another form is the description of an `other`.
fn effect_parts(text: &str) -> (EffectCategory, String, Option<String>) {
    let (category, rest) = match text.split_once(": ") {
        Some((c, rest)) => match EffectCategory::from_code(c) {
            Ok(c) => (c, rest),
            Err(_) => (EffectCategory::Other, text),
        },
        None => (EffectCategory::Other, text),
    };
    match rest.strip_suffix(']').and_then(|r| r.rsplit_once(" [")) {
        Some((d, i)) => (category, d.to_owned(), Some(i.to_owned())),
        None => (category, rest.to_owned(), None),
    }
}

/// Verifies `bytes` with the sender's key, writes the received cases into `store` with the
/// receiver's signed custody entries, and returns the receipt countersigned with the
/// receiver's stored key. A manifest that does not verify writes nothing.
pub async fn import_manifest(
    store: &dyn Store,
    bytes: &[u8],
    sender_key: &PublicKey,
    inspection: &Inspection,
    ctx: WriteContext,
) -> Result<Imported, RepatriationError> {
    let verified = verify_manifest_file(bytes, sender_key)?;
    let m = &verified.manifest;
    let key = store
        .organization_signing_key(&m.receiver)
        .await?
        .ok_or_else(|| RepatriationError::NoKey {
            organization: m.receiver.clone(),
        })?;
    let orgs = store.organizations().await?;
    let nationality = orgs
        .iter()
        .find(|o| o.name == m.receiver)
        .and_then(|o| nationality_received_by(&o.country).ok())
        .unwrap_or_default();
    let missing_r: BTreeSet<&str> = inspection
        .missing_remains
        .iter()
        .map(String::as_str)
        .collect();
    let missing_e: BTreeSet<&str> = inspection
        .missing_effects
        .iter()
        .map(String::as_str)
        .collect();
    let mut found = m.caskets.clone();
    for casket in &mut found {
        casket
            .remains
            .retain(|r| !missing_r.contains(r.accession.as_str()));
        casket
            .effects
            .retain(|e| !missing_e.contains(e.id.as_str()));
    }
    let hash = verified.hash.to_hex();
    let received_on = date_of(ctx);
    let site_code = format!("RECEIVED-{}", m.batch_id);
    if store
        .site_by_code(&SiteCode::parse(&site_code).map_err(StoreError::from)?)
        .await?
        .is_some()
    {
        return Err(RepatriationError::NotReady {
            batch: m.batch_id.clone(),
            reason: format!("it was already imported into this store (site {site_code})"),
        });
    }
    let mut cases = Vec::new();
    let mut effects = Vec::new();
    for casket in &found {
        for r in &casket.remains {
            let accession = format!("{}-{}", m.batch_id, r.accession);
            let (profile, condition) = match BiologicalProfile::parse_summary(&r.profile) {
                Ok(p) => (p, String::new()),
                Err(_) => (BiologicalProfile::default(), r.profile.clone()),
            };
            cases.push(NewRemainsCase {
                accession: accession.clone(),
                site: RecoverySiteId(0),
                recovery_date: received_on,
                context: RecoveryContext::IndividualGrave,
                inventory: SkeletalInventory::default(),
                profile,
                condition,
                nationality: NationalityAssessment {
                    nationality,
                    evidence: Phrase::new("sys-evidence-manifest")
                        .text("sender", &m.sender)
                        .text("sha256", &hash)
                        .stored(),
                    committee_decision: None,
                },
                storage_location: Phrase::new("sys-storage-casket")
                    .number("casket", casket.number)
                    .text("batch", &m.batch_id)
                    .stored(),
                external_numbers: vec![ExternalNumber {
                    scheme: m.sender.clone(),
                    value: r.accession.clone(),
                }],
                synthetic: false,
            });
            // Effects travel per casket; each goes with the casket's first case received.
            if casket.remains.first() == Some(r) {
                for e in &casket.effects {
                    let (category, description, inscription) = effect_parts(&e.description);
                    effects.push((
                        accession.clone(),
                        NewPersonalEffect {
                            remains: None,
                            site: None,
                            category,
                            description: format!("{description} (sender's effect {})", e.id),
                            inscription,
                            condition: String::new(),
                            disposition: EffectDisposition::TravelsWithRemains,
                        },
                    ));
                }
            }
        }
    }
    let accessions: Vec<String> = cases.iter().map(|c| c.accession.clone()).collect();
    let mut step = EntryDraft::new(
        ctx.at.0,
        // The store names the acting user when it appends the entries.
        "",
        "",
        CustodyEvent::BatchStepReached {
            batch: m.batch_id.clone(),
            step: BatchStep::Received,
            document: Some(verified.hash),
        },
    );
    step.remains = accessions.clone();
    step.details = Phrase::new("sys-manifest-verified")
        .text("batch", &m.batch_id)
        .text("sender", &m.sender)
        .text("sha256", &hash)
        .stored();
    let mut received = EntryDraft::new(
        ctx.at.0,
        "",
        "",
        CustodyEvent::Received {
            from_organization: m.sender.clone(),
        },
    );
    received.remains = accessions;
    received.details = Phrase::new("sys-received-batch")
        .text("batch", &m.batch_id)
        .text("sha256", &hash)
        .stored();
    let batch = ReceivedBatch {
        site: NewRecoverySite {
            code: site_code,
            name: format!("Received from {} in batch {}", m.sender, m.batch_id),
            province: String::new(),
            county: String::new(),
            latitude: 0.0,
            longitude: 0.0,
            battle_area: String::new(),
            excavation_periods: Vec::new(),
            team: m.sender.clone(),
            synthetic: false,
        },
        cases,
        effects,
        organization: m.receiver.clone(),
        entries: vec![step, received],
    };
    let summary = store.import_received_batch(&batch, ctx).await?;
    let mut receipt = Receipt::inspect(m, verified.hash, &found, ctx.at.0, "");
    receipt.discrepancies.extend(
        inspection
            .notes
            .iter()
            .map(|text| Discrepancy::Note { text: text.clone() }),
    );
    let discrepancies = receipt.discrepancies.len();
    let receipt = sign_receipt(&receipt, &key)?;
    Ok(Imported {
        manifest: verified,
        summary,
        receipt,
        discrepancies,
    })
}

/// On the sending instance: verifies the receiver's countersigned receipt (with the receiver's
/// public key) against the manifest this store issued for `code`, and only then records the
/// batch as received. Returns the discrepancies the receipt records.
pub async fn receive(
    store: &dyn Store,
    code: &str,
    receipt: &str,
    receiver_key: &PublicKey,
    ctx: WriteContext,
) -> Result<Vec<Discrepancy>, RepatriationError> {
    let record = super::batch(store, code).await?;
    let batch = super::batch_code(code)?;
    let doc = store
        .batch_document(&batch, DocumentKind::Manifest)
        .await?
        .ok_or_else(|| RepatriationError::NotReady {
            batch: code.to_owned(),
            reason: "no manifest was issued here, so no receipt can answer it".into(),
        })?;
    let sender = &record.batch.batch.sender.name;
    let keys = store.organization_keys().await?;
    let sender_keys: Vec<&StoredKey> = keys.iter().filter(|k| &k.organization == sender).collect();
    // The manifest may have been signed before a rotation: verify it with the sender's key that
    // it names. A file naming none of them is checked against the sender's current key, which
    // fails naming what is wrong (unreadable, bad content, or the key that does not match).
    let key = match signing_key(&doc.text, "manifest", sender_keys.iter().copied()) {
        Ok(Some(key)) => key,
        Ok(None) | Err(_) => sender_keys.last().ok_or_else(|| RepatriationError::NoKey {
            organization: sender.clone(),
        })?,
    };
    let manifest = verify_manifest(&doc.text, &key.public_key)?;
    let verified = verify_receipt(receipt, receiver_key, &manifest)?;
    store
        .receive_batch(&batch, receipt, &verified.hash.to_hex(), ctx)
        .await?;
    Ok(verified.receipt.discrepancies)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effect_descriptions_split_back_into_their_parts() {
        assert_eq!(
            effect_parts("seal: wooden seal [王德明]"),
            (
                EffectCategory::Seal,
                "wooden seal".to_owned(),
                Some("王德明".to_owned())
            )
        );
        assert_eq!(
            effect_parts("pen: fountain pen"),
            (EffectCategory::Pen, "fountain pen".to_owned(), None)
        );
        assert_eq!(
            effect_parts("spoon: bent"),
            (EffectCategory::Other, "spoon: bent".to_owned(), None)
        );
    }
}
