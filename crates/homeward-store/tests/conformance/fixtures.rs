//! Builders for the registry's entities and the writing context used by the conformance suite.

use homeward_domain::{
    BiologicalProfile, CalendarDate, EffectCategory, EffectDisposition, ExcavationPeriod,
    ExternalNumber, Nationality, NationalityAssessment, NewMissingPerson, NewPersonalEffect,
    NewRecoverySite, NewRemainsCase, NewUser, PartialDate, RecoveryContext, RecoverySiteId,
    RemainsCaseId, Role, SexEstimate, SkeletalInventory, Timestamp, UserId,
};
use homeward_store::{Store, WriteContext};

/// A fixed moment: 2024-11-28T00:00:00Z.
pub const T0: i64 = 1_732_752_000;

/// A write by `actor` at `T0 + offset` seconds.
pub fn ctx(actor: Option<UserId>, offset: i64) -> WriteContext {
    WriteContext {
        actor,
        at: Timestamp(T0 + offset),
    }
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
        profile: BiologicalProfile {
            sex: SexEstimate::Male,
            age_range: Some((18, 25)),
            stature_range_cm: Some((160, 170)),
        },
        condition: "fragmentary".into(),
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
