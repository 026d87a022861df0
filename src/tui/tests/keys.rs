//! The console's key handling and update logic, with no terminal: keys in, state and effects
//! out.

use super::fixtures::{app, ctrl, event, home, load, press, snapshot, type_text};
use crate::config::{ConsentSetting, Env};
use crate::feedback::browser::Outcome;
use crate::telemetry::choice::ConsentChange;
use crate::tui::app::{App, Effect, Level, Msg};
use crate::tui::mode::{Mode, Question};
use crate::tui::tab::Tab;
use crate::tui::worker::{Done, Job, Opened};
use crossterm::event::KeyCode;

const GRANTED: &str = "[telemetry]\nconsent = \"granted\"\n";

#[test]
fn first_run_opens_on_the_consent_choice_and_allow_asks_the_worker_to_save_it() {
    let home = home("");
    let mut app = app(&home, Env::empty());
    assert_eq!(app.view.mode, Mode::ConsentChoice);
    // Keys of other screens do nothing while the choice is open.
    assert!(press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('q')]).is_empty());
    assert_eq!(app.view.tab, Tab::Overview);
    let effects = press(&mut app, &[KeyCode::Char('a')]);
    assert_eq!(
        effects,
        [Effect::Job(Job::SetConsent(ConsentSetting::Granted))]
    );
    assert_eq!(app.view.mode, Mode::Browsing);
}

#[test]
fn decide_later_keeps_undecided_and_no_overlay_when_already_decided() {
    let undecided = home("");
    let mut app = app(&undecided, Env::empty());
    assert!(press(&mut app, &[KeyCode::Char('l')]).is_empty());
    assert_eq!(app.view.mode, Mode::Browsing);
    let granted = home(GRANTED);
    assert_eq!(app_for(&granted).view.mode, Mode::Browsing);
    let denied_by_env = home_with_app("", Env::empty().with("CHECKPOINT_DISABLE", "1"));
    assert_eq!(denied_by_env.view.mode, Mode::Browsing);
}

fn app_for(home: &tempfile::TempDir) -> App {
    app(home, Env::empty())
}

fn home_with_app(config: &str, env: Env) -> App {
    let home = home(config);
    app(&home, env)
}

#[test]
fn tabs_by_number_and_cycle_and_quit() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    press(&mut app, &[KeyCode::Char('4')]);
    assert_eq!(app.view.tab, Tab::Sent);
    press(&mut app, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    assert_eq!(app.view.tab, Tab::Overview);
    press(&mut app, &[KeyCode::BackTab]);
    assert_eq!(app.view.tab, Tab::Updates);
    assert_eq!(press(&mut app, &[KeyCode::Char('q')]), [Effect::Quit]);
    assert_eq!(press(&mut app, &[KeyCode::Esc]), [Effect::Quit]);
}

#[test]
fn typing_a_command_line_takes_q_and_digits() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![]));
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Enter]);
    assert!(app.editing());
    // Clear the example line, then type.
    for _ in 0..80 {
        press(&mut app, &[KeyCode::Backspace]);
    }
    assert!(type_text(&mut app, "get clusters -n q1").is_empty());
    assert_eq!(app.view.tab, Tab::Payload);
    assert_eq!(app.argv(), ["get", "clusters", "-n", "q1"]);
    let preview = app.preview(&app.argv()).unwrap();
    assert_eq!(preview.reduction.object, "get");
    assert_eq!(preview.reduction.command, "cluster");
    assert!(!preview.http.contains("q1"));
    press(&mut app, &[KeyCode::Enter]);
    assert!(!app.editing());
    assert_eq!(press(&mut app, &[KeyCode::Char('q')]), [Effect::Quit]);
}

#[test]
fn pending_delete_clear_with_confirmation_and_send() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(
        &mut app,
        snapshot(vec![event(1, "get", "app"), event(2, "add", "cluster")]),
    );
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Down]);
    assert_eq!(
        press(&mut app, &[KeyCode::Char('x')]),
        [Effect::Job(Job::Delete(event(2, "", "").id))]
    );
    assert!(press(&mut app, &[KeyCode::Char('C')]).is_empty());
    assert_eq!(app.view.mode, Mode::Confirm(Question::ClearAll));
    assert!(press(&mut app, &[KeyCode::Char('n')]).is_empty());
    assert_eq!(app.view.mode, Mode::Browsing);
    press(&mut app, &[KeyCode::Char('C')]);
    assert_eq!(
        press(&mut app, &[KeyCode::Char('y')]),
        [Effect::Job(Job::Clear)]
    );
    assert_eq!(
        press(&mut app, &[KeyCode::Char('s')]),
        [Effect::Job(Job::Send)]
    );
    // A second send while one runs is refused.
    assert!(press(&mut app, &[KeyCode::Char('s')]).is_empty());
    app.update(Msg::Done(Done::Progress(1, 2)));
    assert_eq!(app.sending, Some((1, 2)));
}

#[test]
fn send_now_while_undecided_sends_nothing_and_says_why() {
    let home = home("");
    let mut app = app_for(&home);
    press(&mut app, &[KeyCode::Char('l')]);
    load(&mut app, snapshot(vec![event(1, "get", "app")]));
    press(&mut app, &[KeyCode::Char('3')]);
    assert!(press(&mut app, &[KeyCode::Char('s')]).is_empty());
    let status = app.status.clone().unwrap();
    assert!(status.level == Level::Error);
    assert!(
        status
            .text
            .starts_with("nothing sent: telemetry is undecided"),
        "{status:?}"
    );
}

