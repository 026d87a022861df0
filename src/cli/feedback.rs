//! `gitops feedback …`: the console, the channel list, opening a channel, and issues.

use std::io::{BufRead, Read, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::error::UsageError;
use super::style::{Painter, interactive, stdout_is_terminal};
use super::{CommandResult, Failure, print_json};
use crate::config::Config;
use crate::context::Context;
use crate::feedback::browser::{self, Handoff};
use crate::feedback::channels;
use crate::feedback::clipboard::osc52;
use crate::feedback::issue::{self, Diagnostics, Draft, Kind};

#[derive(Debug, Args)]
pub(super) struct FeedbackArgs {
    #[command(subcommand)]
    command: Option<FeedbackCommand>,
}

#[derive(Debug, Subcommand)]
enum FeedbackCommand {
    /// List the feedback channels.
    List {
        /// Print stable JSON.
        #[arg(long)]
        json: bool,
    },
    /// Open one channel in the browser.
    Open {
        /// The channel id (see `gitops feedback list`).
        channel: String,
        /// Only print its URL.
        #[arg(long)]
        print: bool,
    },
    /// Open a prefilled GitHub issue, after showing you its text.
    Issue(IssueArgs),
}

#[derive(Debug, Args)]
struct IssueArgs {
    /// The kind of issue, which picks the template.
    #[arg(long, value_enum, default_value_t = KindArg::Bug)]
    kind: KindArg,
    /// The title (asked for when interactive and not given).
    #[arg(long)]
    title: Option<String>,
    /// The body text.
    #[arg(long, conflicts_with = "body_file")]
    body: Option<String>,
    /// Read the body from a file, or from standard input with `-`.
    #[arg(long, value_name = "FILE")]
    body_file: Option<PathBuf>,
    /// Leave out the Environment section.
    #[arg(long)]
    no_diagnostics: bool,
    /// Only print the URL.
    #[arg(long)]
    print: bool,
    /// Open without asking.
    #[arg(long)]
    yes: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum KindArg {
    Bug,
    Feature,
    Docs,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Bug => Kind::Bug,
            KindArg::Feature => Kind::Feature,
            KindArg::Docs => Kind::Docs,
        }
    }
}

pub(super) fn run(ctx: Context, args: FeedbackArgs, console: super::Console) -> CommandResult {
    match args.command {
        None if interactive() => Ok(console(ctx)?),
        None => list(&ctx, false),
        Some(FeedbackCommand::List { json }) => list(&ctx, json),
        Some(FeedbackCommand::Open { channel, print }) => open_channel(&ctx, &channel, print),
        Some(FeedbackCommand::Issue(a)) => issue(&ctx, a),
    }
}

/// The channels in force: the config's; when the config file is broken elsewhere than in
/// `[feedback]`, the channels that section still gives (with a warning); when `[feedback]`
/// itself cannot be read (a syntax error anywhere, a bad channel), the built-in channels,
/// with one line saying why. Listing and opening channels must work most of all when the
/// configuration is broken: that is when a person reports a problem.
fn channel_list(ctx: &Context) -> Vec<channels::Channel> {
    let Some(error) = &ctx.config_error else {
        return channels::channels(&ctx.config.feedback.channels);
    };
    match Config::feedback_section(&ctx.paths.config_file) {
        Some(feedback) => {
            eprintln!("gitops: warning: {error}; nothing is sent until it is fixed");
            channels::channels(&feedback.channels)
        }
        None => {
            eprintln!(
                "gitops: warning: the [feedback] section of {} could not be read ({error}); these are the built-in channels",
                ctx.paths.config_file.display()
            );
            channels::channels(&Config::default().feedback.channels)
        }
    }
}

fn list(ctx: &Context, json: bool) -> CommandResult {
    let list = channel_list(ctx);
    if json {
        return print_json(&list);
    }
    let p = Painter::stdout(&ctx.env);
    let width = list.iter().map(|c| c.id.len()).max().unwrap_or(0);
    for c in &list {
        outln!("{}  {}", p.bold(&format!("{:<width$}", c.id)), c.name);
        outln!("{:<width$}  {}", "", p.dim(&c.description));
        outln!("{:<width$}  {}", "", c.url);
    }
    outln!(
        "\nOpen one with `gitops feedback open <id>`; raise an issue with `gitops feedback issue`."
    );
    Ok(())
}

