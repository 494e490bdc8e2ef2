//! The demo registry: deterministic, seeded, and marked as synthetic wherever it is invented.
//!
//! Real: the twelve ROK→China handovers (2014–2025, 1,011 remains) and the organizations.
//! Synthetic (`synthetic: true`): recovery sites in the real battle areas of Gangwon and
//! Gyeonggi, about 1,200 remains cases walked through legal lifecycle steps (with history,
//! effects and external numbers) and about 20,000 persons on the rolls of the missing. Each
//! step is taken by the use case that records it (`lifecycle`): the examination, the status
//! step for the committee's decisions, an identification with a ROK soldier on the rolls; no
//! case outside the batch below is designated for repatriation, handed over or buried, as only
//! a batch's steps record those.
//! Each case's custody (recovered, stored, examined, nationality determined, handed over,
//! buried) is in the signed custody ledger, signed by a MAKRI key derived from the seed.
//! The ninth handover (2022) is a full repatriation batch, `KR-CN-9`: 88 more synthetic cases
//! with 837 effects, taken through every batch step with a signed manifest and the receiver's
//! receipt (`batch2022`), signed by both ministries' demo keys. A few of its buried cases are
//! then identified as CPV soldiers on the synthetic rolls (`identified`), so the memorial roll
//! shows names. Last, synthetic DNA (`dna`): a labelled synthetic frequency table, profiles of
//! the examined cases, families with the CPV relationship mix, and one finished screening run.
//! One demo user per role shares [`DEMO_PASSWORD`]. Seeding refuses a store that holds data.

mod batch2022;
pub use batch2022::incheon_airport;
mod custody;
mod dna;
mod effects;
mod gazetteer;
mod identified;
mod lifecycle;
mod names;
mod places;
mod plan;
mod registry;
mod roll;
mod time;

use std::collections::{BTreeMap, HashMap};

use homeward_domain::{
    CalendarDate, LocalizedName, NameLanguage, NewUser, OrganizationId, RemainsCaseId, Role,
    UserId, historical_rok_china_handovers,
};
use homeward_store::{ImportBatch, ImportSummary, RemainsFilter, Store, StoreError, WriteContext};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use batch2022::{
    CEREMONIAL as BATCH_2022_CEREMONIAL, CODE as BATCH_2022, EFFECTS as BATCH_2022_EFFECTS,
    REMAINS as BATCH_2022_REMAINS,
};
pub use dna::{DnaSummary, dna_truth};
pub use identified::IDENTIFIED as BATCH_2022_IDENTIFIED;
pub use names::{ChineseName, KoreanName, chinese_name, korean_name};
pub use roll::{examples, missing_person, missing_persons};

use crate::Progress;
use crate::passwords::{PasswordError, hash_password};

/// The seed of the demo registry: the same seed gives the same registry.
pub const DEMO_SEED: u64 = 1951;
/// The password of every demo user. Demo stores are for trying the app, never for real data.
pub const DEMO_PASSWORD: &str = "homeward-demo";
/// The demo administrator's username.
pub const DEMO_ADMIN: &str = "admin";

/// How much to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// Remains cases (about 1,200 by default).
    pub remains: usize,
    /// Persons on the rolls (about 20,000 by default).
    pub missing: usize,
    /// The random seed.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            remains: 1_200,
            missing: 20_000,
            seed: DEMO_SEED,
        }
    }
}

/// What seeding wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoSummary {
    /// Organizations created.
    pub organizations: usize,
    /// The demo users (username, role); all use [`DEMO_PASSWORD`].
    pub users: Vec<(String, Role)>,
    /// Historical handovers recorded.
    pub handovers: usize,
    /// Rows imported.
    pub imported: ImportSummary,
    /// Lifecycle steps applied.
    pub status_changes: usize,
    /// Custody ledger entries appended (signed by MAKRI's demo key).
    pub custody_entries: usize,
    /// Buried cases of the 2022 batch identified as persons on the rolls.
    pub identified: usize,
    /// The synthetic DNA: profiles, families and the finished screening run.
    pub dna: DnaSummary,
}

