//! A stored row whose installs sketch cannot be read, against the real binary: an adversarial
//! pass found one such row in SQLite failing every flush that merged into it, every release
//! (the stats) of its days, for ever. Such a row is skipped and counted, never blocks: a
//! flush keeps its checks and replaces its sketch by the new one, a read keeps its checks and
//! resets its sketch, the purge deletes it without reading it.

mod common;

use gitops_checkpoint::aggregate::{Batch, BucketKey, Tally, date_of, today};
use gitops_checkpoint::settings::Database;
use gitops_checkpoint::sketch::Sketch;
use jiff::civil::Date;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{Collector, get, installation_check, stored};

/// The bucket a `get app` check of 0.38.0 from linux/amd64 lands in, on `day`.
fn key(day: Date) -> BucketKey {
    BucketKey {
        day,
        product: "weave-gitops".into(),
        version: "0.38.0".into(),
        rc: false,
        os: "linux".into(),
        arch: "amd64".into(),
        object: "get".into(),
        command: "app".into(),
    }
}

fn tally(checks: u64, installs: &[&str]) -> Tally {
    let mut sketch = Sketch::new();
    for i in installs {
        sketch.add_signature(i);
    }
    Tally {
        checks,
        installs: sketch,
    }
}

/// The value of the counter `name` in `c`'s `/metrics`.
async fn counter(c: &Collector, name: &str) -> u64 {
    let (_, metrics) = get(c.addr, "/metrics").await;
    let line = format!("gitops_checkpoint_{name} ");
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&line))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {metrics}"))
}

/// Waits until the counter `name` reaches `n`.
async fn counted(c: &Collector, name: &str, n: u64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let seen = counter(c, name).await;
        if seen >= n {
            assert_eq!(seen, n, "{name}");
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{name} is {seen}, not {n}: {}",
            c.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs the update `sql` on the SQLite file: it must change one row.
fn update(file: &Path, sql: &str) {
    let n = rusqlite::Connection::open(file)
        .unwrap()
        .execute(sql, [])
        .unwrap();
    assert_eq!(n, 1, "{sql}");
}

/// The first column of the first row of `sql` on the SQLite file.
fn query<T: rusqlite::types::FromSql>(file: &Path, sql: &str) -> T {
    rusqlite::Connection::open(file)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Three unreadable rows in SQLite: today's bucket (bytes that are no sketch), which the
/// flush of new checks must merge into; one of a closed day (a text value), which its release
/// reads; one older than the retention (a truncated header), which the purge deletes. The
/// checks are written, the day is released, the old day purged, and `/metrics` counts the two
/// rows set aside (the purged one never read), each logged once, without its values.
#[tokio::test]
async fn unreadable_sketch_rows_are_skipped_and_counted_and_block_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("store.sqlite3");
    let today = date_of(today());
    let closed = today.yesterday().unwrap().yesterday().unwrap();
    let old = today.checked_sub(jiff::Span::new().days(40)).unwrap();
    {
        let store = gitops_checkpoint::store::open(&Database::Sqlite(file.clone()))
            .await
            .unwrap();
        let mut batch = Batch::new();
        batch.buckets.extend([
            (key(today), tally(3, &["a", "b", "c"])),
            (key(closed), tally(5, &["d"])),
            (
                BucketKey {
                    version: "0.37.0".into(),
                    ..key(closed)
                },
                tally(2, &["e"]),
            ),
            (key(old), tally(1, &["f"])),
        ]);
        store.apply(&batch).await.unwrap();
    }
    let unreadable = ["x'deadbeef'", "'not a sketch'", "x'1f'"];
    for (day, value) in [today, closed, old].into_iter().zip(unreadable) {
        update(
            &file,
            &format!(
                "UPDATE checkpoint_buckets SET installs = {value} \
             WHERE day = '{day}' AND version = '0.38.0'"
            ),
        );
    }

    let database = format!("sqlite:{}", file.display());
    let c = Collector::start(&[
        "--database",
        &database,
        "--flush-interval",
        "100ms",
        "--min-installs",
        "1",
        "--release-delay",
        "0s",
        "--retention",
        "30d",
    ]);
    // The purge at start deletes the old row unread.
    counted(&c, "purged_rows_total", 1).await;
    // Two checks into today's unreadable bucket: written, its checks kept, its sketch now
    // the new one's.
    for i in 0..2 {
        let (status, body) = get(c.addr, &installation_check(i)).await;
        assert_eq!(status, 200, "{body}");
    }
    c.flushed(2).await;
    let now = stored(&c, "weave-gitops").await;
    assert_eq!((now.totals.checks, now.totals.installs), (5, 2));
    // The closed day was released at start: its readable row's sketch and both rows' checks.
    counted(&c, "store_unreadable_rows_total", 2).await;
    let released: i64 = query(
        &file,
        &format!("SELECT count(*) FROM checkpoint_releases WHERE day = '{closed}'"),
    );
    assert_eq!(released, 1, "the closed day is released: {}", c.log());
    let kept: (i64, Vec<u8>) = rusqlite::Connection::open(&file)
        .unwrap()
        .query_row(
            &format!(
                "SELECT checks, installs FROM checkpoint_buckets \
                 WHERE day = '{closed}' AND version = '0.38.0'"
            ),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        kept,
        (5, Sketch::new().to_bytes()),
        "checks kept, sketch reset"
    );
    let (status, body) = get(c.addr, "/v1/stats/weave-gitops?days=7").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = get(c.addr, "/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok\n"));

    let (clean, log) = c.stop();
    assert!(clean, "{log}");
    let warned: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("WARN") && l.contains("installs sketch cannot be read"))
        .collect();
    assert_eq!(warned.len(), 2, "one warning per row set aside: {log}");
    for line in warned {
        assert!(
            !line.contains("0.38.0")
                && !line.contains("deadbeef")
                && !line.contains("not a sketch"),
            "no value of the row is logged: {line}"
        );
    }
}
