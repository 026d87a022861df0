//! What a service manager sees of `serve`: readiness, stopping, and SIGHUP as a reload.
//!
//! Owns the `sd_notify` protocol (`READY=1` once the listener is bound and the store open,
//! `STOPPING=1` when the orderly stop begins; each a datagram to `NOTIFY_SOCKET`, nothing when
//! it is unset) and the SIGHUP handler, which asks
//! the releases watcher to re-read its file at once. Under systemd this is `Type=notify` with
//! `ExecReload=kill -HUP $MAINPID`.

use std::sync::Arc;

use sd_notify::NotifyState;
use tokio::sync::Notify;

/// Tells the service manager the collector is serving. Harmless without one.
pub fn ready() {
    send(&[NotifyState::Ready]);
}

/// Tells the service manager the orderly stop has begun.
pub fn stopping() {
    send(&[NotifyState::Stopping]);
}

fn send(states: &[NotifyState]) {
    if let Err(e) = sd_notify::notify(states) {
        tracing::warn!(error = %e, "cannot notify the service manager");
    }
}

/// Installs the SIGHUP handler (from now on SIGHUP no longer ends the process) and gives the
/// [`Notify`] it wakes, with the task that forwards each signal to it.
pub fn hangups() -> std::io::Result<(Arc<Notify>, tokio::task::JoinHandle<()>)> {
    let hangup = Arc::new(Notify::new());
    #[cfg(unix)]
    let task = {
        use tokio::signal::unix::{SignalKind, signal};
        let mut signals = signal(SignalKind::hangup())?;
        let hangup = hangup.clone();
        tokio::spawn(async move {
            while signals.recv().await.is_some() {
                tracing::info!("SIGHUP: re-reading the releases file");
                hangup.notify_one();
            }
        })
    };
    #[cfg(not(unix))]
    let task = tokio::spawn(async {});
    Ok((hangup, task))
}
