//! Snapshots of every console screen in its key states, at 80×24 (`insta`, `TestBackend`).
//! Times and ids are fixed by the fixtures; filters hide the private home's random name.

use super::fixtures::{app, ctrl, event, fetched, home, load, press, render, snapshot, type_text};
use crate::config::Env;
use crate::telemetry::stats::StatsError;
use crate::telemetry::transport::TransportError;
use crate::tui::app::{App, Msg};
use crate::tui::worker::Done;
use crossterm::event::KeyCode;

const GRANTED: &str = "[telemetry]\nconsent = \"granted\"\n";

fn assert_screen(name: &str, app: &App) {
    assert_screen_sized(name, app, 80, 24);
}

fn assert_screen_sized(name: &str, app: &App, width: u16, height: u16) {
    assert_screen_text(name, &render(app, width, height));
}

fn assert_screen_text(name: &str, screen: &str) {
    insta::with_settings!({
        filters => vec![
            (r"/tmp/gitops-console-[A-Za-z0-9]{8}", "[HOME]"),
            (r"\b(amd64|arm64|386|arm)\b", "[arch]"),
            (r"\b(linux|darwin|windows)\b", "[os]"),
            (r"gitops-feedback/\d+\.\d+\.\d+", "gitops-feedback/[version]"),
            (r"v\d+\.\d+\.\d+ ", "v[version] "),
            (r"(Running: +|gitops version: )\d+\.\d+\.\d+", "$1[version]"),
            (r"gitops 0\.1\.0 \(this build", "gitops [version] (this build"),
        ],
    }, {
        insta::assert_snapshot!(name, screen);
    });
}

fn loaded(config: &str, env: Env, events: usize) -> (tempfile::TempDir, App) {
    let home = home(config);
    let mut app = app(&home, env);
    let events = (1..=events as u32)
        .map(|n| event(n, "get", if n % 2 == 0 { "cluster" } else { "app" }))
        .collect();
    load(&mut app, snapshot(events));
    (home, app)
}

#[test]
fn first_run_consent_choice() {
    let (_home, app) = loaded("", Env::empty(), 0);
    assert_screen("consent_choice", &app);
}

#[test]
fn overview_undecided_granted_denied() {
    let (_h1, mut undecided) = loaded("", Env::empty(), 0);
    press(&mut undecided, &[KeyCode::Char('l')]);
    assert_screen("overview_undecided", &undecided);
    let (_h2, granted) = loaded(GRANTED, Env::empty(), 0);
    assert_screen("overview_granted", &granted);
    let (_h3, denied) = loaded(GRANTED, Env::empty().with("DO_NOT_TRACK", "1"), 0);
    assert_screen("overview_denied_by_environment", &denied);
    let (_h4, mut scrolled) = loaded(GRANTED, Env::empty(), 0);
    press(&mut scrolled, &[KeyCode::PageDown]);
    assert_screen("overview_scrolled", &scrolled);
}

#[test]
fn broken_config_is_an_error_message_not_an_exit() {
    let (_home, app) = loaded("[telemetry]\ntimeout = \"soon\"\n", Env::empty(), 0);
    assert_screen("overview_config_error", &app);
}

#[test]
fn payload_live_preview() {
    let (_home, mut app) = loaded(GRANTED, Env::empty(), 0);
    press(&mut app, &[KeyCode::Char('2')]);
    assert_screen("payload_example", &app);
    press(&mut app, &[KeyCode::Enter]);
    for _ in 0..80 {
        press(&mut app, &[KeyCode::Backspace]);
    }
    type_text(&mut app, "delete tf my-secret-name --namespace prod");
    assert_screen("payload_typing", &app);
}

