use super::mine::MineRow;
use super::*;
use crate::config::Env;
use crate::config::Paths;
use crate::telemetry::request::CheckpointRequest;
use crate::telemetry::sent_log::{KEEP, SentEntry, SentKind};
use crate::telemetry::transport::Response;

/// Answers by path and keeps every request.
#[derive(Default)]
struct Canned {
    stats: Option<(u16, String)>,
    policy: Option<(u16, String)>,
    requests: Vec<CheckpointRequest>,
}

impl Transport for Canned {
    fn send(&mut self, request: &CheckpointRequest) -> Result<Response, TransportError> {
        self.requests.push(request.clone());
        let answer = if request
            .target()
            .starts_with(checkpoint_protocol::routes::POLICY)
        {
            &self.policy
        } else {
            &self.stats
        };
        match answer {
            Some((status, body)) => Ok(Response {
                status: *status,
                headers: Vec::new(),
                body: body.clone().into_bytes(),
            }),
            None => Err(TransportError::Failed("connection refused".into())),
        }
    }
}

const STATS: &str = r#"{"product":"weave-gitops","days":7,"first_day":"2026-11-18","last_day":"2026-11-24",
  "min_installs":3,"installs_error":0.023,"totals":{"checks":10,"commands":8,"update_checks":2,"installs":4},
  "by_command":{"rows":[{"object":"get","command":"app","checks":6,"installs":3}],"other":{"checks":2,"installs":2},"other_rows":1},
  "new_key":"kept"}"#;
const POLICY: &str = r#"{"retention":"24mo","oldest_day":"2024-11-24","min_installs":3}"#;

fn ctx(home: &tempfile::TempDir, env: Env) -> Context {
    std::fs::write(
        home.path().join("config.toml"),
        "[telemetry]\nendpoint = \"http://127.0.0.1:9\"\n",
    )
    .unwrap();
    Context::with_paths(env, Paths::under(home.path()))
}

fn entry(time: &str, command: &str, status: Option<u16>) -> SentEntry {
    SentEntry {
        time: time.parse().unwrap(),
        kind: SentKind::Event {
            object: "get".into(),
            command: command.into(),
        },
        url: format!(
            "http://127.0.0.1:9/v1/check/weave-gitops?flag_command={command}&flag_object=get"
        ),
        status,
        duration_ms: 1,
        error: status.filter(|s| *s != 200).map(|s| format!("HTTP {s}")),
        current_version: None,
        outdated: None,
        answer_dropped: Vec::new(),
        answer: None,
    }
}

#[test]
fn nothing_is_asked_while_the_environment_opts_out() {
    for (name, value) in [("CHECKPOINT_DISABLE", "1"), ("DO_NOT_TRACK", "true")] {
        let home = tempfile::tempdir().unwrap();
        let ctx = ctx(&home, Env::empty().with(name, value));
        let mut t = Canned::default();
        let err = fetch(&ctx, &mut t, 30).unwrap_err();
        assert!(matches!(err, StatsError::Forbidden(_)), "{err}");
        assert_eq!(
            err.to_string(),
            format!(
                "public stats are not fetched: {name} is set, which turns off every request to \
                 the endpoint"
            )
        );
        assert!(t.requests.is_empty());
    }
}

#[test]
fn the_requests_carry_only_days() {
    let home = tempfile::tempdir().unwrap();
    let ctx = ctx(&home, Env::empty());
    let mut t = Canned {
        stats: Some((200, STATS.into())),
        policy: Some((200, POLICY.into())),
        ..Canned::default()
    };
    let fetched = fetch(&ctx, &mut t, 7).unwrap();
    let targets: Vec<String> = t.requests.iter().map(|r| r.target().to_string()).collect();
    assert_eq!(targets, ["/v1/stats/weave-gitops?days=7", "/v1/policy"]);
    let names: Vec<&str> = t.requests[0]
        .headers
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(names, ["accept", "user-agent", "host"]);
    assert_eq!(fetched.raw["new_key"], "kept");
    assert_eq!(fetched.stats.totals.commands, 8);
    let cached = cached_policy(&ctx.paths, &ctx.target()).unwrap();
    assert_eq!(cached.policy.retention, "24mo");
    assert_eq!(fetched.policy, Some(cached));
    // Another endpoint's policy is not this one's.
    assert!(cached_policy(&ctx.paths, &Target::default_endpoint()).is_none());
}

#[test]
fn answers_that_are_not_stats_are_errors_and_a_missing_policy_is_not() {
    let home = tempfile::tempdir().unwrap();
    let ctx = ctx(&home, Env::empty());
    let mut t = Canned::default();
    assert!(matches!(
        fetch(&ctx, &mut t, 30),
        Err(StatsError::Unreachable { .. })
    ));
    t.stats = Some((404, String::new()));
    assert!(matches!(
        fetch(&ctx, &mut t, 30),
        Err(StatsError::Status { status: 404, .. })
    ));
    t.stats = Some((200, "[1]".into()));
    assert!(matches!(
        fetch(&ctx, &mut t, 30),
        Err(StatsError::NotStats { .. })
    ));
    t.stats = Some((200, STATS.into()));
    t.policy = Some((404, String::new()));
    let fetched = fetch(&ctx, &mut t, 30).unwrap();
    assert_eq!(fetched.policy, None);
    assert!(
        fetched
            .policy_problem
            .unwrap()
            .ends_with("answered HTTP 404")
    );
    assert!(!ctx.paths.policy_cache().exists());
}

#[test]
fn mine_counts_delivered_events_of_the_window_to_this_endpoint() {
    let stats = Stats::parse(STATS.as_bytes()).unwrap();
    let target = Target::new("http://127.0.0.1:9", "weave-gitops").unwrap();
    let mut elsewhere = entry("2026-11-20T10:00:00Z", "app", Some(200));
    elsewhere.url = elsewhere.url.replace(":9/", ":10/");
    let log = vec![
        entry("2026-11-17T23:59:59Z", "app", Some(200)), // the day before the window
        entry("2026-11-18T00:00:00Z", "app", Some(200)),
        entry("2026-11-20T10:00:00Z", "cluster", Some(200)),
        entry("2026-11-21T10:00:00Z", "app", Some(500)), // not delivered
        elsewhere,
        entry("2026-11-24T23:59:59Z", "app", Some(200)),
        entry("2026-11-25T00:00:00Z", "app", Some(200)), // after the window
    ];
    let now = "2026-11-24T12:00:00Z".parse().unwrap();
    let mine = mine(&log, &target, &stats, now);
    assert_eq!(mine.checks, 3);
    assert_eq!(mine.share, Some(3.0 / 8.0));
    assert!(mine.complete);
    assert_eq!(
        mine.by_command,
        [
            MineRow {
                object: "get".into(),
                command: "app".into(),
                checks: 2,
                everyone: Some(6),
            },
            MineRow {
                object: "get".into(),
                command: "cluster".into(),
                checks: 1,
                everyone: None,
            },
        ]
    );
    // A full log that starts inside the window misses older checks.
    let full = vec![entry("2026-11-20T10:00:00Z", "app", Some(200)); KEEP];
    assert!(!super::mine(&full, &target, &stats, now).complete);
    assert_eq!(
        super::mine(&[], &target, &Stats::default(), now).share,
        None
    );
}
