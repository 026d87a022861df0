//! Writes `builtin.rs`, the built-in vocabularies (one per edition) as Rust, so that a process gets the command
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
//! The built-in vocabularies (`assets/commands.toml`, `assets/commands-enterprise.toml`) as
//! Rust: written by `codegen.rs`, checked against the assets by its test. Do not edit; regenerate with
//! `REGENERATE_BUILTIN=1 cargo test -p gitops-checkpoint-protocol builtin_is_current`.
//!
//! It is a constant: the tree is static data, borrowed, so a process builds nothing and
//! allocates nothing to walk it.

#![allow(clippy::all)]

use std::borrow::Cow::Borrowed as B;

use super::literal::{cmd, flag, only};
use super::releases::{NEVER, Releases, Span, Span::Always};
use super::tree::{Command, Flag, Kind, Tree};
";

/// Writes the Rust expressions of a tree's parts.
struct Writer {
    out: String,
}

impl Writer {
    fn span(&mut self, span: &Span) {
        match span {
            Span::Always => self.out.push_str("Always"),
            Span::Only(words) if words.is_empty() => self.out.push_str("NEVER"),
            Span::Only(words) => {
                let words: Vec<String> = words.iter().map(|w| format!("0x{w:x}")).collect();
                write!(self.out, "only!({})", words.join(", ")).unwrap();
            }
        }
    }

    fn flag(&mut self, f: &Flag) {
        self.out.push_str("flag!(");
        match &f.long {
            Some(long) => write!(self.out, "Some(B({long:?})), ").unwrap(),
            None => self.out.push_str("None, "),
        }
        match f.short {
            Some(c) => write!(self.out, "Some(b{:?}), ", char::from(c)).unwrap(),
            None => self.out.push_str("None, "),
        }
        write!(self.out, "{}, {}, ", f.takes_value, f.persistent).unwrap();
        self.span(&f.releases);
        self.out.push_str(", ");
        self.span(&f.short_releases);
        self.out.push_str(", [");
        for (i, (kind, s)) in f.kinds.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            write!(self.out, "(Kind::{kind:?}, ").unwrap();
            self.span(s);
            self.out.push(')');
        }
        self.out.push_str("])");
    }

    fn command(&mut self, c: &Command, depth: usize) {
        let pad = "    ".repeat(depth);
        self.out.push_str("cmd!(");
        self.span(&c.releases);
        self.out.push_str(", ");
        self.span(&c.runnable);
        self.out.push_str(", ");
        self.span(&c.flags_unparsed);
        let aliases: Vec<String> = c.aliases.iter().map(|a| format!("{a:?}")).collect();
        write!(self.out, ", [{}], [", aliases.join(", ")).unwrap();
        for f in c.flags.iter() {
            write!(self.out, "\n{pad}    ").unwrap();
            self.flag(f);
            self.out.push(',');
        }
        self.out.push_str("], [");
        for (name, child) in c.children.iter() {
            write!(self.out, "\n{pad}    ({name:?}, ").unwrap();
            self.command(child, depth + 1);
            self.out.push_str("),");
        }
        self.out.push_str("])");
    }
}

/// The Rust source of `builtin.rs`: a constant per tree, named as given.
pub(super) fn source(trees: &[(&str, &str, &Tree)]) -> String {
    let mut w = Writer {
        out: String::from(PRELUDE),
    };
    for (name, doc, tree) in trees {
        write!(
            w.out,
            "\n/// {doc}\npub(crate) const {name}: Tree = Tree {{\n    root: "
        )
        .unwrap();
        w.tree(tree);
    }
    w.out
}

impl Writer {
    fn tree(&mut self, tree: &Tree) {
        let w = self;
        w.command(&tree.root, 1);
        w.out
            .push_str(",\n    releases: Releases {\n        tags: B(&[");
        for tag in tree.releases.tags.iter() {
            write!(w.out, "B({tag:?}), ").unwrap();
        }
        w.out.push_str("]),\n        skips_flag_values: B(&[");
        for skips in tree.releases.skips_flag_values.iter() {
            write!(w.out, "{skips}, ").unwrap();
        }
        w.out.push_str("]),\n    },\n    help: B(&[");
        for f in tree.help.iter() {
            w.out.push_str("\n        ");
            w.flag(f);
            w.out.push(',');
        }
        write!(
            w.out,
            "]),\n    lenient_flags: {},\n}};\n",
            tree.lenient_flags
        )
        .unwrap();
    }
}

#[cfg(test)]
mod tests {
    use super::super::{BUILTIN, BUILTIN_ENTERPRISE, Vocabulary, builtin};
    use std::path::Path;

    /// `builtin.rs` is the assets, parsed: the trees a process uses without parsing equal the
    /// ones parsing gives, of each edition.
    #[test]
    fn builtin_is_current() {
        let oss = Vocabulary::parse(BUILTIN, Path::new("assets/commands.toml")).unwrap();
        let enterprise = Vocabulary::parse(
            BUILTIN_ENTERPRISE,
            Path::new("assets/commands-enterprise.toml"),
        )
        .unwrap();
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/vocabulary/builtin.rs");
        if std::env::var_os("REGENERATE_BUILTIN").is_some() {
            let trees = [
                (
                    "TREE",
                    "The weave-gitops CLI's tree (`assets/commands.toml`).",
                    &oss.tree,
                ),
                (
                    "ENTERPRISE_TREE",
                    "The enterprise CLI's tree (`assets/commands-enterprise.toml`).",
                    &enterprise.tree,
                ),
            ];
            std::fs::write(&file, super::source(&trees)).unwrap();
        }
        assert!(
            builtin::TREE == oss.tree && builtin::ENTERPRISE_TREE == enterprise.tree,
            "src/vocabulary/builtin.rs is out of date with assets/commands.toml or \
             assets/commands-enterprise.toml; regenerate it: \
             REGENERATE_BUILTIN=1 cargo test -p gitops-checkpoint-protocol builtin_is_current"
        );
    }
}
