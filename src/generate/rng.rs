//! The generators' own randomness: SplitMix64, fully determined by its seed, so the same
//! family, size and seed always give the same bytes.

/// SplitMix64: small, fast and fully determined by its seed.
pub(super) struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub(super) fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi), rounded to two decimals.
    pub(super) fn real(&mut self, lo: f64, hi: f64) -> f64 {
        r2(lo + (hi - lo) * self.unit())
    }

    /// Uniform integer in [lo, hi].
    pub(super) fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    /// Uniform index below n (n > 0).
    pub(super) fn index(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// `x` rounded to two decimals.
pub(super) fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
