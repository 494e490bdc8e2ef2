//! The demo's worked example of a repatriation: the ninth ROK→China handover (2022) as a batch —
//! 88 remains in 88 caskets with 837 effects, nine caskets carried in the ceremony draped with
//! the flag and the other 79 already aboard, handed over at Incheon International Airport on
//! 2022-09-16, flown to Shenyang and buried at the Shenyang Cemetery of CPV Martyrs the next day —
//! with its custody chain, the sender's signed manifest and the receiver's countersigned receipt.
//! The counts, dates and places are the published ones; the cases and effects are synthetic.
//!
//! The cases join the registry like every other demo case (accessioned, examined, nationality
//! determined, in the custody ledger); then [`hand_over`] takes the batch through every step
//! with the store's own checks. Both ministries' demo keys are derived from the seed.

use homeward_domain::{
    Accession, BiologicalProfile, CalendarDate, EffectCategory, ExternalNumber, JointVerification,
    LifecycleStatus, LocalizedName, NameLanguage, Nationality, NationalityAssessment,
    NewRemainsCase, Official, Phrase, RecoveryContext, RecoverySiteId, Role, SexEstimate,
    SkeletalInventory, Timestamp, UserId,
};
use homeward_ledger::{Receipt, sign_receipt, verify_manifest};
use homeward_store::{Store, StoreError, WriteContext};
use rand::Rng;
use rand::seq::IndexedRandom;

use super::custody::demo_key;
use super::effects::effect_of_remains;
use super::plan::{Registry, Step};
use super::time::{DAY, at_hour, date};
use super::{DemoError, ORGANIZATIONS};
use crate::repatriation::{self, RepatriationError, transfer};

/// Remains handed over in 2022.
pub const REMAINS: usize = 88;
/// Personal effects that went with them.
pub const EFFECTS: usize = 837;
/// Caskets carried in the ceremony, draped with the flag.
pub const CEREMONIAL: u32 = 9;
/// The batch's code.
pub const CODE: &str = "KR-CN-9";
const SEQUENCE: u32 = 9;

/// The sending and receiving ministries (indexes into [`ORGANIZATIONS`]).
const SENDER: usize = 1;
const RECEIVER: usize = 2;

const EFFECT_KINDS: &[(EffectCategory, &str)] = &[
    (EffectCategory::Shoe, "rubber-soled canvas shoe"),
    (EffectCategory::Badge, "CPV enamel badge"),
    (EffectCategory::Seal, "wooden personal seal"),
    (EffectCategory::Pen, "fountain pen"),
    (EffectCategory::Canteen, "enamel mug"),
    (EffectCategory::Coin, "coin"),
    (EffectCategory::UniformItem, "uniform button"),
    (EffectCategory::UniformItem, "belt buckle"),
    (EffectCategory::Other, "comb"),
    (EffectCategory::Other, "toothbrush handle"),
];

/// The day of the handover. No other demo case is handed over on it: the batch is the one
/// record of that day's handover (the lifecycle walk of the general registry skips it).
pub fn handover_date() -> CalendarDate {
    date(2022, 9, 16)
}

fn date_of(t: Timestamp) -> CalendarDate {
    CalendarDate::parse(&t.to_rfc3339()[..10]).expect("an RFC 3339 time starts with its date")
}

