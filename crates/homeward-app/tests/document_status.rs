//! A batch's signed manifest and receipt, checked once by the app against the keys the store
//! holds: both verify as issued; a receipt signed by a key not held here is `UnknownKey`; a file
//! one byte off its signed form is `Invalid` (and so is a receipt answering such a manifest); a
//! batch with no documents yet has none to check.

use homeward_app::repatriation::{
    DocumentCheck, DocumentStatus, build_manifest, document_status, one_casket_each,
};
use homeward_domain::{BatchState, HandoverCeremony, Transport};
use homeward_ledger::{OrganizationKey, Receipt, sign_manifest, sign_receipt, verify_manifest};
use homeward_store::Store;
use homeward_testkit::batch::{RECEIVER, SENDER, receiver_key, seed_batch, sender_key};
use homeward_testkit::registry::{at, date, fresh_store};

/// Records a receipt for `code` (handed over), signed by `key`, with its text passed through
/// `tamper`, the hash recorded being the signed receipt's own.
async fn receive(
    store: &dyn Store,
    code: &str,
    key: &OrganizationKey,
    tamper: impl Fn(&str) -> String,
) {
    let doc = store
        .batch_document(code, homeward_store::DocumentKind::Manifest)
        .await
        .unwrap()
        .unwrap();
    let manifest = verify_manifest(&doc.text, &sender_key().public_key()).unwrap();
    let receipt = Receipt::inspect(
        &manifest.manifest,
        manifest.hash,
        &manifest.manifest.caskets,
        1_663_300_000,
        "all present",
    );
    let text = tamper(&sign_receipt(&receipt, key).unwrap());
    store
        .receive_batch(code, &text, &receipt.hash().to_hex(), "Col. Lee", at(17))
        .await
        .unwrap();
}

fn invalid_reason(check: &DocumentCheck) -> &str {
    match &check.status {
        DocumentStatus::Invalid { reason } => reason,
        other => panic!("expected the document to be invalid, got {other:?}"),
    }
}

#[tokio::test]
async fn an_issued_manifest_and_its_receipt_both_verify_naming_their_signers() {
    let (_dir, store) = fresh_store().await;
    let seeded = seed_batch(store.as_ref(), BatchState::Received).await;
    let status = document_status(store.as_ref(), &seeded.code).await.unwrap();
    let manifest = status.manifest.expect("the manifest was issued");
    assert_eq!(manifest.status, DocumentStatus::Verified);
    assert_eq!(Some(manifest.sha256), seeded.manifest_sha256);
    assert_eq!(manifest.signer_key_id, seeded.sender_key_id);
    assert_eq!(manifest.signer.as_deref(), Some(SENDER));
    let receipt = status.receipt.expect("the receipt was received");
    assert_eq!(receipt.status, DocumentStatus::Verified);
    assert_eq!(receipt.signer_key_id, seeded.receiver_key_id);
    assert_eq!(receipt.signer.as_deref(), Some(RECEIVER));
}

#[tokio::test]
async fn a_receipt_signed_by_a_key_not_held_here_is_unknown_not_invalid() {
    let (_dir, store) = fresh_store().await;
    let seeded = seed_batch(store.as_ref(), BatchState::HandedOver).await;
    let stranger = OrganizationKey::from_seed(RECEIVER, &[3; 32]);
    receive(store.as_ref(), &seeded.code, &stranger, str::to_owned).await;
    let status = document_status(store.as_ref(), &seeded.code).await.unwrap();
    assert_eq!(status.manifest.unwrap().status, DocumentStatus::Verified);
    let receipt = status.receipt.unwrap();
    assert_eq!(receipt.status, DocumentStatus::UnknownKey);
    assert_eq!(receipt.signer_key_id, stranger.key_id().to_string());
    assert_eq!(receipt.signer, None);
}

