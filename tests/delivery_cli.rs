//! Recording and delivery against loopback servers: the exact bytes, misbehaving servers,
//! concurrent writers, damaged queues, the sent log and the update notice.

mod common;

use std::time::{Duration, Instant};

use common::{Home, Reply, Server, answer};

/// The wire bytes equal what `preview` prints, for an awkward version and a real command line.
#[test]
fn bytes_on_the_wire_equal_the_preview() {
    let server = Server::start(Reply::Json(answer("0.6.2")));
    let home = Home::new();
    home.granted_with(&server);
    let argv = ["add", "cluster", "--from-template", "t", "--set", "k=v"];
    let version = "0.6.2-RC1+build.7";

    let mut preview_args = vec![
        "telemetry",
        "preview",
        "--json",
        "--cli-version",
        version,
        "--",
    ];
    preview_args.extend(argv);
    let preview: serde_json::Value = serde_json::from_str(&home.ok(&preview_args)).unwrap();
    let shown = preview["http"].as_str().unwrap().to_string();

    let mut record_args = vec!["telemetry", "record", "--cli-version", version, "--"];
    record_args.extend(argv);
    home.ok(&record_args);
    let out = home.ok(&["telemetry", "send"]);
    assert!(out.contains("sent 1, failed 0"), "{out}");

    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0], shown, "what was sent differs from the preview");
    assert!(shown.contains("flag_object=add"), "{shown}");
    assert!(shown.contains("flag_rc=yes"), "{shown}");
    assert!(shown.contains("version=0.6.2-RC1%2Bbuild.7"), "{shown}");
    assert!(!shown.contains("template"), "a value leaked: {shown}");
    assert!(home.pending_lines().is_empty());
}

/// `send --dry-run` prints the requests and opens no connection.
#[test]
fn dry_run_sends_nothing() {
    let server = Server::start(Reply::Json(answer("0.6.2")));
    let home = Home::new();
    home.granted_with(&server);
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "apps",
    ]);
    let out = home.ok(&["telemetry", "send", "--dry-run"]);
    assert!(out.starts_with("GET /v1/check/weave-gitops?arch="), "{out}");
    assert!(out.contains("flag_command=app&flag_object=get"), "{out}");
    assert!(out.contains("nothing was sent"), "{out}");
    assert_eq!(server.connection_count(), 0);
    assert_eq!(home.pending_lines().len(), 1);
}

/// While undecided or denied, events wait (or are not recorded) and no socket is opened.
#[test]
fn no_connection_while_undecided_or_denied() {
    let server = Server::start(Reply::Json(answer("0.6.2")));
    for consent in ["", "consent = \"denied\"\n"] {
        let home = Home::new();
        home.write_config(&format!(
            "[telemetry]\n{consent}endpoint = \"{}\"\nsend_interval = \"1s\"\n\n[updates]\ncheck = \"with-telemetry\"\n",
            server.url()
        ));
        for _ in 0..3 {
            home.ok(&[
                "telemetry",
                "record",
                "--cli-version",
                "1.0.0",
                "--",
                "get",
                "app",
            ]);
        }
        let out = home.ok(&["telemetry", "send"]);
        assert!(out.starts_with("nothing sent: telemetry is"), "{out}");
        let want = if consent.is_empty() { 3 } else { 0 };
        assert_eq!(home.pending_lines().len(), want, "{consent:?}");
    }
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(server.connection_count(), 0);
}

/// An opt-out in the environment wins even when granted: nothing is recorded. (`CI` while
/// undecided is covered in `consent_cli.rs`.)
#[test]
fn nothing_recorded_when_the_environment_opts_out() {
    let home = Home::new();
    home.ok(&["telemetry", "enable"]);
    for (name, value) in [("CHECKPOINT_DISABLE", "0"), ("DO_NOT_TRACK", "true")] {
        home.gitops()
            .args([
                "telemetry",
                "record",
                "--cli-version",
                "1.0.0",
                "--",
                "get",
                "app",
            ])
            .env(name, value)
            .assert()
            .success();
        assert!(home.pending_lines().is_empty(), "{name}");
    }
}

/// Every kind of bad answer: the CLI returns within its timeout, keeps the event, records the
/// error, and prints nothing unescaped.
#[test]
fn misbehaving_servers_lose_nothing_and_never_hang() {
    let cases = [
        (Reply::Status(500), "HTTP 500"),
        (Reply::Huge(10 * 1024 * 1024), "64 KiB"),
        (Reply::Hang, "no answer within 700ms"),
        (Reply::Endless, "no answer within 700ms"),
    ];
    for (reply, error) in cases {
        let server = Server::start(reply);
        let home = Home::new();
        home.granted_with(&server);
        home.ok(&[
            "telemetry",
            "record",
            "--cli-version",
            "1.0.0",
            "--",
            "delete",
            "tf",
        ]);
        let started = Instant::now();
        let out = home
            .gitops()
            .args(["telemetry", "send"])
            .env("CHECKPOINT_TIMEOUT", "700")
            .output()
            .unwrap();
        let took = started.elapsed();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(took < Duration::from_secs(10), "{error}: took {took:?}");
        assert!(!stdout.contains('\x1b') && !stderr.contains('\x1b'));
        let pending = home.pending_lines();
        assert_eq!(out.status.code(), Some(1), "{error}: {stdout} {stderr}");
        assert!(stderr.contains(error), "want {error:?} in {stderr}");
        assert_eq!(pending.len(), 1, "{error}: the event was lost");
        let event: serde_json::Value = serde_json::from_str(&pending[0]).unwrap();
        assert_eq!(event["attempts"], 1);
        assert!(event["next_attempt"].is_string());
        let listing = home.ok(&["telemetry", "pending"]);
        assert!(listing.contains("backing off"), "{listing}");
    }
}

