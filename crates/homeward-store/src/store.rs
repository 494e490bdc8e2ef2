//! The `Store` trait: everything the web app and the CLI may ask of storage, in the registry's terms.
//!
//! Every write takes a [`WriteContext`] and records an audit entry in the same transaction as the
//! change. A write that is refused (a rule, a conflict, a missing reference) changes nothing.

use std::path::Path;

use async_trait::async_trait;
use homeward_domain::{
    AccountChange, ApiToken, ApiTokenId, AuditEntry, BiologicalProfile, HistoricalHandover,
    Identification, LifecycleStatus, MissingPerson, MissingPersonId, NationalityAssessment,
    NewApiToken, NewIdentification, NewMissingPerson, NewPersonalEffect, NewRecoverySite,
    NewRemainsCase, NewUser, Organization, OrganizationId, PersonalEffect, PersonalEffectId,
    RecoverySite, RecoverySiteId, RemainsCase, RemainsCaseId, SkeletalInventory, StatusChange,
    Timestamp, User, UserAccount, UserId,
};

use homeward_ledger::{ChainHead, EntryDraft, KdfParams, OrganizationKey, PublicKey, SignedEntry};

use crate::ledger::{LedgerRow, StoredKey, UnlockReport};
use crate::repatriation::{BatchDocument, BatchRecord, DocumentKind, ReceivedBatch};
use crate::{
    ImportBatch, ImportSummary, MissingMatch, Page, RegistryStats, RemainsFilter, RemainsSummary,
    SiteSummary, StatusGap, StoreResult, WriteContext,
};
use homeward_domain::{
    BatchCasket, BatchState, Burial, HandoverCeremony, JointVerification, NewRepatriationBatch,
    RepatriationBatch, Transport,
};

