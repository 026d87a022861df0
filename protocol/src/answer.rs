//! The checkpoint answer: the JSON a checkpoint server returns for a check.
//!
//! Owns the schema both Go clients and ours read, and its parsing, as lenient as Go's
//! `encoding/json` decoder in go-checkpoint (`json.NewDecoder(r).Decode`), and better:
//! - the first JSON value is read and trailing bytes are ignored; a `null` body is an empty
//!   answer; invalid UTF-8 becomes U+FFFD; a leading byte-order mark is skipped (Go failed);
//! - keys match exactly or case-insensitively (`Product`, `ALERTS`, a Go-encoded `CheckAlert`
//!   with `ID`, `Message`), and a key given twice keeps the last value;
//! - `null` where a string, number, object or array is expected reads as empty;
//! - both release-date names are read: `current_release` (the API's) wins over
//!   `current_release_date` (the Go structs' tag) when both are there;
//! - where Go failed the whole answer on one bad value (an alert whose `id` is a string, a
//!   fractional date, a number out of range, a string for `outdated`), everything else is
//!   kept: the bad alert or value is dropped and said in [`Parsed::dropped`].
//!
//! Parsing removes control characters from every string, so nothing a server says can drive a
//! terminal. The collector serialises the same struct. No I/O.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Number;

use crate::strings::Strings;

/// One alert from the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Alert {
    /// The server's id.
    pub id: i64,
    /// Unix seconds.
    pub date: i64,
    /// The text, control characters removed.
    pub message: String,
    /// A link, control characters removed.
    pub url: String,
    /// `info`, `warn`, `critical`, …
    pub level: String,
}

impl Strings for Alert {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        let Alert {
            id: _,
            date: _,
            message,
            url,
            level,
        } = self;
        for s in [message, url, level] {
            f(s);
        }
    }
}

/// The facts of a checkpoint answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckResponse {
    /// The product name.
    #[serde(alias = "Product")]
    pub product: String,
    /// The newest version.
    pub current_version: String,
    /// When the newest version was released (unix seconds).
    #[serde(alias = "current_release_date")]
    pub current_release: i64,
    /// Where to download it.
    pub current_download_url: String,
    /// What changed.
    pub current_changelog_url: String,
    /// The project's site.
    pub project_website: String,
    /// Whether the version sent is older than the newest.
    pub outdated: bool,
    /// Alerts for the version sent.
    #[serde(alias = "Alerts")]
    pub alerts: Vec<Alert>,
}

impl Strings for CheckResponse {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        let CheckResponse {
            product,
            current_version,
            current_release: _,
            current_download_url,
            current_changelog_url,
            project_website,
            outdated: _,
            alerts,
        } = self;
        for s in [
            product,
            current_version,
            current_download_url,
            current_changelog_url,
            project_website,
        ] {
            f(s);
        }
        alerts.each_string(f);
    }
}

/// An answer that is not checkpoint JSON at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the answer is not checkpoint JSON ({0})")]
pub struct AnswerError(String);

/// A parsed answer and what had to be left out of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// The facts that parsed.
    pub response: CheckResponse,
    /// One sentence for each value or alert that was dropped, naming it.
    pub dropped: Vec<String>,
}

impl CheckResponse {
    /// Parses an answer body, dropping silently what does not fit (see [`Parsed`]).
    pub fn parse(body: &[u8]) -> Result<CheckResponse, AnswerError> {
        CheckResponse::parse_noting(body).map(|p| p.response)
    }

    /// Parses an answer body as the module docs say, noting what was dropped.
    pub fn parse_noting(body: &[u8]) -> Result<Parsed, AnswerError> {
        let text = String::from_utf8_lossy(body);
        let text = text.trim_start_matches('\u{feff}');
        let value = serde_json::Deserializer::from_str(text)
            .into_iter::<Value>()
            .next()
            .ok_or_else(|| AnswerError("the body is empty".into()))?
            .map_err(|e| AnswerError(e.to_string()))?;
        let mut parsed = Parsed::default();
        match value {
            Value::Null => {}
            Value::Object(members) => parsed.read(members),
            other => {
                return Err(AnswerError(format!(
                    "a JSON {} is not an object",
                    kind(&other)
                )));
            }
        }
        Ok(parsed)
    }
}

/// The answer's members, by the lowercase name a key matches.
const RELEASE: &str = "current_release";
const RELEASE_DATE: &str = "current_release_date";

