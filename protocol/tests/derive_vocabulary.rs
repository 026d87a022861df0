//! The vocabulary generator, `scripts/derive-vocabulary.py`, run on a Weave GitOps of two
//! releases small enough to read, in `tests/fixtures/derive-vocabulary/`: `v0.1.0/` is the
//! first release's tree, a `go.mod` and a few Go files in the shapes the script evaluates (a
//! root built by a function, a package variable with an `init()`, a group, constructors across
//! packages, flag names from constants, flag types, a kubeconfig flag set with fields removed,
//! a local flag hiding a persistent one); `v0.2.0.diff` is what the second release changed
//! (newer cobra and cli-runtime, flags added, removed and retyped, `NoOptDefVal`, a hidden
//! command, one that parses no flags, a name the script cannot know). From them it must write
//! exactly `commands.toml` beside them, and warn of exactly what it could not follow; that
//! file must read as the two releases behaved.
//!
//! The script reads a git clone, so the test makes a bare one in Cargo's temporary directory:
//! the first tree committed, each diff applied to the commit before it, each commit tagged
//! with its release. It needs `python3` (the script uses the standard library only) and
//! `git`: without them it is skipped with a message, but under `CI=true` it fails. After a
//! deliberate change to the script or the fixture, rewrite the expected file (then run the
//! test again, and read the difference):
//!
//! ```text
//! REGENERATE_DERIVED=1 cargo test -p gitops-checkpoint-protocol --test derive_vocabulary
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

use checkpoint_protocol::vocabulary::{NotRecorded, Vocabulary};

/// The first release: a tree.
const FIRST: &str = "v0.1.0";
/// The later releases, each a `.diff` of the one before, in order.
const LATER: [&str; 1] = ["v0.2.0"];

/// What the script says on stderr about the fixture: the one name it cannot know.
const WARNINGS: &str =
    "warning: cmd/gitops/root/cmd.go@v0.2.0: Use is not a literal: strings.ToLower(__S21__)\n";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/derive-vocabulary")
}

fn expected_file() -> PathBuf {
    fixture().join("commands.toml")
}

/// Whether `program` runs; outside CI a missing one skips the test, under `CI=true` it fails.
fn available(program: &str) -> bool {
    let runs = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if !runs {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{program} is needed to test scripts/derive-vocabulary.py, and CI=true: install it"
        );
        eprintln!(
            "skipped: {program} is not installed, so scripts/derive-vocabulary.py is not tested"
        );
    }
    runs
}

/// Runs git on the clone `git_dir` (reading `work_tree`, if given, as its work tree), untouched
/// by the user's or the system's git configuration, and gives what it printed.
fn git(git_dir: &Path, work_tree: Option<&Path>, args: &[&str]) -> String {
    let mut cmd = Command::new("git");
    cmd.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env_remove("GIT_INDEX_FILE")
        .env("GIT_AUTHOR_NAME", "fixture")
        .env("GIT_AUTHOR_EMAIL", "fixture@example.invalid")
        .env("GIT_COMMITTER_NAME", "fixture")
        .env("GIT_COMMITTER_EMAIL", "fixture@example.invalid")
        .arg("--git-dir")
        .arg(git_dir);
    if let Some(work_tree) = work_tree {
        cmd.arg("--work-tree").arg(work_tree).current_dir(work_tree);
    }
    let out = cmd.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A bare clone with one commit per release of the fixture in `dir` (`first` a tree, each of
/// `later` a `.diff` of the one before), tagged with its name. Only the clone is written: the
/// first tree is read as a work tree, the diffs are applied to the index. Each clone has a
/// name of its own, since the tests run at once.
fn clone_of(dir: &Path, first: &str, later: &[&str]) -> PathBuf {
    static CLONES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CLONES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let clone = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("derive-vocabulary-{}-{n}.git", std::process::id()));
    let _ = std::fs::remove_dir_all(&clone);
    std::fs::create_dir_all(&clone).unwrap();
    git(&clone, None, &["init", "--quiet", "--bare"]);
    git(&clone, Some(&dir.join(first)), &["add", "--all"]);
    let mut parent: Option<String> = None;
    for &tag in std::iter::once(&first).chain(later) {
        if tag != first {
            let diff = dir.join(format!("{tag}.diff"));
            git(&clone, None, &["apply", "--cached", diff.to_str().unwrap()]);
        }
        let tree = git(&clone, None, &["write-tree"]);
        let mut commit = vec!["commit-tree", &tree, "-m", tag];
        if let Some(parent) = &parent {
            commit.extend(["-p", parent]);
        }
        let commit = git(&clone, None, &commit);
        git(&clone, None, &["tag", tag, &commit]);
        parent = Some(commit);
    }
    clone
}

/// The clone of the fixture's Weave GitOps releases.
fn clone_of_the_releases() -> PathBuf {
    clone_of(&fixture(), FIRST, &LATER)
}

/// Runs the script with `args`, and gives what it wrote to stdout and to stderr.
fn derive(args: &[&std::ffi::OsStr]) -> (String, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/derive-vocabulary.py");
    let out = Command::new("python3")
        .arg(&script)
        .args(args)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "the script failed: {stderr}");
    (stdout, stderr)
}

