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
    /// The 95 % half-width of the noise on `count.checks` (0: no noise).
    pub checks_band: u64,
    /// The 95 % half-width of the noise on `count.installs` (0: no noise).
    pub installs_band: u64,
}

impl SectionRow<'_> {
    /// `about 1 200 ± 40` for the checks.
    pub fn checks_text(&self) -> String {
        super::Noise::about(self.count.checks, self.checks_band)
    }

    /// `about 80 ± 9` for the installations.
    pub fn installs_text(&self) -> String {
        super::Noise::about(self.count.installs, self.installs_band)
    }
}

/// The label of the folded rest: `other (1 row)`, `other (3 rows)`.
pub fn folded_label(rows: u64) -> String {
    format!("other ({rows} row{})", if rows == 1 { "" } else { "s" })
}

impl Stats {
    /// Every breakdown, in the order front ends show them: commands, versions, platforms, days.
    pub fn sections(&self) -> Vec<Section<'_>> {
        let n = &self.noise;
        let row = |label, count| plain(label, count, n.row_checks_band, n.installs_band);
        vec![
            section(Dimension::Command, &self.by_command, n, |r| SectionRow {
                command: Some((&r.object, &r.command)),
                ..row(
                    format!("{} {}", r.object, r.command).trim().to_string(),
                    r.count,
                )
            }),
            section(Dimension::Version, &self.by_version, n, |r| {
                row(r.version.clone(), r.count)
            }),
            section(Dimension::Platform, &self.by_platform, n, |r| {
                row(format!("{}/{}", r.os, r.arch), r.count)
            }),
            section(Dimension::Day, &self.per_day, n, |r| {
                let count = Count {
                    checks: r.totals.checks,
                    installs: r.totals.installs,
                };
                plain(r.day.clone(), count, n.day_checks_band, n.installs_band)
            }),
        ]
    }
}

fn plain<'a>(label: String, count: Count, checks_band: u64, installs_band: u64) -> SectionRow<'a> {
    SectionRow {
        label,
        count,
        command: None,
        checks_band,
        installs_band,
    }
}

fn section<'a, R>(
    dimension: Dimension,
    breakdown: &'a Breakdown<R>,
    noise: &super::Noise,
    row: impl Fn(&'a R) -> SectionRow<'a>,
) -> Section<'a> {
    Section {
        dimension,
        rows: breakdown.rows.iter().map(row).collect(),
        other: (breakdown.other_rows > 0).then(|| {
            plain(
                folded_label(breakdown.other_rows),
                breakdown.other,
                noise.row_checks_band,
                noise.installs_band,
            )
        }),
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
