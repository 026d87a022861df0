use std::path::Path;

use super::resolve::{database, redact_password};
use super::*;

/// The settings of `file_text` (as `/etc/checkpoint/checkpoint.toml`) under `flags`, with the
/// data directory `/data` unless a flag or the file names one.
fn resolve(file_text: Option<&str>, mut flags: Flags) -> Result<Settings, SettingsError> {
    let path = Path::new("/etc/checkpoint/checkpoint.toml");
    let file = match file_text {
        Some(text) => Some(ConfigFile::parse(path, text.to_string())?),
        None => None,
    };
    let in_file = file.as_ref().is_some_and(|f| f.values.data_dir.is_some());
    if flags.store.data_dir.is_none() && !in_file {
        flags.store.data_dir = Some(PathBuf::from("/data"));
    }
    resolve::resolve(file.as_ref(), flags)
}

fn serve(serve: ServeFlags) -> Flags {
    Flags {
        serve,
        ..Flags::default()
    }
}

#[test]
fn the_example_file_is_the_defaults() {
    let example = include_str!("../../checkpoint.example.toml");
    let from_file = resolve(Some(example), Flags::default()).unwrap();
    let builtin = resolve(None, Flags::default()).unwrap();
    assert_eq!(format!("{from_file:?}"), format!("{builtin:?}"));
    assert_eq!(
        builtin.database,
        Database::Sqlite(PathBuf::from("/data").join(SQLITE_FILE))
    );
    assert_eq!(builtin.listen.to_string(), DEFAULTS.listen);
    assert_eq!(builtin.min_installs, 5);
    assert_eq!(builtin.flush_interval, Duration::ZERO);
    assert_eq!(builtin.retention.text, "24mo");
    assert_eq!(builtin.log_format, LogFormat::Text);
    assert_eq!(builtin.store_timeout, Duration::from_secs(10));
    assert_eq!(
        builtin.limits,
        Limits {
            max_connections: 10_000,
            max_in_flight: 2_048,
            max_uri: 2_048,
            max_buckets_per_day: 100_000,
            max_installs_per_day: 1_000_000,
            header_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(10),
        }
    );
}

