//! Feedback channels and issues from the command line, with a recording `BROWSER` and with no
//! display at all.

mod common;

use std::path::{Path, PathBuf};

use common::Home;

/// A `BROWSER` script that appends each URL it is given to a file.
fn recording_browser(home: &Home) -> (PathBuf, PathBuf) {
    let log = home.path().join("browser.log");
    let script = home.path().join("browser.sh");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display()),
    )
    .unwrap();
    make_executable(&script);
    (script, log)
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn opened(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn list_has_the_seven_channels() {
    let home = Home::new();
    let json: serde_json::Value =
        serde_json::from_str(&home.ok(&["feedback", "list", "--json"])).unwrap();
    let ids: Vec<_> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "issues",
            "slack-invite",
            "slack-channel",
            "call-pm",
            "call-director",
            "events",
            "privacy"
        ]
    );
    // Without a terminal, bare `gitops feedback` prints the same list.
    let plain = home.ok(&["feedback"]);
    assert_eq!(plain, home.ok(&["feedback", "list"]));
    assert!(plain.contains("https://slack.weave.works/"), "{plain}");
}

#[test]
fn browser_receives_the_channel_url() {
    let home = Home::new();
    let (script, log) = recording_browser(&home);
    let out = home
        .gitops()
        .args(["feedback", "open", "slack-channel"])
        .env(
            "BROWSER",
            format!("/nonexistent/browser:{}", script.display()),
        )
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("opened #weave-gitops"));
    assert_eq!(
        opened(&log),
        ["https://weave-community.slack.com/messages/weave-gitops/"]
    );
}

#[test]
fn browser_with_percent_s() {
    let home = Home::new();
    let (script, log) = recording_browser(&home);
    home.gitops()
        .args(["feedback", "open", "events"])
        .env("BROWSER", format!("{} %s", script.display()))
        .assert()
        .success();
    assert_eq!(opened(&log), ["https://www.meetup.com/Weave-User-Group/"]);
}

#[test]
fn no_display_prints_the_url_on_its_own_line() {
    let home = Home::new();
    for extra in [None, Some(("SSH_CONNECTION", "10.0.0.1 5 10.0.0.2 22"))] {
        let mut cmd = home.gitops();
        cmd.args(["feedback", "open", "call-pm"]);
        if let Some((k, v)) = extra {
            cmd.env(k, v).env("DISPLAY", ":0");
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "https://calendly.com/david-harris-weaveworks\n"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("cannot open a browser"), "{stderr}");
        assert!(!stderr.contains("copied"), "no OSC 52 on a pipe: {stderr}");
    }
}

#[test]
fn unknown_channel_lists_the_valid_ones() {
    let home = Home::new();
    let out = home
        .gitops()
        .args(["feedback", "open", "twitter"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no channel \"twitter\""), "{stderr}");
    assert!(stderr.contains("issues, slack-invite"), "{stderr}");
}

#[test]
fn channels_from_config_replace_and_add_but_only_https() {
    let home = Home::new();
    home.write_config(
        "[[feedback.channels]]\nid = \"events\"\nurl = \"https://example.com/meet\"\n\n\
         [[feedback.channels]]\nid = \"forum\"\nname = \"Forum\"\ndescription = \"Ask\"\nurl = \"https://example.com/forum\"\n",
    );
    let out = home.ok(&["feedback", "open", "events", "--print"]);
    assert_eq!(out, "https://example.com/meet\n");
    assert!(
        home.ok(&["feedback", "list"])
            .contains("https://example.com/forum")
    );

    for bad in ["http://example.com/x", "file:///etc/passwd"] {
        home.write_config(&format!(
            "[[feedback.channels]]\nid = \"evil\"\nurl = \"{bad}\"\n"
        ));
        // Refused, never listed: the built-in channels stay reachable, with one line saying
        // why the file's channels are not used.
        let out = home.gitops().args(["feedback", "list"]).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            !stdout.contains(bad) && stdout.contains("issues"),
            "{stdout}"
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("config.toml"), "{stderr}");
        assert!(stderr.contains("evil"), "{stderr}");
        assert!(stderr.contains("https://"), "{stderr}");
    }
}

