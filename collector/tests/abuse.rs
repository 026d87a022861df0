//! The collector under clients that take connections and do not use them, against the real
//! binary: held connections, idle keep-alives, clients that never read their answers, and the
//! refusals the HTTP layer makes itself. Each attack is the one of the adversarial pass that
//! found it (max_connections filled by an attacker left 70 % of legitimate checks failing).

mod common;

use std::time::Duration;

use common::{Collector, Connection, command_query};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A config file of `limits` lines, and the collector started with it.
fn collector_with(dir: &tempfile::TempDir, limits: &str) -> Collector {
    let config = dir.path().join("checkpoint.toml");
    std::fs::write(&config, format!("[limits]\n{limits}\n")).unwrap();
    Collector::start(&["--config", config.to_str().unwrap()])
}

/// How many of `n` legitimate checks, each on a new connection, are answered 200.
async fn legitimate_checks(c: &Collector, n: usize) -> usize {
    let mut answered = 0;
    for i in 0..n {
        let target = format!(
            "/v1/check/weave-gitops?{}",
            command_query(
                "get",
                "app",
                &format!("00000000-0000-4000-8000-{i:012}"),
                "0.38.0"
            )
        );
        let Ok(mut conn) = Connection::open(c.addr, None).await else {
            continue;
        };
        if let Ok((200, _)) = conn.get(&target, "").await {
            answered += 1;
        }
    }
    answered
}

/// An attacker that keeps `n` connections open, opening a new one whenever one is closed;
/// with `one_request`, each connection makes a request first and then stays idle (a
/// kept-alive connection), else it sends nothing. Runs until the task is aborted.
fn hog(c: &Collector, n: usize, one_request: bool) -> tokio::task::JoinHandle<()> {
    let addr = c.addr;
    tokio::spawn(async move {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..n {
            tasks.spawn(async move {
                loop {
                    let Ok(mut conn) = tokio::net::TcpStream::connect(addr).await else {
                        tokio::time::sleep(Duration::from_millis(5)).await;
                        continue;
                    };
                    if one_request {
                        let _ = conn
                            .write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
                            .await;
                    }
                    // Held, reading whatever comes, until the server closes it.
                    let mut buf = [0; 1024];
                    while matches!(conn.read(&mut buf).await, Ok(n) if n > 0) {}
                }
            });
        }
        while tasks.join_next().await.is_some() {}
    })
}

async fn metric(c: &Collector, name: &str) -> u64 {
    let (_, text) = common::get(c.addr, "/metrics").await;
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("gitops_checkpoint_{name} ")))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in\n{text}"))
}

#[tokio::test]
async fn connections_held_open_by_an_attacker_do_not_lock_out_legitimate_checks() {
    let dir = tempfile::tempdir().unwrap();
    let c = collector_with(&dir, "max_connections = 20\nheader_timeout = \"60s\"");
    for one_request in [false, true] {
        let attacker = hog(&c, 25, one_request);
        // The attacker has taken every slot.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let answered = legitimate_checks(&c, 50).await;
        attacker.abort();
        eprintln!("{answered} of 50 legitimate checks answered (one_request={one_request})");
        assert!(
            answered >= 45,
            "{answered} of 50 legitimate checks answered (attacker one_request={one_request})"
        );
    }
    assert!(metric(&c, "evicted_connections_total").await >= 50);
    let (ok, _) = c.stop();
    assert!(ok);
}

#[tokio::test]
async fn a_client_that_never_reads_its_answers_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let c = collector_with(
        &dir,
        "max_connections = 2\nheader_timeout = \"60s\"\nwrite_timeout = \"300ms\"",
    );
    // Two clients pipeline requests for large answers and never read: the server's writes
    // stall once the socket buffers are full.
    let mut stalled = Vec::new();
    for _ in 0..2 {
        let mut conn = tokio::net::TcpStream::connect(c.addr).await.unwrap();
        let request = b"GET /metrics HTTP/1.1\r\nhost: checkpoint\r\n\r\n".repeat(4000);
        let _ = tokio::time::timeout(Duration::from_secs(2), conn.write_all(&request)).await;
        stalled.push(conn);
    }
    assert_eq!(legitimate_checks(&c, 5).await, 5);
    assert!(metric(&c, "write_timeouts_total").await >= 1);
    drop(stalled);
    let (ok, _) = c.stop();
    assert!(ok);
}

#[tokio::test]
async fn refusals_made_by_the_http_layer_are_counted() {
    let c = Collector::counting();
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    let _ = conn.raw(b"NOT HTTP AT ALL\r\n\r\n").await;
    let huge = format!("/healthz?{}", "a".repeat(20_000));
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    let _ = conn.get(&huge, "").await;
    // The counts are made when the connection ends, just after the answer.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (_, text) = common::get(c.addr, "/metrics").await;
    for outcome in ["malformed", "head_too_large"] {
        assert!(
            text.contains(&format!(
                "gitops_checkpoint_requests_total{{outcome=\"{outcome}\"}} 1\n"
            )),
            "{outcome}:\n{text}"
        );
    }
}
