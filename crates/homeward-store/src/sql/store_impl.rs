//! `SqlStore<E>`: the one implementation of [`Store`] over the SQL core, instantiated per engine
//! as [`crate::SqliteStore`] and [`crate::PgStore`]. The engine supplies only what differs
//! (opening, pragmas, backup); every query is shared.

use std::marker::PhantomData;
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

use super::{
    Core, audit, effects, identification, import, ledger, lifecycle, missing, registry, remains,
    sealed_keys, sites, tokens, users,
};
use homeward_ledger::{ChainHead, EntryDraft, KdfParams, OrganizationKey, PublicKey, SignedEntry};

use super::{repatriation, repatriation_read, repatriation_steps};
use crate::ledger::{LedgerRow, StoredKey, UnlockReport};
use crate::repatriation::{BatchDocument, BatchRecord, DocumentKind, ReceivedBatch};
use crate::{
    Accounts, Backend, Credentials, Effects, Identifications, ImportBatch, ImportSummary, Ledger,
    MissingMatch, Page, Registry, RegistryStats, Remains, RemainsFilter, RemainsSummary,
    Repatriation, Rolls, SiteSummary, Sites, StatusGap, StoreError, StoreResult, WriteContext,
};
use homeward_domain::{
    BatchCasket, BatchState, Burial, HandoverCeremony, JointVerification, NewRepatriationBatch,
    RepatriationBatch, Transport,
};

/// A database engine behind [`SqlStore`] (sealed: [`crate::SqliteEngine`], [`crate::PgEngine`]).
pub trait Engine: sealed::Sealed + Send + Sync + std::fmt::Debug + 'static {
    /// Which backend this is.
    const BACKEND: Backend;
}

pub(crate) mod sealed {
    /// Keeps [`super::Engine`] to this crate's engines.
    pub trait Sealed {}
}

/// A registry store on one SQL engine `E`; see [`crate::SqliteStore`] and [`crate::PgStore`].
#[derive(Debug, Clone)]
pub struct SqlStore<E: Engine> {
    pub(crate) core: Core,
    pub(crate) engine: PhantomData<E>,
}

impl<E: Engine> SqlStore<E> {
    pub(crate) fn new(core: Core) -> Self {
        SqlStore {
            core,
            engine: PhantomData,
        }
    }

    /// Searches the rolls like [`Store::search_missing`] but with range scans of the forms
    /// tables in the database instead of the in-memory index: the reference the index is
    /// checked against (same candidates, same scores, same order).
    pub async fn search_missing_by_sql(
        &self,
        query: &str,
        limit: u32,
    ) -> StoreResult<Vec<MissingMatch>> {
        missing::search_by_sql(&self.core, query, limit).await
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        self.core.pool.close().await;
    }
}

#[async_trait]
impl<E: Engine> Accounts for SqlStore<E> {
    async fn create_organization(
        &self,
        name: &str,
        country: &str,
        ctx: WriteContext,
    ) -> StoreResult<OrganizationId> {
        users::create_organization(&self.core, name, country, ctx).await
    }
    async fn organizations(&self) -> StoreResult<Vec<Organization>> {
        users::organizations(&self.core).await
    }
    async fn create_user(&self, user: &NewUser, ctx: WriteContext) -> StoreResult<UserId> {
        users::create_user(&self.core, user, ctx).await
    }
    async fn user(&self, id: UserId) -> StoreResult<Option<User>> {
        users::user(&self.core, id).await
    }
    async fn users(&self) -> StoreResult<Vec<User>> {
        users::users(&self.core).await
    }
    async fn user_accounts(&self) -> StoreResult<Vec<UserAccount>> {
        tokens::user_accounts(&self.core).await
    }
    async fn change_account(
        &self,
        username: &str,
        change: &AccountChange,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        tokens::change_account(&self.core, username, change, ctx).await
    }
}

