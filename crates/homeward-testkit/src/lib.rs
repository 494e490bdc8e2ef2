#![doc = include_str!("../README.md")]

pub mod batch;
pub mod cli;
pub mod import;
pub mod pg;
pub mod registry;
pub mod skip;

pub use skip::skip;

/// A typed key (an accession number, a site or batch code, a username) from a test's text.
pub fn key<K: std::str::FromStr>(text: impl AsRef<str>) -> K
where
    K::Err: std::fmt::Debug,
{
    text.as_ref().parse().expect("test keys are valid")
}
