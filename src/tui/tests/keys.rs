//! The console's key handling and update logic, with no terminal: keys in, state and effects
//! out.

use super::fixtures::{
    GRANTED, app, app_for, ctrl, event, home, home_with_app, load, press, snapshot, type_text,
};
use crate::config::{ConsentSetting, Env};
use crate::feedback::browser::Handoff;
use crate::tui::app::{Effect, Level, Msg};
use crate::tui::mode::{Detail, Mode, Question};
use crate::tui::tab::Tab;
use crate::tui::worker::{Done, Job, JobError, Opened};
use crossterm::event::KeyCode;

#[test]
fn first_run_opens_on_the_consent_choice_and_allow_asks_the_worker_to_save_it() {
    let home = home("");
    let mut app = app(&home, Env::empty());
    assert_eq!(app.view.mode, Mode::ConsentChoice);
    // Keys of other screens do nothing while the choice is open.
    assert!(press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('x')]).is_empty());
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

#[test]
fn tabs_by_number_and_cycle_and_quit() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    press(&mut app, &[KeyCode::Char('4')]);
    assert_eq!(app.view.tab, Tab::Sent);
    press(
        &mut app,
        &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Tab],
    );
    assert_eq!(app.view.tab, Tab::Overview);
    press(&mut app, &[KeyCode::BackTab]);
    assert_eq!(app.view.tab, Tab::Stats);
    press(&mut app, &[KeyCode::Char('7')]);
    assert_eq!(app.view.tab, Tab::Stats);
    assert_eq!(press(&mut app, &[KeyCode::Char('q')]), [Effect::Quit]);
    // Esc on a plain screen does nothing: a stray one never ends the console.
    assert!(press(&mut app, &[KeyCode::Esc, KeyCode::Esc]).is_empty());
    assert_eq!(app.view.tab, Tab::Stats);
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
    // Deleting one asks first, naming it.
    assert!(press(&mut app, &[KeyCode::Char('x')]).is_empty());
    assert!(
        matches!(&app.view.mode, Mode::Confirm { question: Question::Delete(id), .. } if *id == event(2, "", "").id)
    );
    assert_eq!(
        press(&mut app, &[KeyCode::Char('y')]),
        [Effect::Job(Job::Delete(event(2, "", "").id))]
    );
    assert!(press(&mut app, &[KeyCode::Char('C')]).is_empty());
    assert!(matches!(
        &app.view.mode,
        Mode::Confirm {
            question: Question::ClearAll,
            ..
        }
    ));
    assert!(press(&mut app, &[KeyCode::Char('n')]).is_empty());
    assert_eq!(app.view.mode, Mode::Browsing);
    press(&mut app, &[KeyCode::Char('C')]);
    assert_eq!(
        press(&mut app, &[KeyCode::Char('y')]),
        [Effect::Job(Job::Clear)]
    );
    assert_eq!(
        press(&mut app, &[KeyCode::Char('s')]),
        [Effect::Job(Job::Send {
            shown: Default::default(),
            force: false
        })]
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

    // Esc leaves the form without opening anything, keeping the draft; the next Esc does
    // nothing.
    assert!(matches!(
        press(&mut app, &[KeyCode::Esc]).as_slice(),
        [Effect::Job(Job::SaveDraft(Some(_)))]
    ));
    assert_eq!(app.view.mode, Mode::Browsing);
    assert!(app.input.form.is_some());
    assert!(press(&mut app, &[KeyCode::Esc]).is_empty());
    assert_eq!(app.view.tab, Tab::Feedback);
}