impl Parsed {
    fn read(&mut self, members: Vec<(String, Value)>) {
        let r = &mut self.response;
        let mut release = None;
        let mut release_date = None;
        for (key, value) in members {
            let field = key.to_ascii_lowercase();
            let dropped = &mut self.dropped;
            match field.as_str() {
                "product" => r.product = text(&key, value, dropped),
                "current_version" => r.current_version = text(&key, value, dropped),
                "current_download_url" => r.current_download_url = text(&key, value, dropped),
                "current_changelog_url" => r.current_changelog_url = text(&key, value, dropped),
                "project_website" => r.project_website = text(&key, value, dropped),
                "outdated" => r.outdated = flag(&key, value, dropped),
                RELEASE => release = Some(number(&key, value, dropped)),
                RELEASE_DATE => release_date = Some(number(&key, value, dropped)),
                "alerts" => r.alerts = alerts(&key, value, dropped),
                _ => {}
            }
        }
        r.current_release = release.or(release_date).unwrap_or(0);
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn text(key: &str, value: Value, dropped: &mut Vec<String>) -> String {
    match value {
        Value::String(s) => sanitize(&s),
        Value::Null => String::new(),
        other => {
            dropped.push(format!("{key} is a {}, not a string", kind(&other)));
            String::new()
        }
    }
}

fn flag(key: &str, value: Value, dropped: &mut Vec<String>) -> bool {
    match value {
        Value::Bool(b) => b,
        Value::Null => false,
        other => {
            dropped.push(format!("{key} is a {}, not true or false", kind(&other)));
            false
        }
    }
}

/// A whole number of seconds or an id: an integer, or a float with no fraction in range.
fn number(key: &str, value: Value, dropped: &mut Vec<String>) -> i64 {
    let whole = |n: &serde_json::Number| {
        n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        })
    };
    match value {
        Value::Number(n) => whole(&n).unwrap_or_else(|| {
            dropped.push(format!("{key} = {n} is not a whole number in range"));
            0
        }),
        Value::Null => 0,
        other => {
            dropped.push(format!("{key} is a {}, not a number", kind(&other)));
            0
        }
    }
}

fn alerts(key: &str, value: Value, dropped: &mut Vec<String>) -> Vec<Alert> {
    let items = match value {
        Value::Array(items) => items,
        Value::Null => return Vec::new(),
        other => {
            dropped.push(format!("{key} is a {}, not a list", kind(&other)));
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Value::Object(members) => {
                let mut problems = Vec::new();
                let mut alert = Alert::default();
                for (k, v) in members {
                    match k.to_ascii_lowercase().as_str() {
                        "id" => alert.id = number(&k, v, &mut problems),
                        "date" => alert.date = number(&k, v, &mut problems),
                        "message" => alert.message = text(&k, v, &mut problems),
                        "url" => alert.url = text(&k, v, &mut problems),
                        "level" => alert.level = text(&k, v, &mut problems),
                        _ => {}
                    }
                }
                if problems.is_empty() {
                    out.push(alert);
                } else {
                    dropped.push(format!("alert {} dropped: {}", i + 1, problems.join("; ")));
                }
            }
            Value::Null => {}
            other => dropped.push(format!(
                "alert {} is a {}, not an object",
                i + 1,
                kind(&other)
            )),
        }
    }
    out
}

/// A JSON value whose objects keep their members in the order written, so that, as in Go,
/// the last of two keys that match one field (in any case) wins.
#[derive(Debug)]
enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        Number::from_f64(n)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(Value::Object(members))
    }
}

/// `text` without control characters (escape sequences lose their ESC and are harmless).
pub fn sanitize(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_of_an_answer_is_visited() {
        let full = CheckResponse {
            alerts: vec![Alert::default()],
            ..CheckResponse::default()
        };
        let mut answer = crate::strings::every_string_set_to(&full, "\u{7}");
        answer.each_string(&mut |s| s.clear());
        assert!(
            !crate::strings::json_contains(&answer, "\u{7}"),
            "{answer:?}"
        );
    }

    #[test]
    fn both_release_date_names_and_capitalised_keys() {
        let a = CheckResponse::parse(br#"{"Product":"weave-gitops","current_version":"0.7.0","current_release":1700000000,"extra":1}"#).unwrap();
        let b = CheckResponse::parse(br#"{"product":"weave-gitops","current_version":"0.7.0","current_release_date":1700000000,"Alerts":[{"id":1,"message":"m"}]}"#).unwrap();
        assert_eq!(
            (a.product.as_str(), a.current_release),
            ("weave-gitops", 1_700_000_000)
        );
        assert_eq!((b.current_release, b.alerts.len()), (1_700_000_000, 1));
    }

    #[test]
    fn escapes_are_stripped() {
        let r = CheckResponse::parse(b"{\"current_version\":\"1.0\\u001b[2J\",\"alerts\":[{\"message\":\"\\u001b]52;c;aGk=\\u0007hi\\n\"}]}").unwrap();
        assert_eq!(r.current_version, "1.0[2J");
        assert_eq!(r.alerts[0].message, "]52;c;aGk=hi");
        assert!(CheckResponse::parse(b"<html>").is_err());
    }

    #[test]
    fn one_bad_alert_is_dropped_and_said_the_rest_is_kept() {
        let p = CheckResponse::parse_noting(
            br#"{"current_version":"0.10.2","outdated":true,"alerts":[{"id":"1","message":"bad"},{"ID":2,"Message":"good"}]}"#,
        )
        .unwrap();
        assert_eq!(p.response.current_version, "0.10.2");
        assert!(p.response.outdated);
        assert_eq!(p.response.alerts.len(), 1);
        assert_eq!(p.response.alerts[0].message, "good");
        assert_eq!(p.dropped, ["alert 1 dropped: id is a string, not a number"]);
    }
}
