//! Shared test helpers: the collector binary on a loopback port with its log captured, a
//! small HTTP/1.1 client that can connect from any loopback address, a fresh PostgreSQL
//! database per test, and the `gitops` client binary.

#![allow(dead_code)]

pub mod stored_view;

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader as AsyncBufReader};
use tokio::net::{TcpSocket, TcpStream};

pub const UUID_A: &str = "3f2b8c1e-6a4d-4e8f-9b2a-1c5d7e9f0a3b";
pub const SCRYPT_A: &str = "q2lbkQZOQ6Lc1dWo8eYw1rXRpMzZbJ3PKUkrtsl+5yE=";

/// The example releases file the collector ships, which the tests answer from.
pub const RELEASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/releases.example.toml");

/// The variable that names the throwaway PostgreSQL cluster (`.ci/run` sets it).
pub const DATABASE_VAR: &str = "GITOPS_CHECKPOINT_TEST_DATABASE";

/// The tests that need what a plain `cargo test` machine lacks (PostgreSQL with hll for the
/// PostgreSQL store, Go and Debian's go-checkpoint for the Go client) are marked `#[ignore]`
/// with the reason, so `cargo test` lists them as ignored rather than passing them unrun.
/// `.ci/run` installs what they need and runs them with `cargo test … -- --ignored`; run them
/// the same way on a machine that has it. Run so, a missing prerequisite fails the test here,
/// saying what is missing.
pub fn prerequisite_missing(missing: &str, what: &str) -> ! {
    panic!("{missing}: the {what} needs it (see .ci/run, which installs it)")
}

/// Runs `command` with its wall clock starting at `now` (UTC) and then running on: Debian's
/// libfaketime preloaded (its thread-safe build), the monotonic clock left alone so timers
/// keep real time.
pub fn faketime(command: &mut Command, now: &str) {
    let library = [
        "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
        "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1",
        "/usr/lib/faketime/libfaketimeMT.so.1",
    ]
    .into_iter()
    .find(|p| Path::new(p).exists())
    .unwrap_or_else(|| prerequisite_missing("libfaketime is not installed", "faketime tests"));
    command
        .env("LD_PRELOAD", library)
        .env("FAKETIME", format!("@{now}"))
        .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .env("TZ", "UTC");
}

/// A fresh database in the test cluster named by [`DATABASE_VAR`]; fails the (ignored) test
/// when the variable is not set.
pub fn postgres() -> String {
    let Ok(url) = std::env::var(DATABASE_VAR) else {
        prerequisite_missing(&format!("{DATABASE_VAR} is not set"), "PostgreSQL tests");
    };
    let name = format!("checkpoint_test_{}", uuid::Uuid::new_v4().simple());
    let status = Command::new("psql")
        .args([url.as_str(), "-qAtc", &format!("CREATE DATABASE {name}")])
        .status()
        .expect("psql runs");
    assert!(status.success(), "cannot create a test database in {url}");
    let (base, _) = url.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{name}")
}

