//! Organization keys: ed25519 key pairs generated from a caller's RNG, their fingerprints
//! (`KeyId`), and the one-line text forms in which public and secret keys are exported.

use std::fmt;
use std::str::FromStr;

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use rand_core_06::CryptoRngCore;
use sha2::{Digest, Sha256};
use thiserror::Error;

/// Prefix of an exported public key: `homeward-ed25519 <64 hex> [comment]`.
pub const PUBLIC_KEY_PREFIX: &str = "homeward-ed25519";
/// Prefix of an exported secret key: `homeward-ed25519-secret <64 hex> <organization>`.
pub const SECRET_KEY_PREFIX: &str = "homeward-ed25519-secret";

/// A SHA-256 digest: an entry's hash, a manifest's hash.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    /// The previous hash of the first entry of a chain.
    pub const GENESIS: ContentHash = ContentHash([0; 32]);

    /// SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        ContentHash(Sha256::digest(bytes).into())
    }
    /// Lowercase hex, 64 characters.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
    /// Parses exactly 64 lowercase hex characters.
    pub fn from_hex(s: &str) -> Result<Self, KeyTextError> {
        strict_hex::<32>(s, "hash").map(ContentHash)
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}
impl fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContentHash({})", self.to_hex())
    }
}

/// A key's fingerprint: the first 8 bytes (16 hex characters) of SHA-256 of the public key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub [u8; 8]);

impl KeyId {
    /// Parses exactly 16 lowercase hex characters.
    pub fn from_hex(s: &str) -> Result<Self, KeyTextError> {
        strict_hex::<8>(s, "key id").map(KeyId)
    }
}
impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}
impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

/// An ed25519 signature (64 bytes).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature(pub [u8; 64]);

impl Signature {
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
    /// Parses exactly 128 lowercase hex characters.
    pub fn from_hex(s: &str) -> Result<Self, KeyTextError> {
        strict_hex::<64>(s, "signature").map(Signature)
    }
    pub(crate) fn dalek(&self) -> ed25519_dalek::Signature {
        ed25519_dalek::Signature::from_bytes(&self.0)
    }
}
impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", self.to_hex())
    }
}

/// Why a key, hash or signature in text form was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyTextError {
    #[error("{what}: expected {expected} lowercase hex characters, found {found:?}")]
    BadHex {
        what: &'static str,
        expected: usize,
        found: String,
    },
    #[error("key text must start with `{expected} `, found {found:?}")]
    BadPrefix {
        expected: &'static str,
        found: String,
    },
    #[error("{0} is not a valid ed25519 public key")]
    NotOnCurve(String),
    #[error("secret key text names no organization")]
    NoOrganization,
}

fn strict_hex<const N: usize>(s: &str, what: &'static str) -> Result<[u8; N], KeyTextError> {
    let bad = || KeyTextError::BadHex {
        what,
        expected: N * 2,
        found: s.chars().take(N * 2 + 8).collect(),
    };
    // Uppercase would decode to the same bytes; refusing it keeps one text per value.
    if s.len() != N * 2 || !s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return Err(bad());
    }
    let mut out = [0u8; N];
    hex::decode_to_slice(s, &mut out).map_err(|_| bad())?;
    Ok(out)
}

/// An organization's public key, as others hold it to check its signatures.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(pub(crate) VerifyingKey);

impl PublicKey {
    /// From the 32 raw bytes; refuses points that are not valid ed25519 keys.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, KeyTextError> {
        VerifyingKey::from_bytes(bytes)
            .map(PublicKey)
            .map_err(|_| KeyTextError::NotOnCurve(hex::encode(bytes)))
    }
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }
    /// The fingerprint: the first 16 hex characters of SHA-256(public key bytes).
    pub fn key_id(&self) -> KeyId {
        let digest = Sha256::digest(self.0.as_bytes());
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        KeyId(id)
    }
    /// `homeward-ed25519 <64 hex> <comment>`; the comment (e.g. the organization) is informational.
    pub fn to_text(&self, comment: &str) -> String {
        let key = hex::encode(self.0.as_bytes());
        if comment.is_empty() {
            format!("{PUBLIC_KEY_PREFIX} {key}\n")
        } else {
            format!("{PUBLIC_KEY_PREFIX} {key} {comment}\n")
        }
    }
    /// Parses [`PublicKey::to_text`]'s form; the comment is ignored, the key must be exact.
    pub fn from_text(text: &str) -> Result<Self, KeyTextError> {
        let rest = after_prefix(text, PUBLIC_KEY_PREFIX)?;
        let key = rest.split(' ').next().unwrap_or("");
        let bytes = strict_hex::<32>(key, "public key")?;
        PublicKey::from_bytes(&bytes)
    }
    pub(crate) fn verify(&self, message: &[u8], signature: &Signature) -> bool {
        self.0.verify_strict(message, &signature.dalek()).is_ok()
    }
}

