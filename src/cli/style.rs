//! Colour and terminal facts for CLI output: colour only on a terminal and without `NO_COLOR`.

use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

use crate::config::Env;
use crate::consent::Consent;

/// Whether standard output is a terminal.
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Whether both standard input and output are terminals: the only time we may ask a question.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Paints text for standard output, or leaves it plain.
#[derive(Debug, Clone, Copy)]
pub struct Painter {
    on: bool,
}

impl Painter {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset or empty.
    pub fn stdout(env: &Env) -> Painter {
        Painter {
            on: stdout_is_terminal() && env.non_empty("NO_COLOR").is_none(),
        }
    }

    /// `text` in `style`.
    pub fn paint(self, text: &str, style: Style) -> String {
        if self.on {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    /// Bold.
    pub fn bold(self, text: &str) -> String {
        self.paint(text, Style::new().bold())
    }

    /// Dimmed.
    pub fn dim(self, text: &str) -> String {
        self.paint(text, Style::new().dimmed())
    }

    /// The consent word in its colour.
    pub fn consent(self, consent: Consent) -> String {
        let colour = match consent {
            Consent::Granted => AnsiColor::Green,
            Consent::Denied => AnsiColor::Red,
            Consent::Undecided => AnsiColor::Yellow,
        };
        self.paint(
            consent.label(),
            Style::new().fg_color(Some(colour.into())).bold(),
        )
    }
}
