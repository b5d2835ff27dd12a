//! The rolling horizon ([`Heuristic::Horizon`]): a schedule for a model whose whole relaxation
//! is out of reach in the time limit, planned a window of days at a time.
//!
//! The horizon `0..H` is cut into steps of `S` days. Window `j` plans the prefix model
//! ([`crate::model::Model::truncated`]) of the first `T_j = min(H, (j+1)·S + L)` days, `L` days of look-ahead
//! beyond the step, with every column dated before `F_j = j·S` fixed at the previous
//! windows' schedule. It is completed like the hubs phase ([`complete`]: LP by simplex,
//! rounding, fixing, repair) and its columns dated before `F_{j+1}` are kept; its plan of the
//! days after (its look-ahead) stands in for the next window if that one finds no schedule.
//! A window's LP gets the window's share of the time; its rounding, and the repair of a
//! rounding that lost lift, may run past it (within the heuristic's time). The last window
//! (`T_j = H`) is the whole model with its first `F_j` days fixed: its schedule is a schedule
//! of the model. Each LP has only the days of its window free (HiGHS's presolve removes the
//! fixed ones) and only the demands due by its end, so it is a small fraction of the whole.

use std::collections::HashMap;

use highs::Model as HighsModel;
use highs_sys::HighsInt;

