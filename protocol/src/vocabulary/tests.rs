use super::*;

mod file;
mod properties;
mod upstream;
mod values;

/// The verbs of a line in the union of the releases, and why it is not recorded, if it is not.
fn union(line: &str) -> (String, String, Result<(), NotRecorded>) {
    at(line, None)
}

fn at(line: &str, version: Option<&str>) -> (String, String, Result<(), NotRecorded>) {
    let argv: Vec<&str> = line.split_whitespace().collect();
    let r = Vocabulary::builtin().reduce_at(&argv, version);
    (r.object, r.command, r.recorded)
}

fn unknown_flag(flag: &str) -> Result<(), NotRecorded> {
    Err(NotRecorded::UnknownFlag { flag: flag.into() })
}

fn group(path: &str) -> Result<(), NotRecorded> {
    Err(NotRecorded::NotRunnable { path: path.into() })
}

fn unknown_command(word: &str) -> Result<(), NotRecorded> {
    Err(NotRecorded::UnknownCommand { word: word.into() })
}

#[test]
fn command_lines_reduce_to_two_verbs() {
    let table = [
        (
            "add cluster --from-template t --set k=v --dry-run",
            "add",
            "cluster",
            Ok(()),
        ),
        ("version", "gitops", "version", Ok(())),
        // The root has no Run in any release (cmd/gitops/root/cmd.go@v0.38.0): help only.
        ("", "", "gitops", group("gitops")),
        ("--help", "", "gitops", Err(NotRecorded::HelpAsked)),
        ("get clusters", "get", "cluster", Ok(())),
        ("get apps my-app -n flux-system", "get", "app", Ok(())),
        ("-n flux-system get templates", "get", "template", Ok(())),
        ("--namespace=flux-system get app", "get", "app", Ok(())),
        (
            "--kubeconfig /tmp/kc delete tf my-plan",
            "delete",
            "terraform",
            Ok(()),
        ),
        // Its ExactArgs(1) would fail without a name; cobra Args is not modelled.
        ("create tf", "create", "terraform", Ok(())),
        // beta add app has no --name (cmd/gitops/beta/cmd/add/app.go@v0.6.0).
        (
            "beta add app --name x",
            "add",
            "app",
            unknown_flag("--name"),
        ),
        ("beta run ./dir", "beta", "run", Ok(())),
        (
            "check oidc-config --client-id abc",
            "check",
            "oidc-config",
            Ok(()),
        ),
        ("get secret-stuff", "gitops", "get", group("gitops get")),
        (
            "my-cluster get app",
            "",
            "gitops",
            unknown_command("my-cluster"),
        ),
        ("get -- app", "gitops", "get", group("gitops get")),
        ("ui run --port 9001", "ui", "run", Ok(())),
        ("upgrade --version 0.7.0", "gitops", "upgrade", Ok(())),
        (
            "add app --url https://github.com/me/secret-repo",
            "add",
            "app",
            Ok(()),
        ),
        ("-u admin -p hunter2 get config", "get", "config", Ok(())),
        ("help get config", "gitops", "help", Ok(())),
        ("completion bash", "completion", "bash", Ok(())),
        (
            "completion",
            "gitops",
            "completion",
            group("gitops completion"),
        ),
        ("get template terraform", "template", "terraform", Ok(())),
        ("beta add app x", "add", "app", Ok(())),
    ];
    for (line, object, command, recorded) in table {
        assert_eq!(
            union(line),
            (object.to_string(), command.to_string(), recorded),
            "{line:?}"
        );
    }
}

