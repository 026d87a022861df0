//! Opening a link: `BROWSER`, then the platform's opener, else printing it.
//!
//! Owns the choice of how a URL reaches the user: `BROWSER` (a `:`-separated list of
//! commands, `%s` replaced by the URL), the `open` crate, or — with no display, over SSH, or
//! when launching fails — giving the URL back to be printed and copied with OSC 52. Browsers
//! run with no standard streams, so a text browser can never take over the terminal.
//! Only `https://` URLs are opened.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::config::Env;
use crate::config::rules::{UrlError, check_https};

/// How long a `BROWSER` command may take to say it failed; one still running is a success.
const LAUNCH_GRACE: Duration = Duration::from_secs(3);

/// Whom the URL was handed to: a browser, or back to the caller to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handoff {
    /// A browser was started, by this command.
    Launched(String),
    /// Nothing could open it; the caller prints (and copies) it. The reason says why.
    Print(String),
}

/// Opens `url`: `BROWSER` when set, else the platform's opener, else [`Handoff::Print`] when
/// there is no display or launching fails. Refuses anything but `https://`.
pub fn open(url: &str, env: &Env) -> Result<Handoff, UrlError> {
    check_https(url)?;
    if let Some(list) = env.non_empty("BROWSER") {
        let mut failures = Vec::new();
        for entry in list.split(':').map(str::trim).filter(|e| !e.is_empty()) {
            match launch(entry, url) {
                Ok(()) => return Ok(Handoff::Launched(format!("BROWSER ({entry})"))),
                Err(e) => failures.push(format!("{entry}: {e}")),
            }
        }
        return Ok(Handoff::Print(format!(
            "BROWSER did not open it ({})",
            failures.join("; ")
        )));
    }
    if let Some(why) = no_display(env) {
        return Ok(Handoff::Print(why.into()));
    }
    match open::that_detached(url) {
        Ok(()) => Ok(Handoff::Launched("the system's default browser".into())),
        Err(e) => Ok(Handoff::Print(format!("no browser could be started ({e})"))),
    }
}

/// Why there is no graphical display to open a browser on, if there is none.
pub fn no_display(env: &Env) -> Option<&'static str> {
    if env.non_empty("SSH_CONNECTION").is_some() || env.non_empty("SSH_TTY").is_some() {
        return Some("this is an SSH session");
    }
    let needs_x = cfg!(all(unix, not(target_os = "macos")));
    if needs_x && env.non_empty("DISPLAY").is_none() && env.non_empty("WAYLAND_DISPLAY").is_none() {
        return Some("there is no display (DISPLAY and WAYLAND_DISPLAY are unset)");
    }
    None
}

/// Why one `BROWSER` entry did not open the link.
#[derive(Debug, thiserror::Error)]
enum LaunchError {
    /// The entry names no program.
    #[error("empty command")]
    Empty,
    /// The program could not be started.
    #[error("cannot run it ({0})")]
    Spawn(std::io::Error),
    /// It ran and said no.
    #[error("it exited with {0}")]
    Exit(std::process::ExitStatus),
    /// Waiting for it failed.
    #[error("{0}")]
    Wait(std::io::Error),
}

/// Runs one `BROWSER` entry: `%s` becomes the URL, else the URL is the last argument.
fn launch(entry: &str, url: &str) -> Result<(), LaunchError> {
    let mut words: Vec<String> = entry.split_whitespace().map(str::to_string).collect();
    if entry.contains("%s") {
        words = words.into_iter().map(|w| w.replace("%s", url)).collect();
    } else {
        words.push(url.to_string());
    }
    let (program, args) = words.split_first().ok_or(LaunchError::Empty)?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(LaunchError::Spawn)?;
    let started = Instant::now();
    while started.elapsed() < LAUNCH_GRACE {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(LaunchError::Exit(status)),
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(LaunchError::Wait(e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_other_schemes() {
        assert!(open("http://example.com", &Env::empty()).is_err());
        assert!(open("file:///etc/passwd", &Env::empty()).is_err());
    }

    #[test]
    fn headless_and_ssh_print() {
        let env = Env::empty();
        if cfg!(target_os = "linux") {
            assert_eq!(
                open("https://example.com", &env).unwrap(),
                Handoff::Print(no_display(&env).unwrap().into())
            );
        }
        let ssh = Env::empty()
            .with("DISPLAY", ":0")
            .with("SSH_CONNECTION", "1 2 3 4");
        assert_eq!(no_display(&ssh), Some("this is an SSH session"));
    }

    #[test]
    fn browser_list_falls_through_failures() {
        let env = Env::empty().with("BROWSER", "false:true %s");
        assert_eq!(
            open("https://example.com", &env).unwrap(),
            Handoff::Launched("BROWSER (true %s)".into())
        );
        let env = Env::empty().with("BROWSER", "/no/such/browser");
        assert!(
            matches!(open("https://example.com", &env).unwrap(), Handoff::Print(why) if why.contains("/no/such/browser"))
        );
    }
}
