//! Synthetic DNA for the demo and `homeward bench match` (seeded, reproducible): a clearly
//! labelled synthetic frequency table on the markers of a common 23-locus kit, and families
//! with the relationship mix of Chinese People's Volunteers' families 70 years on — the soldier
//! died young, so his living relatives are mostly sons, daughters, grandchildren, nephews and
//! nieces, and a few very old brothers — each reference simulated on its pedigree by the
//! kinship engine's `simulate_marker`, and the missing person's own profile kept where the
//! caller asks for it (to make remains that are some family's missing person).

use std::collections::BTreeMap;

use homeward_kinship::bench::synthetic_table;
use homeward_kinship::simulate::{AlleleSampler, simulate_marker};
use homeward_kinship::{AlleleFrequencies, FrequencyTable, PedigreeEntry, ReferencePedigree, Sex};
use homeward_store::{ClaimedIdentity, NewFamily};
use rand::Rng;
use serde_json::json;

/// The name of the synthetic table: it must never pass for a population sample.
pub const SYNTHETIC_TABLE_NAME: &str = "Synthetic demo table (not a population sample)";

/// The markers of the synthetic table (a 23-locus autosomal kit's names; invented frequencies).
const MARKERS: [&str; 23] = [
    "CSF1PO", "D10S1248", "D12S391", "D13S317", "D16S539", "D18S51", "D19S433", "D1S1656",
    "D21S11", "D22S1045", "D2S1338", "D2S441", "D3S1358", "D5S818", "D7S820", "D8S1179", "FGA",
    "PentaD", "PentaE", "SE33", "TH01", "TPOX", "vWA",
];

/// The synthetic table (seeded): 8–20 alleles per marker with invented frequencies.
pub fn synthetic_frequency_table(seed: u64) -> FrequencyTable {
    let generic = synthetic_table(MARKERS.len(), seed);
    let markers = generic
        .markers()
        .iter()
        .zip(MARKERS)
        .map(|(m, name)| {
            let alleles = m.names().iter().cloned().zip(m.freqs().iter().copied());
            AlleleFrequencies::new(name, alleles.collect()).expect("positive frequencies")
        })
        .collect();
    FrequencyTable::new(markers).expect("distinct names")
}

/// One person of a shape: id, sex, (father, mother).
type Person = (&'static str, Sex, Option<(&'static str, &'static str)>);

/// Who in a family gives references for the missing person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// His son.
    Son,
    /// His daughter.
    Daughter,
    /// A son and a daughter.
    SonAndDaughter,
    /// A son's son.
    Grandson,
    /// A son's daughter.
    Granddaughter,
    /// A son and a grandchild by him.
    SonAndGrandchild,
    /// A brother's son.
    Nephew,
    /// A sister's daughter.
    Niece,
    /// A brother's son and daughter.
    NephewAndNiece,
    /// His (very old) brother.
    Brother,
}

/// The mix (weights out of 100).
const MIX: [(u32, Relation); 10] = [
    (16, Relation::Son),
    (14, Relation::Daughter),
    (6, Relation::SonAndDaughter),
    (9, Relation::Grandson),
    (7, Relation::Granddaughter),
    (5, Relation::SonAndGrandchild),
    (18, Relation::Nephew),
    (14, Relation::Niece),
    (6, Relation::NephewAndNiece),
    (5, Relation::Brother),
];

impl Relation {
    /// A relation drawn from the mix.
    pub fn draw(rng: &mut impl Rng) -> Relation {
        let mut pick = rng.random_range(0..100u32);
        for (w, r) in MIX {
            if pick < w {
                return r;
            }
            pick -= w;
        }
        Relation::Son
    }