/// Why the demo could not be seeded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The store already holds data; the demo seeds only an empty store.
    #[error("the store already holds {0}; the demo seeds only a new, empty store")]
    NotEmpty(String),
    /// The store failed.
    #[error("seeding the demo failed: {0}")]
    Store(#[from] StoreError),
    /// A demo password could not be hashed.
    #[error("seeding the demo failed: {0}")]
    Password(#[from] PasswordError),
    /// The 2022 repatriation batch could not be taken through its steps.
    #[error("seeding the demo's 2022 batch failed: {0}")]
    Repatriation(#[from] crate::repatriation::RepatriationError),
    /// The demo's DNA could not be stored or screened.
    #[error("seeding the demo's DNA failed: {0}")]
    Dna(#[from] crate::dna::DnaError),
}

/// The organizations: (name, country, Korean name, Chinese name); the name is the English one.
const ORGANIZATIONS: &[(&str, &str, &str, &str)] = &[
    (
        "Ministry of National Defense Agency for KIA Recovery and Identification (MAKRI)",
        "KR",
        "국방부 유해발굴감식단",
        "韩国国防部遗骸发掘鉴识团",
    ),
    (
        "Ministry of National Defense of the Republic of Korea",
        "KR",
        "대한민국 국방부",
        "大韩民国国防部",
    ),
    (
        "Ministry of Veterans Affairs of the People's Republic of China",
        "CN",
        "중화인민공화국 퇴역군인사무부",
        "中华人民共和国退役军人事务部",
    ),
    (
        "National Forensic Service of the Republic of Korea",
        "KR",
        "국립과학수사연구원",
        "韩国国立科学搜查研究院",
    ),
];

/// The demo users: (username, display name, role, index into [`ORGANIZATIONS`]).
pub const DEMO_USERS: &[(&str, &str, Role, usize)] = &[
    (DEMO_ADMIN, "Demo administrator", Role::Administrator, 0),
    (
        "recovery",
        "Demo recovery officer",
        Role::RecoveryOfficer,
        0,
    ),
    (
        "anthropologist",
        "Demo anthropologist",
        Role::Anthropologist,
        0,
    ),
    ("dna", "Demo DNA analyst", Role::DnaAnalyst, 3),
    ("custodian", "Demo custodian", Role::Custodian, 0),
    (
        "repatriation",
        "Demo repatriation officer",
        Role::RepatriationOfficer,
        1,
    ),
    ("reviewer", "Demo reviewer", Role::Reviewer, 1),
    ("viewer", "Demo viewer", Role::Viewer, 2),
    (
        "liaison",
        "Demo family liaison officer",
        Role::FamilyLiaison,
        0,
    ),
];

/// Whether the store holds nothing the demo would collide with; `Err` names what it holds.
async fn ensure_empty(store: &dyn Store) -> Result<(), DemoError> {
    let stats = store.registry_stats().await?;
    let counts = [
        (stats.sites, "recovery sites"),
        (stats.remains, "remains cases"),
        (stats.missing_persons, "missing persons"),
        (store.users().await?.len() as u64, "users"),
        (store.handovers().await?.len() as u64, "handovers"),
        (
            store.ledger_head().await?.next_sequence - 1,
            "custody ledger entries",
        ),
        (
            store.organization_keys().await?.len() as u64,
            "organization keys",
        ),
    ];
    match counts.iter().find(|(n, _)| *n > 0) {
        Some((n, what)) => Err(DemoError::NotEmpty(format!("{n} {what}"))),
        None => Ok(()),
    }
}

/// Seeds an empty store with the demo registry.
pub async fn seed(
    store: &dyn Store,
    options: &DemoOptions,
    progress: &dyn Progress,
) -> Result<DemoSummary, DemoError> {
    ensure_empty(store).await?;
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut reg = registry::registry(&mut rng, options.remains);
    batch2022::extend(
        &mut ChaCha8Rng::seed_from_u64(options.seed ^ 0x2022),
        &mut reg,
    );
    // The search page's examples first, so that each finds its person (and the first CPV
    // person, 王德明, is among the identified), then the generated roll.
    let mut missing = roll::examples();
    missing.truncate(options.missing);
    let generated = options.missing - missing.len();
    missing.extend(roll::missing_persons(&mut rng, generated));
    let first_dig = reg
        .sites
        .iter()
        .flat_map(|s| s.excavation_periods.iter().map(|p| p.start))
        .min()
        .unwrap_or_else(|| time::date(2000, 1, 1));
    // What the custody ledger needs of each case, kept before the import takes the registry.
    let site_of: HashMap<String, (String, String)> = reg
        .sites
        .iter()
        .map(|s| (s.code.clone(), (s.name.clone(), s.team.clone())))
        .collect();
    let remains_list = reg.remains.clone();
    let walks = reg.walks.clone();
    let opening = WriteContext {
        actor: None,
        at: time::at_hour(first_dig, 8),
    };

    progress.stage(
        "organizations, users, handovers",
        (DEMO_USERS.len() + 12) as u64,
    );
    let mut orgs: Vec<OrganizationId> = Vec::new();
    for &(name, country, ko, zh) in ORGANIZATIONS {
        let id = store.create_organization(name, country, opening).await?;
        let names = LocalizedName::of(ko, zh, name, NameLanguage::En);
        store.name_organization(id, &names, opening).await?;
        orgs.push(id);
    }
    let mut users: HashMap<Role, UserId> = HashMap::new();
    for &(username, display, role, org) in DEMO_USERS {
        let user = NewUser {
            username: username.into(),
            display_name: display.into(),
            role,
            organization: orgs.get(org).copied(),
            password_hash: hash_password(DEMO_PASSWORD)?,
        };
        users.insert(role, store.create_user(&user, opening).await?);
        progress.advance(1);
    }
    let handovers = historical_rok_china_handovers();
    for h in &handovers {
        store.record_handover(h, opening).await?;
        progress.advance(1);
    }

    let mut imported = ImportSummary::default();
    let mut add = |s: ImportSummary| {
        imported.sites += s.sites;
        imported.remains += s.remains;
        imported.effects += s.effects;
        imported.missing += s.missing;
        imported.names += s.names;
    };
    progress.stage("recovery sites and the rolls of the missing", 1);
    let mut batch = ImportBatch {
        sites: reg.sites,
        missing,
        names: gazetteer::entries(),
        ..ImportBatch::default()
    };
    batch.effects.extend(
        reg.effects
            .iter()
            .filter(|e| e.accession.is_none())
            .cloned(),
    );
    add(store.import_batch(&batch, opening).await?);
    progress.advance(1);

    // Cases are accessioned in batches per recovery date, so each history starts on its day.
    let mut by_date: BTreeMap<CalendarDate, ImportBatch> = BTreeMap::new();
    let mut date_of: HashMap<&str, CalendarDate> = HashMap::new();
    for (code, case) in &reg.remains {
        date_of.insert(case.accession.as_str(), case.recovery_date);
        let b = by_date.entry(case.recovery_date).or_default();
        b.remains.push((code.clone(), case.clone()));
    }
    for e in &reg.effects {
        if let Some(date) = e.accession.as_deref().and_then(|a| date_of.get(a)) {
            by_date.entry(*date).or_default().effects.push(e.clone());
        }
    }
    progress.stage("remains cases and effects", by_date.len() as u64);
    for (date, b) in &by_date {
        let ctx = WriteContext {
            actor: users.get(&Role::RecoveryOfficer).copied(),
            at: time::at_hour(*date, 18),
        };
        add(store.import_batch(b, ctx).await?);
        progress.advance(1);
    }

    let ids = remains_ids(store).await?;
    let mut steps: Vec<(RemainsCaseId, &plan::Step)> = reg
        .walks
        .iter()
        .filter_map(|(acc, steps)| ids.get(acc).map(|&id| (id, steps)))
        .flat_map(|(id, steps)| steps.iter().map(move |s| (id, s)))
        .collect();
    steps.sort_by_key(|(id, s)| (s.at, *id));
    progress.stage("lifecycle steps", steps.len() as u64);
    let status_changes = lifecycle::walk(store, &steps, &remains_list, &ids, &users).await?;

    progress.stage("custody ledger", 1);
    let steps_of: HashMap<&str, &[plan::Step]> = walks
        .iter()
        .map(|(acc, steps)| (acc.as_str(), steps.as_slice()))
        .collect();
    let cases: Vec<custody::CaseCustody<'_>> = remains_list
        .iter()
        .filter_map(|(code, case)| {
            let (name, team) = site_of.get(code)?;
            Some(custody::CaseCustody {
                case,
                site: (code.as_str(), name.as_str()),
                team: team.as_str(),
                steps: steps_of
                    .get(case.accession.as_str())
                    .copied()
                    .unwrap_or(&[]),
            })
        })
        .collect();
    let custody_entries = custody::append(
        store,
        ORGANIZATIONS[0].0,
        options.seed,
        &cases,
        WriteContext {
            actor: users.get(&Role::Custodian).copied(),
            ..opening
        },
    )
    .await?;
    progress.advance(1);
    progress.stage("the 2022 repatriation batch", 1);
    let before = store.ledger_head().await?.next_sequence;
    batch2022::hand_over(
        store,
        options.seed,
        users.get(&Role::RepatriationOfficer).copied(),
    )
    .await?;
    let custody_entries =
        custody_entries + (store.ledger_head().await?.next_sequence - before) as usize;
    let identified = identified::identify(store, users.get(&Role::Reviewer).copied()).await?;
    progress.advance(1);
    progress.stage("synthetic DNA and a screening run", 1);
    let dna = dna::seed_dna(
        store,
        options.seed,
        &dna::examined(&walks),
        options.missing,
        users.get(&Role::DnaAnalyst).copied(),
        time::DEMO_END,
    )
    .await?;
    progress.advance(1);
    progress.finish();
    Ok(DemoSummary {
        organizations: orgs.len(),
        users: DEMO_USERS
            .iter()
            .map(|&(u, _, r, _)| (u.to_owned(), r))
            .collect(),
        handovers: handovers.len(),
        imported,
        status_changes,
        custody_entries,
        identified,
        dna,
    })
}

/// The accession numbers of the demo's examined cases (those with a DNA profile), recomputed
/// from the options' seed as [`seed`] generates them: with [`dna_truth`], for tests.
pub fn examined_cases(options: &DemoOptions) -> Vec<String> {
    let mut reg = registry::registry(
        &mut ChaCha8Rng::seed_from_u64(options.seed),
        options.remains,
    );
    batch2022::extend(
        &mut ChaCha8Rng::seed_from_u64(options.seed ^ 0x2022),
        &mut reg,
    );
    dna::examined(&reg.walks)
}

/// `n` synthetic remains cases with their recovery sites (seeded), for `homeward bench match`.
pub(crate) fn synthetic_cases(seed: u64, n: usize) -> ImportBatch {
    let reg = registry::registry(&mut ChaCha8Rng::seed_from_u64(seed), n);
    ImportBatch {
        sites: reg.sites,
        remains: reg.remains,
        ..ImportBatch::default()
    }
}

/// Every case's id by accession number, read page by page.
async fn remains_ids(store: &dyn Store) -> Result<HashMap<String, RemainsCaseId>, StoreError> {
    let mut ids = HashMap::new();
    let mut offset = 0;
    loop {
        let filter = RemainsFilter {
            limit: 500,
            offset,
            ..RemainsFilter::default()
        };
        let page = store.list_remains(&filter).await?;
        if page.items.is_empty() {
            return Ok(ids);
        }
        offset += page.items.len() as u32;
        ids.extend(page.items.into_iter().map(|r| (r.accession, r.id)));
    }
}
