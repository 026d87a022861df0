//! `gitops telemetry stats`: the endpoint's public aggregate in a terminal, with this machine's
//! share next to everyone's.
//!
//! Fetching and counting are the library's ([`crate::telemetry::stats::fetch`], which the
//! console calls too); this file only lays the numbers out: bars sized to the terminal, or plain
//! columns when standard output is not a terminal, and `--json`.

use serde_json::json;

use super::super::style::{Painter, stdout_is_terminal};
use super::super::{CommandResult, print_json, require_config};
use crate::context::Context;
use crate::telemetry::stats::{self, Fetched, Row, Section, Stats};
use crate::telemetry::transport::Http;
use crate::text::{bar, plural, sparkline};
use checkpoint_protocol::stats::Noise;

/// How many rows of a breakdown are printed; the rest are counted.
const TOP: usize = 10;

/// The widest a row's label column grows.
const LABEL: usize = 24;

/// `--days`: one of the windows collectors serve.
pub(super) fn served_window(text: &str) -> Result<u32, String> {
    text.parse::<u32>()
        .ok()
        .filter(|d| stats::WINDOWS.contains(d))
        .ok_or_else(|| {
            format!(
                "the windows served are {}",
                checkpoint_protocol::stats::windows_text()
            )
        })
}

pub(super) fn run(ctx: &Context, days: u32, json: bool) -> CommandResult {
    require_config(ctx)?;
    let mut http = Http::new(ctx.config.request_timeout(&ctx.env))?;
    let fetched = stats::fetch(ctx, &mut http, days)?;
    if json {
        return print_json(&json!({
            "stats": fetched.raw,
            "policy": fetched.policy_raw,
            "mine": fetched.mine,
        }));
    }
    let width = stdout_is_terminal()
        .then(|| crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w).clamp(40, 160)));
    out!("{}", render(&fetched, width, Painter::stdout(&ctx.env)));
    Ok(())
}

/// The text `telemetry stats` prints: bars `width` columns wide, or plain columns with `None`.
fn render(f: &Fetched, width: Option<usize>, p: Painter) -> String {
    let lines = [
        summary(f, p),
        breakdowns(f, width, p),
        per_day(&f.stats, width, p),
        notes(f),
    ];
    lines.concat().into_iter().map(|line| line + "\n").collect()
}

/// What the stats cover and where they came from, the totals and this machine's share.
fn summary(f: &Fetched, p: Painter) -> Vec<String> {
    let s = &f.stats;
    let t = &s.totals;
    let n = &s.noise;
    let covered = if s.last_released_day.is_empty() && s.noise.mechanism.is_empty() {
        format!(
            "{}: {} day{}, {} to {} (UTC), from {}",
            p.bold(&s.product),
            s.days,
            plural(s.days as usize),
            s.first_day,
            s.last_day,
            f.url
        )
    } else if s.last_released_day.is_empty() {
        format!(
            "{}: no day released yet (the open day is not included), from {}",
            p.bold(&s.product),
            f.url
        )
    } else {
        format!(
            "{}: {} closed day{}, {} to {} (UTC; last released day {}; the open day is not \
             included), from {}",
            p.bold(&s.product),
            s.days,
            plural(s.days as usize),
            s.first_day,
            s.last_day,
            s.last_released_day,
            f.url
        )
    };
    vec![
        covered,
        String::new(),
        format!(
            "{}  {} checks: {} commands, {} update checks",
            p.bold("Checks  "),
            Noise::about(t.checks, n.totals_checks_band),
            Noise::about(t.commands, n.totals_checks_band),
            Noise::about(t.update_checks, n.totals_checks_band),
        ),
        format!(
            "{}  {} unique installations (±{:.1} % from the sketch{})",
            p.bold("Installs"),
            Noise::about(t.installs, n.installs_band),
            s.installs_error * 100.0,
            if n.installs_band > 0 {
                ", and the noise"
            } else {
                ""
            }
        ),
        format!("{}  {}", p.bold("Yours   "), yours(f)),
    ]
}

/// Every breakdown, each after a blank line: its title, then its [`table`].
fn breakdowns(f: &Fetched, width: Option<usize>, p: Painter) -> Vec<String> {
    let mut lines = Vec::new();
    for Section { title, rows, other } in f.sections() {
        let yours = rows.iter().chain(&other).any(|r| r.mine.is_some());
        let counted = if yours {
            " (checks, yours)"
        } else {
            " (checks)"
        };
        lines.push(String::new());
        lines.push(p.bold(&format!("{title}{counted}")));
        lines.extend(table(rows, other, width));
    }
    lines
}

