//! Synthetic personal effects: what is typically found with CPV, ROK, KPA and UN soldiers, with
//! inscriptions in their original script, and stray finds kept per site.

use homeward_domain::{
    EffectCategory, EffectDisposition, LifecycleStatus, Nationality, NewPersonalEffect,
    RecoverySiteId, RemainsCaseId,
};
use homeward_store::ImportedEffect;
use rand::Rng;
use rand::seq::IndexedRandom;

use super::names::{chinese_name, korean_name};
use super::plan::Step;

/// (category, description) pairs typical of each army.
pub(super) type Kind = (EffectCategory, &'static str);

/// An effect found with the remains `accession` (no inscription, travelling with the remains).
pub(super) fn effect_of_remains(accession: &str, kind: Kind, condition: String) -> ImportedEffect {
    let (category, description) = kind;
    ImportedEffect {
        accession: Some(accession.to_owned()),
        site_code: None,
        effect: NewPersonalEffect {
            remains: Some(RemainsCaseId(0)),
            site: None,
            category,
            description: description.into(),
            inscription: None,
            condition,
            disposition: EffectDisposition::TravelsWithRemains,
        },
    }
}

const CPV: &[Kind] = &[
    (EffectCategory::Shoe, "rubber-soled canvas shoe"),
    (EffectCategory::Seal, "wooden personal seal"),
    (EffectCategory::Canteen, "enamel canteen"),
    (EffectCategory::Pen, "fountain pen"),
    (EffectCategory::Badge, "CPV chest badge"),
    (EffectCategory::Coin, "copper coin"),
    (EffectCategory::UniformItem, "CPV-issue uniform buttons"),
    (EffectCategory::Other, "bamboo toothbrush"),
];

const ROK: &[Kind] = &[
    (EffectCategory::IdTag, "ROK Army identification tag"),
    (EffectCategory::Shoe, "US-pattern combat boot"),
    (EffectCategory::Canteen, "M1910 canteen"),
    (EffectCategory::Photograph, "photograph in a wallet"),
    (EffectCategory::Watch, "wristwatch"),
    (EffectCategory::UniformItem, "belt buckle"),
    (EffectCategory::Seal, "personal seal (dojang)"),
];

const KPA: &[Kind] = &[
    (EffectCategory::Badge, "KPA belt buckle with star"),
    (EffectCategory::UniformItem, "KPA uniform buttons"),
    (EffectCategory::Canteen, "aluminium canteen"),
    (EffectCategory::Coin, "coin"),
];

const UN: &[Kind] = &[
    (EffectCategory::IdTag, "identification tag"),
    (EffectCategory::Watch, "wristwatch"),
    (EffectCategory::Coin, "coin"),
    (EffectCategory::Shoe, "combat boot"),
];

const STRAY: &[Kind] = &[
    (EffectCategory::Other, "spent M1 cartridge cases"),
    (EffectCategory::Other, "PPSh-41 drum magazine"),
    (EffectCategory::UniformItem, "helmet fragment"),
    (EffectCategory::Canteen, "mess tin fragments"),
];

const CONDITIONS: &[&str] = &["corroded", "worn", "fragmentary", "good", "burnt"];

/// Effects found with a case (none to five).
pub fn case_effects(
    rng: &mut impl Rng,
    accession: &str,
    n: Nationality,
    steps: &[Step],
) -> Vec<ImportedEffect> {
    let identified = steps.iter().any(|s| s.to == LifecycleStatus::Identified);
    let table = match n {
        Nationality::Cpv | Nationality::Undetermined => CPV,
        Nationality::Rok => ROK,
        Nationality::Kpa => KPA,
        Nationality::Un(_) => UN,
    };
    let count = match rng.random_range(0..100) {
        0..25 => 0,
        25..70 => rng.random_range(1..=2),
        _ => rng.random_range(3..=5),
    };
    (0..count)
        .map(|_| {
            let &(category, description) = table.choose(rng).expect("not empty");
            let inscription = inscription(rng, category, n);
            let disposition = match (category, n) {
                (EffectCategory::Photograph | EffectCategory::IdTag, Nationality::Rok)
                    if identified =>
                {
                    EffectDisposition::ReturnedToFamily
                }
                (_, Nationality::Rok) => EffectDisposition::Retained,
                _ if rng.random_bool(0.9) => EffectDisposition::TravelsWithRemains,
                _ => EffectDisposition::Retained,
            };
            let condition = CONDITIONS.choose(rng).expect("not empty").to_string();
            let mut effect = effect_of_remains(accession, (category, description), condition);
            effect.effect.inscription = inscription;
            effect.effect.disposition = disposition;
            effect
        })
        .collect()
}

fn inscription(rng: &mut impl Rng, category: EffectCategory, n: Nationality) -> Option<String> {
    match (category, n) {
        (EffectCategory::Seal, Nationality::Cpv | Nationality::Undetermined) => {
            rng.random_bool(0.7).then(|| chinese_name(rng).hanzi)
        }
        (EffectCategory::Badge, Nationality::Cpv) => Some("中国人民志愿军".into()),
        (EffectCategory::Seal | EffectCategory::IdTag, Nationality::Rok) => Some(format!(
            "{} {:07}",
            korean_name(rng).hangul,
            rng.random_range(100_000..9_999_999)
        )),
        (EffectCategory::IdTag, Nationality::Un(s)) => Some(format!(
            "{} {:08}",
            s.code(),
            rng.random_range(10_000_000..99_999_999)
        )),
        _ => None,
    }
}

/// Stray finds kept per site (none to three), linked to the site only.
pub fn site_effects(rng: &mut impl Rng, site_code: &str) -> Vec<ImportedEffect> {
    (0..rng.random_range(0..=3))
        .map(|_| {
            let &(category, description) = STRAY.choose(rng).expect("not empty");
            ImportedEffect {
                accession: None,
                site_code: Some(site_code.to_owned()),
                effect: NewPersonalEffect {
                    remains: None,
                    site: Some(RecoverySiteId(0)),
                    category,
                    description: description.into(),
                    inscription: None,
                    condition: CONDITIONS.choose(rng).expect("not empty").to_string(),
                    disposition: EffectDisposition::Retained,
                },
            }
        })
        .collect()
}
