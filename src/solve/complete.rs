//! Completing LP solutions into schedules: rounding in each order with the rest re-optimised
//! (`round_and_fix`), the repair of the lift a rounding lost (`complete`), the LP dive, and the
//! trims of a schedule's unused trips and hub days.

use highs::Model as HighsModel;

use super::budget::out_of_time;
use super::context::{keep_best, Context, Incumbent};
use super::instance::{
    clear_solver, get_basis, proved_infeasible, set_basis, set_bounds, set_integrality,
    set_tightening, solve_within,
};
use super::interrupt::interrupt_requested;
use super::options::{Heuristic, SolveError};
use super::rounding::RoundOrder;
use crate::formulation::Formulation;
use crate::model::Model;

/// Share of the fractional integers the LP dive fixes per round.
const DIVE_SHARE: f64 = 0.3;

/// Rounds of the LP dive at most (then its last LP is rounded as in LP rounding).
const DIVE_ROUNDS: usize = 60;

/// Repairs after the first rounding in [`complete`], at most.
pub(super) const REPAIR_ROUNDS: usize = 3;

/// A rounding that costs more than this many times its LP lost lift (the rounding of a
/// rolling-horizon window on theatre-xl: 58 to 500 times its LP when it did, at most 4 times
/// when it did not), and its repair is a step the completion cannot do without
/// ([`Context::must_left`]).
pub(super) const LOST_LIFT: f64 = 2.0;

