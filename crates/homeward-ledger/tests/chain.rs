//! Chain verification: a good chain with a key rotation and introduction verifies; every kind
//! of tampering (edit, delete, reorder, insert, duplicate, wrong key) is named at the right row.

mod support;

use std::sync::OnceLock;

use homeward_ledger::{
    ChainFault, ChainHead, ChainVerifier, ContentHash, CustodyEvent, EntryDraft, KeyFault,
    SignedEntry, verify_chain,
};
use proptest::prelude::*;
use support::{MND, MVA, chain, key, trusted};

fn fixture() -> &'static (Vec<SignedEntry>, homeward_ledger::KeyRegistry) {
    static CHAIN: OnceLock<(Vec<SignedEntry>, homeward_ledger::KeyRegistry)> = OnceLock::new();
    CHAIN.get_or_init(|| chain(24))
}

fn fault_at(entries: &[SignedEntry]) -> (usize, ChainFault) {
    let err = verify_chain(entries, &fixture().1).expect_err("tampering went unnoticed");
    assert_eq!(err.sequence, entries[err.position].entry.sequence);
    (err.position, err.fault)
}

#[test]
fn a_good_chain_verifies_and_replays_its_keys() {
    let (entries, start) = fixture();
    let report = verify_chain(entries, start).unwrap();
    assert_eq!(report.entries, 24);
    assert_eq!(report.signatures_checked, 24);
    assert_eq!(report.head, ChainHead::after(entries.last().unwrap()));
    assert_eq!(
        report.keys.current(MND).unwrap().key.key_id(),
        key(MND, 2).key_id()
    );
    assert_eq!(
        report.keys.get(key(MND, 1).key_id()).unwrap().retired_at,
        Some(5)
    );
    assert_eq!(report.keys.current(MVA).unwrap().valid_from, 4);
    assert!(verify_chain(&[], start).unwrap().head == ChainHead::GENESIS);
}

#[test]
fn the_old_key_cannot_sign_after_its_rotation() {
    let (entries, start) = fixture();
    let mut head = ChainHead::after(entries.last().unwrap());
    let mut longer = entries.clone();
    longer.push(head.append(support::draft(99), &key(MND, 1)));
    let err = verify_chain(&longer, start).unwrap_err();
    assert_eq!(err.position, 24);
    assert_eq!(
        err.fault,
        ChainFault::Key(KeyFault::RetiredKey {
            key_id: key(MND, 1).key_id(),
            retired_at: 5
        })
    );
    assert!(
        err.to_string()
            .starts_with("entry 25 (row 24): signed by key"),
        "{err}"
    );
}

#[test]
fn a_key_cannot_sign_for_another_organization_nor_before_it_is_introduced() {
    let mnd = key(MND, 1);
    let mva = key(MVA, 3);
    let mut head = ChainHead::GENESIS;
    let first = head.append(support::draft(1), &mnd);
    // MVA's key is not trusted at the start: unknown.
    let second = head.append(support::draft(2), &mva);
    let err = verify_chain(&[first.clone(), second], &trusted(&[&mnd])).unwrap_err();
    assert_eq!(
        err.fault,
        ChainFault::Key(KeyFault::UnknownKey {
            key_id: mva.key_id()
        })
    );
    // A key trusted for MVA signing an entry that claims to be MND's.
    let mut head = ChainHead::after(&first);
    let mut entry = head.place(support::draft(2), &mva);
    entry.organization = MND.into();
    let forged = entry.sign(&mva).unwrap();
    head = ChainHead::after(&forged);
    let _ = head;
    let err = verify_chain(&[first, forged], &trusted(&[&mnd, &mva])).unwrap_err();
    assert!(matches!(
        err.fault,
        ChainFault::Key(KeyFault::KeyOfOtherOrganization { .. })
    ));
    assert_eq!(err.position, 1);
}

#[test]
fn verifying_with_the_wrong_trusted_key_names_the_first_entry() {
    let (entries, _) = fixture();
    let stranger = key(MND, 77);
    let err = verify_chain(entries, &trusted(&[&stranger])).unwrap_err();
    assert_eq!(err.position, 0);
    assert_eq!(
        err.fault,
        ChainFault::Key(KeyFault::UnknownKey {
            key_id: key(MND, 1).key_id()
        })
    );
}