use super::budget::{out_of_time, LEAST_LIMIT};
use super::complete::complete;
use super::context::{Context, Incumbent};
use super::instance::{configure, highs_model, set_tightening};
use super::interrupt::interrupt_requested;
use super::options::{Heuristic, SolveError, SolveOptions};
use super::rounding::RoundOrder;
use crate::formulation;
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
/// on time from the supplies. A window that would end less than half a step before `h` ends
/// at `h` instead, rather than leave the last window a step and a look-ahead of days to plan
/// again for so few more.
pub(super) fn windows(h: usize, lead: usize) -> Vec<(usize, usize)> {
    let step = h.div_ceil(STEPS).max(1);
    let ahead = lead.max(step);
    let mut out = Vec::new();
    let mut from = 0;
    loop {
        let end = from + step + ahead;
        let end = if 2 * (h.max(end) - end) < step {
            h
        } else {
            end
        };
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

/// What the windows have planned so far: the schedule of every day before `until`, which
/// the next window fixes, and the plan of the last window that found one up to its end,
/// `planned_until` (its look-ahead), by column name.
#[derive(Debug, Default)]
struct Kept {
    values: HashMap<String, f64>,
    until: usize,
    planned_until: usize,
}

impl Kept {
    /// Keeps a window's schedule `values` (of the columns `names` dated `days`): the days
    /// before `next` (the next window's first) are fixed from now on, and the plan up to its
    /// `end` stands in for the next window if that one finds none.
    fn keep(
        &mut self,
        (names, days): (&[String], &[Option<usize>]),
        values: &[f64],
        (next, end): (usize, usize),
    ) {
        self.until = next;
        self.planned_until = end;
        for (i, day) in days.iter().enumerate() {
            if day.is_some_and(|d| d < end) {
                self.values.insert(names[i].clone(), values[i]);
            }
        }
    }

    /// A window that ends its step at `next` found no schedule: the last plan's look-ahead
    /// stands for as many of its days as it reaches, so that the next window plans as many
    /// days as usual. Returns the days now kept from the look-ahead, if any; the rest are
    /// left to the next window. Left to the next window, a whole step can make its LP too
    /// large to finish, and the windows after it fail in turn (BENCHMARKS.md, section 6.5).
    fn stand_in(&mut self, next: usize) -> Option<(usize, usize)> {
        let until = next.min(self.planned_until);
        (until > self.until).then(|| (std::mem::replace(&mut self.until, until), until))
    }
}

/// Runs the rolling horizon on the whole model of `cx` (its HiGHS model `hm`, its bounds
/// `lo`, `hi`); the last window's schedule is offered to `best`. Each window gets an equal
/// share of what `left` leaves (what one leaves unused goes to the next). A window rounds a
/// finished LP, and repairs a rounding that lost lift, even when that takes it past its share
/// or past `left`, within what `overall` (the heuristic's whole time) leaves; so does the
/// last window with its LP, which runs at once when `left` runs out before it. A window that
/// finds no schedule keeps the plan the last window that found one made of its days (that
/// window's look-ahead), or, where that plan does not reach, leaves them to the next window.
pub(super) fn rolling_horizon(
    cx: &Context,
    hm: HighsModel,
    (lo, hi): (&[f64], &[f64]),
    opts: &SolveOptions,
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    (left, overall): (impl Fn() -> Option<f64>, &dyn Fn() -> Option<f64>),
) -> Result<HighsModel, SolveError> {
    let cx = &Context {
        must_left: Some(overall),
        ..*cx
    };
    let model = cx.model;
    let lead = lead_days(cx.f, model);
    let plan = windows(model.horizon, lead);
    cx.trace.note(
        "horizon",
        None,
        &format!("lead time {lead} days, windows {plan:?}"),
    );
    let mut kept = Kept::default();
    for (j, &(window_from, end)) in plan.iter().enumerate() {
        if interrupt_requested() || out_of_time(overall()) {
            break;
        }
        // The last window, or the horizon's time is up before it: the last window plans the
        // rest now, from the last plan's look-ahead, rather than leave every window's work
        // without a schedule (theatre-xl at 40 s on a slow run: no schedule at all). A
        // window after one that found nothing also plans that one's days.
        let last = end >= model.horizon;
        if last || out_of_time(left()) {
            let (last_from, _) = plan[plan.len() - 1];
            if !last {
                if let Some((a, b)) = kept.stand_in(last_from) {
                    cx.trace.note(
                        "horizon",
                        None,
                        &format!("out of time: the last plan of days {a}..{b} is kept"),
                    );
                }
            }
            let from = last_from.min(kept.until);
            return last_window(
                cx,
                hm,
                (lo, hi),
                (&plan, from, &kept.values),
                tight,
                best,
                overall,
            );
        }
        let from = window_from.min(kept.until);
        // An equal share of the time left. Jumping to the last window when the windows left
        // would not finish at the pace of the last one was worse: on xl the last window then
        // had 18 days free and its LP did not finish in 31 s.
        let share = left().map(|t| t / (plan.len() - j) as f64);
        let started = std::time::Instant::now();
        let window_left = || {
            share.map(|s| {
                (s - started.elapsed().as_secs_f64())
                    .min(left().unwrap_or(f64::INFINITY))
                    .max(LEAST_LIMIT)
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
        fix_before((&names, &days), from, &kept.values, (&mut wlo, &mut whi));
        let mut shm = highs_model(&mut sf)?;
        configure(&mut shm, opts)?;
        set_tightening(&mut shm, &sf.tightening, false)?;
        let integrality: Vec<HighsInt> = sf.is_integer.iter().map(|&i| i as HighsInt).collect();
        let wcx = Context {
            f: &sf,
            model: &sub,
            integrality: &integrality,
            // The windows' LPs by simplex only: on the xl theatre's prefixes it was faster
            // than the interior-point method (BENCHMARKS.md, section 6.5).
            simplex_first: share.unwrap_or(f64::INFINITY),
            // One rounding order: on the xl theatre the three gave the same schedule after
            // the repair in every window but one, and each costs a solve of the prefix model.
            orders: &[RoundOrder::Day],
            // One repair: the rounding of a window often loses lift (on xl up to 250 M of
            // shortfall) that the first repair restores; a second one improved no window
            // there.
            repairs: 1,
            // The trace and the heuristic's time (`must_left`); `lp_must` is unset there.
            ..*cx
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
            let detail = match kept.stand_in(next) {
                Some((a, b)) => {
                    format!("{what}: no schedule; the last plan of days {a}..{b} is kept")
                }
                None => format!("{what}: no schedule; the next window plans its days too"),
            };
            cx.trace.note("horizon", None, &detail);
            continue;
        };
        kept.keep((&names, &days), &found.values, (next, end));
    }
    // Stopped early (time or Ctrl-C): the whole model's HiGHS model is unchanged.
    Ok(hm)
}

/// The last window: the whole model (of `cx`) with every column dated before `from` fixed
/// at `kept`, completed within the time `overall` leaves, without a repair of a rounding
/// that lost no lift under a time limit; when it finds no schedule (what the
/// earlier windows fixed leaves a hard demand out of reach, or every rounding of its LP fails
/// one), the days of the windows before it (`plan`, the last of them this one) are freed, one
/// window at a time.
#[allow(clippy::type_complexity)]
fn last_window(
    cx: &Context,
    mut hm: HighsModel,
    (lo, hi): (&[f64], &[f64]),
    (plan, from, kept): (&[(usize, usize)], usize, &HashMap<String, f64>),
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    overall: &dyn Fn() -> Option<f64>,
) -> Result<HighsModel, SolveError> {
    let model = cx.model;
    let names = cx.f.column_names(model);
    let days = cx.f.column_days();
    let before = best.as_ref().map(|b| b.objective);
    // Its LPs by simplex for all its time, as the windows': the whole model's default
    // (SIMPLEX_FIRST, 5 s) once ran out on xl's last window by a hair, and the
    // interior-point method that then took over did not finish in 20 s. Its first LP, its
    // rounding and the repair of a rounding that lost lift may use the heuristic's whole
    // time (`overall`): its schedule is the only one the windows' work gives. Under a time
    // limit it repairs no other rounding, so that the trims after the horizon keep their
    // time: on xl they took 280,000 off the last window's schedule, and a repair 5,000 in
    // 11 s, after which the trims had no time left.
    let optional = || overall().map(|_| 0.0);
    let cx = &Context {
        simplex_first: overall().unwrap_or(f64::INFINITY),
        lp_must: true,
        // One rounding order, as in the windows (the others only when it finds nothing):
        // the three give the same schedule on the largest theatre, each at the cost of a
        // rounding the trims after the horizon then lack (BENCHMARKS.md, section 6.5).
        orders: &[RoundOrder::Day],
        ..*cx
    };
    let mut froms: Vec<usize> = plan.iter().map(|w| w.0.min(from)).rev().collect();
    froms.dedup();
    for from in froms {
        if interrupt_requested() || out_of_time(overall()) {
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
            optional,
        )?;
        if best.as_ref().map(|b| b.objective) != before {
            break;
        }
    }
    Ok(hm)
}

#[cfg(test)]
mod tests {
    use super::{windows, Kept};

    #[test]
    fn a_window_without_a_schedule_keeps_the_last_plans_look_ahead() {
        // Columns dated 0..9 and one undated, of a first window planning days 0..9, step 4.
        let names: Vec<String> = (0..9)
            .map(|d| format!("n[{d}]"))
            .chain(["undated".to_string()])
            .collect();
        let days: Vec<Option<usize>> = (0..9).map(Some).chain([None]).collect();
        let mut kept = Kept::default();
        // A first window that finds nothing has no plan to stand in.
        assert_eq!(kept.stand_in(4), None);
        assert_eq!(kept.until, 0);
        let values: Vec<f64> = (0..10).map(|d| d as f64 + 0.5).collect();
        kept.keep((&names, &days), &values, (4, 9));
        assert_eq!((kept.until, kept.planned_until), (4, 9));
        // Every day of the plan is held, the look-ahead too, and nothing undated.
        assert_eq!(kept.values.len(), 9);
        assert_eq!(kept.values["n[7]"], 7.5);
        // The second window (step 4..8) finds nothing: the look-ahead covers its step.
        assert_eq!(kept.stand_in(8), Some((4, 8)));
        assert_eq!(kept.until, 8);
        // The third (step 8..12) neither: the look-ahead reaches day 9 only.
        assert_eq!(kept.stand_in(12), Some((8, 9)));
        assert_eq!(kept.until, 9);
        // And a fourth: nothing is left to stand in.
        assert_eq!(kept.stand_in(16), None);
        assert_eq!(kept.until, 9);
        // A later window's schedule replaces the plan of the days it covers.
        let later = vec![-1.0; 10];
        kept.keep((&names, &days), &later, (12, 13));
        assert_eq!(kept.values["n[7]"], -1.0);
        assert_eq!((kept.until, kept.planned_until), (12, 13));
    }

    #[test]
    fn windows_step_through_the_horizon_and_end_on_its_last_day() {
        assert_eq!(
            windows(30, 5),
            vec![(0, 9), (4, 13), (8, 17), (12, 21), (16, 25), (20, 30)]
        );
        // Half a step or more left after a window: a last window of its own.
        assert_eq!(windows(31, 5)[5..], [(20, 29), (24, 31)]);
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
