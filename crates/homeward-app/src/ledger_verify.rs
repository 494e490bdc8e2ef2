//! Verifying a store's custody ledger, against the keys stored beside it or against public keys
//! the verifier holds itself (files written by `homeward ledger export-key`).
//!
//! A database that can be rewritten can also have its key table rewritten, so the keys stored in
//! it prove nothing to an outside auditor. With trusted keys, the chain is verified against those
//! keys (each trusted from entry 1), and the store's own key table must agree: every first key it
//! holds must be the trusted key of its organization, and every key it holds from a rotation must
//! be the one the chain's signed rotation brought in.

use homeward_ledger::{KeyFault, KeyId, KeyRegistry, PublicKey, VerifyReport};
mod rows;
mod stream;

pub use rows::{LedgerFault, trusted_registry, verify_rows};
pub use stream::{VERIFY_PAGE, verify_stored_ledger};

use homeward_store::{Store, StoreError, StoredKey};

use crate::Progress;

/// A public key the verifier trusts, with the organization it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    /// The organization, as the key file names it (and as its entries name it).
    pub organization: String,
    /// The key.
    pub key: PublicKey,
}

/// Why a trusted-key file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustFileError {
    /// A line is not a public key.
    #[error("{file}, line {line}: {reason}")]
    BadKey {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A key names no organization.
    #[error(
        "{file}, line {line}: the key names no organization; export it with `homeward ledger export-key --org ORG`"
    )]
    NoOrganization {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
    },
    /// The file holds no key.
    #[error("{file}: holds no public key")]
    Empty {
        /// The file.
        file: String,
    },
}

/// Reads the public keys in `text` (one `homeward-ed25519 <hex> ORGANIZATION` line each, as
/// `ledger export-key` prints them; blank lines and `#` comments skipped); `source` names the
/// file in errors.
pub fn parse_trusted_keys(source: &str, text: &str) -> Result<Vec<TrustedKey>, TrustFileError> {
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let key = PublicKey::from_text(line).map_err(|e| TrustFileError::BadKey {
            file: source.to_owned(),
            line: i + 1,
            reason: e.to_string(),
        })?;
        // `<prefix> <hex> <organization…>`: the organization is everything after the hex.
        let organization = line.splitn(3, ' ').nth(2).unwrap_or("").trim();
        if organization.is_empty() {
            return Err(TrustFileError::NoOrganization {
                file: source.to_owned(),
                line: i + 1,
            });
        }
        keys.push(TrustedKey {
            organization: organization.to_owned(),
            key,
        });
    }
    if keys.is_empty() {
        return Err(TrustFileError::Empty {
            file: source.to_owned(),
        });
    }
    Ok(keys)
}

/// Why a ledger does not verify.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The store could not be read.
    #[error("cannot read the ledger: {0}")]
    Store(#[from] StoreError),
    /// The trusted keys contradict each other (two for one organization, one key twice).
    #[error("the trusted keys contradict each other: {0}")]
    TrustedKeys(KeyFault),
    /// The keys stored in the database contradict each other.
    #[error("the stored keys contradict each other: {0}")]
    StoredKeys(KeyFault),
    /// The store holds a first key for an organization that no trusted key covers.
    #[error(
        "the store holds key {key_id} for {organization}, but no trusted key is given for {organization}"
    )]
    Untrusted {
        /// The organization.
        organization: String,
        /// The stored key.
        key_id: KeyId,
    },
    /// The store's first key for an organization is not the trusted one.
    #[error(
        "the store's key {stored} for {organization} is not {organization}'s trusted key {trusted}: the key table was replaced or the wrong key file given"
    )]
    KeyMismatch {
        /// The organization.
        organization: String,
        /// The key in the store.
        stored: KeyId,
        /// The trusted key.
        trusted: KeyId,
    },
    /// The trusted key is one the organization rotated to later, so it cannot vouch for the
    /// entries its first key signed.
    #[error(
        "the trusted key {trusted} of {organization} is valid only from entry {valid_from} (it came by rotation); trust {organization}'s first key {first} to verify the entries before it"
    )]
    TrustedKeyIsLater {
        /// The organization.
        organization: String,
        /// The trusted key.
        trusted: KeyId,
        /// The entry the store says it is valid from.
        valid_from: u64,
        /// The organization's first key in the store.
        first: KeyId,
    },
    /// The store holds a key that no signed rotation in the chain brought in.
    #[error(
        "the store holds key {key_id} for {organization} from entry {valid_from}, but no signed rotation in the chain brought it in"
    )]
    NotInChain {
        /// The organization.
        organization: String,
        /// The stored key.
        key_id: KeyId,
        /// The entry the store says it is valid from.
        valid_from: u64,
    },
    /// The chain itself is broken.
    #[error(transparent)]
    Fault(#[from] LedgerFault),
}

