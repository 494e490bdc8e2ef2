//! Fuzz targets for the API's JSON input types (`src/api/input.rs`): arbitrary bytes and
//! mutations of valid request bodies, read as the `Json` extractor reads them and converted with
//! `into_domain` / `parse` / `apply_to`, never panic; a refused value is a 422 whose message
//! starts with the field at fault. `HOMEWARD_FUZZ_SECONDS=600` runs each for 10 minutes.

#[path = "../../../fuzz/harness.rs"]
mod harness;

use homeward_domain::{RecoverySiteId, RemainsCaseId};
use homeward_web::assessment::dto::{ExaminationInput, NationalityDecisionInput};
use homeward_web::error::{ApiError, ApiResult};
use homeward_web::missing::dto::NewMissingInput;
use homeward_web::remains::input::{NewEffectInput, NewRemainsInput, StatusChangeInput};
use homeward_web::sites::dto::NewSiteInput;
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::json;

const SITE: RecoverySiteId = RecoverySiteId(1);

fn site() -> serde_json::Value {
    json!({"code": "T-001", "name": "Baengma Hill, north slope", "province": "Gangwon",
           "county": "Cheorwon", "latitude": 38.25, "longitude": 127.2, "battle_area": "Baengma",
           "excavation_periods": [{"start": "2019-04-01", "end": "2019-06-30"},
                                  {"start": "2021-09-01"}],
           "team": "MAKRI team 1", "synthetic": true})
}

fn remains() -> serde_json::Value {
    json!({"accession": "HW-T-0001", "site": "T-001", "recovery_date": "2019-05-02",
           "context": "individual_grave",
           "inventory": {"elements": ["cranium", "left femur"], "completeness_pct": 40},
           "profile": {"sex": "male", "age_range": [18, 25], "stature_range_cm": [160, 170]},
           "condition": "fragmentary",
           "nationality": {"nationality": "cpv", "evidence": "rubber-soled shoes",
                           "committee_decision": "RC-2020-1"},
           "storage_location": "vault B",
           "external_numbers": [{"scheme": "LIMS", "value": "L-1"}], "synthetic": true})
}

fn bodies() -> Vec<serde_json::Value> {
    vec![
        site(),
        remains(),
        json!({"accession": "HW-T-0001", "category": "seal", "description": "wooden seal",
               "inscription": "王德明", "condition": "worn", "disposition": "travels_with_remains"}),
        json!({"name_original": "王德明", "name_hanzi": "王德明", "name_pinyin": "Wáng Démíng",
               "name_hangul": "왕덕명", "birth_year": 1930, "date_of_loss": "1951-07",
               "nationality": "cpv", "synthetic": true}),
        json!({"to": "examined", "reason": "anthropology done"}),
        json!({"inventory": {"elements": ["cranium"], "completeness_pct": 35},
               "profile": {"sex": "female", "age_range": [20, 30]}, "condition": "good"}),
        json!({"nationality": "rok", "evidence": "dog tag", "committee_decision": "RC-2021-4"}),
    ]
}

fn seeds() -> Vec<Vec<u8>> {
    bodies()
        .iter()
        .flat_map(|b| {
            [
                b.to_string().into_bytes(),
                serde_json::to_vec_pretty(b).unwrap(),
            ]
        })
        .collect()
}

/// A refusal from the conversion: 422 (or 409 for a domain rule) naming the field first.
fn names_field(err: &ApiError) -> Result<(), TestCaseError> {
    let (field, _) = err
        .message
        .split_once(": ")
        .ok_or_else(|| TestCaseError::fail(format!("no `field: reason` in {:?}", err.message)))?;
    prop_assert!(
        !field.is_empty()
            && field
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.[] ".contains(c)),
        "{:?} does not start with a field",
        err.message
    );
    Ok(())
}

fn check_as<T: DeserializeOwned>(
    bytes: &[u8],
    convert: impl FnOnce(T) -> ApiResult<()>,
) -> Result<(), TestCaseError> {
    // The `Json` extractor reads the body with serde_json; a parse error is its 400/422.
    let Ok(input) = serde_json::from_slice::<T>(bytes) else {
        return Ok(());
    };
    match convert(input) {
        Ok(()) => Ok(()),
        Err(err) => names_field(&err),
    }
}

/// Every input type tries every body: a valid body of one type is a mutated body of another.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    check_as(bytes, |i: NewSiteInput| i.into_domain().map(drop))?;
    check_as(bytes, |i: NewRemainsInput| i.into_domain(SITE).map(drop))?;
    check_as(bytes, |i: NewEffectInput| {
        i.into_domain(Some(RemainsCaseId(1)), None).map(drop)
    })?;
    check_as(bytes, |i: NewEffectInput| {
        i.into_domain(None, Some(SITE)).map(drop)
    })?;
    check_as(bytes, |i: NewMissingInput| i.into_domain().map(drop))?;
    check_as(bytes, |i: StatusChangeInput| i.parse().map(drop))?;
    check_as(bytes, |i: NationalityDecisionInput| {
        i.into_domain().map(drop)
    })?;
    let case = serde_json::from_value::<NewRemainsInput>(remains())
        .unwrap()
        .into_domain(SITE)
        .unwrap();
    check_as(bytes, |i: ExaminationInput| i.apply_to(&case).map(drop))
}

#[test]
fn seeds_are_valid() {
    let b = bodies();
    fn input<T: serde::de::DeserializeOwned>(body: &serde_json::Value) -> T {
        serde_json::from_value(body.clone()).expect("the seed deserializes")
    }
    input::<NewSiteInput>(&b[0]).into_domain().unwrap();
    input::<NewRemainsInput>(&b[1]).into_domain(SITE).unwrap();
    let effect = input::<NewEffectInput>(&b[2]);
    effect.into_domain(Some(RemainsCaseId(1)), None).unwrap();
    input::<NewMissingInput>(&b[3]).into_domain().unwrap();
    input::<StatusChangeInput>(&b[4]).parse().unwrap();
    input::<NationalityDecisionInput>(&b[6])
        .into_domain()
        .unwrap();
}

#[test]
fn api_input() {
    harness::numeric_parser("api_input", seeds(), check);
}
