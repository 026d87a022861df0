//! A check as a collector receives it: the query decoded as Go's `url.ParseQuery` decodes it,
//! and every field held to what this protocol allows.
//!
//! Owns the acceptance rule of the collector: the keys of [`Query`](crate::query::Query) and no
//! others, each at most once; `os`/`arch` from [`GO_OS`]/[`GO_ARCH`]; a bounded semantic
//! version; a signature in one of the shapes clients send ([`SignatureShape`]); and, for a
//! command, an `(flag_object, flag_command)` pair the [`Vocabulary`] can give (a collector
//! accepts the pairs of both CLIs, [`CheckRules::builtin`]). A refusal is a
//! [`Rejection`]: a reason without the value, so it can be counted and logged safely. No I/O.
//!
//! What real clients sent decides what is required. weave-gitops' own CLI (v0.6.x, through
//! `weaveworks/go-checkpoint`) sent `flag_object` and `flag_command` and no `flag_rc`, so
//! `flag_rc` is optional: whether a check comes from a release candidate is always derived from
//! its version ([`is_release_candidate`]), and a `flag_rc` that says otherwise is kept only as
//! [`ReceivedCheck::flag_rc`], for the collector to count. The version is held without its
//! leading `v` ([`normalise_version`]), since the releases' own builds sent `0.6.0` and builds
//! from source sent `v0.6.0`.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::platform::{GO_ARCH, GO_OS, is_release_candidate};
use crate::vocabulary::{Edition, Vocabulary};

/// The longest query accepted, in bytes (a real check is under 200).
pub const MAX_QUERY_LEN: usize = 1024;

/// The longest version accepted, in bytes.
pub const MAX_VERSION_LEN: usize = 40;

/// The longest product name accepted, in bytes.
pub const MAX_PRODUCT_LEN: usize = 64;

/// Why a received check is refused. Carries no value from the request.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    thiserror::Error,
    strum::VariantArray,
    strum::IntoStaticStr,
)]
#[strum(serialize_all = "snake_case")]
pub enum Rejection {
    /// The query or the product is longer than allowed.
    #[error("the query is too long")]
    TooLong,
    /// A `%` escape is broken, or a decoded part is not UTF-8.
    #[error("the query is not valid percent-encoding")]
    Encoding,
    /// A key the protocol does not have.
    #[error("the query has a key the protocol does not have")]
    UnknownKey,
    /// A key given twice.
    #[error("a query key is given more than once")]
    RepeatedKey,
    /// `arch`, `os`, `signature` or `version` is absent.
    #[error("a required query key is missing")]
    MissingKey,
    /// One of `flag_object` and `flag_command` without the other, or `flag_rc` without them.
    #[error("flag_object and flag_command must come together, and flag_rc only with them")]
    PartialFlags,
    /// The product is not one this collector serves.
    #[error("the product is not served here")]
    Product,
    /// Not a semantic version of at most [`MAX_VERSION_LEN`] bytes.
    #[error("the version is not a semantic version")]
    Version,
    /// Not one of Go's `GOOS` names.
    #[error("os is not one of Go's GOOS names")]
    Os,
    /// Not one of Go's `GOARCH` names.
    #[error("arch is not one of Go's GOARCH names")]
    Arch,
    /// Not empty, a go-checkpoint scrypt signature or a UUID.
    #[error("the signature has none of the known shapes")]
    Signature,
    /// `flag_rc` is neither `yes` nor `no`.
    #[error("flag_rc is neither yes nor no")]
    Rc,
    /// `(flag_object, flag_command)` is not a pair of the vocabulary.
    #[error("flag_object and flag_command are not a pair of the vocabulary")]
    Verbs,
}

impl Rejection {
    /// Every reason, in declaration order (for metrics that list all of them), derived from
    /// the enum so no list is kept by hand.
    pub const ALL: &'static [Rejection] = <Rejection as strum::VariantArray>::VARIANTS;

    /// A stable snake_case label, for metrics, logs and the refusal body: the variant's name
    /// (`PartialFlags` is `partial_flags`).
    pub fn reason(self) -> &'static str {
        self.into()
    }
}

/// The shapes of signature clients send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureShape {
    /// No signature (`signature=`): the update-only check, or `signature = "none"`.
    Empty,
    /// go-checkpoint's: 32 scrypt bytes in standard base64 with padding (44 characters).
    Scrypt,
    /// A UUID in its 36-character hyphenated form (either case).
    Uuid,
}

impl SignatureShape {
    /// The shape of `signature`, or `None` when it has none of the known ones.
    pub fn of(signature: &str) -> Option<SignatureShape> {
        let b = signature.as_bytes();
        let b64 = |c: &u8| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/';
        if b.is_empty() {
            Some(SignatureShape::Empty)
        } else if b.len() == 44 && b[43] == b'=' && b[..43].iter().all(b64) {
            Some(SignatureShape::Scrypt)
        } else if b.len() == 36
            && b.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            })
        {
            Some(SignatureShape::Uuid)
        } else {
            None
        }
    }
}

