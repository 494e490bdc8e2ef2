#![doc = include_str!("../README.md")]

pub mod batch;
pub mod cli;
pub mod import;
pub mod pg;
pub mod registry;
