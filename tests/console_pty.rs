//! The real binary in a pseudo-terminal: `gitops feedback` opens on the consent choice, `a`
//! saves consent in the config file, tabs switch, `q` quits cleanly and restores the terminal;
//! an event recorded by another process appears without a key; a paste is text, never keys;
//! the "too small" screen takes no key but quit; `Esc` never quits; a signal from outside
//! loses no draft and leaves the terminal sane.

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
    /// The terminal's size now (rows, columns).
    size: Arc<Mutex<(u16, u16)>>,
}

impl Screen {
    fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    fn contents(&self) -> String {
        let size = |n| std::num::NonZeroU16::new(n).unwrap();
        let (rows, cols) = *self.size.lock().unwrap();
        let mut parser = vt100::Parser::new(size(rows), size(cols), 0);
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

    /// Waits until the screen no longer shows `text`, failing with the screen after 15 s.
    fn wait_gone(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if !self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "timed out waiting for {text:?} to go; screen:\n{}",
            self.contents()
        );
    }

    /// What was written after the last time `text` was on screen.
    fn after_last(&self, text: &str) -> String {
        let raw = String::from_utf8_lossy(&self.raw()).into_owned();
        let at = raw.rfind(text).expect("the text was written");
        raw[at..].to_string()
    }
}

/// The console running in a pseudo-terminal.
struct Console {
    screen: Screen,
    keys: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
}

fn pty_size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

impl Console {
    /// The console in a terminal of 80×24.
    fn start(home: &Home) -> Console {
        Console::start_sized(home, 80, 24)
    }

