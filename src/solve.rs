//! Solving the formulation with HiGHS (compiled in) through good_lp. The only module that names
//! a solver backend.
//!
//! good_lp folds statuses together (every limit becomes "time limit", an unbounded MIP reads as
//! infeasible) and hides the dual bound and node count, so the problem is built with good_lp and
//! then solved as the raw HiGHS model (`into_inner`), with the options set on it again, and the
//! true status, bound, gap and node count are read from HiGHS's info values.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::SolverModel;
use highs::{HighsModelStatus, HighsSolutionStatus, Model};
use highs_sys::HighsInt;
use thiserror::Error;

use crate::formulation::{Formulation, RoundOrder};
use crate::model::Model as Plan;

/// Share of the time limit the start heuristic may use.
const HEURISTIC_SHARE: f64 = 0.7;

/// Share of the time limit the start heuristic may use when the bound MIP runs beside it (and
/// no MIP follows it).
const BOUND_HEURISTIC_SHARE: f64 = 0.95;

/// Share of the start heuristic's time the LP dive leaves for rounding and RENS.
const DIVE_RESERVE: f64 = 0.2;

/// A hub whose LP opening indicator never reaches this share is closed in the second LP
/// relaxation of the start heuristic.
const WEAK_HUB: f64 = 0.5;

/// Models with at least this many columns run the start heuristic by default.
const HEURISTIC_MIN_COLUMNS: usize = 20_000;

/// Models with at least this many columns get their root LP from the interior-point method.
const IPM_MIN_COLUMNS: usize = 20_000;

/// Share of the fractional integers the LP dive fixes per round.
const DIVE_SHARE: f64 = 0.3;

/// Rounds of the LP dive at most (then its last LP is rounded as in LP rounding).
const DIVE_ROUNDS: usize = 60;

/// The MIP takes the heuristic's schedule as its start (presolve off) only when the time left
/// is at least this many times what the LP relaxation took: without presolve HiGHS solves the
/// whole root LP again by simplex. It was 5 while the MIP's bound was the only one reported
/// (on the large theatre, with 26 s left after an 8 s relaxation, the start's root overran the
/// limit by 21 s); since the relaxation's own bound is kept, 1 is enough: with the start the
/// coalition model's MIP bound rose from 19.02 M to 19.24 M (gap 5.7% to 4.6%), and the large
/// theatre's root LP (without the tightening rows) took 5.7 s of its 18 s and the run ended
/// on time, its bound the relaxation's (995,430 against 996,138).
const START_ROOT_MULTIPLE: f64 = 1.0;

/// Thresholds at which [`Heuristic::Hubs`] reads hubs off the relaxation
/// ([`Formulation::hub_fixings`]): a hub whose `y` reaches the threshold is open from the first
/// day its `y` reaches [`HUB_FROM`], a hub where the relaxation bases an asset at least on the
/// last day, every other one closed; each distinct set of hubs is tried.
const HUB_THRESHOLDS: [f64; 3] = [0.05, 0.5, 0.01];

/// See [`HUB_THRESHOLDS`].
const HUB_FROM: f64 = 0.01;

/// Trips the consolidation ([`consolidate`]) first takes out at once.
const CONSOLIDATE_BATCH: usize = 64;

/// Share of the time limit the consolidation may use: on the coalition model it tried every
/// candidate in about 10 s of a 60 s limit.
const CONSOLIDATE_SHARE: f64 = 0.2;

/// Seconds the completion LPs of [`Heuristic::Hubs`] and [`Heuristic::Repair`] get by simplex
/// before the interior-point method takes over, at least ([`Context::simplex_first`]).
const SIMPLEX_FIRST: f64 = 5.0;

/// Share of the relaxation's time that the completion LPs get by simplex when that is more
/// than [`SIMPLEX_FIRST`] ([`Context::simplex_first`]).
const SIMPLEX_FIRST_SHARE: f64 = 0.4;

/// Share of the time limit that [`Heuristic::Hubs`] may use.
const HUBS_SHARE: f64 = 0.25;

/// Repairs after the first rounding in [`complete`], at most.
const REPAIR_ROUNDS: usize = 3;

/// Share of the time limit that the RENS sub-MIP may use.
const RENS_SHARE: f64 = 0.1;

/// The horizon is covered by about this many day windows (each twice the step wide, so that
/// neighbouring windows overlap by half).
const WINDOWS: usize = 6;

/// A trip is charged ([`Heuristic::TripMoves`]) when its cost per trip is at least this share
/// of the dearest trip's: on the theatres the ships (30,000) and aircraft (51,000), not the road
/// and rail trips, which cost nothing of their own.
const CHARGED_SHARE: f64 = 0.1;

/// Share of the time limit the trip moves may use, counted from their start.
const TRIP_MOVES_SHARE: f64 = 0.2;

