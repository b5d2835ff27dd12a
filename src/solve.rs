//! Solving the formulation with HiGHS (compiled in) through good_lp. The only module that names
//! a solver backend.
//!
//! good_lp folds statuses together (every limit becomes "time limit", an unbounded MIP reads as
//! infeasible) and hides the dual bound and node count, so the problem is built with good_lp and
//! then solved as the raw HiGHS model (`into_inner`), with the options set on it again, and the
//! true status, bound, gap and node count are read from HiGHS's info values.

use std::time::Instant;

use highs::{HighsModelStatus, HighsSolutionStatus, Model as HighsModel};

use crate::formulation::Formulation;
use crate::model::Model;
use budget::{Budget, BOUND_HEURISTIC_SHARE, HEURISTIC_SHARE};
use context::{Incumbent, Trace};
use instance::{
    clear_solver, configure, highs_model, node_count, run, set_integrality, set_tightening,
    set_time_limit,
};
use options::{
    check_limits, relative_gap, HEURISTIC_MIN_COLUMNS, HORIZON_MIN_COLUMNS, IPM_MIN_COLUMNS,
};

mod alone;
mod bound;
mod budget;
mod complete;
mod context;
mod export;
mod fixings;
mod heuristic;
mod horizon;
mod improve;
mod instance;
mod interrupt;
mod options;
mod rounding;
mod to_schedule;
mod transport_bound;

pub use crate::schedule::Status;
pub use alone::{solve_mps, AloneOptions, AloneResult};
pub use budget::{TimeLimit, TimeLimitError};
pub use export::{export, export_named, ExportFormat};
pub use instance::check_solver_options;
pub use interrupt::{interrupt_requested, request_interrupt};
pub use options::{Heuristic, SolveError, SolveOptions, SolveResult};
pub use to_schedule::to_schedule;

/// The MIP takes the heuristic's schedule as its start (presolve off) only when the time left
/// is at least this many times what the LP relaxation took: without presolve HiGHS solves the
/// whole root LP again by simplex, and with less time than the relaxation took the start's
/// root overran the limit. The relaxation's own bound is kept whatever the MIP reaches, so a
/// start that leaves the MIP only its root LP costs no bound (BENCHMARKS.md, section 6.3).
const START_ROOT_MULTIPLE: f64 = 1.0;

