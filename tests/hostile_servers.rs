//! Delivery against hostile loopback servers and interrupted senders: every send is bounded
//! in total, the server being down stops the batch, each event reaches the server once (at
//! most twice when the sender is killed mid-request), and nothing off-vocabulary is sent.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::{Home, Reply, Server, answer, queue_numbered, versions};
use gitops_feedback::{Context, Env, Http, Paths, SendOptions, send};

/// A server that takes the connection and never answers, or answers headers and stalls: the
/// first request times out, the rest of the batch is not tried, the whole queue backs off,
/// and the report says so once, with when the next attempt goes.
#[test]
fn a_server_that_hangs_stops_the_batch_after_one_timeout() {
    for reply in [Reply::Hang, Reply::Stall] {
        let server = Server::start(reply);
        let home = Home::new();
        home.granted_with(&server);
        queue_numbered(&home, 200);
        let started = Instant::now();
        let out = home
            .gitops()
            .args(["telemetry", "send"])
            .env("CHECKPOINT_TIMEOUT", "300")
            .output()
            .unwrap();
        let took = started.elapsed();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
        assert!(took < Duration::from_secs(5), "took {took:?}");
        assert_eq!(
            server.requests().len(),
            1,
            "the rest of the batch was tried"
        );
        assert_eq!(home.pending_lines().len(), 200);
        assert!(stdout.contains("failed 1, waiting 199"), "{stdout}");
        assert!(stdout.contains("next attempt at"), "{stdout}");
        assert_eq!(
            stderr.matches("no answer within 300ms").count(),
            1,
            "{stderr}"
        );
        // Backing off: nothing goes, and it says until when and how to try now.
        let again = home.gitops().args(["telemetry", "send"]).output().unwrap();
        let text = String::from_utf8_lossy(&again.stdout);
        assert_eq!(again.status.code(), Some(1));
        assert!(
            text.contains("sent 0, failed 0, waiting 200; next attempt at"),
            "{text}"
        );
        assert!(text.contains("--now"), "{text}");
        assert_eq!(server.requests().len(), 1);
    }
}

/// The deadline of a send covers the request in flight: a request that would take its whole
/// 10 s timeout is cut at the send's deadline.
#[test]
fn the_deadline_covers_the_request_in_flight() {
    let server = Server::start(Reply::Hang);
    let home = Home::new();
    home.granted_with(&server);
    queue_numbered(&home, 3);
    let ctx = Context::with_paths(Env::empty(), Paths::under(home.path()));
    let mut http = Http::new(Duration::from_secs(10)).unwrap();
    let started = Instant::now();
    let options = SendOptions {
        deadline: Some(started + Duration::from_millis(400)),
        ..SendOptions::default()
    };
    let report = send(&ctx, &mut http, options, &mut |_, _| ()).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!((report.sent, report.failed), (0, 1));
}

/// A server that closes each kept-alive connection after its answer, without saying so: every
/// event is delivered, each once.
#[test]
fn a_server_closing_kept_alive_connections_loses_no_event() {
    let server = Server::start(Reply::CloseAfter(answer("0.6.2")));
    let home = Home::new();
    home.granted_with(&server);
    queue_numbered(&home, 200);
    let out = home.gitops().args(["telemetry", "send"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("sent 200, failed 0"), "{stdout}");
    let mut seen = versions(&server);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 200);
    assert!(home.pending_lines().is_empty());
}

