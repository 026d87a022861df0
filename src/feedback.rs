//! The feedback channels: the built-in list, the config's additions, and URL rules.
//!
//! Owns `assets/channels.toml` and the merge with `[[feedback.channels]]` (same id replaces).
//! Opening lives in [`open`], issue links in [`issue`]. Nothing here touches a terminal.

pub mod issue;
pub mod open;

use serde::{Deserialize, Serialize};

use crate::config::Config;

/// The built-in channels.
pub const BUILTIN: &str = include_str!("../assets/channels.toml");

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

/// The channels in force: the built-in ones with the config's replacements and additions.
pub fn channels(config: &Config) -> Vec<Channel> {
    let mut list = toml::from_str::<ChannelFile>(BUILTIN)
        .expect("the built-in channels are valid")
        .channel;
    for extra in &config.feedback.channels {
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
pub fn find(channels: &[Channel], id: &str) -> Result<Channel, String> {
    channels
        .iter()
        .find(|c| c.id == id)
        .cloned()
        .ok_or_else(|| {
            let ids: Vec<&str> = channels.iter().map(|c| c.id.as_str()).collect();
            format!(
                "there is no channel {id:?}; the channels are: {}",
                ids.join(", ")
            )
        })
}

/// Accepts only `https://` URLs with a host.
pub fn check_channel_url(url: &str) -> Result<(), String> {
    match url::Url::parse(url) {
        Ok(u) if u.scheme() == "https" && u.host().is_some() => Ok(()),
        Ok(u) => Err(format!(
            "only https:// addresses can be opened, not {}://",
            u.scheme()
        )),
        Err(e) => Err(format!("not a URL ({e})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ChannelOverride;

    #[test]
    fn seven_defaults_all_https() {
        let list = channels(&Config::default());
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
        assert!(list.iter().all(|c| check_channel_url(&c.url).is_ok()));
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
        let list = channels(&config);
        let events = find(&list, "events").unwrap();
        assert_eq!(
            (events.name.as_str(), events.url.as_str()),
            ("Weave User Group meetups", "https://example.com/meet")
        );
        assert_eq!(list.last().unwrap().id, "forum");
        assert!(
            find(&list, "nope")
                .unwrap_err()
                .contains("issues, slack-invite")
        );
    }

    #[test]
    fn only_https() {
        assert!(
            check_channel_url("http://example.com")
                .unwrap_err()
                .contains("http://")
        );
        assert!(check_channel_url("file:///etc/passwd").is_err());
        assert!(check_channel_url("https://example.com").is_ok());
    }
}
