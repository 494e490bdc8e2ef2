//! The demo's lifecycle steps, each taken by the use case that records it: the examination
//! (`remains::record_examination`, which moves a recovered case to examined), an identification
//! with a distinct ROK soldier on the synthetic rolls (`Store::record_identification`), and the
//! status step for the committee's decisions. A case whose identification finds no soldier left
//! on the rolls stops there. Deterministic: the steps in time order, the soldiers in roll order.

use std::collections::{HashMap, HashSet};

use homeward_domain::{
    LifecycleStatus, Nationality, NewIdentification, NewRemainsCase, Phrase, RemainsCaseId, Role,
    UserId,
};
use homeward_store::{Store, StoreError, WriteContext};

use super::plan::Step;

/// Takes `steps` (sorted by time) on the store; returns how many were taken.
pub async fn walk(
    store: &dyn Store,
    steps: &[(RemainsCaseId, &Step)],
    cases: &[(String, NewRemainsCase)],
    ids: &HashMap<String, RemainsCaseId>,
    users: &HashMap<Role, UserId>,
) -> Result<usize, StoreError> {
    let by_id: HashMap<RemainsCaseId, &NewRemainsCase> = cases
        .iter()
        .filter_map(|(_, c)| ids.get(&c.accession).map(|&id| (id, c)))
        .collect();
    let mut soldiers = store
        .all_missing()
        .await?
        .into_iter()
        .filter(|p| p.person.nationality == Nationality::Rok)
        .map(|p| p.id);
    let mut stopped: HashSet<RemainsCaseId> = HashSet::new();
    let mut taken = 0;
    for (n, &(id, step)) in steps.iter().enumerate() {
        if stopped.contains(&id) {
            continue;
        }
        let ctx = WriteContext {
            actor: users.get(&step.actor).copied(),
            at: step.at,
        };
        match (step.to, by_id.get(&id)) {
            (LifecycleStatus::Examined, Some(c)) => {
                crate::remains::record_examination(
                    store,
                    id,
                    &c.inventory,
                    &c.profile,
                    &c.condition,
                    ctx,
                )
                .await?;
            }
            (LifecycleStatus::Identified, _) => {
                let Some(person) = soldiers.next() else {
                    stopped.insert(id);
                    continue;
                };
                let year = &step.at.to_rfc3339()[..4];
                let identification = NewIdentification {
                    person,
                    basis: Phrase::new("sys-demo-basis-match").stored(),
                    decision: format!("RC-{year}-{:04}", n + 1),
                };
                store
                    .record_identification(id, &identification, ctx)
                    .await?;
            }
            _ => {
                crate::remains::change_status(store, id, step.to, &step.reason, ctx).await?;
            }
        }
        taken += 1;
    }
    Ok(taken)
}
