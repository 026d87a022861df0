//! The collector binary over HTTP on the embedded store: answers, rejections, the counts, the
//! public stats and policy, metrics, and the bounds on what a client can take.

mod common;

use std::time::Duration;

use checkpoint_protocol::answer::CheckResponse;
use checkpoint_protocol::stats::Policy;
use common::{Collector, Connection, RELEASES, SCRYPT_A, UUID_A, command_query, get, stored};

#[tokio::test]
async fn checks_are_answered_counted_and_published() {
    let c = Collector::start(&["--releases", RELEASES, "--min-installs", "2"]);
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    let old = command_query("add", "cluster", UUID_A, "0.35.0");
    let (status, body) = conn
        .get(&format!("/v1/check/weave-gitops?{old}"), "")
        .await
        .unwrap();
    assert_eq!(status, 200);
    let answer = CheckResponse::parse(body.as_bytes()).unwrap();
    assert_eq!(answer.current_version, "0.38.0");
    assert!(answer.outdated);
    assert_eq!(answer.alerts.len(), 1);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["current_release"], json["current_release_date"]);
    for (object, command, signature) in [
        ("add", "cluster", SCRYPT_A),
        ("get", "cluster", UUID_A),
        ("get", "cluster", SCRYPT_A),
        ("", "gitops", ""),
    ] {
        let q = command_query(object, command, signature, "0.38.0");
        let (status, _) = conn
            .get(&format!("/v1/check/weave-gitops?{q}"), "")
            .await
            .unwrap();
        assert_eq!(status, 200, "{q}");
    }
    let update = "arch=arm64&os=darwin&signature=&version=0.38.0";
    let (status, body) = conn
        .get(
            &format!("/v1/check/weave-gitops?{update}"),
            "user-agent: gitops-feedback/0.1.0\r\n",
        )
        .await
        .unwrap();
    assert_eq!(status, 200);
    // Every client gets both names of the release date; this project's client reads both.
    assert!(body.contains("current_release_date"));
    assert!(!CheckResponse::parse(body.as_bytes()).unwrap().outdated);

    c.flushed(6).await;
    let s = stored(&c, "weave-gitops").await;
    assert_eq!(
        (
            s.totals.checks,
            s.totals.commands,
            s.totals.update_checks,
            s.totals.installs
        ),
        (6, 5, 1, 2)
    );
    let commands: Vec<(String, String, u64, u64)> = s
        .by_command
        .rows
        .iter()
        .map(|r| {
            (
                r.object.clone(),
                r.command.clone(),
                r.count.checks,
                r.count.installs,
            )
        })
        .collect();
    assert_eq!(
        commands,
        [
            ("add".into(), "cluster".into(), 2, 2),
            ("get".into(), "cluster".into(), 2, 2),
        ]
    );
    assert_eq!((s.by_command.other.checks, s.by_command.other_rows), (1, 1));
    assert_eq!(s.by_platform.rows[0].os, "linux");
    assert_eq!(s.by_platform.other.checks, 1);
    assert_eq!(s.per_day.rows.len(), 1);
    assert_eq!(s.per_day.rows[0].totals.checks, 6);

    let (status, body) = get(c.addr, "/v1/policy").await;
    assert_eq!(status, 200);
    let policy: Policy = serde_json::from_str(&body).unwrap();
    assert_eq!(policy.retention, "24mo");
    assert_eq!(policy.min_installs, 2);
    assert!(policy.never_stored.iter().any(|s| s == "signature"));
    let (ok, _) = c.stop();
    assert!(ok);
}

