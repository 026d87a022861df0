//! The built-in vocabulary (`assets/commands.toml`) as Rust: written by `codegen.rs`, checked
//! against the asset by its test. Do not edit; regenerate with
//! `REGENERATE_BUILTIN=1 cargo test -p gitops-checkpoint-protocol builtin_is_current`.

#![allow(clippy::all)]

use std::collections::BTreeMap;

use super::releases::{Releases, Span};
use super::tree::{Command, Flag, Kind, Tree};

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

const RELEASES: usize = 48;

/// The built-in tree.
pub(crate) fn tree() -> Tree {
    Tree {
        root: cmd(only(0xffffffffffff), Span::Only(vec![]), Span::Only(vec![]), &[], vec![
            flag(Some("endpoint"), Some(101), true, true, Span::Always, Span::Always, vec![]),
            flag(Some("git-host-types"), None, true, true, Span::Always, Span::Always, vec![(Kind::StringToString, Span::Always), ]),
            flag(Some("kubeconfig"), None, true, true, only(0xffffffffff80), only(0xffffffffff80), vec![]),
            flag(Some("namespace"), Some(110), true, true, Span::Always, only(0xfffffffc0000), vec![]),
            flag(Some("password"), Some(112), true, true, only(0xffffffffffe0), only(0xffffffffffe0), vec![]),
            flag(Some("username"), Some(117), true, true, only(0xffffffffffe0), only(0xffffffffffe0), vec![]),
            flag(Some("insecure-skip-tls-verify"), None, false, true, only(0xfffffffffff8), only(0xfffffffffff8), vec![]),
            flag(Some("no-analytics"), None, false, true, only(0xfffffff80000), only(0xfffffff80000), vec![]),
            flag(Some("override-in-cluster"), None, false, true, Span::Always, Span::Always, vec![]),
            flag(Some("verbose"), Some(118), false, true, only(0x1f), only(0x1f), vec![]),], vec![
            ("__complete", cmd(only(0xffffffffffff), Span::Always, Span::Always, &["__completeNoDesc"], vec![], vec![])),
            ("add", cmd(only(0x3ff), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("app", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("branch"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("chart"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("config-repo"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("deployment-type"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("helm-release-target-namespace"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("name"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("path"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("url"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("auto-merge"), None, false, false, Span::Always, Span::Always, vec![]),
                    flag(Some("dry-run"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),
                ("cluster", cmd(only(0x3ff), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("base"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("branch"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("commit-message"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("description"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("from-template"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("profile"), None, true, false, only(0x3fe), only(0x3fe), vec![(Kind::Any, Span::Always), ]),
                    flag(Some("set"), None, true, false, Span::Always, Span::Always, vec![(Kind::StringSlice, Span::Always), ]),
                    flag(Some("set-credentials"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("title"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("url"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("dry-run"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),
                ("profile", cmd(only(0x3f8), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("base"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("branch"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("cluster"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("commit-message"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("config-repo"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("description"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("kubeconfig"), None, true, false, only(0x18), only(0x18), vec![]),
                    flag(Some("name"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("profiles-port"), None, true, false, only(0x18), only(0x18), vec![]),
                    flag(Some("title"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("version"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("auto-merge"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),
                ("terraform", cmd(only(0x3e0), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("base"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("branch"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("commit-message"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("description"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("from-template"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("set"), None, true, false, Span::Always, Span::Always, vec![(Kind::StringSlice, Span::Always), ]),
                    flag(Some("title"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("url"), None, true, false, Span::Always, Span::Always, vec![]),], vec![])),])),
            ("beta", cmd(only(0x1fffffffff87), Span::Only(vec![]), Span::Only(vec![]), &[], vec![
                flag(Some("toggle"), Some(116), false, false, only(0x7), only(0x7), vec![]),
                flag(Some("config"), None, true, true, only(0x7), only(0x7), vec![]),], vec![
                ("add", cmd(only(0x7), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                    ("app", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![
                        flag(Some("config-repo"), None, true, false, Span::Always, Span::Always, vec![]),
                        flag(Some("url"), None, true, false, Span::Always, Span::Always, vec![]),
                        flag(Some("dry-run"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),])),
                ("init", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![], vec![])),
                ("install", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("config-repo"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("dry-run"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),
                ("run", cmd(only(0x1fffffffff80), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("allow-k8s-context"), None, true, false, Span::Always, Span::Always, vec![(Kind::Any, only(0x1f80)), (Kind::StringSlice, only(0x1fffffffe000)), ]),
                    flag(Some("components"), None, true, false, Span::Always, Span::Always, vec![(Kind::StringSlice, Span::Always), ]),
                    flag(Some("components-extra"), None, true, false, Span::Always, Span::Always, vec![(Kind::StringSlice, Span::Always), ]),
                    flag(Some("context"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("dashboard-hashed-password"), None, true, false, only(0x1fffffffe000), only(0x1fffffffe000), vec![]),
                    flag(Some("dashboard-image"), None, true, false, only(0x1ffffffc0000), only(0x1ffffffc0000), vec![]),
                    flag(Some("dashboard-port"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("decryption-key-file"), None, true, false, only(0x1ffffff00000), only(0x1ffffff00000), vec![]),
                    flag(Some("flux-version"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("port-forward"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("root-dir"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("session-name"), None, true, false, only(0x1fffffffe000), only(0x1fffffffe000), vec![]),
                    flag(Some("session-namespace"), None, true, false, only(0x1fffffffe000), only(0x1fffffffe000), vec![]),
                    flag(Some("timeout"), None, true, false, Span::Always, Span::Always, vec![(Kind::Duration, Span::Always), ]),
                    flag(Some("values"), None, true, false, only(0x100000000000), only(0x100000000000), vec![(Kind::StringSlice, Span::Always), ]),
                    flag(Some("x-session-name"), None, true, false, only(0x1fffffff0000), only(0x1fffffff0000), vec![]),
                    flag(Some("disable-compression"), None, false, false, only(0x1fffff000000), only(0x1fffff000000), vec![]),
                    flag(Some("no-bootstrap"), None, false, false, only(0x1fffffffe000), only(0x1fffffffe000), vec![]),
                    flag(Some("no-session"), None, false, false, only(0x1fffffffe000), only(0x1fffffffe000), vec![]),
                    flag(Some("skip-dashboard-install"), None, false, false, only(0x1ffffffe0000), only(0x1ffffffe0000), vec![]),
                    flag(Some("skip-resource-cleanup"), None, false, false, only(0x1fffffffe000), only(0x1fffffffe000), vec![]),], vec![])),])),
            ("check", cmd(only(0xfffffffffffe), Span::Always, Span::Only(vec![]), &[], vec![
                flag(Some("pre"), Some(112), false, false, only(0x1e), only(0x1e), vec![]),], vec![
                ("oidc-config", cmd(only(0x800000000000), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("client-id"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("client-secret"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("context"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("from-secret"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("groups-claim"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("issuer-url"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("scopes"), None, true, false, Span::Always, Span::Always, vec![(Kind::StringSlice, Span::Always), ]),
                    flag(Some("username-claim"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("disable-compression"), None, false, false, Span::Always, Span::Always, vec![]),
                    flag(Some("skip-secret"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),])),
            ("completion", cmd(only(0xffffffffffff), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("bash", cmd(only(0xffffffffffff), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("no-descriptions"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),
                ("fish", cmd(only(0xffffffffffff), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("no-descriptions"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),
                ("powershell", cmd(only(0xffffffffffff), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("no-descriptions"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),
                ("zsh", cmd(only(0xffffffffffff), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("no-descriptions"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),])),
            ("create", cmd(only(0xfffffffffc00), Span::Only(vec![]), Span::Only(vec![]), &[], vec![
                flag(Some("timeout"), None, true, true, Span::Always, Span::Always, vec![(Kind::Duration, Span::Always), ]),
                flag(Some("export"), None, false, true, Span::Always, Span::Always, vec![]),], vec![
                ("dashboard", cmd(only(0xfffffffffc00), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("context"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("password"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("username"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("values"), None, true, false, only(0xf00000000000), only(0xf00000000000), vec![(Kind::StringSlice, Span::Always), ]),
                    flag(Some("disable-compression"), None, false, false, only(0xffffff000000), only(0xffffff000000), vec![]),], vec![])),
                ("terraform", cmd(only(0xfffffff80000), Span::Always, Span::Only(vec![]), &["tf"], vec![
                    flag(Some("context"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("interval"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("path"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("source"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("disable-compression"), None, false, false, only(0xffffff000000), only(0xffffff000000), vec![]),], vec![])),])),
            ("delete", cmd(only(0xfffffff803ff), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("app", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("auto-merge"), None, false, false, Span::Always, Span::Always, vec![]),
                    flag(Some("dry-run"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),
                ("cluster", cmd(only(0x3ff), Span::Always, Span::Only(vec![]), &["clusters"], vec![
                    flag(Some("base"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("branch"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("commit-message"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("description"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("title"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("url"), None, true, false, Span::Always, Span::Always, vec![]),], vec![])),
                ("terraform", cmd(only(0xfffffff80000), Span::Always, Span::Only(vec![]), &["tf"], vec![
                    flag(Some("context"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("disable-compression"), None, false, false, only(0xffffff000000), only(0xffffff000000), vec![]),], vec![])),])),
            ("docs", cmd(only(0xffffffffffff), Span::Always, Span::Only(vec![]), &[], vec![
                flag(Some("directory"), Some(100), true, false, Span::Always, Span::Always, vec![]),], vec![])),
            ("flux", cmd(only(0x7), Span::Always, Span::Always, &[], vec![], vec![
                ("status", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![], vec![])),])),
            ("get", cmd(only(0xffffffffffff), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("app", cmd(only(0x7), Span::Always, Span::Only(vec![]), &["apps"], vec![], vec![])),
                ("bcrypt-hash", cmd(only(0xffffffffff80), Span::Always, Span::Only(vec![]), &[], vec![], vec![])),
                ("cluster", cmd(only(0x3ff), Span::Always, Span::Only(vec![]), &["clusters"], vec![
                    flag(Some("kubeconfig"), None, false, true, only(0x7f), only(0x7f), vec![]),
                    flag(Some("print-kubeconfig"), None, false, true, only(0x380), only(0x380), vec![]),], vec![])),
                ("commits", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![], vec![])),
                ("config", cmd(only(0xffffffffe000), Span::Always, Span::Only(vec![]), &[], vec![], vec![])),
                ("credential", cmd(only(0x3ff), Span::Always, Span::Only(vec![]), &["credentials"], vec![], vec![])),
                ("profile", cmd(only(0x3fe), Span::Always, Span::Only(vec![]), &["profiles"], vec![
                    flag(Some("port"), None, true, false, only(0x1e), only(0x1e), vec![]),], vec![])),
                ("template", cmd(only(0x3ff), Span::Always, Span::Only(vec![]), &["templates"], vec![
                    flag(Some("provider"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("list-parameters"), None, false, false, Span::Always, Span::Always, vec![]),
                    flag(Some("list-profiles"), None, false, false, only(0x3fe), only(0x3fe), vec![]),], vec![
                    ("terraform", cmd(only(0x3e0), Span::Always, Span::Only(vec![]), &[], vec![
                        flag(Some("list-parameters"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),])),])),
            ("help", cmd(only(0xffffffffffff), Span::Always, Span::Only(vec![]), &[], vec![], vec![])),
            ("install", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![
                flag(Some("config-repo"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("auto-merge"), None, false, false, only(0x6), only(0x6), vec![]),
                flag(Some("dry-run"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),
            ("logs", cmd(only(0xfffffff80000), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("terraform", cmd(only(0xfffffff80000), Span::Always, Span::Only(vec![]), &["tf"], vec![
                    flag(Some("context"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("disable-compression"), None, false, false, only(0xffffff000000), only(0xffffff000000), vec![]),], vec![])),])),
            ("remove", cmd(only(0x1fffffff8000), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("run", cmd(only(0x1fffffff8000), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("context"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("all-sessions"), None, false, false, Span::Always, Span::Always, vec![]),
                    flag(Some("disable-compression"), None, false, false, only(0x1fffff000000), only(0x1fffff000000), vec![]),
                    flag(Some("no-session"), None, false, false, only(0x1ffffc000000), only(0x1ffffc000000), vec![]),], vec![])),])),
            ("replan", cmd(only(0xfffffff80000), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("terraform", cmd(only(0xfffffff80000), Span::Always, Span::Only(vec![]), &["tf"], vec![
                    flag(Some("context"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("disable-compression"), None, false, false, only(0xffffff000000), only(0xffffff000000), vec![]),], vec![])),])),
            ("resume", cmd(only(0xfffffff80007), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("app", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![], vec![])),
                ("terraform", cmd(only(0xfffffff80000), Span::Always, Span::Only(vec![]), &["tf"], vec![
                    flag(Some("context"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("disable-compression"), None, false, false, only(0xffffff000000), only(0xffffff000000), vec![]),], vec![])),])),
            ("run", cmd(only(0x1fffffe00000), Span::Always, Span::Only(vec![]), &[], vec![
                flag(Some("allow-k8s-context"), None, true, false, Span::Always, Span::Always, vec![(Kind::StringSlice, Span::Always), ]),
                flag(Some("components"), None, true, false, Span::Always, Span::Always, vec![(Kind::StringSlice, Span::Always), ]),
                flag(Some("components-extra"), None, true, false, Span::Always, Span::Always, vec![(Kind::StringSlice, Span::Always), ]),
                flag(Some("context"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("dashboard-hashed-password"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("dashboard-image"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("dashboard-port"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("decryption-key-file"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("flux-version"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("port-forward"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("root-dir"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("session-name"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("session-namespace"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("timeout"), None, true, false, Span::Always, Span::Always, vec![(Kind::Duration, Span::Always), ]),
                flag(Some("values"), None, true, false, only(0x100000000000), only(0x100000000000), vec![(Kind::StringSlice, Span::Always), ]),
                flag(Some("x-session-name"), None, true, false, Span::Always, Span::Always, vec![]),
                flag(Some("disable-compression"), None, false, false, only(0x1fffff000000), only(0x1fffff000000), vec![]),
                flag(Some("no-bootstrap"), None, false, false, Span::Always, Span::Always, vec![]),
                flag(Some("no-session"), None, false, false, Span::Always, Span::Always, vec![]),
                flag(Some("skip-dashboard-install"), None, false, false, Span::Always, Span::Always, vec![]),
                flag(Some("skip-resource-cleanup"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),
            ("set", cmd(only(0xffffffffe000), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("config", cmd(only(0xffffffffe000), Span::Always, Span::Only(vec![]), &[], vec![], vec![])),])),
            ("suspend", cmd(only(0xfffffff80007), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("app", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![], vec![])),
                ("terraform", cmd(only(0xfffffff80000), Span::Always, Span::Only(vec![]), &["tf"], vec![
                    flag(Some("context"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("disable-compression"), None, false, false, only(0xffffff000000), only(0xffffff000000), vec![]),], vec![])),])),
            ("ui", cmd(only(0x7), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("run", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("helm-repo-name"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("helm-repo-namespace"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("oidc-client-id"), None, true, false, only(0x6), only(0x6), vec![]),
                    flag(Some("oidc-client-secret"), None, true, false, only(0x6), only(0x6), vec![]),
                    flag(Some("oidc-cookie-duration"), None, true, false, only(0x6), only(0x6), vec![(Kind::Duration, Span::Always), ]),
                    flag(Some("oidc-issuer-url"), None, true, false, only(0x6), only(0x6), vec![]),
                    flag(Some("oidc-redirect-url"), None, true, false, only(0x6), only(0x6), vec![]),
                    flag(Some("path"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("port"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("profile-cache-location"), None, true, false, only(0x6), only(0x6), vec![]),
                    flag(Some("watcher-healthz-bind-address"), None, true, false, only(0x6), only(0x6), vec![]),
                    flag(Some("watcher-metrics-bind-address"), None, true, false, only(0x6), only(0x6), vec![]),
                    flag(Some("watcher-port"), None, true, false, only(0x6), only(0x6), vec![(Kind::Int, Span::Always), ]),
                    flag(Some("log"), Some(108), false, false, Span::Always, Span::Always, vec![]),], vec![])),])),
            ("uninstall", cmd(only(0x7), Span::Always, Span::Only(vec![]), &[], vec![
                flag(Some("dry-run"), None, false, false, Span::Always, Span::Always, vec![]),
                flag(Some("force"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),
            ("update", cmd(only(0x3f8), Span::Only(vec![]), Span::Only(vec![]), &[], vec![], vec![
                ("profile", cmd(only(0x3f8), Span::Always, Span::Only(vec![]), &[], vec![
                    flag(Some("base"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("branch"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("cluster"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("commit-message"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("config-repo"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("description"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("kubeconfig"), None, true, false, only(0x18), only(0x18), vec![]),
                    flag(Some("name"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("profiles-port"), None, true, false, only(0x18), only(0x18), vec![]),
                    flag(Some("title"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("version"), None, true, false, Span::Always, Span::Always, vec![]),
                    flag(Some("auto-merge"), None, false, false, Span::Always, Span::Always, vec![]),], vec![])),])),
            ("upgrade", cmd(only(0x3ff), Span::Always, Span::Only(vec![]), &[], vec![
                flag(Some("base"), None, true, true, Span::Always, Span::Always, vec![]),
                flag(Some("branch"), None, true, true, Span::Always, Span::Always, vec![]),
                flag(Some("commit-message"), None, true, true, Span::Always, Span::Always, vec![]),
                flag(Some("config-repo"), None, true, true, Span::Always, Span::Always, vec![]),
                flag(Some("path"), None, true, true, only(0x3f8), only(0x3f8), vec![]),
                flag(Some("set"), None, true, true, Span::Always, Span::Always, vec![(Kind::Any, Span::Always), ]),
                flag(Some("version"), None, true, true, Span::Always, Span::Always, vec![]),
                flag(Some("dry-run"), None, false, true, Span::Always, Span::Always, vec![]),], vec![])),
            ("version", cmd(only(0xffffffffffff), Span::Always, Span::Only(vec![]), &[], vec![], vec![])),]),
        releases: Releases {
            tags: ["v0.6.0", "v0.6.1", "v0.6.2", "v0.7.0", "v0.8.0", "v0.8.1", "v0.9.0", "v0.9.1", "v0.9.2", "v0.9.3", "v0.9.4", "v0.9.5", "v0.9.6", "v0.10.0", "v0.10.1", "v0.10.2", "v0.11.0", "v0.12.0", "v0.13.0", "v0.14.1", "v0.15.0", "v0.16.0", "v0.17.0", "v0.18.0", "v0.19.0", "v0.20.0", "v0.21.0", "v0.21.1", "v0.21.2", "v0.22.0", "v0.23.0", "v0.24.0", "v0.25.0", "v0.26.0", "v0.27.0", "v0.28.0", "v0.29.0", "v0.30.0", "v0.31.0", "v0.31.1", "v0.31.2", "v0.32.0", "v0.33.0", "v0.34.0", "v0.35.0", "v0.36.0", "v0.37.0", "v0.38.0", ].iter().map(|t| s(t)).collect(),
            skips_flag_values: vec![false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, true, true, true, true, true, true, true, true, true, true, true, true, ],
        },
        help: vec![
            flag(Some("help"), Some(104), false, false, Span::Always, Span::Always, vec![]),],
        lenient_flags: false,
    }
}
