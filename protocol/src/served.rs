//! The checkpoint answer as a collector serves it: the [`CheckResponse`] with both names of the
//! release date, so that go-checkpoint (`current_release_date`) and the clients that read
//! `current_release` find it; and a reader that accepts such an answer.
//!
//! Owns only the serialisation. The schema is [`answer`](crate::answer). [`CheckResponse::parse`]
//! reads the two names as one field and refuses an answer that has both (serde reports a
//! duplicate field), so clients of this project up to 0.1.x are served `current_release` only
//! ([`ServedAnswer::for_client`]) and [`read_answer`] is the parser that accepts both. No I/O.

use serde::Serialize;

use crate::answer::CheckResponse;

/// An answer ready to serialise, with `current_release_date` beside `current_release` unless
/// the client cannot read both.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ServedAnswer<'a> {
    /// The answer.
    #[serde(flatten)]
    pub answer: &'a CheckResponse,
    /// The same instant as `current_release`, under go-checkpoint's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_release_date: Option<i64>,
}

impl<'a> ServedAnswer<'a> {
    /// The served form of `answer`, with both names of the release date.
    pub fn new(answer: &'a CheckResponse) -> ServedAnswer<'a> {
        ServedAnswer {
            answer,
            current_release_date: Some(answer.current_release),
        }
    }

    /// The served form for a client that sent `user_agent`: both date names, except for a
    /// client whose parser refuses them ([`reads_one_date_name`]).
    pub fn for_client(answer: &'a CheckResponse, user_agent: Option<&str>) -> ServedAnswer<'a> {
        let mut served = ServedAnswer::new(answer);
        if user_agent.is_some_and(reads_one_date_name) {
            served.current_release_date = None;
        }
        served
    }

    /// The JSON body.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("an answer always serialises")
    }
}

/// Whether a client with this `User-Agent` refuses an answer that names the release date
/// twice: this project's client before 1.0 (`gitops-feedback/0.…`), which reads it with
/// [`CheckResponse::parse`].
pub fn reads_one_date_name(user_agent: &str) -> bool {
    user_agent.starts_with("gitops-feedback/0.")
}

/// Reads an answer as [`CheckResponse::parse`] does, also when it names the release date
/// twice (`current_release` wins).
pub fn read_answer(body: &[u8]) -> Result<CheckResponse, crate::answer::AnswerError> {
    let Ok(serde_json::Value::Object(mut map)) = serde_json::from_slice(body) else {
        return CheckResponse::parse(body);
    };
    if map.contains_key("current_release") {
        map.remove("current_release_date");
    }
    CheckResponse::parse(&serde_json::to_vec(&map).expect("a JSON map serialises"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::Alert;

    fn answer() -> CheckResponse {
        CheckResponse {
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
        }
    }

    #[test]
    fn both_date_names_and_a_round_trip() {
        let answer = answer();
        let json = ServedAnswer::new(&answer).to_json();
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(value["current_release"], 1_760_000_000);
        assert_eq!(value["current_release_date"], 1_760_000_000);
        assert_eq!(value["alerts"][0]["level"], "warn");
        assert_eq!(read_answer(&json).unwrap(), answer);
    }

    #[test]
    fn clients_that_read_one_name_get_one() {
        let answer = answer();
        for (agent, both) in [
            (None, true),
            (Some("HashiCorp/go-checkpoint"), true),
            (Some("gitops-feedback/0.1.0"), false),
        ] {
            let json = ServedAnswer::for_client(&answer, agent).to_json();
            let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
            assert_eq!(
                value.get("current_release_date").is_some(),
                both,
                "{agent:?}"
            );
            if !both {
                assert_eq!(CheckResponse::parse(&json).unwrap(), answer);
            }
        }
    }
}
