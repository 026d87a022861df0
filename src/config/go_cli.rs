//! The Go CLI's own settings file, `weave-gitops-config.json`, read and written as the Go
//! `gitops` (v0.10.0 to v0.38.0, `pkg/config/config.go`) did.
//!
//! Reading follows Go's `json.Unmarshal` into `{Analytics bool "analytics"; UserID string
//! "userId"}`: keys match case-insensitively, unknown keys are ignored, and a missing or `null`
//! `analytics` is false, which the Go CLI treated as "analytics off". A file Go could not read
//! (empty, not JSON, `"analytics": "true"`) says nothing.
//!
//! Writing keeps the file in step with this tool's consent: `analytics` is set and every other
//! key (the `userId` above all) is kept; a `userId` is never invented. The file is written as Go
//! wrote it (two-space indent, no trailing newline), atomically. Its directory is never created.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// What the Go CLI read from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoCliConfig {
    /// `analytics`; false when missing or `null`.
    pub analytics: bool,
    /// `userId`; empty when missing.
    pub user_id: String,
}

/// Why the Go CLI's file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct GoCliWriteError {
    /// The file.
    pub path: PathBuf,
    /// What the system said.
    pub source: std::io::Error,
}

#[cfg(test)]
thread_local! {
    /// How many times this thread read a Go CLI file: tests count what one operation reads.
    pub static READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

impl GoCliConfig {
    /// Reads the file as the Go CLI did; `None` when it is missing or Go could not read it.
    pub fn read(path: &Path) -> Option<GoCliConfig> {
        #[cfg(test)]
        READS.with(|reads| reads.set(reads.get() + 1));
        let text = crate::fsutil::read_user_file(path, crate::fsutil::CONFIG_LIMIT).ok()??;
        GoCliConfig::parse(&text)
    }

    /// Parses the file's text as the Go CLI did.
    pub fn parse(text: &str) -> Option<GoCliConfig> {
        let members = match serde_json::from_str::<Value>(text).ok()? {
            Value::Null => Map::new(),
            Value::Object(members) => members,
            _ => return None,
        };
        let analytics = match member(&members, "analytics") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return None,
        };
        let user_id = match member(&members, "userId") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return None,
        };
        Some(GoCliConfig { analytics, user_id })
    }

    /// The JSON the Go CLI printed and wrote: both keys, two-space indent.
    pub fn to_go_json(&self) -> String {
        let mut members = Map::new();
        members.insert("analytics".into(), Value::Bool(self.analytics));
        members.insert("userId".into(), Value::String(self.user_id.clone()));
        serde_json::to_string_pretty(&Value::Object(members)).expect("JSON serialises")
    }
}

/// The member whose key matches `name` as Go matches a field: exactly, else ignoring case.
fn member<'a>(members: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    members.get(name).or_else(|| {
        members
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// Sets `analytics` in the file at `path`, keeping every other key. A file that is not a JSON
/// object is replaced (as Go replaced what it could not read). Returns whether the file was
/// written: nothing is written when its directory does not exist.
pub fn write_analytics(path: &Path, analytics: bool) -> Result<bool, GoCliWriteError> {
    if !path.parent().is_some_and(Path::is_dir) {
        return Ok(false);
    }
    let mut members = crate::fsutil::read_user_file(path, crate::fsutil::CONFIG_LIMIT)
        .ok()
        .flatten()
        .and_then(|text| match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(members)) => Some(members),
            _ => None,
        })
        .unwrap_or_default();
    members.retain(|k, _| !k.eq_ignore_ascii_case("analytics"));
    members.insert("analytics".into(), Value::Bool(analytics));
    let text = serde_json::to_string_pretty(&Value::Object(members)).expect("JSON serialises");
    crate::fsutil::write_atomic(path, text.as_bytes()).map_err(|source| GoCliWriteError {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(true)
}

/// `strconv.ParseBool(strings.TrimSpace(word))`: what `gitops set config analytics` accepted.
pub fn parse_go_bool(word: &str) -> Option<bool> {
    match word.trim() {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/go-cli-config");
        std::fs::read_to_string(root.join(name)).unwrap()
    }

    /// Each file the Go CLI had to read, with what it made of it
    /// (tests/fixtures/go-cli-config/README.md, pkg/config/config.go@v0.38.0).
    #[test]
    fn files_read_as_the_go_cli_read_them() {
        let some = |analytics, user_id: &str| {
            Some(GoCliConfig {
                analytics,
                user_id: user_id.into(),
            })
        };
        for (file, want) in [
            (
                "read/config_test-parse-example.json",
                some(true, "Hph7bg5SiK"),
            ),
            ("read/analytics-missing.json", some(false, "2Q2MsgBDSV")),
            ("read/analytics-null.json", some(false, "2Q2MsgBDSV")),
            ("read/analytics-string.json", None),
            ("read/case-insensitive-keys.json", some(true, "2Q2MsgBDSV")),
            ("read/userid-missing.json", some(true, "")),
            ("read/null.json", some(false, "")),
            ("read/empty.json", None),
            (
                "v0.10.0..v0.10.2/weave-gitops-config.json",
                some(true, "2Q2MsgBDSV"),
            ),
            (
                "v0.11.0..v0.38.0/weave-gitops-config.json",
                some(true, "2Q2MsgBDSV"),
            ),
            (
                "v0.11.0..v0.38.0-declined/weave-gitops-config.json",
                some(false, "2Q2MsgBDSV"),
            ),
        ] {
            assert_eq!(GoCliConfig::parse(&fixture(file)), want, "{file}");
        }
    }

    /// Written as each release wrote it: the same bytes from the same facts.
    #[test]
    fn written_as_go_wrote_it() {
        for (file, analytics) in [
            ("v0.11.0..v0.38.0/weave-gitops-config.json", true),
            ("v0.11.0..v0.38.0-declined/weave-gitops-config.json", false),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("weave-gitops-config.json");
            std::fs::write(&path, fixture("v0.10.0..v0.10.2/weave-gitops-config.json")).unwrap();
            assert!(write_analytics(&path, analytics).unwrap());
            assert_eq!(
                std::fs::read_to_string(&path).unwrap(),
                fixture(file),
                "{file}"
            );
        }
    }

    #[test]
    fn other_keys_stay_no_user_id_is_invented_no_directory_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("weave-gitops-config.json");
        std::fs::write(&path, r#"{"Analytics":true,"userId":"u","extra":[1]}"#).unwrap();
        write_analytics(&path, false).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "{\n  \"analytics\": false,\n  \"extra\": [\n    1\n  ],\n  \"userId\": \"u\"\n}"
        );
        let fresh = dir.path().join("new.json");
        write_analytics(&fresh, true).unwrap();
        assert_eq!(
            std::fs::read_to_string(&fresh).unwrap(),
            "{\n  \"analytics\": true\n}"
        );
        let nowhere = dir
            .path()
            .join("missing-dir")
            .join("weave-gitops-config.json");
        assert!(!write_analytics(&nowhere, true).unwrap());
        assert!(!nowhere.parent().unwrap().exists());
    }

    #[test]
    fn go_parse_bool() {
        for (word, want) in [
            ("true", Some(true)),
            (" True ", Some(true)),
            ("1", Some(true)),
            ("T", Some(true)),
            ("FALSE", Some(false)),
            ("f", Some(false)),
            ("0", Some(false)),
            ("yes", None),
            ("on", None),
            ("tRUE", None),
            ("", None),
        ] {
            assert_eq!(parse_go_bool(word), want, "{word:?}");
        }
    }
}
