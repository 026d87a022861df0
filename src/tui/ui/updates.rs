//! The Updates tab: this version against the newest known one, links and alerts, all from the
//! cached checkpoint answer (never waiting on the network).
//!
//! ```text
//!  Reported gitops 0.38.0 · newest known 0.39.0 (released …, checked …)
//!  ▶ Download         https://…
//!    Changelog        https://…
//!  Alerts: [level] message
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Theme, ellipsize, newer_version, wrapped};
use crate::config::UpdateCheck;
use crate::telemetry::updates::{CheckResponse, UpdateCache};
use crate::text::{duration, time};
use crate::tui::app::App;

/// Draws the tab.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let mut lines = reported(app, area.width);
    match app.data.as_ref().and_then(|d| d.update.as_ref()) {
        None => {
            lines.push(Line::raw(""));
            lines.extend(wrapped(
                " No update information yet. It arrives with the answer to a telemetry send, or \
                 from the version-only request when [updates] check = \"always\".",
                area.width,
                1,
                Style::new(),
            ));
        }
        Some(cache) => {
            lines.extend(newest(app, cache, area.width, theme));
            lines.push(Line::raw(""));
            lines.extend(links(app, area.width, theme));
            lines.extend(alerts(&cache.response, area.width, theme));
        }
    }
    // Every line is wrapped already, each with its own indent.
    frame.render_widget(Paragraph::new(lines), area);
}

/// The version reported, and when update checks run.
fn reported(app: &App, width: u16) -> Vec<Line<'static>> {
    let updates = &app.facts.ctx.config.updates;
    let policy = match updates.check {
        UpdateCheck::WithTelemetry => match app.facts.decision.consent {
            crate::consent::Consent::Granted => {
                "with telemetry: each send's answer says which version is newest".to_string()
            }
            _ => "with telemetry, once you allow it (none until then)".to_string(),
        },
        UpdateCheck::Always => format!(
            "always: a version-only request at most every {}",
            duration(updates.interval.0)
        ),
        UpdateCheck::Never => "never".to_string(),
    };
    let (version, source) = app.reported_version();
    let mut lines = wrapped(
        &format!(" Reported:     gitops {version} ({source})"),
        width,
        15,
        Style::new(),
    );
    lines.extend(wrapped(
        &format!(" Update check: {policy}"),
        width,
        15,
        Style::new(),
    ));
    lines
}

/// The newest version known, when it was checked, and whether this one is behind.
fn newest(app: &App, cache: &UpdateCache, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let r = &cache.response;
    let released = jiff::Timestamp::from_second(r.current_release)
        .ok()
        .filter(|_| r.current_release > 0)
        .map(|t| format!("released {}, ", t.strftime("%Y-%m-%d")))
        .unwrap_or_default();
    let newest = if r.current_version.is_empty() {
        "?"
    } else {
        &r.current_version
    };
    let mut lines = wrapped(
        &format!(
            " Newest known: {newest} ({released}checked {} UTC)",
            time(cache.checked_at)
        ),
        width,
        15,
        Style::new(),
    );
    lines.push(match newer_version(app) {
        Some(v) => Line::styled(
            format!(" A newer version, {v}, is available."),
            theme.warn(),
        ),
        None => Line::styled(" You are up to date.", theme.good()),
    });
    lines
}

/// The answer's links, the selected one marked.
fn links(app: &App, width: u16, theme: Theme) -> Vec<Line<'static>> {
    let links = app.links();
    let mut lines = Vec::new();
    if !links.is_empty() {
        lines.push(Line::styled(" Links (Enter opens, y copies)", theme.bold()));
    }
    for (i, link) in links.iter().enumerate() {
        let selected = i == app.view.selected.link;
        let mark = if selected { "▶" } else { " " };
        let style = if selected {
            theme.selected()
        } else {
            Style::new()
        };
        lines.push(Line::styled(
            ellipsize(&format!(" {mark} {}", link.label), width as usize),
            style,
        ));
        lines.extend(wrapped(
            &format!("     {}", link.url),
            width,
            5,
            theme.dim(),
        ));
    }
    lines
}

/// The answer's alerts, coloured by level.
fn alerts(r: &CheckResponse, width: u16, theme: Theme) -> Vec<Line<'static>> {
    if r.alerts.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::raw(""), Line::styled(" Alerts", theme.bold())];
    for a in &r.alerts {
        let style = match a.level.as_str() {
            "critical" | "error" => theme.bad(),
            "warning" | "warn" => theme.warn(),
            _ => Default::default(),
        };
        lines.extend(wrapped(
            &format!("   [{}] {}", a.level, a.message),
            width,
            5,
            style,
        ));
    }
    lines
}
