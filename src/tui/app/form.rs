//! The issue form: kind, title, multi-line body, the diagnostics toggle and the button.
//!
//! Owns the form's fields and focus and how a key edits them. The final title, body and URL
//! come from [`crate::feedback::issue::build`], the same function `gitops feedback issue` uses.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use crate::feedback::issue::{self, Diagnostics, Draft, Issue, Kind};

/// The field that has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Bug, feature or docs.
    Kind,
    /// One line of title.
    Title,
    /// The body text.
    Body,
    /// Whether the Environment section is added.
    Diagnostics,
    /// The button that opens the issue.
    Open,
}

impl Field {
    const ORDER: [Field; 5] = [
        Field::Kind,
        Field::Title,
        Field::Body,
        Field::Diagnostics,
        Field::Open,
    ];

    fn step(self, by: isize) -> Field {
        let i = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0) as isize;
        Self::ORDER[(i + by).rem_euclid(Self::ORDER.len() as isize) as usize]
    }
}

/// What a key did in the form, beyond editing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// The key was taken by the form.
    Handled,
    /// The user asked to open the issue.
    Submit,
}

/// The state of the issue form.
#[derive(Debug, Clone)]
pub struct IssueForm {
    /// The kind of issue.
    pub kind: Kind,
    /// The title field.
    pub title: TextArea<'static>,
    /// The body field.
    pub body: TextArea<'static>,
    /// Whether the Environment section is added.
    pub diagnostics: bool,
    /// The focused field.
    pub focus: Field,
}

impl Default for IssueForm {
    fn default() -> IssueForm {
        let mut title = TextArea::default();
        title.set_placeholder_text("A short summary");
        let mut body = TextArea::default();
        body.set_placeholder_text("What happened, what you expected, how to reproduce it");
        // Long lines wrap at words (a long word at the edge), never scroll sideways.
        body.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        IssueForm {
            kind: Kind::Bug,
            title,
            body,
            diagnostics: true,
            focus: Field::Title,
        }
    }
}

impl IssueForm {
    /// A form holding a saved draft, the cursor at the end of the title.
    pub fn from_draft(draft: &Draft) -> IssueForm {
        let mut form = IssueForm {
            kind: draft.kind,
            diagnostics: draft.diagnostics,
            ..IssueForm::default()
        };
        form.title.insert_str(&draft.title);
        form.body.insert_str(&draft.body);
        form
    }

    /// What the user has written so far.
    pub fn draft(&self) -> Draft {
        Draft {
            kind: self.kind,
            title: self.title.lines().join(" "),
            body: self.body.lines().join("\n"),
            diagnostics: self.diagnostics,
        }
    }

    /// The issue as it would open now.
    pub fn build(&self, repository: &str, diagnostics: &Diagnostics) -> Issue {
        issue::build(repository, &self.draft(), diagnostics)
    }

    /// Inserts pasted text into the focused text field as one edit: in the title, line breaks
    /// become spaces; elsewhere a paste does nothing.
    pub fn paste(&mut self, text: &str) {
        match self.focus {
            Field::Title => {
                self.title.insert_str(one_line(text));
            }
            Field::Body => {
                self.body
                    .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
            }
            _ => {}
        }
    }

    /// Moves the focus by `by` fields.
    pub fn move_focus(&mut self, by: isize) {
        self.focus = self.focus.step(by);
    }

    /// Changes the value of the focused choice field.
    fn toggle(&mut self, forward: bool) {
        match self.focus {
            Field::Kind => {
                let i = Kind::ALL.iter().position(|k| *k == self.kind).unwrap_or(0);
                let n = Kind::ALL.len();
                self.kind = Kind::ALL[if forward {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                }];
            }
            Field::Diagnostics => self.diagnostics = !self.diagnostics,
            _ => {}
        }
    }

    /// Handles a key that is not in the key table for the form.
    pub fn key(&mut self, event: KeyEvent) -> FormKey {
        match (self.focus, event.code) {
            (Field::Title, KeyCode::Enter) | (Field::Kind | Field::Diagnostics, KeyCode::Enter) => {
                self.move_focus(1);
            }
            (Field::Title, _) => {
                self.title.input(event);
            }
            (Field::Body, _) => {
                self.body.input(event);
            }
            (Field::Kind | Field::Diagnostics, KeyCode::Char(' ') | KeyCode::Right) => {
                self.toggle(true)
            }
            (Field::Kind | Field::Diagnostics, KeyCode::Left) => self.toggle(false),
            (_, KeyCode::Up) => self.move_focus(-1),
            (_, KeyCode::Down) => self.move_focus(1),
            (Field::Open, KeyCode::Enter) => return FormKey::Submit,
            _ => {}
        }
        FormKey::Handled
    }
}

/// `text` on one line: each run of line breaks becomes one space.
pub fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn diagnostics() -> Diagnostics {
        Diagnostics {
            version: "1.0.0".into(),
            platform: "linux/amd64".into(),
            terminal: "xterm".into(),
            telemetry: "undecided".into(),
        }
    }

    #[test]
    fn typing_fills_title_and_body() {
        let mut form = IssueForm::default();
        for c in "Crash".chars() {
            form.key(key(KeyCode::Char(c)));
        }
        form.key(key(KeyCode::Enter));
        assert_eq!(form.focus, Field::Body);
        for c in "a&b".chars() {
            form.key(key(KeyCode::Char(c)));
        }
        form.key(key(KeyCode::Enter));
        form.key(key(KeyCode::Char('c')));
        let issue = form.build("o/r", &diagnostics());
        assert_eq!(issue.title, "Crash");
        assert!(issue.body.starts_with("a&b\nc\n"), "{}", issue.body);
        assert!(issue.body.contains("linux/amd64"));
        assert!(
            issue.url.contains("title=Crash&body=a%26b%0Ac"),
            "{}",
            issue.url
        );
    }

    #[test]
    fn choices_toggle_and_submit_from_the_button() {
        let mut form = IssueForm {
            focus: Field::Kind,
            ..IssueForm::default()
        };
        form.key(key(KeyCode::Right));
        assert_eq!(form.kind, Kind::Feature);
        form.key(key(KeyCode::Left));
        form.key(key(KeyCode::Left));
        assert_eq!(form.kind, Kind::Docs);
        form.move_focus(3);
        assert_eq!(form.focus, Field::Diagnostics);
        form.key(key(KeyCode::Char(' ')));
        assert!(!form.diagnostics);
        let issue = form.build("o/r", &diagnostics());
        assert!(!issue.body.contains("Environment"));
        assert_eq!(form.key(key(KeyCode::Enter)), FormKey::Handled);
        assert_eq!(form.focus, Field::Open);
        assert_eq!(form.key(key(KeyCode::Enter)), FormKey::Submit);
    }
}

#[cfg(test)]
mod paste_tests {
    use super::*;

    #[test]
    fn a_paste_is_one_edit_and_a_draft_round_trips() {
        let mut form = IssueForm::default();
        form.paste("get clusters\nq");
        assert_eq!(form.title.lines(), ["get clusters q"]);
        form.focus = Field::Body;
        let big = "line\n".repeat(2000);
        form.paste(&big);
        assert_eq!(form.body.lines().len(), 2001);
        let again = IssueForm::from_draft(&form.draft());
        assert_eq!(again.draft(), form.draft());
    }
}
