//! The memorial roll of the buried: every case whose status is `buried`, with its grave from its
//! batch's burial record, else its custody `buried` event, else its storage location (kept as a
//! snapshot in [`crate::state::AppState`]), searched and paged alike by the API ([`api`]) and the pages
//! ([`page`]: the roll, and the cemeteries for staff).

pub mod api;
pub mod dto;
pub mod page;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use homeward_domain::{
    Accession, BatchCode, CalendarDate, LifecycleStatus, MatchReason, NameForms, NameMatch,
    NameQuery, Timestamp, name_forms,
};
use homeward_ledger::CustodyEvent;
use homeward_store::{RemainsFilter, RemainsSummary, Store};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::remains::dto::romanized;
use crate::state::{AppState, Grave};

/// Entries of the memorial roll a page.
pub const MEMORIAL_PAGE: u32 = 50;

/// Every recorded grave, by cemetery, section, row and plot (plots numerically where they are
/// numbers), then accession number — read again only after a write (see
/// [`homeward_store::Snapshot`]): the public memorial is read far more often than a burial is
/// recorded, and reading every batch costs milliseconds.
pub async fn graves(state: &AppState) -> Result<Arc<Vec<Grave>>, ApiError> {
    let writes = state.store.write_count();
    state
        .graves
        .get(writes, read_graves(state.store.as_ref()))
        .await
}

async fn read_graves(store: &dyn Store) -> Result<Vec<Grave>, ApiError> {
    type Names = (String, Option<String>, NameForms);
    let names: HashMap<String, Names> = store
        .identifications()
        .await?
        .into_iter()
        .map(|i| {
            let romanized = romanized(&i.person);
            let forms = name_forms(&i.person.person);
            (
                i.accession,
                (i.person.person.name_original, romanized, forms),
            )
        })
        .collect();
    let named = |accession: &str| match names.get(accession).cloned() {
        Some((name, romanized, forms)) => (Some(name), romanized, forms),
        None => (None, None, NameForms::default()),
    };
    let mut graves = Vec::new();
    for batch in store.batches().await? {
        let Ok(code) = BatchCode::parse(&batch.code) else {
            continue;
        };
        let Some(record) = store.batch(&code).await? else {
            continue;
        };
        for r in &record.remains {
            if let Some(b) = &r.burial {
                let (name, romanized, forms) = named(&r.accession);
                graves.push(Grave {
                    accession: r.accession.clone(),
                    cemetery: b.cemetery.clone(),
                    section: b.section.clone(),
                    row: b.row.clone(),
                    plot: b.plot.clone(),
                    date: Some(b.date),
                    batch: Some(batch.code.clone()),
                    name,
                    romanized,
                    forms,
                });
            }
        }
    }
    // Every other case the registry holds as buried (imported so, or buried before batches were
    // recorded): its grave from its custody `buried` event, else its storage location.
    let listed: HashSet<String> = graves.iter().map(|g| g.accession.clone()).collect();
    for case in buried_cases(store).await? {
        if listed.contains(&case.accession) {
            continue;
        }
        let (name, romanized, forms) = named(&case.accession);
        let mut grave = Grave {
            accession: case.accession.clone(),
            cemetery: String::new(),
            section: String::new(),
            row: String::new(),
            plot: String::new(),
            date: None,
            batch: None,
            name,
            romanized,
            forms,
        };
        let Ok(accession) = Accession::parse(&case.accession) else {
            graves.push(grave);
            continue;
        };
        let buried = store
            .ledger_rows_of_remains(&accession)
            .await?
            .iter()
            .rev()
            .filter_map(|row| row.decode().ok())
            .find_map(|signed| match signed.entry.event {
                CustodyEvent::Buried {
                    cemetery,
                    section,
                    row,
                    plot,
                } => Some((cemetery, section, row, plot, signed.entry.time)),
                _ => None,
            });
        if let Some((cemetery, section, row, plot, time)) = buried {
            grave.cemetery = cemetery;
            grave.section = section;
            grave.row = row;
            grave.plot = plot;
            grave.date = CalendarDate::parse(&Timestamp(time).to_rfc3339()[..10]).ok();
        } else if let Some(full) = store.remains_by_accession(&accession).await? {
            grave.cemetery = full.case.storage_location.clone();
            grave.date = store
                .status_history(full.id)
                .await?
                .iter()
                .rev()
                .find(|c| c.to == LifecycleStatus::Buried)
                .and_then(|c| CalendarDate::parse(&c.at.to_rfc3339()[..10]).ok());
        }
        graves.push(grave);
    }
    graves.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
    Ok(graves)
}

