//! Fixtures for console tests: an app over a private home, fed a snapshot with fixed times
//! and ids instead of the worker's, rendered to a `TestBackend`.

use crate::config::{Env, Paths, SignatureMode};
use crate::context::Context;
use crate::telemetry::event::Event;
use crate::telemetry::sent_log::{SentEntry, SentKind};
use crate::telemetry::signature::{Origin, Signature};
use crate::telemetry::updates::{CheckResponse, UpdateCache};
use crate::tui::app::{App, Effect, Msg};
use crate::tui::ui;
use crate::tui::worker::{Done, Snapshot};
use checkpoint_protocol::answer::Alert;
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A config that allows telemetry.
pub const GRANTED: &str = "[telemetry]\nconsent = \"granted\"\n";

/// An app for `home` in an empty environment.
pub fn app_for(home: &tempfile::TempDir) -> App {
    app(home, Env::empty())
}

/// An app over a fresh home with `config`, in `env`.
pub fn home_with_app(config: &str, env: Env) -> App {
    let home = home(config);
    app(&home, env)
}

/// The time every console test runs at.
pub fn now() -> Timestamp {
    "2026-11-24T12:00:00Z".parse().unwrap()
}

/// A home under /tmp with a name of fixed length, so wrapped paths wrap the same way on
/// every run (filters then hide the random part).
pub fn home(config: &str) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("gitops-console-")
        .rand_bytes(8)
        .tempdir_in("/tmp")
        .unwrap();
    std::fs::write(dir.path().join("config.toml"), config).unwrap();
    dir
}

/// An app for `home` with `env`, before any data has loaded.
pub fn app(home: &tempfile::TempDir, env: Env) -> App {
    App::new(Context::with_paths(env, Paths::under(home.path())), now())
}

/// A pending event with a fixed id and time.
pub fn event(n: u32, object: &str, command: &str) -> Event {
    Event {
        id: format!("{n:012x}"),
        recorded_at: now() - jiff::SignedDuration::from_mins(1000 - i64::from(n)),
        object: object.into(),
        command: command.into(),
        version: "0.6.2".into(),
        os: "linux".into(),
        arch: "amd64".into(),
        attempts: 0,
        next_attempt: None,
        last_error: None,
    }
}

/// A snapshot with `events`, two sent requests and an update answer announcing 9.0.0.
pub fn snapshot(events: Vec<Event>) -> Snapshot {
    let sent = |command: &str, status: Option<u16>, error: Option<&str>| SentEntry {
        time: now() - jiff::SignedDuration::from_hours(1),
        kind: SentKind::Event {
            object: "get".into(),
            command: command.into(),
        },
        url: format!(
            "https://checkpoint-api.weave.works/v1/check/weave-gitops?arch=amd64&flag_command={command}&flag_object=get&flag_rc=no&os=linux&signature=&version=1.0.0"
        ),
        status,
        duration_ms: 42,
        error: error.map(str::to_string),
        current_version: status.map(|_| "9.0.0".to_string()),
        outdated: status.map(|_| true),
        answer_dropped: Vec::new(),
        answer: status.map(|s| {
            let body = if s == 200 {
                r#"{"current_version":"9.0.0","outdated":true}"#
            } else {
                "busy\u{1b}[2J"
            };
            crate::telemetry::sent_log::Answer::kept(
                &[("content-type".into(), "application/json".into())],
                body.as_bytes(),
            )
        }),
    };
    Snapshot {
        pending: crate::tui::worker::Pending {
            total: Some(events.len()),
            events,
            ..Default::default()
        },
        drops: Default::default(),
        sent: vec![
            sent("app", Some(200), None),
            sent("cluster", Some(500), Some("the server answered HTTP 500")),
        ],
        update: Some(UpdateCache {
            checked_at: now() - jiff::SignedDuration::from_hours(2),
            response: CheckResponse {
                product: "weave-gitops".into(),
                current_version: "9.0.0".into(),
                current_release: 1_700_000_000,
                current_download_url: "https://example.com/download".into(),
                current_changelog_url: "https://example.com/changelog".into(),
                project_website: "https://example.com".into(),
                outdated: true,
                alerts: vec![Alert {
                    id: 1,
                    date: 1_700_000_000,
                    message: "Upgrade: 8.x has a security fix".into(),
                    url: "https://example.com/advisory".into(),
                    level: "warning".into(),
                }],
            },
        }),
        signature: Some(Signature {
            mode: SignatureMode::Random,
            origin: Origin::Random,
            value: "00000000-0000-4000-8000-000000000000".into(),
        }),
        policy: None,
        stamps: Default::default(),
    }
}

