//! The signed file form of manifests and receipts: one canonical JSON text per document, so
//! every byte matters. Verification parses strictly, requires the file to equal its own canonical
//! rendering, then checks totals, key fingerprint, hash and signature, naming what fails.

use serde::{Deserialize, Serialize, de::DeserializeOwned};
use thiserror::Error;

use crate::keys::{ContentHash, KeyId, OrganizationKey, PublicKey, Signature};
use crate::manifest::{ContentError, Manifest, Receipt};

/// The `format` of a manifest file.
pub const MANIFEST_FORMAT: &str = "homeward-manifest/1";
/// The `format` of a receipt file.
pub const RECEIPT_FORMAT: &str = "homeward-receipt/1";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<T> {
    format: String,
    content: T,
    sha256: String,
    signer_key_id: String,
    signature: String,
}

/// Why a manifest or receipt file is refused; `document` is `manifest` or `receipt`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DocumentError {
    #[error("{document}: line {line}, column {column}: {reason}")]
    Parse {
        document: &'static str,
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{document}: format is {found:?}, expected {expected:?}")]
    Format {
        document: &'static str,
        expected: &'static str,
        found: String,
    },
    #[error(
        "{document}: line {line}, column {column}: the file differs from its canonical form \
         (expected {expected:?}, found {found:?}); it was edited or reformatted"
    )]
    NotCanonical {
        document: &'static str,
        line: usize,
        column: usize,
        expected: String,
        found: String,
    },
    #[error("{document}: field {field}: {reason}")]
    Field {
        document: &'static str,
        field: &'static str,
        reason: String,
    },
    #[error("manifest: {0}")]
    Content(ContentError),
    #[error("{document}: signed by key {file_key}, but the key given is {given_key}: wrong key")]
    KeyMismatch {
        document: &'static str,
        file_key: KeyId,
        given_key: KeyId,
    },
    #[error(
        "{document}: content hashes to {recomputed}, but the file records {recorded}: \
         the content was changed after signing"
    )]
    HashMismatch {
        document: &'static str,
        recorded: ContentHash,
        recomputed: ContentHash,
    },
    #[error("{document}: the signature does not verify with key {key_id}")]
    BadSignature {
        document: &'static str,
        key_id: KeyId,
    },
    #[error("{document}: signing key belongs to {key_organization}, but the {role} is {named}")]
    SignerNotParty {
        document: &'static str,
        role: &'static str,
        key_organization: String,
        named: String,
    },
    #[error(
        "receipt references manifest {receipt_refers_to}, but the manifest given is {manifest}"
    )]
    WrongManifest {
        receipt_refers_to: String,
        manifest: ContentHash,
    },
    #[error("receipt field {field} is {receipt:?}, but the manifest says {manifest:?}")]
    ReceiptDisagrees {
        field: &'static str,
        receipt: String,
        manifest: String,
    },
}

/// A manifest whose file was canonical, whose totals add up and whose signature holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedManifest {
    pub manifest: Manifest,
    pub hash: ContentHash,
    pub signer: KeyId,
    pub signature: Signature,
}

/// A receipt, countersigned by the receiver, for a verified manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedReceipt {
    pub receipt: Receipt,
    pub hash: ContentHash,
    pub signer: KeyId,
    pub signature: Signature,
}

fn render<T: Serialize>(envelope: &Envelope<T>) -> String {
    // Serialising plain structs of strings and integers cannot fail.
    let mut text = serde_json::to_string_pretty(envelope).expect("documents serialise");
    text.push('\n');
    text
}

fn sign_document<T: Serialize + Clone>(
    format: &str,
    content: &T,
    hash: ContentHash,
    key: &OrganizationKey,
) -> String {
    render(&Envelope {
        format: format.to_string(),
        content: content.clone(),
        sha256: hash.to_hex(),
        signer_key_id: key.key_id().to_string(),
        signature: key.sign(&hash.0).to_hex(),
    })
}

/// Signs `manifest` with the sender's key and returns the file text. Refuses a manifest whose
/// content does not hold together, or a key that is not the sender's.
pub fn sign_manifest(manifest: &Manifest, key: &OrganizationKey) -> Result<String, DocumentError> {
    manifest.check().map_err(DocumentError::Content)?;
    signer_is_party(key, "manifest", ("sender", &manifest.sender))?;
    Ok(sign_document(
        MANIFEST_FORMAT,
        manifest,
        manifest.hash(),
        key,
    ))
}

/// Signs `receipt` with the receiver's key and returns the file text.
pub fn sign_receipt(receipt: &Receipt, key: &OrganizationKey) -> Result<String, DocumentError> {
    ContentHash::from_hex(&receipt.manifest_sha256).map_err(|e| DocumentError::Field {
        document: "receipt",
        field: "manifest_sha256",
        reason: e.to_string(),
    })?;
    signer_is_party(key, "receipt", ("receiver", &receipt.receiver))?;
    Ok(sign_document(RECEIPT_FORMAT, receipt, receipt.hash(), key))
}