#[tokio::test]
async fn anything_else_is_refused_by_reason_and_never_stored() {
    let c = Collector::start(&["--min-installs", "1"]);
    let good = command_query("add", "cluster", UUID_A, "0.38.0");
    let table = [
        (
            format!("/v1/check/weave-gitops?{good}&extra=1"),
            "unknown_key",
        ),
        (format!("/v1/check/other-product?{good}"), "product"),
        (format!("/v1/check/weave%2Fgitops?{good}"), "product"),
        (
            format!("/v1/check/weave-gitops?{}", good.replace("0.38.0", "hello")),
            "version",
        ),
        (
            format!("/v1/check/weave-gitops?{}", good.replace("linux", "beos")),
            "os",
        ),
        (
            format!(
                "/v1/check/weave-gitops?{}",
                good.replace("cluster", "my-cluster")
            ),
            "verbs",
        ),
        (
            format!(
                "/v1/check/weave-gitops?{}",
                good.replace(UUID_A, "alice@example.com")
            ),
            "signature",
        ),
        ("/v1/check/weave-gitops".to_string(), "missing_key"),
        (
            format!("/v1/check/weave-gitops?{good}&os=linux"),
            "repeated_key",
        ),
    ];
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    for (target, reason) in &table {
        let (status, body) = conn.get(target, "").await.unwrap();
        assert_eq!(status, 400, "{target}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["reason"], *reason, "{target}");
        assert!(!body.contains("alice") && !body.contains("my-cluster"));
    }
    let (status, _) = conn
        .get(&format!("/v1/check/weave-gitops?{good}"), "")
        .await
        .unwrap();
    assert_eq!(status, 200);
    c.flushed(1).await;
    assert_eq!(stored(&c, "weave-gitops").await.totals.checks, 1);
    let (_, metrics) = get(c.addr, "/metrics").await;
    assert!(metrics.contains("gitops_checkpoint_requests_total{outcome=\"rejected\"} 9\n"));
    assert!(metrics.contains("gitops_checkpoint_rejections_total{reason=\"product\"} 2\n"));
    assert!(metrics.contains("gitops_checkpoint_requests_total{outcome=\"command\"} 1\n"));
    let (ok, log) = c.stop();
    assert!(ok);
    for secret in ["alice", "my-cluster", "beos", UUID_A, "hello"] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}

#[tokio::test]
async fn oversized_slow_and_wrong_requests_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("checkpoint.toml");
    std::fs::write(
        &config,
        "[limits]\nheader_timeout = \"300ms\"\nmax_uri = 512\n",
    )
    .unwrap();
    let c = Collector::start(&["--config", config.to_str().unwrap()]);
    let long = format!("/v1/check/weave-gitops?{}", "a".repeat(600));
    assert_eq!(get(c.addr, &long).await.0, 414);
    let huge = format!("/v1/check/weave-gitops?{}", "a".repeat(20_000));
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    // hyper answers 431, or closes the connection.
    if let Ok((status, _)) = conn.get(&huge, "").await {
        assert_eq!(status, 431);
    }
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    let (status, _) = conn
        .raw(b"POST /v1/check/weave-gitops HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\n\r\nabc")
        .await
        .unwrap();
    assert_eq!(status, 405);
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    let (status, _) = conn
        .raw(b"GET /v1/check/weave-gitops HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\n\r\nabc")
        .await
        .unwrap();
    assert_eq!(status, 413);
    assert_eq!(get(c.addr, "/nowhere").await.0, 404);

    // A client that sends half a request head is cut off.
    let mut slow = Connection::open(c.addr, None).await.unwrap();
    let started = std::time::Instant::now();
    let cut = slow.raw(b"GET /healthz HTTP/1.1\r\nhost: x\r\n").await;
    assert!(cut.is_err() || cut.unwrap().0 == 408);
    assert!(started.elapsed() < Duration::from_secs(5));

    let (ok, _) = c.stop();
    assert!(ok);
}

#[tokio::test]
async fn at_the_connection_limit_the_longest_idle_connection_makes_room() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("checkpoint.toml");
    std::fs::write(
        &config,
        "[limits]\nmax_connections = 8\nheader_timeout = \"60s\"\n",
    )
    .unwrap();
    let c = Collector::start(&["--config", config.to_str().unwrap()]);
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut conn = Connection::open(c.addr, None).await.unwrap();
        assert_eq!(conn.get("/healthz", "").await.unwrap().0, 200);
        held.push(conn);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // All eight idle: a ninth client is served, and the first (idle the longest) is closed.
    let mut extra = Connection::open(c.addr, None).await.unwrap();
    assert_eq!(extra.get("/healthz", "").await.unwrap().0, 200);
    assert!(held[0].get("/healthz", "").await.is_err());
    assert_eq!(held[7].get("/healthz", "").await.unwrap().0, 200);
    let (_, metrics) = get(c.addr, "/metrics").await;
    assert!(
        metrics.contains("gitops_checkpoint_evicted_connections_total 2\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains("gitops_checkpoint_refused_connections_total 0\n"),
        "{metrics}"
    );
}

