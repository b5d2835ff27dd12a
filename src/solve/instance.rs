//! The HiGHS instance the solve works on: built from the formulation, configured, its bounds,
//! integrality, rows and basis changed between runs, and run with its clock zeroed.

use good_lp::solvers::highs::highs;
use good_lp::SolverModel;
use highs::{HighsModelStatus, HighsSolutionStatus, Model as HighsModel};
use highs_sys::HighsInt;

use super::interrupt::interrupt_requested;
use super::options::{SolveError, SolveOptions};
use crate::formulation::Formulation;

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

pub(super) fn configure(hm: &mut HighsModel, opts: &SolveOptions) -> Result<(), SolveError> {
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

/// Checks extra HiGHS options (`--solver-option NAME=VALUE`) before any work: each name is one
/// of HiGHS's options and HiGHS accepts the value, on a scratch instance. An unknown name is
/// refused with the names that are close to it and the list of every option; a value HiGHS
/// refuses with the option's type.
pub fn check_solver_options(options: &[(String, String)]) -> Result<(), SolveError> {
    if options.is_empty() {
        return Ok(());
    }
    let mut hm = highs::RowProblem::default().optimise(highs::Sense::Minimise);
    hm.make_quiet();
    let names = option_names(&hm);
    for (k, v) in options {
        let name = std::ffi::CString::new(k.as_str())
            .map_err(|_| SolveError::Option(format!("HiGHS option name {k:?} contains NUL")))?;
        let mut kind: HighsInt = -1;
        // SAFETY: live HiGHS instance; `name` is NUL-terminated and outlives the call.
        let rc = unsafe { highs_sys::Highs_getOptionType(hm.as_ptr(), name.as_ptr(), &mut kind) };
        if rc < 0 {
            let close = crate::diag::did_you_mean(k, names.iter().map(|s| s.as_str()))
                .map(|n| format!(" (did you mean '{n}'?)"))
                .unwrap_or_default();
            return Err(SolveError::Option(format!(
                "'{k}' is not a HiGHS option{close}; the options are: {}",
                names.join(", ")
            )));
        }
        let kind_name = match kind {
            0 => "true or false",
            1 => "an integer",
            2 => "a number",
            _ => "a string",
        };
        let set = match (kind, OptionValue::parse(v)) {
            (0, OptionValue::Bool(b)) => hm.try_set_option(k.as_str(), b),
            (1, OptionValue::Int(i)) => hm.try_set_option(k.as_str(), i),
            (2, OptionValue::Int(i)) => hm.try_set_option(k.as_str(), f64::from(i)),
            (2, OptionValue::Float(x)) => hm.try_set_option(k.as_str(), x),
            (3, _) => hm.try_set_option(k.as_str(), v.as_str()),
            _ => Err(highs::TrySetOptionError),
        };
        if set.is_err() {
            return Err(SolveError::Option(format!(
                "HiGHS refuses {v:?} for its option '{k}', which takes {kind_name} (see HiGHS's documentation for its range)"
            )));
        }
    }
    Ok(())
}

/// The names of every HiGHS option, in HiGHS's order.
fn option_names(hm: &HighsModel) -> Vec<String> {
    unsafe extern "C" {
        fn free(p: *mut std::ffi::c_void);
    }
    // SAFETY: live HiGHS instance; HiGHS allocates each name with malloc and the caller frees
    // it, which is done here after copying.
    unsafe {
        let p = hm.as_ptr();
        let n = highs_sys::Highs_getNumOptions(p).max(0);
        let mut names = Vec::with_capacity(n as usize);
        for i in 0..n {
            let mut name: *mut std::ffi::c_char = std::ptr::null_mut();
            if highs_sys::Highs_getOptionName(p, i, &mut name) >= 0 && !name.is_null() {
                names.push(
                    std::ffi::CStr::from_ptr(name)
                        .to_string_lossy()
                        .into_owned(),
                );
                free(name.cast());
            }
        }
        names
    }
}

/// A HiGHS option's value, typed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum OptionValue<'a> {
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
    pub(super) fn parse(v: &'a str) -> OptionValue<'a> {
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
/// [`solve`](super::solve)). Returns the model for reuse and, when HiGHS has a primal solution,
/// `(values, objective, proven optimal)`, the objective computed from the values and `costs`
/// rather than taken from HiGHS.
#[allow(clippy::type_complexity)]
pub(super) fn solve_within(
    mut hm: HighsModel,
    lo: &[f64],
    hi: &[f64],
    time_limit: Option<f64>,
    start: Option<&[f64]>,
    costs: &[f64],
) -> Result<(HighsModel, Option<(Vec<f64>, f64, bool)>), SolveError> {
    set_bounds(&mut hm, lo, hi)?;
    set_time_limit(&mut hm, time_limit);
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
    Ok((HighsModel::from(solved), found))
}

/// Sets HiGHS's time limit for the next run on `hm`: `None` for none. HiGHS keeps an option
/// until it is set again, so a run without a limit would otherwise inherit the last run's: under
/// `--time-limit inf` the final MIP stopped at the 5 s a completion LP had been given, and
/// theatre-medium-2 ended 8.8% from its bound instead of optimal.
pub(super) fn set_time_limit(hm: &mut HighsModel, seconds: Option<f64>) {
    hm.set_option("time_limit", seconds.unwrap_or(f64::INFINITY));
}

/// Runs HiGHS on `hm`. Its clock is zeroed first: HiGHS does not reset it between runs of
/// one instance, so a time limit would otherwise count every earlier run too (the C API
/// documents `Highs_zeroAllClocks` as the work-around).
pub(super) fn run(mut hm: HighsModel) -> Result<highs::SolvedModel, SolveError> {
    // SAFETY: live HiGHS instance.
    if unsafe { highs_sys::Highs_zeroAllClocks(hm.as_mut_ptr()) } < 0 {
        return Err(SolveError::Solver("cannot reset the solver's clock".into()));
    }
    hm.try_solve()
        .map_err(|e| SolveError::Solver(format!("{e:?}")))
}

/// A simplex basis: the status of each column and of each row.
pub(super) type Basis = (Vec<HighsInt>, Vec<HighsInt>);

/// The current simplex basis.
pub(super) fn get_basis(hm: &HighsModel) -> Basis {
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
pub(super) fn set_basis(hm: &mut HighsModel, (c, r): &Basis) -> Result<(), SolveError> {
    // SAFETY: live HiGHS instance; the arrays came from `get_basis` on the same model.
    let rc = unsafe { highs_sys::Highs_setBasis(hm.as_mut_ptr(), c.as_ptr(), r.as_ptr()) };
    if rc < 0 {
        return Err(SolveError::Solver("cannot restore the LP basis".into()));
    }
    Ok(())
}

/// Whether HiGHS's last run on `hm` proved its problem infeasible.
pub(super) fn proved_infeasible(hm: &HighsModel) -> bool {
    // SAFETY: live HiGHS instance.
    let status = unsafe { highs_sys::Highs_getModelStatus(hm.as_ptr()) };
    status == highs_sys::MODEL_STATUS_INFEASIBLE
}

/// Clears HiGHS's solver state (solution and basis), keeping the model.
pub(super) fn clear_solver(hm: &mut HighsModel) -> Result<(), SolveError> {
    // SAFETY: live HiGHS instance.
    if unsafe { highs_sys::Highs_clearSolver(hm.as_mut_ptr()) } < 0 {
        return Err(SolveError::Solver("cannot clear the solver's state".into()));
    }
    Ok(())
}

/// Puts the tightening rows ([`Formulation::tightening`], each `expression ≤ 0`) in the
/// model (`on`) or leaves them out by lifting their upper bound to infinity.
pub(super) fn set_tightening(
    hm: &mut HighsModel,
    rows: &[usize],
    on: bool,
) -> Result<(), SolveError> {
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

pub(super) fn set_integrality(
    hm: &mut HighsModel,
    integrality: &[HighsInt],
) -> Result<(), SolveError> {
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

pub(super) fn set_bounds(hm: &mut HighsModel, lo: &[f64], hi: &[f64]) -> Result<(), SolveError> {
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
pub(super) fn node_count(solved: &highs::SolvedModel) -> i64 {
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
pub(super) fn set_column_names(hm: &mut HighsModel, names: &[String]) -> Result<(), SolveError> {
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

/// Names the rows of `hm`, one name per row in row order.
pub(super) fn set_row_names(hm: &mut HighsModel, names: &[String]) -> Result<(), SolveError> {
    // SAFETY: live HiGHS instance.
    let n = unsafe { highs_sys::Highs_getNumRow(hm.as_ptr()) }.max(0) as usize;
    if names.len() != n {
        return Err(SolveError::Solver(format!(
            "{} row names for {n} rows",
            names.len()
        )));
    }
    for (i, name) in names.iter().enumerate() {
        let c = std::ffi::CString::new(name.as_str())
            .map_err(|_| SolveError::Solver(format!("row name {name:?} contains NUL")))?;
        // SAFETY: live HiGHS instance; `i` is a row index below the row count and `c` a
        // NUL-terminated string that outlives the call (HiGHS copies it).
        let rc =
            unsafe { highs_sys::Highs_passRowName(hm.as_mut_ptr(), i as HighsInt, c.as_ptr()) };
        if rc < 0 {
            return Err(SolveError::Solver(format!(
                "HiGHS rejected the row name {name:?}"
            )));
        }
    }
    Ok(())
}

/// The HiGHS model of the formulation: its variables, objective and rows, which it takes
/// (the formulation keeps its column data: bounds, integrality, costs and the indexes).
pub(super) fn highs_model(f: &mut Formulation) -> Result<HighsModel, SolveError> {
    let vars = std::mem::take(&mut f.vars);
    let objective = std::mem::take(&mut f.objective);
    let constraints = std::mem::take(&mut f.constraints);
    vars.minimise(objective)
        .using(highs)
        .with_all(constraints)
        .try_into_inner()
        .map_err(|e| SolveError::Solver(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// HiGHS's time limit on `hm`.
    fn time_limit(hm: &HighsModel) -> f64 {
        let mut t = 0.0;
        // SAFETY: live HiGHS instance; the name is a valid C string and `t` outlives the call.
        let rc = unsafe {
            highs_sys::Highs_getDoubleOptionValue(hm.as_ptr(), c"time_limit".as_ptr(), &mut t)
        };
        assert_eq!(rc, 0);
        t
    }

    #[test]
    fn a_run_without_a_time_limit_does_not_inherit_the_last_runs() {
        let mut problem = highs::RowProblem::default();
        let x = problem.add_column(1.0, 0.0..10.0);
        problem.add_row(1.0.., [(x, 1.0)]);
        let mut hm = problem.optimise(highs::Sense::Minimise);
        hm.make_quiet();
        let (lo, hi) = (vec![0.0], vec![10.0]);
        let (hm, found) = solve_within(hm, &lo, &hi, Some(5.0), None, &[1.0]).unwrap();
        assert_eq!(
            found.map(|(_, obj, optimal)| (obj, optimal)),
            Some((1.0, true))
        );
        assert_eq!(time_limit(&hm), 5.0);
        let (hm, found) = solve_within(hm, &lo, &hi, None, None, &[1.0]).unwrap();
        assert!(found.is_some());
        assert_eq!(time_limit(&hm), f64::INFINITY);
    }
}
