//! The lifecycle of a remains case, from the field to the grave.
//!
//! recovered → examined → nationality determined → (identified) → designated for repatriation or
//! for domestic burial → handed over (repatriation only) → buried. Every step records who, when and
//! why; a step the lifecycle does not allow is refused and changes nothing.

use crate::{DomainError, Nationality, Timestamp, UserId};

/// Where a remains case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LifecycleStatus {
    /// Excavated and accessioned.
    Recovered,
    /// Examined by an anthropologist (inventory, biological profile).
    Examined,
    /// The review committee decided the nationality.
    NationalityDetermined,
    /// A name was given back (DNA kinship and/or evidence).
    Identified,
    /// To be handed over to the state the remains belong to.
    DesignatedForRepatriation,
    /// To be buried in the holding state.
    DesignatedForDomesticBurial,
    /// Handed over to the receiving state.
    HandedOver,
    /// Buried; the final status.
    Buried,
}

impl LifecycleStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [LifecycleStatus; 8] = [
        LifecycleStatus::Recovered,
        LifecycleStatus::Examined,
        LifecycleStatus::NationalityDetermined,
        LifecycleStatus::Identified,
        LifecycleStatus::DesignatedForRepatriation,
        LifecycleStatus::DesignatedForDomesticBurial,
        LifecycleStatus::HandedOver,
        LifecycleStatus::Buried,
    ];

    /// The stable code used in storage, URLs, CSV and JSON.
    pub fn code(self) -> &'static str {
        match self {
            LifecycleStatus::Recovered => "recovered",
            LifecycleStatus::Examined => "examined",
            LifecycleStatus::NationalityDetermined => "nationality_determined",
            LifecycleStatus::Identified => "identified",
            LifecycleStatus::DesignatedForRepatriation => "designated_repatriation",
            LifecycleStatus::DesignatedForDomesticBurial => "designated_domestic_burial",
            LifecycleStatus::HandedOver => "handed_over",
            LifecycleStatus::Buried => "buried",
        }
    }

    /// Parses a code from [`LifecycleStatus::code`].
    pub fn from_code(code: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.code() == code)
            .ok_or_else(|| {
                DomainError::invalid(
                    "status",
                    format!(
                        "\"{code}\" is not a lifecycle status (expected one of: {})",
                        Self::ALL.map(|s| s.code()).join(", ")
                    ),
                )
            })
    }

    /// The statuses a case may move to from this one.
    pub fn allowed_next(self) -> &'static [LifecycleStatus] {
        use LifecycleStatus::*;
        match self {
            Recovered => &[Examined],
            Examined => &[NationalityDetermined],
            NationalityDetermined => &[
                Identified,
                DesignatedForRepatriation,
                DesignatedForDomesticBurial,
            ],
            Identified => &[DesignatedForRepatriation, DesignatedForDomesticBurial],
            DesignatedForRepatriation => &[HandedOver],
            DesignatedForDomesticBurial => &[Buried],
            HandedOver => &[Buried],
            Buried => &[],
        }
    }

    /// Whether the lifecycle allows `self → to`, regardless of the case's data.
    pub fn check_transition(self, to: LifecycleStatus) -> Result<(), DomainError> {
        if self.allowed_next().contains(&to) {
            Ok(())
        } else {
            Err(DomainError::InvalidTransition { from: self, to })
        }
    }

    /// The legal walk from `self` to `to` for a case whose nationality is `nationality`: the
    /// statuses entered, in order (empty when `to` is `self`). Of several walks the shortest is
    /// taken (so `identified` is skipped, and `buried` is reached through domestic burial).
    /// Every step passes [`Self::check_transition`] and [`Self::check_preconditions`]; a status
    /// that cannot be reached, or whose preconditions the data do not meet, is refused.
    pub fn path_to(
        self,
        to: LifecycleStatus,
        nationality: Nationality,
    ) -> Result<Vec<LifecycleStatus>, DomainError> {
        if self == to {
            return Ok(Vec::new());
        }
        // Breadth first over the lifecycle graph; `came_from` records each status's predecessor.
        let mut came_from: Vec<(LifecycleStatus, LifecycleStatus)> = Vec::new();
        let mut frontier = vec![self];
        while !frontier.is_empty() && !came_from.iter().any(|(s, _)| *s == to) {
            let mut next = Vec::new();
            for from in frontier {
                for &step in from.allowed_next() {
                    if step != self && !came_from.iter().any(|(s, _)| *s == step) {
                        came_from.push((step, from));
                        next.push(step);
                    }
                }
            }
            frontier = next;
        }
        let mut path = vec![to];
        let mut at = to;
        while at != self {
            let Some(&(_, prev)) = came_from.iter().find(|(s, _)| *s == at) else {
                return Err(DomainError::InvalidTransition { from: self, to });
            };
            if prev != self {
                path.push(prev);
            }
            at = prev;
        }
        path.reverse();
        let mut from = self;
        for &step in &path {
            from.check_transition(step)?;
            step.check_preconditions(nationality)?;
            from = step;
        }
        Ok(path)
    }

    /// Whether the case's data allow entering `self` (on top of [`Self::check_transition`]).
    pub fn check_preconditions(self, nationality: Nationality) -> Result<(), DomainError> {
        let needs_nationality = matches!(
            self,
            LifecycleStatus::NationalityDetermined
                | LifecycleStatus::DesignatedForRepatriation
                | LifecycleStatus::DesignatedForDomesticBurial
        );
        if needs_nationality && nationality == Nationality::Undetermined {
            return Err(DomainError::PreconditionFailed {
                to: self,
                reason: "the nationality assessment is still \"undetermined\"; record the review \
                         committee's decision first"
                    .to_owned(),
            });
        }
        Ok(())
    }

    /// Whether a case in this status may take the assessment `nationality`: once a case has
    /// passed `examined`, its lifecycle rests on a determined nationality, so the assessment may
    /// be corrected but never set back to undetermined.
    pub fn check_reassessment(self, nationality: &Nationality) -> Result<(), DomainError> {
        let undecided_allowed =
            matches!(self, LifecycleStatus::Recovered | LifecycleStatus::Examined);
        if *nationality == Nationality::Undetermined && !undecided_allowed {
            return Err(DomainError::NationalityLocked { status: self });
        }
        Ok(())
    }
}

