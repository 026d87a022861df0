//! Where aggregates are kept: the embedded SQLite file or PostgreSQL, behind one interface.
//!
//! Owns the schema both stores share (`checkpoint_buckets`: one row per day × product ×
//! version × rc × os × arch × object × command with `checks` and the `installs` sketch;
//! `checkpoint_flushes`: the ids of applied batches) and the queries of the stats, written once
//! for both stores. A [`Batch`] is applied in one transaction that also records its id, so a
//! batch retried after an unclear failure is applied exactly once, and rows are upserted as
//! increments in key order, so any number of collectors can write to one PostgreSQL database.
//! Nothing else is ever written: no signature, no address, no time finer than a day.

mod migrations;
mod postgres;
mod sqlite;

use jiff::civil::Date;

use crate::aggregate::Batch;
use crate::settings::Database;
use crate::sketch::{Sketch, SketchError};

/// A store of aggregates.
#[derive(Debug)]
pub enum Store {
    /// The embedded store.
    Sqlite(sqlite::SqliteStore),
    /// PostgreSQL with the `hll` extension.
    Postgres(Box<postgres::PgStore>),
}

/// A store that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("SQLite {}: {source}", path.display())]
    Sqlite {
        /// The database file.
        path: std::path::PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// PostgreSQL failed.
    #[error("PostgreSQL {what}: {source}")]
    Postgres {
        /// What was being done.
        what: &'static str,
        /// What PostgreSQL said.
        source: tokio_postgres::Error,
    },
    /// The data directory cannot be created.
    #[error("cannot create the data directory {}: {source}", path.display())]
    DataDir {
        /// The directory.
        path: std::path::PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The database was upgraded by a newer collector.
    #[error(
        "the database's schema is at version {found}, newer than the {known} this \
         gitops-checkpoint knows: run the newer collector that upgraded it"
    )]
    NewerSchema {
        /// The database's version.
        found: u32,
        /// The newest version this build has.
        known: u32,
    },
    /// A stored sketch cannot be read.
    #[error("a stored installs sketch cannot be read: {0}")]
    Sketch(#[from] SketchError),
}

/// How the stats group the buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// Everything.
    Total,
    /// Commands only, by `(object, command)`.
    Command,
    /// By version.
    Version,
    /// By `(os, arch)`.
    Platform,
    /// By day.
    Day,
}

impl Grouping {
    /// The columns grouped by, which become the row's labels.
    fn columns(self) -> &'static [&'static str] {
        match self {
            Grouping::Total => &[],
            Grouping::Command => &["object", "command"],
            Grouping::Version => &["version"],
            Grouping::Platform => &["os", "arch"],
            Grouping::Day => &["CAST(day AS TEXT)"],
        }
    }
}

/// One group of buckets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    /// The grouped columns' values, in [`Grouping`]'s order.
    pub labels: Vec<String>,
    /// All checks.
    pub checks: u64,
    /// Command checks.
    pub commands: u64,
    /// The union of the group's sketches.
    pub installs: Sketch,
}

/// The query of one grouping for one product and a range of days. `p(n)` writes the n-th
/// placeholder (1: product, 2: first day, 3: last day) in the store's dialect; the union
/// aggregate is called `hll_union_agg` in both stores.
fn group_sql(grouping: Grouping, p: impl Fn(usize) -> String) -> String {
    let columns = grouping.columns();
    let mut select: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
    select.extend([
        "CAST(SUM(checks) AS BIGINT)".into(),
        "CAST(SUM(CASE WHEN command = '' THEN 0 ELSE checks END) AS BIGINT)".into(),
        "hll_union_agg(installs)".into(),
    ]);
    let mut sql = format!(
        "SELECT {} FROM checkpoint_buckets WHERE product = {} AND day >= {} AND day <= {}",
        select.join(", "),
        p(1),
        p(2),
        p(3)
    );
    if grouping == Grouping::Command {
        sql.push_str(" AND command <> ''");
    }
    if !columns.is_empty() {
        sql.push_str(&format!(" GROUP BY {}", columns.join(", ")));
    }
    sql
}

impl Store {
    /// Opens (and creates or migrates) the store.
    pub async fn open(database: &Database) -> Result<Store, StoreError> {
        match database {
            Database::Sqlite(path) => Ok(Store::Sqlite(sqlite::SqliteStore::open(path).await?)),
            Database::Postgres(url) => Ok(Store::Postgres(Box::new(
                postgres::PgStore::open(url).await?,
            ))),
        }
    }

    /// Applies a batch of increments, exactly once per batch id.
    pub async fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.apply(batch).await,
            Store::Postgres(s) => s.apply(batch).await,
        }
    }

    /// Deletes every bucket of a day before `oldest` (and old batch ids); returns the rows
    /// deleted.
    pub async fn purge(&self, oldest: Date) -> Result<u64, StoreError> {
        match self {
            Store::Sqlite(s) => s.purge(oldest).await,
            Store::Postgres(s) => s.purge(oldest).await,
        }
    }

    /// The groups of `product`'s buckets from `first` to `last` (inclusive).
    pub async fn groups(
        &self,
        product: &str,
        first: Date,
        last: Date,
        grouping: Grouping,
    ) -> Result<Vec<GroupRow>, StoreError> {
        match self {
            Store::Sqlite(s) => s.groups(product, first, last, grouping).await,
            Store::Postgres(s) => s.groups(product, first, last, grouping).await,
        }
    }

    /// Whether the store answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(s) => s.ping().await,
            Store::Postgres(s) => s.ping().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_query_text_for_both_stores() {
        let sql = group_sql(Grouping::Command, |n| format!("?{n}"));
        assert_eq!(
            sql,
            "SELECT object, command, CAST(SUM(checks) AS BIGINT), \
             CAST(SUM(CASE WHEN command = '' THEN 0 ELSE checks END) AS BIGINT), \
             hll_union_agg(installs) FROM checkpoint_buckets WHERE product = ?1 AND day >= ?2 \
             AND day <= ?3 AND command <> '' GROUP BY object, command"
        );
        assert!(!group_sql(Grouping::Total, |n| format!("${n}")).contains("GROUP BY"));
    }
}
