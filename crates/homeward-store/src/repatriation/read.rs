//! Reading repatriation batches: the batch row with its two organizations, its members (the
//! remains with their verification, casket and burial), caskets with contents, and documents.
//! The loaders take a connection so that the steps can read inside their transaction.

use homeward_domain::{
    BatchState, BiologicalProfile, Burial, CalendarDate, HandoverCeremony, JointVerification,
    LifecycleStatus, NewRepatriationBatch, Organization, OrganizationId, PersonalEffect,
    RemainsCaseId, RepatriationBatch, RepatriationBatchId, SexEstimate, Transport,
};
use serde_json::Value;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

use super::{BatchDocument, BatchRemains, CasketContents, DocumentKind};
use crate::effects::sql::effect_from;
use crate::error::{Context, StoreError, StoreResult};
use crate::remains::rows::pair;
use crate::sql::localized::{name_from, officials_from};
use crate::sql::row::{Get, corrupt, read_all};

pub(crate) const BATCH_SELECT: &str = "SELECT b.id, b.code, b.sequence_number, b.state, \
     b.ceremony_date, b.ceremony_place, b.sending_officials, b.receiving_officials, \
     b.ceremony_place_ko, b.ceremony_place_zh, b.ceremony_place_en, \
     b.carrier, b.aircraft, b.flight, b.escort, b.departure_place, b.departure_date, \
     b.arrival_place, b.arrival_date, \
     s.id AS s_id, s.name AS s_name, s.country AS s_country, \
     s.name_ko AS s_name_ko, s.name_zh AS s_name_zh, s.name_en AS s_name_en, \
     r.id AS r_id, r.name AS r_name, r.country AS r_country, \
     r.name_ko AS r_name_ko, r.name_zh AS r_name_zh, r.name_en AS r_name_en \
     FROM repatriation_batches b \
     JOIN organizations s ON s.id = b.sender_id JOIN organizations r ON r.id = b.receiver_id";

/// A list of names as stored (a JSON array of strings).
pub(crate) fn names_json(names: &[String]) -> String {
    Value::Array(names.iter().cloned().map(Value::String).collect()).to_string()
}

fn names_from(col: &'static str, text: Option<String>) -> StoreResult<Vec<String>> {
    let Some(text) = text else {
        return Ok(Vec::new());
    };
    serde_json::from_str(&text).map_err(|e| corrupt(col, e))
}

fn opt_date(r: &AnyRow, col: &'static str) -> StoreResult<Option<CalendarDate>> {
    r.opt_text(col)?
        .map(|t| CalendarDate::parse(&t).map_err(|e| corrupt(col, e)))
        .transpose()
}

/// A batch row, with its ceremony and transport if recorded.
pub(crate) struct BatchRow {
    pub(crate) batch: RepatriationBatch,
    pub(crate) ceremony: Option<HandoverCeremony>,
    pub(crate) transport: Option<Transport>,
}

