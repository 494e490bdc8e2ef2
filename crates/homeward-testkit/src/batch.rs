//! A repatriation batch driven through its steps against a real store, as the store's
//! conformance tests do: KR's Ministry of National Defense hands three CPV cases (three caskets,
//! three effects) to CN's Ministry of Veterans Affairs, with a really signed manifest and receipt.
//! The web tests and the browser tests (homeward-e2e) seed their batch pages with it.

use homeward_app::repatriation::build_manifest;
use homeward_domain::{
    BatchCasket, BatchCode, BatchState, Burial, EffectCategory, EffectDisposition,
    HandoverCeremony, JointVerification, LifecycleStatus, LocalizedName, NameLanguage, Nationality,
    NationalityAssessment, NewPersonalEffect, NewRecoverySite, NewRemainsCase,
    NewRepatriationBatch, Official, RecoveryContext, RemainsCaseId, SkeletalInventory, Transport,
};
use homeward_ledger::{OrganizationKey, Receipt, sign_manifest, sign_receipt, verify_manifest};
use homeward_store::{Store, WriteContext};

use crate::registry::{at as ctx, date};

/// The sending organization.
pub const SENDER: &str = "Ministry of National Defense";
/// The receiving organization.
pub const RECEIVER: &str = "Ministry of Veterans Affairs";
/// The batch's accession numbers, one a casket; the first has two effects, the second one.
pub const ACCESSIONS: [&str; 3] = ["HW-B-0001", "HW-B-0002", "HW-B-0003"];
/// The cemetery.
pub const CEMETERY: &str = "Shenyang Cemetery of CPV Martyrs";

/// What the tests check the pages against.
#[derive(Debug, Clone)]
pub struct SeededBatch {
    /// `KR-CN-9`.
    pub code: String,
    /// The manifest's SHA-256, once issued.
    pub manifest_sha256: Option<String>,
    /// The sender's key fingerprint.
    pub sender_key_id: String,
    /// The receiver's key fingerprint.
    pub receiver_key_id: String,
}

/// The sender's key (seeded, so tests can sign as it).
pub fn sender_key() -> OrganizationKey {
    OrganizationKey::from_seed(SENDER, &[7; 32])
}

/// The receiver's key.
pub fn receiver_key() -> OrganizationKey {
    OrganizationKey::from_seed(RECEIVER, &[9; 32])
}

/// The handover ceremony at Incheon: the place and the sending official (title and name) in
/// Korean, Chinese and English; the receiving official only as entered (in English).
pub fn ceremony() -> HandoverCeremony {
    HandoverCeremony {
        date: date("2022-09-16"),
        place: homeward_app::demo::incheon_airport(),
        sending_officials: vec![Official {
            name: Some(LocalizedName::of(
                "김민수",
                "金敏洙",
                "Kim Min-su",
                NameLanguage::Ko,
            )),
            title: LocalizedName::of(
                "국방부 차관",
                "国防部副部长",
                "Vice Minister",
                NameLanguage::En,
            ),
        }],
        receiving_officials: vec!["Vice Minister Chang".into()],
    }
}

/// The flight to Shenyang.
pub fn transport() -> Transport {
    Transport {
        carrier: "PLA Air Force".into(),
        aircraft: "Y-20".into(),
        flight: None,
        escort: "J-20 fighters".into(),
        departure_place: "Incheon".into(),
        departure_date: date("2022-09-16"),
        arrival_place: "Shenyang Taoxian".into(),
        arrival_date: date("2022-09-16"),
    }
}

/// Examines case `id` as it was accessioned (`case`'s inventory and profile, "fragmentary") and
/// marks its nationality determined by the committee: the steps an assessed case takes before it
/// may join a batch.
pub async fn examine_and_determine(
    store: &dyn Store,
    id: RemainsCaseId,
    case: &NewRemainsCase,
    at: WriteContext,
) {
    homeward_app::remains::record_examination(
        store,
        id,
        &case.inventory,
        &case.profile,
        "fragmentary",
        at,
    )
    .await
    .expect("the examination is recorded");
    homeward_app::remains::change_status(
        store,
        id,
        LifecycleStatus::NationalityDetermined,
        "committee",
        at,
    )
    .await
    .expect("the nationality is determined");
}

