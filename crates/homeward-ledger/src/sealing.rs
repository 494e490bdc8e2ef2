//! Secret keys at rest: a key-encryption key (KEK) derived with argon2id from what the operator
//! provides (a key file's bytes or a passphrase) and a stored salt, and organization secret keys
//! sealed under it with XChaCha20-Poly1305. The associated data names the organization and the
//! key id, so a sealed secret moved to another key row fails authentication.
//!
//! Pure: the caller reads the key file or passphrase and passes the random salt and nonces.

use std::fmt;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use thiserror::Error;
use zeroize::Zeroizing;

use crate::keys::{KeyId, OrganizationKey};

/// Prefix of a sealed secret: `homeward-sealed-v1 <48 hex nonce> <96 hex ciphertext+tag>`.
pub const SEALED_KEY_PREFIX: &str = "homeward-sealed-v1";
/// Bytes of the salt the KEK is derived with.
pub const SALT_LEN: usize = 16;
/// Bytes of an XChaCha20-Poly1305 nonce (random per sealing).
pub const NONCE_LEN: usize = 24;

/// What the check value seals: opening it proves the KEK is the one the store was set up with.
const CHECK_PLAINTEXT: &[u8] = b"homeward key-encryption check v1";
const CHECK_AAD: &[u8] = b"homeward-kek-check-v1";
const KEY_AAD: &[u8] = b"homeward-secret-key-v1";

/// argon2id parameters, stored beside the salt so a KEK can be derived again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl KdfParams {
    /// What a new store is set up with (OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane).
    pub const RECOMMENDED: KdfParams = KdfParams {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };
    /// The cheapest parameters argon2 accepts: for tests only, never for a real store.
    pub const TEST_ONLY: KdfParams = KdfParams {
        memory_kib: 8,
        iterations: 1,
        parallelism: 1,
    };
}

/// Why a KEK could not be derived or a secret not be sealed or opened.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SealError {
    /// The key file or passphrase is empty.
    #[error("the key-encryption secret is empty: give a key file with content or a passphrase")]
    EmptySecret,
    /// The stored argon2id parameters are refused by argon2.
    #[error("argon2id parameters {params:?} are not usable: {reason}")]
    BadParams {
        /// The parameters.
        params: KdfParams,
        /// argon2's complaint.
        reason: String,
    },
    /// The KEK does not open the store's check value: another key file or passphrase.
    #[error("the key-encryption key does not match this store (wrong key file or passphrase)")]
    WrongKey,
    /// A sealed secret fails authentication under a KEK that opens the check value.
    #[error(
        "the sealed secret key of {organization} ({key_id}) fails authentication: altered, \
         or moved from another key row"
    )]
    Tampered {
        /// The row's organization.
        organization: String,
        /// The row's key id.
        key_id: String,
    },
    /// The sealed text is not `homeward-sealed-v1 <nonce> <ciphertext>`.
    #[error("sealed secret key text is malformed: {0}")]
    Malformed(String),
}

/// Whether a stored secret-key text is sealed (rather than a legacy plaintext secret).
pub fn is_sealed(text: &str) -> bool {
    text.starts_with(SEALED_KEY_PREFIX)
}

/// The key-encryption key: 32 bytes, wiped when dropped; `Debug` never shows them.
pub struct KeyEncryptionKey(Zeroizing<[u8; 32]>);

impl fmt::Debug for KeyEncryptionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyEncryptionKey(<redacted>)")
    }
}

