//! Recovery sites. The trait and what it answers; `sql.rs` implements it.

pub(crate) mod sql;

use async_trait::async_trait;
use homeward_domain::{NewRecoverySite, RecoverySite, RecoverySiteId, SiteCode};

use crate::context::WriteContext;
use crate::error::StoreResult;

/// Recovery sites.
#[async_trait]
pub trait Sites: Send + Sync {
    /// Records a site; `Conflict` when its code is taken.
    async fn create_site(
        &self,
        site: &NewRecoverySite,
        ctx: WriteContext,
    ) -> StoreResult<RecoverySiteId>;

    /// A site by id.
    async fn site(&self, id: RecoverySiteId) -> StoreResult<Option<RecoverySite>>;

    /// A site by its code.
    async fn site_by_code(&self, code: &SiteCode) -> StoreResult<Option<RecoverySite>>;

    /// Every site with its remains count, by code.
    async fn sites(&self) -> StoreResult<Vec<SiteSummary>>;
}

/// A site with how many remains came from it.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSummary {
    /// The site.
    pub site: RecoverySite,
    /// Remains cases recovered there.
    pub remains: u64,
}
