//! HiGHS alone on a model file (MPS or LP, as [`super::export()`] writes them): read, set the
//! same time limit, gap, threads and random seed as hubplan's solve, otherwise HiGHS's default
//! options, run, and read status, objective and bound. The baseline `hubplan bench --modes
//! highs` compares hubplan with.
//!
//! HiGHS fixes its thread count per process (its global task scheduler) at the first solve; a
//! later solve in the same process with another count fails unless
//! `Highs_resetGlobalScheduler` is called in between. `hubplan bench` runs every solve in its
//! own child process, so this function does not reset it.

use std::ffi::CString;
use std::path::Path;
use std::time::Instant;

use highs_sys::HighsInt;

use super::budget::TimeLimit;
use super::options::{check_limits, relative_gap, SolveError};
use crate::schedule::Status;

/// Options of [`solve_mps`]; `None` leaves HiGHS's default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AloneOptions {
    /// Wall-clock limit of the solve (HiGHS's `time_limit`).
    pub time_limit: TimeLimit,
    /// Relative MIP gap (`mip_rel_gap`); default 1e-4, as hubplan's.
    pub gap: Option<f64>,
    /// Solver threads (`threads`).
    pub threads: Option<u32>,
}

/// What HiGHS alone reports on a model file.
#[derive(Debug, Clone, PartialEq)]
pub struct AloneResult {
    /// Status, in hubplan's terms.
    pub status: Status,
    /// How the result was obtained (the solver and its version).
    pub method: String,
    /// HiGHS's model status, in its words.
    pub stop_reason: String,
    /// Objective of the best solution (objective offset included).
    pub objective: Option<f64>,
    /// Best proven lower bound (`mip_dual_bound`; the objective for a solved LP).
    pub bound: Option<f64>,
    /// Relative gap `(objective - bound) / max(|objective|, 1e-9)`, as hubplan computes it.
    pub gap: Option<f64>,
    /// Columns read.
    pub columns: usize,
    /// Integer (and binary) columns read.
    pub integer_columns: usize,
    /// Rows read.
    pub rows: usize,
    /// Non-zero constraint coefficients read.
    pub nonzeros: usize,
    /// Wall seconds reading the file.
    pub read_seconds: f64,
    /// Wall seconds of the run.
    pub solve_seconds: f64,
    /// Wall seconds of both.
    pub seconds: f64,
}

/// A HiGHS instance, destroyed on drop.
struct Instance(*mut std::os::raw::c_void);

impl Drop for Instance {
    fn drop(&mut self) {
        // SAFETY: created by Highs_create and destroyed only here.
        unsafe { highs_sys::Highs_destroy(self.0) };
    }
}

