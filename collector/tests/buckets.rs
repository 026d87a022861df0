//! The collector under checks that are valid but made up, against the real binary: random
//! semantic versions (the adversarial pass made 1.37 M buckets of them in one run) become one
//! `unknown` version, and past `limits.max_buckets_per_day` new buckets fold into one `other`
//! bucket, with every check still counted.

mod common;

use std::collections::BTreeSet;

use common::{Collector, Connection, RELEASES};

/// A collector answering from the example releases (0.38.0 and 0.39.0-rc.1, with every
/// release tag of both CLIs known for weave-gitops), with `limits`.
fn collector_with(dir: &tempfile::TempDir, limits: &str) -> Collector {
    let config = dir.path().join("checkpoint.toml");
    std::fs::write(&config, format!("[limits]\n{limits}\n")).unwrap();
    Collector::start(&[
        "--config",
        config.to_str().unwrap(),
        "--releases",
        RELEASES,
        "--min-installs",
        "1",
    ])
}

/// An update check at `version` from installation number `i` (a signature of its own, so
/// every row has an installation and is shown at `k` = 1).
fn check(i: usize, version: &str, os: &str, arch: &str) -> String {
    format!("arch={arch}&os={os}&signature=00000000-0000-4000-8000-{i:012}&version={version}")
}

/// Sends every query as a check of weave-gitops, over 16 connections at once (a counted check
/// is answered once its write commits, so the connections share writes); all must be 200.
async fn send(c: &Collector, queries: &[String]) {
    let mut tasks = tokio::task::JoinSet::new();
    for chunk in queries.chunks(queries.len().div_ceil(16)) {
        let (addr, chunk) = (c.addr, chunk.to_vec());
        tasks.spawn(async move {
            let mut conn = Connection::open(addr, None).await.unwrap();
            for q in chunk {
                let (status, body) = conn
                    .get(&format!("/v1/check/weave-gitops?{q}"), "")
                    .await
                    .unwrap();
                assert_eq!(status, 200, "{q}: {body}");
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap();
    }
}

async fn metric(c: &Collector, name: &str) -> u64 {
    let (_, text) = common::get(c.addr, "/metrics").await;
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("gitops_checkpoint_{name} ")))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in\n{text}"))
}

/// A small deterministic generator, so a failure can be replayed.
fn numbers(seed: u64) -> impl Iterator<Item = u64> {
    let mut x = seed;
    std::iter::from_fn(move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        Some(x)
    })
}

#[tokio::test]
async fn made_up_versions_are_one_unknown_version_and_known_ones_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let c = collector_with(&dir, "");
    let mut queries = Vec::new();
    let mut update = |version: &str| {
        let i = queries.len();
        queries.push(check(i, version, "linux", "amd64"));
    };
    let mut rng = numbers(0x2545_f491_4f6c_dd1d);
    for _ in 0..400 {
        let (a, b, d) = (
            rng.next().unwrap(),
            rng.next().unwrap(),
            rng.next().unwrap(),
        );
        update(&format!("{}.{}.{}", a % 1000 + 2, b % 1000, d % 1000));
        update(&format!("0.38.0-{a:x}"));
    }
    let made_up = 400;
    for known in [
        "0.38.0",         // listed in the releases file
        "v0.21.2",        // a release tag of the CLI, built from source
        "0.38.1",         // a tag of the enterprise CLI
        "0.39.0-rc.1",    // a listed candidate
        "0.39.0",         // the next release of a known line
        "0.38.0%2Bdirty", // build metadata is dropped
        "0.38.0-5-gabcd", // a build from source between tags
    ] {
        update(known);
    }
    send(&c, &queries).await;
    c.flushed(queries.len() as u64).await;
    let stats = common::stored(&c, "weave-gitops").await;
    let versions: BTreeSet<(String, u64)> = stats
        .by_version
        .rows
        .iter()
        .map(|r| (r.version.clone(), r.count.checks))
        .collect();
    let expected: BTreeSet<(String, u64)> = [
        ("0.21.2", 1),
        ("0.38.0", 2),
        ("0.38.0-pre", 401),
        ("0.38.1", 1),
        ("0.39.0", 1),
        ("0.39.0-rc.1", 1),
        ("unknown", made_up),
    ]
    .into_iter()
    .map(|(v, n)| (v.to_string(), n))
    .collect();
    assert_eq!(versions, expected);
    assert_eq!(stats.totals.checks, queries.len() as u64);
    assert_eq!(metric(&c, "unknown_versions_total").await, made_up);
}

#[tokio::test]
async fn past_the_days_bucket_cap_new_buckets_fold_into_other_and_every_check_counts() {
    let dir = tempfile::tempdir().unwrap();
    let c = collector_with(&dir, "max_buckets_per_day = 1000");
    let tags = checkpoint_protocol::vocabulary::Vocabulary::builtin()
        .release_tags()
        .map(str::to_string)
        .collect::<Vec<_>>();
    let os = checkpoint_protocol::platform::GO_OS;
    let arch = checkpoint_protocol::platform::GO_ARCH;
    // 1 500 distinct buckets: checks of every (tag, os, arch) until there are enough.
    let queries: Vec<String> = tags
        .iter()
        .flat_map(|t| {
            os.iter()
                .flat_map(move |o| arch.iter().map(move |a| (t, o, a)))
        })
        .take(1_500)
        .enumerate()
        .map(|(i, (t, o, a))| check(i, t, o, a))
        .collect();
    // The first 1 000 fill the day; the 500 after them are new buckets past the cap.
    send(&c, &queries[..1_000]).await;
    send(&c, &queries[1_000..]).await;
    // The first 1 000 buckets again: they are counted in themselves, not folded.
    send(&c, &queries[..1_000]).await;
    c.flushed(2_500).await;
    assert_eq!(metric(&c, "day_buckets").await, 1_000);
    assert_eq!(metric(&c, "folded_checks_total").await, 500);
    let stats = common::stored(&c, "weave-gitops").await;
    assert_eq!(stats.totals.checks, 2_500);
    let other = stats
        .by_version
        .rows
        .iter()
        .find(|r| r.version == "other")
        .expect("a folded version row");
    assert_eq!(other.count.checks, 500);
    let folded_platform = stats
        .by_platform
        .rows
        .iter()
        .find(|r| (r.os.as_str(), r.arch.as_str()) == ("other", "other"))
        .expect("a folded platform row");
    assert_eq!(folded_platform.count.checks, 500);
    assert!(
        stats.by_version.rows.len() <= 1_000 / (os.len() * arch.len()) + 2,
        "{} versions",
        stats.by_version.rows.len()
    );
}
