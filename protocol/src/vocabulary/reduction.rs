//! What a command line reduces to: two verbs, the fate of every word, and whether the line
//! would be recorded at all.
//!
//! Owns [`Reduction`], [`Fate`] and [`NotRecorded`] with its one-sentence explanations. Only
//! names from the command tree are ever put in `object` and `command`; the words of the line
//! stay in `words` (and the unknown word or flag a [`NotRecorded`] names) for the person who
//! asked, and are never sent.

use serde::{Serialize, Serializer};

/// What happened to one word of the command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "fate", content = "as", rename_all = "kebab-case")]
pub enum Fate {
    /// A command name, reported as the canonical name given.
    Command(String),
    /// A flag: never sent.
    Flag,
    /// The value of a flag: never sent.
    FlagValue,
    /// An argument, or a word after the walk stopped: never sent.
    Argument,
    /// The program's own name, `gitops`, written as the line's first word (`gitops get app`
    /// given to the hook or typed in the console): not a command, and never sent.
    Program,
}

/// Why a command line is not recorded: each reason ends the `gitops` run before its root's
/// hooks (where the releases recorded), or is one the project chose (see the variants).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum NotRecorded {
    /// The first word cobra took for a command is none at the root: "unknown command".
    #[error("\"{word}\" is not a gitops command, so gitops stops with an error and runs nothing.")]
    UnknownCommand {
        /// The word (shown to the person asking, never sent).
        word: String,
    },
    /// The command is a group without a Run of its own: cobra prints its help instead.
    #[error("{path} is a group of commands, so it only prints its help and runs nothing.")]
    NotRunnable {
        /// The command path, `gitops get` (`gitops` for a bare `gitops`).
        path: String,
    },
    /// `--help` or `-h` was given: cobra prints the command's help instead of running it.
    #[error("help was asked for (--help or -h), so gitops only prints it and runs nothing.")]
    HelpAsked,
    /// A flag the command does not know: pflag fails before anything runs.
    #[error(
        "{flag} is not a flag of this command, so gitops stops with an error and runs nothing."
    )]
    UnknownFlag {
        /// The flag as written, without its value (`--x`, `-x`).
        flag: String,
    },
    /// A flag without its value, with a value its type cannot read, or written wrongly
    /// (`---x`): pflag fails before anything runs.
    #[error(
        "{flag} lacks a value or has one gitops cannot read, so gitops stops with an error and runs nothing."
    )]
    BadFlag {
        /// The flag as written, without its value.
        flag: String,
    },
    /// `--no-analytics` (the releases' own opt-out, from v0.14.1): the releases' hook returned
    /// before recording; here it means nothing at all is recorded for the line.
    #[error("--no-analytics was given, which asks that this command not be recorded.")]
    NoAnalytics,
    /// cobra's hidden `__complete` command, which a shell runs on every Tab press: the
    /// releases recorded it; this project never does, or each Tab press would count.
    #[error("this is a shell asking for completions (a Tab press), which is never recorded.")]
    ShellCompletion,
}

/// The reduction of one command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reduction {
    /// `flag_object`: the parent of the command cobra found (`gitops` for a top-level one,
    /// empty for the root itself).
    pub object: String,
    /// `flag_command`: the command cobra found.
    pub command: String,
    /// Each word of the command line and what became of it.
    pub words: Vec<(String, Fate)>,
    /// `Ok` when the line is recorded; otherwise why not, and then nothing may be queued or
    /// sent for it. Serialized as `not_recorded`: `null`, or the reason and its sentence.
    #[serde(rename = "not_recorded", serialize_with = "not_recorded")]
    pub recorded: Result<(), NotRecorded>,
}

impl Reduction {
    /// The words that are not sent, in order.
    pub fn dropped(&self) -> impl Iterator<Item = &str> {
        self.words
            .iter()
            .filter(|(_, f)| !matches!(f, Fate::Command(_)))
            .map(|(w, _)| w.as_str())
    }

    /// Whether the line is recorded.
    pub fn is_recorded(&self) -> bool {
        self.recorded.is_ok()
    }
}

fn not_recorded<S: Serializer>(
    recorded: &Result<(), NotRecorded>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Why<'a> {
        #[serde(flatten)]
        reason: &'a NotRecorded,
        sentence: String,
    }
    match recorded {
        Ok(()) => serializer.serialize_none(),
        Err(reason) => serializer.serialize_some(&Why {
            reason,
            sentence: reason.to_string(),
        }),
    }
}
