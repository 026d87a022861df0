//! Pre-aggregation in memory: each accepted check is one increment of its bucket here, and the
//! flusher drains every bucket as one [`Batch`] per write, so the store sees one write per
//! distinct bucket, however many requests there were. Drains are numbered (the cycles), so a
//! check knows which write holds its count (see `crate::commit`).
//!
//! Owns the bucket key (day × product × version × rc × os × arch × object × command), the
//! batch, and the contribution bound: one installation (one signature) is counted in at most
//! [`MAX_BUCKETS`] distinct buckets and for at most [`MAX_CHECKS`] checks per UTC day; its
//! further checks are answered but not counted. The bound is kept with a keyed hash of the
//! signature, its key random, held in memory for the open day only and dropped when the day
//! changes (at the first check or drain after midnight UTC), never written anywhere; the
//! bound is per process (see `collector/PRIVACY.md`). A signature only passes through: it is
//! hashed into the bucket's [`Sketch`] and the keyed hash, and dropped. The update-only check
//! (no signature) is the bucket with an empty object and command, and cannot be bounded. No
//! I/O.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use checkpoint_protocol::received::{CheckRules, ReceivedCheck, SignatureShape};
use jiff::civil::Date;

use crate::sketch::Sketch;

/// A day as a number of days since 1970-01-01 (UTC).
pub type DayNumber = i32;

/// The most distinct buckets one installation is counted in per UTC day.
pub const MAX_BUCKETS: u64 = 2;

/// The most checks one installation is counted for per UTC day.
pub const MAX_CHECKS: u64 = 8;

/// Today's day number (UTC).
pub fn today() -> DayNumber {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (secs / 86_400) as DayNumber
}

/// The calendar date of a day number.
pub fn date_of(day: DayNumber) -> Date {
    jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(i64::from(day)))
        .unwrap_or(Date::MAX)
}

/// One bucket of the store: what a count is counted by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BucketKey {
    /// The day (UTC).
    pub day: Date,
    /// The product.
    pub product: String,
    /// The version without a leading `v` (`v0.38.0` and `0.38.0` are one bucket).
    pub version: String,
    /// Whether the version is a release candidate, by the protocol's rule (never `flag_rc`).
    pub rc: bool,
    /// Go's os.
    pub os: String,
    /// Go's arch.
    pub arch: String,
    /// `flag_object`; empty for an update check (and for a bare `gitops`).
    pub object: String,
    /// `flag_command`; empty for an update check only.
    pub command: String,
}

impl BucketKey {
    /// Whether the bucket counts update-only checks.
    pub fn is_update_check(&self) -> bool {
        self.command.is_empty()
    }
}

/// The count of one bucket and the sketch of its signatures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Checks answered 200.
    pub checks: u64,
    /// The distinct signatures among them.
    pub installs: Sketch,
}

impl Tally {
    /// Adds `other` to this tally.
    pub fn merge(&mut self, other: &Tally) {
        self.checks += other.checks;
        self.installs.merge(&other.installs);
    }
}

/// Increments to apply to the store at once, exactly once (by `id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Identifies the batch, so that a retried write is applied once.
    pub id: uuid::Uuid,
    /// The increments, in key order (every writer locks rows in the same order).
    pub buckets: BTreeMap<BucketKey, Tally>,
}

impl Batch {
    /// An empty batch with a fresh id.
    pub fn new() -> Batch {
        Batch {
            id: uuid::Uuid::new_v4(),
            buckets: BTreeMap::new(),
        }
    }

    /// Whether there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    /// The checks in the batch.
    pub fn checks(&self) -> u64 {
        self.buckets.values().map(|t| t.checks).sum()
    }

    /// Adds every increment of `other` (keeping this batch's id).
    pub fn absorb(&mut self, other: Batch) {
        for (key, tally) in other.buckets {
            self.buckets.entry(key).or_default().merge(&tally);
        }
    }
}

impl Default for Batch {
    fn default() -> Self {
        Batch::new()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    day: DayNumber,
    product: u32,
    version: u32,
    rc: bool,
    os: &'static str,
    arch: &'static str,
    verbs: Option<u16>,
}

/// The buckets since the last drain; strings are interned per cycle so that a request
/// allocates nothing once its bucket exists.
#[derive(Debug, Default)]
struct Cycle {
    ids: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    tallies: HashMap<Key, Tally>,
}

impl Cycle {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(id) = self.ids.get(s) {
            return *id;
        }
        let id = self.names.len() as u32;
        self.names.push(s.into());
        self.ids.insert(s.into(), id);
        id
    }
}

/// What one installation has been counted for on the open day.
#[derive(Debug, Default)]
struct Seen {
    checks: u64,
    buckets: Vec<u64>,
}

