//! Drawing the noise: discrete Laplace samples from `prio`'s `dp` module (the sampler of
//! Canonne, Kamath and Steinke, exact over the integers), seeded from the operating system
//! through `rand`'s thread generator. No sampler is written here; this file only turns a
//! [`Scale`] into prio's distribution and a sample into a count.

use num_traits::ToPrimitive;
use prio::dp::Rational;
use prio::dp::distributions::DiscreteLaplace;
use rand::distr::Distribution;

use super::budget::Scale;

/// A source of noise of one scale.
pub struct Noise {
    laplace: DiscreteLaplace,
}

impl std::fmt::Debug for Noise {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Noise(discrete Laplace)")
    }
}

impl Noise {
    /// Discrete Laplace noise of `scale`.
    pub fn new(scale: Scale) -> Noise {
        let rational = Rational::from_unsigned(scale.numerator, scale.denominator)
            .expect("a scale's denominator is not zero");
        Noise {
            laplace: DiscreteLaplace::new(rational).expect("a scale is positive"),
        }
    }

    /// One sample.
    pub fn sample(&self) -> i64 {
        let z = self.laplace.sample(&mut rand::rng());
        z.to_i64().unwrap_or(0)
    }

    /// `count` plus one sample, at least 0 (clamping is post-processing: it costs nothing).
    pub fn add(&self, count: u64) -> u64 {
        (count as i64).saturating_add(self.sample()).max(0) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publication::budget::INSTALLS;

    #[test]
    fn samples_have_the_scale_s_spread() {
        let noise = Noise::new(INSTALLS);
        let n = 20_000;
        let samples: Vec<i64> = (0..n).map(|_| noise.sample()).collect();
        let mean = samples.iter().sum::<i64>() as f64 / n as f64;
        let var = samples
            .iter()
            .map(|s| (*s as f64 - mean).powi(2))
            .sum::<f64>()
            / n as f64;
        assert!(mean.abs() < 0.3, "{mean}");
        let sd = INSTALLS.sd();
        assert!(
            (var.sqrt() - sd).abs() < 0.15 * sd,
            "{} vs {sd}",
            var.sqrt()
        );
        assert!(samples.iter().any(|s| *s < 0) && samples.iter().any(|s| *s > 0));
    }
}