/// A sender killed (SIGKILL) again and again mid-batch, then run once to the end: each event
/// reaches the server at most twice, and none is lost (an event whose request was in flight
/// at two kills is held for `--now`, still queued); uninterrupted, each goes exactly once.
#[test]
fn a_killed_sender_repeats_at_most_the_request_in_flight() {
    let server = Server::start(Reply::Slow(5, answer("0.6.2")));
    let home = Home::new();
    home.granted_with(&server);
    queue_numbered(&home, 150);
    let mut runs = 0;
    while !home.pending_lines().is_empty() && runs < 60 {
        runs += 1;
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gitops"))
            .args(["telemetry", "send"])
            .env_clear()
            .env("GITOPS_HOME", home.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Let it deliver a few (or none), then kill it wherever it is.
        let before = server.requests().len();
        while server.requests().len() < before + runs % 9 && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = child.kill();
        child.wait().unwrap();
    }
    let _ = home.gitops().args(["telemetry", "send"]).output().unwrap();
    let mut per_event: HashMap<String, usize> = HashMap::new();
    for v in versions(&server) {
        *per_event.entry(v).or_default() += 1;
    }
    let most = per_event.values().max().unwrap();
    assert!(*most <= 2, "an event went {most} times over {runs} runs");
    let left: Vec<String> = home
        .pending_lines()
        .iter()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["version"].to_string())
        .collect();
    for i in 0..150 {
        let version = format!("1.0.{i}");
        assert!(
            per_event.contains_key(&version) || left.contains(&format!("{version:?}")),
            "event {i} was lost"
        );
    }
    assert!(runs > 5, "the sender was killed {runs} times");

    let server = Server::start(Reply::Json(answer("0.6.2")));
    let home = Home::new();
    home.granted_with(&server);
    queue_numbered(&home, 150);
    home.ok(&["telemetry", "send"]);
    assert_eq!(versions(&server).len(), 150);
}

/// Ctrl-C during a send stops it after the request in flight: what was delivered is logged
/// and gone from the queue, the rest stays, and the command exits 1 saying so.
#[test]
fn ctrl_c_stops_cleanly_and_records_what_was_done() {
    let server = Server::start(Reply::Slow(10, answer("0.6.2")));
    let home = Home::new();
    home.granted_with(&server);
    queue_numbered(&home, 200);
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gitops"))
        .args(["telemetry", "send"])
        .env_clear()
        .env("GITOPS_HOME", home.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    while server.requests().len() < 20 {
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("stopped: interrupted"), "{stdout}");
    let delivered = server.requests().len();
    assert!(delivered < 200, "it did not stop");
    assert_eq!(home.pending_lines().len(), 200 - delivered);
    let log = std::fs::read_to_string(home.data("sent.jsonl")).unwrap();
    assert_eq!(log.lines().count(), delivered);
}

/// A line added to the queue by hand with words outside the vocabulary is never sent: the
/// builder refuses it, `pending` flags it, the send drops and counts it.
#[test]
fn nothing_off_vocabulary_reaches_the_wire_whatever_the_queue_holds() {
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
        "app",
    ]);
    let good = home.pending_lines().pop().unwrap();
    let mut text = format!("{good}\n");
    for (field, value) in [
        ("object", "secret-project"),
        ("command", "--token=hunter2"),
        ("os", "secret-os"),
        ("arch", "hunter2"),
        ("version", "--token=hunter2"),
    ] {
        let mut e: serde_json::Value = serde_json::from_str(&good).unwrap();
        e[field] = value.into();
        e["id"] = format!("bad-{field}").into();
        text.push_str(&format!("{e}\n"));
    }
    std::fs::write(home.data("pending.jsonl"), text).unwrap();
    let listing = home.ok(&["telemetry", "pending"]);
    assert_eq!(listing.matches("never sent:").count(), 5, "{listing}");
    let out = home.ok(&["telemetry", "send"]);
    assert!(
        out.contains("sent 1, failed 0, waiting 0, dropped 5"),
        "{out}"
    );
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert!(
        !sent[0].contains("secret") && !sent[0].contains("hunter2"),
        "{}",
        sent[0]
    );
    assert!(home.pending_lines().is_empty());
    let json: serde_json::Value =
        serde_json::from_str(&home.ok(&["telemetry", "pending", "--json"])).unwrap();
    assert_eq!(json["dropped"]["dropped_refused"], 5);
}
