//! Solving the formulation with HiGHS (compiled in) through good_lp. The only module that names
//! a solver backend.
//!
//! good_lp folds statuses together (every limit becomes "time limit", an unbounded MIP reads as
//! infeasible) and hides the dual bound and node count, so the problem is built with good_lp and
//! then solved as the raw HiGHS model (`into_inner`), with the options set on it again, and the
//! true status, bound, gap and node count are read from HiGHS's info values.

use std::time::Instant;

use good_lp::solvers::highs::highs;
use good_lp::SolverModel;
use highs::{HighsModelStatus, HighsSolutionStatus};
use thiserror::Error;

use crate::formulation::Formulation;

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
    /// Why the solver stopped, in HiGHS's words (e.g. "time limit").
    pub stop_reason: String,
    /// Objective of the schedule found.
    pub objective: Option<f64>,
    /// Best proven lower bound.
    pub bound: Option<f64>,
    /// Relative gap `(objective - bound) / max(|objective|, 1e-9)`... as HiGHS reports it.
    pub gap: Option<f64>,
    /// Branch-and-bound nodes.
    pub nodes: i64,
    /// Seconds in the solver.
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
pub fn solve(f: &mut Formulation, opts: &SolveOptions) -> Result<SolveResult, SolveError> {
    if let Some(g) = opts.gap {
        if !(0.0..=1.0).contains(&g) || !g.is_finite() {
            return Err(SolveError::Option(format!("gap {g} is not between 0 and 1")));
        }
    }
    if let Some(t) = opts.time_limit {
        if t.is_nan() || t <= 0.0 {
            return Err(SolveError::Option(format!("time limit {t} is not positive")));
        }
    }
    let vars = std::mem::take(&mut f.vars);
    let objective = std::mem::take(&mut f.objective);
    let constraints = std::mem::take(&mut f.constraints);
    let n = f.is_integer.len();
    let problem = vars.minimise(objective).using(highs).with_all(constraints);
    let mut model = problem
        .try_into_inner()
        .map_err(|e| SolveError::Solver(e.to_string()))?;
    if !opts.verbose {
        model.make_quiet();
    }
    model.set_option("mip_rel_gap", opts.gap.unwrap_or(1e-4));
    if let Some(t) = opts.time_limit {
        model.set_option("time_limit", t);
    }
    if let Some(th) = opts.threads {
        model.set_option("threads", th.max(1) as i32);
    }
    // Determinism: a fixed random seed; HiGHS is deterministic for a given thread count.
    model.set_option("random_seed", 0i32);
    let start = Instant::now();
    let solved = model
        .try_solve()
        .map_err(|e| SolveError::Solver(format!("{e:?}")))?;
    let seconds = start.elapsed().as_secs_f64();
    let raw = solved.status();
    let has_primal = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite());
    let nodes = solved.int_info_value(c"mip_node_count").unwrap_or(0).max(0);
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
            if has_primal {
                Status::Feasible
            } else {
                Status::NoSolution
            }
        }
        other => return Err(SolveError::Solver(format!("HiGHS stopped with {other:?}"))),
    };
    let stop_reason = format!("{raw:?}");
    if !status.has_schedule() {
        return Ok(SolveResult {
            status,
            stop_reason,
            objective: None,
            bound,
            gap: None,
            nodes,
            seconds,
            values: None,
        });
    }
    let sol = solved.get_solution();
    let mut values = sol.columns().to_vec();
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
    let objective = solved.objective_value();
    let gap = if n == 0 || f.is_integer.iter().all(|i| !i) {
        Some(0.0)
    } else {
        let g = solved.mip_gap();
        g.is_finite().then_some(g.max(0.0))
    };
    Ok(SolveResult {
        status,
        stop_reason,
        objective: Some(objective),
        bound: bound.or((status == Status::Optimal).then_some(objective)),
        gap,
        nodes,
        seconds,
        values: Some(values),
    })
}