fn open_channel(ctx: &Context, id: &str, print: bool) -> CommandResult {
    let channel = channels::find(&channel_list(ctx), id)?;
    if print {
        outln!("{}", channel.url);
        return Ok(());
    }
    deliver(ctx, &channel.url, &channel.name)
}

/// Opens `url`, or prints it on a line of its own (and copies it in a terminal).
fn deliver(ctx: &Context, url: &str, what: &str) -> CommandResult {
    match browser::open(url, &ctx.env)? {
        Handoff::Launched(how) => {
            outln!("opened {what} with {how}");
            Ok(())
        }
        Handoff::Print(why) => {
            eprintln!("cannot open a browser: {why}. Open this address yourself:");
            outln!("{url}");
            copy(ctx, url, "the address")
        }
    }
}

/// Copies `text` with OSC 52 when standard output is a terminal, and says so.
fn copy(_ctx: &Context, text: &str, what: &str) -> CommandResult {
    if stdout_is_terminal() {
        let mut out = std::io::stdout().lock();
        write!(out, "{}", osc52(text))?;
        out.flush()?;
        eprintln!("(copied {what} to the clipboard, in terminals that allow OSC 52)");
    }
    Ok(())
}

/// The longest issue body read from a file or standard input (a link holds 8 000 bytes; a
/// longer body is saved to a file and pasted).
const BODY_LIMIT: u64 = 1024 * 1024;

fn issue(ctx: &Context, a: IssueArgs) -> CommandResult {
    super::require_config(ctx)?;
    let ask = interactive() && !a.yes && !a.print;
    let body = match (&a.body, &a.body_file) {
        (Some(b), _) => b.clone(),
        (None, Some(path)) if path.as_os_str() == "-" => {
            let mut text = String::new();
            std::io::stdin()
                .take(BODY_LIMIT + 1)
                .read_to_string(&mut text)
                .map_err(|e| {
                    UsageError(format!("cannot read the body from standard input: {e}"))
                })?;
            if text.len() as u64 > BODY_LIMIT {
                return Err(UsageError(format!(
                    "the body on standard input is longer than {} KiB",
                    BODY_LIMIT / 1024
                ))
                .into());
            }
            text
        }
        (None, Some(path)) => crate::fsutil::read_user_file(path, BODY_LIMIT)
            .and_then(|text| text.ok_or_else(|| std::io::ErrorKind::NotFound.into()))
            .map_err(|e| {
                UsageError(format!("cannot read the body file {}: {e}", path.display()))
            })?,
        (None, None) => String::new(),
    };
    let title = match a.title {
        Some(t) => t,
        None if ask => prompt("Title: ")?,
        None => String::new(),
    };
    let draft = Draft {
        kind: a.kind.into(),
        title,
        body,
        diagnostics: !a.no_diagnostics,
    };
    let repository = &ctx.config.feedback.repository;
    let version = crate::telemetry::version::gitops_version(&ctx.paths);
    let diagnostics = Diagnostics::new(
        crate::telemetry::version::shown(version.as_ref()),
        &ctx.env,
        ctx.decision().consent,
    );
    let built = issue::build(repository, &draft, &diagnostics);
    // `copy` below copies only to a terminal: the short body says so only then.
    let copied = stdout_is_terminal();
    let prepared = issue::prepare(repository, &built, &ctx.paths.issue_drafts(), copied)?;
    if let Some(path) = &prepared.saved_to {
        eprintln!(
            "the issue is too long for a link ({} bytes); its full text is saved in {}",
            built.url.len(),
            path.display()
        );
        copy(ctx, &built.body, "the issue text")?;
    }
    if a.print {
        outln!("{}", prepared.url);
        return Ok(());
    }
    if ask {
        let p = Painter::stdout(&ctx.env);
        outln!(
            "{} {} ({})",
            p.bold("Title:"),
            built.title,
            built.kind.label()
        );
        outln!("{}\n{}", p.bold("Body:"), built.body);
        let answer = prompt("Open this in the browser? [Y/n] ")?;
        if answer.trim().eq_ignore_ascii_case("n") || answer.trim().eq_ignore_ascii_case("no") {
            outln!("nothing opened");
            return Ok(());
        }
    }
    deliver(ctx, &prepared.url, "a new issue")
}

fn prompt(question: &str) -> Result<String, Failure> {
    out!("{question}");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
