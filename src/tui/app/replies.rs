//! What the console says when the worker answers: the wording of results and errors.
//!
//! Sentences both front ends show (a consent change, a send) come from the library's
//! `Display` impls, so the console and the CLI say the same thing.

use super::{AggregateView, App, Effect, Facts, IssueForm, Level};
use crate::feedback::browser::Handoff;
use crate::telemetry::choice::ConsentChange;
use crate::telemetry::delivery::SendReport;
use crate::telemetry::stats::Fetched;
use crate::text::count;
use crate::tui::mode::Mode;
use crate::tui::worker::{Done, Job, JobError, Opened};

impl App {
    /// Applies a worker's answer.
    pub(super) fn done(&mut self, done: Done) -> Vec<Effect> {
        match done {
            Done::Loaded(Ok(snapshot)) => {
                self.data = Some(*snapshot);
                self.clamp_selections();
            }
            Done::Loaded(Err(e)) => self.say(Level::Error, e.to_string()),
            Done::ConsentSet(result) => self.consent_set(result),
            Done::Pending(Ok(pending)) => {
                if let Some(data) = &mut self.data {
                    data.pending = pending;
                }
                self.window_asked = None;
                self.clamp_selections();
            }
            Done::Pending(Err(e)) => self.say(Level::Error, e.to_string()),
            Done::ConfigChanged => self.config_changed(),
            Done::Deleted(Ok(true)) => {
                self.say(Level::Info, "deleted 1 pending event; nothing was sent")
            }
            Done::Deleted(Ok(false)) => self.say(Level::Info, "that event was already gone"),
            Done::Cleared(Ok(n)) => self.say(
                Level::Info,
                format!("deleted {}; nothing was sent", count(n, "pending event")),
            ),
            Done::Deleted(Err(e)) | Done::Cleared(Err(e)) => self.say(Level::Error, e.to_string()),
            Done::Progress(done, total) => self.sending = Some((done, total)),
            Done::Sent(result) => {
                self.sending = None;
                match result {
                    Ok(report) => self.sent(&report),
                    Err(e) => self.say(Level::Error, e.to_string()),
                }
            }
            Done::Opened(opened) => return self.opened(opened),
            Done::Draft(draft) => {
                if self.input.form.is_none() {
                    self.input.form = draft.as_ref().map(IssueForm::from_draft);
                }
            }
            Done::DraftSaved(Err(e)) => self.say(Level::Error, e.to_string()),
            Done::DraftSaved(Ok(())) => {}
            Done::Aggregate(Ok(fetched)) => self.aggregate_fetched(fetched),
            Done::Aggregate(Err(error)) => {
                self.say(Level::Error, error.to_string());
                self.aggregate = AggregateView::Failed(error);
            }
        }
        Vec::new()
    }

    fn config_changed(&mut self) {
        self.facts = Facts::of(self.facts.ctx.reload());
        if self.view.mode == Mode::ConsentChoice
            && self.facts.decision.consent != crate::consent::Consent::Undecided
        {
            self.view.mode = Mode::Browsing;
        }
        self.say(
            Level::Info,
            format!(
                "the config changed on disk: {}",
                self.facts.decision.summary()
            ),
        );
    }

    /// What a send did, and what `S` would do about what it left.
    fn sent(&mut self, report: &SendReport) {
        let mut text = match report.problem() {
            Some(problem) if report.refused.is_none() => format!("{report}: {problem}"),
            _ => report.to_string(),
        };
        if report.refused.is_none()
            && (report.next_attempt.is_some() || report.in_doubt > 0)
            && report.waiting > 0
        {
            text.push_str("; S sends them now");
        }
        let level = if report.failed > 0 {
            Level::Error
        } else {
            Level::Info
        };
        self.say(level, text);
    }

    fn aggregate_fetched(&mut self, fetched: Box<Fetched>) {
        if let Some(data) = &mut self.data {
            data.policy = fetched.policy.clone();
        }
        self.say(
            Level::Info,
            format!(
                "fetched {} days of public stats from {}",
                fetched.stats.days, fetched.url
            ),
        );
        self.aggregate = AggregateView::Fetched(fetched);
    }

    fn consent_set(&mut self, result: Result<ConsentChange, JobError>) {
        match result {
            Ok(change) => {
                self.facts = Facts::of(self.facts.ctx.reload());
                self.say(Level::Info, change.to_string());
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
    }

    fn opened(&mut self, opened: Opened) -> Vec<Effect> {
        let mut effects = Vec::new();
        let saved = opened
            .saved_to
            .as_ref()
            .map(|p| format!("; the full text is saved in {} and copied", p.display()))
            .unwrap_or_default();
        if let Some(body) = opened.long_body {
            effects.push(Effect::Copy(body));
        }
        match opened.result {
            Ok(Handoff::Launched(how)) => {
                if self.view.mode == Mode::Form {
                    self.input.form = None;
                    self.view.mode = Mode::Browsing;
                    effects.push(Effect::Job(Job::SaveDraft(None)));
                }
                self.say(Level::Info, format!("opened with {how}{saved}"));
            }
            Ok(Handoff::Print(why)) => {
                if opened.saved_to.is_none() {
                    effects.push(Effect::Copy(opened.url.clone()));
                }
                self.say(
                    Level::Error,
                    format!(
                        "cannot open a browser: {why}. Copied the address: {}{saved}",
                        opened.url
                    ),
                );
            }
            Err(e) => self.say(Level::Error, e.to_string()),
        }
        effects
    }
}
