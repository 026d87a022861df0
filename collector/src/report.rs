//! `gitops-checkpoint report`: the public aggregate as text for a terminal, the same numbers
//! `/v1/stats` serves.
//!
//! Owns the layout only; the numbers come from [`crate::publication`] (releases only), and the
//! rows, their labels and noise bands from the protocol's one reading of them
//! ([`Stats::sections`]). Every noisy count is shown as `about 1 200 ± 40`.

use std::fmt::Write;

use checkpoint_protocol::stats::{Noise, Section, SectionRow, Stats};

/// The stats as tables.
pub fn render(s: &Stats) -> String {
    let mut out = String::new();
    if s.last_released_day.is_empty() {
        let _ = writeln!(
            out,
            "{}: no day released yet; the open UTC day is never included",
            s.product
        );
        return out;
    }
    let _ = writeln!(
        out,
        "{}: {} closed day{} ({} to {}, the last released day); the open day is not included",
        s.product,
        s.days,
        if s.days == 1 { "" } else { "s" },
        s.first_day,
        s.last_day,
    );
    let _ = writeln!(
        out,
        "rows under {} installations after noise are not published; counts carry {} noise \
         (± is its 95 % band; installations add ±{:.1} %)",
        s.noise.threshold.max(s.min_installs),
        if s.noise.mechanism.is_empty() {
            "no"
        } else {
            &s.noise.mechanism
        },
        s.installs_error * 100.0,
    );
    let t = &s.totals;
    let n = &s.noise;
    let _ = writeln!(
        out,
        "installations {}   checks {}   commands {}   update checks {}",
        Noise::about(t.installs, n.installs_band),
        Noise::about(t.checks, n.totals_checks_band),
        Noise::about(t.commands, n.totals_checks_band),
        Noise::about(t.update_checks, n.totals_checks_band),
    );
    for section in s.sections() {
        table(&mut out, &section);
    }
    out
}

fn table(out: &mut String, section: &Section) {
    let title = section.dimension.column();
    let lines: Vec<&SectionRow> = section.rows.iter().chain(&section.other).collect();
    let cells: Vec<(String, String)> = lines
        .iter()
        .map(|r| (r.checks_text(), r.installs_text()))
        .collect();
    let width = lines
        .iter()
        .map(|r| r.label.chars().count())
        .chain([title.len()])
        .max()
        .unwrap_or(0);
    let cw = cells
        .iter()
        .map(|c| c.0.chars().count())
        .chain([10])
        .max()
        .unwrap_or(10);
    let iw = cells
        .iter()
        .map(|c| c.1.chars().count())
        .chain([10])
        .max()
        .unwrap_or(10);
    let _ = writeln!(
        out,
        "\n{title:<width$}  {:>cw$}  {:>iw$}",
        "checks", "installs"
    );
    if lines.is_empty() {
        let _ = writeln!(out, "(none)");
    }
    for (r, (checks, installs)) in lines.iter().zip(&cells) {
        let _ = writeln!(out, "{:<width$}  {checks:>cw$}  {installs:>iw$}", r.label);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkpoint_protocol::stats::{Breakdown, CommandRow, Count, Totals};

    #[test]
    fn tables_with_noise_bands() {
        let s = Stats {
            product: "weave-gitops".into(),
            days: 7,
            first_day: "2026-01-01".into(),
            last_day: "2026-01-07".into(),
            last_released_day: "2026-01-07".into(),
            open_day_excluded: true,
            min_installs: 5,
            installs_error: 0.023,
            totals: Totals {
                checks: 1200,
                commands: 1000,
                update_checks: 200,
                installs: 80,
            },
            by_command: Breakdown {
                rows: vec![CommandRow {
                    object: "add".into(),
                    command: "cluster".into(),
                    count: Count {
                        checks: 1000,
                        installs: 80,
                    },
                }],
                ..Breakdown::default()
            },
            noise: Noise {
                mechanism: "discrete Laplace".into(),
                row_checks_band: 40,
                totals_checks_band: 41,
                installs_band: 12,
                threshold: 70,
                ..Noise::default()
            },
            ..Stats::default()
        };
        let text = render(&s);
        assert!(
            text.starts_with(
                "weave-gitops: 7 closed days (2026-01-01 to 2026-01-07, the last released day); \
                 the open day is not included\nrows under 70 installations"
            ),
            "{text}"
        );
        assert!(
            text.contains("installations about 80 ± 12   checks about 1 200 ± 41"),
            "{text}"
        );
        assert!(
            text.contains("\nCommand                checks       installs\nadd cluster  about 1 000 ± 40  about 80 ± 12\n"),
            "{text}"
        );
        assert!(
            text.contains("\nVersion      checks    installs\n(none)\n"),
            "{text}"
        );
        let none = render(&Stats {
            product: "p".into(),
            ..Stats::default()
        });
        assert_eq!(
            none,
            "p: no day released yet; the open UTC day is never included\n"
        );
    }
}
