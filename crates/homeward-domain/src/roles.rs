//! Roles and what each may do. Every route and command names the permission it needs;
//! anonymous visitors may only search the public roll.

use crate::DomainError;
use crate::remains::parse_code;

/// A user's role in the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// Manages users, organizations and everything else.
    Administrator,
    /// Records sites, remains and effects from the field.
    RecoveryOfficer,
    /// Examines remains: inventory, biological profile.
    Anthropologist,
    /// Works with DNA profiles and kinship.
    DnaAnalyst,
    /// Keeps the remains: storage, custody.
    Custodian,
    /// Prepares and carries out handovers between states.
    RepatriationOfficer,
    /// Sits on the review committee (nationality, identification).
    Reviewer,
    /// Reads everything that is not family-private (no DNA, no family's contact); writes
    /// nothing.
    Viewer,
    /// Contacts families: registrations, contact details, invitations to give a sample.
    FamilyLiaison,
}

/// Something a request wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read the registry (sites, remains, effects, history, handovers).
    ReadRegistry,
    /// Create or edit recovery sites.
    WriteSites,
    /// Accession new remains cases and record effects.
    WriteRemains,
    /// Change a case's examination data (inventory, profile).
    Examine,
    /// Record the nationality assessment and committee decision.
    DecideNationality,
    /// Move a case along its lifecycle.
    ChangeStatus,
    /// Edit the rolls of the missing.
    WriteMissing,
    /// Read the audit log.
    ReadAudit,
    /// Manage users and tokens.
    ManageUsers,
    /// Bulk import.
    Import,
    /// Take a repatriation batch's steps (add remains, record joint verification, advance).
    Repatriate,
    /// Record the review committee's identification of a remains case as a person on the rolls.
    Identify,
    /// Record a handling event (moved, stored, sampled, sealed) in the custody ledger.
    RecordCustody,
    /// Give the places and units records name their Korean, Chinese and English forms (the
    /// gazetteer): those who enter the names (sites, ceremonies, cemeteries) translate them.
    NamePlaces,
    /// Read DNA: profiles, families' pedigrees, frequency databases, screening runs and their
    /// candidates. Family-private: never the public's, nor every staff member's.
    ReadDna,
    /// Write DNA: import profiles, families and frequency databases, run a screening.
    WriteDna,
    /// Read and write families' contact details (only those who contact families).
    ContactFamilies,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 9] = [
        Role::Administrator,
        Role::RecoveryOfficer,
        Role::Anthropologist,
        Role::DnaAnalyst,
        Role::Custodian,
        Role::RepatriationOfficer,
        Role::Reviewer,
        Role::Viewer,
        Role::FamilyLiaison,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::RecoveryOfficer => "recovery_officer",
            Role::Anthropologist => "anthropologist",
            Role::DnaAnalyst => "dna_analyst",
            Role::Custodian => "custodian",
            Role::RepatriationOfficer => "repatriation_officer",
            Role::Reviewer => "reviewer",
            Role::Viewer => "viewer",
            Role::FamilyLiaison => "family_liaison",
        }
    }

    /// Parses [`Self::code`].
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        parse_code("role", code, &Self::ALL, |r| r.code())
    }

    /// Whether this role holds the permission.
    pub fn may(self, permission: Permission) -> bool {
        use Permission::*;
        use Role::*;
        matches!(
            (self, permission),
            (Administrator, _)
                | (_, ReadRegistry)
                | (
                    RecoveryOfficer,
                    WriteSites | WriteRemains | ChangeStatus | Import | RecordCustody | NamePlaces
                )
                | (
                    Anthropologist,
                    Examine | ChangeStatus | WriteRemains | RecordCustody
                )
                | (
                    Reviewer,
                    DecideNationality | Identify | ChangeStatus | ReadAudit | ReadDna
                )
                | (Custodian, ChangeStatus | RecordCustody)
                | (
                    RepatriationOfficer,
                    ChangeStatus | WriteMissing | Import | Repatriate | NamePlaces
                )
                | (
                    DnaAnalyst,
                    WriteMissing | RecordCustody | ReadDna | WriteDna
                )
                | (FamilyLiaison, ContactFamilies)
        )
    }
}

