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
