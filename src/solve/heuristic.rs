//! The start heuristic (docs/formulation.md 7.1): its phases in the order they run, the time
//! each may use, and what they share (the context, the trace and the best schedule so far).

use std::time::Instant;

use highs::Model;
use highs_sys::HighsInt;

use super::complete::{complete, dive, rens_bounds, round_each, trim_best, REPAIR_ROUNDS};
use super::improve::{day_windows, improve_best};
use super::instance::{
    get_basis, set_basis, set_bounds, set_integrality, set_tightening, solve_within,
};
use super::{
    horizon, interrupt_requested, Heuristic, SolveError, SolveOptions, HEURISTIC_SHARE,
    IPM_MIN_COLUMNS,
};
use crate::formulation::{Formulation, RoundOrder};
use crate::model::Model as Plan;

/// Share of the start heuristic's time the LP dive leaves for rounding and RENS.
const DIVE_RESERVE: f64 = 0.2;

/// A hub whose LP opening indicator never reaches this share is closed in the second LP
/// relaxation of the start heuristic.
const WEAK_HUB: f64 = 0.5;

/// Thresholds at which [`Heuristic::Hubs`] reads hubs off the relaxation
/// ([`Formulation::hub_fixings`]): a hub whose `y` reaches the threshold is open from the first
/// day its `y` reaches [`HUB_FROM`], a hub where the relaxation bases an asset at least on the
/// last day, every other one closed; each distinct set of hubs is tried.
const HUB_THRESHOLDS: [f64; 3] = [0.05, 0.5, 0.01];

/// See [`HUB_THRESHOLDS`].
pub(super) const HUB_FROM: f64 = 0.01;

/// Seconds the completion LPs of [`Heuristic::Hubs`] and [`Heuristic::Repair`] get by simplex
/// before the interior-point method takes over, at least ([`Context::simplex_first`]).
const SIMPLEX_FIRST: f64 = 5.0;

/// Share of the relaxation's time that the completion LPs get by simplex when that is more
/// than [`SIMPLEX_FIRST`] ([`Context::simplex_first`]).
const SIMPLEX_FIRST_SHARE: f64 = 0.4;

/// Share of the time limit that [`Heuristic::Hubs`] may use.
const HUBS_SHARE: f64 = 0.25;

/// Share of the time limit that the RENS sub-MIP may use.
const RENS_SHARE: f64 = 0.1;

/// Share of the time limit the rolling horizon's windows before the last may use; the last
/// window, the trims and the consolidation of its schedule get the rest of the heuristic's
/// time (a window's rounding, and the repair of a rounding that lost lift, may run past it:
/// [`Context::must_left`]).
const HORIZON_SHARE: f64 = 0.85;

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
    pub(super) model: &'a Plan,
    pub(super) trace: &'a Trace,
    /// Each column's integrality in the MIP, to restore after an LP.
    pub(super) integrality: &'a [HighsInt],
    /// Seconds a completion LP gets by simplex before the fall-backs ([`complete`]):
    /// [`SIMPLEX_FIRST`], or [`SIMPLEX_FIRST_SHARE`] of the relaxation's time when that is
    /// more, so that a machine that is slower at the moment (the relaxation of the large
    /// theatre took 14 to 21 s on the same machine in one session) does not drop the
    /// tightening rows for good on an LP that would have finished.
    pub(super) simplex_first: f64,
    /// The orders each LP is rounded in (by [`complete`] and the other completions): every
    /// one, except in the rolling horizon's windows before the last.
    pub(super) orders: &'a [RoundOrder],
    /// Repairs after the first rounding in [`complete`], at most: [`REPAIR_ROUNDS`], except
    /// in the rolling horizon's windows before the last.
    pub(super) repairs: usize,
    /// The time of the steps a completion ([`complete`]) cannot do without, when it is not
    /// the completion's own `left`: the rounding of a finished LP, the repair of a rounding
    /// that lost lift ([`LOST_LIFT`]), and the first LP when `lp_must` says so. The rolling
    /// horizon's windows do these within the heuristic's time, not their share of it. A
    /// window whose LP used up its share once found no schedule for want of the 0.6 s its
    /// rounding takes and left its days to the next window, whose LP, with four more days
    /// free, did not finish (theatre-xl at 45 s; BENCHMARKS.md, session 9).
    ///
    /// [`LOST_LIFT`]: super::complete::LOST_LIFT
    pub(super) must_left: Option<&'a dyn Fn() -> Option<f64>>,
    /// Whether the first LP of a completion is a step it cannot do without (`must_left`):
    /// in the rolling horizon's last window, whose schedule is the only one the windows give.
    pub(super) lp_must: bool,
}

