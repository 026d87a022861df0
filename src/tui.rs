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
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crossterm::event::Event as TermEvent;

use crate::context::Context;
use crate::feedback::clipboard::osc52;
use app::{App, Effect, Msg};
use terminal::Terminal;
use worker::Job;

/// How often times on screen are refreshed when nothing else happens.
const TICK: Duration = Duration::from_secs(1);

/// Runs the console until the user quits.
pub fn run(ctx: Context) -> std::io::Result<()> {
    let (tx, rx) = mpsc::channel::<Msg>();
    let (jobs, job_rx) = mpsc::channel::<Job>();
    let worker_ctx = ctx.reload();
    let worker_tx = tx.clone();
    std::thread::spawn(move || worker::run(worker_ctx, job_rx, worker_tx, Msg::Done));
    std::thread::spawn(move || {
        while let Ok(event) = crossterm::event::read() {
            let msg = match event {
                TermEvent::Key(key) => Msg::Key(key),
                TermEvent::Resize(w, h) => Msg::Resize(w, h),
                _ => continue,
            };
            if tx.send(msg).is_err() {
                return;
            }
        }
    });

    let mut app = App::new(ctx, jiff::Timestamp::now());
    let mut terminal = Terminal::enter();
    let size = terminal.size()?;
    app.update(Msg::Resize(size.width, size.height));
    let _ = jobs.send(Job::Load);
    loop {
        terminal.draw(|frame| ui::draw(frame, &app))?;
        let first = match rx.recv_timeout(TICK) {
            Ok(msg) => msg,
            Err(RecvTimeoutError::Timeout) => Msg::Tick(jiff::Timestamp::now()),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        // Apply everything already waiting before drawing again.
        for msg in std::iter::once(first).chain(rx.try_iter()) {
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
                    Effect::Quit => return Ok(()),
                }
            }
        }
    }
}
