//! The embedded store: one SQLite file in the data directory, for one collector process.
//!
//! Owns the SQLite side of the schema (its `MIGRATIONS`, applied at open), the binding of a
//! bucket's columns as one row of `?n` parameters, and the two SQL functions the shared
//! queries need, written in Rust over [`Sketch`]: `hll_union(a, b)` and the aggregate
//! `hll_union_agg(x)`, so that a sketch is stored in the same bytes as PostgreSQL's `hll`.
//! A stored value that is not a sketch (bytes that do not decode, a text) never fails a
//! statement: the unions take it as empty and count it, and the row is set aside once, counted
//! in `/metrics` and logged without its values: a flush merging into it keeps its checks and
//! writes the new sketch, a read skips its sketch (its checks still count) and then resets
//! it to empty. The purge deletes rows without reading their sketch.
//! Calls run on tokio's blocking threads. The file is in WAL mode with two connections: the
//! writer (flushes, purges, releases) and the reader (groups, released cells), so a long read
//! never holds up a flush and a flush never blocks a read.
//!
//! The store writes to the file at its path, whatever happens to it: before each write it
//! checks that the file there is still the one it opened (device and inode). When it was
//! deleted or replaced (a restore from a backup), both connections are opened again on the
//! path (a new, migrated file when none is there) and an error is logged, so counts answered
//! after that moment are never written into an unlinked file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use jiff::civil::Date;
use rusqlite::functions::{Aggregate, Context, FunctionFlags};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params, params_from_iter};

use super::migrations::{Migration, TABLE, pending};
use super::sql::{BUCKET, Column, group_row, group_sql, grouped_by, upsert_sql};
use super::{GroupRow, Grouping, Release, ReleasedCell, Store, StoreError};
use crate::aggregate::{Batch, BucketKey, Tally};
use crate::metrics::Metrics;
use crate::sketch::Sketch;

/// The SQLite schema's migrations, oldest first.
pub(super) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "buckets_and_flushes",
        sql: include_str!("../../migrations/sqlite/0001_buckets_and_flushes.sql"),
    },
    Migration {
        version: 2,
        name: "versions_without_v",
        sql: include_str!("../../migrations/sqlite/0002_versions_without_v.sql"),
    },
    Migration {
        version: 3,
        name: "releases",
        sql: include_str!("../../migrations/sqlite/0003_releases.sql"),
    },
];

/// The upsert of one bucket: `VALUES (?1, …, ?10)`.
static UPSERT: LazyLock<String> = LazyLock::new(|| {
    let params: Vec<String> = (1..=BUCKET.len()).map(|n| format!("?{n}")).collect();
    upsert_sql(&format!("VALUES ({})", params.join(", ")))
});

/// A column's value of one bucket, as SQLite stores it (a day as `YYYY-MM-DD`, a flag as
/// 0 or 1, a sketch as its bytes).
fn value<'a>(column: Column, key: &'a BucketKey, tally: &'a Tally) -> ToSqlOutput<'a> {
    match column {
        Column::Text(_, get) => ToSqlOutput::Borrowed(ValueRef::Text(get(key).as_bytes())),
        Column::Day(_, get) => ToSqlOutput::Owned(Value::Text(get(key).to_string())),
        Column::Flag(_, get) => ToSqlOutput::Owned(Value::Integer(i64::from(get(key)))),
        Column::Count(_, get) => ToSqlOutput::Owned(Value::Integer(get(tally) as i64)),
        Column::Sketch(_, get) => ToSqlOutput::Owned(Value::Blob(get(tally).to_bytes())),
    }
}

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    path: PathBuf,
    conn: Arc<Mutex<Connection>>,
    read: Arc<Mutex<Connection>>,
    /// The identity of the file the connections have open.
    opened: Arc<Mutex<Option<FileId>>>,
    /// The unreadable sketches each connection's functions have skipped since last asked.
    skipped: Skipped,
    /// Where the rows set aside are counted.
    metrics: Arc<Metrics>,
    /// The id of the last batch applied, which the flusher never gives again: the next batch's
    /// transaction deletes its row (see [`Store::apply`]).
    settled: Arc<Mutex<Option<String>>>,
}

