//! Consent from the command line: status, enable/disable, the Go CLI's commands, bad configs.

mod common;

use common::Home;

#[test]
fn status_starts_undecided_and_follows_enable_disable() {
    let home = Home::new();
    assert!(
        home.ok(&["telemetry"])
            .starts_with("telemetry is undecided")
    );
    assert!(
        home.ok(&["telemetry", "enable"])
            .contains("telemetry enabled")
    );
    assert!(
        home.ok(&["telemetry", "status"])
            .starts_with("telemetry is enabled (set in")
    );
    let config = std::fs::read_to_string(home.config()).unwrap();
    assert!(config.contains("consent = \"granted\""), "{config}");
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "app",
    ]);
    assert_eq!(home.pending_lines().len(), 1);
    let out = home.ok(&["telemetry", "disable"]);
    assert!(
        out.contains("deleted 1 pending event; nothing was sent"),
        "{out}"
    );
    assert!(home.pending_lines().is_empty());
    assert!(
        home.ok(&["telemetry", "status"])
            .starts_with("telemetry is disabled")
    );
}

#[test]
fn checkpoint_disable_wins_even_when_zero() {
    let home = Home::new();
    home.ok(&["telemetry", "enable"]);
    let out = home
        .gitops()
        .args(["telemetry", "status", "--json"])
        .env("CHECKPOINT_DISABLE", "0")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["consent"], "denied");
    assert_eq!(json["winner"], "checkpoint-disable");
    assert_eq!(json["sources"].as_array().unwrap().len(), 5);
    let out = home
        .gitops()
        .args(["telemetry", "enable"])
        .env("DO_NOT_TRACK", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("note: DO_NOT_TRACK still decides"));
}

#[test]
fn explain_lists_every_source_and_the_winner() {
    let home = Home::new();
    std::fs::write(
        home.path().join("weave-gitops-config.json"),
        r#"{"analytics": false}"#,
    )
    .unwrap();
    let out = home.ok(&["telemetry", "status", "--explain"]);
    assert!(
        out.starts_with("telemetry is disabled (\"analytics\": false in"),
        "{out}"
    );
    for needle in [
        "CHECKPOINT_DISABLE",
        "DO_NOT_TRACK",
        "config.toml",
        "▶ 4.",
        "weave-gitops-config.json",
        "built-in default",
        "to change:",
    ] {
        assert!(out.contains(needle), "{needle} missing in {out}");
    }
}