impl Permission {
    /// Every permission, for listing what a role holds (e.g. `GET /api/v1/me`).
    pub const ALL: [Permission; 17] = [
        Permission::ReadRegistry,
        Permission::WriteSites,
        Permission::WriteRemains,
        Permission::Examine,
        Permission::DecideNationality,
        Permission::ChangeStatus,
        Permission::WriteMissing,
        Permission::ReadAudit,
        Permission::ManageUsers,
        Permission::Import,
        Permission::Repatriate,
        Permission::Identify,
        Permission::RecordCustody,
        Permission::NamePlaces,
        Permission::ReadDna,
        Permission::WriteDna,
        Permission::ContactFamilies,
    ];

    /// The stable code: what refusals, the OpenAPI document and `GET /api/v1/me` name.
    pub fn code(self) -> &'static str {
        match self {
            Permission::ReadRegistry => "read_registry",
            Permission::WriteSites => "write_sites",
            Permission::WriteRemains => "write_remains",
            Permission::Examine => "examine",
            Permission::DecideNationality => "decide_nationality",
            Permission::ChangeStatus => "change_status",
            Permission::WriteMissing => "write_missing",
            Permission::ReadAudit => "read_audit",
            Permission::ManageUsers => "manage_users",
            Permission::Import => "import",
            Permission::Repatriate => "repatriate",
            Permission::Identify => "identify",
            Permission::RecordCustody => "record_custody",
            Permission::NamePlaces => "name_places",
            Permission::ReadDna => "read_dna",
            Permission::WriteDna => "write_dna",
            Permission::ContactFamilies => "contact_families",
        }
    }
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_permission_is_listed_once_with_its_own_code() {
        let codes: std::collections::BTreeSet<&str> =
            Permission::ALL.iter().map(|p| p.code()).collect();
        assert_eq!(codes.len(), Permission::ALL.len());
        assert_eq!(Permission::RecordCustody.to_string(), "record_custody");
    }

    #[test]
    fn a_viewer_reads_but_never_writes() {
        assert!(Role::Viewer.may(Permission::ReadRegistry));
        for p in Permission::ALL
            .into_iter()
            .filter(|p| *p != Permission::ReadRegistry)
        {
            assert!(!Role::Viewer.may(p), "viewer must not {p:?}");
        }
    }

    /// A permission and the roles that hold it.
    type Rule = (Permission, fn(Role) -> bool);

    /// Who may take the steps only some roles may: repatriation officers and administrators
    /// take batch steps, reviewers and administrators identify, only administrators manage
    /// users, and those who handle remains record custody.
    #[test]
    fn the_guarded_steps_belong_to_their_roles() {
        let rules: [Rule; 8] = [
            (Permission::Repatriate, |r| {
                matches!(r, Role::RepatriationOfficer | Role::Administrator)
            }),
            (Permission::Identify, |r| {
                matches!(r, Role::Reviewer | Role::Administrator)
            }),
            (Permission::ManageUsers, |r| r == Role::Administrator),
            (Permission::RecordCustody, |r| {
                !matches!(
                    r,
                    Role::RepatriationOfficer | Role::Reviewer | Role::Viewer | Role::FamilyLiaison
                )
            }),
            (Permission::NamePlaces, |r| {
                matches!(
                    r,
                    Role::RecoveryOfficer | Role::RepatriationOfficer | Role::Administrator
                )
            }),
            // DNA is family-private: those who work with it and those who review its
            // candidates read it; only DNA analysts write it; only liaison officers contact
            // families (and administrators do everything).
            (Permission::ReadDna, |r| {
                matches!(r, Role::DnaAnalyst | Role::Reviewer | Role::Administrator)
            }),
            (Permission::WriteDna, |r| {
                matches!(r, Role::DnaAnalyst | Role::Administrator)
            }),
            (Permission::ContactFamilies, |r| {
                matches!(r, Role::FamilyLiaison | Role::Administrator)
            }),
        ];
        for (permission, allowed) in rules {
            for r in Role::ALL {
                assert_eq!(r.may(permission), allowed(r), "{r} {permission:?}");
            }
        }
    }
}
