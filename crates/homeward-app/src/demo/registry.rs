//! The synthetic registry: recovery sites in the real battle areas, remains cases with the
//! lifecycle steps each will be walked through, and their personal effects.

use std::collections::HashMap;

use homeward_domain::{
    BiologicalProfile, CalendarDate, ExcavationPeriod, ExternalNumber, LifecycleStatus,
    Nationality, NationalityAssessment, NewRecoverySite, NewRemainsCase, Phrase, RecoveryContext,
    RecoverySiteId, Role, SexEstimate, SkeletalInventory, Timestamp,
    historical_rok_china_handovers,
};
use rand::Rng;
use rand::seq::{IndexedRandom, SliceRandom};

use super::batch2022;
use super::effects::{case_effects, site_effects};
use super::places::BATTLE_AREAS;
use super::plan::{Registry, Step};
use super::time::{DAY, DEMO_END, at_hour, date};

pub(super) const FEATURES: &[&str] = &[
    "north slope",
    "south slope",
    "ridge line",
    "trench line",
    "valley floor",
    "east spur",
    "saddle",
    "bunker complex",
    "river terrace",
    "supply trail",
];

const TEAMS: &[&str] = &[
    "MAKRI recovery team 1",
    "MAKRI recovery team 2",
    "MAKRI recovery team 3",
    "ROK 7th Infantry Division recovery unit",
    "ROK 15th Infantry Division recovery unit",
    "ROK 25th Infantry Division recovery unit",
];

const ELEMENTS: &[&str] = &[
    "cranium",
    "mandible",
    "teeth",
    "cervical vertebrae",
    "thoracic vertebrae",
    "ribs",
    "left clavicle",
    "right clavicle",
    "left humerus",
    "right humerus",
    "left radius",
    "right ulna",
    "pelvis",
    "left femur",
    "right femur",
    "left tibia",
    "right tibia",
    "right fibula",
    "hand bones",
    "foot bones",
];

const CONDITIONS: &[&str] = &[
    "fragmentary, weathered",
    "well preserved",
    "heavily eroded",
    "partially articulated",
    "root-etched, fragmentary",
    "burnt fragments",
];

pub(super) const UN_STATES: &[&str] = &[
    "un:US", "un:GB", "un:TR", "un:AU", "un:CO", "un:FR", "un:PH",
];

/// Builds the synthetic registry with about `remains` cases.
pub fn registry(rng: &mut impl Rng, remains: usize) -> Registry {
    let mut reg = Registry {
        sites: sites(rng),
        ..Registry::default()
    };
    let mut per_year: HashMap<i32, u32> = HashMap::new();
    for _ in 0..remains {
        let site = reg.sites.choose(rng).expect("there are sites").clone();
        let period = site
            .excavation_periods
            .choose(rng)
            .expect("every site has one");
        let recovered = date_within(rng, period);
        let seq = per_year.entry(recovered.year()).or_default();
        *seq += 1;
        let accession = format!("HW-{}-{:04}", recovered.year(), seq);
        let (case, steps, nationality) = case(rng, &accession, recovered);
        reg.effects
            .extend(case_effects(rng, &accession, nationality, &steps));
        reg.walks.push((accession, steps));
        reg.remains.push((site.code.clone(), case));
    }
    for site in &reg.sites {
        reg.effects.extend(site_effects(rng, &site.code));
    }
    reg
}

fn sites(rng: &mut impl Rng) -> Vec<NewRecoverySite> {
    let mut counters: HashMap<&str, u32> = HashMap::new();
    let mut out = Vec::new();
    for area in BATTLE_AREAS {
        let mut features = FEATURES.to_vec();
        features.shuffle(rng);
        for feature in features.iter().take(rng.random_range(2..=4)) {
            let n = counters.entry(area.code).or_default();
            *n += 1;
            let mut years: Vec<i32> = (0..rng.random_range(1..=3))
                .map(|_| rng.random_range(2000..=2025))
                .collect();
            years.sort_unstable();
            years.dedup();
            let periods = years
                .iter()
                .map(|&y| {
                    if rng.random_bool(0.5) {
                        ExcavationPeriod {
                            start: date(y, 4, rng.random_range(1..=15)),
                            end: Some(date(y, 6, rng.random_range(15..=30))),
                        }
                    } else {
                        ExcavationPeriod {
                            start: date(y, 9, rng.random_range(1..=15)),
                            end: (y < 2025).then(|| date(y, 11, rng.random_range(10..=25))),
                        }
                    }
                })
                .collect();
            out.push(NewRecoverySite {
                code: format!("{}-{:03}", area.code, n),
                name: format!("{}, {}", area.name, feature),
                province: area.province.into(),
                county: area.county.into(),
                latitude: round5(area.lat + rng.random_range(-0.02..0.02)),
                longitude: round5(area.lon + rng.random_range(-0.02..0.02)),
                battle_area: area.name.into(),
                excavation_periods: periods,
                team: TEAMS.choose(rng).expect("not empty").to_string(),
                synthetic: true,
            });
        }
    }
    out
}

