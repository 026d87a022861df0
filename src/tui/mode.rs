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
    Confirm {
        /// The question.
        question: Question,
        /// The mode to return to.
        back: Box<Mode>,
    },
    /// A read-only window over the tab.
    Detail {
        /// What it shows.
        what: Detail,
        /// How far it is scrolled.
        scroll: u16,
        /// The mode to return to.
        back: Box<Mode>,
    },
    /// Keys go to the issue form.
    Form,
    /// Keys go to the command line on the Payload tab.
    Typing,
    /// Moving around the tabs and their lists.
    Browsing,
}

/// The questions the console asks before it deletes anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// Delete all pending events?
    ClearAll,
    /// Delete this pending event (by id)?
    Delete(String),
    /// Deny telemetry, deleting this many pending events?
    Deny(usize),
    /// Throw the issue draft away?
    DiscardDraft,
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
    /// The last status message, in full.
    Message,
}

impl Mode {
    /// The key scopes in effect, most specific first; [`Scope::Anywhere`] is always last.
    pub fn scopes(&self, tab: Tab) -> Vec<Scope> {
        let mut scopes = match self {
            Mode::ConsentChoice => vec![Scope::Consent],
            Mode::Confirm { .. } => vec![Scope::Question],
            Mode::Detail { .. } => vec![Scope::Overlay],
            Mode::Form => vec![Scope::Form],
            Mode::Typing => vec![Scope::Typing],
            Mode::Browsing => vec![Scope::On(tab), Scope::Screens],
        };
        scopes.push(Scope::Anywhere);
        scopes
    }

    /// The mode a window returns to when it closes.
    pub fn back(&self) -> Mode {
        match self {
            Mode::Confirm { back, .. } | Mode::Detail { back, .. } => (**back).clone(),
            _ => Mode::Browsing,
        }
    }

    /// The mode a window opened now returns to: this one, or, when this is a window itself,
    /// the one it returns to (windows do not stack).
    pub fn back_to(&self) -> Mode {
        match self {
            Mode::Confirm { .. } | Mode::Detail { .. } => self.back(),
            other => other.clone(),
        }
    }
}
