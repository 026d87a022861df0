//! The SQL both backends share: a bucket's columns, written once, and the upsert and the
//! groups query built from them in either dialect; a group's row read back into a
//! [`GroupRow`].
//!
//! Owns the column list ([`BUCKET`]: names, order, which are the key, how each value is read
//! from a bucket) and the merge rule of the upsert (`checks` added, `installs` unioned). It
//! holds no connection and binds no value: each backend turns a [`Column`] into its own
//! parameter (a row of `?n` for SQLite, one array per column for PostgreSQL). The tables
//! themselves are the migrations'.

use crate::aggregate::{BucketKey, Tally};
use crate::sketch::Sketch;
use jiff::civil::Date;

use super::{GroupRow, Grouping, StoreError};

/// One column of `checkpoint_buckets`: its name and how its value is read.
#[derive(Clone, Copy)]
pub(super) enum Column {
    /// A text column of the key.
    Text(&'static str, fn(&BucketKey) -> &str),
    /// The day of the key.
    Day(&'static str, fn(&BucketKey) -> Date),
    /// A boolean column of the key.
    Flag(&'static str, fn(&BucketKey) -> bool),
    /// A count, added on conflict.
    Count(&'static str, fn(&Tally) -> u64),
    /// A sketch, unioned on conflict.
    Sketch(&'static str, fn(&Tally) -> &Sketch),
}

/// The columns of a bucket in the order every statement lists them: the key (the primary
/// key, in its order), then the values.
pub(super) const BUCKET: [Column; 10] = [
    Column::Text("product", |k| &k.product),
    Column::Day("day", |k| k.day),
    Column::Text("version", |k| &k.version),
    Column::Flag("rc", |k| k.rc),
    Column::Text("os", |k| &k.os),
    Column::Text("arch", |k| &k.arch),
    Column::Text("object", |k| &k.object),
    Column::Text("command", |k| &k.command),
    Column::Count("checks", |t| t.checks),
    Column::Sketch("installs", |t| &t.installs),
];

impl Column {
    /// The column's name.
    pub(super) fn name(self) -> &'static str {
        match self {
            Column::Text(name, _)
            | Column::Day(name, _)
            | Column::Flag(name, _)
            | Column::Count(name, _)
            | Column::Sketch(name, _) => name,
        }
    }

    fn is_key(self) -> bool {
        matches!(self, Column::Text(..) | Column::Day(..) | Column::Flag(..))
    }
}

/// `a, b, c` of the columns.
fn names(columns: impl Iterator<Item = Column>) -> String {
    columns.map(Column::name).collect::<Vec<_>>().join(", ")
}

/// The upsert of the rows that `source` gives (a `VALUES` or `SELECT` of [`BUCKET`]'s
/// columns in order): a new key is inserted, a known one gets `checks` added and `installs`
/// unioned. The table is aliased `b`.
pub(super) fn upsert_sql(source: &str) -> String {
    format!(
        "INSERT INTO checkpoint_buckets AS b ({}) {source} \
         ON CONFLICT ({}) DO UPDATE SET \
         checks = b.checks + excluded.checks, \
         installs = hll_union(b.installs, excluded.installs)",
        names(BUCKET.into_iter()),
        names(BUCKET.into_iter().filter(|c| c.is_key())),
    )
}

/// `a, b, c` of every column of a bucket, for a backend's `source` of [`upsert_sql`].
pub(super) fn bucket_names() -> String {
    names(BUCKET.into_iter())
}

/// The columns grouped by, which become a [`GroupRow`]'s labels.
pub(super) fn grouped_by(grouping: Grouping) -> &'static [&'static str] {
    match grouping {
        Grouping::Total => &[],
        Grouping::Command => &["object", "command"],
        Grouping::Version => &["version"],
        Grouping::Platform => &["os", "arch"],
        Grouping::Day => &["CAST(day AS TEXT)"],
    }
}

/// The query of one grouping for one product and a range of days: the labels, then
/// `checks`, `commands` and the union of the sketches. `p(n)` writes the n-th placeholder
/// (1: product, 2: first day, 3: last day) in the store's dialect; the union aggregate is
/// called `hll_union_agg` in both stores.
pub(super) fn group_sql(grouping: Grouping, p: impl Fn(usize) -> String) -> String {
    let columns = grouped_by(grouping);
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

/// One row of [`group_sql`] as a backend read it; `None` when the row is the empty
/// aggregate of no buckets (its sums are NULL).
pub(super) fn group_row(
    labels: Vec<String>,
    checks: Option<i64>,
    commands: Option<i64>,
    installs: Option<&[u8]>,
) -> Result<Option<GroupRow>, StoreError> {
    let Some(checks) = checks else {
        return Ok(None);
    };
    Ok(Some(GroupRow {
        labels,
        checks: checks as u64,
        commands: commands.unwrap_or(0) as u64,
        installs: match installs {
            Some(bytes) => Sketch::from_bytes(bytes)?,
            None => Sketch::new(),
        },
    }))
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

    #[test]
    fn the_upsert_lists_the_columns_and_conflicts_on_the_key() {
        assert_eq!(
            upsert_sql("VALUES (…)"),
            "INSERT INTO checkpoint_buckets AS b \
             (product, day, version, rc, os, arch, object, command, checks, installs) \
             VALUES (…) ON CONFLICT (product, day, version, rc, os, arch, object, command) \
             DO UPDATE SET checks = b.checks + excluded.checks, \
             installs = hll_union(b.installs, excluded.installs)"
        );
    }

    /// The key columns are the primary key of migration 1, in its order, on both backends.
    #[test]
    fn the_key_is_the_primary_key() {
        let key = names(BUCKET.into_iter().filter(|c| c.is_key()));
        for sql in [
            super::super::sqlite::MIGRATIONS[0].sql,
            super::super::postgres::MIGRATIONS[0].sql,
        ] {
            assert!(sql.contains(&format!("PRIMARY KEY ({key})")), "{sql}");
        }
    }
}
