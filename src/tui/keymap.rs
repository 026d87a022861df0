//! Every key binding of the console, as one table of data.
//!
//! Owns which key does what where: the footer, the help overlay and the key handling all read
//! [`BINDINGS`]. It decides nothing about state; [`super::app`] turns an [`Action`] into a change.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::tab::Tab;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Leave the console.
    Quit,
    /// Close the overlay, form or detail, or stop typing (never quits).
    Back,
    /// Show or hide the help overlay.
    Help,
    /// Go to a tab.
    GoTo(Tab),
    /// The next tab.
    NextTab,
    /// The previous tab.
    PrevTab,
    /// Move the selection (or scroll) up.
    Up,
    /// Move the selection (or scroll) down.
    Down,
    /// One page up.
    PageUp,
    /// One page down.
    PageDown,
    /// Open or select the thing under the cursor.
    Enter,
    /// Allow telemetry.
    Allow,
    /// Deny telemetry.
    Deny,
    /// Leave the consent choice for later.
    Later,
    /// Delete the selected pending event.
    Delete,
    /// Delete all pending events (asks first).
    ClearAll,
    /// Send what is due, now.
    SendNow,
    /// Send now, what is backing off too.
    SendAll,
    /// Open the selected link in the browser.
    Open,
    /// Copy the selected link (OSC 52).
    Copy,
    /// Start a new issue.
    NewIssue,
    /// Edit the command line on the Payload tab.
    Edit,
    /// Answer yes to a question.
    Yes,
    /// Answer no to a question.
    No,
    /// Next field of the issue form.
    NextField,
    /// Previous field of the issue form.
    PrevField,
    /// Open the issue from the form.
    Submit,
    /// Throw the issue draft away (asks first).
    DiscardDraft,
    /// Show the last message in full.
    Message,
    /// Fetch the endpoint's public aggregate (only when asked).
    FetchAggregate,
    /// Jump to the first row (or the top of the text).
    Top,
    /// Jump to the last row (or the end of the text).
    Bottom,
    /// In a text field: delete from the start of the line to the cursor.
    KillLine,
    /// In a text field: undo the last edit.
    Undo,
    /// In a text field: redo what was undone.
    Redo,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In every mode, text fields included.
    Anywhere,
    /// On every plain screen (no overlay, no text field).
    Screens,
    /// On one tab.
    On(Tab),
    /// On the first-run consent choice.
    Consent,
    /// On a yes/no question.
    Question,
    /// In the issue form (text keys go to the field).
    Form,
    /// While typing in a text field other than the form's.
    Typing,
    /// On a detail view or the help overlay.
    Overlay,
}

/// A key: its code and the modifiers that matter (Shift is folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key code.
    pub code: KeyCode,
    /// Control held.
    pub ctrl: bool,
}

impl Key {
    const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// Control and a character.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    /// The key of a terminal event.
    pub fn from_event(event: &KeyEvent) -> Key {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// How the key is written in the footer and help.
    pub fn label(self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", name.to_uppercase())
        } else {
            name
        }
    }
}

/// One line of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The keys, the first one shown in the footer.
    pub keys: &'static [Key],
    /// What they do.
    pub action: Action,
    /// Where.
    pub scope: Scope,
    /// A word or two for the footer; empty keeps it out of the footer (help still lists it).
    pub hint: &'static str,
    /// How the footer writes the key, when not as the first key's label.
    pub shown: Option<&'static str>,
    /// A sentence for the help overlay.
    pub help: &'static str,
}

const fn bind(
    keys: &'static [Key],
    action: Action,
    scope: Scope,
    hint: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        scope,
        hint,
        help,
        shown: None,
    }
}

/// [`bind`], with the footer writing the key as `shown` (`↑↓` for a pair of bindings).
const fn bind_shown(shown: &'static str, binding: Binding) -> Binding {
    Binding {
        shown: Some(shown),
        ..binding
    }
}

use Action as A;
use KeyCode as K;
use Scope as S;

