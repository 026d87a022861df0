//! The real Go client: HashiCorp's go-checkpoint 0.5.0, as Debian packages it
//! (`golang-github-hashicorp-go-checkpoint-dev` 0.5.0-3, read from
//! `/usr/share/gocode/src/github.com/hashicorp/go-checkpoint/check.go`), runs `checkpoint.Check`
//! against a real `gitops-checkpoint serve` for a current, an outdated, a pre-release and an
//! unknown product. The test builds its own small Go program (`tests/go-client/main.go`) from
//! the packaged library, offline, and asserts what the library's `CheckResponse` decoded and
//! what `/v1/stats` counted.
//!
//! go-checkpoint has no endpoint setting (it always asks `https://checkpoint-api.hashicorp.com`),
//! so the Go program reaches loopback through the proxy and trusted roots its HTTP client takes
//! from the environment; see its doc. Without `go` or the package the test skips with a message,
//! unless `CI` is set: there it fails (`.ci/run` installs both).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Collector, get, stored};

/// Where Debian installs Go libraries (a GOPATH).
const GOPATH: &str = "/usr/share/gocode";
const PACKAGE: &str = "github.com/hashicorp/go-checkpoint";

const RELEASES: &str = r#"
[[product]]
name = "weave-gitops"
website = "https://docs.gitops.weave.works"

[[product.release]]
version = "0.38.0"
date = 2023-12-05
download_url = "https://github.com/weaveworks/weave-gitops/releases/tag/v0.38.0"
changelog_url = "https://github.com/weaveworks/weave-gitops/blob/main/CHANGELOG.md"

[[product.alert]]
id = 7
date = 2023-12-06
level = "warn"
message = "versions before 0.36.0 cannot read Flux v2.2 objects; please upgrade"
url = "https://github.com/weaveworks/weave-gitops/releases"
versions = "<0.36.0"
"#;

/// 2023-12-05 and 2023-12-06, 00:00 UTC, as Unix seconds.
const RELEASE_DATE: i64 = 1_701_734_400;
const ALERT_DATE: i64 = 1_701_820_800;

