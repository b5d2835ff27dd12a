//! Rules on numbers and days, for every section: finite (E2003), not absurd (E2016), in range
//! (E2004, or E2015 for counts that must be positive), and days inside the horizon (E2006).
//!
//! [`V::number`] and [`V::count`] chain these rules for one value and return it clamped into
//! its range, so that validation can go on and find the next error.

use super::checker::V;
use super::ABSURD;
use crate::diag::Code;

/// A number as written in the file: a real or a whole count. The two print differently.
#[derive(Debug, Clone, Copy)]
pub(super) enum Number {
    /// A real number, e.g. `capacity_t`.
    Real(f64),
    /// A whole number, e.g. `vehicles`.
    Count(i64),
}

impl<'a> V<'a> {
    /// Checks a number by [`V::e2003_not_finite`], [`V::e2016_too_large`] and
    /// [`V::e2004_out_of_range`] (hint "correct the value"); returns it clamped.
    pub(super) fn number(&mut self, path: String, x: f64, min: f64, max: f64, what: &str) -> f64 {
        self.number_hint(path, x, min, max, what, "correct the value")
    }

    /// As [`V::number`], with the hint for a value out of range.
    pub(super) fn number_hint(
        &mut self,
        path: String,
        x: f64,
        min: f64,
        max: f64,
        what: &str,
        range_hint: &str,
    ) -> f64 {
        if self.e2003_not_finite(&path, x, what)
            || self.e2016_too_large(&path, Number::Real(x), what)
        {
            return min.max(0.0);
        }
        if self.e2004_out_of_range(path, x, min, max, what, range_hint) {
            return x.clamp(min, max);
        }
        x
    }