/// Compares what the script wrote with `expected` (or rewrites it under `REGENERATE_DERIVED`).
fn assert_derived(stdout: &str, expected: &Path) {
    if std::env::var_os("REGENERATE_DERIVED").is_some() {
        std::fs::write(expected, stdout).unwrap();
    }
    let shown = expected
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .display();
    let want_text = std::fs::read_to_string(expected).unwrap();
    if let Some((n, (got, want))) = stdout
        .lines()
        .zip(want_text.lines())
        .enumerate()
        .find(|(_, (got, want))| got != want)
    {
        panic!(
            "line {} of the derived vocabulary is\n  {got}\nnot, as in {shown},\n  {want}\n\
             (after a deliberate change: REGENERATE_DERIVED=1 cargo test -p gitops-checkpoint-protocol --test derive_vocabulary)",
            n + 1
        );
    }
    assert_eq!(
        stdout.lines().count(),
        want_text.lines().count(),
        "the derived vocabulary and {shown} differ in length"
    );
    assert_eq!(stdout, want_text);
}

#[test]
fn the_generator_derives_the_expected_vocabulary_from_the_fixture() {
    if !(available("python3") && available("git")) {
        return;
    }
    let clone = clone_of_the_releases();
    let (stdout, stderr) = derive(&[
        clone.as_os_str(),
        "--from".as_ref(),
        FIRST.as_ref(),
        "--to".as_ref(),
        LATER[LATER.len() - 1].as_ref(),
    ]);
    std::fs::remove_dir_all(&clone).unwrap();
    assert_derived(&stdout, &expected_file());
    assert_eq!(stderr, WARNINGS);
}

