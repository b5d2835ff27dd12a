//! What the parts of the start heuristic share: the context none of them changes, the trace of
//! its steps, and the best schedule so far.

use std::time::Instant;

use highs_sys::HighsInt;

use super::options::Heuristic;
use super::rounding::RoundOrder;
use crate::formulation::Formulation;
use crate::model::Model;

/// A hub is open in a schedule read off an LP from the first day its opening indicator `y`
/// reaches this value (the hubs phase and the hub neighbourhood).
pub(super) const HUB_FROM: f64 = 0.01;

/// Reports each step of the start heuristic on standard error when the solver log is on.
pub(super) struct Trace {
    pub(super) start: Instant,
    pub(super) verbose: bool,
}

impl Trace {
    pub(super) fn note(&self, step: &str, found: Option<&(Vec<f64>, f64, bool)>, detail: &str) {
        if self.verbose {
            let t = self.start.elapsed().as_secs_f64();
            match found {
                Some((_, obj, _)) => eprintln!("hubplan: {t:7.2}s {step} {detail}: {obj:.6}"),
                None => eprintln!("hubplan: {t:7.2}s {step} {detail}: no solution"),
            }
        }
    }
}

/// The best complete schedule of the start heuristic so far.
#[derive(Debug, Clone)]
pub(super) struct Incumbent {
    pub(super) values: Vec<f64>,
    /// Objective in HiGHS's terms (without [`Formulation::objective_offset`]).
    pub(super) objective: f64,
    pub(super) found_by: Heuristic,
}

/// Keeps `found` as the best start when it is better than the one so far, with its integer
/// columns rounded. Returns whether it was kept.
pub(super) fn keep_best(
    is_integer: &[bool],
    best: &mut Option<Incumbent>,
    found: Option<(Vec<f64>, f64, bool)>,
    by: Heuristic,
) -> bool {
    let Some((mut x, objective, _)) = found else {
        return false;
    };
    let better = best
        .as_ref()
        .is_none_or(|b| objective < b.objective - 1e-9 * b.objective.abs().max(1.0));
    if better {
        for (v, &int) in x.iter_mut().zip(is_integer) {
            if int {
                *v = v.round();
            }
        }
        *best = Some(Incumbent {
            values: x,
            objective,
            found_by: by,
        });
    }
    better
}

/// What every part of the start heuristic reads and none changes.
pub(super) struct Context<'a> {
    pub(super) f: &'a Formulation,
    pub(super) model: &'a Model,
    pub(super) trace: &'a Trace,
    /// Each column's integrality in the MIP, to restore after an LP.
    pub(super) integrality: &'a [HighsInt],
    /// Seconds a completion LP gets by simplex before the fall-backs ([`complete`]):
    /// [`SIMPLEX_FIRST`], or [`SIMPLEX_FIRST_SHARE`] of the relaxation's time when that is
    /// more, so that a machine that is slower at the moment does not drop the tightening rows
    /// for good on an LP that would have finished (the same LP's time varies by a third from
    /// run to run: BENCHMARKS.md, "Known limits").
    ///
    /// [`complete`]: super::complete::complete
    /// [`SIMPLEX_FIRST`]: super::heuristic::SIMPLEX_FIRST
    /// [`SIMPLEX_FIRST_SHARE`]: super::heuristic::SIMPLEX_FIRST_SHARE
    pub(super) simplex_first: f64,
    /// The orders each LP is rounded in (by `complete` and the other completions): every
    /// one, except in the rolling horizon's windows before the last.
    pub(super) orders: &'a [RoundOrder],
    /// Repairs after the first rounding in `complete`, at most: [`REPAIR_ROUNDS`], except
    /// in the rolling horizon's windows before the last.
    ///
    /// [`REPAIR_ROUNDS`]: super::complete::REPAIR_ROUNDS
    pub(super) repairs: usize,
    /// The time of the steps a completion (`complete`) cannot do without, when it is not
    /// the completion's own `left`: the rounding of a finished LP, the repair of a rounding
    /// that lost lift ([`LOST_LIFT`]), and the first LP when `lp_must` says so. The rolling
    /// horizon's windows do these within the heuristic's time, not their share of it: a
    /// window that runs out of its share before its rounding would otherwise leave its days
    /// to the next window, whose LP, with more days free, may not finish either.
    ///
    /// [`LOST_LIFT`]: super::complete::LOST_LIFT
    pub(super) must_left: Option<&'a dyn Fn() -> Option<f64>>,
    /// Whether the first LP of a completion is a step it cannot do without (`must_left`):
    /// in the rolling horizon's last window, whose schedule is the only one the windows give.
    pub(super) lp_must: bool,
}
