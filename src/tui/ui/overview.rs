//! The Overview tab: consent and who decided it, and the privacy notice with live values.
//!
//! ```text
//! Telemetry is UNDECIDED — why, and the keys to change it
//! Who decides: the five sources, the winner marked
//! Why we collect / What / When / Where / How long / How it works / How to opt out
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, wrapped};
use crate::config::SignatureMode;
use crate::consent::Consent;
use crate::tui::app::App;

/// Draws the tab.
pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let d = &app.facts.decision;
    let mut lines = vec![Line::from(vec![
        Span::styled(" Telemetry is ", theme.bold()),
        Span::styled(d.consent.label().to_uppercase(), theme.consent(d.consent)),
    ])];
    let width = area.width;
    lines.extend(wrapped(
        &format!(" {}", d.summary()),
        width,
        1,
        Style::new(),
    ));
    lines.extend(wrapped(
        &format!(
            " Press a to allow or d to deny; the choice is saved in {}.",
            app.facts.ctx.paths.config_file.display()
        ),
        width,
        1,
        Style::new(),
    ));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " Who decides (the first that decides wins)",
        theme.bold(),
    ));
    for (i, r) in d.readings.iter().enumerate() {
        let mark = if r.source == d.winner { "▶" } else { " " };
        let value = r.value.as_deref().unwrap_or("not set");
        let decides = r
            .decides
            .map_or(String::new(), |c| format!(" → {}", c.label()));
        let style = if r.source == d.winner {
            theme.bold()
        } else {
            Style::new()
        };
        let source = format!(" {mark} {}. {}: {value}{decides}", i + 1, r.location);
        lines.extend(wrapped(&source, width, 6, style));
    }
    lines.push(Line::raw(""));
    for (heading, text) in notice(app) {
        lines.push(Line::styled(format!(" {heading}"), theme.bold()));
        lines.extend(wrapped(&format!("   {text}"), width, 3, Style::new()));
    }
    frame.render_widget(
        Paragraph::new(lines).scroll((app.view.selected.overview, 0)),
        area,
    );
}

/// The privacy notice: heading and text, filled in from the config.
pub fn notice(app: &App) -> Vec<(&'static str, String)> {
    let t = &app.facts.ctx.config.telemetry;
    let signature = match t.signature {
        SignatureMode::System => "derived once from this machine's id with scrypt, or random",
        SignatureMode::Random => "a random id kept on this machine",
        SignatureMode::None => "none: sent empty",
    };
    let sending = if t.auto_send {
        format!(
            "at most every {} by a background sender started after a command",
            t.send_interval
        )
    } else {
        "only when you run `gitops telemetry send` (auto_send is off)".to_string()
    };
    let target = app.facts.ctx.target();
    vec![
        (
            "Why we collect",
            "To learn which gitops commands are used, on which platforms and versions, so the \
             team knows what to improve. The answer tells gitops whether a newer version exists."
                .to_string(),
        ),
        (
            "What we collect",
            format!(
                "One request per gitops command: its two verbs (never flags, values, names or \
                 paths), OS/arch ({}/{}), the gitops version, whether it is a release candidate, \
                 and an anonymous id ({signature}). The Payload tab shows the exact bytes.",
                checkpoint_protocol::platform::go_os(),
                checkpoint_protocol::platform::go_arch()
            ),
        ),
        (
            "When",
            format!(
                "Recorded on this machine each time gitops runs (not in CI while undecided). \
                 Sent only with your consent: {sending}, or with s on the Pending tab."
            ),
        ),
        (
            "Where it is sent",
            format!(
                "GET {}/v1/check/{} (proxy variables are honoured).",
                target.endpoint.as_str().trim_end_matches('/'),
                target.product
            ),
        ),
        (
            "How long it is kept here",
            format!(
                "Pending events: at most {}, none older than {}, in {}. The sent log keeps the \
                 newest {} requests. `gitops telemetry forget` deletes it all.",
                t.max_pending,
                t.max_age,
                app.facts.ctx.paths.data_dir.display(),
                crate::telemetry::sent_log::KEEP
            ),
        ),
        (
            "How it works",
            "src/vocabulary.rs reduces a command line to verbs using assets/commands.toml; \
             src/request.rs builds the one request that the preview shows and the sender sends; \
             src/queue.rs keeps pending events; src/delivery.rs sends them."
                .to_string(),
        ),
        (
            "How to opt out",
            format!(
                "Here: press d. From the CLI: `gitops telemetry disable` (or `gitops set config \
                 analytics false`). CHECKPOINT_DISABLE=1 or DO_NOT_TRACK=1 turn everything off, \
                 update checks included.{}",
                if app.facts.decision.consent == Consent::Denied {
                    " Telemetry is off now."
                } else {
                    ""
                }
            ),
        ),
    ]
}
