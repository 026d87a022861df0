//! What is shown is what goes, in every corner the first run reaches: the version reported is
//! the gitops version (never this crate's), no identifier outlives `id rotate` or `forget`,
//! every command survives a closed pipe, and the feedback channels stay reachable with a broken
//! config file.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Stdio;

use common::{Home, Reply, Server, answer};

/// `preview` with no words previews `version`; with no event recorded or sent, the version is
/// unknown and none is sent (never this crate's 0.1.0); once an event was recorded, its version
/// is the one previewed and the one `record` uses without `--cli-version`.
#[test]
fn the_version_reported_is_the_gitops_version_or_unknown() {
    let home = Home::new();
    let out = home.ok(&["telemetry", "preview", "--json"]);
    let preview: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(preview["argv"], serde_json::json!(["version"]), "{out}");
    let http = preview["http"].as_str().unwrap();
    assert!(http.contains("&version= HTTP/1.1"), "{http}");
    assert!(
        !http.contains(concat!("version=", env!("CARGO_PKG_VERSION"))),
        "{http}"
    );
    let version = |p: &serde_json::Value| {
        p["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "version")
            .unwrap()["meaning"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(version(&preview).contains("unknown"), "{out}");
    // Unknown: `record` without --cli-version records nothing.
    home.ok(&["telemetry", "record", "--", "get", "config"]);
    assert!(home.pending_lines().is_empty());
    assert!(home.ok(&["version"]).starts_with("gitops unknown"));
    // Known from the newest event from then on.
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "0.38.0",
        "--",
        "get",
        "config",
    ]);
    home.ok(&["telemetry", "record", "--", "version"]);
    let lines = home.pending_lines();
    assert_eq!(lines.len(), 2);
    assert!(lines[1].contains(r#""version":"0.38.0""#), "{}", lines[1]);
    let out = home.ok(&["telemetry", "preview", "--json", "--", "get", "config"]);
    let preview: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        preview["http"]
            .as_str()
            .unwrap()
            .contains("&version=0.38.0 ")
    );
    assert!(version(&preview).contains("newest pending event"), "{out}");
    assert!(home.ok(&["version"]).starts_with("gitops 0.38.0 "));
}

/// With the version unknown, no update-only request is made, even when it is due.
#[test]
fn no_update_check_while_the_version_is_unknown() {
    let server = Server::start(Reply::Json(answer("99.0.0")));
    let home = Home::new();
    home.write_config(&format!(
        "[telemetry]\nendpoint = \"{}\"\nauto_send = false\n\n[updates]\ncheck = \"always\"\n",
        server.url()
    ));
    home.ok(&["telemetry", "send"]);
    assert_eq!(server.requests(), Vec::<String>::new());
}

/// A word that is not UTF-8 is previewed as `record` records it.
#[test]
fn preview_takes_a_word_that_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let home = Home::new();
    let word = std::ffi::OsStr::from_bytes(b"my-app-\xff");
    let out = home
        .gitops()
        .args([
            "telemetry",
            "preview",
            "--cli-version",
            "1.0.0",
            "--",
            "get",
            "app",
        ])
        .arg(word)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("flag_command=app&flag_object=get"), "{text}");
    // As `record` reads it: the argument, not sent.
    assert!(text.contains("Not sent:      my-app-\u{fffd}"), "{text}");
}

/// `get config` says that the Go CLI's file does not exist, rather than that it cannot be
/// read.
#[test]
fn a_missing_file_is_said_not_to_exist() {
    let home = Home::new();
    let out = home.ok(&["get", "config"]);
    assert!(out.contains("does not exist"), "{out}");
    assert!(!out.contains("cannot be read"), "{out}");
}

/// Every file under the home, as text, that contains `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if String::from_utf8_lossy(&std::fs::read(&path).unwrap()).contains(needle) {
            found.push(path.display().to_string());
        }
    }
    found
}

/// Sends against a server that takes events, then one that fails and one that is gone: the
/// errors kept name the host and the cause (never the query, which holds the signature), each
/// event shows its own, and after `id rotate` (and `forget`) no file holds the old id.
#[test]
fn no_identifier_outlives_rotate_or_forget() {
    let good = Server::start(Reply::Json(answer("0.38.0")));
    let failing = Server::start(Reply::Status(503));
    let gone = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port())
    };
    let home = Home::new();
    let config = |url: &str| {
        home.write_config(&format!(
            "[telemetry]\nconsent = \"granted\"\nendpoint = \"{url}\"\nauto_send = false\nsignature = \"random\"\n"
        ))
    };
    config(&good.url());
    let record = |cmd: &str| {
        home.ok(&[
            "telemetry",
            "record",
            "--cli-version",
            "0.38.0",
            "--",
            "get",
            cmd,
        ]);
    };
    record("config");
    home.ok(&["telemetry", "send"]);
    let old = home
        .ok(&["telemetry", "id"])
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(old.len(), 36, "{old}");
    record("config");
    record("config");
    config(&failing.url());
    home.gitops().args(["telemetry", "send"]).assert().code(1);
    config(&gone);
    let out = home
        .gitops()
        .args(["telemetry", "send", "--now"])
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    // The cause once, naming the host.
    let host = gone.trim_start_matches("http://");
    assert_eq!(said.matches("cannot connect").count(), 1, "{said}");
    assert!(said.contains(&format!("{host}: cannot connect")), "{said}");
    for name in ["pending.jsonl", "send-backoff.json"] {
        let text = std::fs::read_to_string(home.data(name)).unwrap();
        assert!(text.contains(host), "{name}: {text}");
        assert!(
            !text.contains("signature") && !text.contains("/v1/check"),
            "{name}: {text}"
        );
    }
    // Each event shows its own error: the one tried says what it met, the other that it was
    // not tried.
    let pending = home.ok(&["telemetry", "pending"]);
    let rows: Vec<&str> = pending.lines().filter(|l| l.contains("get ")).collect();
    assert_eq!(rows.len(), 2, "{pending}");
    assert!(
        rows[0].contains(&format!("{host}: cannot connect")),
        "{pending}"
    );
    assert!(rows[1].contains("not tried yet"), "{pending}");
    assert!(!rows[1].contains("cannot connect"), "{pending}");
    assert!(!files_containing(home.path(), &old).is_empty());
    let rotated = home.ok(&["telemetry", "id", "rotate"]);
    let new = rotated.lines().next().unwrap().to_string();
    assert_ne!(new, old);
    assert_eq!(files_containing(home.path(), &old), Vec::<String>::new());
    // The log still says a signature went, and what became of each request.
    assert!(home.ok(&["telemetry", "log"]).contains("signature=ROTATED"));
    home.ok(&["telemetry", "forget"]);
    assert_eq!(files_containing(home.path(), &new), Vec::<String>::new());
}

