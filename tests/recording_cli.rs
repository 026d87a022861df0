//! Record only what gitops would have reported: `record` and `preview` agree, line for line,
//! on whether a command line is recorded at all, and `preview` says why not. What cobra
//! would not have run (help asked, a group on its own, an unknown command or flag, bare
//! `gitops`) and what the user opted out of (`--no-analytics`) leaves nothing in the queue.
//! The full table of real command lines is in the protocol crate's vocabulary tests.

mod common;

use common::Home;

fn pending(home: &Home) -> usize {
    let out = home.ok(&["telemetry", "pending", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    json["events"].as_array().unwrap().len()
}

#[test]
fn record_and_preview_agree_on_what_is_recorded() {
    // No words at all is left out: `record` then sees a bare `gitops` (a group, not
    // recorded, checked below), while `preview` with no words previews `version`, its default.
    let cases: &[(&[&str], Option<&str>)] = &[
        (&["get"], Some("group")),
        (&["get", "config", "--help"], Some("help was asked")),
        (&["help", "get"], None),
        (&["get", "config"], None),
        // The program's name written first is the program (issue 21), not a command `gitops`.
        (&["gitops", "get", "config"], None),
        (&["gitops"], Some("group")),
        (&["--no-analytics", "get", "config"], Some("--no-analytics")),
        (&["no-such-command"], Some("no-such-command")),
        (&["get", "config", "--no-such-flag"], Some("--no-such-flag")),
        // Per release: `get clusters` existed until v0.9.3, and is a group's stray word in v0.38.0.
        (&["get", "clusters"], Some("group")),
        (&["__complete", "get", ""], Some("completion")),
    ];
    for (argv, not_recorded) in cases {
        let home = Home::new();
        let mut record = vec!["telemetry", "record", "--cli-version", "0.38.0", "--"];
        record.extend_from_slice(argv);
        home.ok(&record);
        let mut preview = vec![
            "telemetry",
            "preview",
            "--cli-version",
            "0.38.0",
            "--json",
            "--",
        ];
        preview.extend_from_slice(argv);
        let json: serde_json::Value = serde_json::from_str(&home.ok(&preview)).unwrap();
        let said = &json["reduction"]["not_recorded"];
        match not_recorded {
            None => {
                assert_eq!(pending(&home), 1, "{argv:?} was not recorded");
                assert!(said.is_null(), "{argv:?}: {said}");
            }
            Some(words) => {
                assert_eq!(pending(&home), 0, "{argv:?} was recorded");
                let sentence = said["sentence"].as_str().unwrap_or_default();
                assert!(sentence.contains(words), "{argv:?}: {said}");
                assert_eq!(json["would_send"], false);
                let human = home.ok(&[&preview[..4], &preview[5..]].concat());
                assert!(human.contains("Not recorded:"), "{argv:?}: {human}");
            }
        }
    }
    let home = Home::new();
    home.ok(&["telemetry", "record", "--cli-version", "0.38.0"]);
    assert_eq!(pending(&home), 0, "a bare gitops was recorded");
}

/// `--cli-edition enterprise`: the line is walked in the Weave GitOps Enterprise CLI's tree
/// (weave-gitops-enterprise v0.38.0 has `add cluster` and `connect cluster`; weave-gitops
/// v0.38.0 has neither), recorded, and sent as the same product with that pair.
#[test]
fn the_hook_says_which_cli_it_is() {
    let seed = ["add", "cluster", "--from-template", "t", "--set", "k=v"];
    let verbs = |edition: &str| {
        let home = Home::new();
        let mut preview = vec![
            "telemetry",
            "preview",
            "--cli-edition",
            edition,
            "--cli-version",
            "0.38.0",
            "--json",
            "--",
        ];
        preview.extend_from_slice(&seed);
        let json: serde_json::Value = serde_json::from_str(&home.ok(&preview)).unwrap();
        let r = &json["reduction"];
        (
            r["object"].as_str().unwrap().to_string(),
            r["command"].as_str().unwrap().to_string(),
            r["not_recorded"].is_null(),
        )
    };
    assert_eq!(verbs("enterprise"), ("add".into(), "cluster".into(), true));
    assert_eq!(verbs("oss"), ("".into(), "gitops".into(), false));

    let home = Home::new();
    for argv in [&["connect", "cluster", "prod"][..], &seed[..]] {
        let mut record = vec!["telemetry", "record", "--cli-version", "0.38.0"];
        record.extend_from_slice(&["--cli-edition", "enterprise", "--"]);
        record.extend_from_slice(argv);
        home.ok(&record);
    }
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "0.38.0",
        "--",
        "connect",
        "cluster",
    ]);
    assert_eq!(pending(&home), 2, "the weave-gitops line is not recorded");
    let out = home.ok(&["telemetry", "send", "--dry-run"]);
    assert!(out.contains("/v1/check/weave-gitops?"), "{out}");
    assert!(
        out.contains("flag_command=cluster&flag_object=connect"),
        "{out}"
    );
    assert!(
        out.contains("flag_command=cluster&flag_object=add"),
        "{out}"
    );
}
