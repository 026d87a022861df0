//! The PostgreSQL store: one database shared by any number of collectors, with the `hll`
//! extension keeping the installs sketches.
//!
//! Owns the PostgreSQL schema (its numbered migrations, applied at open under an advisory lock
//! so collectors starting together do not race) and the batch write: one transaction that
//! records the batch id (a retry of a batch already applied changes nothing) and upserts every
//! bucket with `checks = checks + n` and `installs = hll_union(installs, sketch)`, rows in one
//! global key order. One connection,
//! re-opened when it breaks. The URL may hold a password; it is never logged.

use std::time::Duration;

use jiff::civil::Date;
use tokio::sync::{Mutex, MutexGuard};
use tokio_postgres::types::{FromSql, Type};
use tokio_postgres::{Client, Config, NoTls};

use super::migrations::{Migration, TABLE, pending};
use super::{GroupRow, Grouping, StoreError, group_sql};
use crate::aggregate::Batch;
use crate::sketch::Sketch;

/// The PostgreSQL schema's migrations, oldest first.
pub(super) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "buckets_and_flushes",
    sql: include_str!("../../migrations/postgres/0001_buckets_and_flushes.sql"),
}];

/// The advisory lock the migrations are applied under.
const MIGRATION_LOCK: i64 = 72624017;

const UPSERT: &str = "
INSERT INTO checkpoint_buckets AS b
    (product, day, version, rc, os, arch, object, command, checks, installs)
SELECT t.product, t.day::date, t.version, t.rc, t.os, t.arch, t.object, t.command, t.checks,
       t.installs::hll
FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::text[], $6::text[],
            $7::text[], $8::text[], $9::int8[], $10::bytea[])
    AS t(product, day, version, rc, os, arch, object, command, checks, installs)
ON CONFLICT (product, day, version, rc, os, arch, object, command) DO UPDATE SET
    checks = b.checks + excluded.checks,
    installs = hll_union(b.installs, excluded.installs)";

/// A batch as the arrays `UPSERT` unnests, one per column.
#[derive(Default)]
struct Columns<'a> {
    product: Vec<&'a str>,
    day: Vec<String>,
    version: Vec<&'a str>,
    rc: Vec<bool>,
    os: Vec<&'a str>,
    arch: Vec<&'a str>,
    object: Vec<&'a str>,
    command: Vec<&'a str>,
    checks: Vec<i64>,
    installs: Vec<Vec<u8>>,
}

/// The PostgreSQL store.
#[derive(Debug)]
pub struct PgStore {
    config: Config,
    client: Mutex<Option<Client>>,
}

fn pg(what: &'static str) -> impl FnOnce(tokio_postgres::Error) -> StoreError {
    move |source| StoreError::Postgres { what, source }
}

impl PgStore {
    /// Connects and creates the schema (and the `hll` extension) when missing.
    pub async fn open(url: &str) -> Result<PgStore, StoreError> {
        let mut config: Config = url.parse().map_err(pg("URL"))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        config.application_name("gitops-checkpoint");
        let store = PgStore {
            config,
            client: Mutex::new(None),
        };
        let mut session = store.session().await?;
        let client = session.as_mut().expect("connected");
        migrate(client).await?;
        drop(session);
        Ok(store)
    }

    /// The connection, opened (again) when there is none or it broke.
    async fn session(&self) -> Result<MutexGuard<'_, Option<Client>>, StoreError> {
        let mut guard = self.client.lock().await;
        if guard.as_ref().is_none_or(Client::is_closed) {
            let (client, connection) = self.config.connect(NoTls).await.map_err(pg("connect"))?;
            tokio::spawn(async move {
                if let Err(e) = connection.await {
                    tracing::warn!(error = %e, "PostgreSQL connection closed");
                }
            });
            *guard = Some(client);
        }
        Ok(guard)
    }

    pub(super) async fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        let mut c = Columns::default();
        for (k, t) in &batch.buckets {
            c.product.push(&k.product);
            c.day.push(k.day.to_string());
            c.version.push(&k.version);
            c.rc.push(k.rc);
            c.os.push(&k.os);
            c.arch.push(&k.arch);
            c.object.push(&k.object);
            c.command.push(&k.command);
            c.checks.push(t.checks as i64);
            c.installs.push(t.installs.to_bytes());
        }
        let id = batch.id.to_string();
        let mut session = self.session().await?;
        let client = session.as_mut().expect("connected");
        let result = async {
            let tx = client.transaction().await.map_err(pg("begin"))?;
            let first = tx
                .execute(
                    "INSERT INTO checkpoint_flushes (id) VALUES ($1::text::uuid) ON CONFLICT DO NOTHING",
                    &[&id],
                )
                .await
                .map_err(pg("flush id"))?;
            if first == 1 {
                tx.execute(
                    UPSERT,
                    &[
                        &c.product, &c.day, &c.version, &c.rc, &c.os, &c.arch, &c.object,
                        &c.command, &c.checks, &c.installs,
                    ],
                )
                .await
                .map_err(pg("upsert"))?;
            }
            tx.commit().await.map_err(pg("commit"))
        }
        .await;
        if result.is_err() && client.is_closed() {
            *session = None;
        }
        result
    }

    pub(super) async fn purge(&self, oldest: Date) -> Result<u64, StoreError> {
        let mut session = self.session().await?;
        let client = session.as_mut().expect("connected");
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
    }

    pub(super) async fn groups(
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
        let labels = grouping.columns().len();
        let mut session = self.session().await?;
        let client = session.as_mut().expect("connected");
        let rows = client
            .query(&sql, &[&product, &first.to_string(), &last.to_string()])
            .await
            .map_err(pg("stats"))?;
        drop(session);
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let Some(checks) = row.get::<_, Option<i64>>(labels) else {
                continue;
            };
            let installs: Option<HllBytes> = row.get(labels + 2);
            out.push(GroupRow {
                labels: (0..labels).map(|i| row.get::<_, String>(i)).collect(),
                checks: checks as u64,
                commands: row.get::<_, Option<i64>>(labels + 1).unwrap_or(0) as u64,
                installs: match installs {
                    Some(HllBytes(bytes)) => Sketch::from_bytes(&bytes)?,
                    None => Sketch::new(),
                },
            });
        }
        Ok(out)
    }

    pub(super) async fn ping(&self) -> Result<(), StoreError> {
        let mut session = self.session().await?;
        let client = session.as_mut().expect("connected");
        client.simple_query("SELECT 1").await.map_err(pg("ping"))?;
        Ok(())
    }
}

/// Brings the schema to the newest version: the pending migrations and their records in one
/// transaction under an advisory lock, so collectors starting together apply each once.
async fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let tx = client.transaction().await.map_err(pg("schema"))?;
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
    let current: Option<i32> = tx
        .query_one(&format!("SELECT max(version) FROM {TABLE}"), &[])
        .await
        .map_err(pg("schema"))?
        .get(0);
    let pending = pending(MIGRATIONS, current.map(|v| v.unsigned_abs()))?;
    if from_before {
        tracing::info!("adopting a PostgreSQL database from before numbered migrations");
    }
    for m in pending {
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
