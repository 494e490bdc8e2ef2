//! The rolls as rows: a person's columns and decoding, and writing persons with their search
//! forms (as typed and reversed) in multi-row INSERTs, for one person or a whole import.

use homeward_domain::{
    MissingPerson, MissingPersonId, Nationality, NewMissingPerson, PartialDate, name_forms,
};
use rayon::prelude::*;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use super::name_index::reversed;
use crate::error::{Context, StoreResult};
use crate::sql::backend::Backend;
use crate::sql::row::{Get, corrupt};
use crate::sql::{allocate_ids, insert_from_json_sql, insert_json_rows, values_placeholders};

pub(crate) const COLUMNS: &str = "id, name_original, name_hanzi, name_pinyin, name_hangul, name_rr, \
     birth_year, hometown_province, hometown_county, unit, date_of_loss, place_of_loss, \
     source_record, nationality, synthetic";
const COLUMN_COUNT: usize = 15;
/// Persons per multi-row INSERT (15 parameters each). Each value is bound on its own: for rows
/// this wide that costs less than one JSON array the database must unpack cell by cell.
const PERSON_CHUNK: usize = 200;
/// Name forms per INSERT (bound together as one JSON array).
const FORM_CHUNK: usize = 20_000;

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

/// Persons written to the rolls: their ids (in the order they were given) and the search keys
/// written for them, which the in-memory name index takes over once the transaction commits.
#[derive(Debug, Default)]
pub(crate) struct Written {
    pub(crate) ids: Vec<i64>,
    pub(crate) keys: IndexKeys,
}

/// Writes persons and their search forms in bulk (inside the caller's write transaction).
pub(crate) async fn insert_all(
    conn: &mut AnyConnection,
    backend: Backend,
    persons: &[NewMissingPerson],
) -> StoreResult<Written> {
    let ids = allocate_ids(conn, backend, "missing_persons", persons.len()).await?;
    // The keys (script conversion, readings, sorting) are derived on other threads while the
    // database writes the persons.
    let keys = derive_keys(ids.clone(), persons.to_vec());
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
    let keys = keys
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    write_keys(conn, backend, &keys).await?;
    Ok(Written { ids, keys })
}

/// Writes the search keys of persons (ids in the order of `persons`): every key into
/// `missing_name_forms`, the suffix forms (`homeward_domain::suffix_forms`) reversed into
/// `missing_name_forms_reversed`; returns them.
pub(crate) async fn index_forms(
    conn: &mut AnyConnection,
    backend: Backend,
    ids: &[i64],
    persons: &[NewMissingPerson],
) -> StoreResult<IndexKeys> {
    let keys = sorted_keys(ids, persons);
    write_keys(conn, backend, &keys).await?;
    Ok(keys)
}

/// [`sorted_keys`] on a blocking thread (which spreads the work over rayon's pool).
fn derive_keys(
    ids: Vec<i64>,
    persons: Vec<NewMissingPerson>,
) -> tokio::task::JoinHandle<IndexKeys> {
    tokio::task::spawn_blocking(move || sorted_keys(&ids, &persons))
}

/// The keys of persons, each table's sorted by (key, id): in key order each B-tree fills page
/// after page instead of at random places.
fn sorted_keys(ids: &[i64], persons: &[NewMissingPerson]) -> IndexKeys {
    let (mut forward, mut backward) = keys_of(ids, persons);
    forward.par_sort_unstable();
    backward.par_sort_unstable();
    IndexKeys { forward, backward }
}

async fn write_keys(
    conn: &mut AnyConnection,
    backend: Backend,
    keys: &IndexKeys,
) -> StoreResult<()> {
    insert_forms(conn, backend, "missing_name_forms", "form", &keys.forward).await?;
    let table = "missing_name_forms_reversed";
    insert_forms(conn, backend, table, "form_reversed", &keys.backward).await
}

/// (key, person id) pairs.
pub(crate) type KeyPairs = Vec<(String, i64)>;

/// The keys of both search tables: forward and reversed.
#[derive(Debug, Default)]
pub(crate) struct IndexKeys {
    pub(crate) forward: KeyPairs,
    pub(crate) backward: KeyPairs,
}

/// The forward keys and the reversed suffix keys of persons (ids in the order of `persons`).
pub(crate) fn keys_of(ids: &[i64], persons: &[NewMissingPerson]) -> (KeyPairs, KeyPairs) {
    // Deriving the forms (script conversion, readings) is the costly part of a bulk import's
    // index: spread over the cores.
    let keys: Vec<(Vec<String>, Vec<String>)> = persons
        .par_iter()
        .map(|p| {
            let forms = name_forms(p);
            (forms.keys(), forms.suffix_keys())
        })
        .collect();
    let mut forward = Vec::new();
    let mut backward = Vec::new();
    for ((keys, suffixes), id) in keys.into_iter().zip(ids) {
        forward.extend(keys.into_iter().map(|f| (f, *id)));
        backward.extend(suffixes.iter().map(|f| (reversed(f), *id)));
    }
    (forward, backward)
}

fn insert_persons_sql(backend: Backend, rows: usize) -> String {
    format!(
        "INSERT INTO missing_persons ({COLUMNS}) VALUES {}",
        values_placeholders(backend, rows, COLUMN_COUNT)
    )
}

/// Inserts (key, person id) pairs into `table` (columns `key` and `person_id`).
async fn insert_forms(
    conn: &mut AnyConnection,
    backend: Backend,
    table: &str,
    key: &str,
    forms: &[(String, i64)],
) -> StoreResult<()> {
    let sql = insert_from_json_sql(backend, table, &[(key, "TEXT"), ("person_id", "BIGINT")]);
    insert_json_rows(conn, &sql, forms, FORM_CHUNK, "indexing names of the rolls").await
}
