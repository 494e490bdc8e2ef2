//! The dashboard (public): registry totals, the historical handovers with a bar chart of remains
//! handed over per year, and cases by status.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use homeward_domain::HistoricalHandover;

use crate::chrome::{Chrome, PageResult, group, render};
use crate::i18n::ShownDate;
use crate::state::AppState;

/// The years the chart spans.
pub const CHART_YEARS: std::ops::RangeInclusive<i32> = 2014..=2025;

/// One bar of the chart, in SVG user units.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The year.
    pub year: i32,
    /// Remains handed over that year.
    pub count: u64,
    /// The count as the chart writes it (grouped by thousands).
    pub count_text: String,
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width.
    pub width: u32,
    /// Height.
    pub height: u32,
    /// Centre, for the labels.
    pub label_x: u32,
}

/// The bar chart of remains handed over per year.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The bars, one per year.
    pub bars: Vec<Bar>,
    /// Width of the drawing.
    pub width: u32,
    /// Height of the drawing.
    pub height: u32,
    /// The y of the axis line.
    pub baseline: u32,
}

impl Chart {
    /// Sums the handovers per year over [`CHART_YEARS`] and lays out the bars.
    pub fn per_year(handovers: &[HistoricalHandover]) -> Chart {
        const WIDTH: u32 = 720;
        const HEIGHT: u32 = 260;
        const TOP: u32 = 24;
        const BASELINE: u32 = 224;
        const LEFT: u32 = 12;
        let years: Vec<(i32, u64)> = CHART_YEARS
            .map(|y| {
                let n = handovers
                    .iter()
                    .filter(|h| h.date.year() == y)
                    .map(|h| u64::from(h.remains))
                    .sum();
                (y, n)
            })
            .collect();
        let max = years.iter().map(|y| y.1).max().unwrap_or(0).max(1);
        let step = (WIDTH - 2 * LEFT) / years.len() as u32;
        let bar_width = step * 2 / 3;
        let bars = years
            .into_iter()
            .enumerate()
            .map(|(i, (year, count))| {
                let height = u32::try_from(count * u64::from(BASELINE - TOP) / max).unwrap_or(0);
                let x = LEFT + i as u32 * step + (step - bar_width) / 2;
                Bar {
                    count_text: group(count),
                    year,
                    count,
                    x,
                    y: BASELINE - height,
                    width: bar_width,
                    height,
                    label_x: x + bar_width / 2,
                }
            })
            .collect();
        Chart {
            bars,
            width: WIDTH,
            height: HEIGHT,
            baseline: BASELINE,
        }
    }
}

struct Tile {
    label: String,
    value: String,
}

struct HandoverRow {
    sequence: u32,
    date: ShownDate,
    remains: String,
    effects: String,
}

struct StatusRow {
    code: &'static str,
    label: String,
    count: String,
    bar: u32,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    tiles: Vec<Tile>,
    chart: Chart,
    handovers: Vec<HandoverRow>,
    total_remains: String,
    total_effects: String,
    by_status: Vec<StatusRow>,
}

/// Cases with an identification (a name given back), whatever their status now: the figure
/// the memorial's named entries are part of, unlike the by-status row "identified".
async fn identified_cases(
    store: &dyn homeward_store::Store,
) -> Result<u64, crate::error::ApiError> {
    let cases: std::collections::HashSet<String> = store
        .identifications()
        .await?
        .into_iter()
        .map(|i| i.accession)
        .collect();
    Ok(cases.len() as u64)
}

/// `GET /`.
pub async fn show(State(state): State<AppState>, chrome: Chrome) -> PageResult {
    let t = chrome.t;
    let stats = state.store.registry_stats().await?;
    let handovers = state.store.handovers().await?;
    let tiles = vec![
        Tile {
            label: t.get("stat-handed-over"),
            value: group(handovers.iter().map(|h| u64::from(h.remains)).sum()),
        },
        Tile {
            label: t.get("stat-remains"),
            value: group(stats.remains),
        },
        Tile {
            label: t.get("stat-sites"),
            value: group(stats.sites),
        },
        Tile {
            label: t.get("stat-effects"),
            value: group(stats.effects),
        },
        Tile {
            label: t.get("stat-missing"),
            value: group(stats.missing_persons),
        },
        Tile {
            label: t.get("stat-identified"),
            value: group(identified_cases(state.store.as_ref()).await?),
        },
    ];
    let max_status = stats
        .remains_by_status
        .iter()
        .map(|s| s.1)
        .max()
        .unwrap_or(0)
        .max(1);
    let by_status = stats
        .remains_by_status
        .iter()
        .map(|(status, n)| StatusRow {
            code: status.code(),
            label: t.code("status", status.code()),
            count: group(*n),
            bar: u32::try_from(n * 200 / max_status).unwrap_or(0),
        })
        .collect();
    let page = DashboardPage {
        tiles,
        chart: Chart::per_year(&handovers),
        handovers: handovers
            .iter()
            .map(|h| HandoverRow {
                sequence: h.sequence,
                date: chrome.t.shown_date(h.date),
                remains: group(u64::from(h.remains)),
                effects: h
                    .effects
                    .map_or_else(|| "—".to_owned(), |e| group(u64::from(e))),
            })
            .collect(),
        total_remains: group(handovers.iter().map(|h| u64::from(h.remains)).sum()),
        total_effects: group(
            handovers
                .iter()
                .filter_map(|h| h.effects)
                .map(u64::from)
                .sum(),
        ),
        by_status,
        chrome,
    };
    Ok(render(&page, StatusCode::OK))
}

#[cfg(test)]
mod tests {
    use super::*;
    use homeward_domain::historical_rok_china_handovers;

    #[test]
    fn the_chart_has_one_bar_per_year_and_the_tallest_is_2014() {
        let chart = Chart::per_year(&historical_rok_china_handovers());
        assert_eq!(chart.bars.len(), 12);
        assert_eq!(chart.bars.iter().map(|b| b.count).sum::<u64>(), 1_011);
        let tallest = chart.bars.iter().max_by_key(|b| b.height).unwrap();
        assert_eq!((tallest.year, tallest.count), (2014, 437));
        assert!(chart.bars.iter().all(|b| b.y + b.height == chart.baseline));
    }
}
