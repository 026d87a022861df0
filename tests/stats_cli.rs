//! `gitops telemetry stats` against loopback servers: what it prints, what it asks (nothing
//! about the user), and that the environment's opt-outs keep it off the network.

mod common;

use std::time::Duration;

use common::{Home, Reply, Server, answer};

/// Stats for the seven days ending today, with one command row and one folded.
fn stats_body() -> String {
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let first = today.checked_sub(jiff::Span::new().days(6)).unwrap();
    format!(
        r#"{{"product":"weave-gitops","days":7,"first_day":"{first}","last_day":"{today}","min_installs":3,"installs_error":0.023,"totals":{{"checks":40,"commands":30,"update_checks":10,"installs":9}},"by_command":{{"rows":[{{"object":"get","command":"app","checks":25,"installs":8}}],"other":{{"checks":5,"installs":2}},"other_rows":2}},"by_version":{{"rows":[{{"version":"0.38.0","checks":40,"installs":9}}],"other":{{"checks":0,"installs":0}},"other_rows":0}},"by_platform":{{"rows":[{{"os":"linux","arch":"amd64","checks":40,"installs":9}}],"other":{{"checks":0,"installs":0}},"other_rows":0}},"per_day":{{"rows":[{{"day":"{today}","checks":40,"commands":30,"update_checks":10,"installs":9}}],"other":{{"checks":0,"installs":0}},"other_rows":0}},"a_later_key":[1,2]}}"#
    )
}

const POLICY: &str = r#"{"retention":"24mo","oldest_day":"2024-11-24","min_installs":3,"installs_error":0.023,"products":["weave-gitops"],"stored":["day","version"],"never_stored":["signature","ip"]}"#;

fn collector() -> Server {
    Server::start(Reply::ByPath(vec![
        ("/v1/stats/weave-gitops?".into(), stats_body()),
        ("/v1/policy".into(), POLICY.into()),
        ("/v1/check/".into(), answer("0.38.0")),
    ]))
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

/// `--json` is the stats and the policy exactly as served, plus this machine's share, counted
/// from the delivered events in the sent log.
#[test]
fn json_is_the_answers_as_served_plus_mine() {
    let server = collector();
    let home = Home::new();
    home.granted_with(&server);
    for argv in [["get", "app"], ["get", "app"], ["add", "cluster"]] {
        home.ok(&[
            "telemetry",
            "record",
            "--cli-version",
            "1.0.0",
            "--",
            argv[0],
            argv[1],
        ]);
    }
    home.ok(&["telemetry", "send"]);
    let sent_before = server.requests().len();
    assert_eq!(sent_before, 3);

    let out = json(&home.ok(&["telemetry", "stats", "--days", "7", "--json"]));
    assert_eq!(out["stats"], json(&stats_body()));
    assert_eq!(out["policy"], json(POLICY));
    assert_eq!(
        out["mine"],
        serde_json::json!({
            "checks": 3,
            "share": 0.1,
            "complete": true,
            "by_command": [
                {"object": "get", "command": "app", "checks": 2, "everyone": 25},
                {"object": "add", "command": "cluster", "checks": 1, "everyone": null},
            ],
        })
    );
    assert_eq!(
        out.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["mine", "policy", "stats"]
    );
    // The policy is kept for the console's privacy notice, and `forget` removes it.
    let kept = json(&std::fs::read_to_string(home.data("policy.json")).unwrap());
    assert_eq!(kept["policy"], json(POLICY));
    assert!(home.ok(&["telemetry", "forget"]).contains("policy.json"));
    assert!(!home.data("policy.json").exists());
}

/// The requests name the product and the days, and nothing about the user: no verbs, no
/// signature, no version; consent is not needed to read public numbers.
#[test]
fn the_request_carries_nothing_about_the_user() {
    let server = collector();
    let home = Home::new();
    home.write_config(&format!("[telemetry]\nendpoint = \"{}\"\n", server.url()));
    let out = home.ok(&["telemetry", "stats"]);
    assert!(
        out.contains("0 of the 30 command checks (0.0 %) came from this machine"),
        "{out}"
    );
    let heads = server.requests();
    assert_eq!(heads.len(), 2, "{heads:?}");
    let lines: Vec<&str> = heads.iter().map(|h| h.lines().next().unwrap()).collect();
    assert_eq!(
        lines,
        [
            "GET /v1/stats/weave-gitops?days=30 HTTP/1.1",
            "GET /v1/policy HTTP/1.1"
        ]
    );
    for head in &heads {
        for word in ["signature", "flag_", "version=", "cookie", "authorization"] {
            assert!(!head.to_lowercase().contains(word), "{word} in {head}");
        }
    }
    assert!(!home.data("signature.json").exists());
    assert!(!home.data("anonymous-id").exists());
}

/// `CHECKPOINT_DISABLE` and `DO_NOT_TRACK` turn off every request, this one too: exit 1 with
/// the reason, and no connection.
#[test]
fn the_environment_opt_outs_make_no_connection() {
    let server = collector();
    let home = Home::new();
    home.granted_with(&server);
    for (name, value) in [("CHECKPOINT_DISABLE", "1"), ("DO_NOT_TRACK", "1")] {
        for json in [false, true] {
            let mut cmd = home.gitops();
            cmd.args(["telemetry", "stats"]).env(name, value);
            if json {
                cmd.arg("--json");
            }
            let out = cmd.output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{name}");
            assert!(out.stdout.is_empty());
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains(&format!("public stats are not fetched: {name} is set")),
                "{err}"
            );
        }
    }
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(server.connection_count(), 0);
}

/// An endpoint that answers something else is an error that names the URL; `--days` is
/// checked before anything is asked.
#[test]
fn answers_that_are_not_stats_and_bad_days() {
    let home = Home::new();
    for (reply, want) in [
        (Reply::Status(404), "answered HTTP 404"),
        (Reply::Garbage, "is not checkpoint stats JSON"),
    ] {
        let server = Server::start(reply);
        home.write_config(&format!("[telemetry]\nendpoint = \"{}\"\n", server.url()));
        let out = home.gitops().args(["telemetry", "stats"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(want) && err.contains("/v1/stats/weave-gitops?days=30"),
            "{err}"
        );
    }
    for days in ["0", "367"] {
        let out = home
            .gitops()
            .args(["telemetry", "stats", "--days", days])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{days}");
    }
}
