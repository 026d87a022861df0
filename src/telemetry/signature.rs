//! The anonymous signature sent as `signature=`.
//!
//! Owns the three modes (`system`, `random`, `none`), go-checkpoint's scrypt derivation from
//! the machine UUID, the random id file, and the cache that keeps scrypt off the hot path.
//! The raw machine UUID is never stored or returned. Only `send`, `preview` and `id` call this;
//! `record` never does.

use std::fmt;
use std::io;
use std::path::PathBuf;

use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::config::{Paths, SignatureMode};
use crate::fsutil;

/// Where go-checkpoint reads the machine UUID, in order.
pub const SYSTEM_SOURCES: &[&str] = &["/sys/class/dmi/id/product_uuid", "/sys/hypervisor/uuid"];

/// A resolved signature and how it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// The configured mode this value answers.
    pub mode: SignatureMode,
    /// Where the value came from.
    pub origin: Origin,
    /// The value sent; empty for `none`.
    pub value: String,
}

/// Where a signature's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// scrypt of the machine id, as go-checkpoint derives it.
    #[serde(rename = "system")]
    System,
    /// The random id kept in the data directory.
    #[serde(rename = "random")]
    Random,
    /// A fresh random id made by `gitops telemetry id rotate`.
    #[serde(rename = "random (rotated)")]
    Rotated,
    /// Empty, by `[telemetry] signature = "none"`.
    #[serde(rename = "none")]
    None,
    /// None yet: a random id is made when telemetry is first allowed (what [`peek`] says
    /// before then). Nothing with this origin is ever sent: its value is empty, or
    /// [`PLACEHOLDER`] where a request is shown.
    #[serde(rename = "not yet made")]
    NotYet,
    /// A random id made in memory for a consent screen ([`propose`]): shown as what would go,
    /// kept by [`keep`] when the user allows telemetry there, discarded otherwise.
    #[serde(rename = "proposed")]
    Proposed,
}

/// What a shown request carries as `signature=` while no id exists and none is proposed: a
/// word that cannot be mistaken for an id. Whoever shows it says that the random id made when
/// telemetry is allowed takes its place.
pub const PLACEHOLDER: &str = "RANDOM-ID-MADE-WHEN-YOU-ALLOW";

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::System => "system",
            Origin::Random => "random",
            Origin::Rotated => "random (rotated)",
            Origin::None => "none",
            Origin::NotYet => "none yet: a random id is made when telemetry is first allowed",
            Origin::Proposed => "random, made for this screen: kept if you allow telemetry here",
        })
    }
}

/// The signature for `mode`, from the cache when it answers that mode, else derived and cached.
pub fn resolve(mode: SignatureMode, paths: &Paths) -> io::Result<Signature> {
    resolve_with(mode, paths, &system_sources())
}

/// The signature that [`resolve`] would give, without creating or changing any file: for
/// `preview`, `id show` and the console while telemetry is not allowed. When no id exists yet
/// (and none can be derived from the machine), the value is empty and the origin
/// [`Origin::NotYet`].
pub fn peek(mode: SignatureMode, paths: &Paths) -> io::Result<Signature> {
    peek_with(mode, paths, &system_sources())
}

/// The signature as it would go now: [`resolve`]d (made and kept) while telemetry is allowed,
/// else only [`peek`]ed at, so that nothing identifying is created before consent. Both front
/// ends show this one.
pub fn current(mode: SignatureMode, paths: &Paths, allowed: bool) -> io::Result<Signature> {
    if allowed {
        resolve(mode, paths)
    } else {
        peek(mode, paths)
    }
}

/// The signature as a shown request carries it before consent: [`peek`]'s, with
/// [`PLACEHOLDER`] standing for an id that does not exist yet.
pub fn shown(mode: SignatureMode, paths: &Paths, allowed: bool) -> io::Result<Signature> {
    let mut signature = current(mode, paths, allowed)?;
    if signature.origin == Origin::NotYet {
        signature.value = PLACEHOLDER.to_string();
    }
    Ok(signature)
}

/// What [`current`] gives, except that where no id exists yet, `proposal` (from [`propose`])
/// stands in with [`Origin::Proposed`]: the id a consent screen shows and [`keep`]s on Allow.
pub fn current_or_proposed(
    mode: SignatureMode,
    paths: &Paths,
    allowed: bool,
    proposal: &str,
) -> io::Result<Signature> {
    let mut signature = current(mode, paths, allowed)?;
    if signature.origin == Origin::NotYet {
        signature.origin = Origin::Proposed;
        signature.value = proposal.to_string();
    }
    Ok(signature)
}