#[tokio::test]
async fn the_bare_mode_counts_nothing() {
    let c = Collector::start(&["--bare"]);
    let (status, body) = get(c.addr, "/v1/check/anything?x=1").await;
    assert_eq!(status, 200);
    assert!(CheckResponse::parse(body.as_bytes()).is_ok());
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(stored(&c, "weave-gitops").await.totals.checks, 0);
}

/// `gitops-checkpoint` with `args`: (exit code, stderr).
fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gitops-checkpoint"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_broken_releases_file_stops_the_start_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("releases.toml");
    std::fs::write(&path, "[[product]]\nname = 3\n").unwrap();
    let data = dir.path().to_str().unwrap();
    let releases = path.to_str().unwrap();
    let (code, err) = run(&[
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--data-dir",
        data,
        "--releases",
        releases,
    ]);
    // A file the operator wrote is wrong: a settings error, as the client's config file is.
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("releases.toml"), "{err}");
}

#[test]
fn exit_codes_are_0_done_1_failed_2_wrong_settings_and_causes_show_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let serve = |more: &[&str]| {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0", "--data-dir", data];
        args.extend_from_slice(more);
        run(&args)
    };
    let table: [(&[&str], i32, &str); 5] = [
        (
            &["--retention", "forever"],
            2,
            "--retention: retention = \"forever\": ",
        ),
        (
            &["--database", "postgres://checkpoint:secret@db:port/c"],
            2,
            "--database: database = \"postgres://checkpoint:***@db:port/c\": ",
        ),
        (
            &["--database", "mysql://checkpoint@db/c"],
            2,
            "--database: database = \"mysql://checkpoint@db/c\": want postgres://",
        ),
        (&["--flush-interval"], 2, "a value is required"),
        (
            &["--config", "/nonexistent/checkpoint.toml"],
            2,
            "cannot read the config file",
        ),
    ];
    for (args, want, needle) in table {
        let (code, err) = serve(args);
        assert_eq!(code, Some(want), "{args:?}: {err}");
        assert_eq!(err.matches(needle).count(), 1, "{args:?}: {err}");
        assert!(!err.contains("secret"), "{err}");
    }
    // A good URL, but nothing listens on port 1: the operation fails, naming the server (not
    // the password), its cause shown once.
    let (code, err) = serve(&["--database", "postgres://checkpoint:secret@127.0.0.1:1/c"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        err.matches("cannot connect to PostgreSQL at 127.0.0.1:1: ")
            .count(),
        1,
        "{err}"
    );
    assert!(!err.contains("secret"), "{err}");
    assert_eq!(err.matches("refused").count(), 1, "the cause once: {err}");
    let (code, out) = run(&["--help"]);
    assert_eq!(code, Some(0), "{out}");
}