/// cobra's own rules, each shown on a line of the release where it matters.
#[test]
fn lines_walk_as_cobra_walked_them() {
    let table = [
        // While cobra walks, --help is not a flag yet: it takes the next word as its value.
        (
            "v0.38.0",
            "--help get config",
            "",
            "gitops",
            unknown_command("config"),
        ),
        (
            "v0.38.0",
            "get config --help",
            "get",
            "config",
            Err(NotRecorded::HelpAsked),
        ),
        ("v0.38.0", "get config -h=false", "get", "config", Ok(())),
        ("v0.38.0", "get config -- --help", "get", "config", Ok(())),
        // A flag group is skipped whole, so its value is read as a command.
        (
            "v0.38.0",
            "-un admin get config",
            "",
            "gitops",
            unknown_command("admin"),
        ),
        (
            "v0.38.0",
            "-nflux-system get config",
            "get",
            "config",
            Ok(()),
        ),
        // An unknown flag takes the next word while walking, and fails once parsed.
        (
            "v0.38.0",
            "--unknown-flag get config",
            "",
            "gitops",
            unknown_command("config"),
        ),
        (
            "v0.38.0",
            "--unknown-flag=1 get config",
            "get",
            "config",
            unknown_flag("--unknown-flag"),
        ),
        // Before cobra 1.7.0 (v0.28.0) the command word is removed where it first appears,
        // here as -n's value; from 1.7.0 (v0.29.0) flag values are skipped.
        (
            "v0.28.0",
            "-n get -e https://x get config",
            "gitops",
            "get",
            group("gitops get"),
        ),
        (
            "v0.29.0",
            "-n get -e https://x get config",
            "get",
            "config",
            Ok(()),
        ),
        // Flags existed in some releases only: -n from v0.13.0, --no-analytics from v0.14.1.
        (
            "v0.11.0",
            "remove run -n dev",
            "remove",
            "run",
            unknown_flag("-n"),
        ),
        ("v0.13.0", "remove run -n dev", "remove", "run", Ok(())),
        (
            "v0.13.0",
            "--no-analytics get config",
            "",
            "gitops",
            unknown_command("config"),
        ),
        (
            "v0.38.0",
            "--no-analytics get config",
            "get",
            "config",
            Err(NotRecorded::NoAnalytics),
        ),
        (
            "v0.38.0",
            "--no-analytics=false get config",
            "get",
            "config",
            Ok(()),
        ),
        // create dashboard's own --username hides the root's, and its shorthand with it.
        (
            "v0.38.0",
            "create dashboard d -u admin",
            "create",
            "dashboard",
            unknown_flag("-u"),
        ),
        // Commands existed in some releases only.
        (
            "v0.7.0",
            "install",
            "",
            "gitops",
            unknown_command("install"),
        ),
        ("v0.6.0", "install", "gitops", "install", Ok(())),
        // flux did not parse its flags (DisableFlagParsing), so --help went to flux.
        ("v0.6.0", "flux --help status", "gitops", "flux", Ok(())),
        // A value its type cannot read.
        (
            "v0.38.0",
            "--git-host-types git.example.com get config",
            "get",
            "config",
            Err(NotRecorded::BadFlag {
                flag: "--git-host-types".into(),
            }),
        ),
        (
            "v0.38.0",
            "create --timeout 5m dashboard d",
            "create",
            "dashboard",
            Ok(()),
        ),
        (
            "v0.38.0",
            "create --timeout soon dashboard d",
            "create",
            "dashboard",
            Err(NotRecorded::BadFlag {
                flag: "--timeout".into(),
            }),
        ),
        (
            "v0.38.0",
            "get config -n",
            "get",
            "config",
            Err(NotRecorded::BadFlag { flag: "-n".into() }),
        ),
        // pflag reads shorthands byte by byte; a letter outside ASCII is no shorthand.
        (
            "v0.38.0",
            "get config -€x",
            "get",
            "config",
            unknown_flag("-€"),
        ),
        // Tab presses.
        (
            "v0.38.0",
            "__complete get",
            "gitops",
            "__complete",
            Err(NotRecorded::ShellCompletion),
        ),
        (
            "v0.38.0",
            "__completeNoDesc get --help",
            "gitops",
            "__complete",
            Err(NotRecorded::ShellCompletion),
        ),
    ];
    for (release, line, object, command, recorded) in table {
        assert_eq!(
            at(line, Some(release)),
            (object.to_string(), command.to_string(), recorded),
            "{line:?} at {release}"
        );
    }
}

#[test]
fn an_unknown_version_walks_the_union_with_the_newest_cobra() {
    let vocab = Vocabulary::builtin();
    assert_eq!(vocab.release_of("0.38.0"), Some("v0.38.0"));
    assert_eq!(vocab.release_of("v0.6.2"), Some("v0.6.2"));
    for version in [
        None,
        Some("0.39.0"),
        Some("0.38.0-rc.1"),
        Some("not a version"),
    ] {
        assert_eq!(
            at("-n get -e https://x get config", version),
            ("get".into(), "config".into(), Ok(())),
            "{version:?}"
        );
        // Every release's commands: v0.6 install and v0.38 get config both exist.
        assert_eq!(at("install", version).2, Ok(()));
        assert_eq!(at("check oidc-config", version).2, Ok(()));
    }
}

#[test]
fn fates_say_what_is_not_sent() {
    let r = Vocabulary::builtin().reduce(&[
        "add",
        "cluster",
        "--from-template",
        "t",
        "--set",
        "k=v",
        "--dry-run",
    ]);
    let dropped: Vec<&str> = r.dropped().collect();
    assert_eq!(
        dropped,
        ["--from-template", "t", "--set", "k=v", "--dry-run"]
    );
    assert_eq!(r.words[1].1, Fate::Command("cluster".into()));
    assert_eq!(r.words[3].1, Fate::FlagValue);
    assert_eq!(r.words[6].1, Fate::Flag);
    // cobra v1.6.1 took -n's value `get` for the command word.
    let r = Vocabulary::builtin().reduce_at(&["-n", "get", "get", "x"], Some("0.28.0"));
    let fates: Vec<&Fate> = r.words.iter().map(|(_, f)| f).collect();
    assert_eq!(
        fates,
        [
            &Fate::Flag,
            &Fate::Command("get".into()),
            &Fate::FlagValue,
            &Fate::Argument
        ]
    );
}

