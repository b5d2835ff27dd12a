//! The whole pipeline as library calls: read and validate a model, then plan it.
//!
//! The command line and the tests go through these functions, so both run exactly the same
//! steps. Each step is timed for the summary and for benchmarks.

use std::path::Path;
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::diag::Diagnostic;
use crate::explain;
use crate::formulation::{self, Stats};
use crate::load::{self, Loaded};
use crate::model::Model;
use crate::network::Network;
use crate::schedule::Schedule;
use crate::solve::{self, SolveError, SolveOptions};
use crate::validate;

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

/// Formulates and solves a checked model, and gives each short or late soft demand its reason
/// ([`explain::annotate`]). An infeasible model is explained separately, by
/// [`explain::explain_infeasible`].
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
