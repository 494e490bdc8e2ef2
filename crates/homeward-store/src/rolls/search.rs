//! The name search of the rolls.
//!
//! Every person's folded name forms (`homeward_domain::search_forms`) are stored twice over:
//! as typed (`missing_name_forms`) and reversed (`missing_name_forms_reversed`), each the key of
//! a B-tree. A search folds the
//! query the same way and gathers candidates with range scans — names that start with the query,
//! names that end with it (a given name alone), and, to tolerate one wrong, missing or extra
//! letter, names that start with the query's first half or end with its second half (one edit
//! leaves at least one half intact). The candidates are ranked in Rust with
//! `homeward_domain::name_similarity`, so both backends rank alike. Short CJK names (2–3
//! characters) need no n-gram index: they are exact or prefix lookups.

use std::collections::HashMap;

use homeward_domain::{
    DomainError, MatchReason, MissingPerson, NameQuery, check_name_query, name_forms,
};

use super::MissingMatch;
use super::name_index::reversed;
use super::rows::{COLUMNS, person_from};
use crate::error::{Context, StoreResult};
use crate::sql::row::Get;
use crate::sql::{Core, SqlStore, list_placeholders, prefix_upper_bound};

/// Candidates read per range scan.
pub(crate) const SCAN_CAP: usize = 500;
/// Matches below this similarity are not worth showing.
const MIN_SCORE: f64 = homeward_domain::MIN_MATCH_SCORE;
/// The most matches one search returns.
const MAX_LIMIT: u32 = 200;

/// One range scan of the search: keys of the forward or the reversed forms that start with
/// `prefix`.
pub(crate) struct Scan {
    pub(crate) backward: bool,
    pub(crate) prefix: String,
}

const FORWARD: (&str, &str) = ("missing_name_forms", "form");
const BACKWARD: (&str, &str) = ("missing_name_forms_reversed", "form_reversed");

/// What a search does: the query, its scans and how many matches to keep.
pub(crate) struct Plan {
    pub(crate) query: NameQuery,
    pub(crate) scans: Vec<Scan>,
    pub(crate) limit: usize,
}

impl Plan {
    /// `None` when nothing searchable remains; a refusal when the query is too short.
    ///
    /// Each variant of the query (as typed, and a hanzi query in traditional and simplified
    /// characters) is scanned forward and backward, and from four characters on by its halves;
    /// a CJK query also looks up its near keys (one character different, missing or extra,
    /// see `homeward_domain::NameQuery::near_keys`) among the forward keys, and the query
    /// without its first character among the reversed ones.
    pub(crate) fn new(query: &str, limit: u32) -> StoreResult<Option<Self>> {
        let Some(query) = check_name_query(query).map_err(DomainError::from)? else {
            return Ok(None);
        };
        let limit = match limit {
            0 => 20,
            l => l.min(MAX_LIMIT),
        } as usize;
        let mut scans: Vec<Scan> = Vec::new();
        let mut add = |backward: bool, prefix: String| {
            if !scans
                .iter()
                .any(|s| s.backward == backward && s.prefix == prefix)
            {
                scans.push(Scan { backward, prefix });
            }
        };
        for folded in query.variants() {
            let chars: Vec<char> = folded.chars().collect();
            add(false, folded.clone());
            add(true, reversed(folded));
            if chars.len() >= 4 {
                let half = chars.len() / 2;
                add(false, chars[..half].iter().collect());
                add(true, chars[half..].iter().rev().collect());
            }
        }
        for key in query.near_keys() {
            add(false, key);
        }
        for key in query.near_suffix_keys() {
            add(true, reversed(&key));
        }
        Ok(Some(Plan {
            query,
            scans,
            limit,
        }))
    }
}

/// The best score of each candidate person; a run of equal keys is scored once.
pub(crate) struct Scores<'q> {
    query: &'q NameQuery,
    pub(crate) best: HashMap<i64, f64>,
    last: Option<(String, bool, f64)>,
}

