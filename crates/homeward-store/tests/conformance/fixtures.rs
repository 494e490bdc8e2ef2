//! Builders for the registry's entities and the writing context used by the conformance suite.

use homeward_domain::{
    AuditEntry, BiologicalProfile, CalendarDate, EffectCategory, EffectDisposition,
    ExcavationPeriod, ExternalNumber, LifecycleStatus, Nationality, NationalityAssessment,
    NewMissingPerson, NewPersonalEffect, NewRecoverySite, NewRemainsCase, NewUser, OrganizationId,
    PartialDate, RecoverySiteId, RemainsCase, RemainsCaseId, Role, SexEstimate, SkeletalInventory,
    StatusChange, Timestamp, User, UserId,
};
use homeward_ledger::{KeyRegistry, OrganizationKey, SignedEntry, verify_chain};
use homeward_store::{Store, StoreError, StoreResult, WriteContext};

/// A fixed moment: 2024-11-28T00:00:00Z.
pub const T0: i64 = 1_732_752_000;

/// A write by `actor` at `T0 + offset` seconds.
pub fn ctx(actor: Option<UserId>, offset: i64) -> WriteContext {
    WriteContext {
        actor,
        at: Timestamp(T0 + offset),
    }
}

/// Every ledger entry, decoded, once the stored chain is checked as a verifier checks it: each
/// row decodes and is filed under its own sequence, and the chain links and is signed by the
/// keys trusted from entry 1. (The verifier itself, with its streaming and its fault names, is a
/// use case in `homeward_app::ledger_verify`, tested there on both backends; the store does not
/// depend on the app, so its checks use the ledger crate's `verify_chain` directly.)
pub async fn verified_entries(store: &dyn Store) -> Vec<SignedEntry> {
    let rows = store.ledger_rows(None, 10_000).await.expect("rows");
    let entries: Vec<SignedEntry> = rows
        .iter()
        .map(|r| r.decode().expect("every row decodes"))
        .collect();
    for (row, e) in rows.iter().zip(&entries) {
        assert_eq!(
            row.sequence, e.entry.sequence as i64,
            "filed under its own sequence"
        );
    }
    let keys = store.organization_keys().await.expect("keys");
    let trusted = KeyRegistry::with_trusted(
        keys.iter()
            .filter(|k| k.valid_from == 1)
            .map(|k| (k.organization.as_str(), k.public_key)),
    )
    .expect("trusted keys");
    verify_chain(&entries, &trusted).expect("the ledger verifies");
    entries
}

/// A typed key (an accession number, a site or batch code, a username) from a fixture's text.
pub fn key<K: std::str::FromStr>(text: impl AsRef<str>) -> K
where
    K::Err: std::fmt::Debug,
{
    text.as_ref().parse().expect("fixture keys are valid")
}

/// How many ledger rows name case `accession` (its custody timeline's length).
pub async fn timeline(store: &dyn Store, accession: &str) -> usize {
    let rows = store.ledger_rows_of_remains(&key(accession)).await;
    rows.expect("the timeline reads").len()
}

/// The latest audit entry, checked: its action is `action` and its detail contains `detail`.
pub async fn last_audit(store: &dyn Store, action: &str, detail: &str) -> AuditEntry {
    let log = store.audit_log(1, 0).await.expect("the audit log reads");
    let last = log.into_iter().next().expect("an audit entry");
    assert_eq!(last.entry.action, action);
    assert!(last.entry.detail.contains(detail), "{}", last.entry.detail);
    last
}

/// A write by the system at `T0`.
pub fn system() -> WriteContext {
    ctx(None, 0)
}

pub fn date(text: &str) -> CalendarDate {
    CalendarDate::parse(text).expect("test dates are valid")
}

pub fn site(code: &str) -> NewRecoverySite {
    NewRecoverySite {
        code: code.into(),
        name: format!("Baengma Hill {code}"),
        province: "Gangwon".into(),
        county: "Cheorwon".into(),
        latitude: 38.2583,
        longitude: 127.2061,
        battle_area: "Baengma Hill".into(),
        excavation_periods: vec![
            ExcavationPeriod {
                start: date("2019-04-01"),
                end: Some(date("2019-06-30")),
            },
            ExcavationPeriod {
                start: date("2024-04-15"),
                end: None,
            },
        ],
        team: "MAKRI team 3".into(),
        synthetic: false,
    }
}

/// The testkit's case `accession` at `site`, as the conformance suite wants it: a male aged
/// 18–25, nationality not yet assessed, in MAKRI's vault B, with a LIMS and a lab number.
pub fn case(accession: &str, site: RecoverySiteId) -> NewRemainsCase {
    NewRemainsCase {
        profile: BiologicalProfile {
            sex: SexEstimate::Male,
            age_range: Some((18, 25)),
            stature_range_cm: Some((160, 170)),
        },
        nationality: NationalityAssessment::default(),
        storage_location: "MAKRI vault B".into(),
        external_numbers: vec![
            ExternalNumber {
                scheme: "LIMS".into(),
                value: format!("L-{accession}"),
            },
            ExternalNumber {
                scheme: "lab".into(),
                value: format!("Lab/{}", accession.to_lowercase()),
            },
        ],
        synthetic: false,
        ..homeward_testkit::registry::case(accession, site)
    }
}

