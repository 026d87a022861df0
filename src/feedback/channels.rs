//! The feedback channels: the built-in list and the config's additions.
//!
//! Owns `assets/channels.toml` and the merge with `[[feedback.channels]]` (same id replaces).
//! Nothing here touches a terminal or a browser.

use serde::{Deserialize, Serialize};

use crate::config::ChannelOverride;

/// The built-in channels.
pub const BUILTIN: &str = include_str!("../../assets/channels.toml");

/// One way to reach the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    /// The id used on the command line.
    pub id: String,
    /// The name shown to people.
    pub name: String,
    /// What it is for, in one line.
    pub description: String,
    /// An `https://` address.
    pub url: String,
}

#[derive(Deserialize)]
struct ChannelFile {
    channel: Vec<Channel>,
}

/// There is no channel by that id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no channel {id:?}; the channels are: {}", known.join(", "))]
pub struct UnknownChannel {
    /// The id asked for.
    pub id: String,
    /// The ids there are.
    pub known: Vec<String>,
}

/// The channels in force: the built-in ones with the config's replacements and additions
/// (`[[feedback.channels]]`).
pub fn channels(overrides: &[ChannelOverride]) -> Vec<Channel> {
    let mut list = toml::from_str::<ChannelFile>(BUILTIN)
        .expect("the built-in channels are valid")
        .channel;
    for extra in overrides {
        let existing = list.iter().position(|c| c.id == extra.id);
        let base = existing.map(|i| list[i].clone());
        let channel = Channel {
            id: extra.id.clone(),
            name: extra
                .name
                .clone()
                .or_else(|| base.as_ref().map(|b| b.name.clone()))
                .unwrap_or_else(|| extra.id.clone()),
            description: extra
                .description
                .clone()
                .or_else(|| base.map(|b| b.description))
                .unwrap_or_default(),
            url: extra.url.clone(),
        };
        match existing {
            Some(i) => list[i] = channel,
            None => list.push(channel),
        }
    }
    list
}

/// The channel with `id`, or an error listing the valid ids.
pub fn find(channels: &[Channel], id: &str) -> Result<Channel, UnknownChannel> {
    channels
        .iter()
        .find(|c| c.id == id)
        .cloned()
        .ok_or_else(|| UnknownChannel {
            id: id.to_string(),
            known: channels.iter().map(|c| c.id.clone()).collect(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::config::rules::check_https;

    #[test]
    fn seven_defaults_all_https() {
        let list = channels(&Config::default().feedback.channels);
        let ids: Vec<&str> = list.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "issues",
                "slack-invite",
                "slack-channel",
                "call-pm",
                "call-director",
                "events",
                "privacy"
            ]
        );
        assert!(list.iter().all(|c| check_https(&c.url).is_ok()));
    }

    #[test]
    fn config_replaces_by_id_and_adds() {
        let mut config = Config::default();
        config.feedback.channels = vec![
            ChannelOverride {
                id: "events".into(),
                name: None,
                description: None,
                url: "https://example.com/meet".into(),
            },
            ChannelOverride {
                id: "forum".into(),
                name: Some("Forum".into()),
                description: None,
                url: "https://example.com/f".into(),
            },
        ];
        let list = channels(&config.feedback.channels);
        let events = find(&list, "events").unwrap();
        assert_eq!(
            (events.name.as_str(), events.url.as_str()),
            ("Weave User Group meetups", "https://example.com/meet")
        );
        assert_eq!(list.last().unwrap().id, "forum");
        assert!(
            find(&list, "nope")
                .unwrap_err()
                .to_string()
                .contains("issues, slack-invite")
        );
    }
}
