//! The rolls of the missing and their name search.
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
    DomainError, MissingPerson, MissingPersonId, Nationality, NewMissingPerson, PartialDate,
    check_name_query, name_similarity, search_forms,
};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use super::audit::{self, Change};
use super::name_index::reversed;
use super::row::{Get, corrupt};
use super::{Core, allocate_ids, list_placeholders, prefix_upper_bound, values_placeholders};
use crate::error::Context;
use crate::{Backend, MissingMatch, StoreResult, WriteContext};

pub(crate) const COLUMNS: &str = "id, name_original, name_hanzi, name_pinyin, name_hangul, name_rr, \
     birth_year, hometown_province, hometown_county, unit, date_of_loss, place_of_loss, \
     source_record, nationality, synthetic";
const COLUMN_COUNT: usize = 15;
/// Persons per multi-row INSERT (15 parameters each).
const PERSON_CHUNK: usize = 200;
/// Name forms per multi-row INSERT (2 parameters each).
const FORM_CHUNK: usize = 1000;
/// Candidates read per range scan.
const SCAN_CAP: usize = 500;
/// Matches below this similarity are not worth showing.
const MIN_SCORE: f64 = 0.5;
/// The most matches one search returns.
const MAX_LIMIT: u32 = 200;

pub(crate) fn person_from(r: &AnyRow) -> StoreResult<MissingPerson> {
    Ok(MissingPerson {
        id: MissingPersonId(r.int("id")?),
        person: NewMissingPerson {
            name_original: r.text("name_original")?,
            name_hanzi: r.opt_text("name_hanzi")?,
            name_pinyin: r.opt_text("name_pinyin")?,
            name_hangul: r.opt_text("name_hangul")?,
            name_rr: r.opt_text("name_rr")?,
            birth_year: r.opt_small("birth_year")?,
            hometown_province: r.text("hometown_province")?,
            hometown_county: r.text("hometown_county")?,
            unit: r.text("unit")?,
            date_of_loss: r
                .opt_text("date_of_loss")?
                .map(|d| PartialDate::parse(&d).map_err(|e| corrupt("date_of_loss", e)))
                .transpose()?,
            place_of_loss: r.text("place_of_loss")?,
            source_record: r.text("source_record")?,
            nationality: r.code("nationality", Nationality::from_code)?,
            synthetic: r.flag("synthetic")?,
        },
    })
}

