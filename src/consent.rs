//! Who decides whether telemetry may leave the machine, and why.
//!
//! Owns the precedence, first source that decides wins: `CHECKPOINT_DISABLE` (any non-empty
//! value), `DO_NOT_TRACK` (`1` or `true`), the config file, the Go CLI's opt-out, then
//! undecided. [`decide`] reads every source so that `status --explain` and the console can show
//! all of them with the winner; [`consent`] stops at the first that decides, for `record`. It does no I/O but reading the Go CLI's file, and it never
//! writes: changing consent is `telemetry::choice`.

use std::path::Path;

use serde::Serialize;

use crate::config::go_cli::GoCliConfig;
use crate::config::{Config, ConfigError, ConsentSetting, Env};

/// The state that governs sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Consent {
    /// Telemetry is allowed: events are recorded and sent.
    Granted,
    /// Telemetry is refused: nothing is recorded or sent.
    Denied,
    /// Nobody decided yet: events are held for the user to see, nothing is sent.
    Undecided,
}

impl Consent {
    /// The word `status` prints.
    pub fn label(self) -> &'static str {
        match self {
            Consent::Granted => "enabled",
            Consent::Denied => "disabled",
            Consent::Undecided => "undecided",
        }
    }
}

impl From<ConsentSetting> for Consent {
    fn from(setting: ConsentSetting) -> Consent {
        match setting {
            ConsentSetting::Granted => Consent::Granted,
            ConsentSetting::Denied => Consent::Denied,
        }
    }
}

/// One place consent can come from, in precedence order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The `CHECKPOINT_DISABLE` variable.
    CheckpointDisable,
    /// The `DO_NOT_TRACK` variable.
    DoNotTrack,
    /// `[telemetry] consent` in the config file.
    ConfigFile,
    /// `"analytics": false` in the Go CLI's settings.
    GoCliConfig,
    /// Nothing decided.
    Default,
}

/// What one source says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    /// The source.
    pub source: Source,
    /// Where it lives: a variable name or a file path.
    pub location: String,
    /// What it holds, as written, if anything.
    pub value: Option<String>,
    /// What it decides, if it decides.
    pub decides: Option<Consent>,
    /// How a person changes it.
    pub change: String,
}

/// The outcome: the consent, which source won, and every reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The consent in force.
    pub consent: Consent,
    /// The source that decided.
    pub winner: Source,
    /// Every source in precedence order.
    pub readings: Vec<Reading>,
    /// Update checks are off too (`CHECKPOINT_DISABLE`, `DO_NOT_TRACK`).
    pub updates_blocked: bool,
    /// The config file is broken: nothing is sent until it is fixed.
    pub config_error: Option<String>,
}

impl Decision {
    /// The reading of the winning source.
    pub fn winning(&self) -> &Reading {
        self.readings
            .iter()
            .find(|r| r.source == self.winner)
            .expect("winner is one of the readings")
    }

    /// One line: the state and where it came from.
    pub fn summary(&self) -> String {
        let why = match self.winner {
            Source::CheckpointDisable => "CHECKPOINT_DISABLE is set".to_string(),
            Source::DoNotTrack => "DO_NOT_TRACK is set".to_string(),
            Source::ConfigFile if self.config_error.is_some() => {
                format!(
                    "the config file cannot be used, so nothing is sent: {}",
                    self.config_error.as_deref().unwrap_or("")
                )
            }
            Source::ConfigFile => format!("set in {}", self.winning().location),
            Source::GoCliConfig => format!("\"analytics\": false in {}", self.winning().location),
            Source::Default => "nobody has decided yet; nothing is sent until you do".to_string(),
        };
        format!("telemetry is {} ({why})", self.consent.label())
    }
}

/// `CHECKPOINT_DISABLE` set to any non-empty value (as go-checkpoint reads it).
fn checkpoint_disable(value: &str) -> bool {
    !value.is_empty()
}

/// `DO_NOT_TRACK` set to `1` or `true`.
fn do_not_track(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "1" | "true")
}

/// Whether the environment alone turns telemetry off (sources 1 and 2), without reading any
/// file: the embedding hook's fast path.
pub fn denied_by_env(env: &Env) -> bool {
    env.get("CHECKPOINT_DISABLE")
        .is_some_and(checkpoint_disable)
        || env.get("DO_NOT_TRACK").is_some_and(do_not_track)
}

/// The consent alone, reading a source only when every one before it is silent: what
/// `record` needs on every gitops command, where the Go CLI's file is not even opened once the
/// config file has decided. The same precedence as [`decide`], which a test checks over every
/// combination of sources.
pub fn consent(
    env: &Env,
    config: Result<&Config, &ConfigError>,
    go_cli_config: Option<&Path>,
) -> Consent {
    if denied_by_env(env) {
        return Consent::Denied;
    }
    match config {
        Err(_) => return Consent::Denied,
        Ok(c) => {
            if let Some(setting) = c.telemetry.consent {
                return Consent::from(setting);
            }
        }
    }
    match go_cli_config.and_then(read_go_analytics) {
        Some(false) => Consent::Denied,
        _ => Consent::Undecided,
    }
}

