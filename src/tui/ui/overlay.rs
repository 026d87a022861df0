//! Windows drawn over the tab, one per [`Mode`] that has one: the first-run consent choice,
//! yes/no questions, and scrolled text (details and the key help, made from the current state).

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{Theme, wrapped};
use crate::text::count;
use crate::tui::app::{App, EXAMPLE_COMMAND, ScrollRoom, scroll_room};
use crate::tui::keymap;
use crate::tui::mode::{Detail, Mode, Question};

/// Draws the mode's window, if it has one, over `area`.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    match &app.view.mode {
        Mode::Browsing | Mode::Form | Mode::Typing => {}
        Mode::ConsentChoice => consent(frame, area, app, theme),
        Mode::Confirm { question, .. } => confirm(frame, area, app, question, theme),
        Mode::Detail { what, scroll, .. } => {
            let (title, lines) = app.detail(what);
            let window = popup(area, 100, area.height);
            let inner = window.width.saturating_sub(2);
            let text: Vec<Line> = lines
                .iter()
                .flat_map(|l| {
                    let indent = l.len() - l.trim_start().len();
                    // Help lines hang under their description, past the key column.
                    let hang = if *what == Detail::Help && indent == 2 {
                        2 + keymap::KEY_COLUMN + 1
                    } else {
                        indent
                    };
                    wrapped(l, inner, hang, Style::new())
                })
                .collect();
            let room = scroll_room(text.len(), window.height.saturating_sub(2));
            app.room.set(ScrollRoom {
                detail: room,
                ..app.room.get()
            });
            frame.render_widget(Clear, window);
            frame.render_widget(
                Paragraph::new(text).scroll(((*scroll).min(room), 0)).block(
                    Block::bordered()
                        .title(format!(" {title} "))
                        .title_bottom(" ↑↓ scroll · Esc close ")
                        .border_style(theme.accent()),
                ),
                window,
            );
        }
    }
}

/// A window of at most `width` × `height` centred in `area`.
fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [window] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    window
}

fn consent(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let window = popup(area, 100, area.height);
    let width = window.width.saturating_sub(2);
    // The example is one the reported gitops version records (the Payload tab's example
    // first; not every release has `add cluster`), so the request shown is one that would go.
    let examples = [
        EXAMPLE_COMMAND,
        "--namespace flux-system get config",
        "version",
    ];
    let words =
        |line: &str| -> Vec<String> { line.split_whitespace().map(str::to_string).collect() };
    let example = examples
        .iter()
        .find(|e| {
            app.preview(&words(e))
                .is_some_and(|p| p.reduction.recorded.is_ok())
        })
        .copied()
        .unwrap_or(EXAMPLE_COMMAND);
    let argv = words(example);
    let mut lines = wrapped(
        "gitops can send one small anonymous request per command you run, so the team learns \
         which commands are used. Nothing is sent until you choose.",
        width,
        0,
        Style::new(),
    );
    lines.push(Line::raw(""));
    lines.extend(wrapped(
        &format!("\"gitops {example}\" would send exactly:"),
        width,
        0,
        theme.bold(),
    ));
    match app.preview(&argv) {
        Some(preview) => {
            for l in preview.http.lines().filter(|l| !l.is_empty()) {
                lines.extend(wrapped(&format!("  {l}"), width, 2, theme.dim()));
            }
            let dropped: Vec<&str> = preview.reduction.dropped().collect();
            lines.extend(wrapped(
                &format!("Not sent: {}", dropped.join(" ")),
                width,
                10,
                Style::new(),
            ));
        }
        None => lines.push(Line::styled("  (reading the anonymous id…)", theme.dim())),
    }
    lines.push(Line::raw(""));
    lines.extend(wrapped(
        "Change it any time on the Overview tab, or with gitops telemetry enable or disable.",
        width,
        0,
        theme.dim(),
    ));
    let room = scroll_room(lines.len(), window.height.saturating_sub(2));
    app.room.set(ScrollRoom {
        consent: room,
        ..app.room.get()
    });
    frame.render_widget(Clear, window);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((app.view.selected.consent.min(room), 0))
            .block(
                Block::bordered()
                    .title(" Help improve Weave GitOps? ")
                    .title_bottom(Line::from(vec![
                        Span::raw(" "),
                        Span::styled("a", theme.accent()),
                        Span::raw(" allow · "),
                        Span::styled("d", theme.accent()),
                        Span::raw(" deny · "),
                        Span::styled("l", theme.accent()),
                        Span::raw(" decide later · ↑↓ scroll "),
                    ]))
                    .border_style(theme.accent()),
            ),
        window,
    );
}

fn confirm(frame: &mut Frame, area: Rect, app: &App, question: &Question, theme: Theme) {
    let text = match question {
        Question::ClearAll => {
            let n = app.data.as_ref().map_or(0, |d| d.pending.len());
            format!(
                "Delete all {}? Nothing will be sent.",
                count(n, "pending event")
            )
        }
        Question::Delete(id) => {
            let event = app.data.as_ref().and_then(|d| d.pending.find(id));
            let what = event.map_or(String::new(), |e| format!(" ({} {})", e.object, e.command));
            format!("Delete this pending event{what}? It will not be sent.")
        }
        Question::Deny(n) => format!(
            "Deny telemetry? This deletes {}; nothing is sent.",
            count(*n, "pending event")
        ),
        Question::DiscardDraft => "Throw the issue draft away?".to_string(),
    };
    let window = popup(area, 60, 5);
    frame.render_widget(Clear, window);
    frame.render_widget(
        Paragraph::new(vec![
            Line::raw(text),
            Line::raw(""),
            Line::from(vec![
                Span::styled("y", theme.accent()),
                Span::raw(" yes    "),
                Span::styled("n", theme.accent()),
                Span::raw(" no"),
            ]),
        ])
        .wrap(Wrap { trim: false })
        .block(
            Block::bordered()
                .title(" Are you sure? ")
                .border_style(theme.warn()),
        ),
        window,
    );
}
