//! Filters, pages and summaries that the store answers with: the read models of the UI and API.

use homeward_domain::{
    LifecycleStatus, MissingPerson, Nationality, NewMissingPerson, NewPersonalEffect,
    NewRecoverySite, NewRemainsCase, RecoverySite, RecoverySiteId, RemainsCaseId, Timestamp,
    UserId,
};

/// Who is writing and when: every write records it in the audit log.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WriteContext {
    /// The acting user (`None` for the system: demo seeding, migrations).
    pub actor: Option<UserId>,
    /// When the write happens (the caller reads the clock).
    pub at: Timestamp,
}

/// Which remains cases to list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RemainsFilter {
    /// Only cases in this status.
    pub status: Option<LifecycleStatus>,
    /// Only cases from this site.
    pub site: Option<RecoverySiteId>,
    /// Only cases with this nationality.
    pub nationality: Option<Nationality>,
    /// An accession number or any external number, exact or as a prefix (case-insensitive).
    pub number: Option<String>,
    /// Page size (the store caps it at 500; 0 asks for the largest page).
    pub limit: u32,
    /// Rows to skip.
    pub offset: u32,
}

/// One page of results and the total that matched.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// How many rows matched in all.
    pub total: u64,
}

/// A remains case as a list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RemainsSummary {
    /// Its id.
    pub id: RemainsCaseId,
    /// Accession number.
    pub accession: String,
    /// Site id.
    pub site: RecoverySiteId,
    /// Site name.
    pub site_name: String,
    /// Recovery date.
    pub recovery_date: homeward_domain::CalendarDate,
    /// Status.
    pub status: LifecycleStatus,
    /// Nationality assessed.
    pub nationality: Nationality,
    /// Whether it is demo data.
    pub synthetic: bool,
}

/// A site with how many remains came from it.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSummary {
    /// The site.
    pub site: RecoverySite,
    /// Remains cases recovered there.
    pub remains: u64,
}

/// A person on the rolls found by a name search, with how well the name matched (0…1).
#[derive(Debug, Clone, PartialEq)]
pub struct MissingMatch {
    /// The person.
    pub person: MissingPerson,
    /// Similarity of the best-matching name form (see `homeward_domain::name_similarity`).
    pub score: f64,
}

/// Totals for the dashboard.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegistryStats {
    /// Recovery sites.
    pub sites: u64,
    /// Remains cases.
    pub remains: u64,
    /// Remains cases per status, in lifecycle order (every status present, possibly 0).
    pub remains_by_status: Vec<(LifecycleStatus, u64)>,
    /// Personal effects.
    pub effects: u64,
    /// Persons on the rolls of the missing.
    pub missing_persons: u64,
    /// Remains handed over in the historical handovers.
    pub handed_over_historically: u64,
}

/// A bulk import, written all-or-nothing in one transaction. References between rows use the
/// human keys (site code, accession number) because the rows do not have ids yet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportBatch {
    /// New sites.
    pub sites: Vec<NewRecoverySite>,
    /// New remains cases with the code of their site (an existing site or one in this batch).
    /// The `site` field of each case is ignored.
    pub remains: Vec<(String, NewRemainsCase)>,
    /// New effects with the accession number of their remains and/or the code of their site.
    /// The `remains` and `site` fields of each effect are ignored.
    pub effects: Vec<ImportedEffect>,
    /// New persons on the rolls.
    pub missing: Vec<NewMissingPerson>,
    /// The lifecycle status each new remains case is to reach, by accession number (a case not
    /// named stays `recovered`). The store walks the domain's legal path from `recovered`,
    /// recording every step with the reason "imported"; an unreachable status refuses the batch.
    pub statuses: std::collections::BTreeMap<String, LifecycleStatus>,
}

/// An effect in an import, referring to its remains and site by their human keys.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedEffect {
    /// Accession number of the remains it belongs to.
    pub accession: Option<String>,
    /// Code of the site it was found at.
    pub site_code: Option<String>,
    /// The effect.
    pub effect: NewPersonalEffect,
}

/// How many rows an import wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Sites written.
    pub sites: u64,
    /// Remains cases written.
    pub remains: u64,
    /// Effects written.
    pub effects: u64,
    /// Missing persons written.
    pub missing: u64,
}

/// A remains case whose status lacks a record it rests on (`Store::status_record_gaps`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusGap {
    /// The case's accession number.
    pub accession: String,
    /// Its status.
    pub status: LifecycleStatus,
    /// What it lacks, in lifecycle order (never empty).
    pub missing: Vec<homeward_domain::StatusRecord>,
}
