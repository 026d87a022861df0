//! The routes: the check, the stats, the policy, health, metrics and the web pages.
//!
//! Owns the paths ([`Route`], the one place that reads them), what each answers, and the
//! request-level bounds (one valid `Host` header, required in HTTP/1.1; GET or HEAD only; no
//! body; a request target of at most `max_uri` bytes; `max_in_flight` requests at once;
//! `request_timeout`). Every refusal is an [`HttpError`], which gives its status, body and
//! outcome. A counted check is answered once its count is written to the store (see
//! `crate::commit`), so every 200 is in the store.
//!
//! A HEAD is answered as its GET would be, with the same status and headers (hyper writes the
//! GET body's `content-length` and no body). A HEAD of a check is held to every rule of the
//! acceptance but is not counted as a check: it delivers no answer to a client, and a monitor
//! that probes the check URL must not count as an installation (outcome `head_check`).

use bytes::Bytes;
use checkpoint_protocol::received::{Rejection, decode_product};
use checkpoint_protocol::routes;
use checkpoint_protocol::served::ServedAnswer;
use checkpoint_protocol::stats::{DEFAULT_DAYS, Policy, WINDOWS};
use hyper::body::{Body, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, StatusCode, Version};

use super::State;
use super::error::HttpError;
use super::reply::{Reply, json, text};
use crate::aggregate::{Counting, date_of, today};
use crate::metrics::{Gauges, Outcome};
use crate::publication::{PublishError, privacy};
use crate::sketch::RELATIVE_ERROR;
use crate::versions::Counted;
use crate::web::{self, WebPath};

/// The answer of the bare handler (benchmark baseline): the size of a real one.
const BARE_BODY: &[u8] = br#"{"product":"weave-gitops","current_version":"0.38.0","current_release":1701734400,"current_download_url":"https://github.com/weaveworks/weave-gitops/releases/tag/v0.38.0","current_changelog_url":"","project_website":"","outdated":false,"alerts":[],"current_release_date":1701734400}"#;

/// The paths this server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route<'a> {
    /// `/v1/check/{product}`, with the product segment as sent.
    Check(&'a str),
    /// `/v1/stats/{product}`, with the product segment as sent.
    Stats(&'a str),
    /// `/v1/policy`.
    Policy,
    /// `/healthz`.
    Health,
    /// `/metrics`.
    Metrics,
    /// A web page, asset or download (unless `--no-web`).
    Web(WebPath<'a>),
}

impl Route<'_> {
    fn of(path: &str) -> Option<Route<'_>> {
        if let Some(segment) = path.strip_prefix(routes::CHECK_PREFIX) {
            return Some(Route::Check(segment));
        }
        if let Some(segment) = path.strip_prefix(routes::STATS_PREFIX) {
            return Some(Route::Stats(segment));
        }
        match path {
            routes::POLICY => Some(Route::Policy),
            routes::HEALTHZ => Some(Route::Health),
            routes::METRICS => Some(Route::Metrics),
            _ => WebPath::of(path).map(Route::Web),
        }
    }
}

/// A success and how it is counted.
type Answered = Result<(Outcome, Reply), HttpError>;

/// Answers one request and counts its outcome.
pub(super) async fn respond(state: &State, req: Request<Incoming>) -> Reply {
    let answered = match state.in_flight.try_acquire() {
        Err(_) => Err(HttpError::Overloaded),
        Ok(_permit) => {
            let limit = state.settings.limits.request_timeout;
            tokio::time::timeout(limit, route(state, &req))
                .await
                .unwrap_or(Err(HttpError::Timeout))
        }
    };
    match answered {
        Ok((outcome, reply)) => {
            state.metrics.request(outcome);
            reply
        }
        Err(e) => {
            e.count(&state.metrics);
            e.into_reply()
        }
    }
}

/// The bounds every request meets, then its route.
async fn route(state: &State, req: &Request<Incoming>) -> Answered {
    if !has_valid_host(req) {
        return Err(HttpError::Host);
    }
    let head = match *req.method() {
        Method::GET => false,
        Method::HEAD => true,
        _ => return Err(HttpError::MethodNotAllowed),
    };
    let target = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target > state.settings.limits.max_uri {
        return Err(HttpError::UriTooLong);
    }
    if !req.body().is_end_stream() {
        return Err(HttpError::Body);
    }
    let query = req.uri().query().unwrap_or("");
    match Route::of(req.uri().path()).ok_or(HttpError::NotFound)? {
        Route::Check(segment) => check(state, segment, query, head).await,
        Route::Stats(segment) => Ok((Outcome::Stats, stats_reply(state, segment, query).await?)),
        Route::Policy => Ok((Outcome::Policy, policy(state))),
        Route::Health if state.metrics.store_failing() => Err(HttpError::FlushFailing),
        Route::Health => {
            state
                .store
                .ping()
                .await
                .map_err(|source| HttpError::Store {
                    route: routes::HEALTHZ,
                    source,
                })?;
            Ok((Outcome::Health, text(StatusCode::OK, "ok\n")))
        }
        Route::Metrics => Ok((Outcome::Metrics, metrics(state))),
        Route::Web(_) if !state.settings.web => Err(HttpError::NotFound),
        Route::Web(path) => Ok((Outcome::Page, web_reply(state, req, path, query).await?)),
    }
}

