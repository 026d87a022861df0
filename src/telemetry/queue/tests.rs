use super::journal::{Entry, Journal, Step};
use super::*;
use checkpoint_protocol::vocabulary::Vocabulary;
use std::fs::OpenOptions;

const LIMITS: Limits = Limits {
    max_pending: 1000,
    max_age: Duration::from_secs(30 * 86400),
};

fn event_at(secs: i64) -> Event {
    Event::new(
        &Vocabulary::builtin().reduce(&["get", "app"]),
        "1.0.0",
        Timestamp::from_second(secs).unwrap(),
    )
}

fn now() -> Timestamp {
    Timestamp::from_second(1_000_000).unwrap()
}

fn queued(paths: &Paths, n: i64) -> Vec<Event> {
    let events: Vec<Event> = (0..n).map(|i| event_at(999_000 + i)).collect();
    for e in &events {
        append(paths, e).unwrap();
    }
    events
}

#[test]
fn append_then_load_keeps_order() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let events = queued(&paths, 5);
    assert_eq!(load(&paths, LIMITS, now()).unwrap(), events);
    assert_eq!(count(&paths, LIMITS, now()).unwrap(), 5);
}

#[test]
fn a_torn_last_line_is_skipped_and_repaired() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let first = event_at(999_000);
    append(&paths, &first).unwrap();
    // A crash mid-write leaves half a line with no newline.
    let mut f = OpenOptions::new().append(true).open(paths.queue()).unwrap();
    f.write_all(br#"{"id":"abc","recorded_at":"1970-01-"#)
        .unwrap();
    drop(f);
    let second = event_at(999_001);
    append(&paths, &second).unwrap();
    assert_eq!(load(&paths, LIMITS, now()).unwrap(), vec![first, second]);
    compact(&paths, LIMITS, now()).unwrap();
    assert_eq!(stats(&paths).dropped_torn, 1);
    let text = std::fs::read_to_string(paths.queue()).unwrap();
    assert_eq!(text.lines().count(), 2, "the torn line is gone: {text}");
}

#[test]
fn limits_drop_oldest_and_expired_and_count_them_when_compacted() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let limits = Limits {
        max_pending: 3,
        max_age: Duration::from_secs(100),
    };
    append(&paths, &event_at(1_000_000 - 500)).unwrap();
    for i in 0..5 {
        append(&paths, &event_at(1_000_000 - 50 + i)).unwrap();
    }
    let reader = Reader::open(&paths, limits, now()).unwrap();
    let times: Vec<i64> = reader
        .window(0, 10)
        .unwrap()
        .iter()
        .map(|e| e.recorded_at.as_second())
        .collect();
    assert_eq!(times, [999_952, 999_953, 999_954]);
    let d = reader.dropped();
    assert_eq!((d.dropped_expired, d.dropped_overflow), (1, 2));
    assert_eq!(stats(&paths), Stats::default(), "a read writes nothing");
    compact(&paths, limits, now()).unwrap();
    let s = stats(&paths);
    assert_eq!((s.dropped_expired, s.dropped_overflow), (1, 2));
}

#[test]
fn append_never_rewrites_and_compaction_is_due_when_the_file_grows() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let limits = Limits {
        max_pending: 10,
        max_age: Duration::from_secs(1 << 30),
    };
    let mut due_at = None;
    for i in 0..200 {
        let size = append(&paths, &event_at(999_000 + i)).unwrap();
        if due_at.is_none() && limits.over(size, 256) {
            due_at = Some(i);
        }
    }
    assert_eq!(
        std::fs::read_to_string(paths.queue())
            .unwrap()
            .lines()
            .count(),
        200
    );
    assert!(due_at.is_some_and(|i| i < 60), "{due_at:?}");
    compact(&paths, limits, now()).unwrap();
    assert_eq!(
        std::fs::read_to_string(paths.queue())
            .unwrap()
            .lines()
            .count(),
        10
    );
}

#[test]
fn journaled_events_are_gone_for_readers_and_folded_in_once() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let events = queued(&paths, 4);
    let mut journal = Journal::open(&paths).unwrap();
    let later = Timestamp::from_second(2_000_000).unwrap();
    for (event, outcome) in [
        (&events[0], Step::Delivered),
        (
            &events[1],
            Step::Failed {
                attempts: 1,
                next_attempt: later,
                last_error: "HTTP 400".into(),
            },
        ),
        (
            &events[2],
            Step::Refused {
                reason: "no".into(),
            },
        ),
    ] {
        let entry = Entry {
            id: event.id.clone(),
            outcome,
        };
        journal.write(&entry).unwrap();
    }
    let seen = load(&paths, LIMITS, now()).unwrap();
    assert_eq!(seen.len(), 2);
    assert_eq!((seen[0].attempts, seen[0].next_attempt), (1, Some(later)));
    assert_eq!(seen[1], events[3]);
    compact(&paths, LIMITS, now()).unwrap();
    assert!(!paths.queue_journal().exists());
    assert_eq!(load(&paths, LIMITS, now()).unwrap(), seen);
    assert_eq!(stats(&paths).dropped_refused, 1);
}