/// The contribution bound of one open day: installations by a keyed hash of their signature.
#[derive(Debug)]
struct Bound {
    day: DayNumber,
    /// The key of the hash: random, made for this day, dropped with it.
    key: RandomState,
    seen: HashMap<u64, Seen>,
}

impl Bound {
    fn new(day: DayNumber) -> Bound {
        Bound {
            day,
            key: RandomState::new(),
            seen: HashMap::new(),
        }
    }

    /// Whether a check of `signature` into `bucket` on `day` is counted, and notes it if so.
    fn admit(&mut self, day: DayNumber, signature: &str, bucket: &Key) -> bool {
        if day != self.day {
            *self = Bound::new(day);
        }
        let install = self.key.hash_one(signature);
        let bucket = self.key.hash_one(bucket);
        let seen = self.seen.entry(install).or_default();
        if seen.checks >= MAX_CHECKS {
            return false;
        }
        if !seen.buckets.contains(&bucket) {
            if seen.buckets.len() as u64 >= MAX_BUCKETS {
                return false;
            }
            seen.buckets.push(bucket);
        }
        seen.checks += 1;
        true
    }
}

#[derive(Debug)]
struct Inner {
    cycle: Cycle,
    bound: Bound,
}

/// The in-memory counts of one collector process.
#[derive(Debug)]
pub struct Aggregator {
    rules: CheckRules,
    inner: Mutex<Inner>,
    /// The number of the cycle counting now (drains so far), changed under `inner`'s lock.
    cycle: AtomicU64,
}

impl Aggregator {
    /// An empty aggregator whose verbs are indexes of `rules`.
    pub fn new(rules: CheckRules) -> Aggregator {
        Aggregator {
            rules,
            inner: Mutex::new(Inner {
                cycle: Cycle::default(),
                bound: Bound::new(today()),
            }),
            cycle: AtomicU64::new(0),
        }
    }

    /// The rules that checks are parsed with.
    pub fn rules(&self) -> &CheckRules {
        &self.rules
    }

    /// Counts one accepted check of `product` on `day`, unless its installation has reached
    /// the contribution bound of the day; whether it was counted.
    pub fn count(&self, day: DayNumber, product: &str, check: &ReceivedCheck<'_>) -> bool {
        let signed = check.signature_shape != SignatureShape::Empty;
        let hash = signed.then(|| crate::sketch::hash_signature(&check.signature));
        let mut inner = self.inner.lock().expect("never poisoned");
        let Inner { cycle, bound } = &mut *inner;
        let key = Key {
            day,
            product: cycle.intern(product),
            version: cycle.intern(&check.version),
            rc: check.rc,
            os: check.os,
            arch: check.arch,
            verbs: check.verbs.map(|v| v.pair),
        };
        if signed && !bound.admit(day, &check.signature, &key) {
            return false;
        }
        let tally = cycle.tallies.entry(key).or_default();
        tally.checks += 1;
        if let Some(hash) = hash {
            tally.installs.add_hash(hash);
        }
        true
    }

    /// The number of buckets waiting for the next drain.
    pub fn pending_buckets(&self) -> usize {
        self.inner
            .lock()
            .expect("never poisoned")
            .cycle
            .tallies
            .len()
    }

    /// The number of the cycle counting now: read after [`Aggregator::count`], the count is in
    /// the cycle of this number or an older one (see `crate::commit`).
    pub fn cycle(&self) -> u64 {
        self.cycle.load(Ordering::Acquire)
    }

    /// Takes every bucket counted so far, as a batch; after midnight UTC, also drops the
    /// closed day's bound and its key.
    pub fn drain(&self) -> Batch {
        self.drain_numbered().1
    }

