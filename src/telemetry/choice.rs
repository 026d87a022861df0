//! The user's choice: saving consent, and what must happen with it.
//!
//! Owns what a consent change does besides writing the config key (which `config` does):
//! denying purges the pending events, and sends nothing (no "opt-out" event); granting makes
//! the anonymous id, which exists only once telemetry has been allowed. Both front ends
//! call [`set_consent`]; neither does the work itself. Replacing the id ([`rotate_id`])
//! removes the old one from every file kept.

use std::io;
use std::path::PathBuf;

use crate::config::{self, ConfigError, ConsentSetting};
use crate::consent::{Consent, Source};
use crate::context::Context;

/// What a consent change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentChange {
    /// What was saved.
    pub setting: ConsentSetting,
    /// The file that was written.
    pub file: PathBuf,
    /// Pending events deleted (deny only).
    pub purged: usize,
    /// A variable or file that still overrides the new setting, if any.
    pub overridden_by: Option<String>,
    /// The consent in force after the change (differs from the setting when overridden).
    pub consent: Consent,
}

/// Failure to change consent.
#[derive(Debug, thiserror::Error)]
pub enum ConsentError {
    /// The config file could not be read, parsed or written.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The pending queue could not be purged.
    #[error("consent was saved, but the pending events in {} could not be deleted: {source}", path.display())]
    Purge {
        /// The queue file.
        path: PathBuf,
        /// What the system said.
        source: io::Error,
    },
}

/// Persists `setting` in the config file and reloads `ctx` from it. Denying purges pending
/// events and sends nothing.
pub fn set_consent(
    ctx: &mut Context,
    setting: ConsentSetting,
) -> Result<ConsentChange, ConsentError> {
    set_consent_shown(ctx, setting, None)
}

/// [`set_consent`] from a screen that showed the request with `shown` as its signature: on
/// Allow, a proposed id ([`super::signature::propose`]) becomes the anonymous id, before the
/// consent is saved, so that the first request sent carries the id that was shown. On Deny
/// the proposal is simply dropped.
pub fn set_consent_shown(
    ctx: &mut Context,
    setting: ConsentSetting,
    shown: Option<&super::signature::Signature>,
) -> Result<ConsentChange, ConsentError> {
    let file = ctx.paths.config_file.clone();
    let mode = ctx.config.telemetry.signature;
    // If the id cannot be written now, the first send makes one (and the console shows it).
    let kept = match (setting, shown) {
        (ConsentSetting::Granted, Some(shown)) => {
            super::signature::keep(mode, &ctx.paths, shown).unwrap_or(false)
        }
        _ => false,
    };
    if let Err(e) = config::write_consent(&file, Some(setting)) {
        if kept {
            super::signature::unkeep(&ctx.paths);
        }
        return Err(e.into());
    }
    *ctx = ctx.reload();
    let purged = match setting {
        ConsentSetting::Denied => {
            super::queue::clear(&ctx.paths).map_err(|source| ConsentError::Purge {
                path: ctx.paths.queue(),
                source,
            })?
        }
        ConsentSetting::Granted => {
            // Allowed from now on: this is when the anonymous id is made (never before). If it
            // cannot be written now, the first send makes it.
            let _ = super::signature::resolve(ctx.config.telemetry.signature, &ctx.paths);
            0
        }
    };
    let decision = ctx.decision();
    let overridden_by =
        (decision.winner != Source::ConfigFile).then(|| decision.winning().location.clone());
    Ok(ConsentChange {
        setting,
        file,
        purged,
        overridden_by,
        consent: decision.consent,
    })
}

impl std::fmt::Display for ConsentChange {
    /// "telemetry disabled (saved in F); deleted 2 pending events; nothing was sent", with a
    /// note when a variable or file still decides.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let word = Consent::from(self.setting).label();
        write!(f, "telemetry {word} (saved in {})", self.file.display())?;
        if self.setting == ConsentSetting::Denied {
            write!(
                f,
                "; deleted {}; nothing was sent",
                crate::text::count(self.purged, "pending event")
            )?;
        }
        if let Some(over) = &self.overridden_by {
            write!(
                f,
                "; note: {over} still decides, so telemetry stays {}",
                self.consent.label()
            )?;
        }
        Ok(())
    }
}

/// What the old id is replaced with in the files [`rotate_id`] scrubs.
pub const SCRUBBED: &str = "ROTATED";

/// Replaces the anonymous id with a fresh random one (`gitops telemetry id rotate`) and removes
/// the old one from every file this tool keeps: the sent log's URLs (where it becomes
/// [`SCRUBBED`], so the log still says that a signature went), and any error kept in the queue,
/// its journal, the backoff or the caches. Waits for a running sender to finish first, so that
/// nothing it appends meanwhile is lost or carries the old id.
pub fn rotate_id(ctx: &Context) -> io::Result<super::signature::Signature> {
    let paths = &ctx.paths;
    let _sender = super::delivery::lock_sender(ctx)?;
    let old = super::signature::stored_values(paths);
    let fresh = super::signature::rotate(ctx.config.telemetry.signature, paths)?;
    let forms: Vec<String> = old
        .iter()
        .filter(|v| **v != fresh.value)
        .flat_map(|v| {
            [
                v.clone(),
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect(),
            ]
        })
        .collect();
    if forms.is_empty() {
        return Ok(fresh);
    }
    let scrub = |text: &str| {
        forms
            .iter()
            .fold(text.to_string(), |t, old| t.replace(old.as_str(), SCRUBBED))
    };
    for path in [
        paths.sent_log(),
        paths.queue_journal(),
        paths.send_backoff(),
        paths.update_cache(),
        paths.policy_cache(),
    ] {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let clean = scrub(&text);
        if clean != text {
            crate::fsutil::write_atomic(&path, clean.as_bytes())
                .map_err(crate::fsutil::named(&path, "write"))?;
        }
    }
    let queue = std::fs::read_to_string(paths.queue()).unwrap_or_default();
    if forms.iter().any(|f| queue.contains(f.as_str())) {
        super::queue::update(paths, ctx.limits(), ctx.now(), |events| {
            for e in events.iter_mut() {
                if let Some(error) = &mut e.last_error {
                    *error = scrub(error);
                }
            }
        })?;
    }
    Ok(fresh)
}