pub fn cpv() -> NationalityAssessment {
    NationalityAssessment {
        nationality: Nationality::Cpv,
        evidence: "rubber-soled shoes, CPV badge".into(),
        committee_decision: Some("RC-2024-07".into()),
    }
}

pub fn effect(remains: Option<RemainsCaseId>, site: Option<RecoverySiteId>) -> NewPersonalEffect {
    NewPersonalEffect {
        remains,
        site,
        category: EffectCategory::Seal,
        description: "wooden seal".into(),
        inscription: Some("王德明".into()),
        condition: "worn".into(),
        disposition: EffectDisposition::TravelsWithRemains,
    }
}

/// A CPV soldier with hanzi and pinyin (and optionally Korean forms).
pub fn person(hanzi: &str, pinyin: &str, korean: Option<(&str, &str)>) -> NewMissingPerson {
    NewMissingPerson {
        name_original: hanzi.into(),
        name_hanzi: Some(hanzi.into()),
        name_pinyin: Some(pinyin.into()),
        name_hangul: korean.map(|k| k.0.to_owned()),
        name_rr: korean.map(|k| k.1.to_owned()),
        birth_year: Some(1928),
        hometown_province: "Sichuan".into(),
        hometown_county: "Nanchong".into(),
        unit: "60th Army, 180th Division".into(),
        date_of_loss: Some(PartialDate::parse("1951-05").expect("valid")),
        place_of_loss: "Gapyeong".into(),
        source_record: "roll 12, p. 4".into(),
        nationality: Nationality::Cpv,
        synthetic: false,
    }
}

/// A token for `user` labelled `label`, expiring 30 days after `T0`.
pub fn token(hash: &str, user: UserId, label: &str) -> homeward_domain::NewApiToken {
    homeward_domain::NewApiToken {
        token_hash: hash.into(),
        user,
        label: label.into(),
        expires_at: Timestamp(T0 + 30 * homeward_domain::DAY_SECONDS),
    }
}

pub fn new_user(username: &str, role: Role) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: format!("{username} (test)"),
        role,
        organization: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
    }
}

/// A site and a user who writes, as most tests need them.
pub async fn site_and_officer(store: &dyn Store) -> (RecoverySiteId, UserId) {
    let officer = store
        .create_user(&new_user("officer", Role::RecoveryOfficer), system())
        .await
        .expect("create user");
    let site = store
        .create_site(&site("GW-CW-001"), ctx(Some(officer), 1))
        .await
        .expect("create site");
    (site, officer)
}

/// Records the examination of case `id` (the fixture case's inventory and profile): a
/// `recovered` case becomes `examined`, the only way into that status.
pub async fn examine(store: &dyn Store, id: RemainsCaseId, ctx: WriteContext) {
    let c = case("fixture", RecoverySiteId(0));
    store
        .record_examination(id, &c.inventory, &c.profile, &c.condition, ctx)
        .await
        .expect("record the examination");
}

/// Examines case `id` and moves it to `nationality_determined` by the status step (its
/// nationality must be determined).
pub async fn examine_and_decide(store: &dyn Store, id: RemainsCaseId, ctx: WriteContext) {
    examine(store, id, ctx).await;
    store
        .change_status(
            id,
            homeward_domain::LifecycleStatus::NationalityDetermined,
            "committee",
            ctx,
        )
        .await
        .expect("nationality determined");
}

/// Asserts that `err` says no `what` has the key asked for.
pub fn assert_not_found(err: &StoreError, what: &str) {
    assert!(
        matches!(err, StoreError::NotFound { what: w, .. } if *w == what),
        "{err}"
    );
}

/// The fixture case with its nationality determined CPV (what most walks need).
pub fn cpv_case(accession: &str, site: RecoverySiteId) -> NewRemainsCase {
    NewRemainsCase {
        nationality: cpv(),
        ..case(accession, site)
    }
}

/// Accessions `case` by `ctx`, which must succeed.
pub async fn accessioned(
    store: &dyn Store,
    case: &NewRemainsCase,
    ctx: WriteContext,
) -> RemainsCaseId {
    store
        .accession_remains(case, ctx)
        .await
        .expect("accession the case")
}

