//! The checkpoint request's path and query, byte for byte as go-checkpoint sends them.
//!
//! `GET {endpoint}/v1/check/{product}?arch=…&flag_command=…&flag_object=…&flag_rc=…&os=…&signature=…&version=…`:
//! keys sorted by name and values escaped as Go's `url.Values.Encode` does. `signature=` is always
//! present, possibly empty; the update-only check carries no `flag_*` keys. No I/O.

/// The verbs of one recorded command: the part of the query only telemetry carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flags<'a> {
    /// `flag_object`: the parent of the command run (`gitops` for a top-level one).
    pub object: &'a str,
    /// `flag_command`: the command run.
    pub command: &'a str,
    /// `flag_rc`: whether the version is a release candidate.
    pub rc: bool,
}

/// The query of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query<'a> {
    /// `arch`, in Go's names.
    pub arch: &'a str,
    /// `os`, in Go's names.
    pub os: &'a str,
    /// `version`: the gitops version.
    pub version: &'a str,
    /// `signature`: the anonymous signature, possibly empty.
    pub signature: &'a str,
    /// The verbs; `None` for the update-only check.
    pub flags: Option<Flags<'a>>,
}

impl<'a> Query<'a> {
    /// The key/value pairs, sorted by key as `url.Values.Encode` sorts them.
    pub fn pairs(&self) -> Vec<(&'static str, &'a str)> {
        let mut pairs = vec![("arch", self.arch)];
        if let Some(flags) = self.flags {
            pairs.push(("flag_command", flags.command));
            pairs.push(("flag_object", flags.object));
            pairs.push(("flag_rc", if flags.rc { "yes" } else { "no" }));
        }
        pairs.extend([
            ("os", self.os),
            ("signature", self.signature),
            ("version", self.version),
        ]);
        debug_assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0), "keys sorted");
        pairs
    }

    /// The encoded query string, without the `?`.
    pub fn encode(&self) -> String {
        let encoded: Vec<String> = self
            .pairs()
            .iter()
            .map(|(k, v)| format!("{}={}", go_query_escape(k), go_query_escape(v)))
            .collect();
        encoded.join("&")
    }
}

/// Go's `url.QueryEscape`: space becomes `+`, every byte outside `A-Z a-z 0-9 - _ . ~`
/// becomes `%XX` with upper-case hex.
pub fn go_query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_only_has_no_flags() {
        let q = Query {
            arch: "amd64",
            os: "linux",
            version: "0.6.2",
            signature: "",
            flags: None,
        };
        assert_eq!(q.encode(), "arch=amd64&os=linux&signature=&version=0.6.2");
    }
}
