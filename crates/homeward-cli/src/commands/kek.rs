//! The key-encryption key (KEK) for commands that sign: read from a key file (`--key-file`,
//! `HOMEWARD_KEY_FILE`; refused when group or others may read it) or a passphrase
//! (`HOMEWARD_KEY_PASSPHRASE`, or asked for on a terminal), then handed to the store, which
//! derives the KEK with argon2id and unlocks the organizations' sealed secret keys.
//! Verification never needs it.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::Context;
use homeward_app::system_write;
use homeward_ledger::KdfParams;
use homeward_store::{SecretAtRest, Store, UnlockReport};
use zeroize::Zeroizing;

use super::BadInput;

/// The environment variable holding a passphrase.
pub const PASSPHRASE_ENV: &str = "HOMEWARD_KEY_PASSPHRASE";

/// What to provide, for error messages.
pub const PROVIDE: &str = "provide the key-encryption key with --key-file PATH (or \
     HOMEWARD_KEY_FILE=PATH) or a passphrase in HOMEWARD_KEY_PASSPHRASE (asked for on a terminal)";

static KEY_FILE: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Records the global `--key-file` flag (once, from `main`).
pub fn set_key_file(path: Option<PathBuf>) {
    let _ = KEY_FILE.set(path);
}

fn key_file() -> Option<&'static Path> {
    KEY_FILE.get().and_then(|p| p.as_deref())
}

/// Reads a key file, refusing one that group or others may read.
pub fn read_key_file(path: &Path) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let shown = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| BadInput(format!("--key-file {shown}: cannot read it: {e}")))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(BadInput(format!(
                "--key-file {shown}: readable by group or others (mode {mode:03o}); \
                 restrict it with `chmod 600 {shown}`"
            ))
            .into());
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let bytes = Zeroizing::new(
        super::files::read_bytes(path, super::files::KEY)
            .map_err(|e| BadInput(format!("--key-file {}", e.0)))?,
    );
    let trimmed = Zeroizing::new(bytes.trim_ascii().to_vec());
    if trimmed.is_empty() {
        return Err(BadInput(format!("--key-file {shown}: the file is empty")).into());
    }
    Ok(trimmed)
}

/// The operator's secret from the key file or the environment, if given (never asks).
pub fn given_secret() -> anyhow::Result<Option<Zeroizing<Vec<u8>>>> {
    if let Some(path) = key_file() {
        return read_key_file(path).map(Some);
    }
    if let Some(pass) = std::env::var_os(PASSPHRASE_ENV) {
        let pass = Zeroizing::new(pass.into_encoded_bytes());
        if pass.is_empty() {
            return Err(BadInput(format!("{PASSPHRASE_ENV} is empty")).into());
        }
        return Ok(Some(pass));
    }
    Ok(None)
}

/// The operator's secret from the key file, the environment or the terminal; `None` when none
/// is given and no terminal can ask.
pub fn secret(label: &str) -> anyhow::Result<Option<Zeroizing<Vec<u8>>>> {
    if let Some(secret) = given_secret()? {
        return Ok(Some(secret));
    }
    if std::io::stdin().is_terminal() {
        let pass =
            rpassword::prompt_password(format!("passphrase of the signing keys of {label}: "))
                .context("cannot read the passphrase")?;
        return Ok(Some(Zeroizing::new(pass.into_bytes())));
    }
    Ok(None)
}

/// Unlocks `store` with `secret`, telling what the unlock set up or sealed.
pub async fn unlock_with(
    store: &dyn Store,
    secret: &[u8],
    label: &str,
) -> anyhow::Result<UnlockReport> {
    let report = store
        .unlock_signing_keys(secret, KdfParams::RECOMMENDED, system_write(None))
        .await
        .with_context(|| format!("cannot unlock the signing keys of {label}"))?;
    if report.created {
        eprintln!("{label}: key-encryption key set up (argon2id); secret keys are sealed under it");
    }
    if report.sealed > 0 {
        eprintln!(
            "{label}: sealed {} secret key(s) that were stored in plaintext",
            report.sealed
        );
    }
    Ok(report)
}

/// Opens the store for a command that signs: the KEK is required.
pub async fn open_signing(location: &str) -> anyhow::Result<Arc<dyn Store>> {
    let store = super::open(location).await?;
    let secret = secret(location)?.ok_or_else(|| {
        BadInput(format!(
            "this command signs with a key in {location}: {PROVIDE}"
        ))
    })?;
    unlock_with(store.as_ref(), &secret, location).await?;
    Ok(store)
}

/// Opens the store for serving: unlocked when a KEK is given; required when the store holds a
/// secret key (the web app signs lifecycle steps with it).
pub async fn open_serving(location: &str) -> anyhow::Result<Arc<dyn Store>> {
    let store = super::open(location).await?;
    match secret(location)? {
        Some(secret) => {
            unlock_with(store.as_ref(), &secret, location).await?;
        }
        None => {
            let keys = store
                .organization_keys()
                .await
                .context("cannot read the keys")?;
            if keys.iter().any(|k| k.secret != SecretAtRest::PublicOnly) {
                return Err(BadInput(format!(
                    "{location} holds signing keys, which the web app signs with: {PROVIDE}"
                ))
                .into());
            }
        }
    }
    Ok(store)
}
