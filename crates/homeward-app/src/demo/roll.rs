//! The synthetic rolls of the missing: CPV soldiers with hanzi names and pinyin, ROK soldiers
//! with hangul (and often hanja) names and Revised Romanization, a few KPA soldiers.

use homeward_domain::{CalendarDate, Nationality, NewMissingPerson, PartialDate};
use rand::Rng;
use rand::seq::IndexedRandom;

use super::names::{chinese_name, korean_name};
use super::places::{
    BATTLE_AREAS, BattleArea, CN_HOMETOWNS, CPV_ARMIES, Hometown, KP_HOMETOWNS, KR_HOMETOWNS,
    ROK_DIVISIONS, ordinal,
};

/// `count` synthetic persons: about 60% CPV, 35% ROK, 5% KPA.
pub fn missing_persons(rng: &mut impl Rng, count: usize) -> Vec<NewMissingPerson> {
    (0..count).map(|_| missing_person(rng)).collect()
}

/// One synthetic person.
pub fn missing_person(rng: &mut impl Rng) -> NewMissingPerson {
    let area = BATTLE_AREAS.choose(rng).expect("table is not empty");
    let date_of_loss = loss_date(rng, area);
    let birth_year = Some(rng.random_range(1918..=1934));
    let roll = rng.random_range(0..100);
    let synthetic_source = |what: String| format!("Synthetic demo record: {what}");
    if roll < 60 {
        let name = chinese_name(rng);
        let (province, county) = pick(rng, CN_HOMETOWNS);
        let army = *CPV_ARMIES.choose(rng).expect("table is not empty");
        let division = 3 * army - 2 + rng.random_range(0..3);
        let regiment = 3 * division - 2 + rng.random_range(0..3);
        NewMissingPerson {
            name_original: name.hanzi.clone(),
            name_hanzi: Some(name.hanzi),
            name_pinyin: Some(name.pinyin),
            name_hangul: None,
            name_rr: None,
            birth_year,
            hometown_province: province.into(),
            hometown_county: county.into(),
            unit: format!(
                "CPV {} Army, {} Division, {} Regiment",
                ordinal(army),
                ordinal(division),
                ordinal(regiment)
            ),
            date_of_loss,
            place_of_loss: format!("{}, {}", area.name, area.county),
            source_record: synthetic_source(format!(
                "CPV martyrs' register, {} Army, vol. {}, p. {}",
                ordinal(army),
                rng.random_range(1..=12),
                rng.random_range(1..=400)
            )),
            nationality: Nationality::Cpv,
            synthetic: true,
        }
    } else {
        let name = korean_name(rng);
        let kpa = roll >= 95;
        let (province, county) = pick(rng, if kpa { KP_HOMETOWNS } else { KR_HOMETOWNS });
        let (unit, nationality, source) = if kpa {
            let corps = rng.random_range(1..=7);
            let unit = format!(
                "KPA {corps} Corps, {} Division",
                ordinal(rng.random_range(1..=47))
            );
            (
                unit,
                Nationality::Kpa,
                "captured KPA personnel register".to_owned(),
            )
        } else {
            let division = *ROK_DIVISIONS.choose(rng).expect("table is not empty");
            let name = if division == 0 {
                "Capital".to_owned()
            } else {
                ordinal(division)
            };
            let unit = format!(
                "ROK {name} Infantry Division, {} Regiment",
                ordinal(rng.random_range(1..=32))
            );
            let source = format!(
                "ROK Army killed-in-action register, no. {}",
                rng.random_range(10_000..99_999)
            );
            (unit, Nationality::Rok, source)
        };
        let with_hanja = !kpa && rng.random_bool(0.6);
        NewMissingPerson {
            name_original: name.hangul.clone(),
            name_hanzi: with_hanja.then_some(name.hanja),
            name_pinyin: None,
            name_hangul: Some(name.hangul),
            name_rr: Some(name.rr),
            birth_year,
            hometown_province: province.into(),
            hometown_county: county.into(),
            unit,
            date_of_loss,
            place_of_loss: format!("{}, {}", area.name, area.county),
            source_record: synthetic_source(source),
            nationality,
            synthetic: true,
        }
    }
}

fn pick(rng: &mut impl Rng, table: &[Hometown]) -> Hometown {
    *table.choose(rng).expect("table is not empty")
}

/// A date in the area's heaviest fighting, known to the day, the month, or only the year.
fn loss_date(rng: &mut impl Rng, area: &BattleArea) -> Option<PartialDate> {
    let (year, first, last) = area.fighting;
    let month = rng.random_range(first..=last);
    let day = rng.random_range(1..=28);
    let full = CalendarDate::new(year, month, day).ok()?;
    let text = match rng.random_range(0..10) {
        0 => return None,
        1..=2 => format!("{year}"),
        3..=5 => format!("{year}-{month:02}"),
        _ => full.to_string(),
    };
    PartialDate::parse(&text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn every_person_is_valid_synthetic_and_named_in_two_scripts() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let persons = missing_persons(&mut rng, 2_000);
        let cpv = persons
            .iter()
            .filter(|p| p.nationality == Nationality::Cpv)
            .count();
        assert!((1_000..1_400).contains(&cpv), "{cpv}");
        for p in &persons {
            assert_eq!(p.validate(), Ok(()), "{p:?}");
            assert!(p.synthetic);
            assert!(p.name_forms().len() >= 2, "{p:?}");
        }
    }
}
