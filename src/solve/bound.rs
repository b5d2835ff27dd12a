//! The bound MIP ([`super::Heuristic::BoundMip`]): a copy of the MIP, solved by HiGHS with
//! presolve and one thread, on a thread of its own while the start heuristic runs on the
//! caller's. The start heuristic finds schedules but proves little; a MIP that starts after it
//! has too little time for its root cuts (on the large theatre they take about 36 s, and they
//! are what proves the bound). This one has the whole time limit. Its bound, and its schedule
//! when that is the better one, are taken at the end ([`BoundRun::wait`]).

use std::ffi::{c_void, CString};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use highs::Model as HighsModel;
use highs_sys::HighsInt;

use super::budget::LEAST_LIMIT;
use super::instance::OptionValue;
use super::interrupt::interrupt_requested;
use super::options::SolveError;

/// The MIP's data, copied out of a HiGHS instance (column-wise matrix), so that it can move
/// to another thread: a `highs::Model` cannot.
pub(super) struct ModelCopy {
    offset: f64,
    cost: Vec<f64>,
    col_lower: Vec<f64>,
    col_upper: Vec<f64>,
    row_lower: Vec<f64>,
    row_upper: Vec<f64>,
    a_start: Vec<HighsInt>,
    a_index: Vec<HighsInt>,
    a_value: Vec<f64>,
    integrality: Vec<HighsInt>,
}

/// Copies the model held by `hm` (objective, bounds, rows and integrality as they are now).
pub(super) fn copy(hm: &HighsModel) -> Result<ModelCopy, SolveError> {
    let p = hm.as_ptr();
    // SAFETY: live HiGHS instance; every array is allocated to the size HiGHS reports for it
    // before `Highs_getModel` fills it, and the Hessian arrays are not asked for (null).
    unsafe {
        let ncol = highs_sys::Highs_getNumCol(p).max(0) as usize;
        let nrow = highs_sys::Highs_getNumRow(p).max(0) as usize;
        let nnz = highs_sys::Highs_getNumNz(p).max(0) as usize;
        let mut c = ModelCopy {
            offset: 0.0,
            cost: vec![0.0; ncol],
            col_lower: vec![0.0; ncol],
            col_upper: vec![0.0; ncol],
            row_lower: vec![0.0; nrow],
            row_upper: vec![0.0; nrow],
            a_start: vec![0; ncol + 1],
            a_index: vec![0; nnz],
            a_value: vec![0.0; nnz],
            integrality: vec![0; ncol],
        };
        let (mut num_col, mut num_row, mut num_nz, mut q_nz, mut sense) = (0, 0, 0, 0, 0);
        let rc = highs_sys::Highs_getModel(
            p,
            highs_sys::kHighsMatrixFormatColwise,
            highs_sys::kHighsHessianFormatTriangular,
            &mut num_col,
            &mut num_row,
            &mut num_nz,
            &mut q_nz,
            &mut sense,
            &mut c.offset,
            c.cost.as_mut_ptr(),
            c.col_lower.as_mut_ptr(),
            c.col_upper.as_mut_ptr(),
            c.row_lower.as_mut_ptr(),
            c.row_upper.as_mut_ptr(),
            c.a_start.as_mut_ptr(),
            c.a_index.as_mut_ptr(),
            c.a_value.as_mut_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            c.integrality.as_mut_ptr(),
        );
        if rc == highs_sys::kHighsStatusError
            || num_col as usize != ncol
            || num_row as usize != nrow
            || num_nz as usize != nnz
            || sense != highs_sys::kHighsObjSenseMinimize
        {
            return Err(SolveError::Solver(
                "cannot copy the model for the bound MIP".into(),
            ));
        }
        Ok(c)
    }
}

/// What the bound MIP ended with.
#[derive(Debug, Clone, Default)]
pub(super) struct BoundOutcome {
    /// HiGHS's model status (`kHighsModelStatus`), `None` when the run failed.
    pub status: Option<HighsInt>,
    /// HiGHS's dual bound, in HiGHS's terms like the final MIP's (without the formulation's
    /// offset).
    pub bound: Option<f64>,
    /// A primal solution and HiGHS's objective of it, when HiGHS has one.
    pub solution: Option<(Vec<f64>, f64)>,
    /// Branch-and-bound nodes.
    pub nodes: i64,
}

/// What the bound MIP's thread and the caller share: the caller's stop flag, and the MIP's
/// progress as its callback last saw it, for a caller that cannot wait for the end.
#[derive(Debug)]
struct Shared {
    stop: AtomicBool,
    /// The MIP's dual bound (`f64` bits; NaN until it has one).
    bound: AtomicU64,
    /// Branch-and-bound nodes.
    nodes: AtomicI64,
}

impl Shared {
    fn new() -> Self {
        Shared {
            stop: AtomicBool::new(false),
            bound: AtomicU64::new(f64::NAN.to_bits()),
            nodes: AtomicI64::new(0),
        }
    }

