use super::*;

fn resolve(file_text: Option<&str>, overrides: Overrides) -> Result<Settings, SettingsError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("checkpoint.toml");
    if let Some(text) = file_text {
        std::fs::write(&path, text).unwrap();
    }
    let overrides = Overrides {
        data_dir: overrides.data_dir.or(Some(PathBuf::from("/data"))),
        ..overrides
    };
    Settings::resolve(file_text.map(|_| path.as_path()), overrides)
}

#[test]
fn the_example_file_is_the_defaults() {
    let example = include_str!("../../checkpoint.example.toml");
    let from_file = resolve(Some(example), Overrides::default()).unwrap();
    let builtin = resolve(None, Overrides::default()).unwrap();
    assert_eq!(format!("{from_file:?}"), format!("{builtin:?}"));
    assert_eq!(
        builtin.database,
        Database::Sqlite(PathBuf::from("/data").join(SQLITE_FILE))
    );
    assert_eq!(builtin.listen.to_string(), DEFAULT_LISTEN);
    assert_eq!(builtin.min_installs, 5);
    assert_eq!(builtin.flush_interval, Duration::from_secs(1));
    assert_eq!(builtin.retention.text, "24mo");
}

#[test]
fn flags_win_over_the_file_and_paths_follow_the_file() {
    let s = resolve(
        Some("listen = \"127.0.0.1:1\"\nreleases = \"r.toml\"\nmin_installs = 3\n"),
        Overrides {
            listen: Some("127.0.0.1:2".into()),
            database: Some("postgres://u:secret@db.example:5432/c".into()),
            ..Overrides::default()
        },
    )
    .unwrap();
    assert_eq!(s.listen.port(), 2);
    assert_eq!(s.min_installs, 3);
    assert!(s.releases.unwrap().ends_with("r.toml"));
    assert_eq!(s.database.describe(), "PostgreSQL at db.example:5432");
    assert!(!s.database.describe().contains("secret"));
}

#[test]
fn errors_name_the_key_and_value() {
    let table = [
        ("listen = \"localhost\"", "listen = \"localhost\""),
        ("database = \"mysql://x\"", "database = \"mysql://x\""),
        ("retention = \"forever\"", "retention = \"forever\""),
        ("retention = \"-3d\"", "retention = \"-3d\""),
        (
            "flush_interval = \"1 fortnight\"",
            "flush_interval = \"1 fortnight\"",
        ),
        ("flush_interval = \"1ms\"", "flush_interval = \"1ms\""),
        ("min_installs = 0", "min_installs = \"0\""),
        (
            "[limits]\nmax_in_flight = 0",
            "limits.max_in_flight = \"0\"",
        ),
        (
            "[limits]\nheader_timeout = \"soon\"",
            "limits.header_timeout = \"soon\"",
        ),
        ("colour = 1", "colour"),
    ];
    for (text, needle) in table {
        let e = resolve(Some(text), Overrides::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains(needle), "{text}: {e}");
    }
}

#[test]
fn retention_is_calendar_aware() {
    let r = Retention::parse("24mo").unwrap();
    let today = jiff::civil::date(2026, 3, 31);
    assert_eq!(r.oldest_day(today), jiff::civil::date(2024, 3, 31));
    assert_eq!(
        Retention::parse("730d").unwrap().oldest_day(today),
        jiff::civil::date(2024, 3, 31)
    );
    assert!(Retention::parse("12h").is_err());
}

#[test]
fn sqlite_urls() {
    for (url, path) in [
        ("sqlite:/x/y.db", "/x/y.db"),
        ("sqlite:///x/y.db", "/x/y.db"),
        ("sqlite:rel.db", "rel.db"),
    ] {
        assert_eq!(
            parse_database(url),
            Ok(Database::Sqlite(PathBuf::from(path)))
        );
    }
    assert!(parse_database("sqlite:").is_err());
}
