//! The console at its edges, with no terminal: below the minimum size, the draft saved as
//! it is typed, Esc that never quits, and the editing keys of text fields.

use super::fixtures::{GRANTED, app_for, ctrl, event, home, load, now, press, snapshot, type_text};
use crate::tui::app::{Effect, Msg};
use crate::tui::mode::Mode;
use crate::tui::tab::Tab;
use crate::tui::worker::Job;
use crossterm::event::KeyCode;

#[test]
fn below_the_minimum_size_only_quit_acts() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(
        &mut app,
        snapshot(vec![event(1, "get", "app"), event(2, "add", "cluster")]),
    );
    app.update(Msg::Resize(50, 12));
    let keys = [
        KeyCode::Char('3'),
        KeyCode::Char('C'),
        KeyCode::Char('y'),
        KeyCode::Char('d'),
        KeyCode::Char('y'),
        KeyCode::Tab,
        KeyCode::Char('?'),
    ];
    assert!(press(&mut app, &keys).is_empty());
    assert_eq!(app.view.tab, Tab::Overview);
    assert_eq!(app.view.mode, Mode::Browsing);
    app.update(Msg::Paste("q".into()));
    app.update(Msg::Wheel(3));
    assert_eq!(app.view.selected.overview, 0);
    assert_eq!(press(&mut app, &[KeyCode::Char('q')]), [Effect::Quit]);
    assert_eq!(ctrl(&mut app, 'c'), [Effect::Quit]);
    // Back at full size, the same keys act again.
    app.update(Msg::Resize(80, 24));
    press(&mut app, &[KeyCode::Char('3')]);
    assert_eq!(app.view.tab, Tab::Pending);
}

#[test]
fn the_draft_is_saved_on_the_tick_after_it_changes() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![]));
    press(&mut app, &[KeyCode::Char('5'), KeyCode::Char('i')]);
    // Nothing typed, nothing to save.
    assert!(app.update(Msg::Tick(now())).is_empty());
    type_text(&mut app, "Crash");
    let saved = app.update(Msg::Tick(now()));
    let [Effect::Job(Job::SaveDraft(Some(draft)))] = saved.as_slice() else {
        panic!("{saved:?}");
    };
    assert_eq!(draft.title, "Crash");
    // Saved once: the next tick has nothing new to save.
    assert!(app.update(Msg::Tick(now())).is_empty());
    app.update(Msg::Paste(" on sync".into()));
    assert!(matches!(
        app.update(Msg::Tick(now())).as_slice(),
        [Effect::Job(Job::SaveDraft(Some(d)))] if d.title == "Crash on sync"
    ));
}

#[test]
fn ctrl_u_kills_the_line_and_ctrl_z_undoes() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![]));
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Enter]);
    // Ctrl-U deletes from the start of the line to the cursor (at the end), as in a shell.
    ctrl(&mut app, 'u');
    assert_eq!(app.input.command.lines(), [""]);
    type_text(&mut app, "get clusters");
    // Ctrl-Z undoes: first the typing, then the kill.
    for _ in 0.."get clusters".len() {
        ctrl(&mut app, 'z');
    }
    ctrl(&mut app, 'z');
    assert_eq!(
        app.input.command.lines(),
        [crate::tui::app::EXAMPLE_COMMAND]
    );
    // In the form's body, Ctrl-U is a change of the draft, saved on the next tick.
    press(
        &mut app,
        &[KeyCode::Esc, KeyCode::Char('5'), KeyCode::Char('i')],
    );
    type_text(&mut app, "Title");
    press(&mut app, &[KeyCode::Enter]);
    type_text(&mut app, "body text");
    app.update(Msg::Tick(now()));
    ctrl(&mut app, 'u');
    let saved = app.update(Msg::Tick(now()));
    assert!(
        matches!(saved.as_slice(), [Effect::Job(Job::SaveDraft(Some(d)))] if d.body.is_empty() && d.title == "Title"),
        "{saved:?}"
    );
}

#[test]
fn home_end_and_g_jump_to_the_ends_of_a_list() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    let events = (1..=30).map(|n| event(n, "get", "app")).collect();
    load(&mut app, snapshot(events));
    press(&mut app, &[KeyCode::Char('3'), KeyCode::End]);
    assert_eq!(app.view.selected.pending, 29);
    press(&mut app, &[KeyCode::Home]);
    assert_eq!(app.view.selected.pending, 0);
    press(&mut app, &[KeyCode::Char('G')]);
    assert_eq!(app.view.selected.pending, 29);
    press(&mut app, &[KeyCode::Char('g')]);
    assert_eq!(app.view.selected.pending, 0);
}