/// A clock of the solve: when it started, its time limit, and the share of that limit a step
/// may use (the start heuristic's, or 1 for the whole limit).
#[derive(Debug, Clone, Copy)]
pub(super) struct Budget {
    pub(super) start: Instant,
    pub(super) limit: Option<f64>,
    pub(super) share: f64,
}

impl Budget {
    /// Seconds since the solve started.
    pub(super) fn elapsed(&self) -> f64 {
        self.start.elapsed().as_secs_f64()
    }

    /// Seconds left of the share (at least 0.01), `None` without a time limit.
    pub(super) fn left(&self) -> Option<f64> {
        self.limit
            .map(|t| (self.share * t - self.elapsed()).max(0.01))
    }

    /// The time left to a step that may use `part` of the time limit counted from `from`
    /// seconds into the solve (and no more than the share leaves).
    pub(super) fn share_from(&self, from: f64, part: f64) -> impl Fn() -> Option<f64> + Copy {
        let b = *self;
        move || {
            b.left()
                .zip(b.limit)
                .map(|(l, t)| l.min(from + part * t - b.elapsed()).max(0.01))
        }
    }
}

/// What the start heuristic leaves to the rest of the solve.
pub(super) struct Outcome {
    /// The HiGHS instance, with the formulation's own column bounds and integrality again.
    pub(super) hm: Model,
    /// The best schedule found.
    pub(super) best: Option<Incumbent>,
    /// The relaxation's optimum with the objective offset, when it was solved to optimality:
    /// a bound of the MIP too.
    pub(super) lp_bound: Option<f64>,
    /// Seconds the relaxation took.
    pub(super) lp_seconds: f64,
}

