//! The whole pipeline as library calls: read and validate a model, plan it, check the schedule
//! before it is written ([`self_check`]), and explain an infeasible model within its budget
//! ([`explain()`]).
//!
//! The command line, the benchmarks and the tests go through these functions, so all of them
//! run exactly the same steps. Each step is timed for the summary and for benchmarks.

use std::path::Path;
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::check::{self, Violation};
use crate::diag::Diagnostic;
use crate::explain::{self, Infeasibility};
use crate::formulation::{self, Stats};
use crate::load::{self, Loaded};
use crate::model::Model;
use crate::network::Network;
use crate::schedule::Schedule;
use crate::solve::{self, SolveError, SolveOptions, TimeLimit};
use crate::validate;

/// Most seconds spent re-solving an infeasible model to explain it.
pub const EXPLAIN_SECONDS: f64 = 30.0;

/// Failures of the pipeline.
#[derive(Debug, Error)]
pub enum PipelineError {
    /// The model has errors; all of them, located.
    #[error("the model has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Invalid(Vec<Diagnostic>),
    /// The solver failed.
    #[error(transparent)]
    Solve(#[from] SolveError),
}

/// A model read and validated, with its warnings and source.
#[derive(Debug)]
pub struct Checked {
    /// The loaded file (source text and positions).
    pub loaded: Loaded,
    /// The validated model.
    pub model: Model,
    /// Its transport network.
    pub network: Network,
    /// Warnings, located and sorted.
    pub warnings: Vec<Diagnostic>,
    /// Time to read and validate.
    pub validate_time: Duration,
    /// Time to build the graph and windows.
    pub graph_time: Duration,
}

/// Reads, validates and builds the network of a model file. `Err` holds every diagnostic
/// (errors and warnings) when there is any error.
pub fn check_file(path: &Path) -> Result<Checked, PipelineError> {
    let start = Instant::now();
    let loaded = load::load_file(path).map_err(PipelineError::Invalid)?;
    check_loaded(loaded, start)
}

/// As [`check_file`], for model text already in memory.
pub fn check_str(name: &str, text: &str) -> Result<Checked, PipelineError> {
    let start = Instant::now();
    let loaded = load::load_bytes(name, text.as_bytes()).map_err(PipelineError::Invalid)?;
    check_loaded(loaded, start)
}

fn check_loaded(loaded: Loaded, start: Instant) -> Result<Checked, PipelineError> {
    let v = validate::validate(&loaded);
    let Some(model) = v.model else {
        return Err(PipelineError::Invalid(v.diagnostics));
    };
    let validate_time = start.elapsed();
    let t = Instant::now();
    let network = Network::build(&model);
    let graph_time = t.elapsed();
    let mut warnings = v.diagnostics;
    let mut more = validate::reachability_warnings(&model, &network);
    for d in &mut more {
        loaded.map.place(d);
    }
    warnings.extend(more);
    validate::sort_diagnostics(&mut warnings);
    Ok(Checked {
        loaded,
        model,
        network,
        warnings,
        validate_time,
        graph_time,
    })
}

/// A planned model: the schedule and what it took.
#[derive(Debug)]
pub struct Planned {
    /// The schedule (also for infeasible outcomes: then without decisions).
    pub schedule: Schedule,
    /// Formulation size.
    pub stats: Stats,
    /// Time to build the MIP.
    pub build_time: Duration,
    /// Time in the solver (wall).
    pub solve_time: Duration,
}

impl Planned {
    /// What the plan used of its time limit: building and solving the MIP.
    pub fn elapsed(&self) -> Duration {
        self.build_time + self.solve_time
    }
}

/// Formulates and solves a checked model, and gives each short or late soft demand its reason
/// ([`explain::annotate`]). An infeasible model is explained separately, by [`explain()`].
pub fn plan(model: &Model, net: &Network, opts: &SolveOptions) -> Result<Planned, PipelineError> {
    let t = Instant::now();
    let mut f = formulation::build(model, net);
    let build_time = t.elapsed();
    let t = Instant::now();
    let res = solve::solve(&mut f, model, opts)?;
    let solve_time = t.elapsed();
    let mut schedule = solve::to_schedule(model, net, &f, &res);
    explain::annotate(model, net, &mut schedule);
    Ok(Planned {
        schedule,
        stats: f.stats,
        build_time,
        solve_time,
    })
}

/// The independent check of a solved schedule before it is written: every rule and every
/// reported figure ([`check::check`] at the default tolerance). `Err` holds every violation;
/// a schedule the solver found and the check rejects is a bug of hubplan's, not of the model.
pub fn self_check(model: &Model, schedule: &Schedule) -> Result<(), Vec<Violation>> {
    let violations = check::check(model, schedule, &check::Tolerance::default());
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

/// The time limit of explaining an infeasible model whose plan used `used` of `limit`: what
/// is left of the limit, at least 1 s (an explanation needs a solve) and at most
/// [`EXPLAIN_SECONDS`]; [`EXPLAIN_SECONDS`] without a limit.
pub fn explain_time_limit(limit: TimeLimit, used: Duration) -> TimeLimit {
    let used = used.as_secs_f64();
    let left = limit.as_secs().map_or(EXPLAIN_SECONDS, |t| t - used);
    TimeLimit::seconds(left.clamp(1.0, EXPLAIN_SECONDS))
}

/// Explains an infeasible model ([`explain::explain_infeasible`]: re-solves it with every hard
/// requirement relaxed and names what cannot be met) within [`explain_time_limit`] of `opts`,
/// after a plan that used `used` ([`Planned::elapsed`]).
pub fn explain(
    model: &Model,
    net: &Network,
    opts: &SolveOptions,
    used: Duration,
) -> Result<Infeasibility, PipelineError> {
    let relaxed = SolveOptions {
        time_limit: explain_time_limit(opts.time_limit, used),
        ..opts.clone()
    };
    Ok(explain::explain_infeasible(model, net, &relaxed)?)
}
