//! What weave-gitops' own CLI really sent, accepted: every query of
//! `tests/fixtures/upstream-queries.toml`, one `[[tag]]` per release of the checkpoint era
//! (v0.6.0..v0.10.2), each made as that release made it. The fixture names the files read at
//! each tag of github.com/weaveworks/weave-gitops (`cmd/gitops/version/cmd.go`, whose
//! `CheckpointParamsWithFlags` sets only `Flags{"object", "command"}`, its callers,
//! `.goreleaser.yml` and `Makefile` for the version) and go-checkpoint's `Check` (ebbb8b0,
//! `checkpoint.go`: `url.Values.Encode`). None of these queries has a `flag_rc`; the v0.6.x
//! command checks were refused with `partial_flags` before `flag_rc` became optional.

use checkpoint_protocol::query::go_query_escape;
use checkpoint_protocol::received::{CheckRules, SignatureShape};
use checkpoint_protocol::vocabulary::Vocabulary;
use serde::Deserialize;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/upstream-queries.toml"
);

/// Every release tag from v0.6.0 to v0.10.2, the releases whose CLI called go-checkpoint.
const CHECKPOINT_ERA: [&str; 16] = [
    "v0.6.0", "v0.6.1", "v0.6.2", "v0.7.0", "v0.8.0", "v0.8.1", "v0.9.0", "v0.9.1", "v0.9.2",
    "v0.9.3", "v0.9.4", "v0.9.5", "v0.9.6", "v0.10.0", "v0.10.1", "v0.10.2",
];

/// go-checkpoint's `getSystemUUID()` of the fixture's DMI UUID (see the fixture's header).
const ROOT_SIGNATURE: &str = "OSmGR/hDCO8k20ui0RWrj7oFdG27tByB/o+lIe30MSE=";

#[derive(Deserialize)]
struct Fixture {
    tag: Vec<Tag>,
}

#[derive(Deserialize)]
struct Tag {
    tag: String,
    query: Vec<Query>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Query {
    line: String,
    build: String,
    #[serde(rename = "as")]
    who: String,
    os: String,
    arch: String,
    files: Vec<String>,
    query: String,
    object: Option<String>,
    command: Option<String>,
}

fn fixture() -> Fixture {
    toml::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap()
}

/// `url.Values.Encode` (keys sorted, `url.QueryEscape`) of what the fixture says was set.
fn go_encode(pairs: &mut [(&str, &str)]) -> String {
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", go_query_escape(k), go_query_escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn the_fixture_has_every_checkpoint_era_tag_and_each_query_is_what_go_checkpoint_encodes() {
    let fixture = fixture();
    let tags: Vec<&str> = fixture.tag.iter().map(|t| t.tag.as_str()).collect();
    assert_eq!(tags, CHECKPOINT_ERA);
    for tag in &fixture.tag {
        for q in &tag.query {
            let version = match q.build.as_str() {
                "release" => tag.tag.strip_prefix('v').unwrap(),
                "source" => tag.tag.as_str(),
                other => panic!("{}: build {other:?}", tag.tag),
            };
            let signature = match q.who.as_str() {
                "user" => "",
                "root" => ROOT_SIGNATURE,
                other => panic!("{}: as {other:?}", tag.tag),
            };
            let mut pairs = vec![
                ("version", version),
                ("arch", q.arch.as_str()),
                ("os", q.os.as_str()),
                ("signature", signature),
            ];
            if let (Some(object), Some(command)) = (&q.object, &q.command) {
                pairs.push(("flag_object", object));
                pairs.push(("flag_command", command));
            }
            assert_eq!(
                go_encode(&mut pairs),
                q.query,
                "{} `gitops {}`",
                tag.tag,
                q.line
            );
            assert!(!q.query.contains("flag_rc"), "{}", q.query);
            assert!(
                q.files.iter().any(|f| f == "cmd/gitops/version/cmd.go"),
                "{}: the file that builds the check is named",
                tag.tag
            );
        }
    }
}

#[test]
fn every_query_weave_gitops_sent_is_accepted_as_the_command_it_ran() {
    let rules = CheckRules::new(&Vocabulary::builtin());
    let mut commands = 0;
    for tag in fixture().tag {
        for q in &tag.query {
            let at = format!(
                "weave-gitops@{}:{} (`gitops {}`): {}",
                tag.tag,
                q.files.join(", "),
                q.line,
                q.query
            );
            let check = rules
                .parse(&q.query)
                .unwrap_or_else(|e| panic!("{at}: refused, {}", e.reason()));
            let pair = check.verbs.map(|v| rules.pair(v.pair).unwrap());
            let want = q.object.as_deref().zip(q.command.as_deref());
            assert_eq!(pair, want, "{at}");
            commands += usize::from(pair.is_some());
            // The release's version, one row whether it came with a `v` or not.
            assert_eq!(check.version, tag.tag.strip_prefix('v').unwrap(), "{at}");
            assert!(!check.rc && check.flag_rc.is_none() && !check.rc_disagrees());
            let shape = match q.who.as_str() {
                "root" => SignatureShape::Scrypt,
                _ => SignatureShape::Empty,
            };
            assert_eq!(check.signature_shape, shape, "{at}");
            assert_eq!((check.os, check.arch), (q.os.as_str(), q.arch.as_str()));
        }
    }
    // v0.6.0..v0.6.2: seven commands from a user, one as root, one from a source build.
    assert_eq!(commands, 3 * 9);
}
