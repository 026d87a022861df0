//! The man pages' sections that clap does not know: ENVIRONMENT, FILES and EXIT STATUS, read
//! from the documentation at build time, so a page and the docs cannot say different things.
//!
//! Owns the reading of those parts of the Markdown (a table's rows become tagged paragraphs,
//! a paragraph stays one; code spans, emphasis and links lose their marks) and their roff.

use roff::{Roff, bold, roman};

const CONFIGURATION: &str = include_str!("../../docs/configuration.md");
const COMMANDS: &str = include_str!("../../docs/commands.md");
const COLLECTOR: &str = include_str!("../../docs/collector.md");

/// One section of a page.
pub struct Section {
    /// Its heading (`ENVIRONMENT`).
    pub title: &'static str,
    /// Its entries: a tag and its text, or a paragraph (no tag).
    pub entries: Vec<(Option<String>, String)>,
}

/// The sections of `gitops(1)`.
pub fn gitops() -> Vec<Section> {
    vec![
        Section {
            title: "ENVIRONMENT",
            entries: table_after(CONFIGURATION, "## Environment variables"),
        },
        Section {
            title: "FILES",
            entries: table_after(CONFIGURATION, "## Files"),
        },
        Section {
            title: "EXIT STATUS",
            entries: vec![(None, paragraph_after(COMMANDS, "## Exit codes"))],
        },
    ]
}

/// The sections of `gitops-checkpoint(1)`.
pub fn collector() -> Vec<Section> {
    vec![
        Section {
            title: "ENVIRONMENT",
            entries: table_after(COLLECTOR, "Environment variables, the collector's"),
        },
        Section {
            title: "EXIT STATUS",
            entries: vec![(
                None,
                paragraph_starting(COLLECTOR, "`gitops-checkpoint` exits"),
            )],
        },
    ]
}

/// The roff of `sections`.
pub fn render(sections: &[Section]) -> String {
    let mut roff = Roff::new();
    for s in sections {
        roff.control("SH", [s.title]);
        for (tag, text) in &s.entries {
            match tag {
                Some(tag) => {
                    roff.control("TP", []);
                    roff.text([bold(tag.as_str())]);
                }
                None => {
                    roff.control("PP", []);
                }
            }
            roff.text([roman(text.as_str())]);
        }
    }
    roff.render()
}

/// The lines of `doc` after the line starting with `marker`.
fn after<'a>(doc: &'a str, marker: &str) -> impl Iterator<Item = &'a str> {
    let mut lines = doc.lines();
    assert!(
        lines.by_ref().any(|l| l.starts_with(marker)),
        "the docs have no line starting with {marker:?}"
    );
    lines
}

/// The rows of the first table after `marker` (its header and rule left out).
fn table_after(doc: &str, marker: &str) -> Vec<(Option<String>, String)> {
    let rows: Vec<(Option<String>, String)> = after(doc, marker)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
            let (tag, rest) = cells.split_first().expect("a row has cells");
            (Some(plain(tag)), plain(&rest.join("; ")))
        })
        .collect();
    assert!(!rows.is_empty(), "no table after {marker:?}");
    rows
}

/// The first paragraph after `marker`.
fn paragraph_after(doc: &str, marker: &str) -> String {
    let lines: Vec<&str> = after(doc, marker)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .collect();
    plain(&lines.join(" "))
}

/// The paragraph that starts with `start`.
fn paragraph_starting(doc: &str, start: &str) -> String {
    let lines: Vec<&str> = doc
        .lines()
        .skip_while(|l| !l.starts_with(start))
        .take_while(|l| !l.trim().is_empty())
        .collect();
    assert!(!lines.is_empty(), "no paragraph starting {start:?}");
    plain(&lines.join(" "))
}

/// Markdown inline text without its marks: code spans, emphasis, and links as their text.
fn plain(md: &str) -> String {
    let mut out = String::new();
    let mut rest = md;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.replace(['`', '*'], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_go_and_links_keep_their_text() {
        assert_eq!(
            plain("`GITOPS_HOME` is **set**, see [the docs](x.md#y) (`0700`)"),
            "GITOPS_HOME is set, see the docs (0700)"
        );
    }

    #[test]
    fn every_section_has_entries() {
        for s in gitops().iter().chain(&collector()) {
            assert!(!s.entries.is_empty(), "{}", s.title);
        }
    }
}
