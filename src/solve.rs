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
const HEURISTIC_SHARE: f64 = 0.5;

/// A hub whose LP opening indicator never reaches this share is closed in the second LP
/// relaxation of the start heuristic.
const WEAK_HUB: f64 = 0.5;

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
    /// Solve the plain MIP, without the LP-rounding start.
    pub exact: bool,
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
/// Unless `opts.exact` is set, a MIP start is built first, within half the time limit: the LP
/// relaxation is solved (and again with the hubs it barely opens closed); each relaxation's
/// integer columns are rounded by [`Formulation::round_integers`] in every [`RoundOrder`], fixed,
/// and the remaining LP solved; the best schedule is trimmed by
/// [`Formulation::trim_integers`] and re-optimised. The best complete schedule is handed to
/// HiGHS (with presolve off, see below) before the MIP solve. The time limit covers all solves.
pub fn solve(
    f: &mut Formulation,
    model: &Plan,
    opts: &SolveOptions,
) -> Result<SolveResult, SolveError> {
    if let Some(g) = opts.gap {
        if !(0.0..=1.0).contains(&g) || !g.is_finite() {
            return Err(SolveError::Option(format!(
                "gap {g} is not between 0 and 1"
            )));
        }
    }
    if let Some(t) = opts.time_limit {
        if t.is_nan() || t <= 0.0 {
            return Err(SolveError::Option(format!(
                "time limit {t} is not positive"
            )));
        }
    }
    let start = Instant::now();
    let vars = std::mem::take(&mut f.vars);
    let objective = std::mem::take(&mut f.objective);
    let constraints = std::mem::take(&mut f.constraints);
    let n = f.is_integer.len();
    let problem = vars.minimise(objective).using(highs).with_all(constraints);
    let mut hm = problem
        .try_into_inner()
        .map_err(|e| SolveError::Solver(e.to_string()))?;
    configure(&mut hm, opts)?;
    // SAFETY: live HiGHS instance.
    let nz = unsafe { highs_sys::Highs_getNumNz(hm.as_ptr()) };
    f.stats.nonzeros = nz.max(0) as usize;
    let remaining = |opts: &SolveOptions| {
        opts.time_limit
            .map(|t| (t - start.elapsed().as_secs_f64()).max(0.01))
    };
    // The start heuristic may use at most this share of the time limit, so that the MIP always
    // gets the rest (HiGHS's own heuristics find a schedule quickly even when the start fails).
    let heuristic_left = |opts: &SolveOptions| {
        opts.time_limit
            .map(|t| (HEURISTIC_SHARE * t - start.elapsed().as_secs_f64()).max(0.01))
    };

    let any_integer = f.is_integer.iter().any(|&i| i);
    let mut start_values: Option<(Vec<f64>, f64)> = None;
    if !opts.exact && any_integer && n > 0 && !interrupt_requested() {
        // Phase 1: the LP relaxation.
        let integrality: Vec<HighsInt> = f.is_integer.iter().map(|&i| i as HighsInt).collect();
        set_integrality(&mut hm, &vec![0; n])?;
        let (lo, hi): (Vec<f64>, Vec<f64>) = f.bounds.iter().copied().unzip();
        let (m, lp) = solve_within(hm, &lo, &hi, heuristic_left(opts))?;
        hm = m;
        let mut relaxations = Vec::new();
        if let Some((lp, _, true)) = lp {
            // Phase 1b: the LP relaxation again with the hubs it barely uses closed: rounding
            // every fractional hub up opens hubs the LP spread a little flow over.
            let weak = f.weak_hub_columns(&lp, WEAK_HUB);
            if !weak.is_empty() {
                let (mut lo, mut hi) = (lo.clone(), hi.clone());
                for &c in &weak {
                    lo[c] = 0.0;
                    hi[c] = 0.0;
                }
                let (m, closed) = solve_within(hm, &lo, &hi, heuristic_left(opts))?;
                hm = m;
                if let Some((x, _, true)) = closed {
                    relaxations.push(x);
                }
            }
            relaxations.insert(0, lp);
        }
        set_integrality(&mut hm, &integrality)?;
        // Phase 2: each relaxation rounded in each order, the integers fixed there and the rest
        // re-optimised; the best complete schedule is kept.
        for lp in &relaxations {
            for order in RoundOrder::ALL {
                if interrupt_requested() {
                    break;
                }
                let rounded = f.round_integers(model, lp, order);
                let (lo, hi) = fixed_integers(f, &rounded);
                let (m, found) = solve_within(hm, &lo, &hi, heuristic_left(opts))?;
                hm = m;
                keep_best(&mut start_values, found);
            }
        }
        // Phase 2b: the best one trimmed to the trips and hub days its flows use, re-optimised.
        if let Some((x, _)) = &start_values {
            let trimmed = f.trim_integers(model, x);
            let (lo, hi) = fixed_integers(f, &trimmed);
            let (m, found) = solve_within(hm, &lo, &hi, heuristic_left(opts))?;
            hm = m;
            keep_best(&mut start_values, found);
        }
        set_bounds(&mut hm, &lo, &hi)?;
    }

    // Phase 3: the MIP, from the start when there is one. HiGHS 1.16 mistakes a MIP start's
    // objective after presolve (it drops presolve's objective offset, then prunes against the
    // wrong incumbent and can call a worse schedule optimal), so presolve is off when a start
    // is given; tests/check_regressions.rs holds the model that showed it.
    if let Some((x, _)) = &start_values {
        hm.try_set_solution(Some(x), None, None, None)
            .map_err(|e| SolveError::Solver(format!("MIP start rejected: {e:?}")))?;
        hm.set_option("presolve", "off");
    }
    if let Some(t) = remaining(opts) {
        hm.set_option("time_limit", t);
    }
    let solved = hm
        .try_solve()
        .map_err(|e| SolveError::Solver(format!("{e:?}")))?;
    let seconds = start.elapsed().as_secs_f64();
    let raw = solved.status();
    let has_primal = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let offset = f.objective_offset;
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite())
        .map(|b| b + offset);
    let nodes = node_count(&solved);
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
            if has_primal || start_values.is_some() {
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
        return Ok(SolveResult {
            status,
            method: "exact MIP (HiGHS)".into(),
            stop_reason,
            objective: None,
            bound,
            gap: None,
            nodes,
            seconds,
            values: None,
        });
    }
    let (mut values, _, method) = if has_primal {
        let obj = solved.objective_value();
        let via = match &start_values {
            Some((_, s)) if (s - obj).abs() <= 1e-9 * obj.abs().max(1.0) => {
                "HiGHS MIP; best schedule is the LP-rounding start"
            }
            Some(_) => "HiGHS MIP from an LP-rounding start",
            None => "exact MIP (HiGHS)",
        };
        (solved.get_solution().columns().to_vec(), obj, via)
    } else {
        let (x, obj) = start_values.expect("a start exists when HiGHS has no solution");
        (
            x,
            obj,
            "LP-rounding start (the MIP found no better schedule)",
        )
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
        bound.map(|b| ((objective - b) / objective.abs().max(1e-9)).max(0.0))
    };
    Ok(SolveResult {
        status,
        method: method.into(),
        stop_reason,
        objective: Some(objective),
        bound: bound.or((status == Status::Optimal).then_some(objective)),
        gap,
        nodes,
        seconds,
        values: Some(values),
    })
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
    let vars = std::mem::take(&mut f.vars);
    let objective = std::mem::take(&mut f.objective);
    let constraints = std::mem::take(&mut f.constraints);
    let problem = vars.minimise(objective).using(highs).with_all(constraints);
    let mut hm = problem
        .try_into_inner()
        .map_err(|e| SolveError::Solver(e.to_string()))?;
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
        let ok = if let Ok(b) = v.parse::<bool>() {
            hm.try_set_option(k.as_str(), b)
        } else if let Ok(i) = v.parse::<i32>() {
            hm.try_set_option(k.as_str(), i)
        } else if let Ok(x) = v.parse::<f64>() {
            hm.try_set_option(k.as_str(), x)
        } else {
            hm.try_set_option(k.as_str(), v.as_str())
        };
        ok.map_err(|e| SolveError::Option(format!("HiGHS option {k}={v}: {e:?}")))?;
    }
    Ok(())
}

