//! CSV import of sites, remains, effects and missing persons, all-or-nothing.
//!
//! Every row of every file is parsed and checked (domain validation, then references: a remains
//! case's site code must exist in the store or in the import, accession numbers must be new and
//! unique) before anything is written; then one `Store::import_batch` writes it all in one
//! transaction. The first bad value is reported as [`ImportError::InvalidField`] with its file,
//! physical line (the header is line 1) and column, and nothing is written. A remains row's
//! `status` is applied in the same transaction: the store walks the domain's legal path from
//! `recovered` to it, recording each step with the reason "imported"; a status the row's data
//! cannot reach is refused at parse time under the field `status`, and so is a status that rests
//! on a record an import cannot carry (`homeward_domain::import_walk`: an identification, a
//! repatriation batch, its handover, a burial; `examined` needs the row's inventory).

mod bounded;
mod error;
mod row;
mod rows;

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use homeward_domain::{Accession, LifecycleStatus, SiteCode};
use homeward_store::{ImportBatch, ImportSummary, Store, WriteContext};

pub use bounded::{MAX_FIELD_BYTES, MAX_ROW_BYTES};
pub use error::ImportError;
use row::{Header, Row};

use crate::RecordKind;

/// Where a row came from.
#[derive(Debug, Clone, Copy)]
struct Origin {
    /// Index into [`ImportPlan::files`].
    file: usize,
    /// Physical line.
    line: u64,
}

/// What an import wrote, and anything the user should know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOutcome {
    /// Rows written per kind.
    pub summary: ImportSummary,
    /// Remarks (e.g. how many cases were moved along the lifecycle to their imported status).
    pub notes: Vec<String>,
}

/// One or more parsed files waiting to be checked and written as one batch.
#[derive(Debug, Default)]
pub struct ImportPlan {
    files: Vec<String>,
    batch: ImportBatch,
    sites: Vec<Origin>,
    remains: Vec<Origin>,
    effects: Vec<Origin>,
}

impl ImportPlan {
    /// An empty plan.
    pub fn new() -> Self {
        Self::default()
    }

    /// The rows parsed so far.
    pub fn batch(&self) -> &ImportBatch {
        &self.batch
    }

    /// How many rows the plan holds.
    pub fn rows(&self) -> usize {
        let b = &self.batch;
        b.sites.len() + b.remains.len() + b.effects.len() + b.missing.len()
    }