#[test]
fn enter_shows_the_exact_request_of_a_pending_event() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![event(1, "get", "app")]));
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Enter]);
    let Mode::Detail { what, .. } = &app.view.mode else {
        panic!("no detail: {:?}", app.view.mode);
    };
    let (_, lines) = app.detail(what);
    assert!(
        lines.iter().any(|l| l.starts_with(
            "  GET /v1/check/weave-gitops?arch=amd64&flag_command=app&flag_object=get"
        )),
        "{lines:?}"
    );
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.view.mode, Mode::Browsing);
}

#[test]
fn channels_open_copy_and_the_issue_form() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![]));
    press(&mut app, &[KeyCode::Char('5')]);
    assert_eq!(
        press(&mut app, &[KeyCode::Enter]),
        [Effect::Job(Job::Open(
            "https://github.com/weaveworks/weave-gitops/issues".into()
        ))]
    );
    let copied = press(&mut app, &[KeyCode::Down, KeyCode::Char('y')]);
    assert_eq!(copied, [Effect::Copy("https://slack.weave.works/".into())]);

    press(&mut app, &[KeyCode::Char('i')]);
    assert!(app.input.form.is_some());
    // Without a title, nothing opens.
    assert!(ctrl(&mut app, 'o').is_empty());
    assert!((app.status.as_ref().unwrap().level == Level::Error));
    type_text(&mut app, "q & a");
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "line 1");
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "line 2");
    let effects = ctrl(&mut app, 'o');
    let [Effect::Job(Job::OpenIssue(issue))] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(issue.title, "q & a");
    assert!(
        issue.body.starts_with("line 1\nline 2\n\n### Environment"),
        "{}",
        issue.body
    );
    assert!(
        issue.url.contains("title=q+%26+a&body=line+1%0Aline+2"),
        "{}",
        issue.url
    );

    // Esc leaves the form without opening anything; the next Esc quits.
    assert!(press(&mut app, &[KeyCode::Esc]).is_empty());
    assert!(app.input.form.is_none());
    assert_eq!(press(&mut app, &[KeyCode::Esc]), [Effect::Quit]);
}

#[test]
fn no_browser_shows_and_copies_the_address() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    let effects = app.update(Msg::Done(Done::Opened(Opened {
        url: "https://slack.weave.works/".into(),
        saved_to: None,
        long_body: None,
        result: Ok(Outcome::Print("this is an SSH session".into())),
    })));
    assert_eq!(effects, [Effect::Copy("https://slack.weave.works/".into())]);
    let text = &app.status.as_ref().unwrap().text;
    assert!(text.contains("this is an SSH session"), "{text}");
    assert!(text.contains("https://slack.weave.works/"), "{text}");
}

#[test]
fn paging_through_a_long_queue() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    let events = (0..1000).map(|n| event(n, "get", "app")).collect();
    load(&mut app, snapshot(events));
    app.update(Msg::Resize(80, 24));
    press(
        &mut app,
        &[KeyCode::Char('3'), KeyCode::PageDown, KeyCode::PageDown],
    );
    assert_eq!(app.view.selected.pending, 30);
    for _ in 0..100 {
        press(&mut app, &[KeyCode::PageDown]);
    }
    assert_eq!(app.view.selected.pending, 999);
    // The data shrinks: the selection follows.
    load(&mut app, snapshot(vec![event(1, "get", "app")]));
    assert_eq!(app.view.selected.pending, 0);
}

#[test]
fn help_lists_every_binding() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    press(&mut app, &[KeyCode::Char('?')]);
    let Mode::Detail { what, .. } = &app.view.mode else {
        panic!("no help");
    };
    let (title, lines) = app.detail(what);
    assert_eq!(title, "Keys");
    for binding in crate::tui::keymap::BINDINGS {
        assert!(
            lines.iter().any(|l| l.contains(binding.help)),
            "{} missing from help",
            binding.help
        );
    }
    press(&mut app, &[KeyCode::Char('?')]);
    assert_eq!(app.view.mode, Mode::Browsing);
}

/// The worker does what the console asks with the library's calls: consent is saved exactly
/// as `gitops telemetry enable` saves it, deletes reach the queue file, and a fresh snapshot
/// follows each change.
#[test]
fn the_worker_saves_consent_and_deletes_events() {
    use crate::config::Paths;
    use crate::context::Context;

    let home = home("# my settings\n");
    let ctx = Context::with_paths(Env::empty(), Paths::under(home.path()));
    crate::telemetry::record::record(&ctx, &["get".into(), "app".into()], None, None).unwrap();
    let (jobs, job_rx) = std::sync::mpsc::channel();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || crate::tui::worker::run(ctx, job_rx, tx, Msg::Done));
    let next = || match rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap() {
        Msg::Done(done) => done,
        other => panic!("{other:?}"),
    };

    jobs.send(Job::SetConsent(ConsentSetting::Granted)).unwrap();
    assert!(matches!(
        next(),
        Done::ConsentSet(Ok(ConsentChange {
            setting: ConsentSetting::Granted,
            ..
        }))
    ));
    let Done::Loaded(Ok(snapshot)) = next() else {
        panic!("no snapshot");
    };
    assert_eq!(snapshot.events.len(), 1);
    let config = std::fs::read_to_string(home.path().join("config.toml")).unwrap();
    assert_eq!(
        config,
        "# my settings\n\n[telemetry]\nconsent = \"granted\"\n"
    );

    jobs.send(Job::Delete(snapshot.events[0].id.clone()))
        .unwrap();
    assert!(matches!(next(), Done::Deleted(Ok(true))));
    let Done::Loaded(Ok(snapshot)) = next() else {
        panic!("no snapshot");
    };
    assert!(snapshot.events.is_empty());
}
