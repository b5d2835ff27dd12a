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

/// The horizon is planned in about this many steps.
const STEPS: usize = 6;

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
/// share of what `left` leaves (what one leaves unused goes to the next). Stops without a
/// schedule when a window finds none.
#[allow(clippy::too_many_arguments)]
pub(super) fn rolling_horizon(
    cx: &Context,
    mut hm: Model,
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
    for (j, &(from, end)) in plan.iter().enumerate() {
        if interrupt_requested() || left().is_some_and(|t| t <= 0.05) {
            break;
        }
        let share = left().map(|t| t / (plan.len() - j) as f64);
        let what = format!("window {} of {}, days {from}..{end}", j + 1, plan.len());
        let next = plan.get(j + 1).map_or(end, |w| w.0);
        if end >= model.horizon {
            // The last window; when it finds no schedule (what the earlier windows fixed
            // leaves a hard demand out of reach, or every rounding of its LP fails one), the
            // days of the windows before it are freed, one window at a time.
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
            for &(from, _) in plan[..=j].iter().rev() {
                if interrupt_requested() || left().is_some_and(|t| t <= 0.05) {
                    break;
                }
                let (mut wlo, mut whi) = (lo.to_vec(), hi.to_vec());
                fix_before((&names, &days), from, &kept, (&mut wlo, &mut whi));
                let what = format!("last window, days {from}..{end}");
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
            return Ok(hm);
        }
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
            // there, and a window that runs out of time before its repair keeps the loss.
            repairs: 1,
        };
        let mut found = None;
        let started = std::time::Instant::now();
        let window_left = || {
            share.map(|s| {
                (s - started.elapsed().as_secs_f64())
                    .min(left().unwrap_or(f64::INFINITY))
                    .max(0.01)
            })
        };
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
            cx.trace
                .note("horizon", None, &format!("{what}: no schedule, stopped"));
            return Ok(hm);
        };
        for (i, day) in days.iter().enumerate() {
            if day.is_some_and(|d| d < next) {
                kept.insert(names[i].clone(), found.values[i]);
            }
        }
    }
    // Stopped early (time or Ctrl-C): the whole model's HiGHS model is unchanged.
    Ok(hm)
}

#[cfg(test)]
mod tests {
    use super::windows;

    #[test]
    fn windows_step_through_the_horizon_and_end_on_its_last_day() {
        assert_eq!(
            windows(30, 0),
            vec![(0, 10), (5, 15), (10, 20), (15, 25), (20, 30)]
        );
        assert_eq!(
            windows(30, 7),
            vec![(0, 12), (5, 17), (10, 22), (15, 27), (20, 30)]
        );
        assert_eq!(windows(1, 0), vec![(0, 1)]);
        assert_eq!(windows(7, 2), vec![(0, 4), (2, 6), (4, 7)]);
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
