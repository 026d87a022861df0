//! The body of every error answer a collector gives: `{"error": "…", "reason": "…"}`.
//!
//! `reason` is a stable snake_case label (for scripts, metrics and tests); `error` is the
//! sentence for a person. A refused check, a refused stats query, an unknown path and a store
//! that does not answer all answer this one shape, whatever the route. No I/O.

use serde::{Deserialize, Serialize};

/// Why a request was refused, as the JSON body of the error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// What went wrong, for a person.
    pub error: String,
    /// A stable snake_case label of the cause.
    pub reason: String,
}

impl Refusal {
    /// A refusal for `reason`, explained by `error`.
    pub fn new(reason: &str, error: impl Into<String>) -> Refusal {
        Refusal {
            error: error.into(),
            reason: reason.to_string(),
        }
    }

    /// The JSON body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("two strings always serialise")
    }

    /// Reads an error body; `None` when it is not a refusal.
    pub fn parse(body: &[u8]) -> Option<Refusal> {
        serde_json::from_slice(body).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_shape_both_ways() {
        let r = Refusal::new(
            "partial_flags",
            "flag_object and flag_command come together",
        );
        let body = r.to_json();
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&body).unwrap(),
            serde_json::json!({
                "error": "flag_object and flag_command come together",
                "reason": "partial_flags"
            })
        );
        assert_eq!(Refusal::parse(&body), Some(r));
        assert_eq!(Refusal::parse(b"not found\n"), None);
    }
}
