//! The rolls as rows: a person's columns and decoding, and writing persons with their search
//! forms (as typed and reversed) in multi-row INSERTs, for one person or a whole import.

use homeward_domain::{
    MissingPerson, MissingPersonId, Nationality, NewMissingPerson, PartialDate, search_forms,
};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use super::name_index::reversed;
use crate::error::{Context, StoreResult};
use crate::sql::backend::Backend;
use crate::sql::row::{Get, corrupt};
use crate::sql::{allocate_ids, values_placeholders};

pub(crate) const COLUMNS: &str = "id, name_original, name_hanzi, name_pinyin, name_hangul, name_rr, \
     birth_year, hometown_province, hometown_county, unit, date_of_loss, place_of_loss, \
     source_record, nationality, synthetic";
const COLUMN_COUNT: usize = 15;
/// Persons per multi-row INSERT (15 parameters each).
const PERSON_CHUNK: usize = 200;
/// Name forms per multi-row INSERT (2 parameters each).
const FORM_CHUNK: usize = 1000;

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
