//! The start heuristic (docs/formulation.md 7.1): its phases in the order they run, the time
//! each may use, and what they share (the context, the trace and the best schedule so far).

use std::time::Instant;

use highs::Model as HighsModel;
use highs_sys::HighsInt;

use super::budget::{out_of_time, Budget, LEAST_LIMIT};
use super::complete::{complete, dive, rens_bounds, round_each, trim_best, REPAIR_ROUNDS};
use super::context::{keep_best, Context, Incumbent, Trace, HUB_FROM};
use super::horizon;
use super::improve::{day_windows, improve_best};
use super::instance::{
    get_basis, set_basis, set_bounds, set_integrality, set_tightening, solve_within, Basis,
};
use super::interrupt::interrupt_requested;
use super::options::{Heuristic, SolveError, SolveOptions, IPM_MIN_COLUMNS};
use super::rounding::RoundOrder;
use crate::formulation::Formulation;
use crate::model::Model;

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

/// Seconds the completion LPs of [`Heuristic::Hubs`] and [`Heuristic::Repair`] get by simplex
/// before the interior-point method takes over, at least ([`Context::simplex_first`]).
pub(super) const SIMPLEX_FIRST: f64 = 5.0;

/// Share of the relaxation's time that the completion LPs get by simplex when that is more
/// than [`SIMPLEX_FIRST`] ([`Context::simplex_first`]).
pub(super) const SIMPLEX_FIRST_SHARE: f64 = 0.4;

/// Share of the time limit that [`Heuristic::Hubs`] may use.
const HUBS_SHARE: f64 = 0.25;

/// Share of the time limit that the RENS sub-MIP may use.
const RENS_SHARE: f64 = 0.1;

/// Share of the time limit the rolling horizon's windows before the last may use; the last
/// window, the trims and the consolidation of its schedule get the rest of the heuristic's
/// time (a window's rounding, and the repair of a rounding that lost lift, may run past it:
/// [`Context::must_left`]).
const HORIZON_SHARE: f64 = 0.85;