/// The unreadable sketches the sketch functions of the writing and of the reading connection
/// skipped (each taken, and zeroed, by the operation that ran them).
#[derive(Debug, Clone, Default)]
struct Skipped {
    write: Arc<AtomicU64>,
    read: Arc<AtomicU64>,
}

/// The bytes of an empty sketch: what an unreadable row's sketch is reset to.
static EMPTY: LazyLock<Vec<u8>> = LazyLock::new(|| Sketch::new().to_bytes());

/// A file's device and inode.
type FileId = (u64, u64);

/// The identity of the file at `path`, if there is one.
fn file_id(path: &Path) -> Option<FileId> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        // Only a deletion is seen where files have no inode.
        let _ = meta;
        Some((0, 0))
    }
}

/// The writing and the reading connection on `path`, the schema migrated, their sketch
/// functions counting what they skip into `skipped`.
fn connect(
    path: &Path,
    skipped: &Skipped,
) -> rusqlite::Result<Result<(Connection, Connection), StoreError>> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    register_functions(&conn, skipped.write.clone())?;
    let read = Connection::open(path)?;
    read.busy_timeout(std::time::Duration::from_secs(5))?;
    read.pragma_update(None, "query_only", true)?;
    register_functions(&read, skipped.read.clone())?;
    Ok(migrate(&mut conn)?.map(|()| (conn, read)))
}

impl SqliteStore {
    /// Opens or creates the file (and its directory) and migrates its schema; rows whose
    /// sketch cannot be read are counted into `metrics`.
    pub async fn open(path: &Path, metrics: Arc<Metrics>) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let path = path.to_path_buf();
        let p = path.clone();
        let skipped = Skipped::default();
        let s = skipped.clone();
        let (conn, read) = blocking(&path, move || connect(&p, &s)).await??;
        // A migration that merged rows may have skipped sketches: counted as a flush's are.
        set_aside(
            &metrics,
            skipped.write.swap(0, Ordering::Relaxed),
            "migration",
        );
        Ok(SqliteStore {
            opened: Arc::new(Mutex::new(file_id(&path))),
            path,
            conn: Arc::new(Mutex::new(conn)),
            read: Arc::new(Mutex::new(read)),
            skipped,
            metrics,
            settled: Arc::new(Mutex::new(None)),
        })
    }

    /// Opens the path again when the file there is no longer the one the connections have
    /// open (deleted, or replaced), logging it as an error.
    async fn stay_on_path(&self) -> Result<(), StoreError> {
        let (path, conn, read, opened, skipped) = (
            self.path.clone(),
            self.conn.clone(),
            self.read.clone(),
            self.opened.clone(),
            self.skipped.clone(),
        );
        blocking(&self.path, move || {
            let mut opened = opened.lock().expect("never poisoned");
            let now = file_id(&path);
            if now.is_some() && now == *opened {
                return Ok(Ok(()));
            }
            tracing::error!(
                path = %path.display(),
                "the database file was deleted or replaced while open; opening the file at \
                 its path again (a new one if none is there); what was flushed before went \
                 with the old file"
            );
            let (c, r) = match connect(&path, &skipped)? {
                Ok(both) => both,
                Err(e) => return Ok(Err(e)),
            };
            *conn.lock().expect("never poisoned") = c;
            *read.lock().expect("never poisoned") = r;
            *opened = file_id(&path);
            Ok(Ok(()))
        })
        .await?
    }

    /// Runs `f` on the writing connection, on the file at the store's path.
    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        self.stay_on_path().await?;
        let conn = self.conn.clone();
        blocking(&self.path, move || {
            f(&mut conn.lock().expect("never poisoned"))
        })
        .await
    }

    /// Runs `f` on the reading connection.
    async fn reading<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = self.read.clone();
        blocking(&self.path, move || {
            f(&mut conn.lock().expect("never poisoned"))
        })
        .await
    }
}