/// Verifies the whole ledger of `store`: against `trusted` when given (see the module's doc),
/// otherwise against the store's own first keys. Progress counts verified entries.
pub async fn verify_ledger(
    store: &dyn Store,
    trusted: Option<&[TrustedKey]>,
    progress: &dyn Progress,
) -> Result<VerifyReport, VerifyError> {
    let stored = store.organization_keys().await?;
    let registry = match trusted {
        Some(trusted) => {
            let registry =
                KeyRegistry::with_trusted(trusted.iter().map(|t| (t.organization.as_str(), t.key)))
                    .map_err(VerifyError::TrustedKeys)?;
            check_first_keys(&stored, trusted)?;
            registry
        }
        None => trusted_registry(&stored).map_err(VerifyError::StoredKeys)?,
    };
    let head = store.ledger_head().await?;
    progress.stage("verifying the ledger", head.next_sequence - 1);
    let report =
        verify_stored_ledger(store, &registry, VERIFY_PAGE, &|n| progress.advance(n)).await??;
    progress.finish();
    if trusted.is_some() {
        check_rotated_keys(&stored, &report.keys)?;
    }
    Ok(report)
}

/// Every key the store trusts from entry 1 is its organization's trusted key.
fn check_first_keys(stored: &[StoredKey], trusted: &[TrustedKey]) -> Result<(), VerifyError> {
    for key in stored.iter().filter(|k| k.valid_from == 1) {
        let theirs = trusted.iter().find(|t| t.organization == key.organization);
        match theirs {
            None => {
                return Err(VerifyError::Untrusted {
                    organization: key.organization.clone(),
                    key_id: key.key_id,
                });
            }
            Some(t) if t.key != key.public_key => {
                let later = stored
                    .iter()
                    .find(|s| s.organization == key.organization && s.public_key == t.key);
                if let Some(later) = later {
                    return Err(VerifyError::TrustedKeyIsLater {
                        organization: key.organization.clone(),
                        trusted: later.key_id,
                        valid_from: later.valid_from,
                        first: key.key_id,
                    });
                }
                return Err(VerifyError::KeyMismatch {
                    organization: key.organization.clone(),
                    stored: key.key_id,
                    trusted: t.key.key_id(),
                });
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Every key the store holds from a rotation is in the chain's replayed registry, for the same
/// organization and from the same entry.
fn check_rotated_keys(stored: &[StoredKey], chain: &KeyRegistry) -> Result<(), VerifyError> {
    for key in stored.iter().filter(|k| k.valid_from > 1) {
        let known = chain.get(key.key_id).is_some_and(|r| {
            r.organization == key.organization
                && r.key == key.public_key
                && r.valid_from == key.valid_from
        });
        if !known {
            return Err(VerifyError::NotInChain {
                organization: key.organization.clone(),
                key_id: key.key_id,
                valid_from: key.valid_from,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use homeward_ledger::OrganizationKey;

    #[test]
    fn key_files_name_their_organization_and_bad_lines() {
        let mnd = OrganizationKey::from_seed("MND", &[1; 32]).public_key();
        let text = format!(
            "# keys we trust\n\n{}{}",
            mnd.to_text("Ministry of National Defense (KR)"),
            mnd.to_text("MND")
        );
        let keys = parse_trusted_keys("mnd.pub", &text).unwrap();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].organization, "Ministry of National Defense (KR)");
        assert_eq!(keys[1].key, mnd);

        let bare = mnd.to_text("");
        assert_eq!(
            parse_trusted_keys("a.pub", &bare),
            Err(TrustFileError::NoOrganization {
                file: "a.pub".into(),
                line: 1
            })
        );
        let err = parse_trusted_keys("b.pub", "# nothing\nssh-ed25519 AAAA x\n").unwrap_err();
        assert!(err.to_string().starts_with("b.pub, line 2: "), "{err}");
        assert_eq!(
            parse_trusted_keys("c.pub", "\n"),
            Err(TrustFileError::Empty {
                file: "c.pub".into()
            })
        );
    }
}
