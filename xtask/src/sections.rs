//! The man-page sections clap does not know: ENVIRONMENT, FILES and EXIT STATUS of each
//! binary. This is their one source: `cargo xtask man` renders them into every page, and the
//! README and `docs/` say the same in prose (`docs/configuration.md`, `docs/collector.md`).

/// One binary's ENVIRONMENT, FILES and EXIT STATUS, each a list of (term, meaning).
pub struct Sections {
    /// The environment variables it reads.
    pub environment: &'static [(&'static str, &'static str)],
    /// The files it reads or writes.
    pub files: &'static [(&'static str, &'static str)],
    /// Its exit codes.
    pub exit_status: &'static [(&'static str, &'static str)],
}

/// `gitops`.
pub const GITOPS: Sections = Sections {
    environment: &[
        (
            "GITOPS_HOME",
            "Use DIR/config.toml, DIR/data/ and DIR/weave-gitops-config.json instead of the platform's directories.",
        ),
        (
            "CHECKPOINT_DISABLE",
            "Any non-empty value (even 0): everything off, update checks included.",
        ),
        ("DO_NOT_TRACK", "1 or true: everything off."),
        ("NO_UPDATE_NOTIFIER", "Set: no update-only requests."),
        (
            "CHECKPOINT_TIMEOUT",
            "Milliseconds per request (1 to 600000), overriding [telemetry] timeout.",
        ),
        ("CI", "Set while consent is undecided: nothing is recorded."),
        (
            "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY",
            "Proxies for sending.",
        ),
        (
            "BROWSER",
            "How links open: colon-separated commands, %s for the URL.",
        ),
        ("NO_COLOR", "No colour, in the commands and the console."),
    ],
    files: &[
        (
            "~/.config/gitops/config.toml",
            "The settings (~/Library/Application Support/gitops/ on macOS); every key with its default is in config.example.toml.",
        ),
        (
            "~/.config/gitops/weave-gitops-config.json",
            "The Go CLI's settings; analytics false there counts as denied here.",
        ),
        (
            "~/.local/state/gitops/",
            "The data dir: the queue (pending.jsonl), the sent log (sent.jsonl), the signature, the update and policy caches, issue drafts. Made 0700, its files 0600.",
        ),
    ],
    exit_status: &[
        ("0", "Success."),
        (
            "1",
            "The operation failed (for example a send that left events queued).",
        ),
        ("2", "A usage or configuration error."),
    ],
};

/// `gitops-checkpoint`.
pub const CHECKPOINT: Sections = Sections {
    environment: &[(
        "RUST_LOG",
        "The log level (default info); --log-format or log_format picks text or JSON.",
    )],
    files: &[
        (
            "~/.local/share/gitops-checkpoint/checkpoint.sqlite3",
            "The embedded store, in the data directory (--data-dir, data_dir); /var/lib/gitops-checkpoint/ for the packaged service.",
        ),
        (
            "/etc/gitops-checkpoint/checkpoint.toml",
            "The packaged service's settings (--config); every key with its default is in checkpoint.example.toml.",
        ),
        (
            "releases.toml",
            "The releases and alerts file (--releases), re-read within 2 s of a change and on SIGHUP; see releases.example.toml.",
        ),
    ],
    exit_status: &[
        (
            "0",
            "Done (serve: stopped by SIGTERM or SIGINT with every count written).",
        ),
        (
            "1",
            "The operation failed: the store does not answer, the address cannot be bound, counts could not be written.",
        ),
        (
            "2",
            "The command line, the settings, the config file or the releases file is wrong.",
        ),
    ],
};