/// Every case whose status is `buried`, page by page.
async fn buried_cases(store: &dyn Store) -> Result<Vec<RemainsSummary>, ApiError> {
    let mut all = Vec::new();
    loop {
        let filter = RemainsFilter {
            status: Some(LifecycleStatus::Buried),
            limit: 500,
            offset: u32::try_from(all.len()).unwrap_or(u32::MAX),
            ..RemainsFilter::default()
        };
        let page = store.list_remains(&filter).await?;
        if page.items.is_empty() {
            return Ok(all);
        }
        all.extend(page.items);
    }
}

/// Numbers sort as numbers (`2` before `10`), other labels as text after them.
fn natural(label: &str) -> (u64, String) {
    match label.trim().parse::<u64>() {
        Ok(n) => (n, String::new()),
        Err(_) => (u64::MAX, label.to_owned()),
    }
}

type SortKey<'a> = (
    &'a str,
    (u64, String),
    (u64, String),
    (u64, String),
    &'a str,
);

fn sort_key(g: &Grave) -> SortKey<'_> {
    (
        g.cemetery.as_str(),
        natural(&g.section),
        natural(&g.row),
        natural(&g.plot),
        g.accession.as_str(),
    )
}

/// The lowest score of a name worth showing on the memorial (every grave is a candidate there, so
/// stricter than the rolls: one character of three off, or a prefix, still passes).
const MEMORIAL_MIN_SCORE: f64 = 0.6;

/// A grave a search found, and why its name matched (`None` for an accession number, or when
/// there was no query).
#[derive(Debug, Clone, Copy)]
pub struct Found<'g> {
    /// The grave.
    pub grave: &'g Grave,
    /// Why the name matched.
    pub reason: Option<MatchReason>,
}

/// How well a grave's name matches: the domain's best match of its forms, or a form that holds
/// the query (a given name alone).
fn name_match(forms: &NameForms, query: &NameQuery) -> Option<NameMatch> {
    let best = forms
        .best_match(query)
        .filter(|m| m.score >= MEMORIAL_MIN_SCORE);
    best.or_else(|| {
        forms
            .forms()
            .iter()
            .find(|f| {
                query
                    .variants()
                    .iter()
                    .any(|v| f.folded.contains(v.as_str()))
            })
            .map(|f| NameMatch {
                score: MEMORIAL_MIN_SCORE,
                reason: MatchReason {
                    kind: f.kind,
                    near: false,
                },
            })
    })
}

