//! The `gitops` command tree and the reduction of a command line to the two reported verbs.
//!
//! Owns this crate's `assets/commands.toml` (embedded; derived from the Weave GitOps releases
//! by this crate's `scripts/derive-vocabulary.py`, which `tests/derive_vocabulary.rs` runs on a
//! fixture of two small releases) and the walk from argv to verbs, which follows cobra: the
//! command is the one cobra's `Find` reaches, flags and their values are skipped as
//! `stripFlags` skips them, aliases become canonical names. Only names from the tree can come
//! out, which is the privacy rule the property test checks. No I/O: a caller that reads an
//! alternative file hands its text to [`Vocabulary::parse`].
//!
//! # What is recorded
//!
//! A line is recorded when the release's cobra would run its command and reach the root's
//! `PersistentPreRun` (where the v0.11–v0.38 releases recorded). Not recorded
//! ([`NotRecorded`]): an unknown command at the root, a group (no Run), `--help`/`-h`, a flag
//! error. Where this project differs from the releases, on purpose:
//!
//! - cobra's hidden `__complete` command is never recorded (every Tab press would count);
//! - `--no-analytics` (the releases' opt-out, from v0.14.1) means nothing is recorded;
//! - argument-count validators (cobra `Args`) are not modelled: a line whose arguments
//!   `Args` would reject is recorded;
//! - the releases' checks of `--namespace` in the root's hook are not modelled either, nor is
//!   any failure after the hook (a line's command is recorded once the hook is reached).
//!
//! A bare `gitops` is the root, which has no Run in any release (cmd/gitops/root/cmd.go): it
//! prints its help, so it gives `("", "gitops")` with [`NotRecorded::NotRunnable`]. A line
//! whose first word is `gitops` (the program's name, written by a hook or typed in the
//! console: `gitops get app`) is walked without it, in every walk; that word's fate is
//! [`Fate::Program`].
//!
//! # Releases
//!
//! [`Vocabulary::reduce_at`] walks the tree of one release: the commands and flags it had, and
//! its cobra's `argsMinusFirstX` (before cobra 1.7.0, used up to v0.28.0, the command word is
//! removed from the line where it first appears, even as a flag's value). An unknown version
//! uses the union of every release with cobra ≥ 1.7.0's rules, as [`Vocabulary::reduce`] does.
//!
//! # The file
//!
//! The format is described at the top of `assets/commands.toml`. A file without
//! `release_tags` is read as the old format: every command exists and is runnable, the
//! top-level `value_flags` apply everywhere, and a flag the file does not list is taken as one
//! without a value (the file cannot tell it from an unknown one). In any file a missing
//! `releases` means every release, a missing `runnable` means runnable, a missing
//! `help_flags` means `["--help", "-h"]`, and a release without a `cobra` version is read with
//! cobra ≥ 1.7.0's rules.

#[rustfmt::skip]
mod builtin;
mod cobra;
#[cfg(test)]
mod codegen;
mod file;
mod list;
mod literal;
mod pflag;
mod reduction;
mod releases;
mod tree;
mod values;

use std::path::{Path, PathBuf};

pub use reduction::{Fate, NotRecorded, Reduction};
use tree::{Command, Tree};

/// The built-in vocabulary of the weave-gitops CLI ([`Edition::Oss`]).
pub const BUILTIN: &str = include_str!("../assets/commands.toml");

/// The built-in vocabulary of the Weave GitOps Enterprise CLI ([`Edition::Enterprise`]).
pub const BUILTIN_ENTERPRISE: &str = include_str!("../assets/commands-enterprise.toml");

/// Which `gitops` CLI a command line is of. Both are named `gitops`, parse with cobra and
/// report the same product on the wire (see the module docs); they differ in their command
/// trees and their releases.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Edition {
    /// weave-gitops (`github.com/weaveworks/weave-gitops`, `cmd/gitops`): the default.
    #[default]
    Oss,
    /// Weave GitOps Enterprise (`github.com/weaveworks/weave-gitops-enterprise`,
    /// `cmd/gitops/app`), built on the weave-gitops commands.
    Enterprise,
}

impl Edition {
    /// Every edition, the default first.
    pub const ALL: [Edition; 2] = [Edition::Oss, Edition::Enterprise];

    /// The edition's name, as `--cli-edition` takes it: `oss` or `enterprise`.
    pub fn name(self) -> &'static str {
        match self {
            Edition::Oss => "oss",
            Edition::Enterprise => "enterprise",
        }
    }

    /// The edition named `name` (see [`Edition::name`]).
    pub fn from_name(name: &str) -> Option<Edition> {
        Edition::ALL.into_iter().find(|e| e.name() == name)
    }

    /// The text of the edition's built-in vocabulary file.
    pub fn builtin_file(self) -> &'static str {
        match self {
            Edition::Oss => BUILTIN,
            Edition::Enterprise => BUILTIN_ENTERPRISE,
        }
    }
}

impl std::fmt::Display for Edition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The name of the root command, reported as the object of top-level commands.
pub const ROOT: &str = "gitops";

/// cobra's hidden shell-completion command, which is never recorded.
pub const SHELL_COMPLETION: &str = "__complete";

/// The whole tree, per release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    tree: Tree,
}

/// A vocabulary file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    /// The file cannot be read (said by the caller that read it: this crate does no I/O).
    #[error("cannot read the command vocabulary {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file is not a command tree.
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong, naming the key and the value.
        message: String,
    },
}