/// Solves the formulation. Consumes its problem parts (variables, constraints, objective); the
/// rest of the formulation stays for reading the schedule.
///
/// Unless `opts.exact` is set, on large models the start heuristic (its parts named by
/// [`Heuristic`], chosen by `opts.heuristics`) looks for schedules: the relaxation rounded and
/// repaired, hubs read off it, or the rolling horizon on the largest models; then the hub
/// neighbourhood, the trip moves and trip consolidation improve the best one. By default the
/// bound MIP runs beside it for the whole time limit and gives the bound, and its schedule
/// when better; without the bound MIP the heuristic gets 70% of the limit and the MIP the
/// rest, from the heuristic's schedule with [`Heuristic::Start`]. The time limit covers every
/// solve. docs/formulation.md §7 gives every step.
pub fn solve(
    f: &mut Formulation,
    model: &Model,
    opts: &SolveOptions,
) -> Result<SolveResult, SolveError> {
    check_limits(opts.gap, opts.time_limit)?;
    let start = Instant::now();
    let n = f.is_integer.len();
    let mut hm = highs_model(f)?;
    configure(&mut hm, opts)?;
    // SAFETY: live HiGHS instance.
    let nz = unsafe { highs_sys::Highs_getNumNz(hm.as_ptr()) };
    f.stats.nonzeros = nz.max(0) as usize;
    // The whole time limit's clock: what the bound MIP and the final MIP get.
    let whole = Budget::whole(start, opts.time_limit);
    let any_integer = f.is_integer.iter().any(|&i| i);
    let trace = Trace {
        start,
        verbose: opts.verbose,
    };
    // By default the heuristic runs only on models of at least HEURISTIC_MIN_COLUMNS columns:
    // below that, HiGHS alone proved every benchmark instance optimal well within a minute,
    // and the heuristic only added time (BENCHMARKS.md, section 6.3).
    // Models of at least HORIZON_MIN_COLUMNS columns plan by the rolling horizon instead of
    // the relaxation, which they do not reach within a minute.
    let mut default: Vec<Heuristic> = Vec::new();
    if n >= HEURISTIC_MIN_COLUMNS {
        default.extend(Heuristic::DEFAULT);
    }
    if n >= HORIZON_MIN_COLUMNS {
        default.insert(1, Heuristic::Horizon);
    }
    let heuristics = opts.heuristics.as_deref().unwrap_or(&default);
    let on = |h: Heuristic| heuristics.contains(&h);
    // The bound MIP starts first, from the model as built (every row, original bounds).
    let bound_run = if on(Heuristic::BoundMip)
        && !opts.exact
        && !opts.heuristic_only
        && any_integer
        && n > 0
        && !interrupt_requested()
    {
        let lp_solver = (on(Heuristic::IpmRoot) && n >= IPM_MIN_COLUMNS).then_some("ipm");
        Some(bound::spawn(
            bound::copy(&hm)?,
            bound::BoundOptions {
                time_limit: whole.left().unwrap_or(f64::INFINITY),
                gap: opts.gap.unwrap_or(1e-4),
                lp_solver,
                extra: opts.solver_options.clone(),
            },
        ))
    } else {
        None
    };
    // The start heuristic may use at most this share of the time limit, so that the MIP always
    // gets the rest (HiGHS's own heuristics find a schedule quickly even when the start fails).
    // With the bound MIP beside it, there is no MIP after it: it may use nearly all the time.
    let share = if bound_run.is_some() {
        BOUND_HEURISTIC_SHARE
    } else {
        HEURISTIC_SHARE
    };
    let budget = whole.with_share(share);
    let heuristic::Outcome {
        hm,
        best,
        lp_bound,
        lp_seconds,
    } = if !opts.exact && !heuristics.is_empty() && any_integer && n > 0 && !interrupt_requested() {
        heuristic::run(f, model, opts, heuristics, hm, &trace, budget)?
    } else {
        heuristic::Outcome {
            hm,
            best: None,
            lp_bound: None,
            lp_seconds: 0.0,
        }
    };
    if opts.heuristic_only && !opts.exact {
        return Ok(heuristic_result(f, best, lp_bound, start));
    }

    // Phase 3: the MIP. With the bound MIP beside the heuristic, that MIP is the MIP: it
    // runs to its own limit and the heuristic's best schedule is kept when it is the better.
    let end = match bound_run {
        Some(run) => {
            let out = run.wait()?;
            // A bound MIP that failed (HiGHS refused or could not run it) leaves the
            // heuristic's schedule, if any, with the relaxation's bound: status Unknown.
            let raw = out
                .status
                .and_then(|s| HighsModelStatus::try_from(s).ok())
                .unwrap_or(HighsModelStatus::Unknown);
            MipEnd {
                raw,
                primal: out.solution,
                bound: out.bound,
                nodes: out.nodes,
                beside: true,
            }
        }
        None => final_mip(
            f,
            hm,
            opts,
            heuristics,
            best.as_ref(),
            lp_seconds,
            whole.left(),
        )?,
    };
    finish(f, model, opts, heuristics, end, best, lp_bound, start)
}