/// Swaps tried right after each trip taken out ([`Formulation::trip_moves`]).
const TRIP_SWAPS_FIRST: usize = 2;

/// A rounding that costs more than this many times its LP lost lift (the rounding of a
/// rolling-horizon window on theatre-xl: 58 to 500 times its LP when it did, at most 4 times
/// when it did not), and its repair is a step the completion cannot do without
/// ([`Context::must_left`]).
const LOST_LIFT: f64 = 2.0;

/// Models with at least this many columns plan by the rolling horizon ([`Heuristic::Horizon`])
/// by default: the xl theatre (454,187 columns) does not finish its relaxation within a
/// minute; the coalition model and the large theatres do.
const HORIZON_MIN_COLUMNS: usize = 300_000;

/// Share of the time limit the rolling horizon's windows before the last may use; the last
/// window, the trims and the consolidation of its schedule get the rest of the heuristic's
/// time (a window's rounding, and the repair of a rounding that lost lift, may run past it:
/// [`Context::must_left`]).
const HORIZON_SHARE: f64 = 0.85;

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

/// Reports each step of the start heuristic on standard error when the solver log is on.
struct Trace {
    start: Instant,
    verbose: bool,
}

impl Trace {
    fn note(&self, step: &str, found: Option<&(Vec<f64>, f64, bool)>, detail: &str) {
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
struct Incumbent {
    values: Vec<f64>,
    /// Objective in HiGHS's terms (without [`Formulation::objective_offset`]).
    objective: f64,
    found_by: Heuristic,
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
/// Unless `opts.exact` is set, a start heuristic runs first on large models, within 70% of the
/// time limit: the LP relaxation (by IPM on large models), LP rounding of it in every
/// [`RoundOrder`], an LP dive cut off at the best schedule's cost and its last LP rounded, a
/// second relaxation with weak hubs closed and rounded, lift repair, trip consolidation, the
/// hub neighbourhood and the trip moves (ships and aircraft sent home or swapped), optionally a
/// RENS sub-MIP and day-window fix-and-optimise, and a trim of the best schedule ([`Heuristic`] names each part;
/// `opts.heuristics` chooses them). With [`Heuristic::Start`] (default) the best schedule is
/// HiGHS's MIP start (presolve off, see below); without it the MIP runs with presolve on a
/// cleared solver and the better of the two schedules is returned.
/// docs/formulation.md §7 gives every step. The time limit covers all solves.
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
    let remaining = |opts: &SolveOptions| {
        opts.time_limit
            .map(|t| (t - start.elapsed().as_secs_f64()).max(0.01))
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
                time_limit: remaining(opts).unwrap_or(f64::INFINITY),
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
    let heuristic_left = |opts: &SolveOptions| {
        opts.time_limit
            .map(|t| (share * t - start.elapsed().as_secs_f64()).max(0.01))
    };
    // The time left to a step that may use `part` of the time limit counted from `from`
    // seconds into the solve (and no more than the heuristic's).
    let share_from = |from: f64, part: f64| {
        move || {
            heuristic_left(opts).zip(opts.time_limit).map(|(l, t)| {
                l.min(from + part * t - start.elapsed().as_secs_f64())
                    .max(0.01)
            })
        }
    };
    let mut best: Option<Incumbent> = None;
    // Seconds the relaxation took: the MIP from a start (presolve off) must solve the whole
    // root LP again, so the start is only handed over when the time left allows for it.
    let mut lp_seconds = 0.0;
    // The relaxation's optimum (with the objective offset): a bound of the MIP too, kept when
    // the MIP's own is weaker or missing (its root LP unfinished at the time limit), and the
    // bound of a heuristic-only solve.
    let mut lp_bound: Option<f64> = None;
    if !opts.exact && !heuristics.is_empty() && any_integer && n > 0 && !interrupt_requested() {
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
            solve_within(
                hm,
                &lo,
                &hi,
                heuristic_left(opts),
                None,
                &f.objective_coefficients,
            )?
        };
        lp_seconds = lp_start.elapsed().as_secs_f64();
        let cx = Context {
            f,
            model,
            trace: &trace,
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
        let lp = match lp {
            Some((x, objective, true)) => {
                lp_bound = Some(objective + f.objective_offset);
                Some(x)
            }
            _ => None,
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
                (share_from(0.0, HORIZON_SHARE), &|| heuristic_left(opts)),
            )?;
        }
        // Phase 1h: hubs first, read off the (tightened) relaxation.
        if let (true, Some(x)) = (on(Heuristic::Hubs), &lp) {
            // The hubs phase may use HUBS_SHARE of the time limit, counted from here.
            let left = share_from(start.elapsed().as_secs_f64(), HUBS_SHARE);
            let mut seen = std::collections::BTreeSet::new();
            for threshold in HUB_THRESHOLDS {
                let fix = f.hub_fixings(x, threshold, HUB_FROM);
                let key: Vec<bool> = fix.iter().map(|&(_, v)| v > 0.5).collect();
                if !seen.insert(key) || interrupt_requested() {
                    continue;
                }
                if left().is_some_and(|t| t <= 0.05) {
                    break;
                }
                let (mut hlo, mut hhi) = (lo.clone(), hi.clone());
                for &(c, v) in &fix {
                    hlo[c] = v;
                    hhi[c] = v;
                }
                hm = complete(
                    &cx,
                    hm,
                    (&hlo, &hhi),
                    None,
                    &mut tight,
                    &mut best,
                    (Heuristic::Hubs, &format!("threshold {threshold}")),
                    left,
                )?;
            }
        }
        // Phase 2: the relaxation rounded in each order, the integers fixed there and the
        // rest re-optimised (as a MIP with every integer fixed, so that presolve removes the
        // unused network); the best complete schedule is kept.
        if let (true, Some(x)) = (on(Heuristic::Rounding), &lp) {
            hm = round_each(&cx, hm, &[(x, Heuristic::Rounding)], &mut best, || {
                heuristic_left(opts)
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
                heuristic_left(opts).map(|t| (t - reserve).max(0.01))
            })?;
            hm = m;
            set_integrality(&mut hm, &integrality)?;
            if let Some(y) = dived {
                hm = round_each(&cx, hm, &[(&y, Heuristic::Dive)], &mut best, || {
                    heuristic_left(opts)
                })?;
            }
        }
        // Phase 2a: the LP relaxation again with the hubs it barely uses closed (rounding
        // every fractional hub up opens hubs the LP spread a little flow over), rounded too.
        let weak = lp
            .as_ref()
            .map(|x| f.weak_hub_columns(x, WEAK_HUB))
            .unwrap_or_default();
        // With `hubs`, which reads the hubs off the relaxation itself, this phase is skipped.
        if on(Heuristic::Rounding)
            && !on(Heuristic::Hubs)
            && !weak.is_empty()
            && !interrupt_requested()
        {
            let (mut wlo, mut whi) = (lo.clone(), hi.clone());
            for &c in &weak {
                wlo[c] = 0.0;
                whi[c] = 0.0;
            }
            set_integrality(&mut hm, &vec![0; n])?;
            let (m, closed) = solve_within(
                hm,
                &wlo,
                &whi,
                heuristic_left(opts),
                None,
                &f.objective_coefficients,
            )?;
            hm = m;
            trace.note("lp-weak-hubs-closed", closed.as_ref(), "");
            set_integrality(&mut hm, &integrality)?;
            if let Some((x, _, true)) = closed {
                hm = round_each(&cx, hm, &[(&x, Heuristic::Rounding)], &mut best, || {
                    heuristic_left(opts)
                })?;
            }
        }
        // Phase 2r: RENS, the MIP with every integer column bounded to the floor and ceiling
        // of its LP value: HiGHS's presolve removes most of the network, and the small MIP
        // left is solved with its own limit.
        if on(Heuristic::Rens) && !interrupt_requested() {
            if let Some(lp) = lp.as_ref() {
                let (rlo, rhi) = rens_bounds(f, lp, &lo, &hi);
                let limit = heuristic_left(opts)
                    .zip(opts.time_limit)
                    .map(|(left, t)| left.min(t * RENS_SHARE));
                // The best rounding lies within these bounds: it is the sub-MIP's start.
                let (m, found) = solve_within(
                    hm,
                    &rlo,
                    &rhi,
                    limit,
                    best.as_ref().map(|b| b.values.as_slice()),
                    &f.objective_coefficients,
                )?;
                trace.note("rens", found.as_ref(), "");
                hm = m;
                keep_best(&f.is_integer, &mut best, found, Heuristic::Rens);
            }
        }
        // Phase 2f: the best schedule's lift repaired, once trimmed: its hubs are then open on
        // the days it uses them only (the hubs phase opens them from the first day the
        // relaxation does; on the coalition model trimming took 1.3 M off the schedule).
        if on(Heuristic::Repair) {
            hm = trim_best(f, model, hm, &mut best, heuristic_left(opts))?;
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
                    || heuristic_left(opts),
                )?;
            }
        }
        // Phase 2b: the best one trimmed to the trips and hub days its flows use, re-optimised.
        hm = trim_best(f, model, hm, &mut best, heuristic_left(opts))?;
        // The trip moves run when some trips are charged and some are not.
        let charged = f.charged_trips(CHARGED_SHARE);
        let trip_moves_run = on(Heuristic::TripMoves)
            && lp.is_some()
            && !charged.is_empty()
            && charged.len() < f.trips.len();
        let mut hub_sets_tried = std::collections::BTreeSet::new();
        // Phases 2h, 2t, 2c and 2h again, each trimming the best schedule when it improved it:
        // - the hub neighbourhood's moves that close one hub, each completed as in 1h;
        // - the trip moves: one charged trip (ship, aircraft) fewer, swapped or more, the
        //   schedule's hubs and other charged trips fixed, the rest completed as in 1h, for at
        //   most TRIP_MOVES_SHARE of the time limit;
        // - trip consolidation, for at most CONSOLIDATE_SHARE of the time limit; after the trip
        //   moves, which change the schedule more (on the coalition model the trip moves and
        //   then consolidation gave 1.32%, the trip moves without it 2.0%);
        // - the hub neighbourhood's other moves: one hub opened a day later, then one opened
        //   or one swapped for another, nearest to the relaxation first (on the large theatres
        //   the last two kinds never improved the schedule).
        // `far`: the hub neighbourhood's second pass.
        for (step, far) in [
            (Heuristic::Hubs, false),
            (Heuristic::TripMoves, false),
            (Heuristic::Consolidate, false),
            (Heuristic::Hubs, true),
        ] {
            // The time left to a step that may use `part` of the time limit from now.
            let share = |part: f64| share_from(start.elapsed().as_secs_f64(), part);
            let before = best.as_ref().map(|b| b.objective);
            hm = match (step, &lp) {
                (Heuristic::Hubs, Some(x)) if on(Heuristic::Hubs) => hub_neighbourhood(
                    &cx,
                    hm,
                    x,
                    (&lo, &hi),
                    far,
                    &mut hub_sets_tried,
                    &mut tight,
                    &mut best,
                    || heuristic_left(opts),
                )?,
                (Heuristic::TripMoves, Some(x)) if trip_moves_run => trip_moves(
                    &cx,
                    hm,
                    x,
                    (&lo, &hi),
                    &charged,
                    &mut tight,
                    &mut best,
                    share(TRIP_MOVES_SHARE),
                )?,
                (Heuristic::Consolidate, _) if on(Heuristic::Consolidate) && best.is_some() => {
                    consolidate(&cx, hm, &mut best, share(CONSOLIDATE_SHARE))?
                }
                _ => hm,
            };
            if best.as_ref().map(|b| b.objective) != before {
                hm = trim_best(f, model, hm, &mut best, heuristic_left(opts))?;
            }
        }
        // Phase 2w: fix-and-optimise over windows of days: the integers of a few consecutive
        // days are freed, every other integer is fixed at the incumbent, and the sub-MIP is
        // solved (presolve removes what the fixed days decide).
        if on(Heuristic::Windows) && best.is_some() {
            let days = f.integer_days();
            // Hub openings are few and tie the days together (a hub open in a window stays
            // open), so every window frees all of them.
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
                let left = heuristic_left(opts).unwrap_or(f64::INFINITY);
                if left <= 0.05 || interrupt_requested() {
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
                let limit = opts.time_limit.map(|_| left / (starts.len() - w) as f64);
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
                improved |= keep_best(&f.is_integer, &mut best, found, Heuristic::Windows);
            }
            if improved {
                hm = trim_best(f, model, hm, &mut best, heuristic_left(opts))?;
            }
        }
        set_bounds(&mut hm, &lo, &hi)?;
    }
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
            remaining(opts),
        )?,
    };
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
    if let Some(t) = remaining {
        hm.set_option("time_limit", t);
    }
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

