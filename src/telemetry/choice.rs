//! The user's choice: saving consent, and what must happen with it.
//!
//! Owns what a consent change does besides writing the config key (which `config` does):
//! denying purges the pending events, and sends nothing (no "opt-out" event); granting makes
//! the anonymous id, which exists only once telemetry has been allowed. Both front ends
//! call [`set_consent`]; neither does the work itself.

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
    let file = ctx.paths.config_file.clone();
    config::write_consent(&file, Some(setting))?;
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
