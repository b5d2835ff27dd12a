//! The rolling horizon ([`Heuristic::Horizon`]): a schedule for a model whose whole relaxation
//! is out of reach in the time limit, planned a window of days at a time.
//!
//! The horizon `0..H` is cut into steps of `S` days. Window `j` plans the prefix model
//! ([`crate::model::Model::truncated`]) of the first `T_j = min(H, (j+1)·S + L)` days, `L` days of look-ahead
//! beyond the step, with every column dated before `F_j = j·S` fixed at the previous
//! windows' schedule. It is completed like the hubs phase ([`complete`]: LP by simplex,
//! rounding, fixing, repair) and its columns dated before `F_{j+1}` are kept. The last window
//! (`T_j = H`) is the whole model with its first `F_j` days fixed: its schedule is a schedule
//! of the model. Each LP has only the days of its window free (HiGHS's presolve removes the
//! fixed ones) and only the demands due by its end, so it is a small fraction of the whole.

use std::collections::HashMap;

use highs::Model;
use highs_sys::HighsInt;

use super::{
    complete, configure, highs_model, interrupt_requested, set_tightening, Context, Heuristic,
    Incumbent, SolveError, SolveOptions,
};
use crate::formulation::{self, RoundOrder};
use crate::network::Network;

/// The horizon is planned in about this many steps. On xl (30 days, a lead time of 5): 8 steps
/// (windows of 9 days) gave 3,565,242, 6 steps (10 days) 3,673,119, 10 steps 3,597,104; a
/// window's LP grows steeply with its days (a prefix of 8 days 0.5 s, of 12 days 10 s), and
/// two more days of look-ahead left the last window out of time (3,790,381).
const STEPS: usize = 8;

/// The windows `(F_j, T_j)` of a horizon of `h` days: steps of `⌈h / STEPS⌉` days, each
/// window the step and a look-ahead of `lead` days (at least a step) more, the last one
/// ending at `h`. With a look-ahead of at least the lead time of every demand
/// ([`lead_days`]), each demand is first planned by a window whose free days still reach it
/// on time from the supplies.
pub(super) fn windows(h: usize, lead: usize) -> Vec<(usize, usize)> {
    let step = h.div_ceil(STEPS).max(1);
    let ahead = lead.max(step);
    let mut out = Vec::new();
    let mut from = 0;
    loop {
        let end = (from + step + ahead).min(h);
        out.push((from, end));
        if end >= h {
            return out;
        }
        from += step;
    }
}

/// The longest lead time of any demand: from the first supply day to the first day anything
/// could be delivered to it (its first delivery column, [`formulation::Formulation::deliveries`]). A
/// demand whose deliveries only count from a later day (`earliest`) is left out: its first
/// delivery column says nothing of its lead time.
pub(super) fn lead_days(f: &formulation::Formulation, model: &crate::model::Model) -> usize {
    let Some(first_supply) = model.supplies.iter().map(|s| s.day).min() else {
        return 0;
    };
    let mut first = vec![usize::MAX; model.demands.len()];
    for d in &f.deliveries {
        first[d.demand] = first[d.demand].min(d.day);
    }
    first
        .iter()
        .zip(&model.demands)
        .filter(|&(&t, d)| t != usize::MAX && t > d.earliest)
        .map(|(&t, _)| t.saturating_sub(first_supply))
        .max()
        .unwrap_or(0)
}

/// Fixes every column of `days` dated before `from` at its value in `kept` (by column name),
/// at 0 when no earlier window had it, within the column's bounds.
fn fix_before(
    (names, days): (&[String], &[Option<usize>]),
    from: usize,
    kept: &HashMap<String, f64>,
    (lo, hi): (&mut [f64], &mut [f64]),
) {
    for (i, day) in days.iter().enumerate() {
        if day.is_some_and(|d| d < from) {
            let v = kept.get(&names[i]).copied().unwrap_or(0.0);
            let v = v.clamp(lo[i], hi[i]);
            lo[i] = v;
            hi[i] = v;
        }
    }
}

