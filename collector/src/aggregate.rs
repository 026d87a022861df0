//! Pre-aggregation in memory: each accepted check is one increment of its bucket here, and the
//! flusher drains every bucket as one [`Batch`] per interval, so the store sees one write per
//! distinct bucket, however many requests there were.
//!
//! Owns the bucket key (day × product × version × rc × os × arch × object × command), the
//! batch, and the contribution bound: one installation (one signature) is counted in at most
//! [`MAX_BUCKETS`] distinct buckets and for at most [`MAX_CHECKS`] checks per UTC day; its
//! further checks are answered but not counted. The bound is kept with a keyed hash of the
//! signature, its key random, held in memory for the open day only and dropped when the day
//! changes (at the first check or drain after midnight UTC), never written anywhere; the
//! bound is per process (see `collector/PRIVACY.md`). A signature only passes through: it is
//! hashed into the bucket's [`Sketch`] and the keyed hash, and dropped. The update-only check
//! (no signature) is the bucket with an empty object and command, and cannot be bounded.
//!
//! Also owns the day's caps ([`DayLimits`]), which bound memory and the store whatever the
//! checks: at most `max_buckets` distinct buckets a UTC day — once a day has that many, a
//! check whose bucket is new that day is counted in its product's *folded* bucket instead,
//! whose version, os, arch, object and command are all [`FOLDED`] (`other`; an update check
//! keeps its empty object and command), so totals stay exact and the store stops growing —
//! and at most `max_installs` installations remembered for the contribution bound, past
//! which a new installation's checks are answered but not counted (counting them unbounded
//! would break the bound the published noise is calibrated to). The day's buckets are
//! remembered as keyed hashes, dropped with the day like the installations'. No I/O.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;

use checkpoint_protocol::received::{CheckRules, ReceivedCheck, SignatureShape};
use checkpoint_protocol::stats::FOLDED;
use jiff::civil::Date;

use crate::sketch::Sketch;

/// A day as a number of days since 1970-01-01 (UTC).
pub type DayNumber = i32;

/// The most distinct buckets one installation is counted in per UTC day.
pub const MAX_BUCKETS: u64 = 2;

/// The most checks one installation is counted for per UTC day.
pub const MAX_CHECKS: u64 = 8;

/// The pair index of a folded bucket's verbs (`other other`); never an index of the rules,
/// which have fewer than 65 535 pairs.
const FOLDED_PAIR: u16 = u16::MAX;

/// What counting one check did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// Counted in its own bucket.
    Counted,
    /// Counted in its product's folded bucket: the day had reached the bucket cap.
    Folded,
    /// Not counted: its installation reached the contribution bound of the day, or was new
    /// on a day that had `max_installs` installations.
    OverBound,
}

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

/// What one installation has been counted for on the open day: at most [`MAX_BUCKETS`]
/// bucket hashes and [`MAX_CHECKS`] checks, in a few bytes.
#[derive(Debug, Default)]
struct Seen {
    checks: u8,
    buckets: u8,
    bucket: [u64; MAX_BUCKETS as usize],
}

/// The limits of one open day.
#[derive(Debug, Clone, Copy)]
pub struct DayLimits {
    /// Distinct buckets counted in; past it, new buckets fold into the product's folded one.
    pub max_buckets: usize,
    /// Distinct installations counted; past it, a new installation's checks are answered but
    /// not counted (its contribution could not be bounded).
    pub max_installs: usize,
}

/// What the open day remembers: installations by a keyed hash of their signature (the
/// contribution bound) and its buckets by a keyed hash of their values (the bucket cap).
#[derive(Debug)]
struct Bound {
    day: DayNumber,
    /// The key of the hashes: random, made for this day, dropped with it.
    key: RandomState,
    seen: HashMap<u64, Seen>,
    buckets: HashSet<u64>,
}

impl Bound {
    fn new(day: DayNumber) -> Bound {
        Bound {
            day,
            key: RandomState::new(),
            seen: HashMap::new(),
            buckets: HashSet::new(),
        }
    }

    /// Moves to `day` when it is a new one.
    fn open(&mut self, day: DayNumber) {
        if day != self.day {
            *self = Bound::new(day);
        }
    }