/// Writes persons and their search forms with multi-row INSERTs (inside the caller's write
/// transaction); returns their ids in order.
pub(crate) async fn insert_all(
    conn: &mut AnyConnection,
    backend: Backend,
    persons: &[NewMissingPerson],
) -> StoreResult<Vec<i64>> {
    let ids = allocate_ids(conn, backend, "missing_persons", persons.len()).await?;
    let full_sql = insert_persons_sql(backend, PERSON_CHUNK);
    for (chunk, chunk_ids) in persons.chunks(PERSON_CHUNK).zip(ids.chunks(PERSON_CHUNK)) {
        let sql = if chunk.len() == PERSON_CHUNK {
            full_sql.clone()
        } else {
            insert_persons_sql(backend, chunk.len())
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (p, id) in chunk.iter().zip(chunk_ids) {
            q = q
                .bind(*id)
                .bind(&p.name_original)
                .bind(p.name_hanzi.as_deref())
                .bind(p.name_pinyin.as_deref())
                .bind(p.name_hangul.as_deref())
                .bind(p.name_rr.as_deref())
                .bind(p.birth_year.map(i64::from))
                .bind(&p.hometown_province)
                .bind(&p.hometown_county)
                .bind(&p.unit)
                .bind(p.date_of_loss.map(|d| d.to_string()))
                .bind(&p.place_of_loss)
                .bind(&p.source_record)
                .bind(p.nationality.code())
                .bind(i16::from(p.synthetic));
        }
        q.execute(&mut *conn)
            .await
            .context("adding persons to the rolls")?;
    }
    let mut forms: Vec<(String, i64)> = persons
        .iter()
        .zip(&ids)
        .flat_map(|(p, id)| search_forms(p).into_iter().map(move |f| (f, *id)))
        .collect();
    // In key order each B-tree fills page after page instead of at random places.
    forms.sort_unstable();
    let mut reversed_forms: Vec<(String, i64)> =
        forms.iter().map(|(f, id)| (reversed(f), *id)).collect();
    reversed_forms.sort_unstable();
    insert_forms(conn, backend, "missing_name_forms (form, person_id)", forms).await?;
    let head = "missing_name_forms_reversed (form_reversed, person_id)";
    insert_forms(conn, backend, head, reversed_forms).await?;
    Ok(ids)
}

fn insert_persons_sql(backend: Backend, rows: usize) -> String {
    format!(
        "INSERT INTO missing_persons ({COLUMNS}) VALUES {}",
        values_placeholders(backend, rows, COLUMN_COUNT)
    )
}

/// Inserts (key, person id) pairs into `head` (`table (columns)`) with multi-row INSERTs; the
/// keys are moved into the statement's arguments rather than copied.
async fn insert_forms(
    conn: &mut AnyConnection,
    backend: Backend,
    head: &str,
    forms: Vec<(String, i64)>,
) -> StoreResult<()> {
    let sql = |rows| {
        format!(
            "INSERT INTO {head} VALUES {}",
            values_placeholders(backend, rows, 2)
        )
    };
    let full_sql = sql(FORM_CHUNK);
    let mut rest = forms.into_iter().peekable();
    while rest.peek().is_some() {
        let chunk: Vec<(String, i64)> = rest.by_ref().take(FORM_CHUNK).collect();
        let text = if chunk.len() == FORM_CHUNK {
            full_sql.clone()
        } else {
            sql(chunk.len())
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(text));
        for (form, id) in chunk {
            q = q.bind(form).bind(id);
        }
        q.execute(&mut *conn)
            .await
            .context("indexing names of the rolls")?;
    }
    Ok(())
}

pub(crate) async fn add(
    core: &Core,
    person: &NewMissingPerson,
    ctx: WriteContext,
) -> StoreResult<MissingPersonId> {
    person.validate()?;
    let mut tx = core.begin_write().await?;
    let ids = insert_all(&mut tx, core.backend, std::slice::from_ref(person)).await?;
    let id = ids[0];
    let key = id.to_string();
    let detail = format!(
        "{} added to the rolls (names: {}; unit: {}; source: {})",
        person.name_original,
        person.name_forms().join(" / "),
        person.unit,
        person.source_record
    );
    let change = Change {
        action: "missing.create",
        entity: "missing_person",
        key: &key,
        detail: &detail,
    };
    audit::record(&mut tx, ctx, change).await?;
    core.commit(tx, "adding a person to the rolls").await?;
    core.names.added(&ids, std::slice::from_ref(person));
    Ok(MissingPersonId(id))
}

pub(crate) async fn by_id(core: &Core, id: MissingPersonId) -> StoreResult<Option<MissingPerson>> {
    let sql = format!("SELECT {COLUMNS} FROM missing_persons WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id.0)
        .fetch_optional(&core.pool)
        .await
        .context("reading a person on the rolls")?;
    row.as_ref().map(person_from).transpose()
}

pub(crate) async fn all(core: &Core) -> StoreResult<Vec<MissingPerson>> {
    let sql = format!("SELECT {COLUMNS} FROM missing_persons ORDER BY id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&core.pool)
        .await
        .context("exporting the rolls")?;
    rows.iter().map(person_from).collect()
}

/// One range scan of the search: keys of the forward or the reversed forms that start with
/// `prefix`.
struct Scan {
    backward: bool,
    prefix: String,
}

const FORWARD: (&str, &str) = ("missing_name_forms", "form");
const BACKWARD: (&str, &str) = ("missing_name_forms_reversed", "form_reversed");

/// What a search does: the folded query, its scans and how many matches to keep.
struct Plan {
    folded: String,
    scans: Vec<Scan>,
    limit: usize,
}

impl Plan {
    /// `None` when nothing searchable remains; a refusal when the query is too short.
    fn new(query: &str, limit: u32) -> StoreResult<Option<Self>> {
        let Some(query) = check_name_query(query).map_err(DomainError::from)? else {
            return Ok(None);
        };
        let limit = match limit {
            0 => 20,
            l => l.min(MAX_LIMIT),
        } as usize;
        let folded = query.folded().to_owned();
        let chars: Vec<char> = folded.chars().collect();
        let mut scans = vec![
            Scan {
                backward: false,
                prefix: folded.clone(),
            },
            Scan {
                backward: true,
                prefix: reversed(&folded),
            },
        ];
        if chars.len() >= 4 {
            let half = chars.len() / 2;
            scans.push(Scan {
                backward: false,
                prefix: chars[..half].iter().collect(),
            });
            scans.push(Scan {
                backward: true,
                prefix: chars[half..].iter().rev().collect(),
            });
        }
        Ok(Some(Plan {
            folded,
            scans,
            limit,
        }))
    }
}

/// The best score of each candidate person; a run of equal keys is scored once.
struct Scores<'q> {
    folded: &'q str,
    best: HashMap<i64, f64>,
    last: Option<(String, bool, f64)>,
}

impl<'q> Scores<'q> {
    fn new(folded: &'q str) -> Self {
        Scores {
            folded,
            best: HashMap::new(),
            last: None,
        }
    }

    /// Scores `key` (reversed when it came from the reversed forms) for person `id`.
    fn add(&mut self, id: i64, key: &str, backward: bool) {
        let score = match &self.last {
            Some((k, b, s)) if k == key && *b == backward => *s,
            _ => {
                let s = if backward {
                    name_similarity(self.folded, &reversed(key))
                } else {
                    name_similarity(self.folded, key)
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

/// Searches the rolls with the in-memory copy of the name forms ([`NameIndex`]).
///
/// [`NameIndex`]: super::name_index::NameIndex
pub(crate) async fn search(core: &Core, query: &str, limit: u32) -> StoreResult<Vec<MissingMatch>> {
    let Some(plan) = Plan::new(query, limit)? else {
        return Ok(Vec::new());
    };
    let snapshot = core.names.snapshot(core).await?;
    let mut scores = Scores::new(&plan.folded);
    for s in &plan.scans {
        let keys = if s.backward {
            &snapshot.backward
        } else {
            &snapshot.forward
        };
        let upper = prefix_upper_bound(&s.prefix);
        for (key, id) in keys.scan(&s.prefix, &upper, SCAN_CAP) {
            scores.add(id, key, s.backward);
        }
    }
    let best = scores.best;
    drop(snapshot);
    matches(core, best, plan.limit).await
}

/// Searches the rolls with range scans of the forms tables in the database: the reference the
/// in-memory index must agree with.
pub(crate) async fn search_by_sql(
    core: &Core,
    query: &str,
    limit: u32,
) -> StoreResult<Vec<MissingMatch>> {
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
    let mut scores = Scores::new(&plan.folded);
    for r in &rows {
        let id = r.int("person_id")?;
        let form = r.text("form")?;
        scores.add(id, &form, r.int("backward")? != 0);
    }
    matches(core, scores.best, plan.limit).await
}

/// Ranks the candidates (best score first, then the lower id), keeps the first `limit` worth
/// showing and reads their records.
async fn matches(
    core: &Core,
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
    Ok(ranked
        .into_iter()
        .filter_map(|(id, score)| {
            persons
                .remove(&id)
                .map(|person| MissingMatch { person, score })
        })
        .collect())
}
