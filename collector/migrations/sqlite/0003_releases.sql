-- 3: releases, what becomes public. A closed UTC day of a product is released once: its row
-- in checkpoint_releases and its published cells, noise included, in one transaction. Only
-- cells at or over k after noise are written; nothing else about the day is ever public.
-- span_days is 1 for the day's own cells (checks and installations of that day), and 7, 30,
-- 90 or 365 for the installations of the window of that many days ending on the day.
-- breakdown is total, command, version, platform or other-<breakdown>; a and b are the
-- cell's labels (object and command, version, os and arch), empty when unused.
CREATE TABLE IF NOT EXISTS checkpoint_releases (
    product     TEXT    NOT NULL,
    day         TEXT    NOT NULL,
    released_at TEXT    NOT NULL,
    windows     INTEGER NOT NULL,
    PRIMARY KEY (product, day)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoint_release_cells (
    product   TEXT    NOT NULL,
    day       TEXT    NOT NULL,
    span_days INTEGER NOT NULL,
    breakdown TEXT    NOT NULL,
    a         TEXT    NOT NULL,
    b         TEXT    NOT NULL,
    checks    INTEGER NOT NULL,
    installs  INTEGER NOT NULL,
    PRIMARY KEY (product, span_days, day, breakdown, a, b)
) WITHOUT ROWID;