    /// Whether a check of `signature` into the bucket of hash `bucket` is counted, and notes
    /// it if so: not when the installation has reached the contribution bound of the day, nor
    /// when it is new and the day has `max_installs` installations already.
    fn admit(&mut self, signature: &str, bucket: u64, max_installs: usize) -> bool {
        let install = self.key.hash_one(signature);
        let room = self.seen.len() < max_installs;
        let seen = match self.seen.entry(install) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) if room => e.insert(Seen::default()),
            Entry::Vacant(_) => return false,
        };
        if u64::from(seen.checks) >= MAX_CHECKS {
            return false;
        }
        let known = &seen.bucket[..usize::from(seen.buckets)];
        if !known.contains(&bucket) {
            if u64::from(seen.buckets) >= MAX_BUCKETS {
                return false;
            }
            seen.bucket[usize::from(seen.buckets)] = bucket;
            seen.buckets += 1;
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

/// A bucket by its values, as the day's bucket cap remembers it (the interned ids of a
/// [`Key`] change with every drain).
#[derive(Clone, Copy, Hash)]
struct Named<'a> {
    product: &'a str,
    version: &'a str,
    rc: bool,
    os: &'static str,
    arch: &'static str,
    verbs: Option<u16>,
}

/// The in-memory counts of one collector process.
#[derive(Debug)]
pub struct Aggregator {
    rules: CheckRules,
    limits: DayLimits,
    inner: Mutex<Inner>,
}

impl Aggregator {
    /// An empty aggregator whose verbs are indexes of `rules`, within `limits` a day.
    pub fn new(rules: CheckRules, limits: DayLimits) -> Aggregator {
        Aggregator {
            rules,
            limits,
            inner: Mutex::new(Inner {
                cycle: Cycle::default(),
                bound: Bound::new(today()),
            }),
        }
    }

    /// The rules that checks are parsed with.
    pub fn rules(&self) -> &CheckRules {
        &self.rules
    }

