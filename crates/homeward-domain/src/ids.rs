//! Typed identifiers, so a site's id can never be passed where a remains case's is expected.

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id_type!(
    /// A recovery site, as stored.
    RecoverySiteId
);
id_type!(
    /// A remains case, as stored (the accession number is the human-facing key).
    RemainsCaseId
);
id_type!(
    /// A personal effect, as stored.
    PersonalEffectId
);
id_type!(
    /// A person on the rolls of the missing.
    MissingPersonId
);
id_type!(
    /// An organization (ministry, laboratory, recovery agency).
    OrganizationId
);
id_type!(
    /// A user account.
    UserId
);
id_type!(
    /// A repatriation batch.
    RepatriationBatchId
);
