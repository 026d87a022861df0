//! The built-in vocabulary (`assets/commands.toml`) as Rust: written by `codegen.rs`, checked
//! against the asset by its test. Do not edit; regenerate with
//! `REGENERATE_BUILTIN=1 cargo test -p gitops-checkpoint-protocol builtin_is_current`.
//!
//! It is a constant: the tree is static data, borrowed, so a process builds nothing and
//! allocates nothing to walk it.

#![allow(clippy::all)]

use std::borrow::Cow::Borrowed as B;

use super::literal::{cmd, flag, only};
use super::releases::{NEVER, Releases, Span, Span::Always};
use super::tree::{Command, Flag, Kind, Tree};

/// The built-in tree.
pub(crate) const TREE: Tree = Tree {
    root: cmd!(only!(0xffffffffffff), NEVER, NEVER, [], [
        flag!(Some(B("endpoint")), Some(b'e'), true, true, Always, Always, []),
        flag!(Some(B("git-host-types")), None, true, true, Always, Always, [(Kind::StringToString, Always)]),
        flag!(Some(B("kubeconfig")), None, true, true, only!(0xffffffffff80), only!(0xffffffffff80), []),
        flag!(Some(B("namespace")), Some(b'n'), true, true, Always, only!(0xfffffffc0000), []),
        flag!(Some(B("password")), Some(b'p'), true, true, only!(0xffffffffffe0), only!(0xffffffffffe0), []),
        flag!(Some(B("username")), Some(b'u'), true, true, only!(0xffffffffffe0), only!(0xffffffffffe0), []),
        flag!(Some(B("insecure-skip-tls-verify")), None, false, true, only!(0xfffffffffff8), only!(0xfffffffffff8), []),
        flag!(Some(B("no-analytics")), None, false, true, only!(0xfffffff80000), only!(0xfffffff80000), []),
        flag!(Some(B("override-in-cluster")), None, false, true, Always, Always, []),
        flag!(Some(B("verbose")), Some(b'v'), false, true, only!(0x1f), only!(0x1f), []),], [
        ("__complete", cmd!(only!(0xffffffffffff), Always, Always, ["__completeNoDesc"], [], [])),
        ("add", cmd!(only!(0x3ff), NEVER, NEVER, [], [], [
            ("app", cmd!(only!(0x7), Always, NEVER, [], [
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("chart")), None, true, false, Always, Always, []),
                flag!(Some(B("config-repo")), None, true, false, Always, Always, []),
                flag!(Some(B("deployment-type")), None, true, false, Always, Always, []),
                flag!(Some(B("helm-release-target-namespace")), None, true, false, Always, Always, []),
                flag!(Some(B("name")), None, true, false, Always, Always, []),
                flag!(Some(B("path")), None, true, false, Always, Always, []),
                flag!(Some(B("url")), None, true, false, Always, Always, []),
                flag!(Some(B("auto-merge")), None, false, false, Always, Always, []),
                flag!(Some(B("dry-run")), None, false, false, Always, Always, []),], [])),
            ("cluster", cmd!(only!(0x3ff), Always, NEVER, [], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("from-template")), None, true, false, Always, Always, []),
                flag!(Some(B("profile")), None, true, false, only!(0x3fe), only!(0x3fe), [(Kind::Any, Always)]),
                flag!(Some(B("set")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("set-credentials")), None, true, false, Always, Always, []),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("url")), None, true, false, Always, Always, []),
                flag!(Some(B("dry-run")), None, false, false, Always, Always, []),], [])),
            ("profile", cmd!(only!(0x3f8), Always, NEVER, [], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("cluster")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("config-repo")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("kubeconfig")), None, true, false, only!(0x18), only!(0x18), []),
                flag!(Some(B("name")), None, true, false, Always, Always, []),
                flag!(Some(B("profiles-port")), None, true, false, only!(0x18), only!(0x18), []),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("version")), None, true, false, Always, Always, []),
                flag!(Some(B("auto-merge")), None, false, false, Always, Always, []),], [])),
            ("terraform", cmd!(only!(0x3e0), Always, NEVER, [], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("from-template")), None, true, false, Always, Always, []),
                flag!(Some(B("set")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("url")), None, true, false, Always, Always, []),], [])),])),
        ("beta", cmd!(only!(0x1fffffffff87), NEVER, NEVER, [], [
            flag!(Some(B("toggle")), Some(b't'), false, false, only!(0x7), only!(0x7), []),
            flag!(Some(B("config")), None, true, true, only!(0x7), only!(0x7), []),], [
            ("add", cmd!(only!(0x7), NEVER, NEVER, [], [], [
                ("app", cmd!(only!(0x7), Always, NEVER, [], [
                    flag!(Some(B("config-repo")), None, true, false, Always, Always, []),
                    flag!(Some(B("url")), None, true, false, Always, Always, []),
                    flag!(Some(B("dry-run")), None, false, false, Always, Always, []),], [])),])),
            ("init", cmd!(only!(0x7), Always, NEVER, [], [], [])),
            ("install", cmd!(only!(0x7), Always, NEVER, [], [
                flag!(Some(B("config-repo")), None, true, false, Always, Always, []),
                flag!(Some(B("dry-run")), None, false, false, Always, Always, []),], [])),
            ("run", cmd!(only!(0x1fffffffff80), Always, NEVER, [], [
                flag!(Some(B("allow-k8s-context")), None, true, false, Always, Always, [(Kind::Any, only!(0x1f80)), (Kind::StringSlice, only!(0x1fffffffe000))]),
                flag!(Some(B("components")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("components-extra")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("dashboard-hashed-password")), None, true, false, only!(0x1fffffffe000), only!(0x1fffffffe000), []),
                flag!(Some(B("dashboard-image")), None, true, false, only!(0x1ffffffc0000), only!(0x1ffffffc0000), []),
                flag!(Some(B("dashboard-port")), None, true, false, Always, Always, []),
                flag!(Some(B("decryption-key-file")), None, true, false, only!(0x1ffffff00000), only!(0x1ffffff00000), []),
                flag!(Some(B("flux-version")), None, true, false, Always, Always, []),
                flag!(Some(B("port-forward")), None, true, false, Always, Always, []),
                flag!(Some(B("root-dir")), None, true, false, Always, Always, []),
                flag!(Some(B("session-name")), None, true, false, only!(0x1fffffffe000), only!(0x1fffffffe000), []),
                flag!(Some(B("session-namespace")), None, true, false, only!(0x1fffffffe000), only!(0x1fffffffe000), []),
                flag!(Some(B("timeout")), None, true, false, Always, Always, [(Kind::Duration, Always)]),
                flag!(Some(B("values")), None, true, false, only!(0x100000000000), only!(0x100000000000), [(Kind::StringSlice, Always)]),
                flag!(Some(B("x-session-name")), None, true, false, only!(0x1fffffff0000), only!(0x1fffffff0000), []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x1fffff000000), only!(0x1fffff000000), []),
                flag!(Some(B("no-bootstrap")), None, false, false, only!(0x1fffffffe000), only!(0x1fffffffe000), []),
                flag!(Some(B("no-session")), None, false, false, only!(0x1fffffffe000), only!(0x1fffffffe000), []),
                flag!(Some(B("skip-dashboard-install")), None, false, false, only!(0x1ffffffe0000), only!(0x1ffffffe0000), []),
                flag!(Some(B("skip-resource-cleanup")), None, false, false, only!(0x1fffffffe000), only!(0x1fffffffe000), []),], [])),])),
        ("check", cmd!(only!(0xfffffffffffe), Always, NEVER, [], [
            flag!(Some(B("pre")), Some(b'p'), false, false, only!(0x1e), only!(0x1e), []),], [
            ("oidc-config", cmd!(only!(0x800000000000), Always, NEVER, [], [
                flag!(Some(B("client-id")), None, true, false, Always, Always, []),
                flag!(Some(B("client-secret")), None, true, false, Always, Always, []),
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("from-secret")), None, true, false, Always, Always, []),
                flag!(Some(B("groups-claim")), None, true, false, Always, Always, []),
                flag!(Some(B("issuer-url")), None, true, false, Always, Always, []),
                flag!(Some(B("scopes")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("username-claim")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, Always, Always, []),
                flag!(Some(B("skip-secret")), None, false, false, Always, Always, []),], [])),])),
        ("completion", cmd!(only!(0xffffffffffff), NEVER, NEVER, [], [], [
            ("bash", cmd!(only!(0xffffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),
            ("fish", cmd!(only!(0xffffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),
            ("powershell", cmd!(only!(0xffffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),
            ("zsh", cmd!(only!(0xffffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),])),
        ("create", cmd!(only!(0xfffffffffc00), NEVER, NEVER, [], [
            flag!(Some(B("timeout")), None, true, true, Always, Always, [(Kind::Duration, Always)]),
            flag!(Some(B("export")), None, false, true, Always, Always, []),], [
            ("dashboard", cmd!(only!(0xfffffffffc00), Always, NEVER, [], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("password")), None, true, false, Always, Always, []),
                flag!(Some(B("username")), None, true, false, Always, Always, []),
                flag!(Some(B("values")), None, true, false, only!(0xf00000000000), only!(0xf00000000000), [(Kind::StringSlice, Always)]),
                flag!(Some(B("disable-compression")), None, false, false, only!(0xffffff000000), only!(0xffffff000000), []),], [])),
            ("terraform", cmd!(only!(0xfffffff80000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("interval")), None, true, false, Always, Always, []),
                flag!(Some(B("path")), None, true, false, Always, Always, []),
                flag!(Some(B("source")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0xffffff000000), only!(0xffffff000000), []),], [])),])),
        ("delete", cmd!(only!(0xfffffff803ff), NEVER, NEVER, [], [], [
            ("app", cmd!(only!(0x7), Always, NEVER, [], [
                flag!(Some(B("auto-merge")), None, false, false, Always, Always, []),
                flag!(Some(B("dry-run")), None, false, false, Always, Always, []),], [])),
            ("cluster", cmd!(only!(0x3ff), Always, NEVER, ["clusters"], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("url")), None, true, false, Always, Always, []),], [])),
            ("terraform", cmd!(only!(0xfffffff80000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0xffffff000000), only!(0xffffff000000), []),], [])),])),
        ("docs", cmd!(only!(0xffffffffffff), Always, NEVER, [], [
            flag!(Some(B("directory")), Some(b'd'), true, false, Always, Always, []),], [])),
        ("flux", cmd!(only!(0x7), Always, Always, [], [], [
            ("status", cmd!(only!(0x7), Always, NEVER, [], [], [])),])),
        ("get", cmd!(only!(0xffffffffffff), NEVER, NEVER, [], [], [
            ("app", cmd!(only!(0x7), Always, NEVER, ["apps"], [], [])),
            ("bcrypt-hash", cmd!(only!(0xffffffffff80), Always, NEVER, [], [], [])),
            ("cluster", cmd!(only!(0x3ff), Always, NEVER, ["clusters"], [
                flag!(Some(B("kubeconfig")), None, false, true, only!(0x7f), only!(0x7f), []),
                flag!(Some(B("print-kubeconfig")), None, false, true, only!(0x380), only!(0x380), []),], [])),
            ("commits", cmd!(only!(0x7), Always, NEVER, [], [], [])),
            ("config", cmd!(only!(0xffffffffe000), Always, NEVER, [], [], [])),
            ("credential", cmd!(only!(0x3ff), Always, NEVER, ["credentials"], [], [])),
            ("profile", cmd!(only!(0x3fe), Always, NEVER, ["profiles"], [
                flag!(Some(B("port")), None, true, false, only!(0x1e), only!(0x1e), []),], [])),
            ("template", cmd!(only!(0x3ff), Always, NEVER, ["templates"], [
                flag!(Some(B("provider")), None, true, false, Always, Always, []),
                flag!(Some(B("list-parameters")), None, false, false, Always, Always, []),
                flag!(Some(B("list-profiles")), None, false, false, only!(0x3fe), only!(0x3fe), []),], [
                ("terraform", cmd!(only!(0x3e0), Always, NEVER, [], [
                    flag!(Some(B("list-parameters")), None, false, false, Always, Always, []),], [])),])),])),
        ("help", cmd!(only!(0xffffffffffff), Always, NEVER, [], [], [])),
        ("install", cmd!(only!(0x7), Always, NEVER, [], [
            flag!(Some(B("config-repo")), None, true, false, Always, Always, []),
            flag!(Some(B("auto-merge")), None, false, false, only!(0x6), only!(0x6), []),
            flag!(Some(B("dry-run")), None, false, false, Always, Always, []),], [])),
        ("logs", cmd!(only!(0xfffffff80000), NEVER, NEVER, [], [], [
            ("terraform", cmd!(only!(0xfffffff80000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0xffffff000000), only!(0xffffff000000), []),], [])),])),
        ("remove", cmd!(only!(0x1fffffff8000), NEVER, NEVER, [], [], [
            ("run", cmd!(only!(0x1fffffff8000), Always, NEVER, [], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("all-sessions")), None, false, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x1fffff000000), only!(0x1fffff000000), []),
                flag!(Some(B("no-session")), None, false, false, only!(0x1ffffc000000), only!(0x1ffffc000000), []),], [])),])),
        ("replan", cmd!(only!(0xfffffff80000), NEVER, NEVER, [], [], [
            ("terraform", cmd!(only!(0xfffffff80000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0xffffff000000), only!(0xffffff000000), []),], [])),])),
        ("resume", cmd!(only!(0xfffffff80007), NEVER, NEVER, [], [], [
            ("app", cmd!(only!(0x7), Always, NEVER, [], [], [])),
            ("terraform", cmd!(only!(0xfffffff80000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0xffffff000000), only!(0xffffff000000), []),], [])),])),
        ("run", cmd!(only!(0x1fffffe00000), Always, NEVER, [], [
            flag!(Some(B("allow-k8s-context")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
            flag!(Some(B("components")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
            flag!(Some(B("components-extra")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
            flag!(Some(B("context")), None, true, false, Always, Always, []),
            flag!(Some(B("dashboard-hashed-password")), None, true, false, Always, Always, []),
            flag!(Some(B("dashboard-image")), None, true, false, Always, Always, []),
            flag!(Some(B("dashboard-port")), None, true, false, Always, Always, []),
            flag!(Some(B("decryption-key-file")), None, true, false, Always, Always, []),
            flag!(Some(B("flux-version")), None, true, false, Always, Always, []),
            flag!(Some(B("port-forward")), None, true, false, Always, Always, []),
            flag!(Some(B("root-dir")), None, true, false, Always, Always, []),
            flag!(Some(B("session-name")), None, true, false, Always, Always, []),
            flag!(Some(B("session-namespace")), None, true, false, Always, Always, []),
            flag!(Some(B("timeout")), None, true, false, Always, Always, [(Kind::Duration, Always)]),
            flag!(Some(B("values")), None, true, false, only!(0x100000000000), only!(0x100000000000), [(Kind::StringSlice, Always)]),
            flag!(Some(B("x-session-name")), None, true, false, Always, Always, []),
            flag!(Some(B("disable-compression")), None, false, false, only!(0x1fffff000000), only!(0x1fffff000000), []),
            flag!(Some(B("no-bootstrap")), None, false, false, Always, Always, []),
            flag!(Some(B("no-session")), None, false, false, Always, Always, []),
            flag!(Some(B("skip-dashboard-install")), None, false, false, Always, Always, []),
            flag!(Some(B("skip-resource-cleanup")), None, false, false, Always, Always, []),], [])),
        ("set", cmd!(only!(0xffffffffe000), NEVER, NEVER, [], [], [
            ("config", cmd!(only!(0xffffffffe000), Always, NEVER, [], [], [])),])),
        ("suspend", cmd!(only!(0xfffffff80007), NEVER, NEVER, [], [], [
            ("app", cmd!(only!(0x7), Always, NEVER, [], [], [])),
            ("terraform", cmd!(only!(0xfffffff80000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0xffffff000000), only!(0xffffff000000), []),], [])),])),
        ("ui", cmd!(only!(0x7), NEVER, NEVER, [], [], [
            ("run", cmd!(only!(0x7), Always, NEVER, [], [
                flag!(Some(B("helm-repo-name")), None, true, false, Always, Always, []),
                flag!(Some(B("helm-repo-namespace")), None, true, false, Always, Always, []),
                flag!(Some(B("oidc-client-id")), None, true, false, only!(0x6), only!(0x6), []),
                flag!(Some(B("oidc-client-secret")), None, true, false, only!(0x6), only!(0x6), []),
                flag!(Some(B("oidc-cookie-duration")), None, true, false, only!(0x6), only!(0x6), [(Kind::Duration, Always)]),
                flag!(Some(B("oidc-issuer-url")), None, true, false, only!(0x6), only!(0x6), []),
                flag!(Some(B("oidc-redirect-url")), None, true, false, only!(0x6), only!(0x6), []),
                flag!(Some(B("path")), None, true, false, Always, Always, []),
                flag!(Some(B("port")), None, true, false, Always, Always, []),
                flag!(Some(B("profile-cache-location")), None, true, false, only!(0x6), only!(0x6), []),
                flag!(Some(B("watcher-healthz-bind-address")), None, true, false, only!(0x6), only!(0x6), []),
                flag!(Some(B("watcher-metrics-bind-address")), None, true, false, only!(0x6), only!(0x6), []),
                flag!(Some(B("watcher-port")), None, true, false, only!(0x6), only!(0x6), [(Kind::Int, Always)]),
                flag!(Some(B("log")), Some(b'l'), false, false, Always, Always, []),], [])),])),
        ("uninstall", cmd!(only!(0x7), Always, NEVER, [], [
            flag!(Some(B("dry-run")), None, false, false, Always, Always, []),
            flag!(Some(B("force")), None, false, false, Always, Always, []),], [])),
        ("update", cmd!(only!(0x3f8), NEVER, NEVER, [], [], [
            ("profile", cmd!(only!(0x3f8), Always, NEVER, [], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("cluster")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("config-repo")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("kubeconfig")), None, true, false, only!(0x18), only!(0x18), []),
                flag!(Some(B("name")), None, true, false, Always, Always, []),
                flag!(Some(B("profiles-port")), None, true, false, only!(0x18), only!(0x18), []),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("version")), None, true, false, Always, Always, []),
                flag!(Some(B("auto-merge")), None, false, false, Always, Always, []),], [])),])),
        ("upgrade", cmd!(only!(0x3ff), Always, NEVER, [], [
            flag!(Some(B("base")), None, true, true, Always, Always, []),
            flag!(Some(B("branch")), None, true, true, Always, Always, []),
            flag!(Some(B("commit-message")), None, true, true, Always, Always, []),
            flag!(Some(B("config-repo")), None, true, true, Always, Always, []),
            flag!(Some(B("path")), None, true, true, only!(0x3f8), only!(0x3f8), []),
            flag!(Some(B("set")), None, true, true, Always, Always, [(Kind::Any, Always)]),
            flag!(Some(B("version")), None, true, true, Always, Always, []),
            flag!(Some(B("dry-run")), None, false, true, Always, Always, []),], [])),
        ("version", cmd!(only!(0xffffffffffff), Always, NEVER, [], [], [])),]),
    releases: Releases {
        tags: B(&[B("v0.6.0"), B("v0.6.1"), B("v0.6.2"), B("v0.7.0"), B("v0.8.0"), B("v0.8.1"), B("v0.9.0"), B("v0.9.1"), B("v0.9.2"), B("v0.9.3"), B("v0.9.4"), B("v0.9.5"), B("v0.9.6"), B("v0.10.0"), B("v0.10.1"), B("v0.10.2"), B("v0.11.0"), B("v0.12.0"), B("v0.13.0"), B("v0.14.1"), B("v0.15.0"), B("v0.16.0"), B("v0.17.0"), B("v0.18.0"), B("v0.19.0"), B("v0.20.0"), B("v0.21.0"), B("v0.21.1"), B("v0.21.2"), B("v0.22.0"), B("v0.23.0"), B("v0.24.0"), B("v0.25.0"), B("v0.26.0"), B("v0.27.0"), B("v0.28.0"), B("v0.29.0"), B("v0.30.0"), B("v0.31.0"), B("v0.31.1"), B("v0.31.2"), B("v0.32.0"), B("v0.33.0"), B("v0.34.0"), B("v0.35.0"), B("v0.36.0"), B("v0.37.0"), B("v0.38.0"), ]),
        skips_flag_values: B(&[false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, true, true, true, true, true, true, true, true, true, true, true, true, ]),
    },
    help: B(&[
        flag!(Some(B("help")), Some(b'h'), false, false, Always, Always, []),]),
    lenient_flags: false,
};
