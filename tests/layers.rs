//! The layers of the workspace's three crates (the client's `src/`, `protocol/src/` and
//! `collector/src/`), checked from the source text: no module imports one that imports it back,
//! the siblings that must stay apart do, and nothing imports a layer above it.
//!
//! Every `crate::…`, `super::…` and `self::…` path outside comments and test code is resolved
//! to the deepest module it names. A path between a module and its own ancestor or descendant
//! stays inside one unit (a parent and the files it is split into) and is fine. Any other path
//! is an edge between the two siblings under their nearest common ancestor; within each parent,
//! those sibling edges must have no cycle. A path into another crate (`checkpoint_protocol::…`)
//! is not an edge here: Cargo already refuses a cycle between crates.
//!
//! The layers of each crate are drawn in [`CRATES`], bottom row first, as its crate docs draw
//! them: a module imports only modules on rows below its own, so two modules on one row do not
//! import each other. A module no row names is held only to the rule against cycles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One crate of the workspace: where its modules are and the layers they keep.
struct Crate {
    /// The directory of its modules, from the workspace root.
    src: &'static str,
    /// Per parent module (`""` for the crate root): its children's rows, bottom up.
    layers: &'static [(&'static str, &'static [&'static [&'static str]])],
    /// Pairs of top-level modules that import each other in neither direction.
    apart: &'static [(&'static str, &'static str)],
}

/// The workspace's crates and their layers.
const CRATES: [Crate; 3] = [
    // The client, as src/lib.rs draws it: the core below, the two front ends on top, and
    // the console and the command line never reach into each other.
    Crate {
        src: "src",
        layers: &[
            (
                "",
                &[
                    &["text"],
                    &["fsutil"],
                    &["config"],
                    &["consent"],
                    &["context"],
                    &["feedback"],
                    &["telemetry"],
                    &["tui"],
                    &["cli"],
                ],
            ),
            // Telemetry in flow order: the records and files, what reads them (the queue, the
            // request, the cached answer, the gitops version), the wire, the operations, and
            // the user's choices on top (consent; rotating the id waits for the sender).
            (
                "telemetry",
                &[
                    &["event", "schedule", "sent_log", "signature"],
                    &["queue", "request", "updates", "version"],
                    &["transport"],
                    &["delivery", "preview", "record", "stats"],
                    &["choice"],
                ],
            ),
        ],
        apart: &[("cli", "tui"), ("telemetry", "feedback")],
    },
    // The protocol: the words (the vocabulary, Go's platform names), the wire (query, answer,
    // stats), and the collector's reading of the wire (received: the acceptance rule;
    // served: the answer it writes). Inside the vocabulary, the shapes its data is kept in
    // and pflag's value rules at the bottom, then the releases, the tree, the readers and
    // writers of the tree and pflag's walk, and cobra's walk, which uses them all, on top.
    Crate {
        src: "protocol/src",
        layers: &[
            (
                "",
                &[
                    &["platform", "refusal", "strings", "vocabulary"],
                    &["answer", "query", "stats"],
                    &["received", "routes", "served"],
                ],
            ),
            (
                "vocabulary",
                &[
                    &["list", "literal", "reduction", "values"],
                    &["releases"],
                    &["tree"],
                    &["builtin", "codegen", "file", "pflag"],
                    &["cobra"],
                ],
            ),
        ],
        apart: &[],
    },
    // The collector, as collector/src/lib.rs draws it.
    Crate {
        src: "collector/src",
        layers: &[(
            "",
            &[
                &["fsutil"],
                &["commit", "metrics", "settings", "sketch", "versions"],
                &["aggregate", "releases"],
                &["store"],
                &["demo", "flusher", "publication", "report"],
                &["web"],
                &["server"],
                &["cli"],
            ],
        )],
        apart: &[],
    },
];

/// Module path → the source text of that module's file, test code cut off, for the crate
/// whose modules are in `src` (the binary's `main.rs` is not a module of the library).
fn modules(src: &str) -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(src);
    let mut out = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap().with_extension("");
            let name = rel.to_string_lossy().replace('/', "::");
            if path.extension().is_none_or(|e| e != "rs")
                || name == "main"
                || name.split("::").any(|s| s == "tests")
            {
                continue;
            }
            let name = if name == "lib" { String::new() } else { name };
            let text = std::fs::read_to_string(&path).unwrap();
            out.insert(name, code_of(&text));
        }
    }
    assert!(out.len() > 3, "the modules of {src} were not read: {out:?}");
    out
}