    /// Checks a whole number by [`V::e2016_too_large`], then by `below`, the rule for a count
    /// under `min` ([`V::e2004_below_minimum`], [`V::e2015_below_minimum`] or
    /// [`V::e2006_below_minimum`]); returns it, or `min` when it fails.
    pub(super) fn count(
        &mut self,
        path: String,
        x: i64,
        min: i64,
        what: &str,
        below: fn(&mut V<'a>, String, i64, i64, &str) -> bool,
    ) -> i64 {
        if self.e2016_too_large(&path, Number::Count(x), what) || below(self, path, x, min, what) {
            return min;
        }
        x
    }

    /// As [`V::count`], for a count the model holds in 32 bits (vehicles, trips per day, asset
    /// counts, required coverage): checked also by [`V::e2016_count_beyond_u32`].
    pub(super) fn count_u32(
        &mut self,
        path: String,
        x: i64,
        min: i64,
        what: &str,
        below: fn(&mut V<'a>, String, i64, i64, &str) -> bool,
    ) -> u32 {
        let x = self.count(path.clone(), x, min, what, below);
        if self.e2016_count_beyond_u32(&path, x, what) {
            return u32::try_from(min.max(0)).unwrap_or(0);
        }
        u32::try_from(x).unwrap_or(0)
    }

    /// E2016: a count is larger than the 32 bits the model holds it in.
    ///
    /// ## What it checks
    /// The count `x` at `path` (already at most [`ABSURD`]) is at most 4294967295 (2^32 - 1),
    /// for the counts the model keeps in 32 bits: `vehicles`, `max_trips_per_day`, an asset's
    /// `count` and a coverage's `required`.
    ///
    /// ## Why it matters
    /// No fleet has four billion vehicles: such a count is a slip of zeros. Capping it silently
    /// would change the model, e.g. make coverage that asks for more than the cap infeasible.
    ///
    /// ## Example
    /// ```yaml
    /// fleets: [{id: trucks, mode: road, vehicles: 5000000000, capacity_t: 20}]
    /// ```
    fn e2016_count_beyond_u32(&mut self, path: &str, x: i64, what: &str) -> bool {
        if u32::try_from(x).is_ok() || x < 0 {
            return false;
        }
        self.err(
            Code::TooLarge,
            path.into(),
            format!(
                "{what} is {x}, which is absurdly large (limit {} for this count)",
                u32::MAX
            ),
            "check the number of zeros",
        );
        true
    }

    /// E2003: a number is NaN or infinite.
    ///
    /// ## What it checks
    /// The number `x` at `path` is finite.
    ///
    /// ## Why it matters
    /// `.nan` and `.inf` are valid YAML but no quantity, cost or distance; the solver cannot
    /// work with them, and a limit written as `.inf` is better left out.
    ///
    /// ## Example
    /// ```yaml
    /// fleets: [{id: trucks, mode: road, vehicles: 10, capacity_t: .nan}]
    /// ```
    fn e2003_not_finite(&mut self, path: &str, x: f64, what: &str) -> bool {
        if x.is_finite() {
            return false;
        }
        self.err(
            Code::NotFinite,
            path.into(),
            format!("{what} is {x}, which is not a finite number"),
            "write a plain number",
        );
        true
    }

    /// E2016: a number is absurdly large.
    ///
    /// ## What it checks
    /// The number `x` at `path`, real or whole, is at most [`ABSURD`] (1e12) in size.
    ///
    /// ## Why it matters
    /// No model has a trillion of anything; such a number is a wrong unit or a slip of zeros,
    /// and it would wreck the solver's numerics.
    ///
    /// ## Example
    /// ```yaml
    /// resources: [{id: fuel, kind: supplies, unit: t, weight_t: 1e15, storage: bulk}]
    /// ```
    pub(super) fn e2016_too_large(&mut self, path: &str, x: Number, what: &str) -> bool {
        let (msg, hint) = match x {
            Number::Real(x) if x.abs() > ABSURD => (
                format!("{what} is {x}, which is absurdly large (limit {ABSURD:e})"),
                "check the unit and the number of zeros",
            ),
            Number::Count(x) if x as f64 > ABSURD => (
                format!("{what} is {x}, which is absurdly large"),
                "check the number of zeros",
            ),
            _ => return false,
        };
        self.err(Code::TooLarge, path.into(), msg, hint);
        true
    }

    /// E2004: a number is outside its allowed range.
    ///
    /// ## What it checks
    /// The real number `x` at `path` lies in `[min, max]` (a `max` of [`ABSURD`] or more means
    /// no upper bound).
    ///
    /// ## Why it matters
    /// Each field has a meaning that bounds it: a latitude beyond 90, a negative cost or a
    /// threat above 1 would make the plan meaningless.
    ///
    /// ## Example
    /// ```yaml
    /// nodes: [{id: kyiv, kind: sector, country: UA, lat: 95, lon: 30.5}]
    /// ```
    fn e2004_out_of_range(
        &mut self,
        path: String,
        x: f64,
        min: f64,
        max: f64,
        what: &str,
        range_hint: &str,
    ) -> bool {
        if x >= min && x <= max {
            return false;
        }
        let range = if max >= ABSURD {
            format!("at least {min}")
        } else {
            format!("between {min} and {max}")
        };
        self.err(
            Code::OutOfRange,
            path,
            format!("{what} is {x}; it must be {range}"),
            range_hint,
        );
        true
    }

    /// E2004: a whole number is below its minimum.
    ///
    /// ## What it checks
    /// The count `x` at `path` is at least `min`. Used through [`V::count`] for counts whose
    /// minimum is a matter of range (days of handling, transit or a round trip, asset counts).
    ///
    /// ## Why it matters
    /// A negative number of days or assets has no meaning.
    ///
    /// ## Example
    /// ```yaml
    /// routes: [{id: r1, from: a, to: b, mode: rail, transit_days: -1}]
    /// ```
    pub(super) fn e2004_below_minimum(
        &mut self,
        path: String,
        x: i64,
        min: i64,
        what: &str,
    ) -> bool {
        if x >= min {
            return false;
        }
        self.err(
            Code::OutOfRange,
            path,
            at_least(what, x, min),
            "correct the value",
        );
        true
    }

    /// E2015: a count that must be positive, or at least zero, is not.
    ///
    /// ## What it checks
    /// The count `x` at `path` is at least `min`. Used through [`V::count`] for counts of
    /// capacity (trips per day, vehicles); the sections' own E2015 rules check capacities
    /// that are zero.
    ///
    /// ## Why it matters
    /// A capacity below its minimum would leave nothing to plan with.
    ///
    /// ## Example
    /// ```yaml
    /// routes: [{id: r1, from: a, to: b, mode: air, max_trips_per_day: -2}]
    /// ```
    pub(super) fn e2015_below_minimum(
        &mut self,
        path: String,
        x: i64,
        min: i64,
        what: &str,
    ) -> bool {
        if x >= min {
            return false;
        }
        self.err(
            Code::NoCapacity,
            path,
            at_least(what, x, min),
            "correct the value",
        );
        true
    }

    /// E2006: a day counted from the start of the horizon is below its minimum.
    ///
    /// ## What it checks
    /// The day `x` at `path` is at least `min` (0, the first day). Used through [`V::count`]
    /// for days that may lie past the horizon, such as a hub's `earliest_open_day`.
    ///
    /// ## Why it matters
    /// Days count from 0; a day before the horizon starts cannot be planned.
    ///
    /// ## Example
    /// ```yaml
    /// hub: {capacity: {beds: 100}, earliest_open_day: -3}
    /// ```
    pub(super) fn e2006_below_minimum(
        &mut self,
        path: String,
        x: i64,
        min: i64,
        what: &str,
    ) -> bool {
        if x >= min {
            return false;
        }
        self.err(
            Code::DayOutsideHorizon,
            path,
            at_least(what, x, min),
            "correct the value",
        );
        true
    }

    /// E2006: a day lies outside the horizon.
    ///
    /// ## What it checks
    /// The day `d` at `path` lies in `0..horizon`; when the horizon itself is unknown or
    /// invalid, only that `d` is not negative. Returns the day clamped into the horizon.
    ///
    /// ## Why it matters
    /// The plan covers the days of the horizon only: a supply, closure or due day outside it
    /// would be ignored or would make a demand impossible.
    ///
    /// ## Example
    /// ```yaml
    /// demands: [{node: kyiv, resource: fuel, quantity: 10, due_day: 45}]   # horizon_days: 30
    /// ```
    pub(super) fn e2006_day_outside_horizon(
        &mut self,
        path: String,
        d: i64,
        horizon: usize,
        what: &str,
    ) -> usize {
        if d < 0 && !self.horizon_ok {
            self.err(
                Code::DayOutsideHorizon,
                path,
                format!("{what} is day {d}, before the first day of the horizon"),
                "days count from 0",
            );
            return 0;
        }
        if !self.horizon_ok {
            // No valid horizon to check against (its own error says why).
            return (d as usize).min(horizon.saturating_sub(1));
        }
        if d < 0 || d as usize >= horizon {
            self.err(
                Code::DayOutsideHorizon,
                path,
                format!(
                    "{what} is day {d}, outside the horizon (days 0 to {})",
                    horizon.saturating_sub(1)
                ),
                "days count from 0; the last day is horizon_days - 1",
            );
            return if d < 0 { 0 } else { horizon.saturating_sub(1) };
        }
        d as usize
    }

    /// E2004: a protection level is outside 0 to 3.
    ///
    /// ## What it checks
    /// The `protection` at `path` (of a resource or a hub) is a count (see [`V::count`]) of
    /// at most 3. Returns it clamped to 0-3.
    ///
    /// ## Why it matters
    /// Levels mean 1 basic perimeter, 2 hardened, 3 hardened with air defence; a level 4 is no
    /// level a hub can have, so the resource could never be stored.
    ///
    /// ## Example
    /// ```yaml
    /// resources: [{id: atgm, kind: munitions, unit: t, weight_t: 1, storage: bays, protection: 5}]
    /// ```
    pub(super) fn e2004_protection_level(&mut self, path: String, x: i64) -> u8 {
        let protection = self.count(path.clone(), x, 0, "protection", V::e2004_below_minimum);
        if protection > 3 {
            self.err(
                Code::OutOfRange,
                path,
                format!("protection is {protection}; levels run from 0 to 3"),
                "1 basic perimeter, 2 hardened, 3 hardened with air defence",
            );
        }
        protection.min(3) as u8
    }
}

/// The message of a count below its minimum.
fn at_least(what: &str, x: i64, min: i64) -> String {
    format!("{what} is {x}; it must be at least {min}")
}
