//! The terminal's life while the console runs: raw mode and the alternate screen, restored on
//! every way out.
//!
//! Mouse capture is on while the console runs (the wheel scrolls, clicks select); most
//! terminals still select text with Shift held. [`Terminal::enter`] uses [`ratatui::init()`], whose panic hook restores the terminal before
//! the panic message prints; dropping the guard restores it on every other exit (returns,
//! errors, unwinding).

use std::ops::{Deref, DerefMut};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::DefaultTerminal;

/// The console's terminal; restored when dropped.
pub struct Terminal {
    inner: DefaultTerminal,
}

impl Terminal {
    /// Enters raw mode and the alternate screen, with bracketed paste (a paste arrives as one
    /// piece of text, never as keys).
    pub fn enter() -> Terminal {
        let inner = ratatui::init();
        let _ = crossterm::execute!(std::io::stdout(), EnableBracketedPaste, EnableMouseCapture);
        Terminal { inner }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = crossterm::execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        ratatui::restore();
    }
}

impl Deref for Terminal {
    type Target = DefaultTerminal;
    fn deref(&self) -> &DefaultTerminal {
        &self.inner
    }
}

impl DerefMut for Terminal {
    fn deref_mut(&mut self) -> &mut DefaultTerminal {
        &mut self.inner
    }
}
