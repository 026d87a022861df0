//! The binary against hostile local files: extreme values in the config, endless and huge
//! files, links where files belong, escape sequences in hand-edited data, read-only and full
//! disks. Every case must end in a clear error or a correct answer, never a panic or a hang.

mod common;

use common::Home;

/// Durations that would overflow a time computation are refused when the config is read, with
/// the key, the file, the line and the allowed range; no command panics on them.
#[test]
fn huge_durations_are_refused_at_parse_time() {
    let cases = [
        (
            "timeout = \"18446744073709551615s\"",
            "telemetry.timeout",
            "1ms to 10m",
        ),
        (
            "max_age = \"99999999d\"",
            "telemetry.max_age",
            "1s to 3650d",
        ),
        (
            "send_interval = \"9999999999d\"",
            "telemetry.send_interval",
            "0s to 365d",
        ),
    ];
    for (line, key, range) in cases {
        let home = Home::new();
        home.write_config(&format!("[telemetry]\n{line}\n"));
        for args in [
            &["telemetry", "pending"][..],
            &["telemetry", "send"],
            &[
                "telemetry",
                "record",
                "--cli-version",
                "1.0.0",
                "--",
                "get",
                "app",
            ],
        ] {
            let out = home.gitops().args(args).output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(!stderr.contains("panicked"), "{args:?} {line}: {stderr}");
            if args[1] != "pending" {
                assert_eq!(out.status.code(), Some(2), "{args:?} {line}: {stderr}");
                assert!(
                    stderr.contains("config.toml:2:")
                        && stderr.contains(key)
                        && stderr.contains(range),
                    "{args:?} {line}: {stderr}"
                );
            }
        }
    }
}

/// A vocabulary that never ends (a device) or is huge is an error naming the file, at once.
#[test]
fn endless_and_huge_files_are_refused_with_their_name() {
    let home = Home::new();
    let huge = home.path().join("huge.toml");
    std::fs::write(&huge, vec![b'#'; 5 << 20]).unwrap();
    for (file, why) in [
        (std::path::PathBuf::from("/dev/zero"), "not a regular file"),
        (huge, "larger than 4 MiB"),
    ] {
        home.write_config(&format!("[telemetry]\ncommands = {:?}\n", file));
        let started = std::time::Instant::now();
        let out = home
            .gitops()
            .args([
                "telemetry",
                "record",
                "--cli-version",
                "1.0.0",
                "--",
                "get",
                "app",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{file:?}"
        );
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&file.display().to_string()) && stderr.contains(why),
            "{stderr}"
        );
    }
    // A config file that is a device is refused the same way.
    let home = Home::new();
    std::os::unix::fs::symlink("/dev/zero", home.config()).unwrap();
    let out = home.gitops().args(["telemetry", "send"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("config.toml: it is not a regular file"),
        "{stderr}"
    );
}

/// A link where a data file belongs is an error naming it; its target is never read,
/// written, truncated or created.
#[test]
fn links_in_the_data_directory_are_never_followed() {
    let server = common::Server::start(common::Reply::Json(common::answer("0.6.2")));
    for name in [
        "pending.jsonl",
        "sent.jsonl",
        "last-send",
        "pending.lock",
        "send.lock",
    ] {
        let home = Home::new();
        home.granted_with(&server);
        home.ok(&[
            "telemetry",
            "record",
            "--cli-version",
            "1.0.0",
            "--",
            "get",
            "app",
        ]);
        let target = home.path().join("precious");
        std::fs::write(&target, "precious\n").unwrap();
        let link = home.data(name);
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let missing = home.path().join("not-there");
        let dangling = home.data(&format!("{name}.dangling"));
        std::os::unix::fs::symlink(&missing, &dangling).unwrap();
        let mut errors = String::new();
        for args in [
            &[
                "telemetry",
                "record",
                "--cli-version",
                "1.0.0",
                "--",
                "get",
                "app",
            ][..],
            &["telemetry", "send"],
            &["telemetry", "pending"],
            &["telemetry", "log"],
        ] {
            let out = home.gitops().args(args).output().unwrap();
            errors.push_str(&String::from_utf8_lossy(&out.stderr));
        }
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "precious\n",
            "{name}"
        );
        assert!(!missing.exists(), "{name}");
        assert!(
            errors.contains(&format!("{name}: it is a symbolic link")),
            "{name}: {errors}"
        );
        for line in errors.lines() {
            assert!(
                line.matches(name).count() <= 1,
                "the file named twice: {line}"
            );
        }
    }
}

