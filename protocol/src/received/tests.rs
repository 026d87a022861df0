use super::*;
use crate::query::{Flags, Query};

const SCRYPT: &str = "q2lbkQZOQ6Lc1dWo8eYw1rXRpMzZbJ3PKUkrtsl+5yE=";
const UUID: &str = "3f2b8c1e-6a4d-4e8f-9b2a-1c5d7e9f0a3b";

fn rules() -> CheckRules {
    CheckRules::new(&Vocabulary::builtin())
}

fn encoded(object: &str, command: &str, signature: &str) -> String {
    Query {
        arch: "amd64",
        os: "linux",
        version: "0.38.0",
        signature,
        flags: Some(Flags {
            object,
            command,
            rc: false,
        }),
    }
    .encode()
}

#[test]
fn what_the_client_sends_is_accepted() {
    let rules = rules();
    for (object, command) in rules.pairs().to_vec() {
        for signature in ["", SCRYPT, UUID, &UUID.to_uppercase()] {
            let query = encoded(&object, &command, signature);
            let check = rules.parse(&query).unwrap();
            let pair = check.verbs.map(|v| rules.pair(v.pair).unwrap());
            assert_eq!(pair, Some((object.as_str(), command.as_str())), "{query}");
            assert_eq!(check.signature, signature);
        }
    }
}

#[test]
fn the_update_only_check_has_no_verbs() {
    let query = Query {
        arch: "arm64",
        os: "darwin",
        version: "v0.6.2-RC1",
        signature: "",
        flags: None,
    }
    .encode();
    let check = rules().parse(&query).unwrap();
    assert_eq!(check.verbs, None);
    assert_eq!((check.os, check.arch), ("darwin", "arm64"));
    assert_eq!(check.signature_shape, SignatureShape::Empty);
    assert_eq!(check.version, "0.6.2-RC1");
    assert!(check.rc && check.flag_rc.is_none());
}

#[test]
fn keys_are_decoded_and_may_come_in_any_order() {
    let check = rules()
        .parse("version=0.38.0&signature=&flag%5Frc=no&os=linux&flag_object=add&&flag_command=cluster&arch=amd64")
        .unwrap();
    assert_eq!(check.flag_rc, Some(false));
    assert_eq!(
        rules().pair(check.verbs.unwrap().pair),
        Some(("add", "cluster"))
    );
}

#[test]
fn flag_rc_is_optional_and_the_version_decides() {
    // weave-gitops v0.6.x (cmd/gitops/version/cmd.go, CheckpointParamsWithFlags) sent only
    // flag_object and flag_command.
    let go = "arch=amd64&flag_command=app&flag_object=add&os=linux&signature=&version=0.6.2";
    let check = rules().parse(go).unwrap();
    assert_eq!(
        rules().pair(check.verbs.unwrap().pair),
        Some(("add", "app"))
    );
    assert_eq!(
        (check.rc, check.flag_rc, check.rc_disagrees()),
        (false, None, false)
    );
    let table = [
        ("0.6.2", Some("no"), false, false),
        ("0.6.2", Some("yes"), false, true),
        ("0.6.2-RC1", Some("yes"), true, false),
        ("0.6.2-RC1", Some("no"), true, true),
        ("v1.0.0-rc.2", None, true, false),
    ];
    for (version, flag_rc, rc, disagrees) in table {
        let rc_pair = flag_rc.map_or(String::new(), |v| format!("&flag_rc={v}"));
        let q = format!(
            "arch=amd64&flag_command=cluster&flag_object=add{rc_pair}&os=linux&signature=&version={version}"
        );
        let check = rules().parse(&q).unwrap();
        assert_eq!((check.rc, check.rc_disagrees()), (rc, disagrees), "{q}");
    }
}

#[test]
fn versions_are_held_without_their_v() {
    for (sent, held) in [
        ("v0.38.0", "0.38.0"),
        ("0.38.0", "0.38.0"),
        ("v0.9.1-rc.1", "0.9.1-rc.1"),
        ("v0.6.0-12-gabc1234", "0.6.0-12-gabc1234"),
    ] {
        let q = format!("arch=amd64&os=linux&signature=&version={sent}");
        assert_eq!(rules().parse(&q).unwrap().version, held, "{sent}");
        // Decoded (owned) or borrowed, the same.
        let q = format!(
            "arch=amd64&os=linux&signature=&version={}",
            sent.replacen('v', "%76", 1)
        );
        assert_eq!(rules().parse(&q).unwrap().version, held, "{sent}");
    }
}

