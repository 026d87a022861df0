//! The web pages: their headers and downloads over HTTP, and the page in a real browser
//! (Debian's `chromium`, headless): every chart's table equals what `/v1/stats` says for the
//! same window, the page asks nothing of another origin and logs no console message, and
//! screenshots at 360, 1280 and 1920 px land in `target/web/`; and, driven over WebDriver
//! (`chromedriver`), axe-core finds no serious or critical accessibility violation on any
//! page, in light and in dark.
//!
//! Without JavaScript: the page has no script and its Content-Security-Policy allows none,
//! so the HTML as served (checked against `/v1/stats` over plain HTTP, no browser) is what a
//! browser with JavaScript off shows. (Headless chromium cannot dump the DOM with scripts
//! disabled, so the browser runs check the page with them on.)

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use checkpoint_protocol::platform::is_release_candidate;
use checkpoint_protocol::stats::{Breakdown, Count, Stats};
use common::{Collector, Connection, RELEASES, get};

const PRODUCT: &str = "weave-gitops";
const WINDOWS: [u32; 4] = [7, 30, 90, 365];

fn demo() -> Collector {
    Collector::start(&["--demo", "--releases", RELEASES])
}

async fn stats(c: &Collector, days: u32) -> Stats {
    let (status, body) = get(c.addr, &format!("/v1/stats/{PRODUCT}?days={days}")).await;
    assert_eq!(status, 200, "{body}");
    Stats::parse(body.as_bytes()).unwrap()
}

/// A breakdown's table: each row's label, checks and installations, then its "other" when
/// rows were folded.
fn breakdown<R>(b: &Breakdown<R>, row: impl Fn(&R) -> (String, Count)) -> Vec<Vec<String>> {
    let line = |label: String, c: Count| vec![label, c.checks.to_string(), c.installs.to_string()];
    let mut rows: Vec<Vec<String>> = b
        .rows
        .iter()
        .map(|r| {
            let (label, count) = row(r);
            line(label, count)
        })
        .collect();
    if b.other_rows > 0 {
        rows.push(line(other(b.other_rows), b.other));
    }
    rows
}

/// The label of folded rows.
fn other(rows: u64) -> String {
    format!("other ({rows} row{})", if rows == 1 { "" } else { "s" })
}

/// What each chart must show, read from the JSON of `/v1/stats` by this test alone.
fn expected(s: &Stats) -> Vec<(&'static str, Vec<Vec<String>>)> {
    let n = |v: u64| v.to_string();
    let e = s.installs_error;
    let installs = s
        .per_day
        .rows
        .iter()
        .map(|r| {
            let i = r.totals.installs as f64;
            vec![
                r.day.clone(),
                n(r.totals.installs),
                n((i * (1.0 - e)).floor() as u64),
                n((i * (1.0 + e)).ceil() as u64),
            ]
        })
        .collect();
    let named: Vec<&str> = s
        .by_version
        .rows
        .iter()
        .take(6)
        .map(|r| r.version.as_str())
        .collect();
    let versions = s
        .per_day_version
        .iter()
        .map(|d| {
            let mut row = vec![d.day.clone()];
            for v in &named {
                let c = d.versions.rows.iter().find(|r| r.version == *v);
                row.push(n(c.map_or(0, |r| r.count.checks)));
            }
            let named_sum: u64 = d
                .versions
                .rows
                .iter()
                .filter(|r| named.contains(&r.version.as_str()))
                .map(|r| r.count.checks)
                .sum();
            let all: u64 = d.versions.rows.iter().map(|r| r.count.checks).sum::<u64>()
                + d.versions.other.checks;
            row.push(n(all - named_sum));
            row
        })
        .collect();
    let commands = breakdown(&s.by_command, |r| {
        let label = format!("{} {}", r.object, r.command).trim().to_string();
        (label, r.count)
    });
    let platforms = breakdown(&s.by_platform, |r| {
        (format!("{}/{}", r.os, r.arch), r.count)
    });
    let checks = s
        .per_day
        .rows
        .iter()
        .map(|r| {
            vec![
                r.day.clone(),
                n(r.totals.commands),
                n(r.totals.update_checks),
            ]
        })
        .collect();
    let kind = |rc: bool| {
        let rows: Vec<_> = s
            .by_version
            .rows
            .iter()
            .filter(|r| is_release_candidate(&r.version) == rc)
            .collect();
        (
            rows.iter().map(|r| r.count.checks).sum::<u64>(),
            rows.len() as u64,
        )
    };
    let (rel, rc) = (kind(false), kind(true));
    let mut candidates = vec![
        vec!["releases".to_string(), n(rel.0), n(rel.1)],
        vec!["release candidates".to_string(), n(rc.0), n(rc.1)],
    ];
    if s.by_version.other_rows > 0 {
        candidates.push(vec![
            other(s.by_version.other_rows),
            n(s.by_version.other.checks),
            n(s.by_version.other_rows),
        ]);
    }
    vec![
        ("installs", installs),
        ("versions", versions),
        ("commands", commands),
        ("platforms", platforms),
        ("checks", checks),
        ("candidates", candidates),
    ]
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The body rows of the table of chart `id` in `html`, as the cells' text.
fn table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("data-chart=\"{id}\""))
        .unwrap_or_else(|| panic!("no table of {id}"));
    let rest = &html[start..];
    let end = rest.find("</table>").expect("the table ends");
    let body = &rest[..end];
    let body = &body[body.find("<tbody>").expect("a tbody") + 7..];
    body.split("<tr>")
        .skip(1)
        .map(|tr| {
            let mut cells = Vec::new();
            let mut s = tr;
            while let Some(open) = s.find("<t") {
                let after = &s[open..];
                let gt = after.find('>').unwrap();
                let close = after.find("</t").unwrap();
                if after.starts_with("<th") || after.starts_with("<td") {
                    cells.push(unescape(&after[gt + 1..close]));
                }
                s = &after[close + 3..];
            }
            cells
        })
        .collect()
}

