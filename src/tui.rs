//! The console, `gitops feedback`: a ratatui app over the same library calls as the CLI.
//!
//! ```text
//!  input thread ──Key/Resize──┐
//!                             ├──► one channel ──► App::update ──► Effects ──► worker jobs,
//!  worker thread ──Done───────┘                       │                        clipboard, quit
//!                                                     └──► ui::draw (pure)
//! ```
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

/// Waits until the worker says the send ended (or [`SEND_STOP_WAIT`] passed).
fn wait_for_send(rx: &mpsc::Receiver<Msg>) {
    let deadline = std::time::Instant::now() + SEND_STOP_WAIT;
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(Msg::Done(worker::Done::Sent(_))) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// Runs the console until the user quits.
pub fn run(ctx: Context) -> std::io::Result<()> {
    let (tx, rx) = mpsc::channel::<Msg>();
    let (jobs, job_rx) = mpsc::channel::<Job>();
    let cancel = Arc::new(AtomicBool::new(false));
    spawn_threads(ctx.reload(), job_rx, tx, cancel.clone());
    let mut app = App::new(ctx, jiff::Timestamp::now());
    let mut terminal = Terminal::enter();
    let size = terminal.size()?;
    app.update(Msg::Resize(size.width, size.height));
    let _ = jobs.send(Job::Load);
    let _ = jobs.send(Job::LoadDraft);
    loop {
        terminal.draw(|frame| ui::draw(frame, &app))?;
        let Ok(first) = rx.recv() else {
            return Ok(());
        };
        // Apply everything already waiting before drawing again.
        for msg in std::iter::once(first).chain(rx.try_iter()) {
            if matches!(msg, Msg::Tick(_)) {
                // Follow what other processes do to the files while the console is open.
                let _ = jobs.send(Job::Refresh);
            }
            let msg = match msg {
                Msg::Mouse(mouse) => {
                    let size = terminal.size()?;
                    match ui::pointer(&app, Rect::new(0, 0, size.width, size.height), mouse) {
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
                    Effect::Quit => return quit(&app, terminal, &cancel, &rx),
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
    });
}

/// Leaves the console: a send stops after the request in flight (and records what it did),
/// the draft is kept, and the terminal is restored before a failure to keep it is said.
fn quit(
    app: &App,
    terminal: Terminal,
    cancel: &AtomicBool,
    rx: &mpsc::Receiver<Msg>,
) -> std::io::Result<()> {
    if app.sending.is_some() {
        cancel.store(true, Ordering::SeqCst);
        wait_for_send(rx);
    }
    let kept = worker::save_draft(&app.facts.ctx, app.draft().as_ref());
    drop(terminal);
    if let Err(e) = kept {
        eprintln!("gitops: {e}");
    }
    Ok(())
}