/// The expected file is a vocabulary this crate reads, and it tells the two releases apart as
/// their Go sources do: (what the line shows, release, line, the verbs recorded or why not).
#[test]
fn the_derived_vocabulary_reads_as_the_fixture_releases_behaved() {
    let unknown_flag = |flag: &str| NotRecorded::UnknownFlag { flag: flag.into() };
    let cases = [
        (
            "a constructor in another package, an alias, a flag name from a constant",
            "v0.1.0",
            "list clusters --timeout 5s -l 3",
            Ok(("get", "cluster")),
        ),
        (
            "a Duration flag rejects what time.ParseDuration does",
            "v0.1.0",
            "get cluster --timeout soon",
            Err(NotRecorded::BadFlag {
                flag: "--timeout".into(),
            }),
        ),
        (
            "a group has no Run",
            "v0.2.0",
            "get",
            Err(NotRecorded::NotRunnable {
                path: "gitops get".into(),
            }),
        ),
        (
            "--output is added in v0.2.0",
            "v0.1.0",
            "get cluster -o name",
            Err(unknown_flag("-o")),
        ),
        (
            "--output is added in v0.2.0",
            "v0.2.0",
            "get cluster -o name",
            Ok(("get", "cluster")),
        ),
        (
            "the root's --verbose until v0.1.0",
            "v0.1.0",
            "version -v",
            Ok(("gitops", "version")),
        ),
        (
            "the root's --verbose until v0.1.0",
            "v0.2.0",
            "version -v",
            Err(unknown_flag("-v")),
        ),
        (
            "NoOptDefVal: --watch takes no value from the next word",
            "v0.2.0",
            "get cluster --watch prod",
            Ok(("get", "cluster")),
        ),
        (
            "the kubeconfig flags left in, and check's own --namespace",
            "v0.1.0",
            "check --kubeconfig k --namespace ns",
            Ok(("gitops", "check")),
        ),
        (
            "a kubeconfig flag removed by its field set to nil",
            "v0.1.0",
            "check --server s",
            Err(unknown_flag("--server")),
        ),
        (
            "check's own --namespace hides the root's, shorthand and all",
            "v0.1.0",
            "check -n ns",
            Err(unknown_flag("-n")),
        ),
        (
            "run is added in v0.2.0",
            "v0.1.0",
            "run kubectl",
            Err(NotRecorded::UnknownCommand { word: "run".into() }),
        ),
        (
            "run is added in v0.2.0, and cobra does not parse its flags",
            "v0.2.0",
            "run kubectl --anything",
            Ok(("gitops", "run")),
        ),
    ];
    let text = std::fs::read_to_string(expected_file()).unwrap();
    let vocab = Vocabulary::parse(&text, &expected_file()).unwrap();
    for (what, version, line, want) in cases {
        let argv: Vec<&str> = line.split_whitespace().collect();
        let r = vocab.reduce_at(&argv, Some(version));
        match want {
            Ok(verbs) => assert_eq!(
                (r.recorded, (r.object.as_str(), r.command.as_str())),
                (Ok(()), verbs),
                "{what}: {version} {line:?}"
            ),
            Err(why) => assert_eq!(r.recorded, Err(why), "{what}: {version} {line:?}"),
        }
    }
    assert!(
        !vocab.names().iter().any(|n| n.eq_ignore_ascii_case("beta")),
        "the name made at run time is left out"
    );
    assert_eq!(vocab.release_of("0.2.0"), Some("v0.2.0"));
}

/// The enterprise fixture (`tests/fixtures/derive-vocabulary/enterprise/`): a
/// `weave-gitops-enterprise` module whose `cmd/gitops/app/root` builds on the fixture's
/// weave-gitops (`version.Cmd`, `get/cluster`), as the real one's `cmd/gitops/app/` builds on
/// weave-gitops at the version its `go.mod` requires. `v0.1.0` requires weave-gitops v0.1.0;
/// `v0.1.1-rc.1` is a pre-release with a command no release had (`create tenants`, as
/// weave-gitops v0.9.1-rc.1 had); `v0.2.0` requires weave-gitops v0.2.0 and makes
/// `bootstrap --private-key` persistent for its new `bootstrap auth` (as the enterprise CLI did
/// from v0.35.0) and gives `-s` to `--silent` (the enterprise `bootstrap -s` was
/// `--client-secret` in v0.35.0, `--bootstrap-flux` in v0.36.0, `--silent` from v0.38.0).
const ENTERPRISE_FIRST: &str = "v0.1.0";
/// The enterprise fixture's later tags, each a `.diff` of the one before.
const ENTERPRISE_LATER: [&str; 2] = ["v0.1.1-rc.1", "v0.2.0"];

fn enterprise_expected_file() -> PathBuf {
    fixture().join("enterprise/commands.toml")
}

