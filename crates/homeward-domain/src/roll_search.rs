//! The rules of a search of the public roll of the missing: how short a name may be searched and
//! how far results may be paged.
//!
//! A one-letter query would gather thousands of candidates and match nobody in particular, and a
//! deep page would make every request rank what nobody reads; both are refused with the
//! parameter named, so the web answers 400 and the page says what to type instead.

use crate::{DomainError, NameQuery};

/// The fewest characters (after folding: spaces, hyphens and case dropped) a name search needs.
pub const MIN_QUERY_CHARS: usize = 2;
/// The most results one page of a search returns.
pub const MAX_PAGE_SIZE: u32 = 100;
/// The most results a search may skip (so at most the best 200 matches are reachable).
pub const MAX_OFFSET: u32 = 100;

/// Why a search of the rolls is refused; each names the query parameter at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchRefusal {
    /// The name is shorter than [`MIN_QUERY_CHARS`].
    #[error(
        "q: \"{query}\" is too short to search; give at least {MIN_QUERY_CHARS} letters or \
         characters of a name (a surname and a given name, e.g. 王德 or wang)"
    )]
    QueryTooShort {
        /// The query as typed.
        query: String,
    },
    /// More results per page than [`MAX_PAGE_SIZE`].
    #[error("limit: {limit} results per page is more than the {MAX_PAGE_SIZE} allowed")]
    PageTooLarge {
        /// The page size asked for.
        limit: u32,
    },
    /// A page further than [`MAX_OFFSET`] results in.
    #[error(
        "offset: {offset} is past the {MAX_OFFSET} results a search may skip; search for a \
         longer name instead"
    )]
    OffsetTooLarge {
        /// The offset asked for.
        offset: u32,
    },
}

impl SearchRefusal {
    /// The query parameter at fault (`q`, `limit` or `offset`).
    pub fn parameter(&self) -> &'static str {
        match self {
            SearchRefusal::QueryTooShort { .. } => "q",
            SearchRefusal::PageTooLarge { .. } => "limit",
            SearchRefusal::OffsetTooLarge { .. } => "offset",
        }
    }
}

impl From<SearchRefusal> for DomainError {
    fn from(refusal: SearchRefusal) -> Self {
        let reason = refusal.to_string();
        let reason = reason
            .split_once(": ")
            .map_or(reason.clone(), |(_, r)| r.to_owned());
        DomainError::InvalidField {
            field: refusal.parameter(),
            reason,
        }
    }
}

/// Folds a query and checks its length: `Ok(None)` when nothing searchable remains (no search),
/// a refusal when it has fewer than [`MIN_QUERY_CHARS`] characters.
pub fn check_name_query(text: &str) -> Result<Option<NameQuery>, SearchRefusal> {
    let Some(query) = NameQuery::new(text) else {
        return Ok(None);
    };
    if query.folded().chars().count() < MIN_QUERY_CHARS {
        return Err(SearchRefusal::QueryTooShort {
            query: text.trim().to_owned(),
        });
    }
    Ok(Some(query))
}

/// A page of search results: how many to skip and how many to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResultPage {
    offset: u32,
    limit: u32,
}

impl ResultPage {
    /// Checks a requested page; `limit` defaults to `default_limit`, `offset` to 0. A limit of 0
    /// is read as the default.
    pub fn new(
        offset: Option<u32>,
        limit: Option<u32>,
        default_limit: u32,
    ) -> Result<Self, SearchRefusal> {
        let limit = match limit {
            None | Some(0) => default_limit,
            Some(l) if l > MAX_PAGE_SIZE => return Err(SearchRefusal::PageTooLarge { limit: l }),
            Some(l) => l,
        };
        let offset = offset.unwrap_or(0);
        if offset > MAX_OFFSET {
            return Err(SearchRefusal::OffsetTooLarge { offset });
        }
        Ok(ResultPage { offset, limit })
    }

    /// Results skipped.
    pub fn offset(&self) -> u32 {
        self.offset
    }

    /// Results returned at most.
    pub fn limit(&self) -> u32 {
        self.limit
    }

    /// How many of the best matches must be ranked to fill this page.
    pub fn end(&self) -> u32 {
        self.offset + self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_character_is_too_short_and_two_are_enough() {
        for short in ["王", "w", " W ", "w-"] {
            let refusal = check_name_query(short).unwrap_err();
            assert_eq!(refusal.parameter(), "q", "{short}");
        }
        for ok in ["王德", "wa", "Wáng", "왕덕"] {
            assert!(check_name_query(ok).unwrap().is_some(), "{ok}");
        }
        assert_eq!(check_name_query(" - ").unwrap(), None);
    }

    #[test]
    fn pages_are_bounded_and_name_their_parameter() {
        let page = ResultPage::new(None, None, 20).unwrap();
        assert_eq!((page.offset(), page.limit(), page.end()), (0, 20, 20));
        let last = ResultPage::new(Some(MAX_OFFSET), Some(MAX_PAGE_SIZE), 20).unwrap();
        assert_eq!(last.end(), 200);
        let big = ResultPage::new(None, Some(MAX_PAGE_SIZE + 1), 20).unwrap_err();
        assert_eq!(big.parameter(), "limit");
        let deep = ResultPage::new(Some(MAX_OFFSET + 1), None, 20).unwrap_err();
        assert_eq!(deep.parameter(), "offset");
        let domain = DomainError::from(deep);
        assert!(
            domain.to_string().starts_with("offset: 101 is past"),
            "{domain}"
        );
    }
}