/// The whole key table. Order matters: the first binding in scope that matches wins, and the
/// footer lists them in this order.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    // In every mode: a way out and a way to help.
    bind(&[Key::ctrl('c')], A::Quit, S::Anywhere, "", "Quit (on the consent choice: decide later)"),
    bind(&[Key::plain(K::F(1))], A::Help, S::Anywhere, "", "All keys (also while typing)"),
    // The first-run consent choice.
    bind(&[Key::ch('a')], A::Allow, S::Consent, "allow", "Allow anonymous usage telemetry"),
    bind(&[Key::ch('d')], A::Deny, S::Consent, "deny", "Deny it; pending events are deleted (asks first)"),
    bind(&[Key::ch('l'), Key::plain(K::Esc)], A::Later, S::Consent, "decide later", "Decide later; nothing is sent meanwhile"),
    bind_shown("↑↓", bind(&[Key::plain(K::Up), Key::ch('k')], A::Up, S::Consent, "scroll", "Scroll the explanation up")),
    bind(&[Key::plain(K::Down), Key::ch('j')], A::Down, S::Consent, "", "Scroll the explanation down"),
    bind(&[Key::ch('?')], A::Help, S::Consent, "help", "All keys"),
    bind(&[Key::ch('q')], A::Quit, S::Consent, "quit", "Quit and decide later"),
    // Questions.
    bind(&[Key::ch('y')], A::Yes, S::Question, "yes", "Answer yes"),
    bind(&[Key::ch('n'), Key::plain(K::Esc)], A::No, S::Question, "no", "Answer no"),
    bind(&[Key::ch('?')], A::Help, S::Question, "", "All keys"),
    // The issue form.
    bind(&[Key::plain(K::Tab)], A::NextField, S::Form, "field", "Next field of the issue form"),
    bind(&[Key::ctrl('u')], A::KillLine, S::Form, "kill line", "Delete to the start of the line"),
    bind(&[Key::ctrl('z')], A::Undo, S::Form, "undo", "Undo the last edit"),
    bind(&[Key::ctrl('r')], A::Redo, S::Form, "", "Redo"),
    bind(&[Key::plain(K::F(2))], A::Message, S::Form, "", "Show the last message in full"),
    bind(&[Key::plain(K::BackTab)], A::PrevField, S::Form, "", "Previous field"),
    bind(&[Key::ctrl('o')], A::Submit, S::Form, "open", "Open the issue in the browser (also Enter on the button)"),
    bind(&[Key::ctrl('y')], A::Copy, S::Form, "copy URL", "Copy the issue's URL (OSC 52)"),
    bind(&[Key::ctrl('d')], A::DiscardDraft, S::Form, "discard", "Throw the draft away (asks first)"),
    bind(&[Key::plain(K::Esc)], A::Back, S::Form, "leave", "Leave the form; the draft is kept, across restarts too"),
    // Typing a command line.
    bind(&[Key::plain(K::Enter), Key::plain(K::Esc)], A::Back, S::Typing, "done", "Stop editing the command line"),
    bind(&[Key::ctrl('u')], A::KillLine, S::Typing, "kill line", "Delete to the start of the line"),
    bind(&[Key::ctrl('z')], A::Undo, S::Typing, "undo", "Undo the last edit"),
    bind(&[Key::ctrl('r')], A::Redo, S::Typing, "", "Redo"),
    bind(&[Key::plain(K::F(2))], A::Message, S::Typing, "", "Show the last message in full"),
    bind(&[Key::plain(K::F(1))], A::Help, S::Typing, "help", "All keys, the editing keys too"),
    // Detail views and help.
    bind_shown("↑↓", bind(&[Key::plain(K::Up), Key::ch('k')], A::Up, S::Overlay, "scroll", "Scroll up")),
    bind(&[Key::plain(K::Down), Key::ch('j')], A::Down, S::Overlay, "", "Scroll down"),
    bind(&[Key::plain(K::PageUp)], A::PageUp, S::Overlay, "", "Scroll one page up"),
    bind(&[Key::plain(K::PageDown), Key::ch(' ')], A::PageDown, S::Overlay, "", "Scroll one page down"),
    bind(&[Key::plain(K::Home), Key::ch('g')], A::Top, S::Overlay, "", "Jump to the top"),
    bind(&[Key::plain(K::End), Key::ch('G')], A::Bottom, S::Overlay, "", "Jump to the end"),
    bind(&[Key::plain(K::Esc), Key::ch('q'), Key::plain(K::Enter), Key::ch('?')], A::Back, S::Overlay, "close", "Close"),
    // Per tab.
    bind(&[Key::ch('a')], A::Allow, S::On(Tab::Overview), "allow", "Allow telemetry (saved in the config file)"),
    bind(&[Key::ch('d')], A::Deny, S::On(Tab::Overview), "deny", "Deny telemetry and delete pending events (asks first)"),
    bind(&[Key::plain(K::Enter), Key::ch('e')], A::Edit, S::On(Tab::Payload), "edit command", "Type a gitops command line to see its request"),
    bind(&[Key::plain(K::Enter)], A::Enter, S::On(Tab::Pending), "request", "Show the exact request of the selected event"),
    bind(&[Key::ch('x'), Key::plain(K::Delete)], A::Delete, S::On(Tab::Pending), "delete", "Delete the selected pending event (asks first)"),
    bind(&[Key::ch('C')], A::ClearAll, S::On(Tab::Pending), "clear all", "Delete all pending events (asks first)"),
    bind(&[Key::ch('s')], A::SendNow, S::On(Tab::Pending), "send now", "Send the events on screen that are due (only with consent)"),
    bind(&[Key::ch('S')], A::SendAll, S::On(Tab::Pending), "send all", "Send the events on screen now, those backing off too"),
    bind(&[Key::plain(K::Enter)], A::Enter, S::On(Tab::Sent), "detail", "Show the selected request and the answer"),
    bind(&[Key::plain(K::Enter), Key::ch('o')], A::Open, S::On(Tab::Feedback), "open", "Open the selected channel in the browser"),
    bind(&[Key::ch('y')], A::Copy, S::On(Tab::Feedback), "copy URL", "Copy the selected channel's URL (OSC 52)"),
    bind(&[Key::ch('i')], A::NewIssue, S::On(Tab::Feedback), "new issue", "Write a GitHub issue (or go on with the draft), reviewed before it opens"),
    bind(&[Key::plain(K::Enter), Key::ch('o')], A::Open, S::On(Tab::Updates), "open", "Open the selected link in the browser"),
    bind(&[Key::ch('y')], A::Copy, S::On(Tab::Updates), "copy URL", "Copy the selected link (OSC 52)"),
    bind(&[Key::ch('r')], A::FetchAggregate, S::On(Tab::Stats), "fetch", "Fetch the endpoint's public stats now (never on its own; not while CHECKPOINT_DISABLE or DO_NOT_TRACK is set)"),
    // Every screen.
    bind_shown("↑↓", bind(&[Key::plain(K::Up), Key::ch('k')], A::Up, S::Screens, "move", "Move up")),
    bind(&[Key::plain(K::Down), Key::ch('j')], A::Down, S::Screens, "", "Move down"),
    bind(&[Key::plain(K::PageUp)], A::PageUp, S::Screens, "", "One page up"),
    bind(&[Key::plain(K::PageDown)], A::PageDown, S::Screens, "", "One page down"),
    bind(&[Key::plain(K::Home), Key::ch('g')], A::Top, S::Screens, "", "Jump to the first row (or the top)"),
    bind(&[Key::plain(K::End), Key::ch('G')], A::Bottom, S::Screens, "", "Jump to the last row (or the end)"),
    bind(&[Key::plain(K::Tab)], A::NextTab, S::Screens, "", "Next tab"),
    bind(&[Key::plain(K::BackTab)], A::PrevTab, S::Screens, "", "Previous tab"),
    bind(&[Key::ch('1')], A::GoTo(Tab::Overview), S::Screens, "", "Overview: consent and the privacy notice"),
    bind(&[Key::ch('2')], A::GoTo(Tab::Payload), S::Screens, "", "Payload: the exact request for a command line"),
    bind(&[Key::ch('3')], A::GoTo(Tab::Pending), S::Screens, "", "Pending: events waiting to be sent"),
    bind(&[Key::ch('4')], A::GoTo(Tab::Sent), S::Screens, "", "Sent: what was sent and the answers"),
    bind(&[Key::ch('5')], A::GoTo(Tab::Feedback), S::Screens, "", "Feedback: channels and a new issue"),
    bind(&[Key::ch('6')], A::GoTo(Tab::Updates), S::Screens, "", "Updates: versions, links and alerts"),
    bind(&[Key::ch('7')], A::GoTo(Tab::Stats), S::Screens, "", "Stats: the endpoint's public aggregate and your share"),
    bind(&[Key::ch('m')], A::Message, S::Screens, "", "Show the last message in full"),
    bind(&[Key::ch('?')], A::Help, S::Screens, "help", "All keys"),
    bind(&[Key::ch('q')], A::Quit, S::Screens, "quit", "Quit"),
];