#[async_trait]
impl<E: Engine> Credentials for SqlStore<E> {
    async fn user_credentials(&self, username: &str) -> StoreResult<Option<(User, String)>> {
        users::user_credentials(&self.core, username).await
    }
    async fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        expires: Timestamp,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        users::create_session(&self.core, token_hash, user, expires, ctx).await
    }
    async fn session_user(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<User>> {
        users::session_user(&self.core, token_hash, now).await
    }
    async fn delete_session(&self, token_hash: &str, ctx: WriteContext) -> StoreResult<()> {
        users::delete_session(&self.core, token_hash, ctx).await
    }
    async fn record_login_refusal(
        &self,
        refusal: &homeward_domain::LoginRefusal,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        users::record_login_refusal(&self.core, refusal, ctx).await
    }
    async fn create_api_token(
        &self,
        token: &NewApiToken,
        ctx: WriteContext,
    ) -> StoreResult<ApiTokenId> {
        tokens::create_api_token(&self.core, token, ctx).await
    }
    async fn api_token_user(&self, token_hash: &str, now: Timestamp) -> StoreResult<Option<User>> {
        tokens::api_token_user(&self.core, token_hash, now).await
    }
    async fn api_tokens(&self, owner: Option<UserId>) -> StoreResult<Vec<ApiToken>> {
        tokens::api_tokens(&self.core, owner).await
    }
    async fn revoke_api_token(&self, id: ApiTokenId, ctx: WriteContext) -> StoreResult<()> {
        tokens::revoke_api_token(&self.core, id, ctx).await
    }
}

#[async_trait]
impl<E: Engine> Sites for SqlStore<E> {
    async fn create_site(
        &self,
        site: &NewRecoverySite,
        ctx: WriteContext,
    ) -> StoreResult<RecoverySiteId> {
        sites::create_site(&self.core, site, ctx).await
    }
    async fn site(&self, id: RecoverySiteId) -> StoreResult<Option<RecoverySite>> {
        sites::site(&self.core, id).await
    }
    async fn site_by_code(&self, code: &str) -> StoreResult<Option<RecoverySite>> {
        sites::site_by_code(&self.core, code).await
    }
    async fn sites(&self) -> StoreResult<Vec<SiteSummary>> {
        sites::sites(&self.core).await
    }
}

#[async_trait]
impl<E: Engine> Remains for SqlStore<E> {
    async fn accession_remains(
        &self,
        case: &NewRemainsCase,
        ctx: WriteContext,
    ) -> StoreResult<RemainsCaseId> {
        remains::accession(&self.core, case, ctx).await
    }
    async fn remains_case(&self, id: RemainsCaseId) -> StoreResult<Option<RemainsCase>> {
        remains::by_id(&self.core, id).await
    }
    async fn remains_by_accession(&self, accession: &str) -> StoreResult<Option<RemainsCase>> {
        remains::by_accession(&self.core, accession).await
    }
    async fn list_remains(&self, filter: &RemainsFilter) -> StoreResult<Page<RemainsSummary>> {
        remains::list(&self.core, filter).await
    }
    async fn all_remains(&self) -> StoreResult<Vec<RemainsCase>> {
        remains::all(&self.core).await
    }
    async fn record_examination(
        &self,
        id: RemainsCaseId,
        inventory: &SkeletalInventory,
        profile: &BiologicalProfile,
        condition: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        remains::record_examination(&self.core, id, inventory, profile, condition, ctx).await
    }
    async fn record_nationality(
        &self,
        id: RemainsCaseId,
        assessment: &NationalityAssessment,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        remains::record_nationality(&self.core, id, assessment, ctx).await
    }
    async fn change_status(
        &self,
        id: RemainsCaseId,
        to: LifecycleStatus,
        reason: &str,
        ctx: WriteContext,
    ) -> StoreResult<StatusChange> {
        lifecycle::change_status(&self.core, id, to, reason, ctx).await
    }
    async fn status_history(&self, id: RemainsCaseId) -> StoreResult<Vec<StatusChange>> {
        lifecycle::history(&self.core, id).await
    }
}

#[async_trait]
impl<E: Engine> Effects for SqlStore<E> {
    async fn record_effect(
        &self,
        effect: &NewPersonalEffect,
        ctx: WriteContext,
    ) -> StoreResult<PersonalEffectId> {
        effects::record(&self.core, effect, ctx).await
    }
    async fn effects_of_remains(&self, id: RemainsCaseId) -> StoreResult<Vec<PersonalEffect>> {
        effects::of_remains(&self.core, id).await
    }
    async fn all_effects(&self) -> StoreResult<Vec<PersonalEffect>> {
        effects::all(&self.core).await
    }
}

