//! Small pieces of wording both front ends use, so the CLI and the console cannot drift apart:
//! counts with their plurals and times as shown to people, and [`printable`], the one filter
//! every string from a file or a server passes before it reaches a terminal, and the bars and
//! sparklines both draw charts with.
//!
//! Sentences about one thing (a consent change, a send, a sent entry) are `Display` impls
//! beside their types; this module holds only what they all share. No I/O.

use std::borrow::Cow;

use jiff::Timestamp;

/// `text` safe to put on a terminal: without control characters (C0, DEL, C1: so no escape
/// sequence, OSC 52 clipboard write or screen clear survives, and no newline can fake a line)
/// and without the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) that
/// make text read in another order than it is stored. Every string both front ends show
/// that comes from a file or the network goes through this.
pub fn printable(text: &str) -> Cow<'_, str> {
    fn hidden(c: char) -> bool {
        c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }
    if text.chars().any(hidden) {
        Cow::Owned(text.chars().filter(|c| !hidden(*c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// `""` for one, `"s"` otherwise.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `n` and `noun`, with the plural when it needs one: "1 pending event", "3 pending events".
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", plural(n))
}

/// A time as both front ends show it: UTC, to the second.
pub fn time(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M:%S").to_string()
}

/// A duration as people write it: "30 days", "1 hour", "90 seconds", "1 day 12 hours" (the
/// two largest units, no abbreviations).
pub fn duration(d: std::time::Duration) -> String {
    const UNITS: [(u64, &str); 4] = [
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
        (1, "second"),
    ];
    let mut left = d.as_secs();
    if left == 0 {
        return format!("{} ms", d.as_millis());
    }
    let mut parts = Vec::new();
    for (size, name) in UNITS {
        if left >= size && parts.len() < 2 {
            let n = left / size;
            left %= size;
            parts.push(count(n as usize, name));
        } else if !parts.is_empty() {
            break;
        }
    }
    parts.join(" ")
}

/// A horizontal bar of `value` against `max`, at most `width` cells, drawn with the eighth
/// blocks (`█▉▊▋▌▍▎▏`) so small differences still show; a non-zero value is never empty.
pub fn bar(value: u64, max: u64, width: usize) -> String {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    if max == 0 || width == 0 || value == 0 {
        return String::new();
    }
    let eighths = (u128::from(value.min(max)) * width as u128 * 8 / u128::from(max)).max(1);
    let (full, part) = ((eighths / 8) as usize, (eighths % 8) as usize);
    let mut out = "█".repeat(full);
    if part > 0 {
        out.push(PARTS[part]);
    }
    out
}

/// One cell per value, `▁` to `█` against the largest; zero is a space.
pub fn sparkline(values: &[u64]) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if v == 0 || max == 0 {
                ' '
            } else {
                LEVELS[(u128::from(v) * 7 / u128::from(max)) as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_removes_escapes_and_direction_overrides() {
        assert_eq!(printable("plain 0.7.0 ✓"), "plain 0.7.0 ✓");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\u{1b}]52;c;ZXZpbA==\u{7}b\u{1b}[2J\u{9b}c\nd\u{7f}"),
            "a]52;c;ZXZpbA==b[2Jcd"
        );
        assert_eq!(
            printable("user\u{202E}gpj.exe\u{2066}x\u{2069}"),
            "usergpj.exex"
        );
    }

    #[test]
    fn bars_and_sparklines() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██");
        assert_eq!(bar(1, 1000, 4), "▏");
        assert_eq!(bar(0, 10, 4), "");
        assert_eq!(bar(3, 8, 1), "▍");
        assert_eq!(bar(u64::MAX, u64::MAX, 3), "███");
        assert_eq!(sparkline(&[0, 1, 7, 14]), " ▁▄█");
        assert_eq!(sparkline(&[]), "");
        assert_eq!(sparkline(&[0, 0]), "  ");
    }

    #[test]
    fn counts_and_times() {
        assert_eq!(count(1, "pending event"), "1 pending event");
        assert_eq!(count(0, "file"), "0 files");
        assert_eq!(time(Timestamp::UNIX_EPOCH), "1970-01-01 00:00:00");
        let d = std::time::Duration::from_secs;
        assert_eq!(duration(d(30 * 86_400)), "30 days");
        assert_eq!(duration(d(3_600)), "1 hour");
        assert_eq!(duration(d(90)), "1 minute 30 seconds");
        assert_eq!(duration(d(86_400 + 7_200 + 5)), "1 day 2 hours");
        assert_eq!(duration(std::time::Duration::from_millis(250)), "250 ms");
    }
}
