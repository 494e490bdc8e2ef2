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

/// The names the search page gives as its examples (王德明, Wang Deming, 왕덕명), on the rolls so
/// that each finds its person: 王德明 recorded in hanzi and pinyin only (the hangul 왕덕명 finds
/// him by the Korean reading of his name), 杨云云, and a ROK soldier in hangul, hanja and Revised
/// Romanization.
pub fn examples() -> Vec<NewMissingPerson> {
    let cpv = |hanzi: &str, pinyin: &str, county: &str, army: u32| NewMissingPerson {
        name_original: hanzi.into(),
        name_hanzi: Some(hanzi.into()),
        name_pinyin: Some(pinyin.into()),
        name_hangul: None,
        name_rr: None,
        birth_year: Some(1928),
        hometown_province: "Sichuan".into(),
        hometown_county: county.into(),
        unit: format!("CPV {} Army", ordinal(army)),
        date_of_loss: PartialDate::parse("1951-05").ok(),
        place_of_loss: "Gapyeong".into(),
        source_record: "Synthetic demo record: the search page's example".into(),
        nationality: Nationality::Cpv,
        synthetic: true,
    };
    vec![
        cpv("王德明", "Wáng Démíng", "Nanchong", 60),
        cpv("杨云云", "Yáng Yúnyún", "Bazhong", 12),
        NewMissingPerson {
            name_original: "김영수".into(),
            name_hanzi: Some("金英洙".into()),
            name_pinyin: None,
            name_hangul: Some("김영수".into()),
            name_rr: Some("Gim Yeong-su".into()),
            birth_year: Some(1930),
            hometown_province: "Gangwon".into(),
            hometown_county: "Hongcheon".into(),
            unit: "ROK 6th Infantry Division, 7th Regiment".into(),
            date_of_loss: PartialDate::parse("1951-04").ok(),
            place_of_loss: "Sachang-ri, Hwacheon".into(),
            source_record: "Synthetic demo record: the search page's example".into(),
            nationality: Nationality::Rok,
            synthetic: true,
        },
    ]
}

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
    fn every_person_shows_its_forms_in_hanzi_hangul_and_latin() {
        use homeward_domain::{FormKind, name_forms};
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut persons = examples();
        persons.extend(missing_persons(&mut rng, 500));
        for p in &persons {
            let kinds: Vec<FormKind> = name_forms(p).forms().iter().map(|f| f.kind).collect();
            let has = |k: FormKind| kinds.contains(&k);
            if p.nationality == Nationality::Cpv {
                // (Wade–Giles too, where it is spelt otherwise than the pinyin.)
                for k in [
                    FormKind::SameCharacters,
                    FormKind::Pinyin,
                    FormKind::KoreanReading,
                ] {
                    assert!(has(k), "{k:?} of {p:?}");
                }
            } else {
                assert!(
                    has(FormKind::Hangul) && has(FormKind::Romanization),
                    "{p:?}"
                );
                assert!(p.name_hangul.is_some(), "{p:?}");
            }
        }
        let wang = name_forms(&examples()[0]);
        let korean: Vec<&str> = wang
            .forms()
            .iter()
            .filter(|f| f.kind == FormKind::KoreanReading)
            .map(|f| f.text.as_str())
            .collect();
        assert_eq!(korean, ["왕덕명"]);
        assert!(wang.forms().iter().any(|f| f.text == "Wang Te-ming"));
    }

    #[test]
    fn every_person_is_valid_synthetic_and_named_in_two_scripts() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let mut persons = missing_persons(&mut rng, 2_000);
        persons.extend(examples());
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