#[test]
fn every_rule_has_its_reason() {
    let ok = "arch=amd64&flag_command=cluster&flag_object=add&flag_rc=no&os=linux&signature=&version=0.38.0";
    let table: &[(&str, Rejection)] = &[
        ("arch=amd64&os=linux&signature=", Rejection::MissingKey),
        ("arch=amd64&os=linux&version=1.0.0", Rejection::MissingKey),
        ("", Rejection::MissingKey),
        (&format!("{ok}&extra=1"), Rejection::UnknownKey),
        (&format!("{ok}&ARCH=amd64"), Rejection::UnknownKey),
        (&format!("{ok};x=1"), Rejection::Version),
        (&format!("{ok}&os=linux"), Rejection::RepeatedKey),
        (&format!("{ok}&signature=%zz"), Rejection::Encoding),
        (&format!("{ok}&signature=%c3%28"), Rejection::Encoding),
        (&format!("{ok}&signature=%4"), Rejection::Encoding),
        (
            "arch=amd64&flag_command=cluster&os=linux&signature=&version=1.0.0",
            Rejection::PartialFlags,
        ),
        (
            "arch=amd64&flag_object=add&os=linux&signature=&version=1.0.0",
            Rejection::PartialFlags,
        ),
        (
            "arch=amd64&flag_rc=no&os=linux&signature=&version=1.0.0",
            Rejection::PartialFlags,
        ),
        (&ok.replace("0.38.0", "1.2"), Rejection::Version),
        (&ok.replace("0.38.0", "1.2.3-"), Rejection::Version),
        (&ok.replace("0.38.0", "1.2.3-a..b"), Rejection::Version),
        (&ok.replace("0.38.0", "1.2.3-jo_hn"), Rejection::Version),
        (&ok.replace("0.38.0", &"1".repeat(41)), Rejection::Version),
        (&ok.replace("linux", "Linux"), Rejection::Os),
        (&ok.replace("linux", "macos"), Rejection::Os),
        (&ok.replace("amd64", "x86_64"), Rejection::Arch),
        (
            &ok.replace("signature=", "signature=abc"),
            Rejection::Signature,
        ),
        (
            &ok.replace(
                "signature=",
                &format!("signature={}", SCRYPT.replace('+', " ")),
            ),
            Rejection::Signature,
        ),
        (
            &ok.replace("signature=", &format!("signature={}", &UUID[1..])),
            Rejection::Signature,
        ),
        (&ok.replace("flag_rc=no", "flag_rc=true"), Rejection::Rc),
        (&ok.replace("cluster", "template"), Rejection::Verbs),
        (&ok.replace("object=add", "object="), Rejection::Verbs),
        (
            &ok.replace("cluster", "my-secret-cluster"),
            Rejection::Verbs,
        ),
        (&"a".repeat(MAX_QUERY_LEN + 1), Rejection::TooLong),
    ];
    for (query, rejection) in table {
        assert_eq!(rules().parse(query), Err(*rejection), "{query}");
    }
    assert!(rules().parse(ok).is_ok());
}

#[test]
fn the_bare_command_is_a_pair() {
    let query = encoded("", "gitops", UUID);
    let check = rules().parse(&query).unwrap();
    assert_eq!(
        rules().pair(check.verbs.unwrap().pair),
        Some(("", "gitops"))
    );
}

#[test]
fn signature_shapes() {
    assert_eq!(SignatureShape::of(SCRYPT), Some(SignatureShape::Scrypt));
    assert_eq!(SignatureShape::of(UUID), Some(SignatureShape::Uuid));
    assert_eq!(SignatureShape::of(""), Some(SignatureShape::Empty));
    for bad in [
        &SCRYPT[..43],
        &SCRYPT.replace('=', "A"),
        "3f2b8c1e6a4d4e8f9b2a1c5d7e9f0a3b",
        "3f2b8c1e-6a4d-4e8f-9b2a-1c5d7e9f0a3g",
        "hostname.example",
    ] {
        assert_eq!(SignatureShape::of(bad), None, "{bad}");
    }
}

#[test]
fn unescape_inverts_the_client_escape() {
    for s in ["a b+c/d=", "ü%&", "", "plain-text_1.0~"] {
        let escaped = crate::query::go_query_escape(s);
        assert_eq!(go_query_unescape(&escaped).unwrap(), s);
    }
    assert_eq!(go_query_unescape("%2f%2F").unwrap(), "//");
}

#[test]
fn products() {
    assert_eq!(decode_product("weave-gitops").unwrap(), "weave-gitops");
    assert_eq!(decode_product("weave%2Dgitops").unwrap(), "weave-gitops");
    for bad in ["", "a/b", "a%2Fb", "a+b", "x%"] {
        assert!(decode_product(bad).is_err(), "{bad}");
    }
    assert_eq!(decode_product(&"a".repeat(65)), Err(Rejection::Product));
    assert_eq!(decode_product(&"a".repeat(500)), Err(Rejection::TooLong));
}

#[test]
fn reasons_are_distinct() {
    let mut reasons: Vec<&str> = Rejection::ALL.iter().map(|r| r.reason()).collect();
    reasons.sort();
    reasons.dedup();
    assert_eq!(reasons.len(), Rejection::ALL.len());
}

#[test]
fn reasons_are_the_published_labels() {
    // The labels are a contract (metrics, refusal bodies, scripts): derived from the variant
    // names, they must still read exactly as published.
    let reasons: Vec<&str> = Rejection::ALL.iter().map(|r| r.reason()).collect();
    assert_eq!(
        reasons,
        [
            "too_long",
            "encoding",
            "unknown_key",
            "repeated_key",
            "missing_key",
            "partial_flags",
            "product",
            "version",
            "os",
            "arch",
            "signature",
            "rc",
            "verbs"
        ]
    );
}

/// The enterprise CLI's pairs (weave-gitops-enterprise `cmd/gitops/app/`: `connect cluster`
/// from v0.32.0, `generate gitopsset` from v0.26.0, `bootstrap auth`) are a collector's, with
/// the weave-gitops ones; the weave-gitops tree alone has none of them.
#[test]
fn a_collector_accepts_the_pairs_of_both_clis() {
    let collector = CheckRules::builtin();
    let oss = rules();
    for (object, command) in [
        ("connect", "cluster"),
        ("generate", "gitopsset"),
        ("bootstrap", "auth"),
        ("gitops", "bootstrap"),
    ] {
        let query = encoded(object, command, UUID);
        let check = collector.parse(&query).unwrap();
        let pair = check.verbs.map(|v| collector.pair(v.pair).unwrap());
        assert_eq!(pair, Some((object, command)), "{query}");
        assert_eq!(
            oss.parse(&query).map(|_| ()),
            Err(Rejection::Verbs),
            "{query}"
        );
    }
    for pair in oss.pairs() {
        assert!(collector.pair_index(&pair.0, &pair.1).is_some(), "{pair:?}");
    }
}
