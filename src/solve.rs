//! Solving the formulation with HiGHS (compiled in) through good_lp. The only module that names
//! a solver backend.
//!
//! good_lp folds statuses together (every limit becomes "time limit", an unbounded MIP reads as
//! infeasible) and hides the dual bound and node count, so the problem is built with good_lp and
//! then solved as the raw HiGHS model (`into_inner`), with the options set on it again, and the
//! true status, bound, gap and node count are read from HiGHS's info values.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use highs::{HighsModelStatus, HighsSolutionStatus, Model};
use thiserror::Error;

use crate::formulation::Formulation;
use crate::model::Model as Plan;
use heuristic::{Incumbent, Trace};
use instance::{
    clear_solver, configure, highs_model, node_count, run, set_column_names, set_integrality,
    set_tightening, set_time_limit,
};

/// Share of the time limit the start heuristic may use.
const HEURISTIC_SHARE: f64 = 0.7;

/// Share of the time limit the start heuristic may use when the bound MIP runs beside it (and
/// no MIP follows it).
const BOUND_HEURISTIC_SHARE: f64 = 0.95;

/// Models with at least this many columns run the start heuristic by default.
const HEURISTIC_MIN_COLUMNS: usize = 20_000;

/// Models with at least this many columns get their root LP from the interior-point method.
const IPM_MIN_COLUMNS: usize = 20_000;

/// The MIP takes the heuristic's schedule as its start (presolve off) only when the time left
/// is at least this many times what the LP relaxation took: without presolve HiGHS solves the
/// whole root LP again by simplex. It was 5 while the MIP's bound was the only one reported
/// (on the large theatre, with 26 s left after an 8 s relaxation, the start's root overran the
/// limit by 21 s); since the relaxation's own bound is kept, 1 is enough: with the start the
/// coalition model's MIP bound rose from 19.02 M to 19.24 M (gap 5.7% to 4.6%), and the large
/// theatre's root LP (without the tightening rows) took 5.7 s of its 18 s and the run ended
/// on time, its bound the relaxation's (995,430 against 996,138).
const START_ROOT_MULTIPLE: f64 = 1.0;

/// Models with at least this many columns plan by the rolling horizon ([`Heuristic::Horizon`])
/// by default: the xl theatre (454,187 columns) does not finish its relaxation within a
/// minute; the coalition model and the large theatres do.
const HORIZON_MIN_COLUMNS: usize = 300_000;

