//! Where aggregates are kept: the [`Store`] trait, one backend per file behind it, and
//! [`open`], which opens the backend the settings name and brings its schema up to date.
//!
//! ```text
//!  store.rs               the trait, open, the error, the groupings (this file)
//!  store/sql.rs           the SQL both backends share: a bucket's columns (written once),
//!                         the upsert and the groups query built from them, a group's row
//!  store/migrations.rs    what a migration is; which ones a database still needs
//!  store/sqlite.rs        the embedded backend: one file in WAL mode, a writing and a
//!                         reading connection, its sketch functions, which skip and count
//!                         an unreadable sketch rather than fail
//!  store/postgres.rs      PostgreSQL with hll: a writing and a reading connection, shared
//!                         by any collectors, each operation bounded by `store_timeout`
//!  migrations/<backend>/  the numbered schema changes, NNNN_name.sql, one directory each
//! ```
//!
//! The schema both backends keep: `checkpoint_buckets`, one row per day × product × version ×
//! rc × os × arch × object × command with `checks` and the `installs` sketch;
//! `checkpoint_flushes`, the ids of applied batches; `checkpoint_migrations`, the migrations
//! applied; `checkpoint_releases` and `checkpoint_release_cells`, the released days and their
//! published cells ([`Release`], written once each, never changed). A [`Batch`] is applied in one transaction that also records its id, so a batch
//! retried after an unclear failure is applied exactly once, and rows are upserted as
//! increments in key order, so any number of collectors can write to one PostgreSQL database.
//! Reads (the groups a release is computed from, the released cells) go through a connection
//! of their own, so they never wait for a flush nor hold one up.
//! A store is opened with [`Options`]: the bound on each PostgreSQL operation and the
//! [`Metrics`] where rows whose sketch could not be read are counted.
//! Nothing else is ever written: no signature, no address, no time finer than a day. Nothing
//! outside this module writes SQL.
//!
//! # Adding a migration
//!
//! 1. For each backend, write `collector/migrations/<backend>/NNNN_what.sql` with the next
//!    number. Never edit one that has been released: databases have applied it.
//! 2. Add it at the end of the backend's `MIGRATIONS` (a test compares the list with the
//!    directory). [`open`] applies it, with everything else pending, in one transaction.
//! 3. A new or changed bucket column is also a line of `sql::BUCKET`; a new table gets its
//!    queries in the backends (or in `sql.rs` if both can share the text).
//! 4. `tests/store.rs` upgrades a database made before migrations to the last one; add rows
//!    the migration must carry over and check them there.
//!
//! # Adding a backend
//!
//! 1. `store/<name>.rs`: a type that implements [`Store`] with an `open` that applies its
//!    `MIGRATIONS` (in one transaction, recorded in `checkpoint_migrations`, refusing a newer
//!    version: `migrations::pending` decides), binding `sql::BUCKET`'s columns its way.
//! 2. `collector/migrations/<name>/0001_buckets_and_flushes.sql`: the schema above; add the
//!    backend to the directory test in `migrations.rs` and the key test in `sql.rs`.
//! 3. A `Database` variant in the settings and its arm in [`open`].
//! 4. Run `tests/store.rs`'s `exercise` against it.

mod migrations;
mod postgres;
mod sql;
mod sqlite;

use std::sync::Arc;
use std::time::Duration;

use jiff::civil::Date;

use crate::aggregate::Batch;
use crate::metrics::Metrics;
use crate::settings::Database;
use crate::sketch::{Sketch, SketchError};

/// A store of aggregates: what the flusher writes, the retention purges and the stats read.
#[async_trait::async_trait]
pub trait Store: std::fmt::Debug + Send + Sync {
    /// Applies a batch of increments, exactly once per batch id. A batch is given again only
    /// while its apply has not returned `Ok` (a retry after an unclear failure); so once the
    /// next batch is applied, the store forgets the id of the one before (its row is deleted in
    /// the next batch's transaction), and the ids kept stay a few per writer however often it
    /// writes.
    async fn apply(&self, batch: &Batch) -> Result<(), StoreError>;

    /// Deletes every bucket of a day before `oldest` (and old batch ids); returns the rows
    /// deleted.
    async fn purge(&self, oldest: Date) -> Result<u64, StoreError>;

