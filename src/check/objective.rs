//! C47xx: the objective. Every part is recomputed from the schedule by the passes that read
//! it (trip and tonne-km cost and risk exposure by the movements, hub costs by the hubs,
//! lateness and shortfall by the deliveries, coverage shortfall by monitoring); here the
//! weighted total, and each part and the total against what the schedule reports.

use crate::schedule::EPS;

use super::context::Checker;
use super::rules::Rule;
use crate::text::trimmed;

impl Checker<'_> {
    /// The objective pass: the recomputed total, then each part (C4701) and the solver's total
    /// (C4702) against it.
    pub(super) fn objective(&mut self) {
        let w = self.m.weights;
        let o = &mut self.obj;
        o.recomputed_total = w.cost
            * (o.trip_cost + o.tonne_km_cost + o.hub_opening_cost + o.hub_daily_cost)
            + w.risk * o.risk_exposure
            + w.lateness * o.lateness
            + w.shortfall * o.shortfall
            + w.coverage_shortfall * o.coverage_shortfall;
        let carried = self.carried();
        self.c4701_objective_part(carried);
        self.c4702_objective_total(carried);
    }

    /// Each part of the objective and the recomputed total: `(name, reported, recomputed)`.
    fn parts(&self) -> [(&'static str, f64, f64); 9] {
        let (rep, mine) = (&self.s.objective, &self.obj);
        [
            ("trip_cost", rep.trip_cost, mine.trip_cost),
            ("tonne_km_cost", rep.tonne_km_cost, mine.tonne_km_cost),
            (
                "hub_opening_cost",
                rep.hub_opening_cost,
                mine.hub_opening_cost,
            ),
            ("hub_daily_cost", rep.hub_daily_cost, mine.hub_daily_cost),
            ("risk_exposure", rep.risk_exposure, mine.risk_exposure),
            ("lateness", rep.lateness, mine.lateness),
            ("shortfall", rep.shortfall, mine.shortfall),
            (
                "coverage_shortfall",
                rep.coverage_shortfall,
                mine.coverage_shortfall,
            ),
            (
                "recomputed_total",
                rep.recomputed_total,
                mine.recomputed_total,
            ),
        ]
    }

    /// What the parts carry into a weighted total beyond its own tolerance.
    ///
    /// Quantities are written to 1e-6 (`schedule::EPS`), so each part may be off by that much
    /// plus its relative tolerance, and a weighted total by the weighted sum of those on top
    /// of its own allowance (a shortfall weight of 1e6 turns 1e-6 units into 1).
    /// Coverage shortfall counts whole assets and is compared exactly, so it carries nothing.
    fn carried(&self) -> f64 {
        let (w, tol) = (self.m.weights, self.tol);
        let weights = [
            w.cost,
            w.cost,
            w.cost,
            w.cost,
            w.risk,
            w.lateness,
            w.shortfall,
            0.0,
        ];
        self.parts()
            .iter()
            .zip(weights)
            .map(|((_, r, c), wt)| wt * (EPS + tol.rel * r.abs().max(c.abs())))
            .sum()
    }

    /// Whether a weighted total `a` is within tolerance of `b`, with what the parts carry.
    fn total_within(&self, a: f64, b: f64, carried: f64) -> bool {
        (a - b).abs() <= self.tol.slack(a, b) + carried
    }

    /// C4701 `objective_part`: each part of the objective, and the recomputed total (with what
    /// the parts carry), is as the schedule gives it.
    ///
    /// **Why:** the parts are how a plan's cost is explained (money, risk, lateness, shortfall,
    /// coverage); a part that is not what the decisions give explains nothing. The amount is
    /// the difference; the entity `objective.<part>`.
    ///
    /// **Example:**
    /// ```text
    /// error[C4701]: objective part trip_cost is reported 5000; the schedule gives 5050
    /// ```
    fn c4701_objective_part(&mut self, carried: f64) {
        let tol = self.tol;
        for (name, reported, recomputed) in self.parts() {
            let ok = if name == "recomputed_total" {
                self.total_within(reported, recomputed, carried)
            } else {
                tol.within(reported, recomputed)
            };
            if !ok {
                self.push(
                    Rule::ObjectivePart,
                    format!("objective.{name}"),
                    None,
                    (reported - recomputed).abs(),
                    format!(
                        "objective part {name} is reported {}; the schedule gives {}",
                        trimmed(reported),
                        trimmed(recomputed)
                    ),
                );
            }
        }
    }

    /// C4702 `objective_total`: the solver's objective (`total`) equals the objective
    /// recomputed from the schedule, within tolerance and what the parts carry.
    ///
    /// **Why:** it is the last check that the schedule written is the solution the solver
    /// found: a MIP solution read back wrongly shows here first. The amount is the difference.
    ///
    /// **Example:**
    /// ```text
    /// error[C4702]: the solver's objective is 12000; the schedule recomputed gives 12050
    /// ```
    fn c4702_objective_total(&mut self, carried: f64) {
        let (total, mine) = (self.s.objective.total, self.obj.recomputed_total);
        if !self.total_within(total, mine, carried) {
            self.push(
                Rule::ObjectiveTotal,
                "objective.total",
                None,
                (total - mine).abs(),
                format!(
                    "the solver's objective is {}; the schedule recomputed gives {}",
                    trimmed(total),
                    trimmed(mine)
                ),
            );
        }
    }
}