    /// Counts one accepted check of `product` on `day` as `version` (what
    /// [`crate::versions::KnownVersions::count_as`] made of the check's version), in its own
    /// bucket or, past the day's bucket cap, in the folded one; not at all when its
    /// installation has reached the contribution bound of the day.
    pub fn count(
        &self,
        day: DayNumber,
        product: &str,
        version: &str,
        check: &ReceivedCheck<'_>,
    ) -> Counting {
        let signed = check.signature_shape != SignatureShape::Empty;
        let hash = signed.then(|| crate::sketch::hash_signature(&check.signature));
        let mut inner = self.inner.lock().expect("never poisoned");
        let Inner { cycle, bound } = &mut *inner;
        bound.open(day);
        let mut named = Named {
            product,
            version,
            rc: check.rc,
            os: check.os,
            arch: check.arch,
            verbs: check.verbs.map(|v| v.pair),
        };
        let own = bound.key.hash_one(named);
        let fits = bound.buckets.contains(&own) || bound.buckets.len() < self.limits.max_buckets;
        let mut bucket = own;
        if !fits {
            named = Named {
                version: FOLDED,
                os: FOLDED,
                arch: FOLDED,
                verbs: named.verbs.map(|_| FOLDED_PAIR),
                ..named
            };
            bucket = bound.key.hash_one(named);
        }
        if signed && !bound.admit(&check.signature, bucket, self.limits.max_installs) {
            return Counting::OverBound;
        }
        let counting = if fits {
            bound.buckets.insert(own);
            Counting::Counted
        } else {
            Counting::Folded
        };
        let key = Key {
            day,
            product: cycle.intern(named.product),
            version: cycle.intern(named.version),
            rc: named.rc,
            os: named.os,
            arch: named.arch,
            verbs: named.verbs,
        };
        let tally = cycle.tallies.entry(key).or_default();
        tally.checks += 1;
        if let Some(hash) = hash {
            tally.installs.add_hash(hash);
        }
        counting
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

    /// The distinct buckets counted in on the open day.
    pub fn day_buckets(&self) -> usize {
        self.inner
            .lock()
            .expect("never poisoned")
            .bound
            .buckets
            .len()
    }

    /// Takes every bucket counted so far, as a batch; after midnight UTC, also drops the
    /// closed day's bound and its key.
    pub fn drain(&self) -> Batch {
        let cycle = {
            let mut inner = self.inner.lock().expect("never poisoned");
            let now = today();
            if inner.bound.day < now {
                inner.bound = Bound::new(now);
            }
            std::mem::take(&mut inner.cycle)
        };
        let mut batch = Batch::new();
        for (key, tally) in cycle.tallies {
            let (object, command) = match key.verbs {
                Some(FOLDED_PAIR) => (FOLDED, FOLDED),
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
        batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkpoint_protocol::vocabulary::Vocabulary;

    /// Counts `query` of weave-gitops on `day` as its own version.
    fn count(agg: &Aggregator, day: DayNumber, query: &str) -> Counting {
        let check = agg.rules().parse(query).unwrap();
        agg.count(day, "weave-gitops", &check.version, &check)
    }

    fn aggregator() -> Aggregator {
        let limits = DayLimits {
            max_buckets: 1_000,
            max_installs: 1_000,
        };
        Aggregator::new(CheckRules::new(&Vocabulary::builtin()), limits)
    }

    #[test]
    fn checks_become_buckets_and_signatures_only_sketches() {
        let agg = aggregator();
        let queries = [
            "arch=amd64&flag_command=cluster&flag_object=add&flag_rc=no&os=linux&signature=3f2b8c1e-6a4d-4e8f-9b2a-1c5d7e9f0a3b&version=0.38.0",
            "arch=amd64&flag_command=cluster&flag_object=add&flag_rc=no&os=linux&signature=3f2b8c1e-6a4d-4e8f-9b2a-1c5d7e9f0a3b&version=0.38.0",
            "arch=amd64&flag_command=cluster&flag_object=add&flag_rc=no&os=linux&signature=00000000-6a4d-4e8f-9b2a-1c5d7e9f0a3b&version=0.38.0",
            "arch=amd64&os=linux&signature=&version=0.39.0-rc.1",
        ];
        for q in queries {
            count(&agg, 20_000, q);
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
        let agg = aggregator();
        let q = |sig: &str, command: &str| {
            format!(
                "arch=amd64&flag_command={command}&flag_object=add&flag_rc=no&os=linux&signature={sig}&version=0.38.0"
            )
        };
        let victim = "3f2b8c1e-6a4d-4e8f-9b2a-1c5d7e9f0a3b";
        let other = "00000000-6a4d-4e8f-9b2a-1c5d7e9f0a3b";
        let day = today();
        let counted = (0..20)
            .filter(|_| count(&agg, day, &q(victim, "cluster")) == Counting::Counted)
            .count() as u64;
        assert_eq!(counted, MAX_CHECKS);
        let agg2 = aggregator();
        let count2 = |query: &str| count(&agg2, day, query) == Counting::Counted;
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
        assert_eq!(
            count(&agg, day + 1, &q(victim, "cluster")),
            Counting::Counted
        );
        let batch = agg.drain();
        assert_eq!(batch.checks(), MAX_CHECKS + 1);
    }

    #[test]
    fn a_version_with_or_without_v_is_one_bucket_whose_rc_is_the_versions() {
        let agg = aggregator();
        let q = |version: &str, rc: &str| {
            format!(
                "arch=amd64&flag_command=app&flag_object=add{rc}&os=linux&signature=&version={version}"
            )
        };
        // weave-gitops v0.6.0 as released (no v, no flag_rc), built from source (v), and a
        // client whose flag_rc contradicts the version.
        for query in [q("0.6.0", ""), q("v0.6.0", ""), q("0.6.0", "&flag_rc=yes")] {
            count(&agg, 20_000, &query);
        }
        let batch = agg.drain();
        let buckets: Vec<(&str, bool, u64)> = batch
            .buckets
            .iter()
            .map(|(k, t)| (k.version.as_str(), k.rc, t.checks))
            .collect();
        assert_eq!(buckets, [("0.6.0", false, 3)]);
    }

    /// Past the day's bucket cap, a check of a new bucket goes to its product's folded bucket
    /// (a command check to `other other`, an update check keeps its empty verbs); a bucket
    /// already counted in that day still counts; the next day has room again.
    #[test]
    fn past_the_bucket_cap_new_buckets_fold_and_totals_stay_exact() {
        let limits = DayLimits {
            max_buckets: 3,
            max_installs: 10,
        };
        let agg = Aggregator::new(CheckRules::new(&Vocabulary::builtin()), limits);
        let q = |version: &str, verbs: &str| {
            format!("arch=amd64{verbs}&os=linux&signature=&version={version}")
        };
        let app = "&flag_command=app&flag_object=add";
        let day = today();
        for v in ["0.36.0", "0.37.0", "0.38.0"] {
            assert_eq!(count(&agg, day, &q(v, app)), Counting::Counted);
        }
        assert_eq!(count(&agg, day, &q("0.35.0", app)), Counting::Folded);
        assert_eq!(count(&agg, day, &q("0.35.0", "")), Counting::Folded);
        assert_eq!(count(&agg, day, &q("0.36.0", app)), Counting::Counted);
        // Draining does not forget the day's buckets.
        let first = agg.drain();
        assert_eq!(count(&agg, day, &q("0.34.0", app)), Counting::Folded);
        assert_eq!(count(&agg, day + 1, &q("0.34.0", app)), Counting::Counted);
        let mut batch = agg.drain();
        batch.absorb(first);
        assert_eq!(batch.checks(), 8);
        let folded: Vec<(&str, &str, &str, &str, u64)> = batch
            .buckets
            .iter()
            .filter(|(k, _)| k.version == FOLDED)
            .map(|(k, t)| {
                (
                    k.os.as_str(),
                    k.arch.as_str(),
                    k.object.as_str(),
                    k.command.as_str(),
                    t.checks,
                )
            })
            .collect();
        assert_eq!(
            folded,
            [
                ("other", "other", "", "", 1),
                ("other", "other", "other", "other", 2)
            ]
        );
        assert_eq!(batch.buckets.len(), 3 + 2 + 1);
    }

    /// Past the day's installations cap, a new installation is not counted; one already
    /// counted that day still is, and an update check (no signature) always is.
    #[test]
    fn past_the_installations_cap_new_installations_are_not_counted() {
        let limits = DayLimits {
            max_buckets: 1_000,
            max_installs: 2,
        };
        let agg = Aggregator::new(CheckRules::new(&Vocabulary::builtin()), limits);
        let q = |i: u32| {
            format!("arch=amd64&os=linux&signature=00000000-0000-4000-8000-{i:012}&version=0.38.0")
        };
        let day = today();
        assert_eq!(count(&agg, day, &q(1)), Counting::Counted);
        assert_eq!(count(&agg, day, &q(2)), Counting::Counted);
        assert_eq!(count(&agg, day, &q(3)), Counting::OverBound);
        assert_eq!(count(&agg, day, &q(1)), Counting::Counted);
        let update = "arch=amd64&os=linux&signature=&version=0.38.0";
        assert_eq!(count(&agg, day, update), Counting::Counted);
        assert_eq!(count(&agg, day + 1, &q(3)), Counting::Counted);
    }

    /// The bound holds across drains: a bucket is known by its values, not by the ids a
    /// drain cycle gave its strings (three versions in three cycles are three buckets).
    #[test]
    fn the_bound_holds_across_drains() {
        let agg = aggregator();
        let q = |version: &str| {
            format!(
                "arch=amd64&flag_command=app&flag_object=add&os=linux&signature=3f2b8c1e-6a4d-4e8f-9b2a-1c5d7e9f0a3b&version={version}"
            )
        };
        let day = today();
        assert_eq!(count(&agg, day, &q("0.36.0")), Counting::Counted);
        agg.drain();
        assert_eq!(count(&agg, day, &q("0.37.0")), Counting::Counted);
        agg.drain();
        assert_eq!(count(&agg, day, &q("0.38.0")), Counting::OverBound);
        assert_eq!(count(&agg, day, &q("0.36.0")), Counting::Counted);
    }
}
