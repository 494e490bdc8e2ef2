//! The public roll of the missing: its search as API ([`api`]) and page ([`page`]), and new
//! entries (API). Only name forms, birth year, hometown, unit and the loss are ever shown.

pub mod api;
pub mod dto;
pub mod page;
