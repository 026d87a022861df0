//! The console's background worker: everything that touches the disk for long or the network.
//!
//! Owns one thread that takes [`Job`]s and posts [`Done`] messages back on the console's one
//! channel. Every job is a call into the library (the same calls the CLI makes); after a job
//! that changes files, the worker posts a fresh [`Snapshot`]. It never draws and never reads
//! keys.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender};

use crate::config::ConsentSetting;
use crate::context::Context;
use crate::feedback::browser::{self, Handoff};
use crate::feedback::issue::{self, Draft, Issue};
use crate::telemetry::choice::{self, ConsentChange};
use crate::telemetry::delivery::{self, SendOptions, SendReport};
use crate::telemetry::queue::{self, Reader};
use crate::telemetry::sent_log::{self, SentEntry};
use crate::telemetry::signature::{self, Signature};
use crate::telemetry::stats::{self, Fetched, PolicyCache};
use crate::telemetry::transport::Http;
use crate::telemetry::updates::{self, UpdateCache};

mod error;
mod pending;
mod watch;

pub use error::JobError;
pub use pending::Pending;
pub use watch::Stamps;

/// Work for the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// Read the queue, the sent log, the update cache and the signature.
    Load,
    /// Persist a consent choice (as `gitops telemetry enable|disable`).
    SetConsent(ConsentSetting),
    /// Delete one pending event by id.
    Delete(String),
    /// Delete every pending event.
    Clear,
    /// Send what is due (with `force`, what is backing off too), if the queue is still the one
    /// read into `shown`.
    Send {
        /// The files as the console read them.
        shown: Stamps,
        /// Send what is backing off as well.
        force: bool,
    },
    /// Read again whatever changed on disk since the last read.
    Refresh,
    /// Send the window of the queue that holds event `at`.
    Window(usize),
    /// Open a link.
    Open(String),
    /// Prepare an issue (saving a long body to a file) and open it.
    OpenIssue(Issue),
    /// Read the issue draft saved by an earlier session.
    LoadDraft,
    /// Save the issue draft (or, with `None`, remove it).
    SaveDraft(Option<Draft>),
    /// Fetch the endpoint's public aggregate of this many days (only when the user asks).
    FetchAggregate(u32),
}

/// What the worker has to say.
#[derive(Debug)]
pub enum Done {
    /// Fresh data (boxed: a snapshot is large next to the other answers).
    Loaded(Result<Box<Snapshot>, JobError>),
    /// Consent was saved (or not).
    ConsentSet(Result<ConsentChange, JobError>),
    /// The config files changed on disk (consent may have changed in another terminal).
    ConfigChanged,
    /// The queue is indexed: its count, and a window of it.
    Pending(Result<Pending, JobError>),
    /// An event was deleted (false: it was already gone).
    Deleted(Result<bool, JobError>),
    /// The queue was emptied; how many events went.
    Cleared(Result<usize, JobError>),
    /// A send is under way: done of total.
    Progress(usize, usize),
    /// A send finished.
    Sent(Result<SendReport, JobError>),
    /// A link was handed to a browser, or must be shown and copied.
    Opened(Opened),
    /// The issue draft of an earlier session, if any.
    Draft(Option<Draft>),
    /// The draft was saved (or removed), or why not.
    DraftSaved(Result<(), JobError>),
    /// The public aggregate came (boxed: it is large next to the other answers), or why not.
    Aggregate(Result<Box<Fetched>, JobError>),
}

/// The result of opening a link.
#[derive(Debug)]
pub struct Opened {
    /// The URL that was opened (or is to be shown).
    pub url: String,
    /// Where a long issue body was saved, when it was.
    pub saved_to: Option<std::path::PathBuf>,
    /// The full issue body when it did not fit in the URL (to copy).
    pub long_body: Option<String>,
    /// How it went.
    pub result: Result<Handoff, JobError>,
}

/// Everything the console shows that lives on disk.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The pending events held: a window of the queue.
    pub pending: Pending,
    /// The queue's drop counters.
    pub drops: queue::Stats,
    /// The sent log, newest first.
    pub sent: Vec<SentEntry>,
    /// The cached update answer.
    pub update: Option<UpdateCache>,
    /// The signature in effect.
    pub signature: Option<Signature>,
    /// The retention the endpoint published, as last fetched.
    pub policy: Option<PolicyCache>,
    /// The files as they were when this was read.
    pub stamps: Stamps,
}