#[test]
fn the_example_file_sets_every_key_the_schema_has_but_the_three_without_a_default() {
    let example = include_str!("../../checkpoint.example.toml");
    let uncommented: String = example
        .lines()
        .map(|l| {
            l.strip_prefix("# ")
                .filter(|l| l.contains(" = "))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n");
    let f = ConfigFile::parse(Path::new("x.toml"), uncommented)
        .unwrap()
        .values;
    let l = &f.limits;
    assert!(f.listen.is_some() && f.database.is_some() && f.data_dir.is_some());
    assert!(f.releases.is_some() && f.retention.is_some() && f.flush_interval.is_some());
    assert!(f.min_installs.is_some() && f.log_format.is_some());
    assert!(f.store_timeout.is_some());
    assert!(l.max_connections.is_some() && l.max_in_flight.is_some() && l.max_uri.is_some());
    assert!(l.max_buckets_per_day.is_some() && l.max_installs_per_day.is_some());
    assert!(l.header_timeout.is_some() && l.request_timeout.is_some());
    assert!(l.shutdown_grace.is_some());
}

#[test]
fn flags_win_over_the_file_and_paths_follow_the_file() {
    let s = resolve(
        Some("listen = \"127.0.0.1:1\"\nreleases = \"r.toml\"\nmin_installs = 3\n"),
        Flags {
            store: StoreFlags {
                database: Some("postgres://u:secret@db.example:5432/c".into()),
                ..StoreFlags::default()
            },
            serve: ServeFlags {
                listen: Some("127.0.0.1:2".into()),
                ..ServeFlags::default()
            },
        },
    )
    .unwrap();
    assert_eq!(s.listen.port(), 2);
    assert_eq!(s.min_installs, 3);
    assert_eq!(s.releases.unwrap(), Path::new("/etc/checkpoint/r.toml"));
    assert_eq!(s.database.describe(), "PostgreSQL at db.example:5432");
    assert!(!s.database.describe().contains("secret"));
    let s = resolve(Some("data_dir = \"state\"\n"), Flags::default()).unwrap();
    assert_eq!(s.data_dir, Path::new("/etc/checkpoint/state"));
    assert_eq!(
        s.database,
        Database::Sqlite(PathBuf::from("/etc/checkpoint/state").join(SQLITE_FILE))
    );
}

#[test]
fn file_errors_name_the_file_line_column_key_and_value() {
    let at = "/etc/checkpoint/checkpoint.toml";
    let table = [
        ("listen = \"localhost\"", "1:10: listen = \"localhost\": "),
        (
            "database = \"mysql://x\"",
            "1:12: database = \"mysql://x\": want",
        ),
        (
            "database = \"postgres://u:pw@h:port/c\"",
            "1:12: database = \"postgres://u:***@h:port/c\": invalid",
        ),
        ("retention = \"forever\"", "1:13: retention = \"forever\""),
        ("retention = \"-3d\"", "1:13: retention = \"-3d\""),
        (
            "flush_interval = \"1 fortnight\"",
            "1:18: flush_interval = \"1 fortnight\"",
        ),
        (
            "\nflush_interval = \"2h\"",
            "2:18: flush_interval = \"2h\": it must be at most 1h",
        ),
        ("min_installs = 0", "1:16: min_installs = \"0\": it must be"),
        (
            "[limits]\nmax_in_flight = 0",
            "2:17: limits.max_in_flight = \"0\"",
        ),
        (
            "[limits]\nheader_timeout = \"soon\"",
            "2:18: limits.header_timeout = \"soon\"",
        ),
        // Every value is bounded: none panics or makes every request fail.
        (
            "[limits]\nmax_connections = 9223372036854775807",
            "2:19: limits.max_connections = \"9223372036854775807\": it must be between 1 and 1000000",
        ),
        (
            "[limits]\nmax_in_flight = 9223372036854775807",
            "2:17: limits.max_in_flight = \"9223372036854775807\": it must be between 1 and 100000",
        ),
        (
            "[limits]\nmax_uri = 10",
            "2:11: limits.max_uri = \"10\": it must be between 64 and 8192",
        ),
        (
            "[limits]\nmax_buckets_per_day = 10",
            "2:23: limits.max_buckets_per_day = \"10\": it must be between 1000 and 10000000",
        ),
        (
            "[limits]\nrequest_timeout = \"0s\"",
            "2:19: limits.request_timeout = \"0s\": it must be between 100ms and 600s",
        ),
        (
            "[limits]\nwrite_timeout = \"1h\"",
            "2:17: limits.write_timeout = \"1h\": it must be between 100ms and 600s",
        ),
        (
            "store_timeout = \"0s\"",
            "1:17: store_timeout = \"0s\": it must be between 100ms and 600s",
        ),
        (
            "store_timeout = \"1d\"",
            "1:17: store_timeout = \"1d\": it must be between 100ms and 600s",
        ),
        ("colour = 1", "1:1: unknown field `colour`"),
        ("min_installs = -1", "1:16: min_installs: invalid value"),
        (
            "log_format = \"xml\"",
            "1:14: log_format: unknown variant `xml`",
        ),
        ("listen = [", "1:11: "),
    ];
    for (text, needle) in table {
        let e = resolve(Some(text), Flags::default())
            .unwrap_err()
            .to_string();
        assert!(e.starts_with(at), "{text}: {e}");
        assert!(e.contains(&format!("{at}:{needle}")), "{text}: {e}");
        assert!(!e.contains("pw@"), "{e}");
    }
}

#[test]
fn flag_errors_name_the_flag_key_and_value() {
    let e = resolve(
        None,
        serve(ServeFlags {
            retention: Some("forever".into()),
            ..ServeFlags::default()
        }),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("--retention: retention = \"forever\": "),
        "{e}"
    );
    let e = resolve(
        Some("listen = \"127.0.0.1:1\""),
        serve(ServeFlags {
            listen: Some("nowhere".into()),
            ..ServeFlags::default()
        }),
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("--listen: listen = \"nowhere\""), "{e}");
}

#[test]
fn the_config_file_is_read_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    std::fs::write(&path, "#".repeat((1 << 20) + 1)).unwrap();
    let e = ConfigFile::read(&path).unwrap_err().to_string();
    assert!(
        e.contains("big.toml") && e.contains("larger than 1 MiB"),
        "{e}"
    );
    let e = ConfigFile::read(&dir.path().join("none.toml"))
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("cannot read the config file"), "{e}");
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
fn database_urls() {
    for (url, path) in [
        ("sqlite:/x/y.db", "/x/y.db"),
        ("sqlite:///x/y.db", "/x/y.db"),
        ("sqlite:rel.db", "rel.db"),
    ] {
        assert_eq!(database(url), Ok(Database::Sqlite(PathBuf::from(path))));
    }
    assert!(database("sqlite:").is_err());
    for good in [
        "postgres://u@h/db",
        "postgresql://u:p@h:5433/db?sslmode=disable",
    ] {
        assert_eq!(database(good), Ok(Database::Postgres(good.to_string())));
    }
    assert!(database("postgres://u@h:port/db").is_err());
}

#[test]
fn passwords_are_redacted() {
    assert_eq!(
        redact_password("postgres://u:secret@h/db"),
        "postgres://u:***@h/db"
    );
    assert_eq!(redact_password("postgres://u@h/db"), "postgres://u@h/db");
    assert_eq!(redact_password("sqlite:/x"), "sqlite:/x");
}