/// Installations per day after a blank line: a sparkline `width` wide (wrapped, on one scale)
/// with the first and last day, or one line a day with `None`.
fn per_day(s: &Stats, width: Option<usize>, p: Painter) -> Vec<String> {
    let days = &s.per_day.rows;
    let installs: Vec<u64> = days.iter().map(|d| d.totals.installs).collect();
    let peak = installs.iter().copied().max().unwrap_or(0);
    let mut lines = vec![
        String::new(),
        p.bold(&format!("Installations per day (peak {peak})")),
    ];
    match width {
        _ if installs.is_empty() => lines.push("  no days in the answer".into()),
        Some(w) => {
            lines.extend(
                installs
                    .chunks(w.saturating_sub(4).max(1))
                    .map(|chunk| format!("  {}", sparkline_scaled(chunk, peak))),
            );
            lines.push(p.dim(&format!(
                "  {} → {}",
                days.first().map_or("", |d| &d.day),
                days.last().map_or("", |d| &d.day)
            )));
        }
        None => lines.extend(
            days.iter()
                .map(|d| format!("  {}  {}", d.day, d.totals.installs)),
        ),
    }
    lines
}

/// After a blank line: why rare rows are folded, and how long the endpoint keeps its buckets
/// (or why that is not known).
fn notes(f: &Fetched) -> Vec<String> {
    let k = f.stats.min_installs;
    let n = &f.stats.noise;
    let mut lines = vec![String::new()];
    if n.mechanism.is_empty() {
        lines.push(format!(
            "A row seen by fewer than {k} installation{} is folded into \"other\", so no rare \
             command, version or platform can point at a few people.",
            plural(k as usize)
        ));
    } else {
        lines.push(format!(
            "Only closed days are published, each released once with {} noise (± is its 95 % \
             band); a row under {} installations after noise is not published at all.",
            n.mechanism, n.threshold
        ));
    }
    match (&f.policy, &f.policy_problem) {
        (Some(c), _) => lines.push(c.kept()),
        (None, Some(why)) => lines.push(format!("Retention not published: {why}.")),
        (None, None) => {}
    }
    lines
}

/// This machine's share, in one sentence.
fn yours(f: &Fetched) -> String {
    let m = &f.mine;
    let share = m
        .share
        .map_or(String::new(), |s| format!(" ({:.1} %)", s * 100.0));
    let partial = if m.complete {
        ""
    } else {
        "; the sent log starts inside the window, so older ones are not counted"
    };
    format!(
        "{} of the {} command checks{share} came from this machine{partial}",
        m.checks, f.stats.totals.commands
    )
}

/// A sparkline of `values` against `peak` (the same scale for every chunk).
fn sparkline_scaled(values: &[u64], peak: u64) -> String {
    let mut with_peak = values.to_vec();
    with_peak.push(peak);
    let mut line = sparkline(&with_peak);
    line.pop();
    line
}

/// The lines of one breakdown: the top rows, then `other`, then how many more were not shown.
fn table(rows: Vec<Row>, other: Option<Row>, width: Option<usize>) -> Vec<String> {
    let more = rows.len().saturating_sub(TOP);
    let mut rows: Vec<Row> = rows.into_iter().take(TOP).collect();
    rows.extend(other);
    if rows.is_empty() {
        return vec!["  none".into()];
    }
    let label = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(LABEL);
    let max = rows.iter().map(|r| r.checks).max().unwrap_or(0);
    let mine = rows.iter().any(|r| r.mine.is_some());
    let mut lines: Vec<String> = rows
        .iter()
        .map(|r| {
            let name = crate::text::printable(&r.label);
            let name: String = if name.chars().count() > label {
                let cut: String = name.chars().take(label - 1).collect();
                format!("{cut}…")
            } else {
                name.into_owned()
            };
            let yours = match (mine, r.mine) {
                (false, _) => String::new(),
                (true, Some(n)) => format!("{n:>10}"),
                (true, None) => format!("{:>10}", "—"),
            };
            let numbers = format!("{:>10}{yours}", Noise::about(r.checks, r.band));
            match width {
                Some(w) => {
                    let room = w.saturating_sub(2 + label + 1 + numbers.len() + 1).max(1);
                    format!(
                        "  {name:<label$} {:<room$} {numbers}",
                        bar(r.checks, max, room)
                    )
                }
                None => format!("  {name:<label$} {numbers}"),
            }
        })
        .collect();
    if more > 0 {
        lines.push(format!(
            "  … and {more} more row{} (--json lists them all)",
            plural(more)
        ));
    }
    lines
}

#[cfg(test)]
mod tests;
