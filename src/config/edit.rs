//! The one edit the tool makes to the user's config file: the consent key.
//!
//! Through `toml_edit`, so every other byte of the file (comments, layout, order) survives;
//! written atomically. A file that does not parse is never rewritten.

use std::path::Path;

use super::{Config, ConfigError, ConsentSetting};

/// Sets (or, with `None`, removes) `[telemetry] consent` in the file at `path`, keeping every
/// other byte of the file, and writes it atomically. A file that does not parse is left alone.
pub fn write_consent(path: &Path, consent: Option<ConsentSetting>) -> Result<(), ConfigError> {
    let text = match crate::fsutil::read_user_file(path, crate::fsutil::CONFIG_LIMIT) {
        Ok(text) => text.unwrap_or_default(),
        Err(source) => {
            return Err(ConfigError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    // Refuse to rewrite a file that is not valid config: the user's text is worth more than ours.
    Config::parse(&text, path)?;
    let mut doc: toml_edit::DocumentMut = text.parse().expect("validated above");
    if !doc.contains_key("telemetry") {
        let mut table = toml_edit::Table::new();
        // Comments after the last item belong to the document's end; keep them above the new
        // table instead of letting them drift below it.
        let trailing = doc.trailing().as_str().unwrap_or_default().to_string();
        if !trailing.trim().is_empty() {
            table.decor_mut().set_prefix(format!("{trailing}\n"));
            doc.set_trailing("");
        }
        doc["telemetry"] = toml_edit::Item::Table(table);
    }
    let table = doc["telemetry"]
        .as_table_like_mut()
        .expect("validated as a table");
    match consent {
        Some(setting) => {
            let value = setting.word();
            match table
                .get_mut("consent")
                .and_then(|item| item.as_value_mut())
            {
                Some(existing) => {
                    let decor = existing.decor().clone();
                    *existing = toml_edit::Value::from(value);
                    *existing.decor_mut() = decor;
                }
                None => {
                    table.insert("consent", toml_edit::value(value));
                }
            }
        }
        None => {
            table.remove("consent");
        }
    }
    crate::fsutil::write_atomic(path, doc.to_string().as_bytes()).map_err(|source| {
        ConfigError::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}
