//! Drawing: a pure function from the [`App`] state to a frame.
//!
//! ```text
//! ┌ header: name, version, consent badge, update badge ──────────────┐
//! │ tabs: 1 Overview  2 Payload  3 Pending (n)  4 Sent  5 Feedback … │
//! ├──────────────────────────────────────────────────────────────────┤
//! │ body: one file per tab (overview, payload, pending, sent, …)     │
//! ├──────────────────────────────────────────────────────────────────┤
//! │ status line (the last result or error)                           │
//! │ footer: the keys of this screen                                  │
//! └──────────────────────────────────────────────────────────────────┘
//! ```
//! Overlays (consent choice, help, questions, details) are drawn on top. Below 60×16 only a
//! "terminal too small" message is drawn. Owns layout, styles and `NO_COLOR`; reads the state
//! and never changes it.

mod feedback;
mod overlay;
mod overview;
mod payload;
mod pending;
mod sent;
mod updates;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, TableState, Wrap};

use super::app::{App, Level};
use super::keymap;
use super::tab::Tab;
use crate::consent::Consent;
use crate::telemetry::event::CRATE_VERSION;
use crate::telemetry::updates::newer_version as newer_than;

/// The smallest terminal the console draws in.
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// The styles of the console; plain (modifiers only) under `NO_COLOR`.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// The theme for this environment.
    pub fn new(app: &App) -> Theme {
        Theme {
            color: app.facts.ctx.env.non_empty("NO_COLOR").is_none(),
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    /// Headings and names.
    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    /// Secondary text.
    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }
    /// Keys and the active tab.
    pub fn accent(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    /// Good news.
    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }
    /// Attention.
    pub fn warn(self) -> Style {
        self.fg(Color::Yellow)
    }
    /// Errors.
    pub fn bad(self) -> Style {
        self.fg(Color::Red)
    }
    /// The selected row.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    /// The consent word in its colour.
    pub fn consent(self, consent: Consent) -> Style {
        match consent {
            Consent::Granted => self.good(),
            Consent::Denied => self.bad(),
            Consent::Undecided => self.warn(),
        }
        .add_modifier(Modifier::BOLD)
    }
}

/// Draws the whole console.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let theme = Theme::new(app);
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        too_small(frame, area, theme);
        return;
    }
    let status_lines = status_lines(app, area.width, theme);
    let [header, tabs, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_lines.len() as u16),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(frame, header, app, theme);
    draw_tabs(frame, tabs, app, theme);
    match app.view.tab {
        Tab::Overview => overview::draw(frame, body, app, theme),
        Tab::Payload => payload::draw(frame, body, app, theme),
        Tab::Pending => pending::draw(frame, body, app, theme),
        Tab::Sent => sent::draw(frame, body, app, theme),
        Tab::Feedback => feedback::draw(frame, body, app, theme),
        Tab::Updates => updates::draw(frame, body, app, theme),
    }
    frame.render_widget(Paragraph::new(status_lines), status);
    draw_footer(frame, footer, app, theme);
    overlay::draw(frame, body, app, theme);
}

fn too_small(frame: &mut Frame, area: Rect, theme: Theme) {
    let text = vec![
        Line::styled("terminal too small", theme.bold()),
        Line::raw(format!(
            "{}×{}: the console needs at least {}×{}",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
        )),
        Line::raw("enlarge the window, or press q to quit"),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let area = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        area,
    );
}

fn draw_header(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let consent = app.facts.decision.consent;
    let mut spans = vec![
        Span::styled(" gitops feedback ", theme.bold()),
        Span::styled(format!("v{CRATE_VERSION}"), theme.dim()),
        Span::raw("  │  telemetry: "),
        Span::styled(consent.label(), theme.consent(consent)),
    ];
    if let Some(newer) = newer_version(app) {
        spans.push(Span::raw("  │  "));
        spans.push(Span::styled(
            format!("update: {newer} available"),
            theme.warn(),
        ));
    }
    frame.render_widget(Line::from(spans), area);
}

/// The newest known version, when it is newer than this build.
pub fn newer_version(app: &App) -> Option<String> {
    let cache = app.data.as_ref()?.update.as_ref()?;
    newer_than(cache, CRATE_VERSION).map(str::to_string)
}

