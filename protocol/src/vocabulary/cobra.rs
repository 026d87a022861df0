//! cobra's way from a command line to the command it runs, and whether the root's hooks run.
//!
//! Owns `Command.Find` (`stripFlags`, `findNext`, `argsMinusFirstX` in its two forms),
//! `legacyArgs`, and the order of the checks in `execute()` up to the root's
//! `PersistentPreRun`, where the releases recorded: flag errors, help, a command without Run;
//! then the project's own rules (shell completion, `--no-analytics`). Argument-count
//! validators (cobra `Args`) are not modelled. Parsing the flags is `pflag.rs`'s job.

use super::pflag;
use super::reduction::{Fate, NotRecorded, Reduction};
use super::releases::At;
use super::tree::{Command, FlagSet, Tree};
use super::{ROOT, SHELL_COMPLETION};

/// Reduces `argv` (without the program name) in the tree of `at`.
pub(crate) fn reduce(tree: &Tree, argv: &[&str], at: At) -> Reduction {
    let mut args: Vec<usize> = (0..argv.len()).collect();
    let mut path: Vec<(&str, &Command)> = Vec::new();
    let mut consumed: Vec<(usize, &str)> = Vec::new();
    let mut commands = vec![&tree.root];
    loop {
        let current = commands[commands.len() - 1];
        let set = FlagSet::at(tree, &commands, at);
        let Some(word) = first_command_word(&set, argv, &args).map(|p| argv[args[p]]) else {
            break;
        };
        let Some((name, child)) = current.child(word, at) else {
            break;
        };
        let Some(removed) = remove_first(&set, argv, &mut args, word, at.skips_flag_values) else {
            break; // cannot happen: the word is there
        };
        consumed.push((removed, name));
        path.push((name, child));
        commands.push(child);
    }
    let found = commands[commands.len() - 1];
    let set = FlagSet::at(tree, &commands, at).with(&tree.help, at);
    let unparsed = found.flags_unparsed.holds(at);
    let parsed = if unparsed {
        pflag::Parsed {
            fates: args.iter().map(|i| (*i, Fate::Argument)).collect(),
            ..pflag::Parsed::default()
        }
    } else {
        pflag::parse(&set, at, argv, &args)
    };
    let recorded = if path.is_empty() && found.has_children(at) {
        // legacyArgs: the root (whose Args is nil) takes no arguments besides commands.
        let root = FlagSet::at(tree, &commands, at);
        match first_command_word(&root, argv, &args) {
            Some(p) => Err(NotRecorded::UnknownCommand {
                word: argv[args[p]].to_string(),
            }),
            None => hooks(&parsed, found, &path, at),
        }
    } else {
        hooks(&parsed, found, &path, at)
    };
    let mut fates: Vec<(usize, Fate)> = consumed
        .iter()
        .map(|(i, name)| (*i, Fate::Command(name.to_string())))
        .chain(parsed.fates)
        .collect();
    fates.sort_by_key(|(i, _)| *i);
    let words = argv
        .iter()
        .zip(fates)
        .map(|(word, (_, fate))| (word.to_string(), fate))
        .collect();
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
        recorded,
    }
}

/// `execute()` from the flag parse to the root's `PersistentPreRun`, then the project's rules.
fn hooks(
    parsed: &pflag::Parsed,
    found: &Command,
    path: &[(&str, &Command)],
    at: At,
) -> Result<(), NotRecorded> {
    if let Some(error) = &parsed.error {
        return Err(error.clone());
    }
    if parsed.help {
        return Err(NotRecorded::HelpAsked);
    }
    if !found.runnable.holds(at) {
        let names = path.iter().map(|(n, _)| *n);
        return Err(NotRecorded::NotRunnable {
            path: std::iter::once(ROOT)
                .chain(names)
                .collect::<Vec<_>>()
                .join(" "),
        });
    }
    if matches!(path, [(SHELL_COMPLETION, _)]) {
        return Err(NotRecorded::ShellCompletion);
    }
    if parsed.no_analytics {
        return Err(NotRecorded::NoAnalytics);
    }
    Ok(())
}

/// Whether `word` is a flag that takes the next word as its value while cobra walks: `--x` or
/// `-x` without `=`, unless the flag is known to take none; unknown flags take one too.
fn takes_next(set: &FlagSet, word: &str) -> bool {
    if word.contains('=') {
        return false;
    }
    let no_value =
        |flag: Option<&super::tree::Flag>| flag.map_or(set.lenient(), |f| !f.takes_value);
    if let Some(name) = word.strip_prefix("--") {
        return !no_value(set.long(name));
    }
    word.len() == 2 && word.starts_with('-') && !no_value(set.short(word.as_bytes()[1]))
}

/// `stripFlags`: the position in `args` of the first word that is neither a flag nor the
/// value of one, before any `--`. Flag groups (`-abc`) and `--x=v` are skipped whole.
fn first_command_word(set: &FlagSet, argv: &[&str], args: &[usize]) -> Option<usize> {
    let mut pos = 0;
    while pos < args.len() {
        let word = argv[args[pos]];
        if word == "--" {
            return None;
        }
        if takes_next(set, word) {
            pos += 2;
            continue;
        }
        if !word.is_empty() && !word.starts_with('-') {
            return Some(pos);
        }
        pos += 1;
    }
    None
}

/// `argsMinusFirstX`: removes the first `word` from `args` and returns its index in `argv`.
/// Before cobra 1.7.0 that is the first equal word anywhere, a flag's value included; from
/// 1.7.0 flag values are skipped and `--` ends the search.
fn remove_first(
    set: &FlagSet,
    argv: &[&str],
    args: &mut Vec<usize>,
    word: &str,
    skips_flag_values: bool,
) -> Option<usize> {
    let pos = if skips_flag_values {
        let mut pos = 0;
        loop {
            let w = argv[*args.get(pos)?];
            if w == "--" {
                return None;
            }
            if takes_next(set, w) {
                pos += 2;
                continue;
            }
            if !w.starts_with('-') && w == word {
                break pos;
            }
            pos += 1;
        }
    } else {
        args.iter().position(|i| argv[*i] == word)?
    };
    Some(args.remove(pos))
}