/// Reads the model file at `path` with HiGHS, solves it with `opts` (and `random_seed` 0, no
/// log output, every other option at HiGHS's default) and reports the outcome.
pub fn solve_mps(path: &Path, opts: &AloneOptions) -> Result<AloneResult, SolveError> {
    check_limits(opts.gap, opts.time_limit)?;
    let c_path = CString::new(path.as_os_str().as_encoded_bytes())
        .map_err(|_| SolveError::Solver(format!("path {} contains NUL", path.display())))?;
    let start = Instant::now();
    // SAFETY: Highs_create returns a fresh instance (or null), owned by `h` from here on.
    let h = Instance(unsafe { highs_sys::Highs_create() });
    if h.0.is_null() {
        return Err(SolveError::Solver("cannot create a HiGHS instance".into()));
    }
    let p = h.0;
    // SAFETY (every block below): `p` is the live instance owned by `h`; option and info
    // names are NUL-terminated literals; out-parameters outlive the calls.
    let ok = unsafe {
        highs_sys::Highs_setBoolOptionValue(p, c"output_flag".as_ptr(), 0) >= 0
            && highs_sys::Highs_setIntOptionValue(p, c"random_seed".as_ptr(), 0) >= 0
            && highs_sys::Highs_setDoubleOptionValue(
                p,
                c"mip_rel_gap".as_ptr(),
                opts.gap.unwrap_or(1e-4),
            ) >= 0
            && opts.threads.is_none_or(|t| {
                highs_sys::Highs_setIntOptionValue(p, c"threads".as_ptr(), t.max(1) as HighsInt)
                    >= 0
            })
            && opts.time_limit.as_secs().is_none_or(|t| {
                highs_sys::Highs_setDoubleOptionValue(p, c"time_limit".as_ptr(), t) >= 0
            })
    };
    if !ok {
        return Err(SolveError::Option("HiGHS rejected an option".into()));
    }
    // HiGHS returns a warning (1) for e.g. names it had to make up; only errors (-1) fail.
    if unsafe { highs_sys::Highs_readModel(p, c_path.as_ptr()) } < 0 {
        return Err(SolveError::Solver(format!(
            "HiGHS cannot read {}",
            path.display()
        )));
    }
    let read_seconds = start.elapsed().as_secs_f64();
    let (columns, rows, nonzeros) = unsafe {
        (
            highs_sys::Highs_getNumCol(p).max(0) as usize,
            highs_sys::Highs_getNumRow(p).max(0) as usize,
            highs_sys::Highs_getNumNz(p).max(0) as usize,
        )
    };
    let integer_columns = (0..columns)
        .filter(|&c| {
            let mut kind: HighsInt = 0;
            let rc = unsafe { highs_sys::Highs_getColIntegrality(p, c as HighsInt, &mut kind) };
            rc >= 0 && kind != 0
        })
        .count();
    let t = Instant::now();
    let rc = unsafe { highs_sys::Highs_run(p) };
    let solve_seconds = t.elapsed().as_secs_f64();
    let seconds = start.elapsed().as_secs_f64();
    if rc < 0 {
        return Err(SolveError::Solver(format!(
            "HiGHS failed on {}",
            path.display()
        )));
    }
    let raw = unsafe { highs_sys::Highs_getModelStatus(p) };
    let mut primal: HighsInt = 0;
    let has_primal = unsafe {
        highs_sys::Highs_getIntInfoValue(p, c"primal_solution_status".as_ptr(), &mut primal)
    } >= 0
        && primal == highs_sys::kHighsSolutionStatusFeasible;
    let status = match raw {
        highs_sys::kHighsModelStatusOptimal | highs_sys::kHighsModelStatusModelEmpty => {
            Status::Optimal
        }
        highs_sys::kHighsModelStatusInfeasible => Status::Infeasible,
        highs_sys::kHighsModelStatusUnbounded => Status::Unbounded,
        highs_sys::kHighsModelStatusUnboundedOrInfeasible => Status::InfeasibleOrUnbounded,
        highs_sys::kHighsModelStatusTimeLimit
        | highs_sys::kHighsModelStatusIterationLimit
        | highs_sys::kHighsModelStatusSolutionLimit
        | highs_sys::kHighsModelStatusInterrupt
        | highs_sys::kHighsModelStatusHighsInterrupt
        | highs_sys::kHighsModelStatusMemoryLimit
        | highs_sys::kHighsModelStatusObjectiveBound
        | highs_sys::kHighsModelStatusObjectiveTarget
        | highs_sys::kHighsModelStatusUnknown => {
            if has_primal {
                Status::Feasible
            } else {
                Status::NoSolution
            }
        }
        other => {
            return Err(SolveError::Solver(format!(
                "HiGHS stopped with {}",
                model_status_name(other)
            )))
        }
    };
    let objective = (status.has_schedule() && has_primal)
        .then(|| unsafe { highs_sys::Highs_getObjectiveValue(p) });
    let bound = if integer_columns > 0 {
        let mut b = f64::NAN;
        let rc =
            unsafe { highs_sys::Highs_getDoubleInfoValue(p, c"mip_dual_bound".as_ptr(), &mut b) };
        (rc >= 0 && b.is_finite()).then_some(b)
    } else {
        objective.filter(|_| status == Status::Optimal)
    };
    let gap = objective.zip(bound).map(|(o, b)| relative_gap(o, b));
    Ok(AloneResult {
        status,
        method: format!(
            "HiGHS {}.{}.{} alone on the exported model",
            highs_sys::HIGHS_VERSION_MAJOR,
            highs_sys::HIGHS_VERSION_MINOR,
            highs_sys::HIGHS_VERSION_PATCH
        ),
        stop_reason: model_status_name(raw).to_string(),
        objective,
        bound,
        gap,
        columns,
        integer_columns,
        rows,
        nonzeros,
        read_seconds,
        solve_seconds,
        seconds,
    })
}

/// HiGHS's model status constant as a word.
fn model_status_name(s: HighsInt) -> &'static str {
    match s {
        highs_sys::kHighsModelStatusNotset => "not set",
        highs_sys::kHighsModelStatusLoadError => "load error",
        highs_sys::kHighsModelStatusModelError => "model error",
        highs_sys::kHighsModelStatusPresolveError => "presolve error",
        highs_sys::kHighsModelStatusSolveError => "solve error",
        highs_sys::kHighsModelStatusPostsolveError => "postsolve error",
        highs_sys::kHighsModelStatusModelEmpty => "empty model",
        highs_sys::kHighsModelStatusOptimal => "optimal",
        highs_sys::kHighsModelStatusInfeasible => "infeasible",
        highs_sys::kHighsModelStatusUnboundedOrInfeasible => "unbounded or infeasible",
        highs_sys::kHighsModelStatusUnbounded => "unbounded",
        highs_sys::kHighsModelStatusObjectiveBound => "objective bound",
        highs_sys::kHighsModelStatusObjectiveTarget => "objective target",
        highs_sys::kHighsModelStatusTimeLimit => "time limit",
        highs_sys::kHighsModelStatusIterationLimit => "iteration limit",
        highs_sys::kHighsModelStatusSolutionLimit => "solution limit",
        highs_sys::kHighsModelStatusInterrupt | highs_sys::kHighsModelStatusHighsInterrupt => {
            "interrupt"
        }
        highs_sys::kHighsModelStatusMemoryLimit => "memory limit",
        _ => "unknown",
    }
}
