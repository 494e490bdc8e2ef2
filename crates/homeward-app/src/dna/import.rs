//! Importing the files of `homeward kinship screen` into the registry, as they are: a frequency
//! table (JSON `{"markers": …}` or the CSV matrix), remains profiles (the long CSV, a sample
//! being a remains case's accession number), and families (the families JSON, with optional
//! `claimed` identity and `roll` link). Each is checked whole before one write; a refusal
//! names the file, line and field, and nothing is written.

use std::collections::BTreeSet;

use homeward_domain::MissingPersonId;
use homeward_kinship::screen::{Family, parse_families_json};
use homeward_kinship::{CaseError, FrequencyTable};
use homeward_store::{
    ClaimedIdentity, FrequencyDatabase, NewFamily, NewFrequencyDatabase, NewRemainsProfile, Store,
    StoreError, WriteContext,
};
use serde_json::Value;

use super::DnaError;
use super::convert::{profile_to_json, table_to_json};
use crate::kinship_input::{
    FrequencyCsvError, RemainsCsvError, parse_frequency_csv, parse_remains_csv_lines,
};

/// Imports a frequency table under `name` (its next version when the name is known). `file`
/// names the input in errors; JSON when it starts with `{`, else the CSV matrix.
pub async fn import_frequencies(
    store: &dyn Store,
    name: &str,
    file: &str,
    text: &str,
    ctx: WriteContext,
) -> Result<FrequencyDatabase, DnaError> {
    let (table, format) = if text.trim_start().starts_with('{') {
        let table =
            FrequencyTable::from_json_str(text).map_err(|e| engine_error(file, "markers", &e))?;
        (table, "json")
    } else {
        let table = parse_frequency_csv(text).map_err(|e| match e {
            FrequencyCsvError::Empty => DnaError::file(file, None, None, e.to_string()),
            FrequencyCsvError::Row { line, reason } => {
                DnaError::file(file, Some(line), None, reason)
            }
            FrequencyCsvError::Cell {
                line,
                marker,
                reason,
            } => DnaError::file(file, Some(line), Some(&marker), reason),
            FrequencyCsvError::Table(e) => DnaError::file(file, None, None, e.to_string()),
        })?;
        (table, "csv")
    };
    let db = NewFrequencyDatabase {
        name: name.to_owned(),
        source_format: format.to_owned(),
        markers_json: table_to_json(&table),
        rare_allele_frequency: None,
    };
    store
        .import_frequency_database(&db, ctx)
        .await
        .map_err(|e| match e {
            StoreError::Domain(e) => DnaError::Option(e.to_string()),
            other => other.into(),
        })
}

/// Imports remains profiles from the long CSV (`sample,marker,allele1,allele2`), each sample a
/// remains case's accession number; returns how many profiles were stored.
pub async fn import_profiles(
    store: &dyn Store,
    file: &str,
    text: &str,
    ctx: WriteContext,
) -> Result<u64, DnaError> {
    let parsed = parse_remains_csv_lines(text).map_err(|e| match e {
        RemainsCsvError::Row { line, reason } => DnaError::file(file, Some(line), None, reason),
        RemainsCsvError::Field {
            line,
            field,
            reason,
        } => DnaError::file(file, Some(line), Some(field), reason),
    })?;
    let profiles: Vec<NewRemainsProfile> = parsed
        .iter()
        .map(|(_, p)| NewRemainsProfile {
            sample: p.id.clone(),
            kit: None,
            alleles_json: profile_to_json(&p.profile),
        })
        .collect();
    let line_of = |sample: &str| {
        parsed
            .iter()
            .find(|(_, p)| p.id == sample)
            .map(|(line, _)| *line)
    };
    store
        .import_remains_profiles(&profiles, ctx)
        .await
        .map_err(|e| match e {
            StoreError::NotFound { key, .. } => DnaError::file(
                file,
                line_of(&key),
                Some("sample"),
                format!(
                    "no remains case \"{key}\" in the registry (a sample is an accession number)"
                ),
            ),
            StoreError::Conflict { key, .. } => DnaError::file(
                file,
                line_of(&key),
                Some("sample"),
                format!("sample \"{key}\" already has a profile in the registry"),
            ),
            other => other.into(),
        })
}

/// The keys a family may have: those `kinship screen` reads, and the registry's own.
const FAMILY_KEYS: [&str; 7] = [
    "id",
    "pedigree",
    "missing",
    "references",
    "description",
    "claimed",
    "roll",
];

/// The keys of a family's `claimed` identity.
const CLAIMED_KEYS: [&str; 4] = ["names", "hometown", "unit", "death"];