#[async_trait]
impl<E: Engine> Identifications for SqlStore<E> {
    async fn record_identification(
        &self,
        id: RemainsCaseId,
        new: &NewIdentification,
        ctx: WriteContext,
    ) -> StoreResult<Identification> {
        identification::record(&self.core, id, new, ctx).await
    }
    async fn identification(&self, id: RemainsCaseId) -> StoreResult<Option<Identification>> {
        identification::of_remains(&self.core, id).await
    }
    async fn identifications(&self) -> StoreResult<Vec<Identification>> {
        identification::all(&self.core).await
    }
}

#[async_trait]
impl<E: Engine> Rolls for SqlStore<E> {
    async fn add_missing_person(
        &self,
        person: &NewMissingPerson,
        ctx: WriteContext,
    ) -> StoreResult<MissingPersonId> {
        missing::add(&self.core, person, ctx).await
    }
    async fn missing_person(&self, id: MissingPersonId) -> StoreResult<Option<MissingPerson>> {
        missing::by_id(&self.core, id).await
    }
    async fn search_missing(&self, query: &str, limit: u32) -> StoreResult<Vec<MissingMatch>> {
        missing::search(&self.core, query, limit).await
    }
    async fn all_missing(&self) -> StoreResult<Vec<MissingPerson>> {
        missing::all(&self.core).await
    }
}

