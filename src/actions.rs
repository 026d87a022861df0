//! Operations the CLI and the console share: changing consent and forgetting everything.
//!
//! Owns what happens around a consent change (the purge on deny) and `forget`. Both front ends
//! call these; neither does the work itself.

use std::io;
use std::path::PathBuf;

use crate::config::{self, ConfigError, ConsentSetting};
use crate::context::Context;

/// What a consent change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentChange {
    /// The file that was written.
    pub file: PathBuf,
    /// Pending events deleted (deny only).
    pub purged: usize,
    /// A variable or file that still overrides the new setting, if any.
    pub overridden_by: Option<String>,
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

/// Persists `setting` in the config file. Denying purges pending events and sends nothing.
pub fn set_consent(
    ctx: &mut Context,
    setting: ConsentSetting,
) -> Result<ConsentChange, ConsentError> {
    let file = ctx.paths.config_file.clone();
    config::write_consent(&file, Some(setting))?;
    ctx.config.telemetry.consent = Some(setting);
    ctx.config_error = None;
    let purged = match setting {
        ConsentSetting::Denied => {
            crate::queue::clear(&ctx.paths).map_err(|source| ConsentError::Purge {
                path: ctx.paths.queue(),
                source,
            })?
        }
        ConsentSetting::Granted => 0,
    };
    let decision = ctx.decision();
    let overridden_by = (decision.winner != crate::consent::Source::ConfigFile)
        .then(|| decision.winning().location.clone());
    Ok(ConsentChange {
        file,
        purged,
        overridden_by,
    })
}

/// Deletes every file this tool keeps in the data directory; returns those that existed.
/// The config file (and so the consent) stays.
pub fn forget(ctx: &Context) -> io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for path in ctx.paths.kept_files() {
        let result = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        match result {
            Ok(()) => removed.push(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(io::Error::new(
                    e.kind(),
                    format!("cannot delete {}: {e}", path.display()),
                ));
            }
        }
    }
    // Leave no empty data directory behind; a non-empty one holds something that is not ours.
    let _ = std::fs::remove_dir(&ctx.paths.data_dir);
    Ok(removed)
}