impl FromStr for PublicKey {
    type Err = KeyTextError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PublicKey::from_text(s)
    }
}
impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.key_id())
    }
}

/// An organization's signing key. `Debug` shows the fingerprint, never the secret.
#[derive(Clone)]
pub struct OrganizationKey {
    organization: String,
    signing: SigningKey,
}

impl OrganizationKey {
    /// A fresh key from the caller's cryptographic RNG (the CLI passes the OS RNG; tests a seeded one).
    pub fn generate<R: CryptoRngCore + ?Sized>(organization: &str, rng: &mut R) -> Self {
        OrganizationKey {
            organization: organization.to_string(),
            signing: SigningKey::generate(rng),
        }
    }
    /// From a 32-byte secret seed (test vectors, or a key read back from its text form).
    pub fn from_seed(organization: &str, seed: &[u8; 32]) -> Self {
        OrganizationKey {
            organization: organization.to_string(),
            signing: SigningKey::from_bytes(seed),
        }
    }
    pub fn organization(&self) -> &str {
        &self.organization
    }
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.signing.verifying_key())
    }
    pub fn key_id(&self) -> KeyId {
        self.public_key().key_id()
    }
    /// Signs `message` (for ledger entries and documents: the 32-byte content hash).
    pub fn sign(&self, message: &[u8]) -> Signature {
        Signature(self.signing.sign(message).to_bytes())
    }
    /// The 32-byte secret seed, wiped when dropped (for sealing it at rest).
    pub(crate) fn seed(&self) -> zeroize::Zeroizing<[u8; 32]> {
        zeroize::Zeroizing::new(self.signing.to_bytes())
    }
    /// `homeward-ed25519-secret <64 hex seed> <organization>`: keep this file private.
    pub fn to_secret_text(&self) -> String {
        format!(
            "{SECRET_KEY_PREFIX} {} {}\n",
            hex::encode(self.signing.to_bytes()),
            self.organization
        )
    }
    /// Parses [`OrganizationKey::to_secret_text`]'s form.
    pub fn from_secret_text(text: &str) -> Result<Self, KeyTextError> {
        let rest = after_prefix(text, SECRET_KEY_PREFIX)?;
        let (seed, organization) = rest.split_once(' ').ok_or(KeyTextError::NoOrganization)?;
        if organization.is_empty() {
            return Err(KeyTextError::NoOrganization);
        }
        let seed = strict_hex::<32>(seed, "secret key")?;
        Ok(OrganizationKey::from_seed(organization, &seed))
    }
}

impl fmt::Debug for OrganizationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OrganizationKey")
            .field("organization", &self.organization)
            .field("key_id", &self.key_id())
            .finish_non_exhaustive()
    }
}

/// The rest of a one-line key file after its `prefix` and a space (line end dropped); a file of
/// another kind is refused showing how it starts.
fn after_prefix<'a>(text: &'a str, prefix: &'static str) -> Result<&'a str, KeyTextError> {
    let line = text.trim_end_matches(['\n', '\r']);
    line.strip_prefix(prefix)
        .and_then(|r| r.strip_prefix(' '))
        .ok_or_else(|| KeyTextError::BadPrefix {
            expected: prefix,
            found: line.chars().take(24).collect(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip_and_are_strict() {
        let key = OrganizationKey::from_seed("MND", &[7; 32]);
        let public = key.public_key();
        let text = public.to_text("Ministry of National Defense");
        assert_eq!(PublicKey::from_text(&text).unwrap(), public);
        assert!(PublicKey::from_text(&text.to_uppercase()).is_err());
        assert!(PublicKey::from_text(&text.replacen("ed25519", "ed448", 1)).is_err());
        let secret = key.to_secret_text();
        let back = OrganizationKey::from_secret_text(&secret).unwrap();
        assert_eq!(back.key_id(), key.key_id());
        assert_eq!(back.organization(), "MND");
        assert!(!format!("{key:?}").contains(&hex::encode([7u8; 32])));
        assert_eq!(key.key_id().to_string().len(), 16);
        assert_eq!(
            KeyId::from_hex(&key.key_id().to_string()).unwrap(),
            key.key_id()
        );
    }
}
