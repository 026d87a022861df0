//! The `gitops` binary: the command line of the `gitops_feedback` library.

fn main() -> std::process::ExitCode {
    gitops_feedback::cli_main()
}
