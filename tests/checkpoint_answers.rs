//! Real checkpoint answer bodies, and hand-made ones pinning Go's decoder, each with the facts
//! that must come out (`tests/fixtures/checkpoint-answers.toml` names every body's source:
//! hashicorp/go-checkpoint `check_test.go` across its history, weaveworks/go-checkpoint
//! ebbb8b0's test server, public clients, and the Go behaviour each hand-made body pins).
//!
//! Where Go's client decoded the body, ours gives the same facts. Where Go failed the whole
//! answer, ours keeps what parsed and drops only the bad value, saying so (the table below).

use checkpoint_protocol::answer::{Alert, CheckResponse};
use toml::Value;

fn fixtures() -> Vec<toml::Table> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let text = std::fs::read_to_string(root.join("checkpoint-answers.toml")).unwrap();
    let mut table: toml::Table = toml::from_str(&text).unwrap();
    let Some(Value::Array(answers)) = table.remove("answer") else {
        panic!("no [[answer]] in the fixtures");
    };
    answers
        .into_iter()
        .map(|a| match a {
            Value::Table(t) => t,
            other => panic!("not a table: {other}"),
        })
        .collect()
}

fn body(file: &str) -> Vec<u8> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read(root.join("tests/fixtures/checkpoint-answers").join(file)).unwrap()
}

fn string(t: &toml::Table, key: &str) -> String {
    t.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn int(t: &toml::Table, key: &str) -> i64 {
    t.get(key).and_then(Value::as_integer).unwrap_or_default()
}

/// The facts of a fixture, as a `CheckResponse`.
fn facts(t: &toml::Table) -> CheckResponse {
    let alerts = t
        .get("alerts")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_table)
                .map(|a| Alert {
                    id: int(a, "id"),
                    date: int(a, "date"),
                    message: string(a, "message"),
                    url: string(a, "url"),
                    level: string(a, "level"),
                })
                .collect()
        })
        .unwrap_or_default();
    CheckResponse {
        product: string(t, "product"),
        current_version: string(t, "current_version"),
        current_release: int(t, "current_release"),
        current_download_url: string(t, "download_url"),
        current_changelog_url: string(t, "changelog_url"),
        project_website: string(t, "website"),
        outdated: t.get("outdated").and_then(Value::as_bool).unwrap_or(false),
        alerts,
    }
}

/// What ours does where Go's decoder failed: `None` for "no answer", else how the facts
/// change and the words the note of what was dropped must contain.
fn where_go_failed(file: &str, mut want: CheckResponse) -> Option<(CheckResponse, &'static str)> {
    match file {
        // The alert with a string id goes; the rest of the answer stays.
        "handmade-alert-id-string.json" => {
            want.alerts.clear();
            Some((want, "alert 1 dropped: id is a string"))
        }
        // A whole number written as a float is a whole number: kept, nothing dropped.
        "handmade-float-release-date.json" | "handmade-float-alert-date.json" => Some((want, "")),
        // A date past i64 is dropped.
        "handmade-int-overflow.json" => {
            want.current_release = 0;
            Some((want, "current_release_date = 9223372036854775808"))
        }
        // "true" as a string is not a boolean: dropped.
        "handmade-outdated-string.json" => {
            want.outdated = false;
            Some((want, "outdated is a string"))
        }
        // A byte-order mark is skipped.
        "handmade-bom.json" => Some((want, "")),
        // Nothing, or not an object: no answer at all.
        "handmade-empty.json" | "handmade-top-level-array.json" => None,
        other => panic!("{other}: Go failed on it, and this test says nothing of it"),
    }
}

#[test]
fn every_answer_gives_its_facts() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 30, "{} fixtures", fixtures.len());
    for t in fixtures {
        let file = string(&t, "file");
        let source = string(&t, "source");
        let parsed = CheckResponse::parse_noting(&body(&file));
        let go_failed = t
            .get("go_decode_fails")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let expected = if go_failed {
            where_go_failed(&file, facts(&t))
        } else {
            Some((facts(&t), ""))
        };
        match (expected, parsed) {
            (Some((want, note)), Ok(got)) => {
                assert_eq!(got.response, want, "{file} ({source})");
                if note.is_empty() {
                    assert!(got.dropped.is_empty(), "{file}: dropped {:?}", got.dropped);
                } else {
                    assert!(
                        got.dropped.iter().any(|d| d.contains(note)),
                        "{file}: {:?} does not say {note:?}",
                        got.dropped
                    );
                }
            }
            (None, Err(_)) => {}
            (want, got) => panic!("{file} ({source}): wanted {want:?}, got {got:?}"),
        }
    }
}

/// The privacy of the terminal: no control character from any fixture survives parsing.
#[test]
fn no_control_character_survives() {
    for t in fixtures() {
        let file = string(&t, "file");
        if let Ok(p) = CheckResponse::parse_noting(&body(&file)) {
            let r = p.response;
            let texts = [&r.product, &r.current_version, &r.current_download_url]
                .into_iter()
                .chain(r.alerts.iter().map(|a| &a.message));
            for s in texts {
                assert!(!s.chars().any(char::is_control), "{file}: {s:?}");
            }
        }
    }
}
