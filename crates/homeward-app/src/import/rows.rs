//! One CSV row to one registry record, per kind, checked by the domain's own validation.

use homeward_domain::{
    BiologicalProfile, EffectCategory, EffectDisposition, GazetteerEntry, LifecycleStatus,
    LocalizedName, Nationality, NationalityAssessment, NewMissingPerson, NewPersonalEffect,
    NewRecoverySite, NewRemainsCase, PlaceKind, RecoveryContext, RecoverySiteId, RemainsCaseId,
    SexEstimate, SkeletalInventory,
};
use homeward_store::ImportedEffect;

use super::ImportError;
use super::row::Row;
use crate::columns::{parse_external_numbers, parse_periods};

/// A sites row.
pub(crate) fn site(row: &Row<'_>) -> Result<NewRecoverySite, ImportError> {
    let site = NewRecoverySite {
        code: row.required("code")?,
        name: row.required("name")?,
        province: row.text("province").to_owned(),
        county: row.text("county").to_owned(),
        latitude: row.required_number("latitude")?,
        longitude: row.required_number("longitude")?,
        battle_area: row.text("battle_area").to_owned(),
        excavation_periods: parse_periods(row.text("excavation_periods"))
            .map_err(|r| row.invalid("excavation_periods", r))?,
        team: row.text("team").to_owned(),
        synthetic: row.flag("synthetic")?,
    };
    if site.latitude.is_nan() {
        return Err(row.invalid("latitude", "NaN is not a latitude"));
    }
    if site.longitude.is_nan() {
        return Err(row.invalid("longitude", "NaN is not a longitude"));
    }
    site.validate().map_err(|e| row.domain(e))?;
    Ok(site)
}

/// A remains row: the site's code, the case, and the lifecycle status it is to reach (empty
/// means `recovered`), which the domain must be able to reach from `recovered` given the row's
/// data (e.g. not `nationality_determined` with an undetermined nationality).
pub(crate) fn remains(
    row: &Row<'_>,
) -> Result<(String, NewRemainsCase, LifecycleStatus), ImportError> {
    let site_code = row.required("site_code")?;
    let sex = match row.text("sex") {
        "" => SexEstimate::Indeterminate,
        _ => row.code("sex", SexEstimate::from_code)?,
    };
    let case = NewRemainsCase {
        accession: row.required("accession")?,
        site: RecoverySiteId(0),
        recovery_date: row.date("recovery_date")?,
        context: row.code("context", RecoveryContext::from_code)?,
        inventory: SkeletalInventory {
            elements: row.list("elements"),
            completeness_pct: row.number("completeness_pct")?.unwrap_or(0),
        },
        profile: BiologicalProfile {
            sex,
            age_range: row.range("age_min", "age_max")?,
            stature_range_cm: row.range("stature_min_cm", "stature_max_cm")?,
        },
        condition: row.text("condition").to_owned(),
        nationality: NationalityAssessment {
            nationality: row.code("nationality", Nationality::from_code)?,
            evidence: row.text("nationality_evidence").to_owned(),
            committee_decision: row.opt("committee_decision"),
        },
        storage_location: row.text("storage_location").to_owned(),
        external_numbers: parse_external_numbers(row.text("external_numbers"))
            .map_err(|r| row.invalid("external_numbers", r))?,
        synthetic: row.flag("synthetic")?,
    };
    case.validate().map_err(|e| row.domain(e))?;
    let status = match row.text("status") {
        "" => LifecycleStatus::Recovered,
        _ => row.code("status", LifecycleStatus::from_code)?,
    };
    homeward_domain::import_walk(status, &case)
        .map_err(|e| row.invalid("status", format!("cannot be imported as \"{status}\": {e}")))?;
    Ok((site_code, case, status))
}

/// An effects row, linked to remains by accession number and/or to a site by code.
pub(crate) fn effect(row: &Row<'_>) -> Result<ImportedEffect, ImportError> {
    let accession = row.opt("accession");
    let site_code = row.opt("site_code");
    let effect = NewPersonalEffect {
        remains: accession.as_ref().map(|_| RemainsCaseId(0)),
        site: site_code.as_ref().map(|_| RecoverySiteId(0)),
        category: row.code("category", EffectCategory::from_code)?,
        description: row.required("description")?,
        inscription: row.opt("inscription"),
        condition: row.text("condition").to_owned(),
        disposition: row.code("disposition", EffectDisposition::from_code)?,
    };
    effect.validate().map_err(|e| match e {
        homeward_domain::DomainError::InvalidField {
            field: "remains", ..
        } => row.invalid(
            "accession",
            "an effect needs the accession number of its remains or, failing that, a site_code",
        ),
        other => row.domain(other),
    })?;
    Ok(ImportedEffect {
        accession,
        site_code,
        effect,
    })
}

/// A missing-persons row.
pub(crate) fn missing(row: &Row<'_>) -> Result<NewMissingPerson, ImportError> {
    let person = NewMissingPerson {
        name_original: row.required("name_original")?,
        name_hanzi: row.opt("name_hanzi"),
        name_pinyin: row.opt("name_pinyin"),
        name_hangul: row.opt("name_hangul"),
        name_rr: row.opt("name_rr"),
        birth_year: row.number("birth_year")?,
        hometown_province: row.text("hometown_province").to_owned(),
        hometown_county: row.text("hometown_county").to_owned(),
        unit: row.text("unit").to_owned(),
        date_of_loss: row.partial_date("date_of_loss")?,
        place_of_loss: row.text("place_of_loss").to_owned(),
        source_record: row.text("source_record").to_owned(),
        nationality: row.code("nationality", Nationality::from_code)?,
        synthetic: row.flag("synthetic")?,
    };
    person.validate().map_err(|e| row.domain(e))?;
    Ok(person)
}

/// A names row: one entry of the gazetteer.
pub(crate) fn name(row: &Row<'_>) -> Result<GazetteerEntry, ImportError> {
    let entry = GazetteerEntry {
        kind: row.code("kind", PlaceKind::from_code)?,
        name: LocalizedName {
            ko: row.opt("ko"),
            zh: row.opt("zh"),
            en: row.opt("en"),
            original: row.required("original")?,
        },
    };
    entry.validate().map_err(|e| row.domain(e))?;
    Ok(entry)
}