/// Adds the batch's 88 cases (recovered 2019–2020, examined, nationality determined as CPV by
/// 2021) and their 837 effects to the demo registry.
pub fn extend(rng: &mut impl Rng, reg: &mut Registry) {
    let first = at_hour(date(2019, 4, 1), 9);
    for i in 0..REMAINS {
        let accession = format!("HW-R9-{:03}", i + 1);
        let site = reg.sites.choose(rng).expect("there are sites").code.clone();
        let recovered = Timestamp(first.0 + rng.random_range(0..580) * DAY);
        let examined = Timestamp(recovered.0 + rng.random_range(20..120) * DAY);
        let determined = Timestamp(examined.0 + rng.random_range(20..200) * DAY);
        let age = rng.random_range(17..=30);
        let stature = rng.random_range(155..=168);
        let case = NewRemainsCase {
            accession: accession.clone(),
            site: RecoverySiteId(0),
            recovery_date: date_of(recovered),
            context: RecoveryContext::IndividualGrave,
            inventory: SkeletalInventory {
                elements: vec!["cranium".into(), "left femur".into(), "right tibia".into()],
                completeness_pct: rng.random_range(20..=70),
            },
            profile: BiologicalProfile {
                sex: *[SexEstimate::Male, SexEstimate::ProbableMale]
                    .choose(rng)
                    .expect("not empty"),
                age_range: Some((age, age + rng.random_range(4..=8))),
                stature_range_cm: Some((stature, stature + rng.random_range(5..=10))),
            },
            condition: "fragmentary".into(),
            nationality: NationalityAssessment {
                nationality: Nationality::Cpv,
                evidence: "rubber-soled shoes, CPV badge, burial context".into(),
                committee_decision: Some(
                    Phrase::new("sys-demo-committee-decision")
                        .text("reference", format!("2021-{:03}", i + 1))
                        .stored(),
                ),
            },
            storage_location: "MAKRI central identification laboratory, CPV holding room".into(),
            external_numbers: vec![ExternalNumber {
                scheme: "LIMS".into(),
                value: format!("L-R9-{:05}", rng.random_range(1..99_999)),
            }],
            synthetic: true,
        };
        // 837 = 45 × 10 + 43 × 9.
        let count = if i < 45 { 10 } else { 9 };
        for _ in 0..count {
            let &kind = EFFECT_KINDS.choose(rng).expect("not empty");
            reg.effects
                .push(effect_of_remains(&accession, kind, "worn".into()));
        }
        let steps = vec![
            Step {
                to: LifecycleStatus::Examined,
                actor: Role::Anthropologist,
                at: examined,
                reason: Phrase::new("sys-note-demo-examined").stored(),
            },
            Step {
                to: LifecycleStatus::NationalityDetermined,
                actor: Role::Reviewer,
                at: determined,
                reason: Phrase::new("sys-note-demo-nationality")
                    .code("nationality", "nat", "cpv")
                    .stored(),
            },
        ];
        reg.walks.push((accession, steps));
        reg.remains.push((site, case));
    }
}

/// A ministry's demo key: like MAKRI's (see `custody::demo_key`), from the seed, but each
/// organization from its own derivation so that no two share a key.
fn ministry_key(index: usize, seed: u64) -> homeward_ledger::OrganizationKey {
    demo_key(ORGANIZATIONS[index].0, seed ^ (0x2022_0000 + index as u64))
}

fn at(y: i32, m: u8, d: u8, hour: i64, actor: Option<UserId>) -> WriteContext {
    WriteContext {
        actor,
        at: at_hour(date(y, m, d), hour),
    }
}

