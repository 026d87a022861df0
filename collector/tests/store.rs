//! Both stores against the same expectations: increments add up, a batch counts once however
//! often it is retried, sketches merge, groups and the retention purge. PostgreSQL runs when
//! `GITOPS_CHECKPOINT_TEST_DATABASE` names a cluster with the hll extension (always in CI).

mod common;

use gitops_checkpoint::aggregate::{Batch, BucketKey, Tally};
use gitops_checkpoint::settings::Database;
use gitops_checkpoint::sketch::Sketch;
use gitops_checkpoint::store::{self, Grouping, Store};
use jiff::civil::{Date, date};

fn key(day: Date, version: &str, object: &str, command: &str) -> BucketKey {
    BucketKey {
        day,
        product: "weave-gitops".into(),
        version: version.into(),
        rc: false,
        os: "linux".into(),
        arch: "amd64".into(),
        object: object.into(),
        command: command.into(),
    }
}

fn tally(checks: u64, signatures: std::ops::Range<u32>) -> Tally {
    let mut installs = Sketch::new();
    for i in signatures {
        installs.add_signature(&format!("install-{i}"));
    }
    Tally { checks, installs }
}

fn batch(rows: Vec<(BucketKey, Tally)>) -> Batch {
    let mut b = Batch::new();
    b.buckets.extend(rows);
    b
}

async fn exercise(store: &dyn Store) {
    let d1 = date(2026, 3, 1);
    let d2 = date(2026, 3, 2);
    let first = batch(vec![
        (key(d1, "0.38.0", "add", "cluster"), tally(3, 0..2)),
        (key(d1, "0.38.0", "", ""), tally(2, 0..0)),
        (key(d2, "0.37.0", "get", "app"), tally(1, 5..6)),
    ]);
    store.apply(&first).await.unwrap();
    store.apply(&first).await.unwrap(); // a retry of the same batch changes nothing
    let second = batch(vec![(
        key(d1, "0.38.0", "add", "cluster"),
        tally(4, 1..300),
    )]);
    store.apply(&second).await.unwrap();

    let total = store
        .groups("weave-gitops", d1, d2, Grouping::Total)
        .await
        .unwrap();
    assert_eq!(total.len(), 1);
    assert_eq!((total[0].checks, total[0].commands), (10, 8));
    let installs = total[0].installs.count();
    assert!(installs.abs_diff(300) <= 9, "{installs}");

    let mut commands = store
        .groups("weave-gitops", d1, d2, Grouping::Command)
        .await
        .unwrap();
    commands.sort_by(|a, b| a.labels.cmp(&b.labels));
    let seen: Vec<(Vec<String>, u64)> = commands
        .iter()
        .map(|g| (g.labels.clone(), g.checks))
        .collect();
    assert_eq!(
        seen,
        [
            (vec!["add".to_string(), "cluster".to_string()], 7),
            (vec!["get".to_string(), "app".to_string()], 1),
        ]
    );
    let days = store
        .groups("weave-gitops", d1, d2, Grouping::Day)
        .await
        .unwrap();
    let mut days: Vec<(String, u64)> = days
        .into_iter()
        .map(|g| (g.labels[0].clone(), g.checks))
        .collect();
    days.sort();
    assert_eq!(
        days,
        [("2026-03-01".to_string(), 9), ("2026-03-02".to_string(), 1)]
    );
    let platform = store
        .groups("weave-gitops", d2, d2, Grouping::Platform)
        .await
        .unwrap();
    assert_eq!(platform[0].labels, ["linux", "amd64"]);
    assert_eq!(platform[0].installs.count(), 1);
    let versions = store
        .groups("weave-gitops", d1, d1, Grouping::Version)
        .await
        .unwrap();
    assert_eq!(versions.len(), 1);
    assert!(
        store
            .groups("other", d1, d2, Grouping::Total)
            .await
            .unwrap()
            .is_empty()
    );

    assert_eq!(store.purge(d2).await.unwrap(), 2);
    let total = store
        .groups("weave-gitops", d1, d2, Grouping::Total)
        .await
        .unwrap();
    assert_eq!(total[0].checks, 1);
    store.ping().await.unwrap();
}

#[tokio::test]
async fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/checkpoint.sqlite3");
    exercise(&*store::open(&Database::Sqlite(path)).await.unwrap()).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL with hll: .ci/run provides it and runs the ignored tests"]
async fn postgres() {
    let url = common::postgres();
    exercise(&*store::open(&Database::Postgres(url.clone())).await.unwrap()).await;
    // Opening again (as a second instance does) finds the schema in place.
    store::open(&Database::Postgres(url)).await.unwrap();
}

#[tokio::test]
#[ignore = "needs PostgreSQL with hll: .ci/run provides it and runs the ignored tests"]
async fn postgres_reads_and_merges_the_collector_sketches() {
    let url = common::postgres();
    let store = store::open(&Database::Postgres(url.clone())).await.unwrap();
    let d = date(2026, 3, 1);
    store
        .apply(&batch(vec![(
            key(d, "1.0.0", "add", "app"),
            tally(1, 0..1000),
        )]))
        .await
        .unwrap();
    store
        .apply(&batch(vec![(
            key(d, "1.0.0", "add", "app"),
            tally(1, 500..700),
        )]))
        .await
        .unwrap();
    let ours = store
        .groups("weave-gitops", d, d, Grouping::Total)
        .await
        .unwrap()[0]
        .installs
        .estimate();
    let theirs: f64 = common::psql(
        &url,
        "SELECT hll_cardinality(hll_union_agg(installs)) FROM checkpoint_buckets",
    )
    .trim()
    .parse()
    .unwrap();
    assert!((ours - theirs).abs() < 1e-6, "{ours} vs {theirs}");
    let hashed: f64 = common::psql(
        &url,
        "SELECT hll_cardinality(hll_add_agg(hll_hash_text('install-' || i), 11, 5, 0, 1)) FROM generate_series(0, 999) i",
    )
    .trim()
    .parse()
    .unwrap();
    assert!(
        (ours - hashed).abs() < 1e-6,
        "PostgreSQL hashes signatures as the collector does"
    );
}

