//! The store's DNA JSON text and the kinship engine's types, both ways: frequency tables (kept
//! in their file's order, so a stored table is the table imported), profiles (`{marker: [a,
//! b|null]}`, markers sorted), families (the `kinship screen` element rebuilt from the stored
//! pedigree and references), and the CASE.json of one pair that `homeward kinship lr` reads.

use std::collections::BTreeMap;

use homeward_kinship::FrequencyTable;
use homeward_kinship::screen::{self, Family, Profile};
use homeward_store::FamilyRecord;
use serde_json::Value;

use super::DnaError;

/// A profile's allele calls as stored.
type Calls = BTreeMap<String, [Option<String>; 2]>;

/// `{"markers": {M: {allele: frequency}}}` in the table's order (compact).
pub(crate) fn table_to_json(table: &FrequencyTable) -> String {
    format!("{{\"markers\":{}}}", frequencies_object(table))
}

/// `{M: {allele: frequency}}` in the table's order: CASE.json's `frequencies`.
pub(super) fn frequencies_object(table: &FrequencyTable) -> String {
    let mut out = String::from("{");
    for (i, m) in table.markers().iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&Value::from(m.marker()).to_string());
        out.push_str(":{");
        for (k, (name, f)) in m.names().iter().zip(m.freqs()).enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str(&Value::from(name.as_str()).to_string());
            out.push(':');
            out.push_str(&Value::from(*f).to_string());
        }
        out.push('}');
    }
    out.push('}');
    out
}

/// A profile as stored: `{marker: [a, b|null]}`, markers sorted.
pub(super) fn profile_to_json(profile: &Profile) -> String {
    let calls: Calls = profile.iter().cloned().collect();
    serde_json::to_string(&calls).unwrap_or_else(|_| "{}".to_owned())
}

/// A stored profile back as the engine's; `what` names it in an error.
pub(super) fn profile_from_json(text: &str, what: &str) -> Result<Profile, DnaError> {
    let calls: Calls = serde_json::from_str(text)
        .map_err(|e| DnaError::Option(format!("stored profile of {what} is unreadable: {e}")))?;
    Ok(calls.into_iter().collect())
}

/// The stored family as the element of the families JSON `kinship screen` reads.
fn family_element(record: &FamilyRecord) -> Result<Value, DnaError> {
    let stored: Value = serde_json::from_str(&record.pedigree_json).map_err(|e| {
        DnaError::Option(format!(
            "stored pedigree of family {} is unreadable: {e}",
            record.id
        ))
    })?;
    let mut references = serde_json::Map::new();
    for (person, alleles) in &record.references {
        let calls: Value = serde_json::from_str(alleles).map_err(|e| {
            DnaError::Option(format!(
                "stored profile of {}:{person} is unreadable: {e}",
                record.id
            ))
        })?;
        references.insert(person.clone(), calls);
    }
    Ok(serde_json::json!({
        "id": record.id,
        "pedigree": stored["pedigree"],
        "missing": stored["missing"],
        "references": references,
    }))
}

/// The stored families as the engine's, in the store's order.
pub(super) fn families_from_records(records: &[FamilyRecord]) -> Result<Vec<Family>, DnaError> {
    let elements = records
        .iter()
        .map(family_element)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(screen::parse_families_json(
        &Value::Array(elements).to_string(),
    )?)
}

/// CASE.json for one pair — what `homeward kinship lr` reads: the table, the family's
/// pedigree, missing person and references, the remains' profile, and the model
/// (`mutation_json` as `--mutation` takes it, `null` for none).
pub fn case_json(
    table: &FrequencyTable,
    family: &FamilyRecord,
    remains_alleles_json: &str,
    mutation_json: &str,
    theta: f64,
    rare_allele_frequency: Option<f64>,
) -> Result<String, DnaError> {
    let model = (mutation_json, theta, rare_allele_frequency);
    case_json_with(
        &frequencies_object(table),
        family,
        remains_alleles_json,
        model,
    )
}

/// [`case_json`] with the table already written as [`frequencies_object`] (a run writes it
/// once, not once per candidate) and the model as (mutation JSON, θ, rare-allele frequency).
pub(super) fn case_json_with(
    frequencies: &str,
    family: &FamilyRecord,
    remains_alleles_json: &str,
    (mutation_json, theta, rare_allele_frequency): (&str, f64, Option<f64>),
) -> Result<String, DnaError> {
    let element = family_element(family)?;
    let mut out = format!("{{\"frequencies\":{frequencies}");
    for key in ["pedigree", "missing", "references"] {
        out.push_str(&format!(",\"{key}\":{}", element[key]));
    }
    out.push_str(&format!(",\"remains\":{remains_alleles_json}"));
    out.push_str(&format!(",\"mutation\":{mutation_json}"));
    out.push_str(&format!(",\"theta\":{}", Value::from(theta)));
    if let Some(f) = rare_allele_frequency {
        out.push_str(&format!(",\"rare_allele_frequency\":{}", Value::from(f)));
    }
    out.push('}');
    Ok(out)
}