/// With a syntax error in the config file, `feedback list` lists the built-in channels, says
/// in one line why the file's `[feedback]` could not be read, and exits 0.
#[test]
fn the_channels_stay_reachable_with_a_broken_config() {
    let builtin = Home::new().ok(&["feedback", "list"]);
    let home = Home::new();
    home.write_config("[feedback\nrepository = \"o/r\"\n");
    let out = home.gitops().args(["feedback", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), builtin);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("[feedback]") && err.contains("could not be read"),
        "{err}"
    );
}

/// One node of the command tree, as `--help` prints it.
struct Node {
    path: Vec<String>,
    required: Vec<String>,
    flags: Vec<String>,
}

/// Every command of the tree under `path` (groups too), from `--help`.
fn tree(home: &Home, path: Vec<String>, out: &mut Vec<Node>) {
    let help = home.gitops().args(&path).arg("--help").output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let mut section = "";
    let (mut children, mut required, mut flags) = (Vec::new(), Vec::new(), Vec::new());
    for line in help.lines() {
        if !line.starts_with(' ') && line.ends_with(':') {
            section = line;
            continue;
        }
        let Some(item) = line.strip_prefix("  ").filter(|l| !l.starts_with("    ")) else {
            continue;
        };
        let first = item
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string();
        match section {
            "Commands:" if first != "help" && !first.is_empty() => children.push(first),
            "Arguments:" if first.starts_with('<') => required.push(first),
            "Options:" => {
                let words: Vec<&str> = item.split_whitespace().collect();
                if let Some(i) = words.iter().position(|w| w.starts_with("--")) {
                    let takes_value = words.get(i + 1).is_some_and(|w| w.starts_with('<'));
                    let flag = words[i].trim_end_matches(',');
                    if !takes_value && flag != "--help" && flag != "--version" {
                        flags.push(flag.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    for child in children {
        let mut p = path.clone();
        p.push(child);
        tree(home, p, out);
    }
    out.push(Node {
        path,
        required,
        flags,
    });
}

/// Every command of the tree, bare and with each of its flags, writes into a closed pipe
/// without a panic (exit 101): a closed pipe ends the command quietly.
#[test]
fn every_command_survives_a_closed_pipe() {
    let home = Home::new();
    let gone = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port())
    };
    home.write_config(&format!(
        "[telemetry]\nconsent = \"granted\"\nendpoint = \"{gone}\"\nauto_send = false\nsignature = \"random\"\n"
    ));
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "0.38.0",
        "--",
        "get",
        "config",
    ]);
    let channels: serde_json::Value =
        serde_json::from_str(&home.ok(&["feedback", "list", "--json"])).unwrap();
    let channel = channels[0]["id"].as_str().unwrap().to_string();
    let mut nodes = Vec::new();
    tree(&home, Vec::new(), &mut nodes);
    let names: BTreeSet<String> = nodes.iter().map(|n| n.path.join(" ")).collect();
    for expected in [
        "telemetry preview",
        "telemetry status",
        "feedback list",
        "get config",
        "version",
        "feedback open",
    ] {
        assert!(names.contains(expected), "{expected} not in {names:?}");
    }
    let value = |arg: &str| -> String {
        match arg {
            "<CHANNEL>" => channel.clone(),
            "<SHELL>" => "bash".into(),
            "<KEY>" => "analytics".into(),
            "<VALUE>" => "true".into(),
            other => panic!("no value for the required argument {other}: add one here"),
        }
    };
    let mut runs = 0;
    for node in &nodes {
        let mut base = node.path.clone();
        base.extend(node.required.iter().map(|a| value(a)));
        let variants = std::iter::once(None).chain(node.flags.iter().map(Some));
        for flag in variants {
            let mut args = base.clone();
            args.extend(flag.cloned());
            let (reader, writer) = std::io::pipe().unwrap();
            drop(reader);
            let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("gitops"))
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("GITOPS_HOME", home.path())
                .env("BROWSER", "true")
                .args(&args)
                .stdin(Stdio::null())
                .stdout(writer)
                .stderr(Stdio::piped())
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_ne!(out.status.code(), Some(101), "gitops {args:?}: {stderr}");
            assert!(!stderr.contains("panicked"), "gitops {args:?}: {stderr}");
            runs += 1;
        }
    }
    assert!(runs > 20, "{runs} runs");
}