/// Only the party a document names may sign it: `party` is its role there and the
/// organization named in it.
fn signer_is_party(
    key: &OrganizationKey,
    document: &'static str,
    (role, named): (&'static str, &str),
) -> Result<(), DocumentError> {
    if key.organization() == named {
        return Ok(());
    }
    Err(DocumentError::SignerNotParty {
        document,
        role,
        key_organization: key.organization().to_string(),
        named: named.to_owned(),
    })
}

struct Opened<T> {
    content: T,
    recorded: ContentHash,
    file_key: KeyId,
    signature: Signature,
}

/// Parse strictly, check the format tag and that the text is exactly its canonical rendering.
fn open<T: Serialize + DeserializeOwned>(
    text: &str,
    document: &'static str,
    format: &'static str,
) -> Result<Opened<T>, DocumentError> {
    let envelope: Envelope<T> = serde_json::from_str(text).map_err(|e| DocumentError::Parse {
        document,
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    })?;
    if envelope.format != format {
        return Err(DocumentError::Format {
            document,
            expected: format,
            found: envelope.format,
        });
    }
    let canonical = render(&envelope);
    if canonical != text {
        return Err(not_canonical(document, &canonical, text));
    }
    let field = |field: &'static str, e: crate::KeyTextError| DocumentError::Field {
        document,
        field,
        reason: e.to_string(),
    };
    Ok(Opened {
        recorded: ContentHash::from_hex(&envelope.sha256).map_err(|e| field("sha256", e))?,
        file_key: KeyId::from_hex(&envelope.signer_key_id)
            .map_err(|e| field("signer_key_id", e))?,
        signature: Signature::from_hex(&envelope.signature).map_err(|e| field("signature", e))?,
        content: envelope.content,
    })
}

fn not_canonical(document: &'static str, canonical: &str, text: &str) -> DocumentError {
    let at = canonical
        .bytes()
        .zip(text.bytes())
        .position(|(a, b)| a != b)
        .unwrap_or(canonical.len().min(text.len()));
    let before = &text.as_bytes()[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = at
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    let excerpt =
        |s: &str| String::from_utf8_lossy(&s.as_bytes()[at..(at + 16).min(s.len())]).into_owned();
    DocumentError::NotCanonical {
        document,
        line,
        column,
        expected: excerpt(canonical),
        found: excerpt(text),
    }
}

/// The envelope field a verifier needs before it can choose a key; the rest is read by [`open`].
#[derive(Deserialize)]
struct Named {
    signer_key_id: String,
}

/// The key fingerprint a manifest or receipt file names as its signer, read without verifying
/// anything: whoever holds several keys (one organization's across rotations, or every party's)
/// looks this one up instead of trying each in turn. `document` is `manifest` or `receipt`.
pub fn document_signer(text: &str, document: &'static str) -> Result<KeyId, DocumentError> {
    let named: Named = serde_json::from_str(text).map_err(|e| DocumentError::Parse {
        document,
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    })?;
    KeyId::from_hex(&named.signer_key_id).map_err(|e| DocumentError::Field {
        document,
        field: "signer_key_id",
        reason: e.to_string(),
    })
}

/// Key fingerprint, then hash, then signature.
fn authenticate<T>(
    opened: &Opened<T>,
    document: &'static str,
    recomputed: ContentHash,
    key: &PublicKey,
) -> Result<(), DocumentError> {
    if opened.file_key != key.key_id() {
        return Err(DocumentError::KeyMismatch {
            document,
            file_key: opened.file_key,
            given_key: key.key_id(),
        });
    }
    if opened.recorded != recomputed {
        return Err(DocumentError::HashMismatch {
            document,
            recorded: opened.recorded,
            recomputed,
        });
    }
    if !key.verify(&recomputed.0, &opened.signature) {
        return Err(DocumentError::BadSignature {
            document,
            key_id: key.key_id(),
        });
    }
    Ok(())
}

/// Verifies a manifest file offline with only the sender's public key.
pub fn verify_manifest(
    text: &str,
    sender_key: &PublicKey,
) -> Result<VerifiedManifest, DocumentError> {
    let opened: Opened<Manifest> = open(text, "manifest", MANIFEST_FORMAT)?;
    opened.content.check().map_err(DocumentError::Content)?;
    let hash = opened.content.hash();
    authenticate(&opened, "manifest", hash, sender_key)?;
    Ok(VerifiedManifest {
        hash,
        signer: opened.file_key,
        signature: opened.signature,
        manifest: opened.content,
    })
}

/// [`verify_manifest`] over the raw file bytes: invalid UTF-8 is a parse error at its line.
pub fn verify_manifest_bytes(
    bytes: &[u8],
    sender_key: &PublicKey,
) -> Result<VerifiedManifest, DocumentError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        DocumentError::Parse {
            document: "manifest",
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            column: before.len()
                - before
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1,
            reason: "the file is not valid UTF-8".to_string(),
        }
    })?;
    verify_manifest(text, sender_key)
}

/// Verifies a receipt file with the receiver's public key, against the manifest it answers.
pub fn verify_receipt(
    text: &str,
    receiver_key: &PublicKey,
    manifest: &VerifiedManifest,
) -> Result<VerifiedReceipt, DocumentError> {
    let opened: Opened<Receipt> = open(text, "receipt", RECEIPT_FORMAT)?;
    let receipt = &opened.content;
    let hash = receipt.hash();
    authenticate(&opened, "receipt", hash, receiver_key)?;
    if receipt.manifest_sha256 != manifest.hash.to_hex() {
        return Err(DocumentError::WrongManifest {
            receipt_refers_to: receipt.manifest_sha256.clone(),
            manifest: manifest.hash,
        });
    }
    let m = &manifest.manifest;
    for (field, got, want) in [
        ("batch_id", &receipt.batch_id, &m.batch_id),
        ("sender", &receipt.sender, &m.sender),
        ("receiver", &receipt.receiver, &m.receiver),
    ] {
        if got != want {
            return Err(DocumentError::ReceiptDisagrees {
                field,
                receipt: got.clone(),
                manifest: want.clone(),
            });
        }
    }
    Ok(VerifiedReceipt {
        hash,
        signer: opened.file_key,
        signature: opened.signature,
        receipt: opened.content,
    })
}
