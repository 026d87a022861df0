//! The Sent tab: the sent log, newest first; Enter shows one request and its answer.
//!
//! ```text
//!  TIME (UTC)           COMMAND        STATUS    MS  RESULT
//!  2026-11-24 10:00:00  add cluster    200       12  newest version 0.7.0
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Theme, position, stamp, stamp_width, windowed_table};
use crate::tui::app::App;

/// Draws the tab.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let Some(data) = &app.data else {
        frame.render_widget(Paragraph::new(" reading the sent log…"), area);
        return;
    };
    let [summary, table] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let n = data.sent.len();
    // A failed attempt is a request made, not one sent: the count says which is which.
    let delivered = data.sent.iter().filter(|e| e.status == Some(200)).count();
    frame.render_widget(
        Line::styled(
            format!(
                " {}, {delivered} delivered (newest first){}",
                crate::text::count(n, "request"),
                position(app.view.selected.sent, n, table.height)
            ),
            theme.bold(),
        ),
        summary,
    );
    if n == 0 {
        frame.render_widget(
            Paragraph::new("\n Nothing has been sent from this machine."),
            table,
        );
        return;
    }
    let wide = area.width >= 100;
    let mut columns = vec![
        ("TIME (UTC)", stamp_width(wide)),
        ("COMMAND", Constraint::Length(if wide { 24 } else { 16 })),
        ("STATUS", Constraint::Length(6)),
    ];
    if area.width >= 70 {
        columns.push(("   MS", Constraint::Length(5)));
    }
    columns.push(("RESULT", Constraint::Fill(1)));
    windowed_table(
        frame,
        table,
        &columns,
        (n, app.view.selected.sent),
        |i| {
            let e = &data.sent[i];
            let mut cells = vec![
                stamp(e.time, wide),
                e.kind.to_string(),
                e.status.map_or("—".to_string(), |s| s.to_string()),
            ];
            if area.width >= 70 {
                cells.push(format!("{:>5}", e.duration_ms));
            }
            cells.push(e.outcome());
            let style = if e.status == Some(200) {
                theme.good()
            } else {
                theme.bad()
            };
            (cells, style)
        },
        theme,
    );
}