/// The case writes as the checks make them: each in a [`homeward_store::CaseWrite`] of its own,
/// committed without a custody event (the events are the app's use cases,
/// `homeward_app::remains`, checked in homeward-app's `tests/custody_events.rs`; the store does
/// not depend on the app).
#[async_trait::async_trait]
pub trait CaseWrites: Store {
    async fn accession_remains(
        &self,
        case: &NewRemainsCase,
        ctx: WriteContext,
    ) -> StoreResult<RemainsCaseId> {
        let mut write = self.begin_case_write(ctx).await?;
        let (id, _) = write.accession(case).await?;
        write.commit().await?;
        Ok(id)
    }
    async fn record_examination(
        &self,
        id: RemainsCaseId,
        inventory: &SkeletalInventory,
        profile: &BiologicalProfile,
        condition: &str,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let mut write = self.begin_case_write(ctx).await?;
        write
            .record_examination(id, inventory, profile, condition)
            .await?;
        write.commit().await
    }
    async fn record_nationality(
        &self,
        id: RemainsCaseId,
        assessment: &NationalityAssessment,
        ctx: WriteContext,
    ) -> StoreResult<()> {
        let mut write = self.begin_case_write(ctx).await?;
        write.record_nationality(id, assessment).await?;
        write.commit().await
    }
    async fn change_status(
        &self,
        id: RemainsCaseId,
        to: LifecycleStatus,
        reason: &str,
        ctx: WriteContext,
    ) -> StoreResult<StatusChange> {
        let mut write = self.begin_case_write(ctx).await?;
        let (step, _) = write.change_status(id, to, reason).await?;
        write.commit().await?;
        Ok(step)
    }
}

impl<S: Store + ?Sized> CaseWrites for S {}

/// Asserts that `$value` matches `$pattern` (with an optional guard), showing the value when it
/// does not: `assert!(matches!(…))` written once.
macro_rules! assert_matches {
    ($value:expr, $pattern:pat $(if $guard:expr)? $(,)?) => {{
        let value = &$value;
        assert!(matches!(value, $pattern $(if $guard)?), "{value:?}");
    }};
}
pub(crate) use assert_matches;

/// A case, its status history and the audit log as they were before a write that must be
/// refused: [`Unchanged::check`] asserts the refusal changed none of them.
pub struct Unchanged {
    id: RemainsCaseId,
    case: Option<RemainsCase>,
    history: Vec<StatusChange>,
    audit: Vec<AuditEntry>,
}

impl Unchanged {
    /// Case `id`, its history and the audit log, as they are now.
    pub async fn snapshot(store: &dyn Store, id: RemainsCaseId) -> Unchanged {
        Unchanged {
            id,
            case: store.remains_case(id).await.unwrap(),
            history: store.status_history(id).await.unwrap(),
            audit: store.audit_log(1_000, 0).await.unwrap(),
        }
    }

    /// Asserts that the case, its history and the audit log are as they were.
    pub async fn check(&self, store: &dyn Store) {
        let case = store.remains_case(self.id).await.unwrap();
        assert_eq!(case, self.case, "the case changed");
        let history = store.status_history(self.id).await.unwrap();
        assert_eq!(history, self.history, "its history changed");
        let audit = store.audit_log(1_000, 0).await.unwrap();
        assert_eq!(audit, self.audit, "no audit entry");
    }
}

/// The user API token `hash` names at `at`, which must name one then.
pub async fn token_user(store: &dyn Store, hash: &str, at: Timestamp) -> User {
    let user = store.api_token_user(hash, at).await.unwrap();
    user.unwrap_or_else(|| panic!("token {hash} names no user at {at:?}"))
}

/// The current signing key of `organization`, which must have one.
pub async fn signing_key(store: &dyn Store, organization: &str) -> OrganizationKey {
    let key = store.organization_signing_key(organization).await.unwrap();
    key.unwrap_or_else(|| panic!("{organization} has no signing key"))
}

/// Creates user `username` with `role` (of no organization), written by the system.
pub async fn add_user(store: &dyn Store, username: &str, role: Role) -> UserId {
    store
        .create_user(&new_user(username, role), system())
        .await
        .expect("create user")
}

/// A user `username` with `role`, a member of `organization`, created by the system.
pub async fn add_member(
    store: &dyn Store,
    username: &str,
    role: Role,
    organization: OrganizationId,
) -> UserId {
    let mut user = new_user(username, role);
    user.organization = Some(organization);
    store
        .create_user(&user, system())
        .await
        .expect("create member")
}

/// Organization `name` of `country` (ISO code), stored by the system, without a key.
pub async fn organization(store: &dyn Store, name: &str, country: &str) -> OrganizationId {
    let created = store.create_organization(name, country, system()).await;
    created.unwrap_or_else(|e| panic!("create organization {name}: {e}"))
}

/// Organization `name` (in KR) with its signing key, seeded from `seed`, stored.
pub async fn keyed_organization(store: &dyn Store, name: &str, seed: u8) -> OrganizationId {
    let organization = organization(store, name, "KR").await;
    let key = OrganizationKey::from_seed(name, &[seed; 32]);
    store
        .save_organization_key(&key, system())
        .await
        .expect("save organization key");
    organization
}

/// Site `code`, created by the system.
pub async fn stored_site(store: &dyn Store, code: &str) -> RecoverySiteId {
    store
        .create_site(&site(code), system())
        .await
        .expect("create site")
}
