//! Identifier rules (`Identifier::check`) exhaustively over every Unicode scalar value and with
//! proptest: codes are ASCII letters, digits, '-', '_', '.'; names refuse control, format,
//! separator and private-use characters, other spaces, path separators, `..` and non-NFC text;
//! every kind has its length; the demo's formats stay valid; the entities refuse them too.

use homeward_domain::{
    BiologicalProfile, DomainError, Identifier, LifecycleStatus, NationalityAssessment,
    NewRecoverySite, NewRemainsCase, NewUser, RecoveryContext, RecoverySiteId, SexEstimate,
    SkeletalInventory,
};
use proptest::prelude::*;

const CODES: [Identifier; 4] = [
    Identifier::Accession,
    Identifier::SiteCode,
    Identifier::BatchCode,
    Identifier::Username,
];
const NAMES: [Identifier; 2] = [Identifier::TokenLabel, Identifier::OrganizationName];

/// The characters the issue names as look-alikes and direction overrides.
const INVISIBLE: [char; 14] = [
    '\u{200B}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{FEFF}', '\u{00AD}',
];

fn refused(kind: Identifier, value: &str) -> bool {
    match kind.check(value) {
        Ok(()) => false,
        Err(DomainError::InvalidField { field, .. }) => {
            assert_eq!(field, kind.field());
            true
        }
        Err(other) => panic!("{kind:?} {value:?}: unexpected {other}"),
    }
}

fn all_chars() -> impl Iterator<Item = char> {
    (0..=0x10FFFFu32).filter_map(char::from_u32)
}

#[test]
fn codes_accept_exactly_ascii_letters_digits_and_three_marks_at_every_character() {
    for c in all_chars() {
        let expected = c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        let value = format!("A{c}1");
        for kind in CODES {
            assert_eq!(
                !refused(kind, &value),
                expected,
                "{kind:?} with U+{:04X}",
                u32::from(c)
            );
        }
    }
}

#[test]
fn names_refuse_control_format_separators_and_other_spaces_at_every_character() {
    for c in all_chars() {
        let value = format!("Ministry{c}1");
        let bad_class = c.is_control()
            || (c.is_whitespace() && c != ' ')
            || INVISIBLE.contains(&c)
            || (0xE000..=0xF8FF).contains(&u32::from(c))
            || matches!(c, '/' | '\\');
        let denormal = !unicode_normalization::is_nfc(&value);
        for kind in NAMES {
            let got = refused(kind, &value);
            if bad_class || denormal {
                assert!(got, "{kind:?} accepted U+{:04X}", u32::from(c));
            }
            if c.is_alphanumeric() && !denormal {
                assert!(!got, "{kind:?} refused the letter U+{:04X}", u32::from(c));
            }
        }
    }
}

#[test]
fn every_named_invisible_character_is_refused_everywhere_in_every_kind() {
    for kind in Identifier::ALL {
        for c in INVISIBLE {
            for value in [format!("{c}HW-1"), format!("HW{c}-1"), format!("HW-1{c}")] {
                assert!(refused(kind, &value), "{kind:?} accepted {value:?}");
            }
        }
    }
}

#[test]
fn paths_nul_and_dots_are_refused_in_every_kind() {
    for kind in Identifier::ALL {
        for value in [
            "a/b", "a\\b", "..", "a..b", "../etc", "a\0b", "", " ", "\u{0}", "a\nb", "a\tb",
        ] {
            assert!(refused(kind, value), "{kind:?} accepted {value:?}");
        }
    }
    for kind in CODES {
        for value in [
            ".hidden",
            "-flag",
            "_x",
            "HW 1",
            "HW\u{00A0}1",
            "ＨＷ-1",
            "НW-1",
        ] {
            assert!(refused(kind, value), "{kind:?} accepted {value:?}");
        }
    }
    for kind in NAMES {
        for value in [" lead", "trail ", "two  spaces", "a\u{3000}b", "a\u{2028}b"] {
            assert!(refused(kind, value), "{kind:?} accepted {value:?}");
        }
    }
}

#[test]
fn lengths_are_capped_per_kind() {
    for kind in Identifier::ALL {
        let max = kind.max_chars();
        assert!(!refused(kind, &"a".repeat(max)), "{kind:?} at its cap");
        assert!(refused(kind, &"a".repeat(max + 1)), "{kind:?} past its cap");
        assert!(refused(kind, &"a".repeat(20_000)), "{kind:?} 20,000");
    }
    // Names count characters, not bytes: 200 Hangul syllables are 600 bytes.
    assert!(!refused(Identifier::OrganizationName, &"국".repeat(200)));
}

