//! The audit log: the API ([`api`]) and the page ([`page`]).

pub mod api;
pub mod dto;
pub mod page;
