//! The PostgreSQL store: one database shared by any number of collectors, with the `hll`
//! extension keeping the installs sketches.
//!
//! Owns the PostgreSQL side of the schema (its `MIGRATIONS`, applied at open under an
//! advisory lock so collectors starting together do not race) and the batch write: one
//! transaction that records the batch id (a retry of a batch already applied changes nothing)
//! and upserts every bucket with `checks = checks + n` and `installs = hll_union(installs,
//! sketch)`, rows in one global key order, each of a bucket's columns bound as one array. Two
//! connections, each opened at open and opened again when it has broken: the writer (flushes,
//! purges, releases) and the reader (groups, released cells), so a read never waits behind a
//! flush nor holds one up. A release is written under a transaction-scoped advisory lock and
//! only if its day has none, so collectors sharing the database make one release per day.
//!
//! Every operation is bounded by the store's timeout (`store_timeout`), all of it: waiting
//! for its connection, connecting again, its statements; at open, connecting and migrating.
//! Past it the connection is dropped (its I/O task ended, closing the socket) and the
//! operation fails with the server's `host:port`, so a server that accepts and never answers,
//! or freezes mid-write, makes an error instead of a hang. The URL may hold a password; it is
//! never logged nor put in an error.

use std::sync::LazyLock;
use std::time::Duration;

use jiff::civil::Date;
use tokio::sync::{Mutex, MutexGuard};
use tokio::time::error::Elapsed;
use tokio::time::{Instant, timeout_at};
use tokio_postgres::config::Host;
use tokio_postgres::types::{FromSql, ToSql, Type};
use tokio_postgres::{Client, Config, NoTls};

use super::migrations::{Migration, TABLE, pending};
use super::sql::{BUCKET, Column, bucket_names, group_row, group_sql, grouped_by, upsert_sql};
use super::{GroupRow, Grouping, Options, Release, ReleasedCell, Store, StoreError};
use crate::aggregate::Batch;

/// The PostgreSQL schema's migrations, oldest first.
pub(super) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "buckets_and_flushes",
        sql: include_str!("../../migrations/postgres/0001_buckets_and_flushes.sql"),
    },
    Migration {
        version: 2,
        name: "versions_without_v",
        sql: include_str!("../../migrations/postgres/0002_versions_without_v.sql"),
    },
    Migration {
        version: 3,
        name: "releases",
        sql: include_str!("../../migrations/postgres/0003_releases.sql"),
    },
];

/// The advisory lock the migrations are applied under.
const MIGRATION_LOCK: i64 = 72624017;

/// The advisory lock a release is written under.
const RELEASE_LOCK: i64 = 72624018;

/// The upsert of a batch: `SELECT t.product, t.day::date, … FROM unnest($1::text[], …)`.
static UPSERT: LazyLock<String> = LazyLock::new(|| {
    let (mut select, mut arrays) = (Vec::new(), Vec::new());
    for (n, column) in BUCKET.into_iter().enumerate() {
        let (array, cast) = pg_type(column);
        select.push(format!("t.{}{cast}", column.name()));
        arrays.push(format!("${}::{array}", n + 1));
    }
    upsert_sql(&format!(
        "SELECT {} FROM unnest({}) AS t({})",
        select.join(", "),
        arrays.join(", "),
        bucket_names()
    ))
});

/// The type of a column's parameter array and the cast of its element into the column.
fn pg_type(column: Column) -> (&'static str, &'static str) {
    match column {
        Column::Text(..) => ("text[]", ""),
        Column::Day(..) => ("text[]", "::date"),
        Column::Flag(..) => ("bool[]", ""),
        Column::Count(..) => ("int8[]", ""),
        Column::Sketch(..) => ("bytea[]", "::hll"),
    }
}

/// A column's values over every bucket of `batch`, in its order, as [`pg_type`]'s array.
fn array(column: Column, batch: &Batch) -> Box<dyn ToSql + Sync + Send + '_> {
    let rows = batch.buckets.iter();
    match column {
        Column::Text(_, get) => Box::new(rows.map(|(k, _)| get(k)).collect::<Vec<&str>>()),
        Column::Day(_, get) => Box::new(rows.map(|(k, _)| get(k).to_string()).collect::<Vec<_>>()),
        Column::Flag(_, get) => Box::new(rows.map(|(k, _)| get(k)).collect::<Vec<bool>>()),
        Column::Count(_, get) => Box::new(rows.map(|(_, t)| get(t) as i64).collect::<Vec<_>>()),
        Column::Sketch(_, get) => {
            Box::new(rows.map(|(_, t)| get(t).to_bytes()).collect::<Vec<_>>())
        }
    }
}

