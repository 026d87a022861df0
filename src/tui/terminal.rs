//! The terminal's life while the console runs: raw mode and the alternate screen, restored on
//! every way out.
//!
//! [`Terminal::enter`] uses [`ratatui::init()`], whose panic hook restores the terminal before
//! the panic message prints; dropping the guard restores it on every other exit (returns,
//! errors, unwinding).

use std::ops::{Deref, DerefMut};

use ratatui::DefaultTerminal;

/// The console's terminal; restored when dropped.
pub struct Terminal {
    inner: DefaultTerminal,
}

impl Terminal {
    /// Enters raw mode and the alternate screen.
    pub fn enter() -> Terminal {
        Terminal {
            inner: ratatui::init(),
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
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
