//! Which keys would do something here and now, so the footer offers only those.

use super::App;
use crate::consent::Consent;
use crate::tui::keymap::Action;
use crate::tui::tab::Tab;

impl App {
    /// Whether `action` would do something here and now, so the footer offers only keys that
    /// do: no `a allow` when allowed, no `Enter` on an empty list, no `s` where only `S`
    /// sends (every event on screen is backing off).
    pub fn offers(&self, action: Action) -> bool {
        let consent = self.facts.decision.consent;
        let pending = self.data.as_ref().map(|d| &d.pending);
        let events = pending.map_or(0, |p| p.len());
        let backing_off =
            |e: &&crate::telemetry::event::Event| e.next_attempt.is_some_and(|t| t > self.view.now);
        let held = pending.map_or(&[][..], |p| p.events.as_slice());
        if self.view.mode == crate::tui::mode::Mode::Form {
            // In the title or the body the footer shows the editing keys; elsewhere in the
            // form, what the form does with the issue.
            let typing = self
                .input
                .form
                .as_ref()
                .is_some_and(|f| matches!(f.focus, super::Field::Title | super::Field::Body));
            return match action {
                Action::KillLine | Action::Undo => typing,
                Action::Copy | Action::DiscardDraft => !typing,
                _ => true,
            };
        }
        match (self.view.tab, action) {
            (_, Action::Allow) => consent != Consent::Granted,
            (_, Action::Deny) => consent != Consent::Denied,
            (Tab::Pending, Action::Enter | Action::Delete | Action::ClearAll) => events > 0,
            (Tab::Pending, Action::SendNow) => {
                events > 0 && (held.is_empty() || held.iter().any(|e| !backing_off(&e)))
            }
            (Tab::Pending, Action::SendAll) => held.iter().any(|e| backing_off(&e)),
            (Tab::Sent, Action::Enter) => self.data.as_ref().is_some_and(|d| !d.sent.is_empty()),
            (Tab::Updates, Action::Open | Action::Copy) => !self.links().is_empty(),
            // The last entry of the channel list is the issue form, which has no URL yet.
            (Tab::Feedback, Action::Copy) => self.view.selected.channel < self.facts.channels.len(),
            _ => true,
        }
    }
}