pub(crate) fn batch_from(r: &AnyRow) -> StoreResult<BatchRow> {
    let org =
        |id: &'static str, name: &'static str, country: &'static str, names: [&'static str; 3]| {
            Ok::<_, StoreError>(Organization {
                id: OrganizationId(r.int(id)?),
                name: r.text(name)?,
                country: r.text(country)?,
                names: name_from(r, name, names)?,
            })
        };
    let batch = RepatriationBatch {
        id: RepatriationBatchId(r.int("id")?),
        code: r.text("code")?,
        batch: NewRepatriationBatch {
            sequence_number: r.small("sequence_number")?,
            sender: org(
                "s_id",
                "s_name",
                "s_country",
                ["s_name_ko", "s_name_zh", "s_name_en"],
            )?,
            receiver: org(
                "r_id",
                "r_name",
                "r_country",
                ["r_name_ko", "r_name_zh", "r_name_en"],
            )?,
        },
        state: r.code("state", BatchState::from_code)?,
    };
    let ceremony = match (opt_date(r, "ceremony_date")?, r.opt_text("ceremony_place")?) {
        (Some(date), Some(_)) => Some(HandoverCeremony {
            date,
            place: name_from(
                r,
                "ceremony_place",
                [
                    "ceremony_place_ko",
                    "ceremony_place_zh",
                    "ceremony_place_en",
                ],
            )?,
            sending_officials: officials_from(
                "sending_officials",
                r.opt_text("sending_officials")?,
            )?,
            receiving_officials: officials_from(
                "receiving_officials",
                r.opt_text("receiving_officials")?,
            )?,
        }),
        _ => None,
    };
    let transport = match (
        r.opt_text("carrier")?,
        opt_date(r, "departure_date")?,
        opt_date(r, "arrival_date")?,
    ) {
        (Some(carrier), Some(departure_date), Some(arrival_date)) => Some(Transport {
            carrier,
            aircraft: r.opt_text("aircraft")?.unwrap_or_default(),
            flight: r.opt_text("flight")?,
            escort: r.opt_text("escort")?.unwrap_or_default(),
            departure_place: r.opt_text("departure_place")?.unwrap_or_default(),
            departure_date,
            arrival_place: r.opt_text("arrival_place")?.unwrap_or_default(),
            arrival_date,
        }),
        _ => None,
    };
    Ok(BatchRow {
        batch,
        ceremony,
        transport,
    })
}

/// The batch `code` (locked with `lock` inside a write), or `NotFound`.
pub(crate) async fn load(
    conn: &mut AnyConnection,
    code: &str,
    lock: &'static str,
) -> StoreResult<BatchRow> {
    let sql = format!("{BATCH_SELECT} WHERE b.code = $1{lock}");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(code)
        .fetch_optional(&mut *conn)
        .await
        .context("reading a repatriation batch")?
        .ok_or_else(|| StoreError::not_found("repatriation batch", code))?;
    batch_from(&row)
}

/// One member of a batch as the writes need it.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) remains: BatchRemains,
    pub(crate) status: LifecycleStatus,
}

/// The batch's remains, in the order they joined.
pub(crate) async fn members(conn: &mut AnyConnection, batch_id: i64) -> StoreResult<Vec<Member>> {
    let query = sqlx::query(
        "SELECT m.remains_id, c.accession, c.status, c.sex, c.age_min, c.age_max, \
           c.stature_min_cm, c.stature_max_cm, m.sending_experts, m.receiving_experts, \
           m.verified_on, m.verification_notes, m.both_agreed, m.casket_number, m.cemetery, \
           m.section, m.plot_row, m.plot, m.buried_on \
         FROM batch_remains m JOIN remains_cases c ON c.id = m.remains_id \
         WHERE m.batch_id = $1 ORDER BY m.position",
    );
    let context = "reading a batch's remains";
    read_all(&mut *conn, query.bind(batch_id), member_from, context).await
}

fn member_from(r: &AnyRow) -> StoreResult<Member> {
    let verification = match opt_date(r, "verified_on")? {
        Some(date) => Some(JointVerification {
            sending_experts: names_from("sending_experts", r.opt_text("sending_experts")?)?,
            receiving_experts: names_from("receiving_experts", r.opt_text("receiving_experts")?)?,
            date,
            notes: r.opt_text("verification_notes")?.unwrap_or_default(),
            both_agreed: r.opt_int("both_agreed")? == Some(1),
        }),
        None => None,
    };
    let burial = match (r.opt_text("cemetery")?, opt_date(r, "buried_on")?) {
        (Some(cemetery), Some(date)) => Some(Burial {
            cemetery,
            section: r.opt_text("section")?.unwrap_or_default(),
            row: r.opt_text("plot_row")?.unwrap_or_default(),
            plot: r.opt_text("plot")?.unwrap_or_default(),
            date,
        }),
        _ => None,
    };
    Ok(Member {
        status: r.code("status", LifecycleStatus::from_code)?,
        remains: BatchRemains {
            id: RemainsCaseId(r.int("remains_id")?),
            accession: r.text("accession")?,
            profile: BiologicalProfile {
                sex: r.code("sex", SexEstimate::from_code)?,
                age_range: pair(r, "age_min", "age_max")?,
                stature_range_cm: pair(r, "stature_min_cm", "stature_max_cm")?,
            },
            verification,
            casket: r.opt_small("casket_number")?,
            burial,
        },
    })
}