#[tokio::test]
async fn a_receipt_one_byte_off_its_signed_form_is_invalid() {
    let (_dir, store) = fresh_store().await;
    let seeded = seed_batch(store.as_ref(), BatchState::HandedOver).await;
    receive(store.as_ref(), &seeded.code, &receiver_key(), |text| {
        text.replacen("all present", "all presenT", 1)
    })
    .await;
    let status = document_status(store.as_ref(), &seeded.code).await.unwrap();
    assert_eq!(status.manifest.unwrap().status, DocumentStatus::Verified);
    let receipt = status.receipt.unwrap();
    assert!(
        invalid_reason(&receipt).contains("receipt"),
        "{receipt:?} names the receipt"
    );
    assert_eq!(receipt.signer.as_deref(), Some(RECEIVER));
}

#[tokio::test]
async fn a_manifest_one_byte_off_is_invalid_and_so_is_the_receipt_that_answers_it() {
    let (_dir, store) = fresh_store().await;
    let seeded = seed_batch(store.as_ref(), BatchState::JointlyVerified).await;
    let s = store.as_ref();
    let record = s.batch(&seeded.code).await.unwrap().unwrap();
    let caskets = one_casket_each(s, &record, 1).await.unwrap();
    s.encoffin_batch(&seeded.code, &caskets, "Col. Lee", at(14))
        .await
        .unwrap();
    let record = s.batch(&seeded.code).await.unwrap().unwrap();
    let manifest = build_manifest(&record, 1_663_200_000);
    let text = sign_manifest(&manifest, &sender_key()).unwrap();
    assert!(text.contains("HW-B-0001"));
    let tampered = text.replacen("HW-B-0001", "HW-B-0007", 1);
    s.issue_batch_manifest(&seeded.code, &tampered, &manifest.hash().to_hex(), at(15))
        .await
        .unwrap();
    let status = document_status(s, &seeded.code).await.unwrap();
    let checked = status.manifest.unwrap();
    assert!(
        invalid_reason(&checked).contains("manifest"),
        "{checked:?} names the manifest"
    );
    assert_eq!(checked.signer.as_deref(), Some(SENDER));
    assert_eq!(status.receipt, None);

    // The receiver countersigns what it was sent; the receipt itself is sound, but the manifest
    // it is checked against is not.
    let ceremony = HandoverCeremony {
        date: date("2022-09-16"),
        place: "Incheon International Airport".into(),
        sending_officials: vec!["Vice Minister Kim".into()],
        receiving_officials: vec!["Vice Minister Chang".into()],
    };
    let transport = Transport {
        carrier: "PLA Air Force".into(),
        aircraft: "Y-20".into(),
        flight: None,
        escort: "J-20 fighters".into(),
        departure_place: "Incheon".into(),
        departure_date: date("2022-09-16"),
        arrival_place: "Shenyang Taoxian".into(),
        arrival_date: date("2022-09-16"),
    };
    s.hand_over_batch(&seeded.code, &ceremony, &transport, "Col. Lee", at(16))
        .await
        .unwrap();
    let receipt = Receipt::inspect(
        &manifest,
        manifest.hash(),
        &manifest.caskets,
        1_663_300_000,
        "",
    );
    let receipt_text = sign_receipt(&receipt, &receiver_key()).unwrap();
    s.receive_batch(
        &seeded.code,
        &receipt_text,
        &receipt.hash().to_hex(),
        "Col. Lee",
        at(17),
    )
    .await
    .unwrap();
    let status = document_status(s, &seeded.code).await.unwrap();
    let receipt = status.receipt.unwrap();
    assert!(
        invalid_reason(&receipt).contains("manifest"),
        "{receipt:?} names the manifest it answers"
    );
    assert_eq!(receipt.signer.as_deref(), Some(RECEIVER));
}

#[tokio::test]
async fn a_planned_batch_has_no_documents_to_check() {
    let (_dir, store) = fresh_store().await;
    let seeded = seed_batch(store.as_ref(), BatchState::Planned).await;
    let status = document_status(store.as_ref(), &seeded.code).await.unwrap();
    assert_eq!(status.manifest, None);
    assert_eq!(status.receipt, None);
}