/// Takes the 2022 batch through every step, each checked and signed by the store: planned,
/// its cases added and jointly verified, one casket each (the first nine ceremonial), the signed
/// manifest, the handover and the flight, the receiver's countersigned receipt, the burials.
pub async fn hand_over(
    store: &dyn Store,
    seed: u64,
    officer: Option<UserId>,
) -> Result<(), DemoError> {
    let (sender, receiver) = (ORGANIZATIONS[SENDER].0, ORGANIZATIONS[RECEIVER].0);
    let receiver_key = ministry_key(RECEIVER, seed);
    for key in [ministry_key(SENDER, seed), receiver_key.clone()] {
        store
            .save_organization_key(&key, at(2022, 6, 1, 8, officer))
            .await?;
    }
    let ctx = at(2022, 6, 1, 9, officer);
    let code = repatriation::batch_code(CODE)?;
    repatriation::plan_batch(store, sender, receiver, SEQUENCE, ctx).await?;
    let accessions = (1..=REMAINS)
        .map(|n| Accession::parse(&format!("HW-R9-{n:03}")))
        .collect::<Result<Vec<_>, _>>()
        .map_err(StoreError::from)?;
    let ctx = at(2022, 6, 2, 9, officer);
    for accession in &accessions {
        store.add_batch_remains(&code, accession, ctx).await?;
    }
    let verification = JointVerification {
        // People, named as they write their names; the verdict is `both_agreed`, which every
        // page words in its language (a typed note would be shown as typed).
        sending_experts: vec!["박진우".into(), "이서연".into()],
        receiving_experts: vec!["王建华".into(), "刘敏".into()],
        date: date(2022, 8, 30),
        notes: String::new(),
        both_agreed: true,
    };
    let ctx = at(2022, 8, 30, 17, officer);
    for accession in &accessions {
        store
            .record_joint_verification(&code, accession, &verification, ctx)
            .await?;
    }
    store
        .advance_batch(&code, homeward_domain::BatchState::JointlyVerified, ctx)
        .await?;
    let record = repatriation::batch(store, CODE).await?;
    let caskets = repatriation::one_casket_each(store, &record, CEREMONIAL).await?;
    store
        .encoffin_batch(&code, &caskets, at(2022, 9, 14, 15, officer))
        .await?;
    let manifest_text = repatriation::manifest(store, CODE, at(2022, 9, 15, 10, officer)).await?;
    let ceremony = homeward_domain::HandoverCeremony {
        date: handover_date(),
        place: incheon_airport(),
        sending_officials: vec![Official {
            name: None,
            title: LocalizedName::of(
                "대한민국 국방부 차관",
                "大韩民国国防部副部长",
                "Vice Minister of National Defense of the Republic of Korea",
                NameLanguage::En,
            ),
        }],
        receiving_officials: vec![Official {
            name: None,
            title: LocalizedName::of(
                "중화인민공화국 퇴역군인사무부 부부장",
                "中华人民共和国退役军人事务部副部长",
                "Vice Minister of Veterans Affairs of the People's Republic of China",
                NameLanguage::En,
            ),
        }],
    };
    let transport = homeward_domain::Transport {
        // The carrier is a unit the gazetteer names; the aircraft and the escort are written
        // as their designations, which read the same in every language.
        carrier: "PLA Air Force".into(),
        aircraft: "Y-20".into(),
        flight: None,
        escort: "J-20 × 2".into(),
        departure_place: "Incheon International Airport".into(),
        departure_date: handover_date(),
        arrival_place: "Shenyang Taoxian International Airport".into(),
        arrival_date: handover_date(),
    };
    store
        .hand_over_batch(&code, &ceremony, &transport, at(2022, 9, 16, 10, officer))
        .await?;
    // The receiver counts what arrived (everything) and countersigns its receipt.
    let sender_key = ministry_key(SENDER, seed).public_key();
    let verified = verify_manifest(&manifest_text, &sender_key).map_err(RepatriationError::from)?;
    let received_at = at(2022, 9, 16, 18, officer);
    let receipt = Receipt::inspect(
        &verified.manifest,
        verified.hash,
        &verified.manifest.caskets,
        received_at.at.0,
        "received at Shenyang Taoxian International Airport; all caskets and effects counted",
    );
    let receipt = sign_receipt(&receipt, &receiver_key).map_err(RepatriationError::from)?;
    transfer::receive(
        store,
        CODE,
        &receipt,
        &receiver_key.public_key(),
        received_at,
    )
    .await?;
    let record = repatriation::batch(store, CODE).await?;
    let burials: Vec<_> = (0u32..)
        .zip(&record.remains)
        .map(|(i, r)| {
            let burial = homeward_domain::Burial {
                cemetery: "Shenyang Cemetery of CPV Martyrs".into(),
                section: "2022".into(),
                row: (i / 11 + 1).to_string(),
                plot: (i % 11 + 1).to_string(),
                date: date(2022, 9, 17),
            };
            (r.accession.clone(), burial)
        })
        .collect();
    store
        .bury_batch(&code, &burials, at(2022, 9, 17, 10, officer))
        .await?;
    Ok(())
}

/// Incheon International Airport, where the handovers to China take place, in the three
/// languages (entered in English).
pub fn incheon_airport() -> LocalizedName {
    LocalizedName::of(
        "인천국제공항",
        "仁川国际机场",
        "Incheon International Airport",
        NameLanguage::En,
    )
}