/// The verbs of a received command: an index into [`CheckRules::pair`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReceivedVerbs {
    /// Which `(flag_object, flag_command)` pair of the vocabulary.
    pub pair: u16,
}

/// A check that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedCheck<'a> {
    /// `version`, a semantic version, without a leading `v` ([`normalise_version`]).
    pub version: Cow<'a, str>,
    /// Whether the version is a release candidate ([`is_release_candidate`]): what is stored,
    /// whatever `flag_rc` says.
    pub rc: bool,
    /// `flag_rc` as sent (`yes` is `true`), `None` when absent, as weave-gitops' CLI sent it.
    pub flag_rc: Option<bool>,
    /// `os`, one of [`GO_OS`].
    pub os: &'static str,
    /// `arch`, one of [`GO_ARCH`].
    pub arch: &'static str,
    /// `signature`, in one of the known shapes.
    pub signature: Cow<'a, str>,
    /// Which shape the signature has.
    pub signature_shape: SignatureShape,
    /// The verbs of a command; `None` for the update-only check.
    pub verbs: Option<ReceivedVerbs>,
}

impl ReceivedCheck<'_> {
    /// Whether a `flag_rc` was sent that the version contradicts (it is ignored).
    pub fn rc_disagrees(&self) -> bool {
        self.flag_rc.is_some_and(|sent| sent != self.rc)
    }
}

/// What a collector accepts, built once from a vocabulary.
#[derive(Debug, Clone)]
pub struct CheckRules {
    pairs: Vec<(String, String)>,
    /// object → command → index into `pairs`; looked up with borrowed strings.
    index: HashMap<String, HashMap<String, u16>>,
}

impl CheckRules {
    /// The rules for `vocabulary`: its [`Vocabulary::pairs`] are the only verbs accepted.
    pub fn new(vocabulary: &Vocabulary) -> CheckRules {
        CheckRules::of(&[vocabulary])
    }

    /// The rules of a collector: the pairs of every edition's built-in vocabulary
    /// ([`Edition::ALL`]). Both CLIs report the product `weave-gitops` (the enterprise CLI's
    /// releases sent weave-gitops' own check, product and all), so a check cannot say which
    /// CLI sent it and a pair of either is accepted.
    pub fn builtin() -> CheckRules {
        let vocabularies = Edition::ALL.map(Vocabulary::builtin_shared_of);
        CheckRules::of(&vocabularies)
    }

    /// The rules for several vocabularies: a pair of any of them is accepted.
    pub fn of(vocabularies: &[&Vocabulary]) -> CheckRules {
        let mut pairs: Vec<(String, String)> =
            vocabularies.iter().flat_map(|v| v.pairs()).collect();
        pairs.sort();
        pairs.dedup();
        let mut index: HashMap<String, HashMap<String, u16>> = HashMap::new();
        for (i, (object, command)) in pairs.iter().enumerate() {
            let i = u16::try_from(i).expect("fewer than 65536 commands");
            index
                .entry(object.clone())
                .or_default()
                .insert(command.clone(), i);
        }
        CheckRules { pairs, index }
    }

    /// Every accepted `(flag_object, flag_command)` pair; [`ReceivedVerbs::pair`] indexes it.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The `(flag_object, flag_command)` of a received pair index.
    pub fn pair(&self, index: u16) -> Option<(&str, &str)> {
        self.pairs
            .get(usize::from(index))
            .map(|(o, c)| (o.as_str(), c.as_str()))
    }

    /// The index of `(object, command)`, if the vocabulary gives that pair.
    pub fn pair_index(&self, object: &str, command: &str) -> Option<u16> {
        self.index.get(object)?.get(command).copied()
    }

