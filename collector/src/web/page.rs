//! The pages' HTML: the products, a product's aggregate, the privacy policy. Compiled-in
//! templates (maud): every value is escaped by the template engine.
//!
//! Owns the layout (header, navigation and main landmarks, footer), the window links, each
//! chart's section (SVG, downloads, table) and the policy's words. No script, no inline style:
//! the Content-Security-Policy allows the one style sheet and the one icon of this server.
//! No I/O.

use checkpoint_protocol::routes;
use checkpoint_protocol::stats::{Budget, Policy, Stats};
use maud::{DOCTYPE, Markup, html};

use super::WINDOWS;
use super::charts::{Chart, charts};
use super::svg::draw;

/// Where the source of this collector is.
const SOURCE: &str = env!("CARGO_PKG_REPOSITORY");

fn layout(title: &str, main: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) }
                link rel="stylesheet" href="/assets/style.css";
                link rel="icon" href="/assets/icon.svg" type="image/svg+xml";
            }
            body {
                header {
                    nav aria-label="Site" {
                        a href="/" { "gitops telemetry" }
                        " "
                        a href=(routes::POLICY_PAGE) { "Privacy policy" }
                    }
                }
                main { (main) }
                footer {
                    p {
                        "Anonymous aggregates published by this gitops checkpoint collector. "
                        "This page sets no cookie, runs no script and records nothing about "
                        "its visitors. "
                        a href=(SOURCE) { "Source" }
                    }
                }
            }
        }
    }
    .into_string()
}

/// `/`: the products served.
pub fn index(products: &[String]) -> String {
    layout(
        "gitops telemetry",
        html! {
            h1 { "gitops telemetry" }
            p {
                "What the gitops command-line tools report when their users opt in, counted "
                "without keeping who sent it. "
                a href=(routes::POLICY_PAGE) { "What is kept, and how to opt out" } "."
            }
            h2 { "Products" }
            ul {
                @for p in products {
                    li { a href=(format!("/{p}")) { (p) } }
                }
            }
        },
    )
}

/// `/{product}?days=N`: every chart of `stats`.
pub fn product(stats: &Stats) -> String {
    let t = &stats.totals;
    layout(
        &format!("{}: the last {} days", stats.product, stats.days),
        html! {
            h1 { (stats.product) }
            p {
                "From " (stats.first_day) " to " (stats.last_day) " (UTC): "
                strong { (t.checks) } " checks, " (t.commands) " with a command, "
                (t.update_checks) " update checks, from about " strong { (t.installs) }
                " installations (±" (format!("{:.1}", stats.installs_error * 100.0)) " %). "
                "A row seen by fewer than " (stats.min_installs)
                " installations is folded into “other”."
            }
            nav aria-label="Window" class="windows" {
                "Window: "
                @for d in WINDOWS {
                    @if d == stats.days {
                        a href=(format!("?days={d}")) aria-current="page" { (d) " days" }
                    } @else {
                        a href=(format!("?days={d}")) { (d) " days" }
                    }
                    " "
                }
            }
            @for chart in charts(stats) {
                (section(stats, &chart))
            }
        },
    )
}

