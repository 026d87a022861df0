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

/// The weave-gitops CLI's tree (`assets/commands.toml`).
pub(crate) const TREE: Tree = Tree {
    root: cmd!(only!(0x3ffffffffffff), NEVER, NEVER, [], [
        flag!(Some(B("endpoint")), Some(b'e'), true, true, Always, Always, []),
        flag!(Some(B("git-host-types")), None, true, true, Always, Always, [(Kind::StringToString, Always)]),
        flag!(Some(B("kubeconfig")), None, true, true, only!(0x3ffffffffff80), only!(0x3ffffffffff80), []),
        flag!(Some(B("namespace")), Some(b'n'), true, true, Always, only!(0x3fffffff00000), []),
        flag!(Some(B("password")), Some(b'p'), true, true, only!(0x3ffffffffffe0), only!(0x3ffffffffffe0), []),
        flag!(Some(B("username")), Some(b'u'), true, true, only!(0x3ffffffffffe0), only!(0x3ffffffffffe0), []),
        flag!(Some(B("insecure-skip-tls-verify")), None, false, true, only!(0x3fffffffffff8), only!(0x3fffffffffff8), []),
        flag!(Some(B("no-analytics")), None, false, true, only!(0x3ffffffe00000), only!(0x3ffffffe00000), []),
        flag!(Some(B("override-in-cluster")), None, false, true, Always, Always, []),
        flag!(Some(B("verbose")), Some(b'v'), false, true, only!(0x1f), only!(0x1f), []),], [
        ("__complete", cmd!(only!(0x3ffffffffffff), Always, Always, ["__completeNoDesc"], [], [])),
        ("add", cmd!(only!(0xfff), NEVER, NEVER, [], [], [
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
            ("cluster", cmd!(only!(0xfff), Always, NEVER, [], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("from-template")), None, true, false, Always, Always, []),
                flag!(Some(B("profile")), None, true, false, only!(0xffe), only!(0xffe), [(Kind::Any, Always)]),
                flag!(Some(B("set")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("set-credentials")), None, true, false, Always, Always, []),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("url")), None, true, false, Always, Always, []),
                flag!(Some(B("dry-run")), None, false, false, Always, Always, []),], [])),
            ("profile", cmd!(only!(0xff8), Always, NEVER, [], [
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
            ("terraform", cmd!(only!(0xfe0), Always, NEVER, [], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("from-template")), None, true, false, Always, Always, []),
                flag!(Some(B("set")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("url")), None, true, false, Always, Always, []),], [])),])),
        ("beta", cmd!(only!(0x7fffffffff87), NEVER, NEVER, [], [
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
            ("run", cmd!(only!(0x7fffffffff80), Always, NEVER, [], [
                flag!(Some(B("allow-k8s-context")), None, true, false, Always, Always, [(Kind::Any, only!(0x7f80)), (Kind::StringSlice, only!(0x7fffffff8000))]),
                flag!(Some(B("components")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("components-extra")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("dashboard-hashed-password")), None, true, false, only!(0x7fffffff8000), only!(0x7fffffff8000), []),
                flag!(Some(B("dashboard-image")), None, true, false, only!(0x7ffffff00000), only!(0x7ffffff00000), []),
                flag!(Some(B("dashboard-port")), None, true, false, only!(0x7fffffffff00), only!(0x7fffffffff00), []),
                flag!(Some(B("decryption-key-file")), None, true, false, only!(0x7fffffc00000), only!(0x7fffffc00000), []),
                flag!(Some(B("flux-version")), None, true, false, Always, Always, []),
                flag!(Some(B("port-forward")), None, true, false, only!(0x7fffffffff00), only!(0x7fffffffff00), []),
                flag!(Some(B("root-dir")), None, true, false, only!(0x7fffffffff00), only!(0x7fffffffff00), []),
                flag!(Some(B("session-name")), None, true, false, only!(0x7fffffff8000), only!(0x7fffffff8000), []),
                flag!(Some(B("session-namespace")), None, true, false, only!(0x7fffffff8000), only!(0x7fffffff8000), []),
                flag!(Some(B("timeout")), None, true, false, Always, Always, [(Kind::Duration, Always)]),
                flag!(Some(B("values")), None, true, false, only!(0x400000000000), only!(0x400000000000), [(Kind::StringSlice, Always)]),
                flag!(Some(B("x-session-name")), None, true, false, only!(0x7ffffffc0000), only!(0x7ffffffc0000), []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x7ffffc000000), only!(0x7ffffc000000), []),
                flag!(Some(B("no-bootstrap")), None, false, false, only!(0x7fffffff8000), only!(0x7fffffff8000), []),
                flag!(Some(B("no-session")), None, false, false, only!(0x7fffffff8000), only!(0x7fffffff8000), []),
                flag!(Some(B("skip-dashboard-install")), None, false, false, only!(0x7ffffff80000), only!(0x7ffffff80000), []),
                flag!(Some(B("skip-resource-cleanup")), None, false, false, only!(0x7fffffff8000), only!(0x7fffffff8000), []),], [])),])),
        ("check", cmd!(only!(0x3fffffffffffe), Always, NEVER, [], [
            flag!(Some(B("pre")), Some(b'p'), false, false, only!(0x1e), only!(0x1e), []),], [
            ("oidc-config", cmd!(only!(0x2000000000000), Always, NEVER, [], [
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
        ("completion", cmd!(only!(0x3ffffffffffff), NEVER, NEVER, [], [], [
            ("bash", cmd!(only!(0x3ffffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),
            ("fish", cmd!(only!(0x3ffffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),
            ("powershell", cmd!(only!(0x3ffffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),
            ("zsh", cmd!(only!(0x3ffffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),])),
        ("create", cmd!(only!(0x3fffffffff180), NEVER, NEVER, [], [
            flag!(Some(B("timeout")), None, true, true, only!(0x3fffffffff000), only!(0x3fffffffff000), [(Kind::Duration, Always)]),
            flag!(Some(B("export")), None, false, true, only!(0x3fffffffff000), only!(0x3fffffffff000), []),], [
            ("dashboard", cmd!(only!(0x3fffffffff000), Always, NEVER, [], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("password")), None, true, false, Always, Always, []),
                flag!(Some(B("username")), None, true, false, Always, Always, []),
                flag!(Some(B("values")), None, true, false, only!(0x3c00000000000), only!(0x3c00000000000), [(Kind::StringSlice, Always)]),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x3fffffc000000), only!(0x3fffffc000000), []),], [])),
            ("tenants", cmd!(only!(0x180), Always, NEVER, [], [
                flag!(Some(B("from-file")), None, true, false, Always, Always, []),
                flag!(Some(B("name")), None, true, false, Always, Always, []),
                flag!(Some(B("namespace")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("export")), None, false, false, Always, Always, []),], [])),
            ("terraform", cmd!(only!(0x3ffffffe00000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("interval")), None, true, false, Always, Always, []),
                flag!(Some(B("path")), None, true, false, Always, Always, []),
                flag!(Some(B("source")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x3fffffc000000), only!(0x3fffffc000000), []),], [])),])),
        ("delete", cmd!(only!(0x3ffffffe00fff), NEVER, NEVER, [], [], [
            ("app", cmd!(only!(0x7), Always, NEVER, [], [
                flag!(Some(B("auto-merge")), None, false, false, Always, Always, []),
                flag!(Some(B("dry-run")), None, false, false, Always, Always, []),], [])),
            ("cluster", cmd!(only!(0xfff), Always, NEVER, ["clusters"], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("url")), None, true, false, Always, Always, []),], [])),
            ("terraform", cmd!(only!(0x3ffffffe00000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x3fffffc000000), only!(0x3fffffc000000), []),], [])),])),
        ("docs", cmd!(only!(0x3ffffffffffff), Always, NEVER, [], [
            flag!(Some(B("directory")), Some(b'd'), true, false, Always, Always, []),], [])),
        ("flux", cmd!(only!(0x7), Always, Always, [], [], [
            ("status", cmd!(only!(0x7), Always, NEVER, [], [], [])),])),
        ("get", cmd!(only!(0x3ffffffffffff), NEVER, NEVER, [], [], [
            ("app", cmd!(only!(0x7), Always, NEVER, ["apps"], [], [])),
            ("bcrypt-hash", cmd!(only!(0x3ffffffffff80), Always, NEVER, [], [], [])),
            ("cluster", cmd!(only!(0xfff), Always, NEVER, ["clusters"], [
                flag!(Some(B("kubeconfig")), None, false, true, only!(0x7f), only!(0x7f), []),
                flag!(Some(B("print-kubeconfig")), None, false, true, only!(0xf80), only!(0xf80), []),], [])),
            ("commits", cmd!(only!(0x7), Always, NEVER, [], [], [])),
            ("config", cmd!(only!(0x3ffffffff8000), Always, NEVER, [], [], [])),
            ("credential", cmd!(only!(0xfff), Always, NEVER, ["credentials"], [], [])),
            ("profile", cmd!(only!(0xffe), Always, NEVER, ["profiles"], [
                flag!(Some(B("port")), None, true, false, only!(0x1e), only!(0x1e), []),], [])),
            ("template", cmd!(only!(0xfff), Always, NEVER, ["templates"], [
                flag!(Some(B("provider")), None, true, false, Always, Always, []),
                flag!(Some(B("list-parameters")), None, false, false, Always, Always, []),
                flag!(Some(B("list-profiles")), None, false, false, only!(0xffe), only!(0xffe), []),], [
                ("terraform", cmd!(only!(0xfe0), Always, NEVER, [], [
                    flag!(Some(B("list-parameters")), None, false, false, Always, Always, []),], [])),])),])),
        ("help", cmd!(only!(0x3ffffffffffff), Always, NEVER, [], [], [])),
        ("install", cmd!(only!(0x7), Always, NEVER, [], [
            flag!(Some(B("config-repo")), None, true, false, Always, Always, []),
            flag!(Some(B("auto-merge")), None, false, false, only!(0x6), only!(0x6), []),
            flag!(Some(B("dry-run")), None, false, false, Always, Always, []),], [])),
        ("logs", cmd!(only!(0x3ffffffe00000), NEVER, NEVER, [], [], [
            ("terraform", cmd!(only!(0x3ffffffe00000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x3fffffc000000), only!(0x3fffffc000000), []),], [])),])),
        ("remove", cmd!(only!(0x7ffffffe0000), NEVER, NEVER, [], [], [
            ("run", cmd!(only!(0x7ffffffe0000), Always, NEVER, [], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("all-sessions")), None, false, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x7ffffc000000), only!(0x7ffffc000000), []),
                flag!(Some(B("no-session")), None, false, false, only!(0x7ffff0000000), only!(0x7ffff0000000), []),], [])),])),
        ("replan", cmd!(only!(0x3ffffffe00000), NEVER, NEVER, [], [], [
            ("terraform", cmd!(only!(0x3ffffffe00000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x3fffffc000000), only!(0x3fffffc000000), []),], [])),])),
        ("resume", cmd!(only!(0x3ffffffe00007), NEVER, NEVER, [], [], [
            ("app", cmd!(only!(0x7), Always, NEVER, [], [], [])),
            ("terraform", cmd!(only!(0x3ffffffe00000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x3fffffc000000), only!(0x3fffffc000000), []),], [])),])),
        ("run", cmd!(only!(0x7fffff800000), Always, NEVER, [], [
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
            flag!(Some(B("values")), None, true, false, only!(0x400000000000), only!(0x400000000000), [(Kind::StringSlice, Always)]),
            flag!(Some(B("x-session-name")), None, true, false, Always, Always, []),
            flag!(Some(B("disable-compression")), None, false, false, only!(0x7ffffc000000), only!(0x7ffffc000000), []),
            flag!(Some(B("no-bootstrap")), None, false, false, Always, Always, []),
            flag!(Some(B("no-session")), None, false, false, Always, Always, []),
            flag!(Some(B("skip-dashboard-install")), None, false, false, Always, Always, []),
            flag!(Some(B("skip-resource-cleanup")), None, false, false, Always, Always, []),], [])),
        ("set", cmd!(only!(0x3ffffffff8000), NEVER, NEVER, [], [], [
            ("config", cmd!(only!(0x3ffffffff8000), Always, NEVER, [], [], [])),])),
        ("suspend", cmd!(only!(0x3ffffffe00007), NEVER, NEVER, [], [], [
            ("app", cmd!(only!(0x7), Always, NEVER, [], [], [])),
            ("terraform", cmd!(only!(0x3ffffffe00000), Always, NEVER, ["tf"], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x3fffffc000000), only!(0x3fffffc000000), []),], [])),])),
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
        ("update", cmd!(only!(0xff8), NEVER, NEVER, [], [], [
            ("profile", cmd!(only!(0xff8), Always, NEVER, [], [
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
        ("upgrade", cmd!(only!(0xfff), Always, NEVER, [], [
            flag!(Some(B("base")), None, true, true, Always, Always, []),
            flag!(Some(B("branch")), None, true, true, Always, Always, []),
            flag!(Some(B("commit-message")), None, true, true, Always, Always, []),
            flag!(Some(B("config-repo")), None, true, true, Always, Always, []),
            flag!(Some(B("path")), None, true, true, only!(0xff8), only!(0xff8), []),
            flag!(Some(B("set")), None, true, true, Always, Always, [(Kind::Any, Always)]),
            flag!(Some(B("version")), None, true, true, Always, Always, []),
            flag!(Some(B("dry-run")), None, false, true, Always, Always, []),], [])),
        ("version", cmd!(only!(0x3ffffffffffff), Always, NEVER, [], [], [])),]),
    releases: Releases {
        tags: B(&[B("v0.6.0"), B("v0.6.1"), B("v0.6.2"), B("v0.7.0"), B("v0.8.0"), B("v0.8.1"), B("v0.9.0"), B("v0.9.1-rc.1"), B("v0.9.1-rc.2"), B("v0.9.1"), B("v0.9.2"), B("v0.9.3"), B("v0.9.4"), B("v0.9.5"), B("v0.9.6"), B("v0.10.0"), B("v0.10.1"), B("v0.10.2"), B("v0.11.0"), B("v0.12.0"), B("v0.13.0"), B("v0.14.1"), B("v0.15.0"), B("v0.16.0"), B("v0.17.0"), B("v0.18.0"), B("v0.19.0"), B("v0.20.0"), B("v0.21.0"), B("v0.21.1"), B("v0.21.2"), B("v0.22.0"), B("v0.23.0"), B("v0.24.0"), B("v0.25.0"), B("v0.26.0"), B("v0.27.0"), B("v0.28.0"), B("v0.29.0"), B("v0.30.0"), B("v0.31.0"), B("v0.31.1"), B("v0.31.2"), B("v0.32.0"), B("v0.33.0"), B("v0.34.0"), B("v0.35.0"), B("v0.36.0"), B("v0.37.0"), B("v0.38.0"), ]),
        skips_flag_values: B(&[false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, true, true, true, true, true, true, true, true, true, true, true, true, ]),
    },
    help: B(&[
        flag!(Some(B("help")), Some(b'h'), false, false, Always, Always, []),]),
    lenient_flags: false,
};

/// The enterprise CLI's tree (`assets/commands-enterprise.toml`).
pub(crate) const ENTERPRISE_TREE: Tree = Tree {
    root: cmd!(only!(0x3ffffffffff), NEVER, NEVER, [], [
        flag!(Some(B("endpoint")), Some(b'e'), true, true, only!(0x3fffffffffe), only!(0x3fffffffffe), []),
        flag!(Some(B("git-host-types")), None, true, true, only!(0x3fffffffffe), only!(0x3fffffffffe), [(Kind::StringToString, Always)]),
        flag!(Some(B("kubeconfig")), None, true, true, only!(0x3fffffffffe), only!(0x3fffffffffe), []),
        flag!(Some(B("namespace")), Some(b'n'), true, true, only!(0x3fffffffffe), only!(0x3fffe000000), []),
        flag!(Some(B("password")), Some(b'p'), true, true, only!(0x3fffffffffe), only!(0x3fffffffffe), []),
        flag!(Some(B("username")), Some(b'u'), true, true, only!(0x3fffffffffe), only!(0x3fffffffffe), []),
        flag!(Some(B("insecure-skip-tls-verify")), None, false, true, only!(0x3fffffffffe), only!(0x3fffffffffe), []),
        flag!(Some(B("override-in-cluster")), None, false, true, only!(0x3fffffffffe), only!(0x3fffffffffe), []),], [
        ("__complete", cmd!(only!(0x3ffffffffff), Always, Always, ["__completeNoDesc"], [], [])),
        ("add", cmd!(only!(0x3fffffffffe), NEVER, NEVER, [], [], [
            ("cluster", cmd!(only!(0x3fffffffffe), Always, NEVER, [], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("from-template")), None, true, false, Always, Always, []),
                flag!(Some(B("profile")), None, true, false, Always, Always, [(Kind::Any, Always)]),
                flag!(Some(B("set")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("set-credentials")), None, true, false, Always, Always, []),
                flag!(Some(B("template-namespace")), None, true, false, only!(0x3ffffffffe0), only!(0x3ffffffffe0), []),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("url")), None, true, false, Always, Always, []),
                flag!(Some(B("dry-run")), None, false, false, Always, Always, []),], [])),
            ("profile", cmd!(only!(0x3fffffffffe), Always, NEVER, [], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("cluster")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("config-repo")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("helm-repo-name")), None, true, false, only!(0x3ffffffff00), only!(0x3ffffffff00), []),
                flag!(Some(B("helm-repo-namespace")), None, true, false, only!(0x3ffffffff00), only!(0x3ffffffff00), []),
                flag!(Some(B("name")), None, true, false, Always, Always, []),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("version")), None, true, false, Always, Always, []),
                flag!(Some(B("auto-merge")), None, false, false, only!(0x7fffffffe), only!(0x7fffffffe), []),], [])),
            ("terraform", cmd!(only!(0x3fffffffffe), Always, NEVER, [], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("from-template")), None, true, false, Always, Always, []),
                flag!(Some(B("set")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("template-namespace")), None, true, false, only!(0x3ffffffffe0), only!(0x3ffffffffe0), []),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("url")), None, true, false, Always, Always, []),], [])),])),
        ("beta", cmd!(only!(0x3ffffffffe), NEVER, NEVER, [], [], [
            ("run", cmd!(only!(0x3ffffffffe), Always, NEVER, [], [
                flag!(Some(B("allow-k8s-context")), None, true, false, Always, Always, [(Kind::Any, only!(0x1e)), (Kind::StringSlice, only!(0x3fffffffe0))]),
                flag!(Some(B("components")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("components-extra")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("dashboard-hashed-password")), None, true, false, only!(0x3fffffffe0), only!(0x3fffffffe0), []),
                flag!(Some(B("dashboard-image")), None, true, false, only!(0x3ffffffe00), only!(0x3ffffffe00), []),
                flag!(Some(B("dashboard-port")), None, true, false, Always, Always, []),
                flag!(Some(B("decryption-key-file")), None, true, false, only!(0x3ffffff000), only!(0x3ffffff000), []),
                flag!(Some(B("flux-version")), None, true, false, Always, Always, []),
                flag!(Some(B("port-forward")), None, true, false, Always, Always, []),
                flag!(Some(B("root-dir")), None, true, false, Always, Always, []),
                flag!(Some(B("session-name")), None, true, false, only!(0x3fffffffe0), only!(0x3fffffffe0), []),
                flag!(Some(B("session-namespace")), None, true, false, only!(0x3fffffffe0), only!(0x3fffffffe0), []),
                flag!(Some(B("timeout")), None, true, false, Always, Always, [(Kind::Duration, Always)]),
                flag!(Some(B("values")), None, true, false, only!(0x2000000000), only!(0x2000000000), [(Kind::StringSlice, Always)]),
                flag!(Some(B("x-session-name")), None, true, false, only!(0x3fffffff80), only!(0x3fffffff80), []),
                flag!(Some(B("disable-compression")), None, false, false, only!(0x3ffffc0000), only!(0x3ffffc0000), []),
                flag!(Some(B("no-bootstrap")), None, false, false, only!(0x3fffffffe0), only!(0x3fffffffe0), []),
                flag!(Some(B("no-session")), None, false, false, only!(0x3fffffffe0), only!(0x3fffffffe0), []),
                flag!(Some(B("skip-dashboard-install")), None, false, false, only!(0x3fffffff00), only!(0x3fffffff00), []),
                flag!(Some(B("skip-resource-cleanup")), None, false, false, only!(0x3fffffffe0), only!(0x3fffffffe0), []),], [])),])),
        ("bootstrap", cmd!(only!(0x3f800000000), Always, NEVER, [], [
            flag!(Some(B("components-extra")), None, true, false, only!(0x30000000000), only!(0x30000000000), [(Kind::StringSlice, Always)]),
            flag!(Some(B("domain")), Some(b'd'), true, false, only!(0xf800000000), only!(0xf800000000), []),
            flag!(Some(B("domain-type")), Some(b't'), true, false, only!(0xf800000000), only!(0xf800000000), []),
            flag!(Some(B("password")), Some(b'p'), true, false, only!(0x1800000000), only!(0x1800000000), []),
            flag!(Some(B("username")), Some(b'u'), true, false, only!(0x1800000000), only!(0x1800000000), []),
            flag!(Some(B("version")), Some(b'v'), true, false, Always, Always, []),
            flag!(Some(B("branch")), Some(b'b'), true, true, only!(0x3c000000000), only!(0x3c000000000), []),
            flag!(Some(B("client-id")), Some(b'i'), true, true, only!(0x3e000000000), only!(0x3e000000000), []),
            flag!(Some(B("client-secret")), Some(b's'), true, true, only!(0x2000000000), only!(0x2000000000), []),
            flag!(Some(B("discovery-url")), None, true, true, only!(0x3e000000000), only!(0x3e000000000), []),
            flag!(Some(B("git-password")), None, true, true, only!(0x3c000000000), only!(0x3c000000000), []),
            flag!(Some(B("git-username")), None, true, true, only!(0x3c000000000), only!(0x3c000000000), []),
            flag!(Some(B("private-key")), Some(b'k'), true, true, Always, Always, []),
            flag!(Some(B("private-key-password")), Some(b'c'), true, true, Always, Always, []),
            flag!(Some(B("repo-path")), Some(b'r'), true, true, only!(0x3c000000000), only!(0x3c000000000), []),
            flag!(Some(B("repo-url")), None, true, true, only!(0x3c000000000), only!(0x3c000000000), []),
            flag!(Some(B("bootstrap-flux")), Some(b's'), false, true, only!(0xc000000000), only!(0xc000000000), []),
            flag!(Some(B("export")), None, false, true, only!(0x20000000000), only!(0x20000000000), []),
            flag!(Some(B("silent")), Some(b's'), false, true, only!(0x30000000000), only!(0x30000000000), []),], [
            ("auth", cmd!(only!(0x3e000000000), Always, NEVER, [], [
                flag!(Some(B("type")), Some(b't'), true, false, Always, Always, []),], [])),])),
        ("check", cmd!(only!(0x3fffffffffe), Always, NEVER, [], [], [
            ("oidc-config", cmd!(only!(0x30000000000), Always, NEVER, [], [
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
        ("completion", cmd!(only!(0x3ffffffffff), NEVER, NEVER, [], [], [
            ("bash", cmd!(only!(0x3ffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),
            ("fish", cmd!(only!(0x3ffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),
            ("powershell", cmd!(only!(0x3ffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),
            ("zsh", cmd!(only!(0x3ffffffffff), Always, NEVER, [], [
                flag!(Some(B("no-descriptions")), None, false, false, Always, Always, []),], [])),])),
        ("connect", cmd!(only!(0x3ff00000000), NEVER, NEVER, [], [], [
            ("cluster", cmd!(only!(0x3ff00000000), Always, NEVER, ["clusters"], [
                flag!(Some(B("cluster-role-binding")), None, true, false, Always, Always, []),
                flag!(Some(B("connect-context")), None, true, false, Always, Always, []),
                flag!(Some(B("debug")), Some(b'd'), true, false, Always, Always, []),
                flag!(Some(B("namespace")), Some(b'n'), true, false, Always, Always, []),
                flag!(Some(B("service-account")), None, true, false, Always, Always, []),], [])),])),
        ("create", cmd!(only!(0x3ffffffffff), NEVER, NEVER, [], [], [
            ("template", cmd!(only!(0x3fffffffe00), Always, NEVER, [], [
                flag!(Some(B("config")), None, true, false, only!(0x3fffffff000), only!(0x3fffffff000), []),
                flag!(Some(B("helm-repo-name")), None, true, false, only!(0x3fffffff000), only!(0x3fffffff000), []),
                flag!(Some(B("output-dir")), None, true, false, only!(0x3fffffff000), only!(0x3fffffff000), []),
                flag!(Some(B("profiles")), None, true, false, only!(0x3fffffff000), only!(0x3fffffff000), [(Kind::Any, Always)]),
                flag!(Some(B("template-file")), None, true, false, only!(0x3fffffff000), only!(0x3fffffff000), []),
                flag!(Some(B("values")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("export")), None, false, false, Always, Always, []),], [])),
            ("tenants", cmd!(only!(0x3ffffffffff), Always, NEVER, [], [
                flag!(Some(B("from-file")), None, true, false, Always, Always, []),
                flag!(Some(B("name")), None, true, false, Always, Always, []),
                flag!(Some(B("namespace")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("export")), None, false, false, Always, Always, []),
                flag!(Some(B("prune")), None, false, false, only!(0x3fffffffff8), only!(0x3fffffffff8), []),
                flag!(Some(B("skip-preflight-checks")), None, false, false, only!(0x3fffffffffe), only!(0x3fffffffffe), []),], [])),])),
        ("delete", cmd!(only!(0x3fffffffffe), NEVER, NEVER, [], [], [
            ("cluster", cmd!(only!(0x3fffffffffe), Always, NEVER, ["clusters"], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("url")), None, true, false, Always, Always, []),], [])),])),
        ("disconnect", cmd!(only!(0x3e000000000), NEVER, NEVER, [], [], [
            ("cluster", cmd!(only!(0x3e000000000), Always, NEVER, ["clusters"], [
                flag!(Some(B("cluster-role-binding")), None, true, false, Always, Always, []),
                flag!(Some(B("connect-context")), None, true, false, Always, Always, []),
                flag!(Some(B("debug")), Some(b'd'), true, false, Always, Always, []),
                flag!(Some(B("namespace")), Some(b'n'), true, false, Always, Always, []),
                flag!(Some(B("service-account")), None, true, false, Always, Always, []),], [])),])),
        ("docs", cmd!(only!(0x3fffffffffe), Always, NEVER, [], [
            flag!(Some(B("directory")), Some(b'd'), true, false, Always, Always, []),], [])),
        ("generate", cmd!(only!(0x3fffe000000), NEVER, NEVER, [], [], [
            ("gitopsset", cmd!(only!(0x3fffe000000), Always, NEVER, [], [
                flag!(Some(B("enabled-generators")), None, true, false, Always, Always, [(Kind::StringSlice, Always)]),
                flag!(Some(B("repository-root")), None, true, false, only!(0x3fff0000000), only!(0x3fff0000000), []),
                flag!(Some(B("disable-cluster-access")), Some(b'd'), false, false, Always, Always, []),], [])),])),
        ("get", cmd!(only!(0x3fffffffffe), NEVER, NEVER, [], [], [
            ("bcrypt-hash", cmd!(only!(0x3fffffffffe), Always, NEVER, [], [], [])),
            ("cluster", cmd!(only!(0x3fffffffffe), Always, NEVER, ["clusters"], [
                flag!(Some(B("print-kubeconfig")), None, false, true, Always, Always, []),], [])),
            ("config", cmd!(only!(0x3ffffffff80), Always, NEVER, [], [], [])),
            ("credential", cmd!(only!(0x3fffffffffe), Always, NEVER, ["credentials"], [], [])),
            ("profile", cmd!(only!(0x3fffffffffe), Always, NEVER, ["profiles"], [
                flag!(Some(B("cluster-name")), None, true, false, only!(0x3ffffffff00), only!(0x3ffffffff00), []),
                flag!(Some(B("cluster-namespace")), None, true, false, only!(0x3ffffffff00), only!(0x3ffffffff00), []),
                flag!(Some(B("kind")), None, true, false, only!(0x3ffffffff00), only!(0x3ffffffff00), []),
                flag!(Some(B("repo-kind")), None, true, false, only!(0x3ffffffff00), only!(0x3ffffffff00), []),
                flag!(Some(B("repo-name")), None, true, false, only!(0x3ffffffff00), only!(0x3ffffffff00), []),
                flag!(Some(B("repo-namespace")), None, true, false, only!(0x3ffffffff00), only!(0x3ffffffff00), []),], [])),
            ("template", cmd!(only!(0x3fffffffffe), Always, NEVER, ["templates"], [
                flag!(Some(B("provider")), None, true, false, Always, Always, []),
                flag!(Some(B("template-kind")), None, true, false, only!(0x3fffffffe00), only!(0x3fffffffe00), []),
                flag!(Some(B("template-namespace")), None, true, false, only!(0x3ffffffffe0), only!(0x3ffffffffe0), []),
                flag!(Some(B("list-parameters")), None, false, false, Always, Always, []),
                flag!(Some(B("list-profiles")), None, false, false, Always, Always, []),], [
                ("terraform", cmd!(only!(0x3fffffffffe), Always, NEVER, [], [
                    flag!(Some(B("template-namespace")), None, true, false, only!(0x3ffffffffe0), only!(0x3ffffffffe0), []),
                    flag!(Some(B("list-parameters")), None, false, false, Always, Always, []),], [])),])),])),
        ("help", cmd!(only!(0x3ffffffffff), Always, NEVER, [], [], [])),
        ("remove", cmd!(only!(0x3ffe000000), NEVER, NEVER, [], [], [
            ("run", cmd!(only!(0x3ffe000000), Always, NEVER, [], [
                flag!(Some(B("context")), None, true, false, Always, Always, []),
                flag!(Some(B("all-sessions")), None, false, false, Always, Always, []),
                flag!(Some(B("disable-compression")), None, false, false, Always, Always, []),
                flag!(Some(B("no-session")), None, false, false, Always, Always, []),], [])),])),
        ("set", cmd!(only!(0x3ffffffff80), NEVER, NEVER, [], [], [
            ("config", cmd!(only!(0x3ffffffff80), Always, NEVER, [], [], [])),])),
        ("update", cmd!(only!(0x3fffffffffe), NEVER, NEVER, [], [], [
            ("profile", cmd!(only!(0x3fffffffffe), Always, NEVER, [], [
                flag!(Some(B("base")), None, true, false, Always, Always, []),
                flag!(Some(B("branch")), None, true, false, Always, Always, []),
                flag!(Some(B("cluster")), None, true, false, Always, Always, []),
                flag!(Some(B("commit-message")), None, true, false, Always, Always, []),
                flag!(Some(B("config-repo")), None, true, false, Always, Always, []),
                flag!(Some(B("description")), None, true, false, Always, Always, []),
                flag!(Some(B("name")), None, true, false, Always, Always, []),
                flag!(Some(B("title")), None, true, false, Always, Always, []),
                flag!(Some(B("version")), None, true, false, Always, Always, []),
                flag!(Some(B("auto-merge")), None, false, false, only!(0x7fffffffe), only!(0x7fffffffe), []),], [])),])),
        ("upgrade", cmd!(only!(0x3fffffffffe), Always, NEVER, [], [
            flag!(Some(B("base")), None, true, true, Always, Always, []),
            flag!(Some(B("branch")), None, true, true, Always, Always, []),
            flag!(Some(B("commit-message")), None, true, true, Always, Always, []),
            flag!(Some(B("config-repo")), None, true, true, Always, Always, []),
            flag!(Some(B("path")), None, true, true, Always, Always, []),
            flag!(Some(B("set")), None, true, true, Always, Always, [(Kind::Any, Always)]),
            flag!(Some(B("version")), None, true, true, Always, Always, []),
            flag!(Some(B("dry-run")), None, false, true, Always, Always, []),], [])),
        ("version", cmd!(only!(0x3fffffffffe), Always, NEVER, [], [], [])),]),
    releases: Releases {
        tags: B(&[B("v0.9.1"), B("v0.9.3"), B("v0.9.4"), B("v0.9.5"), B("v0.9.6"), B("v0.10.1"), B("v0.10.2"), B("v0.11.0"), B("v0.12.0"), B("v0.13.0"), B("v0.14.1"), B("v0.14.2"), B("v0.15.0"), B("v0.15.1"), B("v0.16.0"), B("v0.17.0"), B("v0.18.0"), B("v0.18.1"), B("v0.19.0"), B("v0.20.0"), B("v0.21.2"), B("v0.22.0"), B("v0.23.0"), B("v0.24.0"), B("v0.25.0"), B("v0.26.0"), B("v0.27.0"), B("v0.28.0"), B("v0.29.0"), B("v0.29.1"), B("v0.30.0"), B("v0.31.0"), B("v0.32.0"), B("v0.32.1"), B("v0.33.0"), B("v0.34.0"), B("v0.34.1"), B("v0.35.0"), B("v0.36.0"), B("v0.37.0"), B("v0.38.0"), B("v0.38.1"), ]),
        skips_flag_values: B(&[false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, ]),
    },
    help: B(&[
        flag!(Some(B("help")), Some(b'h'), false, false, Always, Always, []),]),
    lenient_flags: false,
};