/// Solves `hm` with the given column bounds and time limit. Returns the model for reuse and,
/// when HiGHS has a primal solution, `(values, objective, proven optimal)`.
#[allow(clippy::type_complexity)]
fn solve_within(
    mut hm: Model,
    lo: &[f64],
    hi: &[f64],
    time_limit: Option<f64>,
) -> Result<(Model, Option<(Vec<f64>, f64, bool)>), SolveError> {
    set_bounds(&mut hm, lo, hi)?;
    if let Some(t) = time_limit {
        hm.set_option("time_limit", t);
    }
    let solved = hm
        .try_solve()
        .map_err(|e| SolveError::Solver(format!("{e:?}")))?;
    let found = (solved.primal_solution_status() == HighsSolutionStatus::Feasible).then(|| {
        (
            solved.get_solution().columns().to_vec(),
            solved.objective_value(),
            solved.status() == HighsModelStatus::Optimal,
        )
    });
    Ok((Model::from(solved), found))
}

/// Keeps `found` as the best start when it is better than the one so far.
fn keep_best(best: &mut Option<(Vec<f64>, f64)>, found: Option<(Vec<f64>, f64, bool)>) {
    if let Some((x, obj, _)) = found {
        if best.as_ref().is_none_or(|(_, b)| obj < *b) {
            *best = Some((x, obj));
        }
    }
}

/// Column bounds with every integer column fixed at its value in `values` (within its bounds).
fn fixed_integers(f: &Formulation, values: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let (mut lo, mut hi): (Vec<f64>, Vec<f64>) = f.bounds.iter().copied().unzip();
    for i in 0..values.len().min(lo.len()) {
        if f.is_integer[i] {
            let v = values[i].clamp(lo[i], hi[i]);
            lo[i] = v;
            hi[i] = v;
        }
    }
    (lo, hi)
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

/// Builds the HiGHS model of the formulation exactly as [`solve`] and [`export`] do, without
/// solving it, and returns its number of non-zero constraint coefficients (also stored in
/// `f.stats.nonzeros`). Consumes the formulation's problem parts, like [`solve`]. For measuring
/// a formulation's size (`hubplan bench --build-only`).
pub fn count_nonzeros(f: &mut Formulation) -> Result<usize, SolveError> {
    let vars = std::mem::take(&mut f.vars);
    let objective = std::mem::take(&mut f.objective);
    let constraints = std::mem::take(&mut f.constraints);
    let problem = vars.minimise(objective).using(highs).with_all(constraints);
    let hm = problem
        .try_into_inner()
        .map_err(|e| SolveError::Solver(e.to_string()))?;
    // SAFETY: live HiGHS instance.
    let nz = unsafe { highs_sys::Highs_getNumNz(hm.as_ptr()) };
    f.stats.nonzeros = nz.max(0) as usize;
    Ok(f.stats.nonzeros)
}

// HiGHS alone on an exported model file, for `hubplan bench --modes highs`.
mod alone;
pub use alone::{solve_mps, AloneOptions, AloneResult};
