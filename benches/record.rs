//! The hot paths of a host CLI: recording one invocation (context load, consent, verb
//! reduction, queue append) with an empty and a long queue, and building the exact request.
//!
//! Run with `cargo bench --bench record`. Targets: record well under 1 ms, flat in the
//! queue length.

use gitops_feedback::{Context, Env, Event, Paths, Target, Vocabulary, build};

fn main() {
    divan::main();
}

const ARGV: [&str; 6] = ["add", "cluster", "--from-template", "t", "--set", "k=v"];

/// A home with consent granted, no automatic sending, and `pending` queued events.
fn home(pending: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "[telemetry]\nconsent = \"granted\"\nauto_send = false\nmax_pending = 100000\n",
    )
    .unwrap();
    let ctx = context(dir.path());
    let argv: Vec<String> = ARGV.iter().map(|s| s.to_string()).collect();
    for _ in 0..pending {
        gitops_feedback::record(&ctx, &argv, None, None).unwrap();
    }
    dir
}

fn context(home: &std::path::Path) -> Context {
    Context::with_paths(Env::empty(), Paths::under(home))
}

/// The whole library call a host makes per invocation, context load included.
#[divan::bench(args = [0, 10_000])]
fn record(bencher: divan::Bencher, pending: usize) {
    let dir = home(pending);
    let argv: Vec<String> = ARGV.iter().map(|s| s.to_string()).collect();
    bencher.bench_local(|| {
        let ctx = context(dir.path());
        gitops_feedback::record(&ctx, &argv, Some("0.6.2"), None).unwrap()
    });
}

/// Reducing an argv to verbs with the built-in vocabulary.
#[divan::bench]
fn reduce(bencher: divan::Bencher) {
    let vocabulary = Vocabulary::builtin();
    bencher.bench_local(|| vocabulary.reduce(divan::black_box(&ARGV)));
}

/// Building the exact checkpoint request for one event.
#[divan::bench]
fn build_request(bencher: divan::Bencher) {
    let vocabulary = Vocabulary::builtin();
    let event = Event::new(
        &vocabulary.reduce(&ARGV),
        "0.6.2-RC1+x y",
        jiff::Timestamp::now(),
    );
    let target = Target::default_endpoint();
    bencher.bench_local(|| {
        build(
            &target,
            divan::black_box(&event),
            "j1GvZKKsA4V+QC1PVkaA/41RJ80nYgfivdCRNze79mY=",
        )
    });
}
