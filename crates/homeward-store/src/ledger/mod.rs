//! The custody ledger and the organizations' keys. The trait and what it answers; `sql.rs`
//! implements it, `chain.rs` appends signed entries inside any aggregate's write, `keys.rs` stores
//! keys and seals their secrets. Verifying a stored chain is a use case over [`Ledger::ledger_rows`]
//! (`homeward_app::ledger_verify`).

pub(crate) mod chain;
pub(crate) mod keys;
mod sql;

use async_trait::async_trait;
use homeward_domain::Accession;
use homeward_ledger::{
    ChainHead, ContentHash, Entry, EntryDraft, KdfParams, KeyId, OrganizationKey, PublicKey,
    Signature, SignedEntry,
};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// The custody ledger (append-only; the database refuses UPDATE and DELETE of its rows) and the
/// organizations' signing keys. The only trait that reads a secret key
/// ([`Ledger::organization_signing_key`]).
#[async_trait]
pub trait Ledger: Send + Sync {
    /// Appends already-signed entries in one transaction, checking under the write lock that
    /// they continue the chain from its head; `LedgerFork` (nothing written) when another writer
    /// appended first or they are not one chain. Returns the new head.
    async fn append_ledger_entries(
        &self,
        entries: &[SignedEntry],
        ctx: WriteContext,
    ) -> StoreResult<ChainHead>;

    /// Places `drafts` at the head, signs them with `organization`'s current stored key and
    /// appends them, all in one transaction under the write lock (so concurrent appenders take
    /// turns); `NotFound` when the organization has no key. Each draft's actor must be a user
    /// of this registry, by username, or `system`: the signed ledger names people one way, as
    /// every write of the registry does (an invalid `actor`, nothing written, otherwise).
    async fn append_ledger(
        &self,
        organization: &str,
        drafts: Vec<EntryDraft>,
        ctx: WriteContext,
    ) -> StoreResult<Vec<SignedEntry>>;

    /// Records a handling event (moved, stored, sampled, sealed) naming remains cases by
    /// accession number and optionally effects: signed by the acting user's organization's
    /// current key and appended in one transaction with an audit entry per case; `moved` and
    /// `stored` also set each case's storage location. Refused, with nothing written, when a
    /// field is empty or the user has no organization (`Domain`), or the organization has no
    /// key or a case or effect does not exist (`NotFound`).
    async fn record_custody_event(
        &self,
        record: &homeward_domain::NewCustodyRecord,
        ctx: WriteContext,
    ) -> StoreResult<SignedEntry>;

    /// Where the next entry goes ([`ChainHead::GENESIS`] for an empty ledger).
    async fn ledger_head(&self) -> StoreResult<ChainHead>;

    /// Up to `limit` stored rows with sequence greater than `after` (from the very first row
    /// when `None`), in sequence order, undecoded: verification decodes them and names a bad one.
    async fn ledger_rows(&self, after: Option<i64>, limit: u32) -> StoreResult<Vec<LedgerRow>>;

    /// The rows that name the remains case `accession`, in sequence order (its custody timeline).
    async fn ledger_rows_of_remains(&self, accession: &Accession) -> StoreResult<Vec<LedgerRow>>;

    /// Stores an organization's first signing key, trusted from entry 1; `Conflict` when the
    /// organization already has a current key (a new one comes by rotation) or the key is known.
    async fn save_organization_key(
        &self,
        key: &OrganizationKey,
        ctx: WriteContext,
    ) -> StoreResult<StoredKey>;

    /// Rotates `new_key`'s organization to it: a `key_rotated` entry signed by the old key is
    /// appended, the old key retired at it and the new one valid from the next entry, in one
    /// transaction. The entry names who rotates as every signed entry does: the acting user's
    /// username, or `system`.
    async fn rotate_organization_key(
        &self,
        new_key: &OrganizationKey,
        ctx: WriteContext,
    ) -> StoreResult<SignedEntry>;