/// Reads everything the console shows from disk; where no anonymous id exists yet,
/// `proposal` is the one shown (and kept if the user allows telemetry in this console).
pub fn snapshot(ctx: &Context, proposal: &str) -> Result<Snapshot, JobError> {
    let stamps = Stamps::read(&ctx.paths);
    let pending = Pending::head(ctx).map_err(JobError::ReadQueue)?;
    let mut sent = sent_log::read(&ctx.paths).map_err(JobError::ReadSentLog)?;
    sent.reverse();
    let allowed = ctx.decision().consent == crate::consent::Consent::Granted;
    let signature = signature::current_or_proposed(
        ctx.config.telemetry.signature,
        &ctx.paths,
        allowed,
        proposal,
    )
    .map_err(JobError::ReadSignature)?;
    Ok(Snapshot {
        pending,
        drops: queue::stats(&ctx.paths),
        sent,
        update: updates::cached(&ctx.paths),
        signature: Some(signature),
        policy: stats::cached_policy(&ctx.paths, &ctx.target()),
        stamps,
    })
}

/// Runs jobs until the console hangs up. `wrap` turns a [`Done`] into the channel's message;
/// setting `cancel` stops a send after the request in flight, with what was done recorded.
pub fn run<M: Send + 'static>(
    ctx: Context,
    jobs: Receiver<Job>,
    out: Sender<M>,
    wrap: fn(Done) -> M,
    cancel: Arc<AtomicBool>,
) {
    let post = |done: Done| out.send(wrap(done)).is_ok();
    let mut worker = Worker {
        seen: Stamps::read(&ctx.paths),
        ctx,
        post: &post,
        cancel,
        index: None,
        proposal: signature::propose(),
    };
    for job in jobs {
        if worker.handle(job).is_err() {
            return;
        }
    }
}

/// The console hung up: nobody reads what the worker posts.
struct HungUp;

/// The worker's state between jobs.
struct Worker<'a> {
    ctx: Context,
    post: &'a dyn Fn(Done) -> bool,
    cancel: Arc<AtomicBool>,
    /// The files as last read, to tell what changed.
    seen: Stamps,
    /// The index of the queue as last read, for windows.
    index: Option<Reader>,
    /// The anonymous id this console shows before one exists, made in memory when it starts:
    /// Allow keeps it, so the request the consent screen showed is the one that goes.
    proposal: String,
}

impl Worker<'_> {
    /// Does `job` and posts what came of it; after a job that changed files (or a send that
    /// failed), a fresh snapshot too, then the queue's count and window.
    fn handle(&mut self, job: Job) -> Result<(), HungUp> {
        let reload = matches!(
            job,
            Job::SetConsent(_) | Job::Delete(_) | Job::Clear | Job::Send { .. }
        );
        let Some(done) = self.answer(job)? else {
            return Ok(());
        };
        let refresh = reload || matches!(done, Done::Sent(Err(_)));
        let loaded = matches!(done, Done::Loaded(Ok(_)));
        if let Done::Loaded(Ok(s)) = &done {
            self.seen = s.stamps.clone();
        }
        self.post(done)?;
        if refresh {
            let fresh = snapshot(&self.ctx, &self.proposal);
            if let Ok(s) = &fresh {
                self.seen = s.stamps.clone();
            }
            self.post(Done::Loaded(fresh.map(Box::new)))?;
        }
        // The first rows are on screen; now the count and the window, however long the queue.
        if loaded || refresh {
            let indexed = self.indexed();
            self.post(indexed)?;
        }
        Ok(())
    }

    fn post(&self, done: Done) -> Result<(), HungUp> {
        if (self.post)(done) {
            Ok(())
        } else {
            Err(HungUp)
        }
    }

    /// What `job` comes to: `None` when there is nothing to say (no index yet, nothing
    /// changed on disk).
    fn answer(&mut self, job: Job) -> Result<Option<Done>, HungUp> {
        let done = match job {
            Job::Load => Done::Loaded(snapshot(&self.ctx, &self.proposal).map(Box::new)),
            Job::Window(at) => match &self.index {
                Some(reader) => {
                    Done::Pending(Pending::around(reader, at).map_err(JobError::ReadQueue))
                }
                None => return Ok(None),
            },
            Job::Refresh => return self.refresh(),
            Job::SetConsent(setting) => {
                let shown = signature::current_or_proposed(
                    self.ctx.config.telemetry.signature,
                    &self.ctx.paths,
                    false,
                    &self.proposal,
                )
                .ok();
                let result = choice::set_consent_shown(&mut self.ctx, setting, shown.as_ref())
                    .map_err(JobError::Consent);
                self.ctx = self.ctx.reload();
                Done::ConsentSet(result)
            }
            Job::Delete(id) => Done::Deleted(delete(&self.ctx, &id)),
            Job::Clear => {
                Done::Cleared(queue::clear(&self.ctx.paths).map_err(JobError::ChangeQueue))
            }
            Job::Send { shown, .. } if Stamps::read(&self.ctx.paths).queue != shown.queue => {
                Done::Sent(Err(JobError::QueueChanged))
            }
            Job::Send { force, .. } => Done::Sent(send(&self.ctx, self.post, force, &self.cancel)),
            Job::Open(url) => Done::Opened(Opened {
                result: browser::open(&url, &self.ctx.env).map_err(JobError::Open),
                url,
                saved_to: None,
                long_body: None,
            }),
            Job::OpenIssue(issue) => Done::Opened(open_issue(&self.ctx, &issue)),
            Job::LoadDraft => Done::Draft(issue::load_draft(&draft_file(&self.ctx))),
            Job::SaveDraft(draft) => Done::DraftSaved(save_draft(&self.ctx, draft.as_ref())),
            Job::FetchAggregate(days) => Done::Aggregate(fetch_aggregate(&self.ctx, days)),
        };
        Ok(Some(done))
    }

    /// Reads again what changed on disk since the last read (the config too, saying so):
    /// `None` when nothing did.
    fn refresh(&mut self) -> Result<Option<Done>, HungUp> {
        let now = Stamps::read(&self.ctx.paths);
        if now == self.seen {
            return Ok(None);
        }
        if now.config != self.seen.config {
            self.ctx = self.ctx.reload();
            self.post(Done::ConfigChanged)?;
        }
        Ok(Some(Done::Loaded(
            snapshot(&self.ctx, &self.proposal).map(Box::new),
        )))
    }

    /// Indexes the queue anew, for windows, and gives its first window.
    fn indexed(&mut self) -> Done {
        let ctx = &self.ctx;
        let index = &mut self.index;
        let pending = Reader::open(&ctx.paths, ctx.limits(), ctx.now())
            .and_then(|r| Pending::around(index.insert(r), 0))
            .map_err(JobError::ReadQueue);
        Done::Pending(pending)
    }
}