/// The PostgreSQL store.
#[derive(Debug)]
pub struct PgStore {
    config: Config,
    /// `host:port` of the server, for errors (never a user or password).
    server: String,
    /// The bound on each operation.
    timeout: Duration,
    client: Mutex<Option<Conn>>,
    read: Mutex<Option<Conn>>,
    /// The id of the last batch applied, which the flusher never gives again: the next batch's
    /// transaction deletes its row (see [`Store::apply`]).
    settled: std::sync::Mutex<Option<String>>,
}

fn pg(what: &'static str) -> impl FnOnce(tokio_postgres::Error) -> StoreError {
    move |source| StoreError::Postgres { what, source }
}

/// An open connection: the client and the task that drives its I/O, which is ended (closing
/// the socket) when the connection is dropped, so a connection given up on a timeout never
/// lingers on a server that does not answer.
#[derive(Debug)]
struct Conn {
    client: Client,
    io: tokio::task::AbortHandle,
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.io.abort();
    }
}

/// `host:port` of every host `config` names (a socket directory for a Unix socket).
fn server_of(config: &Config) -> String {
    let ports = config.get_ports();
    let port = |i: usize| ports.get(i).or(ports.first()).copied().unwrap_or(5432);
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, host)| match host {
            Host::Tcp(name) => format!("{name}:{}", port(i)),
            #[cfg(unix)]
            Host::Unix(dir) => format!("{}:{}", dir.display(), port(i)),
        })
        .collect();
    if hosts.is_empty() {
        format!("localhost:{}", port(0))
    } else {
        hosts.join(",")
    }
}

impl PgStore {
    /// Connects and migrates the schema (creating the `hll` extension when missing), all of
    /// it within `options.timeout`.
    pub async fn open(url: &str, options: Options) -> Result<PgStore, StoreError> {
        let mut config: Config = url.parse().map_err(pg("URL"))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(options.timeout);
        }
        config.application_name("gitops-checkpoint");
        let store = PgStore {
            server: server_of(&config),
            config,
            timeout: options.timeout,
            client: Mutex::new(None),
            read: Mutex::new(None),
            settled: std::sync::Mutex::new(None),
        };
        let deadline = store.deadline();
        let mut writer = store.writer(deadline).await?;
        let migrated = timeout_at(deadline, migrate(&mut writer.conn().client)).await;
        writer.settle("migrating the schema", migrated)?;
        drop(store.reader(deadline).await?);
        Ok(store)
    }

    /// A new connection, its I/O driven by a task of its own, opened by `deadline`.
    async fn connect(&self, deadline: Instant) -> Result<Conn, StoreError> {
        let (client, connection) = match timeout_at(deadline, self.config.connect(NoTls)).await {
            Ok(Ok(both)) => both,
            Ok(Err(source)) => {
                return Err(StoreError::PostgresConnect {
                    server: self.server.clone(),
                    source,
                });
            }
            Err(_) => return Err(self.timed_out("connecting")),
        };
        let io = tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(error = %e, "PostgreSQL connection closed");
            }
        });
        Ok(Conn {
            client,
            io: io.abort_handle(),
        })
    }

    fn timed_out(&self, what: &'static str) -> StoreError {
        StoreError::PostgresTimeout {
            server: self.server.clone(),
            what,
            after: self.timeout,
        }
    }

    /// The connection of `slot` (the writer or the reader), opened again first if there is
    /// none or it has broken, by `deadline`.
    async fn session<'a>(
        &'a self,
        slot: &'a Mutex<Option<Conn>>,
        deadline: Instant,
    ) -> Result<Session<'a>, StoreError> {
        let Ok(mut guard) = timeout_at(deadline, slot.lock()).await else {
            return Err(self.timed_out("waiting for its connection"));
        };
        if guard.as_ref().is_none_or(|c| c.client.is_closed()) {
            *guard = None;
            *guard = Some(self.connect(deadline).await?);
        }
        Ok(Session { store: self, guard })
    }

    /// The writing connection, for an operation that must end by `deadline`.
    async fn writer(&self, deadline: Instant) -> Result<Session<'_>, StoreError> {
        self.session(&self.client, deadline).await
    }

    /// The reading connection, for an operation that must end by `deadline`.
    async fn reader(&self, deadline: Instant) -> Result<Session<'_>, StoreError> {
        self.session(&self.read, deadline).await
    }

    /// When an operation begun now must have ended.
    fn deadline(&self) -> Instant {
        Instant::now() + self.timeout
    }
}

