//! A chart's table drawn as inline SVG on the server, so it shows with JavaScript off.
//!
//! Owns the geometry: a fixed view box scaled by CSS to the page's width, colours by class
//! (`c0`…`c7`, set in the style sheet for light and dark), a `title` and a `desc` on every
//! chart and a `title` on every bar. Coordinates are written as integers to keep a 365-day page
//! small. No I/O.
//!
//! Written as markup rather than through a plotting crate's SVG backend (plotters'): those
//! write each colour into the element, so one page could not follow the reader's light or
//! dark scheme, and they give a bar no `title` of its own.

use maud::{Markup, html};

use super::charts::{Cell, Chart, Kind};

/// The view box's width.
const W: i64 = 720;
/// The height of a chart over days.
const H: i64 = 220;
/// The left margin (the y axis' labels).
const LEFT: i64 = 56;
/// The right margin.
const RIGHT: i64 = 8;
/// The top margin.
const TOP: i64 = 8;
/// The bottom margin (the x axis' labels).
const BOTTOM: i64 = 24;
/// A bar's height, and the gap under it.
const BAR: i64 = 18;
const GAP: i64 = 6;
/// How many colours the style sheet defines.
const COLOURS: usize = 8;

/// `chart` as SVG.
pub fn draw(chart: &Chart) -> Markup {
    let title_id = format!("{}-title", chart.id);
    let desc_id = format!("{}-desc", chart.id);
    let (height, body) = match chart.kind {
        Kind::Bars => bars(chart),
        Kind::Band => (H, band(chart)),
        Kind::Stacked => (H, stacked(chart)),
        Kind::Lines => (H, lines(chart)),
    };
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {W} {height}"))
            role="img" aria-labelledby=(format!("{title_id} {desc_id}")) class="chart" {
            title id=(title_id) { (chart.title) }
            desc id=(desc_id) { (chart.desc) }
            (body)
        }
    }
}

fn ints(row: &[Cell]) -> Vec<u64> {
    row.iter().filter_map(Cell::int).collect()
}

fn day(row: &[Cell]) -> String {
    row.first().map(Cell::text).unwrap_or_default()
}

/// The x of day `i` of `n`.
fn x(i: usize, n: usize) -> i64 {
    let span = W - LEFT - RIGHT;
    if n <= 1 {
        return LEFT + span / 2;
    }
    LEFT + (i as i64 * span) / (n as i64 - 1)
}

/// The y of `v` on a scale to `max`.
fn y(v: f64, max: f64) -> i64 {
    let span = (H - TOP - BOTTOM) as f64;
    let f = if max > 0.0 { v / max } else { 0.0 };
    H - BOTTOM - (f * span).round() as i64
}

fn points(values: impl Iterator<Item = (usize, f64)>, n: usize, max: f64) -> String {
    let mut s = String::new();
    for (i, v) in values {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&format!("{},{}", x(i, n), y(v, max)));
    }
    s
}

/// The axes of a chart over days: the y scale's top and zero, the first and last day.
fn axes(chart: &Chart, top: &str) -> Markup {
    let n = chart.rows.len();
    let first = chart.rows.first().map(|r| day(r)).unwrap_or_default();
    let last = chart.rows.last().map(|r| day(r)).unwrap_or_default();
    html! {
        g class="axis" aria-hidden="true" {
            line x1=(LEFT) y1=(H - BOTTOM) x2=(W - RIGHT) y2=(H - BOTTOM) {}
            line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(H - BOTTOM) {}
            text x=(LEFT - 4) y=(TOP + 10) text-anchor="end" { (top) }
            text x=(LEFT - 4) y=(H - BOTTOM) text-anchor="end" { "0" }
            @if n > 0 {
                text x=(LEFT) y=(H - 6) { (first) }
                text x=(W - RIGHT) y=(H - 6) text-anchor="end" { (last) }
            } @else {
                text x=(W / 2) y=(H / 2) text-anchor="middle" { "no days with checks" }
            }
        }
    }
}

