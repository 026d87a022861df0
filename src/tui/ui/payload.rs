//! The Payload tab: type a gitops command line, see its exact request live.
//!
//! ```text
//! ┌ gitops command line ───────────────────────────┐
//! │ add cluster --from-template t                  │
//! └────────────────────────────────────────────────┘
//!  Verbs / Not sent / would it be sent now
//!  The request, byte for byte (request line and every header)
//!  Fields: name, value, what it is and where it comes from
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{Theme, wrapped};
use crate::telemetry::preview::Preview;
use crate::tui::app::{App, ScrollRoom, scroll_room};

/// Draws the tab.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let [input, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    draw_command_line(frame, input, app, theme);
    let argv = app.argv();
    let Some(preview) = app.preview(&argv) else {
        let why = match &app.facts.vocabulary {
            Err(e) => e.clone(),
            Ok(_) => "reading the anonymous id…".to_string(),
        };
        frame.render_widget(Paragraph::new(format!(" {why}")), rest);
        return;
    };
    let mut lines = verdict(&preview, rest.width, theme);
    // When nothing would be queued or sent, there is no request to show.
    if preview.reduction.recorded.is_ok() {
        lines.extend(request(&preview, rest.width, theme));
    }
    let room = scroll_room(lines.len(), rest.height);
    app.room.set(ScrollRoom {
        payload: room,
        ..app.room.get()
    });
    frame.render_widget(
        Paragraph::new(lines).scroll((app.view.selected.payload.min(room), 0)),
        rest,
    );
}

/// The command line being typed, in its box.
fn draw_command_line(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let mut command = app.input.command.clone();
    let title = if app.editing() {
        " gitops command line — type; Enter when done "
    } else {
        " gitops command line — Enter to edit "
    };
    command.set_block(
        Block::bordered()
            .title(title)
            .border_style(if app.editing() {
                theme.accent()
            } else {
                theme.dim()
            }),
    );
    command.set_cursor_line_style(Style::new());
    if !app.editing() {
        command.set_cursor_style(Style::new());
    }
    frame.render_widget(&command, area);
}

/// The verbs, the words not sent, and whether it would be sent now.
fn verdict(preview: &Preview, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let dropped: Vec<&str> = preview.reduction.dropped().collect();
    let not_sent = if dropped.is_empty() {
        "(nothing)".to_string()
    } else {
        dropped.join(" ")
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(" Verbs:    ", theme.bold()),
        Span::raw(format!(
            "object {:?}, command {:?}",
            preview.reduction.object, preview.reduction.command
        )),
    ])];
    lines.extend(wrapped(
        &format!(" Not sent: {not_sent}"),
        width,
        11,
        theme.dim(),
    ));
    let style = if preview.would_send {
        theme.good()
    } else {
        theme.warn()
    };
    lines.extend(wrapped(&format!(" {}", preview.because), width, 1, style));
    lines
}

/// The request byte for byte, then each of its fields explained.
fn request(preview: &Preview, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::raw(""),
        Line::styled(" The request, byte for byte:", theme.bold()),
    ];
    for l in preview.http.lines().filter(|l| !l.is_empty()) {
        lines.extend(wrapped(&format!("   {l}"), width, 3, Style::new()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(" Fields:", theme.bold()));
    let value_width = preview.value_width(20);
    for f in &preview.fields {
        let value = f.shown();
        let row = format!("   {:<13}{value:<value_width$}  {}", f.name, f.meaning);
        lines.extend(wrapped(&row, width, 3 + 13 + value_width + 2, Style::new()));
    }
    lines
}