fn round5(x: f64) -> f64 {
    (x * 100_000.0).round() / 100_000.0
}

fn date_within(rng: &mut impl Rng, p: &ExcavationPeriod) -> CalendarDate {
    let end_month = p.end.map_or(p.start.month() + 1, |e| e.month());
    let month = rng.random_range(p.start.month()..=end_month);
    let lo = if month == p.start.month() {
        p.start.day()
    } else {
        1
    };
    date(p.start.year(), month, rng.random_range(lo..=28))
}

/// The case as accessioned and the steps it will take. Nationality is recorded at accession
/// for cases whose walk reaches the committee's decision, undetermined otherwise.
fn case(
    rng: &mut impl Rng,
    accession: &str,
    recovered: CalendarDate,
) -> (NewRemainsCase, Vec<Step>, Nationality) {
    let nationality = match rng.random_range(0..100) {
        0..50 => Nationality::Cpv,
        50..85 => Nationality::Rok,
        85..95 => Nationality::Kpa,
        _ => {
            Nationality::from_code(UN_STATES.choose(rng).expect("not empty")).expect("valid codes")
        }
    };
    let steps = walk(rng, nationality, at_hour(recovered, 9));
    let reached = |s: LifecycleStatus| steps.iter().any(|st| st.to == s);
    let examined = reached(LifecycleStatus::Examined);
    let determined = reached(LifecycleStatus::NationalityDetermined);
    let mut elements: Vec<String> = ELEMENTS
        .iter()
        .filter(|_| rng.random_bool(0.45))
        .map(|e| e.to_string())
        .collect();
    if elements.is_empty() {
        elements.push("cranium".into());
    }
    let completeness = (elements.len() * 100 / ELEMENTS.len()).min(95) as u8;
    let profile = if examined {
        let age = rng.random_range(17..=32);
        let stature = rng.random_range(155..=170);
        BiologicalProfile {
            sex: *[
                SexEstimate::Male,
                SexEstimate::Male,
                SexEstimate::ProbableMale,
            ]
            .choose(rng)
            .expect("not empty"),
            age_range: Some((age, age + rng.random_range(4..=10))),
            stature_range_cm: Some((stature, stature + rng.random_range(5..=10))),
        }
    } else {
        BiologicalProfile::default()
    };
    let decision_year = steps
        .iter()
        .find(|s| s.to == LifecycleStatus::NationalityDetermined)
        .map_or(0, |s| 1970 + s.at.0 / (365 * DAY + DAY / 4));
    let assessment = if determined {
        NationalityAssessment {
            nationality,
            evidence: evidence(nationality).into(),
            committee_decision: Some(
                Phrase::new("sys-demo-committee-decision")
                    .text(
                        "reference",
                        format!("{decision_year}-{:03}", rng.random_range(1..=120)),
                    )
                    .stored(),
            ),
        }
    } else {
        NationalityAssessment::default()
    };
    let mut external = Vec::new();
    if examined {
        let n = rng.random_range(1..99_999);
        external.push(number("LIMS", format!("L-{}-{n:05}", recovered.year())));
    }
    if rng.random_bool(0.5) {
        external.push(number(
            "lab",
            format!("DNA-{:06}", rng.random_range(1..999_999)),
        ));
    }
    if recovered.year() < 2010 && rng.random_bool(0.6) {
        let n = rng.random_range(1..9_999);
        external.push(number(
            "MAKRI-legacy",
            format!("{:02}-{n:04}", recovered.year() % 100),
        ));
    }
    let last = steps.last().map_or(LifecycleStatus::Recovered, |s| s.to);
    let case = NewRemainsCase {
        accession: accession.to_owned(),
        site: RecoverySiteId(0),
        recovery_date: recovered,
        context: *[
            RecoveryContext::IndividualGrave,
            RecoveryContext::IndividualGrave,
            RecoveryContext::Commingled,
            RecoveryContext::SurfaceFind,
        ]
        .choose(rng)
        .expect("not empty"),
        inventory: SkeletalInventory {
            elements,
            completeness_pct: completeness,
        },
        profile,
        condition: CONDITIONS.choose(rng).expect("not empty").to_string(),
        nationality: assessment,
        storage_location: storage(rng, nationality, last),
        external_numbers: external,
        synthetic: true,
    };
    (case, steps, nationality)
}

fn number(scheme: &str, value: String) -> ExternalNumber {
    ExternalNumber {
        scheme: scheme.into(),
        value,
    }
}

fn evidence(n: Nationality) -> &'static str {
    match n {
        Nationality::Cpv => {
            "rubber-soled canvas shoes, CPV-issue buttons; found in a sector held by the CPV"
        }
        Nationality::Rok => {
            "ROK Army identification tag fragment, M1 cartridge cases, US-pattern boots"
        }
        Nationality::Kpa => "KPA belt buckle with star, PPSh-41 casings",
        _ => "identification tag, UN-issue equipment",
    }
}

