//! Password hashing: argon2id with the crate's default parameters, stored as PHC strings.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Why a password could not be hashed or checked.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// The password is too short to protect family data.
    #[error("a password must have at least {min} characters")]
    TooShort {
        /// The minimum length.
        min: usize,
    },
    /// The stored hash is not an argon2 PHC string.
    #[error("stored password hash is unreadable: {0}")]
    BadHash(String),
}

/// The shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 10;

/// Hashes a new password with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(PasswordError::TooShort {
            min: MIN_PASSWORD_LEN,
        });
    }
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::BadHash(e.to_string()))
}

/// Whether `password` matches the stored PHC string (constant-time comparison inside argon2).
pub fn verify_password(password: &str, stored: &str) -> Result<bool, PasswordError> {
    let parsed = PasswordHash::new(stored).map_err(|e| PasswordError::BadHash(e.to_string()))?;
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// The working memory of one argon2 check, reused across checks by [`verify_password_in`].
pub type HashMemory = Vec<argon2::Block>;

/// Like [`verify_password`], but computes the hash in `memory` (resized as the stored
/// parameters need, 19 MiB for the defaults) instead of allocating its own: a server keeps one
/// buffer per concurrent check and reuses it, so memory stays bounded by the number of checks
/// that may run at once and no allocation is left for the allocator to hold on to.
pub fn verify_password_in(
    password: &str,
    stored: &str,
    memory: &mut HashMemory,
) -> Result<bool, PasswordError> {
    use argon2::password_hash::Output;
    use argon2::{Algorithm, Params, Version};
    let bad = |e: &dyn std::fmt::Display| PasswordError::BadHash(e.to_string());
    let parsed = PasswordHash::new(stored).map_err(|e| bad(&e))?;
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| bad(&e))?;
    let version = Version::try_from(parsed.version.unwrap_or(0x13)).map_err(|e| bad(&e))?;
    let params = Params::try_from(&parsed).map_err(|e| bad(&e))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Err(PasswordError::BadHash("no salt or hash".to_owned()));
    };
    let mut salt_buf = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_buf).map_err(|e| bad(&e))?;
    memory.resize(params.block_count(), argon2::Block::default());
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut memory[..])
        .map_err(|e| bad(&e))?;
    // `Output`'s equality is constant-time.
    Ok(Output::new(&out).map_err(|e| bad(&e))? == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_own_password() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h).unwrap());
        assert!(!verify_password("correct horse batterY", &h).unwrap());
    }

    #[test]
    fn short_passwords_and_bad_hashes_are_refused() {
        assert!(matches!(
            hash_password("short"),
            Err(PasswordError::TooShort { .. })
        ));
        assert!(verify_password("whatever-long", "not a hash").is_err());
    }

    #[test]
    fn a_reused_buffer_checks_like_the_plain_verifier() {
        let h = hash_password("correct horse battery").unwrap();
        let mut memory = Vec::new();
        assert!(verify_password_in("correct horse battery", &h, &mut memory).unwrap());
        let size = memory.len();
        assert_eq!(size * 1024, 19 * 1024 * 1024, "19 MiB of 1 KiB blocks");
        assert!(!verify_password_in("correct horse batterY", &h, &mut memory).unwrap());
        assert_eq!(memory.len(), size, "the buffer is reused, not grown");
        assert!(verify_password_in("x", "not a hash", &mut memory).is_err());
    }
}