/// The graves whose accession number contains `q` (case-insensitive) or whose name matches it in
/// any script (the domain's name forms: hanzi simplified or traditional, pinyin, Wade–Giles,
/// hangul, the Korean reading, romanization; a character or letters off), best first, then in
/// grave order; all for an empty `q`.
pub fn search<'g>(graves: &'g [Grave], q: &str) -> Vec<Found<'g>> {
    let q = q.trim();
    let all = || {
        graves
            .iter()
            .map(|grave| Found {
                grave,
                reason: None,
            })
            .collect()
    };
    if q.is_empty() {
        return all();
    }
    let lower = q.to_lowercase();
    let query = NameQuery::new(q);
    let mut found: Vec<(f64, Found<'g>)> = graves
        .iter()
        .filter_map(|grave| {
            if grave.accession.to_lowercase().contains(&lower) {
                return Some((
                    1.0,
                    Found {
                        grave,
                        reason: None,
                    },
                ));
            }
            let m = name_match(&grave.forms, query.as_ref()?)?;
            Some((
                m.score,
                Found {
                    grave,
                    reason: Some(m.reason),
                },
            ))
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    found.into_iter().map(|(_, f)| f).collect()
}

/// The memorial roll's query string.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MemorialQuery {
    /// Part of an accession number or of a name.
    pub q: Option<String>,
    /// Page number, 1 for the first (50 entries a page).
    pub page: Option<u32>,
}

/// The page `page` (1 or more) of `found`, and the number of pages.
pub fn page_of<T>(found: &[T], page: u32) -> (&[T], u32) {
    let pages = u32::try_from(found.len().div_ceil(MEMORIAL_PAGE as usize))
        .unwrap_or(u32::MAX)
        .max(1);
    let start = (page.max(1) as usize - 1).saturating_mul(MEMORIAL_PAGE as usize);
    let end = (start + MEMORIAL_PAGE as usize).min(found.len());
    (found.get(start..end).unwrap_or(&[]), pages)
}

#[cfg(test)]
mod tests {
    use homeward_domain::FormKind;

    use super::*;

    fn grave(accession: &str, section: &str, plot: &str) -> Grave {
        Grave {
            accession: accession.into(),
            cemetery: "Shenyang".into(),
            section: section.into(),
            row: "1".into(),
            plot: plot.into(),
            date: CalendarDate::parse("2022-09-17").ok(),
            batch: Some("KR-CN-9".into()),
            name: None,
            romanized: None,
            forms: NameForms::default(),
        }
    }

    fn named(accession: &str, hanzi: &str, pinyin: &str) -> Grave {
        let mut g = grave(accession, "A", "1");
        g.name = Some(hanzi.into());
        g.romanized = Some(pinyin.into());
        g.forms = NameForms::new(homeward_domain::NameFields {
            original: hanzi,
            hanzi: Some(hanzi),
            pinyin: Some(pinyin),
            ..Default::default()
        });
        g
    }

    fn accessions<'g>(found: &[Found<'g>]) -> Vec<&'g str> {
        found.iter().map(|f| f.grave.accession.as_str()).collect()
    }

    #[test]
    fn plots_sort_as_numbers_and_search_matches_part_of_an_accession() {
        let mut all = vec![
            grave("HW-3", "A", "10"),
            grave("HW-1", "A", "2"),
            grave("HW-2", "B", "1"),
        ];
        all.sort_by(|a, b| sort_key(a).cmp(&sort_key(b)));
        let order: Vec<&str> = all.iter().map(|g| g.accession.as_str()).collect();
        assert_eq!(order, ["HW-1", "HW-3", "HW-2"]);
        assert_eq!(search(&all, "hw-2").len(), 1);
        assert_eq!(search(&all, " ").len(), 3);
        all[0] = named("HW-1", "王德明", "Wáng Démíng");
        assert_eq!(search(&all, "王德").len(), 1);
        assert_eq!(search(&all, "wáng").len(), 1);
    }

    #[test]
    fn a_name_is_found_in_any_script_with_its_reason() {
        let all = vec![
            named("HW-1", "杨云云", "Yáng Yúnyún"),
            named("HW-2", "王德明", "Wáng Démíng"),
            named("HW-3", "李小红", "Lǐ Xiǎohóng"),
        ];
        for (q, accession, kind) in [
            ("Yáng Yúnyún", "HW-1", FormKind::Pinyin),
            ("Yang Yunyun", "HW-1", FormKind::Pinyin),
            ("yang", "HW-1", FormKind::Pinyin),
            ("yunyun", "HW-1", FormKind::Pinyin),
            ("杨云云", "HW-1", FormKind::SameCharacters),
            ("楊雲雲", "HW-1", FormKind::SameCharacters),
            ("楊云云", "HW-1", FormKind::TraditionalForm),
            ("양운운", "HW-1", FormKind::KoreanReading),
            ("Wang Te-ming", "HW-2", FormKind::WadeGiles),
            ("왕덕명", "HW-2", FormKind::KoreanReading),
            ("wangdeming", "HW-2", FormKind::Pinyin),
        ] {
            let found = search(&all, q);
            assert_eq!(accessions(&found), [accession], "{q}");
            assert_eq!(found[0].reason.map(|r| r.kind), Some(kind), "{q}");
        }
        let near = search(&all, "王德民");
        assert_eq!(accessions(&near), ["HW-2"]);
        assert!(near[0].reason.is_some_and(|r| r.near));
        assert!(search(&all, "smith").is_empty());
        assert_eq!(accessions(&search(&all, "hw-3")), ["HW-3"]);
    }

    #[test]
    fn pages_hold_fifty_and_a_page_past_the_end_is_empty() {
        let items: Vec<u32> = (0..120).collect();
        assert_eq!(page_of(&items, 1), (&items[0..50], 3));
        assert_eq!(page_of(&items, 3).0, &items[100..120]);
        assert!(page_of(&items, 4).0.is_empty());
        assert_eq!(page_of::<u32>(&[], 1), (&[][..], 1));
    }
}
