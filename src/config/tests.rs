use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("/home/u/.config/gitops/config.toml"))
}

#[test]
fn the_example_file_equals_the_defaults() {
    let text = include_str!("../../config.example.toml");
    assert_eq!(parse(text).unwrap(), Config::default());
}

#[test]
fn an_empty_file_is_the_defaults() {
    assert_eq!(parse("").unwrap(), Config::default());
}

#[test]
fn values_are_read() {
    let c = parse(
        "[telemetry]\nconsent = \"granted\"\nsend_interval = \"90s\"\nmax_age = \"2d\"\nsignature = \"none\"\n\
         [updates]\ncheck = \"always\"\n",
    )
    .unwrap();
    assert_eq!(c.telemetry.consent, Some(ConsentSetting::Granted));
    assert_eq!(c.telemetry.send_interval.0, Duration::from_secs(90));
    assert_eq!(c.telemetry.max_age.0, Duration::from_secs(2 * 86400));
    assert_eq!(c.telemetry.signature, SignatureMode::None);
    assert_eq!(c.updates.check, UpdateCheck::Always);
}

#[test]
fn errors_name_file_line_column_and_key() {
    let cases = [
        (
            "[telemetry]\nconsnet = \"granted\"\n",
            "config.toml:2:1: unknown field `consnet`",
        ),
        (
            "[telemetry]\nsend_interval = \"soon\"\n",
            "config.toml:2:17: invalid duration \"soon\"",
        ),
        (
            "[telemetry]\ntimeout = \"18446744073709551615s\"\n",
            "config.toml:2:11: telemetry.timeout = \"18446744073709551615s\" is out of range: use a duration from 1ms to 10m",
        ),
        (
            "[telemetry]\nmax_age = \"99999999d\"\n",
            "config.toml:2:11: telemetry.max_age = \"99999999d\" is out of range: use a duration from 1s to 3650d",
        ),
        (
            "[updates]\ninterval = \"-1s\"\n",
            "config.toml:2:12: invalid duration \"-1s\"",
        ),
        ("[telemetry\n", "config.toml:1:11:"),
        (
            "[telemetry]\nconsent = \"maybe\"\n",
            "config.toml:2:11: unknown variant `maybe`",
        ),
        ("[extra]\n", "config.toml:1:2: unknown field `extra`"),
    ];
    for (text, want) in cases {
        let err = parse(text).unwrap_err().to_string();
        assert!(
            err.starts_with("/home/u/.config/gitops/") && err.contains(want),
            "{text:?}: {err}"
        );
    }
}

#[test]
fn invalid_values_name_key_and_value() {
    let err = parse("[telemetry]\nendpoint = \"http://example.com\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(
            "telemetry.endpoint = \"http://example.com\": plain http is only allowed on a loopback"
        ),
        "{err}"
    );
    let err = parse("[[feedback.channels]]\nid = \"x\"\nurl = \"file:///etc\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("feedback.channels[id = \"x\"].url = \"file:///etc\": only https://"),
        "{err}"
    );
    let err = parse("[[feedback.channels]]\nid = \"x\"\nurl = \" https://evil.example\\n\"\n")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("feedback.channels[id = \"x\"].url") && err.contains("spaces or control"),
        "{err}"
    );
    let err = parse("[feedback]\nrepository = \"nope\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("feedback.repository"), "{err}");
}

#[test]
fn timeout_variable_wins() {
    let c = Config::default();
    let env = Env::empty().with("CHECKPOINT_TIMEOUT", "250");
    assert_eq!(c.request_timeout(&env), Duration::from_millis(250));
    assert_eq!(c.request_timeout(&Env::empty()), Duration::from_secs(3));
    for bad in ["soon", "0", "18446744073709551615", "600001"] {
        let env = Env::empty().with("CHECKPOINT_TIMEOUT", bad);
        assert_eq!(c.request_timeout(&env), Duration::from_secs(3), "{bad}");
    }
}

#[test]
fn consent_writes_keep_comments_and_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let original = "# my settings\n[telemetry]\n# where it goes\nendpoint = \"https://example.com\"  # mine\n\n[updates]\ncheck = \"never\"\n";
    std::fs::write(&path, original).unwrap();
    write_consent(&path, Some(ConsentSetting::Granted)).unwrap();
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        original.replace("# mine\n", "# mine\nconsent = \"granted\"\n")
    );
    write_consent(&path, Some(ConsentSetting::Denied)).unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        original.replace("# mine\n", "# mine\nconsent = \"denied\"\n")
    );
    write_consent(&path, None).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn consent_write_creates_the_file_and_refuses_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/config.toml");
    write_consent(&path, Some(ConsentSetting::Denied)).unwrap();
    assert_eq!(
        Config::load(&path).unwrap().telemetry.consent,
        Some(ConsentSetting::Denied)
    );
    std::fs::write(&path, "[telemetry\n").unwrap();
    assert!(write_consent(&path, Some(ConsentSetting::Granted)).is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "[telemetry\n");
}
