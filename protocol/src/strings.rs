//! One walk over every string a protocol type holds, written beside each type.
//!
//! A front end that shows what an endpoint sent (stats, a policy, an answer) must make every
//! string of it safe for a terminal. [`Strings::each_string`] visits them all, so cleaning
//! follows the type instead of a hand-kept list of fields: each implementation destructures its
//! struct without `..`, so a new field does not compile until its implementation says whether
//! it holds text. No I/O.

/// A value whose strings can be visited, nested ones included.
pub trait Strings {
    /// Calls `f` on every string this value holds.
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String));
}

impl Strings for String {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(self)
    }
}

impl<T: Strings> Strings for Vec<T> {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        for item in self {
            item.each_string(f);
        }
    }
}

impl<T: Strings> Strings for Option<T> {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        if let Some(item) = self {
            item.each_string(f);
        }
    }
}

/// Walks `value` as serde sees it and tells whether any string in it contains `needle`: the
/// check, in tests, that a visitor reached every field.
#[cfg(test)]
pub(crate) fn json_contains(value: &impl serde::Serialize, needle: &str) -> bool {
    fn walk(v: &serde_json::Value, needle: &str) -> bool {
        match v {
            serde_json::Value::String(s) => s.contains(needle),
            serde_json::Value::Array(a) => a.iter().any(|v| walk(v, needle)),
            serde_json::Value::Object(o) => o.values().any(|v| walk(v, needle)),
            _ => false,
        }
    }
    walk(&serde_json::to_value(value).unwrap(), needle)
}

/// Replaces every string in the JSON of `value` with `text`, and reads it back: a value
/// whose every string field, known or added later, is `text`.
#[cfg(test)]
pub(crate) fn every_string_set_to<T>(value: &T, text: &str) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    fn walk(v: &mut serde_json::Value, text: &str) {
        match v {
            serde_json::Value::String(s) => *s = text.to_string(),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|v| walk(v, text)),
            serde_json::Value::Object(o) => o.values_mut().for_each(|v| walk(v, text)),
            _ => {}
        }
    }
    let mut json = serde_json::to_value(value).unwrap();
    walk(&mut json, text);
    serde_json::from_value(json).unwrap()
}
