//! The console, `gitops feedback`: a ratatui app over the same library calls as the CLI.
//!
//! ```text
//!  input thread ──Key/Resize──┐
//!  worker thread ──Done───────┼──► one channel ──► App::update ──► Effects ──► worker jobs,
//!  signal thread ──Signal─────┘                       │                        clipboard, quit
//!                                                     └──► ui::draw (pure)
//! ```
//! However it ends (`q`, a signal from outside, the terminal going away, an error), [`run`]
//! stops a send, saves the issue draft and restores the terminal before it returns.
//! Modules, bottom up: [`tab`] and [`mode`] (where the user is and what the console is doing),
//! [`keymap`] (every binding, as data), [`worker`] (slow work off the draw loop), [`app`] (the
//! state and its update), [`ui`] (drawing, one file per screen), and [`terminal`] (the guard
//! that restores the terminal on every exit, panics included). It never imports the CLI, and
//! the CLI uses nothing of it but [`run`].

mod app;
mod keymap;
mod mode;
mod tab;
mod terminal;
mod ui;
mod worker;

#[cfg(test)]
mod tests;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crossterm::event::Event as TermEvent;
use ratatui::layout::Rect;

use crate::context::Context;
use crate::feedback::clipboard::osc52;
use app::{App, Effect, Msg};
use terminal::Terminal;
use worker::Job;

/// How often times on screen are refreshed and the files are checked for changes.
const TICK: Duration = Duration::from_secs(1);

/// How long quitting waits for a send to stop after its request in flight.
const SEND_STOP_WAIT: Duration = Duration::from_secs(30);

/// The signals that end the console from outside (`kill`, a closed terminal window, an
/// interrupt sent to the process: in raw mode Ctrl-C is a key, not a signal). Each ends it
/// as `q` does (the draft kept, a send stopped after its request in flight, the terminal
/// restored), then the process dies of the signal, as its sender expects.
const ENDING_SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
];

/// Why the event loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// The user quit.
    Quit,
    /// A signal from outside asked the process to end.
    Signal(i32),
    /// The terminal went away (its input ended).
    Hangup,
}

/// Waits until the worker says the send ended (or [`SEND_STOP_WAIT`] passed, or another
/// signal insists).
fn wait_for_send(rx: &mpsc::Receiver<Msg>) {
    let deadline = std::time::Instant::now() + SEND_STOP_WAIT;
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(Msg::Done(worker::Done::Sent(_)) | Msg::Signal(_)) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// Runs the console until the user quits, a signal ends it or the terminal goes away; on
/// each of these the draft is saved and the terminal restored.
pub fn run(ctx: Context) -> std::io::Result<()> {
    let (tx, rx) = mpsc::channel::<Msg>();
    let (jobs, job_rx) = mpsc::channel::<Job>();
    let cancel = Arc::new(AtomicBool::new(false));
    // Caught before the terminal changes, so no signal can leave it changed.
    let mut signals = signal_hook::iterator::Signals::new(ENDING_SIGNALS)?;
    let signals_handle = signals.handle();
    let signal_tx = tx.clone();
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let _ = signal_tx.send(Msg::Signal(signal));
        }
    });
    spawn_threads(ctx.reload(), job_rx, tx, cancel.clone());
    let mut app = App::new(ctx, jiff::Timestamp::now());
    let mut terminal = Terminal::enter();
    let end = event_loop(&mut app, &mut terminal, &jobs, &rx);
    // Whatever ended the loop: stop a send, keep the draft, restore the terminal.
    if app.sending.is_some() {
        cancel.store(true, Ordering::SeqCst);
        wait_for_send(&rx);
    }
    let kept = worker::save_draft(&app.facts.ctx, app.draft().as_ref());
    drop(terminal);
    signals_handle.close();
    if let Err(e) = kept {
        eprintln!("gitops: {e}");
    }
    if let Ok(End::Signal(signal)) = end {
        // Die of the signal, as whoever sent it expects (exit status 128 + signal).
        signal_hook::low_level::emulate_default_handler(signal)?;
    }
    end.map(|_| ())
}

/// Draws and applies messages until something ends the console.
fn event_loop(
    app: &mut App,
    terminal: &mut Terminal,
    jobs: &mpsc::Sender<Job>,
    rx: &mpsc::Receiver<Msg>,
) -> std::io::Result<End> {
    let size = terminal.size()?;
    app.update(Msg::Resize(size.width, size.height));
    let _ = jobs.send(Job::Load);
    let _ = jobs.send(Job::LoadDraft);
    loop {
        terminal.draw(|frame| ui::draw(frame, app))?;
        let Ok(first) = rx.recv() else {
            return Ok(End::Hangup);
        };
        // Apply everything already waiting before drawing again.
        for msg in std::iter::once(first).chain(rx.try_iter()) {
            let msg = match msg {
                Msg::Signal(signal) => return Ok(End::Signal(signal)),
                Msg::Hangup => return Ok(End::Hangup),
                Msg::Tick(now) => {
                    // Follow what other processes do to the files while the console is open.
                    let _ = jobs.send(Job::Refresh);
                    Msg::Tick(now)
                }
                Msg::Mouse(mouse) => {
                    let size = terminal.size()?;
                    match ui::pointer(app, Rect::new(0, 0, size.width, size.height), mouse) {
                        Some(msg) => msg,
                        None => continue,
                    }
                }
                other => other,
            };
            for effect in app.update(msg) {
                match effect {
                    Effect::Job(job) => {
                        let _ = jobs.send(job);
                    }
                    Effect::Copy(text) => {
                        let mut out = std::io::stdout().lock();
                        out.write_all(osc52(&text).as_bytes())?;
                        out.flush()?;
                    }
                    Effect::Quit => return Ok(End::Quit),
                }
            }
        }
    }
}

/// Starts the worker, the ticker and the input thread, all posting on `tx`.
fn spawn_threads(
    ctx: Context,
    jobs: mpsc::Receiver<Job>,
    tx: mpsc::Sender<Msg>,
    cancel: Arc<AtomicBool>,
) {
    let worker_tx = tx.clone();
    std::thread::spawn(move || worker::run(ctx, jobs, worker_tx, Msg::Done, cancel));
    let ticker = tx.clone();
    std::thread::spawn(move || {
        while ticker.send(Msg::Tick(jiff::Timestamp::now())).is_ok() {
            std::thread::sleep(TICK);
        }
    });
    std::thread::spawn(move || {
        while let Ok(event) = crossterm::event::read() {
            let msg = match event {
                TermEvent::Key(key) => Msg::Key(key),
                TermEvent::Paste(text) => Msg::Paste(text),
                TermEvent::Mouse(mouse) => Msg::Mouse(mouse),
                TermEvent::Resize(w, h) => Msg::Resize(w, h),
                _ => continue,
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
        // The terminal is gone: nobody can quit by a key any more.
        let _ = tx.send(Msg::Hangup);
    });
}
