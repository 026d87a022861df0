//! The macros `builtin.rs` is written in. Each expands to a literal of the tree's types (with
//! `B`, `Command`, `Flag` and `Span` as the file that uses them names them), so the built-in
//! tree is a constant: borrowed static data that no process builds.

/// The releases whose bits are set: bit `i % 64` of word `i / 64` is release `i`.
macro_rules! only {
    ($($word:literal),+) => {
        Span::Only(B(&[$($word),+]))
    };
}

/// A command: its spans, aliases, flags and `(name, command)` children, sorted by name.
macro_rules! cmd {
    (
        $releases:expr, $runnable:expr, $unparsed:expr, [$($alias:literal),*],
        [$($flag:expr),* $(,)?], [$(($name:literal, $child:expr)),* $(,)?]
    ) => {
        Command {
            releases: $releases,
            runnable: $runnable,
            flags_unparsed: $unparsed,
            aliases: B(&[$(B($alias)),*]),
            flags: B(&[$($flag),*]),
            children: B(&[$((B($name), $child)),*]),
        }
    };
}

/// A flag: long name, shorthand, takes a value, persistent, spans, `(kind, span)` list.
macro_rules! flag {
    (
        $long:expr, $short:expr, $takes_value:literal, $persistent:literal,
        $releases:expr, $short_releases:expr, [$($kind:expr),* $(,)?]
    ) => {
        Flag {
            long: $long,
            short: $short,
            takes_value: $takes_value,
            persistent: $persistent,
            releases: $releases,
            short_releases: $short_releases,
            kinds: B(&[$($kind),*]),
        }
    };
}

pub(super) use {cmd, flag, only};
