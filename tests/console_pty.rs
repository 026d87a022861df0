//! The real binary in a pseudo-terminal: `gitops feedback` opens on the consent choice, `a`
//! saves consent in the config file, tabs switch, `q` quits cleanly and restores the terminal.

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

#[test]
fn allow_consent_switch_tabs_and_quit_in_a_real_terminal() {
    let home = Home::new();
    home.write_config("# written by the test\n");
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
    let mut child = pair.slave.spawn_command(cmd).unwrap();
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
    let screen = Screen { output };
    let mut keys = pair.master.take_writer().unwrap();
    let mut press = |key: &str| {
        keys.write_all(key.as_bytes()).unwrap();
        keys.flush().unwrap();
    };

    screen.wait_for("Help improve Weave GitOps?");
    screen.wait_for("flag_object=add");
    press("a");
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

    press("3");
    screen.wait_for("Nothing is waiting");
    press("5");
    screen.wait_for("Write a GitHub issue");
    press("q");

    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the console did not exit");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    // The terminal is restored: the alternate screen was left and the cursor shown again.
    let raw = String::from_utf8_lossy(&screen.raw()).into_owned();
    let tail = &raw[raw.rfind("Write a GitHub issue").unwrap()..];
    assert!(tail.contains("\x1b[?1049l"), "alternate screen not left");
    assert!(tail.contains("\x1b[?25h"), "cursor not shown");
}