    /// The groups of `product`'s buckets from `first` to `last` (inclusive).
    async fn groups(
        &self,
        product: &str,
        first: Date,
        last: Date,
        grouping: Grouping,
    ) -> Result<Vec<GroupRow>, StoreError>;

    /// Whether the store answers.
    async fn ping(&self) -> Result<(), StoreError>;

    /// The products with buckets from `first` to `last`.
    async fn products(&self, first: Date, last: Date) -> Result<Vec<String>, StoreError>;

    /// The days of `product` from `first` to `last` that have a release.
    async fn released_days(
        &self,
        product: &str,
        first: Date,
        last: Date,
    ) -> Result<Vec<Date>, StoreError>;

    /// The newest day of `product` released with its windows, if any.
    async fn last_released(&self, product: &str) -> Result<Option<Date>, StoreError>;

    /// Writes `release` unless its day is released already (then nothing changes and the
    /// answer is `false`): the release and its cells in one transaction, one release per
    /// product and day however many collectors try at once.
    async fn write_release(&self, release: &Release) -> Result<bool, StoreError>;

    /// The released cells of `product` with `span_days`, of the days from `first` to `last`.
    async fn released_cells(
        &self,
        product: &str,
        span_days: u32,
        first: Date,
        last: Date,
    ) -> Result<Vec<ReleasedCell>, StoreError>;
}

/// One released day of a product: what became public about it, noise included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The product.
    pub product: String,
    /// The day (UTC).
    pub day: Date,
    /// How many windows ending on the day were released with it (0 for a day released after
    /// a newer one, whose windows would never be served).
    pub windows: u32,
    /// The published cells.
    pub cells: Vec<ReleasedCell>,
}

/// One published cell of a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleasedCell {
    /// The release's day.
    pub day: Date,
    /// 1 for the day's own cells; the window's length for a window's installations.
    pub span_days: u32,
    /// Which breakdown: `total`, `command`, `version`, `platform`, or `other-` one of them.
    pub breakdown: String,
    /// The first label (object, version, os), or empty.
    pub a: String,
    /// The second label (command, arch), or empty.
    pub b: String,
    /// The noisy checks (0 in a window's cell: a window's checks are sums of days').
    pub checks: u64,
    /// The noisy installations.
    pub installs: u64,
}

/// How a store is opened, besides its database.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long one PostgreSQL operation may take, all of it: waiting for its connection,
    /// connecting again if it broke, its statements (at open: connecting and migrating).
    pub timeout: Duration,
    /// Where the store counts what it could not read.
    pub metrics: Arc<Metrics>,
}

impl Options {
    /// What `settings` open the store with: their `store_timeout`, counting into `metrics`.
    pub fn of(settings: &crate::settings::Settings, metrics: &Arc<Metrics>) -> Options {
        Options {
            timeout: settings.store_timeout,
            metrics: metrics.clone(),
        }
    }
}

impl Default for Options {
    /// The default `store_timeout`, and counters of their own.
    fn default() -> Options {
        Options {
            timeout: humantime::parse_duration(crate::settings::DEFAULTS.store_timeout)
                .expect("the default is a duration"),
            metrics: Arc::default(),
        }
    }
}

/// Opens (creating it, or migrating it to this build's schema) the store `database` names,
/// with the default [`Options`].
pub async fn open(database: &Database) -> Result<Arc<dyn Store>, StoreError> {
    open_with(database, Options::default()).await
}

/// [`open`] with `options`.
pub async fn open_with(
    database: &Database,
    options: Options,
) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match database {
        Database::Sqlite(path) => Arc::new(sqlite::SqliteStore::open(path, options.metrics).await?),
        Database::Postgres(url) => Arc::new(postgres::PgStore::open(url, options).await?),
    })
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
    /// PostgreSQL did not answer in time: the operation was given up and its connection
    /// closed.
    #[error("PostgreSQL at {server} did not answer ({what}) within {}", humantime::format_duration(*after))]
    PostgresTimeout {
        /// The server, `host:port` (never a user or password).
        server: String,
        /// What was being done.
        what: &'static str,
        /// The bound that passed.
        after: Duration,
    },
    /// A connection to PostgreSQL cannot be opened.
    #[error("cannot connect to PostgreSQL at {server}: {source}")]
    PostgresConnect {
        /// The server, `host:port` (never a user or password).
        server: String,
        /// What PostgreSQL or the system said.
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
