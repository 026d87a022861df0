//! The console's worker: what it reads and writes for the console (consent, deletes, the
//! queue window, the public aggregate), and how it follows what other processes change.

use super::fixtures::{GRANTED, app_for, event, home, load, press, snapshot};
use crate::config::{ConsentSetting, Env};
use crate::telemetry::choice::ConsentChange;
use crate::tui::app::{Effect, Msg};
use crate::tui::mode::{Detail, Mode};
use crate::tui::worker::{Done, Job, JobError};
use crossterm::event::KeyCode;

/// A worker on its own thread, as the console runs it.
struct Running {
    jobs: std::sync::mpsc::Sender<Job>,
    answers: std::sync::mpsc::Receiver<Msg>,
}

impl Running {
    fn start(ctx: crate::context::Context) -> Running {
        let (jobs, job_rx) = std::sync::mpsc::channel();
        let (tx, answers) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            crate::tui::worker::run(ctx, job_rx, tx, Msg::Done, Default::default())
        });
        Running { jobs, answers }
    }

    fn send(&self, job: Job) {
        self.jobs.send(job).unwrap();
    }

    /// The next answer, past the queue index that follows each snapshot (these tests read
    /// the snapshots).
    fn next(&self) -> Done {
        loop {
            match self
                .answers
                .recv_timeout(std::time::Duration::from_secs(10))
            {
                Ok(Msg::Done(Done::Pending(_))) => continue,
                Ok(Msg::Done(done)) => return done,
                other => panic!("{other:?}"),
            }
        }
    }
}

/// The worker does what the console asks with the library's calls: consent is saved exactly
/// as `gitops telemetry enable` saves it, deletes reach the queue file, and a fresh snapshot
/// follows each change.
#[test]
fn the_worker_saves_consent_and_deletes_events() {
    use crate::config::Paths;
    use crate::context::Context;

    let home = home("# my settings\n");
    let ctx = Context::with_paths(Env::empty(), Paths::under(home.path()));
    crate::telemetry::record::record(&ctx, &["get".into(), "app".into()], Some("1.0.0"), None)
        .unwrap();
    let worker = Running::start(ctx);
    let next = || worker.next();

    worker.send(Job::SetConsent(ConsentSetting::Granted));
    assert!(matches!(
        next(),
        Done::ConsentSet(Ok(ConsentChange {
            setting: ConsentSetting::Granted,
            ..
        }))
    ));
    let Done::Loaded(Ok(snapshot)) = next() else {
        panic!("no snapshot");
    };
    assert_eq!(snapshot.pending.events.len(), 1);
    let config = std::fs::read_to_string(home.path().join("config.toml")).unwrap();
    assert_eq!(
        config,
        "# my settings\n\n[telemetry]\nconsent = \"granted\"\n"
    );

    worker.send(Job::Delete(snapshot.pending.events[0].id.clone()));
    assert!(matches!(next(), Done::Deleted(Ok(true))));
    let Done::Loaded(Ok(snapshot)) = next() else {
        panic!("no snapshot");
    };
    assert!(snapshot.pending.events.is_empty());
}

/// The worker follows the files: an event recorded by another process, and consent changed
/// in another terminal, reach the console without a key; a send of a queue that changed since
/// it was shown refreshes instead of sending what the user has not seen.
#[test]
fn the_worker_follows_changes_made_by_other_processes() {
    use crate::config::Paths;
    use crate::context::Context;
    use crate::tui::worker::Stamps;

    let home = home(GRANTED);
    let ctx = Context::with_paths(Env::empty(), Paths::under(home.path()));
    let other = Context::with_paths(Env::empty(), Paths::under(home.path()));
    let worker = Running::start(ctx);
    let next = || worker.next();
    worker.send(Job::Load);
    let Done::Loaded(Ok(first)) = next() else {
        panic!("no snapshot")
    };
    assert!(first.pending.events.is_empty());

    crate::telemetry::record::record(&other, &["get".into(), "app".into()], Some("1.0.0"), None)
        .unwrap();
    worker.send(Job::Refresh);
    let Done::Loaded(Ok(second)) = next() else {
        panic!("no refresh")
    };
    assert_eq!(second.pending.events.len(), 1);

    // Sending what was shown before the event arrived refreshes instead.
    worker.send(Job::Send {
        shown: first.stamps.clone(),
        force: false,
    });
    let Done::Sent(Err(why)) = next() else {
        panic!("sent a queue not shown")
    };
    assert!(matches!(why, JobError::QueueChanged), "{why:?}");
    assert!(
        why.to_string().contains("changed since it was shown"),
        "{why}"
    );
    let Done::Loaded(Ok(third)) = next() else {
        panic!("no refresh")
    };
    assert_eq!(third.stamps, Stamps::read(&other.paths));

    std::fs::write(
        other.paths.config_file.clone(),
        "[telemetry]\nconsent = \"denied\"\n",
    )
    .unwrap();
    worker.send(Job::Refresh);
    assert!(matches!(next(), Done::ConfigChanged));
    assert!(matches!(next(), Done::Loaded(Ok(_))));
}

