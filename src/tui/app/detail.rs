//! The text of detail windows, made from the current state each time it is asked for.
//!
//! A window names what it shows ([`Detail`]); when the thing is gone (an event sent or
//! deleted meanwhile), the window says so instead of showing stale text.

use super::App;
use crate::telemetry::delivery::why_waiting;
use crate::telemetry::request;
use crate::text::{printable, time};
use crate::tui::keymap;
use crate::tui::mode::Detail;

impl App {
    /// The title and lines of the window showing `what`.
    pub fn detail(&self, what: &Detail) -> (String, Vec<String>) {
        match what {
            Detail::Help => ("Keys".to_string(), keymap::help_lines()),
            Detail::PendingEvent(id) => (format!("Pending event {id}"), self.pending_lines(id)),
            Detail::SentEntry(at, url) => ("Sent request".to_string(), self.sent_lines(*at, url)),
            Detail::Message => (
                "Last message".to_string(),
                vec![self.last_status.as_ref().map_or_else(
                    || "Nothing has been said yet.".to_string(),
                    |s| format!("{} (at {} UTC)", s.text, time(s.at)),
                )],
            ),
        }
    }

    fn pending_lines(&self, id: &str) -> Vec<String> {
        let data = self.data.as_ref();
        let Some(event) = data.and_then(|d| d.pending.find(id)) else {
            return vec!["This event is no longer pending: it was sent or deleted.".into()];
        };
        let Some(signature) = data.and_then(|d| d.signature.as_ref()) else {
            return vec!["(reading the anonymous id…)".into()];
        };
        let ctx = &self.facts.ctx;
        let request = request::build(&ctx.target(), event, &signature.value);
        let mut lines = vec!["The request, byte for byte:".to_string(), String::new()];
        lines.extend(request.to_http().lines().map(|l| format!("  {l}")));
        lines.push(format!("recorded:     {}", time(event.recorded_at)));
        lines.push(format!("attempts:     {}", event.attempts));
        if let Some(next) = event.next_attempt {
            lines.push(format!("next attempt: {}", time(next)));
        }
        if let Some(error) = &event.last_error {
            lines.push(format!("last error:   {error}"));
        }
        lines.push(format!(
            "why not sent: {}",
            why_waiting(ctx, self.facts.decision.consent, event, self.view.now)
        ));
        lines.push(String::new());
        lines.push(format!(
            "The signature is the one in effect now ({}); a rotated id applies to queued events too.",
            signature.origin
        ));
        lines
    }

    fn sent_lines(&self, at: jiff::Timestamp, url: &str) -> Vec<String> {
        let entry = self
            .data
            .as_ref()
            .and_then(|d| d.sent.iter().find(|e| e.time == at && e.url == url));
        let Some(entry) = entry else {
            return vec!["This entry is no longer in the sent log.".into()];
        };
        let mut lines = vec![
            format!("time:     {}", time(entry.time)),
            format!("kind:     {}", entry.kind.word()),
            format!(
                "status:   {}",
                entry
                    .status
                    .map_or("no answer".to_string(), |s| format!("HTTP {s}"))
            ),
            format!("duration: {} ms", entry.duration_ms),
            "url:".to_string(),
            format!("  {}", entry.url),
        ];
        if let Some(e) = &entry.error {
            lines.push(format!("error:    {e}"));
        }
        if let Some(v) = &entry.current_version {
            lines.push(format!("newest version then: {v}"));
        }
        if let Some(o) = entry.outdated {
            lines.push(format!("outdated: {o}"));
        }
        lines.extend(answer_lines(entry.answer.as_ref()));
        lines
    }
}

/// The answer as received, for the Sent detail: its headers, then its body, each line made
/// printable (a server's escape sequences never reach the terminal).
fn answer_lines(answer: Option<&crate::telemetry::sent_log::Answer>) -> Vec<String> {
    let Some(answer) = answer else {
        return vec!["answer:   none came".to_string()];
    };
    let mut lines = vec!["answer headers:".to_string()];
    lines.extend(
        answer
            .headers
            .iter()
            .map(|(name, value)| format!("  {}: {}", printable(name), printable(value))),
    );
    match answer.body_len {
        Some(len) => lines.push(format!(
            "answer body (the first {} of {len} bytes):",
            answer.body.len()
        )),
        None if answer.body.is_empty() => lines.push("answer body: (empty)".to_string()),
        None => lines.push("answer body:".to_string()),
    }
    lines.extend(answer.body.lines().map(|l| format!("  {}", printable(l))));
    lines
}
