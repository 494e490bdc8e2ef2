//! Families and their pedigrees, as the DNA pages show them: the pedigree drawn as SVG
//! ([`svg`]).

pub mod svg;
