//! What happened in a custody entry: the event kinds with their own fields, and their
//! canonical tags. Tags are part of the encoding: never renumber one, only add new ones.

use crate::encoding::{DecodeError, Reader, Writer};
use crate::keys::{ContentHash, PublicKey};

/// The steps of a repatriation batch, in the only order they may happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BatchStep {
    Planned,
    JointlyVerified,
    Encoffined,
    HandedOver,
    Received,
    Buried,
}

impl BatchStep {
    pub const ALL: [BatchStep; 6] = [
        BatchStep::Planned,
        BatchStep::JointlyVerified,
        BatchStep::Encoffined,
        BatchStep::HandedOver,
        BatchStep::Received,
        BatchStep::Buried,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            BatchStep::Planned => "planned",
            BatchStep::JointlyVerified => "jointly_verified",
            BatchStep::Encoffined => "encoffined",
            BatchStep::HandedOver => "handed_over",
            BatchStep::Received => "received",
            BatchStep::Buried => "buried",
        }
    }
    /// The step that must come next, if any (steps cannot be skipped).
    pub fn next(self) -> Option<BatchStep> {
        let i = BatchStep::ALL.iter().position(|s| *s == self)?;
        BatchStep::ALL.get(i + 1).copied()
    }
    fn tag(self) -> u8 {
        self as u8 + 1
    }
    fn from_tag(tag: u8) -> Option<Self> {
        BatchStep::ALL
            .get(usize::from(tag).checked_sub(1)?)
            .copied()
    }
}

/// One custody or handling event, with the fields particular to its kind. The fields common to
/// every entry (time, actor, organization, location, remains, effects, details) are on
/// [`crate::Entry`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustodyEvent {
    /// Excavated at a recovery site.
    Recovered { site: String },
    /// Moved from one place to another (the entry's location is the destination).
    Moved { from: String, to: String },
    /// Put into storage at a facility.
    Stored { facility: String },
    /// A sample taken for analysis (bone, tooth).
    Sampled { sample_id: String, material: String },
    /// An anthropological or forensic examination.
    Examined { examination: String },
    /// Nationality determined, e.g. `CN`, with the basis (effects, DNA, context).
    NationalityDetermined { nationality: String, basis: String },
    /// Placed in a casket.
    Encoffined { casket_number: u32 },
    /// A casket sealed.
    Sealed { casket_number: u32, seal: String },
    /// Handed from one organization to another.
    HandedOver {
        from_organization: String,
        to_organization: String,
    },
    /// Received from another organization.
    Received { from_organization: String },
    /// Carried by a carrier (aircraft, flight, escort) between places.
    Transported {
        carrier: String,
        vehicle: String,
        flight: Option<String>,
        from: String,
        to: String,
    },
    /// Buried at a cemetery plot.
    Buried {
        cemetery: String,
        section: String,
        row: String,
        plot: String,
    },
    /// The entry's organization replaces its key: signed by the OLD key, valid for entries after it.
    KeyRotated { new_key: PublicKey },
    /// A currently trusted organization vouches for another organization's first key.
    KeyIntroduced {
        organization: String,
        key: PublicKey,
    },
    /// A repatriation batch reaches a step; `document` is e.g. the manifest's or receipt's hash.
    BatchStepReached {
        batch: String,
        step: BatchStep,
        document: Option<ContentHash>,
    },
    /// Both sides' experts agreed on the entry's remains in a batch.
    JointlyVerified {
        batch: String,
        experts: Vec<String>,
        notes: String,
    },
}

/// The kind of a [`CustodyEvent`], without its fields (for filters, timelines, labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventKind {
    Recovered,
    Moved,
    Stored,
    Sampled,
    Examined,
    NationalityDetermined,
    Encoffined,
    Sealed,
    HandedOver,
    Received,
    Transported,
    Buried,
    KeyRotated,
    KeyIntroduced,
    BatchStepReached,
    JointlyVerified,
}