/// A 200 whose body is not JSON: the server took the event, so it is delivered; the log says
/// the answer could not be read and no update facts are cached.
#[test]
fn garbage_answer_is_delivered_and_logged() {
    let server = Server::start(Reply::Garbage);
    let home = Home::new();
    home.granted_with(&server);
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "app",
    ]);
    home.ok(&["telemetry", "send"]);
    assert!(home.pending_lines().is_empty());
    assert!(!home.data("update-check.json").exists());
    let log: serde_json::Value =
        serde_json::from_str(&home.ok(&["telemetry", "log", "--json"])).unwrap();
    assert_eq!(log[0]["status"], 200);
    assert!(
        log[0]["error"]
            .as_str()
            .unwrap()
            .contains("not checkpoint JSON"),
        "{log}"
    );
}

/// Escape sequences in an answer never reach the terminal, in the log or the version notice.
#[test]
fn escape_sequences_from_the_server_are_stripped() {
    let body = r#"{"Product":"weave-gitops","current_version":"9.9.9\u001b[2J","current_release_date":1700000000,"Alerts":[{"id":1,"date":1,"message":"pwn\u001b]52;c;ZXZpbA==\u0007ed","url":"https://example.com","level":"info"}],"unknown":42}"#;
    let server = Server::start(Reply::Json(body.into()));
    let home = Home::new();
    home.granted_with(&server);
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "version",
    ]);
    home.ok(&["telemetry", "send"]);
    let cache = std::fs::read_to_string(home.data("update-check.json")).unwrap();
    assert!(cache.contains("9.9.9"), "{cache}");
    for args in [
        &["telemetry", "log"][..],
        &["telemetry", "log", "--json"],
        &["version"],
    ] {
        let out = home.gitops().args(args).output().unwrap();
        let all = [out.stdout, out.stderr].concat();
        assert!(
            !all.iter().any(|b| *b == 0x1b || *b == 0x07),
            "{args:?}: {}",
            String::from_utf8_lossy(&all)
        );
    }
}

/// Fifty processes each record several events at once: all arrive, none is damaged.
#[test]
fn fifty_concurrent_recorders_lose_nothing() {
    let home = Home::new();
    let bin = assert_cmd::cargo::cargo_bin("gitops");
    let children: Vec<_> = (0..50)
        .map(|_| {
            std::process::Command::new("sh")
                .arg("-c")
                .arg(format!(
                    "for i in 1 2 3 4; do '{}' telemetry record --cli-version 1.0.0 -- get app || exit 1; done",
                    bin.display()
                ))
                .env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("GITOPS_HOME", home.path())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let lines = home.pending_lines();
    assert_eq!(lines.len(), 200);
    let mut ids = std::collections::HashSet::new();
    for line in &lines {
        let event: serde_json::Value = serde_json::from_str(line).expect("a damaged line");
        assert_eq!(event["command"], "app");
        ids.insert(event["id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids.len(), 200, "ids must be unique");
}

/// A crash mid-write leaves a torn last line: it is skipped, counted and repaired.
#[test]
fn torn_last_line_is_skipped_and_repaired() {
    let home = Home::new();
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "app",
    ]);
    let queue = home.data("pending.jsonl");
    let mut text = std::fs::read_to_string(&queue).unwrap();
    text.push_str("{\"id\":\"torn\",\"recorded_at\":\"2026-");
    std::fs::write(&queue, text).unwrap();
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "cluster",
    ]);
    let out = home.ok(&["telemetry", "pending", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let commands: Vec<_> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"]["command"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(commands, ["app", "cluster"]);
    assert_eq!(json["dropped"]["dropped_torn"], 1);
}

/// `max_pending` keeps the newest and counts what it dropped.
#[test]
fn max_pending_drops_the_oldest() {
    let home = Home::new();
    home.write_config("[telemetry]\nmax_pending = 3\n");
    for verb in ["a", "b", "c", "d", "e"] {
        home.ok(&[
            "telemetry",
            "record",
            "--cli-version",
            "1.0.0",
            "--",
            "get",
            "app",
            verb,
        ]);
    }
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "version",
    ]);
    let out = home.ok(&["telemetry", "pending", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[2]["event"]["command"], "version");
    assert_eq!(json["dropped"]["dropped_overflow"], 3);
}

/// The sent log shows each request, and `gitops version` the cached notice (not on a pipe).
#[test]
fn sent_log_and_update_notice() {
    let server = Server::start(Reply::Json(answer("99.0.0")));
    let home = Home::new();
    home.granted_with(&server);
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "app",
    ]);
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "add",
        "cluster",
    ]);
    home.ok(&["telemetry", "send"]);
    let log = home.ok(&["telemetry", "log"]);
    assert!(log.contains("200"), "{log}");
    assert!(
        log.contains("flag_command=cluster&flag_object=add"),
        "{log}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&home.ok(&["telemetry", "log", "--json"])).unwrap();
    let entries = json.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["current_version"], "99.0.0");
    assert!(
        entries[0]["url"]
            .as_str()
            .unwrap()
            .starts_with(&server.url())
    );

    // Piped: the notice is not printed, and the cache is there for a terminal.
    let out = home.gitops().arg("version").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).is_empty());
    let cache: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(home.data("update-check.json")).unwrap())
            .unwrap();
    assert_eq!(cache["response"]["current_version"], "99.0.0");

    home.ok(&["telemetry", "forget"]);
    assert!(!home.data("sent.jsonl").exists());
    assert!(!home.data("update-check.json").exists());
}