    /// Parses and checks the raw query string of a check (without the `?`).
    pub fn parse<'a>(&self, raw_query: &'a str) -> Result<ReceivedCheck<'a>, Rejection> {
        if raw_query.len() > MAX_QUERY_LEN {
            return Err(Rejection::TooLong);
        }
        let mut fields: [Option<Cow<'a, str>>; KEYS.len()] = Default::default();
        for part in raw_query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let key = go_query_unescape(key)?;
            let value = go_query_unescape(value)?;
            let slot = KEYS
                .iter()
                .position(|k| *k == key)
                .ok_or(Rejection::UnknownKey)?;
            if fields[slot].replace(value).is_some() {
                return Err(Rejection::RepeatedKey);
            }
        }
        let [
            arch,
            flag_command,
            flag_object,
            flag_rc,
            os,
            signature,
            version,
        ] = fields;
        let (Some(arch), Some(os), Some(signature), Some(version)) = (arch, os, signature, version)
        else {
            return Err(Rejection::MissingKey);
        };
        let verbs = match (flag_object, flag_command) {
            (None, None) if flag_rc.is_none() => None,
            (Some(object), Some(command)) => Some((object, command)),
            _ => return Err(Rejection::PartialFlags),
        };
        if !is_semantic_version(&version) {
            return Err(Rejection::Version);
        }
        let os = *GO_OS.iter().find(|o| **o == os).ok_or(Rejection::Os)?;
        let arch = *GO_ARCH
            .iter()
            .find(|a| **a == arch)
            .ok_or(Rejection::Arch)?;
        let signature_shape = SignatureShape::of(&signature).ok_or(Rejection::Signature)?;
        let flag_rc = match flag_rc.as_deref() {
            None => None,
            Some("yes") => Some(true),
            Some("no") => Some(false),
            Some(_) => return Err(Rejection::Rc),
        };
        let verbs = match verbs {
            None => None,
            Some((object, command)) => {
                let pair = self.pair_index(&object, &command).ok_or(Rejection::Verbs)?;
                Some(ReceivedVerbs { pair })
            }
        };
        let version = normalise_version(version);
        Ok(ReceivedCheck {
            rc: is_release_candidate(&version),
            flag_rc,
            version,
            os,
            arch,
            signature,
            signature_shape,
            verbs,
        })
    }
}

/// The keys of a check, sorted; `parse` destructures its slots in this order.
const KEYS: [&str; 7] = [
    "arch",
    "flag_command",
    "flag_object",
    "flag_rc",
    "os",
    "signature",
    "version",
];

/// Decodes the product segment of a check's path (`/v1/check/{product}`), at most
/// [`MAX_PRODUCT_LEN`] bytes of letters, digits, `-`, `_` and `.` once decoded. Whether the
/// product is served is the collector's to say.
pub fn decode_product(segment: &str) -> Result<Cow<'_, str>, Rejection> {
    if segment.len() > MAX_PRODUCT_LEN * 3 {
        return Err(Rejection::TooLong);
    }
    let product = go_query_unescape(segment)?;
    let valid = !product.is_empty()
        && product.len() <= MAX_PRODUCT_LEN
        && product
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if valid {
        Ok(product)
    } else {
        Err(Rejection::Product)
    }
}

/// Go's `url.QueryUnescape`, strictly: `+` is a space, `%XX` a byte (either case), a broken
/// escape or a result that is not UTF-8 is an error. The inverse of
/// [`go_query_escape`](crate::query::go_query_escape).
pub fn go_query_unescape(s: &str) -> Result<Cow<'_, str>, Rejection> {
    if !s.bytes().any(|b| b == b'%' || b == b'+') {
        return Ok(Cow::Borrowed(s));
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = |j: usize| {
                    bytes
                        .get(j)
                        .and_then(|b| (*b as char).to_digit(16))
                        .ok_or(Rejection::Encoding)
                };
                out.push((hex(i + 1)? * 16 + hex(i + 2)?) as u8);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| Rejection::Encoding)
}

/// A version as it is stored and compared: without the leading `v` that builds from source
/// (`git describe`) put there and release builds (goreleaser's `{{.Version}}`) did not, so
/// `v0.38.0` and `0.38.0` are one version. Nothing else is changed.
pub fn normalise_version(version: Cow<'_, str>) -> Cow<'_, str> {
    match version {
        Cow::Borrowed(v) => Cow::Borrowed(v.strip_prefix('v').unwrap_or(v)),
        Cow::Owned(v) => match v.strip_prefix('v') {
            Some(rest) => Cow::Owned(rest.to_string()),
            None => Cow::Owned(v),
        },
    }
}

/// Whether `v` is a semantic version of at most [`MAX_VERSION_LEN`] bytes: an optional `v`,
/// `MAJOR.MINOR.PATCH` in digits, then optional `-pre.release` and `+build` identifiers of
/// letters, digits and `-`.
pub fn is_semantic_version(v: &str) -> bool {
    if v.is_empty() || v.len() > MAX_VERSION_LEN {
        return false;
    }
    let v = v.strip_prefix('v').unwrap_or(v);
    let (v, build) = match v.split_once('+') {
        Some((v, build)) => (v, Some(build)),
        None => (v, None),
    };
    let (core, pre) = match v.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (v, None),
    };
    let numbers: Vec<&str> = core.split('.').collect();
    let identifiers = |s: &str| {
        s.split('.')
            .all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && pre.is_none_or(identifiers)
        && build.is_none_or(identifiers)
}

#[cfg(test)]
mod tests;
