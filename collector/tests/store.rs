//! Both stores against the same expectations: increments add up, a batch counts once however
//! often it is retried, sketches merge, groups and the retention purge. PostgreSQL runs when
//! `GITOPS_CHECKPOINT_TEST_DATABASE` names a cluster with the hll extension (always in CI).

mod common;

use gitops_checkpoint::aggregate::{Batch, BucketKey, Tally};
use gitops_checkpoint::settings::Database;
use gitops_checkpoint::sketch::Sketch;
use gitops_checkpoint::store::{Grouping, Store};
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

async fn exercise(store: Store) {
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
    exercise(Store::open(&Database::Sqlite(path)).await.unwrap()).await;
}

#[tokio::test]
async fn postgres() {
    let Some(url) = common::postgres() else {
        return;
    };
    exercise(Store::open(&Database::Postgres(url.clone())).await.unwrap()).await;
    // Opening again (as a second instance does) finds the schema in place.
    Store::open(&Database::Postgres(url)).await.unwrap();
}

#[tokio::test]
async fn postgres_reads_and_merges_the_collector_sketches() {
    let Some(url) = common::postgres() else {
        return;
    };
    let store = Store::open(&Database::Postgres(url.clone())).await.unwrap();
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
