//! The Feedback tab: the channels, and the issue form with its live preview.
//!
//! ```text
//!  Slack (#weave-gitops)  Chat with the team …        ─┐ the channel list; the last entry
//!    https://…                                         │ opens the issue form
//!  ✎ Write a GitHub issue…                            ─┘
//!
//!  Kind: [bug] feature docs                            ─┐ the form, when open
//!  ┌ Title ┐ ┌ Body ┐                                   │
//!  [x] Include diagnostics — exactly what is added      │
//!  Length meter · URL preview · [ Open in browser ]    ─┘
//! ```

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, List, ListItem, ListState, Paragraph};

use super::{Theme, ellipsize, wrapped};
use crate::feedback::issue::{Issue, Kind, MAX_URL};
use crate::tui::app::{App, Field, IssueForm};
use crate::tui::mode::Mode;

/// Draws the tab.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    match (&app.view.mode, &app.input.form) {
        (Mode::Form, Some(form)) => draw_form(frame, area, app, form, theme),
        _ => draw_channels(frame, area, app, theme),
    }
}

/// The lines the channel list takes: two a channel, one for the issue entry.
pub fn list_height(app: &App) -> usize {
    app.facts.channels.len() * 2 + 1
}

/// The list entry on line `line` of the channel list, when it is not scrolled.
pub fn item_at(app: &App, line: usize) -> Option<usize> {
    (line < list_height(app)).then_some(line / 2)
}

fn draw_channels(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let width = area.width as usize;
    let mut items: Vec<ListItem> = app
        .facts
        .channels
        .iter()
        .map(|c| {
            let name = format!(" {}", c.name);
            let room = width.saturating_sub(name.chars().count());
            ListItem::new(vec![
                Line::from(vec![
                    Span::styled(name, theme.bold()),
                    Span::styled(
                        ellipsize(&format!(" — {}", c.description), room),
                        theme.dim(),
                    ),
                ]),
                Line::raw(ellipsize(&format!("   {}", c.url), width)),
            ])
        })
        .collect();
    let issue = match &app.input.form {
        Some(form) => format!(
            " ✎ Go on with your draft issue “{}”… (i)",
            form.draft().title
        ),
        None => " ✎ Write a GitHub issue… (i)".to_string(),
    };
    items.push(ListItem::new(vec![Line::styled(
        ellipsize(&issue, width),
        theme.accent(),
    )]));
    let mut state = ListState::default().with_selected(Some(app.view.selected.channel));
    frame.render_stateful_widget(
        List::new(items).highlight_style(theme.selected()),
        area,
        &mut state,
    );
}

fn draw_form(frame: &mut Frame, area: Rect, app: &App, form: &IssueForm, theme: Theme) {
    let issue = form.build(
        &app.facts.ctx.config.feedback.repository,
        &app.facts.diagnostics,
    );
    // The title box and three lines of body always get their room; the heading, the URL and
    // the diagnostics listing only when the terminal is tall enough for them.
    let h = area.height;
    let show = |needed: u16, lines: u16| if h >= needed { lines } else { 0 };
    let diagnostics_lines = 1 + if form.diagnostics { show(20, 4) } else { 0 };
    let [heading, kind, title, body, diagnostics, meter, url, button] = Layout::vertical([
        Constraint::Length(show(12, 1)),
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Min(3),
        Constraint::Length(diagnostics_lines),
        Constraint::Length(1),
        Constraint::Length(show(11, 1) + show(21, 1)),
        Constraint::Length(1),
    ])
    .areas(area);
    let intro = format!(
        " New issue in {} — you see everything before it opens",
        app.facts.ctx.config.feedback.repository
    );
    frame.render_widget(
        Line::styled(ellipsize(&intro, heading.width as usize), theme.bold()),
        heading,
    );
    frame.render_widget(kind_line(form, theme), kind);
    for (widget, field, name, rect) in [
        (&form.title, Field::Title, " Title ", title),
        (&form.body, Field::Body, " Body ", body),
    ] {
        let mut text = widget.clone();
        text.set_block(
            Block::bordered()
                .title(name)
                .border_style(focus_style(form, field, theme)),
        );
        text.set_cursor_line_style(Style::new());
        if form.focus != field {
            text.set_cursor_style(Style::new());
        }
        frame.render_widget(&text, rect);
    }
    let lines = diagnostics_toggle(app, form, diagnostics.width, theme);
    frame.render_widget(Paragraph::new(lines), diagnostics);
    frame.render_widget(length_meter(&issue, theme), meter);
    frame.render_widget(Paragraph::new(url_preview(&issue, url, theme)), url);
    frame.render_widget(open_button(form, theme), button);
}