/// A part of hubplan's solve beyond the plain MIP: the parts of the start heuristic, and the
/// bound MIP that runs beside it. `hubplan solve --heuristics A,B` chooses which run, to
/// measure what each contributes (BENCHMARKS.md has the measurements).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Heuristic {
    /// The root LPs by the interior-point method with crossover, on models of at least
    /// 20,000 columns (dual simplex otherwise): hubplan's relaxation and, through HiGHS's
    /// `mip_lp_solver`, the MIP's root node.
    IpmRoot,
    /// LP rounding: the relaxation (and, without [`Heuristic::Hubs`], a second one with weak
    /// hubs closed) rounded in three orders, integers fixed, the rest re-optimised.
    Rounding,
    /// Hubs first: the hubs are read off the tightened relaxation at a few thresholds (0.05,
    /// 0.5 and 0.01, `HUB_THRESHOLDS`); for each distinct set, the LP with those hubs fixed is solved,
    /// rounded, fixed and repaired as [`Heuristic::Repair`] does. After the other parts, the
    /// hub sets one step from the best schedule's, and its hubs each opened a day later, are
    /// completed the same way (the hub neighbourhood). Keeps the tightening rows in the heuristic's LPs, whose hub values it
    /// needs, until one of them does not finish by simplex in time.
    Hubs,
    /// LP dive: fix the integers the LP sets integral and the fractional ones closest to an
    /// integer (a share per round, rounding up only where fleets and routes keep room),
    /// re-solve the LP warm, repeat until integral or until the LP costs more than the best
    /// schedule so far; the last LP is rounded like the relaxation.
    Dive,
    /// Repair the best schedule's lift: the LP with its hubs fixed and every trip free to rise
    /// above its value, rounded and fixed again, while that improves it. Rounding loses lift
    /// where fleets are busy, and the fixed LP then delivers late or short; the repair lets
    /// the fleets that still have room make up for it.
    Repair,
    /// Trip consolidation: trips taken out of the best schedule, a batch at a time, while the
    /// re-optimisation with the others fixed costs less (loads move onto trips already paid
    /// for). Rounding pays a whole trip for each fractional one of the LP. Runs after
    /// [`Heuristic::TripMoves`].
    Consolidate,
    /// Trip moves: one charged trip (a ship or an aircraft: a cost of its own per trip) taken
    /// out of the best schedule, swapped for another the relaxation runs more of, or added,
    /// with the schedule's hubs and other charged trips fixed and the rest completed as
    /// [`Heuristic::Repair`] does (road and rail trips re-planned around it). Runs only when
    /// some trips are charged and some are not: with every trip charged, it is
    /// [`Heuristic::Consolidate`] with a single trip.
    TripMoves,
    /// RENS: the MIP with each integer bounded to the floor and ceiling of its LP value. Not
    /// in the default set: within a minute it never improved a large model's schedule.
    Rens,
    /// Fix-and-optimise over overlapping windows of days, from the incumbent. Not in the
    /// default set: within a minute it did not improve any benchmark instance.
    Windows,
    /// The bound MIP: a copy of the MIP solved by HiGHS with presolve and one thread, on a
    /// thread of its own for the whole time limit while the other parts run; its bound (and
    /// its schedule, when better) are taken at the end. The MIP after the heuristic has too
    /// little time for the root cuts that prove the large theatre's bound (solve/bound.rs).
    BoundMip,
    /// The rolling horizon (solve/horizon.rs): the schedule planned a window of days at a
    /// time, each window a prefix of the horizon with the days before it fixed, the last one
    /// the whole model. Replaces the relaxation and every part read off it (hubs, rounding,
    /// dive, trip moves): for models too large for their relaxation within the time limit.
    /// Added to the default set on models of at least `HORIZON_MIN_COLUMNS` columns.
    Horizon,
    /// Hand the best schedule to HiGHS as its MIP start, which needs presolve off (and the
    /// MIP's root LP by simplex), and only when the time left is at least
    /// `START_ROOT_MULTIPLE` times what the relaxation took. Without it the final MIP runs
    /// with presolve and the better of the two schedules is kept.
    Start,
}

impl Heuristic {
    /// The heuristics run unless told otherwise, on models of at least 20,000 columns (none
    /// on smaller ones, where HiGHS alone was faster on every benchmark instance).
    pub const DEFAULT: [Heuristic; 8] = [
        Heuristic::BoundMip,
        Heuristic::IpmRoot,
        Heuristic::Hubs,
        Heuristic::Rounding,
        Heuristic::Repair,
        Heuristic::TripMoves,
        Heuristic::Consolidate,
        Heuristic::Start,
    ];

    /// Every heuristic, in the order they run.
    pub const ALL: [Heuristic; 12] = [
        Heuristic::BoundMip,
        Heuristic::Horizon,
        Heuristic::IpmRoot,
        Heuristic::Hubs,
        Heuristic::Dive,
        Heuristic::Rounding,
        Heuristic::Repair,
        Heuristic::TripMoves,
        Heuristic::Consolidate,
        Heuristic::Rens,
        Heuristic::Windows,
        Heuristic::Start,
    ];

