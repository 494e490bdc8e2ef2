//! The gazetteer: the names of places and units in Korean, Chinese and English. The API reads it
//! (public: the public pages show these names) and writes it ([`api`]); the page lists every
//! name the records carry with its forms, finds those that lack a language, and lets those who
//! enter names translate them ([`page`]).

pub mod api;
pub mod page;