    /// [`Aggregator::drain`], with the number of the cycle taken; the next cycle has the next
    /// number.
    pub fn drain_numbered(&self) -> (u64, Batch) {
        let (number, cycle) = {
            let mut inner = self.inner.lock().expect("never poisoned");
            let now = today();
            if inner.bound.day < now {
                inner.bound = Bound::new(now);
            }
            let number = self.cycle.fetch_add(1, Ordering::AcqRel);
            (number, std::mem::take(&mut inner.cycle))
        };
        let mut batch = Batch::new();
        for (key, tally) in cycle.tallies {
            let (object, command) = match key.verbs {
                Some(pair) => self.rules.pair(pair).expect("an index from these rules"),
                None => ("", ""),
            };
            let key = BucketKey {
                day: date_of(key.day),
                product: cycle.names[key.product as usize].to_string(),
                version: cycle.names[key.version as usize].to_string(),
                rc: key.rc,
                os: key.os.to_string(),
                arch: key.arch.to_string(),
                object: object.to_string(),
                command: command.to_string(),
            };
            batch.buckets.entry(key).or_default().merge(&tally);
        }
        (number, batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkpoint_protocol::vocabulary::Vocabulary;

    #[test]
    fn checks_become_buckets_and_signatures_only_sketches() {
        let agg = Aggregator::new(CheckRules::new(&Vocabulary::builtin()));
        let rules = CheckRules::new(&Vocabulary::builtin());
        let queries = [
            "arch=amd64&flag_command=cluster&flag_object=add&flag_rc=no&os=linux&signature=3f2b8c1e-6a4d-4e8f-9b2a-1c5d7e9f0a3b&version=0.38.0",
            "arch=amd64&flag_command=cluster&flag_object=add&flag_rc=no&os=linux&signature=3f2b8c1e-6a4d-4e8f-9b2a-1c5d7e9f0a3b&version=0.38.0",
            "arch=amd64&flag_command=cluster&flag_object=add&flag_rc=no&os=linux&signature=00000000-6a4d-4e8f-9b2a-1c5d7e9f0a3b&version=0.38.0",
            "arch=amd64&os=linux&signature=&version=0.39.0-rc.1",
        ];
        for q in queries {
            agg.count(20_000, "weave-gitops", &rules.parse(q).unwrap());
        }
        assert_eq!(agg.pending_buckets(), 2);
        let batch = agg.drain();
        assert_eq!(agg.pending_buckets(), 0);
        assert_eq!(batch.checks(), 4);
        let mut buckets = batch.buckets.into_iter();
        let (key, tally) = buckets.next().unwrap();
        assert_eq!(
            (key.object.as_str(), key.command.as_str()),
            ("add", "cluster")
        );
        assert_eq!((tally.checks, tally.installs.count()), (3, 2));
        assert_eq!(key.day, jiff::civil::date(2024, 10, 4));
        let (key, tally) = buckets.next().unwrap();
        assert!(key.is_update_check() && key.rc);
        assert_eq!((tally.checks, tally.installs.count()), (1, 0));
    }

    /// One installation counts in at most MAX_BUCKETS buckets and MAX_CHECKS checks a day;
    /// another installation, an unsigned check and the next day are not held back.
    #[test]
    fn one_installation_is_counted_within_the_bound() {
        let rules = CheckRules::new(&Vocabulary::builtin());
        let agg = Aggregator::new(rules.clone());
        let q = |sig: &str, command: &str| {
            format!(
                "arch=amd64&flag_command={command}&flag_object=add&flag_rc=no&os=linux&signature={sig}&version=0.38.0"
            )
        };
        let victim = "3f2b8c1e-6a4d-4e8f-9b2a-1c5d7e9f0a3b";
        let other = "00000000-6a4d-4e8f-9b2a-1c5d7e9f0a3b";
        let count = |day, query: &str| agg.count(day, "weave-gitops", &rules.parse(query).unwrap());
        let day = today();
        let counted = (0..20)
            .filter(|_| count(day, &q(victim, "cluster")))
            .count() as u64;
        assert_eq!(counted, MAX_CHECKS);
        let agg2 = Aggregator::new(rules.clone());
        let count2 = |query: &str| agg2.count(day, "weave-gitops", &rules.parse(query).unwrap());
        assert!(count2(&q(victim, "cluster")));
        assert!(count2(&q(victim, "app")));
        assert!(!count2(&q(victim, "profile")), "a third bucket");
        assert!(count2(&q(victim, "app")), "a bucket already counted");
        assert!(count2(&q(other, "profile")));
        assert!(count2("arch=amd64&os=linux&signature=&version=0.38.0"));
        assert!(
            !count2(&q(victim, "app").replace("0.38.0", "0.39.0")),
            "a new version is a new bucket"
        );
        // The next day has a new key and a fresh bound.
        assert!(agg.count(
            day + 1,
            "weave-gitops",
            &rules.parse(&q(victim, "cluster")).unwrap()
        ));
        let batch = agg.drain();
        assert_eq!(batch.checks(), MAX_CHECKS + 1);
    }

    #[test]
    fn a_version_with_or_without_v_is_one_bucket_whose_rc_is_the_versions() {
        let rules = CheckRules::new(&Vocabulary::builtin());
        let agg = Aggregator::new(rules.clone());
        let q = |version: &str, rc: &str| {
            format!(
                "arch=amd64&flag_command=app&flag_object=add{rc}&os=linux&signature=&version={version}"
            )
        };
        // weave-gitops v0.6.0 as released (no v, no flag_rc), built from source (v), and a
        // client whose flag_rc contradicts the version.
        for query in [q("0.6.0", ""), q("v0.6.0", ""), q("0.6.0", "&flag_rc=yes")] {
            agg.count(20_000, "weave-gitops", &rules.parse(&query).unwrap());
        }
        let batch = agg.drain();
        let buckets: Vec<(&str, bool, u64)> = batch
            .buckets
            .iter()
            .map(|(k, t)| (k.version.as_str(), k.rc, t.checks))
            .collect();
        assert_eq!(buckets, [("0.6.0", false, 3)]);
    }
}
