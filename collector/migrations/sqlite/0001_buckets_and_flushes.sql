-- 1: the schema of the collector from before numbered migrations, statement for statement.
-- Every statement is IF NOT EXISTS: a database made then (these tables, no version table)
-- is adopted by running this migration, which changes nothing in it, and recording it.
-- Never edit an applied migration: add the next number.
CREATE TABLE IF NOT EXISTS checkpoint_buckets (
    product  TEXT    NOT NULL,
    day      TEXT    NOT NULL,
    version  TEXT    NOT NULL,
    rc       INTEGER NOT NULL,
    os       TEXT    NOT NULL,
    arch     TEXT    NOT NULL,
    object   TEXT    NOT NULL,
    command  TEXT    NOT NULL,
    checks   INTEGER NOT NULL,
    installs BLOB    NOT NULL,
    PRIMARY KEY (product, day, version, rc, os, arch, object, command)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS checkpoint_buckets_day ON checkpoint_buckets (day);
CREATE TABLE IF NOT EXISTS checkpoint_flushes (
    id  TEXT    PRIMARY KEY,
    day TEXT    NOT NULL
);