/// The data directory is 0700 and every file in it 0600 from the first write.
#[test]
fn data_files_are_private_from_the_first_write() {
    use std::os::unix::fs::PermissionsExt;
    let server = common::Server::start(common::Reply::Json(common::answer("0.6.2")));
    let home = Home::new();
    home.granted_with(&server);
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "app",
    ]);
    home.ok(&["telemetry", "send"]);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&home.path().join("data")), 0o700);
    let mut seen = 0;
    for entry in std::fs::read_dir(home.path().join("data")).unwrap() {
        let entry = entry.unwrap();
        assert_eq!(mode(&entry.path()), 0o600, "{:?}", entry.file_name());
        seen += 1;
    }
    assert!(seen >= 4, "sent.jsonl, locks, stamp: {seen}");
}

/// `forget` removes the temporary files of an interrupted rewrite.
#[test]
fn forget_removes_what_an_interrupted_rewrite_left() {
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
    let left = home.data(".pending.jsonl.tmp-AbC123");
    std::fs::write(&left, "half").unwrap();
    let out = home.ok(&["telemetry", "forget"]);
    assert!(out.contains(".pending.jsonl.tmp-AbC123"), "{out}");
    assert!(!left.exists() && !home.path().join("data").exists());
}

/// Escape sequences and direction overrides written by hand into the queue, the sent log or
/// the update cache never reach the terminal from `pending`, `log` or `version` (whose notice,
/// shown on a terminal only, is checked in `updates`).
#[test]
fn nothing_from_local_files_reaches_the_terminal_raw() {
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
    let evil = "\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2J\\u202e\\u2066";
    let queue = home.data("pending.jsonl");
    let line = std::fs::read_to_string(&queue).unwrap();
    let line = line.replacen("\"app\"", &format!("\"app{evil}\""), 1);
    let line = line.replacen("\"id\":\"", &format!("\"id\":\"{evil}"), 1);
    std::fs::write(&queue, line).unwrap();
    std::fs::write(
        home.data("sent.jsonl"),
        format!(
            "{{\"time\":\"2026-01-01T00:00:00Z\",\"kind\":\"event\",\"object\":\"get{evil}\",\"command\":\"app\",\"url\":\"http://x/{evil}\",\"status\":500,\"duration_ms\":1,\"error\":\"bad{evil}\"}}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        home.data("update-check.json"),
        format!(
            "{{\"checked_at\":\"2026-01-01T00:00:00Z\",\"response\":{{\"current_version\":\"99.0.0\",\"current_download_url\":\"https://x/{evil}\"}}}}"
        ),
    )
    .unwrap();
    for args in [
        &["telemetry", "pending"][..],
        &["telemetry", "log"],
        &["version"],
    ] {
        let out = home.gitops().args(args).output().unwrap();
        let all = String::from_utf8_lossy(&[out.stdout, out.stderr].concat()).into_owned();
        assert!(out.status.success(), "{args:?}: {all}");
        assert!(
            !all.contains(['\u{1b}', '\u{7}', '\u{202e}', '\u{2066}']),
            "{args:?}: {all:?}"
        );
        if args[0] == "telemetry" {
            assert!(
                all.contains("]52;c;ZXZpbA=="),
                "{args:?} shows the text: {all:?}"
            );
        }
    }
}

/// A read-only data directory: `pending` and `log` still show what is there, and no read
/// needs a lock file it would have to create.
#[test]
fn reads_work_on_a_read_only_data_directory() {
    use std::os::unix::fs::PermissionsExt;
    let server = common::Server::start(common::Reply::Json(common::answer("0.6.2")));
    let home = Home::new();
    home.granted_with(&server);
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "app",
    ]);
    home.ok(&["telemetry", "send"]);
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "add",
        "cluster",
    ]);
    let data = home.path().join("data");
    for lock in ["pending.lock", "send.lock"] {
        std::fs::remove_file(data.join(lock)).unwrap();
    }
    let before: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).unwrap();
    let pending = home
        .gitops()
        .args(["telemetry", "pending"])
        .output()
        .unwrap();
    let log = home.gitops().args(["telemetry", "log"]).output().unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    let after: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        pending.status.success(),
        "{}",
        String::from_utf8_lossy(&pending.stderr)
    );
    assert!(String::from_utf8_lossy(&pending.stdout).contains("add cluster"));
    assert!(
        log.status.success(),
        "{}",
        String::from_utf8_lossy(&log.stderr)
    );
    assert!(String::from_utf8_lossy(&log.stdout).contains("flag_command=app"));
    assert_eq!(before, after, "a read made a file");
}