impl EventKind {
    /// Stable snake_case name, as used in the README's tag table and in JSON edges.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Recovered => "recovered",
            EventKind::Moved => "moved",
            EventKind::Stored => "stored",
            EventKind::Sampled => "sampled",
            EventKind::Examined => "examined",
            EventKind::NationalityDetermined => "nationality_determined",
            EventKind::Encoffined => "encoffined",
            EventKind::Sealed => "sealed",
            EventKind::HandedOver => "handed_over",
            EventKind::Received => "received",
            EventKind::Transported => "transported",
            EventKind::Buried => "buried",
            EventKind::KeyRotated => "key_rotated",
            EventKind::KeyIntroduced => "key_introduced",
            EventKind::BatchStepReached => "batch_step_reached",
            EventKind::JointlyVerified => "jointly_verified",
        }
    }
    /// The canonical tag (u16) of this kind.
    pub fn tag(self) -> u16 {
        self as u16 + 1
    }
}

impl CustodyEvent {
    pub fn kind(&self) -> EventKind {
        match self {
            CustodyEvent::Recovered { .. } => EventKind::Recovered,
            CustodyEvent::Moved { .. } => EventKind::Moved,
            CustodyEvent::Stored { .. } => EventKind::Stored,
            CustodyEvent::Sampled { .. } => EventKind::Sampled,
            CustodyEvent::Examined { .. } => EventKind::Examined,
            CustodyEvent::NationalityDetermined { .. } => EventKind::NationalityDetermined,
            CustodyEvent::Encoffined { .. } => EventKind::Encoffined,
            CustodyEvent::Sealed { .. } => EventKind::Sealed,
            CustodyEvent::HandedOver { .. } => EventKind::HandedOver,
            CustodyEvent::Received { .. } => EventKind::Received,
            CustodyEvent::Transported { .. } => EventKind::Transported,
            CustodyEvent::Buried { .. } => EventKind::Buried,
            CustodyEvent::KeyRotated { .. } => EventKind::KeyRotated,
            CustodyEvent::KeyIntroduced { .. } => EventKind::KeyIntroduced,
            CustodyEvent::BatchStepReached { .. } => EventKind::BatchStepReached,
            CustodyEvent::JointlyVerified { .. } => EventKind::JointlyVerified,
        }
    }

    pub(crate) fn encode(&self, w: &mut Writer) {
        w.u16(self.kind().tag());
        match self {
            CustodyEvent::Recovered { site } => w.str(site),
            CustodyEvent::Moved { from, to } => {
                w.str(from);
                w.str(to);
            }
            CustodyEvent::Stored { facility } => w.str(facility),
            CustodyEvent::Sampled {
                sample_id,
                material,
            } => {
                w.str(sample_id);
                w.str(material);
            }
            CustodyEvent::Examined { examination } => w.str(examination),
            CustodyEvent::NationalityDetermined { nationality, basis } => {
                w.str(nationality);
                w.str(basis);
            }
            CustodyEvent::Encoffined { casket_number } => w.u32(*casket_number),
            CustodyEvent::Sealed {
                casket_number,
                seal,
            } => {
                w.u32(*casket_number);
                w.str(seal);
            }
            CustodyEvent::HandedOver {
                from_organization,
                to_organization,
            } => {
                w.str(from_organization);
                w.str(to_organization);
            }
            CustodyEvent::Received { from_organization } => w.str(from_organization),
            CustodyEvent::Transported {
                carrier,
                vehicle,
                flight,
                from,
                to,
            } => {
                w.str(carrier);
                w.str(vehicle);
                w.opt_str(flight.as_deref());
                w.str(from);
                w.str(to);
            }
            CustodyEvent::Buried {
                cemetery,
                section,
                row,
                plot,
            } => {
                for s in [cemetery, section, row, plot] {
                    w.str(s);
                }
            }
            CustodyEvent::KeyRotated { new_key } => w.fixed(&new_key.to_bytes()),
            CustodyEvent::KeyIntroduced { organization, key } => {
                w.str(organization);
                w.fixed(&key.to_bytes());
            }
            CustodyEvent::BatchStepReached {
                batch,
                step,
                document,
            } => {
                w.str(batch);
                w.u8(step.tag());
                match document {
                    None => w.u8(0),
                    Some(h) => {
                        w.u8(1);
                        w.fixed(&h.0);
                    }
                }
            }
            CustodyEvent::JointlyVerified {
                batch,
                experts,
                notes,
            } => {
                w.str(batch);
                w.strs(experts);
                w.str(notes);
            }
        }
    }