impl KeyEncryptionKey {
    /// Derives the KEK from `secret` (key file bytes or passphrase) with argon2id.
    pub fn derive(
        secret: &[u8],
        salt: &[u8; SALT_LEN],
        params: KdfParams,
    ) -> Result<Self, SealError> {
        if secret.is_empty() {
            return Err(SealError::EmptySecret);
        }
        let bad = |e: argon2::Error| SealError::BadParams {
            params,
            reason: e.to_string(),
        };
        let argon_params = Params::new(
            params.memory_kib,
            params.iterations,
            params.parallelism,
            Some(32),
        )
        .map_err(bad)?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
        let mut out = Zeroizing::new([0u8; 32]);
        argon
            .hash_password_into(secret, salt, out.as_mut())
            .map_err(bad)?;
        Ok(KeyEncryptionKey(out))
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.0.as_ref().into())
    }

    fn seal_bytes(&self, plaintext: &[u8], aad: &[u8], nonce: [u8; NONCE_LEN]) -> String {
        let sealed = self
            .cipher()
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .expect("XChaCha20-Poly1305 encrypts any message shorter than 256 GiB");
        format!(
            "{SEALED_KEY_PREFIX} {} {}",
            hex::encode(nonce),
            hex::encode(sealed)
        )
    }

    /// `Ok(None)` when authentication fails.
    fn open_bytes(&self, text: &str, aad: &[u8]) -> Result<Option<Zeroizing<Vec<u8>>>, SealError> {
        let malformed = || SealError::Malformed(text.chars().take(40).collect());
        let rest = text
            .trim_end()
            .strip_prefix(SEALED_KEY_PREFIX)
            .and_then(|r| r.strip_prefix(' '))
            .ok_or_else(malformed)?;
        let (nonce, sealed) = rest.split_once(' ').ok_or_else(malformed)?;
        let nonce: [u8; NONCE_LEN] = hex::decode(nonce)
            .ok()
            .and_then(|n| n.try_into().ok())
            .ok_or_else(malformed)?;
        let sealed = hex::decode(sealed).map_err(|_| malformed())?;
        Ok(self
            .cipher()
            .decrypt(&XNonce::from(nonce), Payload { msg: &sealed, aad })
            .ok()
            .map(Zeroizing::new))
    }

    /// The check value stored beside the salt: a constant sealed under this KEK.
    pub fn check_value(&self, nonce: [u8; NONCE_LEN]) -> String {
        self.seal_bytes(CHECK_PLAINTEXT, CHECK_AAD, nonce)
    }

    /// Whether this KEK opens `check_value`; [`SealError::WrongKey`] otherwise.
    pub fn verify_check(&self, check_value: &str) -> Result<(), SealError> {
        match self.open_bytes(check_value, CHECK_AAD)? {
            Some(plain) if plain.as_slice() == CHECK_PLAINTEXT => Ok(()),
            _ => Err(SealError::WrongKey),
        }
    }

    /// Seals `key`'s secret for its row (organization and key id are the associated data).
    pub fn seal(&self, key: &OrganizationKey, nonce: [u8; NONCE_LEN]) -> String {
        let aad = key_aad(key.organization(), key.key_id());
        self.seal_bytes(key.seed().as_ref(), &aad, nonce)
    }

    /// Opens a sealed secret stored in the row of `organization`'s key `key_id`; the opened
    /// key must have that id.
    pub fn open(
        &self,
        text: &str,
        organization: &str,
        key_id: KeyId,
    ) -> Result<OrganizationKey, SealError> {
        let tampered = || SealError::Tampered {
            organization: organization.to_owned(),
            key_id: key_id.to_string(),
        };
        let plain = self
            .open_bytes(text, &key_aad(organization, key_id))?
            .ok_or_else(tampered)?;
        let seed: &[u8; 32] = plain.as_slice().try_into().map_err(|_| tampered())?;
        let key = OrganizationKey::from_seed(organization, seed);
        if key.key_id() != key_id {
            return Err(tampered());
        }
        Ok(key)
    }
}

fn key_aad(organization: &str, key_id: KeyId) -> Vec<u8> {
    let mut aad = KEY_AAD.to_vec();
    aad.push(0);
    aad.extend_from_slice(organization.as_bytes());
    aad.push(0);
    aad.extend_from_slice(key_id.to_string().as_bytes());
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kek(secret: &[u8]) -> KeyEncryptionKey {
        KeyEncryptionKey::derive(secret, &[3; SALT_LEN], KdfParams::TEST_ONLY).unwrap()
    }

    #[test]
    fn a_sealed_key_opens_only_in_its_row_under_its_kek() {
        let key = OrganizationKey::from_seed("MND", &[7; 32]);
        let sealed = kek(b"right").seal(&key, [1; NONCE_LEN]);
        assert!(is_sealed(&sealed));
        assert!(!sealed.contains(&hex::encode([7u8; 32])));
        let opened = kek(b"right").open(&sealed, "MND", key.key_id()).unwrap();
        assert_eq!(opened.key_id(), key.key_id());
        // Another organization's row, another key id, another KEK: all refused.
        assert!(matches!(
            kek(b"right").open(&sealed, "MVA", key.key_id()),
            Err(SealError::Tampered { .. })
        ));
        let other = OrganizationKey::from_seed("MND", &[8; 32]).key_id();
        assert!(kek(b"right").open(&sealed, "MND", other).is_err());
        assert!(kek(b"wrong").open(&sealed, "MND", key.key_id()).is_err());
        // One flipped ciphertext bit is detected.
        let mut bytes = sealed.into_bytes();
        let last = bytes.len() - 1;
        bytes[last] = if bytes[last] == b'0' { b'1' } else { b'0' };
        let flipped = String::from_utf8(bytes).unwrap();
        assert!(matches!(
            kek(b"right").open(&flipped, "MND", key.key_id()),
            Err(SealError::Tampered { .. })
        ));
    }

    #[test]
    fn the_check_value_tells_a_wrong_kek_and_debug_redacts() {
        let check = kek(b"right").check_value([2; NONCE_LEN]);
        assert_eq!(kek(b"right").verify_check(&check), Ok(()));
        assert_eq!(kek(b"wrong").verify_check(&check), Err(SealError::WrongKey));
        assert!(matches!(
            kek(b"right").verify_check("plain text"),
            Err(SealError::Malformed(_))
        ));
        assert_eq!(
            KeyEncryptionKey::derive(b"", &[0; SALT_LEN], KdfParams::TEST_ONLY).unwrap_err(),
            SealError::EmptySecret
        );
        assert_eq!(format!("{:?}", kek(b"x")), "KeyEncryptionKey(<redacted>)");
    }
}
