//! The console's state and its one update function: messages in, effects out.
//!
//! Owns what is on screen (tab, overlay, selections, the command line being typed, the issue
//! form, the status line) and how keys and worker answers change it. It never draws, never
//! touches the terminal and never does slow work: that goes out as an [`Effect`] — a
//! [`Job`] for the worker, text to copy, or quitting. Tests drive it with keys and no terminal.

mod form;

use crossterm::event::{KeyEvent, KeyEventKind};
use jiff::Timestamp;
use ratatui_textarea::TextArea;

pub use form::{Field, FormKey, IssueForm};

use super::keymap::{self, Action, Key, Scope};
use super::worker::{Done, Job, Opened, Snapshot};
use crate::config::ConsentSetting;
use crate::consent::{Consent, Decision};
use crate::context::Context;
use crate::feedback::issue::Diagnostics;
use crate::feedback::open::Outcome;
use crate::feedback::{self, Channel};
use crate::preview::{self, Preview};
use crate::vocabulary::Vocabulary;

/// The six tabs, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Consent and the privacy notice.
    Overview,
    /// The exact request for a typed command line.
    Payload,
    /// The queue.
    Pending,
    /// The sent log.
    Sent,
    /// Channels and the issue form.
    Feedback,
    /// Versions, links and alerts.
    Updates,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 6] = [
        Tab::Overview,
        Tab::Payload,
        Tab::Pending,
        Tab::Sent,
        Tab::Feedback,
        Tab::Updates,
    ];

    /// The tab's name.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Payload => "Payload",
            Tab::Pending => "Pending",
            Tab::Sent => "Sent",
            Tab::Feedback => "Feedback",
            Tab::Updates => "Updates",
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    fn step(self, by: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        Tab::ALL[(self.index() as isize + by).rem_euclid(n) as usize]
    }
}

/// A message for [`App::update`].
#[derive(Debug)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal has a new size (columns, rows).
    Resize(u16, u16),
    /// Time passed (times on screen are relative).
    Tick(Timestamp),
    /// The worker finished something.
    Done(Done),
}

/// What the event loop must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Hand a job to the worker.
    Job(Job),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Leave the console.
    Quit,
}

/// A window over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// The first-run consent choice.
    Consent,
    /// A yes/no question.
    Confirm(Question),
    /// A read-only text with a title, scrolled.
    Detail {
        /// The title.
        title: String,
        /// The lines.
        lines: Vec<String>,
        /// How far it is scrolled.
        scroll: u16,
    },
}

/// The questions the console asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Delete all pending events?
    ClearAll,
}

/// The status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// An error (shown in red) or information.
    pub error: bool,
    /// One line.
    pub text: String,
}

/// A selectable link on the Updates tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What it is.
    pub label: String,
    /// Where it goes.
    pub url: String,
}

/// The whole state of the console.
pub struct App {
    /// Config, paths and environment.
    pub ctx: Context,
    /// Who decides consent, and what.
    pub decision: Decision,
    /// The current tab.
    pub tab: Tab,
    /// The window over the screen, if any.
    pub overlay: Option<Overlay>,
    /// What the worker last read from disk (`None` until it has).
    pub data: Option<Snapshot>,
    /// The command vocabulary, or why it cannot be loaded.
    pub vocabulary: Result<Vocabulary, String>,
    /// The feedback channels.
    pub channels: Vec<Channel>,
    /// The environment facts an issue adds.
    pub diagnostics: Diagnostics,
    /// The command line on the Payload tab.
    pub command: TextArea<'static>,
    /// Whether keys go to the command line.
    pub editing: bool,
    /// The issue form, when open.
    pub form: Option<IssueForm>,
    /// Selection in each list, and the Overview's scroll.
    pub selected: Selections,
    /// The status line.
    pub status: Option<Status>,
    /// A send in progress: done, total.
    pub sending: Option<(usize, usize)>,
    /// The time shown on screen.
    pub now: Timestamp,
    /// The terminal size (columns, rows).
    pub size: (u16, u16),
}