fn draw_tabs(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let pending = app.data.as_ref().map(|d| d.events.len());
    let mut spans = vec![Span::raw(" ")];
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let mut title = format!("{} {}", i + 1, tab.title());
        if *tab == Tab::Pending
            && let Some(n) = pending
        {
            title.push_str(&format!(" ({n})"));
        }
        let style = if *tab == app.view.tab {
            theme.accent().add_modifier(Modifier::REVERSED)
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!(" {title} "), style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Line::from(spans), area);
}

/// The status line: send progress, or the last result wrapped to at most three lines.
fn status_lines(app: &App, width: u16, theme: Theme) -> Vec<Line<'static>> {
    match (&app.sending, &app.status) {
        (Some((done, total)), _) if *total > 0 => {
            vec![Line::styled(
                format!(" sending {done}/{total}…"),
                theme.warn(),
            )]
        }
        (_, Some(status)) => {
            let style = if status.level == Level::Error {
                theme.bad()
            } else {
                theme.good()
            };
            let mut lines = wrapped(&format!(" {}", status.text), width, 1, style);
            lines.truncate(3);
            lines
        }
        _ => vec![Line::raw("")],
    }
}

fn draw_footer(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let mut spans = vec![Span::raw(" ")];
    for (key, hint) in keymap::hints(&app.scopes()) {
        spans.push(Span::styled(key, theme.accent()));
        spans.push(Span::styled(format!(" {hint}  "), theme.dim()));
    }
    frame.render_widget(Line::from(spans), area);
}

/// The first row of a window of `height` rows that shows `selected`: whole pages, so the view
/// moves only when the selection leaves it and the draw stays independent of the list length.
fn window_start(selected: usize, height: usize) -> usize {
    selected.checked_div(height).map_or(0, |page| page * height)
}

/// Draws a table of the window of `len` items that holds `selected`: `row(i)` builds the row
/// of item `i`, and only the visible rows are built, so drawing does not grow with the list.
pub fn windowed_table<'a>(
    frame: &mut Frame,
    area: Rect,
    (header, widths): (Row<'a>, &[Constraint]),
    (len, selected): (usize, usize),
    row: impl Fn(usize) -> Row<'a>,
    theme: Theme,
) {
    let rows_fit = area.height.saturating_sub(1) as usize;
    let start = window_start(selected, rows_fit);
    let rows = (start..len.min(start + rows_fit)).map(row);
    let mut state = TableState::default().with_selected(Some(selected - start));
    frame.render_stateful_widget(
        Table::new(rows, widths.iter().copied())
            .header(header.style(theme.dim()))
            .row_highlight_style(theme.selected()),
        area,
        &mut state,
    );
}

/// [`wrap`]ped text as styled lines.
pub fn wrapped(text: &str, width: u16, hang: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width as usize, hang)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// Wraps `text` to `width` columns. Continuation lines are indented by `hang` columns; a word
/// longer than the room left is split where the line ends, so a URL fills whole lines
/// instead of leaving a short word alone above it.
pub fn wrap(text: &str, width: usize, hang: usize) -> Vec<String> {
    let width = width.max(hang + 8);
    let body = text.trim_start();
    let mut lines = Vec::new();
    let mut line = text[..text.len() - body.len()].to_string();
    // Columns used on the current line, and where its words start.
    let mut used = line.len();
    let mut start = used;
    for word in body.split(' ') {
        let mut rest: Vec<char> = word.chars().collect();
        let gap = usize::from(used > start);
        let fits = used + gap + rest.len() <= width;
        if !fits && rest.len() <= width - hang {
            lines.push(std::mem::replace(&mut line, " ".repeat(hang)));
            (used, start) = (hang, hang);
        } else if gap == 1 && used + 1 < width {
            line.push(' ');
            used += 1;
        }
        loop {
            let take = (width - used).min(rest.len());
            line.extend(rest.drain(..take));
            used += take;
            if rest.is_empty() {
                break;
            }
            lines.push(std::mem::replace(&mut line, " ".repeat(hang)));
            (used, start) = (hang, hang);
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_words_with_a_hanging_indent() {
        assert_eq!(
            wrap("   one two three four", 12, 3),
            ["   one two", "   three", "   four"]
        );
    }

    #[test]
    fn long_words_fill_the_line_they_start_on() {
        assert_eq!(
            wrap("  GET /abcdefghijklmnopqrstuvwxyz HTTP/1.1", 16, 2),
            ["  GET /abcdefghi", "  jklmnopqrstuvw", "  xyz HTTP/1.1"]
        );
    }

    #[test]
    fn short_text_is_one_line() {
        assert_eq!(wrap(" hello", 80, 1), [" hello"]);
    }
}
