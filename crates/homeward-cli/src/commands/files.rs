//! Reading the files a user names, each kind under a documented size cap (`Read::take(cap + 1)`:
//! `/dev/zero` given as a key is refused after its cap, never read whole), and the `--db` check
//! that only `migrate` and `demo` may create a store.

use std::io::Read;
use std::path::Path;

use homeward_ledger::PublicKey;

use super::BadInput;

/// A kind of document and the largest one read.
#[derive(Debug, Clone, Copy)]
pub struct Cap {
    /// What the file is, for the message ("key file", "manifest").
    pub what: &'static str,
    /// The most bytes read.
    pub bytes: u64,
}

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

impl Cap {
    /// A cap of `mib` MiB on a `what`.
    const fn mib(what: &'static str, mib: u64) -> Cap {
        Cap {
            what,
            bytes: mib * MIB,
        }
    }
}

/// A public key file (`ledger export-key`); also a `--trust` file of several keys.
pub const KEY: Cap = Cap::mib("key file", 1);
/// A signed handover manifest.
pub const MANIFEST: Cap = Cap::mib("manifest", 64);
/// A countersigned receipt.
pub const RECEIPT: Cap = Cap::mib("receipt", 64);
/// A casket plan (`batch encoffin --caskets`).
pub const CASKETS: Cap = Cap::mib("casket plan", 16);
/// A kinship CASE.json (`kinship lr`, `kinship simulate`).
pub const CASE: Cap = Cap::mib("kinship case", 16);
/// An allele frequency table (JSON or CSV).
pub const FREQUENCIES: Cap = Cap::mib("frequency table", 16);
/// The families of a screen (JSON).
pub const FAMILIES: Cap = Cap::mib("families file", 512);
/// The remains profiles of a screen (CSV).
pub const PROFILES: Cap = Cap::mib("remains profiles file", 256);

/// Shows a cap for people: "1 MiB", "64 MiB".
fn shown(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads at most `cap.bytes` of `path`; a longer file is refused naming the file and the cap.
pub fn read_bytes(path: &Path, cap: Cap) -> Result<Vec<u8>, BadInput> {
    let name = path.display();
    let file = std::fs::File::open(path)
        .map_err(|e| BadInput(format!("cannot read the {} {name}: {e}", cap.what)))?;
    let mut bytes = Vec::new();
    file.take(cap.bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| BadInput(format!("cannot read the {} {name}: {e}", cap.what)))?;
    if bytes.len() as u64 > cap.bytes {
        return Err(BadInput(format!(
            "{name}: larger than {}, the most a {} may hold",
            shown(cap.bytes),
            cap.what
        )));
    }
    Ok(bytes)
}

/// [`read_bytes`] as UTF-8 text.
pub fn read_text(path: &Path, cap: Cap) -> Result<String, BadInput> {
    String::from_utf8(read_bytes(path, cap)?).map_err(|e| {
        BadInput(format!(
            "{}: the {} is not UTF-8 text (byte {})",
            path.display(),
            cap.what,
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Whether a `--db` value names a PostgreSQL server.
pub fn is_postgres(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// The file a SQLite `--db` value names (a path, or a `sqlite:` URL without its parameters);
/// `None` for PostgreSQL and in-memory databases.
fn sqlite_file(location: &str) -> Option<&str> {
    if is_postgres(location) || location.contains(":memory:") || location.contains("mode=memory") {
        return None;
    }
    let path = match location.strip_prefix("sqlite:") {
        Some(rest) => {
            let rest = rest.strip_prefix("//").unwrap_or(rest);
            rest.split('?').next().unwrap_or(rest)
        }
        None => location,
    };
    Some(path)
}

/// Refuses a `--db` naming something that is not a regular file (a directory, `/dev/null`, a
/// pipe): SQLite would fail on every page, slowly.
pub fn check_regular(location: &str) -> Result<(), BadInput> {
    let Some(path) = sqlite_file(location) else {
        return Ok(());
    };
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(BadInput(format!(
            "--db {location}: not a regular file (a directory, a device or a pipe); a SQLite \
             store is a regular file"
        ))),
        _ => Ok(()),
    }
}

/// Refuses a `--db` naming a SQLite file that does not exist: only `homeward migrate` and
/// `homeward demo` create a store, so a typo never becomes a new, empty registry.
pub fn check_existing(location: &str) -> Result<(), BadInput> {
    check_regular(location)?;
    let Some(path) = sqlite_file(location) else {
        return Ok(());
    };
    match std::fs::metadata(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(BadInput(format!(
            "--db {location}: no such store file; create one with `homeward migrate --db \
             {location}` (or a demo with `homeward demo --db {location}`)"
        ))),
        Err(e) => Err(BadInput(format!("--db {location}: {e}"))),
    }
}

/// Reads a public key file (`homeward ledger export-key` writes one).
pub fn read_key(path: &Path) -> anyhow::Result<PublicKey> {
    let text = read_text(path, KEY)?;
    PublicKey::from_text(&text)
        .map_err(|e| BadInput(format!("key file {}: {e}", path.display())).into())
}
