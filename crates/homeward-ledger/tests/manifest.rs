//! Handover manifests and receipts: signed by one side, verified by the other with only a public
//! key; every failure (edited byte, wrong key, totals, reformatting) is named.

mod support;

use homeward_ledger::{
    ContentError, Discrepancy, DocumentError, Receipt, sign_manifest, sign_receipt,
    verify_manifest, verify_manifest_bytes, verify_receipt,
};
use support::{MND, MVA, key, manifest};

fn signed() -> String {
    sign_manifest(&manifest(), &key(MND, 1)).unwrap()
}

#[test]
fn a_signed_manifest_verifies_with_the_senders_public_key_alone() {
    let text = signed();
    let public =
        homeward_ledger::PublicKey::from_text(&key(MND, 1).public_key().to_text(MND)).unwrap();
    let verified = verify_manifest(&text, &public).unwrap();
    assert_eq!(verified.manifest, manifest());
    assert_eq!(verified.hash, manifest().hash());
    assert_eq!(verified.signer, key(MND, 1).key_id());
    assert!(text.starts_with("{\n  \"format\": \"homeward-manifest/1\",\n  \"content\": {\n"));
    assert!(text.ends_with("}\n"));
}

#[test]
fn the_wrong_key_is_named_with_both_fingerprints() {
    let err = verify_manifest(&signed(), &key(MVA, 3).public_key()).unwrap_err();
    assert_eq!(
        err,
        DocumentError::KeyMismatch {
            document: "manifest",
            file_key: key(MND, 1).key_id(),
            given_key: key(MVA, 3).key_id(),
        }
    );
    let message = err.to_string();
    assert!(message.contains(&key(MND, 1).key_id().to_string()) && message.contains("wrong key"));
}

#[test]
fn totals_that_do_not_add_up_name_the_casket_counts() {
    let text = signed().replace("\"effects\": 3\n", "\"effects\": 4\n");
    let err = verify_manifest(&text, &key(MND, 1).public_key()).unwrap_err();
    let DocumentError::Content(ContentError::Totals {
        declared, counted, ..
    }) = &err
    else {
        panic!("expected a totals error, got {err}");
    };
    assert_eq!((declared.effects, counted.effects), (4, 3));
    assert_eq!(
        err.to_string(),
        "manifest: totals do not add up: declared 2 caskets, 2 remains, 4 effects, but the caskets \
         hold 2 caskets, 2 remains, 3 effects (#1: 1 remains, 2 effects; #2: 1 remains, 1 effects)"
    );
    let mut bad = manifest();
    bad.totals.remains = 88;
    assert!(matches!(
        sign_manifest(&bad, &key(MND, 1)),
        Err(DocumentError::Content(ContentError::Totals { .. }))
    ));
}

#[test]
fn a_changed_accession_number_breaks_the_hash() {
    let text = signed().replace("KR-2022-0002", "KR-2022-0003");
    let err = verify_manifest(&text, &key(MND, 1).public_key()).unwrap_err();
    assert!(matches!(err, DocumentError::HashMismatch { .. }), "{err}");
    assert!(err.to_string().contains("changed after signing"));
}

#[test]
fn a_recomputed_hash_without_the_key_fails_the_signature() {
    let mut m = manifest();
    m.caskets[1].remains[0].accession = "KR-2022-0003".into();
    let original = signed();
    let old_hash = manifest().hash().to_hex();
    let text = original
        .replace("KR-2022-0002", "KR-2022-0003")
        .replace(&old_hash, &m.hash().to_hex());
    let err = verify_manifest(&text, &key(MND, 1).public_key()).unwrap_err();
    assert!(matches!(err, DocumentError::BadSignature { .. }), "{err}");
}