/// The 9th batch KR → CN, taken up to `until` (both organizations and their keys stored).
pub async fn seed_batch(store: &dyn Store, until: BatchState) -> SeededBatch {
    for (name, country) in [(SENDER, "KR"), (RECEIVER, "CN")] {
        let id = store
            .create_organization(name, country, ctx(0))
            .await
            .unwrap();
        // The sender is named in all three languages; the receiver only as entered.
        if name == SENDER {
            let names = LocalizedName::of("국방부", "国防部", SENDER, NameLanguage::En);
            store.name_organization(id, &names, ctx(0)).await.unwrap();
        }
    }
    for key in [sender_key(), receiver_key()] {
        store.save_organization_key(&key, ctx(0)).await.unwrap();
    }
    let orgs = store.organizations().await.unwrap();
    let find = |n: &str| orgs.iter().find(|o| o.name == n).unwrap().clone();
    let site = store
        .create_site(
            &NewRecoverySite {
                code: "B-SITE-1".into(),
                name: "Arrowhead Ridge".into(),
                province: "Gangwon".into(),
                county: "Cheorwon".into(),
                latitude: 38.27,
                longitude: 127.19,
                battle_area: "Arrowhead Ridge".into(),
                excavation_periods: vec![],
                team: "Recovery team 1".into(),
                synthetic: true,
            },
            ctx(1),
        )
        .await
        .unwrap();
    let mut effects = Vec::new();
    for (i, acc) in ACCESSIONS.iter().enumerate() {
        let case = NewRemainsCase {
            accession: (*acc).into(),
            site,
            recovery_date: date("2021-05-03"),
            context: RecoveryContext::IndividualGrave,
            inventory: SkeletalInventory {
                elements: vec!["cranium".into()],
                completeness_pct: 30,
            },
            profile: Default::default(),
            condition: "fragmentary".into(),
            nationality: NationalityAssessment {
                nationality: Nationality::Undetermined,
                evidence: String::new(),
                committee_decision: None,
            },
            storage_location: "vault B".into(),
            external_numbers: vec![],
            synthetic: true,
        };
        let id = homeward_app::remains::accession(store, &case, ctx(2))
            .await
            .unwrap();
        let cpv = NationalityAssessment {
            nationality: Nationality::Cpv,
            evidence: "CPV badge".into(),
            committee_decision: Some("RC-2022-08".into()),
        };
        homeward_app::remains::record_nationality(store, id, &cpv, ctx(3))
            .await
            .unwrap();
        examine_and_determine(store, id, &case, ctx(4)).await;
        let mut ids = Vec::new();
        for n in 0..(2usize.saturating_sub(i)) {
            let effect = NewPersonalEffect {
                remains: Some(id),
                site: None,
                category: EffectCategory::Seal,
                description: format!("wooden seal {}", n + 1),
                inscription: None,
                condition: "worn".into(),
                disposition: EffectDisposition::TravelsWithRemains,
            };
            ids.push(store.record_effect(&effect, ctx(5)).await.unwrap());
        }
        effects.push(ids);
    }
    let planned = NewRepatriationBatch {
        sequence_number: 9,
        sender: find(SENDER),
        receiver: find(RECEIVER),
    };
    let code: BatchCode = store
        .create_batch(&planned, ctx(10))
        .await
        .unwrap()
        .code
        .parse()
        .unwrap();
    let mut seeded = SeededBatch {
        code: code.to_string(),
        manifest_sha256: None,
        sender_key_id: sender_key().key_id().to_string(),
        receiver_key_id: receiver_key().key_id().to_string(),
    };
    for acc in ACCESSIONS {
        store
            .add_batch_remains(&code, &acc.parse().unwrap(), ctx(11))
            .await
            .unwrap();
    }
    if until == BatchState::Planned {
        return seeded;
    }
    for acc in ACCESSIONS {
        let verification = JointVerification {
            sending_experts: vec!["Dr. Park Ji-hoon".into()],
            receiving_experts: vec!["Dr. Li Wei".into()],
            date: date("2022-09-01"),
            notes: "consistent with CPV".into(),
            both_agreed: true,
        };
        store
            .record_joint_verification(&code, &acc.parse().unwrap(), &verification, ctx(12))
            .await
            .unwrap();
    }
    store
        .advance_batch(&code, BatchState::JointlyVerified, ctx(13))
        .await
        .unwrap();
    if until == BatchState::JointlyVerified {
        return seeded;
    }
    let caskets: Vec<BatchCasket> = ACCESSIONS
        .iter()
        .zip(&effects)
        .enumerate()
        .map(|(i, (acc, ids))| BatchCasket {
            number: u32::try_from(i).unwrap() + 1,
            remains: vec![(*acc).into()],
            effects: ids.clone(),
            ceremonial: i == 0,
        })
        .collect();
    store
        .encoffin_batch(&code, &caskets, ctx(14))
        .await
        .unwrap();
    // The manifest as the sender issues it, from what the store recorded.
    let record = store.batch(&code).await.unwrap().unwrap();
    let manifest = build_manifest(&record, 1_663_200_000);
    let text = sign_manifest(&manifest, &sender_key()).unwrap();
    let verified = verify_manifest(&text, &sender_key().public_key()).unwrap();
    let sha = verified.hash.to_hex();
    store
        .issue_batch_manifest(&code, &text, &sha, ctx(15))
        .await
        .unwrap();
    seeded.manifest_sha256 = Some(sha);
    if until == BatchState::Encoffined {
        return seeded;
    }
    store
        .hand_over_batch(&code, &ceremony(), &transport(), ctx(16))
        .await
        .unwrap();
    if until == BatchState::HandedOver {
        return seeded;
    }
    let receipt = Receipt::inspect(
        &verified.manifest,
        verified.hash,
        &verified.manifest.caskets,
        1_663_300_000,
        "all present",
    );
    let receipt_text = sign_receipt(&receipt, &receiver_key()).unwrap();
    store
        .receive_batch(&code, &receipt_text, &receipt.hash().to_hex(), ctx(17))
        .await
        .unwrap();
    if until == BatchState::Received {
        return seeded;
    }
    let burials: Vec<(String, Burial)> = ACCESSIONS
        .iter()
        .enumerate()
        .map(|(i, acc)| {
            let burial = Burial {
                cemetery: CEMETERY.into(),
                section: "A".into(),
                row: "1".into(),
                plot: (i + 1).to_string(),
                date: date("2022-09-17"),
            };
            ((*acc).to_string(), burial)
        })
        .collect();
    store.bury_batch(&code, &burials, ctx(18)).await.unwrap();
    seeded
}