/// Which database engine is behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite, one file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// Storage for the registry. Implemented by [`crate::SqliteStore`] and [`crate::PgStore`]; both
/// pass the same conformance suite (`tests/conformance.rs`).
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// The engine behind this store.
    fn backend(&self) -> Backend;
    /// A count of the writes this store has committed, which changes after every write: a
    /// cache of a whole-registry read (see [`crate::Snapshot`]) keys on it.
    fn write_count(&self) -> u64;

    // --- organizations, users, sessions, tokens -------------------------------------------

    /// Creates an organization.
    async fn create_organization(
        &self,
        name: &str,
        country: &str,
        ctx: WriteContext,
    ) -> StoreResult<OrganizationId>;
    /// Every organization, by name.
    async fn organizations(&self) -> StoreResult<Vec<Organization>>;
    /// Creates a user; `Conflict` when the username is taken.
    async fn create_user(&self, user: &NewUser, ctx: WriteContext) -> StoreResult<UserId>;
    /// A user and their argon2 password hash, for the login check.
    async fn user_credentials(&self, username: &str) -> StoreResult<Option<(User, String)>>;
    /// A user by id.
    async fn user(&self, id: UserId) -> StoreResult<Option<User>>;
    /// Every user, by username.
    async fn users(&self) -> StoreResult<Vec<User>>;
    /// Records a login session under the SHA-256 hash of its cookie token, audited as the user's
    /// login (`ctx.actor` is the user who logged in).
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        expires: Timestamp,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// The user of a session that has not expired at `now`.
    async fn session_user(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<User>>;
    /// Ends a session (logout), audited as the session user's logout; ending an unknown or
    /// already-ended session does nothing.
    async fn delete_session(&self, token_hash: &str, ctx: WriteContext) -> StoreResult<()>;
    /// Records a refused login (a wrong password, an unknown username, a lockout) in the audit
    /// log, in its own transaction; it changes nothing else. `ctx.actor` is the account's user
    /// when it exists.
    async fn record_login_refusal(
        &self,
        refusal: &homeward_domain::LoginRefusal,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// Records an API token (its SHA-256 hash) for a user, checked by
    /// [`NewApiToken::validate`] at `ctx.at` (label, expiry within a year); returns its id.
    async fn create_api_token(
        &self,
        token: &NewApiToken,
        ctx: WriteContext,
    ) -> StoreResult<ApiTokenId>;
    /// The user of an API token that is neither expired at `now` nor revoked, whose account is
    /// active.
    async fn api_token_user(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<User>>;
    /// The API tokens of `owner` (every user's when `None`), newest first, revoked and expired
    /// ones included; never the secret or its hash.
    async fn api_tokens(&self, owner: Option<UserId>) -> StoreResult<Vec<ApiToken>>;
    /// Revokes a token, audited: `ctx.actor` must be its owner or hold `ManageUsers`
    /// ([`ApiToken::check_may_revoke`]; `None` is the system). An unknown id is `NotFound`;
    /// a refusal changes nothing.
    async fn revoke_api_token(&self, id: ApiTokenId, ctx: WriteContext) -> StoreResult<()>;
    /// Every user with their standing (active or deactivated), by username.
    async fn user_accounts(&self) -> StoreResult<Vec<UserAccount>>;
    /// Changes an account ([`AccountChange::check`] against the stored account and
    /// `ctx.actor`), audited in the same transaction. Deactivation and a new password also end
    /// the user's sessions and revoke their tokens; a deactivated user's login, sessions and
    /// tokens are refused from then on. An unknown username is `NotFound`.
    async fn change_account(
        &self,
        username: &str,
        change: &AccountChange,
        ctx: WriteContext,
    ) -> StoreResult<()>;

    // --- recovery sites ------------------------------------------------------------------------

    /// Records a site; `Conflict` when its code is taken.
    async fn create_site(
        &self,
        site: &NewRecoverySite,
        ctx: WriteContext,
    ) -> StoreResult<RecoverySiteId>;
    /// A site by id.
    async fn site(&self, id: RecoverySiteId) -> StoreResult<Option<RecoverySite>>;
    /// A site by its code.
    async fn site_by_code(&self, code: &str) -> StoreResult<Option<RecoverySite>>;
    /// Every site with its remains count, by code.
    async fn sites(&self) -> StoreResult<Vec<SiteSummary>>;

    // --- remains cases -------------------------------------------------------------------------

    /// Accessions a case in status `recovered`; `Conflict` when the accession number is taken,
    /// `NotFound` when the site does not exist.
    async fn accession_remains(
        &self,
        case: &NewRemainsCase,
        ctx: WriteContext,
    ) -> StoreResult<RemainsCaseId>;
    /// A case by id.
    async fn remains_case(&self, id: RemainsCaseId) -> StoreResult<Option<RemainsCase>>;
    /// A case by accession number.
    async fn remains_by_accession(&self, accession: &str) -> StoreResult<Option<RemainsCase>>;
    /// Cases matching the filter, ordered by accession number.
    async fn list_remains(&self, filter: &RemainsFilter) -> StoreResult<Page<RemainsSummary>>;
    /// Records the anthropologist's examination (inventory, profile, condition); the inventory
    /// names at least one element (`homeward_domain::check_examination`), and a `recovered` case
    /// moves to `examined` in the same transaction (the only way into `examined`).
    async fn record_examination(
        &self,
        id: RemainsCaseId,
        inventory: &SkeletalInventory,
        profile: &BiologicalProfile,
        condition: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// Records the nationality assessment and the committee's decision.
    async fn record_nationality(
        &self,
        id: RemainsCaseId,
        assessment: &NationalityAssessment,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// Moves a case along its lifecycle, checking the domain's rules inside the transaction
    /// (`LifecycleStatus::check_status_step`: only `nationality_determined` and
    /// `designated_domestic_burial`; a status that rests on a record is refused as
    /// `DomainError::RecordRequired`); an illegal step returns `StoreError::Domain` and changes
    /// nothing.
    async fn change_status(
        &self,
        id: RemainsCaseId,
        to: LifecycleStatus,
        reason: &str,
        ctx: WriteContext,
    ) -> StoreResult<StatusChange>;
    /// The case's status history, oldest first (the first entry is the accession).
    async fn status_history(&self, id: RemainsCaseId) -> StoreResult<Vec<StatusChange>>;
    /// Every case whose status lacks a record it rests on (`homeward_domain::missing_records`:
    /// an examination, the nationality decision, an identification, a batch, its handover, a
    /// burial), by accession number. Reads only (`homeward check`).
    async fn status_record_gaps(&self) -> StoreResult<Vec<StatusGap>>;
    /// Records the review committee's identification of a case as a person on the rolls
    /// (`homeward_domain::check_may_identify`: nationality determined or later, same army); a
    /// `nationality_determined` case moves to `identified` in the same transaction;
    /// `Conflict` when the case or the person is already identified, `NotFound` for an unknown
    /// case or person. A refused identification changes nothing.
    async fn record_identification(
        &self,
        id: RemainsCaseId,
        identification: &NewIdentification,
        ctx: WriteContext,
    ) -> StoreResult<Identification>;
    /// The identification of a case, with the person it names.
    async fn identification(&self, id: RemainsCaseId) -> StoreResult<Option<Identification>>;
    /// Every identification, by accession number (for the memorial roll).
    async fn identifications(&self) -> StoreResult<Vec<Identification>>;

    // --- personal effects ----------------------------------------------------------------------

    /// Records an effect.
    async fn record_effect(
        &self,
        effect: &NewPersonalEffect,
        ctx: WriteContext,
    ) -> StoreResult<PersonalEffectId>;
    /// The effects found with a case.
    async fn effects_of_remains(&self, id: RemainsCaseId) -> StoreResult<Vec<PersonalEffect>>;
    /// Every personal effect, those found with remains and those linked to a site only, by id
    /// (for export: a site-only find must not be lost).
    async fn all_effects(&self) -> StoreResult<Vec<PersonalEffect>>;

    // --- the rolls of the missing ----------------------------------------------------------------

    /// Adds a person to the rolls.
    async fn add_missing_person(
        &self,
        person: &NewMissingPerson,
        ctx: WriteContext,
    ) -> StoreResult<MissingPersonId>;
    /// A person by id.
    async fn missing_person(&self, id: MissingPersonId) -> StoreResult<Option<MissingPerson>>;
    /// Finds persons by any name form, tolerating small spelling differences; best first.
    /// `limit` is capped at 200; 0 asks for 20.
    async fn search_missing(&self, query: &str, limit: u32) -> StoreResult<Vec<MissingMatch>>;

    // --- historical handovers, statistics, audit -------------------------------------------------

    /// Records a historical handover; `Conflict` when its sequence number is taken.
    async fn record_handover(
        &self,
        handover: &HistoricalHandover,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// Every historical handover, by date (read again as [`Self::registry_stats`] is).
    async fn handovers(&self) -> StoreResult<Vec<HistoricalHandover>>;
    /// Totals for the dashboard (counted again after a write, or at most
    /// [`crate::Snapshot::MAX_AGE`] after another process's write).
    async fn registry_stats(&self) -> StoreResult<RegistryStats>;
    /// The audit log, newest first.
    async fn audit_log(&self, limit: u32, offset: u32) -> StoreResult<Vec<AuditEntry>>;

    // --- repatriation batches (each step checked by the domain, signed into the ledger) ------

    /// Plans a batch (state `planned`); `actor` is named in the ledger entry the sender signs.
    /// `Conflict` when its code (sender, receiver, sequence) is taken.
    async fn create_batch(
        &self,
        batch: &NewRepatriationBatch,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<RepatriationBatch>;
    /// Adds a remains case to a planned batch (`homeward_domain::check_may_join`), designating
    /// it for repatriation if it is not yet.
    async fn add_batch_remains(
        &self,
        batch: &str,
        accession: &str,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// Records both sides' joint verification of one case of a planned batch.
    async fn record_joint_verification(
        &self,
        batch: &str,
        accession: &str,
        verification: &JointVerification,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// Takes the next step when it needs no record of its own (`jointly_verified`: every case
    /// verified, both sides agreeing); any other step is refused naming how it is taken.
    async fn advance_batch(
        &self,
        batch: &str,
        to: BatchState,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// Encoffins a jointly verified batch: caskets, their remains and effects (`encoffined`).
    async fn encoffin_batch(
        &self,
        batch: &str,
        caskets: &[BatchCasket],
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// Keeps the signed manifest of an encoffined batch (once; the handover names its hash).
    async fn issue_batch_manifest(
        &self,
        batch: &str,
        text: &str,
        sha256: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// Records the ceremony and transport of an encoffined batch with an issued manifest
    /// (`handed_over`); its cases become handed over.
    async fn hand_over_batch(
        &self,
        batch: &str,
        ceremony: &HandoverCeremony,
        transport: &Transport,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// Records the receiver's countersigned receipt, already verified by the caller against the
    /// batch's manifest (`received`).
    async fn receive_batch(
        &self,
        batch: &str,
        receipt_text: &str,
        receipt_sha256: &str,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// Records every case's grave (`buried`); its cases become buried and leave the open batch.
    async fn bury_batch(
        &self,
        batch: &str,
        burials: &[(String, Burial)],
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()>;
    /// A batch with its remains, caskets, ceremony and transport.
    async fn batch(&self, batch: &str) -> StoreResult<Option<BatchRecord>>;
    /// Every batch, by code.
    async fn batches(&self) -> StoreResult<Vec<RepatriationBatch>>;
    /// A signed document kept with a batch.
    async fn batch_document(
        &self,
        batch: &str,
        kind: DocumentKind,
    ) -> StoreResult<Option<BatchDocument>>;
    /// On the receiving instance: writes an imported manifest's cases, effects and the
    /// receiver's custody entries in one transaction.
    async fn import_received_batch(
        &self,
        received: &ReceivedBatch,
        ctx: WriteContext,
    ) -> StoreResult<ImportSummary>;

    // --- bulk and maintenance ----------------------------------------------------------------------

    /// Writes a whole import in one transaction: all rows or none.
    async fn import_batch(
        &self,
        batch: &ImportBatch,
        ctx: WriteContext,
    ) -> StoreResult<ImportSummary>;
    /// Every remains case, for export (by accession number).
    async fn all_remains(&self) -> StoreResult<Vec<RemainsCase>>;
    /// Every person on the rolls, for export (by id).
    async fn all_missing(&self) -> StoreResult<Vec<MissingPerson>>;
    /// Writes a consistent copy of a live store to `path` (SQLite; PostgreSQL says to use pg_dump).
    async fn backup_to(&self, path: &Path) -> StoreResult<()>;

    // --- the custody ledger (append-only; the database refuses UPDATE and DELETE) --------------

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
    /// turns); `NotFound` when the organization has no key.
    async fn append_ledger(
        &self,
        organization: &str,
        drafts: Vec<EntryDraft>,
        ctx: WriteContext,
    ) -> StoreResult<Vec<SignedEntry>>;
    /// Where the next entry goes ([`ChainHead::GENESIS`] for an empty ledger).
    async fn ledger_head(&self) -> StoreResult<ChainHead>;
    /// Up to `limit` stored rows with sequence greater than `after` (from the very first row
    /// when `None`), in sequence order, undecoded: verification decodes them and names a bad one.
    async fn ledger_rows(&self, after: Option<i64>, limit: u32) -> StoreResult<Vec<LedgerRow>>;
    /// The rows that name the remains case `accession`, in sequence order (its custody timeline).
    async fn ledger_rows_of_remains(&self, accession: &str) -> StoreResult<Vec<LedgerRow>>;
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
    /// Stores an organization's first signing key, trusted from entry 1; `Conflict` when the
    /// organization already has a current key (a new one comes by rotation) or the key is known.
    async fn save_organization_key(
        &self,
        key: &OrganizationKey,
        ctx: WriteContext,
    ) -> StoreResult<StoredKey>;
    /// Rotates `new_key`'s organization to it: a `key_rotated` entry signed by the old key is
    /// appended, the old key retired at it and the new one valid from the next entry, in one
    /// transaction. `actor` is who rotates (recorded in the entry).
    async fn rotate_organization_key(
        &self,
        new_key: &OrganizationKey,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<SignedEntry>;
    /// Every stored key (public halves), by organization, oldest first.
    async fn organization_keys(&self) -> StoreResult<Vec<StoredKey>>;
    /// The organization's current signing key (with its secret), if it has one here; needs the
    /// store unlocked ([`StoreError::KeysLocked`] otherwise).
    async fn organization_signing_key(
        &self,
        organization: &str,
    ) -> StoreResult<Option<OrganizationKey>>;
    /// Unlocks the signing keys with the operator's secret (key file bytes or passphrase): the
    /// KEK is derived with argon2id from the stored salt and parameters and checked against the
    /// stored check value (`KeyEncryption(WrongKey)`, nothing written, when it does not match);
    /// a store without a set-up gets one with `new_params` and a fresh salt. Every plaintext
    /// secret (a store from before migration 0006) is sealed, in one transaction. Until then
    /// anything that signs fails with [`StoreError::KeysLocked`]; verification never needs it.
    async fn unlock_signing_keys(
        &self,
        secret: &[u8],
        new_params: KdfParams,
        ctx: WriteContext,
    ) -> StoreResult<UnlockReport>;
    /// Stores another organization's public key alone (to check its manifests and receipts),
    /// trusted from entry 1; `Conflict` when the organization already has a current key.
    async fn import_organization_public_key(
        &self,
        organization: &str,
        key: &PublicKey,
        ctx: WriteContext,
    ) -> StoreResult<StoredKey>;
}
