//! The real binary in a pseudo-terminal: `gitops feedback` opens on the consent choice, `a`
//! saves consent in the config file, tabs switch, `q` quits cleanly and restores the terminal;
//! an event recorded by another process appears without a key; a paste is text, never keys.

mod common;

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Home;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// What the console has written so far, collected by a reader thread, and the screen it
/// draws, as a terminal emulator sees it.
struct Screen {
    output: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    fn contents(&self) -> String {
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(24), size(80), 0);
        parser.process(&self.raw());
        parser.screen().contents()
    }

    /// Waits until the screen shows `text`, failing with the screen after 15 s.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "timed out waiting for {text:?}; screen:\n{}",
            self.contents()
        );
    }
}

/// The console running in a pseudo-terminal of 80×24.
struct Console {
    screen: Screen,
    keys: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Console {
    fn start(home: &Home) -> Console {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(assert_cmd::cargo::cargo_bin("gitops"));
        cmd.args(["feedback"]);
        cmd.env_clear();
        cmd.env("GITOPS_HOME", home.path());
        cmd.env("TERM", "xterm-256color");
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let sink = output.clone();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = reader.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&chunk[..n]);
            }
        });
        Console {
            screen: Screen { output },
            keys: pair.master.take_writer().unwrap(),
            child,
        }
    }

    fn press(&mut self, keys: &str) {
        self.keys.write_all(keys.as_bytes()).unwrap();
        self.keys.flush().unwrap();
    }

    /// Waits for the console to exit and returns whether it succeeded.
    fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            assert!(Instant::now() < deadline, "the console did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

/// Consent granted, nothing sent by itself, and the endpoint on loopback all the same.
const GRANTED_QUIET: &str =
    "[telemetry]\nconsent = \"granted\"\nauto_send = false\nendpoint = \"http://127.0.0.1:9\"\n";

#[test]
fn an_event_recorded_elsewhere_appears_without_a_key() {
    let home = Home::new();
    home.write_config(GRANTED_QUIET);
    let mut console = Console::start(&home);
    console.press("3");
    console.screen.wait_for("Pending (0)");
    home.gitops()
        .args([
            "telemetry",
            "record",
            "--cli-version",
            "1.0.0",
            "--",
            "get",
            "clusters",
        ])
        .assert()
        .success();
    console.screen.wait_for("Pending (1)");
    console.screen.wait_for("get cluster");
    // Consent changed from another terminal reaches the header too.
    home.gitops()
        .args(["telemetry", "disable"])
        .assert()
        .success();
    console.screen.wait_for("telemetry: disabled");
    console.press("q");
    assert!(console.wait_exit());
}

#[test]
fn a_paste_into_the_command_line_is_text_and_never_quits() {
    let home = Home::new();
    home.write_config(GRANTED_QUIET);
    let mut console = Console::start(&home);
    console.press("2");
    console.screen.wait_for("Enter to edit");
    console.press("\r");
    console.press(&"\x7f".repeat(80));
    console.press("\x1b[200~get clusters\rq\x1b[201~");
    console.screen.wait_for("get clusters q");
    console
        .screen
        .wait_for("object \"get\", command \"cluster\"");
    assert!(console.is_running(), "the paste ended the console");
    // Esc alone (a key right after it would read as Alt-key), then q.
    console.press("\x1b");
    console.screen.wait_for("Enter to edit");
    console.press("q");
    assert!(console.wait_exit());
}

#[test]
fn allow_consent_switch_tabs_and_quit_in_a_real_terminal() {
    let home = Home::new();
    home.write_config("# written by the test\n");
    let mut console = Console::start(&home);
    let screen = &console.screen;
    screen.wait_for("Help improve Weave GitOps?");
    screen.wait_for("flag_object=add");
    console.press("a");
    let screen = &console.screen;
    let config = home.config();
    let deadline = Instant::now() + Duration::from_secs(15);
    while !std::fs::read_to_string(&config)
        .unwrap()
        .contains("consent = \"granted\"")
    {
        assert!(Instant::now() < deadline, "consent was not saved");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        "# written by the test\n\n[telemetry]\nconsent = \"granted\"\n"
    );
    screen.wait_for("telemetry: enabled");

    console.press("3");
    console.screen.wait_for("Nothing is waiting");
    console.press("5");
    console.screen.wait_for("Write a GitHub issue");
    console.press("q");
    assert!(console.wait_exit(), "the console failed");
    let screen = &console.screen;
    // The terminal is restored: the alternate screen was left and the cursor shown again.
    let raw = String::from_utf8_lossy(&screen.raw()).into_owned();
    let tail = &raw[raw.rfind("Write a GitHub issue").unwrap()..];
    assert!(tail.contains("\x1b[?1049l"), "alternate screen not left");
    assert!(tail.contains("\x1b[?25h"), "cursor not shown");
}
