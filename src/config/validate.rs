//! Checks on values that parse but are not acceptable, each naming key and value.

use std::path::Path;

use super::rules::check_https;
use super::{Config, ConfigError};

/// The most events `[telemetry] max_pending` may keep.
pub const MAX_PENDING: usize = 1_000_000;

pub(super) fn check(config: &Config, path: &Path) -> Result<(), ConfigError> {
    let invalid = |key: &str, value: &str, reason: &str| ConfigError::Invalid {
        path: path.to_path_buf(),
        key: key.into(),
        value: value.into(),
        reason: reason.into(),
    };
    // The endpoint was checked as it was read (`rules::Endpoint`), with its line.
    let t = &config.telemetry;
    let product_ok = !t.product.is_empty()
        && t.product
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if !product_ok {
        return Err(invalid(
            "telemetry.product",
            &t.product,
            "use letters, digits, '-', '_' or '.'",
        ));
    }
    if !(1..=MAX_PENDING).contains(&t.max_pending) {
        return Err(invalid(
            "telemetry.max_pending",
            &t.max_pending.to_string(),
            &format!("use a number from 1 to {MAX_PENDING}"),
        ));
    }
    let repo = &config.feedback.repository;
    let mut parts = repo.split('/');
    let repo_ok = matches!((parts.next(), parts.next(), parts.next()),
        (Some(o), Some(n), None) if !o.is_empty() && !n.is_empty());
    if !repo_ok {
        return Err(invalid(
            "feedback.repository",
            repo,
            "write it as owner/name",
        ));
    }
    for channel in &config.feedback.channels {
        if let Err(reason) = check_https(&channel.url) {
            let key = format!("feedback.channels[id = {:?}].url", channel.id);
            return Err(invalid(&key, &channel.url, &reason.to_string()));
        }
        if channel.id.is_empty() || channel.id.contains(char::is_whitespace) {
            return Err(invalid(
                "feedback.channels.id",
                &channel.id,
                "use one word, like \"forum\"",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{DEFAULT_ENDPOINT, rules::check_endpoint};

    /// `rules::Endpoint::parse` does not check the built-in endpoint, so it must pass the rule
    /// it skips.
    #[test]
    fn the_builtin_endpoint_passes_the_endpoint_rule() {
        assert!(check_endpoint(DEFAULT_ENDPOINT).is_ok());
    }
}
