//! The one reading of a [`Stats`]: its breakdowns as labelled rows and the folded rest, which
//! the console, `gitops telemetry stats` and `gitops-checkpoint report` all draw.
//!
//! A renderer iterates [`Stats::sections`] and knows no breakdown by name, so a new breakdown
//! of the stats is a field of [`Stats`], a [`Dimension`] and an arm here, and no renderer
//! changes. Labels (`add cluster`, `0.38.0`, `linux/amd64`, `other (2 rows)`) are written here
//! only. No I/O.

use super::{Breakdown, Count, Stats};

/// What a section counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// Command checks by `(object, command)`.
    Command,
    /// All checks by version.
    Version,
    /// All checks by Go's os and arch.
    Platform,
    /// All checks per day, oldest first.
    Day,
}

impl Dimension {
    /// The section's heading: `Top commands`, `Versions`, `Platforms`, `Per day`.
    pub fn title(self) -> &'static str {
        match self {
            Dimension::Command => "Top commands",
            Dimension::Version => "Versions",
            Dimension::Platform => "Platforms",
            Dimension::Day => "Per day",
        }
    }

    /// The heading of a table's label column: `Command`, `Version`, `Platform`, `Day`.
    pub fn column(self) -> &'static str {
        match self {
            Dimension::Command => "Command",
            Dimension::Version => "Version",
            Dimension::Platform => "Platform",
            Dimension::Day => "Day",
        }
    }
}

/// One breakdown of the stats, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section<'a> {
    /// What it counts.
    pub dimension: Dimension,
    /// The rows shown, in the stats' order.
    pub rows: Vec<SectionRow<'a>>,
    /// The rows folded together, when any were.
    pub other: Option<SectionRow<'a>>,
}

/// One row of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionRow<'a> {
    /// What the row counts, as every front end labels it.
    pub label: String,
    /// Its checks and installations.
    pub count: Count,
    /// `(object, command)` for a command row, so a front end can set its own counts beside it.
    pub command: Option<(&'a str, &'a str)>,
}

/// The label of the folded rest: `other (1 row)`, `other (3 rows)`.
pub fn folded_label(rows: u64) -> String {
    format!("other ({rows} row{})", if rows == 1 { "" } else { "s" })
}

impl Stats {
    /// Every breakdown, in the order front ends show them: commands, versions, platforms, days.
    pub fn sections(&self) -> Vec<Section<'_>> {
        vec![
            section(Dimension::Command, &self.by_command, |r| SectionRow {
                label: format!("{} {}", r.object, r.command).trim().to_string(),
                count: r.count,
                command: Some((&r.object, &r.command)),
            }),
            section(Dimension::Version, &self.by_version, |r| {
                plain(r.version.clone(), r.count)
            }),
            section(Dimension::Platform, &self.by_platform, |r| {
                plain(format!("{}/{}", r.os, r.arch), r.count)
            }),
            section(Dimension::Day, &self.per_day, |r| {
                let count = Count {
                    checks: r.totals.checks,
                    installs: r.totals.installs,
                };
                plain(r.day.clone(), count)
            }),
        ]
    }
}

fn plain<'a>(label: String, count: Count) -> SectionRow<'a> {
    SectionRow {
        label,
        count,
        command: None,
    }
}

fn section<'a, R>(
    dimension: Dimension,
    breakdown: &'a Breakdown<R>,
    row: impl Fn(&'a R) -> SectionRow<'a>,
) -> Section<'a> {
    Section {
        dimension,
        rows: breakdown.rows.iter().map(row).collect(),
        other: (breakdown.other_rows > 0)
            .then(|| plain(folded_label(breakdown.other_rows), breakdown.other)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn labels_and_the_folded_rest() {
        let stats = super::super::tests::sample();
        let sections = stats.sections();
        let labels: Vec<(&str, Vec<&str>, Option<&str>)> = sections
            .iter()
            .map(|s| {
                (
                    s.dimension.title(),
                    s.rows.iter().map(|r| r.label.as_str()).collect(),
                    s.other.as_ref().map(|r| r.label.as_str()),
                )
            })
            .collect();
        assert_eq!(
            labels,
            [
                ("Top commands", vec!["add cluster"], Some("other (1 row)")),
                ("Versions", vec!["0.38.0"], None),
                ("Platforms", vec!["linux/amd64"], Some("other (2 rows)")),
                ("Per day", vec!["2026-01-07"], None),
            ]
        );
        assert_eq!(sections[0].rows[0].command, Some(("add", "cluster")));
        assert_eq!(sections[2].other.as_ref().unwrap().count.checks, 3);
    }
}
