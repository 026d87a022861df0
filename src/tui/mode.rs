//! What the console is doing right now, and from it which keys apply.
//!
//! One [`Mode`] at a time: the first-run consent choice, a question, a detail window, the
//! issue form, typing a command line, or browsing the tabs. The key scopes follow from the
//! mode (and, when browsing, the tab) by one `match`, so no key can act in a mode it does not
//! belong to. Detail windows name *what* they show; their text is made from the current state
//! each time they are drawn, so it never goes stale.

use jiff::Timestamp;

use super::keymap::Scope;
use super::tab::Tab;

/// What the console is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The first-run consent choice (allow, deny, decide later).
    ConsentChoice,
    /// A yes/no question.
    Confirm(Question),
    /// A read-only window over the tab.
    Detail {
        /// What it shows.
        what: Detail,
        /// How far it is scrolled.
        scroll: u16,
    },
    /// Keys go to the issue form.
    Form,
    /// Keys go to the command line on the Payload tab.
    Typing,
    /// Moving around the tabs and their lists.
    Browsing,
}

/// The questions the console asks before it deletes anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// Delete all pending events?
    ClearAll,
}

/// What a detail window shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// Every key binding.
    Help,
    /// One pending event, by its id: its exact request and why it waits.
    PendingEvent(String),
    /// One entry of the sent log, by the time it was sent and its URL.
    SentEntry(Timestamp, String),
}

impl Mode {
    /// The key scopes in effect, most specific first.
    pub fn scopes(&self, tab: Tab) -> Vec<Scope> {
        match self {
            Mode::ConsentChoice => vec![Scope::Consent],
            Mode::Confirm(_) => vec![Scope::Question],
            Mode::Detail { .. } => vec![Scope::Overlay],
            Mode::Form => vec![Scope::Form],
            Mode::Typing => vec![Scope::Typing],
            Mode::Browsing => vec![Scope::On(tab), Scope::Screens],
        }
    }
}
