//! The public dashboard: the historical handovers and the registry's totals, as API ([`api`])
//! and as the home page ([`page`]).

pub mod api;
pub mod dto;
pub mod page;