    /// Reads and parses a file; `kind` `None` tells the kind from the header.
    pub fn add_file(
        &mut self,
        kind: Option<RecordKind>,
        path: &Path,
    ) -> Result<RecordKind, ImportError> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| ImportError::Io {
            file: name.clone(),
            source,
        })?;
        self.add_csv(kind, &name, std::io::BufReader::new(file))
    }

    /// Parses CSV text named `file` (for messages). On error the plan is unchanged.
    pub fn add_csv(
        &mut self,
        kind: Option<RecordKind>,
        file: &str,
        reader: impl Read,
    ) -> Result<RecordKind, ImportError> {
        let malformed = |e: csv::Error,
                         cut: Option<bounded::Overflow>,
                         names: Option<&csv::StringRecord>| {
            match cut {
                Some(cut) => ImportError::InvalidField {
                    file: file.to_owned(),
                    line: cut.line,
                    field: match names {
                        Some(names) if cut.line > 1 => names
                            .get(cut.column)
                            .map_or_else(|| format!("column {}", cut.column + 1), str::to_owned),
                        _ => format!("header, column {}", cut.column + 1),
                    },
                    reason: cut.reason(),
                },
                None => ImportError::Malformed {
                    file: file.to_owned(),
                    line: e.position().map_or(1, csv::Position::line),
                    reason: e.to_string(),
                },
            }
        };
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(bounded::Bounded::new(reader));
        let names = match csv.headers() {
            Ok(names) => names.clone(),
            Err(e) => return Err(malformed(e, csv.get_ref().overflow(), None)),
        };
        if names.iter().all(|h| h.trim().is_empty()) {
            return Err(ImportError::Header {
                file: file.to_owned(),
                reason: "the file is empty: a header row naming the columns is required".into(),
            });
        }
        let kind = match kind {
            Some(k) => k,
            None => RecordKind::detect(names.iter()).ok_or_else(|| ImportError::UnknownKind {
                file: file.to_owned(),
            })?,
        };
        let header = Header::new(file, &names, kind.columns(), kind.required_columns())?;
        let file_index = self.files.len();
        let mut part = ImportPlan::default();
        let mut record = csv::StringRecord::new();
        loop {
            match csv.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(malformed(e, csv.get_ref().overflow(), Some(&names))),
            }
            let line = record.position().map_or(0, csv::Position::line);
            let row = Row {
                file,
                line,
                header: &header,
                record: &record,
            };
            let origin = Origin {
                file: file_index,
                line,
            };
            match kind {
                RecordKind::Sites => {
                    part.batch.sites.push(rows::site(&row)?);
                    part.sites.push(origin);
                }
                RecordKind::Remains => {
                    let (code, case, status) = rows::remains(&row)?;
                    if status != LifecycleStatus::Recovered {
                        part.batch.statuses.insert(case.accession.clone(), status);
                    }
                    part.batch.remains.push((code, case));
                    part.remains.push(origin);
                }
                RecordKind::Effects => {
                    part.batch.effects.push(rows::effect(&row)?);
                    part.effects.push(origin);
                }
                RecordKind::Missing => part.batch.missing.push(rows::missing(&row)?),
                RecordKind::Names => part.batch.names.push(rows::name(&row)?),
            }
        }
        self.files.push(file.to_owned());
        self.batch.sites.append(&mut part.batch.sites);
        self.batch.remains.append(&mut part.batch.remains);
        self.batch.effects.append(&mut part.batch.effects);
        self.batch.missing.append(&mut part.batch.missing);
        self.batch.names.append(&mut part.batch.names);
        self.sites.append(&mut part.sites);
        self.remains.append(&mut part.remains);
        self.effects.append(&mut part.effects);
        self.batch.statuses.append(&mut part.batch.statuses);
        Ok(kind)
    }

    fn invalid(&self, at: Origin, field: &str, reason: String) -> ImportError {
        ImportError::InvalidField {
            file: self.files[at.file].clone(),
            line: at.line,
            field: field.to_owned(),
            reason,
        }
    }

    /// Records that `key` (`what` names its kind, in column `field`) is on the row at `at`;
    /// a second row with it is refused, naming where the first one is.
    fn first_time<'a>(
        &self,
        seen: &mut HashMap<&'a str, Origin>,
        key: &'a str,
        at: Origin,
        (field, what): (&str, &str),
    ) -> Result<(), ImportError> {
        match seen.insert(key, at) {
            Some(first) => {
                let reason = format!(
                    "{what} \"{key}\" appears twice (first on line {} of {})",
                    first.line, self.files[first.file]
                );
                Err(self.invalid(at, field, reason))
            }
            None => Ok(()),
        }
    }

    /// Checks the references of every row against the store and the plan itself.
    pub async fn check(&self, store: &dyn Store) -> Result<(), ImportError> {
        let mut new_sites: HashMap<&str, Origin> = HashMap::new();
        for (site, &at) in self.batch.sites.iter().zip(&self.sites) {
            self.first_time(&mut new_sites, &site.code, at, ("code", "site"))?;
            if site_stored(store, &site.code).await? {
                let reason = format!("site \"{}\" already exists in the registry", site.code);
                return Err(self.invalid(at, "code", reason));
            }
        }
        let mut known_sites: HashSet<String> = HashSet::new();
        let mut site_exists = async |code: &str| -> Result<bool, ImportError> {
            if new_sites.contains_key(code) || known_sites.contains(code) {
                return Ok(true);
            }
            let found = site_stored(store, code).await?;
            if found {
                known_sites.insert(code.to_owned());
            }
            Ok(found)
        };
        let mut new_accessions: HashMap<&str, Origin> = HashMap::new();
        for ((code, case), &at) in self.batch.remains.iter().zip(&self.remains) {
            if !site_exists(code).await? {
                let reason = format!("no site \"{code}\" in the registry or in this import");
                return Err(self.invalid(at, "site_code", reason));
            }
            let accession = ("accession", "accession number");
            self.first_time(&mut new_accessions, &case.accession, at, accession)?;
            if case_stored(store, &case.accession).await? {
                let reason = format!(
                    "accession number \"{}\" is already in the registry",
                    case.accession
                );
                return Err(self.invalid(at, "accession", reason));
            }
        }
        let mut known_accessions: HashSet<&str> = HashSet::new();
        for (effect, &at) in self.batch.effects.iter().zip(&self.effects) {
            if let Some(acc) = effect.accession.as_deref()
                && !new_accessions.contains_key(acc)
                && !known_accessions.contains(acc)
            {
                if !case_stored(store, acc).await? {
                    let reason =
                        format!("no remains case \"{acc}\" in the registry or in this import");
                    return Err(self.invalid(at, "accession", reason));
                }
                known_accessions.insert(acc);
            }
            if let Some(code) = effect.site_code.as_deref()
                && !site_exists(code).await?
            {
                let reason = format!("no site \"{code}\" in the registry or in this import");
                return Err(self.invalid(at, "site_code", reason));
            }
        }
        Ok(())
    }

    /// Checks the plan and writes it in one transaction: all rows or none.
    pub async fn write(
        self,
        store: &dyn Store,
        ctx: WriteContext,
    ) -> Result<ImportOutcome, ImportError> {
        self.check(store).await?;
        let summary = store.import_batch(&self.batch, ctx).await?;
        let mut notes = Vec::new();
        if !self.batch.statuses.is_empty() {
            notes.push(format!(
                "{} remains cases were moved from \"recovered\" along the lifecycle to the status \
                 in the file (each step recorded with the reason \"imported\")",
                self.batch.statuses.len()
            ));
        }
        Ok(ImportOutcome { summary, notes })
    }
}

/// Imports one file: parse, check, write in one transaction.
pub async fn import_file(
    store: &dyn Store,
    kind: Option<RecordKind>,
    path: &Path,
    ctx: WriteContext,
) -> Result<ImportOutcome, ImportError> {
    let mut plan = ImportPlan::new();
    plan.add_file(kind, path)?;
    plan.write(store, ctx).await
}

/// Whether the registry holds site `code`; text that is no valid site code names none.
async fn site_stored(store: &dyn Store, code: &str) -> Result<bool, ImportError> {
    let Ok(code) = SiteCode::parse(code) else {
        return Ok(false);
    };
    Ok(store.site_by_code(&code).await?.is_some())
}

/// Whether the registry holds case `accession`; text that is no valid accession number names
/// none.
async fn case_stored(store: &dyn Store, accession: &str) -> Result<bool, ImportError> {
    let Ok(accession) = Accession::parse(accession) else {
        return Ok(false);
    };
    Ok(store.remains_by_accession(&accession).await?.is_some())
}