#[test]
fn a_bad_signature_deep_in_a_long_chain_is_found_by_the_batch_fallback() {
    let k = key(MND, 1);
    let mut head = ChainHead::GENESIS;
    let mut entries: Vec<SignedEntry> = (0..700)
        .map(|i| head.append(support::draft(i), &k))
        .collect();
    entries[613].signature.0[5] ^= 1;
    entries[655].signature.0[5] ^= 1;
    let trusted = trusted(&[&k]);
    for threads in [1, 2, 3] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let err = pool
            .install(|| verify_chain(&entries, &trusted))
            .unwrap_err();
        assert_eq!(err.position, 613);
        assert_eq!(err.fault, ChainFault::BadSignature { key_id: k.key_id() });
    }
}

/// One way to tamper with rows in the database.
#[derive(Debug, Clone)]
enum Tamper {
    EditField { row: usize, field: usize },
    EditAndRehash { row: usize },
    EditSignature { row: usize, byte: usize },
    Delete { row: usize },
    Swap { row: usize, other: usize },
    InsertForged { row: usize, known_key: bool },
    Duplicate { row: usize },
}

fn tamper() -> impl Strategy<Value = Tamper> {
    prop_oneof![
        (0..24usize, 0..11usize).prop_map(|(row, field)| Tamper::EditField { row, field }),
        (0..24usize).prop_map(|row| Tamper::EditAndRehash { row }),
        (0..24usize, 0..64usize).prop_map(|(row, byte)| Tamper::EditSignature { row, byte }),
        (0..23usize).prop_map(|row| Tamper::Delete { row }),
        (0..24usize, 0..24usize)
            .prop_filter("two rows", |(a, b)| a != b)
            .prop_map(|(a, b)| Tamper::Swap {
                row: a.min(b),
                other: a.max(b)
            }),
        (0..=24usize, any::<bool>())
            .prop_map(|(row, known_key)| Tamper::InsertForged { row, known_key }),
        (0..24usize).prop_map(|row| Tamper::Duplicate { row }),
    ]
}

fn edit_field(e: &mut SignedEntry, field: usize) {
    let entry = &mut e.entry;
    match field {
        0 => entry.sequence += 1,
        1 => entry.previous_hash.0[0] ^= 1,
        2 => entry.time += 1,
        3 => entry.signer_key_id.0[0] ^= 1,
        4 => entry.organization.push('.'),
        5 => entry.actor.push('.'),
        6 => entry.location = "Busan".into(),
        7 => entry.remains.push("KR-2022-9999".into()),
        8 => entry.effects.push("E-forged".into()),
        9 => {
            entry.event = CustodyEvent::Encoffined {
                casket_number: 1000,
            }
        }
        _ => e.hash.0[31] ^= 1,
    }
}