/// Where the issue form's draft is kept: beside long issue bodies, so `forget` removes it.
pub fn draft_file(ctx: &Context) -> std::path::PathBuf {
    ctx.paths.issue_drafts().join("draft.json")
}

/// Saves (or removes) the draft, saying where when it cannot.
pub fn save_draft(ctx: &Context, draft: Option<&Draft>) -> Result<(), JobError> {
    let file = draft_file(ctx);
    issue::save_draft(&file, draft).map_err(|source| JobError::SaveDraft { file, source })
}

/// Deletes the pending event `id`: false when it was already gone.
fn delete(ctx: &Context, id: &str) -> Result<bool, JobError> {
    queue::update(&ctx.paths, ctx.limits(), ctx.now(), |events| {
        let before = events.len();
        events.retain(|e| e.id != id);
        events.len() < before
    })
    .map_err(JobError::ChangeQueue)
}

fn send(
    ctx: &Context,
    post: &dyn Fn(Done) -> bool,
    force: bool,
    cancel: &Arc<AtomicBool>,
) -> Result<SendReport, JobError> {
    let mut http = Http::new(ctx.config.request_timeout(&ctx.env))?;
    let mut progress = |done, total| {
        post(Done::Progress(done, total));
    };
    cancel.store(false, Ordering::SeqCst);
    let options = SendOptions {
        force,
        cancel: cancel.clone(),
        ..SendOptions::default()
    };
    Ok(delivery::send(ctx, &mut http, options, &mut progress)?)
}

/// The library's fetch, as the CLI's `telemetry stats` makes it.
fn fetch_aggregate(ctx: &Context, days: u32) -> Result<Box<Fetched>, JobError> {
    let mut http = Http::new(ctx.config.request_timeout(&ctx.env))?;
    Ok(Box::new(stats::fetch(ctx, &mut http, days)?))
}

fn open_issue(ctx: &Context, issue: &Issue) -> Opened {
    let repository = &ctx.config.feedback.repository;
    let dir = ctx.paths.issue_drafts();
    // The console copies the long body to the clipboard (OSC 52) when it shows the link.
    match issue::prepare(repository, issue, &dir, true) {
        Ok(prepared) => Opened {
            result: browser::open(&prepared.url, &ctx.env).map_err(JobError::Open),
            long_body: prepared.saved_to.as_ref().map(|_| issue.body.clone()),
            url: prepared.url,
            saved_to: prepared.saved_to,
        },
        Err(source) => Opened {
            url: issue.url.clone(),
            saved_to: None,
            long_body: None,
            result: Err(JobError::SaveIssueText { dir, source }),
        },
    }
}
