//! Hostile input: random keys, values, encodings and lengths. The acceptance rule never panics
//! and accepts only values the protocol allows; a running collector answers everything,
//! stays up, and stores nothing but the checks it answered with 200.

mod common;

use checkpoint_protocol::platform::{GO_ARCH, GO_OS};
use checkpoint_protocol::received::{CheckRules, SignatureShape, is_semantic_version};
use checkpoint_protocol::vocabulary::Vocabulary;
use common::{Collector, Connection, UUID_A, get, stored};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

/// A value: valid ones, near misses, junk, encodings, and long ones.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop::sample::select(vec![
            "amd64",
            "linux",
            "darwin",
            "0.38.0",
            "v1.2.3-rc.1+b",
            "yes",
            "no",
            "add",
            "cluster",
            "gitops",
            "version",
            UUID_A,
            "q2lbkQZOQ6Lc1dWo8eYw1rXRpMzZbJ3PKUkrtsl%2B5yE%3D",
        ])
        .prop_map(String::from),
        "[a-zA-Z0-9._~-]{1,12}",
        "(%[0-9a-fA-F]{2}|%|%[g-z]{2}|\\+|[a-z]){1,20}",
        any::<String>().prop_map(|s| checkpoint_protocol::query::go_query_escape(&s)),
        "[a-z0-9.]{100,3000}",
    ]
}

/// A key: the protocol's, encoded forms of them, and others.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "arch",
            "os",
            "version",
            "signature",
            "flag_object",
            "flag_command",
            "flag_rc",
            "flag%5Fobject",
            "ARCH",
            "flag_other",
            "",
            "signature[]",
        ])
        .prop_map(String::from),
        "[a-z_%0-9]{1,16}",
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec((key(), value(), prop::bool::weighted(0.9)), 0..10).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v, eq)| if eq { format!("{k}={v}") } else { k })
            .collect::<Vec<_>>()
            .join("&")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5000))]

    #[test]
    fn the_rule_never_panics_and_accepts_only_allowed_values(q in query()) {
        let rules = CheckRules::new(&Vocabulary::builtin());
        if let Ok(check) = rules.parse(&q) {
            prop_assert!(GO_OS.contains(&check.os) && GO_ARCH.contains(&check.arch));
            prop_assert!(is_semantic_version(&check.version));
            prop_assert_eq!(SignatureShape::of(&check.signature), Some(check.signature_shape));
            if let Some(v) = check.verbs {
                let (object, command) = rules.pair(v.pair).unwrap();
                prop_assert!(Vocabulary::builtin().allows(object, command));
            }
        }
    }
}

#[tokio::test]
async fn a_collector_under_random_requests_stays_up_and_stores_only_what_it_answered() {
    let c = Collector::start(&["--min-installs", "1", "--flush-interval", "100ms"]);
    let mut runner = TestRunner::new(Config::with_cases(400));
    let mut targets = Vec::new();
    let strategy = (
        query(),
        prop::sample::select(vec!["weave-gitops", "other", "weave%2Dgitops", "", "%zz"]),
    );
    for _ in 0..400 {
        let (q, product) = strategy.new_tree(&mut runner).unwrap().current();
        targets.push(format!("/v1/check/{product}?{q}"));
    }
    // And raw bytes no client would send.
    targets.push("/v1/check/weave-gitops?arch=\u{0}\u{7f}".into());
    targets.push(format!("/v1/check/{}", "%41".repeat(700)));
    let mut answered = 0;
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    for t in &targets {
        match conn.get(t, "").await {
            Ok((200, _)) => answered += 1,
            Ok((status, _)) => assert!([400, 414, 431].contains(&status), "{status} for {t}"),
            Err(_) => conn = Connection::open(c.addr, None).await.unwrap(),
        }
    }
    assert_eq!(get(c.addr, "/healthz").await.0, 200);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(stored(&c, "weave-gitops").await.totals.checks, answered);
    let (ok, _) = c.stop();
    assert!(ok, "no panic, clean exit");
}