#[test]
fn reformatting_and_unknown_fields_are_refused_with_their_line() {
    let text = signed();
    let compact: String =
        serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&text).unwrap()).unwrap();
    let err = verify_manifest(&compact, &key(MND, 1).public_key()).unwrap_err();
    assert!(
        matches!(
            err,
            DocumentError::NotCanonical {
                line: 1,
                column: 2,
                ..
            }
        ),
        "{err}"
    );
    let extra = text.replacen("\"format\"", "\"comment\": \"hi\",\n  \"format\"", 1);
    let err = verify_manifest(&extra, &key(MND, 1).public_key()).unwrap_err();
    let DocumentError::Parse { line, reason, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(*line, 2);
    assert!(reason.contains("unknown field `comment`"), "{reason}");
    let missing = text.replacen("\"batch_id\": \"B-2022\",\n", "", 1);
    let err = verify_manifest(&missing, &key(MND, 1).public_key()).unwrap_err();
    assert!(
        err.to_string().contains("missing field `batch_id`"),
        "{err}"
    );
}

#[test]
fn the_sender_must_sign_its_own_manifest() {
    let err = sign_manifest(&manifest(), &key(MVA, 3)).unwrap_err();
    assert!(matches!(
        err,
        DocumentError::SignerNotParty { role: "sender", .. }
    ));
}

#[test]
fn every_single_byte_change_is_refused() {
    let text = signed();
    let public = key(MND, 1).public_key();
    let bytes = text.as_bytes();
    let mut refused = 0;
    for i in 0..bytes.len() {
        for flip in [0x01u8, 0x02, 0x20, 0x80] {
            let mut changed = bytes.to_vec();
            changed[i] ^= flip;
            let result = verify_manifest_bytes(&changed, &public);
            assert!(result.is_err(), "byte {i} ^ {flip:#04x} was accepted");
            refused += 1;
        }
    }
    assert_eq!(refused, bytes.len() * 4);
    assert!(verify_manifest_bytes(bytes, &public).is_ok());
    assert!(verify_manifest_bytes(&bytes[..bytes.len() - 1], &public).is_err());
}

#[test]
fn the_receiver_countersigns_a_receipt_naming_discrepancies() {
    let verified = verify_manifest(&signed(), &key(MND, 1).public_key()).unwrap();
    let mut found = verified.manifest.caskets.clone();
    found[0].effects.retain(|e| e.id != "E-2");
    let receipt = Receipt::inspect(
        &verified.manifest,
        verified.hash,
        &found,
        1_663_300_000,
        "seal intact",
    );
    assert_eq!(
        receipt.discrepancies,
        vec![
            Discrepancy::MissingEffect {
                casket: 1,
                effect: "E-2".into()
            },
            Discrepancy::CountDiffers {
                item: "effects".into(),
                declared: 3,
                counted: 2
            },
        ]
    );
    let text = sign_receipt(&receipt, &key(MVA, 3)).unwrap();
    let got = verify_receipt(&text, &key(MVA, 3).public_key(), &verified).unwrap();
    assert_eq!(got.receipt, receipt);
    assert!(text.contains(&verified.hash.to_hex()));
    // Signed by the sender's key instead: refused, naming both keys.
    assert!(matches!(
        verify_receipt(&text, &key(MND, 1).public_key(), &verified),
        Err(DocumentError::KeyMismatch { .. })
    ));
    // Against another manifest: refused.
    let mut other = verified.clone();
    other.hash.0[0] ^= 1;
    assert!(matches!(
        verify_receipt(&text, &key(MVA, 3).public_key(), &other),
        Err(DocumentError::WrongManifest { .. })
    ));
    // The sender cannot sign the receiver's receipt.
    assert!(matches!(
        sign_receipt(&receipt, &key(MND, 1)),
        Err(DocumentError::SignerNotParty {
            role: "receiver",
            ..
        })
    ));
    // A clean receipt has no discrepancies.
    let clean = Receipt::inspect(
        &verified.manifest,
        verified.hash,
        &verified.manifest.caskets,
        0,
        "",
    );
    assert!(clean.discrepancies.is_empty());
}
