//! The Overview tab: consent and who decided it, and the privacy notice with live values.
//!
//! ```text
//! Telemetry is UNDECIDED — why, and the keys to change it
//! Who decides: the five sources, the winner marked
//! Why we collect / What / How long it is kept / When and where / How it works / How to opt out
//! ```

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, wrapped};
use checkpoint_protocol::platform::{go_arch, go_os};

use crate::config::SignatureMode;
use crate::consent::{Consent, Source};
use crate::telemetry::sent_log::KEEP;
use crate::text::duration;
use crate::tui::app::{App, ScrollRoom, scroll_room};

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
        &format!(" {}", what_to_press(app)),
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
    let room = scroll_room(lines.len(), area.height);
    app.room.set(ScrollRoom {
        overview: room,
        ..app.room.get()
    });
    frame.render_widget(
        Paragraph::new(lines).scroll((app.view.selected.overview.min(room), 0)),
        area,
    );
}

/// The keys that change consent here, only those that would, and where the choice goes.
fn what_to_press(app: &App) -> String {
    let d = &app.facts.decision;
    let file = app.facts.ctx.paths.config_file.display();
    match (d.winner, d.consent) {
        (Source::CheckpointDisable | Source::DoNotTrack, _) => format!(
            "{} is set, so nothing is sent whatever is saved here; unset it to change this.",
            d.winning().location
        ),
        (Source::ConfigFile, _) if d.config_error.is_some() => {
            "Fix the config file first; until then nothing is sent.".to_string()
        }
        (_, Consent::Granted) => {
            format!("Press d to deny (pending events are deleted); the choice is saved in {file}.")
        }
        (_, Consent::Denied) => format!("Press a to allow; the choice is saved in {file}."),
        (_, Consent::Undecided) => {
            format!("Press a to allow or d to deny; the choice is saved in {file}.")
        }
    }
}

/// The privacy notice, answering the questions of the product's telemetry page in its order,
/// filled in from the config.
pub fn notice(app: &App) -> Vec<(&'static str, String)> {
    vec![
        (
            "Why we collect",
            "To learn which gitops commands are used, on which platforms and versions, so the \
             team knows what to improve. The answer also tells gitops whether a newer version \
             exists."
                .to_string(),
        ),
        ("What we collect", what_is_collected(app)),
        ("How long it is kept", how_long_it_is_kept(app)),
        (
            "When it is collected and where it is sent",
            when_and_where(app),
        ),
        (
            "How it works",
            format!(
                "The source is public: {}. A command line is reduced to two words of the \
                 gitops command tree; one function builds the request that the Payload tab \
                 shows and the sender sends; pending events wait in a file you can read.",
                env!("CARGO_PKG_REPOSITORY")
            ),
        ),
        ("How to opt out", how_to_opt_out(app)),
    ]
}

fn what_is_collected(app: &App) -> String {
    let signature = match app.facts.ctx.config.telemetry.signature {
        SignatureMode::System => "derived once from this machine's id with scrypt, or random",
        SignatureMode::Random => "a random id kept on this machine",
        SignatureMode::None => "none: sent empty",
    };
    format!(
        "One request per gitops command: its two verbs (never flags, values, names or \
         paths), the operating system and architecture ({}/{}), the gitops version, \
         whether it is a release candidate, and an anonymous id ({signature}). The \
         Payload tab shows the exact bytes.",
        go_os(),
        go_arch()
    )
}

fn how_long_it_is_kept(app: &App) -> String {
    let t = &app.facts.ctx.config.telemetry;
    let server = match app.data.as_ref().and_then(|d| d.policy.as_ref()) {
        Some(c) => format!(
            "On the server: day buckets are kept for {} (oldest day kept: {}), as the endpoint \
             published on {}; a row seen by fewer than {} installations is shown only folded \
             into \"other\".{}",
            c.policy.retention,
            c.policy.oldest_day,
            c.fetched_at.strftime("%Y-%m-%d"),
            c.policy.min_installs,
            c.page()
                .map(|url| format!(" Its privacy policy: {url}."))
                .unwrap_or_default()
        ),
        None => "On the server: not known, as the endpoint has not published how long it keeps \
                 what it receives."
            .to_string(),
    };
    format!(
        "Here: at most {} pending events, none older than {}, in {}; the sent log keeps \
         the newest {} requests; gitops telemetry forget deletes it all. {server}",
        t.max_pending,
        duration(t.max_age.0),
        app.facts.ctx.paths.data_dir.display(),
        KEEP
    )
}

fn when_and_where(app: &App) -> String {
    let t = &app.facts.ctx.config.telemetry;
    let sending = if t.auto_send {
        format!(
            "at most every {} by a background sender started after a command",
            duration(t.send_interval.0)
        )
    } else {
        "only when you run gitops telemetry send (auto_send is off)".to_string()
    };
    let target = app.facts.ctx.target();
    format!(
        "Recorded on this machine each time gitops runs (not in CI while undecided). \
         Sent only with your consent, {sending}, or with s on the Pending tab, to \
         GET {} (proxy variables are honoured).",
        target.url(&checkpoint_protocol::routes::check(&target.product))
    )
}

fn how_to_opt_out(app: &App) -> String {
    format!(
        "Here: press d. From the CLI: gitops telemetry disable (or gitops set config \
         analytics false). CHECKPOINT_DISABLE=1 or DO_NOT_TRACK=1 turn everything off, \
         update checks included. The Weave GitOps dashboard has its own setting: set \
         WEAVE_GITOPS_FEATURE_TELEMETRY to \"false\" in the Helm chart's values.{}",
        if app.facts.decision.consent == Consent::Denied {
            " Telemetry is off now."
        } else {
            ""
        }
    )
}
