//! The Sent tab: the sent log, newest first; Enter shows one request and its answer.
//!
//! ```text
//!  TIME (UTC)           COMMAND        STATUS    MS  RESULT
//!  2026-11-24 10:00:00  add cluster    200       12  newest version 0.7.0
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row};

use super::{Theme, windowed_table};
use crate::text::time;
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
    frame.render_widget(
        Line::styled(
            format!(
                " {n} request{} sent (newest first)",
                if n == 1 { "" } else { "s" }
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
    let widths = [
        Constraint::Length(19),
        Constraint::Length(18),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Min(10),
    ];
    let header = Row::new(["TIME (UTC)", "COMMAND", "STATUS", "   MS", "RESULT"]);
    windowed_table(
        frame,
        table,
        (header, &widths),
        (n, app.view.selected.sent),
        |i| {
            let e = &data.sent[i];
            Row::new(vec![
                Cell::from(time(e.time)),
                Cell::from(e.kind.to_string()),
                Cell::from(e.status.map_or("—".to_string(), |s| s.to_string())),
                Cell::from(format!("{:>5}", e.duration_ms)),
                Cell::from(e.outcome()),
            ])
            .style(if e.status == Some(200) {
                theme.good()
            } else {
                theme.bad()
            })
        },
        theme,
    );
}
