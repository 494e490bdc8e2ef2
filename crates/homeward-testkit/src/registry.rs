//! A registry to test against: the system's write context, a recovery site and a remains case as
//! the web and app tests seed them, and a fresh SQLite store whose signing keys are unlocked.

use std::sync::Arc;

use homeward_domain::{
    BiologicalProfile, CalendarDate, ExternalNumber, LifecycleStatus, Nationality,
    NationalityAssessment, NewRecoverySite, NewRemainsCase, RecoveryContext, RecoverySiteId,
    SkeletalInventory, Timestamp,
};
use homeward_store::{Store, WriteContext};
use tempfile::TempDir;

/// The tests' fixed moment (2023-11-14T22:13:20Z).
pub const T0: i64 = 1_700_000_000;

/// The tests' key-encryption secret; the test stores use cheap key-derivation parameters.
pub const KEK_SECRET: &[u8] = b"test key-encryption secret";

/// A write by the system at [`T0`].
pub fn system() -> WriteContext {
    at(0)
}

/// A write by the system `offset` seconds after [`T0`].
pub fn at(offset: i64) -> WriteContext {
    WriteContext {
        actor: None,
        at: Timestamp(T0 + offset),
    }
}

/// A date written `YYYY-MM-DD` (panics on a bad one: tests write them by hand).
pub fn date(text: &str) -> CalendarDate {
    CalendarDate::parse(text).expect("a test date is valid")
}

/// A synthetic recovery site coded `code` on Baengma Hill.
pub fn site(code: &str) -> NewRecoverySite {
    NewRecoverySite {
        code: code.into(),
        name: "Baengma Hill north slope".into(),
        province: "Gangwon".into(),
        county: "Cheorwon".into(),
        latitude: 38.25,
        longitude: 127.21,
        battle_area: "Baengma Hill".into(),
        excavation_periods: vec![],
        team: "Recovery team 3".into(),
        synthetic: true,
    }
}

/// A synthetic CPV case `accession` at `site`: cranium and left femur, 40 % complete, in vault B,
/// with one LIMS number.
pub fn case(accession: &str, site: RecoverySiteId) -> NewRemainsCase {
    NewRemainsCase {
        accession: accession.into(),
        site,
        recovery_date: date("2021-05-03"),
        context: RecoveryContext::IndividualGrave,
        inventory: SkeletalInventory {
            elements: vec!["cranium".into(), "left femur".into()],
            completeness_pct: 40,
        },
        profile: BiologicalProfile::default(),
        condition: "fragmentary".into(),
        nationality: NationalityAssessment {
            nationality: Nationality::Cpv,
            evidence: "rubber-soled shoes".into(),
            committee_decision: None,
        },
        storage_location: "vault B".into(),
        external_numbers: vec![ExternalNumber {
            scheme: "LIMS".into(),
            value: format!("L-{accession}"),
        }],
        synthetic: true,
    }
}

/// A fresh SQLite store in its own directory (kept alive by the returned `TempDir`), its
/// signing keys unlocked.
pub async fn fresh_store() -> (TempDir, Arc<dyn Store>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = homeward_store::open_sqlite(&dir.path().join("test.db"))
        .await
        .expect("open a fresh SQLite store");
    unlock(store.as_ref()).await;
    (dir, store)
}

/// Unlocks the store's signing keys with [`KEK_SECRET`] (cheap parameters).
pub async fn unlock(store: &dyn Store) {
    store
        .unlock_signing_keys(KEK_SECRET, homeward_ledger::KdfParams::TEST_ONLY, system())
        .await
        .expect("unlock the signing keys");
}

/// How many of the latest `window` audit entries record `action` (e.g. `session.create`).
pub async fn audited(store: &dyn Store, action: &str, window: u32) -> usize {
    let log = store
        .audit_log(window, 0)
        .await
        .expect("the audit log reads");
    log.iter().filter(|a| a.entry.action == action).count()
}

/// Sets case `accession`'s status to `status` straight in the SQLite store at `db` (the
/// [`fresh_store`]'s `test.db`), past every rule and without its records: a case as an older
/// version, an import before the records were kept or a hand edit may have left it, which the
/// pages must still show (and `homeward check` names).
pub async fn force_status(db: &std::path::Path, accession: &str, status: LifecycleStatus) {
    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .expect("open the SQLite store");
    let done = conn
        .execute(
            sqlx::query("UPDATE remains_cases SET status = $1 WHERE accession = $2")
                .bind(status.code())
                .bind(accession),
        )
        .await
        .expect("set the status");
    assert_eq!(done.rows_affected(), 1, "no case {accession}");
}