#[test]
fn each_reason_is_one_plain_sentence() {
    let table = [
        (
            NotRecorded::UnknownCommand {
                word: "bootstrap".into(),
            },
            "\"bootstrap\" is not a gitops command, so gitops stops with an error and runs nothing.",
        ),
        (
            NotRecorded::NotRunnable {
                path: "gitops get".into(),
            },
            "gitops get is a group of commands, so it only prints its help and runs nothing.",
        ),
        (
            NotRecorded::HelpAsked,
            "help was asked for (--help or -h), so gitops only prints it and runs nothing.",
        ),
        (
            NotRecorded::UnknownFlag { flag: "--x".into() },
            "--x is not a flag of this command, so gitops stops with an error and runs nothing.",
        ),
        (
            NotRecorded::BadFlag {
                flag: "--timeout".into(),
            },
            "--timeout lacks a value or has one gitops cannot read, so gitops stops with an error and runs nothing.",
        ),
        (
            NotRecorded::NoAnalytics,
            "--no-analytics was given, which asks that this command not be recorded.",
        ),
        (
            NotRecorded::ShellCompletion,
            "this is a shell asking for completions (a Tab press), which is never recorded.",
        ),
    ];
    for (reason, sentence) in table {
        assert_eq!(reason.to_string(), sentence);
    }
}

#[test]
fn a_reduction_says_in_json_why_it_is_not_recorded() {
    let vocab = Vocabulary::builtin();
    let json = serde_json::to_value(vocab.reduce(&["get", "--help"])).unwrap();
    assert_eq!(json["not_recorded"]["reason"], "help-asked");
    assert!(
        json["not_recorded"]["sentence"]
            .as_str()
            .unwrap()
            .starts_with("help was asked")
    );
    let json = serde_json::to_value(vocab.reduce(&["get", "-x"])).unwrap();
    assert_eq!(json["not_recorded"]["reason"], "unknown-flag");
    assert_eq!(json["not_recorded"]["flag"], "-x");
    let json = serde_json::to_value(vocab.reduce(&["version"])).unwrap();
    assert!(json["not_recorded"].is_null());
}

#[test]
fn every_vocabulary_name_of_the_spec_is_there() {
    let names = Vocabulary::builtin().names();
    for name in [
        "add",
        "app",
        "cluster",
        "profile",
        "beta",
        "init",
        "install",
        "run",
        "check",
        "oidc-config",
        "create",
        "dashboard",
        "terraform",
        "delete",
        "docs",
        "flux",
        "get",
        "bcrypt-hash",
        "commits",
        "config",
        "credential",
        "template",
        "logs",
        "remove",
        "replan",
        "resume",
        "set",
        "suspend",
        "ui",
        "uninstall",
        "upgrade",
        "version",
        "help",
        "completion",
        "bash",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} missing");
    }
}

#[test]
fn pairs_are_what_a_reduction_can_give() {
    let vocab = Vocabulary::builtin();
    for (object, command) in [
        ("add", "cluster"),
        ("gitops", "version"),
        ("gitops", "help"),
        ("completion", "bash"),
        ("template", "terraform"),
        ("add", "app"),
        ("gitops", "flux"),
        // Never recorded, but what a bare `gitops`, `gitops get x` or a Tab press reduce to.
        ("", "gitops"),
        ("gitops", "get"),
        ("gitops", "__complete"),
    ] {
        assert!(vocab.allows(object, command), "({object}, {command})");
    }
    for (object, command) in [
        ("secret-project", "--token=hunter2"),
        ("get", "add"),
        ("gitops", "gitops"),
        ("", "get"),
        ("gitops", "app"),
    ] {
        assert!(!vocab.allows(object, command), "({object}, {command})");
    }
    let pairs = vocab.pairs();
    assert!(pairs.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
    assert!(pairs.iter().all(|(o, c)| vocab.allows(o, c)));
    let names = vocab.names();
    assert!(
        pairs
            .iter()
            .all(|(o, c)| (o.is_empty() || names.contains(o)) && names.contains(c))
    );
}

/// Issue 21: `record -- gitops get app` and a typed `gitops get app` are `get app`, not an
/// unknown command `gitops`; the program's name is never sent.
#[test]
fn a_leading_gitops_word_is_the_program() {
    for edition in Edition::ALL {
        let vocab = Vocabulary::builtin_of(edition);
        for (line, version) in [
            (&["get", "config"][..], Some("0.38.0")),
            (&["version"][..], None),
            (&["get"][..], Some("0.38.0")),
            (&[][..], None),
        ] {
            let with: Vec<&str> = std::iter::once("gitops")
                .chain(line.iter().copied())
                .collect();
            let (bare, named) = (
                vocab.reduce_at(line, version),
                vocab.reduce_at(&with, version),
            );
            assert_eq!(
                (&named.object, &named.command, &named.recorded),
                (&bare.object, &bare.command, &bare.recorded),
                "{edition}: gitops {line:?}"
            );
            assert_eq!(named.words[0], ("gitops".to_string(), Fate::Program));
            assert_eq!(named.words[1..], bare.words[..]);
            assert_eq!(named.dropped().next(), Some("gitops"));
        }
    }
    let r = Vocabulary::builtin().reduce(&["gitops", "get", "config"]);
    assert_eq!(
        (r.object.as_str(), r.command.as_str(), r.recorded),
        ("get", "config", Ok(()))
    );
}
