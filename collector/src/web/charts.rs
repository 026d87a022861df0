//! What each chart shows, as one table: the numbers the SVG draws, the HTML table under it, and
//! the CSV and JSON downloads are all this table, so they cannot disagree.
//!
//! Owns the list of charts, their columns and how each is read from a [`Stats`] (the
//! breakdowns through [`Stats::sections`]; the per-day series from `per_day` and
//! `per_day_version`). No I/O.

use checkpoint_protocol::platform::is_release_candidate;
use checkpoint_protocol::stats::{Dimension, FOLDED, Stats, UNKNOWN_VERSION, folded_label};

/// How many versions the stacked area names; the rest of each day is `other versions`.
pub const NAMED_VERSIONS: usize = 6;

/// The label of the versions the stacked area does not name.
pub const OTHER_VERSIONS: &str = "other versions";

/// How a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A line over days with its error band: columns day, value, low, high.
    Band,
    /// Shares of a day stacked to 100 %: columns day, then one count per series.
    Stacked,
    /// Lines over days: columns day, then one count per line.
    Lines,
    /// Horizontal bars of the first numeric column: columns label, then counts.
    Bars,
}

/// One cell of a chart's table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A label or a day.
    Text(String),
    /// A count.
    Int(u64),
}

impl Cell {
    /// The number, for a count.
    pub fn int(&self) -> Option<u64> {
        match self {
            Cell::Int(n) => Some(*n),
            Cell::Text(_) => None,
        }
    }

    /// As written in a table and in CSV.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
        }
    }
}

/// One chart: its identity, words and table.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// The path segment of its downloads and its element id: `installs`, `versions`, ….
    pub id: &'static str,
    /// Its heading.
    pub title: &'static str,
    /// What it shows, in a sentence (the SVG's `desc`).
    pub desc: String,
    /// How it is drawn.
    pub kind: Kind,
    /// The table's column headings.
    pub columns: Vec<String>,
    /// The table's rows.
    pub rows: Vec<Vec<Cell>>,
}

/// The ids of every chart, in page order.
pub const IDS: [&str; 6] = [
    "installs",
    "versions",
    "commands",
    "platforms",
    "checks",
    "candidates",
];

/// Every chart of `stats`, in page order.
pub fn charts(stats: &Stats) -> Vec<Chart> {
    vec![
        installs(stats),
        versions(stats),
        breakdown(stats, Dimension::Command),
        breakdown(stats, Dimension::Platform),
        checks(stats),
        candidates(stats),
    ]
}

/// The chart `id` of `stats`.
pub fn chart(stats: &Stats, id: &str) -> Option<Chart> {
    charts(stats).into_iter().find(|c| c.id == id)
}

fn columns(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn installs(stats: &Stats) -> Chart {
    let e = stats.installs_error;
    let rows = stats
        .per_day
        .rows
        .iter()
        .map(|r| {
            let n = r.totals.installs as f64;
            vec![
                Cell::Text(r.day.clone()),
                Cell::Int(r.totals.installs),
                Cell::Int((n * (1.0 - e)).floor().max(0.0) as u64),
                Cell::Int((n * (1.0 + e)).ceil() as u64),
            ]
        })
        .collect();
    Chart {
        id: "installs",
        title: "Installations per day",
        desc: format!(
            "Estimated distinct installations that checked in each day, with the estimate's \
             error band of ±{:.1} %.",
            e * 100.0
        ),
        kind: Kind::Band,
        columns: columns(&["Day", "Installations", "Low", "High"]),
        rows,
    }
}

fn versions(stats: &Stats) -> Chart {
    let named: Vec<&str> = stats
        .by_version
        .rows
        .iter()
        .take(NAMED_VERSIONS)
        .map(|r| r.version.as_str())
        .collect();
    let rows = stats
        .per_day_version
        .iter()
        .map(|d| {
            let mut row = vec![Cell::Text(d.day.clone())];
            let mut rest = d.versions.other.checks;
            let mut counts = vec![0; named.len()];
            for r in &d.versions.rows {
                match named.iter().position(|v| *v == r.version) {
                    Some(i) => counts[i] += r.count.checks,
                    None => rest += r.count.checks,
                }
            }
            row.extend(counts.into_iter().map(Cell::Int));
            row.push(Cell::Int(rest));
            row
        })
        .collect();
    let mut cols = vec!["Day".to_string()];
    cols.extend(named.iter().map(|v| v.to_string()));
    cols.push(OTHER_VERSIONS.to_string());
    Chart {
        id: "versions",
        title: "Versions in use",
        desc: format!(
            "The share of each day's checks made by each gitops version: the {} versions with \
             the most checks in the window, and the rest together. The table gives the checks. \
             \"{UNKNOWN_VERSION}\" is every version this collector does not know, \"X.Y.Z-pre\" a \
             build between releases, and \"{FOLDED}\" the checks of buckets that were new on a day \
             that already had as many as the collector keeps.",
            named.len()
        ),
        kind: Kind::Stacked,
        columns: cols,
        rows,
    }
}

fn breakdown(stats: &Stats, dimension: Dimension) -> Chart {
    let sections = stats.sections();
    let section = sections
        .iter()
        .find(|s| s.dimension == dimension)
        .expect("every dimension has a section");
    let rows = section
        .rows
        .iter()
        .chain(section.other.as_ref())
        .map(|r| {
            vec![
                Cell::Text(r.label.clone()),
                Cell::Int(r.count.checks),
                Cell::Int(r.count.installs),
            ]
        })
        .collect();
    let (id, desc) = match dimension {
        Dimension::Command => (
            "commands",
            "Command checks by gitops command, most first, with the installations that ran it.",
        ),
        _ => (
            "platforms",
            "All checks by operating system and architecture, most first, with installations.",
        ),
    };
    Chart {
        id,
        title: dimension.title(),
        desc: format!(
            "{desc} Rows seen by fewer than {} installations are folded into other.",
            stats.min_installs
        ),
        kind: Kind::Bars,
        columns: vec![
            dimension.column().to_string(),
            "Checks".to_string(),
            "Installations".to_string(),
        ],
        rows,
    }
}

fn checks(stats: &Stats) -> Chart {
    let rows = stats
        .per_day
        .rows
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.day.clone()),
                Cell::Int(r.totals.commands),
                Cell::Int(r.totals.update_checks),
            ]
        })
        .collect();
    Chart {
        id: "checks",
        title: "Command checks and update checks",
        desc: "Checks per day that reported a command, and update-only checks (no command)."
            .to_string(),
        kind: Kind::Lines,
        columns: columns(&["Day", "Command checks", "Update checks"]),
        rows,
    }
}