fn section(stats: &Stats, chart: &Chart) -> Markup {
    let heading = format!("{}-h", chart.id);
    let download = |ext: &str| format!("/{}/{}.{ext}?days={}", stats.product, chart.id, stats.days);
    html! {
        section id=(chart.id) aria-labelledby=(heading) {
            h2 id=(heading) { (chart.title) }
            figure {
                (draw(chart))
                figcaption {
                    (chart.desc) " Download: "
                    a href=(download("csv")) download { "CSV" } ", "
                    a href=(download("json")) download { "JSON" } "."
                }
            }
            @if chart.columns.len() > 2 && chart.kind != super::charts::Kind::Bars {
                @if let Some(legend) = legend(chart) { (legend) }
            }
            div class="table" tabindex="0" role="region" aria-label=(format!("{}: table", chart.title)) {
                table data-chart=(chart.id) {
                    thead { tr { @for c in &chart.columns { th scope="col" { (c) } } } }
                    tbody {
                        @for row in &chart.rows {
                            tr {
                                @for (i, cell) in row.iter().enumerate() {
                                    @if i == 0 { th { (cell.text()) } }
                                    @else { td { (cell.text()) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The colours of a chart's series, in the order they are drawn.
fn legend(chart: &Chart) -> Option<Markup> {
    if chart.kind == super::charts::Kind::Band {
        return None;
    }
    Some(html! {
        ul class="legend" aria-hidden="true" {
            @for (i, c) in chart.columns.iter().skip(1).enumerate() {
                li { span class=(format!("key c{}", i % 8)) {} (c) }
            }
        }
    })
}

/// The policy's terms of publication: the noise, the threshold, the budget and what the
/// budget does not cover. An older collector's policy, without them, says so.
fn published(p: &Policy) -> Markup {
    let t = &p.privacy;
    if t.is_unset() {
        return html! { p { "This collector does not say how its numbers are protected." } };
    }
    let budget = |b: &Budget| format!("ε = {}, δ = {:.1e}", b.epsilon, b.delta);
    html! {
        p {
            "Each released cell gets its own noise: " (t.mechanism) ". A cell whose noisy "
            "installations are under " strong { (t.threshold) } " (from k = " (p.min_installs)
            ") is folded into “other”. One installation is counted in at most "
            (t.max_buckets_per_install_day) " cells of a breakdown and for at most "
            (t.max_checks_per_install_day) " checks per day."
        }
        p { "The privacy budget, per installation: " strong { (budget(&t.per_day)) } " for one day's release;" }
        ul {
            @for w in &t.per_window {
                li { "the " (w.days) "-day window: " (budget(&w.budget)) }
            }
        }
        table {
            caption { "Which figures the budget covers" }
            thead { tr { th scope="col" { "Figure" } th scope="col" { "Covered" } th scope="col" { "Why" } } }
            tbody {
                @for f in &t.figures {
                    tr { td { (f.figure) } td { @if f.dp { "yes" } @else { "no" } } td { (f.why) } }
                }
            }
        }
        p { "What these claims assume:" }
        ul { @for a in &t.assumptions { li { (a) } } }
    }
}

/// `/policy`: what is kept, for how long, what never is, and how to opt out.
pub fn policy(p: &Policy) -> String {
    layout(
        "Privacy policy: gitops telemetry",
        html! {
            h1 { "Privacy policy" }
            p {
                "The gitops command-line tools can send an anonymous check to this collector "
                "when their users opt in. This page says what becomes of it. The same facts are "
                "served as JSON at " a href="/v1/policy" { "/v1/policy" } "."
            }
            h2 { "What is stored" }
            p { "Only counters, by day (UTC), for each combination of:" }
            ul { @for s in &p.stored { li { (s) } } }
            p {
                "The installations sketch is a HyperLogLog: it estimates how many distinct "
                "installations checked in (to ±" (format!("{:.1}", p.installs_error * 100.0))
                " %) without keeping any installation's identifier."
            }
            h2 { "What is never stored" }
            ul { @for s in &p.never_stored { li { (s) } } }
            h2 { "How long" }
            p {
                "Day counters are kept for " strong { (p.retention) } "; the oldest day kept is "
                strong { (p.oldest_day) } ". Older days are deleted."
            }
            h2 { "What is published" }
            p {
                "Anyone can read the aggregates of the products served ("
                @for (i, prod) in p.products.iter().enumerate() {
                    @if i > 0 { ", " }
                    a href=(format!("/{prod}")) { (prod) }
                }
                "). Only closed UTC days are published: each day is released once, "
                (p.privacy.release_delay) " after it closes, and every window is the sum of "
                "released days, so two windows differ only by whole days already public."
            }
            (published(p))
            h2 { "How to opt out" }
            p { "On the command line, any of these turns the checks off:" }
            ul {
                li { "set " code { "CHECKPOINT_DISABLE=1" } " in the environment;" }
                li { "set " code { "DO_NOT_TRACK=1" } " in the environment;" }
                li { "run " code { "gitops telemetry disable" } "." }
            }
            p {
                "For the dashboard, set " code { "WEAVE_GITOPS_FEATURE_TELEMETRY=false" }
                " in its environment."
            }
            h2 { "Source" }
            p { "The collector and the client are open source: " a href=(SOURCE) { (SOURCE) } "." }
        },
    )
}
