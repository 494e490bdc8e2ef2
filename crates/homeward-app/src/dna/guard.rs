//! The contamination guard before every screen: each remains profile is compared with the
//! elimination database (laboratory and field staff, consumables lots); one consistent with an
//! elimination profile at enough markers gets a hold, and every profile with an open hold
//! (contamination or mixture) is left out of the screen until a DNA analyst clears it. It runs
//! inside the screening use cases, so no path screens an unchecked profile.

use std::collections::HashSet;

use homeward_kinship::screen::{Profile, RemainsProfile};
use homeward_store::{
    EliminationKind, HoldReason, NewEliminationProfile, NewHold, Store, StoreError, WriteContext,
};

use super::DnaError;
use super::convert::{profile_from_json, profile_to_json};
use crate::kinship_input::{RemainsCsvError, parse_remains_csv};

/// Markers an elimination match needs (typed in both): fewer say too little.
pub const MIN_ELIMINATION_MARKERS: usize = 6;

/// The markers compared when every allele `remains` shows at each marker typed in both lies in
/// `other`'s genotype there (a dropped allele is no difference; two known alleles must be
/// `other`'s two); `None` at the first marker that differs.
pub fn consistent_with(remains: &Profile, other: &Profile) -> Option<usize> {
    let mut compared = 0;
    for (marker, calls) in remains {
        let Some((_, theirs)) = other.iter().find(|(m, _)| m == marker) else {
            continue;
        };
        let mine: Vec<&str> = calls.iter().flatten().map(String::as_str).collect();
        let theirs: Vec<&str> = theirs.iter().flatten().map(String::as_str).collect();
        if mine.is_empty() || theirs.is_empty() {
            continue;
        }
        compared += 1;
        if mine.iter().any(|a| !theirs.contains(a)) {
            return None;
        }
        if mine.len() == 2 && theirs.len() == 2 {
            let (mut a, mut b) = (mine.clone(), theirs.clone());
            a.sort_unstable();
            b.sort_unstable();
            if a != b {
                return None;
            }
        }
    }
    Some(compared)
}

/// Raises a hold on every profile of `remains` consistent with an elimination profile, and
/// returns the samples with an open hold (to be left out of the screen).
pub async fn held_samples(
    store: &dyn Store,
    remains: &[RemainsProfile],
    ctx: WriteContext,
) -> Result<HashSet<String>, DnaError> {
    let elimination = store
        .elimination_profiles()
        .await?
        .into_iter()
        .map(|e| Ok((profile_from_json(&e.alleles_json, &e.code)?, e.code)))
        .collect::<Result<Vec<(Profile, String)>, DnaError>>()?;
    let holds: Vec<NewHold> = remains
        .iter()
        .flat_map(|r| {
            elimination.iter().filter_map(move |(profile, code)| {
                consistent_with(&r.profile, profile)
                    .filter(|&n| n >= MIN_ELIMINATION_MARKERS)
                    .map(|_| NewHold {
                        sample: r.id.clone(),
                        reason: HoldReason::Contamination,
                        detail: code.clone(),
                    })
            })
        })
        .collect();
    if !holds.is_empty() {
        store.raise_holds(&holds, ctx).await?;
    }
    Ok(store
        .holds(true)
        .await?
        .into_iter()
        .map(|h| h.hold.sample)
        .collect())
}

/// Imports elimination profiles of `kind` from the long CSV (`sample,marker,allele1,allele2`,
/// the sample being the staff member's or the lot's code), all or nothing; returns how many.
pub async fn import_elimination(
    store: &dyn Store,
    file: &str,
    text: &str,
    kind: EliminationKind,
    ctx: WriteContext,
) -> Result<u64, DnaError> {
    let profiles = parse_remains_csv(text).map_err(|e| match e {
        RemainsCsvError::Row { line, reason } => DnaError::File {
            file: file.to_owned(),
            line: Some(line),
            field: None,
            reason,
        },
        RemainsCsvError::Field {
            line,
            field,
            reason,
        } => DnaError::File {
            file: file.to_owned(),
            line: Some(line),
            field: Some(field.to_owned()),
            reason,
        },
    })?;
    let new: Vec<NewEliminationProfile> = profiles
        .iter()
        .map(|p| NewEliminationProfile {
            code: p.id.clone(),
            kind,
            alleles_json: profile_to_json(&p.profile),
        })
        .collect();
    store
        .import_elimination_profiles(&new, ctx)
        .await
        .map_err(|e| match e {
            StoreError::Conflict { key, .. } => DnaError::File {
                file: file.to_owned(),
                line: None,
                field: Some("sample".to_owned()),
                reason: format!("elimination profile {key} is already in the database"),
            },
            other => other.into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(calls: &[(&str, Option<&str>, Option<&str>)]) -> Profile {
        calls
            .iter()
            .map(|(m, a, b)| (m.to_string(), [a.map(str::to_owned), b.map(str::to_owned)]))
            .collect()
    }

    #[test]
    fn a_profile_is_consistent_only_where_every_allele_it_shows_is_the_others() {
        let analyst = profile(&[
            ("A", Some("7"), Some("9")),
            ("B", Some("12"), Some("12")),
            ("C", Some("5"), Some("6")),
        ]);
        let same = profile(&[("A", Some("9"), Some("7")), ("B", Some("12"), Some("12"))]);
        assert_eq!(consistent_with(&same, &analyst), Some(2));
        // A dropped allele is no difference; an untyped marker is not compared.
        let partial = profile(&[
            ("A", Some("7"), None),
            ("C", None, None),
            ("D", Some("1"), Some("2")),
        ]);
        assert_eq!(consistent_with(&partial, &analyst), Some(1));
        let other = profile(&[("A", Some("7"), Some("8"))]);
        assert_eq!(consistent_with(&other, &analyst), None);
        // Both alleles known: the genotype must be the analyst's, not a subset of it.
        let hom = profile(&[("A", Some("7"), Some("7"))]);
        assert_eq!(consistent_with(&hom, &analyst), None);
    }
}