impl Vocabulary {
    /// The embedded vocabulary of the weave-gitops CLI: a constant (`builtin.rs`, generated
    /// from [`BUILTIN`] and checked against it by a test), so no process parses it or builds
    /// anything.
    pub fn builtin() -> Vocabulary {
        Vocabulary::builtin_of(Edition::Oss)
    }

    /// The embedded vocabulary of `edition` (generated from [`Edition::builtin_file`]).
    pub fn builtin_of(edition: Edition) -> Vocabulary {
        Vocabulary::builtin_shared_of(edition).clone()
    }

    /// The embedded vocabulary of the weave-gitops CLI as a static: what a process that
    /// records one command (or a host that records many) needs, at no cost at all.
    pub fn builtin_shared() -> &'static Vocabulary {
        Vocabulary::builtin_shared_of(Edition::Oss)
    }

    /// The embedded vocabulary of `edition` as a static.
    pub fn builtin_shared_of(edition: Edition) -> &'static Vocabulary {
        static OSS: Vocabulary = Vocabulary {
            tree: builtin::TREE,
        };
        static ENTERPRISE: Vocabulary = Vocabulary {
            tree: builtin::ENTERPRISE_TREE,
        };
        match edition {
            Edition::Oss => &OSS,
            Edition::Enterprise => &ENTERPRISE,
        }
    }

    /// Parses a vocabulary, naming `path` in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Vocabulary, VocabularyError> {
        let invalid = |message: String| VocabularyError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let table: toml::Table =
            toml::from_str(text).map_err(|e| invalid(e.message().to_string()))?;
        let tree = file::tree(&table).map_err(invalid)?;
        Ok(Vocabulary { tree })
    }

    /// Every name a reduction can carry: the root and every command of every release
    /// (groups and `__complete` included, though a line naming them is never recorded).
    pub fn names(&self) -> Vec<String> {
        fn walk(cmd: &Command, out: &mut Vec<String>) {
            for (name, child) in cmd.children.iter() {
                out.push(name.to_string());
                walk(child, out);
            }
        }
        let mut out = vec![ROOT.to_string()];
        walk(&self.tree.root, &mut out);
        out
    }

    /// Every `(flag_object, flag_command)` pair a reduction can give: `("", "gitops")` for the
    /// root itself, `("gitops", name)` for a top-level command and `(parent, name)` for each
    /// command below one, of every release. A recorded line gives one of these too, always of
    /// a command with a Run (see [`Reduction::recorded`]). Sorted, without repeats.
    pub fn pairs(&self) -> Vec<(String, String)> {
        fn walk(parent: &str, cmd: &Command, out: &mut Vec<(String, String)>) {
            for (name, child) in cmd.children.iter() {
                out.push((parent.to_string(), name.to_string()));
                walk(name, child, out);
            }
        }
        let mut out = vec![(String::new(), ROOT.to_string())];
        walk(ROOT, &self.tree.root, &mut out);
        out.sort();
        out.dedup();
        out
    }

    /// Whether `(object, command)` is a pair a reduction can give (see [`Vocabulary::pairs`]).
    pub fn allows(&self, object: &str, command: &str) -> bool {
        fn find(parent: &str, cmd: &Command, object: &str, command: &str) -> bool {
            cmd.children.iter().any(|(name, child)| {
                (parent == object && name == command) || find(name, child, object, command)
            })
        }
        (object.is_empty() && command == ROOT) || find(ROOT, &self.tree.root, object, command)
    }

    /// Reduces a command line (without the program name) to its verbs in the union of every
    /// release's tree (see [`Vocabulary::reduce_at`]).
    pub fn reduce<S: AsRef<str>>(&self, argv: &[S]) -> Reduction {
        self.reduce_at(argv, None)
    }

    /// Reduces a command line (without the program name) as the release `version` (`"0.38.0"`
    /// or `"v0.38.0"`) would have walked it; an unknown or newer version, or none, uses the
    /// union of every release's tree with cobra ≥ 1.7.0's rules.
    pub fn reduce_at<S: AsRef<str>>(&self, argv: &[S], version: Option<&str>) -> Reduction {
        let argv: Vec<&str> = argv.iter().map(AsRef::as_ref).collect();
        // A line written with the program's name first (`gitops get app`): the name is the
        // program, not an unknown command `gitops`.
        let (program, argv) = match argv.split_first() {
            Some((first, rest)) if *first == ROOT => (Some(*first), rest),
            _ => (None, &argv[..]),
        };
        let mut reduction = cobra::reduce(&self.tree, argv, self.tree.releases.at(version));
        if let Some(program) = program {
            reduction
                .words
                .insert(0, (program.to_string(), Fate::Program));
        }
        reduction
    }

    /// The release tag whose tree [`Vocabulary::reduce_at`] uses for `version`, if any.
    pub fn release_of(&self, version: &str) -> Option<&str> {
        self.tree.releases.tag_of(version)
    }

    /// Every release tag the vocabulary was read from, in order (`v0.6.0`, …, `v0.38.0`);
    /// empty for a file that names none.
    pub fn release_tags(&self) -> impl Iterator<Item = &str> {
        self.tree.releases.tags.iter().map(AsRef::as_ref)
    }
}

#[cfg(test)]
mod tests;