/// Feeds the app a snapshot as the worker would.
pub fn load(app: &mut App, snapshot: Snapshot) {
    app.update(Msg::Done(Done::Loaded(Ok(Box::new(snapshot)))));
}

/// Presses keys: characters as typed, or named keys.
pub fn press(app: &mut App, keys: &[KeyCode]) -> Vec<Effect> {
    keys.iter()
        .flat_map(|k| app.update(Msg::Key(KeyEvent::new(*k, KeyModifiers::NONE))))
        .collect()
}

/// Types text, one key per character.
pub fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    let keys: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    press(app, &keys)
}

/// Presses Ctrl with a character.
pub fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    app.update(Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
    )))
}

/// The screen at `width` × `height`, as text.
pub fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| ui::draw(frame, app)).unwrap();
    terminal.backend().to_string()
}

/// The buffer of a render, for tests of styles.
pub fn buffer(app: &App) -> ratatui::buffer::Buffer {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| ui::draw(frame, app)).unwrap();
    terminal.backend().buffer().clone()
}

/// Public stats of seven days ending on [`now`], with the policy, and this machine's share.
pub fn fetched() -> crate::telemetry::stats::Fetched {
    use crate::telemetry::stats::mine::MineRow;
    use crate::telemetry::stats::{Mine, PolicyCache, Stats};
    let days = ["18", "19", "20", "21", "22", "23", "24"];
    let per_day: Vec<String> = days
        .iter()
        .zip([3, 5, 4, 0, 8, 13, 9])
        .map(|(d, n)| {
            format!(
                r#"{{"day":"2026-11-{d}","checks":{},"installs":{n}}}"#,
                n * 4
            )
        })
        .collect();
    let body = format!(
        r#"{{"product":"weave-gitops","days":7,"first_day":"2026-11-18","last_day":"2026-11-24",
        "min_installs":3,"installs_error":0.023,
        "totals":{{"checks":168,"commands":150,"update_checks":18,"installs":21}},
        "by_command":{{"rows":[
            {{"object":"get","command":"app","checks":80,"installs":15}},
            {{"object":"add","command":"cluster","checks":40,"installs":9}},
            {{"object":"get","command":"cluster","checks":22,"installs":6}}],
            "other":{{"checks":8,"installs":4}},"other_rows":3}},
        "by_version":{{"rows":[
            {{"version":"0.38.0","checks":120,"installs":16}},
            {{"version":"0.37.1","checks":48,"installs":7}}]}},
        "by_platform":{{"rows":[
            {{"os":"freebsd","arch":"riscv64","checks":130,"installs":17}},
            {{"os":"openbsd","arch":"ppc64le","checks":38,"installs":5}}]}},
        "per_day":{{"rows":[{}]}}}}"#,
        per_day.join(",")
    );
    let stats = Stats::parse(body.as_bytes()).unwrap();
    let policy = PolicyCache {
        fetched_at: now(),
        endpoint: "https://checkpoint-api.weave.works".into(),
        policy: serde_json::from_str(
            r#"{"retention":"24mo","oldest_day":"2024-11-24","min_installs":3,"page":"/policy"}"#,
        )
        .unwrap(),
    };
    crate::telemetry::stats::Fetched {
        url: "https://checkpoint-api.weave.works/v1/stats/weave-gitops?days=7".into(),
        fetched_at: now(),
        raw: serde_json::from_str(&body).unwrap(),
        policy: Some(policy),
        policy_raw: None,
        policy_problem: None,
        mine: Mine {
            checks: 7,
            share: Some(7.0 / 150.0),
            complete: true,
            by_command: vec![
                MineRow {
                    object: "get".into(),
                    command: "app".into(),
                    checks: 5,
                    everyone: Some(80),
                },
                MineRow {
                    object: "delete".into(),
                    command: "tf".into(),
                    checks: 2,
                    everyone: None,
                },
            ],
        },
        stats,
    }
}