/// No identifier before consent: opening the console while undecided or denied reads the
/// signature that would go without creating the id file; allowing makes it.
#[test]
fn the_console_creates_no_identifier_before_consent() {
    use crate::config::Paths;
    use crate::context::Context;
    for config in [
        "",
        "[telemetry]\nconsent = \"denied\"\nsignature = \"random\"\n",
    ] {
        let home = home(config);
        let ctx = Context::with_paths(Env::empty(), Paths::under(home.path()));
        let snapshot =
            crate::tui::worker::snapshot(&ctx, &crate::telemetry::signature::propose()).unwrap();
        assert!(snapshot.signature.is_some());
        assert!(!ctx.paths.random_id().exists(), "{config:?} made an id");
        assert!(
            !ctx.paths.signature_cache().exists(),
            "{config:?} cached one"
        );
    }
}

/// The console holds a window of the queue, not the queue: moving past it asks the worker for
/// the window around the selection, once, and the rows arrive with it.
#[test]
fn a_long_queue_is_held_a_window_at_a_time() {
    use crate::tui::worker::Pending;
    let home = home(GRANTED);
    let mut app = app_for(&home);
    let window = |start: u32| Pending {
        total: Some(1_000_000),
        start: start as usize,
        events: (start..start + 500)
            .map(|n| event(n, "get", "app"))
            .collect(),
        newest_version: Some("0.38.0".into()),
    };
    let mut data = snapshot(vec![]);
    data.pending = window(0);
    load(&mut app, data);
    press(&mut app, &[KeyCode::Char('3')]);
    assert_eq!(app.reported_version().0, "0.38.0");
    for _ in 0..30 {
        let effects = press(&mut app, &[KeyCode::PageDown]);
        if app.view.selected.pending >= 500 {
            assert_eq!(
                effects,
                [Effect::Job(Job::Window(app.view.selected.pending))]
            );
            break;
        }
        assert!(effects.is_empty(), "{effects:?}");
    }
    let at = app.view.selected.pending;
    // Asked once: the next key, before the window comes, asks nothing more.
    assert!(press(&mut app, &[KeyCode::Char('x'), KeyCode::Char('n')]).is_empty());
    app.update(Msg::Done(Done::Pending(Ok(window(at as u32 - 250)))));
    assert_eq!(app.window_asked, None);
    let shown = super::fixtures::render(&app, 80, 24);
    assert!(shown.contains(" 3 Pend (1000000) "), "{shown}");
    press(&mut app, &[KeyCode::Enter]);
    let Mode::Detail { what, .. } = &app.view.mode else {
        panic!("no detail")
    };
    assert_eq!(*what, Detail::PendingEvent(event(at as u32, "", "").id));
}

/// The worker fetches with the library's call: the stats and the policy from a loopback
/// endpoint, the policy kept on disk; with `CHECKPOINT_DISABLE` set it opens no connection.
#[test]
fn the_worker_fetches_the_aggregate_and_honours_the_opt_out() {
    use crate::config::Paths;
    use crate::context::Context;
    use std::io::{BufRead, BufReader, Write};
    use std::sync::{Arc, Mutex};

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut out = stream;
            loop {
                let mut first = String::new();
                if reader.read_line(&mut first).unwrap_or(0) == 0 {
                    break;
                }
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok() && line != "\r\n" {
                    line.clear();
                }
                log.lock().unwrap().push(first.trim_end().to_string());
                let body = if first.contains("/v1/policy") {
                    r#"{"retention":"400d","oldest_day":"2025-10-21","min_installs":5}"#
                } else {
                    r#"{"product":"weave-gitops","days":30,"totals":{"checks":3,"commands":3}}"#
                };
                let _ = write!(
                    out,
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
            }
        }
    });
    for env in [Env::empty(), Env::empty().with("CHECKPOINT_DISABLE", "1")] {
        let forbidden = env.get("CHECKPOINT_DISABLE").is_some();
        let home = home(&format!(
            "[telemetry]\nendpoint = \"http://127.0.0.1:{port}\"\n"
        ));
        let ctx = Context::with_paths(env, Paths::under(home.path()));
        let worker = Running::start(ctx);
        worker.send(Job::FetchAggregate(30));
        match (worker.next(), forbidden) {
            (Done::Aggregate(Ok(f)), false) => {
                assert_eq!(f.stats.totals.commands, 3);
                assert_eq!(f.policy.unwrap().policy.retention, "400d");
                assert!(home.path().join("data/policy.json").exists());
            }
            (Done::Aggregate(Err(e)), true) => {
                assert_eq!(e.opted_out_by(), Some("CHECKPOINT_DISABLE"), "{e:?}");
                assert!(e.to_string().contains("CHECKPOINT_DISABLE is set"), "{e}");
            }
            (other, _) => panic!("{other:?}"),
        }
    }
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "GET /v1/stats/weave-gitops?days=30 HTTP/1.1",
            "GET /v1/policy HTTP/1.1"
        ]
    );
}