/// Runs the rolling horizon on the whole model of `cx` (its HiGHS model `hm`, its bounds
/// `lo`, `hi`); the last window's schedule is offered to `best`. Each window gets an equal
/// share of what `left` leaves (what one leaves unused goes to the next). A window that finds
/// no schedule leaves its days to the next one.
pub(super) fn rolling_horizon(
    cx: &Context,
    hm: Model,
    (lo, hi): (&[f64], &[f64]),
    opts: &SolveOptions,
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<Model, SolveError> {
    let model = cx.model;
    let lead = lead_days(cx.f, model);
    let plan = windows(model.horizon, lead);
    cx.trace.note(
        "horizon",
        None,
        &format!("lead time {lead} days, windows {plan:?}"),
    );
    let mut kept: HashMap<String, f64> = HashMap::new();
    // `kept` holds the schedule of every day before `kept_until`.
    let mut kept_until = 0;
    for (j, &(window_from, end)) in plan.iter().enumerate() {
        if interrupt_requested() || left().is_some_and(|t| t <= 0.05) {
            break;
        }
        // A window after one that found nothing also plans that one's days.
        let from = window_from.min(kept_until);
        if end >= model.horizon {
            return last_window(
                cx,
                hm,
                (lo, hi),
                (&plan[..=j], from, &kept),
                tight,
                best,
                &left,
            );
        }
        // An equal share of the time left. Jumping to the last window when the windows left
        // would not finish at the pace of the last one was worse: on xl the last window then
        // had 18 days free and its LP did not finish in 31 s.
        let share = left().map(|t| t / (plan.len() - j) as f64);
        let started = std::time::Instant::now();
        let window_left = || {
            share.map(|s| {
                (s - started.elapsed().as_secs_f64())
                    .min(left().unwrap_or(f64::INFINITY))
                    .max(0.01)
            })
        };
        let what = format!("window {} of {}, days {from}..{end}", j + 1, plan.len());
        let next = plan.get(j + 1).map_or(end, |w| w.0);
        let sub = model.truncated(end);
        let net = Network::build(&sub);
        let mut sf = formulation::build(&sub, &net);
        let names = sf.column_names(&sub);
        let days = sf.column_days();
        let (mut wlo, mut whi): (Vec<f64>, Vec<f64>) = sf.bounds.iter().copied().unzip();
        fix_before((&names, &days), from, &kept, (&mut wlo, &mut whi));
        let mut shm = highs_model(&mut sf)?;
        configure(&mut shm, opts)?;
        set_tightening(&mut shm, &sf.tightening, false)?;
        let integrality: Vec<HighsInt> = sf.is_integer.iter().map(|&i| i as HighsInt).collect();
        let wcx = Context {
            f: &sf,
            model: &sub,
            trace: cx.trace,
            integrality: &integrality,
            // The windows' LPs by simplex only: on the xl theatre's prefixes it was faster
            // than the interior-point method (BENCHMARKS.md).
            simplex_first: share.unwrap_or(f64::INFINITY),
            // One rounding order: on the xl theatre the three gave the same schedule after
            // the repair in every window but one, and each costs a solve of the prefix model.
            orders: &[RoundOrder::Day],
            // One repair: the rounding of a window often loses lift (on xl up to 250 M of
            // shortfall) that the first repair restores; a second one improved no window
            // there.
            repairs: 1,
        };
        let mut found = None;
        let mut no_rows = false;
        drop(complete(
            &wcx,
            shm,
            (&wlo, &whi),
            None,
            &mut no_rows,
            &mut found,
            (Heuristic::Horizon, &what),
            window_left,
        )?);
        let Some(found) = found else {
            cx.trace.note(
                "horizon",
                None,
                &format!("{what}: no schedule; the next window plans its days too"),
            );
            continue;
        };
        kept_until = next;
        for (i, day) in days.iter().enumerate() {
            if day.is_some_and(|d| d < next) {
                kept.insert(names[i].clone(), found.values[i]);
            }
        }
    }
    // Stopped early (time or Ctrl-C): the whole model's HiGHS model is unchanged.
    Ok(hm)
}

/// The last window: the whole model (of `cx`) with every column dated before `from` fixed
/// at `kept`, completed within the time `left` leaves; when it finds no schedule (what the
/// earlier windows fixed leaves a hard demand out of reach, or every rounding of its LP fails
/// one), the days of the windows before it (`plan`, the last of them this one) are freed, one
/// window at a time.
#[allow(clippy::type_complexity)]
fn last_window(
    cx: &Context,
    mut hm: Model,
    (lo, hi): (&[f64], &[f64]),
    (plan, from, kept): (&[(usize, usize)], usize, &HashMap<String, f64>),
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<Model, SolveError> {
    let model = cx.model;
    let names = cx.f.column_names(model);
    let days = cx.f.column_days();
    let before = best.as_ref().map(|b| b.objective);
    // Its LPs by simplex for all its time, as the windows': the whole model's default
    // (SIMPLEX_FIRST, 5 s) once ran out on xl's last window by a hair, and the
    // interior-point method that then took over did not finish in 20 s.
    let cx = &Context {
        simplex_first: left().unwrap_or(f64::INFINITY),
        ..*cx
    };
    let mut froms: Vec<usize> = plan.iter().map(|w| w.0.min(from)).rev().collect();
    froms.dedup();
    for from in froms {
        if interrupt_requested() || left().is_some_and(|t| t <= 0.05) {
            break;
        }
        let (mut wlo, mut whi) = (lo.to_vec(), hi.to_vec());
        fix_before((&names, &days), from, kept, (&mut wlo, &mut whi));
        let what = format!("last window, days {from}..{}", model.horizon);
        hm = complete(
            cx,
            hm,
            (&wlo, &whi),
            None,
            tight,
            best,
            (Heuristic::Horizon, &what),
            &left,
        )?;
        if best.as_ref().map(|b| b.objective) != before {
            break;
        }
    }
    Ok(hm)
}

#[cfg(test)]
mod tests {
    use super::windows;

    #[test]
    fn windows_step_through_the_horizon_and_end_on_its_last_day() {
        assert_eq!(
            windows(30, 5),
            vec![
                (0, 9),
                (4, 13),
                (8, 17),
                (12, 21),
                (16, 25),
                (20, 29),
                (24, 30)
            ]
        );
        assert_eq!(
            windows(30, 7),
            vec![(0, 11), (4, 15), (8, 19), (12, 23), (16, 27), (20, 30)]
        );
        assert_eq!(windows(1, 0), vec![(0, 1)]);
        assert_eq!(
            windows(12, 1),
            vec![(0, 4), (2, 6), (4, 8), (6, 10), (8, 12)]
        );
        assert_eq!(windows(7, 9), vec![(0, 7)]);
        // Every window but the last reaches beyond the next one's fixed days.
        for (h, lead) in (1..60).flat_map(|h| [(h, 0), (h, 3), (h, 12)]) {
            let w = windows(h, lead);
            assert_eq!(w.last().unwrap().1, h);
            for pair in w.windows(2) {
                assert!(pair[1].0 < pair[0].1 && pair[0].0 < pair[1].0);
            }
        }
    }
}
