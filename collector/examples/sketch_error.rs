//! Measures the relative error of the installs sketch over the whole range it is used for.
//!
//! Each trial adds distinct random signatures (UUIDs, as the `gitops` client sends) to one
//! sketch and reads the estimate as the count passes each size of a log scale from 1 to 10⁶
//! (20 sizes a decade, every 100 where linear counting hands over to HyperLogLog); trials
//! are independent. Per size it prints the mean relative error (the bias), the root mean
//! square relative error and the largest one seen, then the worst RMS and the worst bias over
//! all sizes. The worst RMS, rounded up, is what `RELATIVE_ERROR` in `src/sketch.rs` states.
//!
//! ```text
//! cargo run --release -p gitops-checkpoint --example sketch_error -- [TRIALS] [SEED]
//! ```
//!
//! The defaults (200 trials, seed 1) take about 15 seconds on two cores, 1 000 trials about a
//! minute (the figures in `docs/collector.md`). Not a test: it only reports.

use std::thread;

use gitops_checkpoint::sketch::{RELATIVE_ERROR, Sketch};

/// SplitMix64: a small seeded generator, so a run can be repeated exactly.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A random version-4 UUID, as text.
    fn signature(&mut self) -> String {
        let bytes = (u128::from(self.next()) << 64 | u128::from(self.next())).to_be_bytes();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
    }
}

/// 1 to 10⁶, 20 sizes a decade, rounded and without repeats, and every 100 from 4 000 to
/// 7 000, where the estimator changes from linear counting to HyperLogLog's (at 5/2 × 2048
/// raw estimate) and the error is largest.
fn sizes() -> Vec<u64> {
    let mut sizes: Vec<u64> = (0..=120)
        .map(|k| 10f64.powf(f64::from(k) / 20.0).round() as u64)
        .chain((4_000..=7_000).step_by(100))
        .collect();
    sizes.sort_unstable();
    sizes.dedup();
    sizes
}

/// The relative error at every size, for one trial.
fn trial(seed: u64, sizes: &[u64]) -> Vec<f64> {
    let mut rng = SplitMix64(seed);
    let mut sketch = Sketch::new();
    let mut added = 0u64;
    let mut errors = Vec::with_capacity(sizes.len());
    for &n in sizes {
        while added < n {
            sketch.add_signature(&rng.signature());
            added += 1;
        }
        errors.push(sketch.estimate() / n as f64 - 1.0);
    }
    errors
}

fn main() {
    let mut args = std::env::args().skip(1);
    let trials: u64 = args
        .next()
        .map_or(200, |a| a.parse().expect("TRIALS is a number"));
    let seed: u64 = args
        .next()
        .map_or(1, |a| a.parse().expect("SEED is a number"));
    let sizes = sizes();
    let workers = thread::available_parallelism().map_or(1, |n| n.get() as u64);
    // errors[trial][size]; trial t uses the seed (seed << 32) + t, on worker t % workers.
    let errors: Vec<Vec<f64>> = thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let sizes = &sizes;
                scope.spawn(move || {
                    (w..trials)
                        .step_by(workers as usize)
                        .map(|t| trial((seed << 32) + t, sizes))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a trial panicked"))
            .collect()
    });

    println!("{trials} trials, seed {seed}, stated error {RELATIVE_ERROR}");
    println!("| installations | bias | RMS error | largest error |");
    println!("|---:|---:|---:|---:|");
    let (mut worst_rms, mut worst_rms_at) = (0f64, 0u64);
    let (mut worst_bias, mut worst_bias_at) = (0f64, 0u64);
    let (mut largest, mut largest_at) = (0f64, 0u64);
    for (i, &n) in sizes.iter().enumerate() {
        let column: Vec<f64> = errors.iter().map(|e| e[i]).collect();
        let bias = column.iter().sum::<f64>() / column.len() as f64;
        let rms = (column.iter().map(|e| e * e).sum::<f64>() / column.len() as f64).sqrt();
        let max = column.iter().fold(0f64, |m, e| m.max(e.abs()));
        println!(
            "| {n} | {:+.2} % | {:.2} % | {:.2} % |",
            bias * 100.0,
            rms * 100.0,
            max * 100.0
        );
        if rms > worst_rms {
            (worst_rms, worst_rms_at) = (rms, n);
        }
        if bias.abs() > worst_bias.abs() {
            (worst_bias, worst_bias_at) = (bias, n);
        }
        if max > largest {
            (largest, largest_at) = (max, n);
        }
    }
    println!(
        "worst RMS error {:.2} % at {worst_rms_at}; worst bias {:+.2} % at {worst_bias_at}; \
         largest error {:.2} % at {largest_at}",
        worst_rms * 100.0,
        worst_bias * 100.0,
        largest * 100.0
    );
}
