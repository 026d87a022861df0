//! The console with a long queue (§9): the first frame and a redraw with 100 000 pending
//! events, and the worker's read of that queue from disk.
//!
//! Run with `cargo bench --bench console`. Targets: first frame within 100 ms, redraw under
//! 5 ms.

use std::hint::black_box;

use gitops_feedback::context::Context;
use gitops_feedback::env::Env;
use gitops_feedback::event::Event;
use gitops_feedback::paths::Paths;
use gitops_feedback::tui::app::{App, Msg};
use gitops_feedback::tui::ui;
use gitops_feedback::tui::worker::{self, Done, Snapshot};
use gitops_feedback::vocabulary::Vocabulary;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PENDING: usize = 100_000;

fn main() {
    divan::main();
}

/// A home with consent granted, room for the whole queue, and `PENDING` events on disk.
fn home() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[telemetry]\nconsent = \"granted\"\nauto_send = false\nmax_pending = {PENDING}\nsignature = \"random\"\n"
        ),
    )
    .unwrap();
    let vocabulary = Vocabulary::builtin();
    let now = jiff::Timestamp::now();
    let mut text = String::new();
    for n in 0..PENDING {
        let mut event = Event::new(&vocabulary.reduce(&["get", "app"]), "0.6.2", now);
        event.id = format!("{n:012x}");
        text.push_str(&serde_json::to_string(&event).unwrap());
        text.push('\n');
    }
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/pending.jsonl"), text).unwrap();
    dir
}

fn context(dir: &tempfile::TempDir) -> Context {
    Context::with_paths(Env::empty(), Paths::under(dir.path()))
}

fn pending_tab(dir: &tempfile::TempDir, data: Snapshot) -> App {
    let mut app = App::new(context(dir), jiff::Timestamp::now());
    app.update(Msg::Done(Done::Loaded(Ok(Box::new(data)))));
    app.act(gitops_feedback::tui::keymap::Action::GoTo(
        gitops_feedback::tui::app::Tab::Pending,
    ));
    app
}

/// The worker's read of everything the console shows, 100 000 events included.
#[divan::bench(sample_count = 10)]
fn load_snapshot(bencher: divan::Bencher) {
    let dir = home();
    let ctx = context(&dir);
    bencher.bench_local(|| worker::snapshot(black_box(&ctx)).unwrap());
}

/// From a loaded snapshot to the first drawn frame of the Pending tab: building the app
/// (config, consent, vocabulary, channels) and drawing.
#[divan::bench(sample_count = 20)]
fn first_frame(bencher: divan::Bencher) {
    let dir = home();
    let data = worker::snapshot(&context(&dir)).unwrap();
    bencher
        .with_inputs(|| data.clone())
        .bench_local_values(|data| {
            let app = pending_tab(&dir, data);
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            terminal.draw(|frame| ui::draw(frame, &app)).unwrap();
            terminal
        });
}

/// One redraw of the Pending tab with the selection in the middle of the queue.
#[divan::bench]
fn redraw(bencher: divan::Bencher) {
    let dir = home();
    let data = worker::snapshot(&context(&dir)).unwrap();
    let mut app = pending_tab(&dir, data);
    app.selected.pending = PENDING / 2;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    bencher.bench_local(|| {
        terminal.draw(|frame| ui::draw(frame, &app)).unwrap();
    });
}
