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
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Theme, position, stamp, stamp_width, windowed_table, wrapped};
use crate::telemetry::delivery::why_waiting;
use crate::tui::app::App;

/// Draws the tab.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let Some(data) = &app.data else {
        frame.render_widget(Paragraph::new(" reading the queue…"), area);
        return;
    };
    let [summary, table] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let n = data.pending.len();
    let s = data.drops;
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
    head.push_str(&position(app.view.selected.pending, n, table.height));
    frame.render_widget(Line::styled(head, theme.bold()), summary);
    if n == 0 {
        let mut lines = vec![Line::raw("")];
        lines.extend(wrapped(
            " Nothing is waiting. An event appears here each time gitops records a command \
             (gitops telemetry record -- <command line>), before anything is sent.",
            table.width,
            1,
            Style::new(),
        ));
        frame.render_widget(Paragraph::new(lines), table);
        return;
    }
    let consent = app.facts.decision.consent;
    let wide = area.width >= 100;
    let columns = [
        ("RECORDED (UTC)", stamp_width(wide)),
        ("COMMAND", Constraint::Length(if wide { 24 } else { 16 })),
        ("TRIES", Constraint::Length(5)),
        ("WHY NOT SENT YET", Constraint::Fill(1)),
    ];
    windowed_table(
        frame,
        table,
        &columns,
        (n, app.view.selected.pending),
        |i| {
            let Some(e) = data.pending.get(i) else {
                return (vec!["…".to_string()], theme.dim());
            };
            let cells = vec![
                stamp(e.recorded_at, wide),
                format!("{} {}", e.object, e.command).trim().to_string(),
                format!("{:>5}", e.attempts),
                why_waiting(&app.facts.ctx, consent, e, app.view.now),
            ];
            (cells, Style::new())
        },
        theme,
    );
}
