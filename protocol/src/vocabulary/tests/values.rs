//! Go's parsers behind the flag types, on the values that decide.

use super::super::values::*;

#[test]
fn bools_as_strconv_reads_them() {
    for (s, b) in [
        ("true", Some(true)),
        ("T", Some(true)),
        ("1", Some(true)),
        ("False", Some(false)),
        ("0", Some(false)),
    ] {
        assert_eq!(parse_bool(s), b, "{s}");
    }
    for s in ["yes", "TRue", "", " true"] {
        assert_eq!(parse_bool(s), None, "{s}");
    }
}

#[test]
fn ints_as_strconv_reads_them_with_base_zero() {
    let table = [
        ("9001", Some(9001)),
        ("-7", Some(-7)),
        ("+7", Some(7)),
        ("0x1F", Some(31)),
        ("0o17", Some(15)),
        ("017", Some(15)),
        ("0b101", Some(5)),
        ("1_000", Some(1000)),
        ("0", Some(0)),
        ("9223372036854775807", Some(i64::MAX)),
        ("-9223372036854775808", Some(i64::MIN)),
        ("9223372036854775808", None),
        ("08", None),
        ("0x", None),
        ("_1", None),
        ("1__0", None),
        ("1_", None),
        ("", None),
        ("-", None),
        ("12a", None),
    ];
    for (s, n) in table {
        assert_eq!(parse_int(s), n, "{s:?}");
    }
}

#[test]
fn durations_as_time_reads_them() {
    const S: i128 = 1_000_000_000;
    let table = [
        ("3m", Some(180 * S)),
        ("1h30m", Some(5400 * S)),
        ("1.5s", Some(1_500_000_000)),
        (".5s", Some(500_000_000)),
        ("-2s", Some(-2 * S)),
        ("0", Some(0)),
        ("1µs", Some(1000)),
        ("1μs", Some(1000)),
        ("300ms", Some(300_000_000)),
        ("", None),
        ("3", None),
        ("3 m", None),
        ("1d", None),
        (".s", None),
        ("soon", None),
        ("9999999999h", None),
    ];
    for (s, d) in table {
        assert_eq!(parse_duration(s), d, "{s:?}");
    }
}

#[test]
fn slices_and_maps_as_pflag_reads_them() {
    for s in ["", "a", "a,b", "\"a,b\",c", "\"say \"\"hi\"\"\"", "a\nb\"c"] {
        assert!(string_slice_ok(s), "{s:?}");
    }
    for s in ["a\"b", "\"a", "\"a\"b", "\n"] {
        assert!(!string_slice_ok(s), "{s:?}");
    }
    for s in [
        "git.example.com=gitlab",
        "a=b,c=d",
        "\"a=b\"",
        "a=b,\"c=d,e\"",
    ] {
        assert!(string_to_string_ok(s), "{s:?}");
    }
    for s in ["git.example.com", "a=b,\"c=d", ""] {
        assert!(!string_to_string_ok(s), "{s:?}");
    }
}
