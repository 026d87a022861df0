//! The Pending tab: the queue, oldest first, with why each event is not sent yet.
//!
//! ```text
//!  n pending events · dropped so far …
//!  RECORDED (UTC)       COMMAND        TRIES  WHY NOT SENT YET
//!  2026-11-24 10:00:00  add cluster        0  waiting for your consent …
//! ```
//! Only the visible window of rows is built, so drawing does not grow with the queue.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Wrap};

use super::{Theme, windowed_table};
use crate::telemetry::delivery::why_waiting;
use crate::text::time;
use crate::tui::app::App;

/// Draws the tab.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let Some(data) = &app.data else {
        frame.render_widget(Paragraph::new(" reading the queue…"), area);
        return;
    };
    let [summary, table] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let n = data.events.len();
    let s = data.stats;
    let mut head = format!(
        " {n} pending event{} (oldest first)",
        if n == 1 { "" } else { "s" }
    );
    if s != Default::default() {
        head.push_str(&format!(
            " · dropped so far: {} over max_pending, {} expired, {} damaged",
            s.dropped_overflow, s.dropped_expired, s.dropped_torn
        ));
    }
    frame.render_widget(Line::styled(head, theme.bold()), summary);
    if n == 0 {
        frame.render_widget(
            Paragraph::new(vec![
                Line::raw(""),
                Line::raw(
                    " Nothing is waiting. An event appears here each time gitops records a command",
                ),
                Line::raw(
                    " (`gitops telemetry record -- <command line>`), before anything is sent.",
                ),
            ])
            .wrap(Wrap { trim: false }),
            table,
        );
        return;
    }
    let consent = app.facts.decision.consent;
    let widths = [
        Constraint::Length(19),
        Constraint::Length(18),
        Constraint::Length(5),
        Constraint::Min(10),
    ];
    let header = Row::new(["RECORDED (UTC)", "COMMAND", "TRIES", "WHY NOT SENT YET"]);
    windowed_table(
        frame,
        table,
        (header, &widths),
        (n, app.view.selected.pending),
        |i| {
            let e = &data.events[i];
            Row::new(vec![
                Cell::from(time(e.recorded_at)),
                Cell::from(format!("{} {}", e.object, e.command).trim().to_string()),
                Cell::from(format!("{:>5}", e.attempts)),
                Cell::from(why_waiting(&app.facts.ctx, consent, e, app.view.now)),
            ])
        },
        theme,
    );
}
