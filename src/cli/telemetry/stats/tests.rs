use super::*;
use crate::config::Env;
use crate::telemetry::stats::mine::MineRow;
use crate::telemetry::stats::{Mine, Stats};

fn fetched() -> Fetched {
    let stats = Stats::parse(
        br#"{"product":"weave-gitops","days":3,"first_day":"2026-11-22","last_day":"2026-11-24",
        "min_installs":3,"installs_error":0.023,
        "totals":{"checks":12,"commands":10,"update_checks":2,"installs":5},
        "by_command":{"rows":[{"object":"get","command":"app","checks":8,"installs":4}],
                      "other":{"checks":2,"installs":2},"other_rows":1},
        "by_version":{"rows":[{"version":"0.38.0","checks":12,"installs":5}]},
        "by_platform":{"rows":[{"os":"linux","arch":"amd64","checks":12,"installs":5}]},
        "per_day":{"rows":[{"day":"2026-11-22","installs":1},{"day":"2026-11-23","installs":0},
                           {"day":"2026-11-24","installs":5}]}}"#,
    )
    .unwrap();
    Fetched {
        url: "http://127.0.0.1:9/v1/stats/weave-gitops?days=3".into(),
        fetched_at: jiff::Timestamp::UNIX_EPOCH,
        raw: serde_json::Value::Null,
        policy: None,
        policy_raw: None,
        policy_problem: Some("http://127.0.0.1:9/v1/policy answered HTTP 404".into()),
        mine: Mine {
            checks: 3,
            share: Some(0.3),
            complete: true,
            by_command: vec![
                MineRow {
                    object: "get".into(),
                    command: "app".into(),
                    checks: 2,
                    everyone: Some(8),
                },
                MineRow {
                    object: "add".into(),
                    command: "cluster".into(),
                    checks: 1,
                    everyone: None,
                },
            ],
        },
        stats,
    }
}

fn plain() -> Painter {
    Painter::stdout(&Env::empty().with("NO_COLOR", "1"))
}

#[test]
fn plain_output_has_numbers_and_no_bars() {
    let text = render(&fetched(), None, plain());
    assert!(
        text.contains("3 of the 10 command checks (30.0 %) came from this machine"),
        "{text}"
    );
    assert!(
        text.contains("  get app                8         2\n"),
        "{text}"
    );
    assert!(
        text.contains("  other (1 row)          2         1\n"),
        "{text}"
    );
    assert!(text.contains("  2026-11-23  0\n"), "{text}");
    assert!(
        text.contains("fewer than 3 installations is folded"),
        "{text}"
    );
    assert!(
        text.contains("Retention not published: http://127.0.0.1:9/v1/policy answered HTTP 404.")
    );
    assert!(!text.contains('█'), "{text}");
}

#[test]
fn the_policy_page_is_named_when_the_endpoint_serves_one() {
    let with = |page: &str| {
        let mut f = fetched();
        f.policy = Some(crate::telemetry::stats::PolicyCache {
            fetched_at: jiff::Timestamp::UNIX_EPOCH,
            endpoint: "http://127.0.0.1:9".into(),
            policy: serde_json::from_value(serde_json::json!({
                "retention": "24mo", "oldest_day": "2024-12-01", "page": page
            }))
            .unwrap(),
        });
        render(&f, None, plain())
    };
    let text = with("/policy");
    assert!(
        text.contains("The endpoint keeps day buckets for 24mo (oldest day kept: 2024-12-01); its privacy policy: http://127.0.0.1:9/policy."),
        "{text}"
    );
    let text = with("//elsewhere.example/policy");
    assert!(!text.contains("privacy policy"), "{text}");
    assert!(!text.contains("elsewhere"), "{text}");
}

#[test]
fn bars_fill_the_width() {
    let text = render(&fetched(), Some(60), plain());
    let row = text.lines().find(|l| l.starts_with("  get app")).unwrap();
    assert_eq!(row.chars().count(), 60, "{row:?}");
    assert!(row.contains("████"), "{row}");
    assert!(text.contains("  ▂ █\n"), "{text}");
}