/// A fresh random id, in memory only: the one a consent screen shows as what Allow will send.
pub fn propose() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Keeps the `shown` signature as the random id when it was a proposal and no id exists yet
/// (so the id that was shown is the id that goes); any other signature is left to [`resolve`].
/// Gives whether it wrote the id. Called on Allow, before consent is saved, so that no sender
/// started by the new consent can make another id first.
pub fn keep(mode: SignatureMode, paths: &Paths, shown: &Signature) -> io::Result<bool> {
    if shown.origin != Origin::Proposed
        || uuid::Uuid::parse_str(&shown.value).is_err()
        || peek(mode, paths)?.origin != Origin::NotYet
    {
        return Ok(false);
    }
    write_random_id(paths, &shown.value)?;
    write_cache(
        paths,
        &Signature {
            mode,
            origin: Origin::Random,
            value: shown.value.clone(),
        },
    )?;
    Ok(true)
}

/// Undoes [`keep`]: consent could not be saved after all.
pub fn unkeep(paths: &Paths) {
    let _ = std::fs::remove_file(paths.random_id());
    let _ = std::fs::remove_file(paths.signature_cache());
}

/// [`peek`] with the machine-id files given, for tests.
pub fn peek_with(mode: SignatureMode, paths: &Paths, sources: &[PathBuf]) -> io::Result<Signature> {
    if mode == SignatureMode::None {
        return Ok(Signature {
            mode,
            origin: Origin::None,
            value: String::new(),
        });
    }
    if let Some(cached) = read_cache(paths).filter(|c| c.mode == mode) {
        return Ok(cached);
    }
    if let Some(derived) = derive_from(mode, sources) {
        return Ok(derived);
    }
    Ok(match read_random_id(paths) {
        Some(value) => Signature {
            mode,
            origin: Origin::Random,
            value,
        },
        None => Signature {
            mode,
            origin: Origin::NotYet,
            value: String::new(),
        },
    })
}

fn derive_from(mode: SignatureMode, sources: &[PathBuf]) -> Option<Signature> {
    if mode != SignatureMode::System {
        return None;
    }
    sources
        .iter()
        .find_map(|p| fsutil::read_limited(p, fsutil::CACHE_LIMIT).ok().flatten())
        .map(|uuid| Signature {
            mode,
            origin: Origin::System,
            value: derive_system(&uuid),
        })
}

/// [`resolve`] with the machine-id files given, for tests.
pub fn resolve_with(
    mode: SignatureMode,
    paths: &Paths,
    sources: &[PathBuf],
) -> io::Result<Signature> {
    if mode == SignatureMode::None {
        return Ok(Signature {
            mode,
            origin: Origin::None,
            value: String::new(),
        });
    }
    if let Some(cached) = read_cache(paths).filter(|c| c.mode == mode) {
        return Ok(cached);
    }
    let derived = derive_from(mode, sources);
    let signature = match derived {
        Some(s) => s,
        None => Signature {
            mode,
            origin: Origin::Random,
            value: random_id(paths)?,
        },
    };
    write_cache(paths, &signature)?;
    Ok(signature)
}

/// Replaces the signature with a fresh random one, for the configured `mode`.
pub fn rotate(mode: SignatureMode, paths: &Paths) -> io::Result<Signature> {
    let id = uuid::Uuid::new_v4().to_string();
    write_random_id(paths, &id)?;
    let value = if mode == SignatureMode::None {
        String::new()
    } else {
        id
    };
    let signature = Signature {
        mode,
        origin: Origin::Rotated,
        value,
    };
    write_cache(paths, &signature)?;
    Ok(signature)
}

/// Every signature value kept on disk: the cached one and the random id. What
/// [`super::choice::rotate_id`] scrubs from the other files.
pub fn stored_values(paths: &Paths) -> Vec<String> {
    let mut values: Vec<String> = read_cache(paths).map(|c| c.value).into_iter().collect();
    values.extend(read_random_id(paths));
    values.retain(|v| !v.is_empty());
    values.dedup();
    values
}

/// go-checkpoint's derivation: the file's bytes are both password and salt of scrypt
/// (N=16384, r=8, p=1, 32 bytes), in standard base64 with padding.
pub fn derive_system(uuid_file_bytes: &[u8]) -> String {
    let params = scrypt::Params::new(14, 8, 1, 32).expect("valid scrypt parameters");
    let mut out = [0u8; 32];
    scrypt::scrypt(uuid_file_bytes, uuid_file_bytes, &params, &mut out)
        .expect("32 bytes is a valid length");
    base64::engine::general_purpose::STANDARD.encode(out)
}

fn system_sources() -> Vec<PathBuf> {
    SYSTEM_SOURCES.iter().map(PathBuf::from).collect()
}

