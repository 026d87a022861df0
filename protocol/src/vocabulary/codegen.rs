//! Writes `builtin.rs`, the built-in vocabulary as Rust, so that a process gets the command
//! tree without parsing `assets/commands.toml` (the embedding hook runs once per gitops
//! command and must cost next to nothing).
//!
//! The test here fails when `builtin.rs` no longer equals what parsing the asset gives, and
//! rewrites it when run with `REGENERATE_BUILTIN=1`:
//!
//! ```text
//! REGENERATE_BUILTIN=1 cargo test -p gitops-checkpoint-protocol builtin_is_current
//! ```

use std::fmt::Write;

use super::releases::Span;
use super::tree::{Command, Flag, Tree};

const PRELUDE: &str = "\
//! The built-in vocabulary (`assets/commands.toml`) as Rust: written by `codegen.rs`, checked
//! against the asset by its test. Do not edit; regenerate with
//! `REGENERATE_BUILTIN=1 cargo test -p gitops-checkpoint-protocol builtin_is_current`.

#![allow(clippy::all)]

use std::collections::BTreeMap;

use super::releases::{Releases, Span};
use super::tree::{Command, Flag, Tree};

fn s(text: &str) -> String {
    text.to_string()
}

/// The releases marked in `mask` (bit i: release i).
fn only(mask: u64) -> Span {
    Span::Only((0..RELEASES).map(|i| mask & (1 << i) != 0).collect())
}

fn cmd(
    releases: Span,
    runnable: Span,
    flags_unparsed: Span,
    aliases: &[&str],
    flags: Vec<Flag>,
    children: Vec<(&str, Command)>,
) -> Command {
    Command {
        releases,
        runnable,
        flags_unparsed,
        aliases: aliases.iter().map(|a| s(a)).collect(),
        flags,
        children: children.into_iter().map(|(n, c)| (s(n), c)).collect::<BTreeMap<_, _>>(),
    }
}

#[allow(clippy::too_many_arguments)]
fn flag(
    long: Option<&str>,
    short: Option<u8>,
    takes_value: bool,
    persistent: bool,
    releases: Span,
    short_releases: Span,
    kinds: Vec<(Kind, Span)>,
) -> Flag {
    Flag { long: long.map(s), short, takes_value, persistent, releases, short_releases, kinds }
}
";

/// Writes Rust for the parts of a tree whose spans cover `releases` releases.
struct Writer {
    out: String,
    releases: usize,
}

impl Writer {
    fn span(&mut self, span: &Span) {
        match span {
            Span::Always => self.out.push_str("Span::Always"),
            Span::Only(marks) if marks.len() != self.releases || marks.len() > 64 => {
                write!(self.out, "Span::Only(vec!{marks:?})").unwrap();
            }
            Span::Only(marks) => {
                let mask = marks
                    .iter()
                    .enumerate()
                    .filter(|(_, on)| **on)
                    .fold(0u64, |m, (i, _)| m | (1 << i));
                write!(self.out, "only(0x{mask:x})").unwrap();
            }
        }
    }

    fn flag(&mut self, f: &Flag) {
        self.out.push_str("flag(");
        match &f.long {
            Some(long) => write!(self.out, "Some({long:?}), ").unwrap(),
            None => self.out.push_str("None, "),
        }
        match f.short {
            Some(c) => write!(self.out, "Some({c}), ").unwrap(),
            None => self.out.push_str("None, "),
        }
        write!(self.out, "{}, {}, ", f.takes_value, f.persistent).unwrap();
        self.span(&f.releases);
        self.out.push_str(", ");
        self.span(&f.short_releases);
        self.out.push_str(", vec![");
        for (kind, s) in &f.kinds {
            write!(self.out, "(Kind::{kind:?}, ").unwrap();
            self.span(s);
            self.out.push_str("), ");
        }
        self.out.push_str("])");
    }

    fn command(&mut self, c: &Command, depth: usize) {
        let pad = "    ".repeat(depth);
        self.out.push_str("cmd(");
        self.span(&c.releases);
        self.out.push_str(", ");
        self.span(&c.runnable);
        self.out.push_str(", ");
        self.span(&c.flags_unparsed);
        write!(self.out, ", &{:?}, vec![", c.aliases).unwrap();
        for f in &c.flags {
            write!(self.out, "\n{pad}    ").unwrap();
            self.flag(f);
            self.out.push(',');
        }
        self.out.push_str("], vec![");
        for (name, child) in &c.children {
            write!(self.out, "\n{pad}    ({name:?}, ").unwrap();
            self.command(child, depth + 1);
            self.out.push_str("),");
        }
        self.out.push_str("])");
    }
}

/// The Rust source of `builtin.rs` for `tree`.
pub(super) fn source(tree: &Tree) -> String {
    let releases = tree.releases.tags.len();
    let mut w = Writer {
        out: String::from(PRELUDE),
        releases,
    };
    write!(w.out, "\nconst RELEASES: usize = {releases};\n\n").unwrap();
    w.out.push_str(
        "/// The built-in tree.\npub(crate) fn tree() -> Tree {\n    Tree {\n        root: ",
    );
    w.command(&tree.root, 2);
    w.out
        .push_str(",\n        releases: Releases {\n            tags: [");
    for tag in &tree.releases.tags {
        write!(w.out, "{tag:?}, ").unwrap();
    }
    w.out
        .push_str("].iter().map(|t| s(t)).collect(),\n            skips_flag_values: vec![");
    for skips in &tree.releases.skips_flag_values {
        write!(w.out, "{skips}, ").unwrap();
    }
    w.out.push_str("],\n        },\n        help: vec![");
    for f in &tree.help {
        w.out.push_str("\n            ");
        w.flag(f);
        w.out.push(',');
    }
    write!(
        w.out,
        "],\n        lenient_flags: {},\n    }}\n}}\n",
        tree.lenient_flags
    )
    .unwrap();
    w.out
}

#[cfg(test)]
mod tests {
    use super::super::{BUILTIN, Vocabulary, builtin};
    use std::path::Path;

    /// `builtin.rs` is the asset, parsed: the tree a process uses without parsing equals the
    /// one parsing gives.
    #[test]
    fn builtin_is_current() {
        let parsed = Vocabulary::parse(BUILTIN, Path::new("assets/commands.toml")).unwrap();
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/vocabulary/builtin.rs");
        if std::env::var_os("REGENERATE_BUILTIN").is_some() {
            std::fs::write(&file, super::source(&parsed.tree)).unwrap();
        }
        assert!(
            builtin::tree() == parsed.tree,
            "src/vocabulary/builtin.rs is out of date with assets/commands.toml; regenerate it: \
             REGENERATE_BUILTIN=1 cargo test -p gitops-checkpoint-protocol builtin_is_current"
        );
    }
}