/// Where the cursor is in each list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selections {
    /// Overview scroll.
    pub overview: u16,
    /// Payload scroll.
    pub payload: u16,
    /// Pending event.
    pub pending: usize,
    /// Sent log entry.
    pub sent: usize,
    /// Channel (one past the last is "new issue").
    pub channel: usize,
    /// Updates link.
    pub link: usize,
}

/// The command line the Payload tab starts with.
pub const EXAMPLE_COMMAND: &str = "add cluster --from-template my-template --set region=eu";

impl App {
    /// A console for `ctx` at time `now`; opens on the consent choice while undecided. The
    /// caller asks the worker for [`Job::Load`].
    pub fn new(ctx: Context, now: Timestamp) -> App {
        let decision = ctx.decision();
        let vocabulary = ctx.vocabulary().map_err(|e| e.to_string());
        let status = ctx.config_error.as_ref().map(|e| Status {
            error: true,
            text: format!("{e} — nothing is sent until it is fixed"),
        });
        let mut command = TextArea::new(vec![EXAMPLE_COMMAND.to_string()]);
        command.move_cursor(ratatui_textarea::CursorMove::End);
        App {
            overlay: (decision.consent == Consent::Undecided).then_some(Overlay::Consent),
            channels: feedback::channels(&ctx.config),
            diagnostics: Diagnostics::gather(&ctx),
            decision,
            vocabulary,
            tab: Tab::Overview,
            data: None,
            command,
            editing: false,
            form: None,
            selected: Selections::default(),
            status,
            sending: None,
            now,
            size: (80, 24),
            ctx,
        }
    }

    /// The command line typed on the Payload tab, split into words.
    pub fn argv(&self) -> Vec<String> {
        self.command
            .lines()
            .join(" ")
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }

    /// The preview of `argv`, once the signature is known.
    pub fn preview(&self, argv: &[String]) -> Option<Preview> {
        let vocabulary = self.vocabulary.as_ref().ok()?;
        let signature = self.data.as_ref()?.signature.as_ref()?;
        Some(preview::explain(
            &self.ctx, vocabulary, signature, argv, None,
        ))
    }

    /// The links of the Updates tab.
    pub fn links(&self) -> Vec<Link> {
        let Some(cache) = self.data.as_ref().and_then(|d| d.update.as_ref()) else {
            return Vec::new();
        };
        let r = &cache.response;
        let mut links: Vec<Link> = [
            ("Download", &r.current_download_url),
            ("Changelog", &r.current_changelog_url),
            ("Project website", &r.project_website),
        ]
        .into_iter()
        .filter(|(_, url)| !url.is_empty())
        .map(|(label, url)| Link {
            label: label.into(),
            url: url.clone(),
        })
        .collect();
        links.extend(r.alerts.iter().filter(|a| !a.url.is_empty()).map(|a| Link {
            label: format!("Alert: {}", a.message),
            url: a.url.clone(),
        }));
        links
    }

    /// The key scopes in effect, most specific first.
    pub fn scopes(&self) -> Vec<Scope> {
        match &self.overlay {
            Some(Overlay::Consent) => return vec![Scope::Consent],
            Some(Overlay::Confirm(_)) => return vec![Scope::Question],
            Some(Overlay::Detail { .. }) => return vec![Scope::Overlay],
            None => {}
        }
        if self.tab == Tab::Feedback && self.form.is_some() {
            return vec![Scope::Form];
        }
        if self.tab == Tab::Payload && self.editing {
            return vec![Scope::Typing];
        }
        vec![Scope::On(self.tab), Scope::Screens]
    }

