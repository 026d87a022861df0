//! The command tree as loaded: commands, their flags, and the releases each existed in.
//!
//! Owns the in-memory shape of a vocabulary and cobra's `mergePersistentFlags`: which flags
//! are known at a command in one release ([`FlagSet::at`]). Reading the file is `file.rs`'s
//! job, walking a command line `cobra.rs`'s and `pflag.rs`'s.

use super::list::{List, Name};
use super::releases::{At, Releases, Span};
use super::values;

/// The whole tree and what applies to all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tree {
    /// The root command, `gitops`.
    pub root: Command,
    /// The releases the spans refer to.
    pub releases: Releases,
    /// The flags cobra adds to the command it runs, after the walk (`--help`/`-h`).
    pub help: List<Flag>,
    /// An old-format file lists no flags without a value: every flag it does not know is
    /// taken as one without a value, as the old walk did, instead of being unknown.
    pub lenient_flags: bool,
}

/// One command and its subcommands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Command {
    /// The releases in which it existed.
    pub releases: Span,
    /// The releases in which it had a Run or RunE (a group has none and prints its help).
    pub runnable: Span,
    /// The releases in which cobra did not parse its flags (DisableFlagParsing).
    pub flags_unparsed: Span,
    /// Other names cobra accepts for it.
    pub aliases: List<Name>,
    /// Its own flags, local and persistent.
    pub flags: List<Flag>,
    /// Its subcommands by canonical name, sorted by name.
    pub children: List<(Name, Command)>,
}

/// One flag as pflag defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flag {
    /// The long name, without `--` (a hand-written file may give only a shorthand).
    pub long: Option<Name>,
    /// The one-letter shorthand, without `-`.
    pub short: Option<u8>,
    /// Whether it takes a value (`--flag value`); a Bool has NoOptDefVal and takes none.
    pub takes_value: bool,
    /// Whether it also applies to every descendant.
    pub persistent: bool,
    /// The releases in which the flag (its long name) was registered.
    pub releases: Span,
    /// The releases in which its shorthand was registered.
    pub short_releases: Span,
    /// Its pflag type per release; empty for the usual one (String, or Bool without a value).
    pub kinds: List<(Kind, Span)>,
}

/// The pflag types whose parsing can reject a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `strconv.ParseBool`.
    Bool,
    /// `strconv.ParseInt(s, 0, 64)`.
    Int,
    /// `time.ParseDuration`.
    Duration,
    /// One CSV record.
    StringSlice,
    /// `key=value` pairs, CSV when there is more than one.
    StringToString,
    /// String, StringArray and every type we do not check: any value.
    Any,
}

impl Kind {
    /// The kind of a pflag type name (`"StringToString"`); unknown names accept any value.
    pub(crate) fn of(name: &str) -> Kind {
        match name {
            "Bool" => Kind::Bool,
            "Int" | "Int64" => Kind::Int,
            "Duration" => Kind::Duration,
            "StringSlice" => Kind::StringSlice,
            "StringToString" => Kind::StringToString,
            _ => Kind::Any,
        }
    }

    /// Whether pflag's `Set` of this type accepts `value`.
    pub(crate) fn accepts(self, value: &str) -> bool {
        match self {
            Kind::Bool => values::parse_bool(value).is_some(),
            Kind::Int => values::parse_int(value).is_some(),
            Kind::Duration => values::parse_duration(value).is_some(),
            Kind::StringSlice => values::string_slice_ok(value),
            Kind::StringToString => values::string_to_string_ok(value),
            Kind::Any => true,
        }
    }
}

impl Flag {
    /// Whether pflag accepts `value` for this flag in the tree of `at` (in the union: the
    /// type of some release accepts it).
    pub(crate) fn accepts(&self, value: &str, at: At) -> bool {
        if self.kinds.is_empty() {
            let usual = if self.takes_value {
                Kind::Any
            } else {
                Kind::Bool
            };
            return usual.accepts(value);
        }
        self.kinds
            .iter()
            .filter(|(_, span)| span.holds(at))
            .any(|(kind, _)| kind.accepts(value))
    }

    /// Whether this is the flag named `long`.
    pub(crate) fn is(&self, long: &str) -> bool {
        self.long.as_deref() == Some(long)
    }
}

impl Command {
    /// The child `word` names (by name or alias) in the tree of `at`, with its canonical name.
    pub(crate) fn child(&self, word: &str, at: At) -> Option<(&str, &Command)> {
        let present = |(_, c): &&(Name, Command)| c.releases.holds(at);
        let by_name = self
            .children
            .iter()
            .filter(present)
            .find(|(name, _)| name == word);
        by_name
            .or_else(|| {
                self.children
                    .iter()
                    .filter(present)
                    .find(|(_, c)| c.aliases.iter().any(|a| a == word))
            })
            .map(|(name, c)| (name.as_ref(), c))
    }

    /// Whether it has subcommands in the tree of `at`.
    pub(crate) fn has_children(&self, at: At) -> bool {
        self.children.iter().any(|(_, c)| c.releases.holds(at))
    }
}

/// The flags known at one command in one tree: its own, then the persistent flags of its
/// ancestors, nearest first, that it does not already have by name (cobra's
/// `mergePersistentFlags`: a flag hidden by name loses its shorthand with it).
#[derive(Debug, Clone, Default)]
pub(crate) struct FlagSet<'t> {
    longs: Vec<(&'t str, &'t Flag)>,
    shorts: Vec<(u8, &'t Flag)>,
    lenient: bool,
}

impl<'t> FlagSet<'t> {
    /// The flags known at the last command of `path` (the root first) in the tree of `at`.
    pub(crate) fn at(tree: &'t Tree, path: &[&'t Command], at: At) -> FlagSet<'t> {
        let mut set = FlagSet {
            lenient: tree.lenient_flags,
            ..FlagSet::default()
        };
        if let Some((own, ancestors)) = path.split_last() {
            for flag in own.flags.iter() {
                set.add(flag, at);
            }
            for ancestor in ancestors.iter().rev() {
                for flag in ancestor.flags.iter().filter(|f| f.persistent) {
                    set.add(flag, at);
                }
            }
        }
        set
    }

    /// The same set with the flags cobra adds to the command it runs (`--help`/`-h`), where
    /// their names are free.
    pub(crate) fn with(mut self, extra: &'t [Flag], at: At) -> FlagSet<'t> {
        for flag in extra {
            self.add(flag, at);
        }
        self
    }

    fn add(&mut self, flag: &'t Flag, at: At) {
        if !flag.releases.holds(at) {
            return;
        }
        if let Some(long) = flag.long.as_deref() {
            if self.longs.iter().any(|(l, _)| *l == long) {
                return;
            }
            self.longs.push((long, flag));
        }
        if let Some(short) = flag.short {
            // A taken shorthand makes pflag panic; the flag keeps its long name here.
            if flag.short_releases.holds(at) && self.short(short).is_none() {
                self.shorts.push((short, flag));
            }
        }
    }

    /// The flag `--name`.
    pub(crate) fn long(&self, name: &str) -> Option<&'t Flag> {
        self.longs.iter().find(|(l, _)| *l == name).map(|(_, f)| *f)
    }

    /// The flag `-c`.
    pub(crate) fn short(&self, c: u8) -> Option<&'t Flag> {
        self.shorts.iter().find(|(s, _)| *s == c).map(|(_, f)| *f)
    }

    /// Whether flags this set does not know are taken as flags without a value (an old-format
    /// file) instead of unknown ones.
    pub(crate) fn lenient(&self) -> bool {
        self.lenient
    }
}
