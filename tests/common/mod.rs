//! Shared test helpers: a private GITOPS_HOME, the binary with a clean environment, and a
//! loopback HTTP server that records raw request bytes and misbehaves on request.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use assert_cmd::Command;

/// A private home for one test.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config(&self) -> PathBuf {
        self.path().join("config.toml")
    }

    pub fn write_config(&self, text: &str) {
        std::fs::write(self.config(), text).unwrap();
    }

    pub fn data(&self, name: &str) -> PathBuf {
        self.path().join("data").join(name)
    }

    /// `gitops` with only PATH and GITOPS_HOME set: no proxies, no display, no CI.
    pub fn gitops(&self) -> Command {
        let mut cmd = Command::cargo_bin("gitops").unwrap();
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("GITOPS_HOME", self.path());
        cmd
    }

    /// Runs `gitops args…` and returns stdout, asserting success.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.gitops().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "gitops {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Grants consent against a server, with automatic sending off so tests send explicitly.
    pub fn granted_with(&self, server: &Server) {
        self.write_config(&format!(
            "[telemetry]\nconsent = \"granted\"\nendpoint = \"{}\"\nauto_send = false\nsignature = \"random\"\n",
            server.url()
        ));
    }

    pub fn pending_lines(&self) -> Vec<String> {
        std::fs::read_to_string(self.data("pending.jsonl"))
            .map(|t| {
                t.lines()
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// How the server answers.
#[derive(Clone)]
pub enum Reply {
    /// 200 with this JSON body.
    Json(String),
    /// This status with an empty body.
    Status(u16),
    /// 200 with a body that is not JSON.
    Garbage,
    /// 200 with a body of this many bytes.
    Huge(usize),
    /// Reads the request, then never answers.
    Hang,
    /// Sends headers, then a body that never ends.
    Endless,
    /// Sends headers announcing a body, then nothing.
    Stall,
    /// 200 with this JSON body, after this many milliseconds.
    Slow(u64, String),
    /// 200 with this JSON body, then closes the connection without saying so.
    CloseAfter(String),
    /// 200 with the body of the first path prefix the request target starts with; 404 when
    /// none does.
    ByPath(Vec<(String, String)>),
}

/// A loopback HTTP/1.1 server on 127.0.0.1 that records every request head it reads.
pub struct Server {
    port: u16,
    pub heads: Arc<Mutex<Vec<Vec<u8>>>>,
    pub connections: Arc<AtomicUsize>,
}

impl Server {
    pub fn start(reply: Reply) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let heads = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (h, c) = (heads.clone(), connections.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                c.fetch_add(1, Ordering::SeqCst);
                let (h, reply) = (h.clone(), reply.clone());
                std::thread::spawn(move || serve(stream, h, reply));
            }
        });
        Server {
            port,
            heads,
            connections,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn connection_count(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<String> {
        self.heads
            .lock()
            .unwrap()
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect()
    }
}

fn serve(stream: TcpStream, heads: Arc<Mutex<Vec<Vec<u8>>>>, reply: Reply) {
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
        let mut head = Vec::new();
        loop {
            let mut line = Vec::new();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            head.extend_from_slice(&line);
            if line == b"\r\n" {
                break;
            }
        }
        heads.lock().unwrap().push(head.clone());
        let result = match &reply {
            Reply::Json(body) => respond(&mut out, 200, body.as_bytes()),
            Reply::Status(code) => respond(&mut out, *code, b""),
            Reply::Garbage => respond(&mut out, 200, b"\x00\xff<html>not json"),
            Reply::Huge(n) => respond(&mut out, 200, &vec![b'a'; *n]),
            Reply::Hang => {
                std::thread::sleep(Duration::from_secs(30));
                return;
            }
            Reply::Stall => {
                let _ = out.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{",
                );
                std::thread::sleep(Duration::from_secs(30));
                return;
            }
            Reply::Slow(ms, body) => {
                std::thread::sleep(Duration::from_millis(*ms));
                respond(&mut out, 200, body.as_bytes())
            }
            Reply::ByPath(routes) => {
                let target = String::from_utf8_lossy(&head)
                    .split(' ')
                    .nth(1)
                    .unwrap_or_default()
                    .to_string();
                match routes.iter().find(|(prefix, _)| target.starts_with(prefix)) {
                    Some((_, body)) => respond(&mut out, 200, body.as_bytes()),
                    None => respond(&mut out, 404, b""),
                }
            }
            Reply::CloseAfter(body) => {
                let _ = respond(&mut out, 200, body.as_bytes());
                return;
            }
            Reply::Endless => {
                let _ = out.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n");
                for _ in 0..3000 {
                    if out.write_all(b"1\r\n \r\n").is_err() {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                return;
            }
        };
        if result.is_err() {
            return;
        }
    }
}

fn respond(out: &mut TcpStream, status: u16, body: &[u8]) -> std::io::Result<()> {
    write!(
        out,
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )?;
    out.write_all(body)?;
    out.flush()
}

/// Reads all of a reader, for tests that pipe.
pub fn read_all(mut r: impl Read) -> String {
    let mut s = String::new();
    r.read_to_string(&mut s).unwrap();
    s
}

/// A checkpoint answer.
pub fn answer(current: &str) -> String {
    format!(
        r#"{{"product":"weave-gitops","current_version":"{current}","current_release":1700000000,"current_download_url":"https://example.com/dl","current_changelog_url":"https://example.com/cl","project_website":"https://example.com","outdated":true,"alerts":[]}}"#
    )
}

/// The `version=` of each request the server received, in order.
pub fn versions(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter_map(|head| {
            let start = head.find("version=")? + "version=".len();
            let end = head[start..]
                .find([' ', '&'])
                .map_or(head.len(), |e| start + e);
            Some(head[start..end].to_string())
        })
        .collect()
}

/// Records `n` events, each with its own version `1.0.{i}`, by appending lines to the queue
/// directly (as `record` writes them), so a test can tell which event a request carried.
pub fn queue_numbered(home: &Home, n: usize) {
    home.ok(&[
        "telemetry",
        "record",
        "--cli-version",
        "1.0.0",
        "--",
        "get",
        "app",
    ]);
    let template = home.pending_lines().pop().unwrap();
    let event: serde_json::Value = serde_json::from_str(&template).unwrap();
    let mut text = String::new();
    for i in 0..n {
        let mut e = event.clone();
        e["id"] = format!("ev{i:08}").into();
        e["version"] = format!("1.0.{i}").into();
        text.push_str(&e.to_string());
        text.push('\n');
    }
    std::fs::write(home.data("pending.jsonl"), text).unwrap();
}