/// The LP dive ([`Heuristic::Dive`]): from the LP solution `lp`, fixes integers round by
/// round ([`Formulation::dive_fixings`]) and re-solves the LP (warm, from the last basis),
/// for at most [`DIVE_ROUNDS`] rounds, until it is integral, or until its LP objective reaches
/// the best schedule's (no completion of its fixings can then do better). Each round's LP is
/// rounded ([`RoundOrder::Fraction`]) into a schedule, kept in `best` when better, so that
/// where the dive stops (its time or its cut-off) matters less. Returns the model and the last
/// LP solution below the cut-off, which the rounding phase then completes in every order.
pub(super) fn dive(
    cx: &Context,
    mut hm: HighsModel,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<(HighsModel, Option<Vec<f64>>), SolveError> {
    let (f, model, trace, integrality) = (cx.f, cx.model, cx.trace, cx.integrality);
    let (mut dlo, mut dhi) = (lo.to_vec(), hi.to_vec());
    let relaxed = vec![0; integrality.len()];
    let mut x = None;
    for round in 0..DIVE_ROUNDS {
        if interrupt_requested() || out_of_time(left()) {
            break;
        }
        let Some(fix) = f.dive_fixings(model, x.as_deref().unwrap_or(lp), DIVE_SHARE) else {
            break;
        };
        for (i, v) in fix {
            dlo[i] = v;
            dhi[i] = v;
        }
        let (m, found) = solve_within(hm, &dlo, &dhi, left(), None, &f.objective_coefficients)?;
        hm = m;
        trace.note("dive", found.as_ref(), &format!("round {round}"));
        let cutoff = best.as_ref().map(|b| b.objective);
        match found {
            Some((_, obj, true)) if cutoff.is_some_and(|c| obj >= c) => break,
            Some((y, _, true)) => {
                // Round this LP; the fixed solve loses the basis, which is put back.
                let basis = get_basis(&hm);
                set_integrality(&mut hm, integrality)?;
                let (m, done) =
                    round_and_fix(f, model, hm, &y, RoundOrder::Fraction, (lo, hi), left())?;
                hm = m;
                trace.note("dive", done.as_ref(), &format!("round {round} rounded"));
                keep_best(&f.is_integer, best, done, Heuristic::Dive);
                set_integrality(&mut hm, &relaxed)?;
                set_bounds(&mut hm, &dlo, &dhi)?;
                set_basis(&mut hm, &basis)?;
                x = Some(y);
            }
            _ => break,
        }
    }
    Ok((hm, x))
}

/// Rounds each LP solution in `lps` in every [`RoundOrder`]
/// ([`Formulation::round_integers`]), fixes the integers there, re-optimises the rest, and
/// keeps the best complete schedule in `best`, credited to the heuristic paired with the LP.
pub(super) fn round_each(
    cx: &Context,
    mut hm: HighsModel,
    lps: &[(&[f64], Heuristic)],
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<HighsModel, SolveError> {
    let (lo, hi): (Vec<f64>, Vec<f64>) = cx.f.bounds.iter().copied().unzip();
    for &(lp, by) in lps {
        let (m, found) = round_cheapest(
            cx,
            hm,
            lp,
            (&lo, &hi),
            (by.name(), "rounded"),
            &left,
            interrupt_requested,
        )?;
        hm = m;
        keep_best(&cx.f.is_integer, best, found, by);
    }
    Ok(hm)
}

/// Rounds the LP solution `lp` in each order of the context's `orders` and fixes it
/// ([`round_and_fix`], within `base`), until `stop` says so; returns the cheapest schedule
/// found (the earliest of equals). When none of those orders gives a schedule, the other
/// orders are tried too, until one does. Each is traced as `step` with `detail` and its
/// order.
#[allow(clippy::type_complexity)]
fn round_cheapest(
    cx: &Context,
    mut hm: HighsModel,
    lp: &[f64],
    base: (&[f64], &[f64]),
    (step, detail): (&str, &str),
    left: impl Fn() -> Option<f64>,
    stop: impl Fn() -> bool,
) -> Result<(HighsModel, Option<(Vec<f64>, f64, bool)>), SolveError> {
    let (f, model, trace) = (cx.f, cx.model, cx.trace);
    let mut cheapest: Option<(Vec<f64>, f64, bool)> = None;
    // The other orders are a fall-back: a rolling-horizon window rounds in one order, and
    // when that rounding finds nothing the window keeps the last plan's look-ahead, which
    // sees no demand due after it: a schedule of the window's own is still better.
    let others = RoundOrder::ALL
        .into_iter()
        .filter(|o| !cx.orders.contains(o));
    for (i, order) in cx.orders.iter().copied().chain(others).enumerate() {
        if stop() || (i >= cx.orders.len() && cheapest.is_some()) {
            break;
        }
        let (m, found) = round_and_fix(f, model, hm, lp, order, base, left())?;
        hm = m;
        let found = found.map(|g| trimmed(f, model, g));
        trace.note(step, found.as_ref(), &format!("{detail} {order:?}"));
        if let Some(g) = found {
            if cheapest.as_ref().is_none_or(|b| g.1 < b.1) {
                cheapest = Some(g);
            }
        }
    }
    Ok((hm, cheapest))
}

/// A complete schedule `(values, objective, optimal)` trimmed to the trips and hub days its
/// flows use ([`Formulation::trim_integers`]), without an LP: the trimmed values still meet
/// every row, and the objective falls by the cost of what was trimmed. A rounding keeps every
/// trip it rounded up, even one its fixed LP leaves empty, and the repair only adds trips; on
/// the large theatre a completion carried 30,000 of empty trips that way, and lost to a
/// worse one.
fn trimmed(
    f: &Formulation,
    model: &Model,
    (values, objective, optimal): (Vec<f64>, f64, bool),
) -> (Vec<f64>, f64, bool) {
    let out = f.trim_integers(model, &values);
    let saved: f64 = (0..out.len())
        .filter(|&i| f.is_integer[i])
        .map(|i| f.objective_coefficients[i] * (values[i] - out[i]))
        .sum();
    (out, objective - saved, optimal)
}

/// Rounds the LP solution `lp` in `order` ([`Formulation::round_integers`]), fixes every
/// integer there and solves the rest within the bounds `base` (as a MIP with every integer
/// fixed, so that presolve removes the network the fixed trips close). `base` is the
/// formulation's own bounds except where a caller fixes continuous columns too (the rolling
/// horizon's fixed days).
#[allow(clippy::type_complexity)]
fn round_and_fix(
    f: &Formulation,
    model: &Model,
    hm: HighsModel,
    lp: &[f64],
    order: RoundOrder,
    base: (&[f64], &[f64]),
    time_limit: Option<f64>,
) -> Result<(HighsModel, Option<(Vec<f64>, f64, bool)>), SolveError> {
    let rounded = f.round_integers(model, lp, order);
    let (lo, hi) = fixed_within(f, &rounded, (base.0.to_vec(), base.1.to_vec()));
    solve_within(hm, &lo, &hi, time_limit, None, &f.objective_coefficients)
}

/// Completes a schedule within the bounds `lo`, `hi` (hub columns fixed by the caller): the
/// LP (every trip at least its value in `floor`, when given) is solved, rounded in every
/// order and fixed ([`round_cheapest`]); then, while that improves the schedule (at most
/// the context's `repairs` times), repaired: the LP with every trip at least its value in the
/// schedule, so that fleets with room make up for the lift that rounding lost, rounded and
/// fixed again. Every schedule is offered to `best` as found by `by`.
#[allow(clippy::too_many_arguments)]
pub(super) fn complete(
    cx: &Context,
    mut hm: HighsModel,
    (lo, hi): (&[f64], &[f64]),
    floor: Option<&[f64]>,
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    (by, what): (Heuristic, &str),
    left: impl Fn() -> Option<f64>,
) -> Result<HighsModel, SolveError> {
    let (f, trace, integrality) = (cx.f, cx.trace, cx.integrality);
    let relaxed = vec![0; integrality.len()];
    let mut floor: Option<Vec<f64>> = floor.map(<[f64]>::to_vec);
    let mut last = f64::INFINITY;
    // The time of the steps that cannot be left out (`cx.must_left`): the completion's own
    // `left` unless the context says otherwise. `urgent` says whether the next LP is one.
    let must_left = || cx.must_left.map_or_else(&left, |l| l());
    let urgent = std::cell::Cell::new(cx.lp_must);
    let left = || if urgent.get() { must_left() } else { left() };
    for round in 0..=cx.repairs {
        if interrupt_requested() || out_of_time(left()) {
            break;
        }
        let mut llo = lo.to_vec();
        if let Some(r) = &floor {
            for tr in &f.trips {
                llo[tr.col.ix] = r[tr.col.ix].clamp(lo[tr.col.ix], hi[tr.col.ix]);
            }
        }
        set_integrality(&mut hm, &relaxed)?;
        // A cold LP with presolve: the fixed hubs and trips remove much of the network.
        clear_solver(&mut hm)?;
        // By simplex after presolve, for at most `simplex_first` seconds: on the large theatre
        // the interior-point method gave a different vertex, whose rounding was 40 times
        // worse. If simplex does not finish, it is tried without the tightening rows, and
        // then the interior-point method gets the time left.
        let first = cx.simplex_first;
        let limit = || left().map(|t| t.min(first)).or(Some(first));
        let (m, mut lp) = solve_within(hm, &llo, hi, limit(), None, &f.objective_coefficients)?;
        hm = m;
        // Then without the tightening rows, by simplex again: they keep the fixed LP close
        // to integral on the large theatre (its rounding lost nothing), but on the coalition
        // model they made it 4 times slower (1.3 s without them) and the rounding no better.
        // They stay out of the heuristic's later LPs.
        if !matches!(lp, Some((_, _, true))) && *tight && !out_of_time(left()) {
            trace.note(
                by.name(),
                lp.as_ref(),
                &format!("{what}: lp {round} by simplex with the tightening rows"),
            );
            set_tightening(&mut hm, &f.tightening, false)?;
            *tight = false;
            clear_solver(&mut hm)?;
            let (m, again) = solve_within(hm, &llo, hi, limit(), None, &f.objective_coefficients)?;
            hm = m;
            lp = again;
        }
        // An LP simplex proved infeasible stays so (the interior-point method on one ended in
        // a solver error on a random model): these bounds give no schedule.
        if !matches!(lp, Some((_, _, true))) && !proved_infeasible(&hm) && !out_of_time(left()) {
            trace.note(
                by.name(),
                lp.as_ref(),
                &format!("{what}: lp {round} by simplex"),
            );
            hm.set_option("solver", "ipm");
            let (m, again) = solve_within(hm, &llo, hi, left(), None, &f.objective_coefficients)?;
            hm = m;
            hm.set_option("solver", "choose");
            lp = again;
        }
        set_integrality(&mut hm, integrality)?;
        trace.note(by.name(), lp.as_ref(), &format!("{what}: lp {round}"));
        let Some((z, bound, true)) = lp else { break };
        // Every completion within these bounds costs at least the LP: none can beat a best
        // schedule that costs no more.
        if best
            .as_ref()
            .is_some_and(|b| bound >= b.objective - 1e-9 * b.objective.abs().max(1.0))
        {
            break;
        }

        // Rounded in each order; the cheapest schedule goes on.
        let (m, found) = round_cheapest(
            cx,
            hm,
            &z,
            (lo, hi),
            (by.name(), &format!("{what}: rounded {round}")),
            must_left,
            || interrupt_requested() || out_of_time(must_left()),
        )?;
        hm = m;
        let Some((x, obj, _)) = found else { break };
        if obj >= last - 1e-9 * last.abs().max(1.0) {
            break;
        }
        last = obj;
        floor = Some(x.iter().map(|v| v.round()).collect());
        keep_best(&f.is_integer, best, Some((x, obj, false)), by);
        // The rounding lost nothing: the schedule is optimal within these bounds, and a
        // repair LP (1.5 s on the large theatre) would only find it again.
        if obj <= bound + 1e-7 * bound.abs().max(1.0) {
            break;
        }
        // A rounding that lost lift (shortfall the LP did not have) is repaired within the
        // rounding's time: a rolling-horizon window that kept one would pass its shortfall
        // on, and the windows after it would do worse (BENCHMARKS.md, section 6.5).
        urgent.set(obj > LOST_LIFT * bound.abs().max(1.0));
    }
    Ok(hm)
}

/// Trims the incumbent's integers to what its flows use ([`Formulation::trim_integers`]),
/// re-optimises the rest, trims again what that leaves empty, and keeps the result when it is
/// better.
pub(super) fn trim_best(
    cx: &Context,
    hm: HighsModel,
    best: &mut Option<Incumbent>,
    time_limit: Option<f64>,
) -> Result<HighsModel, SolveError> {
    let (f, model) = (cx.f, cx.model);
    let Some(b) = best.as_ref() else {
        return Ok(hm);
    };
    if interrupt_requested() {
        return Ok(hm);
    }
    let by = b.found_by;
    let cut = f.trim_integers(model, &b.values);
    let (lo, hi) = fixed_integers(f, &cut);
    let (hm, found) = solve_within(hm, &lo, &hi, time_limit, None, &f.objective_coefficients)?;
    // The re-optimised flows can leave trips empty: trimmed again, without an LP (on xl the
    // second trim took 270,000 of trips off).
    let found = found.map(|g| trimmed(f, model, g));
    cx.trace.note("trim", found.as_ref(), by.name());
    keep_best(&f.is_integer, best, found, by);
    Ok(hm)
}

/// Column bounds with every integer column fixed at its value in `values` (within its bounds).
pub(super) fn fixed_integers(f: &Formulation, values: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (lo, hi): (Vec<f64>, Vec<f64>) = f.bounds.iter().copied().unzip();
    fixed_within(f, values, (lo, hi))
}

/// The bounds `lo`, `hi` with every integer column fixed at its value in `values` (within
/// them).
fn fixed_within(
    f: &Formulation,
    values: &[f64],
    (mut lo, mut hi): (Vec<f64>, Vec<f64>),
) -> (Vec<f64>, Vec<f64>) {
    for i in 0..values.len().min(lo.len()) {
        if f.is_integer[i] {
            let v = values[i].clamp(lo[i], hi[i]);
            lo[i] = v;
            hi[i] = v;
        }
    }
    (lo, hi)
}

/// RENS bounds around an LP solution `x`: every integer column between the floor and the
/// ceiling of its value (so an integral value is fixed), within its own bounds `lo`, `hi`.
pub(super) fn rens_bounds(
    f: &Formulation,
    x: &[f64],
    lo: &[f64],
    hi: &[f64],
) -> (Vec<f64>, Vec<f64>) {
    let (mut rlo, mut rhi) = (lo.to_vec(), hi.to_vec());
    for (i, &int) in f.is_integer.iter().enumerate() {
        if int {
            rlo[i] = (x[i] - 1e-6).floor().clamp(lo[i], hi[i]);
            rhi[i] = (x[i] + 1e-6).ceil().clamp(lo[i], hi[i]);
        }
    }
    (rlo, rhi)
}