#[test]
fn issue_print_builds_the_prefilled_url() {
    let home = Home::new();
    let out = home.ok(&[
        "feedback",
        "issue",
        "--kind",
        "feature",
        "--title",
        "a & b",
        "--body",
        "x=1 #2",
        "--no-diagnostics",
        "--print",
    ]);
    assert_eq!(
        out,
        "https://github.com/weaveworks/weave-gitops/issues/new?template=feature_request.md&title=a+%26+b&body=x%3D1+%232\n"
    );
}

#[test]
fn issue_with_body_from_stdin_and_diagnostics_opens_in_browser() {
    let home = Home::new();
    let (script, log) = recording_browser(&home);
    home.gitops()
        .args(["feedback", "issue", "--title", "Crash", "--body-file", "-"])
        .env("BROWSER", &script)
        .write_stdin("it broke\n")
        .assert()
        .success();
    let urls = opened(&log);
    assert_eq!(urls.len(), 1);
    let url = url::Url::parse(&urls[0]).unwrap();
    let body = url
        .query_pairs()
        .find(|(k, _)| k == "body")
        .unwrap()
        .1
        .into_owned();
    assert!(body.starts_with("it broke\n"), "{body}");
    assert!(body.contains("## Environment"), "{body}");
    assert!(body.contains("telemetry: undecided"), "{body}");
}

#[test]
fn long_issue_is_saved_and_opened_short() {
    let home = Home::new();
    let (script, log) = recording_browser(&home);
    let body = "word ".repeat(3000);
    let out = home
        .gitops()
        .args([
            "feedback", "issue", "--title", "Long", "--body", &body, "--yes",
        ])
        .env("BROWSER", &script)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("too long for a link"), "{stderr}");
    let drafts: Vec<_> = std::fs::read_dir(home.data("issue-drafts"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(drafts.len(), 1);
    let saved = std::fs::read_to_string(drafts[0].path()).unwrap();
    assert!(
        saved.starts_with(body.trim_end()),
        "the full text is in the file"
    );
    let urls = opened(&log);
    assert_eq!(urls.len(), 1);
    assert!(urls[0].len() <= 8000, "{}", urls[0].len());
    assert!(urls[0].contains("paste"), "{}", urls[0]);
}

/// Listing and opening channels need no telemetry settings: a config broken elsewhere still
/// lists them (with a warning that nothing is sent); a broken `[feedback]` section does not.
#[test]
fn a_config_broken_outside_feedback_still_lists_channels() {
    let home = Home::new();
    home.write_config(
        "[telemetry]\ntimeout = \"soon\"\n\n[[feedback.channels]]\nid = \"forum\"\nurl = \"https://example.com/forum\"\n",
    );
    let out = home.gitops().args(["feedback", "list"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("https://example.com/forum"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("config.toml:2") && stderr.contains("nothing is sent"),
        "{stderr}"
    );
    assert_eq!(
        home.ok(&["feedback", "open", "forum", "--print"]),
        "https://example.com/forum\n"
    );
}

/// `gitops completions bash | head -1`: a closed pipe is not an error, and never a panic.
#[test]
fn completions_into_a_closed_pipe_exit_cleanly() {
    use std::process::{Command, Stdio};
    let home = Home::new();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("gitops"))
        .args(["completions", "bash"])
        .env("GITOPS_HOME", home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An issue body is read with a size limit: `--body-file /dev/zero` fails at once, naming it.
#[test]
fn an_endless_body_file_is_refused_with_its_name() {
    let home = Home::new();
    let out = home
        .gitops()
        .args([
            "feedback",
            "issue",
            "--title",
            "t",
            "--print",
            "--body-file",
            "/dev/zero",
        ])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/dev/zero"));
}