/// The action for `key` among the bindings in `scopes` (earlier scopes first).
pub fn lookup(scopes: &[Scope], key: Key) -> Option<Action> {
    scopes.iter().find_map(|scope| {
        BINDINGS
            .iter()
            .filter(|b| b.scope == *scope)
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action)
    })
}

/// The footer's hints for `scopes`: each key label with its hint, for the actions `offered`
/// says would do something now.
pub fn hints(scopes: &[Scope], offered: impl Fn(Action) -> bool) -> Vec<(String, &'static str)> {
    scopes
        .iter()
        .flat_map(|scope| BINDINGS.iter().filter(move |b| b.scope == *scope))
        .filter(|b| !b.hint.is_empty() && offered(b.action))
        .map(|b| {
            (
                b.shown.map_or_else(|| b.keys[0].label(), str::to_string),
                b.hint,
            )
        })
        .collect()
}

/// The keys a text field (the command line, the issue's title and body) handles itself, for
/// the help and the docs: they are the text area's, not bindings of the table.
pub const EDITING: &[(&str, &str)] = &[
    ("← → ↑ ↓", "Move the cursor"),
    ("Home End", "Start or end of the line (also Ctrl-A Ctrl-E)"),
    ("Ctrl-← Ctrl-→", "One word left or right (also Alt-B Alt-F)"),
    (
        "Backspace Del",
        "Delete the character before or under the cursor",
    ),
    (
        "Ctrl-W",
        "Delete the word before the cursor (also Alt-Backspace)",
    ),
    ("Ctrl-K", "Delete to the end of the line"),
    ("Enter", "New line in the body; next field in the title"),
];