    /// The outcome of a run left before its end: its last dual bound, no status, no schedule.
    fn progress(&self) -> BoundOutcome {
        let bound = f64::from_bits(self.bound.load(Ordering::SeqCst));
        BoundOutcome {
            status: None,
            bound: bound.is_finite().then_some(bound),
            solution: None,
            nodes: self.nodes.load(Ordering::SeqCst).max(0),
        }
    }
}

/// A bound MIP running on its own thread. Dropped without [`BoundRun::wait`] (a solve that
/// fails), it tells the MIP to stop, and the thread ends on its own soon after.
pub(super) struct BoundRun {
    shared: Arc<Shared>,
    /// When its time limit ends (`None`: no limit).
    deadline: Option<Instant>,
    handle: Option<JoinHandle<Result<BoundOutcome, SolveError>>>,
}

impl Drop for BoundRun {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
    }
}

/// The options the bound MIP runs with, besides presolve (on) and one thread.
pub(super) struct BoundOptions {
    /// Wall-clock seconds.
    pub time_limit: f64,
    /// Relative gap to stop at.
    pub gap: f64,
    /// The MIP's LP solver (`mip_lp_solver`), e.g. "ipm".
    pub lp_solver: Option<&'static str>,
    /// The user's extra HiGHS options, as given (`--solver-option`).
    pub extra: Vec<(String, String)>,
}

/// Starts the bound MIP on `copy`.
pub(super) fn spawn(copy: ModelCopy, opts: BoundOptions) -> BoundRun {
    let shared = Arc::new(Shared::new());
    let for_thread = Arc::clone(&shared);
    let deadline = Duration::try_from_secs_f64(opts.time_limit)
        .ok()
        .and_then(|d| Instant::now().checked_add(d));
    let handle = std::thread::spawn(move || run(copy, opts, for_thread));
    BoundRun {
        shared,
        deadline,
        handle: Some(handle),
    }
}

/// How long [`BoundRun::wait`] waits for the bound MIP after an interrupt (Ctrl-C), or
/// after its time limit.
const GRACE: Duration = Duration::from_secs(2);