impl SqliteStore {
    /// Resets the unreadable sketches of `product`'s rows from `first` to `last` (a read
    /// skipped some) to empty, keeping their checks, and counts and logs the rows. A failure
    /// is logged: the rows stay skipped, and are set aside at a later read.
    async fn reset_unreadable(&self, (product, first, last): (String, String, String)) {
        let reset = self
            .with(move |conn| {
                conn.execute(
                    "UPDATE checkpoint_buckets SET installs = ?4 WHERE product = ?1 \
                     AND day >= ?2 AND day <= ?3 AND NOT hll_readable(installs)",
                    params![product, first, last, EMPTY.as_slice()],
                )
            })
            .await;
        match reset {
            Ok(rows) => set_aside(&self.metrics, rows as u64, "read"),
            Err(e) => tracing::warn!(
                error = %e,
                "rows whose installs sketch cannot be read were skipped and could not be reset"
            ),
        }
    }
}

/// Counts and logs `rows` rows whose sketch could not be read and was replaced (by a flush's
/// sketch, or by an empty one), their checks kept. No value of a row is logged.
fn set_aside(metrics: &Metrics, rows: u64, found_by: &'static str) {
    if rows == 0 {
        return;
    }
    metrics.unreadable_rows(rows);
    tracing::warn!(
        rows,
        found_by,
        "stored rows whose installs sketch cannot be read: their sketch was reset (the \
         installations counted in it are lost), their checks are kept"
    );
}