/// The solve's result from how the MIP ended (`end`) and the heuristic's best schedule: the
/// better schedule with the method that found it, its objective recomputed from its values
/// (integers rounded), the best bound of every source, the gap and the status.
#[allow(clippy::too_many_arguments)]
fn finish(
    f: &Formulation,
    model: &Model,
    opts: &SolveOptions,
    heuristics: &[Heuristic],
    end: MipEnd,
    best: Option<Incumbent>,
    lp_bound: Option<f64>,
    start: Instant,
) -> Result<SolveResult, SolveError> {
    let n = f.is_integer.len();
    let any_integer = f.is_integer.iter().any(|&i| i);
    let seconds = start.elapsed().as_secs_f64();
    let raw = end.raw;
    let has_primal = end.primal.is_some();
    if opts.verbose {
        eprintln!("hubplan: {seconds:7.2}s MIP stopped: {raw:?}");
    }
    let offset = f.objective_offset;
    let bound = best_bound(f, model, end.bound, lp_bound);
    let nodes = end.nodes;
    let status = status_of(raw, has_primal || best.is_some())?;
    let stop_reason = if interrupt_requested() {
        if has_primal || best.is_some() {
            "interrupted by the user (Ctrl-C): the best schedule found so far".to_string()
        } else {
            "interrupted by the user (Ctrl-C) before any schedule was found".to_string()
        }
    } else {
        format!("{raw:?}")
    };
    if !status.has_schedule() {
        let method = if opts.exact || heuristics.is_empty() {
            "exact MIP (HiGHS)"
        } else if end.beside {
            "start heuristic and the bound MIP beside it (neither found a schedule)"
        } else {
            "start heuristic, then HiGHS MIP (neither found a schedule)"
        };
        return Ok(SolveResult {
            status,
            method: method.into(),
            stop_reason,
            objective: None,
            bound,
            gap: None,
            nodes,
            seconds,
            values: None,
        });
    }
    let mip = end.primal;
    let (mut values, method) = pick_schedule(opts, heuristics, mip, best, end.beside)?;

    if values.len() != n {
        return Err(SolveError::Solver(format!(
            "HiGHS returned {} values for {n} columns",
            values.len()
        )));
    }
    for (v, &int) in values.iter_mut().zip(&f.is_integer) {
        if int {
            *v = v.round();
        }
        if v.abs() < 1e-9 {
            *v = 0.0;
        }
    }
    // The objective of the values returned (integers rounded), with the constant part the
    // solver does not see.
    let objective = offset
        + values
            .iter()
            .zip(&f.objective_coefficients)
            .map(|(x, c)| x * c)
            .sum::<f64>();
    let gap = if !any_integer {
        Some(0.0)
    } else {
        bound.map(|b| relative_gap(objective, b))
    };
    // The bound MIP's bound can close the gap the final MIP left open: within the gap asked
    // for, the schedule is optimal as HiGHS would call it.
    let status = if status == Status::Feasible && gap.is_some_and(|g| g <= opts.gap.unwrap_or(1e-4))
    {
        Status::Optimal
    } else {
        status
    };
    Ok(SolveResult {
        status,
        method,
        stop_reason,
        objective: Some(objective),
        // Within the solver's tolerances a bound can pass the objective by a hair.
        bound: bound
            .map(|b| b.min(objective))
            .or((status == Status::Optimal).then_some(objective)),
        gap,
        nodes,
        seconds,
        values: Some(values),
    })
}

/// The best bound of every source, with the objective offset: the MIP's (`mip_bound`, without
/// the offset), the relaxation's (`lp_bound`, with it), the columns' own bounds and the
/// transport bound.
fn best_bound(
    f: &Formulation,
    model: &Model,
    mip_bound: Option<f64>,
    lp_bound: Option<f64>,
) -> Option<f64> {
    // The columns' own bounds (`Σ min(c·lo, c·hi)`) guard against a root LP HiGHS stops
    // early, whose interior-point iterate can report a bound below it; the transport bound
    // (cheapest paths and a packing of hub cover sets, no LP) is the bound of models whose
    // relaxation is out of reach (BENCHMARKS.md, section 6.2).
    let offset = f.objective_offset;
    let trivial: f64 = f
        .objective_coefficients
        .iter()
        .zip(&f.bounds)
        .map(|(&c, &(lo, hi))| (c * lo).min(c * hi))
        .sum();
    mip_bound
        .filter(|b| b.is_finite())
        .map(|b| b + offset)
        .into_iter()
        .chain(lp_bound)
        .chain(trivial.is_finite().then_some(trivial + offset))
        .chain(Some(f.transport_bound(model) + offset).filter(|b| b.is_finite()))
        .reduce(f64::max)
}