    /// Stores another organization's public key alone (to check its manifests and receipts),
    /// trusted from entry 1; `Conflict` when the organization already has a current key.
    async fn import_organization_public_key(
        &self,
        organization: &str,
        key: &PublicKey,
        ctx: WriteContext,
    ) -> StoreResult<StoredKey>;

    /// Unlocks the signing keys with the operator's secret (key file bytes or passphrase): the
    /// KEK is derived with argon2id from the stored salt and parameters and checked against the
    /// stored check value (`KeyEncryption(WrongKey)`, nothing written, when it does not match);
    /// a store without a set-up gets one with `new_params` and a fresh salt. Every plaintext
    /// secret (a store from before migration 0006) is sealed, in one transaction. Until then
    /// anything that signs fails with [`crate::StoreError::KeysLocked`]; verification never
    /// needs it.
    async fn unlock_signing_keys(
        &self,
        secret: &[u8],
        new_params: KdfParams,
        ctx: WriteContext,
    ) -> StoreResult<UnlockReport>;

    /// Every stored key (public halves), by organization, oldest first.
    async fn organization_keys(&self) -> StoreResult<Vec<StoredKey>>;

    /// The organization's current signing key (with its secret), if it has one here; needs the
    /// store unlocked ([`crate::StoreError::KeysLocked`] otherwise).
    async fn organization_signing_key(
        &self,
        organization: &str,
    ) -> StoreResult<Option<OrganizationKey>>;
}

/// One row of `ledger_entries`, as stored: nothing in it is trusted until verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    /// The row's key (the sequence the entry was appended at; the encoding repeats it).
    pub sequence: i64,
    /// The entry's canonical bytes (encoding v1), as hashed and signed.
    pub encoding: Vec<u8>,
    /// The hash recorded at append time, 64 lowercase hex characters.
    pub hash: String,
    /// The ed25519 signature, 128 lowercase hex characters.
    pub signature: String,
}

impl LedgerRow {
    /// The row as it is written for `signed`.
    pub fn of(signed: &SignedEntry) -> Self {
        LedgerRow {
            sequence: signed.entry.sequence as i64,
            encoding: signed.entry.encode(),
            hash: signed.hash.to_hex(),
            signature: signed.signature.to_hex(),
        }
    }

    /// Decodes the row strictly; a row that cannot be read says why.
    pub fn decode(&self) -> Result<SignedEntry, String> {
        let entry = Entry::decode(&self.encoding).map_err(|e| format!("encoding: {e}"))?;
        let hash = ContentHash::from_hex(&self.hash).map_err(|e| format!("hash column: {e}"))?;
        let signature =
            Signature::from_hex(&self.signature).map_err(|e| format!("signature column: {e}"))?;
        Ok(SignedEntry {
            entry,
            hash,
            signature,
        })
    }
}

/// An organization key as the store holds it (the secret stays in the store; see
/// [`Ledger::organization_signing_key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredKey {
    /// The organization that signs with it.
    pub organization: String,
    /// Its fingerprint.
    pub key_id: KeyId,
    /// The public half.
    pub public_key: PublicKey,
    /// The first entry it may sign: 1 for a key trusted from the start, otherwise the entry
    /// after the rotation that brought it in.
    pub valid_from: u64,
    /// The rotation entry that retired it (the last entry it may sign); `None` while current.
    pub retired_at: Option<u64>,
    /// When it was stored, unix seconds.
    pub created_at: i64,
    /// How its secret is kept here.
    pub secret: SecretAtRest,
}

/// How a stored key's secret is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretAtRest {
    /// Sealed under the key-encryption key.
    Sealed,
    /// In plaintext (a store from before the key encryption): the next unlock seals it.
    Plaintext,
    /// No secret: another organization's public key, imported to check its signatures.
    PublicOnly,
}

/// What unlocking the signing keys did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnlockReport {
    /// The key-encryption key was set up now (the store had none).
    pub created: bool,
    /// Plaintext secrets sealed now.
    pub sealed: usize,
}
