//! How keys change the console: the key's scope comes from the mode, the key table gives an
//! action, and [`App::act`] carries it out.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::{App, Effect, FormKey, IssueForm, Level, Msg, Status};
use crate::config::ConsentSetting;
use crate::consent::Consent;
use crate::tui::keymap::{self, Action, Key};
use crate::tui::mode::{Detail, Mode, Question};
use crate::tui::tab::Tab;
use crate::tui::worker::Job;

impl App {
    /// Applies one message.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut effects = self.apply(msg);
        effects.extend(self.follow_selection());
        effects
    }

    /// Asks for the window of the queue that holds the selected event, when the selection
    /// left the one held (and it was not asked for already).
    fn follow_selection(&mut self) -> Option<Effect> {
        let pending = &self.data.as_ref()?.pending;
        let at = self.view.selected.pending;
        if pending.total.is_none() || pending.holds(at) || self.window_asked == Some(at) {
            return None;
        }
        self.window_asked = Some(at);
        Some(Effect::Job(Job::Window(at)))
    }

    fn apply(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Key(key) if key.kind != KeyEventKind::Release => {
                // A key means the message was read.
                self.status = None;
                if self.too_small() {
                    return self.key_too_small(key);
                }
                self.key(key)
            }
            Msg::Key(_) => Vec::new(),
            // Nothing of the console is on screen: no paste, wheel or click acts unseen.
            Msg::Paste(_) | Msg::Wheel(_) | Msg::Click(..) if self.too_small() => Vec::new(),
            Msg::Paste(text) => {
                self.paste(&text);
                Vec::new()
            }
            Msg::Mouse(_) => Vec::new(),
            Msg::Wheel(notches) => {
                let lines = if self.in_a_list() { 1 } else { 3 };
                self.move_by(notches * lines);
                Vec::new()
            }
            Msg::Click(hit, at) => self.click(hit, at),
            Msg::Resize(w, h) => {
                self.view.size = (w, h);
                Vec::new()
            }
            Msg::Tick(now) => {
                self.view.now = now;
                let faded = |s: &Status| s.level == Level::Info && now - Status::FADE >= s.at;
                if self.status.as_ref().is_some_and(faded) {
                    self.status = None;
                }
                self.save_draft_if_changed()
            }
            Msg::Done(done) => self.done(done),
            Msg::Signal(_) | Msg::Hangup => vec![Effect::Quit],
        }
    }

    /// A key while the terminal is too small to show the console: only quitting acts, so
    /// nothing happens that the user cannot see (a question answered unseen, a hidden tab).
    fn key_too_small(&mut self, event: KeyEvent) -> Vec<Effect> {
        let key = Key::from_event(&event);
        let quits = key == Key::ctrl('c') || key.code == KeyCode::Char('q') && !key.ctrl;
        if quits {
            return vec![Effect::Quit];
        }
        self.say(
            Level::Info,
            "only q quits at this size; enlarge the window for the rest",
        );
        Vec::new()
    }

    /// The draft as it is now, for the worker to save, when the form changed since the last
    /// save: called every tick, so what is typed reaches the disk within a second, at most
    /// once a second however fast it is typed.
    fn save_draft_if_changed(&mut self) -> Vec<Effect> {
        if !std::mem::take(&mut self.draft_unsaved) {
            return Vec::new();
        }
        vec![Effect::Job(Job::SaveDraft(self.draft()))]
    }

    fn key(&mut self, event: KeyEvent) -> Vec<Effect> {
        let scopes = self.scopes();
        if let Some(action) = keymap::lookup(&scopes, Key::from_event(&event)) {
            return self.act(action);
        }
        match self.view.mode {
            Mode::Form => {
                let form = self.input.form.as_mut().expect("the form is open");
                let before = form.draft();
                let asked = form.key(event);
                self.draft_unsaved |= form.draft() != before;
                if asked == FormKey::Submit {
                    return self.act(Action::Submit);
                }
            }
            Mode::Typing => {
                self.input.command.input(event);
            }
            _ => {}
        }
        Vec::new()
    }

    /// Applies one action.
    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Quit => return vec![Effect::Quit],
            Action::Back => return self.back(),
            Action::Help => self.show(Detail::Help),
            Action::Message => self.show(Detail::Message),
            Action::GoTo(tab) => self.view.tab = tab,
            Action::NextTab => self.view.tab = self.view.tab.step(1),
            Action::PrevTab => self.view.tab = self.view.tab.step(-1),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-self.page()),
            Action::PageDown => self.move_by(self.page()),
            Action::Allow => return self.set_consent(ConsentSetting::Granted),
            Action::Deny => {
                let pending = self.data.as_ref().map_or(0, |d| d.pending.len());
                if pending == 0 {
                    return self.set_consent(ConsentSetting::Denied);
                }
                self.ask(Question::Deny(pending));
            }
            Action::Later => {
                self.view.mode = Mode::Browsing;
                self.say(
                    Level::Info,
                    "still undecided: events are kept here and nothing is sent",
                );
            }
            Action::Edit => self.view.mode = Mode::Typing,
            Action::Enter => self.show_detail(),
            Action::Delete => return self.delete(),
            Action::ClearAll => {
                if self.data.as_ref().is_some_and(|d| !d.pending.is_empty()) {
                    self.ask(Question::ClearAll);
                } else {
                    self.say(Level::Info, "there are no pending events");
                }
            }
            Action::Yes => return self.yes(),
            Action::No => self.view.mode = self.view.mode.back(),
            Action::DiscardDraft => self.ask(Question::DiscardDraft),
            Action::SendNow => return self.send_now(false),
            Action::SendAll => return self.send_now(true),
            Action::Open => return self.open_selected(),
            Action::Copy => return self.copy_selected(),
            Action::NewIssue => self.open_form(),
            Action::NextField | Action::PrevField => {
                let by = if action == Action::NextField { 1 } else { -1 };
                if let Some(form) = &mut self.input.form {
                    form.move_focus(by);
                }
            }
            Action::Submit => return self.submit_issue(),
            Action::FetchAggregate => return self.fetch_aggregate(),
            Action::Top => self.move_by(-(u16::MAX as isize)),
            Action::Bottom => self.move_by(u16::MAX as isize),
            Action::KillLine | Action::Undo | Action::Redo => self.edit(action),
        }
        Vec::new()
    }

    /// A shell's editing keys on the text field being typed in.
    fn edit(&mut self, action: Action) {
        let field = match (&self.view.mode, &mut self.input.form) {
            (Mode::Typing, _) => &mut self.input.command,
            (Mode::Form, Some(form)) => match form.focus {
                super::Field::Title => &mut form.title,
                super::Field::Body => &mut form.body,
                _ => return,
            },
            _ => return,
        };
        match action {
            Action::KillLine => {
                field.delete_line_by_head();
            }
            Action::Undo => {
                field.undo();
            }
            Action::Redo => {
                field.redo();
            }
            _ => {}
        }
        if self.view.mode == Mode::Form {
            self.draft_unsaved = true;
        }
    }

    /// Esc: close the window, leave the form or the command line; on a plain screen it does
    /// nothing (`q` and Ctrl-C quit), so a stray Esc never ends the console.
    fn back(&mut self) -> Vec<Effect> {
        match self.view.mode {
            Mode::Browsing => Vec::new(),
            Mode::Form => {
                self.view.mode = Mode::Browsing;
                self.draft_unsaved = false;
                self.say(Level::Info, "draft kept: i goes on with it");
                vec![Effect::Job(Job::SaveDraft(self.draft()))]
            }
            _ => {
                self.view.mode = self.view.mode.back();
                Vec::new()
            }
        }
    }

    fn show(&mut self, what: Detail) {
        let back = Box::new(self.view.mode.back_to());
        self.view.mode = Mode::Detail {
            what,
            scroll: 0,
            back,
        };
    }

    fn ask(&mut self, question: Question) {
        let back = Box::new(self.view.mode.back_to());
        self.view.mode = Mode::Confirm { question, back };
    }

    /// The answer yes to the question on screen.
    fn yes(&mut self) -> Vec<Effect> {
        let Mode::Confirm { question, .. } = &self.view.mode else {
            return Vec::new();
        };
        let question = question.clone();
        self.view.mode = self.view.mode.back();
        let job = match question {
            Question::ClearAll => Job::Clear,
            Question::Delete(id) => Job::Delete(id),
            Question::Deny(_) => return self.set_consent(ConsentSetting::Denied),
            Question::DiscardDraft => {
                self.input.form = None;
                self.draft_unsaved = false;
                self.view.mode = Mode::Browsing;
                self.say(Level::Info, "draft thrown away");
                Job::SaveDraft(None)
            }
        };
        vec![Effect::Job(job)]
    }

    fn page(&self) -> isize {
        (self.view.size.1.saturating_sub(9)).max(1) as isize
    }

    fn move_by(&mut self, by: isize) {
        fn step(at: usize, by: isize, len: usize) -> usize {
            (at as isize + by).clamp(0, len.saturating_sub(1) as isize) as usize
        }
        // A text scrolls from its top to where its last line is at the bottom.
        fn scroll(at: u16, by: isize, room: u16) -> u16 {
            (at.min(room) as isize + by).clamp(0, room as isize) as u16
        }
        let room = self.room.get();
        if let Mode::Detail { scroll: s, .. } = &mut self.view.mode {
            *s = scroll(*s, by, room.detail);
            return;
        }
        if self.view.mode == Mode::ConsentChoice {
            let s = &mut self.view.selected.consent;
            *s = scroll(*s, by, room.consent);
            return;
        }
        let events = self.data.as_ref().map_or(0, |d| d.pending.len());
        let sent = self.data.as_ref().map_or(0, |d| d.sent.len());
        let links = self.links().len();
        let channels = self.facts.channels.len() + 1;
        let sel = &mut self.view.selected;
        match self.view.tab {
            Tab::Overview => sel.overview = scroll(sel.overview, by, room.overview),
            Tab::Payload => sel.payload = scroll(sel.payload, by, room.payload),
            Tab::Pending => sel.pending = step(sel.pending, by, events),
            Tab::Sent => sel.sent = step(sel.sent, by, sent),
            Tab::Feedback => sel.channel = step(sel.channel, by, channels),
            Tab::Updates => sel.link = step(sel.link, by, links),
            Tab::Stats => sel.stats = scroll(sel.stats, by, room.stats),
        }
    }

    fn set_consent(&mut self, setting: ConsentSetting) -> Vec<Effect> {
        if self.view.mode == Mode::ConsentChoice {
            self.view.mode = Mode::Browsing;
        }
        vec![Effect::Job(Job::SetConsent(setting))]
    }

    fn show_detail(&mut self) {
        let Some(data) = &self.data else { return };
        let what = match self.view.tab {
            Tab::Pending => data
                .pending
                .get(self.view.selected.pending)
                .map(|e| Detail::PendingEvent(e.id.clone())),
            Tab::Sent => data
                .sent
                .get(self.view.selected.sent)
                .map(|e| Detail::SentEntry(e.time, e.url.clone())),
            _ => None,
        };
        if let Some(what) = what {
            self.show(what);
        }
    }

    fn delete(&mut self) -> Vec<Effect> {
        let id = self
            .data
            .as_ref()
            .and_then(|d| d.pending.get(self.view.selected.pending))
            .map(|e| e.id.clone());
        match id {
            Some(id) => {
                self.ask(Question::Delete(id));
                Vec::new()
            }
            None => {
                self.say(Level::Info, "there are no pending events");
                Vec::new()
            }
        }
    }

    fn send_now(&mut self, force: bool) -> Vec<Effect> {
        if self.sending.is_some() {
            self.say(Level::Info, "a send is already under way");
            return Vec::new();
        }
        if self.facts.decision.consent != Consent::Granted {
            let text = format!(
                "nothing sent: {} — allow it on the Overview tab (1, then a)",
                self.facts.decision.summary()
            );
            self.say(Level::Error, text);
            return Vec::new();
        }
        let Some(shown) = self.data.as_ref().map(|d| d.stamps.clone()) else {
            self.say(Level::Info, "the queue is still being read");
            return Vec::new();
        };
        self.sending = Some((0, 0));
        self.say(Level::Info, "sending…");
        vec![Effect::Job(Job::Send { shown, force })]
    }

    /// The name and URL under the cursor on the Feedback or Updates tab.
    fn selected_url(&self) -> Option<(String, String)> {
        match self.view.tab {
            Tab::Feedback => self
                .facts
                .channels
                .get(self.view.selected.channel)
                .map(|c| (c.name.clone(), c.url.clone())),
            Tab::Updates => self
                .links()
                .get(self.view.selected.link)
                .map(|l| (l.label.clone(), l.url.clone())),
            _ => None,
        }
    }

    fn open_selected(&mut self) -> Vec<Effect> {
        if self.view.tab == Tab::Feedback && self.view.selected.channel == self.facts.channels.len()
        {
            self.open_form();
            return Vec::new();
        }
        match self.selected_url() {
            Some((name, url)) => {
                self.say(Level::Info, format!("opening {name}…"));
                vec![Effect::Job(Job::Open(url))]
            }
            None => Vec::new(),
        }
    }

    fn copy_selected(&mut self) -> Vec<Effect> {
        let url = match (&self.view.mode, &self.input.form) {
            (Mode::Form, Some(form)) => {
                let issue = form.build(
                    &self.facts.ctx.config.feedback.repository,
                    &self.facts.diagnostics,
                );
                Some(("the issue's URL".to_string(), issue.url))
            }
            _ => self.selected_url(),
        };
        match url {
            Some((name, url)) => {
                self.say(
                    Level::Info,
                    format!("copied {name} to the clipboard: {url}"),
                );
                vec![Effect::Copy(url)]
            }
            None => Vec::new(),
        }
    }

    fn open_form(&mut self) {
        self.view.tab = Tab::Feedback;
        if self.input.form.is_some() {
            self.say(Level::Info, "going on with your draft");
        }
        self.input.form.get_or_insert_with(IssueForm::default);
        self.view.mode = Mode::Form;
    }

    fn submit_issue(&mut self) -> Vec<Effect> {
        let Some(form) = &mut self.input.form else {
            return Vec::new();
        };
        let issue = form.build(
            &self.facts.ctx.config.feedback.repository,
            &self.facts.diagnostics,
        );
        if issue.title.is_empty() {
            form.focus = super::Field::Title;
            self.say(Level::Error, "give the issue a title first");
            return Vec::new();
        }
        self.say(Level::Info, "opening the issue…");
        vec![Effect::Job(Job::OpenIssue(issue))]
    }

    /// Keeps every selection inside its list after the data changed.
    pub(super) fn clamp_selections(&mut self) {
        let links = self.links().len();
        let channels = self.facts.channels.len();
        let sel = &mut self.view.selected;
        sel.channel = sel.channel.min(channels);
        let Some(data) = &self.data else { return };
        let last = |len: usize| len.saturating_sub(1);
        sel.pending = sel.pending.min(last(data.pending.len()));
        sel.sent = sel.sent.min(last(data.sent.len()));
        sel.link = sel.link.min(last(links));
    }
}

impl App {
    /// `r` on the Stats tab: asks the worker for the public aggregate, the one way it is
    /// fetched (never on opening the tab).
    fn fetch_aggregate(&mut self) -> Vec<Effect> {
        if matches!(self.aggregate, super::AggregateView::Fetching) {
            self.say(Level::Info, "the stats are being fetched");
            return Vec::new();
        }
        self.aggregate = super::AggregateView::Fetching;
        // The new answer is read from its top, where the totals are.
        self.view.selected.stats = 0;
        self.say(Level::Info, "fetching the public stats…");
        let days = crate::telemetry::stats::DEFAULT_DAYS;
        vec![Effect::Job(Job::FetchAggregate(days))]
    }
}
