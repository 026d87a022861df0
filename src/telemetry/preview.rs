//! What a command would send, explained: the library side of `telemetry preview` and of the
//! console's Payload screen.
//!
//! Owns the field-by-field explanation of a checkpoint request and the answer to "would this
//! be sent now, and if not, why". The request itself comes from [`super::request::build`],
//! the same function the transport sends.

use checkpoint_protocol::vocabulary::{Reduction, Vocabulary};
use serde::Serialize;

use super::event::Event;
use super::request::{self, CheckpointRequest};
use super::signature::{Origin, Signature};
use super::version::{GitopsVersion, VersionSource};
use crate::consent::Consent;
use crate::context::Context;

/// One query field of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The query key.
    pub name: String,
    /// The value, decoded.
    pub value: String,
    /// What it is and where it comes from.
    pub meaning: String,
}

/// The full explanation of one command line's request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    /// The command line, without the program name.
    pub argv: Vec<String>,
    /// The verbs and the fate of every word.
    pub reduction: Reduction,
    /// The exact request.
    pub request: CheckpointRequest,
    /// The request head as it goes on the wire (HTTP/1.1, CRLF line ends).
    pub http: String,
    /// Every query field, explained.
    pub fields: Vec<Field>,
    /// Whether a request like this would be sent now.
    pub would_send: bool,
    /// Why, in one sentence.
    pub because: String,
}

impl Field {
    /// The value as shown to a person: `(empty)` for an empty one.
    pub fn shown(&self) -> &str {
        if self.value.is_empty() {
            "(empty)"
        } else {
            &self.value
        }
    }
}

impl Preview {
    /// The width of the value column of a field table: the longest value, at most `cap`.
    pub fn value_width(&self, cap: usize) -> usize {
        self.fields
            .iter()
            .map(|f| f.shown().len())
            .max()
            .unwrap_or(0)
            .min(cap)
    }
}

/// Explains the request `argv` would cause, for a host CLI at `version` (when `None`, the
/// gitops version by the one rule of `telemetry::version`; while that is unknown the request carries none).
pub fn explain(
    ctx: &Context,
    vocabulary: &Vocabulary,
    signature: &Signature,
    argv: &[String],
    version: Option<&str>,
) -> Preview {
    // The version given, else the one rule's (never this crate's); unknown, none is sent.
    let known = match version {
        Some(v) => Some(GitopsVersion {
            version: v.to_string(),
            from: VersionSource::CliVersion,
        }),
        None => super::version::gitops_version(&ctx.paths),
    };
    explain_known(ctx, vocabulary, signature, argv, known.as_ref())
}

/// [`explain`] for a caller that knows the gitops version already (`None`: unknown), as the
/// console does from its snapshot.
pub fn explain_known(
    ctx: &Context,
    vocabulary: &Vocabulary,
    signature: &Signature,
    argv: &[String],
    known: Option<&GitopsVersion>,
) -> Preview {
    let known = known.map(|v| (v.version.clone(), v.from.to_string()));
    let reported = known.as_ref().map_or("", |(v, _)| v.as_str());
    let reduction = vocabulary.reduce_at(argv, known.as_ref().map(|(v, _)| v.as_str()));
    let event = Event::new(&reduction, reported, ctx.now());
    let request = request::build(&ctx.target(), &event, &signature.value);
    let source = known.as_ref().map(|(_, from)| from.as_str());
    let fields = request
        .query_pairs()
        .into_iter()
        .map(|(name, value)| {
            let meaning = meaning(&name, signature, source);
            Field {
                name,
                value,
                meaning,
            }
        })
        .collect();
    let decision = ctx.decision();
    let would_send = decision.consent == Consent::Granted && reduction.recorded.is_ok();
    let because = match &reduction.recorded {
        Err(why) => format!("it would not be recorded at all: {why} Nothing is queued or sent."),
        Ok(()) if would_send => format!("it would be sent: {}", decision.summary()),
        Ok(()) => format!("it would not be sent: {}", decision.summary()),
    };
    Preview {
        argv: argv.to_vec(),
        reduction,
        http: request.to_http(),
        request,
        fields,
        would_send,
        because,
    }
}

/// What a field is; `version_from` says where the version came from (`None`: unknown).
fn meaning(field: &str, signature: &Signature, version_from: Option<&str>) -> String {
    match field {
        "arch" => "processor architecture, in Go's names (from this build)".into(),
        "os" => "operating system, in Go's names (from this build)".into(),
        "flag_object" => "the parent of the command run, `gitops` for a top-level one (from the command line, vocabulary words only)".into(),
        "flag_command" => "the command run: its deepest verb (from the command line, vocabulary words only)".into(),
        "flag_rc" => "whether the version is a release candidate (from the version)".into(),
        "version" => match version_from {
            Some(from) => format!("the gitops version ({from})"),
            None => format!("the gitops version: {}; none is known until gitops records a command with --cli-version, and the version of that command is sent", super::version::UNKNOWN),
        },
        "signature" => match signature.origin {
            Origin::None => "anonymous signature: empty ([telemetry] signature = \"none\")".into(),
            Origin::System => "anonymous signature: scrypt of the machine id, as go-checkpoint makes it; the id itself is never sent".into(),
            Origin::Random | Origin::Rotated => "anonymous signature: a random id kept in the data directory (`gitops telemetry id`)".into(),
            Origin::NotYet => format!("anonymous signature: none yet; {} is a placeholder: a random id is made when you allow telemetry, and sent from then on", super::signature::PLACEHOLDER),
            Origin::Proposed => "anonymous signature: a random id made for this screen; allowing telemetry here keeps it and sends it from then on, anything else discards it".into(),
        },
        _ => String::new(),
    }
}
