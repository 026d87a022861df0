//! HTTP as clients and monitors expect it: HEAD answers every GET route with the same status
//! and headers and no body (and a HEAD of a check is not counted), other methods get 405, and
//! a request without its Host gets 400 with the protocol's JSON body.

mod common;

use std::time::Duration;

use common::{Collector, Connection, UUID_A, command_query, get, stored};

/// The response headers that must not differ between a GET and its HEAD.
fn comparable(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut h: Vec<_> = headers
        .iter()
        .filter(|(k, _)| k != "date")
        .cloned()
        .collect();
    h.sort();
    h
}

#[tokio::test]
async fn head_answers_every_get_route_with_its_status_and_headers_and_no_body() {
    let c = Collector::counting();
    let check = command_query("add", "cluster", UUID_A, "0.35.0");
    let targets = [
        "/healthz".to_string(),
        "/v1/policy".to_string(),
        "/v1/stats/weave-gitops?days=2".to_string(),
        "/v1/stats/weave-gitops?days=0".to_string(),
        "/v1/stats/other".to_string(),
        format!("/v1/check/weave-gitops?{check}"),
        "/v1/check/weave-gitops?arch=amd64&os=linux&signature=&version=0.38.0".to_string(),
        format!("/v1/check/weave-gitops?{check}&extra=1"),
        "/nowhere".to_string(),
    ];
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    for target in &targets {
        let get = format!("GET {target} HTTP/1.1\r\nhost: checkpoint\r\n\r\n");
        let head = get.replacen("GET", "HEAD", 1);
        let (get_status, get_headers) = conn.raw_head(get.as_bytes()).await.unwrap();
        let length: usize = get_headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .map(|(_, v)| v.parse().unwrap())
            .unwrap();
        // Read and drop the GET's body, then ask the same with HEAD on the same connection.
        conn.read_body(length).await.unwrap();
        let (status, headers) = conn.raw_head(head.as_bytes()).await.unwrap();
        assert_eq!(status, get_status, "HEAD {target}");
        assert_eq!(
            comparable(&headers),
            comparable(&get_headers),
            "HEAD {target}"
        );
    }
    // No body followed any HEAD answer: the connection still reads a clean response.
    assert_eq!(
        conn.get("/healthz", "").await.unwrap(),
        (200, "ok\n".into())
    );
    // HEAD of a check is answered but not counted: only the two GETs of checks are.
    c.flushed(2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let s = stored(&c, "weave-gitops").await;
    assert_eq!((s.totals.checks, s.totals.commands), (2, 1));
    let (_, metrics) = get(c.addr, "/metrics").await;
    assert!(metrics.contains("gitops_checkpoint_requests_total{outcome=\"head_check\"} 2\n"));
    assert!(
        metrics.contains("gitops_checkpoint_requests_total{outcome=\"method_not_allowed\"} 0\n")
    );
    let mut conn = Connection::open(c.addr, None).await.unwrap();
    let (status, headers) = conn
        .raw_head(b"HEAD /metrics HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(status, 200);
    assert!(
        headers
            .iter()
            .any(|(k, v)| k == "content-type" && v.starts_with("text/plain"))
    );
    // Other methods: 405, naming both.
    let (status, headers) = conn
        .raw_head(b"DELETE /healthz HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(status, 405);
    assert!(
        headers.contains(&("allow".into(), "GET, HEAD".into())),
        "{headers:?}"
    );
}

#[tokio::test]
async fn a_request_without_its_host_gets_400_with_the_json_body() {
    let c = Collector::start(&[]);
    let check = command_query("add", "cluster", UUID_A, "0.38.0");
    let table: [(String, u16); 6] = [
        ("GET /healthz HTTP/1.1\r\n\r\n".into(), 400),
        (
            format!("GET /v1/check/weave-gitops?{check} HTTP/1.1\r\n\r\n"),
            400,
        ),
        (
            "GET /healthz HTTP/1.1\r\nhost: a\r\nhost: b\r\n\r\n".into(),
            400,
        ),
        ("GET /healthz HTTP/1.1\r\nhost: a/b\r\n\r\n".into(), 400),
        (
            "GET /healthz HTTP/1.1\r\nhost: 127.0.0.1:8478\r\n\r\n".into(),
            200,
        ),
        ("GET /healthz HTTP/1.0\r\n\r\n".into(), 200),
    ];
    for (request, want) in &table {
        let mut conn = Connection::open(c.addr, None).await.unwrap();
        let (status, body) = conn.raw(request.as_bytes()).await.unwrap();
        assert_eq!(status, *want, "{request:?}: {body}");
        if *want == 400 {
            let refusal = checkpoint_protocol::refusal::Refusal::parse(body.as_bytes())
                .unwrap_or_else(|| panic!("{request:?}: not the JSON body: {body:?}"));
            assert_eq!(refusal.reason, "host");
        }
    }
    let (_, metrics) = get(c.addr, "/metrics").await;
    assert!(metrics.contains("gitops_checkpoint_requests_total{outcome=\"bad_request\"} 4\n"));
    assert!(metrics.contains("gitops_checkpoint_requests_total{outcome=\"command\"} 0\n"));
}
