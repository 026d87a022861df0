//! Small pieces of wording both front ends use, so the CLI and the console cannot drift apart:
//! counts with their plurals and times as shown to people.
//!
//! Sentences about one thing (a consent change, a send, a sent entry) are `Display` impls
//! beside their types; this module holds only what they all share. No I/O.

use jiff::Timestamp;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_times() {
        assert_eq!(count(1, "pending event"), "1 pending event");
        assert_eq!(count(0, "file"), "0 files");
        assert_eq!(time(Timestamp::UNIX_EPOCH), "1970-01-01 00:00:00");
    }
}