/// The status of a solve from how HiGHS's MIP ended and whether a schedule was found (by it or
/// by the heuristic).
fn status_of(raw: HighsModelStatus, has_schedule: bool) -> Result<Status, SolveError> {
    Ok(match raw {
        HighsModelStatus::Optimal => Status::Optimal,
        HighsModelStatus::Infeasible => Status::Infeasible,
        HighsModelStatus::Unbounded => Status::Unbounded,
        HighsModelStatus::UnboundedOrInfeasible => Status::InfeasibleOrUnbounded,
        HighsModelStatus::ModelEmpty => Status::Optimal,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget
        | HighsModelStatus::Unknown => {
            if has_schedule {
                Status::Feasible
            } else {
                Status::NoSolution
            }
        }
        other => return Err(SolveError::Solver(format!("HiGHS stopped with {other:?}"))),
    })
}

/// The schedule kept, the MIP's (`mip`, with HiGHS's objective) or the heuristic's best
/// (`best`), whichever is better, and the method that found it; `beside` says whether the MIP
/// is the bound MIP.
fn pick_schedule(
    opts: &SolveOptions,
    heuristics: &[Heuristic],
    mip: Option<(Vec<f64>, f64)>,
    best: Option<Incumbent>,
    beside: bool,
) -> Result<(Vec<f64>, String), SolveError> {
    Ok(match (mip, best) {
        (Some((x, obj)), Some(b)) if obj < b.objective - 1e-9 * b.objective.abs().max(1.0) => (
            x,
            if beside {
                format!(
                    "the bound MIP (HiGHS with presolve beside the heuristic), better than the heuristic's {}",
                    b.found_by.describe()
                )
            } else {
                format!(
                    "HiGHS MIP, improving on hubplan's start ({})",
                    b.found_by.describe()
                )
            },
        ),
        (_, Some(b)) => (
            b.values,
            format!(
                "{} ({} found no better schedule)",
                b.found_by.describe(),
                if beside {
                    "the bound MIP"
                } else {
                    "HiGHS MIP"
                }
            ),
        ),
        (Some((x, _)), None) if opts.exact || heuristics.is_empty() => {
            (x, "exact MIP (HiGHS)".to_string())
        }
        (Some((x, _)), None) if beside => (
            x,
            "the bound MIP (HiGHS with presolve beside the heuristic; the heuristic found no schedule)"
                .to_string(),
        ),
        (Some((x, _)), None) => (
            x,
            "HiGHS MIP (the start heuristic found no schedule)".to_string(),
        ),
        (None, None) => {
            return Err(SolveError::Solver(
                "HiGHS reported a schedule but returned none".into(),
            ))
        }
    })
}

/// How the MIP of phase 3 ended: the final MIP's or the bound MIP's.
struct MipEnd {
    raw: HighsModelStatus,
    /// Its primal solution and HiGHS's objective of it.
    primal: Option<(Vec<f64>, f64)>,
    /// HiGHS's dual bound (without the formulation's offset).
    bound: Option<f64>,
    nodes: i64,
    /// Whether it is the bound MIP, which ran beside the heuristic.
    beside: bool,
}