#[test]
fn go_cli_compatible_commands() {
    let home = Home::new();
    let out = home.ok(&["get", "config"]);
    assert!(out.contains("\"analytics\": false"), "{out}");
    home.ok(&["set", "config", "analytics", "true"]);
    assert!(home.ok(&["get", "config"]).contains("\"analytics\": true"));
    home.ok(&["set", "config", "analytics", "false"]);
    assert!(home.ok(&["telemetry"]).starts_with("telemetry is disabled"));
    let out = home
        .gitops()
        .args(["set", "config", "colour", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "gitops: unknown setting \"colour\"; the only setting is \"analytics\"\n"
    );
}

#[test]
fn enable_keeps_the_users_comments() {
    let home = Home::new();
    home.write_config("# mine\n[updates]\ncheck = \"never\" # quiet\n");
    home.ok(&["telemetry", "enable"]);
    let text = std::fs::read_to_string(home.config()).unwrap();
    assert_eq!(
        text,
        "# mine\n[updates]\ncheck = \"never\" # quiet\n\n[telemetry]\nconsent = \"granted\"\n"
    );
}

#[test]
fn bad_configs_exit_2_with_one_sentence_naming_the_place() {
    let cases = [
        ("[telemetry\nconsent = \"granted\"\n", "config.toml:1:11: "),
        (
            "[telemetry]\nconsnt = \"granted\"\n",
            "config.toml:2:1: unknown field `consnt`",
        ),
        (
            "[telemetry]\ntimeout = \"3 parsecs\"\n",
            "config.toml:2:11: invalid duration \"3 parsecs\"",
        ),
        (
            "[telemetry]\nendpoint = \"http://example.com\"\n",
            "telemetry.endpoint = \"http://example.com\": plain http is only allowed on a loopback address",
        ),
    ];
    for (text, want) in cases {
        let home = Home::new();
        home.write_config(text);
        for args in [
            &["telemetry", "send"][..],
            &[
                "telemetry",
                "record",
                "--cli-version",
                "1.0.0",
                "--",
                "get",
                "app",
            ],
            &["telemetry", "status"],
        ] {
            let out = home.gitops().args(args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?} {text:?}: {stderr}");
            assert!(stderr.contains(want), "{args:?}: {stderr}");
            assert_eq!(stderr.lines().count(), 1, "one sentence: {stderr}");
        }
        assert!(
            home.pending_lines().is_empty(),
            "nothing recorded with a broken config"
        );
    }
}

#[test]
fn an_unreadable_config_fails_closed() {
    let home = Home::new();
    std::fs::create_dir(home.config()).unwrap(); // a directory cannot be read as a file
    let out = home
        .gitops()
        .args(["telemetry", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("telemetry is disabled"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn ci_and_undecided_records_nothing() {
    let home = Home::new();
    home.gitops()
        .args([
            "telemetry",
            "record",
            "--cli-version",
            "1.0.0",
            "--",
            "get",
            "app",
        ])
        .env("CI", "true")
        .assert()
        .success();
    assert!(home.pending_lines().is_empty());
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "app",
    ]);
    assert_eq!(
        home.pending_lines().len(),
        1,
        "undecided outside CI holds events"
    );
    let pending = home.ok(&["telemetry", "pending"]);
    assert!(
        pending.contains("get app") && pending.contains("waiting for your consent"),
        "{pending}"
    );
}

#[test]
fn id_show_rotate_and_forget() {
    let home = Home::new();
    home.write_config("[telemetry]\nsignature = \"random\"\n");
    let first = home.ok(&["telemetry", "id"]);
    let rotated = home.ok(&["telemetry", "id", "rotate"]);
    assert_ne!(first.lines().next(), rotated.lines().next());
    assert_eq!(
        home.ok(&["telemetry", "id", "show"]).lines().next(),
        rotated.lines().next()
    );
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "version",
    ]);
    let out = home.ok(&["telemetry", "forget"]);
    assert!(
        out.contains("anonymous-id") && out.contains("pending.jsonl"),
        "{out}"
    );
    assert!(!home.path().join("data").exists());
    assert!(home.config().exists(), "the config stays");
}

#[test]
fn preview_json_is_stable_and_says_why_not() {
    let home = Home::new();
    home.write_config("[telemetry]\nsignature = \"none\"\n");
    let out = home.ok(&[
        "telemetry",
        "preview",
        "--json",
        "--cli-version",
        "0.6.2-RC1+x y",
        "--",
        "-n",
        "ns",
        "get",
        "apps",
        "secret",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["reduction"]["object"], "get");
    assert_eq!(json["reduction"]["command"], "app");
    assert_eq!(json["would_send"], false);
    let url = json["request"]["url"].as_str().unwrap();
    assert!(url.ends_with("flag_command=app&flag_object=get&flag_rc=yes&os=linux&signature=&version=0.6.2-RC1%2Bx+y"), "{url}");
    assert!(!url.contains("secret") && !url.contains("ns&"));
    let human = home.ok(&[
        "telemetry",
        "preview",
        "--",
        "add",
        "cluster",
        "--set",
        "k=v",
    ]);
    assert!(human.contains("Not sent:      --set k=v"), "{human}");
    assert!(
        human.contains("it would not be sent: telemetry is undecided"),
        "{human}"
    );
}

#[test]
fn completions_and_version() {
    let home = Home::new();
    assert!(home.ok(&["completions", "bash"]).contains("_gitops"));
    // The gitops version by the one rule (unknown here), never this crate's, then this tool's.
    assert_eq!(
        home.ok(&["version"]),
        format!(
            "gitops unknown (no event recorded or sent says which gitops runs)\ngitops-feedback {}\n",
            env!("CARGO_PKG_VERSION")
        )
    );
    let out = home
        .gitops()
        .args(["telemetry", "frobnicate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// A user of the old Go CLI: their `weave-gitops-config.json` (as v0.11..v0.38 wrote it), their
/// habits (`gitops get config`, `gitops set config analytics False`), their opt-out carried
/// over. References: weaveworks/weave-gitops@v0.38.0 cmd/gitops/{get,set}/config/cmd.go.
#[test]
fn the_go_cli_config_both_ways() {
    let home = Home::new();
    let go_file = home.path().join("weave-gitops-config.json");
    let written_by_go = "{\n  \"analytics\": true,\n  \"userId\": \"2Q2MsgBDSV\"\n}";
    std::fs::write(&go_file, written_by_go).unwrap();
    // An opt-in there is not consent here.
    assert!(
        home.ok(&["telemetry"])
            .starts_with("telemetry is undecided")
    );
    assert_eq!(
        home.ok(&["get", "config"]),
        format!(
            "✔ Your CLI configuration for Weave GitOps:\n{written_by_go}\n{}\n",
            "telemetry is undecided (nobody has decided yet; nothing is sent until you do)"
        )
    );
    // Go's ParseBool after trimming: " False " is false; `yes` is refused as Go refused it.
    home.ok(&["set", "config", "analytics", " False "]);
    assert_eq!(
        std::fs::read_to_string(&go_file).unwrap(),
        "{\n  \"analytics\": false,\n  \"userId\": \"2Q2MsgBDSV\"\n}"
    );
    assert!(home.ok(&["telemetry"]).starts_with("telemetry is disabled"));
    let out = home
        .gitops()
        .args(["set", "config", "analytics", "yes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A missing `analytics` was off for the Go CLI: an opt-out here too.
    let other = Home::new();
    std::fs::write(
        other.path().join("weave-gitops-config.json"),
        "{\"userId\": \"x\"}",
    )
    .unwrap();
    assert!(
        other
            .ok(&["telemetry"])
            .starts_with("telemetry is disabled (\"analytics\": false in")
    );
}

/// No identifier before consent: `preview` and `id show` while undecided or denied create no
/// file at all (they show what would be sent, or that no id exists yet); allowing makes it.
#[test]
fn no_identifier_is_made_before_consent() {
    for config in ["", "[telemetry]\nconsent = \"denied\"\n"] {
        let home = Home::new();
        home.write_config(
            &format!("{config}[telemetry]\nsignature = \"random\"\n").replace(
                "[telemetry]\nconsent = \"denied\"\n[telemetry]\n",
                "[telemetry]\nconsent = \"denied\"\n",
            ),
        );
        let preview = home.ok(&["telemetry", "preview", "--", "get", "app"]);
        assert!(preview.contains("signature="), "{preview}");
        let id = home.ok(&["telemetry", "id", "show"]);
        assert!(id.starts_with("(none yet)"), "{id}");
        assert!(
            !home.path().join("data").exists(),
            "{config:?}: a file was made"
        );
    }
    let home = Home::new();
    home.write_config("[telemetry]\nsignature = \"random\"\n");
    home.ok(&["telemetry", "enable"]);
    assert!(home.data("anonymous-id").exists());
    let id = home.ok(&["telemetry", "id", "show"]);
    assert!(id.contains('-') && !id.contains("none yet"), "{id}");
}

/// `status` with a broken config says the error once (on standard error, with exit 2).
#[test]
fn status_prints_a_config_error_once() {
    let home = Home::new();
    home.write_config("[telemetry]\nconsent = \"maybe\"\n");
    let out = home
        .gitops()
        .args(["telemetry", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let all = String::from_utf8_lossy(&[out.stdout, out.stderr].concat()).into_owned();
    assert_eq!(all.matches("unknown variant").count(), 1, "{all}");
}

/// `--json` outputs always carry their keys, `null` when empty.
#[test]
fn json_keys_are_always_present() {
    let home = Home::new();
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "app",
    ]);
    let pending: serde_json::Value =
        serde_json::from_str(&home.ok(&["telemetry", "pending", "--json"])).unwrap();
    let event = &pending["events"][0]["event"];
    for key in ["next_attempt", "last_error"] {
        assert!(
            event.get(key).is_some_and(|v| v.is_null()),
            "{key}: {event}"
        );
    }
    std::fs::write(
        home.data("sent.jsonl"),
        "{\"time\":\"2026-01-01T00:00:00Z\",\"kind\":\"update-check\",\"url\":\"https://x/\",\"status\":200,\"duration_ms\":1}\n",
    )
    .unwrap();
    let log: serde_json::Value =
        serde_json::from_str(&home.ok(&["telemetry", "log", "--json"])).unwrap();
    for key in ["error", "current_version", "outdated"] {
        assert!(log[0].get(key).is_some_and(|v| v.is_null()), "{key}: {log}");
    }
}

/// "to change: unset CHECKPOINT_DISABLE" only shows when it is set.
#[test]
fn explain_offers_to_unset_only_what_is_set() {
    let home = Home::new();
    let out = home.ok(&["telemetry", "status", "--explain"]);
    assert!(!out.contains("unset CHECKPOINT_DISABLE"), "{out}");
    assert!(!out.contains("unset DO_NOT_TRACK"), "{out}");
    let out = home
        .gitops()
        .args(["telemetry", "status", "--explain"])
        .env("CHECKPOINT_DISABLE", "1")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("unset CHECKPOINT_DISABLE"), "{out}");
    assert!(!out.contains("unset DO_NOT_TRACK"), "{out}");
}
