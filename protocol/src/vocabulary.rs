//! The `gitops` command tree and the reduction of a command line to the two reported verbs.
//!
//! Owns `assets/commands.toml` (embedded) and the walk from argv to verbs: flags and their values are
//! skipped, tokens descend only into known children (aliases become canonical names), and the
//! walk stops at the first token that is not one. Only names from the tree can come out, which
//! is the privacy rule the property test checks. No I/O beyond loading an alternative file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// The built-in vocabulary.
pub const BUILTIN: &str = include_str!("../../assets/commands.toml");

/// The name of the root command, reported as the object of top-level commands.
pub const ROOT: &str = "gitops";

/// One command and its subcommands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Command {
    aliases: Vec<String>,
    value_flags: Vec<String>,
    children: BTreeMap<String, Command>,
}

/// The whole tree with its global value flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    root: Command,
}

/// A vocabulary file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum VocabularyError {
    /// The file cannot be read.
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
        /// What is wrong.
        message: String,
    },
}

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
    /// An argument or a word after the walk stopped: never sent.
    Argument,
}

/// The reduction of one command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reduction {
    /// `flag_object`: the parent of the deepest command (`gitops` for top-level ones).
    pub object: String,
    /// `flag_command`: the deepest command reached.
    pub command: String,
    /// Each word of the command line and what became of it.
    pub words: Vec<(String, Fate)>,
}

impl Reduction {
    /// The words that are not sent, in order.
    pub fn dropped(&self) -> impl Iterator<Item = &str> {
        self.words
            .iter()
            .filter(|(_, f)| !matches!(f, Fate::Command(_)))
            .map(|(w, _)| w.as_str())
    }
}

impl Vocabulary {
    /// The embedded vocabulary.
    pub fn builtin() -> Vocabulary {
        Vocabulary::parse(BUILTIN, Path::new("assets/commands.toml"))
            .expect("the built-in vocabulary is valid")
    }

    /// The vocabulary at `path`, or the built-in one.
    pub fn load(path: Option<&Path>) -> Result<Vocabulary, VocabularyError> {
        let Some(path) = path else {
            return Ok(Vocabulary::builtin());
        };
        let text = std::fs::read_to_string(path).map_err(|source| VocabularyError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Vocabulary::parse(&text, path)
    }

    /// Parses a vocabulary, naming `path` in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Vocabulary, VocabularyError> {
        let invalid = |message: String| VocabularyError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let table: toml::Table =
            toml::from_str(text).map_err(|e| invalid(e.message().to_string()))?;
        let root = command_from(&table, ROOT).map_err(invalid)?;
        Ok(Vocabulary { root })
    }

    /// Every name that can appear in a payload: commands, their parents and the root.
    pub fn names(&self) -> Vec<String> {
        fn walk(cmd: &Command, out: &mut Vec<String>) {
            for (name, child) in &cmd.children {
                out.push(name.clone());
                walk(child, out);
            }
        }
        let mut out = vec![ROOT.to_string()];
        walk(&self.root, &mut out);
        out
    }

    /// Every `(flag_object, flag_command)` pair a reduction can give: `("", "gitops")` for a
    /// bare `gitops`, `("gitops", name)` for a top-level command, and `(parent, name)` for
    /// each command below one. Sorted, without repeats.
    pub fn pairs(&self) -> Vec<(String, String)> {
        fn walk(parent: &str, cmd: &Command, out: &mut Vec<(String, String)>) {
            for (name, child) in &cmd.children {
                out.push((parent.to_string(), name.clone()));
                walk(name, child, out);
            }
        }
        let mut out = vec![(String::new(), ROOT.to_string())];
        walk(ROOT, &self.root, &mut out);
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
        (object.is_empty() && command == ROOT) || find(ROOT, &self.root, object, command)
    }

    /// Reduces a command line (without the program name) to its verbs.
    pub fn reduce<S: AsRef<str>>(&self, argv: &[S]) -> Reduction {
        let mut path: Vec<(&str, &Command)> = Vec::new();
        let mut words = Vec::with_capacity(argv.len());
        let mut walking = true;
        let mut expect_value = false;
        for word in argv.iter().map(AsRef::as_ref) {
            let current = path.last().map_or(&self.root, |(_, c)| *c);
            let fate = if !walking {
                Fate::Argument
            } else if expect_value {
                expect_value = false;
                Fate::FlagValue
            } else if word == "--" {
                walking = false;
                Fate::Flag
            } else if word.starts_with('-') && word.len() > 1 {
                expect_value = !word.contains('=') && self.takes_value(&path, word);
                Fate::Flag
            } else if let Some((name, child)) = current.child(word) {
                path.push((name, child));
                Fate::Command(name.to_string())
            } else {
                walking = false;
                Fate::Argument
            };
            words.push((word.to_string(), fate));
        }
        let names: Vec<&str> = path.iter().map(|(n, _)| *n).collect();
        let (object, command) = match names.as_slice() {
            [] => (String::new(), ROOT.to_string()),
            [only] => (ROOT.to_string(), only.to_string()),
            [.., parent, last] => (parent.to_string(), last.to_string()),
        };
        Reduction {
            object,
            command,
            words,
        }
    }

    /// Whether `flag` takes a value at this point: a global flag, or one of a command on the path.
    fn takes_value(&self, path: &[(&str, &Command)], flag: &str) -> bool {
        std::iter::once(&self.root)
            .chain(path.iter().map(|(_, c)| *c))
            .any(|c| c.value_flags.iter().any(|f| f == flag))
    }
}

impl Command {
    fn child(&self, word: &str) -> Option<(&str, &Command)> {
        self.children
            .iter()
            .find(|(name, c)| name.as_str() == word || c.aliases.iter().any(|a| a == word))
            .map(|(name, c)| (name.as_str(), c))
    }
}

fn command_from(table: &toml::Table, name: &str) -> Result<Command, String> {
    let strings = |key: &str| -> Result<Vec<String>, String> {
        match table.get(key) {
            None => Ok(Vec::new()),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("{name}.{key} must list strings"))
                })
                .collect(),
            Some(_) => Err(format!("{name}.{key} must be a list of strings")),
        }
    };
    let mut command = Command {
        aliases: strings("aliases")?,
        value_flags: strings("value_flags")?,
        ..Command::default()
    };
    for (key, value) in table {
        if key == "aliases" || key == "value_flags" {
            continue;
        }
        let child = value
            .as_table()
            .ok_or_else(|| format!("{name}.{key} must be a table (a command)"))?;
        let valid = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid {
            return Err(format!(
                "command name {key:?} must be letters, digits, '-' or '_'"
            ));
        }
        command
            .children
            .insert(key.clone(), command_from(child, key)?);
    }
    Ok(command)
}

#[cfg(test)]
mod tests;
