//! The Stats tab: the endpoint's public aggregate with bars and a sparkline, and this
//! machine's share, from what the worker fetched when the user pressed `r` (never on its own).
//!
//! ```text
//!  weave-gitops · 30 days, 2026-10-26 to 2026-11-24 (UTC) · http://…/v1/stats/weave-gitops
//!  Checks 1234: 1000 commands, 234 update checks · about 56 installations (±3.6 %)
//!  Yours: 12 of the 1000 command checks (1.2 %) came from this machine
//!  Top commands                                   checks  yours
//!  get app        ███████████████████████          600     10
//!  Versions / Platforms                           (the same bars)
//!  Installations per day (peak 12): ▁▂▃▅▇█…
//!  How rows are folded · how long the endpoint keeps them
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, ellipsize, wrapped};
use crate::telemetry::stats::{Row, Section};
use crate::text::{bar, count, plural, sparkline};
use crate::tui::app::{AggregateView, App, ScrollRoom, scroll_room};

/// The widest a label column grows.
const LABEL: usize = 24;

/// How many rows of a breakdown are drawn; the rest are counted.
const TOP: usize = 10;

/// Draws the tab.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let lines = match &app.aggregate {
        AggregateView::Fetched(f) => fetched(f, area.width, theme),
        other => waiting(app, other, area.width, theme),
    };
    let room = scroll_room(lines.len(), area.height);
    app.room.set(ScrollRoom {
        stats: room,
        ..app.room.get()
    });
    frame.render_widget(
        Paragraph::new(lines).scroll((app.view.selected.stats.min(room), 0)),
        area,
    );
}

/// Before the stats came: what `r` does, what is being done, or why nothing came.
fn waiting(app: &App, view: &AggregateView, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let target = app.facts.ctx.target();
    let url = target.url(&checkpoint_protocol::routes::stats(&target.product));
    let mut lines = vec![Line::styled(" Public stats of the endpoint", theme.bold())];
    lines.extend(wrapped(&format!(" {url}"), width, 1, theme.dim()));
    lines.push(Line::raw(""));
    let (text, style) = match view {
        AggregateView::Fetching => ("Fetching…".to_string(), theme.warn()),
        AggregateView::Failed(error) => match error.opted_out_by() {
            Some(variable) => (
                format!(
                    "Not fetched: {variable} is set, which turns off every request to the \
                     endpoint. Unset it to read the stats."
                ),
                theme.warn(),
            ),
            None => (
                format!("Could not fetch the stats: {error}. Press r to try again."),
                theme.bad(),
            ),
        },
        _ if crate::consent::denied_by_env(&app.facts.ctx.env) => (
            format!(
                "{} is set, so nothing is fetched from the endpoint, not even public numbers.",
                app.facts.decision.winning().location
            ),
            theme.warn(),
        ),
        _ => (
            "Press r to fetch how gitops is used by everyone who reports to this endpoint, \
             with your own share next to it. Nothing is fetched until you do."
                .to_string(),
            Style::new(),
        ),
    };
    lines.extend(wrapped(&format!(" {text}"), width, 1, style));
    lines.push(Line::raw(""));
    lines.extend(wrapped(
        " The request carries only the number of days: no verbs, no signature, nothing about \
         you. Reading it needs no consent; CHECKPOINT_DISABLE and DO_NOT_TRACK turn it off.",
        width,
        1,
        theme.dim(),
    ));
    lines
}

fn fetched(f: &crate::telemetry::stats::Fetched, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = summary(f, width, theme);
    let sections = f.sections();
    // One label column for every breakdown, so their bars and numbers line up.
    let label = sections
        .iter()
        .flat_map(|s| s.rows.iter().take(TOP).chain(&s.other))
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(LABEL)
        .min(width as usize / 3);
    // And one set of number columns: "yours" in every breakdown when any has it.
    let yours = sections
        .iter()
        .any(|s| s.rows.iter().chain(&s.other).any(|r| r.mine.is_some()));
    let columns = Columns { label, yours };
    for Section { title, rows, other } in sections {
        lines.push(Line::raw(""));
        lines.push(section_heading(title, yours, width as usize, theme));
        lines.extend(table(rows, other, columns, width as usize, theme));
    }
    lines.push(Line::raw(""));
    lines.extend(per_day(&f.stats, width as usize, theme));
    lines.push(Line::raw(""));
    lines.extend(folding_and_retention(f, width, theme));
    lines
}

/// What the stats cover, where they came from, the totals and this machine's share.
fn summary(f: &crate::telemetry::stats::Fetched, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let s = &f.stats;
    let mut lines = Vec::new();
    lines.extend(wrapped(
        &format!(
            " {} · {} day{}, {} to {} (UTC)",
            s.product,
            s.days,
            plural(s.days as usize),
            s.first_day,
            s.last_day,
        ),
        width,
        1,
        theme.bold(),
    ));
    lines.extend(wrapped(&format!(" {}", f.url), width, 1, theme.dim()));
    let t = &s.totals;
    lines.extend(wrapped(
        &format!(
            " Checks {}: {}, {} · about {} (±{:.1} %)",
            t.checks,
            count(t.commands as usize, "command"),
            count(t.update_checks as usize, "update check"),
            count(t.installs as usize, "installation"),
            s.installs_error * 100.0
        ),
        width,
        1,
        Style::new(),
    ));
    let m = &f.mine;
    let share = m
        .share
        .map_or(String::new(), |x| format!(" ({:.1} %)", x * 100.0));
    let partial = if m.complete {
        ""
    } else {
        " (the sent log starts inside the window)"
    };
    lines.extend(wrapped(
        &format!(
            " Yours: {} of the {} command checks{share} came from this machine{partial}",
            m.checks, t.commands
        ),
        width,
        1,
        theme.good(),
    ));
    lines
}