/// Imports families from the families JSON (`{"families": [...]}` or `[...]`); returns how many.
pub async fn import_families(
    store: &dyn Store,
    file: &str,
    text: &str,
    ctx: WriteContext,
) -> Result<u64, DnaError> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| DnaError::file(file, Some(e.line() as u64), None, format!("not JSON: {e}")))?;
    let list = match &value {
        Value::Array(list) => list,
        Value::Object(o) => match o.get("families") {
            Some(Value::Array(list)) => list,
            _ => {
                return Err(DnaError::file(
                    file,
                    Some(1),
                    Some("families"),
                    "expected {\"families\": [...]} or [...]",
                ));
            }
        },
        _ => {
            return Err(DnaError::file(
                file,
                Some(1),
                None,
                "expected {\"families\": [...]} or [...]",
            ));
        }
    };
    let mut cursor = 0;
    let mut lines = Vec::with_capacity(list.len());
    let mut families = Vec::with_capacity(list.len());
    let mut seen = BTreeSet::new();
    for (i, element) in list.iter().enumerate() {
        let id = element.get("id").and_then(Value::as_str).unwrap_or("");
        let line = line_of(text, &mut cursor, id);
        let at = |field: &str, reason: String| {
            DnaError::file(
                file,
                Some(line),
                Some(field),
                format!("family {} (\"{id}\"): {reason}", i + 1),
            )
        };
        let family = family_from(element).map_err(|(field, reason)| at(&field, reason))?;
        if !seen.insert(family.id.clone()) {
            return Err(at("id", "given twice in the file".into()));
        }
        lines.push(line);
        families.push(family);
    }
    let line_where =
        |found: &dyn Fn(&NewFamily) -> bool| families.iter().position(found).map(|i| lines[i]);
    store
        .import_families(&families, ctx)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { key, .. } => DnaError::file(
                file,
                line_where(&|f: &NewFamily| f.id == key),
                Some("id"),
                format!("family \"{key}\" is already in the registry"),
            ),
            StoreError::NotFound {
                what: "person on the rolls",
                key,
            } => DnaError::file(
                file,
                line_where(&|f: &NewFamily| {
                    f.missing_person.map(|p| p.0.to_string()) == Some(key.clone())
                }),
                Some("roll"),
                format!("no person {key} on the rolls"),
            ),
            StoreError::Domain(e) => DnaError::file(file, None, None, e.to_string()),
            other => other.into(),
        })
}

/// One family of the file, checked by the engine; a refusal is `(field, reason)`.
fn family_from(element: &Value) -> Result<NewFamily, (String, String)> {
    let object = element.as_object().ok_or_else(|| {
        (
            String::from("id"),
            String::from("a family must be an object"),
        )
    })?;
    if let Some(key) = object.keys().find(|k| !FAMILY_KEYS.contains(&k.as_str())) {
        return Err((key.clone(), "unknown field".into()));
    }
    let id = match object.get("id") {
        Some(Value::String(id)) if !id.trim().is_empty() => id.clone(),
        _ => return Err(("id".into(), "a family needs an id (text)".into())),
    };
    let pedigree = object.get("pedigree").cloned().unwrap_or(Value::Null);
    let missing = object.get("missing").cloned().unwrap_or(Value::Null);
    // The pedigree alone first, so that its errors are named as the pedigree's.
    let shape = serde_json::json!([{"id": id, "pedigree": pedigree, "missing": missing}]);
    engine_family(&shape).map_err(|e| ("pedigree".to_owned(), e.to_string()))?;
    let mut whole = shape.clone();
    if let Some(references) = object.get("references") {
        whole[0]["references"] = references.clone();
    }
    let parsed = engine_family(&whole).map_err(|e| ("references".to_owned(), e.to_string()))?;
    let claimed = match object.get("claimed") {
        None | Some(Value::Null) => ClaimedIdentity::default(),
        Some(Value::Object(c)) => {
            if let Some(key) = c.keys().find(|k| !CLAIMED_KEYS.contains(&k.as_str())) {
                return Err((format!("claimed.{key}"), "unknown field".into()));
            }
            let text = |key: &str| match c.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err((format!("claimed.{key}"), "must be text".to_owned())),
            };
            ClaimedIdentity {
                names: text("names")?,
                hometown: text("hometown")?,
                unit: text("unit")?,
                death: text("death")?,
            }
        }
        Some(_) => return Err(("claimed".into(), "must be an object".into())),
    };
    let missing_person = match object.get("roll") {
        None | Some(Value::Null) => None,
        Some(v) => Some(MissingPersonId(v.as_i64().ok_or_else(|| {
            (
                "roll".to_owned(),
                "must be the id of a person on the rolls".to_owned(),
            )
        })?)),
    };
    Ok(NewFamily {
        id,
        claimed,
        missing_person,
        pedigree_json: serde_json::json!({"pedigree": pedigree, "missing": missing}).to_string(),
        references: parsed
            .references
            .iter()
            .map(|(person, profile)| (person.clone(), profile_to_json(profile)))
            .collect(),
    })
}

/// The engine's reading of a one-family list.
fn engine_family(list: &Value) -> Result<Family, CaseError> {
    let mut families = parse_families_json(&list.to_string())?;
    families.pop().ok_or_else(|| CaseError::Malformed {
        reason: "no family".into(),
    })
}

/// The line (1-based) of the next occurrence of `"id"` after `cursor` (moved past it), or of
/// the cursor when it does not occur.
fn line_of(text: &str, cursor: &mut usize, id: &str) -> u64 {
    let needle = Value::from(id).to_string();
    if let Some(found) = text[*cursor..].find(&needle) {
        *cursor += found + needle.len();
    }
    let upto = (*cursor).min(text.len());
    1 + text[..upto].bytes().filter(|&b| b == b'\n').count() as u64
}

/// An engine refusal of a whole file, with serde's line where its message has one.
fn engine_error(file: &str, field: &str, e: &CaseError) -> DnaError {
    let message = e.to_string();
    let line = message
        .rsplit_once(" at line ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok());
    DnaError::file(file, line, Some(field), message)
}
