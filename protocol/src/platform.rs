//! Go's names for operating systems and architectures, and the release-candidate rule.
//!
//! The server sees the values the Go CLI sent (`runtime.GOOS`, `runtime.GOARCH`), so the client
//! maps Rust's names to Go's and the collector accepts only Go's.

/// Every `runtime.GOOS` value of Go's first-class and secondary ports.
pub const GO_OS: &[&str] = &[
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "illumos",
    "ios",
    "js",
    "linux",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
];

/// Every `runtime.GOARCH` value of Go's ports.
pub const GO_ARCH: &[&str] = &[
    "386", "amd64", "arm", "arm64", "loong64", "mips", "mips64", "mips64le", "mipsle", "ppc64",
    "ppc64le", "riscv64", "s390x", "wasm",
];

/// Go's `runtime.GOOS` for this build.
pub fn go_os() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    }
}

/// Go's `runtime.GOARCH` for this build.
pub fn go_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64",
        "loongarch64" => "loong64",
        other => other,
    }
}

/// `yes` for versions whose pre-release part names a release candidate (`0.6.2-RC1`,
/// `1.0.0-rc.2`): an identifier of the pre-release that starts with `rc`, in any case.
pub fn is_release_candidate(version: &str) -> bool {
    let without_build = version.split('+').next().unwrap_or("");
    let Some((_, pre)) = without_build.split_once('-') else {
        return false;
    };
    pre.split(['.', '-'])
        .any(|id| id.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("rc")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_candidates() {
        for (v, rc) in [
            ("0.6.2", false),
            ("0.6.2-RC1", true),
            ("1.0.0-rc.2", true),
            ("0.6.2-RC1+x y", true),
            ("1.0.0-beta.1", false),
            ("1.0.0+rc1", false),
            ("1.0.0-alpha-rc3", true),
            ("", false),
        ] {
            assert_eq!(is_release_candidate(v), rc, "{v}");
        }
    }

    #[test]
    fn go_names() {
        assert!(["linux", "darwin", "windows", "freebsd"].contains(&go_os()));
        assert!(!go_arch().contains('_'));
        assert!(GO_OS.contains(&go_os()) && GO_ARCH.contains(&go_arch()));
    }
}
