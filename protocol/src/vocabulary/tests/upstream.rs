//! Every line of `tests/fixtures/upstream-command-lines.toml` (real `gitops` command lines with
//! what each release did) reduced at its release: the command the release recorded, or ran
//! when only its own recording code kept the line out, or "not recorded" for the reason cobra
//! gave up. Lines whose only reason is one this project does not model are listed in
//! [`SKIPPED`] with that reason.

use super::*;
use serde::Deserialize;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/upstream-command-lines.toml"
);

/// (source, argv, why not checked): cobra `Args` validators are not modelled, so these lines,
/// which no release ran, are recorded here.
const SKIPPED: [(&str, &str, &str); 3] = [
    (
        "derived from weaveworks/weave-gitops@v0.38.0:cmd/gitops/create/terraform/cmd.go:34",
        "create terraform --source GitRepository/my-project --path ./terraform",
        "cobra Args (ExactArgs(1), no resource name) is not modelled",
    ),
    (
        "derived from weaveworks/weave-gitops@v0.38.0:website/versioned_docs/version-0.38.0/references/cli-reference/gitops_completion_bash.md:30",
        "completion bash extra",
        "cobra Args (NoArgs of the completion shells) is not modelled",
    ),
    (
        "derived from weaveworks/weave-gitops@v0.7.0:website/versioned_docs/version-0.6.0/cli-reference/gitops_beta_add_app.md:13",
        "beta add app --config-repo ssh://git@github.com/me/mygitopsrepo.git",
        "cobra Args (beta add app's own Args func, a name required) is not modelled",
    ),
];

#[derive(Deserialize)]
struct Fixture {
    line: Vec<Line>,
}

#[derive(Deserialize)]
struct Line {
    source: String,
    argv: Vec<String>,
    release: String,
    object: Option<String>,
    command: Option<String>,
    #[serde(default = "yes")]
    recorded: bool,
    runs: Option<String>,
    why: Option<String>,
}

fn yes() -> bool {
    true
}

/// What our rule gives for a line.
#[derive(Debug, PartialEq)]
enum Expected {
    Recorded(String, String),
    Not(NotRecorded),
}

/// The verbs of a command path as the releases reported them (`get template terraform` →
/// `template`/`terraform`).
fn verbs_of(path: &str) -> (String, String) {
    let names: Vec<&str> = path.split_whitespace().collect();
    match names.as_slice() {
        [only] => (ROOT.to_string(), only.to_string()),
        [.., parent, last] => (parent.to_string(), last.to_string()),
        [] => panic!("empty runs"),
    }
}

/// The text between `open` and `close` in `why`.
fn between<'w>(why: &'w str, open: &str, close: &str) -> &'w str {
    let start = why.find(open).map(|i| i + open.len()).expect(open);
    let len = why[start..].find(close).expect(close);
    &why[start..start + len]
}

/// The reason cobra gave up, from the line's `why`; `None` for a reason not modelled.
fn reason(why: &str) -> Option<NotRecorded> {
    Some(if why.starts_with("--help/-h") {
        NotRecorded::HelpAsked
    } else if why.contains("Find/stripFlags stops at the root") {
        NotRecorded::UnknownCommand {
            word: between(why, "unknown command \"", "\"").to_string(),
        }
    } else if why.contains("(unknown flag: ") {
        NotRecorded::UnknownFlag {
            flag: between(why, "(unknown flag: ", ")").to_string(),
        }
    } else if why.contains("(unknown shorthand flag: '") {
        NotRecorded::UnknownFlag {
            flag: format!("-{}", between(why, "(unknown shorthand flag: '", "'")),
        }
    } else if why.contains("pflag rejects the line") {
        NotRecorded::BadFlag {
            flag: String::new(),
        }
    } else if why.contains("has no Run/RunE")
        || why.contains("a group without Run/RunE")
        || why.contains("whose help is printed")
    {
        NotRecorded::NotRunnable {
            path: String::new(),
        }
    } else if why.contains("Args check fails") {
        return None;
    } else {
        panic!("a reason this test does not know: {why}")
    })
}

fn expected(line: &Line) -> Option<Expected> {
    let why = line.why.as_deref().unwrap_or_default();
    if line.recorded {
        let object = line.object.clone().expect("object");
        let command = line.command.clone().expect("command");
        if (object.as_str(), command.as_str()) == (ROOT, SHELL_COMPLETION) {
            // The releases recorded each Tab press; this project never does.
            return Some(Expected::Not(NotRecorded::ShellCompletion));
        }
        return Some(Expected::Recorded(object, command));
    }
    if let Some(runs) = &line.runs {
        if why.starts_with("--no-analytics") {
            // The releases' hook returned before recording; here nothing is recorded either.
            return Some(Expected::Not(NotRecorded::NoAnalytics));
        }
        // Only the release's own recording code (or its hook) kept it out: our rule records
        // every command cobra runs with the root's hooks reached.
        let (object, command) = verbs_of(runs);
        return Some(Expected::Recorded(object, command));
    }
    reason(why).map(Expected::Not)
}

