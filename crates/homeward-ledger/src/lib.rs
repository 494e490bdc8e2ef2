#![doc = include_str!("../README.md")]

mod batch;
mod document;
mod encoding;
mod entry;
mod event;
mod keys;
mod manifest;
mod registry;
mod sealing;
mod verify;

pub use document::{
    DocumentError, MANIFEST_FORMAT, RECEIPT_FORMAT, VerifiedManifest, VerifiedReceipt,
    document_signer, sign_manifest, sign_receipt, verify_manifest, verify_manifest_bytes,
    verify_receipt,
};
pub use encoding::DecodeError;
pub use entry::{ChainHead, ENTRY_MAGIC, Entry, EntryDraft, SignError, SignedEntry};
pub use event::{BatchStep, CustodyEvent, EventKind};
pub use keys::{
    ContentHash, KeyId, KeyTextError, OrganizationKey, PUBLIC_KEY_PREFIX, PublicKey,
    SECRET_KEY_PREFIX, Signature,
};
pub use manifest::{
    Casket, ContentError, Discrepancy, MANIFEST_MAGIC, Manifest, ManifestEffect, ManifestRemains,
    RECEIPT_MAGIC, Receipt, Totals,
};
pub use registry::{KeyFault, KeyRecord, KeyRegistry};
pub use sealing::{
    KdfParams, KeyEncryptionKey, NONCE_LEN, SALT_LEN, SEALED_KEY_PREFIX, SealError, is_sealed,
};
pub use verify::{ChainError, ChainFault, ChainVerifier, VerifyReport, verify_chain};

/// The `rand_core` (0.6) whose `CryptoRngCore` [`OrganizationKey::generate`] takes; enable its
/// `getrandom` feature in the binary to use `rand_core::OsRng`.
pub use rand_core_06 as rand_core;