    pub(crate) fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let at = r.offset();
        let tag = r.u16("event kind")?;
        let key = |r: &mut Reader<'_>, what: &'static str| -> Result<PublicKey, DecodeError> {
            let at = r.offset();
            let bytes = r.array::<32>(what)?;
            PublicKey::from_bytes(&bytes).map_err(|e| DecodeError::Invalid {
                offset: at,
                what,
                reason: e.to_string(),
            })
        };
        let event = match tag {
            1 => CustodyEvent::Recovered {
                site: r.str("site")?,
            },
            2 => CustodyEvent::Moved {
                from: r.str("from")?,
                to: r.str("to")?,
            },
            3 => CustodyEvent::Stored {
                facility: r.str("facility")?,
            },
            4 => CustodyEvent::Sampled {
                sample_id: r.str("sample id")?,
                material: r.str("material")?,
            },
            5 => CustodyEvent::Examined {
                examination: r.str("examination")?,
            },
            6 => CustodyEvent::NationalityDetermined {
                nationality: r.str("nationality")?,
                basis: r.str("basis")?,
            },
            7 => CustodyEvent::Encoffined {
                casket_number: r.u32("casket number")?,
            },
            8 => CustodyEvent::Sealed {
                casket_number: r.u32("casket number")?,
                seal: r.str("seal")?,
            },
            9 => CustodyEvent::HandedOver {
                from_organization: r.str("from organization")?,
                to_organization: r.str("to organization")?,
            },
            10 => CustodyEvent::Received {
                from_organization: r.str("from organization")?,
            },
            11 => CustodyEvent::Transported {
                carrier: r.str("carrier")?,
                vehicle: r.str("vehicle")?,
                flight: r.opt_str("flight")?,
                from: r.str("from")?,
                to: r.str("to")?,
            },
            12 => CustodyEvent::Buried {
                cemetery: r.str("cemetery")?,
                section: r.str("section")?,
                row: r.str("row")?,
                plot: r.str("plot")?,
            },
            13 => CustodyEvent::KeyRotated {
                new_key: key(r, "new key")?,
            },
            14 => CustodyEvent::KeyIntroduced {
                organization: r.str("introduced organization")?,
                key: key(r, "introduced key")?,
            },
            15 => {
                let batch = r.str("batch")?;
                let step_at = r.offset();
                let step_tag = r.u8("batch step")?;
                let step = BatchStep::from_tag(step_tag).ok_or(DecodeError::UnknownTag {
                    offset: step_at,
                    what: "batch step",
                    tag: u32::from(step_tag),
                })?;
                let doc_at = r.offset();
                let document = match r.u8("document hash")? {
                    0 => None,
                    1 => Some(ContentHash(r.array("document hash")?)),
                    t => {
                        return Err(DecodeError::UnknownTag {
                            offset: doc_at,
                            what: "document hash",
                            tag: u32::from(t),
                        });
                    }
                };
                CustodyEvent::BatchStepReached {
                    batch,
                    step,
                    document,
                }
            }
            16 => CustodyEvent::JointlyVerified {
                batch: r.str("batch")?,
                experts: r.strs("experts")?,
                notes: r.str("notes")?,
            },
            other => {
                return Err(DecodeError::UnknownTag {
                    offset: at,
                    what: "event kind",
                    tag: u32::from(other),
                });
            }
        };
        Ok(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_steps_come_in_one_order() {
        assert_eq!(BatchStep::Planned.next(), Some(BatchStep::JointlyVerified));
        assert_eq!(BatchStep::Buried.next(), None);
        for s in BatchStep::ALL {
            assert_eq!(BatchStep::from_tag(s.tag()), Some(s));
        }
        assert_eq!(BatchStep::from_tag(0), None);
        assert_eq!(EventKind::Recovered.tag(), 1);
        assert_eq!(EventKind::JointlyVerified.tag(), 16);
    }
}
