//! Why a job of the worker failed, typed as the library gave it.
//!
//! Owns [`JobError`]: each variant says which job's step failed and keeps the library's error
//! as it came, so the console renders it once (its `Display`), and a screen can match on what
//! went wrong (the Stats tab says how to lift an opt-out) without reading the text back. It
//! does no I/O and knows nothing of screens.

use std::io;
use std::path::PathBuf;

use crate::config::rules::UrlError;
use crate::telemetry::choice::ConsentError;
use crate::telemetry::delivery::DeliveryError;
use crate::telemetry::stats::StatsError;
use crate::telemetry::transport::TransportError;

/// Why a job failed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// The pending queue could not be read.
    #[error("cannot read the pending queue: {0}")]
    ReadQueue(#[source] io::Error),
    /// The sent log could not be read.
    #[error("cannot read the sent log: {0}")]
    ReadSentLog(#[source] io::Error),
    /// The anonymous id could not be read (or made).
    #[error("cannot read the anonymous id in the data directory: {0}")]
    ReadSignature(#[source] io::Error),
    /// The consent choice was not saved, or the queue not purged after it.
    #[error("consent not saved: {0}")]
    Consent(#[source] ConsentError),
    /// The queue could not be changed (a delete, a clear).
    #[error("{0}")]
    ChangeQueue(#[source] io::Error),
    /// The queue on disk is not the one on screen, so nothing was sent.
    #[error(
        "the queue changed since it was shown; it is shown again now: press s to send what is \
         on screen"
    )]
    QueueChanged,
    /// The HTTP client could not be made.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The send failed before any event could be considered.
    #[error(transparent)]
    Delivery(#[from] DeliveryError),
    /// The link is not one the console opens.
    #[error(transparent)]
    Open(#[from] UrlError),
    /// A long issue body could not be saved beside the issue's URL.
    #[error("cannot save the long issue text in {}: {source}", dir.display())]
    SaveIssueText {
        /// Where long bodies are saved.
        dir: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The issue draft could not be saved (or removed).
    #[error("cannot keep the issue draft in {}: {source}", file.display())]
    SaveDraft {
        /// The draft's file.
        file: PathBuf,
        /// What the system said.
        source: io::Error,
    },
    /// The public aggregate could not be fetched (or was not, by an opt-out).
    #[error(transparent)]
    FetchAggregate(#[from] StatsError),
}

impl JobError {
    /// The environment variable that turned the request off, when an opt-out refused it (no
    /// socket was opened).
    pub fn opted_out_by(&self) -> Option<&str> {
        match self {
            JobError::FetchAggregate(StatsError::Forbidden(variable)) => Some(variable),
            _ => None,
        }
    }
}