/// Every chart's table of `html` equals what `/v1/stats` says.
fn agrees(html: &str, s: &Stats, what: &str) {
    for (id, rows) in expected(s) {
        assert!(
            !rows.is_empty() || id == "candidates",
            "{what}: {id} is empty"
        );
        assert_eq!(
            table(html, id),
            rows,
            "{what}: chart {id} disagrees with /v1/stats"
        );
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn pages_have_their_headers_and_downloads_their_chart() {
    let c = demo();
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    let page = format!("/{PRODUCT}?days=365");
    let request = format!("GET {page} HTTP/1.1\r\nhost: checkpoint\r\n\r\n");
    let (status, headers) = conn.raw_head(request.as_bytes()).await.unwrap();
    assert_eq!(status, 200);
    let length: usize = header(&headers, "content-length").unwrap().parse().unwrap();
    assert!(length <= 150 * 1024, "the 365-day page is {length} bytes");
    let html = String::from_utf8(conn.read_body(length).await.unwrap()).unwrap();
    let csp = header(&headers, "content-security-policy").expect("a CSP");
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("http"),
        "{csp}"
    );
    assert!(
        !csp.contains("script-src"),
        "scripts must stay forbidden: {csp}"
    );
    // What a browser without JavaScript shows is this HTML, as served.
    assert!(!html.contains("<script"), "the page needs no script");
    assert!(header(&headers, "set-cookie").is_none());
    assert!(
        header(&headers, "cache-control")
            .unwrap()
            .starts_with("public")
    );
    let etag = header(&headers, "etag").expect("an ETag").to_string();
    let again = format!("GET {page} HTTP/1.1\r\nhost: checkpoint\r\nif-none-match: {etag}\r\n\r\n");
    let (status, _) = conn.raw_head(again.as_bytes()).await.unwrap();
    assert_eq!(status, 304);

    let s = stats(&c, 365).await;
    agrees(&html, &s, "the served page");
    for (id, rows) in expected(&s) {
        let (status, csv) = get(c.addr, &format!("/{PRODUCT}/{id}.csv?days=365")).await;
        assert_eq!(status, 200, "{id}.csv");
        let lines: Vec<Vec<String>> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').map(String::from).collect())
            .collect();
        assert_eq!(lines, rows, "{id}.csv");
        let (status, json) = get(c.addr, &format!("/{PRODUCT}/{id}.json?days=365")).await;
        assert_eq!(status, 200, "{id}.json");
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let json_rows: Vec<Vec<String>> = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r.as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().map_or_else(|| v.to_string(), String::from))
                    .collect()
            })
            .collect();
        assert_eq!(json_rows, rows, "{id}.json");
    }
    let (_, served) = get(c.addr, "/v1/policy").await;
    let served: checkpoint_protocol::stats::Policy = serde_json::from_str(&served).unwrap();
    assert_eq!(served.page, "/policy", "the policy names its page");
    let (status, policy) = get(c.addr, "/policy").await;
    assert_eq!(status, 200);
    for needle in [
        "CHECKPOINT_DISABLE",
        "DO_NOT_TRACK",
        "gitops telemetry disable",
        "WEAVE_GITOPS_FEATURE_TELEMETRY",
        "24mo",
        "discrete Laplace noise",
        "ε = 4",
        "released once",
    ] {
        assert!(policy.contains(needle), "the policy page lacks {needle}");
    }
    assert_eq!(get(c.addr, &format!("/{PRODUCT}?days=364")).await.0, 400);
    assert_eq!(get(c.addr, "/no-such-product").await.0, 404);

    let off = Collector::start(&["--no-web", "--releases", RELEASES]);
    assert_eq!(get(off.addr, "/").await.0, 404);
    assert_eq!(get(off.addr, &format!("/{PRODUCT}")).await.0, 404);
    let (status, served) = get(off.addr, "/v1/policy").await;
    assert_eq!(status, 200);
    assert!(!served.contains("\"page\""), "no page to name: {served}");
}