fn storage(rng: &mut impl Rng, n: Nationality, last: LifecycleStatus) -> String {
    use LifecycleStatus::*;
    match (n, last) {
        (Nationality::Cpv, HandedOver) => Phrase::new("sys-storage-handed-over-prc").stored(),
        (Nationality::Cpv, Buried) => "Shenyang Cemetery of CPV Martyrs (after handover)".into(),
        (Nationality::Rok, Buried) => "Daejeon National Cemetery".into(),
        (Nationality::Kpa, Buried) => "Cemetery for North Korean soldiers, Jeokseong, Paju".into(),
        (Nationality::Un(s), HandedOver | Buried) => Phrase::new("sys-storage-returned")
            .text("state", s.code())
            .stored(),
        // The laboratory (named in the gazetteer) and a vault-shelf code that reads the same in
        // every language.
        _ => format!(
            "MAKRI central identification laboratory, {}-{:02}",
            ["A", "B", "C", "D", "E", "F"]
                .choose(rng)
                .expect("not empty"),
            rng.random_range(1..=40)
        ),
    }
}

/// The steps a case takes from `recovered`, stopping at a random point, at the first handover
/// that does not exist yet, at the demo's end, or before the first status a batch records. The 2022 handover is the `KR-CN-9` batch's
/// alone: a CPV case waits for the next one, and no other case is handed over on that day.
fn walk(rng: &mut impl Rng, n: Nationality, recovered: Timestamp) -> Vec<Step> {
    use LifecycleStatus::*;
    // Drawn for every ROK and UN case (the draw keeps the seed's sequence); only ROK soldiers
    // are on the demo's rolls, so only they can be identified.
    let identified = matches!(n, Nationality::Rok | Nationality::Un(_)) && rng.random_bool(0.4);
    let mut path = vec![Examined, NationalityDetermined];
    if identified && n == Nationality::Rok {
        path.push(Identified);
    }
    match n {
        Nationality::Cpv | Nationality::Un(_) => {
            path.extend([DesignatedForRepatriation, HandedOver])
        }
        _ => path.push(DesignatedForDomesticBurial),
    }
    path.push(Buried);
    let depth = match rng.random_range(0..100) {
        0..10 => 0,
        10..22 => 1,
        22..35 => 2,
        35..50 => 3,
        50..65 => 4,
        _ => path.len(),
    };
    let batch_day = batch2022::handover_date();
    let handovers: Vec<Timestamp> = historical_rok_china_handovers()
        .iter()
        .filter(|h| h.date != batch_day)
        .map(|h| at_hour(h.date, 10))
        .collect();
    let batch_day = at_hour(batch_day, 0);
    let mut at = recovered;
    let mut steps = Vec::new();
    for &to in path.iter().take(depth) {
        at = match (to, n) {
            (HandedOver, Nationality::Cpv) => match handovers.iter().find(|&&h| h > at) {
                Some(&h) => h,
                None => break,
            },
            _ => Timestamp(at.0 + rng.random_range(20..300) * DAY + rng.random_range(0..8) * 3600),
        };
        if to == HandedOver && (batch_day.0..batch_day.0 + DAY).contains(&at.0) {
            at = Timestamp(at.0 + DAY);
        }
        if at > DEMO_END {
            break;
        }
        let (actor, reason) = step_reason(to, n);
        steps.push(Step {
            to,
            actor,
            at,
            reason,
        });
    }
    // A walk stops before the statuses only a repatriation batch's steps record (designated for
    // repatriation, handed over, buried): the general registry's cases wait for a batch, and
    // the 2022 batch `KR-CN-9` is the demo's only one.
    if let Some(stop) = steps
        .iter()
        .position(|s| matches!(s.to, DesignatedForRepatriation | HandedOver | Buried))
    {
        steps.truncate(stop);
    }
    steps
}

/// Who takes a demo step to `to`, and the status note (a system text) they leave.
fn step_reason(to: LifecycleStatus, n: Nationality) -> (Role, String) {
    use LifecycleStatus::*;
    let (role, note) = match to {
        Examined => (Role::Anthropologist, Phrase::new("sys-note-demo-examined")),
        NationalityDetermined => (
            Role::Reviewer,
            Phrase::new("sys-note-demo-nationality").code("nationality", "nat", n.code()),
        ),
        Identified => (Role::Reviewer, Phrase::new("sys-note-demo-identified")),
        DesignatedForRepatriation => (
            Role::RepatriationOfficer,
            Phrase::new("sys-note-demo-repatriation"),
        ),
        DesignatedForDomesticBurial => (
            Role::RepatriationOfficer,
            Phrase::new("sys-note-demo-domestic-burial"),
        ),
        HandedOver => (
            Role::RepatriationOfficer,
            Phrase::new("sys-note-demo-handed-over"),
        ),
        Buried | Recovered => (Role::Custodian, Phrase::new("sys-note-demo-interred")),
    };
    (role, note.stored())
}
