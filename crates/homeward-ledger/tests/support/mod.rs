//! Fixtures shared by the integration tests: seeded organization keys, a chain that exercises
//! every event kind and a key rotation, and a small manifest.

#![allow(dead_code)]

use homeward_ledger::{
    BatchStep, Casket, ChainHead, ContentHash, CustodyEvent, EntryDraft, KeyRegistry, Manifest,
    ManifestEffect, ManifestRemains, OrganizationKey, SignedEntry, Totals,
};
use rand_chacha_03::ChaCha20Rng;
use rand_core_06::SeedableRng;

pub const MND: &str = "Ministry of National Defense (KR)";
pub const MVA: &str = "Ministry of Veterans Affairs (CN)";

pub fn key(organization: &str, seed: u64) -> OrganizationKey {
    OrganizationKey::generate(organization, &mut ChaCha20Rng::seed_from_u64(seed))
}

/// The keys both verifiers trust from the start.
pub fn trusted(keys: &[&OrganizationKey]) -> KeyRegistry {
    KeyRegistry::with_trusted(keys.iter().map(|k| (k.organization(), k.public_key()))).unwrap()
}

/// One event of each kind, cycling.
pub fn event(i: u64) -> CustodyEvent {
    match i % 14 {
        0 => CustodyEvent::Recovered {
            site: format!("SITE-{i}"),
        },
        1 => CustodyEvent::Moved {
            from: "Paju".into(),
            to: "Seoul".into(),
        },
        2 => CustodyEvent::Stored {
            facility: "MAKRI vault".into(),
        },
        3 => CustodyEvent::Sampled {
            sample_id: format!("S-{i}"),
            material: "femur".into(),
        },
        4 => CustodyEvent::Examined {
            examination: "anthropology".into(),
        },
        5 => CustodyEvent::NationalityDetermined {
            nationality: "CN".into(),
            basis: "effects".into(),
        },
        6 => CustodyEvent::Encoffined {
            casket_number: (i % 88) as u32 + 1,
        },
        7 => CustodyEvent::Sealed {
            casket_number: (i % 88) as u32 + 1,
            seal: format!("SEAL-{i}"),
        },
        8 => CustodyEvent::HandedOver {
            from_organization: MND.into(),
            to_organization: MVA.into(),
        },
        9 => CustodyEvent::Transported {
            carrier: "PLAAF".into(),
            vehicle: "Y-20".into(),
            flight: Some("Y20-2022".into()),
            from: "Incheon".into(),
            to: "Shenyang".into(),
        },
        10 => CustodyEvent::BatchStepReached {
            batch: "B-2022".into(),
            step: BatchStep::Planned,
            document: Some(ContentHash([9; 32])),
        },
        11 => CustodyEvent::JointlyVerified {
            batch: "B-2022".into(),
            experts: vec!["Kim".into(), "Li".into()],
            notes: "agreed".into(),
        },
        12 => CustodyEvent::Received {
            from_organization: MND.into(),
        },
        _ => CustodyEvent::Buried {
            cemetery: "Shenyang Martyrs' Cemetery".into(),
            section: "A".into(),
            row: "3".into(),
            plot: format!("{i}"),
        },
    }
}

pub fn draft(i: u64) -> EntryDraft {
    let mut d = EntryDraft::new(1_663_286_400 + i as i64, "Sgt. Park", "Incheon", event(i));
    d.remains = vec![format!("KR-2022-{:04}", i % 88)];
    d.effects = if i.is_multiple_of(2) {
        vec![format!("E-{i}")]
    } else {
        Vec::new()
    };
    d.details = format!("entry {i} — 유해 遗骸");
    d
}

/// `n` entries by MND, with MND rotating its key at entry 5 (if n ≥ 5) and introducing MVA's key
/// at entry 3; MVA signs every 4th entry after that. Returns the chain and the trusted start.
pub fn chain(n: u64) -> (Vec<SignedEntry>, KeyRegistry) {
    let old = key(MND, 1);
    let new = key(MND, 2);
    let mva = key(MVA, 3);
    let start = trusted(&[&old]);
    let mut head = ChainHead::GENESIS;
    let mut out = Vec::new();
    let mut current = old.clone();
    for i in 1..=n {
        let signed = if i == 3 {
            let ev = CustodyEvent::KeyIntroduced {
                organization: MVA.into(),
                key: mva.public_key(),
            };
            head.append(
                EntryDraft::new(1_663_286_400, "admin", "Seoul", ev),
                &current,
            )
        } else if i == 5 {
            let ev = CustodyEvent::KeyRotated {
                new_key: new.public_key(),
            };
            let s = head.append(
                EntryDraft::new(1_663_286_400, "admin", "Seoul", ev),
                &current,
            );
            current = new.clone();
            s
        } else if i > 3 && i.is_multiple_of(4) {
            head.append(draft(i), &mva)
        } else {
            head.append(draft(i), &current)
        };
        out.push(signed);
    }
    (out, start)
}

pub fn manifest() -> Manifest {
    let caskets = vec![
        Casket {
            number: 1,
            remains: vec![ManifestRemains {
                accession: "KR-2022-0001".into(),
                profile: "male, 20–25".into(),
            }],
            effects: vec![
                ManifestEffect {
                    id: "E-1".into(),
                    description: "badge".into(),
                },
                ManifestEffect {
                    id: "E-2".into(),
                    description: "seal 印章".into(),
                },
            ],
        },
        Casket {
            number: 2,
            remains: vec![ManifestRemains {
                accession: "KR-2022-0002".into(),
                profile: "male, 18–22".into(),
            }],
            effects: vec![ManifestEffect {
                id: "E-3".into(),
                description: "button".into(),
            }],
        },
    ];
    Manifest {
        batch_id: "B-2022".into(),
        sequence_number: 9,
        sender: MND.into(),
        receiver: MVA.into(),
        issued_at: 1_663_286_400,
        totals: Totals::of(&caskets),
        caskets,
    }
}