/// What the start heuristic leaves to the rest of the solve.
pub(super) struct Outcome {
    /// The HiGHS instance, with the formulation's own column bounds and integrality again.
    pub(super) hm: HighsModel,
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
    model: &Model,
    opts: &SolveOptions,
    heuristics: &[Heuristic],
    mut hm: HighsModel,
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
    let horizon = on(Heuristic::Horizon);
    let ipm = on(Heuristic::IpmRoot) && n >= IPM_MIN_COLUMNS && !horizon;
    let Relaxation {
        hm: m,
        lp,
        lp_bound,
        lp_seconds,
    } = relaxation(f, model, trace, hm, (&lo, &hi), horizon, ipm, budget)?;
    hm = m;
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
        hm = dive_and_round(&cx, hm, x, basis, (&lo, &hi), &mut best, budget)?;
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
        hm = repair_best(&cx, hm, (&lo, &hi), &mut tight, &mut best, budget)?;
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

/// The LP relaxation of phase 1 and what it gives the phases after it.
struct Relaxation {
    hm: HighsModel,
    /// Its optimal solution, when it finished.
    lp: Option<Vec<f64>>,
    /// Its optimum with the objective offset, a bound of the MIP.
    lp_bound: Option<f64>,
    /// Seconds it took.
    lp_seconds: f64,
}

/// Phase 1: the LP relaxation; on large models (`ipm`) by the interior-point method with
/// crossover, which is several times faster than dual simplex on these networks. Skipped by
/// the rolling horizon (`horizon`), which runs instead of it.
#[allow(clippy::too_many_arguments)]
fn relaxation(
    f: &Formulation,
    model: &Model,
    trace: &Trace,
    mut hm: HighsModel,
    (lo, hi): (&[f64], &[f64]),
    horizon: bool,
    ipm: bool,
    budget: Budget,
) -> Result<Relaxation, SolveError> {
    let n = f.is_integer.len();
    set_integrality(&mut hm, &vec![0; n])?;
    if ipm {
        hm.set_option("solver", "ipm");
    }
    let lp_start = Instant::now();
    let (m, lp) = if horizon {
        (hm, None)
    } else {
        solve_within(hm, lo, hi, budget.left(), None, &f.objective_coefficients)?
    };
    let lp_seconds = lp_start.elapsed().as_secs_f64();
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
    Ok(Relaxation {
        hm,
        lp,
        lp_bound,
        lp_seconds,
    })
}

/// Phase 2d ([`Heuristic::Dive`]): the LP dive from the relaxation `lp` and its `basis`, cut
/// off as soon as its LP costs more than the best schedule so far; its last LP is rounded in
/// each order. The dive leaves [`DIVE_RESERVE`] of the heuristic's time for that rounding.
fn dive_and_round(
    cx: &Context,
    mut hm: HighsModel,
    lp: &[f64],
    basis: &Basis,
    bounds: (&[f64], &[f64]),
    best: &mut Option<Incumbent>,
    budget: Budget,
) -> Result<HighsModel, SolveError> {
    set_integrality(&mut hm, &vec![0; cx.f.is_integer.len()])?;
    set_basis(&mut hm, basis)?;
    let reserve = budget.share_seconds().unwrap_or(0.0) * DIVE_RESERVE;
    let (m, dived) = dive(cx, hm, lp, bounds, best, || {
        budget.left().map(|t| (t - reserve).max(LEAST_LIMIT))
    })?;
    hm = m;
    set_integrality(&mut hm, cx.integrality)?;
    if let Some(y) = dived {
        hm = round_each(cx, hm, &[(&y, Heuristic::Dive)], best, || budget.left())?;
    }
    Ok(hm)
}

/// Phase 2f ([`Heuristic::Repair`]): the best schedule's lift repaired: the LP of the whole
/// model with its hubs fixed and every integer free to rise above its value, completed
/// ([`complete`]) while that improves it.
fn repair_best(
    cx: &Context,
    mut hm: HighsModel,
    (lo, hi): (&[f64], &[f64]),
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    budget: Budget,
) -> Result<HighsModel, SolveError> {
    if let Some(b) = best.as_ref() {
        let (mut rlo, mut rhi) = (lo.to_vec(), hi.to_vec());
        for o in &cx.f.open {
            rlo[o.col.ix] = b.values[o.col.ix];
            rhi[o.col.ix] = b.values[o.col.ix];
        }
        let floor = b.values.clone();
        hm = complete(
            cx,
            hm,
            (&rlo, &rhi),
            Some(&floor),
            tight,
            best,
            (Heuristic::Repair, "best"),
            || budget.left(),
        )?;
    }
    Ok(hm)
}

/// Hubs first ([`Heuristic::Hubs`]): the hubs read off the relaxation `lp` at each of
/// [`HUB_THRESHOLDS`] ([`Formulation::hub_fixings`]); each distinct set is fixed and completed
/// ([`complete`]) within `lo`, `hi`, while `left` lasts.
fn hubs_first(
    cx: &Context,
    mut hm: HighsModel,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64> + Copy,
) -> Result<HighsModel, SolveError> {
    let mut seen = std::collections::BTreeSet::new();
    for threshold in HUB_THRESHOLDS {
        let fix = cx.f.hub_fixings(lp, threshold, HUB_FROM);
        let key: Vec<bool> = fix.iter().map(|&(_, v)| v > 0.5).collect();
        if !seen.insert(key) || interrupt_requested() {
            continue;
        }
        if out_of_time(left()) {
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
    mut hm: HighsModel,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    best: &mut Option<Incumbent>,
    budget: Budget,
) -> Result<HighsModel, SolveError> {
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
    hm: HighsModel,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    best: &mut Option<Incumbent>,
    budget: Budget,
) -> Result<HighsModel, SolveError> {
    let f = cx.f;
    if interrupt_requested() {
        return Ok(hm);
    }
    let (rlo, rhi) = rens_bounds(f, lp, lo, hi);
    let limit = budget
        .left()
        .zip(budget.limit.as_secs())
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
