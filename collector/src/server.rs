//! The HTTP server: listening, the bounds on what clients can take, and the orderly stop.
//!
//! Owns the accept loop and each connection's bounds (a deadline for each request head, which
//! also closes a kept-alive connection idle that long; a deadline for each write, so a client
//! that does not read its answers is cut off; an 8 KiB head buffer), the state the routes
//! share, and shutdown: on SIGTERM or SIGINT it stops accepting, lets requests in progress
//! finish (up to `shutdown_grace`), then flushes every count before returning. `service` is
//! what a service manager sees: readiness, stopping, and SIGHUP as a reload of the releases.
//! `connections` keeps the connection limit fair: when it is reached, the connection idle the
//! longest is closed for a new one. A client's address is dropped
//! at accept: it is never stored or logged. `routes` holds the paths and what each answers;
//! [`HttpError`] is every answer that is not a success (status, JSON body, outcome counted).

mod connections;
mod error;
mod reply;
mod routes;
mod service;

pub use error::HttpError;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use checkpoint_protocol::received::CheckRules;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutStream;

use self::connections::{Admitted, Connections, Refused};

use crate::aggregate::{Aggregator, DayLimits};
use crate::commit::Commits;
use crate::flusher::Flusher;
use crate::metrics::{Metrics, Outcome};
use crate::releases::{ReleasesError, Watched};
use crate::settings::Settings;
use crate::store::{self, Store, StoreError};

/// How often the releases file is checked for changes.
pub const RELEASES_POLL: Duration = Duration::from_secs(2);

/// How long the final flush may keep retrying a failing store.
pub const FINAL_FLUSH: Duration = Duration::from_secs(30);

/// The smallest head buffer hyper accepts; a longer head is refused.
const HEAD_BUFFER: usize = 8192;

/// What stops the server from starting.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store cannot be opened.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The releases file cannot be used.
    #[error(transparent)]
    Releases(#[from] ReleasesError),
    /// The address cannot be listened on.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// What the system said.
        source: std::io::Error,
    },
    /// The SIGHUP handler cannot be installed.
    #[error("cannot install the SIGHUP handler: {0}")]
    Signal(std::io::Error),
}

/// What the routes share.
#[derive(Debug)]
pub struct State {
    aggregator: Arc<Aggregator>,
    commits: Arc<Commits>,
    releases: Watched,
    store: Arc<dyn Store>,
    publisher: crate::publication::Publisher,
    metrics: Arc<Metrics>,
    settings: Settings,
    in_flight: Semaphore,
    connections: Arc<Connections>,
    bare: bool,
    web: crate::web::Cache,
}

/// How a serve ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stopped {
    /// Checks counted but not written (the store failed through the final flush).
    pub lost_checks: u64,
}

/// Serves until SIGTERM or SIGINT, then flushes. With `bare`, checks get a fixed answer and
/// nothing is parsed or counted (the benchmark's baseline).
pub async fn serve(settings: Settings, bare: bool) -> Result<Stopped, ServeError> {
    let metrics = Arc::new(Metrics::default());
    let store =
        store::open_with(&settings.database, store::Options::of(&settings, &metrics)).await?;
    let releases = Watched::open(settings.releases.as_deref())?;
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|source| ServeError::Bind {
            addr: settings.listen,
            source,
        })?;
    let address = listener.local_addr().unwrap_or(settings.listen);
    let limits = DayLimits {
        max_buckets: settings.limits.max_buckets_per_day,
        max_installs: settings.limits.max_installs_per_day,
    };
    let aggregator = Arc::new(Aggregator::new(CheckRules::builtin(), limits));
    let commits = Arc::new(Commits::new());
    tracing::info!(
        %address,
        store = %settings.database.describe(),
        products = ?releases.get().products(),
        retention = %settings.retention.text,
        bare,
        "listening"
    );
    let state = Arc::new(State {
        aggregator: aggregator.clone(),
        commits: commits.clone(),
        releases: releases.clone(),
        store: store.clone(),
        publisher: crate::publication::Publisher::new(
            store.clone(),
            settings.min_installs,
            settings.retention.clone(),
        ),
        metrics: metrics.clone(),
        in_flight: Semaphore::new(settings.limits.max_in_flight),
        connections: Connections::new(settings.limits.max_connections),
        settings: settings.clone(),
        bare,
        web: crate::web::Cache::default(),
    });
    let releaser = {
        let releases = releases.clone();
        let retention = settings.retention.clone();
        tokio::spawn(crate::publication::run(
            store.clone(),
            move || releases.get().products(),
            move |newest| retention.oldest_day(newest),
            settings.release_delay,
            settings.min_installs,
        ))
    };
    let (hangup, hangups) = service::hangups().map_err(ServeError::Signal)?;
    let watcher = {
        let metrics = metrics.clone();
        tokio::spawn(releases.watch(RELEASES_POLL, hangup, move |result| {
            metrics.reloaded(result.is_ok());
            match result {
                Ok(()) => tracing::info!("releases file reloaded"),
                Err(e) => tracing::error!(error = %e, "releases file not reloaded; the last good one stays"),
            }
        }))
    };
    let (stop_flusher, flusher_stopped) = tokio::sync::oneshot::channel::<()>();
    let flusher = tokio::spawn(Flusher::new(aggregator, store, metrics, commits).run(
        settings.flush_interval,
        settings.retention.clone(),
        async move {
            let _ = flusher_stopped.await;
        },
    ));
    service::ready();
    accept(listener, state.clone(), shutdown_signal()).await;
    service::stopping();
    hangups.abort();
    watcher.abort();
    releaser.abort();
    let _ = stop_flusher.send(());
    let mut flusher = flusher.await.expect("the flusher does not panic");
    let lost_checks = flusher.flush_all(Instant::now() + FINAL_FLUSH).await;
    tracing::info!(lost_checks, "stopped");
    Ok(Stopped { lost_checks })
}

