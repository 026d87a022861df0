//! The console's seven tabs, in order.

/// One tab of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Consent and the privacy notice.
    Overview,
    /// The exact request for a typed command line.
    Payload,
    /// The queue.
    Pending,
    /// The sent log.
    Sent,
    /// Channels and the issue form.
    Feedback,
    /// Versions, links and alerts.
    Updates,
    /// The endpoint's public aggregate and this machine's share.
    Stats,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 7] = [
        Tab::Overview,
        Tab::Payload,
        Tab::Pending,
        Tab::Sent,
        Tab::Feedback,
        Tab::Updates,
        Tab::Stats,
    ];

    /// The tab's name.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Payload => "Payload",
            Tab::Pending => "Pending",
            Tab::Sent => "Sent",
            Tab::Feedback => "Feedback",
            Tab::Updates => "Updates",
            Tab::Stats => "Stats",
        }
    }

    /// A short name, for narrow terminals.
    pub fn short(self) -> &'static str {
        match self {
            Tab::Overview => "Over",
            Tab::Payload => "Pay",
            Tab::Pending => "Pend",
            Tab::Sent => "Sent",
            Tab::Feedback => "Feed",
            Tab::Updates => "Upd",
            Tab::Stats => "Stat",
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The tab `by` steps away, wrapping around.
    pub fn step(self, by: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        Tab::ALL[(self.index() as isize + by).rem_euclid(n) as usize]
    }
}
