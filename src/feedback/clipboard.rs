//! Copying text through the terminal: the OSC 52 sequence, which works over SSH too.
//!
//! Only builds the sequence; the front end writes it to its terminal.

use base64::Engine;

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    format!(
        "\x1b]52;c;{}\x07",
        base64::engine::general_purpose::STANDARD.encode(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_sequence() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
    }
}
