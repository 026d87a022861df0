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

#[test]
fn append_then_load_keeps_order() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let events: Vec<Event> = (0..5).map(|i| event_at(999_000 + i)).collect();
    for e in &events {
        append(&paths, e, LIMITS, now()).unwrap();
    }
    assert_eq!(load(&paths, LIMITS, now()).unwrap(), events);
}

#[test]
fn a_torn_last_line_is_skipped_and_repaired() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let first = event_at(999_000);
    append(&paths, &first, LIMITS, now()).unwrap();
    // A crash mid-write leaves half a line with no newline.
    let mut f = OpenOptions::new().append(true).open(paths.queue()).unwrap();
    f.write_all(br#"{"id":"abc","recorded_at":"1970-01-"#)
        .unwrap();
    drop(f);
    let second = event_at(999_001);
    append(&paths, &second, LIMITS, now()).unwrap();
    assert_eq!(load(&paths, LIMITS, now()).unwrap(), vec![first, second]);
    assert_eq!(stats(&paths).dropped_torn, 1);
    let text = std::fs::read_to_string(paths.queue()).unwrap();
    assert_eq!(text.lines().count(), 2, "the torn line is gone: {text}");
}

#[test]
fn limits_drop_oldest_and_expired_and_count_them() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let limits = Limits {
        max_pending: 3,
        max_age: Duration::from_secs(100),
    };
    append(&paths, &event_at(1_000_000 - 500), limits, now()).unwrap();
    for i in 0..5 {
        append(&paths, &event_at(1_000_000 - 50 + i), limits, now()).unwrap();
    }
    let kept = load(&paths, limits, now()).unwrap();
    let times: Vec<i64> = kept.iter().map(|e| e.recorded_at.as_second()).collect();
    assert_eq!(times, [999_952, 999_953, 999_954]);
    let s = stats(&paths);
    assert_eq!((s.dropped_expired, s.dropped_overflow), (1, 2));
}

#[test]
fn append_compacts_a_queue_far_over_its_limit() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let limits = Limits {
        max_pending: 10,
        max_age: Duration::from_secs(1 << 30),
    };
    for i in 0..200 {
        append(&paths, &event_at(999_000 + i), limits, now()).unwrap();
    }
    let lines = std::fs::read_to_string(paths.queue())
        .unwrap()
        .lines()
        .count();
    assert!(lines < 40, "the file stays bounded, has {lines} lines");
    assert_eq!(load(&paths, limits, now()).unwrap().len(), 10);
}

#[test]
fn clear_and_update() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    assert_eq!(clear(&paths).unwrap(), 0);
    for i in 0..3 {
        append(&paths, &event_at(999_000 + i), LIMITS, now()).unwrap();
    }
    let removed = update(&paths, LIMITS, now(), |q| q.remove(1)).unwrap();
    assert_eq!(removed.recorded_at.as_second(), 999_001);
    assert_eq!(clear(&paths).unwrap(), 2);
    assert!(load(&paths, LIMITS, now()).unwrap().is_empty());
}