#[async_trait::async_trait]
impl Store for SqliteStore {
    async fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        let batch = batch.clone();
        let skipped = self.skipped.write.clone();
        let settled = self.settled.clone();
        let merged_into_unreadable = self
            .with(move |conn| {
                skipped.store(0, Ordering::Relaxed);
                let id = batch.id.to_string();
                let mut settled = settled.lock().expect("never poisoned");
                let tx = conn.transaction()?;
                if let Some(old) = settled.as_ref().filter(|s| **s != id) {
                    tx.execute("DELETE FROM checkpoint_flushes WHERE id = ?1", [old])?;
                }
                let first = tx.execute(
                    "INSERT INTO checkpoint_flushes (id, day) VALUES (?1, date('now')) ON CONFLICT DO NOTHING",
                    [&id],
                )?;
                if first == 1 {
                    let mut upsert = tx.prepare_cached(&UPSERT)?;
                    for (k, t) in &batch.buckets {
                        upsert.execute(params_from_iter(BUCKET.map(|c| value(c, k, t))))?;
                    }
                }
                tx.commit()?;
                *settled = Some(id);
                // Only what was committed: a failed batch is retried and meets the rows again.
                Ok(skipped.swap(0, Ordering::Relaxed))
            })
            .await?;
        set_aside(&self.metrics, merged_into_unreadable, "flush");
        Ok(())
    }

    async fn purge(&self, oldest: Date) -> Result<u64, StoreError> {
        let oldest = oldest.to_string();
        self.with(move |conn| {
            let tx = conn.transaction()?;
            let n = tx.execute("DELETE FROM checkpoint_buckets WHERE day < ?1", [&oldest])?;
            tx.execute(
                "DELETE FROM checkpoint_flushes WHERE day < date('now', '-2 days')",
                [],
            )?;
            tx.commit()?;
            Ok(n as u64)
        })
        .await
    }

    async fn groups(
        &self,
        product: &str,
        first: Date,
        last: Date,
        grouping: Grouping,
    ) -> Result<Vec<GroupRow>, StoreError> {
        let sql = group_sql(grouping, |n| format!("?{n}"));
        let labels = grouped_by(grouping).len();
        let args = (product.to_string(), first.to_string(), last.to_string());
        let range = args.clone();
        let skipped = self.skipped.read.clone();
        let (rows, unreadable) = self
            .reading(move |conn| {
                skipped.store(0, Ordering::Relaxed);
                let mut stmt = conn.prepare_cached(&sql)?;
                let rows = stmt.query_map(params![args.0, args.1, args.2], |row| {
                    let l = (0..labels)
                        .map(|i| row.get::<_, String>(i))
                        .collect::<rusqlite::Result<Vec<_>>>()?;
                    let checks: Option<i64> = row.get(labels)?;
                    let commands: Option<i64> = row.get(labels + 1)?;
                    let installs: Option<Vec<u8>> = row.get(labels + 2)?;
                    Ok((l, checks, commands, installs))
                })?;
                let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((rows, skipped.swap(0, Ordering::Relaxed)))
            })
            .await?;
        if unreadable > 0 {
            self.reset_unreadable(range).await;
        }
        let mut out = Vec::with_capacity(rows.len());
        for (labels, checks, commands, installs) in rows {
            out.extend(group_row(labels, checks, commands, installs.as_deref())?);
        }
        Ok(out)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.with(|conn| conn.query_row("SELECT 1", [], |_| Ok(())))
            .await
    }

    async fn products(&self, first: Date, last: Date) -> Result<Vec<String>, StoreError> {
        let (first, last) = (first.to_string(), last.to_string());
        self.reading(move |conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT DISTINCT product FROM checkpoint_buckets WHERE day >= ?1 AND day <= ?2 \
                 ORDER BY product",
            )?;
            stmt.query_map([first, last], |r| r.get(0))?.collect()
        })
        .await
    }

    async fn released_days(
        &self,
        product: &str,
        first: Date,
        last: Date,
    ) -> Result<Vec<Date>, StoreError> {
        let args = [product.to_string(), first.to_string(), last.to_string()];
        let days: Vec<String> = self
            .reading(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT day FROM checkpoint_releases WHERE product = ?1 AND day >= ?2 \
                     AND day <= ?3 ORDER BY day",
                )?;
                stmt.query_map(args, |r| r.get(0))?.collect()
            })
            .await?;
        Ok(days.iter().filter_map(|d| d.parse().ok()).collect())
    }

    async fn last_released(&self, product: &str) -> Result<Option<Date>, StoreError> {
        let product = product.to_string();
        let day: Option<String> = self
            .reading(move |conn| {
                conn.prepare_cached(
                    "SELECT max(day) FROM checkpoint_releases WHERE product = ?1 AND windows > 0",
                )?
                .query_row([product], |r| r.get(0))
            })
            .await?;
        Ok(day.and_then(|d| d.parse().ok()))
    }

    async fn write_release(&self, release: &Release) -> Result<bool, StoreError> {
        let release = release.clone();
        self.with(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let first = tx.execute(
                "INSERT INTO checkpoint_releases (product, day, released_at, windows) \
                 VALUES (?1, ?2, datetime('now'), ?3) ON CONFLICT DO NOTHING",
                params![release.product, release.day.to_string(), release.windows],
            )?;
            if first == 1 {
                let mut insert = tx.prepare_cached(
                    "INSERT INTO checkpoint_release_cells \
                     (product, day, span_days, breakdown, a, b, checks, installs) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?;
                for c in &release.cells {
                    insert.execute(params![
                        release.product,
                        c.day.to_string(),
                        c.span_days,
                        c.breakdown,
                        c.a,
                        c.b,
                        c.checks as i64,
                        c.installs as i64
                    ])?;
                }
            }
            tx.commit()?;
            Ok(first == 1)
        })
        .await
    }

    async fn released_cells(
        &self,
        product: &str,
        span_days: u32,
        first: Date,
        last: Date,
    ) -> Result<Vec<ReleasedCell>, StoreError> {
        let args = (
            product.to_string(),
            span_days,
            first.to_string(),
            last.to_string(),
        );
        let rows: Vec<(String, String, String, String, i64, i64)> = self
            .reading(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT day, breakdown, a, b, checks, installs FROM checkpoint_release_cells \
                     WHERE product = ?1 AND span_days = ?2 AND day >= ?3 AND day <= ?4",
                )?;
                stmt.query_map(params![args.0, args.1, args.2, args.3], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })?
                .collect()
            })
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(day, breakdown, a, b, checks, installs)| {
                Some(ReleasedCell {
                    day: day.parse().ok()?,
                    span_days,
                    breakdown,
                    a,
                    b,
                    checks: checks.max(0) as u64,
                    installs: installs.max(0) as u64,
                })
            })
            .collect())
    }
}