#[test]
fn names_must_be_nfc() {
    // "Á" composed (NFC) and decomposed (NFD); Hangul 한 as one syllable and as jamo.
    assert!(!refused(Identifier::OrganizationName, "Mini\u{00C1}"));
    assert!(refused(Identifier::OrganizationName, "MiniA\u{0301}"));
    assert!(!refused(Identifier::TokenLabel, "\u{D55C}국"));
    assert!(refused(
        Identifier::TokenLabel,
        "\u{1112}\u{1161}\u{11AB}국"
    ));
}

#[test]
fn the_demo_formats_and_real_names_stay_valid() {
    for code in [
        "HW-2019-0001",
        "HW-R9-003",
        "HW-T-0001",
        "T-001",
        "CW-001",
        "RC-2020-1",
    ] {
        assert_eq!(Identifier::Accession.check(code), Ok(()), "{code}");
        assert_eq!(Identifier::SiteCode.check(code), Ok(()), "{code}");
    }
    assert_eq!(Identifier::BatchCode.check("KR-CN-9"), Ok(()));
    for user in ["admin", "kim.anthro", "dna_lab-2"] {
        assert_eq!(Identifier::Username.check(user), Ok(()), "{user}");
    }
    for org in [
        "Ministry of National Defense Agency for KIA Recovery and Identification (MAKRI)",
        "Ministry of Veterans Affairs of the People's Republic of China",
        "국방부 유해발굴감식단",
        "中华人民共和国退役军人事务部",
    ] {
        assert_eq!(Identifier::OrganizationName.check(org), Ok(()), "{org}");
    }
    assert_eq!(
        Identifier::TokenLabel.check("nightly import — 야간"),
        Ok(())
    );
}

fn case(accession: &str) -> NewRemainsCase {
    NewRemainsCase {
        accession: accession.into(),
        site: RecoverySiteId(1),
        recovery_date: homeward_domain::CalendarDate::parse("2019-05-01").unwrap(),
        context: RecoveryContext::IndividualGrave,
        inventory: SkeletalInventory::default(),
        profile: BiologicalProfile {
            sex: SexEstimate::Indeterminate,
            age_range: None,
            stature_range_cm: None,
        },
        condition: String::new(),
        nationality: NationalityAssessment::default(),
        storage_location: String::new(),
        external_numbers: Vec::new(),
        synthetic: true,
    }
}

#[test]
fn the_entities_enforce_their_identifiers() {
    assert_eq!(case("HW-2019-0001").validate(), Ok(()));
    let err = case("HW-2019-0001\u{200B}").validate().unwrap_err();
    assert!(err.to_string().contains("U+200B"), "{err}");
    assert!(case(&"H".repeat(20_000)).validate().is_err());
    assert!(case("../HW").validate().is_err());

    let site = |code: &str| NewRecoverySite {
        code: code.into(),
        name: "Baengma Hill".into(),
        province: String::new(),
        county: String::new(),
        latitude: 38.3,
        longitude: 127.2,
        battle_area: String::new(),
        excavation_periods: Vec::new(),
        team: String::new(),
        synthetic: true,
    };
    assert_eq!(site("T-001").validate(), Ok(()));
    assert!(site("T/001").validate().is_err());
    assert!(site("T-001\u{202E}").validate().is_err());

    let user = |name: &str| NewUser {
        username: name.into(),
        display_name: "Kim".into(),
        role: homeward_domain::Role::Viewer,
        organization: None,
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
    };
    assert_eq!(user("kim").validate(), Ok(()));
    assert!(user("..").validate().is_err());
    assert!(user(".").validate().is_err());
    let _ = LifecycleStatus::Recovered;
}

proptest! {
    #[test]
    fn any_text_is_checked_without_panic_and_what_passes_obeys_the_rules(value in "\\PC{0,80}|.{0,80}") {
        for kind in Identifier::ALL {
            if kind.check(&value).is_ok() {
                prop_assert!(value.chars().count() <= kind.max_chars());
                prop_assert!(value.chars().all(|c| kind.allows(c)));
                prop_assert!(!value.contains(".."));
                prop_assert!(unicode_normalization::is_nfc(&value));
                prop_assert!(!INVISIBLE.iter().any(|c| value.contains(*c)));
                prop_assert!(!value.contains('/') && !value.contains('\\'));
            }
        }
    }

    #[test]
    fn a_valid_code_with_an_invisible_character_anywhere_is_refused(
        code in "[A-Za-z0-9][A-Za-z0-9_-]{0,40}",
        at in 0usize..42,
        which in 0usize..INVISIBLE.len(),
    ) {
        for kind in Identifier::ALL {
            prop_assert!(kind.check(&code).is_ok(), "{:?} refused {}", kind, code);
            let mut chars: Vec<char> = code.chars().collect();
            chars.insert(at.min(chars.len()), INVISIBLE[which]);
            let tampered: String = chars.into_iter().collect();
            prop_assert!(kind.check(&tampered).is_err(), "{:?} accepted {:?}", kind, tampered);
        }
    }
}
