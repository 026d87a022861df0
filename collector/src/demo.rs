//! Made-up counts for `serve --demo`: two years of closed days of a plausible product, written
//! through the store's normal path ([`Store::apply`] of one [`Batch`] per day), so the pages
//! and `/v1/stats` have something to show from a fresh clone.
//!
//! Owns the made-up population: a growing number of installations, each on one platform,
//! upgrading to each new release some days after it comes out (a few try its release
//! candidate first), each day running a few commands and an update check or not. Everything is
//! drawn from a fixed seed, so two runs seed the same counts. A store that already has checks
//! in the seeded days is left alone.

use jiff::civil::Date;

use crate::aggregate::{Batch, BucketKey};
use crate::store::{Grouping, Store, StoreError};

/// How many closed days are seeded, ending yesterday.
pub const DAYS: u32 = 730;

/// Days between two releases.
const CADENCE: i64 = 42;

/// The platforms, and how many installations in a hundred use each.
const PLATFORMS: [(&str, &str, u64); 6] = [
    ("linux", "amd64", 55),
    ("darwin", "arm64", 22),
    ("darwin", "amd64", 10),
    ("linux", "arm64", 7),
    ("windows", "amd64", 5),
    ("freebsd", "amd64", 1),
];

/// The commands, and how often each is run (weights).
const COMMANDS: [(&str, &str, u64); 10] = [
    ("get", "clusters", 30),
    ("get", "apps", 25),
    ("add", "app", 12),
    ("add", "cluster", 8),
    ("get", "kustomizations", 8),
    ("delete", "app", 5),
    ("add", "kustomization", 5),
    ("ui", "run", 4),
    ("get", "sources", 2),
    ("delete", "cluster", 1),
];

/// A step of SplitMix64: the same stream for the same seed.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn pick<T: Copy>(table: &[(T, T, u64)], roll: u64) -> (T, T) {
    let total: u64 = table.iter().map(|t| t.2).sum();
    let mut r = roll % total;
    for &(a, b, w) in table {
        if r < w {
            return (a, b);
        }
        r -= w;
    }
    (table[0].0, table[0].1)
}

/// The checks of one made-up day (`t` days after the first seeded day).
fn day_batch(product: &str, day: Date, t: i64) -> Batch {
    let mut batch = Batch::new();
    let population = 400 + (t as u64) * 2;
    let released = t / CADENCE + 1;
    for id in 0..population {
        let r = mix(id);
        if mix(r ^ (t as u64)) % 100 >= 30 {
            continue;
        }
        // The newest release this installation has upgraded to: it waits `delay` days.
        let delay = (r >> 8) % 60;
        let joined = (r >> 20) % (DAYS as u64);
        if (joined as i64) > t + 60 {
            continue;
        }
        let upgraded = ((t - delay as i64).max(0) / CADENCE + 1).min(released);
        let mut version = format!("0.{}.0", 20 + upgraded);
        let rc_of_next = t % CADENCE >= CADENCE - 7;
        if (r >> 40) % 100 < 4 && rc_of_next {
            version = format!("0.{}.0-rc.1", 21 + released);
        }
        let rc = version.contains("-rc");
        let (os, arch) = pick(&PLATFORMS, r >> 12);
        let signature = format!("demo-installation-{id}");
        let roll = mix(r.wrapping_add(t as u64 * 7919));
        let mut add = |object: &str, command: &str, checks: u64| {
            let key = BucketKey {
                day,
                product: product.to_string(),
                version: version.clone(),
                rc,
                os: os.to_string(),
                arch: arch.to_string(),
                object: object.to_string(),
                command: command.to_string(),
            };
            let tally = batch.buckets.entry(key).or_default();
            tally.checks += checks;
            if !command.is_empty() {
                tally.installs.add_signature(&signature);
            }
        };
        if roll.is_multiple_of(2) {
            add("", "", 1);
        }
        for n in 0..(roll >> 4) % 4 {
            let (object, command) = pick(&COMMANDS, mix(roll + n));
            add(object, command, 1 + (roll >> (8 + n)) % 3);
        }
    }
    // An update check carries no signature: its bucket's sketch stays empty.
    batch
}

/// Seeds `DAYS` closed days of `product` ending the day before `today`, one batch a day.
/// Returns the checks written, or 0 when the store already has checks in those days.
pub async fn seed(store: &dyn Store, product: &str, today: Date) -> Result<u64, StoreError> {
    let first = today
        .checked_sub(jiff::Span::new().days(i64::from(DAYS)))
        .unwrap_or(Date::MIN);
    let last = today.yesterday().unwrap_or(Date::MIN);
    let existing = store.groups(product, first, last, Grouping::Total).await?;
    if existing.iter().any(|g| g.checks > 0) {
        return Ok(0);
    }
    let mut written = 0;
    let mut day = first;
    let mut t = 0;
    while day <= last {
        let batch = day_batch(product, day, t);
        written += batch.checks();
        store.apply(&batch).await?;
        t += 1;
        day = match day.tomorrow() {
            Ok(d) => d,
            Err(_) => break,
        };
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_has_versions_platforms_commands_and_update_checks() {
        let day = jiff::civil::date(2026, 1, 1);
        let batch = day_batch("weave-gitops", day, 300);
        let keys: Vec<&BucketKey> = batch.buckets.keys().collect();
        let distinct = |f: fn(&BucketKey) -> &str| {
            let mut v: Vec<&str> = keys.iter().map(|k| f(k)).collect();
            v.sort();
            v.dedup();
            v.len()
        };
        assert!(distinct(|k| &k.version) >= 2);
        assert!(distinct(|k| &k.os) >= 3);
        assert!(distinct(|k| &k.command) >= 5);
        assert!(keys.iter().any(|k| k.is_update_check()));
        assert!(batch.checks() > 200);
        assert_eq!(day_batch("weave-gitops", day, 300).buckets, batch.buckets);
    }
}
