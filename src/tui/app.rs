//! The console's state and its one update function: messages in, effects out.
//!
//! Owns what is on screen: what the console knows from the config ([`Facts`]), what the
//! worker last read from disk, where the user is ([`View`]: tab, [`Mode`], selections), what
//! they typed ([`Input`]), and the status line. [`App::update`] (in `update`) changes it; the
//! wording of worker replies is in `replies`, the text of detail windows in `detail`, the keys
//! worth offering in `offers`. It never draws, never touches the terminal and never does slow
//! work: that goes out as an [`Effect`] — a [`Job`] for the worker, text to copy, or quitting.
//! Tests drive it with keys and no terminal.

mod detail;
mod form;
mod offers;
mod pointer;
mod replies;
mod update;

use checkpoint_protocol::vocabulary::Vocabulary;
use crossterm::event::{KeyEvent, MouseEvent};
use jiff::Timestamp;
use ratatui_textarea::TextArea;

pub use form::{Field, FormKey, IssueForm};

use super::keymap::Scope;
use super::mode::Mode;
use super::tab::Tab;
use super::worker::{Done, Job, JobError, Snapshot};
use crate::consent::{Consent, Decision};
use crate::context::Context;
use crate::feedback::channels::{self, Channel};
use crate::feedback::issue::Diagnostics;
use crate::telemetry::preview::{self, Preview};
use crate::telemetry::stats::Fetched;
use crate::telemetry::version;

/// A message for [`App::update`].
#[derive(Debug)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// Text was pasted (bracketed paste): one edit, never keys.
    Paste(String),
    /// The mouse was used; the event loop turns it into [`Msg::Wheel`] or [`Msg::Click`].
    Mouse(MouseEvent),
    /// The wheel turned: up (negative) or down, in notches.
    Wheel(isize),
    /// A left click landed on something, at this instant (two on the same thing in quick
    /// succession open it).
    Click(Hit, std::time::Instant),
    /// The terminal has a new size (columns, rows).
    Resize(u16, u16),
    /// Time passed (times on screen are relative).
    Tick(Timestamp),
    /// The worker finished something.
    Done(Done),
    /// A signal from outside (SIGTERM, SIGHUP, SIGINT) asks the console to end; the event
    /// loop ends it as `q` would, then lets the signal end the process.
    Signal(i32),
    /// The terminal's input ended (the terminal went away).
    Hangup,
}

/// What a mouse click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A tab in the tab bar.
    Tab(Tab),
    /// A row of the current tab's list, by its index in the list.
    Row(usize),
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

/// How a status message reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// A result or a hint.
    Info,
    /// Something went wrong.
    Error,
}

/// A message on the status line. Information fades after [`Status::FADE`] or at the next
/// key; an error stays until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Information or an error (shown in red).
    pub level: Level,
    /// One sentence.
    pub text: String,
    /// When it was said.
    pub at: Timestamp,
}

impl Status {
    /// How long information stays on the status line.
    pub const FADE: jiff::SignedDuration = jiff::SignedDuration::from_secs(5);
}

/// A selectable link on the Updates tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What it is.
    pub label: String,
    /// Where it goes.
    pub url: String,
}

/// What the console knows from the config and the environment; reloaded after consent changes.
pub struct Facts {
    /// Config, paths and environment.
    pub ctx: Context,
    /// Who decides consent, and what.
    pub decision: Decision,
    /// The command vocabulary, or why it cannot be loaded.
    pub vocabulary: Result<Vocabulary, String>,
    /// The feedback channels.
    pub channels: Vec<Channel>,
    /// The environment facts an issue adds.
    pub diagnostics: Diagnostics,
}

impl Facts {
    fn of(ctx: Context) -> Facts {
        let decision = ctx.decision();
        Facts {
            vocabulary: ctx
                .vocabulary()
                .map(std::borrow::Cow::into_owned)
                .map_err(|e| e.to_string()),
            channels: channels::channels(&ctx.config.feedback.channels),
            diagnostics: Diagnostics::new(
                version::shown(version::gitops_version(&ctx.paths).as_ref()),
                &ctx.env,
                decision.consent,
            ),
            decision,
            ctx,
        }
    }
}

/// Where the user is.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    /// The current tab.
    pub tab: Tab,
    /// What the console is doing.
    pub mode: Mode,
    /// Selection in each list, and scroll positions.
    pub selected: Selections,
    /// The time shown on screen.
    pub now: Timestamp,
    /// The terminal size (columns, rows).
    pub size: (u16, u16),
}

/// Where the cursor is in each list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selections {
    /// Consent choice scroll.
    pub consent: u16,
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
    /// Stats scroll.
    pub stats: u16,
}

/// How far each scrolled text can go, as the last frame laid it out (its lines less the rows
/// it had): the drawing writes it, as a ratatui widget writes its state, and scrolling stops
/// there, so no key scrolls into blank pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScrollRoom {
    /// The consent choice.
    pub consent: u16,
    /// The Overview tab.
    pub overview: u16,
    /// The Payload tab.
    pub payload: u16,
    /// The Stats tab.
    pub stats: u16,
    /// The detail window or help.
    pub detail: u16,
}

impl Default for ScrollRoom {
    /// Before the first frame, no limit is known.
    fn default() -> ScrollRoom {
        ScrollRoom {
            consent: u16::MAX,
            overview: u16::MAX,
            payload: u16::MAX,
            stats: u16::MAX,
            detail: u16::MAX,
        }
    }
}

/// The most a text of `lines` lines scrolls in `rows` rows.
pub fn scroll_room(lines: usize, rows: u16) -> u16 {
    lines
        .saturating_sub(rows as usize)
        .try_into()
        .unwrap_or(u16::MAX)
}

