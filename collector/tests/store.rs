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

/// Releases on two handles of one database (two instances): one release per day however
/// many try at once, read back as written; a second run releases nothing.
async fn releases_once(a: &dyn Store, b: &dyn Store) {
    use gitops_checkpoint::publication::release_due;
    use gitops_checkpoint::store::{Release, ReleasedCell};
    let d = date(2026, 4, 1);
    let cell = |span_days, breakdown: &str, installs| ReleasedCell {
        day: d,
        span_days,
        breakdown: breakdown.into(),
        a: "0.38.0".into(),
        b: String::new(),
        checks: 70,
        installs,
    };
    let release = |installs| Release {
        product: "weave-gitops".into(),
        day: d,
        windows: 4,
        cells: vec![
            cell(1, "version", installs),
            cell(7, "version", installs + 1),
        ],
    };
    let (r64, r99) = (release(64), release(99));
    let (first, second) = tokio::join!(a.write_release(&r64), b.write_release(&r99));
    assert!(
        first.unwrap() ^ second.unwrap(),
        "exactly one release is written"
    );
    let day_cells = b.released_cells("weave-gitops", 1, d, d).await.unwrap();
    assert_eq!(day_cells.len(), 1);
    let kept = day_cells[0].installs;
    assert!(kept == 64 || kept == 99);
    assert_eq!(
        a.released_cells("weave-gitops", 7, d, d).await.unwrap()[0].installs,
        kept + 1,
        "one release, all of it"
    );
    assert_eq!(a.last_released("weave-gitops").await.unwrap(), Some(d));
    assert_eq!(a.last_released("other").await.unwrap(), None);
    assert_eq!(b.released_days("weave-gitops", d, d).await.unwrap(), [d]);
    // Days due from buckets: released once, then nothing is computed again.
    let products = vec!["weave-gitops".to_string()];
    let since = date(2026, 3, 1);
    let first = release_due(a, &products, since, date(2026, 3, 3), 5)
        .await
        .unwrap();
    assert_eq!(first.days, 3);
    let again = release_due(b, &products, since, date(2026, 3, 3), 5)
        .await
        .unwrap();
    assert_eq!(again.days, 0);
    assert!(
        a.products(since, d)
            .await
            .unwrap()
            .contains(&"weave-gitops".to_string())
    );
}

#[tokio::test]
async fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/checkpoint.sqlite3");
    let a = store::open(&Database::Sqlite(path.clone())).await.unwrap();
    exercise(&*a).await;
    let b = store::open(&Database::Sqlite(path)).await.unwrap();
    releases_once(&*a, &*b).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL with hll: .ci/run provides it and runs the ignored tests"]
async fn postgres() {
    let url = common::postgres();
    let a = store::open(&Database::Postgres(url.clone())).await.unwrap();
    exercise(&*a).await;
    let b = store::open(&Database::Postgres(url.clone())).await.unwrap();
    releases_once(&*a, &*b).await;
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
    let mut versions: Vec<u32> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            e.unwrap().file_name().to_string_lossy()[..4]
                .parse()
                .unwrap()
        })
        .collect();
    versions.sort();
    assert!(!versions.is_empty());
    versions
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
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

/// Rows an old collector stored under both spellings of one version, and one under `v` only.
/// Installs: `0.38.0` 0..3 and `v0.38.0` 2..6 (overlapping at 2), `v0.35.0-rc.1` 0..2.
const BOTH_SPELLINGS: [(&str, u64, std::ops::Range<u32>); 3] = [
    ("0.38.0", 5, 0..3),
    ("v0.38.0", 4, 2..6),
    ("v0.35.0-rc.1", 2, 0..2),
];

/// Migration 2 on a database at migration 1: one row per version, without its `v`, checks
/// summed and sketches unioned (6 distinct installs, not 3 + 4), the others untouched.
async fn merged_the_v_versions(store: &dyn Store) {
    let d = date(2026, 3, 1);
    let g = store
        .groups("weave-gitops", d, d, Grouping::Version)
        .await
        .unwrap();
    let mut rows: Vec<(String, u64, u64)> = g
        .iter()
        .map(|r| (r.labels.join(","), r.checks, r.installs.count()))
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        [("0.35.0-rc.1".into(), 2, 2), ("0.38.0".into(), 9, 6)]
    );
    let mut union = tally(0, 0..3).installs;
    union.merge(&tally(0, 2..6).installs);
    let merged = g.iter().find(|r| r.labels == ["0.38.0"]).unwrap();
    assert_eq!(merged.installs.to_bytes(), union.to_bytes());
}

#[tokio::test]
async fn sqlite_migration_2_merges_the_v_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("checkpoint.sqlite3");
    let old = rusqlite::Connection::open(&path).unwrap();
    // A database at migration 1, as a collector of that version left it.
    old.execute_batch(include_str!(
        "../migrations/sqlite/0001_buckets_and_flushes.sql"
    ))
    .unwrap();
    old.execute_batch(
        "CREATE TABLE checkpoint_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
                                             applied_at TEXT NOT NULL);
         INSERT INTO checkpoint_migrations VALUES (1, 'buckets_and_flushes', '2026-03-01');",
    )
    .unwrap();
    for (version, checks, installs) in BOTH_SPELLINGS {
        old.execute(
            "INSERT INTO checkpoint_buckets VALUES
             ('weave-gitops', '2026-03-01', ?1, 0, 'linux', 'amd64', 'add', 'cluster', ?2, ?3)",
            rusqlite::params![
                version,
                checks as i64,
                tally(checks, installs).installs.to_bytes()
            ],
        )
        .unwrap();
    }
    drop(old);
    let store = store::open(&Database::Sqlite(path.clone())).await.unwrap();
    merged_the_v_versions(&*store).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL with hll: .ci/run provides it and runs the ignored tests"]
async fn postgres_migration_2_merges_the_v_versions() {
    let url = common::postgres();
    common::psql(
        &url,
        &format!(
            "{}
             CREATE TABLE checkpoint_migrations (version integer PRIMARY KEY, name text NOT NULL,
                                                 applied_at timestamptz NOT NULL DEFAULT now());
             INSERT INTO checkpoint_migrations (version, name) VALUES (1, 'buckets_and_flushes');",
            include_str!("../migrations/postgres/0001_buckets_and_flushes.sql")
        ),
    );
    for (version, checks, installs) in BOTH_SPELLINGS {
        common::psql(
            &url,
            &format!(
                "INSERT INTO checkpoint_buckets
                 SELECT 'weave-gitops', '2026-03-01', '{version}', false, 'linux', 'amd64', 'add',
                        'cluster', {checks}, hll_add_agg(hll_hash_text('install-' || i), 11, 5, 0, 1)
                 FROM generate_series({}, {}) i",
                installs.start,
                installs.end - 1
            ),
        );
    }
    let store = store::open(&Database::Postgres(url.clone())).await.unwrap();
    merged_the_v_versions(&*store).await;
}