/// The browser, if this machine has one.
fn chromium() -> Option<PathBuf> {
    let candidates = [std::env::var_os("CHROMIUM").map(PathBuf::from)]
        .into_iter()
        .flatten()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from));
    candidates.into_iter().find(|p| p.exists())
}

/// Where screenshots and the browser's logs go: `target/web/`.
fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("target/web");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What one headless run of the browser saw.
struct Run {
    /// The DOM after load (`--dump-dom`), or empty for a screenshot.
    dom: String,
    /// The console messages the page logged.
    console: Vec<String>,
    /// The URLs the page requested.
    requests: Vec<String>,
}

fn browse(browser: &Path, url: &str, extra: &[String]) -> Run {
    let profile = tempfile::tempdir().unwrap();
    let netlog = profile.path().join("netlog.json");
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .arg(format!("--log-net-log={}", netlog.display()));
    let out = cmd.args(extra).arg(url).output().expect("the browser runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(String::from)
        .collect();
    // The page's requests are those of its network isolation key (its site); the browser's
    // own (updates, time) have none.
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&netlog).unwrap()).unwrap();
    let mut requests = Vec::new();
    for e in log["events"].as_array().unwrap() {
        let p = &e["params"];
        if let (Some(u), Some(nik)) = (p["url"].as_str(), p["network_isolation_key"].as_str())
            && nik.contains("127.0.0.1")
        {
            requests.push(u.to_string());
        }
    }
    Run {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        console,
        requests,
    }
}

#[tokio::test]
#[ignore = "needs chromium: .ci/run provides it and runs the ignored tests"]
async fn the_page_in_a_browser_agrees_with_the_api_and_stays_home() {
    let Some(browser) = chromium() else {
        common::prerequisite_missing("no chromium", "browser test of the web pages");
    };
    let c = demo();
    let origin = c.url();
    let out = out_dir();
    for days in WINDOWS {
        let url = format!("{origin}/{PRODUCT}?days={days}");
        let s = stats(&c, days).await;
        {
            let what = format!("{days} days");
            let run = browse(&browser, &url, &["--dump-dom".to_string()]);
            assert!(run.console.is_empty(), "{what}: console: {:?}", run.console);
            assert!(
                !run.requests.is_empty(),
                "{what}: the net log saw no request"
            );
            let foreign: Vec<&String> = run
                .requests
                .iter()
                .filter(|u| !u.starts_with(&format!("{origin}/")))
                .collect();
            assert!(
                foreign.is_empty(),
                "{what}: requests to another origin: {foreign:?}"
            );
            assert!(
                run.requests
                    .iter()
                    .any(|u| u.ends_with("/assets/style.css")),
                "{what}: the style sheet was not loaded: {:?}",
                run.requests
            );
            assert_eq!(run.dom.matches("<svg").count(), 6, "{what}: six charts");
            // Nothing on the page needs a script: there is none, and the policy allows none.
            assert!(
                !run.dom.contains("<script"),
                "{what}: the page has a script"
            );
            agrees(&run.dom, &s, &what);
        }
    }
    for width in [360, 1280, 1920] {
        let shot = out.join(format!("page-{width}.png"));
        let _ = std::fs::remove_file(&shot);
        let run = browse(
            &browser,
            &format!("{origin}/{PRODUCT}?days=365"),
            &[
                format!("--window-size={width},3000"),
                "--hide-scrollbars".to_string(),
                format!("--screenshot={}", shot.display()),
            ],
        );
        assert!(run.console.is_empty(), "{width} px: {:?}", run.console);
        assert!(shot.exists(), "no screenshot at {width} px");
    }
    let policy = browse(
        &browser,
        &format!("{origin}/policy"),
        &["--dump-dom".to_string()],
    );
    assert!(policy.console.is_empty(), "policy: {:?}", policy.console);
    assert!(policy.dom.contains("CHECKPOINT_DISABLE"));
}

