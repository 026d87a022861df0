//! Property tests of every parser that reads what someone else wrote: the config file, the
//! queue's lines (sent through the real sender), the checkpoint answer and the command line.
//! None may panic, and whatever they are given, the wire only carries vocabulary names.
//!
//! Each property runs `PROPTEST_CASES` cases (256 by default); `scripts/fuzz-properties.sh`
//! runs them with many more.

use std::path::Path;

use checkpoint_protocol::answer::CheckResponse;
use checkpoint_protocol::platform::{GO_ARCH, GO_OS};
use gitops_feedback::{
    CheckpointRequest, Config, Context, Env, Paths, Response, SendOptions, Transport,
    TransportError, Vocabulary, send,
};
use proptest::prelude::*;

/// Keeps every request and answers 200.
#[derive(Default)]
struct Wire(Vec<CheckpointRequest>);

impl Transport for Wire {
    fn send(&mut self, request: &CheckpointRequest) -> Result<Response, TransportError> {
        self.0.push(request.clone());
        Ok(Response {
            status: 200,
            headers: Vec::new(),
            body: br#"{"current_version":"1.0.0"}"#.to_vec(),
        })
    }
}

/// A value that may be a name, a near-name, a secret, a control character or anything.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "gitops",
            "get",
            "app",
            "add",
            "cluster",
            "linux",
            "amd64",
            "darwin",
            "arm64",
            "0.6.2",
            "v1.0.0-rc.1",
            "",
            "secret-project",
            "--token=hunter2",
            "x86_64",
            "linux\u{1b}[2J",
            "1.0 2",
            "\u{202e}",
        ])
        .prop_map(str::to_string),
        any::<String>(),
        "[a-z0-9.+-]{0,20}",
    ]
}

/// A queue line: an event with any field replaced by anything, or bytes that are no event.
fn line() -> impl Strategy<Value = Vec<u8>> {
    let event = (value(), value(), value(), value(), value(), any::<u32>()).prop_map(
        |(object, command, version, os, arch, attempts)| {
            serde_json::json!({
                "id": uuid_like(&object, &command),
                "recorded_at": "2099-01-01T00:00:00Z",
                "object": object, "command": command, "version": version,
                "os": os, "arch": arch, "attempts": attempts,
                "next_attempt": null, "last_error": null,
            })
            .to_string()
            .into_bytes()
        },
    );
    prop_oneof![4 => event, 1 => prop::collection::vec(any::<u8>(), 0..300)]
}

fn uuid_like(a: &str, b: &str) -> String {
    format!(
        "{:012x}",
        (a.len() * 7919 + b.len() * 104_729) as u64 ^ 0x5eed
    )
}

fn version_shape(v: &str) -> bool {
    let digits = v.strip_prefix('v').unwrap_or(v);
    v.len() <= 64
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".+-_~".contains(&b))
}

proptest! {
    /// Whatever the queue file holds, the sender sends only vocabulary pairs, Go's platform
    /// names and versions, and never panics; every line ends up sent, dropped or counted.
    #[test]
    fn only_names_leave_whatever_the_queue_holds(lines in prop::collection::vec(line(), 0..12)) {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join("config.toml"),
            "[telemetry]\nconsent = \"granted\"\nendpoint = \"http://127.0.0.1:9\"\nsignature = \"none\"\nauto_send = false\n",
        ).unwrap();
        std::fs::create_dir_all(home.path().join("data")).unwrap();
        let mut text = Vec::new();
        for l in &lines {
            text.extend_from_slice(l);
            text.push(b'\n');
        }
        std::fs::write(home.path().join("data/pending.jsonl"), text).unwrap();
        let ctx = Context::with_paths(Env::empty(), Paths::under(home.path()));
        let mut wire = Wire::default();
        let report = send(&ctx, &mut wire, SendOptions::default(), &mut |_, _| ()).unwrap();
        let vocabulary = Vocabulary::builtin();
        for request in &wire.0 {
            let pairs: std::collections::HashMap<String, String> =
                request.query_pairs().into_iter().collect();
            prop_assert!(vocabulary.allows(&pairs["flag_object"], &pairs["flag_command"]), "{pairs:?}");
            prop_assert!(GO_OS.contains(&pairs["os"].as_str()), "{pairs:?}");
            prop_assert!(GO_ARCH.contains(&pairs["arch"].as_str()), "{pairs:?}");
            prop_assert!(version_shape(&pairs["version"]), "{pairs:?}");
            prop_assert_eq!(&pairs["signature"], "");
        }
        prop_assert_eq!(report.sent, wire.0.len());
        prop_assert_eq!(report.failed, 0);
    }

    /// The config parser never panics, and what it accepts is within every bound.
    #[test]
    fn the_config_parser_accepts_only_bounded_values(
        key in prop::sample::select(vec!["timeout", "max_age", "send_interval", "max_pending", "endpoint", "commands", "consent"]),
        value in prop_oneof![
            "[0-9]{1,25}(ns|ms|s|m|h|d|w|y|years)?".prop_map(|v| format!("{v:?}")),
            "[0-9]{1,22}",
            any::<String>().prop_map(|v| format!("{v:?}")),
            any::<String>(),
        ],
    ) {
        let text = format!("[telemetry]\n{key} = {value}\n");
        if let Ok(config) = Config::parse(&text, Path::new("config.toml")) {
            let t = &config.telemetry;
            prop_assert!(t.timeout.0.as_millis() >= 1 && t.timeout.0.as_secs() <= 600);
            prop_assert!(t.max_age.0.as_secs() >= 1 && t.max_age.0.as_secs() <= 3650 * 86400);
            prop_assert!(t.send_interval.0.as_secs() <= 365 * 86400);
            prop_assert!((1..=1_000_000).contains(&t.max_pending));
            prop_assert!(!t.endpoint.url().as_str().contains(char::is_whitespace));
        }
    }

    /// The answer parser never panics, and nothing it returns can drive a terminal.
    #[test]
    fn the_answer_parser_never_lets_a_control_character_through(
        body in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..200),
            (value(), value(), value()).prop_map(|(v, u, m)| serde_json::json!({
                "current_version": v, "current_download_url": u,
                "alerts": [{"message": m, "url": u, "level": v}],
            }).to_string().into_bytes()),
        ],
    ) {
        if let Ok(r) = CheckResponse::parse(&body) {
            let mut all = vec![&r.product, &r.current_version, &r.current_download_url,
                &r.current_changelog_url, &r.project_website];
            for a in &r.alerts {
                all.extend([&a.message, &a.url, &a.level]);
            }
            for s in all {
                prop_assert!(!s.chars().any(char::is_control), "{s:?}");
            }
        }
    }

    /// The reduction of any command line that is recorded gives a pair the vocabulary allows.
    #[test]
    fn any_command_line_reduces_to_a_vocabulary_pair(argv in prop::collection::vec(value(), 0..10)) {
        let vocabulary = Vocabulary::builtin();
        let r = vocabulary.reduce(&argv);
        if r.recorded.is_ok() {
            prop_assert!(vocabulary.allows(&r.object, &r.command), "{r:?}");
        }
    }
}