    /// The name used on the command line (and in serialised form).
    pub fn name(self) -> &'static str {
        match self {
            Heuristic::IpmRoot => "ipm-root",
            Heuristic::Rounding => "rounding",
            Heuristic::Hubs => "hubs",
            Heuristic::Dive => "dive",
            Heuristic::Repair => "repair",
            Heuristic::Consolidate => "consolidate",
            Heuristic::TripMoves => "trip-moves",
            Heuristic::Rens => "rens",
            Heuristic::Windows => "windows",
            Heuristic::Start => "start",
            Heuristic::BoundMip => "bound-mip",
            Heuristic::Horizon => "horizon",
        }
    }

    /// The heuristic of a command-line name.
    pub fn from_name(name: &str) -> Option<Heuristic> {
        Heuristic::ALL.into_iter().find(|h| h.name() == name)
    }

    /// How a schedule found by this heuristic is described in the schedule's `method`.
    fn describe(self) -> &'static str {
        match self {
            Heuristic::IpmRoot | Heuristic::Rounding => "LP rounding",
            Heuristic::Hubs => "hubs from the tightened relaxation, LP rounding and repair",
            Heuristic::Dive => "LP dive",
            Heuristic::Repair => "lift repair",
            Heuristic::Consolidate => "trip consolidation",
            Heuristic::TripMoves => {
                "trip moves (a ship or aircraft taken out, swapped or added, the rest completed)"
            }
            Heuristic::Rens => "RENS sub-MIP",
            Heuristic::Windows => "fix-and-optimise over day windows",
            Heuristic::Start => "MIP start",
            Heuristic::BoundMip => "the bound MIP (HiGHS with presolve, beside the heuristic)",
            Heuristic::Horizon => {
                "rolling horizon (windows of days, each completed by LP rounding and repair)"
            }
        }
    }
}

/// Options of a solve.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock limit in seconds for the solver.
    pub time_limit: Option<f64>,
    /// Relative MIP gap at which to stop (HiGHS default 1e-4).
    pub gap: Option<f64>,
    /// Solver threads (HiGHS default: half the cores).
    pub threads: Option<u32>,
    /// Print the solver's log to standard output.
    pub verbose: bool,
    /// Extra HiGHS options as `(name, value)`; values parse as bool, integer, float or string.
    pub solver_options: Vec<(String, String)>,
    /// Solve the plain MIP, without the start heuristic.
    pub exact: bool,
    /// Stop after the start heuristic and return its best schedule (status `feasible`, the
    /// relaxation's optimum as bound), without the final MIP: to test and measure the
    /// heuristics on their own.
    pub heuristic_only: bool,
    /// The parts of the start heuristic to run; `None` runs [`Heuristic::DEFAULT`]. Used to
    /// measure what each part contributes.
    pub heuristics: Option<Vec<Heuristic>>,
}

/// The true outcome of a solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal within the gap tolerance.
    Optimal,
    /// A feasible schedule, stopped at a limit with a gap.
    Feasible,
    /// No schedule satisfies the hard constraints.
    Infeasible,
    /// The objective can decrease without limit.
    Unbounded,
    /// HiGHS could not tell infeasible from unbounded.
    InfeasibleOrUnbounded,
    /// A limit was reached before any schedule was found.
    NoSolution,
}

impl Status {
    /// Whether a schedule comes with this status.
    pub fn has_schedule(self) -> bool {
        matches!(self, Status::Optimal | Status::Feasible)
    }

    /// Lower-case name as written in schedules.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::Unbounded => "unbounded",
            Status::InfeasibleOrUnbounded => "infeasible_or_unbounded",
            Status::NoSolution => "no_solution",
        }
    }
}

/// What a solve returns.
#[derive(Debug, Clone)]
pub struct SolveResult {
    /// Status.
    pub status: Status,
    /// How the schedule was found.
    pub method: String,
    /// Why the solver stopped, in HiGHS's words (e.g. "time limit").
    pub stop_reason: String,
    /// Objective of the schedule found.
    pub objective: Option<f64>,
    /// Best proven lower bound.
    pub bound: Option<f64>,
    /// Relative gap `(objective - bound) / max(|objective|, 1e-9)`.
    pub gap: Option<f64>,
    /// Branch-and-bound nodes.
    pub nodes: i64,
    /// Wall seconds of the whole solve: building the solver's model, the start heuristic and
    /// the MIP.
    pub seconds: f64,
    /// Column values, integer columns rounded; `None` without a schedule.
    pub values: Option<Vec<f64>>,
}

