//! Direct matching: every remains profile against every other (issue 12, commingled graves).
//! Two cases whose profiles are one person's are a possible reassociation; a parent and child
//! or two full siblings among the dead are worth a look too. The pairs whose LR reaches the
//! threshold replace the stored ones (`RemainsRelations`), so each case's page can show them.
//!
//! - **Identity**: at each marker typed in full in both, the same genotype gives
//!   `1 / P(g)` (`p²` or `2pq`), another gives 0 and ends the pair; markers partial in either
//!   (a dropped allele) or absent are not compared. The LR is their product.
//! - **Parent and child**, **full siblings**: the screening engine, each remains standing as the
//!   one typed member of a two-generation pedigree (a child, or a sibling) and every other
//!   remains as its missing person, without mutation (a Mendelian inconsistency excludes).
//!
//! A pair needs at least `min_markers` markers compared in both; the frequency database is the
//! one named, or the one imported last.

use std::collections::{BTreeMap, HashMap};

use homeward_kinship::FrequencyTable;
use homeward_kinship::screen::{self, Profile, RemainsProfile, ScreeningModel};
use homeward_store::{NewRemainsRelation, RemainsRelationKind, Store};
use serde_json::json;

use super::DnaError;
use super::convert::{profile_from_json, profile_to_json};
use super::run::frequency_database;
use crate::{Clock, Progress};

/// What a direct match takes.
#[derive(Debug, Clone)]
pub struct DirectOptions {
    /// Keep the pairs whose LR reaches this.
    pub min_lr: f64,
    /// Markers both profiles must have typed for a pair to count.
    pub min_markers: usize,
    /// `NAME` or `NAME@VERSION`; `None`: the database imported last.
    pub frequencies: Option<String>,
    /// Frequency of alleles absent from the database (the relatives' LRs refuse them without
    /// one); `None`: the database's own.
    pub rare_allele_frequency: Option<f64>,
}

/// The identity LR of two profiles and the markers it compared; `None` when a marker excludes.
pub fn identity_lr(a: &Profile, b: &Profile, table: &FrequencyTable) -> Option<(f64, usize)> {
    let b: HashMap<&str, &[Option<String>; 2]> = b.iter().map(|(m, g)| (m.as_str(), g)).collect();
    let mut lr = 1.0;
    let mut compared = 0;
    for (marker, [a1, a2]) in a {
        let (Some(a1), Some(a2)) = (a1, a2) else {
            continue;
        };
        let Some([Some(b1), Some(b2)]) = b.get(marker.as_str()).copied() else {
            continue;
        };
        let Some(freqs) = table.get(marker) else {
            continue;
        };
        let same = (a1 == b1 && a2 == b2) || (a1 == b2 && a2 == b1);
        if !same {
            return None;
        }
        let p = |allele: &str| freqs.index_of(allele).map(|i| freqs.freqs()[i]);
        let (Some(p1), Some(p2)) = (p(a1), p(a2)) else {
            continue;
        };
        let genotype = if a1 == a2 { p1 * p1 } else { 2.0 * p1 * p2 };
        lr /= genotype;
        compared += 1;
    }
    Some((lr, compared))
}

/// Markers typed (at least one allele) in both.
fn shared_markers(a: &Profile, b: &Profile) -> usize {
    let typed = |p: &Profile| -> BTreeMap<String, bool> {
        p.iter()
            .map(|(m, [x, y])| (m.clone(), x.is_some() || y.is_some()))
            .collect()
    };
    let (a, b) = (typed(a), typed(b));
    a.iter()
        .filter(|(m, t)| **t && b.get(*m) == Some(&true))
        .count()
}

/// The pedigree in which `remains` is the one typed member and the missing person is its
/// parent (`ParentChild`) or its full sibling (`FullSibling`), as the families JSON writes it.
fn relative_family(
    kind: RemainsRelationKind,
    accession: &str,
    profile: &Profile,
) -> serde_json::Value {
    let typed: serde_json::Value =
        serde_json::from_str(&profile_to_json(profile)).unwrap_or_else(|_| json!({}));
    let (pedigree, missing) = match kind {
        RemainsRelationKind::ParentChild => (
            json!([
                {"id": "P", "sex": "M"}, {"id": "Q", "sex": "F"},
                {"id": "R", "sex": "M", "father": "P", "mother": "Q"}
            ]),
            "P",
        ),
        _ => (
            json!([
                {"id": "F", "sex": "M"}, {"id": "M", "sex": "F"},
                {"id": "S", "sex": "M", "father": "F", "mother": "M"},
                {"id": "R", "sex": "M", "father": "F", "mother": "M"}
            ]),
            "S",
        ),
    };
    json!({
        "id": format!("{}|{accession}", kind.code()),
        "pedigree": pedigree,
        "missing": missing,
        "references": { "R": typed },
    })
}