/// A web page, asset or download: a product's page or download rendered once per release
/// (per path and window), answered 304 when the client has it, with the
/// Content-Security-Policy and no cookie.
async fn web_reply(
    state: &State,
    req: &Request<Incoming>,
    path: WebPath<'_>,
    query: &str,
) -> Result<Reply, HttpError> {
    let asset = path.is_asset();
    let rendered = render(state, req.uri().path(), path, query).await?;
    let fresh = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| tag.trim() == rendered.etag || tag.trim() == "*");
    let mut r = if fresh {
        let mut r = Reply::new(Default::default());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        r
    } else {
        let mut r = Reply::new(rendered.body.clone().into());
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(rendered.content_type),
        );
        r
    };
    let max_age = if asset {
        web::ASSET_MAX_AGE
    } else {
        web::FRESH
    };
    let h = r.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&rendered.etag) {
        h.insert(header::ETAG, etag);
    }
    if let Ok(cache) = HeaderValue::from_str(&format!("public, max-age={}", max_age.as_secs())) {
        h.insert(header::CACHE_CONTROL, cache);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(web::CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(r)
}

/// Renders a web answer: the index, the policy and the assets as they are now (cheap, and
/// the policy's oldest day moves daily), a product's page or download from the published
/// numbers, through the cache keyed by `uri_path`, the window and the release drawn from.
async fn render(
    state: &State,
    uri_path: &str,
    path: WebPath<'_>,
    query: &str,
) -> Result<web::Rendered, HttpError> {
    let releases = state.releases.get();
    let (segment, download) = match path {
        WebPath::Index if query.is_empty() => return Ok(web::index(&releases.products())),
        WebPath::Policy if query.is_empty() => return Ok(web::policy(&policy_of(state))),
        WebPath::Style | WebPath::Icon => return web::asset(path).ok_or(HttpError::NotFound),
        WebPath::Index | WebPath::Policy => return Err(HttpError::NotFound),
        WebPath::Product(segment) => (segment, None),
        WebPath::Download {
            product,
            chart,
            csv,
        } => (product, Some((chart, csv))),
    };
    let product = decode_product(segment)
        .ok()
        .filter(|p| releases.serves(p))
        .ok_or(HttpError::NotFound)?;
    let days = web::window_of(query).ok_or(HttpError::Days)?;
    let stats = state
        .publisher
        .published(&product, days)
        .await
        .map_err(|e| published_error(e, "/{product}"))?;
    let key = format!("{uri_path}?days={days}@{}", stats.last_released_day);
    if let Some(r) = state.web.get(&key) {
        return Ok(r);
    }
    let rendered = match download {
        None => web::product(&stats),
        Some((chart, csv)) => web::download(&stats, chart, csv).ok_or(HttpError::NotFound)?,
    };
    state.web.put(key, &rendered);
    Ok(rendered)
}

/// RFC 9112 §3.2: an HTTP/1.1 request has a `Host` header; no request has two, or one that
/// is not an authority (an empty one is allowed).
fn has_valid_host<B>(req: &Request<B>) -> bool {
    let mut hosts = req.headers().get_all(header::HOST).iter();
    match (hosts.next(), hosts.next()) {
        (None, _) => req.version() < Version::HTTP_11,
        (Some(host), None) => {
            host.is_empty()
                || host
                    .to_str()
                    .is_ok_and(|h| h.parse::<hyper::http::uri::Authority>().is_ok())
        }
        (Some(_), Some(_)) => false,
    }
}

/// `GET /v1/check/{product}?…`: checked, counted, answered once the count is written (see
/// `crate::commit`). A HEAD is checked and answered, not counted.
async fn check(state: &State, segment: &str, query: &str, head: bool) -> Answered {
    if state.bare {
        return Ok((
            Outcome::Bare,
            json(StatusCode::OK, Bytes::from_static(BARE_BODY)),
        ));
    }
    let product = decode_product(segment)?;
    let check = state.aggregator.rules().parse(query)?;
    let releases = state.releases.get();
    let answer = releases
        .answer(&product, &check.version)
        .ok_or(Rejection::Product)?;
    let outcome = if head {
        Outcome::HeadCheck
    } else {
        let version = releases
            .count_as(&product, &check.version)
            .ok_or(Rejection::Product)?;
        let waiter = state
            .commits
            .waiter()
            .map_err(|_| HttpError::FlushFailing)?;
        if version == Counted::Unknown {
            state.metrics.unknown_version();
        }
        // Past the installation's contribution bound of the day, answered but not counted.
        let counting = state
            .aggregator
            .count(today(), &product, version.as_str(), &check);
        match counting {
            Counting::Folded => state.metrics.folded(),
            Counting::OverBound => state.metrics.uncounted(),
            Counting::Counted => {}
        }
        if counting != Counting::OverBound {
            let ticket = state.aggregator.cycle();
            waiter
                .written(&state.commits, ticket)
                .await
                .map_err(|_| HttpError::FlushFailing)?;
        }
        if check.rc_disagrees() {
            state.metrics.rc_ignored();
        }
        match check.verbs {
            Some(_) => Outcome::Command,
            None => Outcome::UpdateCheck,
        }
    };
    let body = ServedAnswer::new(&answer).to_json();
    Ok((outcome, json(StatusCode::OK, body.into())))
}

/// `GET /v1/stats/{product}?days=N`.
async fn stats_reply(state: &State, segment: &str, query: &str) -> Result<Reply, HttpError> {
    let product = decode_product(segment).map_err(|_| HttpError::NoSuchProduct)?;
    if !state.releases.get().serves(&product) {
        return Err(HttpError::NoSuchProduct);
    }
    let days = match query {
        "" => DEFAULT_DAYS,
        q => q
            .strip_prefix("days=")
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|d| WINDOWS.contains(d))
            .ok_or(HttpError::Days)?,
    };
    let s = state
        .publisher
        .published(&product, days)
        .await
        .map_err(|e| published_error(e, routes::STATS_PREFIX))?;
    let mut r = json(
        StatusCode::OK,
        serde_json::to_vec(&*s).expect("stats serialise").into(),
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    Ok(r)
}

/// The HTTP error of a failed [`crate::publication::Publisher::published`] on `route`.
fn published_error(e: PublishError, route: &'static str) -> HttpError {
    match e {
        PublishError::Unserved(_) => HttpError::Days,
        PublishError::Store(source) => HttpError::Store { route, source },
    }
}

/// `GET /metrics`: the counters and the gauges read now.
fn metrics(state: &State) -> Reply {
    let limits = &state.settings.limits;
    let gauges = Gauges {
        pending_buckets: state.aggregator.pending_buckets(),
        day_buckets: state.aggregator.day_buckets(),
        in_flight: limits.max_in_flight - state.in_flight.available_permits(),
        connections: state.connections.open(),
    };
    let mut r = text(StatusCode::OK, &state.metrics.render(gauges));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    r
}

/// `GET /v1/policy`: what is kept, for how long, and what never is.
fn policy(state: &State) -> Reply {
    json(
        StatusCode::OK,
        serde_json::to_vec(&policy_of(state))
            .expect("policy serialises")
            .into(),
    )
}

/// What is kept, for how long, and what never is: `/v1/policy` and `/policy`.
fn policy_of(state: &State) -> Policy {
    let s = &state.settings;
    Policy {
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
        privacy: privacy(s.min_installs, s.release_delay),
        page: match s.web {
            true => routes::POLICY_PAGE.to_string(),
            false => String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_has_one_valid_host_and_http_1_1_requires_it() {
        let table: [(Version, &[&str], bool); 9] = [
            (Version::HTTP_11, &["checkpoint-api.weave.works"], true),
            (Version::HTTP_11, &["127.0.0.1:8478"], true),
            (Version::HTTP_11, &["[::1]:8478"], true),
            (Version::HTTP_11, &[""], true),
            (Version::HTTP_11, &[], false),
            (Version::HTTP_11, &["a", "b"], false),
            (Version::HTTP_11, &["a b"], false),
            (Version::HTTP_10, &[], true),
            (Version::HTTP_10, &["a", "a"], false),
        ];
        for (version, hosts, valid) in table {
            let mut req = Request::builder().version(version).uri("/healthz");
            for h in hosts {
                req = req.header(header::HOST, *h);
            }
            let req = req.body(()).unwrap();
            assert_eq!(has_valid_host(&req), valid, "{version:?} {hosts:?}");
        }
    }

    #[test]
    fn each_path_has_one_route() {
        let table = [
            ("/v1/check/weave-gitops", Some(Route::Check("weave-gitops"))),
            ("/v1/check/", Some(Route::Check(""))),
            ("/v1/stats/weave-gitops", Some(Route::Stats("weave-gitops"))),
            ("/v1/policy", Some(Route::Policy)),
            ("/healthz", Some(Route::Health)),
            ("/metrics", Some(Route::Metrics)),
            ("/metrics/", None),
            ("/v1/check", None),
            (
                "/weave-gitops",
                Some(Route::Web(WebPath::Product("weave-gitops"))),
            ),
            ("/", Some(Route::Web(WebPath::Index))),
            ("/policy", Some(Route::Web(WebPath::Policy))),
        ];
        for (path, route) in table {
            assert_eq!(Route::of(path), route, "{path}");
        }
    }
}