/// Solver failures that are not outcomes of the model.
#[derive(Debug, Error)]
pub enum SolveError {
    /// HiGHS rejected the problem or failed internally.
    #[error("HiGHS failed: {0}")]
    Solver(String),
    /// An option was out of range.
    #[error("invalid solver option: {0}")]
    Option(String),
}

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
    model: &Plan,
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
    let whole = heuristic::Budget {
        start,
        limit: opts.time_limit,
        share: 1.0,
    };
    let any_integer = f.is_integer.iter().any(|&i| i);
    let trace = Trace {
        start,
        verbose: opts.verbose,
    };
    // By default the heuristic runs only on models of at least HEURISTIC_MIN_COLUMNS columns:
    // below that, HiGHS alone proved every benchmark instance optimal well within a minute,
    // and the heuristic only added time (BENCHMARKS.md).
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
    let budget = heuristic::Budget { share, ..whole };
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
    model: &Plan,
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
    // The bound is the best of the bound MIP's, the relaxation's, the columns' own bounds
    // (`Σ min(c·lo, c·hi)`: a root LP HiGHS stops early reports a weaker one; on the xl
    // theatre the bound MIP's interior-point iterate gave −9.2 M for a model without a
    // negative cost) and the transport bound (cheapest paths and a packing of hub cover
    // sets, no LP: the bound of models whose relaxation is out of reach, 2.36 M on the xl
    // theatre).
    let trivial: f64 = f
        .objective_coefficients
        .iter()
        .zip(&f.bounds)
        .map(|(&c, &(lo, hi))| (c * lo).min(c * hi))
        .sum();
    let bound = end
        .bound
        .filter(|b| b.is_finite())
        .map(|b| b + offset)
        .into_iter()
        .chain(lp_bound)
        .chain(trivial.is_finite().then_some(trivial + offset))
        .chain(Some(f.transport_bound(model) + offset).filter(|b| b.is_finite()))
        .reduce(f64::max);
    let nodes = end.nodes;
    let status = match raw {
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
            if has_primal || best.is_some() {
                Status::Feasible
            } else {
                Status::NoSolution
            }
        }
        other => return Err(SolveError::Solver(format!("HiGHS stopped with {other:?}"))),
    };
    let stop_reason = if interrupt_requested() {
        "interrupted by the user (Ctrl-C): the best schedule found so far".to_string()
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
    let (mut values, method) = match (mip, best) {
        (Some((x, obj)), Some(b)) if obj < b.objective - 1e-9 * b.objective.abs().max(1.0) => (
            x,
            if end.beside {
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
                if end.beside {
                    "the bound MIP"
                } else {
                    "HiGHS MIP"
                }
            ),
        ),
        (Some((x, _)), None) if opts.exact || heuristics.is_empty() => {
            (x, "exact MIP (HiGHS)".to_string())
        }
        (Some((x, _)), None) if end.beside => (
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
    };

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
    mut hm: Model,
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

/// Refuses a relative gap outside [0, 1] and a time limit that is not positive.
fn check_limits(gap: Option<f64>, time_limit: Option<f64>) -> Result<(), SolveError> {
    if let Some(g) = gap {
        if !(0.0..=1.0).contains(&g) {
            return Err(SolveError::Option(format!(
                "gap {g} is not between 0 and 1"
            )));
        }
    }
    if let Some(t) = time_limit {
        if t.is_nan() || t <= 0.0 {
            return Err(SolveError::Option(format!(
                "time limit {t} is not positive"
            )));
        }
    }
    Ok(())
}

/// The relative gap as hubplan reports it: `max(0, (objective - bound) / max(|objective|, 1e-9))`.
fn relative_gap(objective: f64, bound: f64) -> f64 {
    ((objective - bound) / objective.abs().max(1e-9)).max(0.0)
}

/// File format of an exported model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Free MPS (HiGHS writes `.mps`).
    Mps,
    /// CPLEX LP format (HiGHS writes `.lp`).
    Lp,
}

impl ExportFormat {
    /// The file extension HiGHS chooses the writer by.
    fn extension(self) -> &'static str {
        match self {
            ExportFormat::Mps => "mps",
            ExportFormat::Lp => "lp",
        }
    }
}

