//! The collector when its store fails under it, against the real binary: the database file
//! deleted while it runs. (An adversarial pass found every check answered after such a
//! deletion written into the unlinked file and lost, silently, with exit 0.)

mod common;

use common::{Collector, command_query, get, stored};

async fn checks(c: &Collector, n: usize, from: usize) {
    for i in from..from + n {
        let q = command_query(
            "get",
            "app",
            &format!("00000000-0000-4000-8000-{i:012}"),
            "0.38.0",
        );
        let (status, body) = get(c.addr, &format!("/v1/check/weave-gitops?{q}")).await;
        assert_eq!(status, 200, "{body}");
    }
}

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
