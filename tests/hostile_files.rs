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
            &["telemetry", "record", "--", "get", "app"],
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