fn band(chart: &Chart) -> Markup {
    let n = chart.rows.len();
    let rows: Vec<Vec<u64>> = chart.rows.iter().map(|r| ints(r)).collect();
    let max = rows
        .iter()
        .filter_map(|r| r.get(2))
        .max()
        .copied()
        .unwrap_or(0) as f64;
    let value = points(
        rows.iter().enumerate().map(|(i, r)| (i, r[0] as f64)),
        n,
        max,
    );
    let mut band = points(
        rows.iter().enumerate().map(|(i, r)| (i, r[2] as f64)),
        n,
        max,
    );
    let low = points(
        rows.iter().enumerate().rev().map(|(i, r)| (i, r[1] as f64)),
        n,
        max,
    );
    if !low.is_empty() {
        band.push(' ');
        band.push_str(&low);
    }
    html! {
        (axes(chart, &(max as u64).to_string()))
        polygon class="band c0" points=(band) {}
        polyline class="line c0" points=(value) {}
    }
}

fn stacked(chart: &Chart) -> Markup {
    let n = chart.rows.len();
    let series = chart.columns.len().saturating_sub(1);
    let rows: Vec<Vec<u64>> = chart.rows.iter().map(|r| ints(r)).collect();
    // Each series is drawn from the baseline up to its cumulative share, the last series
    // first, so each one shows between its own top and the top of the series before it.
    let mut tops = vec![vec![0.0; n]; series];
    for (i, r) in rows.iter().enumerate() {
        let total: u64 = r.iter().sum();
        let mut sum = 0;
        for s in 0..series {
            sum += r[s];
            tops[s][i] = if total == 0 {
                0.0
            } else {
                sum as f64 / total as f64
            };
        }
    }
    let base = if n == 0 {
        String::new()
    } else {
        format!(" {},{} {},{}", x(n - 1, n), H - BOTTOM, x(0, n), H - BOTTOM)
    };
    let areas: Vec<(usize, String)> = (0..series)
        .rev()
        .map(|s| {
            let mut p = points(tops[s].iter().copied().enumerate(), n, 1.0);
            p.push_str(&base);
            (s, p)
        })
        .collect();
    html! {
        (axes(chart, "100 %"))
        @for (s, p) in areas {
            polygon class=(format!("area c{}", s % COLOURS)) points=(p) {
                title { (chart.columns[s + 1]) }
            }
        }
    }
}

fn lines(chart: &Chart) -> Markup {
    let n = chart.rows.len();
    let series = chart.columns.len().saturating_sub(1);
    let rows: Vec<Vec<u64>> = chart.rows.iter().map(|r| ints(r)).collect();
    let max = rows.iter().flatten().max().copied().unwrap_or(0) as f64;
    html! {
        (axes(chart, &(max as u64).to_string()))
        @for s in 0..series {
            polyline class=(format!("line c{}", s % COLOURS))
                points=(points(rows.iter().enumerate().map(|(i, r)| (i, r[s] as f64)), n, max)) {
                title { (chart.columns[s + 1]) }
            }
        }
    }
}

fn bars(chart: &Chart) -> (i64, Markup) {
    let label_w = 200;
    let max = chart
        .rows
        .iter()
        .filter_map(|r| r.get(1).and_then(Cell::int))
        .max()
        .unwrap_or(0);
    let span = (W - label_w - RIGHT - 64) as f64;
    let height = (chart.rows.len().max(1) as i64) * (BAR + GAP) + GAP;
    let unit = chart.columns.get(1).map_or("", |s| s.as_str());
    let other = chart.columns.get(2).map_or("", |s| s.as_str());
    let markup = html! {
        @if chart.rows.is_empty() {
            text x=(W / 2) y=(BAR) text-anchor="middle" class="axis" { "no checks" }
        }
        @for (i, row) in chart.rows.iter().enumerate() {
            @let label = day(row);
            @let v = row.get(1).and_then(Cell::int).unwrap_or(0);
            @let w = if max > 0 { ((v as f64 / max as f64) * span).round() as i64 } else { 0 };
            @let top = GAP + i as i64 * (BAR + GAP);
            g {
                title {
                    (label) ": " (v) " " (unit.to_lowercase())
                    @if let Some(extra) = row.get(2) { ", " (extra.text()) " " (other.to_lowercase()) }
                }
                text x=(label_w - 6) y=(top + BAR - 5) text-anchor="end" class="label" { (label) }
                rect class=(format!("bar c{}", i % COLOURS)) x=(label_w) y=(top) width=(w.max(1)) height=(BAR) {}
                text x=(label_w + w + 4) y=(top + BAR - 5) class="label" { (v) }
            }
        }
    };
    (height, markup)
}
