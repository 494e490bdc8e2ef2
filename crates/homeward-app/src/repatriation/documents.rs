//! A batch's signed documents checked once, here, against the keys this store holds: the web and
//! the CLI show the typed [`DocumentStatus`] and never open a signed envelope themselves. The
//! key that signed a file is found by the key id the file names ([`signing_key`]), not by trying
//! every key — the same lookup the sender uses before accepting a receipt
//! ([`super::transfer::receive`]).

use homeward_domain::BatchCode;
use homeward_ledger::{
    DocumentError, PublicKey, VerifiedManifest, document_signer, verify_manifest, verify_receipt,
};
use homeward_store::{BatchDocument, DocumentKind, Store, StoredKey};

use super::RepatriationError;

/// Whether a stored document verifies with the keys held here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentStatus {
    /// The signature holds with the stored key the file names, and the file's hash is the one
    /// recorded with the batch.
    Verified,
    /// No key held here has the fingerprint the file names (e.g. the other state's key was
    /// never imported), so nothing can be said either way.
    UnknownKey,
    /// The file does not verify; `reason` names what fails.
    Invalid {
        /// What fails, e.g. the signature or the hash.
        reason: String,
    },
}

/// One signed document of a batch, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentCheck {
    /// SHA-256 of its canonical content as recorded with the batch, lowercase hex.
    pub sha256: String,
    /// The fingerprint of the key that signed it, as the file names it (empty when the file
    /// cannot be read at all).
    pub signer_key_id: String,
    /// The organization whose stored key has that fingerprint, if this store holds it.
    pub signer: Option<String>,
    /// Whether it verifies.
    pub status: DocumentStatus,
}

/// A batch's manifest and receipt, each checked; `None` for one not issued (or received) yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchDocumentsStatus {
    /// The manifest the sender signed.
    pub manifest: Option<DocumentCheck>,
    /// The receiver's countersigned receipt.
    pub receipt: Option<DocumentCheck>,
}

/// The stored key that signed a document: found by the key id `text` names, among `keys`.
/// `Ok(None)` when none of them has that id; an error when the file names no readable key id.
pub(crate) fn signing_key<'k>(
    text: &str,
    document: &'static str,
    keys: impl IntoIterator<Item = &'k StoredKey>,
) -> Result<Option<&'k StoredKey>, DocumentError> {
    let key_id = document_signer(text, document)?;
    Ok(keys.into_iter().find(|k| k.key_id == key_id))
}

/// Checks `code`'s manifest and receipt against every key this store holds. A receipt is
/// checked against the manifest it answers, so it verifies only if that manifest does too.
pub async fn document_status(
    store: &dyn Store,
    code: &BatchCode,
) -> Result<BatchDocumentsStatus, RepatriationError> {
    let keys = &store.organization_keys().await?;
    let manifest_doc = store.batch_document(code, DocumentKind::Manifest).await?;
    let receipt_doc = store.batch_document(code, DocumentKind::Receipt).await?;
    let manifest = manifest_doc.as_ref().map(|doc| {
        check(doc, keys, |key| {
            verify_manifest(&doc.text, key)
                .map(|m| m.hash.to_hex())
                .map_err(|e| e.to_string())
        })
    });
    let receipt = receipt_doc.as_ref().map(|doc| {
        check(doc, keys, |key| {
            let manifest = manifest_doc
                .as_ref()
                .ok_or_else(|| "there is no manifest to check the receipt against".to_owned())
                .and_then(|m| held_manifest(&m.text, keys))?;
            verify_receipt(&doc.text, key, &manifest)
                .map(|r| r.hash.to_hex())
                .map_err(|e| e.to_string())
        })
    });
    Ok(BatchDocumentsStatus { manifest, receipt })
}

/// The batch's manifest, verified with the stored key it names, for checking a receipt.
fn held_manifest(text: &str, keys: &[StoredKey]) -> Result<VerifiedManifest, String> {
    let key = signing_key(text, "manifest", keys)
        .ok()
        .flatten()
        .ok_or_else(|| "the manifest's signing key is not held here".to_owned())?;
    verify_manifest(text, &key.public_key).map_err(|e| e.to_string())
}

/// `doc` checked with the stored key it names; `verify` returns the verified content's hash.
fn check(
    doc: &BatchDocument,
    keys: &[StoredKey],
    verify: impl Fn(&PublicKey) -> Result<String, String>,
) -> DocumentCheck {
    let document = doc.kind.code();
    let (signer_key_id, stored) = match document_signer(&doc.text, document) {
        Ok(key_id) => (key_id.to_string(), keys.iter().find(|k| k.key_id == key_id)),
        Err(e) => {
            return DocumentCheck {
                sha256: doc.sha256.clone(),
                signer_key_id: String::new(),
                signer: None,
                status: DocumentStatus::Invalid {
                    reason: format!("the stored {document} is not a signed document: {e}"),
                },
            };
        }
    };
    let status = match stored.map(|k| verify(&k.public_key)) {
        None => DocumentStatus::UnknownKey,
        Some(Ok(hash)) if hash == doc.sha256 => DocumentStatus::Verified,
        Some(Ok(hash)) => DocumentStatus::Invalid {
            reason: format!("the file's hash {hash} is not the recorded {}", doc.sha256),
        },
        Some(Err(reason)) => DocumentStatus::Invalid { reason },
    };
    DocumentCheck {
        sha256: doc.sha256.clone(),
        signer_key_id,
        signer: stored.map(|k| k.organization.clone()),
        status,
    }
}