#[test]
fn text_stops_scrolling_at_its_end() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![]));
    // The frame says how far the Overview can go; End goes there and no further.
    let top = super::fixtures::render(&app, 80, 24);
    press(&mut app, &[KeyCode::End]);
    let room = app.room.get().overview;
    assert!(room > 0 && room < 200, "{room}");
    assert_eq!(app.view.selected.overview, room);
    press(&mut app, &[KeyCode::PageDown, KeyCode::Down]);
    assert_eq!(app.view.selected.overview, room);
    // The last line is on the last row of the tab, not above blank rows.
    let end = super::fixtures::render(&app, 80, 24);
    let rows: Vec<&str> = end.lines().collect();
    assert!(rows[rows.len() - 3].contains("chart"), "{end}");
    // One step up moves the text at once (no hidden overshoot to climb back first).
    press(&mut app, &[KeyCode::Up]);
    assert_eq!(app.view.selected.overview, room - 1);
    press(&mut app, &[KeyCode::Home]);
    assert_eq!(super::fixtures::render(&app, 80, 24), top);
}

#[test]
fn the_last_page_of_a_list_ends_with_its_last_row() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    let events = (1..=25).map(|n| event(n, "get", "app")).collect();
    load(&mut app, snapshot(events));
    press(&mut app, &[KeyCode::Char('3'), KeyCode::End]);
    let screen = super::fixtures::render(&app, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    // The table's rows run to just above the status line: no blank page.
    assert!(rows[rows.len() - 3].contains("get app"), "{screen}");
    assert!(rows[2].contains("25 of 25"), "{screen}");
}

#[test]
fn the_footer_offers_only_keys_that_do_something() {
    let footer = |app: &crate::tui::app::App| {
        let screen = super::fixtures::render(app, 100, 24);
        screen.lines().last().unwrap().to_string()
    };
    let home = home(GRANTED);
    let mut app = app_for(&home);
    // Nothing pending, nothing sent, no update answer with links.
    let mut empty = snapshot(vec![]);
    empty.sent.clear();
    empty.update = None;
    load(&mut app, empty);
    assert!(!footer(&app).contains("allow"), "{}", footer(&app));
    assert!(footer(&app).contains("d deny"));
    press(&mut app, &[KeyCode::Char('3')]);
    assert!(!footer(&app).contains("Enter"), "{}", footer(&app));
    assert!(!footer(&app).contains("send"), "{}", footer(&app));
    press(&mut app, &[KeyCode::Char('4')]);
    assert!(!footer(&app).contains("Enter"), "{}", footer(&app));
    press(&mut app, &[KeyCode::Char('6')]);
    assert!(!footer(&app).contains("open"), "{}", footer(&app));
    // Every event backing off: only S sends, and the footer says so.
    let mut waiting = event(1, "get", "app");
    waiting.next_attempt = Some(now() + jiff::SignedDuration::from_hours(1));
    waiting.last_error = Some("timed out".into());
    load(&mut app, snapshot(vec![waiting]));
    press(&mut app, &[KeyCode::Char('3')]);
    let shown = footer(&app);
    assert!(
        shown.contains("S send all") && !shown.contains("s send now"),
        "{shown}"
    );
    // While typing, the editing keys.
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Enter]);
    let shown = footer(&app);
    assert!(
        shown.contains("Ctrl-U kill line") && shown.contains("Ctrl-Z undo"),
        "{shown}"
    );
}

#[test]
fn a_long_message_in_a_text_field_points_at_f2() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![]));
    press(&mut app, &[KeyCode::Char('5'), KeyCode::Char('i')]);
    ctrl(&mut app, 'o');
    let long = "x".repeat(200);
    app.update(Msg::Done(crate::tui::worker::Done::DraftSaved(Err(
        crate::tui::worker::JobError::SaveDraft {
            file: long.clone().into(),
            source: std::io::Error::other("disk full"),
        },
    ))));
    let screen = super::fixtures::render(&app, 80, 24);
    assert!(screen.contains("(F2)"), "{screen}");
    app.update(Msg::Key(crossterm::event::KeyEvent::new(
        KeyCode::F(2),
        crossterm::event::KeyModifiers::NONE,
    )));
    assert!(
        matches!(app.view.mode, Mode::Detail { .. }),
        "{:?}",
        app.view.mode
    );
}

#[test]
fn the_stats_tab_counts_and_words_its_edges_truthfully() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![]));
    let fetch = |app: &mut crate::tui::app::App, f: crate::telemetry::stats::Fetched| {
        press(app, &[KeyCode::Char('r')]);
        app.update(Msg::Done(crate::tui::worker::Done::Aggregate(Ok(
            Box::new(f),
        ))));
        super::fixtures::render(app, 80, 24)
    };
    let mut f = super::fixtures::fetched();
    f.stats.totals.installs = 1;
    f.stats.min_installs = 5;
    f.stats.per_day.other_rows = f.stats.per_day.rows.len() as u64;
    f.stats.per_day.other.checks = 9;
    f.stats.per_day.other.installs = 1;
    f.stats.per_day.rows.clear();
    press(&mut app, &[KeyCode::Char('7')]);
    // A scroll left over from an earlier answer does not hide the new one's totals.
    app.view.selected.stats = 30;
    let screen = fetch(&mut app, f);
    assert!(screen.contains("about 1 installation "), "{screen}");
    let screen = super::fixtures::render(&app, 200, 60);
    assert!(screen.contains("7 days folded into \"other\""), "{screen}");
    assert!(!screen.contains("no days in the answer"), "{screen}");
    // Every breakdown's bars start in the same column.
    let mut f = super::fixtures::fetched();
    f.stats.min_installs = 3;
    fetch(&mut app, f);
    let wide = super::fixtures::render(&app, 120, 40);
    let starts: std::collections::BTreeSet<usize> = wide
        .lines()
        // Breakdown rows, not the sparkline (indented, without a label).
        .filter(|l| !l.starts_with("\"   "))
        .filter_map(|l| l.chars().position(|c| c == '█'))
        .collect();
    assert_eq!(starts.len(), 1, "{wide}");
    // At k=1 nothing is folded, and the tab does not claim it protects anyone.
    let mut f = super::fixtures::fetched();
    f.stats.min_installs = 1;
    fetch(&mut app, f);
    let screen = super::fixtures::render(&app, 200, 60);
    assert!(screen.contains("folds none"), "{screen}");
    assert!(!screen.contains("fewer than 1 installation"), "{screen}");
}

