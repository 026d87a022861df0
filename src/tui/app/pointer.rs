//! What does not come as a key: the mouse (wheel, clicks, double-clicks) and pasted text.
//!
//! Each becomes the same change a key would make, so nothing needs the mouse, and a paste
//! is text in the field being typed in, never keys.

use std::time::{Duration, Instant};

use super::form::one_line;
use super::{App, Effect, Hit};
use crate::tui::keymap::Action;
use crate::tui::mode::Mode;
use crate::tui::tab::Tab;

/// Two clicks on the same thing within this time open it.
pub const DOUBLE_CLICK: Duration = Duration::from_millis(400);

impl App {
    /// Whether the wheel moves a selection (one row a notch) rather than scrolling text.
    pub(super) fn in_a_list(&self) -> bool {
        self.view.mode == Mode::Browsing
            && matches!(
                self.view.tab,
                Tab::Pending | Tab::Sent | Tab::Feedback | Tab::Updates
            )
    }

    /// A click selects; a second click on the same thing within [`DOUBLE_CLICK`] opens it, as
    /// Enter would.
    pub(super) fn click(&mut self, hit: Hit, at: Instant) -> Vec<Effect> {
        let double = self
            .last_click
            .is_some_and(|(last, when)| last == hit && at.duration_since(when) <= DOUBLE_CLICK);
        self.last_click = Some((hit, at));
        if self.view.mode != Mode::Browsing {
            return Vec::new();
        }
        match hit {
            Hit::Tab(tab) => self.view.tab = tab,
            Hit::Row(row) => {
                let sel = &mut self.view.selected;
                match self.view.tab {
                    Tab::Pending => sel.pending = row,
                    Tab::Sent => sel.sent = row,
                    Tab::Feedback => sel.channel = row,
                    Tab::Updates => sel.link = row,
                    Tab::Overview | Tab::Payload | Tab::Stats => return Vec::new(),
                }
                self.clamp_selections();
                if double {
                    return match self.view.tab {
                        Tab::Feedback | Tab::Updates => self.act(Action::Open),
                        _ => self.act(Action::Enter),
                    };
                }
            }
        }
        Vec::new()
    }

    /// Pasted text goes into the field being typed in, as one edit; elsewhere it is ignored,
    /// so a pasted line break can never act as Enter, nor a pasted `q` as quit.
    pub(super) fn paste(&mut self, text: &str) {
        match self.view.mode {
            Mode::Typing => {
                self.input.command.insert_str(one_line(text));
            }
            Mode::Form => {
                if let Some(form) = &mut self.input.form {
                    let before = form.draft();
                    form.paste(text);
                    self.draft_unsaved |= form.draft() != before;
                }
            }
            _ => {}
        }
    }
}