#[test]
fn pending_states() {
    let (_h1, mut empty) = loaded(GRANTED, Env::empty(), 0);
    press(&mut empty, &[KeyCode::Char('3')]);
    assert_screen("pending_empty", &empty);

    let (_h2, mut undecided) = loaded("", Env::empty(), 5);
    press(&mut undecided, &[KeyCode::Char('l'), KeyCode::Char('3')]);
    assert_screen("pending_undecided", &undecided);

    let home = home(GRANTED);
    let mut granted = app(&home, Env::empty());
    let mut failing = event(1, "add", "cluster");
    failing.attempts = 3;
    failing.next_attempt = Some(super::fixtures::now() + jiff::SignedDuration::from_mins(4));
    failing.last_error = Some("no answer within 3s".into());
    let mut data = snapshot(vec![failing, event(2, "get", "app")]);
    data.drops.dropped_overflow = 7;
    load(&mut granted, data);
    press(&mut granted, &[KeyCode::Char('3')]);
    assert_screen("pending_backing_off", &granted);
    press(&mut granted, &[KeyCode::Enter]);
    assert_screen("pending_detail", &granted);
    press(&mut granted, &[KeyCode::Esc, KeyCode::Char('C')]);
    assert_screen("pending_clear_confirmation", &granted);
}

#[test]
fn pending_long_queue_scrolls_by_page() {
    let (_home, mut app) = loaded(GRANTED, Env::empty(), 100);
    press(&mut app, &[KeyCode::Char('3')]);
    for _ in 0..25 {
        press(&mut app, &[KeyCode::Down]);
    }
    assert_screen("pending_second_page", &app);
}

#[test]
fn sent_states() {
    let home = home(GRANTED);
    let mut empty = app(&home, Env::empty());
    let mut data = snapshot(vec![]);
    data.sent.clear();
    load(&mut empty, data);
    press(&mut empty, &[KeyCode::Char('4')]);
    assert_screen("sent_empty", &empty);

    let (_h, mut app) = loaded(GRANTED, Env::empty(), 0);
    press(&mut app, &[KeyCode::Char('4')]);
    assert_screen("sent_log", &app);
    press(&mut app, &[KeyCode::Down, KeyCode::Enter]);
    assert_screen("sent_detail", &app);
}

#[test]
fn feedback_channels_and_issue_form() {
    let (_home, mut app) = loaded(GRANTED, Env::empty(), 0);
    press(&mut app, &[KeyCode::Char('5')]);
    assert_screen("feedback_channels", &app);
    press(&mut app, &[KeyCode::Char('i')]);
    type_text(&mut app, "Console crashes on resize");
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "Steps: resize & watch");
    assert_screen("feedback_issue_form", &app);
    press(&mut app, &[KeyCode::Tab]);
    press(&mut app, &[KeyCode::Char(' ')]);
    assert_screen("feedback_issue_without_diagnostics", &app);
    ctrl(&mut app, 'y');
    assert_screen("feedback_issue_copied", &app);
}

#[test]
fn updates_states() {
    let home = home(GRANTED);
    let mut none = app(&home, Env::empty());
    let mut data = snapshot(vec![]);
    data.update = None;
    load(&mut none, data);
    press(&mut none, &[KeyCode::Char('6')]);
    assert_screen("updates_unknown", &none);

    let (_h, mut app) = loaded(GRANTED, Env::empty(), 0);
    press(&mut app, &[KeyCode::Char('6')]);
    assert_screen("updates_newer_with_alert", &app);
}

/// The Stats tab before anything is fetched, with the stats, after an error, and when the
/// environment forbids the fetch.
#[test]
fn stats_states() {
    let (_h1, mut app) = loaded(GRANTED, Env::empty(), 0);
    press(&mut app, &[KeyCode::Char('7')]);
    assert_screen("stats_not_fetched", &app);
    press(&mut app, &[KeyCode::Char('r')]);
    app.update(Msg::Done(Done::Aggregate(Ok(Box::new(fetched())))));
    assert_screen("stats_fetched", &app);
    assert_screen_sized("stats_fetched_large", &app, 120, 40);
    press(&mut app, &[KeyCode::Char('1')]);
    for _ in 0..12 {
        press(&mut app, &[KeyCode::Down]);
    }
    assert_screen("overview_with_published_retention", &app);

    let (_h2, mut failed) = loaded(GRANTED, Env::empty(), 0);
    press(&mut failed, &[KeyCode::Char('7'), KeyCode::Char('r')]);
    failed.update(Msg::Done(Done::Aggregate(Err(StatsError::Unreachable {
        url: "https://checkpoint-api.weave.works/v1/stats/weave-gitops?days=30".into(),
        source: TransportError::Timeout(std::time::Duration::from_secs(3)),
    }
    .into()))));
    assert_screen("stats_error", &failed);

    let (_h3, mut forbidden) = loaded(GRANTED, Env::empty().with("DO_NOT_TRACK", "1"), 0);
    press(&mut forbidden, &[KeyCode::Char('7')]);
    assert_screen("stats_forbidden_before_asking", &forbidden);
    press(&mut forbidden, &[KeyCode::Char('r')]);
    forbidden.update(Msg::Done(Done::Aggregate(Err(StatsError::Forbidden(
        "DO_NOT_TRACK".into(),
    )
    .into()))));
    assert_screen("stats_forbidden", &forbidden);
}

