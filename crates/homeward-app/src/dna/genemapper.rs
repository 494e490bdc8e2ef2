//! Remains profiles from the genotype table GeneMapper ID-X exports (read by
//! [`crate::dna_files::parse_genemapper`]): each sample, named by its case's accession number,
//! becomes the case's profile (one allele a homozygote, OL an unknown allele, a failed marker
//! absent). A sample with more than two alleles at two markers or more looks mixed: it is
//! stored, and held from screening (`Holds`) until a DNA analyst clears it.

use homeward_store::{HoldReason, NewHold, NewRemainsProfile, Store, StoreError, WriteContext};

use super::DnaError;
use super::convert::profile_to_json;
use crate::dna_files::parse_genemapper;

/// Markers with more than two alleles from which a sample is held as a possible mixture.
pub const MIXTURE_MARKERS: usize = 2;

/// What a GeneMapper import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneMapperImported {
    /// Profiles stored.
    pub profiles: u64,
    /// Samples held as possible mixtures, with the markers that showed more than two alleles.
    pub mixtures: Vec<(String, Vec<String>)>,
}

/// Whether `text` is a GeneMapper genotype table (tab-separated, a `Sample Name` column).
pub fn is_genemapper(text: &str) -> bool {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    header.contains('\t')
        && header.split('\t').any(|h| {
            h.trim()
                .trim_matches('"')
                .eq_ignore_ascii_case("Sample Name")
        })
}

/// Imports the table's samples as remains profiles, all or nothing, then holds the possible
/// mixtures.
pub async fn import_genemapper(
    store: &dyn Store,
    file: &str,
    text: &str,
    ctx: WriteContext,
) -> Result<GeneMapperImported, DnaError> {
    let samples = parse_genemapper(text).map_err(|e| DnaError::File {
        file: file.to_owned(),
        line: Some(e.line),
        field: e.field.clone(),
        reason: e.reason,
    })?;
    let first_line =
        |s: &crate::dna_files::TypedSample| s.markers.iter().chain(&s.y_loci).map(|m| m.line).min();
    let mut profiles = Vec::with_capacity(samples.len());
    for s in &samples {
        let profile = s.profile();
        if profile.is_empty() {
            return Err(DnaError::File {
                file: file.to_owned(),
                line: first_line(s),
                field: Some("Sample Name".to_owned()),
                reason: format!("{} has no autosomal marker typed", s.sample),
            });
        }
        profiles.push(NewRemainsProfile {
            sample: s.sample.clone(),
            kit: None,
            alleles_json: profile_to_json(&profile),
        });
    }
    let line_of = |sample: &str| {
        samples
            .iter()
            .find(|s| s.sample == sample)
            .and_then(first_line)
    };
    let stored = store
        .import_remains_profiles(&profiles, ctx)
        .await
        .map_err(|e| match e {
            StoreError::NotFound { key, .. } => DnaError::File {
                file: file.to_owned(),
                line: line_of(&key),
                field: Some("Sample Name".to_owned()),
                reason: format!(
                    "no remains case \"{key}\" in the registry (a sample is an accession number)"
                ),
            },
            StoreError::Conflict { key, .. } => DnaError::File {
                file: file.to_owned(),
                line: line_of(&key),
                field: Some("Sample Name".to_owned()),
                reason: format!("sample \"{key}\" already has a profile in the registry"),
            },
            other => other.into(),
        })?;
    let mixtures: Vec<(String, Vec<String>)> = samples
        .iter()
        .map(|s| {
            let markers: Vec<String> = s.mixture_markers().into_iter().map(str::to_owned).collect();
            (s.sample.clone(), markers)
        })
        .filter(|(_, markers)| markers.len() >= MIXTURE_MARKERS)
        .collect();
    let holds: Vec<NewHold> = mixtures
        .iter()
        .map(|(sample, markers)| NewHold {
            sample: sample.clone(),
            reason: HoldReason::Mixture,
            detail: markers.join(", "),
        })
        .collect();
    if !holds.is_empty() {
        store.raise_holds(&holds, ctx).await?;
    }
    Ok(GeneMapperImported {
        profiles: stored,
        mixtures,
    })
}
