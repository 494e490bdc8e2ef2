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

/// Whose effects a row of [`TYPICAL`] describes: an army's soldiers, or the stray finds of a site.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Army {
    Cpv,
    Rok,
    Kpa,
    Un,
    Stray,
}

/// What each army's soldiers typically carried, and what lies loose on a site, in the order the
/// seeded draws pick from.
#[rustfmt::skip]
const TYPICAL: &[(Army, EffectCategory, &str)] = &[
    (Army::Cpv, EffectCategory::Shoe, "rubber-soled canvas shoe"),
    (Army::Cpv, EffectCategory::Seal, "wooden personal seal"),
    (Army::Cpv, EffectCategory::Canteen, "enamel canteen"),
    (Army::Cpv, EffectCategory::Pen, "fountain pen"),
    (Army::Cpv, EffectCategory::Badge, "CPV chest badge"),
    (Army::Cpv, EffectCategory::Coin, "copper coin"),
    (Army::Cpv, EffectCategory::UniformItem, "CPV-issue uniform buttons"),
    (Army::Cpv, EffectCategory::Other, "bamboo toothbrush"),
    (Army::Rok, EffectCategory::IdTag, "ROK Army identification tag"),
    (Army::Rok, EffectCategory::Shoe, "US-pattern combat boot"),
    (Army::Rok, EffectCategory::Canteen, "M1910 canteen"),
    (Army::Rok, EffectCategory::Photograph, "photograph in a wallet"),
    (Army::Rok, EffectCategory::Watch, "wristwatch"),
    (Army::Rok, EffectCategory::UniformItem, "belt buckle"),
    (Army::Rok, EffectCategory::Seal, "personal seal (dojang)"),
    (Army::Kpa, EffectCategory::Badge, "KPA belt buckle with star"),
    (Army::Kpa, EffectCategory::UniformItem, "KPA uniform buttons"),
    (Army::Kpa, EffectCategory::Canteen, "aluminium canteen"),
    (Army::Kpa, EffectCategory::Coin, "coin"),
    (Army::Un, EffectCategory::IdTag, "identification tag"),
    (Army::Un, EffectCategory::Watch, "wristwatch"),
    (Army::Un, EffectCategory::Coin, "coin"),
    (Army::Un, EffectCategory::Shoe, "combat boot"),
    (Army::Stray, EffectCategory::Other, "spent M1 cartridge cases"),
    (Army::Stray, EffectCategory::Other, "PPSh-41 drum magazine"),
    (Army::Stray, EffectCategory::UniformItem, "helmet fragment"),
    (Army::Stray, EffectCategory::Canteen, "mess tin fragments"),
];

/// The (category, description) pairs of one army, or of the stray finds.
fn typical(army: Army) -> Vec<Kind> {
    TYPICAL
        .iter()
        .filter(|(a, _, _)| *a == army)
        .map(|&(_, category, description)| (category, description))
        .collect()
}

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
        Nationality::Cpv | Nationality::Undetermined => Army::Cpv,
        Nationality::Rok => Army::Rok,
        Nationality::Kpa => Army::Kpa,
        Nationality::Un(_) => Army::Un,
    };
    let table = typical(table);
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
            let &(category, description) = typical(Army::Stray).choose(rng).expect("not empty");
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
