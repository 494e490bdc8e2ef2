//! The keys the registry is looked up by — accession numbers, site and batch codes, usernames —
//! as types that exist only once [`Identifier::check`] accepted them, so that a look-alike or a
//! path-climbing string never reaches a store query as a key, and a signature says which key it
//! takes rather than `&str`.

use std::fmt;
use std::str::FromStr;

use crate::{DomainError, Identifier};

/// Defines a key newtype checked as `$kind`: `parse`, `as_str`, `Display`, `FromStr`,
/// `AsRef<str>` and comparison with `str`.
macro_rules! key {
    ($(#[$doc:meta])* $name:ident, $kind:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The key, once its characters and length pass the identifier's check.
            pub fn parse(value: &str) -> Result<Self, DomainError> {
                $kind.check(value)?;
                Ok($name(value.to_owned()))
            }

            /// The key as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl FromStr for $name {
            type Err = DomainError;

            fn from_str(value: &str) -> Result<Self, DomainError> {
                Self::parse(value)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

key!(
    /// A remains case's accession number, e.g. `HW-2019-0001`.
    Accession,
    Identifier::Accession
);
key!(
    /// A recovery site's code, e.g. `CW-001`.
    SiteCode,
    Identifier::SiteCode
);
key!(
    /// A repatriation batch's code, e.g. `KR-CN-9`.
    BatchCode,
    Identifier::BatchCode
);
key!(
    /// A login name, e.g. `kim.anthro`.
    Username,
    Identifier::Username
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_only_from_a_checked_identifier() {
        let accession = Accession::parse("HW-2019-0001").unwrap();
        assert_eq!(
            (accession.as_str(), accession.to_string()),
            ("HW-2019-0001", "HW-2019-0001".to_owned())
        );
        assert_eq!("KR-CN-9".parse::<BatchCode>().unwrap(), "KR-CN-9");
        for bad in ["", "../etc", "HW\u{200B}1", "a/b", "-x"] {
            let err = Accession::parse(bad).unwrap_err();
            assert!(err.to_string().contains("accession"), "{bad:?}: {err}");
        }
        let err = Username::parse("kim anthro").unwrap_err();
        assert!(err.to_string().contains("username"), "{err}");
        let err = SiteCode::parse("CW/001").unwrap_err();
        assert!(err.to_string().contains("code"), "{err}");
    }
}
