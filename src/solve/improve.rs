//! Improving the best schedule: the hub neighbourhood, the trip moves, trip consolidation and
//! fix-and-optimise over windows of days. Each move is completed as the start heuristic
//! completes its LPs ([`complete`]) or re-optimised with every integer fixed.

use highs::Model as HighsModel;

use super::budget::{out_of_time, Budget, OUT_OF_TIME};
use super::complete::{complete, fixed_integers, trim_best};
use super::context::{keep_best, Context, Incumbent, HUB_FROM};
use super::instance::solve_within;
use super::interrupt::interrupt_requested;
use super::options::{Heuristic, SolveError};

/// Share of the time limit the consolidation may use: on the coalition model it tried every
/// candidate in about 10 s of a 60 s limit.
const CONSOLIDATE_SHARE: f64 = 0.2;

/// A trip is charged ([`Heuristic::TripMoves`]) when its cost per trip is at least this share
/// of the dearest trip's: on the theatres the ships (30,000) and aircraft (51,000), not the road
/// and rail trips, which cost nothing of their own.
const CHARGED_SHARE: f64 = 0.1;

/// Share of the time limit the trip moves may use, counted from their start.
const TRIP_MOVES_SHARE: f64 = 0.2;

/// Trips the consolidation ([`consolidate`]) first takes out at once.
const CONSOLIDATE_BATCH: usize = 64;

/// Swaps tried right after each trip taken out ([`Formulation::trip_moves`]).
///
/// [`Formulation::trip_moves`]: crate::formulation::Formulation::trip_moves
const TRIP_SWAPS_FIRST: usize = 2;

/// The horizon is covered by about this many day windows (each twice the step wide, so that
/// neighbouring windows overlap by half).
const WINDOWS: usize = 6;