#[test]
fn the_header_keeps_its_shape_when_the_update_badge_appears() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    let mut without = snapshot(vec![]);
    without.update = None;
    load(&mut app, without);
    let header = |app: &crate::tui::app::App, width| {
        let screen = super::fixtures::render(app, width, 24);
        screen.lines().next().unwrap().to_string()
    };
    for width in [60, 80] {
        let before = header(&app, width);
        load(&mut app, snapshot(vec![]));
        let after = header(&app, width);
        let shared = before.trim_end().trim_end_matches('"').trim_end();
        assert!(after.starts_with(shared), "{before}\n{after}");
        assert!(after.contains("9.0.0"), "{after}");
        let mut without = snapshot(vec![]);
        without.update = None;
        load(&mut app, without);
    }
}

#[test]
fn wrapped_prose_keeps_its_indent_at_60_columns() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    let mut empty = snapshot(vec![]);
    empty.update = None;
    load(&mut app, empty);
    for tab in ['3', '6'] {
        press(&mut app, &[KeyCode::Char(tab)]);
        let screen = super::fixtures::render(&app, 60, 16);
        // Every line of the body starts with its indent, none at the left edge.
        for line in screen.lines().skip(2).take(10) {
            let text = line.trim_matches('"');
            assert!(text.is_empty() || text.starts_with(' '), "{screen}");
        }
    }
}

#[test]
fn the_updates_tab_says_when_checks_run_for_the_consent_in_force() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![]));
    press(&mut app, &[KeyCode::Char('6')]);
    let screen = super::fixtures::render(&app, 100, 24);
    assert!(!screen.contains("when you allow it"), "{screen}");
    assert!(screen.contains("each send's answer"), "{screen}");
    let undecided = super::fixtures::home("");
    let mut app = super::fixtures::app(&undecided, crate::config::Env::empty());
    load(&mut app, snapshot(vec![]));
    press(&mut app, &[KeyCode::Char('l'), KeyCode::Char('6')]);
    let screen = super::fixtures::render(&app, 100, 24);
    assert!(screen.contains("once you allow it"), "{screen}");
}

#[test]
fn the_form_footer_shows_the_editing_keys_while_typing_in_a_text_field() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![]));
    press(&mut app, &[KeyCode::Char('5'), KeyCode::Char('i')]);
    let footer = |app: &crate::tui::app::App| {
        let screen = super::fixtures::render(app, 80, 24);
        screen.lines().last().unwrap().to_string()
    };
    let shown = footer(&app);
    assert!(
        shown.contains("Ctrl-U kill line") && shown.contains("Ctrl-Z undo"),
        "{shown}"
    );
    assert!(shown.contains("Esc leave"), "{shown}");
    // On the button, what the form does with the issue instead.
    press(&mut app, &[KeyCode::BackTab, KeyCode::BackTab]);
    let shown = footer(&app);
    assert!(
        shown.contains("Ctrl-Y copy URL") && !shown.contains("kill line"),
        "{shown}"
    );
}

#[test]
fn a_window_stays_over_the_tab_it_belongs_to() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(&mut app, snapshot(vec![event(1, "get", "app")]));
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('C')]);
    assert!(matches!(app.view.mode, Mode::Confirm { .. }));
    // Neither tab keys nor a click on the tab bar move the tab under the question.
    press(
        &mut app,
        &[KeyCode::Char('5'), KeyCode::Tab, KeyCode::BackTab],
    );
    app.update(Msg::Click(
        crate::tui::app::Hit::Tab(Tab::Stats),
        std::time::Instant::now(),
    ));
    assert_eq!(app.view.tab, Tab::Pending);
    press(&mut app, &[KeyCode::Esc, KeyCode::Enter]);
    assert!(matches!(app.view.mode, Mode::Detail { .. }));
    press(&mut app, &[KeyCode::Char('7'), KeyCode::Tab]);
    assert_eq!(app.view.tab, Tab::Pending);
}