/// The consent screen shows the request that will go: on a fresh install the id Allow creates
/// is made (in memory) when the screen is drawn, and the request drawn there, byte for byte
/// (apart from where the window wraps it), is the first request a loopback server receives
/// after Allow. Deciding otherwise keeps no id.
#[test]
fn the_consent_screen_shows_the_request_that_goes_after_allow() {
    use std::io::{BufRead, Write};

    use crate::config::Paths;
    use crate::context::Context;
    use crate::tui::app::{App, EXAMPLE_COMMAND};

    // A loopback server that keeps the head of the first request and answers 200.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (heads_tx, heads) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
            let mut head = Vec::new();
            loop {
                let mut line = Vec::new();
                if reader.read_until(b'\n', &mut line).unwrap_or(0) == 0 {
                    break;
                }
                head.extend_from_slice(&line);
                if line == b"\r\n" {
                    break;
                }
            }
            let _ = heads_tx.send(head);
            let mut out = stream;
            let _ = out.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}");
        }
    });
    let home = home(&format!(
        "[telemetry]\nendpoint = \"http://127.0.0.1:{port}\"\nauto_send = false\nsignature = \"random\"\n"
    ));
    let ctx = || Context::with_paths(Env::empty(), Paths::under(home.path()));
    // The example command ran (and was queued while undecided), so its version is known.
    let argv: Vec<String> = EXAMPLE_COMMAND
        .split_whitespace()
        .map(str::to_string)
        .collect();
    crate::telemetry::record::record(&ctx(), &argv, Some("1.0.0"), None).unwrap();
    let mut app = App::new(ctx(), super::fixtures::now());
    assert_eq!(app.view.mode, Mode::ConsentChoice);
    let worker = Running::start(ctx());
    worker.send(Job::Load);
    let Done::Loaded(Ok(snapshot)) = worker.next() else {
        panic!("no snapshot")
    };
    load(&mut app, *snapshot);
    // At 100 columns the window (at most 100 wide) covers the tab behind it.
    let screen = super::fixtures::render(&app, 100, 60);
    // The request as drawn: the lines between the heading and "Not sent:", without the
    // window's border and the wrapping's indent.
    let drawn: String = screen
        .lines()
        .map(|l| l.trim_matches('"').trim_matches('│').trim().to_string())
        .skip_while(|l| !l.ends_with("would send exactly:"))
        .skip(1)
        .take_while(|l| !l.starts_with("Not sent:"))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(drawn.starts_with("GET /v1/check/"), "{screen}");
    assert!(
        !drawn.contains("signature=&"),
        "an empty signature is drawn: {drawn}"
    );
    assert!(
        !home.path().join("data/anonymous-id").exists(),
        "an id was kept before Allow"
    );
    // Allow, as the key does.
    let effects = press(&mut app, &[KeyCode::Char('a')]);
    let Some(Effect::Job(allow)) = effects.into_iter().next() else {
        panic!("Allow asked nothing of the worker")
    };
    worker.send(allow);
    assert!(matches!(worker.next(), Done::ConsentSet(Ok(_))));
    let mut http =
        crate::telemetry::transport::Http::new(std::time::Duration::from_secs(10)).unwrap();
    let report =
        crate::telemetry::delivery::send(&ctx(), &mut http, Default::default(), &mut |_, _| {})
            .unwrap();
    assert_eq!(report.sent, 1, "{report}");
    let first = heads
        .recv_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    let first = String::from_utf8(first).unwrap();
    // The window wraps long lines (a URL inside a word too): compared without white space.
    let bytes = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(
        bytes(&drawn),
        bytes(&first),
        "drawn:\n{screen}\nsent:\n{first}"
    );
}

/// Denying on the consent screen discards the id it showed: nothing is kept.
#[test]
fn the_id_shown_before_consent_is_discarded_on_deny() {
    use crate::config::Paths;
    use crate::context::Context;

    let home = home("");
    let ctx = Context::with_paths(Env::empty(), Paths::under(home.path()));
    let worker = Running::start(ctx);
    worker.send(Job::Load);
    let Done::Loaded(Ok(snapshot)) = worker.next() else {
        panic!("no snapshot")
    };
    let shown = snapshot.signature.unwrap();
    assert_eq!(shown.origin, crate::telemetry::signature::Origin::Proposed);
    worker.send(Job::SetConsent(ConsentSetting::Denied));
    assert!(matches!(worker.next(), Done::ConsentSet(Ok(_))));
    assert!(!home.path().join("data/anonymous-id").exists());
    assert!(!home.path().join("data/signature.json").exists());
}
