//! Where the tool keeps its files.
//!
//! The only user of the `directories` crate and of `GITOPS_HOME`. Everything else asks a
//! [`Paths`] for a file name and never builds one itself.

use std::io;
use std::path::{Path, PathBuf};

use super::Env;

/// The files and directories of one installation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// `config.toml`: the user's settings.
    pub config_file: PathBuf,
    /// The directory of the queue, the sent log, the signature, caches and locks.
    pub data_dir: PathBuf,
    /// The Go CLI's own settings file, read for its analytics opt-out.
    pub go_cli_config: Option<PathBuf>,
}

/// No home directory could be found and `GITOPS_HOME` is not set.
#[derive(Debug, thiserror::Error)]
#[error("cannot find a home directory for the configuration; set GITOPS_HOME to a directory")]
pub struct NoHome;

impl Paths {
    /// The paths for this environment: `GITOPS_HOME` when set, else the platform's directories.
    pub fn resolve(env: &Env) -> Result<Paths, NoHome> {
        if let Some(home) = env.non_empty("GITOPS_HOME") {
            return Ok(Paths::under(Path::new(home)));
        }
        let dirs = directories::ProjectDirs::from("", "", "gitops").ok_or(NoHome)?;
        let go_cli_config = directories::BaseDirs::new()
            .map(|base| base.config_dir().join("weave-gitops-config.json"));
        Ok(Paths {
            config_file: dirs.config_dir().join("config.toml"),
            data_dir: dirs.state_dir().unwrap_or(dirs.data_dir()).to_path_buf(),
            go_cli_config,
        })
    }

    /// The layout below one directory, as `GITOPS_HOME` gives it: `<dir>/config.toml`,
    /// `<dir>/data/` and `<dir>/weave-gitops-config.json` for the Go CLI's settings.
    pub fn under(home: &Path) -> Paths {
        Paths {
            config_file: home.join("config.toml"),
            data_dir: home.join("data"),
            go_cli_config: Some(home.join("weave-gitops-config.json")),
        }
    }

    /// The pending queue, one JSON event a line.
    pub fn queue(&self) -> PathBuf {
        self.data_dir.join("pending.jsonl")
    }
    /// The journal of what became of queued events during a send (delivered, failed, refused),
    /// one JSON line each; folded into the queue when the send ends.
    pub fn queue_journal(&self) -> PathBuf {
        self.data_dir.join("pending-journal.jsonl")
    }
    /// Why and until when the whole queue waits: the server was down.
    pub fn send_backoff(&self) -> PathBuf {
        self.data_dir.join("send-backoff.json")
    }
    /// The lock every queue writer holds; never replaced, so waiting writers stay correct.
    pub fn queue_lock(&self) -> PathBuf {
        self.data_dir.join("pending.lock")
    }
    /// Counters of events the queue dropped (overflow, expiry, torn lines).
    pub fn queue_stats(&self) -> PathBuf {
        self.data_dir.join("pending-stats.json")
    }
    /// The log of requests actually sent, one JSON line each.
    pub fn sent_log(&self) -> PathBuf {
        self.data_dir.join("sent.jsonl")
    }
    /// The cached anonymous signature.
    pub fn signature_cache(&self) -> PathBuf {
        self.data_dir.join("signature.json")
    }
    /// The random anonymous id, in a file that explains itself.
    pub fn random_id(&self) -> PathBuf {
        self.data_dir.join("anonymous-id")
    }
    /// The newest checkpoint answer and when it came.
    pub fn update_cache(&self) -> PathBuf {
        self.data_dir.join("update-check.json")
    }
    /// The retention the endpoint published (`GET /v1/policy`), as last fetched.
    pub fn policy_cache(&self) -> PathBuf {
        self.data_dir.join("policy.json")
    }
    /// Held by the one running sender.
    pub fn send_lock(&self) -> PathBuf {
        self.data_dir.join("send.lock")
    }
    /// Its modification time is the last send attempt.
    pub fn send_stamp(&self) -> PathBuf {
        self.data_dir.join("last-send")
    }
    /// Issue bodies too long for a URL are written here.
    pub fn issue_drafts(&self) -> PathBuf {
        self.data_dir.join("issue-drafts")
    }
    /// Every file and directory [`Paths::forget`] removes.
    pub fn kept_files(&self) -> Vec<PathBuf> {
        vec![
            self.queue(),
            self.queue_journal(),
            self.queue_lock(),
            self.send_backoff(),
            self.queue_stats(),
            self.sent_log(),
            self.signature_cache(),
            self.random_id(),
            self.update_cache(),
            self.policy_cache(),
            self.send_lock(),
            self.send_stamp(),
            self.issue_drafts(),
        ]
    }

    /// Deletes every file this tool keeps in the data directory; returns those that existed.
    /// The config file (and so the consent) stays.
    pub fn forget(&self) -> io::Result<Vec<PathBuf>> {
        let mut removed = Vec::new();
        for path in self.kept_files() {
            let result = if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
            match result {
                Ok(()) => removed.push(path),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(io::Error::new(
                        e.kind(),
                        format!("cannot delete {}: {e}", path.display()),
                    ));
                }
            }
        }
        // The temporary files of rewrites that were interrupted.
        if let Ok(entries) = std::fs::read_dir(&self.data_dir) {
            for entry in entries.flatten() {
                if crate::fsutil::is_temp(&entry.file_name().to_string_lossy())
                    && std::fs::remove_file(entry.path()).is_ok()
                {
                    removed.push(entry.path());
                }
            }
        }
        // Leave no empty data directory behind; a non-empty one holds something that is not ours.
        let _ = std::fs::remove_dir(&self.data_dir);
        Ok(removed)
    }
}