/// Decides consent from the environment, the loaded config (or its error) and the Go CLI's file.
pub fn decide(
    env: &Env,
    config_file: &Path,
    config: Result<&Config, &ConfigError>,
    go_cli_config: Option<&Path>,
) -> Decision {
    let (config_reading, config_error) = config_reading(config_file, config);
    let readings = vec![
        checkpoint_disable_reading(env),
        do_not_track_reading(env),
        config_reading,
        go_cli_reading(go_cli_config),
        Reading {
            source: Source::Default,
            location: "built-in default".into(),
            value: None,
            decides: Some(Consent::Undecided),
            change: "run `gitops telemetry enable` or `disable`, or choose in `gitops feedback`"
                .into(),
        },
    ];
    let winner_reading = readings
        .iter()
        .find(|r| r.decides.is_some())
        .expect("the default always decides");
    let winner = winner_reading.source;
    let consent = winner_reading.decides.expect("found by decides");
    let updates_blocked = matches!(winner, Source::CheckpointDisable | Source::DoNotTrack);
    Decision {
        consent,
        winner,
        readings,
        updates_blocked,
        config_error,
    }
}

fn checkpoint_disable_reading(env: &Env) -> Reading {
    let disable = env.get("CHECKPOINT_DISABLE");
    Reading {
        source: Source::CheckpointDisable,
        location: "CHECKPOINT_DISABLE".into(),
        value: disable.map(str::to_string),
        decides: disable
            .filter(|v| checkpoint_disable(v))
            .map(|_| Consent::Denied),
        change: "unset CHECKPOINT_DISABLE (any non-empty value, even 0, turns everything off)"
            .into(),
    }
}

fn do_not_track_reading(env: &Env) -> Reading {
    let dnt = env.get("DO_NOT_TRACK");
    Reading {
        source: Source::DoNotTrack,
        location: "DO_NOT_TRACK".into(),
        value: dnt.map(str::to_string),
        decides: dnt.filter(|v| do_not_track(v)).map(|_| Consent::Denied),
        change: "unset DO_NOT_TRACK (1 or true turns everything off)".into(),
    }
}

/// The config file's reading, and why the file cannot be used when it cannot (it then denies).
fn config_reading(
    config_file: &Path,
    config: Result<&Config, &ConfigError>,
) -> (Reading, Option<String>) {
    let (value, decides, config_error) = match config {
        Ok(c) => match c.telemetry.consent {
            Some(setting) => (
                Some(setting.word().to_string()),
                Some(Consent::from(setting)),
                None,
            ),
            None => (None, None, None),
        },
        Err(e) => (
            Some("(unreadable)".to_string()),
            Some(Consent::Denied),
            Some(e.to_string()),
        ),
    };
    let reading = Reading {
        source: Source::ConfigFile,
        location: config_file.display().to_string(),
        value,
        decides,
        change: "run `gitops telemetry enable` or `gitops telemetry disable`".into(),
    };
    (reading, config_error)
}

fn go_cli_reading(go_cli_config: Option<&Path>) -> Reading {
    let (location, value, decides) = match go_cli_config {
        Some(path) => {
            let analytics = read_go_analytics(path);
            let decides = (analytics == Some(false)).then_some(Consent::Denied);
            (
                path.display().to_string(),
                analytics.map(|a| format!("\"analytics\": {a}")),
                decides,
            )
        }
        None => ("(no user config directory)".to_string(), None, None),
    };
    Reading {
        source: Source::GoCliConfig,
        location,
        value,
        decides,
        change: "`gitops set config analytics true` here, or edit that file; an opt-in there is not consent here".into(),
    }
}

