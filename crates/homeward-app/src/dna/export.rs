//! A run's candidates as CSV or JSON (`homeward candidates export`): one row per candidate,
//! by remains accession, LR descending, with its rank among that remains' families, its LRs,
//! the markers compared, the run and the frequency database that gave them.

use std::io::Write;

use homeward_store::{MatchRun, RunStatus, Store};

use super::DnaError;

/// The columns of the CSV, in order.
const COLUMNS: &str =
    "remains,family,rank,lr,autosomal_lr,y_lr,mt_lr,markers_compared,run,frequencies";

/// CSV or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateFormat {
    /// A header and one row per candidate.
    Csv,
    /// An array of objects (with the per-marker LRs).
    Json,
}

impl CandidateFormat {
    /// `csv` or `json`.
    pub fn from_code(code: &str) -> Result<Self, DnaError> {
        match code {
            "csv" => Ok(CandidateFormat::Csv),
            "json" => Ok(CandidateFormat::Json),
            other => Err(DnaError::Option(format!(
                "--format: \"{other}\" is neither csv nor json"
            ))),
        }
    }
}

/// Writes the candidates of run `run` (default: the last finished run) to `out`; returns the
/// run and how many candidates were written.
pub async fn export_candidates(
    store: &dyn Store,
    run: Option<i64>,
    format: CandidateFormat,
    out: &mut dyn Write,
) -> Result<(MatchRun, usize), DnaError> {
    let runs = store.match_runs().await?;
    let chosen = match run {
        Some(id) => runs
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| DnaError::Option(format!("--run: no match run {id}")))?,
        None => runs
            .into_iter()
            .rev()
            .find(|r| r.status == RunStatus::Finished)
            .ok_or_else(|| {
                DnaError::Option("no finished match run: run `homeward match` first".into())
            })?,
    };
    if chosen.status != RunStatus::Finished {
        return Err(DnaError::Option(format!(
            "match run {} is {}: it has no candidates",
            chosen.id,
            chosen.status.code()
        )));
    }
    let candidates = store.candidates(chosen.id).await?;
    let frequencies = format!("{}@{}", chosen.frequency_name, chosen.frequency_version);
    let io = |e: std::io::Error| DnaError::Option(format!("cannot write the export: {e}"));
    let mut rank = 0;
    let mut rows = Vec::with_capacity(candidates.len());
    for (i, stored) in candidates.iter().enumerate() {
        let c = &stored.candidate;
        rank = if i > 0 && candidates[i - 1].candidate.remains == c.remains {
            rank + 1
        } else {
            1
        };
        rows.push((rank, c));
    }
    match format {
        CandidateFormat::Csv => {
            writeln!(out, "{COLUMNS}").map_err(io)?;
            let opt = |x: Option<f64>| x.map(|v| format!("{v:e}")).unwrap_or_default();
            for (rank, c) in &rows {
                writeln!(
                    out,
                    "{},{},{rank},{:e},{:e},{},{},{},{},{}",
                    quote(&c.remains),
                    quote(&c.family),
                    c.lr,
                    c.autosomal_lr,
                    opt(c.y_lr),
                    opt(c.mt_lr),
                    c.markers_compared,
                    chosen.id,
                    quote(&frequencies),
                )
                .map_err(io)?;
            }
        }
        CandidateFormat::Json => {
            let list: Vec<serde_json::Value> = rows
                .iter()
                .map(|(rank, c)| {
                    let markers: serde_json::Value =
                        serde_json::from_str(&c.marker_lrs_json).unwrap_or_default();
                    serde_json::json!({
                        "remains": c.remains,
                        "family": c.family,
                        "rank": rank,
                        "lr": c.lr,
                        "autosomal_lr": c.autosomal_lr,
                        "y_lr": c.y_lr,
                        "mt_lr": c.mt_lr,
                        "markers_compared": c.markers_compared,
                        "marker_lrs": markers,
                        "run": chosen.id,
                        "frequencies": frequencies,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::Value::Array(list)).map_err(io)?;
        }
    }
    Ok((chosen, rows.len()))
}

/// A CSV cell, quoted when it holds a comma, a quote or a newline.
fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}