/// Brings the schema to the newest version: the pending migrations and their records in one
/// immediate transaction, so a second process opening the file waits and then finds them.
/// The outer error is SQLite's, the inner one a database this build cannot use.
fn migrate(conn: &mut Connection) -> rusqlite::Result<Result<(), StoreError>> {
    migrate_to(conn, MIGRATIONS)
}

fn migrate_to(
    conn: &mut Connection,
    all: &'static [Migration],
) -> rusqlite::Result<Result<(), StoreError>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let exists = |name: &str| {
        tx.query_row(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [name],
            |_| Ok(()),
        )
        .optional()
        .map(|row| row.is_some())
    };
    let from_before = exists("checkpoint_buckets")? && !exists(TABLE)?;
    tx.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS {TABLE} (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at TEXT    NOT NULL
        )"
    ))?;
    let applied: Vec<u32> = {
        let mut stmt = tx.prepare(&format!("SELECT version FROM {TABLE}"))?;
        stmt.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    let pending = match pending(all, Some(&applied)) {
        Ok(pending) => pending,
        Err(e) => return Ok(Err(e)),
    };
    if from_before {
        tracing::info!("adopting a SQLite database from before numbered migrations");
    }
    for m in &pending {
        tx.execute_batch(m.sql)?;
        tx.execute(
            &format!(
                "INSERT INTO {TABLE} (version, name, applied_at) VALUES (?1, ?2, datetime('now'))"
            ),
            params![m.version, m.name],
        )?;
        tracing::info!(version = m.version, name = m.name, "SQLite schema migrated");
    }
    tx.commit()?;
    Ok(Ok(()))
}

async fn blocking<T: Send + 'static>(
    path: &Path,
    f: impl FnOnce() -> rusqlite::Result<T> + Send + 'static,
) -> Result<T, StoreError> {
    let sqlite = |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result.map_err(sqlite),
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

/// `hll_union(a, b)`, the aggregate `hll_union_agg(x)` and `hll_readable(x)` over stored
/// sketch bytes. A value that is not a sketch (bytes that do not decode, or not bytes at all)
/// is never an error, which would fail the whole statement (every flush merging into that
/// row, every read of its days): the unions take it as empty and count it in `skipped`.
fn register_functions(conn: &Connection, skipped: Arc<AtomicU64>) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let s = skipped.clone();
    conn.create_scalar_function("hll_union", 2, flags, move |ctx| {
        let mut a = sketch_arg(ctx, 0, &s);
        a.merge(&sketch_arg(ctx, 1, &s));
        Ok(a.to_bytes())
    })?;
    conn.create_scalar_function("hll_readable", 1, flags, |ctx| {
        Ok(read_sketch(ctx.get_raw(0)).is_some())
    })?;
    conn.create_aggregate_function("hll_union_agg", 1, flags, UnionAgg { skipped })
}

