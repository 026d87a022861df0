//! The workspace's two binaries: their name, their clap command and their man-page sections.

use crate::sections::Sections;

/// One binary the workspace installs.
pub struct Binary {
    /// Its name on the `PATH`.
    pub name: &'static str,
    /// The Cargo package that builds it (and the Debian package that holds it).
    pub package: &'static str,
    /// Its command line as clap defines it.
    pub command: fn() -> clap::Command,
    /// The man-page sections clap does not know.
    pub sections: &'static Sections,
}

/// `gitops` and `gitops-checkpoint`.
pub const BINARIES: [Binary; 2] = [
    Binary {
        name: "gitops",
        package: "gitops-feedback",
        command: gitops_feedback::command,
        sections: &crate::sections::GITOPS,
    },
    Binary {
        name: "gitops-checkpoint",
        package: "gitops-checkpoint",
        command: gitops_checkpoint::cli::command,
        sections: &crate::sections::CHECKPOINT,
    },
];