/// Runs the parts of the start heuristic in `heuristics`, in their order (docs/formulation.md
/// 7.1), on `hm` within `budget`, and returns the best schedule found.
pub(super) fn run(
    f: &Formulation,
    model: &Plan,
    opts: &SolveOptions,
    heuristics: &[Heuristic],
    mut hm: Model,
    trace: &Trace,
    budget: Budget,
) -> Result<Outcome, SolveError> {
    let on = |h: Heuristic| heuristics.contains(&h);
    let n = f.is_integer.len();
    let mut best = None;
    let integrality: Vec<HighsInt> = f.is_integer.iter().map(|&i| i as HighsInt).collect();
    let (lo, hi): (Vec<f64>, Vec<f64>) = f.bounds.iter().copied().unzip();
    // The tightening rows stay in the heuristic's LPs only for `hubs`, which reads the hubs
    // off them; otherwise they are left out: on the large theatre they make each LP 1.5
    // times slower and the dive's warm re-solves 3 times slower, and every schedule found
    // without them is still a schedule of the model. The MIP with presolve gets them back
    // for its bound. `tight` says whether they are in now: `complete` takes them out for
    // good when an LP with them does not finish by simplex in time.
    let mut tight = on(Heuristic::Hubs);
    if !tight {
        set_tightening(&mut hm, &f.tightening, false)?;
    }
    // Phase 1: the LP relaxation; on large models by the interior-point method with
    // crossover, which is several times faster than dual simplex on these networks.
    // Skipped by the rolling horizon, which runs instead of it.
    set_integrality(&mut hm, &vec![0; n])?;
    let horizon = on(Heuristic::Horizon);
    let ipm = on(Heuristic::IpmRoot) && n >= IPM_MIN_COLUMNS && !horizon;
    if ipm {
        hm.set_option("solver", "ipm");
    }
    let lp_start = Instant::now();
    let (m, lp) = if horizon {
        (hm, None)
    } else {
        solve_within(hm, &lo, &hi, budget.left(), None, &f.objective_coefficients)?
    };
    let lp_seconds = lp_start.elapsed().as_secs_f64();
    let cx = Context {
        f,
        model,
        trace,
        integrality: &integrality,
        simplex_first: SIMPLEX_FIRST.max(SIMPLEX_FIRST_SHARE * lp_seconds),
        orders: &RoundOrder::ALL,
        repairs: REPAIR_ROUNDS,
        must_left: None,
        lp_must: false,
    };
    if !horizon {
        trace.note(
            "lp",
            lp.as_ref(),
            if ipm { "interior point" } else { "simplex" },
        );
    }
    hm = m;
    if ipm {
        hm.set_option("solver", "choose");
    }
    let (lp, lp_bound) = match lp {
        Some((x, objective, true)) => (Some(x), Some(objective + f.objective_offset)),
        _ => (None, None),
    };
    if let (true, Some(x)) = (trace.verbose, &lp) {
        // The hubs the relaxation opens: largest `y`, first day at HUB_FROM.
        let hubs: Vec<String> = f
            .hub_profiles(x, HUB_FROM)
            .iter()
            .filter(|(_, p)| p.most >= HUB_FROM)
            .map(|(&h, p)| {
                let from = p.from.map_or(String::new(), |d| format!(" from day {d}"));
                format!("{} {:.2}{from}", model.nodes[h].id, p.most)
            })
            .collect();
        eprintln!("hubplan: relaxation's hubs: {}", hubs.join(", "));
    }
    // The relaxation's basis, to warm-start the dive after the rounding's solves.
    let basis = lp.as_ref().map(|_| get_basis(&hm));
    set_integrality(&mut hm, &integrality)?;
    // Phase 1r: the rolling horizon, instead of the relaxation.
    if horizon && !interrupt_requested() {
        if tight {
            set_tightening(&mut hm, &f.tightening, false)?;
            tight = false;
        }
        // The windows before the last within HORIZON_SHARE of the time limit, the rest
        // within the heuristic's: the trims after it (two whole-model LPs with every
        // integer fixed) took 270,000 of empty trips off xl's schedule.
        hm = horizon::rolling_horizon(
            &cx,
            hm,
            (&lo, &hi),
            opts,
            &mut tight,
            &mut best,
            (budget.share_from(0.0, HORIZON_SHARE), &|| budget.left()),
        )?;
    }
    // Phase 1h: hubs first, read off the (tightened) relaxation, within HUBS_SHARE of the
    // time limit from here.
    if let (true, Some(x)) = (on(Heuristic::Hubs), &lp) {
        let left = budget.share_from(budget.elapsed(), HUBS_SHARE);
        hm = hubs_first(&cx, hm, x, (&lo, &hi), &mut tight, &mut best, left)?;
    }
    // Phase 2: the relaxation rounded in each order, the integers fixed there and the
    // rest re-optimised (as a MIP with every integer fixed, so that presolve removes the
    // unused network); the best complete schedule is kept.
    if let (true, Some(x)) = (on(Heuristic::Rounding), &lp) {
        hm = round_each(&cx, hm, &[(x, Heuristic::Rounding)], &mut best, || {
            budget.left()
        })?;
    }
    // Phase 2d: the LP dive from the relaxation's basis, cut off as soon as its LP costs
    // more than the best schedule so far (no completion of it can then do better); its
    // last LP is rounded as in phase 2.
    if let (true, Some(x), Some(basis)) = (on(Heuristic::Dive), &lp, &basis) {
        set_integrality(&mut hm, &vec![0; n])?;
        set_basis(&mut hm, basis)?;
        // The dive leaves a share of the heuristic's time to round what it reached.
        let reserve = opts.time_limit.unwrap_or(0.0) * HEURISTIC_SHARE * DIVE_RESERVE;
        let (m, dived) = dive(&cx, hm, x, (&lo, &hi), &mut best, || {
            budget.left().map(|t| (t - reserve).max(0.01))
        })?;
        hm = m;
        set_integrality(&mut hm, &integrality)?;
        if let Some(y) = dived {
            hm = round_each(&cx, hm, &[(&y, Heuristic::Dive)], &mut best, || {
                budget.left()
            })?;
        }
    }
    // Phase 2a: the relaxation again with the hubs it barely uses closed, rounded too; with
    // `hubs`, which reads the hubs off the relaxation itself, skipped.
    if let (true, false, Some(x)) = (on(Heuristic::Rounding), on(Heuristic::Hubs), &lp) {
        hm = weak_hubs_closed(&cx, hm, x, (&lo, &hi), &mut best, budget)?;
    }
    // Phase 2r: RENS.
    if let (true, Some(x)) = (on(Heuristic::Rens), &lp) {
        hm = rens(&cx, hm, x, (&lo, &hi), &mut best, budget)?;
    }
    // Phase 2f: the best schedule's lift repaired, once trimmed: its hubs are then open on
    // the days it uses them only (the hubs phase opens them from the first day the
    // relaxation does; on the coalition model trimming took 1.3 M off the schedule).
    if on(Heuristic::Repair) {
        hm = trim_best(&cx, hm, &mut best, budget.left())?;
    }
    // Its LP is the whole model's with the hubs fixed: skipped when the relaxation did not
    // run or finish (the rolling horizon's models), as out of reach as the relaxation.
    if on(Heuristic::Repair) && lp.is_some() && !interrupt_requested() {
        if let Some(b) = best.as_ref() {
            let (mut rlo, mut rhi) = (lo.clone(), hi.clone());
            for o in &f.open {
                rlo[o.col.ix] = b.values[o.col.ix];
                rhi[o.col.ix] = b.values[o.col.ix];
            }
            let floor = b.values.clone();
            hm = complete(
                &cx,
                hm,
                (&rlo, &rhi),
                Some(&floor),
                &mut tight,
                &mut best,
                (Heuristic::Repair, "best"),
                || budget.left(),
            )?;
        }
    }
    // Phase 2b: the best one trimmed to the trips and hub days its flows use, re-optimised:
    // after the repair, and again after 2f when nothing ran between (the rolling horizon's
    // schedules): the re-optimised flows of one trim leave trips the next takes off (xl:
    // 3,591,293 after the first, 3,570,293 after the second).
    hm = trim_best(&cx, hm, &mut best, budget.left())?;
    // Phases 2h, 2t, 2c and 2h again: the hub neighbourhood, the trip moves and trip
    // consolidation.
    hm = improve_best(
        &cx,
        hm,
        lp.as_deref(),
        (&lo, &hi),
        heuristics,
        &mut tight,
        &mut best,
        budget,
    )?;
    // Phase 2w: fix-and-optimise over windows of days.
    if on(Heuristic::Windows) {
        hm = day_windows(&cx, hm, (&lo, &hi), &mut best, budget)?;
    }
    set_bounds(&mut hm, &lo, &hi)?;
    Ok(Outcome {
        hm,
        best,
        lp_bound,
        lp_seconds,
    })
}

