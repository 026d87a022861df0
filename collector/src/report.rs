//! `gitops-checkpoint report`: the public aggregate as text for a terminal, the same numbers
//! `/v1/stats` serves.
//!
//! Owns the layout only; the numbers come from [`crate::stats`], and the rows and their labels
//! from the protocol's one reading of them ([`Stats::sections`]).

use std::fmt::Write;

use checkpoint_protocol::stats::{Section, SectionRow, Stats};

/// The stats as tables.
pub fn render(s: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} day{} ({} to {}); rows seen by fewer than {} installations are folded into \"other\"",
        s.product,
        s.days,
        if s.days == 1 { "" } else { "s" },
        s.first_day,
        s.last_day,
        s.min_installs
    );
    let t = &s.totals;
    let _ = writeln!(
        out,
        "installations ~{} (±{:.1} %)   checks {}   commands {}   update checks {}",
        t.installs,
        s.installs_error * 100.0,
        t.checks,
        t.commands,
        t.update_checks
    );
    for section in s.sections() {
        table(&mut out, &section);
    }
    out
}

fn table(out: &mut String, section: &Section) {
    let title = section.dimension.column();
    let lines: Vec<&SectionRow> = section.rows.iter().chain(&section.other).collect();
    let width = lines
        .iter()
        .map(|r| r.label.chars().count())
        .chain([title.len()])
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "\n{title:<width$}  {:>10}  {:>10}",
        "checks", "installs"
    );
    if lines.is_empty() {
        let _ = writeln!(out, "(none)");
    }
    for r in lines {
        let (label, c) = (&r.label, r.count);
        let _ = writeln!(out, "{label:<width$}  {:>10}  {:>10}", c.checks, c.installs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkpoint_protocol::stats::{Breakdown, CommandRow, Count, Totals};

    #[test]
    fn tables_with_other() {
        let s = Stats {
            product: "weave-gitops".into(),
            days: 7,
            first_day: "2026-01-01".into(),
            last_day: "2026-01-07".into(),
            min_installs: 5,
            installs_error: 0.023,
            totals: Totals {
                checks: 12,
                commands: 10,
                update_checks: 2,
                installs: 6,
            },
            by_command: Breakdown {
                rows: vec![CommandRow {
                    object: "add".into(),
                    command: "cluster".into(),
                    count: Count {
                        checks: 9,
                        installs: 5,
                    },
                }],
                other: Count {
                    checks: 1,
                    installs: 1,
                },
                other_rows: 1,
            },
            ..Stats::default()
        };
        let text = render(&s);
        assert!(
            text.starts_with("weave-gitops: 7 days (2026-01-01 to 2026-01-07)"),
            "{text}"
        );
        assert!(
            text.contains("installations ~6 (±2.3 %)   checks 12   commands 10   update checks 2")
        );
        assert!(text.contains("\nCommand            checks    installs\nadd cluster             9           5\nother (1 row)           1           1\n"), "{text}");
        assert!(
            text.contains("\nVersion      checks    installs\n(none)\n"),
            "{text}"
        );
    }
}