/// Writes the MIP exactly as [`solve`] hands it to HiGHS (the same good_lp problem, turned into
/// the raw HiGHS model), with the objective's constant [`Formulation::objective_offset`] set as
/// HiGHS's objective offset, so the written model's optimum equals hubplan's objective. No
/// solver options and no MIP start are part of the file. Columns are named by `names` (one per
/// column, in column order, e.g. [`Formulation::column_names`] for MPS and
/// [`Formulation::lp_column_names`] for LP), else HiGHS generates `c0, c1, ...`; rows carry
/// HiGHS's generated names (`r0`, ...) in formulation order.
///
/// The file is written next to `path` under a temporary name and renamed, so `path` is either
/// untouched or complete. Consumes the formulation's problem parts, like [`solve`].
pub fn export(
    f: &mut Formulation,
    path: &std::path::Path,
    format: ExportFormat,
    names: Option<&[String]>,
) -> Result<(), SolveError> {
    let mut hm = highs_model(f)?;
    hm.make_quiet();
    if let Some(names) = names {
        set_column_names(&mut hm, names)?;
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let io = |what: &str, e: std::io::Error| {
        SolveError::Solver(format!("cannot {what} {}: {e}", path.display()))
    };
    let tmp = tempfile::Builder::new()
        .prefix(".hubplan-export-")
        .suffix(&format!(".{}", format.extension()))
        .tempfile_in(&dir)
        .map_err(|e| io("create a temporary file for", e))?;
    let c_path = std::ffi::CString::new(tmp.path().as_os_str().as_encoded_bytes())
        .map_err(|_| SolveError::Solver(format!("path {} contains NUL", path.display())))?;
    // SAFETY: live HiGHS instance; `c_path` is a NUL-terminated string that outlives the calls.
    let (rc_offset, rc_write) = unsafe {
        let p = hm.as_mut_ptr();
        let rc_offset = highs_sys::Highs_changeObjectiveOffset(p, f.objective_offset);
        (rc_offset, highs_sys::Highs_writeModel(p, c_path.as_ptr()))
    };
    if rc_offset < 0 {
        return Err(SolveError::Solver("cannot set the objective offset".into()));
    }
    // HiGHS returns a warning (1) for e.g. names it had to make up; only errors (-1) fail.
    if rc_write < 0 {
        return Err(SolveError::Solver(format!(
            "HiGHS could not write the model to {}",
            tmp.path().display()
        )));
    }
    // The temporary file is private (0600); the export is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(|e| io("write", e))?;
    }
    tmp.persist(path).map_err(|e| io("write", e.error))?;
    Ok(())
}

/// Set when the user asks to stop (Ctrl-C): the solver stops at its next check and returns the
/// best schedule found so far.
static INTERRUPT: AtomicBool = AtomicBool::new(false);

/// Asks a running (or the next) solve to stop as soon as it can and return what it has.
pub fn request_interrupt() {
    INTERRUPT.store(true, Ordering::SeqCst);
}

/// Whether an interrupt has been requested.
pub fn interrupt_requested() -> bool {
    INTERRUPT.load(Ordering::SeqCst)
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

/// Builds the HiGHS model of the formulation exactly as [`solve`] and [`export`] do, without
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

// HiGHS alone on an exported model file, for `hubplan bench --modes highs`.
mod alone;
mod bound;
mod complete;
mod heuristic;
mod horizon;
mod improve;
mod instance;
pub use alone::{solve_mps, AloneOptions, AloneResult};
