//! The checkpoint answer as a collector serves it: the [`CheckResponse`] with both names of the
//! release date, so that go-checkpoint (`current_release_date`) and the clients that read
//! `current_release` find it. [`CheckResponse::parse`] reads either or both. Owns only the
//! serialisation; the schema is [`answer`](crate::answer). No I/O.

use serde::Serialize;

use crate::answer::CheckResponse;

/// An answer ready to serialise, with `current_release_date` beside `current_release`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ServedAnswer<'a> {
    /// The answer.
    #[serde(flatten)]
    pub answer: &'a CheckResponse,
    /// The same instant as `current_release`, under go-checkpoint's name.
    pub current_release_date: i64,
}

impl<'a> ServedAnswer<'a> {
    /// The served form of `answer`, with both names of the release date.
    pub fn new(answer: &'a CheckResponse) -> ServedAnswer<'a> {
        ServedAnswer {
            answer,
            current_release_date: answer.current_release,
        }
    }

    /// The JSON body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("an answer always serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Alert;

    #[test]
    fn both_date_names_and_a_round_trip() {
        let answer = CheckResponse {
            product: "weave-gitops".into(),
            current_version: "0.39.0".into(),
            current_release: 1_760_000_000,
            current_download_url: "https://example.com/dl".into(),
            outdated: true,
            alerts: vec![Alert {
                id: 7,
                date: 1_750_000_000,
                message: "upgrade".into(),
                url: "https://example.com/a".into(),
                level: "warn".into(),
            }],
            ..CheckResponse::default()
        };
        let json = ServedAnswer::new(&answer).to_json();
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(value["current_release"], 1_760_000_000);
        assert_eq!(value["current_release_date"], 1_760_000_000);
        assert_eq!(value["alerts"][0]["level"], "warn");
        assert_eq!(CheckResponse::parse(&json).unwrap(), answer);
    }
}