/// With `[updates] check = "always"` and telemetry undecided, only the update-only request goes.
#[test]
fn update_only_request_when_always() {
    let server = Server::start(Reply::Json(answer("99.0.0")));
    let home = Home::new();
    home.write_config(&format!(
        "[telemetry]\nendpoint = \"{}\"\nauto_send = false\n\n[updates]\ncheck = \"always\"\n",
        server.url()
    ));
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "app",
    ]);
    let out = home.ok(&["telemetry", "send"]);
    assert!(out.contains("checked for updates"), "{out}");
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert!(!sent[0].contains("flag_"), "{}", sent[0]);
    // The gitops version of the newest event, never this crate's own.
    assert!(
        sent[0].contains("&signature=&version=1.0.0 "),
        "{}",
        sent[0]
    );
    assert_eq!(home.pending_lines().len(), 1, "the event itself waits");
    // Not again within the interval.
    home.ok(&["telemetry", "send"]);
    assert_eq!(server.requests().len(), 1);
}

/// With auto_send on, `record` starts a detached sender that delivers in the background.
#[test]
fn record_starts_a_background_sender() {
    let server = Server::start(Reply::Json(answer("0.6.2")));
    let home = Home::new();
    home.write_config(&format!(
        "[telemetry]\nconsent = \"granted\"\nendpoint = \"{}\"\nsignature = \"none\"\n",
        server.url()
    ));
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "app",
    ]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !home.pending_lines().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        home.pending_lines().is_empty(),
        "the background send did not deliver"
    );
    assert_eq!(server.requests().len(), 1);
}

/// `record` never rewrites the queue itself: when it has grown well past `max_pending`, a
/// background process compacts it, and sends nothing when automatic sending is off.
#[test]
fn a_grown_queue_is_compacted_in_the_background_and_nothing_is_sent() {
    let server = Server::start(Reply::Json(answer("0.6.2")));
    let home = Home::new();
    home.write_config(&format!(
        "[telemetry]\nconsent = \"granted\"\nendpoint = \"{}\"\nauto_send = false\nmax_pending = 5\n",
        server.url()
    ));
    for _ in 0..60 {
        home.ok(&[
            "telemetry",
            "record",
            "--cli-version",
            "1.0.0",
            "--",
            "get",
            "app",
        ]);
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    while home.pending_lines().len() >= 60 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(home.pending_lines().len() < 60, "never compacted");
    let json: serde_json::Value =
        serde_json::from_str(&home.ok(&["telemetry", "pending", "--json"])).unwrap();
    assert_eq!(json["events"].as_array().unwrap().len(), 5);
    assert!(json["dropped"]["dropped_overflow"].as_u64().unwrap() >= 55 - 5);
    assert_eq!(
        server.connection_count(),
        0,
        "auto_send is off: nothing may go"
    );
}

/// Where Go's client dropped a whole answer for one bad alert, the send keeps the rest and the
/// sent log says what was left out (hand-made fixture: an alert whose id is a string).
#[test]
fn what_an_answer_leaves_out_is_said_in_the_log() {
    let body = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/checkpoint-answers/handmade-alert-id-string.json"),
    )
    .unwrap();
    let server = Server::start(Reply::Json(body));
    let home = Home::new();
    home.granted_with(&server);
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "config",
    ]);
    home.ok(&["telemetry", "send"]);
    let log: serde_json::Value =
        serde_json::from_str(&home.ok(&["telemetry", "log", "--json"])).unwrap();
    let entry = &log[0];
    assert_eq!(entry["status"], 200);
    assert_eq!(entry["current_version"], "0.10.2");
    let dropped = entry["answer_dropped"].as_array().unwrap();
    assert!(
        dropped[0]
            .as_str()
            .unwrap()
            .contains("alert 1 dropped: id is a string"),
        "{entry}"
    );
    assert!(
        home.ok(&["telemetry", "log"])
            .contains("left out of the answer")
    );
}