#[test]
fn help_overlay() {
    let (_home, mut app) = loaded(GRANTED, Env::empty(), 0);
    press(&mut app, &[KeyCode::Char('?')]);
    assert_screen("help", &app);
}

#[test]
fn before_data_loads() {
    let home = home(GRANTED);
    let mut app = app(&home, Env::empty());
    press(&mut app, &[KeyCode::Char('3')]);
    assert_screen("pending_loading", &app);
}

#[test]
fn too_small_and_large() {
    let (_home, app) = loaded(GRANTED, Env::empty(), 3);
    assert_screen_sized("too_small", &app, 59, 15);
    assert_screen_sized("large_overview", &app, 120, 40);
}

/// `NO_COLOR`: no cell has a colour; bold and reverse still mark headings and selections.
#[test]
fn no_color_draws_without_colour() {
    use ratatui::style::Color;
    for (env, coloured) in [
        (Env::empty(), true),
        (Env::empty().with("NO_COLOR", "1"), false),
    ] {
        let (_home, mut app) = loaded(GRANTED, env, 3);
        for tab in ['1', '3', '4', '6'] {
            press(&mut app, &[KeyCode::Char(tab)]);
            let buffer = super::fixtures::buffer(&app);
            let any_colour = buffer
                .content
                .iter()
                .any(|c| c.fg != Color::Reset || c.bg != Color::Reset);
            assert_eq!(any_colour, coloured, "tab {tab}");
        }
    }
}

/// Every screen at the smallest size the console draws in, a common one and a large one:
/// nothing that matters is cut, what is cut ends in `…`, and columns grow with the width.
#[test]
fn every_screen_at_three_sizes() {
    for (width, height) in [(60, 16), (80, 24), (200, 60)] {
        let mut all = String::new();
        let mut shot = |name: &str, app: &App| {
            all.push_str(&format!("── {name} ──\n{}\n", render(app, width, height)));
        };
        let (_h1, choice) = loaded("", Env::empty(), 2);
        shot("consent choice", &choice);
        let (_h2, mut app) = loaded(GRANTED, Env::empty(), 40);
        let mut failing = event(41, "add", "cluster");
        failing.attempts = 2;
        failing.last_error = Some("no answer within 3s from the server at the endpoint".into());
        failing.next_attempt = Some(super::fixtures::now() + jiff::SignedDuration::from_mins(4));
        let mut data = snapshot((1..=40).map(|n| event(n, "get", "app")).collect());
        data.pending.events.push(failing);
        data.pending.total = Some(41);
        load(&mut app, data);
        for (key, name) in [
            ('1', "overview"),
            ('2', "payload"),
            ('3', "pending"),
            ('4', "sent"),
            ('5', "feedback"),
            ('6', "updates"),
            ('7', "stats not fetched"),
        ] {
            press(&mut app, &[KeyCode::Char(key)]);
            shot(name, &app);
        }
        app.update(Msg::Done(Done::Aggregate(Ok(Box::new(fetched())))));
        shot("stats", &app);
        press(&mut app, &[KeyCode::PageDown]);
        shot("stats scrolled", &app);
        press(&mut app, &[KeyCode::Char('5'), KeyCode::Char('i')]);
        type_text(&mut app, "Console crashes on resize");
        press(&mut app, &[KeyCode::Enter]);
        type_text(
            &mut app,
            "Steps: resize the window while the Pending tab is open",
        );
        shot("issue form", &app);
        press(&mut app, &[KeyCode::Esc, KeyCode::Char('?')]);
        shot("help", &app);
        assert_screen_text(&format!("sizes_{width}x{height}"), &all);
    }
}
