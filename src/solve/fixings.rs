//! Fixings read off an LP solution: the hubs it opens, the integers the LP dive fixes.

use super::rounding::Lift;
use crate::formulation::Formulation;
use crate::model::{Model, NodeIx};

/// What an LP solution says of one decided hub ([`Formulation::hub_profiles`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HubProfile {
    /// Its largest `y` on any day.
    pub most: f64,
    /// The first day its `y` reaches the threshold asked for, if any.
    pub from: Option<usize>,
    /// Its first day with a `y` column (its first operational day).
    pub first_day: usize,
    /// Its last day with a `y` column.
    pub last_day: usize,
    /// The column of its `y` on that last day.
    pub last_col: usize,
}

impl Formulation {
    /// One step of the LP dive of [`crate::solve`]: given an LP solution `lp`, the integer
    /// columns to fix and their values. Every integer column the LP already sets to a
    /// non-zero integer is fixed there (integral zeros stay free, so that the LP can make up
    /// for trips rounded down). Of the fractional ones, the `share` closest to an integer (at
    /// least one) are fixed: hub indicators at 1 (closing a hub can cut off hard demands),
    /// asset counts at the nearest integer, trips at the nearest integer but rounded up only
    /// while the fleet and route keep room on every day of the round trip (counting the LP's
    /// trips), and down otherwise. `None` when `lp` is integral.
    pub fn dive_fixings(&self, model: &Model, lp: &[f64], share: f64) -> Option<Vec<(usize, f64)>> {
        const TOL: f64 = 1e-6;
        let near = |x: f64| (x - x.round()).abs();
        let mut fix = Vec::new();
        let mut frac: Vec<usize> = Vec::new();
        for (i, &int) in self.is_integer.iter().enumerate() {
            if !int {
                continue;
            }
            if near(lp[i]) <= TOL {
                // Integral zeros stay free: the LP needs them to make up for trips rounded
                // down (fixing them too made the next LP several times slower).
                if lp[i].round() != 0.0 {
                    fix.push((i, lp[i].round()));
                }
            } else {
                frac.push(i);
            }
        }
        if frac.is_empty() {
            return None;
        }
        frac.sort_by(|&a, &b| near(lp[a]).total_cmp(&near(lp[b])).then(a.cmp(&b)));
        let take = ((frac.len() as f64 * share).ceil() as usize).clamp(1, frac.len());
        // Room left on each fleet-day and route-day by the LP's trips.
        let mut lift = Lift::new(model);
        let mut trip_of = vec![None; self.is_integer.len()];
        for tr in &self.trips {
            lift.add(tr, lp[tr.col.ix].max(0.0));
            trip_of[tr.col.ix] = Some(tr);
        }
        let mut opening = vec![false; self.is_integer.len()];
        for o in &self.open {
            opening[o.col.ix] = true;
        }
        for &i in &frac[..take] {
            let x = lp[i];
            let (lo, hi) = self.bounds[i];
            let mut v = if opening[i] { x.ceil() } else { x.round() }.clamp(lo, hi);
            if let (Some(tr), true) = (trip_of[i], v > x) {
                if lift.has_room(tr, v - x) {
                    lift.add(tr, v - x);
                } else {
                    v = x.floor().clamp(lo, hi);
                }
            }
            fix.push((i, v));
        }
        Some(fix)
    }

    /// Opening columns of the hubs whose indicator stays below `threshold` on every day of an
    /// LP solution (hubs the relaxation opens only a little).
    pub fn weak_hub_columns(&self, lp: &[f64], threshold: f64) -> Vec<usize> {
        let hubs = self.hub_profiles(lp, threshold);
        self.open
            .iter()
            .filter(|o| hubs[&o.hub].most < threshold)
            .map(|o| o.col.ix)
            .collect()
    }

    /// What the LP solution `lp` says of each decided hub (one with `y` columns), with the
    /// first day its `y` reaches `from_at`.
    pub fn hub_profiles(
        &self,
        lp: &[f64],
        from_at: f64,
    ) -> std::collections::BTreeMap<NodeIx, HubProfile> {
        let mut hubs: std::collections::BTreeMap<NodeIx, HubProfile> = Default::default();
        for o in &self.open {
            let p = hubs.entry(o.hub).or_insert(HubProfile {
                most: 0.0,
                from: None,
                first_day: o.day,
                last_day: o.day,
                last_col: o.col.ix,
            });
            p.most = p.most.max(lp[o.col.ix]);
            if lp[o.col.ix] >= from_at && p.from.is_none_or(|d| o.day < d) {
                p.from = Some(o.day);
            }
            p.first_day = p.first_day.min(o.day);
            if o.day >= p.last_day {
                p.last_day = o.day;
                p.last_col = o.col.ix;
            }
        }
        hubs
    }

    /// Hub decisions read off an LP solution: a hub whose `y` reaches `open_at` on some day
    /// is open from the first day its `y` reaches `from_at` (closed before), every other hub
    /// closed. Returns `(column, value)` for every hub-opening column, monotone per hub.
    pub fn hub_fixings(&self, lp: &[f64], open_at: f64, from_at: f64) -> Vec<(usize, f64)> {
        let hubs = self.hub_profiles(lp, from_at);
        // A hub where the relaxation bases an asset stays open at least on the last day
        // (coverage needs it there; its `y` may be small all the same).
        let based: std::collections::BTreeSet<NodeIx> = self
            .basing
            .iter()
            .filter(|&&(_, _, c)| lp[c.ix] > 1e-6)
            .map(|&(_, h, _)| h)
            .collect();
        self.open
            .iter()
            .map(|o| {
                let p = &hubs[&o.hub];
                let open = if p.most >= open_at {
                    // `from` is set: `most ≥ open_at ≥ from_at`.
                    p.from.is_some_and(|d| o.day >= d)
                } else {
                    based.contains(&o.hub) && o.day >= p.from.unwrap_or(p.last_day)
                };
                (o.col.ix, if open { 1.0 } else { 0.0 })
            })
            .collect()
    }
}
