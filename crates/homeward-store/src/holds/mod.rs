//! The contamination guard: the elimination database (the profiles of laboratory and field
//! staff and of consumables lots) and the holds on remains profiles that match one of them or
//! look mixed. A held profile is kept from screening until a DNA analyst clears the hold with a
//! note. The trait; `sql.rs` implements it.

mod sql;

use async_trait::async_trait;
use homeward_domain::{DomainError, Timestamp, UserId};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// Whose profile an elimination profile is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EliminationKind {
    /// A member of the laboratory or field staff.
    Staff,
    /// A lot of consumables (swabs, tubes, reagents).
    Consumable,
}

impl EliminationKind {
    /// Every kind.
    pub const ALL: [EliminationKind; 2] = [EliminationKind::Staff, EliminationKind::Consumable];

    /// Its stored code.
    pub fn code(self) -> &'static str {
        match self {
            EliminationKind::Staff => "staff",
            EliminationKind::Consumable => "consumable",
        }
    }

    /// The kind of a code.
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| {
                DomainError::invalid("kind", format!("\"{code}\" is not staff or consumable"))
            })
    }
}

/// A profile for the elimination database.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEliminationProfile {
    /// Its code (a staff member's or a lot's), unique.
    pub code: String,
    /// Whose.
    pub kind: EliminationKind,
    /// `{marker: [a, b|null]}`.
    pub alleles_json: String,
}

/// Why a remains profile is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldReason {
    /// It matches an elimination profile (the detail names it).
    Contamination,
    /// More than two alleles at several markers (the detail names them).
    Mixture,
}

impl HoldReason {
    /// Every reason.
    pub const ALL: [HoldReason; 2] = [HoldReason::Contamination, HoldReason::Mixture];

    /// Its stored code.
    pub fn code(self) -> &'static str {
        match self {
            HoldReason::Contamination => "contamination",
            HoldReason::Mixture => "mixture",
        }
    }

    /// The reason of a code.
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| {
                DomainError::invalid("reason", format!("\"{code}\" is not a hold's reason"))
            })
    }
}

/// A hold to raise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHold {
    /// The remains profile's sample (its accession).
    pub sample: String,
    /// Why.
    pub reason: HoldReason,
    /// The elimination profile's code, or the markers that look mixed.
    pub detail: String,
}

/// A stored hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileHold {
    /// Its id.
    pub id: i64,
    /// What was held and why.
    pub hold: NewHold,
    /// When it was raised.
    pub raised_at: Timestamp,
    /// When, by whom and with what note it was cleared; `None` while it holds.
    pub cleared: Option<(Timestamp, Option<UserId>, String)>,
}

/// The elimination database and the holds on remains profiles.
#[async_trait]
pub trait Holds: Send + Sync {
    /// Adds profiles to the elimination database, all or nothing (a code already there is a
    /// conflict). Returns how many.
    async fn import_elimination_profiles(
        &self,
        profiles: &[NewEliminationProfile],
        ctx: WriteContext,
    ) -> StoreResult<u64>;

    /// The elimination database, by code.
    async fn elimination_profiles(&self) -> StoreResult<Vec<NewEliminationProfile>>;

    /// Raises `holds`, leaving out any already raised (open or cleared) for the same sample,
    /// reason and detail, so a cleared hold is not raised again. Returns how many were new.
    async fn raise_holds(&self, holds: &[NewHold], ctx: WriteContext) -> StoreResult<u64>;

    /// The holds, newest first; only those still holding when `open_only`.
    async fn holds(&self, open_only: bool) -> StoreResult<Vec<ProfileHold>>;

    /// Clears hold `id` with `note` (not blank); refused for an unknown or already cleared hold.
    async fn clear_hold(&self, id: i64, note: &str, ctx: WriteContext) -> StoreResult<ProfileHold>;
}