/// HiGHS callback: tells the simplex, IPM and MIP solvers to stop when an interrupt is pending.
unsafe extern "C" fn interrupt_callback(
    _kind: std::os::raw::c_int,
    _message: *const std::os::raw::c_char,
    _out: *const highs_sys::HighsCallbackDataOut,
    data_in: *mut highs_sys::HighsCallbackDataIn,
    _user: *mut std::os::raw::c_void,
) {
    if interrupt_requested() && !data_in.is_null() {
        // SAFETY: HiGHS passes a valid, writable data-in struct to interrupt callbacks.
        unsafe { (*data_in).user_interrupt = 1 };
    }
}

fn configure(hm: &mut Model, opts: &SolveOptions) -> Result<(), SolveError> {
    // SAFETY: live HiGHS instance; the callback is a plain function that only reads a static.
    unsafe {
        let p = hm.as_mut_ptr();
        highs_sys::Highs_setCallback(p, Some(interrupt_callback), std::ptr::null_mut());
        for kind in [
            highs_sys::kHighsCallbackSimplexInterrupt,
            highs_sys::kHighsCallbackIpmInterrupt,
            highs_sys::kHighsCallbackMipInterrupt,
        ] {
            highs_sys::Highs_startCallback(p, kind);
        }
    }
    if opts.verbose {
        hm.set_option("output_flag", true);
        hm.set_option("log_to_console", true);
    } else {
        hm.make_quiet();
    }
    hm.set_option("mip_rel_gap", opts.gap.unwrap_or(1e-4));
    if let Some(th) = opts.threads {
        hm.set_option("threads", th.max(1) as i32);
    }
    // Determinism: a fixed random seed; HiGHS is deterministic for a given thread count.
    hm.set_option("random_seed", 0i32);
    for (k, v) in &opts.solver_options {
        let ok = match OptionValue::parse(v) {
            OptionValue::Bool(b) => hm.try_set_option(k.as_str(), b),
            OptionValue::Int(i) => hm.try_set_option(k.as_str(), i),
            OptionValue::Float(x) => hm.try_set_option(k.as_str(), x),
            OptionValue::Text(t) => hm.try_set_option(k.as_str(), t),
        };
        ok.map_err(|e| SolveError::Option(format!("HiGHS option {k}={v}: {e:?}")))?;
    }
    Ok(())
}

