//! Recovery sites: the API ([`api`]), the pages ([`page`]) and their JSON ([`dto`]).

pub mod api;
pub mod dto;
pub mod page;
