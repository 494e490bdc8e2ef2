//! A batch's signed manifest and receipt, checked once by the app against the keys the store
//! holds: both verify as issued; a receipt signed by a key not held here is `UnknownKey`; a file
//! one byte off its signed form is `Invalid` (and so is a receipt answering such a manifest); a
//! batch with no documents yet has none to check.

use homeward_app::repatriation::{
    BatchDocumentsStatus, DocumentCheck, DocumentStatus, build_manifest, document_status,
    one_casket_each,
};
use homeward_domain::{BatchCode, BatchState};
use homeward_ledger::{
    Manifest, OrganizationKey, Receipt, sign_manifest, sign_receipt, verify_manifest,
};
use homeward_store::{DocumentKind, Store};
use homeward_testkit::batch::{
    RECEIVER, SENDER, ceremony, receiver_key, seed_batch, sender_key, transport,
};
use homeward_testkit::key;
use homeward_testkit::registry::{at, fresh_store};

/// The checks of batch `code`'s documents.
async fn status_of(store: &dyn Store, code: &str) -> BatchDocumentsStatus {
    document_status(store, &key::<BatchCode>(code))
        .await
        .expect("the documents are read")
}

/// The manifest issued for `code`, as the sender signed it.
async fn issued(store: &dyn Store, code: &BatchCode) -> Manifest {
    let doc = store
        .batch_document(code, DocumentKind::Manifest)
        .await
        .unwrap()
        .unwrap();
    verify_manifest(&doc.text, &sender_key().public_key())
        .unwrap()
        .manifest
}

/// Records a receipt for `code` (handed over) answering `manifest`, signed by `key`, with its
/// text passed through `tamper`; the hash recorded is the signed receipt's own.
async fn receive(
    store: &dyn Store,
    code: &BatchCode,
    manifest: &Manifest,
    key: &OrganizationKey,
    tamper: impl Fn(&str) -> String,
) {
    let caskets = &manifest.caskets;
    let receipt = Receipt::inspect(
        manifest,
        manifest.hash(),
        caskets,
        1_663_300_000,
        "all present",
    );
    let text = tamper(&sign_receipt(&receipt, key).unwrap());
    store
        .receive_batch(code, &text, &receipt.hash().to_hex(), at(17))
        .await
        .unwrap();
}

/// `check` is invalid for a reason that names `what`, and still names its signer.
fn assert_invalid(check: Option<DocumentCheck>, what: &str, signer: &str) {
    let check = check.expect("the document is stored");
    match &check.status {
        DocumentStatus::Invalid { reason } => assert!(reason.contains(what), "{reason}"),
        other => panic!("expected the {what} to be invalid, got {other:?}"),
    }
    assert_eq!(check.signer.as_deref(), Some(signer));
}

#[tokio::test]
async fn an_issued_manifest_and_its_receipt_both_verify_naming_their_signers() {
    let (_dir, store) = fresh_store().await;
    let seeded = seed_batch(store.as_ref(), BatchState::Received).await;
    let status = status_of(store.as_ref(), &seeded.code).await;
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
    let manifest = issued(store.as_ref(), &key::<BatchCode>(&seeded.code)).await;
    receive(
        store.as_ref(),
        &key::<BatchCode>(&seeded.code),
        &manifest,
        &stranger,
        str::to_owned,
    )
    .await;
    let status = status_of(store.as_ref(), &seeded.code).await;
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
    let manifest = issued(store.as_ref(), &key::<BatchCode>(&seeded.code)).await;
    receive(
        store.as_ref(),
        &key::<BatchCode>(&seeded.code),
        &manifest,
        &receiver_key(),
        |text| text.replacen("all present", "all presenT", 1),
    )
    .await;
    let status = status_of(store.as_ref(), &seeded.code).await;
    assert_eq!(status.manifest.unwrap().status, DocumentStatus::Verified);
    assert_invalid(status.receipt, "receipt", RECEIVER);
}

#[tokio::test]
async fn a_manifest_one_byte_off_is_invalid_and_so_is_the_receipt_that_answers_it() {
    let (_dir, store) = fresh_store().await;
    let seeded = seed_batch(store.as_ref(), BatchState::JointlyVerified).await;
    let s = store.as_ref();
    let record = s
        .batch(&key::<BatchCode>(&seeded.code))
        .await
        .unwrap()
        .unwrap();
    let caskets = one_casket_each(s, &record, 1).await.unwrap();
    s.encoffin_batch(&key::<BatchCode>(&seeded.code), &caskets, at(14))
        .await
        .unwrap();
    let record = s
        .batch(&key::<BatchCode>(&seeded.code))
        .await
        .unwrap()
        .unwrap();
    let manifest = build_manifest(&record, 1_663_200_000);
    let text = sign_manifest(&manifest, &sender_key()).unwrap();
    assert!(text.contains("HW-B-0001"));
    let tampered = text.replacen("HW-B-0001", "HW-B-0007", 1);
    s.issue_batch_manifest(
        &key::<BatchCode>(&seeded.code),
        &tampered,
        &manifest.hash().to_hex(),
        at(15),
    )
    .await
    .unwrap();
    let status = status_of(s, &seeded.code).await;
    assert_invalid(status.manifest, "manifest", SENDER);
    assert_eq!(status.receipt, None);

    // The receiver countersigns what it was sent; the receipt itself is sound, but the manifest
    // it is checked against is not.
    s.hand_over_batch(
        &key::<BatchCode>(&seeded.code),
        &ceremony(),
        &transport(),
        at(16),
    )
    .await
    .unwrap();
    receive(
        s,
        &key::<BatchCode>(&seeded.code),
        &manifest,
        &receiver_key(),
        str::to_owned,
    )
    .await;
    let status = status_of(s, &seeded.code).await;
    assert_invalid(status.receipt, "manifest", RECEIVER);
}

#[tokio::test]
async fn a_planned_batch_has_no_documents_to_check() {
    let (_dir, store) = fresh_store().await;
    let seeded = seed_batch(store.as_ref(), BatchState::Planned).await;
    let status = status_of(store.as_ref(), &seeded.code).await;
    assert_eq!(status.manifest, None);
    assert_eq!(status.receipt, None);
}