#[test]
fn the_generator_derives_the_enterprise_cli_from_its_module_and_the_one_it_builds_on() {
    if !(available("python3") && available("git")) {
        return;
    }
    let oss = clone_of_the_releases();
    let enterprise = clone_of(
        &fixture().join("enterprise"),
        ENTERPRISE_FIRST,
        &ENTERPRISE_LATER,
    );
    let builds_on = format!("github.com/weaveworks/weave-gitops={}", oss.display());
    let (stdout, stderr) = derive(&[
        enterprise.as_os_str(),
        "--from".as_ref(),
        ENTERPRISE_FIRST.as_ref(),
        "--to".as_ref(),
        "v0.2.0".as_ref(),
        "--prereleases-with-new-commands".as_ref(),
        "--asset-name".as_ref(),
        "commands-enterprise.toml".as_ref(),
        "--builds-on".as_ref(),
        builds_on.as_ref(),
    ]);
    std::fs::remove_dir_all(&oss).unwrap();
    std::fs::remove_dir_all(&enterprise).unwrap();
    assert_derived(&stdout, &enterprise_expected_file());
    // -s takes a value at bootstrap in one release and none in another: said, not an error
    assert_eq!(stderr, "warning: mixed kinds: -s\n");
}

/// The enterprise expected file reads as its releases behaved: its own commands, the
/// weave-gitops ones at the version each release required, the pre-release's command.
#[test]
fn the_derived_enterprise_vocabulary_reads_as_the_fixture_releases_behaved() {
    let text = std::fs::read_to_string(enterprise_expected_file()).unwrap();
    let vocab = Vocabulary::parse(&text, &enterprise_expected_file()).unwrap();
    let unknown = |word: &str| NotRecorded::UnknownCommand { word: word.into() };
    let cases = [
        (
            "the seed's example, an enterprise command",
            "v0.1.0",
            "add cluster --from-template t --set k=v --dry-run",
            Ok(("add", "cluster")),
        ),
        (
            "weave-gitops v0.1.0's get cluster has no --output",
            "v0.1.0",
            "get clusters -o name",
            Err(NotRecorded::UnknownFlag { flag: "-o".into() }),
        ),
        (
            "v0.2.0 requires weave-gitops v0.2.0, whose get cluster has --output",
            "v0.2.0",
            "get clusters -o name",
            Ok(("get", "cluster")),
        ),
        (
            "weave-gitops' version command",
            "v0.2.0",
            "version",
            Ok(("gitops", "version")),
        ),
        (
            "a name given as the constructor's argument, through fmt.Sprintf",
            "v0.1.0",
            "generate gitopsset f.yaml -d",
            Ok(("generate", "gitopsset")),
        ),
        (
            "the pre-release's own command",
            "0.1.1-rc.1",
            "create tenants --from-file t.yaml",
            Ok(("create", "tenants")),
        ),
        (
            "which no release had",
            "v0.2.0",
            "create tenants --from-file t.yaml",
            Err(unknown("create")),
        ),
        (
            "a flag local where the command had no subcommand, persistent once it had one",
            "v0.2.0",
            "bootstrap auth --private-key k -t token",
            Ok(("bootstrap", "auth")),
        ),
        (
            "-s is --client-secret's in v0.1.0: it takes auth as its value",
            "v0.1.0",
            "bootstrap -s auth",
            Ok(("gitops", "bootstrap")),
        ),
        (
            "-s is --silent's in v0.2.0, which takes none",
            "v0.2.0",
            "bootstrap -s auth",
            Ok(("bootstrap", "auth")),
        ),
        (
            "no bootstrap auth before v0.2.0: auth is an argument",
            "v0.1.0",
            "bootstrap auth --private-key k",
            Ok(("gitops", "bootstrap")),
        ),
    ];
    for (what, version, line, want) in cases {
        let argv: Vec<&str> = line.split_whitespace().collect();
        let r = vocab.reduce_at(&argv, Some(version));
        match want {
            Ok(verbs) => assert_eq!(
                (r.recorded, (r.object.as_str(), r.command.as_str())),
                (Ok(()), verbs),
                "{what}: {version} {line:?}"
            ),
            Err(why) => assert_eq!(r.recorded, Err(why), "{what}: {version} {line:?}"),
        }
    }
    assert_eq!(vocab.release_of("0.1.1-rc.1"), Some("v0.1.1-rc.1"));
}
