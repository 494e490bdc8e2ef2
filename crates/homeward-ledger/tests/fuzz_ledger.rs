//! Fuzz targets for every text and byte parser of the ledger: entry decoding from stored bytes,
//! public and secret key text, hashes, key ids and signatures in hex, and signed manifest and
//! receipt files. Arbitrary input and mutations of valid encodings never panic: they decode (and
//! then re-encode to the same bytes) or are refused with a typed error naming the byte offset,
//! the line and column, or the field. `HOMEWARD_FUZZ_SECONDS=600` runs each for 10 minutes.

#[path = "../../../fuzz/harness.rs"]
mod harness;
mod support;

use homeward_ledger::{
    ContentHash, DocumentError, Entry, KeyId, OrganizationKey, PublicKey, Receipt, Signature,
    sign_manifest, sign_receipt, verify_manifest, verify_manifest_bytes, verify_receipt,
};
use proptest::prelude::*;

fn entry_seeds() -> Vec<Vec<u8>> {
    let (chain, _) = support::chain(20);
    chain.iter().map(|s| s.entry.encode()).collect()
}

fn check_entry(bytes: &[u8]) -> Result<(), TestCaseError> {
    match Entry::decode(bytes) {
        Ok(entry) => prop_assert_eq!(entry.encode(), bytes, "decode then encode is the identity"),
        Err(err) => harness::names_one_of(&err.to_string(), &["byte "])?,
    }
    Ok(())
}

#[test]
fn entry_decode_arbitrary_bytes() {
    let seeds = entry_seeds();
    // Raw bytes behind a valid magic reach past the first check.
    let magic = seeds[0][..8].to_vec();
    let strategy = (any::<bool>(), harness::bytes()).prop_map(move |(prefix, bytes)| {
        if prefix {
            [magic.clone(), bytes].concat()
        } else {
            bytes
        }
    });
    harness::fuzz("entry_decode_arbitrary_bytes", strategy, |b| {
        check_entry(&b)
    });
}

#[test]
fn entry_decode_mutated_encodings() {
    harness::fuzz(
        "entry_decode_mutated_encodings",
        harness::mutated(entry_seeds()),
        |b| check_entry(&b),
    );
}

fn key_seeds() -> Vec<Vec<u8>> {
    let key = support::key(support::MND, 7);
    let other = support::key("국방부 유해발굴감식단", 8);
    vec![
        key.public_key().to_text(support::MND).into_bytes(),
        key.public_key().to_text("").into_bytes(),
        other.to_secret_text().into_bytes(),
        key.to_secret_text().into_bytes(),
    ]
}

fn check_key_text(bytes: &[u8]) -> Result<(), TestCaseError> {
    let text = harness::text(bytes);
    match PublicKey::from_text(&text) {
        Ok(key) => {
            // The comment is informational: the key itself round-trips exactly.
            prop_assert_eq!(PublicKey::from_text(&key.to_text("x")), Ok(key));
        }
        Err(err) => harness::names_one_of(&err.to_string(), &["key", "hex"])?,
    }
    match OrganizationKey::from_secret_text(&text) {
        Ok(key) => {
            let back = OrganizationKey::from_secret_text(&key.to_secret_text());
            prop_assert_eq!(back.map(|k| k.key_id()), Ok(key.key_id()));
        }
        Err(err) => harness::names_one_of(&err.to_string(), &["key", "hex", "organization"])?,
    }
    for (what, ok) in [
        ("hash", ContentHash::from_hex(&text).map(|h| h.to_hex())),
        ("key id", KeyId::from_hex(&text).map(|k| k.to_string())),
        ("signature", Signature::from_hex(&text).map(|s| s.to_hex())),
    ] {
        match ok {
            Ok(hex) => prop_assert_eq!(hex, text.clone(), "{} round-trips", what),
            Err(err) => harness::names_one_of(&err.to_string(), &[what])?,
        }
    }
    Ok(())
}

#[test]
fn key_text() {
    harness::parser("key_text", key_seeds(), check_key_text);
}

/// Hex of the right length, arbitrary otherwise: off-curve points are refused, never a panic.
#[test]
fn public_key_hex_of_any_32_bytes() {
    harness::fuzz(
        "public_key_hex_of_any_32_bytes",
        any::<[u8; 32]>(),
        |bytes| {
            let text = format!("homeward-ed25519 {}\n", hex_of(&bytes));
            if let Err(err) = PublicKey::from_text(&text) {
                harness::names_one_of(&err.to_string(), &["public key"])?;
            }
            Ok(())
        },
    );
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct Documents {
    manifest: String,
    receipt: String,
    sender: OrganizationKey,
    receiver: OrganizationKey,
}

fn documents() -> Documents {
    let sender = support::key(support::MND, 1);
    let receiver = support::key(support::MVA, 3);
    let manifest = support::manifest();
    let signed = sign_manifest(&manifest, &sender).unwrap();
    let receipt = Receipt::inspect(
        &manifest,
        manifest.hash(),
        &manifest.caskets,
        1_663_300_000,
        "all present",
    );
    let receipt = sign_receipt(&receipt, &receiver).unwrap();
    Documents {
        manifest: signed,
        receipt,
        sender,
        receiver,
    }
}

fn located(err: &DocumentError) -> Result<(), TestCaseError> {
    harness::names_one_of(
        &err.to_string(),
        &[
            "line",
            "field",
            "format",
            "key",
            "hash",
            "signature",
            "totals",
            "more than once",
            "empty",
            "receipt",
            "manifest",
        ],
    )
}

#[test]
fn signed_documents_round_trip() {
    let d = documents();
    let verified = verify_manifest(&d.manifest, &d.sender.public_key()).unwrap();
    assert_eq!(verified.manifest, support::manifest());
    assert_eq!(
        sign_manifest(&verified.manifest, &d.sender).unwrap(),
        d.manifest
    );
    let receipt = verify_receipt(&d.receipt, &d.receiver.public_key(), &verified).unwrap();
    assert_eq!(
        sign_receipt(&receipt.receipt, &d.receiver).unwrap(),
        d.receipt
    );
}

#[test]
fn manifest_file_arbitrary_bytes() {
    let key = documents().sender.public_key();
    harness::fuzz(
        "manifest_file_arbitrary_bytes",
        harness::bytes(),
        move |b| {
            if let Err(err) = verify_manifest_bytes(&b, &key) {
                located(&err)?;
            }
            Ok(())
        },
    );
}

/// Mutations of one signed file: only the signed bytes themselves verify (every byte is
/// covered); anything else is refused naming where.
fn signed_file_mutated(
    target: &str,
    original: String,
    verify: impl Fn(&[u8]) -> Result<(), DocumentError>,
) {
    let seeds = vec![original.clone().into_bytes()];
    harness::fuzz(target, harness::mutated(seeds), move |b| {
        match verify(&b) {
            Ok(()) => prop_assert_eq!(b.as_slice(), original.as_bytes()),
            Err(err) => located(&err)?,
        }
        Ok(())
    });
}

#[test]
fn manifest_file_mutated() {
    let d = documents();
    let key = d.sender.public_key();
    signed_file_mutated("manifest_file_mutated", d.manifest, |b| {
        verify_manifest_bytes(b, &key).map(drop)
    });
}

#[test]
fn receipt_file_mutated() {
    let d = documents();
    let verified = verify_manifest(&d.manifest, &d.sender.public_key()).unwrap();
    let key = d.receiver.public_key();
    signed_file_mutated("receipt_file_mutated", d.receipt, |b| {
        verify_receipt(&harness::text(b), &key, &verified).map(drop)
    });
}