/// A connection held for one operation.
struct Session<'a> {
    store: &'a PgStore,
    guard: MutexGuard<'a, Option<Conn>>,
}

impl Session<'_> {
    /// The connection (a session always has one).
    fn conn(&mut self) -> &mut Conn {
        self.guard.as_mut().expect("a session holds a connection")
    }

    /// The outcome of an operation run under `timeout_at`: past the deadline the connection
    /// is dropped (its socket closed; the server rolls back what was not committed) and the
    /// operation fails naming the server and `what`.
    fn settle<T>(
        mut self,
        what: &'static str,
        outcome: Result<Result<T, StoreError>, Elapsed>,
    ) -> Result<T, StoreError> {
        match outcome {
            Ok(result) => result,
            Err(_) => {
                *self.guard = None;
                Err(self.store.timed_out(what))
            }
        }
    }
}

#[async_trait::async_trait]
impl Store for PgStore {
    async fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        let arrays: Vec<_> = BUCKET.into_iter().map(|c| array(c, batch)).collect();
        let params: Vec<&(dyn ToSql + Sync)> = arrays.iter().map(|a| &**a as _).collect();
        let id = batch.id.to_string();
        let deadline = self.deadline();
        let settled = self.settled.lock().expect("never poisoned").clone();
        let mut s = self.writer(deadline).await?;
        let client = &mut s.conn().client;
        let done = timeout_at(deadline, async {
            let tx = client.transaction().await.map_err(pg("begin"))?;
            if let Some(settled) = settled.filter(|old| *old != id) {
                tx.execute(
                    "DELETE FROM checkpoint_flushes WHERE id = $1::text::uuid",
                    &[&settled],
                )
                .await
                .map_err(pg("settled flush id"))?;
            }
            let first = tx
                .execute(
                    "INSERT INTO checkpoint_flushes (id) VALUES ($1::text::uuid) ON CONFLICT DO NOTHING",
                    &[&id],
                )
                .await
                .map_err(pg("flush id"))?;
            if first == 1 {
                tx.execute(UPSERT.as_str(), &params)
                    .await
                    .map_err(pg("upsert"))?;
            }
            tx.commit().await.map_err(pg("commit"))
        })
        .await;
        s.settle("writing a batch", done)?;
        *self.settled.lock().expect("never poisoned") = Some(id);
        Ok(())
    }

    async fn purge(&self, oldest: Date) -> Result<u64, StoreError> {
        let deadline = self.deadline();
        let mut s = self.writer(deadline).await?;
        let client = &s.conn().client;
        let done = timeout_at(deadline, async {
            let n = client
                .execute(
                    "DELETE FROM checkpoint_buckets WHERE day < $1::text::date",
                    &[&oldest.to_string()],
                )
                .await
                .map_err(pg("purge"))?;
            client
                .execute(
                    "DELETE FROM checkpoint_flushes WHERE at < now() - interval '2 days'",
                    &[],
                )
                .await
                .map_err(pg("purge"))?;
            Ok(n)
        })
        .await;
        s.settle("purging", done)
    }

    async fn groups(
        &self,
        product: &str,
        first: Date,
        last: Date,
        grouping: Grouping,
    ) -> Result<Vec<GroupRow>, StoreError> {
        let sql = group_sql(grouping, |n| match n {
            1 => "$1".to_string(),
            n => format!("${n}::text::date"),
        });
        let labels = grouped_by(grouping).len();
        let deadline = self.deadline();
        let mut s = self.reader(deadline).await?;
        let client = &s.conn().client;
        let args: [&(dyn ToSql + Sync); 3] = [&product, &first.to_string(), &last.to_string()];
        let read = timeout_at(deadline, async {
            client.query(&sql, &args).await.map_err(pg("stats"))
        })
        .await;
        let rows = s.settle("reading the stats", read)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let installs: Option<HllBytes> = row.get(labels + 2);
            out.extend(group_row(
                (0..labels).map(|i| row.get::<_, String>(i)).collect(),
                row.get(labels),
                row.get(labels + 1),
                installs.as_ref().map(|h| h.0.as_slice()),
            )?);
        }
        Ok(out)
    }

    async fn ping(&self) -> Result<(), StoreError> {
        let deadline = self.deadline();
        let mut s = self.writer(deadline).await?;
        let client = &s.conn().client;
        let done = timeout_at(deadline, async {
            client.simple_query("SELECT 1").await.map_err(pg("ping"))
        })
        .await;
        s.settle("ping", done).map(drop)
    }

    async fn products(&self, first: Date, last: Date) -> Result<Vec<String>, StoreError> {
        let deadline = self.deadline();
        let mut s = self.reader(deadline).await?;
        let client = &s.conn().client;
        let read = timeout_at(deadline, async {
            client
                .query(
                    "SELECT DISTINCT product FROM checkpoint_buckets \
                     WHERE day >= $1::text::date AND day <= $2::text::date ORDER BY product",
                    &[&first.to_string(), &last.to_string()],
                )
                .await
                .map_err(pg("products"))
        })
        .await;
        let rows = s.settle("reading the products", read)?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    async fn released_days(
        &self,
        product: &str,
        first: Date,
        last: Date,
    ) -> Result<Vec<Date>, StoreError> {
        let deadline = self.deadline();
        let mut s = self.reader(deadline).await?;
        let client = &s.conn().client;
        let read = timeout_at(deadline, async {
            client
                .query(
                    "SELECT day::text FROM checkpoint_releases WHERE product = $1 \
                     AND day >= $2::text::date AND day <= $3::text::date ORDER BY day",
                    &[&product, &first.to_string(), &last.to_string()],
                )
                .await
                .map_err(pg("releases"))
        })
        .await;
        let rows = s.settle("reading the releases", read)?;
        Ok(rows
            .iter()
            .filter_map(|r| r.get::<_, String>(0).parse().ok())
            .collect())
    }

    async fn last_released(&self, product: &str) -> Result<Option<Date>, StoreError> {
        let deadline = self.deadline();
        let mut s = self.reader(deadline).await?;
        let client = &s.conn().client;
        let read = timeout_at(deadline, async {
            client
                .query_one(
                    "SELECT max(day)::text FROM checkpoint_releases WHERE product = $1 AND windows > 0",
                    &[&product],
                )
                .await
                .map_err(pg("releases"))
        })
        .await;
        let row = s.settle("reading the releases", read)?;
        Ok(row.get::<_, Option<String>>(0).and_then(|d| d.parse().ok()))
    }

    async fn write_release(&self, release: &Release) -> Result<bool, StoreError> {
        let deadline = self.deadline();
        let mut s = self.writer(deadline).await?;
        let client = &mut s.conn().client;
        let done = timeout_at(deadline, async {
            let tx = client.transaction().await.map_err(pg("begin"))?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&RELEASE_LOCK])
                .await
                .map_err(pg("release lock"))?;
            let first = tx
                .execute(
                    "INSERT INTO checkpoint_releases (product, day, windows) \
                     VALUES ($1, $2::text::date, $3) ON CONFLICT DO NOTHING",
                    &[
                        &release.product,
                        &release.day.to_string(),
                        &(release.windows as i32),
                    ],
                )
                .await
                .map_err(pg("release"))?;
            if first == 1 {
                let cells = &release.cells;
                let days: Vec<String> = cells.iter().map(|c| c.day.to_string()).collect();
                let spans: Vec<i32> = cells.iter().map(|c| c.span_days as i32).collect();
                let breakdowns: Vec<&str> = cells.iter().map(|c| c.breakdown.as_str()).collect();
                let a: Vec<&str> = cells.iter().map(|c| c.a.as_str()).collect();
                let b: Vec<&str> = cells.iter().map(|c| c.b.as_str()).collect();
                let checks: Vec<i64> = cells.iter().map(|c| c.checks as i64).collect();
                let installs: Vec<i64> = cells.iter().map(|c| c.installs as i64).collect();
                tx.execute(
                    "INSERT INTO checkpoint_release_cells \
                     (product, day, span_days, breakdown, a, b, checks, installs) \
                     SELECT $1, t.day::date, t.span, t.breakdown, t.a, t.b, t.checks, t.installs \
                     FROM unnest($2::text[], $3::int4[], $4::text[], $5::text[], $6::text[], \
                     $7::int8[], $8::int8[]) AS t(day, span, breakdown, a, b, checks, installs)",
                    &[
                        &release.product,
                        &days,
                        &spans,
                        &breakdowns,
                        &a,
                        &b,
                        &checks,
                        &installs,
                    ],
                )
                .await
                .map_err(pg("release cells"))?;
            }
            tx.commit().await.map_err(pg("commit"))?;
            Ok(first == 1)
        })
        .await;
        s.settle("writing a release", done)
    }

    async fn released_cells(
        &self,
        product: &str,
        span_days: u32,
        first: Date,
        last: Date,
    ) -> Result<Vec<ReleasedCell>, StoreError> {
        let deadline = self.deadline();
        let mut s = self.reader(deadline).await?;
        let client = &s.conn().client;
        let read = timeout_at(deadline, async {
            client
                .query(
                    "SELECT day::text, breakdown, a, b, checks, installs FROM checkpoint_release_cells \
                     WHERE product = $1 AND span_days = $2 AND day >= $3::text::date \
                     AND day <= $4::text::date",
                    &[
                        &product,
                        &(span_days as i32),
                        &first.to_string(),
                        &last.to_string(),
                    ],
                )
                .await
                .map_err(pg("released cells"))
        })
        .await;
        let rows = s.settle("reading the released cells", read)?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                Some(ReleasedCell {
                    day: r.get::<_, String>(0).parse().ok()?,
                    span_days,
                    breakdown: r.get(1),
                    a: r.get(2),
                    b: r.get(3),
                    checks: r.get::<_, i64>(4).max(0) as u64,
                    installs: r.get::<_, i64>(5).max(0) as u64,
                })
            })
            .collect())
    }
}