/// The `go` binary, once the packaged library is known to be there too (else the test fails
/// saying what to install).
fn go() -> PathBuf {
    let found = Command::new("go")
        .arg("version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|_| PathBuf::from("go"));
    let library = Path::new(GOPATH).join("src").join(PACKAGE).join("check.go");
    let missing = match (&found, library.exists()) {
        (None, _) => "`go` is not installed (golang-go)",
        (Some(_), false) => {
            "go-checkpoint is not installed (golang-github-hashicorp-go-checkpoint-dev)"
        }
        (Some(go), true) => return go.clone(),
    };
    common::prerequisite_missing(missing, "Go client test")
}

/// Builds `tests/go-client` against the packaged library: GOPATH mode, no network, a cache of
/// its own.
fn build(go: &Path, dir: &Path) -> PathBuf {
    let source = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/go-client/main.go");
    let binary = dir.join("go-client");
    let out = Command::new(go)
        .args(["build", "-o"])
        .arg(&binary)
        .arg(source)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("GOPATH", GOPATH)
        .env("GO111MODULE", "off")
        .env("GOCACHE", dir.join("gocache"))
        .env("GOPROXY", "off")
        .env("GOTOOLCHAIN", "local")
        .env("GOENV", "off")
        .output()
        .expect("go runs");
    assert!(
        out.status.success(),
        "go build: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    binary
}

/// Runs `checkpoint.Check` once per `(product, version, installation)`; an installation is a
/// signature file the library creates on first use. One JSON line per check.
fn check(
    binary: &Path,
    dir: &Path,
    collector: &Collector,
    checks: &[(&str, &str, &str)],
) -> Vec<serde_json::Value> {
    let specs: Vec<String> = checks
        .iter()
        .map(|(product, version, install)| {
            format!("{product},{version},{}", dir.join(install).display())
        })
        .collect();
    let out = Command::new(binary)
        .arg(collector.addr.to_string())
        .args(&specs)
        .env_clear()
        .env("TMPDIR", dir)
        .env("CHECKPOINT_TIMEOUT", "30000")
        .output()
        .expect("the Go client runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "go-client: {stderr}");
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), checks.len(), "{lines:?} {stderr}");
    lines
}

#[tokio::test]
#[ignore = "needs Go and go-checkpoint: .ci/run provides them and runs the ignored tests"]
async fn go_checkpoint_decodes_every_answer_and_is_counted() {
    let go = go();
    let dir = tempfile::tempdir().unwrap();
    let binary = build(&go, dir.path());
    let releases = dir.path().join("releases.toml");
    std::fs::write(&releases, RELEASES).unwrap();
    let c = Collector::start(&[
        "--releases",
        releases.to_str().unwrap(),
        "--min-installs",
        "1",
    ]);

    let results = check(
        &binary,
        dir.path(),
        &c,
        &[
            ("weave-gitops", "0.38.0", "current-a"),
            ("weave-gitops", "0.38.0", "current-b"),
            ("weave-gitops", "0.38.0", "current-a"),
            ("weave-gitops", "0.35.0", "outdated"),
            ("weave-gitops", "0.38.0-rc.1", "pre-release"),
            ("no-such-product", "0.38.0", "unknown"),
        ],
    );
    let decoded = |i: usize| -> &serde_json::Value {
        let r = &results[i];
        assert_eq!(r["error"], "", "check {i}: {r}");
        &r["decoded"]
    };

    // What the library sent: its own query, its own signature (a UUID it wrote to the file).
    let signature = std::fs::read_to_string(dir.path().join("current-a")).unwrap();
    let signature = signature.lines().next().unwrap();
    assert_eq!(
        results[0]["request"],
        format!(
            "GET /v1/check/weave-gitops?arch={}&os={}&signature={signature}&version=0.38.0 HTTP/1.1",
            go_arch(),
            std::env::consts::OS
        )
    );
    assert_eq!(results[2]["request"], results[0]["request"]);

    // Current: every field of the answer, as the Go struct holds it.
    assert_eq!(
        *decoded(0),
        serde_json::json!({
            "Product": "weave-gitops",
            "CurrentVersion": "0.38.0",
            "CurrentReleaseDate": RELEASE_DATE,
            "CurrentDownloadURL": "https://github.com/weaveworks/weave-gitops/releases/tag/v0.38.0",
            "CurrentChangelogURL": "https://github.com/weaveworks/weave-gitops/blob/main/CHANGELOG.md",
            "ProjectWebsite": "https://docs.gitops.weave.works",
            "Outdated": false,
            "Alerts": [],
        })
    );
    assert_eq!(decoded(1), decoded(0));
    // Outdated: the same release, outdated, with the alert for its range.
    let outdated = decoded(3);
    assert_eq!(outdated["CurrentVersion"], "0.38.0");
    assert_eq!(outdated["CurrentReleaseDate"], RELEASE_DATE);
    assert_eq!(outdated["Outdated"], true);
    assert_eq!(
        outdated["Alerts"],
        serde_json::json!([{
            "ID": 7,
            "Date": ALERT_DATE,
            "Message": "versions before 0.36.0 cannot read Flux v2.2 objects; please upgrade",
            "URL": "https://github.com/weaveworks/weave-gitops/releases",
            "Level": "warn",
        }])
    );
    // A release candidate of the current release is older than it. (Which alerts reach a
    // pre-release is the releases' tests' business.)
    let pre = decoded(4);
    assert_eq!(pre["CurrentVersion"], "0.38.0");
    assert_eq!(pre["Outdated"], true);
    assert_eq!(pre["ProjectWebsite"], "https://docs.gitops.weave.works");
    // Unknown product: the library returns its error for a non-200 answer, and decodes nothing.
    let unknown = &results[5];
    assert!(unknown["decoded"].is_null(), "{unknown}");
    let error = unknown["error"].as_str().unwrap();
    assert!(error.starts_with("Unknown status: 4"), "{error}");

    // Counted: five update checks (go-checkpoint sends no flags) from four installations; the
    // unknown product's check is not.
    c.flushed(5).await;
    let s = stored(&c, "weave-gitops").await;
    assert_eq!(
        (
            s.totals.checks,
            s.totals.commands,
            s.totals.update_checks,
            s.totals.installs
        ),
        (5, 0, 5, 4),
        "{s:?}"
    );
    let mut by_version: Vec<(&str, u64, u64)> = s
        .by_version
        .rows
        .iter()
        .map(|r| (r.version.as_str(), r.count.checks, r.count.installs))
        .collect();
    by_version.sort();
    // 0.38.0-rc.1 is neither in the releases file nor a tag of the CLI: a pre-release of a
    // known release, counted as 0.38.0-pre (docs/collector.md, bounded buckets).
    assert_eq!(
        by_version,
        [("0.35.0", 1, 1), ("0.38.0", 3, 2), ("0.38.0-pre", 1, 1)]
    );
    assert!(s.by_command.rows.is_empty(), "{s:?}");
    let (status, _) = get(c.addr, "/v1/stats/no-such-product").await;
    assert_eq!(status, 404);
}

/// Go's name for this machine's architecture (what the library sends as `arch`).
fn go_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    }
}