#[tokio::test]
async fn stats_errors_are_json_with_a_reason_and_counted() {
    let c = Collector::start(&[]);
    let table = [
        ("/v1/stats/other", 404, "no_such_product"),
        ("/v1/stats/weave%2Fgitops", 404, "no_such_product"),
        ("/v1/stats/weave-gitops?days=0", 400, "days"),
        ("/v1/stats/weave-gitops?week=1", 400, "days"),
        ("/nowhere", 404, "not_found"),
    ];
    for (target, status, reason) in table {
        let (got, body) = get(c.addr, target).await;
        assert_eq!(got, status, "{target}: {body}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["reason"], reason, "{target}");
        assert!(json["error"].is_string(), "{target}");
    }
    let (_, metrics) = get(c.addr, "/metrics").await;
    assert!(metrics.contains("gitops_checkpoint_requests_total{outcome=\"not_found\"} 3\n"));
    assert!(metrics.contains("gitops_checkpoint_requests_total{outcome=\"bad_request\"} 2\n"));
    assert!(metrics.contains("gitops_checkpoint_requests_total{outcome=\"stats\"} 0\n"));
}

#[tokio::test]
async fn a_failed_stats_request_is_counted_as_an_error() {
    let c = Collector::start(&["--flush-interval", "50ms"]);
    let q = command_query("add", "cluster", UUID_A, "0.38.0");
    assert_eq!(
        get(c.addr, &format!("/v1/check/weave-gitops?{q}")).await.0,
        200
    );
    c.flushed(1).await;
    // The releases' table gone: reading them fails.
    let db = rusqlite::Connection::open(c.data.path().join("checkpoint.sqlite3")).unwrap();
    db.busy_timeout(Duration::from_secs(5)).unwrap();
    db.execute("DROP TABLE checkpoint_releases", []).unwrap();
    drop(db);
    let (status, body) = get(c.addr, "/v1/stats/weave-gitops").await;
    assert_eq!(status, 503, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["reason"], "store_unavailable");
    assert!(
        !body.contains("sketch"),
        "the store's message stays in the log: {body}"
    );
    let (_, metrics) = get(c.addr, "/metrics").await;
    assert!(metrics.contains("gitops_checkpoint_requests_total{outcome=\"error\"} 1\n"));
    assert!(metrics.contains("gitops_checkpoint_requests_total{outcome=\"stats\"} 0\n"));
    let (_, log) = c.stop();
    assert!(log.contains("the store does not answer"), "{log}");
    assert!(
        log.contains("no such table"),
        "the store's message is logged: {log}"
    );
}

/// The exact checks of weave-gitops v0.6.0..v0.10.2 (`protocol/tests/fixtures/
/// upstream-queries.toml`: `cmd/gitops/version/cmd.go`'s `CheckpointParamsWithFlags` and
/// go-checkpoint's `Check`, read at each tag), none with a `flag_rc`.
const UPSTREAM_QUERIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../protocol/tests/fixtures/upstream-queries.toml"
);

#[tokio::test]
async fn what_weave_gitops_sent_at_every_checkpoint_era_tag_is_answered_and_counted() {
    let fixture: toml::Table =
        toml::from_str(&std::fs::read_to_string(UPSTREAM_QUERIES).unwrap()).unwrap();
    let c = Collector::counting();
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    let (mut checks, mut commands) = (0, 0);
    let mut per_version = std::collections::BTreeMap::new();
    for tag in fixture["tag"].as_array().unwrap() {
        let name = tag["tag"].as_str().unwrap();
        for q in tag["query"].as_array().unwrap() {
            // Each signed check from an installation of its own: one installation is counted
            // for at most MAX_CHECKS checks a day.
            let own = format!("signature={:08x}-6a4d-4e8f-9b2a-1c5d7e9f0a3b", checks);
            let query = q["query"].as_str().unwrap();
            let query = match query
                .split('&')
                .find(|p| p.starts_with("signature=") && p.len() > 10)
            {
                Some(signed) => query.replace(signed, &own),
                None => query.to_string(),
            };
            let (status, body) = conn
                .get(&format!("/v1/check/weave-gitops?{query}"), "")
                .await
                .unwrap();
            assert_eq!(status, 200, "weave-gitops@{name}: {query}: {body}");
            let answer = CheckResponse::parse(body.as_bytes()).unwrap();
            assert!(answer.outdated, "{name} is older than 0.38.0");
            checks += 1;
            commands += u64::from(q.get("object").is_some());
            *per_version.entry(name[1..].to_string()).or_insert(0) += 1;
        }
    }
    c.flushed(checks).await;
    let s = stored(&c, "weave-gitops").await;
    assert_eq!(
        (s.totals.checks, s.totals.commands, s.totals.update_checks),
        (checks, commands, checks - commands)
    );
    assert_eq!(commands, 27, "nine command checks per v0.6.x release");
    // `0.6.0` from the releases and `v0.6.0` from source builds are one row.
    let versions: std::collections::BTreeMap<String, u64> = s
        .by_version
        .rows
        .iter()
        .map(|r| (r.version.clone(), r.count.checks))
        .collect();
    assert_eq!(versions, per_version);
    let (_, metrics) = get(c.addr, "/metrics").await;
    assert!(metrics.contains("gitops_checkpoint_rejections_total{reason=\"partial_flags\"} 0\n"));
    assert!(metrics.contains("gitops_checkpoint_rc_flag_ignored_total 0\n"));
}

