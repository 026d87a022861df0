//! Numbered schema migrations: what a migration is, which of a backend's a database still
//! needs, and the table that records the ones applied.
//!
//! Each backend lists its migrations (`MIGRATIONS` in its file), one SQL file each under
//! `collector/migrations/<backend>/NNNN_name.sql`, numbered upwards from 1 and included in the
//! binary. Numbers may have gaps while branches that each add one are merged: a migration is
//! pending when its number is not in [`TABLE`], whatever numbers are, so one merged later
//! with a lower number than one already applied is still applied (each migration must
//! therefore not depend on a higher-numbered one). The backend applies [`pending`] ones at
//! open, all in one transaction with their rows in [`TABLE`], so a database is either at the
//! newest version or untouched.
//! Migration 1 is the schema from before migrations existed, all `IF NOT EXISTS`: a database
//! made then (its tables, no [`TABLE`]) is adopted by running it, a no-op, and recording it.
//! A database at a version this build does not know (a newer collector upgraded it) is refused.
//! A migration's statements must be able to run inside a transaction (not SQLite's `VACUUM`
//! or `PRAGMA journal_mode`, not PostgreSQL's `CREATE INDEX CONCURRENTLY`). This module runs
//! no SQL.
//!
//! Written by hand rather than with `refinery`: its current release accepts rusqlite up to
//! 0.41 (the workspace has 0.43, and two `libsqlite3-sys` cannot link) and needs a newer Rust
//! than the workspace's 1.89; this runner is the part of it the collector uses.

use super::StoreError;

/// The table of applied migrations: `version`, `name`, `applied_at`.
pub(super) const TABLE: &str = "checkpoint_migrations";

/// One numbered schema change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Migration {
    /// Its number: 1 for the first, each next one more.
    pub version: u32,
    /// Its file name without the number and `.sql`.
    pub name: &'static str,
    /// The statements.
    pub sql: &'static str,
}

/// The migrations of `all` (numbered upwards) that a database which applied `applied` still
/// needs, in order; `None` is a database without [`TABLE`]: new, or made before migrations
/// existed. A database that applied a number this build does not know is refused.
pub(super) fn pending(
    all: &'static [Migration],
    applied: Option<&[u32]>,
) -> Result<Vec<Migration>, StoreError> {
    let known = all.last().map_or(0, |m| m.version);
    let Some(applied) = applied else {
        return Ok(all.to_vec());
    };
    if let Some(&found) = applied
        .iter()
        .filter(|v| !all.iter().any(|m| m.version == **v))
        .max()
    {
        return Err(StoreError::NewerSchema { found, known });
    }
    Ok(all
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .copied()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO: &[Migration] = &[
        Migration {
            version: 1,
            name: "first",
            sql: "",
        },
        Migration {
            version: 2,
            name: "second",
            sql: "",
        },
    ];

    #[test]
    fn a_database_gets_the_migrations_after_its_version() {
        assert_eq!(pending(TWO, None).unwrap(), TWO);
        assert_eq!(pending(TWO, Some(&[1])).unwrap(), &TWO[1..]);
        assert!(pending(TWO, Some(&[1, 2])).unwrap().is_empty());
    }

    /// A branch's migration 3 applied before another branch's 2 was merged: 2 is still run.
    #[test]
    fn a_lower_number_merged_later_is_still_applied() {
        const GAP: &[Migration] = &[
            TWO[0],
            TWO[1],
            Migration {
                version: 3,
                name: "third",
                sql: "",
            },
        ];
        assert_eq!(pending(GAP, Some(&[1, 3])).unwrap(), &GAP[1..2]);
        assert_eq!(pending(&GAP[..1], None).unwrap(), &GAP[..1]);
    }

    #[test]
    fn a_database_from_a_newer_collector_is_refused() {
        let e = pending(TWO, Some(&[1, 2, 3])).unwrap_err();
        assert!(matches!(e, StoreError::NewerSchema { found: 3, known: 2 }));
        assert_eq!(
            e.to_string(),
            "the database's schema is at version 3, newer than the 2 this gitops-checkpoint knows: \
             run the newer collector that upgraded it"
        );
    }

    /// Every file in a backend's directory is listed, in order, numbered upwards from 1 and
    /// named as its file, with the file's text.
    #[test]
    fn each_backend_lists_its_directory() {
        let backends = [
            ("sqlite", super::super::sqlite::MIGRATIONS),
            ("postgres", super::super::postgres::MIGRATIONS),
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        for (backend, listed) in backends {
            let mut files: Vec<String> = std::fs::read_dir(root.join(backend))
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            files.sort();
            let expected: Vec<String> = listed
                .iter()
                .map(|m| format!("{:04}_{}.sql", m.version, m.name))
                .collect();
            assert_eq!(files, expected, "{backend}");
            assert_eq!(listed.first().map(|m| m.version), Some(1), "{backend}");
            for (i, m) in listed.iter().enumerate() {
                if i > 0 {
                    assert!(m.version > listed[i - 1].version, "{backend} {}", m.name);
                }
                let text = std::fs::read_to_string(root.join(backend).join(&expected[i])).unwrap();
                assert_eq!(m.sql, text, "{backend} {}", m.name);
            }
        }
    }
}