/// Compares with the detail the fixture gives: the word of an unknown command, the flag of an
/// unknown one; the path of a group and the flag of a bad value are not in `why`'s words.
fn matches(want: &Expected, got: &Reduction) -> bool {
    match (want, &got.recorded) {
        (Expected::Recorded(o, c), Ok(())) => (o, c) == (&got.object, &got.command),
        (Expected::Not(NotRecorded::NotRunnable { .. }), Err(NotRecorded::NotRunnable { .. }))
        | (Expected::Not(NotRecorded::BadFlag { .. }), Err(NotRecorded::BadFlag { .. })) => true,
        (Expected::Not(want), Err(got)) => want == got,
        _ => false,
    }
}

#[test]
fn every_upstream_line_reduces_as_its_release_did() {
    let text = std::fs::read_to_string(FIXTURE).expect("the fixture of upstream command lines");
    let fixture: Fixture = toml::from_str(&text).expect("the fixture parses");
    let vocab = Vocabulary::builtin();
    let (mut checked, mut skipped, mut failures) = (0, Vec::new(), Vec::new());
    for line in &fixture.line {
        let argv = line.argv.join(" ");
        let Some(want) = expected(line) else {
            skipped.push((line.source.as_str(), argv));
            continue;
        };
        assert!(
            vocab.release_of(&line.release).is_some(),
            "{}: release {} is not in the vocabulary",
            line.source,
            line.release
        );
        let got = vocab.reduce_at(&line.argv, Some(&line.release));
        checked += 1;
        if !matches(&want, &got) {
            failures.push(format!(
                "{}\n  gitops {argv}  (at {})\n  want {want:?}\n  got  ({:?}, {:?}) {:?}",
                line.source, line.release, got.object, got.command, got.recorded
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} lines differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let listed: Vec<(&str, String)> = SKIPPED
        .iter()
        .map(|(s, a, _)| (*s, a.to_string()))
        .collect();
    assert_eq!(
        skipped, listed,
        "the skipped lines are exactly those of SKIPPED"
    );
    assert_eq!(checked + skipped.len(), fixture.line.len());
}

/// The enterprise docs' `create tenants` lines of the fixture (weave-gitops
/// `website/versioned_docs/version-*/enterprise/multi-tenancy.mdx` and `workspaces/`), which
/// the weave-gitops releases reject, are what they are: `(create, tenants)` in the union of
/// the weave-gitops tree (which has the pre-releases v0.9.1-rc.1 and rc.2 that shipped the
/// command), recorded at v0.9.1-rc.1, and recorded by the enterprise CLI of the line's release.
#[test]
fn the_documented_create_tenants_lines_are_create_tenants() {
    let text = std::fs::read_to_string(FIXTURE).expect("the fixture of upstream command lines");
    let fixture: Fixture = toml::from_str(&text).expect("the fixture parses");
    let oss = Vocabulary::builtin();
    let enterprise = Vocabulary::builtin_of(Edition::Enterprise);
    let lines: Vec<&Line> = fixture
        .line
        .iter()
        .filter(|l| {
            l.argv
                .starts_with(&["create".to_string(), "tenants".to_string()])
        })
        .collect();
    assert!(lines.len() >= 4, "the fixture has its create tenants lines");
    let pair = |r: &Reduction| (r.object.clone(), r.command.clone());
    let tenants = ("create".to_string(), "tenants".to_string());
    for line in lines {
        let what = format!("{}: gitops {}", line.source, line.argv.join(" "));
        assert_eq!(pair(&oss.reduce(&line.argv)), tenants, "{what} (the union)");
        let rc = oss.reduce_at(&line.argv, Some("0.9.1-rc.1"));
        assert_eq!(
            (pair(&rc), rc.recorded),
            (tenants.clone(), Ok(())),
            "{what} at v0.9.1-rc.1"
        );
        assert!(
            enterprise.release_of(&line.release).is_some(),
            "{what}: {} is an enterprise release",
            line.release
        );
        let ee = enterprise.reduce_at(&line.argv, Some(&line.release));
        assert_eq!(
            (pair(&ee), ee.recorded),
            (tenants.clone(), Ok(())),
            "{what}: the enterprise CLI {}",
            line.release
        );
    }
}
