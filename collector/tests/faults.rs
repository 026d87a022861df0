//! The collector when its store fails under it, against the real binary: the database file
//! deleted while it runs (an adversarial pass found every check answered after that written
//! into the unlinked file and lost, silently, with exit 0), and a store that refuses writes
//! (`/healthz` said 200 throughout, and checks were answered 200 that were not written).

mod common;

use common::{Collector, checks, get, installation_check, stored};

/// Deleting `checkpoint.sqlite3` (and its `-wal` and `-shm`) while the collector runs: the
/// next flush opens the path again, a new file, says so in the log as an error, and every
/// check answered after the deletion is in the new file.
#[tokio::test]
async fn a_deleted_database_file_is_made_again_and_keeps_what_is_answered_after() {
    let c = Collector::start(&["--flush-interval", "100ms", "--min-installs", "1"]);
    checks(&c, 5, 0).await;
    c.flushed(5).await;
    let file = c.data.path().join("checkpoint.sqlite3");
    for suffix in ["", "-wal", "-shm"] {
        let mut name = file.clone().into_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
    checks(&c, 7, 100).await;
    c.flushed(12).await;
    assert!(file.exists(), "no database file at {}", file.display());
    assert_eq!(stored(&c, "weave-gitops").await.totals.checks, 7);
    let (status, body) = get(c.addr, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok\n"));
    let (clean, log) = c.stop();
    assert!(clean, "{log}");
    assert!(
        log.contains("ERROR") && log.contains("deleted or replaced"),
        "the deletion is logged as an error: {log}"
    );
}

/// A store that refuses writes (another process holds the file's write lock past the busy
/// timeout): a check is answered 503 `flush_failing` rather than 200, since its count is not
/// written (the client keeps the event and sends it again); `/healthz` answers 503 and
/// `/metrics` says `store_failing 1`. A check counted before the write failed stays queued and
/// is written once the lock goes (at-least-once: it may be counted again when its client sends
/// it again); checks that arrive once the write has failed are refused before they are
/// counted. Then checks are answered 200 again, and every 200 is in the store.
#[tokio::test]
async fn a_store_refusing_writes_answers_503_and_keeps_every_200() {
    let c = Collector::start(&["--min-installs", "1"]);
    checks(&c, 3, 0).await;
    c.flushed(3).await;
    let file = c.data.path().join("checkpoint.sqlite3");
    let lock = rusqlite::Connection::open(&file).unwrap();
    lock.execute_batch("BEGIN EXCLUSIVE").unwrap();
    // The first waits for the write (the busy timeout, or the request timeout when another
    // writer of the collector waits for the lock too); once the write has failed, the rest are
    // refused at once.
    let mut reasons = Vec::new();
    for i in 100..104 {
        let (status, body) = get(c.addr, &installation_check(i)).await;
        assert_eq!(status, 503, "{body}");
        reasons.push(body);
    }
    assert!(
        reasons[1..]
            .iter()
            .all(|b| b.contains("\"reason\":\"flush_failing\"")),
        "{reasons:?}"
    );
    let (status, body) = get(c.addr, "/healthz").await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("\"reason\":\"flush_failing\""), "{body}");
    let (_, metrics) = get(c.addr, "/metrics").await;
    assert!(
        metrics.contains("gitops_checkpoint_store_failing 1\n"),
        "{metrics}"
    );
    lock.execute_batch("ROLLBACK").unwrap();
    drop(lock);
    c.flushed(4).await;
    let (status, body) = get(c.addr, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok\n"));
    let (_, metrics) = get(c.addr, "/metrics").await;
    assert!(metrics.contains("gitops_checkpoint_store_failing 0\n"));
    checks(&c, 2, 200).await;
    // Every 200 (3 + 2) and the checks counted before the write was known to fail (the first
    // at least); the ones refused after it not, so at most all four.
    let kept = stored(&c, "weave-gitops").await.totals.checks;
    assert!((3 + 1 + 2..=3 + 4 + 2).contains(&kept), "{kept} stored");
    let (clean, log) = c.stop();
    assert!(clean, "{log}");
}