/// Every related pair among `remains`, strongest first.
pub fn find_relations(
    remains: &[RemainsProfile],
    table: &FrequencyTable,
    options: &DirectOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<NewRemainsRelation>, DnaError> {
    let mut found: BTreeMap<(String, String, RemainsRelationKind), NewRemainsRelation> =
        BTreeMap::new();
    let mut keep = |a: &str, b: &str, relation, lr: f64, compared: usize| {
        if a == b || compared < options.min_markers || lr.is_nan() || lr < options.min_lr {
            return;
        }
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        let key = (a.to_owned(), b.to_owned(), relation);
        found.entry(key).or_insert_with(|| NewRemainsRelation {
            remains_a: a.to_owned(),
            remains_b: b.to_owned(),
            relation,
            lr,
            markers_compared: compared as i64,
        });
    };
    for (i, a) in remains.iter().enumerate() {
        for b in &remains[i + 1..] {
            if let Some((lr, compared)) = identity_lr(&a.profile, &b.profile, table) {
                keep(&a.id, &b.id, RemainsRelationKind::Identity, lr, compared);
            }
        }
    }
    let profiles: HashMap<&str, &Profile> = remains
        .iter()
        .map(|r| (r.id.as_str(), &r.profile))
        .collect();
    for kind in [
        RemainsRelationKind::ParentChild,
        RemainsRelationKind::FullSibling,
    ] {
        let families: Vec<serde_json::Value> = remains
            .iter()
            .map(|r| relative_family(kind, &r.id, &r.profile))
            .collect();
        let families =
            screen::parse_families_json(&serde_json::Value::Array(families).to_string())?;
        let candidates = screen::screen(
            remains,
            &families,
            table,
            &ScreeningModel {
                rare_allele_frequency: options.rare_allele_frequency,
                ..ScreeningModel::default()
            },
            options.min_lr,
            remains.len().max(1),
            progress,
        )?;
        for c in candidates {
            let Some((_, other)) = c.family.split_once('|') else {
                continue;
            };
            let compared = match (profiles.get(c.remains.as_str()), profiles.get(other)) {
                (Some(a), Some(b)) => shared_markers(a, b),
                _ => 0,
            };
            keep(&c.remains, other, kind, c.lr, compared);
        }
    }
    let mut out: Vec<NewRemainsRelation> = found.into_values().collect();
    out.sort_by(|x, y| {
        y.lr.total_cmp(&x.lr)
            .then_with(|| (&x.remains_a, &x.remains_b).cmp(&(&y.remains_a, &y.remains_b)))
    });
    Ok(out)
}

/// Finds the related pairs among the stored remains profiles and stores them in place of the
/// last ones; returns them.
pub async fn direct_match(
    store: &dyn Store,
    options: &DirectOptions,
    progress: &dyn Progress,
    clock: &dyn Clock,
) -> Result<Vec<NewRemainsRelation>, DnaError> {
    if !(options.min_lr.is_finite() && options.min_lr > 0.0) {
        return Err(DnaError::Option(format!(
            "--min-lr: {} is not a positive number",
            options.min_lr
        )));
    }
    let db = frequency_database(store, options.frequencies.as_deref()).await?;
    let table = FrequencyTable::from_json_str(&db.markers_json)?;
    let options = &DirectOptions {
        rare_allele_frequency: options.rare_allele_frequency.or(db.rare_allele_frequency),
        ..options.clone()
    };
    progress.stage("reading remains profiles", 0);
    let mut remains = store
        .remains_profiles()
        .await?
        .iter()
        .map(|p| {
            Ok(RemainsProfile {
                id: p.sample.clone(),
                profile: profile_from_json(&p.alleles_json, &p.sample)?,
            })
        })
        .collect::<Result<Vec<_>, DnaError>>()?;
    // Held profiles (contamination, mixture) are compared with nothing.
    let held = super::guard::held_samples(store, &remains, clock.write(None)).await?;
    remains.retain(|r| !held.contains(&r.id));
    progress.stage("comparing remains with remains", remains.len() as u64);
    let found = find_relations(&remains, &table, options, &|_, _| {})?;
    store
        .replace_remains_relations(&found, db.id, clock.write(None))
        .await?;
    progress.finish();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Eight markers, alleles 1–4 at 0.1, 0.2, 0.3, 0.4.
    fn table() -> FrequencyTable {
        let marker = r#"{"1": 0.1, "2": 0.2, "3": 0.3, "4": 0.4}"#;
        let markers: Vec<String> = (1..=8).map(|m| format!("\"M{m}\": {marker}")).collect();
        FrequencyTable::from_json_str(&format!("{{\"markers\": {{{}}}}}", markers.join(",")))
            .unwrap()
    }

    fn person(id: &str, a: &str, b: Option<&str>) -> RemainsProfile {
        RemainsProfile {
            id: id.to_owned(),
            profile: (1..=8)
                .map(|m| (format!("M{m}"), [Some(a.to_owned()), b.map(str::to_owned)]))
                .collect(),
        }
    }

    fn options() -> DirectOptions {
        DirectOptions {
            min_lr: 100.0,
            min_markers: 6,
            frequencies: None,
            rare_allele_frequency: None,
        }
    }

    fn lr_of(
        found: &[NewRemainsRelation],
        a: &str,
        b: &str,
        kind: RemainsRelationKind,
    ) -> Option<f64> {
        found
            .iter()
            .find(|r| r.remains_a == a && r.remains_b == b && r.relation == kind)
            .map(|r| r.lr)
    }

    /// Two cases of one man (1/2 everywhere), his child (1/3), and a stranger (4/4); the
    /// LRs by hand: identity 1/(2·0.1·0.2) = 25 a marker; parent and child sharing allele 1,
    /// 1/(4·p1) = 2.5 a marker; the stranger shares no allele, so no parent or child of his.
    #[test]
    fn one_man_twice_and_his_child_are_found_with_the_hand_worked_lrs() {
        let remains = [
            person("HW-A", "1", Some("2")),
            person("HW-B", "1", Some("2")),
            person("HW-C", "1", Some("3")),
            person("HW-U", "4", Some("4")),
        ];
        let found = find_relations(&remains, &table(), &options(), &|_, _| {}).unwrap();
        let identity = lr_of(&found, "HW-A", "HW-B", RemainsRelationKind::Identity).unwrap();
        assert!((identity / 25f64.powi(8) - 1.0).abs() < 1e-12, "{identity}");
        let po = lr_of(&found, "HW-A", "HW-C", RemainsRelationKind::ParentChild).unwrap();
        assert!((po / 2.5f64.powi(8) - 1.0).abs() < 1e-9, "{po}");
        assert!(lr_of(&found, "HW-A", "HW-C", RemainsRelationKind::Identity).is_none());
        assert!(
            found
                .iter()
                .all(|r| r.remains_a != "HW-U" && r.remains_b != "HW-U"),
            "{found:?}"
        );
        assert!(found.iter().all(|r| r.remains_a < r.remains_b));
        assert!(
            found.windows(2).all(|w| w[0].lr >= w[1].lr),
            "strongest first"
        );
        assert_eq!(found[0].relation, RemainsRelationKind::Identity);
    }

    /// A dropped allele is not compared for identity; too few markers compared is no match.
    #[test]
    fn partial_markers_are_not_compared_and_too_few_markers_are_no_match() {
        let a = person("HW-A", "1", Some("2"));
        let mut b = person("HW-B", "1", Some("2"));
        for call in b.profile.iter_mut().take(3) {
            call.1[1] = None;
        }
        let (lr, compared) = identity_lr(&a.profile, &b.profile, &table()).unwrap();
        assert_eq!(compared, 5);
        assert!((lr / 25f64.powi(5) - 1.0).abs() < 1e-12);
        let found = find_relations(&[a, b], &table(), &options(), &|_, _| {}).unwrap();
        assert!(
            lr_of(&found, "HW-A", "HW-B", RemainsRelationKind::Identity).is_none(),
            "5 < 6 markers"
        );
    }
}