/// The `analytics` of the Go CLI's settings, as the Go CLI read it (a missing or `null` one is
/// false there), when the file reads at all.
fn read_go_analytics(path: &Path) -> Option<bool> {
    GoCliConfig::read(path).map(|c| c.analytics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn decide_with(env: Env, consent: Option<ConsentSetting>, go: Option<&str>) -> Decision {
        let dir = tempfile::tempdir().unwrap();
        let go_path = dir.path().join("weave-gitops-config.json");
        if let Some(text) = go {
            std::fs::write(&go_path, text).unwrap();
        }
        let mut config = Config::default();
        config.telemetry.consent = consent;
        decide(
            &env,
            &PathBuf::from("config.toml"),
            Ok(&config),
            Some(&go_path),
        )
    }

    /// `consent` (what `record` asks) and `decide` (what `status` shows) agree on every
    /// combination of the sources.
    #[test]
    fn consent_alone_is_the_decision_s_consent() {
        let envs = [
            Env::empty(),
            Env::empty().with("CHECKPOINT_DISABLE", "0"),
            Env::empty().with("CHECKPOINT_DISABLE", ""),
            Env::empty().with("DO_NOT_TRACK", "true"),
            Env::empty().with("DO_NOT_TRACK", "0"),
        ];
        let settings = [
            None,
            Some(ConsentSetting::Granted),
            Some(ConsentSetting::Denied),
        ];
        let go_files = [
            None,
            Some(r#"{"analytics": false}"#),
            Some(r#"{"analytics": true}"#),
            Some("{}"),
            Some("not json"),
        ];
        let broken = ConfigError::Invalid {
            path: PathBuf::from("config.toml"),
            key: "telemetry.product".into(),
            value: String::new(),
            reason: "empty".into(),
        };
        let dir = tempfile::tempdir().unwrap();
        let go_path = dir.path().join("weave-gitops-config.json");
        for env in &envs {
            for setting in settings {
                for go in go_files {
                    match go {
                        Some(text) => std::fs::write(&go_path, text).unwrap(),
                        None => {
                            let _ = std::fs::remove_file(&go_path);
                        }
                    }
                    let mut config = Config::default();
                    config.telemetry.consent = setting;
                    for loaded in [Ok(&config), Err(&broken)] {
                        for go_path in [None, Some(go_path.as_path())] {
                            let decided =
                                decide(env, Path::new("config.toml"), loaded, go_path).consent;
                            assert_eq!(
                                consent(env, loaded, go_path),
                                decided,
                                "{env:?} {setting:?} {go:?} {loaded:?} {go_path:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn precedence_table() {
        use Consent::*;
        let granted = Some(ConsentSetting::Granted);
        type Case<'a> = (
            Env,
            Option<ConsentSetting>,
            Option<&'a str>,
            Consent,
            Source,
        );
        let cases: Vec<Case> = vec![
            (Env::empty(), None, None, Undecided, Source::Default),
            (Env::empty(), granted, None, Granted, Source::ConfigFile),
            (
                Env::empty().with("CHECKPOINT_DISABLE", "0"),
                granted,
                None,
                Denied,
                Source::CheckpointDisable,
            ),
            (
                Env::empty().with("CHECKPOINT_DISABLE", "1"),
                granted,
                None,
                Denied,
                Source::CheckpointDisable,
            ),
            (
                Env::empty().with("CHECKPOINT_DISABLE", ""),
                granted,
                None,
                Granted,
                Source::ConfigFile,
            ),
            (
                Env::empty().with("DO_NOT_TRACK", "1"),
                granted,
                None,
                Denied,
                Source::DoNotTrack,
            ),
            (
                Env::empty().with("DO_NOT_TRACK", "TRUE"),
                granted,
                None,
                Denied,
                Source::DoNotTrack,
            ),
            (
                Env::empty().with("DO_NOT_TRACK", "0"),
                granted,
                None,
                Granted,
                Source::ConfigFile,
            ),
            (
                Env::empty(),
                None,
                Some(r#"{"analytics": false}"#),
                Denied,
                Source::GoCliConfig,
            ),
            (
                Env::empty(),
                None,
                Some(r#"{"analytics": true}"#),
                Undecided,
                Source::Default,
            ),
            (
                Env::empty(),
                granted,
                Some(r#"{"analytics": false}"#),
                Granted,
                Source::ConfigFile,
            ),
            (
                Env::empty(),
                None,
                Some("not json"),
                Undecided,
                Source::Default,
            ),
            // The Go CLI read a missing or null `analytics` as false: an opt-out
            // (pkg/config/config.go@v0.38.0, parseConfig).
            (
                Env::empty(),
                None,
                Some(r#"{"userId": "2Q2MsgBDSV"}"#),
                Denied,
                Source::GoCliConfig,
            ),
            (
                Env::empty(),
                None,
                Some(r#"{"Analytics": null}"#),
                Denied,
                Source::GoCliConfig,
            ),
            (
                Env::empty(),
                None,
                Some(r#"{"analytics": "true"}"#),
                Undecided,
                Source::Default,
            ),
        ];
        for (env, consent, go, want, winner) in cases {
            let d = decide_with(env.clone(), consent, go);
            assert_eq!(
                (d.consent, d.winner),
                (want, winner),
                "{env:?} {consent:?} {go:?}"
            );
        }
    }

    #[test]
    fn broken_config_fails_closed() {
        let err = Config::parse("[telemetry]\nconsent = 3\n", Path::new("c.toml")).unwrap_err();
        let d = decide(&Env::empty(), Path::new("c.toml"), Err(&err), None);
        assert_eq!(d.consent, Consent::Denied);
        assert!(d.config_error.unwrap().contains("c.toml:2"));
    }

    #[test]
    fn updates_blocked_only_by_variables() {
        assert!(
            decide_with(Env::empty().with("CHECKPOINT_DISABLE", "x"), None, None).updates_blocked
        );
        assert!(!decide_with(Env::empty(), Some(ConsentSetting::Denied), None).updates_blocked);
    }
}
