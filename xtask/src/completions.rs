//! Shell completions of both binaries, from their clap commands.

use std::path::Path;

use clap_complete::Shell;

use crate::binaries::BINARIES;

/// Writes every shell's completions of both binaries into `out` (`gitops.bash`, `_gitops`,
/// `gitops.fish`, `gitops.elv`, `_gitops.ps1`, and the same for `gitops-checkpoint`).
pub fn generate_all(out: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    for binary in &BINARIES {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Elvish,
            Shell::PowerShell,
        ] {
            clap_complete::generate_to(shell, &mut (binary.command)(), binary.name, out)?;
        }
    }
    Ok(())
}