impl std::fmt::Display for LifecycleStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One step of a case's status history: who moved it, when, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusChange {
    /// `None` for the first entry (accession).
    pub from: Option<LifecycleStatus>,
    /// The status entered.
    pub to: LifecycleStatus,
    /// Who made the change.
    pub actor: UserId,
    /// The actor's username, for display.
    pub actor_name: String,
    /// When it was recorded.
    pub at: Timestamp,
    /// Why (free text, required).
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::LifecycleStatus::*;
    use super::*;

    #[test]
    fn the_happy_paths_are_allowed() {
        let repatriation = [
            Recovered,
            Examined,
            NationalityDetermined,
            Identified,
            DesignatedForRepatriation,
            HandedOver,
            Buried,
        ];
        for pair in repatriation.windows(2) {
            assert_eq!(pair[0].check_transition(pair[1]), Ok(()), "{pair:?}");
        }
        assert!(
            NationalityDetermined
                .check_transition(DesignatedForDomesticBurial)
                .is_ok()
        );
        assert!(DesignatedForDomesticBurial.check_transition(Buried).is_ok());
    }

    #[test]
    fn skipping_or_going_back_is_refused() {
        let err = Recovered.check_transition(HandedOver).unwrap_err();
        assert_eq!(
            err,
            DomainError::InvalidTransition {
                from: Recovered,
                to: HandedOver
            }
        );
        assert_eq!(
            err.to_string(),
            "a remains case cannot go from \"recovered\" to \"handed_over\"; allowed next: \"examined\""
        );
        assert!(Buried.check_transition(Recovered).is_err());
        assert!(
            DesignatedForDomesticBurial
                .check_transition(HandedOver)
                .is_err()
        );
        for s in LifecycleStatus::ALL {
            assert!(s.check_transition(s).is_err(), "{s} → {s} must be refused");
        }
    }

    #[test]
    fn codes_round_trip() {
        for s in LifecycleStatus::ALL {
            assert_eq!(LifecycleStatus::from_code(s.code()), Ok(s));
        }
        assert!(LifecycleStatus::from_code("lost").is_err());
    }

    #[test]
    fn nationality_must_be_decided_first() {
        assert!(
            NationalityDetermined
                .check_preconditions(Nationality::Undetermined)
                .is_err()
        );
        assert!(
            NationalityDetermined
                .check_preconditions(Nationality::Cpv)
                .is_ok()
        );
        assert!(
            Examined
                .check_preconditions(Nationality::Undetermined)
                .is_ok()
        );
    }

    #[test]
    fn the_walk_to_a_status_is_the_shortest_legal_one() {
        let cpv = Nationality::Cpv;
        assert_eq!(Recovered.path_to(Recovered, cpv), Ok(vec![]));
        assert_eq!(Recovered.path_to(Examined, cpv), Ok(vec![Examined]));
        assert_eq!(
            Recovered.path_to(HandedOver, cpv),
            Ok(vec![
                Examined,
                NationalityDetermined,
                DesignatedForRepatriation,
                HandedOver
            ])
        );
        assert_eq!(
            Recovered.path_to(Buried, cpv),
            Ok(vec![
                Examined,
                NationalityDetermined,
                DesignatedForDomesticBurial,
                Buried
            ])
        );
        assert_eq!(
            Examined.path_to(Identified, cpv),
            Ok(vec![NationalityDetermined, Identified])
        );
        assert_eq!(
            Buried.path_to(Recovered, cpv),
            Err(DomainError::InvalidTransition {
                from: Buried,
                to: Recovered
            })
        );
        assert!(matches!(
            Recovered.path_to(NationalityDetermined, Nationality::Undetermined),
            Err(DomainError::PreconditionFailed {
                to: NationalityDetermined,
                ..
            })
        ));
        assert_eq!(
            Recovered.path_to(Examined, Nationality::Undetermined),
            Ok(vec![Examined])
        );
        // Every status is reachable from `recovered` for a determined nationality.
        for s in LifecycleStatus::ALL {
            let walk = Recovered.path_to(s, cpv).unwrap();
            assert_eq!(walk.last().copied().unwrap_or(Recovered), s);
        }
    }

    #[test]
    fn a_determined_nationality_is_never_undone_after_examination() {
        for status in LifecycleStatus::ALL {
            let early = matches!(status, Recovered | Examined);
            assert_eq!(
                status
                    .check_reassessment(&Nationality::Undetermined)
                    .is_ok(),
                early,
                "{status}"
            );
            assert_eq!(status.check_reassessment(&Nationality::Kpa), Ok(()));
        }
        let err = Buried
            .check_reassessment(&Nationality::Undetermined)
            .unwrap_err();
        assert!(err.to_string().contains("\"buried\""), "{err}");
    }
}