#[async_trait]
impl<E: Engine> Repatriation for SqlStore<E> {
    async fn create_batch(
        &self,
        batch: &NewRepatriationBatch,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<RepatriationBatch> {
        repatriation::create(&self.core, batch, actor, ctx).await
    }
    async fn add_batch_remains(
        &self,
        batch: &str,
        accession: &str,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        repatriation::add_remains(&self.core, batch, accession, actor, ctx).await
    }
    async fn record_joint_verification(
        &self,
        batch: &str,
        accession: &str,
        verification: &JointVerification,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        repatriation::verify(&self.core, batch, accession, verification, actor, ctx).await
    }
    async fn advance_batch(
        &self,
        batch: &str,
        to: BatchState,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        repatriation::advance(&self.core, batch, to, actor, ctx).await
    }
    async fn encoffin_batch(
        &self,
        batch: &str,
        caskets: &[BatchCasket],
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        repatriation::encoffin(&self.core, batch, caskets, actor, ctx).await
    }
    async fn issue_batch_manifest(
        &self,
        batch: &str,
        text: &str,
        sha256: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        repatriation::issue_manifest(&self.core, batch, text, sha256, ctx).await
    }
    async fn hand_over_batch(
        &self,
        batch: &str,
        ceremony: &HandoverCeremony,
        transport: &Transport,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        repatriation_steps::hand_over(&self.core, batch, ceremony, transport, actor, ctx).await
    }
    async fn receive_batch(
        &self,
        batch: &str,
        receipt_text: &str,
        receipt_sha256: &str,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        repatriation_steps::receive(&self.core, batch, receipt_text, receipt_sha256, actor, ctx)
            .await
    }
    async fn bury_batch(
        &self,
        batch: &str,
        burials: &[(String, Burial)],
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        repatriation_steps::bury(&self.core, batch, burials, actor, ctx).await
    }
    async fn batch(&self, batch: &str) -> StoreResult<Option<BatchRecord>> {
        repatriation_read::record(&self.core, batch).await
    }
    async fn batches(&self) -> StoreResult<Vec<RepatriationBatch>> {
        repatriation_read::list(&self.core).await
    }
    async fn batch_document(
        &self,
        batch: &str,
        kind: DocumentKind,
    ) -> StoreResult<Option<BatchDocument>> {
        repatriation_read::document(&self.core, batch, kind).await
    }
    async fn import_received_batch(
        &self,
        received: &ReceivedBatch,
        ctx: WriteContext,
    ) -> StoreResult<ImportSummary> {
        repatriation_steps::import_received(&self.core, received, ctx).await
    }
}

#[async_trait]
impl<E: Engine> Ledger for SqlStore<E> {
    async fn append_ledger_entries(
        &self,
        entries: &[SignedEntry],
        ctx: WriteContext,
    ) -> StoreResult<ChainHead> {
        ledger::append_signed(&self.core, entries, ctx).await
    }
    async fn append_ledger(
        &self,
        organization: &str,
        drafts: Vec<EntryDraft>,
        ctx: WriteContext,
    ) -> StoreResult<Vec<SignedEntry>> {
        ledger::append_drafts(&self.core, organization, drafts, ctx).await
    }
    async fn record_custody_event(
        &self,
        record: &homeward_domain::NewCustodyRecord,
        ctx: WriteContext,
    ) -> StoreResult<SignedEntry> {
        super::handling::record(&self.core, record, ctx).await
    }
    async fn ledger_head(&self) -> StoreResult<ChainHead> {
        ledger::head(&self.core).await
    }
    async fn ledger_rows(&self, after: Option<i64>, limit: u32) -> StoreResult<Vec<LedgerRow>> {
        ledger::rows(&self.core, after, limit).await
    }
    async fn ledger_rows_of_remains(&self, accession: &str) -> StoreResult<Vec<LedgerRow>> {
        ledger::rows_of_remains(&self.core, accession).await
    }
    async fn save_organization_key(
        &self,
        key: &OrganizationKey,
        ctx: WriteContext,
    ) -> StoreResult<StoredKey> {
        ledger::save_key(&self.core, key, ctx).await
    }
    async fn rotate_organization_key(
        &self,
        new_key: &OrganizationKey,
        actor: &str,
        ctx: WriteContext,
    ) -> StoreResult<SignedEntry> {
        ledger::rotate_key(&self.core, new_key, actor, ctx).await
    }
    async fn import_organization_public_key(
        &self,
        organization: &str,
        key: &PublicKey,
        ctx: WriteContext,
    ) -> StoreResult<StoredKey> {
        sealed_keys::import_public_key(&self.core, organization, key, ctx).await
    }
    async fn unlock_signing_keys(
        &self,
        secret: &[u8],
        new_params: KdfParams,
        ctx: WriteContext,
    ) -> StoreResult<UnlockReport> {
        sealed_keys::unlock(&self.core, secret, new_params, ctx).await
    }
    async fn organization_keys(&self) -> StoreResult<Vec<StoredKey>> {
        ledger::keys(&self.core).await
    }
    async fn organization_signing_key(
        &self,
        organization: &str,
    ) -> StoreResult<Option<OrganizationKey>> {
        ledger::signing_key(&self.core, organization).await
    }
}

#[async_trait]
impl<E: Engine> Registry for SqlStore<E> {
    fn backend(&self) -> Backend {
        E::BACKEND
    }
    fn write_count(&self) -> u64 {
        self.core.write_count()
    }
    async fn registry_stats(&self) -> StoreResult<RegistryStats> {
        let writes = self.core.write_count();
        let stats = self
            .core
            .stats
            .get(writes, registry::stats(&self.core))
            .await?;
        Ok(RegistryStats::clone(&stats))
    }
    async fn handovers(&self) -> StoreResult<Vec<HistoricalHandover>> {
        let writes = self.core.write_count();
        let handovers = self
            .core
            .handovers
            .get(writes, registry::handovers(&self.core));
        Ok(Vec::clone(&*handovers.await?))
    }
    async fn record_handover(
        &self,
        handover: &HistoricalHandover,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        registry::record_handover(&self.core, handover, ctx).await
    }
    async fn audit_log(&self, limit: u32, offset: u32) -> StoreResult<Vec<AuditEntry>> {
        audit::log(&self.core, limit, offset).await
    }
    async fn import_batch(
        &self,
        batch: &ImportBatch,
        ctx: WriteContext,
    ) -> StoreResult<ImportSummary> {
        import::import(&self.core, batch, ctx).await
    }
    async fn status_record_gaps(&self) -> StoreResult<Vec<StatusGap>> {
        super::status_check::gaps(&self.core).await
    }
    async fn backup_to(&self, path: &Path) -> StoreResult<()> {
        match E::BACKEND {
            Backend::Sqlite => crate::sqlite::backup(&self.core, path).await,
            Backend::Postgres => Err(StoreError::Unsupported(
                "backup of a PostgreSQL store is done with pg_dump (e.g. `pg_dump -Fc -f \
                 homeward.dump URL`); `homeward backup` copies SQLite stores only"
                    .to_owned(),
            )),
        }
    }
}
