//! What a solve is asked to do and what it returns: its options, the parts of hubplan's solve
//! beyond the plain MIP ([`Heuristic`]), its result and its errors, and the model sizes that
//! choose the defaults.

use thiserror::Error;

use super::budget::{TimeLimit, TimeLimitError};
use crate::schedule::Status;

/// Models with at least this many columns run the start heuristic by default.
pub(super) const HEURISTIC_MIN_COLUMNS: usize = 20_000;

/// Models with at least this many columns get their root LP from the interior-point method.
pub(super) const IPM_MIN_COLUMNS: usize = 20_000;

/// Models with at least this many columns plan by the rolling horizon ([`Heuristic::Horizon`])
/// by default: the xl theatre (454,187 columns) does not finish its relaxation within a
/// minute; the coalition model and the large theatres do.
pub(super) const HORIZON_MIN_COLUMNS: usize = 300_000;

/// A part of hubplan's solve beyond the plain MIP: the parts of the start heuristic, and the
/// bound MIP that runs beside it. `hubplan solve --heuristics A,B` chooses which run, to
/// measure what each contributes (BENCHMARKS.md, section 6, has the measurements).
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
    pub(super) fn describe(self) -> &'static str {
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
    /// Wall-clock limit of the whole solve.
    pub time_limit: TimeLimit,
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
    /// The time limit was not a positive number of seconds.
    #[error("invalid solver option: {0}")]
    TimeLimit(#[from] TimeLimitError),
}

/// Refuses a relative gap outside [0, 1] and a time limit that is not positive.
pub(super) fn check_limits(gap: Option<f64>, time_limit: TimeLimit) -> Result<(), SolveError> {
    if let Some(g) = gap {
        if !(0.0..=1.0).contains(&g) {
            return Err(SolveError::Option(format!(
                "gap {g} is not between 0 and 1"
            )));
        }
    }
    time_limit.check()?;
    Ok(())
}

/// The relative gap as hubplan reports it: `max(0, (objective - bound) / max(|objective|, 1e-9))`.
pub(super) fn relative_gap(objective: f64, bound: f64) -> f64 {
    ((objective - bound) / objective.abs().max(1e-9)).max(0.0)
}