/// The schema exactly as the collector made it before numbered migrations.
const SQLITE_BEFORE: &str = include_str!("fixtures/before-migrations/sqlite.sql");
const POSTGRES_BEFORE: &str = include_str!("fixtures/before-migrations/postgres.sql");

/// A batch that an old collector applied: its id is in `checkpoint_flushes`.
const OLD_BATCH: &str = "0b7c4a52-93a4-4d0e-8a51-3c1d2e6f7a80";

/// The versions a fully migrated database records: 1 up to the number of migration files.
fn all_versions(backend: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    let n = std::fs::read_dir(dir).unwrap().count();
    assert!(n >= 1);
    (1..=n).map(|v| v.to_string()).collect::<Vec<_>>().join(",")
}

/// What a store opened on an old database holds: the old row (5 checks, installs 0..3),
/// the old batch id (its retry changes nothing), and it takes new increments on old rows.
async fn keeps_the_old_rows(store: &dyn Store) {
    let d = date(2026, 3, 1);
    async fn total(store: &dyn Store) -> (u64, u64, u64) {
        let d = date(2026, 3, 1);
        let g = store
            .groups("weave-gitops", d, d, Grouping::Total)
            .await
            .unwrap();
        (g[0].checks, g[0].commands, g[0].installs.count())
    }
    assert_eq!(total(store).await, (5, 5, 3));
    let mut retried = batch(vec![(key(d, "0.38.0", "add", "cluster"), tally(9, 0..9))]);
    retried.id = OLD_BATCH.parse().unwrap();
    store.apply(&retried).await.unwrap();
    assert_eq!(total(store).await, (5, 5, 3), "the old batch counted once");
    let fresh = batch(vec![(key(d, "0.38.0", "add", "cluster"), tally(2, 2..5))]);
    store.apply(&fresh).await.unwrap();
    assert_eq!(total(store).await, (7, 7, 5));
}

#[tokio::test]
async fn sqlite_upgrades_a_database_from_before_migrations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("checkpoint.sqlite3");
    let old = rusqlite::Connection::open(&path).unwrap();
    old.execute_batch(SQLITE_BEFORE).unwrap();
    old.execute(
        "INSERT INTO checkpoint_buckets VALUES
         ('weave-gitops', '2026-03-01', '0.38.0', 0, 'linux', 'amd64', 'add', 'cluster', 5, ?1)",
        [tally(5, 0..3).installs.to_bytes()],
    )
    .unwrap();
    old.execute(
        "INSERT INTO checkpoint_flushes VALUES (?1, date('now'))",
        [OLD_BATCH],
    )
    .unwrap();
    drop(old);

    let store = store::open(&Database::Sqlite(path.clone())).await.unwrap();
    keeps_the_old_rows(&*store).await;
    drop(store);
    // Opening again applies nothing twice.
    store::open(&Database::Sqlite(path.clone())).await.unwrap();
    let versions: String = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT group_concat(version, ',') FROM (SELECT version FROM checkpoint_migrations ORDER BY version)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(versions, all_versions("sqlite"));
}

#[tokio::test]
async fn sqlite_refuses_a_database_from_a_newer_collector() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("checkpoint.sqlite3");
    drop(store::open(&Database::Sqlite(path.clone())).await.unwrap());
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO checkpoint_migrations VALUES (999, 'from_the_future', '2030-01-01')",
            [],
        )
        .unwrap();
    let e = store::open(&Database::Sqlite(path)).await.unwrap_err();
    assert!(
        e.to_string()
            .starts_with("the database's schema is at version 999, newer than the "),
        "{e}"
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL with hll: .ci/run provides it and runs the ignored tests"]
async fn postgres_upgrades_a_database_from_before_migrations() {
    let url = common::postgres();
    common::psql(&url, POSTGRES_BEFORE);
    common::psql(
        &url,
        &format!(
            "INSERT INTO checkpoint_buckets
             SELECT 'weave-gitops', '2026-03-01', '0.38.0', false, 'linux', 'amd64', 'add',
                    'cluster', 5, hll_add_agg(hll_hash_text('install-' || i), 11, 5, 0, 1)
             FROM generate_series(0, 2) i;
             INSERT INTO checkpoint_flushes (id) VALUES ('{OLD_BATCH}')"
        ),
    );

    let store = store::open(&Database::Postgres(url.clone())).await.unwrap();
    keeps_the_old_rows(&*store).await;
    store::open(&Database::Postgres(url.clone())).await.unwrap();
    let versions = common::psql(
        &url,
        "SELECT string_agg(version::text, ',' ORDER BY version) FROM checkpoint_migrations",
    );
    assert_eq!(versions.trim(), all_versions("postgres"));
}

#[tokio::test]
#[ignore = "needs PostgreSQL with hll: .ci/run provides it and runs the ignored tests"]
async fn postgres_collectors_starting_together_migrate_once() {
    let url = common::postgres();
    let opening: Vec<_> = (0..4)
        .map(|_| {
            let database = Database::Postgres(url.clone());
            tokio::spawn(async move { store::open(&database).await.map(drop) })
        })
        .collect();
    for open in opening {
        open.await.unwrap().unwrap();
    }
    let versions = common::psql(
        &url,
        "SELECT string_agg(version::text, ',' ORDER BY version) FROM checkpoint_migrations",
    );
    assert_eq!(versions.trim(), all_versions("postgres"));
}
