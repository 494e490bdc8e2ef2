//! A handover between two instances, one per state, through the built binary: instance A (the
//! sender, KR) plans a batch, verifies, encoffins and writes the signed manifest; the manifest
//! verifies with only A's public key and any one-byte edit fails naming what; instance B (the
//! receiver, CN) imports it and countersigns a receipt recording a missing effect; A verifies the
//! receipt and only then records the batch as received, then buried; both ledgers verify.

use std::path::Path;
use std::process::Output;

use homeward_domain::{EffectDisposition, NewRemainsCase, historical_rok_china_handovers};
use homeward_ledger::{PublicKey, verify_manifest_bytes};
use homeward_testkit::batch::examine_and_determine;
use homeward_testkit::cli::{self, SEEDED, fails, makri_case, makri_site, ok};

const MND: &str = "Ministry of National Defense";
const MVA: &str = "Ministry of Veterans Affairs";

fn homeward(db: &Path, args: &[&str]) -> Output {
    cli::homeward(env!("CARGO_BIN_EXE_homeward"), db, args)
}

/// `homeward manifest verify MANIFEST --key KEY` against `db`.
fn verify(db: &Path, manifest: &str, key: &str) -> Output {
    homeward(db, &["manifest", "verify", manifest, "--key", key])
}

/// `homeward batch receive KR-CN-9 --receipt RECEIPT --key KEY` against `db`.
fn receive(db: &Path, receipt: &str, key: &str) -> Output {
    homeward(
        db,
        &[
            "batch",
            "receive",
            "KR-CN-9",
            "--receipt",
            receipt,
            "--key",
            key,
        ],
    )
}

/// Both organizations; on A, a site and three CPV cases with two effects each that travel and
/// one that is retained.
async fn seed(db: &Path, sender_cases: bool) {
    let store = homeward_store::open(db.to_str().unwrap()).await.unwrap();
    for (name, country) in [(MND, "KR"), (MVA, "CN")] {
        store
            .create_organization(name, country, SEEDED)
            .await
            .unwrap();
    }
    if !sender_cases {
        return;
    }
    let site = store.create_site(&makri_site(), SEEDED).await.unwrap();
    for i in 1..=3 {
        let mut case = NewRemainsCase {
            profile: homeward_domain::BiologicalProfile {
                sex: homeward_domain::SexEstimate::Male,
                age_range: Some((18, 25)),
                stature_range_cm: Some((160, 170)),
            },
            ..makri_case(&format!("HW-{i}"), site)
        };
        case.nationality.nationality = homeward_domain::Nationality::Cpv;
        case.nationality.evidence = "rubber-soled shoes, CPV badge".into();
        let id = homeward_app::remains::accession(&*store, &case, SEEDED)
            .await
            .unwrap();
        examine_and_determine(&*store, id, &case, SEEDED).await;
        for (n, disposition) in [
            (1, EffectDisposition::TravelsWithRemains),
            (2, EffectDisposition::TravelsWithRemains),
            (3, EffectDisposition::Retained),
        ] {
            let effect = homeward_domain::NewPersonalEffect {
                remains: Some(id),
                site: None,
                category: homeward_domain::EffectCategory::Seal,
                description: format!("seal {n} of HW-{i}"),
                inscription: Some("王德明".into()),
                condition: "worn".into(),
                disposition,
            };
            store.record_effect(&effect, SEEDED).await.unwrap();
        }
    }
}

/// Flips the lowest bit of byte `at`.
fn flipped(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut b = bytes.to_vec();
    b[at] ^= 1;
    b
}