/// The width of the key column in the help overlay.
pub const KEY_COLUMN: usize = 18;

/// The help overlay's text: every binding, grouped by where it applies, with all its keys.
pub fn help_lines() -> Vec<String> {
    let mut groups: Vec<(String, Scope)> = vec![
        ("In every mode".into(), Scope::Anywhere),
        ("On every tab".into(), Scope::Screens),
    ];
    groups.extend(
        Tab::ALL
            .iter()
            .map(|t| (format!("{} tab", t.title()), Scope::On(*t))),
    );
    groups.extend([
        ("Issue form".into(), Scope::Form),
        ("Typing a command line".into(), Scope::Typing),
        ("First-run consent choice".into(), Scope::Consent),
        ("Questions".into(), Scope::Question),
        ("Details and this help".into(), Scope::Overlay),
    ]);
    let mut lines = Vec::new();
    for (title, scope) in groups {
        lines.push(title);
        for b in BINDINGS.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            lines.push(format!("  {:<KEY_COLUMN$} {}", keys.join(" "), b.help));
        }
        lines.push(String::new());
    }
    lines.push("Editing text (the command line, the issue's title and body)".into());
    for (keys, help) in EDITING {
        lines.push(format!("  {keys:<KEY_COLUMN$} {help}"));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earlier_scopes_win() {
        let key = Key::ch('a');
        assert_eq!(
            lookup(&[Scope::Consent, Scope::Screens], key),
            Some(Action::Allow)
        );
        assert_eq!(
            lookup(&[Scope::On(Tab::Pending), Scope::Screens], Key::ch('q')),
            Some(Action::Quit)
        );
        assert_eq!(lookup(&[Scope::Typing], Key::ch('q')), None);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_scope() {
        for b in BINDINGS {
            for other in BINDINGS.iter().filter(|o| o.scope == b.scope) {
                if std::ptr::eq(b, other) {
                    continue;
                }
                for k in b.keys {
                    assert!(
                        !other.keys.contains(k),
                        "{} is bound twice in {:?}",
                        k.label(),
                        b.scope
                    );
                }
            }
        }
    }
}
