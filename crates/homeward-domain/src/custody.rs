//! Handling events a custodian records by hand (moved, stored, sampled, sealed): their fields,
//! and the check that nothing needed is empty, before storage signs them into the ledger.

use crate::{DomainError, PersonalEffectId, SystemText};

/// Refuses, under `field`, typed text that reads as a text the system writes (a
/// [`SystemText`]'s stored form): it would be shown as the system's words, not as typed.
pub fn check_typed(field: &'static str, text: &str) -> Result<(), DomainError> {
    match SystemText::parse(text) {
        Some(_) => Err(DomainError::invalid(
            field,
            "reads as a text the system writes; write it in words",
        )),
        None => Ok(()),
    }
}

/// A handling event with the fields particular to its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandlingEvent {
    /// Moved from one place to another.
    Moved { from: String, to: String },
    /// Put into storage at a facility.
    Stored { facility: String },
    /// A sample taken for analysis.
    Sampled { sample_id: String, material: String },
    /// A casket sealed.
    Sealed { casket_number: u32, seal: String },
}

/// The fields a form or a command line may give for a handling event; which are needed depends
/// on the kind (see [`HandlingEvent::from_fields`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandlingFields {
    pub from: String,
    pub to: String,
    pub facility: String,
    pub sample_id: String,
    pub material: String,
    pub casket: Option<u32>,
    pub seal: String,
}

impl HandlingEvent {
    /// The kinds that may be recorded by hand, as their snake_case names.
    pub const KINDS: [&'static str; 4] = ["moved", "stored", "sampled", "sealed"];

    /// The event of kind `kind` (one of [`Self::KINDS`]) from `fields`; an unknown kind or a
    /// missing casket number is refused naming the field (empty fields are left to `validate`).
    pub fn from_fields(kind: &str, fields: HandlingFields) -> Result<Self, DomainError> {
        let HandlingFields {
            from,
            to,
            facility,
            sample_id,
            material,
            casket,
            seal,
        } = fields;
        Ok(match kind.trim() {
            "moved" => HandlingEvent::Moved { from, to },
            "stored" => HandlingEvent::Stored { facility },
            "sampled" => HandlingEvent::Sampled {
                sample_id,
                material,
            },
            "sealed" => HandlingEvent::Sealed {
                casket_number: casket.ok_or_else(|| {
                    DomainError::invalid("casket", "a sealed casket needs its casket number")
                })?,
                seal,
            },
            other => {
                return Err(DomainError::invalid(
                    "event",
                    format!(
                        "\"{other}\" is not a handling event; expected one of {}",
                        Self::KINDS.join(", ")
                    ),
                ));
            }
        })
    }

    /// The snake_case name of the kind.
    pub fn kind(&self) -> &'static str {
        match self {
            HandlingEvent::Moved { .. } => "moved",
            HandlingEvent::Stored { .. } => "stored",
            HandlingEvent::Sampled { .. } => "sampled",
            HandlingEvent::Sealed { .. } => "sealed",
        }
    }

    /// Where the remains are kept after this event, when it says so (moved: the destination;
    /// stored: the facility).
    pub fn new_storage_location(&self) -> Option<&str> {
        match self {
            HandlingEvent::Moved { to, .. } => Some(to),
            HandlingEvent::Stored { facility } => Some(facility),
            HandlingEvent::Sampled { .. } | HandlingEvent::Sealed { .. } => None,
        }
    }

    fn required(&self) -> Vec<(&'static str, &str)> {
        match self {
            HandlingEvent::Moved { from, to } => vec![("from", from), ("to", to)],
            HandlingEvent::Stored { facility } => vec![("facility", facility)],
            HandlingEvent::Sampled {
                sample_id,
                material,
            } => vec![("sample_id", sample_id), ("material", material)],
            HandlingEvent::Sealed {
                casket_number,
                seal,
            } => {
                if *casket_number == 0 {
                    vec![("casket", "")]
                } else {
                    vec![("seal", seal)]
                }
            }
        }
    }
}