#[tokio::test]
async fn a_flag_rc_the_version_contradicts_is_ignored_and_counted() {
    let c = Collector::start(&["--min-installs", "1", "--flush-interval", "100ms"]);
    let base = "arch=amd64&flag_command=cluster&flag_object=add&os=linux";
    let targets = [
        format!("{base}&flag_rc=yes&signature={UUID_A}&version=0.38.0"),
        format!("{base}&flag_rc=no&signature={UUID_A}&version=v0.38.0"),
        format!("{base}&flag_rc=no&signature={UUID_A}&version=0.39.0-rc.1"),
    ];
    for q in &targets {
        let (status, body) = get(c.addr, &format!("/v1/check/weave-gitops?{q}")).await;
        assert_eq!(status, 200, "{q}: {body}");
    }
    c.flushed(3).await;
    let (_, metrics) = get(c.addr, "/metrics").await;
    assert!(
        metrics.contains("gitops_checkpoint_rc_flag_ignored_total 2\n"),
        "{metrics}"
    );
    let s = stored(&c, "weave-gitops").await;
    let versions: Vec<(&str, u64)> = s
        .by_version
        .rows
        .iter()
        .map(|r| (r.version.as_str(), r.count.checks))
        .collect();
    // Without a releases file 0.39.0-rc.1 is no known version: it is counted as a
    // pre-release of the next minor of the CLI's newest tag.
    assert_eq!(versions, [("0.38.0", 2), ("0.39.0-pre", 1)]);
}

#[tokio::test]
async fn a_release_candidate_inside_an_alerts_range_receives_it() {
    let c = Collector::start(&["--releases", RELEASES]);
    for (version, alerts, outdated) in [
        ("0.35.0-rc.1", 1, true),
        ("0.36.0-rc.1", 0, true),
        ("0.39.0-rc.1", 0, false),
    ] {
        let q = command_query("add", "cluster", UUID_A, version);
        let (status, body) = get(c.addr, &format!("/v1/check/weave-gitops?{q}")).await;
        assert_eq!(status, 200, "{body}");
        let answer = CheckResponse::parse(body.as_bytes()).unwrap();
        assert_eq!(
            (answer.alerts.len(), answer.outdated),
            (alerts, outdated),
            "{version}"
        );
    }
}

/// A window is clamped to the retention: with 24 months of released demo days and a retention
/// of 30 days, the 365-day window starts no earlier than the oldest day kept.
#[tokio::test]
async fn a_window_never_reaches_past_the_retention() {
    let c = Collector::start(&["--demo", "--releases", RELEASES, "--retention", "30d"]);
    let (status, body) = get(c.addr, "/v1/stats/weave-gitops?days=365").await;
    assert_eq!(status, 200, "{body}");
    let stats = checkpoint_protocol::stats::Stats::parse(body.as_bytes()).unwrap();
    let today = gitops_checkpoint::aggregate::date_of(gitops_checkpoint::aggregate::today());
    let oldest = today.checked_sub(jiff::Span::new().days(30)).unwrap();
    let first: jiff::civil::Date = stats.first_day.parse().unwrap();
    assert!(first >= oldest, "{first} is older than {oldest}");
    assert!(!stats.per_day.rows.is_empty());
    assert!(
        stats.per_day.rows.len() <= 31,
        "{} days",
        stats.per_day.rows.len()
    );
}