/// The endpoint's public aggregate, as the Stats tab shows it: fetched only when the user asks.
#[derive(Debug, Default)]
pub enum AggregateView {
    /// Not asked for yet.
    #[default]
    NotFetched,
    /// The worker is fetching.
    Fetching,
    /// What came.
    Fetched(Box<Fetched>),
    /// Why nothing came.
    Failed(JobError),
}

/// What the user typed.
pub struct Input {
    /// The command line on the Payload tab.
    pub command: TextArea<'static>,
    /// The issue form, when open.
    pub form: Option<IssueForm>,
}

/// The whole state of the console.
pub struct App {
    /// What the console knows from the config.
    pub facts: Facts,
    /// What the worker last read from disk (`None` until it has).
    pub data: Option<Snapshot>,
    /// Where the user is.
    pub view: View,
    /// What the user typed.
    pub input: Input,
    /// The status line.
    pub status: Option<Status>,
    /// The last message said, kept after it fades (`m` shows it in full).
    pub last_status: Option<Status>,
    /// A send in progress: done, total.
    pub sending: Option<(usize, usize)>,
    /// The last click, to tell a double-click.
    pub last_click: Option<(Hit, std::time::Instant)>,
    /// The event a window of the queue was asked for, until it comes.
    pub window_asked: Option<usize>,
    /// The endpoint's public aggregate, once asked for.
    pub aggregate: AggregateView,
    /// The issue form changed since its draft was last saved; the next tick saves it.
    pub draft_unsaved: bool,
    /// How far each text scrolls, as last drawn.
    pub room: std::cell::Cell<ScrollRoom>,
}

/// The smallest terminal the console works in (columns, rows); below it, only quitting and
/// resizing do anything.
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// The command line the Payload tab starts with.
pub const EXAMPLE_COMMAND: &str = "add cluster --from-template my-template --set region=eu";

impl App {
    /// A console for `ctx` at time `now`; opens on the consent choice while undecided. The
    /// caller asks the worker for [`Job::Load`].
    pub fn new(ctx: Context, now: Timestamp) -> App {
        let status = ctx.config_error.as_ref().map(|e| Status {
            level: Level::Error,
            text: format!("{e} — nothing is sent until it is fixed"),
            at: now,
        });
        let facts = Facts::of(ctx);
        let mut command = TextArea::new(vec![EXAMPLE_COMMAND.to_string()]);
        command.move_cursor(ratatui_textarea::CursorMove::End);
        let mode = if facts.decision.consent == Consent::Undecided {
            Mode::ConsentChoice
        } else {
            Mode::Browsing
        };
        App {
            facts,
            data: None,
            view: View {
                tab: Tab::Overview,
                mode,
                selected: Selections::default(),
                now,
                size: (80, 24),
            },
            input: Input {
                command,
                form: None,
            },
            last_status: status.clone(),
            status,
            sending: None,
            last_click: None,
            window_asked: None,
            aggregate: AggregateView::NotFetched,
            draft_unsaved: false,
            room: std::cell::Cell::default(),
        }
    }

    /// Whether the terminal is below [`MIN_SIZE`], where only the "too small" screen shows.
    pub fn too_small(&self) -> bool {
        let (w, h) = self.view.size;
        w < MIN_SIZE.0 || h < MIN_SIZE.1
    }

    /// The command line typed on the Payload tab, split into words.
    pub fn argv(&self) -> Vec<String> {
        self.input
            .command
            .lines()
            .join(" ")
            .split_whitespace()
            .map(str::to_string)
            .collect()
    }

    /// The preview of `argv`, once the signature is known.
    pub fn preview(&self, argv: &[String]) -> Option<Preview> {
        let vocabulary = self.facts.vocabulary.as_ref().ok()?;
        let signature = self.data.as_ref()?.signature.as_ref()?;
        Some(preview::explain_known(
            &self.facts.ctx,
            vocabulary,
            signature,
            argv,
            self.gitops_version().as_ref(),
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

    /// The gitops version being reported, and where it comes from, by the library's one rule
    /// ([`version::choose`], on the snapshot): "unknown" while no event says which gitops runs.
    pub fn reported_version(&self) -> (String, String) {
        match self.gitops_version() {
            Some(v) => (v.version, v.from.to_string()),
            None => (
                version::UNKNOWN.to_string(),
                "no event recorded or sent says which gitops runs".to_string(),
            ),
        }
    }

    /// The gitops version by the library's one rule, from the snapshot.
    fn gitops_version(&self) -> Option<version::GitopsVersion> {
        let data = self.data.as_ref();
        let newest_event = data.and_then(|d| d.pending.newest_version());
        // The snapshot's sent log is newest first already.
        let sent = data.into_iter().flat_map(|d| d.sent.iter());
        version::choose(newest_event, sent)
    }

    /// The key scopes in effect, most specific first.
    pub fn scopes(&self) -> Vec<Scope> {
        self.view.mode.scopes(self.view.tab)
    }

    /// Whether keys go to the Payload tab's command line.
    pub fn editing(&self) -> bool {
        self.view.mode == Mode::Typing
    }

    fn say(&mut self, level: Level, text: impl Into<String>) {
        let status = Status {
            level,
            text: text.into(),
            at: self.view.now,
        };
        self.last_status = Some(status.clone());
        self.status = Some(status);
    }

    /// The issue draft, when there is one.
    pub fn draft(&self) -> Option<crate::feedback::issue::Draft> {
        self.input.form.as_ref().map(IssueForm::draft)
    }
}
