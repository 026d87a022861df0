//! The routes: the check, the stats, the policy, health and metrics.
//!
//! Owns what each path answers and the request-level bounds (GET only, no body, a request
//! target of at most `max_uri` bytes, `max_in_flight` requests at once, `request_timeout`). A
//! check is counted before its answer is sent, so every 200 is in the counts. A refusal names
//! its reason, never the value that caused it.

use bytes::Bytes;
use checkpoint_protocol::received::{Rejection, decode_product};
use checkpoint_protocol::routes;
use checkpoint_protocol::served::ServedAnswer;
use checkpoint_protocol::stats::{DEFAULT_DAYS, Policy};
use http_body_util::Full;
use hyper::body::{Body, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use super::State;
use crate::aggregate::{date_of, today};
use crate::metrics::{Gauges, Outcome};
use crate::sketch::RELATIVE_ERROR;
use crate::stats::{MAX_DAYS, Window, stats};

/// The answer of the bare handler (benchmark baseline): the size of a real one.
const BARE_BODY: &[u8] = br#"{"product":"weave-gitops","current_version":"0.38.0","current_release":1701734400,"current_download_url":"https://github.com/weaveworks/weave-gitops/releases/tag/v0.38.0","current_changelog_url":"","project_website":"","outdated":false,"alerts":[],"current_release_date":1701734400}"#;

type Reply = Response<Full<Bytes>>;

/// Answers one request and counts its outcome.
pub(super) async fn respond(state: &State, req: Request<Incoming>) -> Reply {
    let Ok(_permit) = state.in_flight.try_acquire() else {
        state.metrics.request(Outcome::Overloaded);
        let mut r = text(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many requests in progress\n",
        );
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return r;
    };
    let limit = state.settings.limits.request_timeout;
    let (outcome, reply) = match tokio::time::timeout(limit, route(state, &req)).await {
        Ok(done) => done,
        Err(_) => (
            Ok(Outcome::Timeout),
            text(
                StatusCode::SERVICE_UNAVAILABLE,
                "the request took too long\n",
            ),
        ),
    };
    match outcome {
        Err(reason) => state.metrics.rejected(reason),
        Ok(outcome) => state.metrics.request(outcome),
    }
    reply
}

async fn route(state: &State, req: &Request<Incoming>) -> (Result<Outcome, Rejection>, Reply) {
    if req.method() != Method::GET {
        let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "only GET\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET"));
        return (Ok(Outcome::MethodNotAllowed), r);
    }
    let target = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target > state.settings.limits.max_uri {
        return (
            Ok(Outcome::TooLarge),
            text(StatusCode::URI_TOO_LONG, "the request target is too long\n"),
        );
    }
    if !req.body().is_end_stream() {
        let mut r = text(StatusCode::PAYLOAD_TOO_LARGE, "a GET has no body\n");
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return (Ok(Outcome::TooLarge), r);
    }
    let path = req.uri().path();
    let query = req.uri().query().unwrap_or("");
    if let Some(segment) = path.strip_prefix(routes::CHECK_PREFIX) {
        return check(state, segment, query);
    }
    if let Some(product) = path.strip_prefix(routes::STATS_PREFIX) {
        return (Ok(Outcome::Stats), stats_reply(state, product, query).await);
    }
    match path {
        routes::POLICY => (Ok(Outcome::Policy), policy(state)),
        routes::HEALTHZ => match state.store.ping().await {
            Ok(()) => (Ok(Outcome::Health), text(StatusCode::OK, "ok\n")),
            Err(e) => {
                tracing::warn!(error = %e, "health check: the store does not answer");
                (
                    Ok(Outcome::Health),
                    text(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "the store does not answer\n",
                    ),
                )
            }
        },
        routes::METRICS => {
            let gauges = Gauges {
                pending_buckets: state.aggregator.pending_buckets(),
                in_flight: state.settings.limits.max_in_flight
                    - state.in_flight.available_permits(),
                connections: state.settings.limits.max_connections
                    - state.connections.available_permits(),
            };
            let mut r = text(StatusCode::OK, &state.metrics.render(gauges));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            );
            (Ok(Outcome::Metrics), r)
        }
        _ => (
            Ok(Outcome::NotFound),
            text(StatusCode::NOT_FOUND, "not found\n"),
        ),
    }
}