/// Phase 3 without the bound MIP: the MIP after the heuristic, from its best schedule when
/// there is one. HiGHS 1.16 mistakes a MIP start's objective after presolve (it drops
/// presolve's objective offset, then prunes against the wrong incumbent and can call a worse
/// schedule optimal), so presolve is off when a start is given; tests/check_regressions.rs
/// holds the model that showed it. Without the start (`--heuristics` without `start`), the
/// MIP runs with presolve and the better schedule is kept.
fn final_mip(
    f: &Formulation,
    mut hm: HighsModel,
    opts: &SolveOptions,
    heuristics: &[Heuristic],
    best: Option<&Incumbent>,
    lp_seconds: f64,
    remaining: Option<f64>,
) -> Result<MipEnd, SolveError> {
    let on = |h: Heuristic| heuristics.contains(&h);
    // The solver keeps the last sub-problem's solution and would take it as a MIP start
    // (with presolve on): cleared, so that the MIP starts only from what is given here.
    clear_solver(&mut hm)?;
    let with_start = best.is_some()
        && on(Heuristic::Start)
        && remaining.is_none_or(|t| t >= START_ROOT_MULTIPLE * lp_seconds);
    // The tightening rows go with presolve: from a start (presolve off) HiGHS solves the root
    // LP by simplex on the whole model, where they slowed it down more than they raised the
    // bound (coalition model), so that MIP runs without them.
    set_tightening(&mut hm, &f.tightening, !with_start)?;
    if !opts.exact && on(Heuristic::IpmRoot) && f.is_integer.len() >= IPM_MIN_COLUMNS && !with_start
    {
        hm.set_option("mip_lp_solver", "ipm");
    }
    if let (Some(b), true) = (best, with_start) {
        hm.try_set_solution(Some(&b.values), None, None, None)
            .map_err(|e| SolveError::Solver(format!("MIP start rejected: {e:?}")))?;
        hm.set_option("presolve", "off");
    }
    set_time_limit(&mut hm, remaining);
    let solved = run(hm)?;
    let primal = (solved.primal_solution_status() == HighsSolutionStatus::Feasible).then(|| {
        (
            solved.get_solution().columns().to_vec(),
            solved.objective_value(),
        )
    });
    Ok(MipEnd {
        raw: solved.status(),
        primal,
        bound: solved.double_info_value(c"mip_dual_bound").ok(),
        nodes: node_count(&solved),
        beside: false,
    })
}

/// The outcome of the start heuristic alone ([`SolveOptions::heuristic_only`]).
fn heuristic_result(
    f: &Formulation,
    best: Option<Incumbent>,
    lp_bound: Option<f64>,
    start: Instant,
) -> SolveResult {
    let seconds = start.elapsed().as_secs_f64();
    match best {
        Some(b) => {
            let objective = f.objective_offset + b.objective;
            SolveResult {
                status: Status::Feasible,
                method: b.found_by.describe().to_string(),
                stop_reason: "start heuristic only".into(),
                objective: Some(objective),
                bound: lp_bound.map(|l| l.min(objective)),
                gap: lp_bound.map(|l| relative_gap(objective, l)),
                nodes: 0,
                seconds,
                values: Some(b.values),
            }
        }
        None => SolveResult {
            status: Status::NoSolution,
            method: "start heuristic only".into(),
            stop_reason: "the start heuristic found no schedule".into(),
            objective: None,
            bound: None,
            gap: None,
            nodes: 0,
            seconds,
            values: None,
        },
    }
}

/// The bound of the **LP relaxation** (every column continuous, every row kept, the
/// tightening rows too), with the objective offset; `None` when the LP has no optimum
/// (infeasible or unbounded). Like [`solve`], it consumes the formulation's rows.
pub fn relaxation(f: &mut Formulation) -> Result<Option<f64>, SolveError> {
    let n = f.is_integer.len();
    let mut hm = highs_model(f)?;
    hm.make_quiet();
    set_integrality(&mut hm, &vec![0; n])?;
    let solved = run(hm)?;
    Ok((solved.status() == HighsModelStatus::Optimal)
        .then(|| solved.objective_value() + f.objective_offset))
}

/// Builds the HiGHS model of the formulation exactly as [`solve`] and [`export()`] do, without
/// solving it, and returns its number of non-zero constraint coefficients (also stored in
/// `f.stats.nonzeros`). Consumes the formulation's problem parts, like [`solve`]. For measuring
/// a formulation's size (`hubplan bench --build-only`).
pub fn count_nonzeros(f: &mut Formulation) -> Result<usize, SolveError> {
    let hm = highs_model(f)?;
    // SAFETY: live HiGHS instance.
    let nz = unsafe { highs_sys::Highs_getNumNz(hm.as_ptr()) };
    f.stats.nonzeros = nz.max(0) as usize;
    Ok(f.stats.nonzeros)
}