/// The code of a module's file: without its test module and without comments.
fn code_of(text: &str) -> String {
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    let code: Vec<&str> = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect();
    code.join("\n")
}

fn parent(module: &str) -> &str {
    module.rsplit_once("::").map_or("", |(p, _)| p)
}

fn join(base: &str, rest: &str) -> String {
    match (base.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_string(),
        (_, true) => base.to_string(),
        _ => format!("{base}::{rest}"),
    }
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module paths a piece of code names after `prefix` (`crate::`, `super::` or `self::`),
/// including each name of a `{…}` group; a `super::super::…` chain keeps its later `super`s.
fn paths_after(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        if code[..at].ends_with(is_ident) || code[..at].ends_with("::") {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        let path: String = rest
            .chars()
            .take_while(|c| is_ident(*c) || *c == ':')
            .collect();
        let path = path.trim_end_matches(':').to_string();
        let after = &rest[path.len()..];
        if let Some(group) = after.strip_prefix("::{").or(after.strip_prefix('{')) {
            let mut depth = 0;
            let mut items = vec![String::new()];
            for c in group.chars() {
                match c {
                    '}' if depth == 0 => break,
                    ',' if depth == 0 => items.push(String::new()),
                    _ => {
                        depth += i32::from(c == '{') - i32::from(c == '}');
                        items.last_mut().unwrap().push(c);
                    }
                }
            }
            for item in items {
                let name: String = item.trim().chars().take_while(|c| is_ident(*c)).collect();
                if !name.is_empty() {
                    out.push(join(&path, &name));
                }
            }
        } else {
            out.push(path);
        }
    }
    out
}

/// The module a path relative to `base` names: each leading `super` goes one level up.
fn relative(base: &str, path: &str) -> String {
    let mut base = base.to_string();
    let mut rest = path;
    while let Some(after) = rest.strip_prefix("super") {
        if !(after.is_empty() || after.starts_with("::")) {
            break;
        }
        base = parent(&base).to_string();
        rest = after.trim_start_matches(':');
    }
    join(&base, rest)
}

/// Every edge from a module to the deepest module a path of it names.
fn edges(modules: &BTreeMap<String, String>) -> BTreeSet<(String, String)> {
    let known: BTreeSet<&str> = modules.keys().map(String::as_str).collect();
    let resolve = |path: &str| -> String {
        let mut best = String::new();
        let mut so_far = String::new();
        for segment in path.split("::") {
            so_far = join(&so_far, segment);
            if known.contains(so_far.as_str()) {
                best = so_far.clone();
            }
        }
        best
    };
    let mut out = BTreeSet::new();
    for (module, code) in modules {
        let targets = paths_after(code, "crate::")
            .into_iter()
            .chain(
                paths_after(code, "super::")
                    .into_iter()
                    .map(|p| relative(parent(module), &p)),
            )
            .chain(
                paths_after(code, "self::")
                    .into_iter()
                    .map(|p| relative(module, &p)),
            );
        for target in targets {
            let target = resolve(&target);
            if target != *module {
                out.insert((module.clone(), target));
            }
        }
    }
    out
}

fn is_within(module: &str, ancestor: &str) -> bool {
    ancestor.is_empty() || module == ancestor || module.starts_with(&format!("{ancestor}::"))
}

/// The child of `ancestor` on the way to `module`.
fn child_of(ancestor: &str, module: &str) -> String {
    let rest = if ancestor.is_empty() {
        module
    } else {
        &module[ancestor.len() + 2..]
    };
    join(ancestor, rest.split("::").next().unwrap())
}

/// Parent → the edges between its children (full module paths).
fn sibling_edges(
    modules: &BTreeMap<String, String>,
) -> BTreeMap<String, BTreeSet<(String, String)>> {
    let mut graphs: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for (from, to) in edges(modules) {
        if is_within(&to, &from) || is_within(&from, &to) {
            continue;
        }
        let mut common = parent(&from).to_string();
        while !is_within(&to, &common) {
            common = parent(&common).to_string();
        }
        let edge = (child_of(&common, &from), child_of(&common, &to));
        graphs.entry(common).or_default().insert(edge);
    }
    graphs
}

fn cycle(edges: &BTreeSet<(String, String)>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeSet<(String, String)>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for (_, next) in edges.iter().filter(|(from, _)| from == node) {
            if let Some(found) = visit(next, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .iter()
        .find_map(|(from, _)| visit(from, edges, &mut Vec::new(), &mut done))
}

/// The first import cycle of a crate's modules, as `parent: a → b → a`.
fn first_cycle(modules: &BTreeMap<String, String>) -> Option<String> {
    sibling_edges(modules).iter().find_map(|(parent, edges)| {
        Some(format!("under {parent:?}: {}", cycle(edges)?.join(" → ")))
    })
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    for krate in &CRATES {
        let modules = modules(krate.src);
        assert!(
            !sibling_edges(&modules).is_empty(),
            "no imports between the modules of {} were read",
            krate.src
        );
        if let Some(found) = first_cycle(&modules) {
            panic!("import cycle in {} {found}", krate.src);
        }
    }
}

#[test]
fn the_siblings_that_must_stay_apart_do() {
    for krate in &CRATES {
        let graphs = sibling_edges(&modules(krate.src));
        let top = graphs.get("").cloned().unwrap_or_default();
        for (a, b) in krate.apart {
            for (from, to) in [(a, b), (b, a)] {
                assert!(
                    !top.contains(&(from.to_string(), to.to_string())),
                    "{}: {from} imports {to}",
                    krate.src
                );
            }
        }
    }
}

#[test]
fn nothing_imports_a_layer_above_it() {
    for krate in &CRATES {
        let modules = modules(krate.src);
        let graphs = sibling_edges(&modules);
        for (parent, rows) in krate.layers {
            let named = |m: &str| join(parent, m);
            for module in rows.iter().flat_map(|row| row.iter()) {
                assert!(
                    modules.contains_key(&named(module)),
                    "{}: the layers of {parent:?} name {module}, which is not a module there",
                    krate.src
                );
            }
            let row = |m: &str| rows.iter().position(|r| r.iter().any(|o| named(o) == m));
            for (from, to) in graphs.get(*parent).into_iter().flatten() {
                if let (Some(f), Some(t)) = (row(from), row(to)) {
                    assert!(
                        t < f,
                        "{}: {from} → {to} points {}",
                        krate.src,
                        if t == f { "along its row" } else { "up" }
                    );
                }
            }
        }
    }
}

#[test]
fn paths_are_read_as_rust_names_them() {
    assert_eq!(
        paths_after("use crate::telemetry::{choice, queue::Limits};", "crate::"),
        ["telemetry::choice", "telemetry::queue"]
    );
    assert_eq!(
        paths_after("x = super::event::Event::new", "super::"),
        ["event::Event::new"]
    );
    assert_eq!(
        paths_after("use super::super::{BUILTIN, builtin};", "super::"),
        ["super::BUILTIN", "super::builtin"]
    );
    assert_eq!(relative("a::b", "super::c"), "a::c");
    assert_eq!(relative("a::b", "c::d"), "a::b::c::d");
    assert_eq!(relative("a", "superb"), "a::superb");
    assert_eq!(child_of("", "tui::app::update"), "tui");
    assert_eq!(child_of("tui", "tui::app::update"), "tui::app");
}

/// The circle the vocabulary had, `releases.rs` and `tree.rs` each importing the other, is
/// one this test finds, as are longer ones and one reached through `super::super`.
#[test]
fn a_cycle_is_found() {
    let crate_of = |files: &[(&str, &str)]| -> BTreeMap<String, String> {
        files
            .iter()
            .map(|(m, code)| (m.to_string(), code_of(code)))
            .collect()
    };
    let old_vocabulary = crate_of(&[
        ("vocabulary", "mod releases;\nmod tree;"),
        ("vocabulary::releases", "use super::tree::{List, Name};"),
        (
            "vocabulary::tree",
            "use super::releases::{At, Releases, Span};",
        ),
    ]);
    assert_eq!(
        first_cycle(&old_vocabulary).as_deref(),
        Some(
            "under \"vocabulary\": vocabulary::releases → vocabulary::tree → vocabulary::releases"
        )
    );
    let longer = crate_of(&[
        ("a", "use crate::b::X;"),
        ("b", "use crate::c::inner::Y;"),
        ("c", ""),
        (
            "c::inner",
            "// use crate::a; is a comment\nfn f() { super::super::a::g() }",
        ),
    ]);
    assert_eq!(
        first_cycle(&longer).as_deref(),
        Some("under \"\": a → b → c → a")
    );
    let opened = crate_of(&[
        ("vocabulary::list", ""),
        ("vocabulary::releases", "use super::list::{List, Name};"),
        (
            "vocabulary::tree",
            "use super::{list::List, releases::Span};",
        ),
    ]);
    assert_eq!(first_cycle(&opened), None);
}