/// Where axe-core's script is: `AXE_CORE`, else where `.ci/run` installs it from npm.
fn axe_core() -> PathBuf {
    std::env::var_os("AXE_CORE").map_or_else(
        || out_dir().join("npm/node_modules/axe-core/axe.min.js"),
        PathBuf::from,
    )
}

/// A `chromedriver` on a free loopback port, stopped when dropped.
struct Driver {
    child: std::process::Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".into()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|_| {
                common::prerequisite_missing("no chromedriver", "accessibility test")
            });
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// A headless session, in the dark colour scheme or the light one.
    async fn session(&self, browser: &Path, dark: bool) -> fantoccini::Client {
        let mut args = vec![
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1280,2000",
        ];
        if dark {
            args.push("--blink-settings=preferredColorScheme=0");
        }
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": browser, "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        for _ in 0..100 {
            let connected = fantoccini::ClientBuilder::new(connector.clone())
                .capabilities(caps.clone())
                .connect(&self.url)
                .await;
            if let Ok(client) = connected {
                return client;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("chromedriver at {} gave no session", self.url);
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
#[ignore = "needs chromium, chromedriver and axe-core: .ci/run provides them and runs the ignored tests"]
async fn the_pages_have_no_serious_accessibility_violation() {
    let Some(browser) = chromium() else {
        common::prerequisite_missing("no chromium", "accessibility test");
    };
    let Ok(axe) = std::fs::read_to_string(axe_core()) else {
        common::prerequisite_missing(
            &format!("no axe-core at {}", axe_core().display()),
            "accessibility test",
        );
    };
    let c = demo();
    let driver = Driver::start();
    let pages = [
        "/".to_string(),
        format!("/{PRODUCT}?days=7"),
        format!("/{PRODUCT}?days=365"),
        "/policy".to_string(),
    ];
    // axe's own script, then a run over the WCAG 2.1 A and AA rules; the callback gets the
    // violations with their impact.
    let run = format!(
        "{axe}\n;const done = arguments[arguments.length - 1];
        axe.run(document, {{ runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }} }})
           .then(r => done(r.violations.map(v => ({{ id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }}))))
           .catch(e => done([{{ id: 'axe failed', impact: 'critical', help: String(e), nodes: [] }}]));"
    );
    for dark in [false, true] {
        let client = driver.session(&browser, dark).await;
        for page in &pages {
            let what = format!("{page} ({})", if dark { "dark" } else { "light" });
            client.goto(&format!("{}{page}", c.url())).await.unwrap();
            let scheme = client
                .execute(
                    "return matchMedia('(prefers-color-scheme: dark)').matches",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(scheme, serde_json::json!(dark), "{what}: the colour scheme");
            let violations = client.execute_async(&run, vec![]).await.unwrap();
            let serious: Vec<&serde_json::Value> = violations
                .as_array()
                .expect("axe's violations")
                .iter()
                .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
                .collect();
            assert!(serious.is_empty(), "{what}: {serious:#?}");
        }
        client.close().await.unwrap();
    }
}