/// Hubs first ([`Heuristic::Hubs`]): the hubs read off the relaxation `lp` at each of
/// [`HUB_THRESHOLDS`] ([`Formulation::hub_fixings`]); each distinct set is fixed and completed
/// ([`complete`]) within `lo`, `hi`, while `left` lasts.
fn hubs_first(
    cx: &Context,
    mut hm: Model,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64> + Copy,
) -> Result<Model, SolveError> {
    let mut seen = std::collections::BTreeSet::new();
    for threshold in HUB_THRESHOLDS {
        let fix = cx.f.hub_fixings(lp, threshold, HUB_FROM);
        let key: Vec<bool> = fix.iter().map(|&(_, v)| v > 0.5).collect();
        if !seen.insert(key) || interrupt_requested() {
            continue;
        }
        if left().is_some_and(|t| t <= 0.05) {
            break;
        }
        let (mut hlo, mut hhi) = (lo.to_vec(), hi.to_vec());
        for &(c, v) in &fix {
            hlo[c] = v;
            hhi[c] = v;
        }
        hm = complete(
            cx,
            hm,
            (&hlo, &hhi),
            None,
            tight,
            best,
            (Heuristic::Hubs, &format!("threshold {threshold}")),
            left,
        )?;
    }
    Ok(hm)
}

/// The relaxation again with the hubs the relaxation `lp` barely uses closed
/// ([`Formulation::weak_hub_columns`] below [`WEAK_HUB`]), rounded like the relaxation: rounding
/// every fractional hub up opens hubs the LP spread a little flow over.
fn weak_hubs_closed(
    cx: &Context,
    mut hm: Model,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    best: &mut Option<Incumbent>,
    budget: Budget,
) -> Result<Model, SolveError> {
    let (f, trace) = (cx.f, cx.trace);
    let weak = f.weak_hub_columns(lp, WEAK_HUB);
    if weak.is_empty() || interrupt_requested() {
        return Ok(hm);
    }
    let (mut wlo, mut whi) = (lo.to_vec(), hi.to_vec());
    for &c in &weak {
        wlo[c] = 0.0;
        whi[c] = 0.0;
    }
    set_integrality(&mut hm, &vec![0; f.is_integer.len()])?;
    let (m, closed) = solve_within(
        hm,
        &wlo,
        &whi,
        budget.left(),
        None,
        &f.objective_coefficients,
    )?;
    hm = m;
    trace.note("lp-weak-hubs-closed", closed.as_ref(), "");
    set_integrality(&mut hm, cx.integrality)?;
    if let Some((x, _, true)) = closed {
        hm = round_each(cx, hm, &[(&x, Heuristic::Rounding)], best, || budget.left())?;
    }
    Ok(hm)
}

/// RENS ([`Heuristic::Rens`]): the MIP with every integer column bounded to the floor and
/// ceiling of its value in the relaxation `lp`, from the best schedule (the best rounding lies
/// within these bounds), for at most [`RENS_SHARE`] of the time limit. HiGHS's presolve removes
/// most of the network, and the small MIP left is solved.
fn rens(
    cx: &Context,
    hm: Model,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    best: &mut Option<Incumbent>,
    budget: Budget,
) -> Result<Model, SolveError> {
    let f = cx.f;
    if interrupt_requested() {
        return Ok(hm);
    }
    let (rlo, rhi) = rens_bounds(f, lp, lo, hi);
    let limit = budget
        .left()
        .zip(budget.limit)
        .map(|(left, t)| left.min(t * RENS_SHARE));
    let (hm, found) = solve_within(
        hm,
        &rlo,
        &rhi,
        limit,
        best.as_ref().map(|b| b.values.as_slice()),
        &f.objective_coefficients,
    )?;
    cx.trace.note("rens", found.as_ref(), "");
    keep_best(&f.is_integer, best, found, Heuristic::Rens);
    Ok(hm)
}
