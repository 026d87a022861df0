//! `gitops version`, `gitops get config` and `gitops set config analytics` (Go CLI compatibility).

use std::io::IsTerminal;

use clap::Subcommand;
use serde_json::json;

use super::{Failure, Outcome};
use crate::config::ConsentSetting;
use crate::consent::Consent;
use crate::context::Context;
use crate::event::CRATE_VERSION;

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
    let updates_on = ctx.config.updates.check != crate::config::UpdateCheck::Never
        && !ctx.decision().updates_blocked;
    if updates_on
        && std::io::stderr().is_terminal()
        && let Some(notice) = crate::updates::notice(&ctx.paths, CRATE_VERSION)
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
        return Err(Failure::usage(anyhow::anyhow!(
            "unknown setting {key:?}; the only setting is \"analytics\""
        )));
    }
    let setting = match value.as_str() {
        "true" => ConsentSetting::Granted,
        "false" => ConsentSetting::Denied,
        other => {
            return Err(Failure::usage(anyhow::anyhow!(
                "analytics takes true or false, not {other:?}"
            )));
        }
    };
    let change = crate::actions::set_consent(&mut ctx, setting).map_err(Failure::usage)?;
    println!(
        "analytics set to {value} (telemetry consent saved in {})",
        change.file.display()
    );
    if let Some(over) = change.overridden_by {
        println!(
            "note: {over} still decides, so telemetry stays {}",
            ctx.decision().consent.label()
        );
    }
    Ok(())
}