/// How a field's label or border looks: bright when it has the focus.
fn focus_style(form: &IssueForm, field: Field, theme: Theme) -> Style {
    if form.focus == field {
        theme.accent()
    } else {
        theme.dim()
    }
}

/// "Kind: \[bug\] feature docs", the chosen kind highlighted.
fn kind_line(form: &IssueForm, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(
        " Kind: ",
        focus_style(form, Field::Kind, theme),
    )];
    for k in Kind::ALL {
        let style = if k == form.kind {
            theme.selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!(" {} ", k.label()), style));
        spans.push(Span::raw(" "));
    }
    if form.focus == Field::Kind {
        spans.push(Span::styled("(←/→ to change)", theme.dim()));
    }
    Line::from(spans)
}

/// The diagnostics toggle and, when on, exactly what it adds.
fn diagnostics_toggle(app: &App, form: &IssueForm, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mark = if form.diagnostics { "[x]" } else { "[ ]" };
    let toggle = format!(" {mark} Include diagnostics");
    let explain = if form.diagnostics {
        " — adds exactly this (Space to leave it out):"
    } else {
        " — nothing is added (Space to include)"
    };
    let room = (width as usize).saturating_sub(toggle.chars().count());
    let mut lines = vec![Line::from(vec![
        Span::styled(toggle, focus_style(form, Field::Diagnostics, theme)),
        Span::styled(ellipsize(explain, room), theme.dim()),
    ])];
    if form.diagnostics {
        lines.extend(
            app.facts
                .diagnostics
                .section()
                .lines()
                .filter(|l| l.starts_with("- "))
                .map(|l| Line::styled(format!("     {l}"), theme.dim())),
        );
    }
    lines
}

/// How much of the link's limit the issue's URL takes.
fn length_meter(issue: &Issue, theme: Theme) -> Gauge<'static> {
    let len = issue.url.len();
    let (label, style) = if issue.fits {
        (
            format!("{len} of {MAX_URL} bytes: fits in a link"),
            theme.good(),
        )
    } else {
        (
            format!("{len} of {MAX_URL} bytes: too long; the text will be saved and copied"),
            theme.warn(),
        )
    };
    Gauge::default()
        .gauge_style(style)
        .ratio((len as f64 / MAX_URL as f64).min(1.0))
        .label(label)
}

/// The issue's URL, wrapped to `area` and cut with "…" when it does not fit.
fn url_preview(issue: &Issue, area: Rect, theme: Theme) -> Vec<Line<'static>> {
    let mut preview = wrapped(&format!(" URL: {}", issue.url), area.width, 6, theme.dim());
    if preview.len() > area.height as usize {
        preview.truncate(area.height as usize);
        if let Some(last) = preview.last_mut() {
            let mut text = last.to_string();
            text.pop();
            text.push('…');
            *last = Line::styled(text, theme.dim());
        }
    }
    preview
}

/// "[ Open in browser ]", reversed when it has the focus.
fn open_button(form: &IssueForm, theme: Theme) -> Line<'static> {
    let open_style = if form.focus == Field::Open {
        theme
            .accent()
            .add_modifier(ratatui::style::Modifier::REVERSED)
    } else {
        theme.accent()
    };
    Line::from(vec![
        Span::raw(" "),
        Span::styled("[ Open in browser ]", open_style),
        Span::styled("  Tab moves between fields", theme.dim()),
    ])
}