const RANDOM_ID_HEADER: &str = "\
# The anonymous id of gitops telemetry: a random UUID, made on this machine, not derived from
# anything about you or it. It is sent as `signature=` so the server can count installations
# without knowing whose they are. Replace it with `gitops telemetry id rotate`; delete it with
# `gitops telemetry forget`.
";

fn read_random_id(paths: &Paths) -> Option<String> {
    let text = fsutil::read_text(&paths.random_id(), fsutil::CACHE_LIMIT).ok()??;
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .filter(|id| uuid::Uuid::parse_str(id).is_ok())
        .map(str::to_string)
}

fn random_id(paths: &Paths) -> io::Result<String> {
    if let Some(id) = read_random_id(paths) {
        return Ok(id);
    }
    let id = uuid::Uuid::new_v4().to_string();
    write_random_id(paths, &id)?;
    Ok(id)
}

fn write_random_id(paths: &Paths, id: &str) -> io::Result<()> {
    fsutil::write_atomic(
        &paths.random_id(),
        format!("{RANDOM_ID_HEADER}{id}\n").as_bytes(),
    )
}

fn read_cache(paths: &Paths) -> Option<Signature> {
    let bytes = fsutil::read_limited(&paths.signature_cache(), fsutil::CACHE_LIMIT).ok()??;
    let cached: Signature = serde_json::from_slice(&bytes).ok()?;
    // The value goes on the wire: only what this module makes is taken from the file.
    let made_here = match cached.origin {
        Origin::System => base64::engine::general_purpose::STANDARD
            .decode(&cached.value)
            .is_ok_and(|b| b.len() == 32),
        Origin::Random | Origin::Rotated => uuid::Uuid::parse_str(&cached.value).is_ok(),
        Origin::None | Origin::NotYet | Origin::Proposed => false,
    };
    made_here.then_some(cached)
}

fn write_cache(paths: &Paths, signature: &Signature) -> io::Result<()> {
    let json = serde_json::to_vec_pretty(signature).expect("a signature serializes");
    fsutil::write_atomic(&paths.signature_cache(), &json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_checkpoint_test_vector() {
        assert_eq!(
            derive_system(b"4C4C4544-0042-3510-8058-B4C04F4E4B31\n"),
            "j1GvZKKsA4V+QC1PVkaA/41RJ80nYgfivdCRNze79mY="
        );
    }

    #[test]
    fn system_falls_back_to_random_and_is_cached() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let missing = vec![home.path().join("no-such-uuid")];
        let first = resolve_with(SignatureMode::System, &paths, &missing).unwrap();
        assert_eq!(first.origin, Origin::Random);
        assert!(uuid::Uuid::parse_str(&first.value).is_ok());
        let text = std::fs::read_to_string(paths.random_id()).unwrap();
        assert!(text.starts_with("# The anonymous id"), "{text}");
        assert_eq!(
            resolve_with(SignatureMode::System, &paths, &missing).unwrap(),
            first
        );
    }

    #[test]
    fn system_uses_the_machine_file_and_never_stores_it() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let uuid_file = home.path().join("product_uuid");
        std::fs::write(&uuid_file, "4C4C4544-0042-3510-8058-B4C04F4E4B31\n").unwrap();
        let s = resolve_with(SignatureMode::System, &paths, &[uuid_file]).unwrap();
        assert_eq!(s.value, "j1GvZKKsA4V+QC1PVkaA/41RJ80nYgfivdCRNze79mY=");
        let cache = std::fs::read_to_string(paths.signature_cache()).unwrap();
        assert!(!cache.contains("4C4C4544"));
    }

    #[test]
    fn peek_makes_no_file() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let missing = vec![home.path().join("no-such-uuid")];
        let peeked = peek_with(SignatureMode::System, &paths, &missing).unwrap();
        assert_eq!((peeked.origin, peeked.value.as_str()), (Origin::NotYet, ""));
        assert!(!paths.data_dir.exists(), "peek wrote something");
        let made = resolve_with(SignatureMode::System, &paths, &missing).unwrap();
        assert_eq!(
            peek_with(SignatureMode::System, &paths, &missing).unwrap(),
            made
        );
    }

    #[test]
    fn rotate_replaces_and_none_is_empty() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let before = resolve(SignatureMode::Random, &paths).unwrap();
        let after = rotate(SignatureMode::Random, &paths).unwrap();
        assert_ne!(before.value, after.value);
        assert_eq!(
            resolve(SignatureMode::Random, &paths).unwrap().value,
            after.value
        );
        assert_eq!(resolve(SignatureMode::None, &paths).unwrap().value, "");
    }
}