#[test]
fn a_window_reads_only_what_it_shows() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let events = queued(&paths, 50);
    let reader = Reader::open(&paths, LIMITS, now()).unwrap();
    assert_eq!(reader.len(), 50);
    assert_eq!(reader.window(10, 3).unwrap(), events[10..13].to_vec());
    assert_eq!(reader.window(49, 10).unwrap(), events[49..].to_vec());
    assert!(reader.window(60, 10).unwrap().is_empty());
    // A rewrite after the index was made does not change what the reader reads.
    clear(&paths).unwrap();
    assert_eq!(reader.window(0, 1).unwrap(), events[..1].to_vec());
}

#[test]
fn clear_and_update() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    assert_eq!(clear(&paths).unwrap(), 0);
    queued(&paths, 3);
    let removed = update(&paths, LIMITS, now(), |q| q.remove(1)).unwrap();
    assert_eq!(removed.recorded_at.as_second(), 999_001);
    assert_eq!(clear(&paths).unwrap(), 2);
    assert!(load(&paths, LIMITS, now()).unwrap().is_empty());
}

#[test]
fn requests_in_doubt_are_counted_across_rewrites() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let events = queued(&paths, 2);
    let doubt = |paths: &Paths| {
        let reader = Reader::open(paths, LIMITS, now()).unwrap();
        let mut out = Vec::new();
        reader
            .for_each_in_doubt(|e, d| {
                out.push((e.id, d));
                Ok(())
            })
            .unwrap();
        out
    };
    let mut journal = Journal::open(&paths).unwrap();
    for attempts in [1, 2] {
        let entry = Entry {
            id: events[0].id.clone(),
            outcome: Step::Sending { attempts },
        };
        journal.write(&entry).unwrap();
    }
    let want = vec![(events[0].id.clone(), 2), (events[1].id.clone(), 0)];
    assert_eq!(doubt(&paths), want);
    compact(&paths, LIMITS, now()).unwrap();
    assert_eq!(doubt(&paths), want, "a rewrite keeps the count");
    let mut journal = Journal::open(&paths).unwrap();
    let entry = Entry {
        id: events[0].id.clone(),
        outcome: Step::Delivered,
    };
    journal.write(&entry).unwrap();
    assert_eq!(doubt(&paths), vec![(events[1].id.clone(), 0)]);
}

/// The ids of the pending events, oldest first.
fn pending_ids(paths: &Paths, limits: Limits) -> Vec<String> {
    let events = load(paths, limits, now()).unwrap();
    events.into_iter().map(|e| e.id).collect()
}

/// What is appended while a compaction writes the new queue (without the lock) ends up in it.
#[test]
fn events_appended_during_a_compaction_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    let before = queued(&paths, 1200);
    let compaction = Compaction::prepare(&paths, LIMITS, now()).unwrap().unwrap();
    let during: Vec<Event> = (0..3).map(|i| event_at(999_900 + i)).collect();
    for e in &during {
        append(&paths, e).unwrap();
    }
    compaction.finish(&paths, LIMITS, now()).unwrap();
    let ids = pending_ids(&paths, NO_LIMITS);
    // The 200 oldest went to the limit; the three appended meanwhile follow the rest in order.
    let expected: Vec<String> = before[200..]
        .iter()
        .chain(&during)
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(stats(&paths).dropped_overflow, 200);
}

/// A queue cleared (or rewritten) while a compaction writes the new one is not brought back:
/// the compaction starts again under the lock.
#[test]
fn a_queue_cleared_during_a_compaction_stays_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    queued(&paths, 10);
    let compaction = Compaction::prepare(&paths, LIMITS, now()).unwrap().unwrap();
    clear(&paths).unwrap();
    // More than there was, so the new file is longer than the old one.
    let after = queued(&paths, 25);
    compaction.finish(&paths, LIMITS, now()).unwrap();
    let ids = pending_ids(&paths, LIMITS);
    assert_eq!(ids, after.iter().map(|e| e.id.clone()).collect::<Vec<_>>());
}

/// Records from another thread while compactions run: none lost, none twice.
#[test]
fn concurrent_appends_and_compactions_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let paths = Paths::under(dir.path());
    let limits = Limits {
        max_pending: 100_000,
        ..LIMITS
    };
    let first = queued(&paths, 2000);
    let appender = {
        let paths = paths.clone();
        std::thread::spawn(move || {
            (0..300)
                .map(|i| {
                    let e = event_at(999_500 + i);
                    append(&paths, &e).unwrap();
                    e.id
                })
                .collect::<Vec<_>>()
        })
    };
    while !appender.is_finished() {
        compact(&paths, limits, now()).unwrap();
    }
    let later = appender.join().unwrap();
    compact(&paths, limits, now()).unwrap();
    let ids = pending_ids(&paths, limits);
    let expected: Vec<String> = first.into_iter().map(|e| e.id).chain(later).collect();
    assert_eq!(ids, expected);
}
