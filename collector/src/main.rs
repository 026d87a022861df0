//! The `gitops-checkpoint` binary: everything is in the library.

fn main() -> std::process::ExitCode {
    gitops_checkpoint::cli::main()
}
