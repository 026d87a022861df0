//! A 200 means the count is kept, against the real binary: the collector killed with SIGKILL
//! again and again while clients send checks, started again on the same SQLite file each time,
//! keeps every check it answered 200. (An adversarial pass found each kill lost the counts of
//! the last flush interval, which the client had already removed as delivered.)

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::{Collector, Connection, command_query, stored};

/// Clients sending at once.
const CLIENTS: u64 = 8;

/// Times the collector is killed.
const KILLS: u64 = 6;

/// Sends checks, each of its own installation (so every one is counted), on one keep-alive
/// connection per client until the collector dies; counts those answered 200 and those sent.
async fn send_until_killed(
    addr: std::net::SocketAddr,
    round: u64,
    answered: Arc<AtomicU64>,
    sent: Arc<AtomicU64>,
) {
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let (answered, sent) = (answered.clone(), sent.clone());
        tasks.push(tokio::spawn(async move {
            let Ok(mut conn) = Connection::open(addr, None).await else {
                return;
            };
            for i in 0u64.. {
                let signature = format!("{round:08x}-0000-4000-8{client:03x}-{i:012x}");
                let q = command_query("get", "app", &signature, "0.38.0");
                sent.fetch_add(1, Ordering::SeqCst);
                match conn.get(&format!("/v1/check/weave-gitops?{q}"), "").await {
                    Ok((200, _)) => {
                        answered.fetch_add(1, Ordering::SeqCst);
                    }
                    Ok((status, body)) => panic!("a check answered {status}: {body}"),
                    Err(_) => return,
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
}

/// Six times: a collector on the same data directory, eight clients sending checks, and a
/// SIGKILL a few hundred milliseconds in (never on a flush interval's boundary: the kills fall
/// at 230 ms to 730 ms). Every check answered 200 is in the store; none is stored that was not
/// sent.
#[tokio::test]
async fn a_check_answered_200_survives_kill_9() {
    let answered = Arc::new(AtomicU64::new(0));
    let sent = Arc::new(AtomicU64::new(0));
    let mut data = tempfile::tempdir().unwrap();
    for round in 0..KILLS {
        let c = Collector::start_at(data, None, &["--min-installs", "1"]);
        let sending = tokio::spawn(send_until_killed(
            c.addr,
            round,
            answered.clone(),
            sent.clone(),
        ));
        let before = answered.load(Ordering::SeqCst);
        let started = Instant::now();
        tokio::time::sleep(Duration::from_millis(230 + 100 * round)).await;
        let during = answered.load(Ordering::SeqCst) - before;
        data = c.kill();
        tokio::time::timeout(Duration::from_secs(30), sending)
            .await
            .expect("the clients see the collector die")
            .unwrap();
        assert!(
            during > 0,
            "round {round}: no check answered within {:?}",
            started.elapsed()
        );
    }
    let c = Collector::start_at(data, None, &["--min-installs", "1"]);
    let kept = stored(&c, "weave-gitops").await.totals.checks;
    let (answered, sent) = (answered.load(Ordering::SeqCst), sent.load(Ordering::SeqCst));
    assert!(
        kept >= answered,
        "{answered} checks answered 200, only {kept} stored ({} lost)",
        answered - kept
    );
    assert!(kept <= sent, "{kept} stored of {sent} sent");
    let (clean, log) = c.stop();
    assert!(clean, "{log}");
}
