-- 1: the schema of the collector from before numbered migrations, statement for statement.
-- Every statement is IF NOT EXISTS: a database made then (these tables, no version table)
-- is adopted by running this migration, which changes nothing in it, and recording it.
-- Never edit an applied migration: add the next number.
CREATE EXTENSION IF NOT EXISTS hll;
CREATE TABLE IF NOT EXISTS checkpoint_buckets (
    product  text    NOT NULL,
    day      date    NOT NULL,
    version  text    NOT NULL,
    rc       boolean NOT NULL,
    os       text    NOT NULL,
    arch     text    NOT NULL,
    object   text    NOT NULL,
    command  text    NOT NULL,
    checks   bigint  NOT NULL,
    installs hll(11, 5, 0, 1) NOT NULL,
    PRIMARY KEY (product, day, version, rc, os, arch, object, command)
);
CREATE INDEX IF NOT EXISTS checkpoint_buckets_day ON checkpoint_buckets (day);
CREATE TABLE IF NOT EXISTS checkpoint_flushes (
    id uuid        PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now()
);