/// The columns every breakdown shares.
#[derive(Debug, Clone, Copy)]
struct Columns {
    /// The width of the label column.
    label: usize,
    /// Whether the "yours" column is shown (when any breakdown knows it).
    yours: bool,
}

/// A breakdown's title, with the column names flush right ("yours" only when known).
fn section_heading(title: &str, yours: bool, width: usize, theme: Theme) -> Line<'static> {
    let numbers = if yours {
        format!("{:>8} {:>6}", "checks", "yours")
    } else {
        format!("{:>8}", "checks")
    };
    let pad = width.saturating_sub(1 + title.chars().count() + numbers.len());
    Line::from(vec![
        Span::styled(format!(" {title}"), theme.bold()),
        Span::styled(format!("{:pad$}{numbers}", ""), theme.dim()),
    ])
}

/// Installations per day as a sparkline, scaled to the peak, in rows of `width`.
fn per_day(s: &crate::telemetry::stats::Stats, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let installs: Vec<u64> = s.per_day.rows.iter().map(|d| d.totals.installs).collect();
    let peak = installs.iter().copied().max().unwrap_or(0);
    let days = match (s.per_day.rows.first(), s.per_day.rows.last()) {
        (Some(a), Some(b)) => format!(", {} → {}", a.day, b.day),
        _ => String::new(),
    };
    let mut lines = wrapped(
        &format!(" Installations per day (peak {peak}{days})"),
        width as u16,
        1,
        theme.bold(),
    );
    let folded = &s.per_day;
    if installs.is_empty() && folded.other_rows > 0 {
        lines.extend(wrapped(
            &format!(
                "   {} folded into \"other\" ({}, {}): each was seen by fewer than {}",
                count(folded.other_rows as usize, "day"),
                count(folded.other.checks as usize, "check"),
                count(folded.other.installs as usize, "installation"),
                count(s.min_installs as usize, "installation"),
            ),
            width as u16,
            3,
            theme.dim(),
        ));
    } else if installs.is_empty() {
        lines.push(Line::raw("   no days in the answer"));
    }
    for chunk in installs.chunks(width.saturating_sub(4).max(1)) {
        let mut with_peak = chunk.to_vec();
        with_peak.push(peak);
        let mut spark = sparkline(&with_peak);
        spark.pop();
        lines.push(Line::styled(format!("   {spark}"), theme.accent()));
    }
    lines
}

/// How rare rows are folded, and how long the endpoint keeps its day buckets.
fn folding_and_retention(
    f: &crate::telemetry::stats::Fetched,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let s = &f.stats;
    let folding = if s.min_installs <= 1 {
        " Every row is shown as counted: this endpoint folds none into \"other\" (its minimum \
         is 1 installation), so a rare command, version or platform can point at one person."
            .to_string()
    } else {
        format!(
            " A row seen by fewer than {} is folded into \"other\", so no rare command, \
             version or platform can point at a few people.",
            count(s.min_installs as usize, "installation")
        )
    };
    let mut lines = wrapped(&folding, width, 1, theme.dim());
    let kept = match (&f.policy, &f.policy_problem) {
        (Some(c), _) => format!(" {}", c.kept()),
        (None, Some(why)) => format!(" Retention not published: {why}."),
        (None, None) => String::new(),
    };
    lines.extend(wrapped(&kept, width, 1, theme.dim()));
    lines
}

/// The lines of one breakdown: the top rows and `other`, in the shared `columns`, each with a
/// bar sized to `width`.
fn table(
    rows: Vec<Row>,
    other: Option<Row>,
    Columns { label, yours }: Columns,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let more = rows.len().saturating_sub(TOP);
    let mut rows: Vec<Row> = rows.into_iter().take(TOP).collect();
    rows.extend(other);
    if rows.is_empty() {
        return vec![Line::raw("   none")];
    }
    let max = rows.iter().map(|r| r.checks).max().unwrap_or(0);
    let mut lines: Vec<Line<'static>> = rows
        .iter()
        .map(|r| {
            let numbers = match (yours, r.mine) {
                (false, _) => format!("{:>8}", r.checks),
                (true, Some(n)) => format!("{:>8} {n:>6}", r.checks),
                (true, None) => format!("{:>8} {:>6}", r.checks, "—"),
            };
            let room = width.saturating_sub(1 + label + 1 + numbers.chars().count() + 1);
            let name = ellipsize(&r.label, label);
            let drawn = bar(r.checks, max, room);
            let gap = room.saturating_sub(drawn.chars().count());
            Line::from(vec![
                Span::raw(format!(" {name:<label$} ")),
                Span::styled(drawn, theme.accent()),
                Span::raw(format!("{:gap$} {numbers}", "")),
            ])
        })
        .collect();
    if more > 0 {
        lines.extend(wrapped(
            &format!(
                "   … and {more} more row{} (gitops telemetry stats --json)",
                plural(more)
            ),
            width as u16,
            3,
            theme.dim(),
        ));
    }
    lines
}
