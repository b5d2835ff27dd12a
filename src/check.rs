//! The independent schedule checker: verifies a [`Schedule`] against the validated [`Model`]
//! directly, from the model's rules as `docs/model-format.md` states them.
//!
//! It shares nothing with the MIP: it reads the schedule's decisions (hubs, movements,
//! handling, stocks, deliveries, basing and tasking), resolves every id against the model and
//! re-derives everything else: flow balance of each (node, stage, nation, resource, day), vehicle
//! loads, route throughput, fleet cycling, handling, hub opening, capacity and protection,
//! caveats, deliveries, monitoring coverage and every part of the objective. Each broken rule is a
//! [`Violation`] with a stable [`Rule`] code (`C4xxx`), the entity, the day and the amount by which
//! the rule is broken. `docs/checker.md` lists the rules and the tolerances.
//!
//! Only [`crate::model`] and [`crate::schedule`] are used: not the network, the formulation or
//! the solver.
//!
//! # The rule book
//!
//! [`Rule`]'s table (in `check/rules.rs`) is the single list of rules. Each rule is checked in
//! functions named by its code (`c4403_hub_capacity`, `c4105_vehicle_load`, ...), so
//! `grep -rn c4403 src` finds where it is checked, and each has a doc comment: what it checks,
//! why it matters and an example. One file per series of codes:
//!
//! | File | Codes | Concern |
//! |---|---|---|
//! | `check/references.rs` | C40xx | ids, days and stages resolve; the schedule's header |
//! | `check/movements.rs` | C41xx | movements, vehicle loads, route throughput, fleet cycling |
//! | `check/handling.rs` | C42xx | handling at transit nodes |
//! | `check/flow.rs` | C43xx | stocks, supplies, flow balance and quantities |
//! | `check/hubs.rs` | C44xx | hub opening, presence at hubs, occupancy and caveats |
//! | `check/deliveries.rs` | C45xx | deliveries against demands and the closure profile |
//! | `check/monitoring.rs` | C46xx | basing, tasking, asset counts and coverage |
//! | `check/objective.rs` | C47xx | the objective and its parts |
//!
//! The shared state — the `Checker` with its id indexes, the per-(node, stage, nation,
//! resource) accounts and the recomputed objective — is in `check/context.rs`; [`Rule`],
//! [`Violation`] and [`Tolerance`] are in `check/rules.rs`. `Checker::run` below gives the order
//! of the passes: the reading passes book flows into the accounts, which the later rules (flow
//! balance, hub presence, occupancy) read.

use crate::model::Model;
use crate::schedule::{ObjectiveReport, Schedule};

mod context;
mod deliveries;
mod flow;
mod handling;
mod hubs;
mod monitoring;
mod movements;
mod objective;
mod references;
mod rules;

pub use rules::{Rule, Tolerance, Violation};

use context::Checker;

/// Checks `schedule` against `model`. Returns every violation, sorted by rule code, entity and
/// day (and message), so the result is deterministic. Empty means the schedule is feasible and
/// all its reported figures hold.
pub fn check(model: &Model, schedule: &Schedule, tol: &Tolerance) -> Vec<Violation> {
    Checker::new(model, schedule, *tol).run().0
}

/// The objective and its parts recomputed from the schedule by the checker; `total` and
/// `recomputed_total` are both the weighted sum of the recomputed parts. Entries that do not
/// resolve against the model are left out.
pub fn recompute_objective(model: &Model, schedule: &Schedule) -> ObjectiveReport {
    Checker::new(model, schedule, Tolerance::default()).run().1
}

/// The violations that say `schedule` is not a schedule of `model` at all, and the others.
///
/// The first list holds the structural rules: C4001 (an id, day or stage that does not resolve
/// against the model), C4002 (another model's name or horizon, or no schedule) and C4302 (a
/// quantity that is not finite or is negative), to which it adds, as C4302, every figure the
/// schedule reports (loads, capacities, occupancy, delivery figures, closure shares, objective
/// parts) that is not finite, or negative where it cannot be. Reports refuse a schedule with any
/// of these; the second list (a plan that breaks capacity, say) is the rest of [`check`]'s
/// findings, which a planner may still want to see drawn.
pub fn structural(model: &Model, schedule: &Schedule) -> (Vec<Violation>, Vec<Violation>) {
    let (mut bad, others): (Vec<_>, Vec<_>) = check(model, schedule, &Tolerance::default())
        .into_iter()
        .partition(|v| matches!(v.rule, Rule::Reference | Rule::Header | Rule::Quantity));
    bad.extend(flow::c4302_reported_figures(schedule));
    bad.sort_by(|a, b| {
        (a.rule, &a.entity, a.day, &a.message).cmp(&(b.rule, &b.entity, b.day, &b.message))
    });
    (bad, others)
}

impl Checker<'_> {
    /// Runs the rule book. The header first (nothing else is checked without a schedule);
    /// then the reading passes, in this order: hubs (which set the operational days the later
    /// rules read), movements, handling, stocks, deliveries and the model's supplies, each
    /// booking what it reads into the accounts and the objective's parts — sums of floats,
    /// so the order is kept. Then the rules over the accounts, the closure profile,
    /// monitoring and the objective, which needs every part.
    ///
    /// Violations are sorted at the end by rule, entity, day and message; the sort is stable,
    /// so violations equal in all four keep the order in which they were found.
    fn run(mut self) -> (Vec<Violation>, ObjectiveReport) {
        if self.c4002_header() {
            self.hubs();
            self.movements();
            self.handling();
            self.stocks();
            let delivered = self.deliveries();
            self.supplies();
            self.c4301_flow_balance();
            let presence = self.hub_presence();
            self.c4402_hub_closed(&presence);
            self.c4403_hub_capacity(&presence);
            self.c4404_protection(&presence);
            self.c4406_occupancy_report();
            self.c4505_closure_report(&delivered);
            self.monitoring();
            self.objective();
        }
        let mut out = self.out;
        out.sort_by(|a, b| {
            (a.rule, &a.entity, a.day, &a.message).cmp(&(b.rule, &b.entity, b.day, &b.message))
        });
        let mut obj = self.obj;
        obj.total = obj.recomputed_total;
        (out, obj)
    }
}