/// A handling event to record: what happened, to which remains (accession numbers) and effects,
/// where, and free-text details (may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustodyRecord {
    pub event: HandlingEvent,
    pub remains: Vec<String>,
    pub effects: Vec<PersonalEffectId>,
    pub location: String,
    pub details: String,
}

impl NewCustodyRecord {
    /// Refuses, naming the field, an event without remains, with an empty accession number,
    /// location or event field, or naming the same remains twice.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.remains.is_empty() {
            return Err(DomainError::invalid(
                "remains",
                "a custody event names at least one remains case",
            ));
        }
        for (i, accession) in self.remains.iter().enumerate() {
            if accession.trim().is_empty() {
                return Err(DomainError::invalid(
                    "remains",
                    "an accession number is empty",
                ));
            }
            if self.remains[..i].contains(accession) {
                return Err(DomainError::invalid(
                    "remains",
                    format!("{accession} is named twice"),
                ));
            }
        }
        if self.location.trim().is_empty() {
            return Err(DomainError::invalid(
                "location",
                "say where the event happened",
            ));
        }
        check_typed("details", &self.details)?;
        for (field, value) in self.event.required() {
            if value.trim().is_empty() {
                return Err(DomainError::invalid(
                    field,
                    format!("a {} event needs its {field}", self.event.kind()),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(event: HandlingEvent) -> NewCustodyRecord {
        NewCustodyRecord {
            event,
            remains: vec!["HW-1".into()],
            effects: Vec::new(),
            location: "MAKRI vault B".into(),
            details: String::new(),
        }
    }

    fn field_of(r: Result<(), DomainError>) -> &'static str {
        match r {
            Err(DomainError::InvalidField { field, .. }) => field,
            other => panic!("expected an invalid field, got {other:?}"),
        }
    }

    #[test]
    fn every_kind_parses_and_names_its_empty_field() {
        let fields = HandlingFields {
            casket: Some(3),
            ..HandlingFields::default()
        };
        let expected = ["from", "facility", "sample_id", "casket"];
        for (kind, field) in HandlingEvent::KINDS.iter().zip(expected) {
            let event = HandlingEvent::from_fields(kind, fields.clone()).unwrap();
            assert_eq!(event.kind(), *kind);
            let field = if *kind == "sealed" { "seal" } else { field };
            assert_eq!(field_of(record(event).validate()), field, "{kind}");
        }
        let r = HandlingEvent::from_fields("sealed", HandlingFields::default());
        assert!(matches!(
            r,
            Err(DomainError::InvalidField {
                field: "casket",
                ..
            })
        ));
        let r = HandlingEvent::from_fields("buried", HandlingFields::default());
        assert!(matches!(
            r,
            Err(DomainError::InvalidField { field: "event", .. })
        ));
    }

    #[test]
    fn a_record_needs_remains_and_a_location() {
        let moved = HandlingEvent::Moved {
            from: "field".into(),
            to: "vault".into(),
        };
        assert_eq!(record(moved.clone()).validate(), Ok(()));
        assert_eq!(moved.new_storage_location(), Some("vault"));
        let mut r = record(moved);
        r.location = " ".into();
        assert_eq!(field_of(r.validate()), "location");
        r.location = "here".into();
        r.remains.push("HW-1".into());
        assert_eq!(field_of(r.validate()), "remains");
        r.remains.clear();
        assert_eq!(field_of(r.validate()), "remains");
    }

    #[test]
    fn typed_details_may_not_pose_as_the_systems_text() {
        let mut r = record(HandlingEvent::Stored {
            facility: "vault B".into(),
        });
        r.details = "sealed bag {\"msg\"} kept dry".into();
        assert_eq!(r.validate(), Ok(()));
        r.details = crate::Phrase::new("sys-note-imported").stored();
        assert_eq!(field_of(r.validate()), "details");
    }
}
