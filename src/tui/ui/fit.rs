//! Making text fit the cells it is given: wrapping (with a hanging indent, breaking long
//! queries after `&`), cutting with `…`, and the widths a table gives its columns. Text passes
//! [`printable`] on its way, so nothing read from a file or a server (escape sequences,
//! bidirectional overrides) reaches the terminal as it was written.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;

use crate::text::printable;

/// [`wrap`]ped text as styled lines.
pub fn wrapped(text: &str, width: u16, hang: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width as usize, hang)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// Wraps `text` to `width` columns. Continuation lines are indented by `hang` columns; a word
/// longer than the room left is split where the line ends, so a URL fills whole lines
/// instead of leaving a short word alone above it.
pub fn wrap(text: &str, width: usize, hang: usize) -> Vec<String> {
    let text = printable(text);
    let text = text.as_ref();
    let width = width.max(hang + 8);
    let body = text.trim_start();
    let mut lines = Vec::new();
    let mut line = text[..text.len() - body.len()].to_string();
    // Columns used on the current line, and where its words start.
    let mut used = line.len();
    let mut start = used;
    for word in body.split(' ') {
        let mut rest: Vec<char> = word.chars().collect();
        let gap = usize::from(used > start);
        let fits = used + gap + rest.len() <= width;
        if !fits && rest.len() <= width - hang {
            lines.push(std::mem::replace(&mut line, " ".repeat(hang)));
            (used, start) = (hang, hang);
        } else if gap == 1 && used + 1 < width {
            line.push(' ');
            used += 1;
        }
        loop {
            let mut take = (width - used).min(rest.len());
            if take < rest.len() {
                // Break a long query after an `&` rather than inside a word.
                if let Some(amp) = rest[..take].iter().rposition(|c| *c == '&')
                    && amp + 1 >= take / 3
                {
                    take = amp + 1;
                }
            }
            line.extend(rest.drain(..take));
            used += take;
            if rest.is_empty() {
                break;
            }
            lines.push(std::mem::replace(&mut line, " ".repeat(hang)));
            (used, start) = (hang, hang);
        }
    }
    lines.push(line);
    lines
}

/// `text` cut to `width` columns, ending in `…` when something was cut.
pub fn ellipsize(text: &str, width: usize) -> String {
    let text = printable(text);
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    if width > 0 {
        cut.push('…');
    }
    cut
}

/// The widths `constraints` give columns in `width` cells, one cell apart (as a table lays
/// them out), so cells can be cut to fit before they are drawn.
pub fn column_widths(width: u16, constraints: &[Constraint]) -> Vec<usize> {
    Layout::horizontal(constraints.iter().copied())
        .spacing(1)
        .split(Rect::new(0, 0, width, 1))
        .iter()
        .map(|r| r.width as usize)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_break_after_an_ampersand() {
        assert_eq!(
            wrap(
                "  GET /v1/check/p?arch=amd64&flag_command=cluster&os=linux",
                40,
                2
            ),
            [
                "  GET /v1/check/p?arch=amd64&",
                "  flag_command=cluster&os=linux"
            ]
        );
    }

    #[test]
    fn nothing_from_a_file_reaches_the_terminal_raw() {
        let hostile = "get\u{1b}]52;c;ZXZpbA==\u{7} \u{202e}ppa\u{1b}[2J";
        assert_eq!(ellipsize(hostile, 80), "get]52;c;ZXZpbA== ppa[2J");
        assert_eq!(wrap(hostile, 80, 0), ["get]52;c;ZXZpbA== ppa[2J"]);
    }

    #[test]
    fn cut_text_ends_in_an_ellipsis() {
        assert_eq!(ellipsize("newest version 0.7.0", 17), "newest version 0…");
        assert_eq!(ellipsize("short", 17), "short");
        assert_eq!(
            column_widths(20, &[Constraint::Length(5), Constraint::Fill(1)]),
            [5, 14]
        );
    }

    #[test]
    fn wraps_words_with_a_hanging_indent() {
        assert_eq!(
            wrap("   one two three four", 12, 3),
            ["   one two", "   three", "   four"]
        );
    }

    #[test]
    fn long_words_fill_the_line_they_start_on() {
        assert_eq!(
            wrap("  GET /abcdefghijklmnopqrstuvwxyz HTTP/1.1", 16, 2),
            ["  GET /abcdefghi", "  jklmnopqrstuvw", "  xyz HTTP/1.1"]
        );
    }

    #[test]
    fn short_text_is_one_line() {
        assert_eq!(wrap(" hello", 80, 1), [" hello"]);
    }
}
