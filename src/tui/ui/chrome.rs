//! The lines around every tab, each fitted to the terminal's width:
//!
//! ```text
//!  gitops feedback · gitops 0.38.0 │ telemetry: enabled │ update: 0.39.0 available   header
//!   1 Overview   2 Payload   3 Pending (41)   4 Sent   5 Feedback   6 Updates   7 Stats  tabs
//!  …                                                                                 (the tab)
//!  deleted 1 pending event; nothing was sent                                         status
//!  Enter request  x delete  C clear all  s send now  ↑↓ move  ? help  q quit         footer
//! ```
//! Each line has shorter forms it falls back to, so nothing is cut mid-word: the header drops
//! words, the tabs shorten their names, the footer drops hints but keeps `? help` and
//! `q quit`, and the status line ends in `… (m)` (`… (F2)` in a text field) when the message is
//! longer than the line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::fit::ellipsize;
use super::{Theme, newer_version};
use crate::text::printable;
use crate::tui::app::{App, Level};
use crate::tui::keymap;
use crate::tui::mode::Mode;
use crate::tui::tab::Tab;

/// The first of `variants` that fits in `area`, or the last one.
fn first_that_fits<'a>(area: Rect, variants: Vec<Vec<Span<'a>>>) -> Line<'a> {
    let fits =
        |spans: &Vec<Span>| spans.iter().map(Span::width).sum::<usize>() <= area.width as usize;
    let mut variants = variants.into_iter();
    let mut last = Vec::new();
    for spans in variants.by_ref() {
        if fits(&spans) {
            return Line::from(spans);
        }
        last = spans;
    }
    Line::from(last)
}

/// Name, the gitops version being reported, the consent badge and a known update.
pub fn header(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let consent = app.facts.decision.consent;
    let badge = || Span::styled(consent.label(), theme.consent(consent));
    let (version, _) = app.reported_version();
    let newer = newer_version(app);
    let update = |long: bool| -> Vec<Span> {
        match &newer {
            Some(v) if long => vec![
                Span::raw("  │  "),
                Span::styled(format!("update: {v} available"), theme.warn()),
            ],
            Some(v) => vec![
                Span::raw(" │ "),
                Span::styled(format!("⬆ {v}"), theme.warn()),
            ],
            None => Vec::new(),
        }
    };
    let bases = vec![
        vec![
            Span::styled(" gitops feedback", theme.bold()),
            Span::styled(format!(" · gitops {version}"), theme.dim()),
            Span::raw("  │  telemetry: "),
            badge(),
        ],
        vec![
            Span::styled(" gitops ", theme.bold()),
            Span::styled(version.clone(), theme.dim()),
            Span::raw(" │ telemetry: "),
            badge(),
        ],
        vec![Span::styled(" gitops ", theme.bold()), badge()],
    ];
    // The base is chosen as if a short update badge were there, so the header keeps its
    // shape when one appears: room for " │ ⬆ " and a version (the known one, or a typical
    // width) is kept at the end.
    let reserve = 5 + newer.as_ref().map_or(8, |v| v.chars().count().max(8));
    let width = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>();
    let last = bases.len() - 1;
    let base = bases
        .into_iter()
        .enumerate()
        .find(|(i, b)| *i == last || width(b) + reserve <= area.width as usize)
        .map(|(_, b)| b)
        .unwrap_or_default();
    let variants = vec![
        [base.clone(), update(true)].concat(),
        [base, update(false)].concat(),
    ];
    frame.render_widget(first_that_fits(area, variants), area);
}

/// The tab bar: full names when they fit, else short ones, else numbers with the current
/// tab's name.
pub fn tabs(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    frame.render_widget(Line::from(tab_bar(area, app, theme)), area);
}

/// The tab under column `x` of the tab bar in `area`.
pub fn tab_at(area: Rect, app: &App, theme: Theme, x: u16) -> Option<Tab> {
    let mut left = area.x;
    // The bar is a leading space, then each tab followed by its gap.
    for (i, span) in tab_bar(area, app, theme).iter().enumerate() {
        let right = left + span.width() as u16;
        if i % 2 == 1 && (left..right).contains(&x) {
            return Tab::ALL.get(i / 2).copied();
        }
        left = right;
    }
    None
}

fn tab_bar(area: Rect, app: &App, theme: Theme) -> Vec<Span<'static>> {
    let pending = app.data.as_ref().map(|d| match d.pending.total {
        Some(n) => n.to_string(),
        None => format!("{}…", d.pending.len()),
    });
    let bar = |name: &dyn Fn(Tab) -> String, gap: &'static str| -> Vec<Span<'static>> {
        let mut spans = vec![Span::raw(" ")];
        for (i, tab) in Tab::ALL.iter().enumerate() {
            let mut title = format!("{} {}", i + 1, name(*tab));
            if *tab == Tab::Pending
                && let Some(n) = &pending
            {
                title.push_str(&format!(" ({n})"));
            }
            let style = if *tab == app.view.tab {
                theme.accent().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
            spans.push(Span::styled(format!(" {} ", title.trim_end()), style));
            spans.push(Span::raw(gap));
        }
        spans
    };
    let current = app.view.tab;
    let variants = vec![
        bar(&|t| t.title().to_string(), " "),
        bar(&|t| t.title().to_string(), ""),
        bar(&|t| t.short().to_string(), ""),
        bar(
            &|t| {
                if t == current {
                    t.title().to_string()
                } else {
                    String::new()
                }
            },
            "",
        ),
    ];
    first_that_fits(area, variants).spans
}

/// The status line: send progress, or the message on one line.
pub fn status(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let width = area.width as usize;
    let line = match (&app.sending, &app.status) {
        (Some((done, total)), _) if *total > 0 => {
            Line::styled(format!(" sending {done}/{total}…"), theme.warn())
        }
        (_, Some(status)) => {
            let style = if status.level == Level::Error {
                theme.bad()
            } else {
                theme.good()
            };
            let text = format!(" {}", printable(&status.text));
            let shown = if text.chars().count() > width {
                // In a text field `m` is a letter; F2 shows the message there.
                let key = if app.editing() || app.view.mode == Mode::Form {
                    "F2"
                } else {
                    "m"
                };
                let room = width.saturating_sub(key.len() + 3);
                format!("{} ({key})", ellipsize(&text, room))
            } else {
                text
            };
            Line::styled(shown, style)
        }
        _ => Line::raw(""),
    };
    frame.render_widget(line, area);
}

/// The keys of the current screen; when they do not all fit, the last ones (`? help`,
/// `q quit`) stay and hints before them go.
pub fn footer(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let mut hints = keymap::hints(&app.scopes(), |action| app.offers(action));
    let width = |hints: &[(String, &str)]| -> usize {
        1 + hints
            .iter()
            .map(|(k, h)| k.chars().count() + h.chars().count() + 3)
            .sum::<usize>()
    };
    let kept_at_end = 2.min(hints.len());
    while width(&hints) > area.width as usize && hints.len() > kept_at_end {
        hints.remove(hints.len() - kept_at_end - 1);
    }
    let mut spans = vec![Span::raw(" ")];
    for (key, hint) in hints {
        spans.push(Span::styled(key, theme.accent()));
        spans.push(Span::styled(format!(" {hint}  "), theme.dim()));
    }
    frame.render_widget(Line::from(spans), area);
}
