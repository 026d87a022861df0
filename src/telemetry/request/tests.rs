use super::*;
use crate::config::rules::check_endpoint;
use checkpoint_protocol::query::go_query_escape;
use checkpoint_protocol::vocabulary::Vocabulary;
use jiff::Timestamp;
use proptest::prelude::*;

fn event(version: &str, argv: &[&str]) -> Event {
    let mut e = Event::new(
        &Vocabulary::builtin().reduce(argv),
        version,
        Timestamp::UNIX_EPOCH,
    );
    e.os = "linux".into();
    e.arch = "amd64".into();
    e
}

fn loopback() -> Target {
    Target {
        endpoint: Url::parse("http://127.0.0.1:8080").unwrap(),
        product: "weave-gitops".into(),
    }
}

#[test]
fn the_spec_example() {
    let r = build(
        &Target::default_endpoint(),
        &event("0.6.2", &["add", "cluster", "--dry-run"]),
        "",
    );
    assert_eq!(
        r.url.as_str(),
        "https://checkpoint-api.weave.works/v1/check/weave-gitops?arch=amd64&flag_command=cluster&flag_object=add&flag_rc=no&os=linux&signature=&version=0.6.2"
    );
    assert_eq!(
        r.to_http(),
        "GET /v1/check/weave-gitops?arch=amd64&flag_command=cluster&flag_object=add&flag_rc=no&os=linux&signature=&version=0.6.2 HTTP/1.1\r\n\
         accept: application/json\r\n\
         user-agent: gitops-feedback/0.1.0\r\n\
         host: checkpoint-api.weave.works\r\n\r\n"
    );
}

#[test]
fn a_request_serialises_its_url_as_text() {
    let r = build_update_only(&loopback(), "1.2.3");
    let json = serde_json::to_string(&r).unwrap();
    let url = format!(
        "http://127.0.0.1:8080/v1/check/weave-gitops?arch={}&os={}&signature=&version=1.2.3",
        go_arch(),
        go_os()
    );
    assert_eq!(
        json,
        format!(
            r#"{{"method":"GET","url":"{url}","headers":[["accept","application/json"],["user-agent","{USER_AGENT}"],["host","127.0.0.1:8080"]]}}"#
        )
    );
}

#[test]
fn version_and_signature_are_encoded_as_go_does() {
    let r = build(
        &loopback(),
        &event("0.6.2-RC1+x y", &["version"]),
        "j1Gv+/ab=",
    );
    assert_eq!(
        r.target(),
        "/v1/check/weave-gitops?arch=amd64&flag_command=version&flag_object=gitops&flag_rc=yes&os=linux&signature=j1Gv%2B%2Fab%3D&version=0.6.2-RC1%2Bx+y"
    );
    assert!(
        r.headers
            .contains(&("host".into(), "127.0.0.1:8080".into()))
    );
}

#[test]
fn query_escape_matches_go() {
    assert_eq!(go_query_escape("a b~c-d_e.f"), "a+b~c-d_e.f");
    assert_eq!(go_query_escape("é/?&=#%"), "%C3%A9%2F%3F%26%3D%23%25");
}

#[test]
fn update_only_request_has_no_flags() {
    let r = build_update_only(&loopback(), "1.2.3");
    let keys: Vec<String> = r.query_pairs().into_iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["arch", "os", "signature", "version"]);
}

#[test]
fn endpoint_with_a_path_and_trailing_slash() {
    let t = Target {
        endpoint: Url::parse("https://example.com/checkpoint/").unwrap(),
        product: "p".into(),
    };
    let r = build(&t, &event("1.0.0", &["version"]), "");
    assert!(
        r.url
            .as_str()
            .starts_with("https://example.com/checkpoint/v1/check/p?arch="),
        "{}",
        r.url
    );
}

#[test]
fn a_url_is_the_endpoint_text_without_trailing_slashes_then_the_path() {
    let endpoints = [
        "https://checkpoint-api.weave.works",
        "https://example.com/checkpoint/",
        "https://example.com/a//",
        "http://127.0.0.1:8080",
        "http://[::1]:9/",
    ];
    let paths = [
        "/v1/policy",
        "/v1/stats/weave-gitops?days=30",
        "/v1/check/weave+gitops?signature=j1Gv%2B%2Fab%3D&version=0.6.2-RC1%2Bx+y",
    ];
    for endpoint in endpoints {
        let target = Target::new(endpoint, "weave-gitops").unwrap();
        let base = target.endpoint.as_str().trim_end_matches('/');
        for path in paths {
            assert_eq!(target.url(path).as_str(), format!("{base}{path}"));
        }
    }
}

#[test]
fn endpoints() {
    assert!(check_endpoint("https://checkpoint-api.weave.works").is_ok());
    assert!(check_endpoint("http://127.0.0.1:9").is_ok());
    assert!(check_endpoint("http://[::1]:9").is_ok());
    assert!(check_endpoint("http://localhost:9").is_ok());
    assert!(
        check_endpoint("http://example.com")
            .unwrap_err()
            .to_string()
            .contains("loopback")
    );
    assert!(
        check_endpoint("ftp://example.com")
            .unwrap_err()
            .to_string()
            .contains("ftp://")
    );
    assert!(check_endpoint("https://example.com/?a=b").is_err());
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        // Known names and aliases, so walks go deep.
        prop::sample::select(vec![
            "add", "get", "beta", "cluster", "tf", "apps", "delete", "app", "-n", "--set", "--",
            "run"
        ])
        .prop_map(str::to_string),
        // Anything at all, including secrets, unicode and flag-looking words.
        any::<String>(),
        "[a-z-]{1,12}",
        "--[a-z]{1,8}(=[a-z0-9]{0,6})?",
    ]
}

proptest! {
    #[test]
    fn nothing_outside_the_vocabulary_reaches_a_payload(argv in prop::collection::vec(word(), 0..8)) {
        let vocab = Vocabulary::builtin();
        let names = vocab.names();
        let r = vocab.reduce(&argv);
        prop_assert!(r.object.is_empty() || names.contains(&r.object), "object {:?}", r.object);
        prop_assert!(names.contains(&r.command), "command {:?}", r.command);
        let event = Event::new_for_test(&r);
        let request = build(&Target::default_endpoint(), &event, "");
        for (key, value) in request.query_pairs() {
            if key == "flag_command" || key == "flag_object" {
                prop_assert!(value.is_empty() || names.contains(&value), "{key}={value:?}");
            }
        }
    }
}
