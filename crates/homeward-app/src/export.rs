//! Export of the registry as CSV (the import's own columns, so an export imports back) or JSON
//! (one array of objects with typed values: numbers, booleans, lists).

use std::collections::HashMap;
use std::io::Write;

use homeward_domain::{
    DomainError, GazetteerEntry, LifecycleStatus, MissingPerson, PersonalEffect, RecoverySite,
    RecoverySiteId, RemainsCase, RemainsCaseId,
};
use homeward_store::{Store, StoreError};
use serde_json::{Value, json};

use crate::RecordKind;
use crate::columns::{format_external_numbers, format_periods};

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// CSV with a header row; lists are `;`-separated.
    Csv,
    /// A JSON array of objects.
    Json,
}

impl ExportFormat {
    /// Parses `csv` or `json`.
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        match code.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            other => Err(DomainError::invalid(
                "format",
                format!("\"{other}\" is not csv or json"),
            )),
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the registry failed.
    #[error("cannot read the registry: {0}")]
    Store(#[from] StoreError),
    /// Writing the output failed.
    #[error("cannot write the export: {0}")]
    Io(#[from] std::io::Error),
    /// Writing CSV failed.
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Writing JSON failed.
    #[error("cannot write the JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl ExportError {
    /// Whether the reader of the output went away (e.g. `homeward export … | head`).
    pub fn is_broken_pipe(&self) -> bool {
        use std::io::ErrorKind::BrokenPipe;
        match self {
            ExportError::Io(e) => e.kind() == BrokenPipe,
            ExportError::Csv(e) => {
                matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe)
            }
            ExportError::Json(e) => e.io_error_kind() == Some(BrokenPipe),
            ExportError::Store(_) => false,
        }
    }
}

/// One exported record: its CSV cells (in [`RecordKind::columns`] order) and its JSON object.
struct Record {
    cells: Vec<String>,
    json: Value,
}

/// Writes every record of `kind` to `out`; returns how many.
pub async fn export(
    store: &dyn Store,
    kind: RecordKind,
    format: ExportFormat,
    out: &mut dyn Write,
) -> Result<u64, ExportError> {
    let records = collect(store, kind).await?;
    match format {
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(kind.columns())?;
            for r in &records {
                w.write_record(&r.cells)?;
            }
            w.flush()?;
        }
        ExportFormat::Json => {
            let all: Vec<&Value> = records.iter().map(|r| &r.json).collect();
            serde_json::to_writer_pretty(&mut *out, &all)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(records.len() as u64)
}

async fn collect(store: &dyn Store, kind: RecordKind) -> Result<Vec<Record>, StoreError> {
    let sites: Vec<RecoverySite> = store.sites().await?.into_iter().map(|s| s.site).collect();
    let codes: HashMap<RecoverySiteId, String> =
        sites.iter().map(|s| (s.id, s.site.code.clone())).collect();
    let code_of = |id: RecoverySiteId| codes.get(&id).cloned().unwrap_or_default();
    Ok(match kind {
        RecordKind::Sites => sites.iter().map(site).collect(),
        RecordKind::Remains => store
            .all_remains()
            .await?
            .iter()
            .map(|c| remains(c, &code_of(c.case.site)))
            .collect(),
        RecordKind::Effects => {
            let accessions: HashMap<RemainsCaseId, String> = store
                .all_remains()
                .await?
                .into_iter()
                .map(|c| (c.id, c.case.accession))
                .collect();
            store
                .all_effects()
                .await?
                .iter()
                .map(|e| {
                    let accession = e
                        .effect
                        .remains
                        .and_then(|r| accessions.get(&r).cloned())
                        .unwrap_or_default();
                    let site = e.effect.site.map(code_of).unwrap_or_default();
                    effect(e, &accession, &site)
                })
                .collect()
        }
        RecordKind::Missing => store.all_missing().await?.iter().map(missing).collect(),
        RecordKind::Names => store
            .gazetteer()
            .await?
            .entries()
            .iter()
            .map(name)
            .collect(),
    })
}

fn site(s: &RecoverySite) -> Record {
    let s = &s.site;
    Record {
        cells: vec![
            s.code.clone(),
            s.name.clone(),
            s.province.clone(),
            s.county.clone(),
            s.latitude.to_string(),
            s.longitude.to_string(),
            s.battle_area.clone(),
            format_periods(&s.excavation_periods),
            s.team.clone(),
            s.synthetic.to_string(),
        ],
        json: json!({
            "code": s.code, "name": s.name, "province": s.province, "county": s.county,
            "latitude": s.latitude, "longitude": s.longitude, "battle_area": s.battle_area,
            "excavation_periods": s.excavation_periods.iter().map(|p| json!({
                "start": p.start.to_string(), "end": p.end.map(|e| e.to_string()),
            })).collect::<Vec<_>>(),
            "team": s.team, "synthetic": s.synthetic,
        }),
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn remains(c: &RemainsCase, site_code: &str) -> Record {
    let status: LifecycleStatus = c.status;
    let r = &c.case;
    let p = &r.profile;
    let n = &r.nationality;
    Record {
        cells: vec![
            r.accession.clone(),
            site_code.to_owned(),
            r.recovery_date.to_string(),
            r.context.code().to_owned(),
            r.inventory.elements.join(";"),
            r.inventory.completeness_pct.to_string(),
            p.sex.code().to_owned(),
            opt(p.age_range.map(|a| a.0)),
            opt(p.age_range.map(|a| a.1)),
            opt(p.stature_range_cm.map(|s| s.0)),
            opt(p.stature_range_cm.map(|s| s.1)),
            r.condition.clone(),
            n.nationality.code(),
            n.evidence.clone(),
            n.committee_decision.clone().unwrap_or_default(),
            r.storage_location.clone(),
            format_external_numbers(&r.external_numbers),
            r.synthetic.to_string(),
            status.code().to_owned(),
        ],
        json: json!({
            "accession": r.accession, "site_code": site_code,
            "recovery_date": r.recovery_date.to_string(), "context": r.context.code(),
            "elements": r.inventory.elements, "completeness_pct": r.inventory.completeness_pct,
            "sex": p.sex.code(), "age_range": p.age_range, "stature_range_cm": p.stature_range_cm,
            "condition": r.condition, "nationality": n.nationality.code(),
            "nationality_evidence": n.evidence, "committee_decision": n.committee_decision,
            "storage_location": r.storage_location,
            "external_numbers": r.external_numbers.iter()
                .map(|e| json!({"scheme": e.scheme, "value": e.value})).collect::<Vec<_>>(),
            "synthetic": r.synthetic, "status": status.code(),
        }),
    }
}

fn effect(e: &PersonalEffect, accession: &str, site_code: &str) -> Record {
    let e = &e.effect;
    Record {
        cells: vec![
            accession.to_owned(),
            site_code.to_owned(),
            e.category.code().to_owned(),
            e.description.clone(),
            e.inscription.clone().unwrap_or_default(),
            e.condition.clone(),
            e.disposition.code().to_owned(),
        ],
        json: json!({
            "accession": accession, "site_code": (!site_code.is_empty()).then_some(site_code),
            "category": e.category.code(), "description": e.description,
            "inscription": e.inscription, "condition": e.condition,
            "disposition": e.disposition.code(),
        }),
    }
}

fn missing(m: &MissingPerson) -> Record {
    let p = &m.person;
    Record {
        cells: vec![
            p.name_original.clone(),
            p.name_hanzi.clone().unwrap_or_default(),
            p.name_pinyin.clone().unwrap_or_default(),
            p.name_hangul.clone().unwrap_or_default(),
            p.name_rr.clone().unwrap_or_default(),
            opt(p.birth_year),
            p.hometown_province.clone(),
            p.hometown_county.clone(),
            p.unit.clone(),
            opt(p.date_of_loss),
            p.place_of_loss.clone(),
            p.source_record.clone(),
            p.nationality.code(),
            p.synthetic.to_string(),
        ],
        json: json!({
            "id": m.id.0, "name_original": p.name_original, "name_hanzi": p.name_hanzi,
            "name_pinyin": p.name_pinyin, "name_hangul": p.name_hangul, "name_rr": p.name_rr,
            "birth_year": p.birth_year, "hometown_province": p.hometown_province,
            "hometown_county": p.hometown_county, "unit": p.unit,
            "date_of_loss": p.date_of_loss.map(|d| d.to_string()),
            "place_of_loss": p.place_of_loss, "source_record": p.source_record,
            "nationality": p.nationality.code(), "synthetic": p.synthetic,
        }),
    }
}

fn name(e: &GazetteerEntry) -> Record {
    let n = &e.name;
    Record {
        cells: vec![
            e.kind.code().to_owned(),
            n.original.clone(),
            n.ko.clone().unwrap_or_default(),
            n.zh.clone().unwrap_or_default(),
            n.en.clone().unwrap_or_default(),
        ],
        json: json!({
            "kind": e.kind.code(), "original": n.original,
            "ko": n.ko, "zh": n.zh, "en": n.en,
        }),
    }
}