/// A HiGHS option's value, typed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum OptionValue<'a> {
    Bool(bool),
    Int(i32),
    Float(f64),
    Text(&'a str),
}

impl std::fmt::Display for OptionValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptionValue::Bool(b) => write!(f, "{b}"),
            OptionValue::Int(i) => write!(f, "{i}"),
            OptionValue::Float(x) => write!(f, "{x}"),
            OptionValue::Text(t) => write!(f, "{t}"),
        }
    }
}

impl<'a> OptionValue<'a> {
    /// The value of `--solver-option NAME=VALUE`'s text: a bool, else an integer, else a
    /// number, else a string.
    fn parse(v: &'a str) -> OptionValue<'a> {
        if let Ok(b) = v.parse::<bool>() {
            OptionValue::Bool(b)
        } else if let Ok(i) = v.parse::<i32>() {
            OptionValue::Int(i)
        } else if let Ok(x) = v.parse::<f64>() {
            OptionValue::Float(x)
        } else {
            OptionValue::Text(v)
        }
    }
}

/// Solves `hm` with the given column bounds and time limit, from `start` when given (a MIP
/// start, used only for sub-MIPs whose answer is re-evaluated: see the note on presolve in
/// [`solve`]). Returns the model for reuse and, when HiGHS has a primal solution,
/// `(values, objective, proven optimal)`, the objective computed from the values and `costs`
/// rather than taken from HiGHS.
#[allow(clippy::type_complexity)]
fn solve_within(
    mut hm: Model,
    lo: &[f64],
    hi: &[f64],
    time_limit: Option<f64>,
    start: Option<&[f64]>,
    costs: &[f64],
) -> Result<(Model, Option<(Vec<f64>, f64, bool)>), SolveError> {
    set_bounds(&mut hm, lo, hi)?;
    if let Some(t) = time_limit {
        hm.set_option("time_limit", t);
    }
    if let Some(x) = start {
        hm.try_set_solution(Some(x), None, None, None)
            .map_err(|e| SolveError::Solver(format!("MIP start rejected: {e:?}")))?;
    }
    let solved = run(hm)?;
    let found = (solved.primal_solution_status() == HighsSolutionStatus::Feasible).then(|| {
        let x = solved.get_solution().columns().to_vec();
        let objective = x.iter().zip(costs).map(|(v, c)| v * c).sum();
        (x, objective, solved.status() == HighsModelStatus::Optimal)
    });
    Ok((Model::from(solved), found))
}

/// Runs HiGHS on `hm`. Its clock is zeroed first: HiGHS does not reset it between runs of
/// one instance, so a time limit would otherwise count every earlier run too (the C API
/// documents `Highs_zeroAllClocks` as the work-around).
fn run(mut hm: Model) -> Result<highs::SolvedModel, SolveError> {
    // SAFETY: live HiGHS instance.
    if unsafe { highs_sys::Highs_zeroAllClocks(hm.as_mut_ptr()) } < 0 {
        return Err(SolveError::Solver("cannot reset the solver's clock".into()));
    }
    hm.try_solve()
        .map_err(|e| SolveError::Solver(format!("{e:?}")))
}

/// Keeps `found` as the best start when it is better than the one so far, with its integer
/// columns rounded. Returns whether it was kept.
fn keep_best(
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
struct Context<'a> {
    f: &'a Formulation,
    model: &'a Plan,
    trace: &'a Trace,
    /// Each column's integrality in the MIP, to restore after an LP.
    integrality: &'a [HighsInt],
    /// Seconds a completion LP gets by simplex before the fall-backs ([`complete`]):
    /// [`SIMPLEX_FIRST`], or [`SIMPLEX_FIRST_SHARE`] of the relaxation's time when that is
    /// more, so that a machine that is slower at the moment (the relaxation of the large
    /// theatre took 14 to 21 s on the same machine in one session) does not drop the
    /// tightening rows for good on an LP that would have finished.
    simplex_first: f64,
    /// The orders each LP is rounded in ([`round_cheapest`]): every one, except in the
    /// rolling horizon's windows before the last.
    orders: &'a [RoundOrder],
    /// Repairs after the first rounding in [`complete`], at most: [`REPAIR_ROUNDS`], except
    /// in the rolling horizon's windows before the last.
    repairs: usize,
    /// The time of the steps a completion ([`complete`]) cannot do without, when it is not
    /// the completion's own `left`: the rounding of a finished LP, the repair of a rounding
    /// that lost lift ([`LOST_LIFT`]), and the first LP when `lp_must` says so. The rolling
    /// horizon's windows do these within the heuristic's time, not their share of it. A
    /// window whose LP used up its share once found no schedule for want of the 0.6 s its
    /// rounding takes and left its days to the next window, whose LP, with four more days
    /// free, did not finish (theatre-xl at 45 s; BENCHMARKS.md, session 9).
    must_left: Option<&'a dyn Fn() -> Option<f64>>,
    /// Whether the first LP of a completion is a step it cannot do without (`must_left`):
    /// in the rolling horizon's last window, whose schedule is the only one the windows give.
    lp_must: bool,
}

/// The LP dive ([`Heuristic::Dive`]): from the LP solution `lp`, fixes integers round by
/// round ([`Formulation::dive_fixings`]) and re-solves the LP (warm, from the last basis),
/// for at most [`DIVE_ROUNDS`] rounds, until it is integral, or until its LP objective reaches
/// the best schedule's (no completion of its fixings can then do better). Each round's LP is
/// rounded ([`RoundOrder::Fraction`]) into a schedule, kept in `best` when better, so that
/// where the dive stops (its time or its cut-off) matters less. Returns the model and the last
/// LP solution below the cut-off, which the rounding phase then completes in every order.
fn dive(
    cx: &Context,
    mut hm: Model,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<(Model, Option<Vec<f64>>), SolveError> {
    let (f, model, trace, integrality) = (cx.f, cx.model, cx.trace, cx.integrality);
    let (mut dlo, mut dhi) = (lo.to_vec(), hi.to_vec());
    let relaxed = vec![0; integrality.len()];
    let mut x = None;
    for round in 0..DIVE_ROUNDS {
        if interrupt_requested() || left().is_some_and(|t| t <= 0.05) {
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

/// Rounds each LP solution in `lps` in every [`RoundOrder`]
/// ([`Formulation::round_integers`]), fixes the integers there, re-optimises the rest, and
/// keeps the best complete schedule in `best`, credited to the heuristic paired with the LP.
fn round_each(
    cx: &Context,
    mut hm: Model,
    lps: &[(&[f64], Heuristic)],
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<Model, SolveError> {
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
    mut hm: Model,
    lp: &[f64],
    base: (&[f64], &[f64]),
    (step, detail): (&str, &str),
    left: impl Fn() -> Option<f64>,
    stop: impl Fn() -> bool,
) -> Result<(Model, Option<(Vec<f64>, f64, bool)>), SolveError> {
    let (f, model, trace) = (cx.f, cx.model, cx.trace);
    let mut cheapest: Option<(Vec<f64>, f64, bool)> = None;
    // The other orders are a fall-back: a rolling-horizon window rounds in one order, and
    // when that rounding found nothing the window left its days to the next one, whose LP
    // (13 free days instead of 9) did not finish on a slow run of the xl theatre (BENCHMARKS.md,
    // session 8). Such a window now keeps the last plan's look-ahead instead, which sees no
    // demand due after it: a schedule of the window's own is still better.
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
    model: &Plan,
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
    model: &Plan,
    hm: Model,
    lp: &[f64],
    order: RoundOrder,
    base: (&[f64], &[f64]),
    time_limit: Option<f64>,
) -> Result<(Model, Option<(Vec<f64>, f64, bool)>), SolveError> {
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
fn complete(
    cx: &Context,
    mut hm: Model,
    (lo, hi): (&[f64], &[f64]),
    floor: Option<&[f64]>,
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    (by, what): (Heuristic, &str),
    left: impl Fn() -> Option<f64>,
) -> Result<Model, SolveError> {
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
        if interrupt_requested() || left().is_some_and(|t| t <= 0.05) {
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
        if !matches!(lp, Some((_, _, true))) && *tight && left().is_none_or(|t| t > 0.05) {
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
        if !matches!(lp, Some((_, _, true)))
            && !proved_infeasible(&hm)
            && left().is_none_or(|t| t > 0.05)
        {
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
            || interrupt_requested() || must_left().is_some_and(|t| t <= 0.05),
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
        // rounding's time: a rolling-horizon window that kept one passed its shortfall on,
        // and the windows after it did worse (theatre-xl; BENCHMARKS.md, session 9).
        urgent.set(obj > LOST_LIFT * bound.abs().max(1.0));
    }
    Ok(hm)
}

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
fn hub_neighbourhood(
    cx: &Context,
    mut hm: Model,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    far: bool,
    tried: &mut std::collections::BTreeSet<Vec<bool>>,
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<Model, SolveError> {
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
    mut hm: Model,
    moves: impl Iterator<Item = (String, Vec<f64>, Vec<f64>)>,
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    by: Heuristic,
    left: &impl Fn() -> Option<f64>,
) -> Result<(Model, bool), SolveError> {
    let before = best.as_ref().map_or(f64::INFINITY, |b| b.objective);
    for (what, lo, hi) in moves {
        if interrupt_requested() || left().is_some_and(|t| t <= 0.05) {
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
#[allow(clippy::too_many_arguments)]
fn trip_moves(
    cx: &Context,
    mut hm: Model,
    lp: &[f64],
    (lo, hi): (&[f64], &[f64]),
    charged: &[usize],
    tight: &mut bool,
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<Model, SolveError> {
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
fn consolidate(
    cx: &Context,
    mut hm: Model,
    best: &mut Option<Incumbent>,
    left: impl Fn() -> Option<f64>,
) -> Result<Model, SolveError> {
    let (f, model, trace) = (cx.f, cx.model, cx.trace);
    let mut rejected = std::collections::BTreeSet::new();
    let mut batch = CONSOLIDATE_BATCH;
    while !interrupt_requested() && left().is_none_or(|t| t > 0.05) {
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

/// Trims the incumbent's integers to what its flows use ([`Formulation::trim_integers`]),
/// re-optimises the rest, trims again what that leaves empty, and keeps the result when it is
/// better.
fn trim_best(
    f: &Formulation,
    model: &Plan,
    hm: Model,
    best: &mut Option<Incumbent>,
    time_limit: Option<f64>,
) -> Result<Model, SolveError> {
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
    keep_best(&f.is_integer, best, found.map(|g| trimmed(f, model, g)), by);
    Ok(hm)
}

/// Column bounds with every integer column fixed at its value in `values` (within its bounds).
fn fixed_integers(f: &Formulation, values: &[f64]) -> (Vec<f64>, Vec<f64>) {
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

/// The current simplex basis (column and row statuses).
fn get_basis(hm: &Model) -> (Vec<HighsInt>, Vec<HighsInt>) {
    // SAFETY: live HiGHS instance; the arrays have one entry per column and per row.
    unsafe {
        let p = hm.as_ptr();
        let (nc, nr) = (
            highs_sys::Highs_getNumCol(p).max(0) as usize,
            highs_sys::Highs_getNumRow(p).max(0) as usize,
        );
        let (mut c, mut r) = (vec![0; nc], vec![0; nr]);
        highs_sys::Highs_getBasis(p, c.as_mut_ptr(), r.as_mut_ptr());
        (c, r)
    }
}

/// Restores a basis from [`get_basis`]; HiGHS ignores one that is not valid for the model.
fn set_basis(hm: &mut Model, (c, r): &(Vec<HighsInt>, Vec<HighsInt>)) -> Result<(), SolveError> {
    // SAFETY: live HiGHS instance; the arrays came from `get_basis` on the same model.
    let rc = unsafe { highs_sys::Highs_setBasis(hm.as_mut_ptr(), c.as_ptr(), r.as_ptr()) };
    if rc < 0 {
        return Err(SolveError::Solver("cannot restore the LP basis".into()));
    }
    Ok(())
}

/// RENS bounds around an LP solution `x`: every integer column between the floor and the
/// ceiling of its value (so an integral value is fixed), within its own bounds `lo`, `hi`.
fn rens_bounds(f: &Formulation, x: &[f64], lo: &[f64], hi: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (mut rlo, mut rhi) = (lo.to_vec(), hi.to_vec());
    for (i, &int) in f.is_integer.iter().enumerate() {
        if int {
            rlo[i] = (x[i] - 1e-6).floor().clamp(lo[i], hi[i]);
            rhi[i] = (x[i] + 1e-6).ceil().clamp(lo[i], hi[i]);
        }
    }
    (rlo, rhi)
}

/// Whether HiGHS's last run on `hm` proved its problem infeasible.
fn proved_infeasible(hm: &Model) -> bool {
    // SAFETY: live HiGHS instance.
    let status = unsafe { highs_sys::Highs_getModelStatus(hm.as_ptr()) };
    status == highs_sys::MODEL_STATUS_INFEASIBLE
}

/// Clears HiGHS's solver state (solution and basis), keeping the model.
fn clear_solver(hm: &mut Model) -> Result<(), SolveError> {
    // SAFETY: live HiGHS instance.
    if unsafe { highs_sys::Highs_clearSolver(hm.as_mut_ptr()) } < 0 {
        return Err(SolveError::Solver("cannot clear the solver's state".into()));
    }
    Ok(())
}

/// Puts the tightening rows ([`Formulation::tightening`], each `expression ≤ 0`) in the
/// model (`on`) or leaves them out by lifting their upper bound to infinity.
fn set_tightening(hm: &mut Model, rows: &[usize], on: bool) -> Result<(), SolveError> {
    if rows.is_empty() {
        return Ok(());
    }
    let set: Vec<HighsInt> = rows.iter().map(|&r| r as HighsInt).collect();
    let lower = vec![f64::NEG_INFINITY; rows.len()];
    let upper = vec![if on { 0.0 } else { f64::INFINITY }; rows.len()];
    // SAFETY: live HiGHS instance; the three arrays have `set.len()` entries.
    let status = unsafe {
        highs_sys::Highs_changeRowsBoundsBySet(
            hm.as_mut_ptr(),
            set.len() as HighsInt,
            set.as_ptr(),
            lower.as_ptr(),
            upper.as_ptr(),
        )
    };
    if status < 0 {
        return Err(SolveError::Solver(
            "cannot change the tightening rows".into(),
        ));
    }
    Ok(())
}

fn set_integrality(hm: &mut Model, integrality: &[HighsInt]) -> Result<(), SolveError> {
    let n = integrality.len();
    if n == 0 {
        return Ok(());
    }
    // SAFETY: live HiGHS instance; the array has one entry per column 0..n-1.
    let rc = unsafe {
        highs_sys::Highs_changeColsIntegralityByRange(
            hm.as_mut_ptr(),
            0,
            (n - 1) as HighsInt,
            integrality.as_ptr(),
        )
    };
    if rc < 0 {
        return Err(SolveError::Solver("cannot change integrality".into()));
    }
    Ok(())
}

fn set_bounds(hm: &mut Model, lo: &[f64], hi: &[f64]) -> Result<(), SolveError> {
    let n = lo.len();
    if n == 0 {
        return Ok(());
    }
    // SAFETY: live HiGHS instance; both arrays have one entry per column 0..n-1.
    let rc = unsafe {
        highs_sys::Highs_changeColsBoundsByRange(
            hm.as_mut_ptr(),
            0,
            (n - 1) as HighsInt,
            lo.as_ptr(),
            hi.as_ptr(),
        )
    };
    if rc < 0 {
        return Err(SolveError::Solver("cannot change bounds".into()));
    }
    Ok(())
}

/// Branch-and-bound nodes: an int64 info value, which the safe wrapper does not read.
fn node_count(solved: &highs::SolvedModel) -> i64 {
    let mut n: i64 = 0;
    // SAFETY: the pointer is a live HiGHS instance owned by `solved`, the name is a valid C
    // string and `n` outlives the call.
    let rc = unsafe {
        highs_sys::Highs_getInt64InfoValue(solved.as_ptr(), c"mip_node_count".as_ptr(), &mut n)
    };
    if rc == 0 {
        n.max(0)
    } else {
        0
    }
}

/// Names the columns of `hm`, one name per column in column order.
fn set_column_names(hm: &mut Model, names: &[String]) -> Result<(), SolveError> {
    // SAFETY: live HiGHS instance.
    let n = unsafe { highs_sys::Highs_getNumCol(hm.as_ptr()) }.max(0) as usize;
    if names.len() != n {
        return Err(SolveError::Solver(format!(
            "{} column names for {n} columns",
            names.len()
        )));
    }
    for (i, name) in names.iter().enumerate() {
        let c = std::ffi::CString::new(name.as_str())
            .map_err(|_| SolveError::Solver(format!("column name {name:?} contains NUL")))?;
        // SAFETY: live HiGHS instance; `i` is a column index below the column count and `c` a
        // NUL-terminated string that outlives the call (HiGHS copies it).
        let rc =
            unsafe { highs_sys::Highs_passColName(hm.as_mut_ptr(), i as HighsInt, c.as_ptr()) };
        if rc < 0 {
            return Err(SolveError::Solver(format!(
                "HiGHS rejected the column name {name:?}"
            )));
        }
    }
    Ok(())
}

/// The HiGHS model of the formulation: its variables, objective and rows, which it takes
/// (the formulation keeps its column data: bounds, integrality, costs and the indexes).
fn highs_model(f: &mut Formulation) -> Result<Model, SolveError> {
    let vars = std::mem::take(&mut f.vars);
    let objective = std::mem::take(&mut f.objective);
    let constraints = std::mem::take(&mut f.constraints);
    vars.minimise(objective)
        .using(highs)
        .with_all(constraints)
        .try_into_inner()
        .map_err(|e| SolveError::Solver(e.to_string()))
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
mod horizon;
pub use alone::{solve_mps, AloneOptions, AloneResult};