/// The hub neighbourhood of the best schedule (part of [`Heuristic::Hubs`]): every hub set
/// that opens or closes one decided hub of the best schedule's set, or swaps one open hub for
/// a closed one, in order of their distance from the relaxation `lp`
/// (`Σ_{h open} (1 − ȳ_h) + Σ_{h closed} ȳ_h`, `ȳ_h` the hub's largest `y` in `lp`), and the
/// best schedule's own set with one of its hubs opened a day later. The sets with a hub closed
/// come first, then the day moves, then the other sets. Each set that leaves a cover row
/// (4.12) without an open hub is skipped. Each other move is completed ([`complete`]) with its
/// hubs fixed: the hubs outside it closed, those of the best schedule open on its days (but
/// the one moved), a hub it adds open from the first day the relaxation opens it by
/// [`HUB_FROM`] (its first operational day if never). When one improves the schedule, the
/// search restarts from it. Stops when `left` runs out or no move is left. Without `far`
/// only the sets with a hub closed are tried (the solve runs the trip moves between the two
/// passes); a set in `tried` is skipped, and every set tried is added to it.
#[allow(clippy::too_many_arguments)]
pub(super) fn hub_neighbourhood(
    cx: &Context,
    mut hm: HighsModel,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    far: bool,
    tried: &mut std::collections::BTreeSet<Vec<bool>>,
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<HighsModel, SolveError> {
    use std::collections::BTreeSet;
    let (f, model) = (cx.f, cx.model);
    // A hub the search opens opens on the first day the relaxation has it open by HUB_FROM,
    // or on its first operational day.
    let hubs = f.hub_profiles(lp, HUB_FROM);
    let opens = |h: usize| hubs[&h].from.unwrap_or(hubs[&h].first_day);
    loop {
        let Some(b) = best.as_ref() else {
            return Ok(hm);
        };
        let values = b.values.clone();
        let current: BTreeSet<usize> = hubs
            .iter()
            .filter(|(_, p)| values[p.last_col] > 0.5)
            .map(|(&h, _)| h)
            .collect();
        tried.insert(f.open.iter().map(|o| values[o.col.ix] > 0.5).collect());
        let distance = |set: &BTreeSet<usize>| -> f64 {
            hubs.iter()
                .map(|(h, p)| {
                    if set.contains(h) {
                        1.0 - p.most
                    } else {
                        p.most
                    }
                })
                .sum()
        };
        let mut sets: Vec<BTreeSet<usize>> = Vec::new();
        for &h in hubs.keys() {
            let mut set = current.clone();
            if !set.remove(&h) {
                set.insert(h);
            }
            sets.push(set);
        }
        for &out in &current {
            for &inn in hubs.keys().filter(|h| !current.contains(h)) {
                let mut set = current.clone();
                set.remove(&out);
                set.insert(inn);
                sets.push(set);
            }
        }
        // A set that closes every hub of a cover row (4.12) leaves that demand or coverage
        // requirement short in full: skipped.
        sets.retain(|m| {
            f.hub_covers
                .iter()
                .all(|cover| cover.iter().any(|h| m.contains(h)))
        });
        sets.sort_by(|a, b| distance(a).total_cmp(&distance(b)).then(a.cmp(b)));
        // Each move: its label and, per hub column, whether it is open. First the sets with
        // one hub closed (each saves an opening), then the same set with one open hub opened
        // a day later (the relaxation's first day can be early: a day of a hub's daily cost
        // on the large theatre), then the other sets.
        let set_move = |set: &BTreeSet<usize>| -> (String, Vec<bool>) {
            let open = f
                .open
                .iter()
                .map(|o| {
                    if !set.contains(&o.hub) {
                        false
                    } else if current.contains(&o.hub) {
                        values[o.col.ix] > 0.5
                    } else {
                        o.day >= opens(o.hub)
                    }
                })
                .collect();
            let names: Vec<&str> = set.iter().map(|&h| model.nodes[h].id.as_str()).collect();
            (format!("neighbour {{{}}}", names.join(", ")), open)
        };
        let (smaller, other): (Vec<_>, Vec<_>) = sets.iter().partition(|s| s.len() < current.len());
        let mut moves: Vec<(String, Vec<bool>)> = smaller.into_iter().map(set_move).collect();
        for &h in current.iter().filter(|_| far) {
            let first = f
                .open
                .iter()
                .filter(|o| o.hub == h && values[o.col.ix] > 0.5)
                .map(|o| o.day)
                .min();
            let Some(first) = first.filter(|&d| d < hubs[&h].last_day) else {
                continue;
            };
            let open = f
                .open
                .iter()
                .map(|o| values[o.col.ix] > 0.5 && !(o.hub == h && o.day == first))
                .collect();
            moves.push((
                format!("{} a day later (day {})", model.nodes[h].id, first + 1),
                open,
            ));
        }
        if far {
            moves.extend(other.into_iter().map(set_move));
        }
        let moves = moves.into_iter().filter_map(|(what, open)| {
            if !tried.insert(open.clone()) {
                return None;
            }
            let (mut nlo, mut nhi) = (lo.to_vec(), hi.to_vec());
            for (o, &open) in f.open.iter().zip(&open) {
                let v = if open { 1.0 } else { 0.0 };
                nlo[o.col.ix] = v;
                nhi[o.col.ix] = v;
            }
            Some((what, nlo, nhi))
        });
        let improved;
        (hm, improved) = first_improving(cx, hm, moves, tight, best, Heuristic::Hubs, &left)?;
        if !improved {
            return Ok(hm);
        }
    }
}

/// Completes ([`complete`]) each move in turn, given as its label and its bounds, until one
/// gives a better schedule than `best` had; says whether one did. Stops early, without one,
/// when `left` runs out or on an interrupt.
fn first_improving(
    cx: &Context,
    mut hm: HighsModel,
    moves: impl Iterator<Item = (String, Vec<f64>, Vec<f64>)>,
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    by: Heuristic,
    left: &impl Fn() -> Option<f64>,
) -> Result<(HighsModel, bool), SolveError> {
    let before = best.as_ref().map_or(f64::INFINITY, |b| b.objective);
    for (what, lo, hi) in moves {
        if interrupt_requested() || out_of_time(left()) {
            break;
        }
        hm = complete(cx, hm, (&lo, &hi), None, tight, best, (by, &what), left)?;
        if best.as_ref().is_some_and(|b| b.objective < before) {
            return Ok((hm, true));
        }
    }
    Ok((hm, false))
}

/// The trip moves ([`Heuristic::TripMoves`]): from the best schedule, each move of
/// [`Formulation::trip_moves`] over the `charged` trips (one fewer, least-loaded first; a
/// swap of one fewer for one more of another that the relaxation `lp` runs more of; one
/// more where the fleet has room) is completed
/// ([`complete`]) with the schedule's hubs and its other charged trips fixed, and every other
/// integer free within `lo`, `hi`: road and rail lift is re-planned around the ships and
/// aircraft, where [`consolidate`] keeps every other trip fixed. With the cut-off of
/// [`complete`] a move that cannot improve costs one LP. When one improves the schedule, the
/// search restarts from it; it ends when no move is left or `left` runs out. A move already
/// tried (the same hubs and charged trips) is not tried again.
///
/// [`Formulation::trip_moves`]: crate::formulation::Formulation::trip_moves
#[allow(clippy::too_many_arguments)]
pub(super) fn trip_moves(
    cx: &Context,
    mut hm: HighsModel,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    charged: &[usize],
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<HighsModel, SolveError> {
    let (f, model) = (cx.f, cx.model);
    let mut tried: std::collections::BTreeSet<Vec<i64>> = std::collections::BTreeSet::new();
    // The columns a move fixes: every hub column, then every charged trip; a move is known by
    // their values.
    let fixed: Vec<usize> = f
        .open
        .iter()
        .map(|o| o.col.ix)
        .chain(charged.iter().map(|&i| f.trips[i].col.ix))
        .collect();
    let key = |v: &[f64]| -> Vec<i64> { fixed.iter().map(|&c| v[c].round() as i64).collect() };
    loop {
        let Some(b) = best.as_ref() else {
            return Ok(hm);
        };
        let values = b.values.clone();
        tried.insert(key(&values));
        let (mut blo, mut bhi) = (lo.to_vec(), hi.to_vec());
        for &c in &fixed {
            let v = values[c].round().clamp(lo[c], hi[c]);
            blo[c] = v;
            bhi[c] = v;
        }
        let moves = f.trip_moves(model, &values, lp, charged, TRIP_SWAPS_FIRST);
        let moves = moves.into_iter().filter_map(|changes| {
            let (mut nlo, mut nhi) = (blo.clone(), bhi.clone());
            let mut what = Vec::new();
            for &(i, v) in &changes {
                let tr = &f.trips[i];
                let c = tr.col.ix;
                nlo[c] = v;
                nhi[c] = v;
                what.push(format!(
                    "{} day {} {} -> {v}",
                    model.routes[tr.route].id,
                    tr.day,
                    values[c].round()
                ));
            }
            tried.insert(key(&nlo)).then(|| (what.join(", "), nlo, nhi))
        });
        let improved;
        (hm, improved) = first_improving(cx, hm, moves, tight, best, Heuristic::TripMoves, &left)?;
        if !improved {
            return Ok(hm);
        }
    }
}

/// Trip consolidation: takes trips out of the best schedule, a batch at a time, and keeps
/// the schedule without them when the fixed re-optimisation (every integer fixed, flows
/// free) costs less, so that loads move onto trips already paid for. Candidates are the
/// trips with a cost, least load on their last vehicle first; a batch of
/// [`CONSOLIDATE_BATCH`] halves on each failure, and a single trip that fails is not tried
/// again. Stops when `left` runs out or no candidate is left.
pub(super) fn consolidate(
    cx: &Context,
    mut hm: HighsModel,
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<HighsModel, SolveError> {
    let (f, model, trace) = (cx.f, cx.model, cx.trace);
    let mut rejected = std::collections::BTreeSet::new();
    let mut batch = CONSOLIDATE_BATCH;
    while !interrupt_requested() && !out_of_time(left()) {
        let Some(b) = best.as_ref() else {
            return Ok(hm);
        };
        let before = b.objective;
        let loads = f.trip_loads(model, &b.values);
        let mut cand: Vec<(f64, usize)> = f
            .trips
            .iter()
            .enumerate()
            .filter(|&(i, tr)| {
                b.values[tr.col.ix] >= 0.5
                    && f.objective_coefficients[tr.col.ix] > 0.0
                    && !rejected.contains(&i)
            })
            .map(|(i, tr)| {
                let cap = model.fleets[tr.fleet].capacity_t;
                let last = loads[i] - (b.values[tr.col.ix].round() - 1.0) * cap;
                (last.max(0.0), i)
            })
            .collect();
        if cand.is_empty() {
            break;
        }
        cand.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let take = batch.min(cand.len());
        let mut values = b.values.clone();
        for &(_, i) in &cand[..take] {
            values[f.trips[i].col.ix] -= 1.0;
        }
        let (lo, hi) = fixed_integers(f, &values);
        let (m, found) = solve_within(hm, &lo, &hi, left(), None, &f.objective_coefficients)?;
        hm = m;
        trace.note("consolidate", found.as_ref(), &format!("{take} trips out"));
        if keep_best(&f.is_integer, best, found, Heuristic::Consolidate)
            && best.as_ref().is_some_and(|b| b.objective < before)
        {
            continue;
        }
        if take == 1 {
            rejected.insert(cand[0].1);
        } else {
            batch = take / 2;
        }
    }
    Ok(hm)
}

/// Fix-and-optimise over windows of days ([`Heuristic::Windows`]): from the best schedule,
/// the integers of [`WINDOWS`] overlapping windows of consecutive days are freed in turn (each
/// twice a step wide, and every hub opening with them: openings are few and tie the days
/// together, as a hub open in a window stays open), every other integer is fixed at the
/// schedule, and the sub-MIP is solved from it within `lo`, `hi` (presolve removes what the
/// fixed days decide), each window with an equal part of the time `budget` leaves. The
/// schedule is trimmed again when a window improved it.
pub(super) fn day_windows(
    cx: &Context,
    mut hm: HighsModel,
    (lo, hi): (&[f64], &[f64]),
    best: &mut Option<Incumbent>,
    budget: Budget,
) -> Result<HighsModel, SolveError> {
    let (f, model, trace) = (cx.f, cx.model, cx.trace);
    if best.is_none() {
        return Ok(hm);
    }
    let n = f.is_integer.len();
    let days = f.integer_days();
    let mut hub_opening = vec![false; n];
    for o in &f.open {
        hub_opening[o.col.ix] = true;
    }
    let h = model.horizon.max(1);
    let width = (h / WINDOWS).max(1) * 2;
    let step = (width / 2).max(1);
    let starts: Vec<usize> = (0..h).step_by(step).collect();
    let mut improved = false;
    for (w, &t0) in starts.iter().enumerate() {
        let left = budget.left().unwrap_or(f64::INFINITY);
        if left <= OUT_OF_TIME || interrupt_requested() {
            break;
        }
        let Some(incumbent) = best.as_ref().map(|b| b.values.as_slice()) else {
            break;
        };
        let (mut wlo, mut whi) = fixed_integers(f, incumbent);
        let mut free = 0;
        for i in 0..n {
            if let Some(d) = days[i] {
                if (d >= t0 && d < t0 + width) || hub_opening[i] {
                    wlo[i] = lo[i];
                    whi[i] = hi[i];
                    free += 1;
                }
            }
        }
        if free == 0 {
            continue;
        }
        let limit = budget
            .limit
            .as_secs()
            .map(|_| left / (starts.len() - w) as f64);
        let (m, found) = solve_within(
            hm,
            &wlo,
            &whi,
            limit,
            Some(incumbent),
            &f.objective_coefficients,
        )?;
        trace.note(
            "window",
            found.as_ref(),
            &format!("days {t0}..{}, {free} integers free", (t0 + width).min(h)),
        );
        hm = m;
        improved |= keep_best(&f.is_integer, best, found, Heuristic::Windows);
    }
    if improved {
        hm = trim_best(cx, hm, best, budget.left())?;
    }
    Ok(hm)
}

/// The improvement of the best schedule, in order, each trimming it ([`trim_best`]) when it
/// improved it:
/// - the hub neighbourhood's moves that close one hub ([`hub_neighbourhood`]);
/// - the trip moves ([`trip_moves`]), for at most [`TRIP_MOVES_SHARE`] of the time limit;
///   they run when some trips are charged ([`CHARGED_SHARE`]) and some are not;
/// - trip consolidation ([`consolidate`]), for at most [`CONSOLIDATE_SHARE`] of the time
///   limit; after the trip moves, which change the schedule more (on the coalition model the
///   trip moves and then consolidation gave 1.32%, the trip moves without it 2.0%);
/// - the hub neighbourhood's other moves: one hub opened a day later, then one opened or one
///   swapped for another, nearest to the relaxation first (on the large theatres the last two
///   kinds never improved the schedule).
///
/// The hub neighbourhood and the trip moves need the relaxation `lp`; consolidation runs
/// without it (the rolling horizon's schedules). Only the parts in `heuristics` run.
#[allow(clippy::too_many_arguments)]
pub(super) fn improve_best(
    cx: &Context,
    mut hm: HighsModel,
    lp: Option<&[f64]>,
    (lo, hi): (&[f64], &[f64]),
    heuristics: &[Heuristic],
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    budget: Budget,
) -> Result<HighsModel, SolveError> {
    let f = cx.f;
    let on = |h: Heuristic| heuristics.contains(&h);
    let charged = f.charged_trips(CHARGED_SHARE);
    let trip_moves_run =
        on(Heuristic::TripMoves) && !charged.is_empty() && charged.len() < f.trips.len();
    let mut hub_sets_tried = std::collections::BTreeSet::new();
    // `far`: the hub neighbourhood's second pass.
    for (step, far) in [
        (Heuristic::Hubs, false),
        (Heuristic::TripMoves, false),
        (Heuristic::Consolidate, false),
        (Heuristic::Hubs, true),
    ] {
        // The time left to a step that may use `part` of the time limit from now.
        let share = |part: f64| budget.share_from(budget.elapsed(), part);
        let before = best.as_ref().map(|b| b.objective);
        hm = match (step, lp) {
            (Heuristic::Hubs, Some(x)) if on(Heuristic::Hubs) => hub_neighbourhood(
                cx,
                hm,
                x,
                (lo, hi),
                far,
                &mut hub_sets_tried,
                tight,
                best,
                || budget.left(),
            )?,
            (Heuristic::TripMoves, Some(x)) if trip_moves_run => trip_moves(
                cx,
                hm,
                x,
                (lo, hi),
                &charged,
                tight,
                best,
                share(TRIP_MOVES_SHARE),
            )?,
            (Heuristic::Consolidate, _) if on(Heuristic::Consolidate) && best.is_some() => {
                consolidate(cx, hm, best, share(CONSOLIDATE_SHARE))?
            }
            _ => hm,
        };
        if best.as_ref().map(|b| b.objective) != before {
            hm = trim_best(cx, hm, best, budget.left())?;
        }
    }
    Ok(hm)
}
