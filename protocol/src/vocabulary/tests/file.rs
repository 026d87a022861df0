//! The file format: the old format still loads, with its defaults; what is malformed is
//! rejected naming the file, the key and the value.

use super::*;

/// The vocabulary file as it was before the derived one: no releases, no bool flags, and
/// top-level value flags that apply everywhere.
const OLD_FORMAT: &str = r#"
value_flags = ["--namespace", "-n", "--kubeconfig"]

[add]
[add.cluster]
value_flags = ["--from-template", "--set"]

[get]
[get.app]
aliases = ["apps"]
"#;

#[test]
fn an_old_format_file_still_loads_with_its_defaults() {
    let vocab = Vocabulary::parse(OLD_FORMAT, Path::new("old.toml")).unwrap();
    let reduce = |line: &str| {
        let argv: Vec<&str> = line.split_whitespace().collect();
        let r = vocab.reduce_at(&argv, Some("0.38.0"));
        (r.object, r.command, r.recorded)
    };
    // Every command is runnable, the root too; unlisted flags take no value.
    assert_eq!(reduce(""), ("".into(), "gitops".into(), Ok(())));
    assert_eq!(reduce("get"), ("gitops".into(), "get".into(), Ok(())));
    assert_eq!(
        reduce("add cluster --dry-run --set k=v x"),
        ("add".into(), "cluster".into(), Ok(()))
    );
    // The top-level value flags apply below the root.
    assert_eq!(
        reduce("get -n ns apps"),
        ("get".into(), "app".into(), Ok(()))
    );
    assert_eq!(reduce("get --help").2, Err(NotRecorded::HelpAsked));
    assert_eq!(
        reduce("get apps --no-analytics").2,
        Err(NotRecorded::NoAnalytics)
    );
    assert!(vocab.allows("", "gitops"));
    assert!(vocab.allows("get", "app"));
    assert_eq!(vocab.release_of("0.38.0"), None);
}

#[test]
fn a_missing_key_has_its_default() {
    let text = r#"
release_tags = ["v1", "v2"]
[get]
runnable = false
[get.config]
releases = ["v2"]
bool_flags = ["--all", "-a"]
"#;
    let vocab = Vocabulary::parse(text, Path::new("c.toml")).unwrap();
    let reduce = |line: &str, version| {
        let argv: Vec<&str> = line.split_whitespace().collect();
        vocab.reduce_at(&argv, version).recorded
    };
    assert_eq!(reduce("get config -a", Some("v2")), Ok(()));
    assert_eq!(
        reduce("get config -h", Some("v2")),
        Err(NotRecorded::HelpAsked)
    );
    assert_eq!(
        reduce("get config", Some("v1")),
        Err(NotRecorded::NotRunnable {
            path: "gitops get".into()
        })
    );
    // A file that lists bool flags knows its flags: others are unknown.
    assert_eq!(
        reduce("get config --x", None),
        Err(NotRecorded::UnknownFlag { flag: "--x".into() })
    );
    // The root says nothing of `runnable` here, so it is runnable.
    assert_eq!(reduce("", None), Ok(()));
    let pairs = [("", "gitops"), ("get", "config"), ("gitops", "get")];
    assert_eq!(
        vocab.pairs(),
        pairs.map(|(o, c)| (o.to_string(), c.to_string()))
    );
}

#[test]
fn a_bad_vocabulary_names_its_file_key_and_value() {
    let tags = "release_tags = [\"v1\", \"v2\"]\n";
    let table = [
        (
            "[add]\naliases = 3\n",
            "add.aliases must be a list of strings",
        ),
        (
            "[\"has space\"]\n",
            "command name \"has space\" must be letters, digits, '-' or '_'",
        ),
        (
            "[add]\nreleases = [\"v1\"]\n",
            "add.releases needs release_tags at the top of the file",
        ),
        (
            &format!("{tags}[add]\nreleases = [\"v1..v3\"]\n"),
            "add.releases: \"v1..v3\" names \"v3\", which is not in release_tags",
        ),
        (
            &format!("{tags}[add]\nreleases = [\"v2..v1\"]\n"),
            "add.releases: \"v2..v1\" ends before it starts",
        ),
        (
            "[add.cluster]\nvalue_flags = [\"set\"]\n",
            "add.cluster.value_flags: \"set\" is not a flag (--name or -x)",
        ),
        (
            "[add]\nvalue_flags = [\"--set\"]\nbool_flags = [\"--set\"]\n",
            "add: --set is listed twice",
        ),
        (
            "[add]\nrunnable = \"yes\"\n",
            "add.runnable must be true, false or a list of releases, not \"yes\"",
        ),
        (
            &format!("{tags}[add]\nflag_releases = {{ \"--x\" = [\"v1\"] }}\n"),
            "add.flag_releases: \"--x\" is not a flag of this command",
        ),
        (
            &format!("{tags}[add]\nvalue_flags = [\"--t\"]\nflag_types = {{ \"--t\" = 3 }}\n"),
            "add.flag_types.--t must be a pflag type or a table of types and their releases, not 3",
        ),
        (
            &format!("{tags}cobra = {{ \"one\" = [\"v1\"] }}\n"),
            "cobra: \"one\" is not a version",
        ),
        (
            "[add]\nrunable = false\n",
            "add.runable is neither a command (a table) nor a key of a command table",
        ),
        (
            "release_tags = [\"v1\", \"v1\"]\n",
            "release_tags: \"v1\" is listed twice",
        ),
    ];
    for (text, message) in table {
        let err = Vocabulary::parse(text, Path::new("/x/cmds.toml")).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("/x/cmds.toml: {message}"),
            "{text}"
        );
    }
}

#[test]
fn the_builtin_vocabulary_is_the_derived_one() {
    assert!(BUILTIN.contains("# Made by: python3 protocol/scripts/derive-vocabulary.py"));
    let vocab = Vocabulary::builtin();
    assert_eq!(vocab.release_of("v0.6.0"), Some("v0.6.0"));
    assert_eq!(vocab.release_of("0.38.0"), Some("v0.38.0"));
    assert_eq!(vocab.release_of("0.14.0"), None, "there was no v0.14.0");
}
