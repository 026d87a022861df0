//! `gitops version`, `gitops get config` and `gitops set config analytics` (Go CLI compatibility).

use std::io::IsTerminal;

use clap::Subcommand;
use serde_json::json;

use super::Outcome;
use super::error::UsageError;
use crate::config::ConsentSetting;
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

pub(super) fn version(ctx: &Context) -> Outcome {
    println!("gitops {CRATE_VERSION}");
    if UpdatePolicy::new(ctx, &ctx.decision()).shows_notices()
        && std::io::stderr().is_terminal()
        && let Some(notice) = updates::notice(&ctx.paths, CRATE_VERSION)
    {
        eprintln!("{notice}");
    }
    Ok(())
}

pub(super) fn get(ctx: &Context, GetWhat::Config: GetWhat) -> Outcome {
    let d = ctx.decision();
    let analytics = match d.consent {
        Consent::Granted => json!(true),
        Consent::Denied => json!(false),
        Consent::Undecided => serde_json::Value::Null,
    };
    println!("Your CLI configuration for Weave GitOps:");
    let value = json!({"analytics": analytics, "telemetry": d.consent.label(), "decided_by": d.winner, "config_file": ctx.paths.config_file});
    println!("{value}");
    super::require_config(ctx)
}

pub(super) fn set(mut ctx: Context, what: SetWhat) -> Outcome {
    let SetWhat::Config { key, value } = what;
    if key != "analytics" {
        return Err(UsageError(format!(
            "unknown setting {key:?}; the only setting is \"analytics\""
        ))
        .into());
    }
    let setting = match value.as_str() {
        "true" => ConsentSetting::Granted,
        "false" => ConsentSetting::Denied,
        other => {
            return Err(UsageError(format!("analytics takes true or false, not {other:?}")).into());
        }
    };
    let change = choice::set_consent(&mut ctx, setting)?;
    println!("analytics set to {value}: {change}");
    Ok(())
}