/// Applies `t` and returns the row and fault verification must report.
fn apply(t: &Tamper, rows: &mut Vec<SignedEntry>) -> (usize, ChainFault) {
    match *t {
        Tamper::EditField { row, field } => {
            let before = rows[row].clone();
            edit_field(&mut rows[row], field);
            let edited = &rows[row];
            let fault = ChainFault::Edited {
                stored: edited.hash,
                recomputed: if field == 10 {
                    before.hash
                } else {
                    edited.entry.hash()
                },
            };
            (row, fault)
        }
        Tamper::EditAndRehash { row } => {
            rows[row].entry.details.push_str(" (amended)");
            rows[row].hash = rows[row].entry.hash();
            (
                row,
                ChainFault::BadSignature {
                    key_id: rows[row].entry.signer_key_id,
                },
            )
        }
        Tamper::EditSignature { row, byte } => {
            rows[row].signature.0[byte] ^= 0x10;
            (
                row,
                ChainFault::BadSignature {
                    key_id: rows[row].entry.signer_key_id,
                },
            )
        }
        Tamper::Delete { row } => {
            rows.remove(row);
            let missing = row as u64 + 1;
            (
                row,
                ChainFault::Deleted {
                    first_missing: missing,
                    last_missing: missing,
                },
            )
        }
        Tamper::Swap { row, other } => {
            rows.swap(row, other);
            (
                row,
                ChainFault::Reordered {
                    expected: row as u64 + 1,
                },
            )
        }
        Tamper::InsertForged { row, known_key } => {
            let template = &rows[row.min(rows.len() - 1)].entry;
            let head = if row == 0 {
                ChainHead::GENESIS
            } else {
                ChainHead::after(&rows[row - 1])
            };
            let attacker = key(MND, 666);
            let mut entry = head.place(
                EntryDraft::new(
                    1,
                    "intruder",
                    "nowhere",
                    CustodyEvent::Stored {
                        facility: "x".into(),
                    },
                ),
                &attacker,
            );
            if known_key {
                entry.organization = template.organization.clone();
                entry.signer_key_id = template.signer_key_id;
            }
            let hash = entry.hash();
            let forged = SignedEntry {
                entry,
                hash,
                signature: attacker.sign(&hash.0),
            };
            let at_end = row == rows.len();
            let key_fault = if known_key {
                ChainFault::BadSignature {
                    key_id: forged.entry.signer_key_id,
                }
            } else {
                ChainFault::Key(KeyFault::UnknownKey {
                    key_id: attacker.key_id(),
                })
            };
            rows.insert(row, forged);
            let fault = if at_end {
                key_fault
            } else {
                ChainFault::Inserted {
                    sequence: row as u64 + 1,
                }
            };
            (row, fault)
        }
        Tamper::Duplicate { row } => {
            let copy = rows[row].clone();
            rows.insert(row + 1, copy);
            (
                row + 1,
                ChainFault::Duplicated {
                    sequence: row as u64 + 1,
                },
            )
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_tampering_is_named_at_its_row(t in tamper()) {
        let mut rows = fixture().0.clone();
        let (row, fault) = apply(&t, &mut rows);
        let (got_row, got_fault) = fault_at(&rows);
        prop_assert_eq!((got_row, got_fault), (row, fault));
    }

    #[test]
    fn streamed_verification_finds_the_same_first_bad_row(t in tamper(), piece in 1usize..30) {
        let mut rows = fixture().0.clone();
        let (row, _) = apply(&t, &mut rows);
        let mut verifier = ChainVerifier::new(&fixture().1);
        let err = rows
            .chunks(piece)
            .find_map(|chunk| verifier.push(chunk).err())
            .expect("tampering went unnoticed when streamed");
        prop_assert_eq!(err.position, row);
        prop_assert_eq!(err.sequence, rows[row].entry.sequence);
    }
}

#[test]
fn a_good_chain_streamed_in_any_pieces_gives_the_whole_report() {
    let (entries, start) = fixture();
    let whole = verify_chain(entries, start).unwrap();
    for piece in [1, 5, 7, 24, 100] {
        let mut verifier = ChainVerifier::new(start);
        for chunk in entries.chunks(piece) {
            verifier.push(chunk).unwrap();
        }
        assert_eq!(verifier.entries(), 24);
        assert_eq!(verifier.finish(), whole, "pieces of {piece}");
    }
}

#[test]
fn appending_all_at_once_signs_the_same_entries_as_one_by_one() {
    let k = key(MND, 1);
    let drafts: Vec<EntryDraft> = (1..=40).map(support::draft).collect();
    let mut one_by_one = ChainHead::GENESIS;
    let expected: Vec<SignedEntry> = drafts
        .iter()
        .map(|d| one_by_one.append(d.clone(), &k))
        .collect();
    let mut at_once = ChainHead::GENESIS;
    assert_eq!(at_once.append_all(drafts, &k), expected);
    assert_eq!(at_once, one_by_one);
}

#[test]
fn a_broken_link_is_named() {
    let k = key(MND, 1);
    let mut head = ChainHead::GENESIS;
    let a = head.append(support::draft(1), &k);
    let mut wrong = ChainHead {
        next_sequence: 2,
        previous_hash: ContentHash([7; 32]),
    };
    let b = wrong.append(support::draft(2), &k);
    let err = verify_chain(&[a.clone(), b], &trusted(&[&k])).unwrap_err();
    assert_eq!(
        (err.position, err.fault),
        (
            1,
            ChainFault::BrokenLink {
                expected: a.hash,
                found: ContentHash([7; 32])
            }
        )
    );
}