/// Accepts connections until `shutdown` resolves, then lets requests in progress finish.
async fn accept(listener: TcpListener, state: Arc<State>, shutdown: impl Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                // The peer's address is dropped here: it is never stored or logged.
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        match state.connections.try_admit() {
            Some(admitted) => {
                tokio::spawn(connection(stream, admitted, state.clone()));
            }
            // The table is full: make room in a task of its own, so accepting goes on.
            None => {
                let state = state.clone();
                tokio::spawn(async move {
                    let (evicted, admitted) = state.connections.admit().await;
                    state.metrics.evicted_connections(evicted);
                    match admitted {
                        Ok(admitted) => connection(stream, admitted, state.clone()).await,
                        Err(Refused::Stopping) => {}
                        Err(Refused::QueueFull | Refused::Deadline) => {
                            state.metrics.refused_connection();
                        }
                    }
                });
            }
        }
    }
    drop(listener);
    tracing::info!("stopping: no new connections; finishing requests in progress");
    state.connections.close_all();
    if !state
        .connections
        .all_closed(state.settings.limits.shutdown_grace)
        .await
    {
        tracing::warn!("shutdown grace elapsed with requests still in progress");
    }
}

/// Serves one connection until it ends, is asked to close (to make room, or at shutdown), or
/// breaks a bound; counts what hyper refused itself.
async fn connection(stream: TcpStream, admitted: Admitted, state: Arc<State>) {
    let limits = &state.settings.limits;
    let mut stream = TimeoutStream::new(stream);
    stream.set_write_timeout(Some(limits.write_timeout));
    let requests = admitted.requests();
    let s = state.clone();
    let service = service_fn(move |req| {
        let s = s.clone();
        let busy = requests.start();
        async move {
            let reply = routes::respond(&s, req).await;
            drop(busy);
            Ok::<_, Infallible>(reply)
        }
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(HEAD_BUFFER)
        .serve_connection(TokioIo::new(Box::pin(stream)), service);
    tokio::pin!(conn);
    let ended = tokio::select! {
        ended = conn.as_mut() => ended,
        () = admitted.asked_to_close() => {
            if !admitted.used() {
                // Nothing to finish (hyper would wait for a first request): close it now.
                return;
            }
            // A kept-alive connection closes at once; one mid-answer finishes it first
            // (bounded by the write timeout).
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let Err(e) = ended {
        count_failure(&state.metrics, &e);
    }
}

/// Counts why hyper ended a connection, where it is a bound of ours or a refusal it answered.
fn count_failure(metrics: &Metrics, e: &hyper::Error) {
    let timed_out = || {
        std::error::Error::source(e)
            .and_then(|s| s.downcast_ref::<std::io::Error>())
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
    };
    if e.is_parse_too_large() {
        metrics.request(Outcome::HeadTooLarge);
    } else if e.is_parse() {
        metrics.request(Outcome::Malformed);
    } else if e.is_timeout() {
        metrics.head_timeout();
    } else if timed_out() {
        metrics.write_timeout();
    }
}

/// Resolves on SIGTERM or SIGINT.
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("a SIGTERM handler can be installed");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
