//! Noticing that the files under the console changed: another `gitops` recorded an event or
//! sent, a cache was refreshed, or consent was changed from another terminal.
//!
//! A [`Stamps`] is the size and modification time of every file the console shows (the data
//! files and both config files); comparing two is a few `stat` calls, so the worker can poll
//! every second without reading a 100 000-line queue unless something changed.

use std::path::Path;
use std::time::SystemTime;

use crate::config::Paths;

/// The size and modification time of one file (`None` while it does not exist).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp(Option<(u64, SystemTime)>);

impl Stamp {
    /// The stamp of `path` now.
    pub fn of(path: &Path) -> Stamp {
        Stamp(
            std::fs::metadata(path)
                .ok()
                .and_then(|m| Some((m.len(), m.modified().ok()?))),
        )
    }
}

/// The stamps of everything the console shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stamps {
    /// The pending queue.
    pub queue: Stamp,
    /// Every other data file (sent log, caches, drop counters, …).
    pub data: Vec<Stamp>,
    /// `config.toml` and the Go CLI's settings: consent may change there.
    pub config: Vec<Stamp>,
}

impl Stamps {
    /// The stamps of the files under `paths` now.
    pub fn read(paths: &Paths) -> Stamps {
        let queue = paths.queue();
        Stamps {
            queue: Stamp::of(&queue),
            data: paths
                .kept_files()
                .iter()
                .filter(|p| **p != queue)
                .map(|p| Stamp::of(p))
                .collect(),
            config: std::iter::once(paths.config_file.as_path())
                .chain(paths.go_cli_config.as_deref())
                .map(Stamp::of)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_to_any_file_changes_the_stamps() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let before = Stamps::read(&paths);
        assert_eq!(Stamps::read(&paths), before);
        std::fs::create_dir_all(&paths.data_dir).unwrap();
        std::fs::write(paths.queue(), "{}\n").unwrap();
        let queued = Stamps::read(&paths);
        assert_ne!(queued.queue, before.queue);
        std::fs::write(&paths.config_file, "[telemetry]\n").unwrap();
        assert_ne!(Stamps::read(&paths).config, queued.config);
    }
}