/// A full disk: `record` fails naming the queue and leaves no torn line (the line is written
/// in one call and cut back when the disk takes only part of it).
#[test]
fn a_full_disk_leaves_no_torn_line() {
    home_with_a_file_size_limit(|home, run| {
        let queue = home.data("pending.jsonl");
        let before = std::fs::read(&queue).unwrap();
        let out = run(&[
            "telemetry",
            "record",
            "--cli-version",
            "1.0.0",
            "--",
            "get",
            "app",
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("pending.jsonl"), "{stderr}");
        assert_eq!(std::fs::read(&queue).unwrap(), before, "the queue changed");
        let parts: Vec<&str> = stderr.trim().split(": ").collect();
        let mut unique = parts.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(parts.len(), unique.len(), "a cause said twice: {stderr}");
    });
}

/// A home whose queue ends just short of a file size limit, and a way to run the binary under
/// that limit (the shell's `ulimit -f`, with SIGXFSZ ignored so writes fail instead).
fn home_with_a_file_size_limit(test: impl FnOnce(&Home, &dyn Fn(&[&str]) -> std::process::Output)) {
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
    let queue = home.data("pending.jsonl");
    let line = std::fs::read_to_string(&queue).unwrap();
    // The shell's unit for `ulimit -f`: what one unit lets a child write.
    let probe = home.path().join("probe");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 1; head -c 5000 /dev/zero > '{}'",
            probe.display()
        ))
        .status()
        .unwrap();
    let unit = std::fs::metadata(&probe).unwrap().len() as usize;
    let mut text = line.clone();
    // Grow the queue until the next line would cross the limit.
    let limit = loop {
        let limit = text.len().div_ceil(unit) * unit;
        if limit > text.len() && limit - text.len() < line.len() {
            break limit;
        }
        text.push_str(&line);
    };
    std::fs::write(&queue, &text).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("gitops");
    let run = |args: &[&str]| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "trap '' XFSZ; ulimit -f {}; exec '{}' \"$@\"",
                limit / unit,
                bin.display()
            ))
            .arg("gitops")
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("GITOPS_HOME", home.path())
            .output()
            .unwrap()
    };
    test(&home, &run);
}

/// A word that is not UTF-8 in the recorded command line is an argument like any other:
/// the event is recorded, with the verbs before it.
#[test]
fn a_non_utf8_word_is_an_argument() {
    use std::os::unix::ffi::OsStrExt;
    let home = Home::new();
    home.gitops()
        .args([
            "telemetry",
            "record",
            "--cli-version",
            "1.0.0",
            "--",
            "get",
            "config",
        ])
        .arg(std::ffi::OsStr::from_bytes(b"\xff\xfesecret"))
        .assert()
        .success();
    let lines = home.pending_lines();
    assert_eq!(lines.len(), 1);
    let event: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(
        (event["object"].as_str(), event["command"].as_str()),
        (Some("get"), Some("config"))
    );
    assert!(!lines[0].contains("secret"));
}
