//! Pinned test vectors: a fixed entry's canonical encoding, hash and signature from a fixed seed.
//! Any change to the encoding breaks these on purpose: it must become a new version.

mod support;

use homeward_ledger::{
    ChainFault, ContentHash, CustodyEvent, DecodeError, Entry, KeyRegistry, OrganizationKey,
    PublicKey, SignedEntry, verify_chain,
};

fn vector_key() -> OrganizationKey {
    OrganizationKey::from_seed("MND", &[0x42; 32])
}

fn vector_entry() -> Entry {
    let key = vector_key();
    Entry {
        sequence: 7,
        previous_hash: ContentHash([0xab; 32]),
        time: 1_663_286_400,
        signer_key_id: key.key_id(),
        organization: "MND".into(),
        actor: "Park".into(),
        location: "Incheon".into(),
        remains: vec!["KR-0001".into(), "KR-0002".into()],
        effects: vec!["E-1".into()],
        event: CustodyEvent::Transported {
            carrier: "PLAAF".into(),
            vehicle: "Y-20".into(),
            flight: None,
            from: "Incheon".into(),
            to: "沈阳".into(),
        },
        details: "유해".into(),
    }
}

/// Cross-checked once with Python's `hashlib` and `cryptography` (Ed25519PrivateKey).
const ENCODING: &str = "48574c454447455200010000000000000007abababababababababababababababababababababababababababababababab000000006323bc803097e2dee2cb4a34000000034d4e44000000045061726b00000007496e6368656f6e00000002000000074b522d30303031000000074b522d303030320000000100000003452d31000b00000005504c41414600000004592d32300000000007496e6368656f6e00000006e6b288e998b300000006ec9ca0ed95b4";
const HASH: &str = "c594b68417b31d6cb531346353a2a304660d2af5c311c0b3c199c9c98566efe3";
const PUBLIC_KEY: &str =
    "homeward-ed25519 2152f8d19b791d24453242e15f2eab6cb7cffa7b6a5ed30097960e069881db12\n";
const KEY_ID: &str = "3097e2dee2cb4a34";
const SIGNATURE: &str = "0ff302b1373508677c3f9b918f655fa84ec038bc537ecb9ff6240dc68ace884ca03722cf47c792055f7a13098f31af255884f687fbf3db21a62ed219f8672b09";

#[test]
fn the_encoding_hash_key_and_signature_are_pinned() {
    let key = vector_key();
    let entry = vector_entry();
    assert_eq!(hex::encode(entry.encode()), ENCODING);
    assert_eq!(entry.hash().to_hex(), HASH);
    assert_eq!(key.public_key().to_text(""), PUBLIC_KEY);
    assert_eq!(key.key_id().to_string(), KEY_ID);
    let signed = entry.sign(&key).unwrap();
    assert_eq!(signed.signature.to_hex(), SIGNATURE);
}

#[test]
fn the_pinned_vector_verifies_from_text_alone() {
    let bytes = hex::decode(ENCODING).unwrap();
    let entry = Entry::decode(&bytes).unwrap();
    assert_eq!(entry, vector_entry());
    let public = PublicKey::from_text(PUBLIC_KEY).unwrap();
    let signed = SignedEntry {
        entry: Entry {
            sequence: 1,
            previous_hash: ContentHash::GENESIS,
            ..entry
        },
        hash: ContentHash::GENESIS,
        signature: homeward_ledger::Signature::from_hex(SIGNATURE).unwrap(),
    };
    // Re-placed at sequence 1 the stored hash no longer matches: named as an edit.
    let trusted = KeyRegistry::with_trusted([("MND", public)]).unwrap();
    let err = verify_chain(&[signed], &trusted).unwrap_err();
    assert!(matches!(err.fault, ChainFault::Edited { .. }), "{err}");
}

#[test]
fn decoding_refuses_anything_but_the_one_encoding() {
    let bytes = hex::decode(ENCODING).unwrap();
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        Entry::decode(&longer),
        Err(DecodeError::TrailingBytes { extra: 1, .. })
    ));
    assert!(matches!(
        Entry::decode(&bytes[..bytes.len() - 1]),
        Err(DecodeError::Truncated { .. })
    ));
    let mut v2 = bytes.clone();
    v2[9] = 2;
    assert!(matches!(
        Entry::decode(&v2),
        Err(DecodeError::BadMagic { .. })
    ));
    for cut in 0..bytes.len() {
        assert!(
            Entry::decode(&bytes[..cut]).is_err(),
            "prefix of {cut} bytes decoded"
        );
    }
}

#[test]
fn every_event_kind_round_trips() {
    let (chain, _) = support::chain(30);
    let mut kinds = std::collections::BTreeSet::new();
    for signed in &chain {
        let bytes = signed.entry.encode();
        assert_eq!(Entry::decode(&bytes).unwrap(), signed.entry);
        kinds.insert(signed.entry.event.kind());
    }
    assert_eq!(kinds.len(), 16, "kinds exercised: {kinds:?}");
}