    fn start_sized(home: &Home, cols: u16, rows: u16) -> Console {
        let pair = native_pty_system().openpty(pty_size(cols, rows)).unwrap();
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
            screen: Screen {
                output,
                size: Arc::new(Mutex::new((rows, cols))),
            },
            keys: pair.master.take_writer().unwrap(),
            child,
            master: pair.master,
        }
    }

    /// Resizes the terminal, as dragging the window's corner does.
    fn resize(&mut self, cols: u16, rows: u16) {
        *self.screen.size.lock().unwrap() = (rows, cols);
        self.master.resize(pty_size(cols, rows)).unwrap();
    }

    /// Sends `signal` (a name `kill` knows: TERM, HUP, INT, KILL) to the console's process,
    /// with the shell's own `kill`, so no package beyond a POSIX shell is needed.
    fn signal(&mut self, signal: &str) {
        let pid = self
            .child
            .process_id()
            .expect("the console runs")
            .to_string();
        let status = std::process::Command::new("sh")
            .args(["-c", &format!("kill -{signal} {pid}")])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{signal} {pid} failed");
    }

    /// Waits for the console to exit and returns its exit status.
    fn wait_status(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the console did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn press(&mut self, keys: &str) {
        self.keys.write_all(keys.as_bytes()).unwrap();
        self.keys.flush().unwrap();
    }

    /// Waits for the console to exit and returns whether it succeeded.
    fn wait_exit(&mut self) -> bool {
        self.wait_status().success()
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

/// The terminal is left as it was found: the alternate screen left, the cursor shown, mouse
/// reporting and bracketed paste off, in what was written after `last_text` was drawn.
fn assert_terminal_restored(screen: &Screen, last_text: &str) {
    let tail = screen.after_last(last_text);
    for (sequence, what) in [
        ("\x1b[?1049l", "alternate screen not left"),
        ("\x1b[?25h", "cursor not shown"),
        ("\x1b[?1000l", "mouse reporting not turned off"),
        ("\x1b[?2004l", "bracketed paste not turned off"),
    ] {
        assert!(tail.contains(sequence), "{what}: {tail:?}");
    }
}

#[test]
fn the_too_small_screen_takes_no_key_but_quit() {
    let home = Home::new();
    home.write_config(GRANTED_QUIET);
    for args in [["get", "clusters"], ["add", "cluster"]] {
        home.gitops()
            .args(["telemetry", "record", "--cli-version", "1.0.0", "--"])
            .args(args)
            .assert()
            .success();
    }
    let mut console = Console::start_sized(&home, 50, 12);
    console.screen.wait_for("terminal too small");
    // Go to Pending, clear all and say yes; deny and say yes; another tab: all unseen.
    console.press("3Cydy5");
    console.screen.wait_for("only q quits at this size");
    console.resize(80, 24);
    // Still on the Overview, telemetry still enabled, no question open.
    console.screen.wait_for("Telemetry is ENABLED");
    assert!(!console.screen.contents().contains("Are you sure?"));
    console.press("3");
    console.screen.wait_for("Pending (2)");
    console.screen.wait_for("get cluster");
    // Back to too small, where q still quits.
    console.resize(50, 12);
    console.screen.wait_for("terminal too small");
    console.press("q");
    assert!(console.wait_exit());
    assert_eq!(home.pending_lines().len(), 2, "pending events were deleted");
    assert_eq!(
        std::fs::read_to_string(home.config()).unwrap(),
        GRANTED_QUIET
    );
}

#[test]
fn esc_goes_back_and_never_quits() {
    let home = Home::new();
    home.write_config("[telemetry]\nconsent = \"denied\"\n");
    let mut console = Console::start(&home);
    console.press("3");
    console.screen.wait_for("Pending (0)");
    // `s` while denied leaves an error on the status line until the next key: each Esc
    // below is seen to arrive by the error going, and the console must still be there.
    for _ in 0..2 {
        console.press("s");
        console.screen.wait_for("nothing sent:");
        console.press("\x1b");
        console.screen.wait_gone("nothing sent:");
    }
    // Esc closes the help, then does nothing on the plain screen.
    console.press("?");
    console.screen.wait_for("In every mode");
    console.press("\x1b");
    console.screen.wait_gone("In every mode");
    console.press("s");
    console.screen.wait_for("nothing sent:");
    assert!(console.is_running(), "Esc ended the console");
    console.press("q");
    assert!(console.wait_exit());
}

/// The issue form open with a title and a body typed, the draft not yet saved by leaving it.
fn console_with_typed_issue(home: &Home) -> Console {
    home.write_config(GRANTED_QUIET);
    let mut console = Console::start(home);
    console.press("5");
    console.screen.wait_for("Write a GitHub issue");
    console.press("i");
    console.screen.wait_for("A short summary");
    console.press("Crash on sync\r");
    console.screen.wait_for("Crash on sync");
    console.press("it fell over");
    console.screen.wait_for("it fell over");
    console
}

fn draft(home: &Home) -> String {
    std::fs::read_to_string(home.data("issue-drafts/draft.json")).unwrap_or_default()
}

#[test]
fn a_signal_from_outside_keeps_the_draft_and_restores_the_terminal() {
    for (signal, name) in [
        ("TERM", "Terminated"),
        ("HUP", "Hangup"),
        ("INT", "Interrupt"),
    ] {
        let home = Home::new();
        let mut console = console_with_typed_issue(&home);
        console.signal(signal);
        let status = console.wait_status();
        assert!(!status.success(), "SIG{signal}: {status:?}");
        // The process died of the signal, as its sender expects.
        assert_eq!(status.signal(), Some(name), "SIG{signal}: {status:?}");
        let saved = draft(&home);
        assert!(
            saved.contains("Crash on sync"),
            "SIG{signal}: draft {saved:?}"
        );
        assert!(
            saved.contains("it fell over"),
            "SIG{signal}: draft {saved:?}"
        );
        assert_terminal_restored(&console.screen, "it fell over");
    }
}

#[test]
fn the_draft_is_saved_as_it_is_typed() {
    let home = Home::new();
    let mut console = console_with_typed_issue(&home);
    // Saved without leaving the form, so even SIGKILL, which nothing can catch, keeps it.
    let deadline = Instant::now() + Duration::from_secs(15);
    while !draft(&home).contains("it fell over") {
        assert!(
            Instant::now() < deadline,
            "the draft was not saved while typing"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    console.signal("KILL");
    console.wait_status();
    let mut again = Console::start(&home);
    again.press("5");
    again
        .screen
        .wait_for("Go on with your draft issue “Crash on sync”");
    again.press("q");
    assert!(again.wait_exit());
}