/// The sketch of a stored value (NULL or no bytes: empty), or `None` when it is not one.
fn read_sketch(value: ValueRef<'_>) -> Option<Sketch> {
    match value {
        ValueRef::Null => Some(Sketch::new()),
        ValueRef::Blob([]) => Some(Sketch::new()),
        ValueRef::Blob(bytes) => Sketch::from_bytes(bytes).ok(),
        _ => None,
    }
}

/// The sketch of argument `i`; empty, counted in `skipped`, when it cannot be read.
fn sketch_arg(ctx: &Context<'_>, i: usize, skipped: &AtomicU64) -> Sketch {
    read_sketch(ctx.get_raw(i)).unwrap_or_else(|| {
        skipped.fetch_add(1, Ordering::Relaxed);
        Sketch::new()
    })
}

struct UnionAgg {
    skipped: Arc<AtomicU64>,
}

impl Aggregate<Sketch, Option<Vec<u8>>> for UnionAgg {
    fn init(&self, _: &mut Context<'_>) -> rusqlite::Result<Sketch> {
        Ok(Sketch::new())
    }

    fn step(&self, ctx: &mut Context<'_>, acc: &mut Sketch) -> rusqlite::Result<()> {
        acc.merge(&sketch_arg(ctx, 0, &self.skipped));
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut Context<'_>,
        acc: Option<Sketch>,
    ) -> rusqlite::Result<Option<Vec<u8>>> {
        Ok(acc.map(|s| s.to_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEXT: Migration = Migration {
        version: 900,
        name: "notes",
        sql: "CREATE TABLE checkpoint_notes (day TEXT PRIMARY KEY);
              ALTER TABLE checkpoint_buckets ADD COLUMN note TEXT NOT NULL DEFAULT '';",
    };
    const BROKEN: Migration = Migration {
        version: 900,
        name: "broken",
        sql: "CREATE TABLE checkpoint_notes (day TEXT PRIMARY KEY); SELECT nonsense;",
    };

    /// This build's migrations and then `next`.
    fn and_then(next: Migration) -> &'static [Migration] {
        let all: Vec<Migration> = MIGRATIONS.iter().copied().chain([next]).collect();
        Box::leak(all.into_boxed_slice())
    }

    fn versions(conn: &Connection) -> Vec<(u32, String)> {
        let mut stmt = conn
            .prepare(&format!(
                "SELECT version, name FROM {TABLE} ORDER BY version"
            ))
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    fn listed(all: &[Migration]) -> Vec<(u32, String)> {
        all.iter()
            .map(|m| (m.version, m.name.to_string()))
            .collect()
    }

    fn opened() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        // as `open` does: the migrations may use the sketch functions
        register_functions(&conn, Arc::default()).unwrap();
        // at migration 1, which the tests' own second migrations follow
        migrate_to(&mut conn, &MIGRATIONS[..1]).unwrap().unwrap();
        conn.execute(
            "INSERT INTO checkpoint_buckets VALUES ('p', '2026-03-01', '1', 0, 'linux', 'amd64', '', '', 3, x'')",
            [],
        )
        .unwrap();
        conn
    }

    #[test]
    fn the_next_migration_upgrades_an_existing_database() {
        let mut conn = opened();
        let next = and_then(NEXT);
        migrate_to(&mut conn, next).unwrap().unwrap();
        assert_eq!(versions(&conn), listed(next));
        let kept: (i64, String) = conn
            .query_row("SELECT checks, note FROM checkpoint_buckets", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(kept, (3, String::new()));
        migrate_to(&mut conn, next).unwrap().unwrap();
        assert_eq!(versions(&conn), listed(next), "nothing is applied twice");
    }

    #[test]
    fn a_failing_migration_changes_nothing() {
        let mut conn = opened();
        assert!(migrate_to(&mut conn, and_then(BROKEN)).is_err());
        assert_eq!(versions(&conn), listed(&MIGRATIONS[..1]));
        let tables: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'checkpoint_notes'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 0, "the migration's first statement was rolled back");
    }
}