/// Brings the schema to the newest version: the pending migrations and their records in one
/// transaction under an advisory lock, so collectors starting together apply each once.
async fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let tx = client.transaction().await.map_err(pg("schema"))?;
    // "already exists, skipping" notices of the IF NOT EXISTS statements are not news.
    tx.batch_execute("SET LOCAL client_min_messages TO warning")
        .await
        .map_err(pg("schema"))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(pg("schema"))?;
    let from_before: bool = tx
        .query_one(
            &format!(
                "SELECT to_regclass('checkpoint_buckets') IS NOT NULL AND to_regclass('{TABLE}') IS NULL"
            ),
            &[],
        )
        .await
        .map_err(pg("schema"))?
        .get(0);
    tx.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS {TABLE} (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )"
    ))
    .await
    .map_err(pg("schema"))?;
    let applied: Vec<u32> = tx
        .query(&format!("SELECT version FROM {TABLE}"), &[])
        .await
        .map_err(pg("schema"))?
        .iter()
        .map(|r| r.get::<_, i32>(0).unsigned_abs())
        .collect();
    let pending = pending(MIGRATIONS, Some(applied.as_slice()))?;
    if from_before {
        tracing::info!("adopting a PostgreSQL database from before numbered migrations");
    }
    for m in &pending {
        tx.batch_execute(m.sql).await.map_err(pg("migration"))?;
        tx.execute(
            &format!("INSERT INTO {TABLE} (version, name) VALUES ($1, $2)"),
            &[&(m.version as i32), &m.name],
        )
        .await
        .map_err(pg("migration"))?;
        tracing::info!(
            version = m.version,
            name = m.name,
            "PostgreSQL schema migrated"
        );
    }
    tx.commit().await.map_err(pg("schema"))
}

/// The `hll` type's binary form: the storage-format bytes (`hll_send` sends them as stored).
#[derive(Debug)]
struct HllBytes(Vec<u8>);

impl<'a> FromSql<'a> for HllBytes {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(HllBytes(raw.to_vec()))
    }

    fn accepts(ty: &Type) -> bool {
        ty.name() == "hll"
    }
}
