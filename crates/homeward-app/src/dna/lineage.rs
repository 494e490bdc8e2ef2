//! Lineage profiles into the registry: Y-STR haplotypes (`sample,locus,alleles`) and mtDNA
//! profiles (`sample,ranges,variants`), each sample a remains case's accession number or a
//! family's reference as `FAMILY:PERSON` (a person of that family's pedigree). Read by
//! [`crate::dna_files`], checked whole, stored in one transaction; a refusal names the file,
//! the line and the field.

use homeward_store::{
    LineageKind, LineageOwner, NewLineageProfile, Store, StoreError, WriteContext,
};
use serde_json::{Map, Value, json};

use super::DnaError;
use crate::dna_files::{DnaFileError, read_mt_csv, read_y_csv};

fn file_error(file: &str, e: DnaFileError) -> DnaError {
    DnaError::File {
        file: file.to_owned(),
        line: Some(e.line),
        field: e.field,
        reason: e.reason,
    }
}

/// The owner a sample names: `FAMILY:PERSON` or an accession number.
fn owner_of(sample: &str) -> LineageOwner {
    match sample.split_once(':') {
        Some((family, person)) => LineageOwner::Reference {
            family: family.to_owned(),
            person: person.to_owned(),
        },
        None => LineageOwner::Remains(sample.to_owned()),
    }
}

/// Imports the Y-STR (`kind` = `YStr`) or mtDNA file; returns how many profiles were stored.
pub async fn import_lineage(
    store: &dyn Store,
    file: &str,
    text: &str,
    kind: LineageKind,
    ctx: WriteContext,
) -> Result<u64, DnaError> {
    // (sample, line, data)
    let rows: Vec<(String, u64, String)> = match kind {
        LineageKind::YStr => read_y_csv(text)
            .map_err(|e| file_error(file, e))?
            .into_iter()
            .map(|(sample, line, loci)| {
                let data: Map<String, Value> = loci
                    .into_iter()
                    .map(|(l, a)| (l, Value::String(a)))
                    .collect();
                (sample, line, Value::Object(data).to_string())
            })
            .collect(),
        LineageKind::Mtdna => read_mt_csv(text)
            .map_err(|e| file_error(file, e))?
            .into_iter()
            .map(|(sample, line, ranges, variants, _)| {
                let data = json!({ "ranges": ranges, "variants": variants });
                (sample, line, data.to_string())
            })
            .collect(),
    };
    let families = store.families().await?;
    for (sample, line, _) in &rows {
        if let LineageOwner::Reference { family, person } = owner_of(sample) {
            let Some(f) = families.iter().find(|f| f.id == family) else {
                continue; // the store refuses it, naming the family
            };
            let pedigree: Value = serde_json::from_str(&f.pedigree_json).unwrap_or(Value::Null);
            let known = pedigree["pedigree"]
                .as_array()
                .is_some_and(|people| people.iter().any(|p| p["id"] == person.as_str()));
            if !known {
                return Err(DnaError::File {
                    file: file.to_owned(),
                    line: Some(*line),
                    field: Some("sample".to_owned()),
                    reason: format!("family {family} has no person \"{person}\" in its pedigree"),
                });
            }
        }
    }
    let profiles: Vec<NewLineageProfile> = rows
        .iter()
        .map(|(sample, _, data)| NewLineageProfile {
            sample: sample.clone(),
            owner: owner_of(sample),
            kind,
            data_json: data.clone(),
        })
        .collect();
    let line_of = |key: &str| {
        rows.iter()
            .find(|(s, ..)| s == key || s.split(':').next() == Some(key))
            .map(|(_, line, _)| *line)
    };
    store
        .import_lineage_profiles(&profiles, ctx)
        .await
        .map_err(|e| match e {
            StoreError::NotFound { what, key } => DnaError::File {
                file: file.to_owned(),
                line: line_of(&key),
                field: Some("sample".to_owned()),
                reason: format!("no {what} \"{key}\" in the registry"),
            },
            StoreError::Conflict { key, .. } => DnaError::File {
                file: file.to_owned(),
                line: line_of(&key),
                field: Some("sample".to_owned()),
                reason: format!("sample \"{key}\" already has a {} profile", kind.code()),
            },
            other => other.into(),
        })
}