#[test]
fn no_browser_shows_and_copies_the_address() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    let effects = app.update(Msg::Done(Done::Opened(Opened {
        url: "https://slack.weave.works/".into(),
        saved_to: None,
        long_body: None,
        result: Ok(Handoff::Print("this is an SSH session".into())),
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

#[test]
fn every_exit_works_on_the_consent_choice() {
    let home = home("");
    assert_eq!(
        press(&mut app(&home, Env::empty()), &[KeyCode::Char('q')]),
        [Effect::Quit]
    );
    let mut app = app(&home, Env::empty());
    assert_eq!(ctrl(&mut app, 'c'), [Effect::Quit]);
    // Help opens over the choice and closes back onto it.
    press(&mut app, &[KeyCode::Char('?')]);
    assert!(matches!(
        app.view.mode,
        Mode::Detail {
            what: Detail::Help,
            ..
        }
    ));
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.view.mode, Mode::ConsentChoice);
}

#[test]
fn ctrl_c_quits_and_f1_helps_from_text_fields() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Enter]);
    assert_eq!(app.view.mode, Mode::Typing);
    // `?` is text here; F1 is help, and closing it goes back to typing.
    type_text(&mut app, "?");
    assert_eq!(app.view.mode, Mode::Typing);
    press(&mut app, &[KeyCode::F(1)]);
    assert!(matches!(
        app.view.mode,
        Mode::Detail {
            what: Detail::Help,
            ..
        }
    ));
    press(&mut app, &[KeyCode::Esc]);
    assert_eq!(app.view.mode, Mode::Typing);
    assert_eq!(ctrl(&mut app, 'c'), [Effect::Quit]);
    press(
        &mut app,
        &[KeyCode::Esc, KeyCode::Char('5'), KeyCode::Char('i')],
    );
    assert_eq!(app.view.mode, Mode::Form);
    assert_eq!(ctrl(&mut app, 'c'), [Effect::Quit]);
}

#[test]
fn help_scrolls_by_page_and_lists_only_keys_that_work_there() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    app.update(Msg::Resize(60, 16));
    press(&mut app, &[KeyCode::Char('?'), KeyCode::PageDown]);
    let Mode::Detail { scroll, .. } = app.view.mode else {
        panic!("no help")
    };
    assert!(scroll > 1, "PgDn scrolled {scroll}");
    // Every binding the help lists under a scope acts in that scope.
    for binding in crate::tui::keymap::BINDINGS {
        for key in binding.keys {
            assert_eq!(
                crate::tui::keymap::lookup(&[binding.scope], *key),
                Some(binding.action),
                "{} in {:?}",
                key.label(),
                binding.scope
            );
        }
    }
}

#[test]
fn denying_with_pending_events_asks_first_naming_how_many() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(
        &mut app,
        snapshot(vec![event(1, "get", "app"), event(2, "get", "app")]),
    );
    assert!(press(&mut app, &[KeyCode::Char('d')]).is_empty());
    assert!(matches!(
        app.view.mode,
        Mode::Confirm {
            question: Question::Deny(2),
            ..
        }
    ));
    assert!(press(&mut app, &[KeyCode::Char('n')]).is_empty());
    assert_eq!(app.view.mode, Mode::Browsing);
    press(&mut app, &[KeyCode::Char('d')]);
    assert_eq!(
        press(&mut app, &[KeyCode::Char('y')]),
        [Effect::Job(Job::SetConsent(ConsentSetting::Denied))]
    );
    // With nothing pending there is nothing to lose: no question.
    load(&mut app, snapshot(vec![]));
    assert_eq!(
        press(&mut app, &[KeyCode::Char('d')]),
        [Effect::Job(Job::SetConsent(ConsentSetting::Denied))]
    );
}

#[test]
fn the_issue_draft_is_kept_when_leaving_the_form_and_restored_from_disk() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    press(&mut app, &[KeyCode::Char('5'), KeyCode::Char('i')]);
    type_text(&mut app, "My title");
    let effects = press(&mut app, &[KeyCode::Esc]);
    let [Effect::Job(Job::SaveDraft(Some(draft)))] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(draft.title, "My title");
    // Other tabs and back: the form opens with the draft.
    press(
        &mut app,
        &[KeyCode::Char('1'), KeyCode::Char('5'), KeyCode::Char('i')],
    );
    assert_eq!(app.draft().unwrap().title, "My title");
    // A new console gets the draft the worker read from disk.
    let mut fresh = app_for(&home);
    fresh.update(Msg::Done(Done::Draft(Some(draft.clone()))));
    assert_eq!(fresh.draft().unwrap().title, "My title");
    // Discarding asks, then removes it.
    assert!(ctrl(&mut app, 'd').is_empty());
    assert_eq!(
        press(&mut app, &[KeyCode::Char('y')]),
        [Effect::Job(Job::SaveDraft(None))]
    );
    assert_eq!(app.draft(), None);
}

