//! Handling events in the custody ledger (moved, stored, sampled, sealed), recorded by the API
//! ([`api`]) and the form under the case page's custody timeline ([`page`]) through the same
//! input ([`dto::CustodyEventInput`]). The timeline itself is read with the case
//! ([`crate::remains::custody_named`]).

pub mod api;
pub mod dto;
pub mod page;
