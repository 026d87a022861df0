//! The layers of `src/`, checked from the source text: no module imports one that imports it
//! back, the siblings that must stay apart do, and nothing imports a layer above it.
//!
//! Every `crate::…` and `super::…` path outside comments and test code is resolved to the
//! deepest module it names. A path between a module and its own ancestor or descendant stays
//! inside one unit (a parent and the files it is split into) and is fine. Any other path is an
//! edge between the two siblings under their nearest common ancestor; within each parent,
//! those sibling edges must have no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path → the source text of that module's file, test code cut off.
fn modules() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
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
            let code = match text.find("#[cfg(test)]\nmod tests") {
                Some(at) => &text[..at],
                None => &text,
            };
            let code: Vec<&str> = code
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect();
            let code = code.join("\n");
            out.insert(name, code);
        }
    }
    out
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

/// The module paths a piece of code names after `prefix` (`crate::` or `super::`), including
/// each name of a `{…}` group.
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
        let targets = paths_after(code, "crate::").into_iter().chain(
            paths_after(code, "super::")
                .into_iter()
                .map(|p| join(parent(module), &p)),
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

/// Parent → the edges between its children.
fn sibling_edges() -> BTreeMap<String, BTreeSet<(String, String)>> {
    let mut graphs: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for (from, to) in edges(&modules()) {
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

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graphs = sibling_edges();
    assert!(graphs.len() > 2, "the source was not read: {graphs:?}");
    for (parent, edges) in &graphs {
        if let Some(found) = cycle(edges) {
            panic!("import cycle under {parent:?}: {}", found.join(" → "));
        }
    }
}

#[test]
fn the_siblings_that_must_stay_apart_do() {
    let graphs = sibling_edges();
    let top = &graphs[""];
    for (a, b) in [("cli", "tui"), ("telemetry", "feedback")] {
        for (from, to) in [(a, b), (b, a)] {
            assert!(
                !top.contains(&(from.to_string(), to.to_string())),
                "{from} imports {to}"
            );
        }
    }
    // The layers drawn in lib.rs, bottom up: nothing imports a module above it.
    let order = [
        "text",
        "fsutil",
        "config",
        "consent",
        "context",
        "feedback",
        "telemetry",
        "tui",
        "cli",
    ];
    let rank = |m: &str| order.iter().position(|o| *o == m);
    for (from, to) in top {
        if let (Some(f), Some(t)) = (rank(from), rank(to)) {
            assert!(t < f, "{from} → {to} points up");
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
    assert_eq!(child_of("", "tui::app::update"), "tui");
    assert_eq!(child_of("tui", "tui::app::update"), "tui::app");
}
