//! What does not come as a key: the mouse (wheel, clicks on the layout as drawn) and pastes.

use super::fixtures::{GRANTED, app_for, event, home, load, press, snapshot};
use crate::tui::app::{Effect, Hit, Msg};
use crate::tui::mode::{Detail, Mode};
use crate::tui::tab::Tab;
use crate::tui::worker::Job;
use crossterm::event::KeyCode;

#[test]
fn a_paste_is_text_never_keys() {
    let home = home(GRANTED);
    let mut app = app_for(&home);
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Enter]);
    for _ in 0..80 {
        press(&mut app, &[KeyCode::Backspace]);
    }
    assert!(app.update(Msg::Paste("get clusters\nq".into())).is_empty());
    assert_eq!(app.view.mode, Mode::Typing);
    assert_eq!(app.argv(), ["get", "clusters", "q"]);
    // Pasted outside a text field, nothing happens at all.
    press(&mut app, &[KeyCode::Enter]);
    assert!(app.update(Msg::Paste("q".into())).is_empty());
    assert_eq!(app.view.mode, Mode::Browsing);
    // 10 KB into the body arrive as one edit.
    press(
        &mut app,
        &[KeyCode::Char('5'), KeyCode::Char('i'), KeyCode::Tab],
    );
    let big = "0123456789abcdef\n".repeat(640);
    app.update(Msg::Paste(big.clone()));
    let body = app.draft().unwrap().body;
    assert!(body == big, "{} bytes arrived of {}", body.len(), big.len());
}

#[test]
fn the_mouse_selects_opens_and_scrolls_and_keys_lose_nothing() {
    use std::time::{Duration, Instant};
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(
        &mut app,
        snapshot((0..30).map(|n| event(n, "get", "app")).collect()),
    );
    let t0 = Instant::now();
    // Clicking a tab goes there.
    app.update(Msg::Click(Hit::Tab(Tab::Pending), t0));
    assert_eq!(app.view.tab, Tab::Pending);
    // One click selects a row; a second on it soon after opens it.
    assert!(app.update(Msg::Click(Hit::Row(4), t0)).is_empty());
    assert_eq!(app.view.selected.pending, 4);
    app.update(Msg::Click(Hit::Row(4), t0 + Duration::from_millis(200)));
    assert!(
        matches!(&app.view.mode, Mode::Detail { what: Detail::PendingEvent(id), .. } if *id == event(4, "", "").id)
    );
    // The wheel scrolls the window, then moves the selection once it is closed.
    app.update(Msg::Wheel(2));
    assert!(matches!(app.view.mode, Mode::Detail { scroll: 6, .. }));
    press(&mut app, &[KeyCode::Esc]);
    app.update(Msg::Wheel(3));
    assert_eq!(app.view.selected.pending, 7);
    // Two clicks far apart are two selections; a click past the end selects the last row.
    app.update(Msg::Click(Hit::Row(99), t0 + Duration::from_secs(5)));
    app.update(Msg::Click(Hit::Row(99), t0 + Duration::from_secs(9)));
    assert_eq!(
        (app.view.selected.pending, &app.view.mode),
        (29, &Mode::Browsing)
    );
    // Double-clicking a channel opens it, like Enter.
    app.update(Msg::Click(Hit::Tab(Tab::Feedback), t0));
    app.update(Msg::Click(Hit::Row(1), t0));
    assert_eq!(
        app.update(Msg::Click(Hit::Row(1), t0 + Duration::from_millis(100))),
        [Effect::Job(Job::Open("https://slack.weave.works/".into()))]
    );
}

/// Mouse positions are read with the same layout the screen is drawn with.
#[test]
fn clicks_land_where_the_screen_shows_things() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    use ratatui::layout::Rect;
    let home = home(GRANTED);
    let mut app = app_for(&home);
    load(
        &mut app,
        snapshot((0..30).map(|n| event(n, "get", "app")).collect()),
    );
    let size = Rect::new(0, 0, 80, 24);
    let click = |column, row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let screen = super::fixtures::render(&app, 80, 24);
    let tabs_line = screen.lines().nth(1).unwrap();
    let at = tabs_line.find("Pending").unwrap() as u16 - 1;
    let Some(Msg::Click(Hit::Tab(tab), _)) = crate::tui::ui::pointer(&app, size, click(at, 1))
    else {
        panic!("no tab under column {at}: {tabs_line}");
    };
    assert_eq!(tab, Tab::Pending);
    app.update(Msg::Click(
        Hit::Tab(Tab::Pending),
        std::time::Instant::now(),
    ));
    // Row 4 of the screen is the first event: header, tabs, summary, column titles.
    let Some(Msg::Click(Hit::Row(row), _)) = crate::tui::ui::pointer(&app, size, click(10, 6))
    else {
        panic!("no row");
    };
    assert_eq!(row, 2);
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        ..click(0, 0)
    };
    assert!(matches!(
        crate::tui::ui::pointer(&app, size, wheel),
        Some(Msg::Wheel(1))
    ));
}
