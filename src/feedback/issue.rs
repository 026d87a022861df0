//! Prefilled GitHub issues: the final text, the link, and the fallback for long bodies.
//!
//! Owns the issue URL (`/issues/new?template=…&title=…&body=…`, built with `url`), the
//! *Environment* section the user sees before anything opens, and the 8000-byte rule: a
//! longer link is never opened as is; the body is saved to a file and the link asks the user
//! to paste it. The CLI and the console both call [`build`] and [`prepare`].

use std::path::{Path, PathBuf};

use checkpoint_protocol::platform::{go_arch, go_os};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::config::Env;
use crate::consent::Consent;

/// Links longer than this are never opened as is.
pub const MAX_URL: usize = 8000;

/// The kind of issue, which picks the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `bug_report.md`
    #[default]
    Bug,
    /// `feature_request.md`
    Feature,
    /// `docs.md`
    Docs,
}

impl Kind {
    /// Every kind, in the order the console cycles them.
    pub const ALL: [Kind; 3] = [Kind::Bug, Kind::Feature, Kind::Docs];

    /// The repository's issue template for this kind.
    pub fn template(self) -> &'static str {
        match self {
            Kind::Bug => "bug_report.md",
            Kind::Feature => "feature_request.md",
            Kind::Docs => "docs.md",
        }
    }

    /// The word shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Bug => "bug",
            Kind::Feature => "feature",
            Kind::Docs => "docs",
        }
    }
}

/// The facts of the *Environment* section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostics {
    /// The gitops version.
    pub version: String,
    /// `os/arch` in Go's names.
    pub platform: String,
    /// The terminal (`TERM`, `TERM_PROGRAM`).
    pub terminal: String,
    /// The telemetry consent state.
    pub telemetry: String,
}

impl Diagnostics {
    /// The diagnostics of a run of gitops `version`, in `env`, with telemetry `consent`.
    pub fn new(version: &str, env: &Env, consent: Consent) -> Diagnostics {
        let term = env.non_empty("TERM").unwrap_or("unknown");
        let terminal = match env.non_empty("TERM_PROGRAM") {
            Some(program) => format!("{term} ({program})"),
            None => term.to_string(),
        };
        Diagnostics {
            version: version.into(),
            platform: format!("{}/{}", go_os(), go_arch()),
            terminal,
            telemetry: consent.label().into(),
        }
    }

    /// The section appended to the body.
    pub fn section(&self) -> String {
        format!(
            "### Environment\n\n- gitops version: {}\n- OS/arch: {}\n- terminal: {}\n- telemetry: {}\n",
            self.version, self.platform, self.terminal, self.telemetry
        )
    }
}

/// What the user wrote; kept on disk while it is a draft.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// The kind.
    pub kind: Kind,
    /// The title.
    pub title: String,
    /// The body as typed.
    pub body: String,
    /// Whether to append the *Environment* section.
    pub diagnostics: bool,
}

/// The issue as it would be filed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// The kind.
    pub kind: Kind,
    /// The final title.
    pub title: String,
    /// The final body, diagnostics included.
    pub body: String,
    /// The link with everything in it.
    pub url: String,
    /// Whether that link is short enough to open.
    pub fits: bool,
}

/// Builds the final text and link for `draft` in `repository` (`owner/name`).
pub fn build(repository: &str, draft: &Draft, diagnostics: &Diagnostics) -> Issue {
    let mut body = draft.body.trim_end().to_string();
    if draft.diagnostics {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(&diagnostics.section());
    }
    let title = draft.title.trim().to_string();
    let url = link(repository, draft.kind, &title, &body);
    Issue {
        kind: draft.kind,
        fits: url.len() <= MAX_URL,
        title,
        body,
        url,
    }
}

/// What to open, and what else to do, for an issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The link to open: the full one, or a short one when the body is in a file.
    pub url: String,
    /// Where the full body was saved, when the link was too long.
    pub saved_to: Option<PathBuf>,
}

/// The link to open for `issue`; a body too long for a link is saved under `drafts` first,
/// and the short body says where, and that it was copied to the clipboard only when `copied`
/// (the caller copies it: a terminal can, a pipe cannot).
pub fn prepare(
    repository: &str,
    issue: &Issue,
    drafts: &Path,
    copied: bool,
) -> std::io::Result<Prepared> {
    if issue.fits {
        return Ok(Prepared {
            url: issue.url.clone(),
            saved_to: None,
        });
    }
    std::fs::create_dir_all(drafts)?;
    let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S");
    let path = drafts.join(format!("issue-{stamp}.md"));
    crate::fsutil::write_atomic(&path, issue.body.as_bytes())?;
    // Only the file name goes into the link: the directory would name the user's home.
    let copied = if copied {
        " It was copied to the clipboard and"
    } else {
        " It was"
    };
    let note = format!(
        "The full text of this issue was too long for a link.{copied} saved as {} in the gitops data directory; paste it here, replacing this line.",
        path.file_name().unwrap_or_default().to_string_lossy()
    );
    Ok(Prepared {
        url: link(repository, issue.kind, &issue.title, &note),
        saved_to: Some(path),
    })
}

/// The draft saved in `file`, if there is one that reads.
pub fn load_draft(file: &Path) -> Option<Draft> {
    let bytes = std::fs::read(file).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Saves `draft` in `file` (atomically), or removes the file when there is no draft.
pub fn save_draft(file: &Path, draft: Option<&Draft>) -> std::io::Result<()> {
    match draft {
        Some(draft) => crate::fsutil::write_atomic(
            file,
            &serde_json::to_vec_pretty(draft).map_err(std::io::Error::other)?,
        ),
        None => match std::fs::remove_file(file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        },
    }
}

fn link(repository: &str, kind: Kind, title: &str, body: &str) -> String {
    let mut url = Url::parse("https://github.com/").expect("a valid base");
    url.set_path(&format!("{repository}/issues/new"));
    url.query_pairs_mut()
        .append_pair("template", kind.template())
        .append_pair("title", title)
        .append_pair("body", body);
    url.into()
}

#[cfg(test)]
mod tests;
