-- 2: versions are stored without their leading `v` (the releases' own builds sent `0.6.0`,
-- builds from source `v0.6.0`; since the collector normalises them they are one version).
-- Each old `v`-prefixed row is merged into the row of its unprefixed version: checks summed,
-- install sketches unioned with the collector's own hll_union (the SQL function the store
-- registers over its sketch, byte for byte PostgreSQL's), then the old row is removed.
-- `rc` is derived from the version, which the `v` does not change, so it stays as it is.
INSERT INTO checkpoint_buckets
    (product, day, version, rc, os, arch, object, command, checks, installs)
SELECT product, day, substr(version, 2), rc, os, arch, object, command, checks, installs
FROM checkpoint_buckets
WHERE substr(version, 1, 1) = 'v'
ON CONFLICT (product, day, version, rc, os, arch, object, command) DO UPDATE SET
    checks = checkpoint_buckets.checks + excluded.checks,
    installs = hll_union(checkpoint_buckets.installs, excluded.installs);
DELETE FROM checkpoint_buckets WHERE substr(version, 1, 1) = 'v';