#[tokio::test]
async fn a_manifest_from_one_instance_verifies_imports_and_is_received_on_the_other() {
    assert_eq!(historical_rok_china_handovers()[8].remains, 88);
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("kr.db"), dir.path().join("cn.db"));
    seed(&a, true).await;
    seed(&b, false).await;
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let (mnd_pub, mva_pub) = (path("mnd.pub"), path("mva.pub"));
    std::fs::write(
        &mnd_pub,
        ok(homeward(&a, &["ledger", "keygen", "--org", MND])),
    )
    .unwrap();
    std::fs::write(
        &mva_pub,
        ok(homeward(&b, &["ledger", "keygen", "--org", MVA])),
    )
    .unwrap();

    let code = ok(homeward(
        &a,
        &[
            "batch",
            "create",
            "--sender",
            MND,
            "--receiver",
            MVA,
            "--sequence",
            "9",
        ],
    ));
    assert_eq!(code, "KR-CN-9\n");
    ok(homeward(
        &a,
        &["batch", "add", "KR-CN-9", "HW-1", "HW-2", "HW-3"],
    ));
    let err = fails(homeward(&a, &["batch", "encoffin", "KR-CN-9"]));
    assert!(
        err.contains("cannot go from \"planned\" to \"encoffined\""),
        "{err}"
    );
    ok(homeward(
        &a,
        &[
            "batch",
            "verify",
            "KR-CN-9",
            "--sending-expert",
            "Dr. Park",
            "--receiving-expert",
            "Dr. Li",
            "--date",
            "2022-09-01",
        ],
    ));
    ok(homeward(
        &a,
        &["batch", "advance", "KR-CN-9", "jointly_verified"],
    ));
    ok(homeward(
        &a,
        &["batch", "encoffin", "KR-CN-9", "--ceremonial", "1"],
    ));
    let manifest = path("KR-CN-9.manifest.json");
    ok(homeward(
        &a,
        &["batch", "manifest", "KR-CN-9", "--out", &manifest],
    ));
    // Issued once: a second copy is the same bytes.
    let again = ok(homeward(&a, &["batch", "manifest", "KR-CN-9"]));
    let bytes = std::fs::read(&manifest).unwrap();
    assert_eq!(again.as_bytes(), bytes);

    // Verified with only the sender's public key, no store: an empty HOMEWARD_DB location.
    let nowhere = dir.path().join("no-store-here.db");
    let out = ok(verify(&nowhere, &manifest, &mnd_pub));
    assert!(out.contains("3 caskets, 3 remains, 6 effects"), "{out}");
    assert!(!nowhere.exists(), "verify must not create a store");
    let err = fails(verify(&nowhere, &manifest, &mva_pub));
    assert!(err.contains("wrong key"), "{err}");

    // Any one-byte edit fails; a few through the binary, every byte through the library.
    let key = PublicKey::from_text(&std::fs::read_to_string(&mnd_pub).unwrap()).unwrap();
    for at in 0..bytes.len() {
        let err = verify_manifest_bytes(&flipped(&bytes, at), &key)
            .expect_err("a one-byte edit must not verify");
        assert!(!err.to_string().is_empty());
    }
    let text = String::from_utf8(bytes.clone()).unwrap();
    let at = |needle: &str, offset: usize| text.find(needle).unwrap() + offset;
    let signature = at("\"signature\": \"", 14);
    let digit = signature
        + text[signature..]
            .find(|c: char| c.is_ascii_digit())
            .unwrap();
    for (position, words) in [
        (at("\"HW-2\"", 1), "content hashes to"),
        (at("\"remains\": 3", 11), "totals do not add up"),
        (digit, "signature does not verify"),
        (at("\"sequence_number\"", 0) - 1, "manifest: line"),
    ] {
        let edited = path("edited.json");
        std::fs::write(&edited, flipped(&bytes, position)).unwrap();
        let err = fails(verify(&nowhere, &edited, &mnd_pub));
        assert!(err.contains(words), "byte {position}: {err}");
    }

    ok(homeward(
        &a,
        &[
            "batch",
            "handover",
            "KR-CN-9",
            "--date",
            "2022-09-16",
            "--place",
            "Incheon International Airport",
            "--place-in",
            "ko=인천국제공항",
            "--place-in",
            "zh=仁川国际机场",
            "--sending-official",
            "Vice Minister Lee",
            "--receiving-official",
            "Vice Minister Chang",
            "--carrier",
            "PLA Air Force",
            "--aircraft",
            "Y-20",
            "--escort",
            "J-20 fighters",
            "--from",
            "Incheon",
            "--to",
            "Shenyang",
        ],
    ));
    // The ceremony's place kept in the languages given, the original as entered.
    let store_a = homeward_store::open(a.to_str().unwrap()).await.unwrap();
    let handed = store_a
        .batch(&homeward_testkit::key("KR-CN-9"))
        .await
        .unwrap()
        .unwrap();
    let place = handed.ceremony.unwrap().place;
    assert_eq!(place.original, "Incheon International Airport");
    assert_eq!(
        (
            place.ko.as_deref(),
            place.zh.as_deref(),
            place.en.as_deref()
        ),
        (Some("인천국제공항"), Some("仁川国际机场"), None)
    );
    drop(store_a);

    // The receiver imports with the sender's key; a wrong key writes nothing.
    let err = fails(homeward(
        &b,
        &["manifest", "import", &manifest, "--key", &mva_pub],
    ));
    assert!(err.contains("wrong key"), "{err}");
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let first_effect = json["content"]["caskets"][0]["effects"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // `homeward manifest import` on B with the sender's key, writing the receipt to `receipt`.
    let import = |receipt: &str, more: &[&str]| {
        let mut args = vec!["manifest", "import", &manifest, "--key", &mnd_pub];
        args.extend_from_slice(&["--receipt-out", receipt]);
        args.extend_from_slice(more);
        homeward(&b, &args)
    };
    let receipt = path("KR-CN-9.receipt.json");
    let more = [
        "--missing-effect",
        &first_effect,
        "--discrepancy",
        "casket 2: seal cracked",
    ];
    ok(import(&receipt, &more));
    let err = fails(import(&path("again.json"), &[]));
    assert!(
        err.contains("batch KR-CN-9: it was already imported"),
        "{err}"
    );
    let store_b = homeward_store::open(b.to_str().unwrap()).await.unwrap();
    let received = store_b
        .remains_by_accession(&homeward_testkit::key("KR-CN-9-HW-2"))
        .await
        .unwrap()
        .expect("the received case exists");
    assert_eq!(received.case.external_numbers[0].scheme, MND);
    assert_eq!(received.case.external_numbers[0].value, "HW-2");
    assert_eq!(received.case.profile.age_range, Some((18, 25)));
    assert_eq!(store_b.registry_stats().await.unwrap().effects, 5);
    assert_eq!(store_b.all_remains().await.unwrap().len(), 3);
    ok(homeward(&b, &["ledger", "verify"]));

    // Back on A: a tampered receipt or the wrong key changes nothing.
    let receipt_text = std::fs::read_to_string(&receipt).unwrap();
    let forged = path("forged.json");
    std::fs::write(
        &forged,
        receipt_text.replace("seal cracked", "seal crackeD"),
    )
    .unwrap();
    let err = fails(receive(&a, &forged, &mva_pub));
    assert!(err.contains("receipt: content hashes to"), "{err}");
    let err = fails(receive(&a, &receipt, &mnd_pub));
    assert!(err.contains("wrong key"), "{err}");
    let show = ok(homeward(&a, &["batch", "show", "KR-CN-9"]));
    assert!(show.contains(", handed_over"), "{show}");
    let out = ok(receive(&a, &receipt, &mva_pub));
    assert!(
        out.contains("KR-CN-9 received; the receipt records 3 discrepancies"),
        "{out}"
    );
    assert!(
        out.contains(&format!("effect {first_effect} missing from casket 1")),
        "{out}"
    );
    assert!(out.contains("effects: 6 declared, 5 counted"), "{out}");
    assert!(out.contains("note: casket 2: seal cracked"), "{out}");

    ok(homeward(
        &a,
        &[
            "batch",
            "bury",
            "KR-CN-9",
            "--cemetery",
            "Shenyang Cemetery of CPV Martyrs",
            "--section",
            "A",
            "--date",
            "2022-09-17",
        ],
    ));
    let show = ok(homeward(&a, &["batch", "show", "KR-CN-9"]));
    assert!(show.contains(", buried"), "{show}");
    assert!(
        show.contains("3 remains, 3 caskets (1 ceremonial), 6 effects"),
        "{show}"
    );
    let list = ok(homeward(&a, &["batch", "list"]));
    assert!(
        list.contains("KR-CN-9") && list.contains("buried"),
        "{list}"
    );
    let verified = ok(homeward(&a, &["ledger", "verify"]));
    assert!(verified.starts_with("ledger OK"), "{verified}");
}