    /// Applies one message.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => self.key(key),
            Msg::Key(_) => Vec::new(),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                Vec::new()
            }
            Msg::Tick(now) => {
                self.now = now;
                Vec::new()
            }
            Msg::Done(done) => self.done(done),
        }
    }

    fn key(&mut self, event: KeyEvent) -> Vec<Effect> {
        let scopes = self.scopes();
        if let Some(action) = keymap::lookup(&scopes, Key::from_event(&event)) {
            return self.act(action);
        }
        if scopes == [Scope::Form] {
            let form = self.form.as_mut().expect("the form is open");
            if form.key(event) == FormKey::Submit {
                return self.act(Action::Submit);
            }
        } else if scopes == [Scope::Typing] {
            self.command.input(event);
        }
        Vec::new()
    }

    /// Applies one action.
    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::Back => return self.back(),
            Action::Help => {
                self.overlay = Some(Overlay::Detail {
                    title: "Keys".into(),
                    lines: keymap::help_lines(),
                    scroll: 0,
                })
            }
            Action::GoTo(tab) => self.tab = tab,
            Action::NextTab => self.tab = self.tab.step(1),
            Action::PrevTab => self.tab = self.tab.step(-1),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-self.page()),
            Action::PageDown => self.move_by(self.page()),
            Action::Allow => return self.set_consent(ConsentSetting::Granted),
            Action::Deny => return self.set_consent(ConsentSetting::Denied),
            Action::Later => {
                self.overlay = None;
                self.say(
                    false,
                    "still undecided: events are kept here and nothing is sent",
                );
            }
            Action::Edit => self.editing = true,
            Action::Enter => self.show_detail(),
            Action::Delete => return self.delete(),
            Action::ClearAll => {
                if self.data.as_ref().is_some_and(|d| !d.events.is_empty()) {
                    self.overlay = Some(Overlay::Confirm(Question::ClearAll));
                } else {
                    self.say(false, "there are no pending events");
                }
            }
            Action::Yes => {
                self.overlay = None;
                return vec![Effect::Job(Job::Clear)];
            }
            Action::No => self.overlay = None,
            Action::SendNow => return self.send_now(),
            Action::Open => return self.open_selected(),
            Action::Copy => return self.copy_selected(),
            Action::NewIssue => self.open_form(),
            Action::NextField | Action::PrevField => {
                let by = if action == Action::NextField { 1 } else { -1 };
                if let Some(form) = &mut self.form {
                    form.move_focus(by);
                }
            }
            Action::Submit => return self.submit_issue(),
        }
        Vec::new()
    }

    fn back(&mut self) -> Vec<Effect> {
        if self.overlay.take().is_some() {
            return Vec::new();
        }
        if self.tab == Tab::Feedback && self.form.is_some() {
            self.form = None;
            self.say(false, "issue form closed; nothing was opened");
            return Vec::new();
        }
        if self.editing {
            self.editing = false;
            return Vec::new();
        }
        vec![Effect::Quit]
    }

    fn page(&self) -> isize {
        (self.size.1.saturating_sub(9)).max(1) as isize
    }

    fn move_by(&mut self, by: isize) {
        fn step(at: usize, by: isize, len: usize) -> usize {
            (at as isize + by).clamp(0, len.saturating_sub(1) as isize) as usize
        }
        fn scroll(at: u16, by: isize) -> u16 {
            (at as isize + by).clamp(0, u16::MAX as isize) as u16
        }
        if let Some(Overlay::Detail { scroll: s, .. }) = &mut self.overlay {
            *s = scroll(*s, by);
            return;
        }
        let events = self.data.as_ref().map_or(0, |d| d.events.len());
        let sent = self.data.as_ref().map_or(0, |d| d.sent.len());
        let links = self.links().len();
        let sel = &mut self.selected;
        match self.tab {
            Tab::Overview => sel.overview = scroll(sel.overview, by),
            Tab::Payload => sel.payload = scroll(sel.payload, by),
            Tab::Pending => sel.pending = step(sel.pending, by, events),
            Tab::Sent => sel.sent = step(sel.sent, by, sent),
            Tab::Feedback => sel.channel = step(sel.channel, by, self.channels.len() + 1),
            Tab::Updates => sel.link = step(sel.link, by, links),
        }
    }

    fn say(&mut self, error: bool, text: impl Into<String>) {
        self.status = Some(Status {
            error,
            text: text.into(),
        });
    }

    fn set_consent(&mut self, setting: ConsentSetting) -> Vec<Effect> {
        if self.overlay == Some(Overlay::Consent) {
            self.overlay = None;
        }
        vec![Effect::Job(Job::SetConsent(setting))]
    }

    fn show_detail(&mut self) {
        let detail = match self.tab {
            Tab::Pending => self.pending_detail(),
            Tab::Sent => self.sent_detail(),
            _ => None,
        };
        if let Some((title, lines)) = detail {
            self.overlay = Some(Overlay::Detail {
                title,
                lines,
                scroll: 0,
            });
        }
    }

    fn pending_detail(&self) -> Option<(String, Vec<String>)> {
        let data = self.data.as_ref()?;
        let event = data.events.get(self.selected.pending)?;
        let signature = data.signature.as_ref()?;
        let request = crate::request::build(&self.ctx.target(), event, &signature.value);
        let mut lines = vec!["The request, byte for byte:".to_string(), String::new()];
        lines.extend(request.to_http().lines().map(|l| format!("  {l}")));
        lines.push(format!(
            "recorded:     {}",
            super::ui::time(event.recorded_at)
        ));
        lines.push(format!("attempts:     {}", event.attempts));
        if let Some(next) = event.next_attempt {
            lines.push(format!("next attempt: {}", super::ui::time(next)));
        }
        if let Some(error) = &event.last_error {
            lines.push(format!("last error:   {error}"));
        }
        lines.push(format!(
            "why not sent: {}",
            crate::delivery::why_waiting(&self.ctx, self.decision.consent, event, self.now)
        ));
        lines.push(String::new());
        lines.push(format!(
            "The signature is the one in effect now ({}); a rotated id applies to queued events too.",
            signature.origin
        ));
        Some((format!("Pending event {}", event.id), lines))
    }

    fn sent_detail(&self) -> Option<(String, Vec<String>)> {
        let entry = self.data.as_ref()?.sent.get(self.selected.sent)?;
        let mut lines = vec![
            format!("time:     {}", super::ui::time(entry.time)),
            format!("kind:     {}", entry.kind),
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
        Some(("Sent request".to_string(), lines))
    }

    fn delete(&mut self) -> Vec<Effect> {
        let id = self
            .data
            .as_ref()
            .and_then(|d| d.events.get(self.selected.pending))
            .map(|e| e.id.clone());
        match id {
            Some(id) => vec![Effect::Job(Job::Delete(id))],
            None => {
                self.say(false, "there are no pending events");
                Vec::new()
            }
        }
    }

    fn send_now(&mut self) -> Vec<Effect> {
        if self.sending.is_some() {
            self.say(false, "a send is already under way");
            return Vec::new();
        }
        if self.decision.consent != Consent::Granted {
            let text = format!(
                "nothing sent: {} — allow it on the Overview tab (1, then a)",
                self.decision.summary()
            );
            self.say(true, text);
            return Vec::new();
        }
        self.sending = Some((0, 0));
        self.say(false, "sending…");
        vec![Effect::Job(Job::Send)]
    }

    /// The URL under the cursor on the Feedback or Updates tab.
    fn selected_url(&self) -> Option<(String, String)> {
        match self.tab {
            Tab::Feedback => self
                .channels
                .get(self.selected.channel)
                .map(|c| (c.name.clone(), c.url.clone())),
            Tab::Updates => self
                .links()
                .get(self.selected.link)
                .map(|l| (l.label.clone(), l.url.clone())),
            _ => None,
        }
    }

    fn open_selected(&mut self) -> Vec<Effect> {
        if self.tab == Tab::Feedback && self.selected.channel == self.channels.len() {
            self.open_form();
            return Vec::new();
        }
        match self.selected_url() {
            Some((name, url)) => {
                self.say(false, format!("opening {name}…"));
                vec![Effect::Job(Job::Open(url))]
            }
            None => Vec::new(),
        }
    }

    fn copy_selected(&mut self) -> Vec<Effect> {
        let url = match &self.form {
            Some(form) if self.tab == Tab::Feedback => {
                let issue = form.build(&self.ctx.config.feedback.repository, &self.diagnostics);
                Some(("the issue's URL".to_string(), issue.url))
            }
            _ => self.selected_url(),
        };
        match url {
            Some((name, url)) => {
                self.say(false, format!("copied {name} to the clipboard: {url}"));
                vec![Effect::Copy(url)]
            }
            None => Vec::new(),
        }
    }

    fn open_form(&mut self) {
        self.tab = Tab::Feedback;
        self.form.get_or_insert_with(IssueForm::default);
    }

    fn submit_issue(&mut self) -> Vec<Effect> {
        let Some(form) = &self.form else {
            return Vec::new();
        };
        let issue = form.build(&self.ctx.config.feedback.repository, &self.diagnostics);
        if issue.title.is_empty() {
            if let Some(form) = &mut self.form {
                form.focus = Field::Title;
            }
            self.say(true, "give the issue a title first");
            return Vec::new();
        }
        self.say(false, "opening the issue…");
        vec![Effect::Job(Job::OpenIssue(issue))]
    }

    fn done(&mut self, done: Done) -> Vec<Effect> {
        match done {
            Done::Loaded(Ok(snapshot)) => {
                self.data = Some(*snapshot);
                self.clamp_selections();
            }
            Done::Loaded(Err(e)) => self.say(true, e),
            Done::ConsentSet(setting, result) => self.consent_set(setting, result),
            Done::Deleted(Ok(true)) => self.say(false, "deleted 1 pending event; nothing was sent"),
            Done::Deleted(Ok(false)) => self.say(false, "that event was already gone"),
            Done::Cleared(Ok(n)) => self.say(
                false,
                format!("deleted {n} pending event{}; nothing was sent", plural(n)),
            ),
            Done::Deleted(Err(e)) | Done::Cleared(Err(e)) => self.say(true, e),
            Done::Progress(done, total) => self.sending = Some((done, total)),
            Done::Sent(result) => {
                self.sending = None;
                match result {
                    Ok(report) => {
                        let text = match (&report.refused, &report.last_error) {
                            (Some(why), _) => format!("nothing sent: {why}"),
                            (None, Some(e)) if report.failed > 0 => format!(
                                "sent {}, failed {} (kept for a later try): {e}",
                                report.sent, report.failed
                            ),
                            _ => format!(
                                "sent {}, failed {}, waiting {}",
                                report.sent, report.failed, report.waiting
                            ),
                        };
                        self.say(report.failed > 0, text);
                    }
                    Err(e) => self.say(true, e),
                }
            }
            Done::Opened(opened) => return self.opened(opened),
        }
        Vec::new()
    }

    fn consent_set(
        &mut self,
        setting: ConsentSetting,
        result: Result<crate::actions::ConsentChange, String>,
    ) {
        match result {
            Ok(change) => {
                self.ctx = Context::with_paths(self.ctx.env.clone(), self.ctx.paths.clone());
                self.decision = self.ctx.decision();
                self.diagnostics = Diagnostics::gather(&self.ctx);
                let mut text = match setting {
                    ConsentSetting::Granted => {
                        format!("telemetry enabled (saved in {})", change.file.display())
                    }
                    ConsentSetting::Denied => format!(
                        "telemetry disabled (saved in {}); deleted {} pending event{}; nothing was sent",
                        change.file.display(),
                        change.purged,
                        plural(change.purged)
                    ),
                };
                if let Some(over) = change.overridden_by {
                    text.push_str(&format!(
                        "; note: {over} still decides, so telemetry stays {}",
                        self.decision.consent.label()
                    ));
                }
                self.say(false, text);
            }
            Err(e) => self.say(true, format!("consent not saved: {e}")),
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
            Ok(Outcome::Launched(how)) => {
                self.form = None;
                self.say(false, format!("opened with {how}{saved}"));
            }
            Ok(Outcome::Print(why)) => {
                if opened.saved_to.is_none() {
                    effects.push(Effect::Copy(opened.url.clone()));
                }
                self.say(
                    true,
                    format!(
                        "cannot open a browser: {why}. Copied the address: {}{saved}",
                        opened.url
                    ),
                );
            }
            Err(e) => self.say(true, e),
        }
        effects
    }

    fn clamp_selections(&mut self) {
        let Some(data) = &self.data else { return };
        let last = |len: usize| len.saturating_sub(1);
        self.selected.pending = self.selected.pending.min(last(data.events.len()));
        self.selected.sent = self.selected.sent.min(last(data.sent.len()));
        self.selected.link = self.selected.link.min(last(self.links().len()));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