/// The effects found with the batch's remains, each with its case's accession number.
pub(crate) async fn member_effects(
    conn: &mut AnyConnection,
    batch_id: i64,
) -> StoreResult<Vec<(String, PersonalEffect)>> {
    let query = sqlx::query(
        "SELECT e.id, e.remains_id, e.site_id, e.category, e.description, e.inscription, \
           e.condition, e.disposition, c.accession \
         FROM personal_effects e JOIN batch_remains m ON m.remains_id = e.remains_id \
         JOIN remains_cases c ON c.id = e.remains_id WHERE m.batch_id = $1 ORDER BY e.id",
    );
    let from = |r: &AnyRow| Ok((r.text("accession")?, effect_from(r)?));
    read_all(
        &mut *conn,
        query.bind(batch_id),
        from,
        "reading a batch's effects",
    )
    .await
}

/// The code of the open batch a case is in, if any.
pub(crate) async fn open_batch_of(
    conn: &mut AnyConnection,
    remains_id: i64,
) -> StoreResult<Option<String>> {
    let row = sqlx::query(
        "SELECT b.code FROM batch_remains m JOIN repatriation_batches b ON b.id = m.batch_id \
         WHERE m.remains_id = $1 AND m.open = 1",
    )
    .bind(remains_id)
    .fetch_optional(&mut *conn)
    .await
    .context("reading a case's open batch")?;
    row.map(|r| r.text("code")).transpose()
}

pub(crate) async fn caskets(
    conn: &mut AnyConnection,
    batch_id: i64,
) -> StoreResult<Vec<CasketContents>> {
    let context = "reading a batch's caskets";
    let query = sqlx::query(
        "SELECT number, ceremonial FROM batch_caskets WHERE batch_id = $1 ORDER BY number",
    );
    let casket = |r: &AnyRow| {
        Ok(CasketContents {
            number: r.small("number")?,
            ceremonial: r.flag("ceremonial")?,
            remains: Vec::new(),
            effects: Vec::new(),
        })
    };
    let mut out = read_all(&mut *conn, query.bind(batch_id), casket, context).await?;
    let query = sqlx::query(
        "SELECT x.casket_number, e.id, e.remains_id, e.site_id, e.category, e.description, \
           e.inscription, e.condition, e.disposition \
         FROM batch_casket_effects x JOIN personal_effects e ON e.id = x.effect_id \
         WHERE x.batch_id = $1 ORDER BY e.id",
    );
    let placed = |r: &AnyRow| Ok((r.small::<u32>("casket_number")?, effect_from(r)?));
    for (n, effect) in read_all(&mut *conn, query.bind(batch_id), placed, context).await? {
        if let Some(c) = out.iter_mut().find(|c| c.number == n) {
            c.effects.push(effect);
        }
    }
    Ok(out)
}

/// A stored document of a batch.
pub(crate) async fn document_in(
    conn: &mut AnyConnection,
    batch_id: i64,
    kind: DocumentKind,
) -> StoreResult<Option<BatchDocument>> {
    let row = sqlx::query(
        "SELECT sha256, text, recorded_at FROM batch_documents WHERE batch_id = $1 AND kind = $2",
    )
    .bind(batch_id)
    .bind(kind.code())
    .fetch_optional(&mut *conn)
    .await
    .context("reading a batch's document")?;
    row.map(|r| {
        Ok(BatchDocument {
            kind,
            sha256: r.text("sha256")?,
            text: r.text("text")?,
            recorded_at: r.int("recorded_at")?,
        })
    })
    .transpose()
}
