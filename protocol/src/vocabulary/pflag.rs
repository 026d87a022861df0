//! pflag's parse of the words cobra leaves for the command it found (`FlagSet.Parse`).
//!
//! Owns what pflag does with each of those words: flags, their values (checked by type),
//! arguments, `--`, and the first error, which ends a run before any hook. Reports whether
//! `--help` and `--no-analytics` ended up set. The flags known come from `tree.rs`; finding
//! the command is `cobra.rs`'s job.

use super::reduction::{Fate, NotRecorded};
use super::releases::At;
use super::tree::{Flag, FlagSet};
use super::values::parse_bool;

/// The long name of cobra's help flag (`c.Flags().GetBool("help")`).
const HELP: &str = "help";
/// The long name of the releases' own analytics opt-out.
const NO_ANALYTICS: &str = "no-analytics";

/// What pflag made of the words left for the command.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// The fate of each word, by its index in the command line.
    pub fates: Vec<(usize, Fate)>,
    /// The first error, which ends the run; words after it are still classified.
    pub error: Option<NotRecorded>,
    /// Whether `--help` was set (before any error).
    pub help: bool,
    /// Whether `--no-analytics` was set (before any error).
    pub no_analytics: bool,
}

/// Parses the words `args` (indices into `argv`) with the flags of `set`, interspersed as
/// cobra's commands do.
pub(crate) fn parse(set: &FlagSet, at: At, argv: &[&str], args: &[usize]) -> Parsed {
    let mut parsed = Parsed::default();
    let mut next = args.iter().copied().peekable();
    while let Some(index) = next.next() {
        let word = argv[index];
        if word.len() < 2 || !word.starts_with('-') {
            parsed.fates.push((index, Fate::Argument));
            continue;
        }
        parsed.fates.push((index, Fate::Flag));
        if word == "--" {
            parsed
                .fates
                .extend(next.by_ref().map(|i| (i, Fate::Argument)));
            break;
        }
        // The value of a flag that takes the next word, once pflag has found one.
        let mut take_next = |parsed: &mut Parsed| {
            next.next().map(|i| {
                parsed.fates.push((i, Fate::FlagValue));
                argv[i]
            })
        };
        if let Some(name_value) = word.strip_prefix("--") {
            long(set, at, &mut parsed, word, name_value, &mut take_next);
        } else {
            shorts(set, at, &mut parsed, word, &mut take_next);
        }
    }
    parsed
}

/// `--name`, `--name=value` or `--name value`.
fn long<'a>(
    set: &FlagSet,
    at: At,
    parsed: &mut Parsed,
    word: &str,
    name_value: &str,
    take_next: &mut impl FnMut(&mut Parsed) -> Option<&'a str>,
) {
    let (name, value) = match name_value.split_once('=') {
        Some((name, value)) => (name, Some(value)),
        None => (name_value, None),
    };
    if name.is_empty() || name.starts_with('-') {
        return parsed.fail(NotRecorded::BadFlag {
            flag: word.split('=').next().unwrap_or(word).to_string(),
        });
    }
    let Some(flag) = set.long(name) else {
        if set.lenient() {
            return parsed.note(name, value);
        }
        return parsed.fail(if name == HELP {
            NotRecorded::HelpAsked
        } else {
            NotRecorded::UnknownFlag {
                flag: format!("--{name}"),
            }
        });
    };
    let value = match value {
        Some(value) => Some(value),
        None if !flag.takes_value => None,
        None => match take_next(parsed) {
            Some(value) => Some(value),
            None => return parsed.fail(bad(&format!("--{name}"))),
        },
    };
    parsed.set(flag, &format!("--{name}"), value, at);
}

/// `-abc`: shorthands one after the other, the first that takes a value taking the rest of
/// the word (`-nfoo`, `-n=foo`) or the next word.
fn shorts<'a>(
    set: &FlagSet,
    at: At,
    parsed: &mut Parsed,
    word: &str,
    take_next: &mut impl FnMut(&mut Parsed) -> Option<&'a str>,
) {
    if word[1..].starts_with("test.") {
        return; // go test's own flags, which pflag lets through
    }
    // Always at a char boundary: it only moves past ASCII shorthands.
    let mut pos = 1;
    while pos < word.len() {
        let c = word.as_bytes()[pos];
        let Some(flag) = set.short(c) else {
            let shown = word[pos..].chars().next().unwrap_or('?');
            if set.lenient() {
                parsed.note(&shown.to_string(), None);
                pos += shown.len_utf8();
                continue;
            }
            return parsed.fail(if c == b'h' {
                NotRecorded::HelpAsked
            } else {
                NotRecorded::UnknownFlag {
                    flag: format!("-{shown}"),
                }
            });
        };
        // Shorthands are ASCII, so `pos + 1` is a char boundary.
        let after = &word[pos + 1..];
        let written = format!("-{}", char::from(c));
        if after.len() > 1 && after.starts_with('=') {
            return parsed.set(flag, &written, Some(&after[1..]), at);
        }
        if !flag.takes_value {
            parsed.set(flag, &written, None, at);
            pos += 1;
            continue;
        }
        if !after.is_empty() {
            return parsed.set(flag, &written, Some(after), at);
        }
        match take_next(parsed) {
            Some(value) => return parsed.set(flag, &written, Some(value), at),
            None => return parsed.fail(bad(&written)),
        }
    }
}

fn bad(written: &str) -> NotRecorded {
    NotRecorded::BadFlag {
        flag: written.to_string(),
    }
}

impl Parsed {
    fn fail(&mut self, error: NotRecorded) {
        self.error.get_or_insert(error);
    }

    /// Sets `flag`, as `written`, to `value` (its NoOptDefVal, `true`, when `None`).
    fn set(&mut self, flag: &Flag, written: &str, value: Option<&str>, at: At) {
        if let Some(value) = value
            && !flag.accepts(value, at)
        {
            return self.fail(bad(written));
        }
        if flag.is(HELP) || flag.is(NO_ANALYTICS) {
            self.note(flag.long.as_deref().unwrap_or_default(), value);
        }
    }

    /// Notes the value of a flag by name, read as a Bool, if it is one the outcome depends on.
    fn note(&mut self, name: &str, value: Option<&str>) {
        if self.error.is_some() {
            return;
        }
        let on = value.is_none_or(|v| parse_bool(v) == Some(true));
        match name {
            HELP => self.help = on,
            NO_ANALYTICS => self.no_analytics = on,
            _ => {}
        }
    }
}
