//! The hook's line, recognised without clap, gives what clap gives; every other line goes to
//! clap.

use std::ffi::OsString;

use clap::Parser;
use proptest::prelude::*;

use checkpoint_protocol::vocabulary::Edition;

use super::{RecordArgs, TelemetryArgs};
use crate::cli::{Args, Command};

fn line(words: &[&str]) -> Vec<OsString> {
    std::iter::once("gitops")
        .chain(words.iter().copied())
        .map(OsString::from)
        .collect()
}

/// What clap makes of a line, when it is a `telemetry` command.
fn clap(line: &[OsString]) -> Option<TelemetryArgs> {
    match Args::try_parse_from(line).ok()?.command {
        Command::Telemetry(args) => Some(args),
        _ => None,
    }
}

/// Recognised lines are parsed as clap parses them.
fn agrees(line: &[OsString]) -> Result<(), String> {
    match RecordArgs::parse_hook(line) {
        None => Ok(()),
        Some(ours) => match clap(line) {
            Some(theirs) if theirs == TelemetryArgs::record(ours) => Ok(()),
            theirs => Err(format!("{line:?}: clap gives {theirs:?}")),
        },
    }
}

#[test]
fn the_hook_line_is_recognised() {
    let cases: &[(&[&str], Option<&str>, &[&str])] = &[
        (&["telemetry", "record"], None, &[]),
        (&["telemetry", "record", "--"], None, &[]),
        (
            &["telemetry", "record", "--", "get", "--help"],
            None,
            &["get", "--help"],
        ),
        (
            &[
                "telemetry",
                "record",
                "--cli-version",
                "0.38.0",
                "--",
                "get",
                "app",
                "-n",
                "x",
            ],
            Some("0.38.0"),
            &["get", "app", "-n", "x"],
        ),
        (
            &[
                "telemetry",
                "record",
                "--cli-version=v0.38.0",
                "--",
                "--",
                "version",
            ],
            Some("v0.38.0"),
            &["--", "version"],
        ),
        (
            &["telemetry", "record", "--cli-version", "0.6.2-RC1"],
            Some("0.6.2-RC1"),
            &[],
        ),
    ];
    for (words, version, argv) in cases {
        let line = line(words);
        let expected = RecordArgs {
            cli_version: version.map(str::to_string),
            cli_edition: Edition::Oss,
            argv: argv.iter().map(OsString::from).collect(),
        };
        assert_eq!(RecordArgs::parse_hook(&line), Some(expected), "{words:?}");
        agrees(&line).unwrap();
    }
}

/// `--cli-edition`, before or after `--cli-version`, in both forms.
#[test]
fn the_hook_line_says_which_cli_it_is() {
    let cases: &[(&[&str], Option<&str>, Edition)] = &[
        (
            &[
                "telemetry",
                "record",
                "--cli-edition",
                "enterprise",
                "--",
                "add",
            ],
            None,
            Edition::Enterprise,
        ),
        (
            &[
                "telemetry",
                "record",
                "--cli-edition=oss",
                "--cli-version",
                "0.38.1",
                "--",
            ],
            Some("0.38.1"),
            Edition::Oss,
        ),
        (
            &[
                "telemetry",
                "record",
                "--cli-version=0.38.1",
                "--cli-edition",
                "enterprise",
            ],
            Some("0.38.1"),
            Edition::Enterprise,
        ),
    ];
    for (words, version, edition) in cases {
        let line = line(words);
        let got = RecordArgs::parse_hook(&line).unwrap();
        assert_eq!(
            (got.cli_version.as_deref(), got.cli_edition),
            (*version, *edition),
            "{words:?}"
        );
        agrees(&line).unwrap();
    }
}

#[test]
fn every_other_line_goes_to_clap() {
    let cases: &[&[&str]] = &[
        &["telemetry", "record", "--help"],
        &["telemetry", "record", "-h"],
        &["telemetry", "record", "--version"],
        &["telemetry", "record", "--cli-version"],
        &["telemetry", "record", "--cli-version", "--", "get"],
        &["telemetry", "record", "--cli-version", "-1", "--"],
        &["telemetry", "record", "--cli-version", ""],
        &["telemetry", "record", "--cli-version="],
        &[
            "telemetry",
            "record",
            "--cli-version",
            "1",
            "--cli-version",
            "2",
        ],
        &["telemetry", "record", "--cli-edition", "ee"],
        &["telemetry", "record", "--cli-edition"],
        &["telemetry", "record", "--cli-edition=", "--"],
        &[
            "telemetry",
            "record",
            "--cli-edition",
            "oss",
            "--cli-edition=enterprise",
        ],
        &["telemetry", "record", "--json"],
        &["telemetry", "record", "get", "app"],
        &["telemetry", "preview", "--", "get"],
        &["record", "--", "get"],
        &["--version"],
        &[],
    ];
    for words in cases {
        assert_eq!(RecordArgs::parse_hook(&line(words)), None, "{words:?}");
    }
}

/// A word that is not UTF-8 after `--` is an argument, as clap keeps it.
#[cfg(unix)]
#[test]
fn a_word_that_is_not_utf8_is_kept() {
    use std::os::unix::ffi::OsStringExt;
    let mut line = line(&["telemetry", "record", "--"]);
    line.push(OsString::from_vec(vec![0x66, 0xff]));
    assert_eq!(RecordArgs::parse_hook(&line).unwrap().argv.len(), 1);
    agrees(&line).unwrap();
}

/// The words the random lines are made of: the hook's, clap's and a few that look like them.
const WORDS: &[&str] = &[
    "telemetry",
    "record",
    "preview",
    "--cli-version",
    "--cli-version=0.38.0",
    "--cli-version=",
    "--cli-version=-x",
    "--cli-edition",
    "--cli-edition=enterprise",
    "--cli-edition=",
    "--cli-edition=ee",
    "enterprise",
    "oss",
    "0.38.0",
    "",
    "-x",
    "--",
    "-",
    "--help",
    "-h",
    "--version",
    "-V",
    "--json",
    "get",
    "app",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Over random lines starting `telemetry record` (and random ones that do not), whatever
    /// the hook's recogniser accepts, clap parses to the same arguments.
    #[test]
    fn recognised_lines_parse_as_clap_parses_them(
        hook in any::<bool>(),
        words in proptest::collection::vec(proptest::sample::select(WORDS), 0..7),
    ) {
        let mut all = if hook { vec!["telemetry", "record"] } else { Vec::new() };
        all.extend(words);
        if let Err(e) = agrees(&line(&all)) {
            return Err(TestCaseError::fail(e));
        }
    }
}
