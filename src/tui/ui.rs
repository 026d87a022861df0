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
//! and never changes it, but for noting how far each text can scroll
//! ([`ScrollRoom`](super::app::ScrollRoom)), as a ratatui widget notes its offset.

mod chrome;
mod feedback;
mod fit;
mod overlay;
mod overview;
mod payload;
mod pending;
mod sent;
mod stats;
mod updates;

pub use fit::{column_widths, ellipsize, wrapped};

use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::app::{App, Hit, Msg};
use super::tab::Tab;
use crate::consent::Consent;
use crate::telemetry::updates::newer_version as newer_than;

pub use super::app::MIN_SIZE;

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
        too_small(frame, area, app, theme);
        return;
    }
    let [header, tabs, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    chrome::header(frame, header, app, theme);
    chrome::tabs(frame, tabs, app, theme);
    match app.view.tab {
        Tab::Overview => overview::draw(frame, body, app, theme),
        Tab::Payload => payload::draw(frame, body, app, theme),
        Tab::Pending => pending::draw(frame, body, app, theme),
        Tab::Sent => sent::draw(frame, body, app, theme),
        Tab::Feedback => feedback::draw(frame, body, app, theme),
        Tab::Updates => updates::draw(frame, body, app, theme),
        Tab::Stats => stats::draw(frame, body, app, theme),
    }
    chrome::status(frame, status, app, theme);
    chrome::footer(frame, footer, app, theme);
    overlay::draw(frame, body, app, theme);
}

/// The one screen below [`MIN_SIZE`]: what it needs, and the one key that works (any other
/// key says so, since nothing of the console is visible to act on).
fn too_small(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let mut text = vec![
        Line::styled("terminal too small", theme.bold()),
        Line::raw(format!(
            "{}×{}: the console needs at least {}×{}",
            area.width, area.height, MIN_SIZE.0, MIN_SIZE.1
        )),
        Line::raw("enlarge the window, or press q to quit"),
    ];
    if let Some(status) = &app.status {
        text.push(Line::raw(""));
        text.push(Line::styled(
            crate::text::printable(&status.text).into_owned(),
            theme.warn(),
        ));
    }
    let top = area.height.saturating_sub(text.len() as u16) / 2;
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

/// The first row of a window of `height` rows over `len` rows that shows `selected`: whole
/// pages, so the view moves only when the selection leaves it and the draw stays independent
/// of the list length; the last page ends with the last row, never in blank rows.
fn window_start(selected: usize, height: usize, len: usize) -> usize {
    let start = selected.checked_div(height).map_or(0, |page| page * height);
    start.min(len.saturating_sub(height))
}

/// What a mouse event on a terminal of `size` means, if anything: the wheel scrolls, a left
/// click lands on a tab or on a row of the current tab's list (computed from the same layout
/// the tab is drawn with).
pub fn pointer(app: &App, size: Rect, mouse: MouseEvent) -> Option<Msg> {
    let (x, y) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::ScrollUp => return Some(Msg::Wheel(-1)),
        MouseEventKind::ScrollDown => return Some(Msg::Wheel(1)),
        MouseEventKind::Down(MouseButton::Left) => {}
        _ => return None,
    }
    if size.width < MIN_SIZE.0 || size.height < MIN_SIZE.1 {
        return None;
    }
    let click = |hit| Some(Msg::Click(hit, std::time::Instant::now()));
    if y == 1 {
        return chrome::tab_at(Rect::new(0, 1, size.width, 1), app, Theme::new(app), x)
            .and_then(|tab| click(Hit::Tab(tab)));
    }
    // The body starts below the header and the tab bar and ends above the status line.
    let body = Rect::new(0, 2, size.width, size.height.saturating_sub(4));
    if !body.contains(ratatui::layout::Position::new(x, y)) {
        return None;
    }
    let row = (y - body.y) as usize;
    match app.view.tab {
        Tab::Pending | Tab::Sent => {
            // A summary line, the table's header, then a window of whole pages.
            let rows_fit = (body.height as usize).saturating_sub(2);
            let (selected, len) = match app.view.tab {
                Tab::Pending => (
                    app.view.selected.pending,
                    app.data.as_ref().map_or(0, |d| d.pending.len()),
                ),
                _ => (
                    app.view.selected.sent,
                    app.data.as_ref().map_or(0, |d| d.sent.len()),
                ),
            };
            let first = window_start(selected, rows_fit, len);
            row.checked_sub(2).and_then(|r| click(Hit::Row(first + r)))
        }
        Tab::Feedback if feedback::list_height(app) <= body.height as usize => {
            feedback::item_at(app, row).and_then(|i| click(Hit::Row(i)))
        }
        _ => None,
    }
}

/// The newest known version, when it is newer than the gitops version being reported.
pub fn newer_version(app: &App) -> Option<String> {
    let cache = app.data.as_ref()?.update.as_ref()?;
    newer_than(cache, &app.reported_version().0).map(str::to_string)
}

/// Draws a table of the window of `len` items that holds `selected`: `row(i)` gives the cells
/// and style of item `i`, and only the visible rows are built, so drawing does not grow with
/// the list. Each cell is cut to its column with `…`.
pub fn windowed_table(
    frame: &mut Frame,
    area: Rect,
    columns: &[(&str, Constraint)],
    (len, selected): (usize, usize),
    row: impl Fn(usize) -> (Vec<String>, Style),
    theme: Theme,
) {
    let constraints: Vec<Constraint> = columns.iter().map(|(_, c)| *c).collect();
    let widths = column_widths(area.width, &constraints);
    let fitted = |cells: Vec<String>| -> Row<'static> {
        Row::new(
            cells
                .iter()
                .zip(&widths)
                .map(|(cell, w)| Cell::from(ellipsize(cell, *w)))
                .collect::<Vec<_>>(),
        )
    };
    let header = fitted(columns.iter().map(|(h, _)| h.to_string()).collect());
    let rows_fit = area.height.saturating_sub(1) as usize;
    let start = window_start(selected, rows_fit, len);
    let rows = (start..len.min(start + rows_fit)).map(|i| {
        let (cells, style) = row(i);
        fitted(cells).style(style)
    });
    let mut state = TableState::default().with_selected(Some(selected - start));
    frame.render_stateful_widget(
        Table::new(rows, constraints)
            .header(header.style(theme.dim()))
            .row_highlight_style(theme.selected()),
        area,
        &mut state,
    );
}

/// Where the selection is in a list of `len` rows shown in a table of `height` rows (one of
/// them the header), when the list does not fit: " · 12 of 300".
pub fn position(selected: usize, len: usize, height: u16) -> String {
    if len < height as usize {
        return String::new();
    }
    format!(" · {} of {len}", (selected + 1).min(len))
}

/// A time for a table column: in full on wide terminals, without the year on narrow ones.
pub fn stamp(t: Timestamp, wide: bool) -> String {
    if wide {
        crate::text::time(t)
    } else {
        t.strftime("%m-%d %H:%M:%S").to_string()
    }
}

/// The width of a [`stamp`] column.
pub fn stamp_width(wide: bool) -> Constraint {
    Constraint::Length(if wide { 19 } else { 14 })
}