/// `GET /v1/check/{product}?…`: checked, counted, answered.
fn check(state: &State, segment: &str, query: &str) -> (Result<Outcome, Rejection>, Reply) {
    if state.bare {
        return (
            Ok(Outcome::Bare),
            json(StatusCode::OK, Bytes::from_static(BARE_BODY)),
        );
    }
    let refuse = |reason: Rejection| {
        let body = serde_json::json!({"error": reason.to_string(), "reason": reason.reason()});
        (
            Err(reason),
            json(StatusCode::BAD_REQUEST, body.to_string().into()),
        )
    };
    let product = match decode_product(segment) {
        Ok(p) => p,
        Err(reason) => return refuse(reason),
    };
    let releases = state.releases.get();
    if !releases.serves(&product) {
        return refuse(Rejection::Product);
    }
    let check = match state.aggregator.rules().parse(query) {
        Ok(c) => c,
        Err(reason) => return refuse(reason),
    };
    state.aggregator.count(today(), &product, &check);
    let Some(answer) = releases.answer(&product, &check.version) else {
        return refuse(Rejection::Product);
    };
    let outcome = match check.verbs {
        Some(_) => Outcome::Command,
        None => Outcome::UpdateCheck,
    };
    let body = ServedAnswer::new(&answer).to_json();
    (Ok(outcome), json(StatusCode::OK, body.into()))
}

/// `GET /v1/stats/{product}?days=N`.
async fn stats_reply(state: &State, product: &str, query: &str) -> Reply {
    let releases = state.releases.get();
    let Ok(product) = decode_product(product) else {
        return text(StatusCode::NOT_FOUND, "no such product\n");
    };
    if !releases.serves(&product) {
        return text(StatusCode::NOT_FOUND, "no such product\n");
    }
    let days = match query {
        "" => DEFAULT_DAYS,
        q => match q.strip_prefix("days=").and_then(|d| d.parse::<u32>().ok()) {
            Some(d) if (1..=MAX_DAYS).contains(&d) => d,
            _ => {
                return text(
                    StatusCode::BAD_REQUEST,
                    &format!("the only parameter is days=N, N from 1 to {MAX_DAYS}\n"),
                );
            }
        },
    };
    let window = Window {
        product: &product,
        days,
        today: date_of(today()),
        min_installs: state.settings.min_installs,
    };
    match stats(&*state.store, window).await {
        Ok(s) => {
            let mut r = json(
                StatusCode::OK,
                serde_json::to_vec(&s).expect("stats serialise").into(),
            );
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            );
            r
        }
        Err(e) => {
            tracing::error!(error = %e, "stats failed");
            text(
                StatusCode::SERVICE_UNAVAILABLE,
                "the store does not answer\n",
            )
        }
    }
}

/// `GET /v1/policy`: what is kept, for how long, and what never is.
fn policy(state: &State) -> Reply {
    let s = &state.settings;
    let policy = Policy {
        retention: s.retention.text.clone(),
        oldest_day: s.retention.oldest_day(date_of(today())).to_string(),
        min_installs: s.min_installs,
        installs_error: RELATIVE_ERROR,
        products: state.releases.get().products(),
        stored: [
            "day",
            "product",
            "version",
            "rc",
            "os",
            "arch",
            "object",
            "command",
            "checks",
            "installs sketch",
        ]
        .map(String::from)
        .to_vec(),
        never_stored: [
            "signature",
            "IP address",
            "time of day",
            "any other query value",
            "request headers",
        ]
        .map(String::from)
        .to_vec(),
    };
    json(
        StatusCode::OK,
        serde_json::to_vec(&policy)
            .expect("policy serialises")
            .into(),
    )
}

fn json(status: StatusCode, body: Bytes) -> Reply {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn text(status: StatusCode, body: &str) -> Reply {
    let mut r = Response::new(Full::new(Bytes::from(body.to_string())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}