impl<'q> Scores<'q> {
    pub(crate) fn new(query: &'q NameQuery) -> Self {
        Scores {
            query,
            best: HashMap::new(),
            last: None,
        }
    }

    /// Scores `key` (reversed when it came from the reversed forms) for person `id`.
    pub(crate) fn add(&mut self, id: i64, key: &str, backward: bool) {
        let score = match &self.last {
            Some((k, b, s)) if k == key && *b == backward => *s,
            _ => {
                let s = if backward {
                    self.query.score(&reversed(key))
                } else {
                    self.query.score(key)
                };
                self.last = Some((key.to_owned(), backward, s));
                s
            }
        };
        let slot = self.best.entry(id).or_insert(0.0);
        if score > *slot {
            *slot = score;
        }
    }
}

impl SqlStore {
    /// Searches the rolls like [`crate::Rolls::search_missing`] but with range scans of the
    /// forms tables in the database instead of the in-memory index: the reference the index is
    /// checked against (same candidates, same scores, same order).
    pub async fn search_missing_by_sql(
        &self,
        query: &str,
        limit: u32,
    ) -> StoreResult<Vec<MissingMatch>> {
        let core = &self.core;
        let Some(plan) = Plan::new(query, limit)? else {
            return Ok(Vec::new());
        };
        let parts: Vec<String> = plan
            .scans
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (table, key) = if s.backward { BACKWARD } else { FORWARD };
                let backward = i64::from(s.backward);
                format!(
                    "SELECT * FROM (SELECT person_id, {key} AS form, {backward} AS backward \
                     FROM {table} WHERE {key} >= ${} AND {key} < ${} \
                     ORDER BY {key}, person_id LIMIT {SCAN_CAP}) AS s{i}",
                    2 * i + 1,
                    2 * i + 2
                )
            })
            .collect();
        let mut q = sqlx::query(sqlx::AssertSqlSafe(parts.join(" UNION ALL ")));
        for s in &plan.scans {
            q = q.bind(s.prefix.clone()).bind(prefix_upper_bound(&s.prefix));
        }
        let rows = q
            .fetch_all(&core.pool)
            .await
            .context("searching the rolls")?;
        let mut scores = Scores::new(&plan.query);
        for r in &rows {
            let id = r.int("person_id")?;
            let form = r.text("form")?;
            scores.add(id, &form, r.int("backward")? != 0);
        }
        matches(core, &plan.query, scores.best, plan.limit).await
    }
}

/// Ranks the candidates (best score first, then the lower id), keeps the first `limit` worth
/// showing, reads their records and gives each the reason it matched (from the person's name
/// forms: the conversion work is done for the results only, never per candidate). Among equal
/// scores the better reason comes first (same characters before a converted form), then the
/// lower id.
pub(crate) async fn matches(
    core: &Core,
    query: &NameQuery,
    best: HashMap<i64, f64>,
    limit: usize,
) -> StoreResult<Vec<MissingMatch>> {
    let mut ranked: Vec<(i64, f64)> = best.into_iter().filter(|(_, s)| *s >= MIN_SCORE).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(limit);
    if ranked.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM missing_persons WHERE id IN ({})",
        list_placeholders(1, ranked.len())
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for (id, _) in &ranked {
        q = q.bind(*id);
    }
    let rows = q
        .fetch_all(&core.pool)
        .await
        .context("reading search results")?;
    let mut persons: HashMap<i64, MissingPerson> = HashMap::new();
    for r in &rows {
        let p = person_from(r)?;
        persons.insert(p.id.0, p);
    }
    let mut found: Vec<MissingMatch> = ranked
        .into_iter()
        .filter_map(|(id, score)| {
            let person = persons.remove(&id)?;
            let reason = name_forms(&person.person).best_match(query).map_or(
                MatchReason {
                    kind: homeward_domain::FormKind::Romanization,
                    near: true,
                },
                |m| m.reason,
            );
            Some(MissingMatch {
                person,
                score,
                reason,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.reason.kind.cmp(&b.reason.kind))
            .then(a.person.id.0.cmp(&b.person.id.0))
    });
    Ok(found)
}
