//! Logging in and out (the [`page`]s), and who is logged in (`GET /api/v1/me`, [`api`]).

pub mod api;
pub mod dto;
pub mod page;