fn candidates(stats: &Stats) -> Chart {
    let (mut releases, mut rcs) = ((0, 0), (0, 0));
    for r in &stats.by_version.rows {
        let sum = if is_release_candidate(&r.version) {
            &mut rcs
        } else {
            &mut releases
        };
        sum.0 += r.count.checks;
        sum.1 += 1;
    }
    let mut rows = vec![
        vec![
            Cell::Text("releases".into()),
            Cell::Int(releases.0),
            Cell::Int(releases.1),
        ],
        vec![
            Cell::Text("release candidates".into()),
            Cell::Int(rcs.0),
            Cell::Int(rcs.1),
        ],
    ];
    let other = &stats.by_version;
    if other.other_rows > 0 {
        rows.push(vec![
            Cell::Text(folded_label(other.other_rows)),
            Cell::Int(other.other.checks),
            Cell::Int(other.other_rows),
        ]);
    }
    Chart {
        id: "candidates",
        title: "Release candidates and releases",
        desc: "All checks from release versions and from release candidates (by the version's \
               pre-release suffix), with how many versions each covers; rare versions are \
               folded and not classified."
            .to_string(),
        kind: Kind::Bars,
        columns: columns(&["Kind", "Checks", "Versions"]),
        rows,
    }
}

impl Chart {
    /// The chart's table as CSV (RFC 4180: fields with a comma, quote or newline quoted).
    pub fn csv(&self) -> String {
        let field = |s: &str| {
            if s.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let mut out = String::new();
        let line = |cells: Vec<String>, out: &mut String| {
            let cells: Vec<String> = cells.iter().map(|c| field(c)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        };
        line(self.columns.clone(), &mut out);
        for row in &self.rows {
            line(row.iter().map(Cell::text).collect(), &mut out);
        }
        out
    }

    /// The chart's table as JSON, with the window it covers.
    pub fn json(&self, stats: &Stats) -> serde_json::Value {
        let rows: Vec<Vec<serde_json::Value>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Cell::Text(s) => serde_json::Value::from(s.as_str()),
                        Cell::Int(n) => serde_json::Value::from(*n),
                    })
                    .collect()
            })
            .collect();
        serde_json::json!({
            "chart": self.id,
            "title": self.title,
            "product": stats.product,
            "days": stats.days,
            "first_day": stats.first_day,
            "last_day": stats.last_day,
            "columns": self.columns,
            "rows": rows,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_it() {
        let chart = Chart {
            id: "commands",
            title: "t",
            desc: String::new(),
            kind: Kind::Bars,
            columns: vec!["Command".into(), "Checks".into()],
            rows: vec![vec![Cell::Text("a,\"b\"".into()), Cell::Int(3)]],
        };
        assert_eq!(chart.csv(), "Command,Checks\r\n\"a,\"\"b\"\"\",3\r\n");
    }
}