    /// The pedigree (id, sex, parents) with the missing person `MP`, and the references.
    fn shape(self) -> (Vec<Person>, Vec<&'static str>) {
        let (m, f) = (Sex::Male, Sex::Female);
        let children = |kids: &[(&'static str, Sex)]| {
            let mut p = vec![("MP", m, None), ("W", f, None)];
            p.extend(kids.iter().map(|&(id, sex)| (id, sex, Some(("MP", "W")))));
            p
        };
        let grandchildren = |sex: Sex| {
            let mut p = children(&[("S", m)]);
            p.extend([("SW", f, None), ("G", sex, Some(("S", "SW")))]);
            p
        };
        let siblings = |kids: &[(&'static str, Sex, (&'static str, &'static str))]| {
            let mut p = vec![
                ("GF", m, None),
                ("GM", f, None),
                ("MP", m, Some(("GF", "GM"))),
            ];
            p.extend(
                kids.iter()
                    .map(|&(id, sex, parents)| (id, sex, Some(parents))),
            );
            p
        };
        let brother = ("B", m, ("GF", "GM"));
        let in_law = |id: &'static str, sex: Sex| (id, sex, None);
        match self {
            Relation::Son => (children(&[("S", m)]), vec!["S"]),
            Relation::Daughter => (children(&[("D", f)]), vec!["D"]),
            Relation::SonAndDaughter => (children(&[("S", m), ("D", f)]), vec!["S", "D"]),
            Relation::Grandson => (grandchildren(m), vec!["G"]),
            Relation::Granddaughter => (grandchildren(f), vec!["G"]),
            Relation::SonAndGrandchild => (grandchildren(m), vec!["S", "G"]),
            Relation::Nephew => {
                let mut p = siblings(&[brother, ("N", m, ("B", "BW"))]);
                p.insert(4, in_law("BW", f));
                (p, vec!["N"])
            }
            Relation::Niece => {
                let mut p = siblings(&[("Z", f, ("GF", "GM")), ("N", f, ("ZH", "Z"))]);
                p.insert(4, in_law("ZH", m));
                (p, vec!["N"])
            }
            Relation::NephewAndNiece => {
                let mut p = siblings(&[brother, ("N", m, ("B", "BW")), ("N2", f, ("B", "BW"))]);
                p.insert(4, in_law("BW", f));
                (p, vec!["N", "N2"])
            }
            Relation::Brother => (siblings(&[brother]), vec!["B"]),
        }
    }
}

/// A generated family: the record to import, its relation, and the missing person's own
/// profile when it was kept.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticFamily {
    /// The family to import.
    pub family: NewFamily,
    /// Who gives references.
    pub relation: Relation,
    /// The missing person's full profile (`{marker: [a, b]}`), when asked for.
    pub missing: Option<String>,
}

/// One family `id` drawn from the mix, its references simulated on its pedigree with `table`'s
/// frequencies; `keep_missing` keeps the missing person's profile.
pub fn synthetic_family(
    table: &FrequencyTable,
    samplers: &[AlleleSampler],
    id: String,
    keep_missing: bool,
    rng: &mut impl Rng,
) -> SyntheticFamily {
    let relation = Relation::draw(rng);
    let (people, references) = relation.shape();
    let entries: Vec<PedigreeEntry> = people
        .iter()
        .map(|&(id, sex, parents)| PedigreeEntry {
            id: id.into(),
            sex,
            father: parents.map(|(f, _)| f.into()),
            mother: parents.map(|(_, m)| m.into()),
        })
        .collect();
    let pedigree = ReferencePedigree::new(&entries, "MP").expect("a valid shape");
    let who: Vec<usize> = references
        .iter()
        .map(|r| pedigree.index_of(r).expect("a member"))
        .collect();
    let mut calls: Vec<BTreeMap<&str, [&str; 2]>> = vec![BTreeMap::new(); who.len()];
    let mut missing = BTreeMap::new();
    let mut pairs = Vec::new();
    for (m, sampler) in table.markers().iter().zip(samplers) {
        simulate_marker(&pedigree, sampler, None, None, rng, &mut pairs);
        let name = |i: usize| m.names()[i].as_str();
        for (slot, &w) in who.iter().enumerate() {
            let (a, b) = pairs[w];
            calls[slot].insert(m.marker(), [name(a), name(b)]);
        }
        if keep_missing {
            let (a, b) = pairs[pedigree.missing()];
            missing.insert(m.marker(), [name(a), name(b)]);
        }
    }
    let pedigree_json = json!({
        "pedigree": people.iter().map(|&(id, sex, parents)| json!({
            "id": id,
            "sex": if sex == Sex::Male { "M" } else { "F" },
            "father": parents.map(|(f, _)| f),
            "mother": parents.map(|(_, m)| m),
        })).collect::<Vec<_>>(),
        "missing": "MP",
    });
    let family = NewFamily {
        id,
        claimed: ClaimedIdentity::default(),
        missing_person: None,
        pedigree_json: pedigree_json.to_string(),
        references: references
            .iter()
            .zip(&calls)
            .map(|(r, c)| {
                (
                    (*r).to_owned(),
                    serde_json::to_string(c).unwrap_or_default(),
                )
            })
            .collect(),
    };
    SyntheticFamily {
        family,
        relation,
        missing: keep_missing.then(|| serde_json::to_string(&missing).unwrap_or_default()),
    }
}

/// The samplers of `table`'s markers, for [`synthetic_family`] and [`unrelated_profile`].
pub fn samplers(table: &FrequencyTable) -> Vec<AlleleSampler> {
    table
        .markers()
        .iter()
        .map(|m| AlleleSampler::new(m.freqs()))
        .collect()
}

/// A person unrelated to every family: two alleles drawn from the table at each marker.
pub fn unrelated_profile(
    table: &FrequencyTable,
    samplers: &[AlleleSampler],
    rng: &mut impl Rng,
) -> String {
    let calls: BTreeMap<&str, [&str; 2]> = table
        .markers()
        .iter()
        .zip(samplers)
        .map(|(m, s)| {
            let (a, b) = (s.draw(rng), s.draw(rng));
            (m.marker(), [m.names()[a].as_str(), m.names()[b].as_str()])
        })
        .collect();
    serde_json::to_string(&calls).unwrap_or_default()
}

/// A partial profile of `full` (degraded bone): each marker kept with probability ½, at least
/// four kept.
pub fn partial_profile(full: &str, rng: &mut impl Rng) -> String {
    let calls: BTreeMap<String, serde_json::Value> = serde_json::from_str(full).unwrap_or_default();
    let mut kept: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    for (i, (marker, call)) in calls.iter().enumerate() {
        let left = calls.len() - i;
        if rng.random_bool(0.5) || kept.len() + left <= 4 {
            kept.insert(marker.clone(), call.clone());
        }
    }
    serde_json::to_string(&kept).unwrap_or_default()
}
