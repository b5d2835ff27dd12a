//! The one clock of a solve: the time limit as the user gave it ([`TimeLimit`]), the clock
//! every step reads its time from ([`Budget`]), and what "out of time" means
//! ([`OUT_OF_TIME`]).

use std::fmt;
use std::str::FromStr;
use std::time::Instant;

/// A step with at most this many seconds left stops rather than start another solve: an LP or
/// a rounding cannot finish in less.
pub(crate) const OUT_OF_TIME: f64 = 0.05;

/// The least time limit handed to HiGHS, in seconds: HiGHS refuses 0 and a negative limit.
pub(crate) const LEAST_LIMIT: f64 = 0.01;

/// Share of the time limit the start heuristic may use.
pub(crate) const HEURISTIC_SHARE: f64 = 0.7;

/// Share of the time limit the start heuristic may use when the bound MIP runs beside it (and
/// no MIP follows it).
pub(crate) const BOUND_HEURISTIC_SHARE: f64 = 0.95;

/// The time limit of a whole solve: a positive, finite number of seconds, or none.
///
/// Parsed once, where the user gives it ([`FromStr`]: a number of seconds, or `inf` for none);
/// every step of the solve takes its share of it through one clock (`Budget`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TimeLimit(Option<f64>);

impl TimeLimit {
    /// No time limit.
    pub const NONE: TimeLimit = TimeLimit(None);

    /// A limit of `seconds`; `f64::INFINITY` is no limit. Checked by [`TimeLimit::check`].
    pub fn seconds(seconds: f64) -> TimeLimit {
        TimeLimit((seconds != f64::INFINITY).then_some(seconds))
    }

    /// The limit in seconds, `None` without one.
    pub fn as_secs(self) -> Option<f64> {
        self.0
    }

    /// Refuses a limit that is not a positive number of seconds (NaN, zero, negative).
    pub fn check(self) -> Result<TimeLimit, TimeLimitError> {
        match self.0 {
            Some(t) if t.is_nan() || t <= 0.0 => Err(TimeLimitError(t)),
            _ => Ok(self),
        }
    }
}

/// A time limit that is not a positive number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("time limit {0} is not positive")]
pub struct TimeLimitError(pub f64);

impl FromStr for TimeLimit {
    type Err = String;

    /// A number of seconds (`60`, `2.5`), or `inf` for no limit.
    fn from_str(s: &str) -> Result<TimeLimit, String> {
        let t: f64 = s
            .trim()
            .parse()
            .map_err(|_| format!("'{s}' is not a number of seconds (or 'inf' for no limit)"))?;
        TimeLimit::seconds(t)
            .check()
            .map_err(|_| "must be a positive number of seconds (or 'inf' for no limit)".into())
    }
}

impl fmt::Display for TimeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(t) => write!(f, "{t}"),
            None => f.write_str("inf"),
        }
    }
}

impl serde::Serialize for TimeLimit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for TimeLimit {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<TimeLimit, D::Error> {
        let t = Option::<f64>::deserialize(d)?;
        TimeLimit(t).check().map_err(serde::de::Error::custom)
    }
}

/// A clock of the solve: when it started, its time limit, and the share of that limit a step
/// may use (the start heuristic's, or 1 for the whole limit).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    pub(crate) start: Instant,
    pub(crate) limit: TimeLimit,
    pub(crate) share: f64,
}

impl Budget {
    /// The whole time limit, from `start`.
    pub(crate) fn whole(start: Instant, limit: TimeLimit) -> Budget {
        Budget {
            start,
            limit,
            share: 1.0,
        }
    }

    /// The same clock with `share` of the limit.
    pub(crate) fn with_share(self, share: f64) -> Budget {
        Budget { share, ..self }
    }

    /// Seconds since the solve started.
    pub(crate) fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// The seconds this share of the limit amounts to, `None` without a limit.
    pub(crate) fn share_seconds(&self) -> Option<f64> {
        self.limit.as_secs().map(|t| self.share * t)
    }

    /// Seconds left of the share (at least [`LEAST_LIMIT`]), `None` without a time limit.
    pub(crate) fn left(&self) -> Option<f64> {
        self.share_seconds()
            .map(|t| (t - self.elapsed()).max(LEAST_LIMIT))
    }

    /// The time left to a step that may use `part` of the time limit counted from `from`
    /// seconds into the solve (and no more than the share leaves).
    pub(crate) fn share_from(&self, from: f64, part: f64) -> impl Fn() -> Option<f64> + Copy {
        let b = *self;
        move || {
            b.left()
                .zip(b.limit.as_secs())
                .map(|(l, t)| l.min(from + part * t - b.elapsed()).max(LEAST_LIMIT))
        }
    }
}

/// Whether a step with `left` seconds (`None`: no limit) is out of time ([`OUT_OF_TIME`]).
pub(crate) fn out_of_time(left: Option<f64>) -> bool {
    left.is_some_and(|t| t <= OUT_OF_TIME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_limit_parses_once_with_inf_for_none() {
        assert_eq!("60".parse::<TimeLimit>().unwrap().as_secs(), Some(60.0));
        assert_eq!(" 2.5 ".parse::<TimeLimit>().unwrap().as_secs(), Some(2.5));
        for none in ["inf", "infinity", "+inf"] {
            assert_eq!(
                none.parse::<TimeLimit>().unwrap(),
                TimeLimit::NONE,
                "{none}"
            );
        }
        for bad in ["0", "-3", "nan", "-inf", "", "soon"] {
            assert!(bad.parse::<TimeLimit>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_time_limit_serialises_as_seconds_or_null_and_refuses_bad_ones() {
        let s = serde_json::to_string(&TimeLimit::seconds(10.0)).unwrap();
        assert_eq!(s, "10.0");
        assert_eq!(serde_json::to_string(&TimeLimit::NONE).unwrap(), "null");
        let back: TimeLimit = serde_json::from_str("null").unwrap();
        assert_eq!(back, TimeLimit::NONE);
        assert!(serde_json::from_str::<TimeLimit>("-1.0").is_err());
    }

    #[test]
    fn a_share_never_leaves_less_than_the_least_limit() {
        let b = Budget::whole(Instant::now(), TimeLimit::seconds(1e-9)).with_share(0.5);
        assert_eq!(b.left(), Some(LEAST_LIMIT));
        assert!(out_of_time(b.left()));
        let none = Budget::whole(Instant::now(), TimeLimit::NONE);
        assert_eq!(none.left(), None);
        assert!(!out_of_time(none.left()));
        assert_eq!(none.share_from(0.0, 0.5)(), None);
    }
}