impl BoundRun {
    /// Waits for the bound MIP to end by itself (its time limit, its gap, or an interrupt)
    /// and returns what it has.
    ///
    /// HiGHS does not pass interrupts on to the LP solver inside its MIP, and some of its
    /// steps check the clock rarely, so a bound MIP may not notice an interrupt before its
    /// time limit, nor its time limit on time. After an interrupt, or once its time limit has
    /// passed, it is waited for [`GRACE`] at most; then its thread is left to end by itself
    /// (its flag set; its result unused) and the outcome is what its callback last saw: the
    /// dual bound, if it had one, but no status and no schedule, which leaves the heuristic's
    /// schedule (status Unknown).
    pub fn wait(mut self) -> Result<BoundOutcome, SolveError> {
        let handle = self.handle.take().expect("joined once");
        let mut interrupted: Option<Instant> = None;
        while !handle.is_finished() {
            if interrupt_requested() {
                interrupted.get_or_insert_with(Instant::now);
            }
            let late = |since: Instant| since.elapsed() >= GRACE;
            if interrupted.is_some_and(late) || self.deadline.is_some_and(late) {
                // `self` drops here, which sets the flag; the thread is detached.
                return Ok(self.shared.progress());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        handle
            .join()
            .map_err(|_| SolveError::Solver("the bound MIP's thread panicked".into()))?
    }
}

/// HiGHS callback of the bound MIP: records the MIP's dual bound and nodes, and stops it when
/// its own flag is set, or on an interrupt (Ctrl-C). The user data is the run's [`Shared`].
unsafe extern "C" fn stop_callback(
    kind: std::os::raw::c_int,
    _message: *const std::os::raw::c_char,
    out: *const highs_sys::HighsCallbackDataOut,
    data_in: *mut highs_sys::HighsCallbackDataIn,
    user: *mut c_void,
) {
    // SAFETY: `user` is the `Shared` of an `Arc` that `run` holds until HiGHS is destroyed.
    let Some(shared) = (unsafe { (user as *const Shared).as_ref() }) else {
        return;
    };
    if kind == highs_sys::kHighsCallbackMipInterrupt {
        // SAFETY: HiGHS passes a valid data-out struct to MIP callbacks (or null).
        if let Some(o) = unsafe { out.as_ref() } {
            if o.mip_dual_bound.is_finite() {
                shared
                    .bound
                    .store(o.mip_dual_bound.to_bits(), Ordering::SeqCst);
            }
            shared.nodes.store(o.mip_node_count, Ordering::SeqCst);
        }
    }
    let stop = shared.stop.load(Ordering::SeqCst);
    if (stop || interrupt_requested()) && !data_in.is_null() {
        // SAFETY: HiGHS passes a valid, writable data-in struct to interrupt callbacks.
        unsafe { (*data_in).user_interrupt = 1 };
    }
}

/// Sets the HiGHS option `name` to `value`.
///
/// # Safety
/// `p` must be a live HiGHS instance.
unsafe fn set_option(p: *mut c_void, name: &str, value: OptionValue) -> Result<(), SolveError> {
    let bad = || SolveError::Option(format!("HiGHS option {name}={value}"));
    let key = CString::new(name).map_err(|_| bad())?;
    // SAFETY: live instance (the caller's promise); NUL-terminated strings.
    let rc = unsafe {
        match value {
            OptionValue::Bool(b) => {
                highs_sys::Highs_setBoolOptionValue(p, key.as_ptr(), b as HighsInt)
            }
            OptionValue::Int(i) => {
                highs_sys::Highs_setIntOptionValue(p, key.as_ptr(), i as HighsInt)
            }
            OptionValue::Float(x) => highs_sys::Highs_setDoubleOptionValue(p, key.as_ptr(), x),
            OptionValue::Text(t) => {
                let v = CString::new(t).map_err(|_| bad())?;
                highs_sys::Highs_setStringOptionValue(p, key.as_ptr(), v.as_ptr())
            }
        }
    };
    if rc == highs_sys::kHighsStatusError {
        return Err(bad());
    }
    Ok(())
}

fn run(c: ModelCopy, opts: BoundOptions, shared: Arc<Shared>) -> Result<BoundOutcome, SolveError> {
    let ncol = c.cost.len();
    // SAFETY: `p` is created here, used on this thread only and destroyed before returning;
    // every array passed has the length HiGHS expects (from the copy of a valid model); the
    // callback's user data outlives `p` (`shared` is held until the end).
    unsafe {
        let p = highs_sys::Highs_create();
        if p.is_null() {
            return Err(SolveError::Solver("cannot create the bound MIP".into()));
        }
        let result = (|| {
            let mut options: Vec<(&str, OptionValue)> = vec![
                ("output_flag", OptionValue::Bool(false)),
                ("threads", OptionValue::Int(1)),
                ("presolve", OptionValue::Text("on")),
                ("random_seed", OptionValue::Int(0)),
                ("mip_rel_gap", OptionValue::Float(opts.gap)),
                (
                    "time_limit",
                    OptionValue::Float(opts.time_limit.max(LEAST_LIMIT)),
                ),
            ];
            if let Some(s) = opts.lp_solver {
                options.push(("mip_lp_solver", OptionValue::Text(s)));
            }
            // The user's options (`--solver-option`) last, as in the caller's HiGHS.
            options.extend(
                opts.extra
                    .iter()
                    .map(|(k, v)| (k.as_str(), OptionValue::parse(v))),
            );
            for (k, v) in options {
                set_option(p, k, v)?;
            }
            let rc = highs_sys::Highs_passMip(
                p,
                ncol as HighsInt,
                c.row_lower.len() as HighsInt,
                c.a_value.len() as HighsInt,
                highs_sys::kHighsMatrixFormatColwise,
                highs_sys::kHighsObjSenseMinimize,
                c.offset,
                c.cost.as_ptr(),
                c.col_lower.as_ptr(),
                c.col_upper.as_ptr(),
                c.row_lower.as_ptr(),
                c.row_upper.as_ptr(),
                c.a_start.as_ptr(),
                c.a_index.as_ptr(),
                c.a_value.as_ptr(),
                c.integrality.as_ptr(),
            );
            if rc == highs_sys::kHighsStatusError {
                return Err(SolveError::Solver(
                    "the bound MIP's model was refused".into(),
                ));
            }
            highs_sys::Highs_setCallback(
                p,
                Some(stop_callback),
                Arc::as_ptr(&shared) as *mut c_void,
            );
            for kind in [
                highs_sys::kHighsCallbackSimplexInterrupt,
                highs_sys::kHighsCallbackIpmInterrupt,
                highs_sys::kHighsCallbackMipInterrupt,
            ] {
                highs_sys::Highs_startCallback(p, kind);
            }
            if highs_sys::Highs_run(p) == highs_sys::kHighsStatusError {
                return Ok(BoundOutcome::default());
            }
            let status = highs_sys::Highs_getModelStatus(p);
            let mut nodes: i64 = 0;
            highs_sys::Highs_getInt64InfoValue(p, c"mip_node_count".as_ptr(), &mut nodes);
            let mut bound = f64::NAN;
            highs_sys::Highs_getDoubleInfoValue(p, c"mip_dual_bound".as_ptr(), &mut bound);
            let mut primal: HighsInt = 0;
            highs_sys::Highs_getIntInfoValue(p, c"primal_solution_status".as_ptr(), &mut primal);
            let solution = (primal == highs_sys::kHighsSolutionStatusFeasible).then(|| {
                let mut x = vec![0.0; ncol];
                let mut rows = vec![0.0; c.row_lower.len()];
                let mut col_dual = vec![0.0; ncol];
                let mut row_dual = vec![0.0; c.row_lower.len()];
                highs_sys::Highs_getSolution(
                    p,
                    x.as_mut_ptr(),
                    col_dual.as_mut_ptr(),
                    rows.as_mut_ptr(),
                    row_dual.as_mut_ptr(),
                );
                (x, highs_sys::Highs_getObjectiveValue(p))
            });
            Ok(BoundOutcome {
                status: Some(status),
                bound: bound.is_finite().then_some(bound),
                solution,
                nodes: nodes.max(0),
            })
        })();
        highs_sys::Highs_destroy(p);
        result
    }
}
