//! `gitops version`, `gitops get config` and `gitops set config analytics` (Go CLI compatibility).

use std::io::IsTerminal;

use clap::Subcommand;

use super::CommandResult;
use super::error::UsageError;
use crate::config::ConsentSetting;
use crate::config::go_cli::{self, GoCliConfig, parse_go_bool};
use crate::consent::Consent;
use crate::context::Context;
use crate::telemetry::choice;
use crate::telemetry::event::CRATE_VERSION;
use crate::telemetry::updates::{self, UpdatePolicy};

#[derive(Debug, Subcommand)]
pub(super) enum GetWhat {
    /// Print the settings that matter to telemetry, as JSON.
    Config,
}

#[derive(Debug, Subcommand)]
pub(super) enum SetWhat {
    /// Set a setting: `gitops set config analytics true|false`.
    Config {
        /// The setting; the only one is `analytics`.
        key: String,
        /// `true` or `false`.
        value: String,
    },
}

pub(super) fn version(ctx: &Context) -> CommandResult {
    // The gitops version by the one rule, then this tool's own.
    let gitops = crate::telemetry::version::gitops_version(&ctx.paths);
    match &gitops {
        Some(v) => outln!("gitops {} ({})", v.version, v.from),
        None => outln!(
            "gitops {} (no event recorded or sent says which gitops runs)",
            crate::telemetry::version::UNKNOWN
        ),
    }
    outln!("gitops-feedback {CRATE_VERSION}");
    if UpdatePolicy::new(ctx).shows_notices()
        && std::io::stderr().is_terminal()
        && let Some(gitops) = &gitops
        && let Some(notice) = updates::notice(&ctx.paths, &gitops.version)
    {
        eprintln!("{notice}");
    }
    Ok(())
}

/// `gitops get config`: the heading and JSON the Go CLI printed, from its file as it read it
/// (or, with no such file, what this tool's consent amounts to), then this tool's own line.
pub(super) fn get(ctx: &Context, GetWhat::Config: GetWhat) -> CommandResult {
    let d = ctx.decision();
    let go_file = ctx.paths.go_cli_config.as_deref();
    let (go, from) = match go_file.and_then(GoCliConfig::read) {
        Some(go) => (go, None),
        None => (
            GoCliConfig {
                analytics: d.consent == Consent::Granted,
                user_id: String::new(),
            },
            Some(match go_file {
                Some(path) if !path.exists() => format!("{} does not exist", path.display()),
                Some(path) => format!("{} cannot be read", path.display()),
                None => "there is no user config directory".to_string(),
            }),
        ),
    };
    outln!("✔ Your CLI configuration for Weave GitOps:");
    outln!("{}", go.to_go_json());
    if let Some(why) = from {
        outln!("({why}; shown from this tool's consent)");
    }
    outln!("{}", d.summary());
    super::require_config(ctx)
}

/// `gitops set config analytics V`, as the Go CLI took it: `analytics` exactly, and `V` as
/// Go's `strconv.ParseBool` reads it after trimming spaces. Saves this tool's consent and sets
/// `analytics` in the Go CLI's own file too, keeping its `userId`.
pub(super) fn set(mut ctx: Context, what: SetWhat) -> CommandResult {
    let SetWhat::Config { key, value } = what;
    if key != "analytics" {
        return Err(UsageError(format!(
            "unknown setting {key:?}; the only setting is \"analytics\""
        ))
        .into());
    }
    let Some(on) = parse_go_bool(&value) else {
        return Err(UsageError(format!(
            "analytics takes true or false (or 1, t, T, TRUE, True, 0, f, F, FALSE, False), not {value:?}"
        ))
        .into());
    };
    if !on {
        outln!(
            "This turns off telemetry for the gitops CLI only; the Weave GitOps dashboard has its \
             own setting (WEAVE_GITOPS_FEATURE_TELEMETRY in its Helm values)."
        );
    }
    let setting = if on {
        ConsentSetting::Granted
    } else {
        ConsentSetting::Denied
    };
    let change = choice::set_consent(&mut ctx, setting)?;
    outln!("analytics set to {on}: {change}");
    if let Some(go_file) = ctx.paths.go_cli_config.as_deref()
        && go_cli::write_analytics(go_file, on)?
    {
        outln!("\"analytics\": {on} saved in {} too", go_file.display());
    }
    Ok(())
}
