//! Which key is valid for which organization at each sequence number: the registry starts from
//! the keys the verifier already trusts, and replaying the chain applies its key rotations and
//! introductions in order.

use std::collections::BTreeMap;

use thiserror::Error;

use crate::entry::Entry;
use crate::event::CustodyEvent;
use crate::keys::{KeyId, PublicKey};

/// One key's record: whose it is and for which entries it may sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRecord {
    pub organization: String,
    pub key: PublicKey,
    /// The first sequence number it may sign (1 for keys trusted from the start).
    pub valid_from: u64,
    /// The last sequence number it may sign: the entry that rotated it away. `None` while current.
    pub retired_at: Option<u64>,
}

/// Why a key cannot sign an entry, or a key event cannot take effect.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyFault {
    #[error("signed by unknown key {key_id}")]
    UnknownKey { key_id: KeyId },
    #[error(
        "signed by key {key_id} of {key_organization}, but the entry is by {entry_organization}"
    )]
    KeyOfOtherOrganization {
        key_id: KeyId,
        key_organization: String,
        entry_organization: String,
    },
    #[error("signed by key {key_id}, which was rotated away at entry {retired_at}")]
    RetiredKey { key_id: KeyId, retired_at: u64 },
    #[error("signed by key {key_id}, which is valid only from entry {valid_from}")]
    NotYetValid { key_id: KeyId, valid_from: u64 },
    #[error("key {key_id} is already registered (to {organization}); a key cannot be reused")]
    DuplicateKey { key_id: KeyId, organization: String },
    #[error("{organization} already has key {key_id}; a second key comes only by rotation")]
    OrganizationHasKey { organization: String, key_id: KeyId },
}

/// The keys known at some point of the chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyRegistry {
    keys: BTreeMap<KeyId, KeyRecord>,
    current: BTreeMap<String, KeyId>,
}

impl KeyRegistry {
    pub fn new() -> Self {
        KeyRegistry::default()
    }

    /// Trusts `key` as `organization`'s key from the first entry on (the verifier's own list).
    pub fn trust(&mut self, organization: &str, key: PublicKey) -> Result<(), KeyFault> {
        self.add(organization, key, 1)
    }

    /// A registry trusting each `(organization, key)` pair from the first entry.
    pub fn with_trusted<'a>(
        pairs: impl IntoIterator<Item = (&'a str, PublicKey)>,
    ) -> Result<Self, KeyFault> {
        let mut registry = KeyRegistry::new();
        for (organization, key) in pairs {
            registry.trust(organization, key)?;
        }
        Ok(registry)
    }

    fn add(&mut self, organization: &str, key: PublicKey, valid_from: u64) -> Result<(), KeyFault> {
        let key_id = key.key_id();
        if let Some(existing) = self.keys.get(&key_id) {
            return Err(KeyFault::DuplicateKey {
                key_id,
                organization: existing.organization.clone(),
            });
        }
        if let Some(current) = self.current.get(organization) {
            return Err(KeyFault::OrganizationHasKey {
                organization: organization.to_string(),
                key_id: *current,
            });
        }
        self.keys.insert(
            key_id,
            KeyRecord {
                organization: organization.to_string(),
                key,
                valid_from,
                retired_at: None,
            },
        );
        self.current.insert(organization.to_string(), key_id);
        Ok(())
    }

    /// The key that may sign entry `sequence` for `organization`, if `key_id` is it.
    pub fn key_for(
        &self,
        organization: &str,
        key_id: KeyId,
        sequence: u64,
    ) -> Result<&PublicKey, KeyFault> {
        let record = self
            .keys
            .get(&key_id)
            .ok_or(KeyFault::UnknownKey { key_id })?;
        if record.organization != organization {
            return Err(KeyFault::KeyOfOtherOrganization {
                key_id,
                key_organization: record.organization.clone(),
                entry_organization: organization.to_string(),
            });
        }
        if sequence < record.valid_from {
            return Err(KeyFault::NotYetValid {
                key_id,
                valid_from: record.valid_from,
            });
        }
        if let Some(retired_at) = record.retired_at.filter(|r| sequence > *r) {
            return Err(KeyFault::RetiredKey { key_id, retired_at });
        }
        Ok(&record.key)
    }

    /// Applies a key rotation or introduction carried by `entry` (already checked to be signed
    /// by a key valid for it); other events change nothing.
    pub fn apply(&mut self, entry: &Entry) -> Result<(), KeyFault> {
        match &entry.event {
            CustodyEvent::KeyRotated { new_key } => {
                let new_id = new_key.key_id();
                if let Some(existing) = self.keys.get(&new_id) {
                    return Err(KeyFault::DuplicateKey {
                        key_id: new_id,
                        organization: existing.organization.clone(),
                    });
                }
                if let Some(old) = self.keys.get_mut(&entry.signer_key_id) {
                    old.retired_at = Some(entry.sequence);
                }
                self.current.remove(&entry.organization);
                self.add(&entry.organization, *new_key, entry.sequence + 1)
            }
            CustodyEvent::KeyIntroduced { organization, key } => {
                self.add(organization, *key, entry.sequence + 1)
            }
            _ => Ok(()),
        }
    }

    /// The organization's current key, if it has one.
    pub fn current(&self, organization: &str) -> Option<&KeyRecord> {
        self.current
            .get(organization)
            .and_then(|id| self.keys.get(id))
    }

    /// A key's record by fingerprint.
    pub fn get(&self, key_id: KeyId) -> Option<&KeyRecord> {
        self.keys.get(&key_id)
    }

    /// Every key ever known, ordered by fingerprint.
    pub fn records(&self) -> impl Iterator<Item = (&KeyId, &KeyRecord)> {
        self.keys.iter()
    }
}