#[test]
fn messages_fade_and_errors_wait_for_a_key() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![]));
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('C')]);
    assert!(app.status.is_some());
    app.update(Msg::Tick(app.view.now + jiff::SignedDuration::from_secs(6)));
    assert_eq!(app.status, None, "information fades");
    app.update(Msg::Done(Done::Cleared(Err(JobError::ChangeQueue(
        std::io::Error::other("disk on fire"),
    )))));
    app.update(Msg::Tick(
        app.view.now + jiff::SignedDuration::from_secs(60),
    ));
    assert!(app.status.is_some(), "errors stay until read");
    press(&mut app, &[KeyCode::Down]);
    assert_eq!(app.status, None);
    // The last message can still be read in full.
    press(&mut app, &[KeyCode::Char('m')]);
    let Mode::Detail { what, .. } = &app.view.mode else {
        panic!("no message window")
    };
    assert!(app.detail(what).1[0].contains("disk on fire"));
}

/// A send during backoff explains itself: when the next attempt is, and that S sends now.
#[test]
fn a_send_during_backoff_says_when_and_how_to_send_now() {
    use crate::telemetry::delivery::SendReport;
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![event(1, "get", "app")]));
    press(&mut app, &[KeyCode::Char('3')]);
    assert_eq!(
        press(&mut app, &[KeyCode::Char('S')]),
        [Effect::Job(Job::Send {
            shown: Default::default(),
            force: true
        })]
    );
    let report = SendReport {
        waiting: 5,
        next_attempt: Some("2026-11-24T12:05:00Z".parse().unwrap()),
        ..SendReport::default()
    };
    app.update(Msg::Done(Done::Sent(Ok(report))));
    let text = &app.status.as_ref().unwrap().text;
    assert!(
        text.contains("waiting 5") && text.contains("next attempt at 2026-11-24 12:05:00 UTC"),
        "{text}"
    );
    assert!(text.ends_with("S sends them now"), "{text}");
}

/// The Stats tab fetches only when `r` is pressed, once at a time, and shows what came.
#[test]
fn the_aggregate_is_fetched_only_when_asked() {
    use crate::telemetry::stats::StatsError;
    use crate::tui::app::AggregateView;
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![]));
    assert!(press(&mut app, &[KeyCode::Char('7'), KeyCode::Down]).is_empty());
    assert!(matches!(app.aggregate, AggregateView::NotFetched));
    assert_eq!(
        press(&mut app, &[KeyCode::Char('r')]),
        [Effect::Job(Job::FetchAggregate(30))]
    );
    assert!(press(&mut app, &[KeyCode::Char('r')]).is_empty());
    let fetched = super::fixtures::fetched();
    app.update(Msg::Done(Done::Aggregate(Ok(Box::new(fetched.clone())))));
    assert!(matches!(&app.aggregate, AggregateView::Fetched(f) if **f == fetched));
    // The policy that came is the one the privacy notice shows.
    assert_eq!(app.data.as_ref().unwrap().policy, fetched.policy);
    let problem = StatsError::Status {
        url: "http://127.0.0.1:9/v1/stats/weave-gitops?days=30".into(),
        status: 404,
    };
    press(&mut app, &[KeyCode::Char('r')]);
    app.update(Msg::Done(Done::Aggregate(Err(problem.into()))));
    assert!(matches!(
        app.aggregate,
        AggregateView::Failed(JobError::FetchAggregate(StatsError::Status {
            status: 404,
            ..
        }))
    ));
    assert_eq!(app.status.as_ref().unwrap().level, Level::Error);
}
