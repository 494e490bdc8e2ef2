//! Personal effects. The trait; `sql.rs` implements it.

pub(crate) mod sql;

use async_trait::async_trait;
use homeward_domain::{NewPersonalEffect, PersonalEffect, PersonalEffectId, RemainsCaseId};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// Personal effects, found with remains or at a site.
#[async_trait]
pub trait Effects: Send + Sync {
    /// Records an effect.
    async fn record_effect(
        &self,
        effect: &NewPersonalEffect,
        ctx: WriteContext,
    ) -> StoreResult<PersonalEffectId>;

    /// The effects found with a case.
    async fn effects_of_remains(&self, id: RemainsCaseId) -> StoreResult<Vec<PersonalEffect>>;

    /// Every personal effect, those found with remains and those linked to a site only, by id
    /// (for export: a site-only find must not be lost).
    async fn all_effects(&self) -> StoreResult<Vec<PersonalEffect>>;
}