/// Runs `sql` with psql and returns its unaligned output.
pub fn psql(url: &str, sql: &str) -> String {
    let out = Command::new("psql")
        .args([url, "-qAtc", sql])
        .output()
        .expect("psql runs");
    assert!(
        out.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A running `gitops-checkpoint serve`.
pub struct Collector {
    child: Child,
    pub addr: SocketAddr,
    log: Arc<Mutex<String>>,
    pub data: tempfile::TempDir,
    /// The `--database` given, if any.
    pub database: Option<String>,
    /// The `--min-installs` given (5 if none).
    pub min_installs: u64,
}

impl Collector {
    /// Starts a collector that answers from [`RELEASES`], publishes every row (`k` = 1) and
    /// writes every 100 ms: the setting of the tests that count what they sent.
    pub fn counting() -> Collector {
        Collector::start(&[
            "--releases",
            RELEASES,
            "--min-installs",
            "1",
            "--flush-interval",
            "100ms",
        ])
    }

    /// Starts the collector on a free loopback port with `args` after `serve`.
    pub fn start(args: &[&str]) -> Collector {
        Collector::start_at(tempfile::tempdir().unwrap(), None, args)
    }

    /// A collector on the data directory `data`, its clock (the wall clock, not the monotonic
    /// one tokio's timers use) starting at `fake_now` (`YYYY-MM-DD hh:mm:ss`, UTC) when given,
    /// by Debian's libfaketime (see [`faketime`]).
    pub fn start_at(data: tempfile::TempDir, fake_now: Option<&str>, args: &[&str]) -> Collector {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gitops-checkpoint"));
        if let Some(now) = fake_now {
            faketime(&mut command, now);
        }
        Collector::launch(command, data, args)
    }

    /// Starts the collector as [`Collector::start`] does, with `env` added to its environment.
    pub fn start_with_env(env: &[(&str, &Path)], args: &[&str]) -> Collector {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gitops-checkpoint"));
        command.envs(env.iter().copied());
        Collector::launch(command, tempfile::tempdir().unwrap(), args)
    }

    /// Runs `command serve` on a free loopback port and `data`, and waits until it listens.
    fn launch(mut command: Command, data: tempfile::TempDir, args: &[&str]) -> Collector {
        let mut child = command
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data.path())
            .args(args)
            .env("RUST_LOG", "debug")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the collector starts");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("address=") {
                    let addr = line[at + 8..]
                        .split_whitespace()
                        .next()
                        .unwrap_or("")
                        .to_string();
                    let _ = tx.send(addr);
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let addr = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(a) => a.parse().unwrap(),
            Err(_) => {
                let _ = child.kill();
                panic!("the collector did not start: {}", log.lock().unwrap());
            }
        };
        let arg = |name: &str| {
            args.iter()
                .position(|a| *a == name)
                .and_then(|i| args.get(i + 1))
                .map(|v| v.to_string())
        };
        Collector {
            child,
            addr,
            log,
            data,
            database: arg("--database"),
            min_installs: arg("--min-installs").map_or(5, |k| k.parse().unwrap()),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Sends SIGTERM.
    pub fn terminate(&self) {
        self.signal("TERM");
    }

    /// Sends the signal `name` (`TERM`, `HUP`, …).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Whether the process is still running.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// SIGTERM, then waits for the exit; returns whether it exited with success.
    pub fn stop(mut self) -> (bool, String) {
        self.terminate();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(50));
                return (status.success(), self.log());
            }
            assert!(Instant::now() < deadline, "the collector did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Kills the process with SIGKILL (nothing can catch it), waits for it to be gone, and
    /// gives back its data directory for a collector started on it again.
    pub fn kill(mut self) -> tempfile::TempDir {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::replace(&mut self.data, tempfile::tempdir().unwrap())
    }

    /// Waits until the collector has exited (after [`Collector::terminate`]).
    pub fn wait(&mut self) -> bool {
        self.child.wait().unwrap().success()
    }

    /// Waits until the flush has written at least `checks` checks.
    pub async fn flushed(&self, checks: u64) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let (_, metrics) = get(self.addr, "/metrics").await;
            let written = metrics
                .lines()
                .find_map(|l| l.strip_prefix("gitops_checkpoint_checks_written_total "))
                .and_then(|n| n.trim().parse::<u64>().ok())
                .unwrap_or(0);
            if written >= checks {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "only {written} of {checks} checks flushed"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Collector {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One keep-alive HTTP/1.1 connection, from a chosen loopback address.
pub struct Connection {
    stream: AsyncBufReader<TcpStream>,
}

impl Connection {
    pub async fn open(to: SocketAddr, from: Option<IpAddr>) -> std::io::Result<Connection> {
        let socket = TcpSocket::new_v4()?;
        if let Some(ip) = from {
            socket.bind(SocketAddr::new(ip, 0))?;
        }
        let stream = socket.connect(to).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream: AsyncBufReader::new(stream),
        })
    }

    /// Sends raw request bytes and reads one response: (status, body).
    pub async fn raw(&mut self, request: &[u8]) -> std::io::Result<(u16, String)> {
        self.stream.get_mut().write_all(request).await?;
        self.read_response().await
    }

    /// GET `target` with extra header lines.
    pub async fn get(&mut self, target: &str, headers: &str) -> std::io::Result<(u16, String)> {
        let request = format!("GET {target} HTTP/1.1\r\nhost: checkpoint\r\n{headers}\r\n");
        self.raw(request.as_bytes()).await
    }

    /// Sends raw request bytes and reads one response's head only, as the answer to a HEAD
    /// is read: (status, header lines as lower-case name and value).
    pub async fn raw_head(
        &mut self,
        request: &[u8],
    ) -> std::io::Result<(u16, Vec<(String, String)>)> {
        self.stream.get_mut().write_all(request).await?;
        self.read_head().await
    }

    /// Reads `length` bytes of a body after [`Connection::raw_head`].
    pub async fn read_body(&mut self, length: usize) -> std::io::Result<Vec<u8>> {
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        Ok(body)
    }

    async fn read_response(&mut self) -> std::io::Result<(u16, String)> {
        let (status, headers) = self.read_head().await?;
        let length = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }

    async fn read_head(&mut self) -> std::io::Result<(u16, Vec<(String, String)>)> {
        let mut line = String::new();
        if self.stream.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut headers = Vec::new();
        loop {
            line.clear();
            if self.stream.read_line(&mut line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        Ok((status, headers))
    }
}

/// One GET on a fresh connection.
pub async fn get(addr: SocketAddr, target: &str) -> (u16, String) {
    let mut c = Connection::open(addr, None).await.expect("connects");
    c.get(target, "").await.expect("answers")
}

/// The query of a command check.
pub fn command_query(object: &str, command: &str, signature: &str, version: &str) -> String {
    checkpoint_protocol::query::Query {
        arch: "amd64",
        os: "linux",
        version,
        signature,
        flags: Some(checkpoint_protocol::query::Flags {
            object,
            command,
            rc: false,
        }),
    }
    .encode()
}

/// The target of a `get app` check at 0.38.0 from installation number `i` (a signature of
/// its own, so each installation is counted on its own).
pub fn installation_check(i: usize) -> String {
    let signature = format!("00000000-0000-4000-8000-{i:012}");
    let q = command_query("get", "app", &signature, "0.38.0");
    format!("/v1/check/weave-gitops?{q}")
}

/// Sends the checks of installations `from..from + n`, each on a new connection; all must
/// be answered 200.
pub async fn checks(c: &Collector, n: usize, from: usize) {
    for i in from..from + n {
        let (status, body) = get(c.addr, &installation_check(i)).await;
        assert_eq!(status, 200, "{body}");
    }
}

/// What the collector has written for `product` today, read from its store (not from
/// `/v1/stats`, which serves released days only): exact counts in the shape of the stats,
/// rows under its `--min-installs` folded as the stats once did.
pub async fn stored(c: &Collector, product: &str) -> checkpoint_protocol::stats::Stats {
    stored_view::today(c, product).await
}

/// The `gitops` client binary of this workspace: the one `cargo test --workspace` built next
/// to the collector when it is newer than the client's sources, else built here (once) into a
/// target directory of its own.
pub fn gitops_binary() -> PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY
        .get_or_init(|| {
            let ours = Path::new(env!("CARGO_BIN_EXE_gitops-checkpoint"));
            let beside = ours.with_file_name("gitops");
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
            let sources = newest(&[
                root.join("src"),
                root.join("protocol/src"),
                root.join("assets"),
                root.join("Cargo.toml"),
                root.join("Cargo.lock"),
            ]);
            let built = std::fs::metadata(&beside).and_then(|m| m.modified()).ok();
            if built.is_some_and(|b| b >= sources) {
                return beside;
            }
            let target = ours
                .parent()
                .unwrap()
                .parent()
                .unwrap()
                .join("collector-e2e");
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = Command::new(cargo)
                .current_dir(root)
                .args([
                    "build",
                    "--quiet",
                    "-p",
                    "gitops-feedback",
                    "--bin",
                    "gitops",
                ])
                .env("CARGO_TARGET_DIR", &target)
                .status()
                .expect("cargo runs");
            assert!(status.success(), "cannot build the gitops binary");
            target.join("debug/gitops")
        })
        .clone()
}

fn newest(paths: &[PathBuf]) -> SystemTime {
    let mut newest = SystemTime::UNIX_EPOCH;
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(p) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&p) {
                stack.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
            }
        } else if let Ok(m) = meta.modified() {
            newest = newest.max(m);
        }
    }
    newest
}
