//! The benchmark runner behind `hubplan bench`: runs instances as `hubplan solve` does, and HiGHS
//! alone on their exported MIP, each run in its own child process, and compares the results
//! with reference objectives. `docs/bench.md` describes the command, its columns and verdicts.
//!
//! **Child processes.** The parent never solves: every run is a child of the same binary
//! (`hubplan bench-worker --job JSON`, see [`worker`]), which prints JSON lines on its standard
//! output: `{"phase":"..."}` while it works and one `{"result":{...}}` ([`Measured`]) at the
//! end. That gives each run its own peak memory (`VmHWM`, read by the child at its end) and its
//! own HiGHS task scheduler, which HiGHS fixes per process at the first solve: in-process
//! solves with different thread counts would need `Highs_resetGlobalScheduler` between them,
//! which is unsafe while another solve is running, and would share one peak memory. A child
//! that crashes, is killed or exits without a result becomes a row with status `error`; the
//! parent never panics on a run. The parent runs `--jobs` children at once from a rayon pool.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::formulation;
use crate::pipeline::{self, PipelineError};
use crate::solve::{self, AloneOptions, ExportFormat, Heuristic, SolveOptions, Status, TimeLimit};
use crate::text::{scientific, trimmed};

/// Name of the hidden subcommand that runs one job in a child process.
pub const WORKER_COMMAND: &str = "bench-worker";

/// Columns of the CSV and Markdown tables, in order.
pub const COLUMNS: [&str; 26] = [
    "instance",
    "mode",
    "threads",
    "naive_vars",
    "vars",
    "int_vars",
    "rows",
    "nonzeros",
    "validate_s",
    "graph_s",
    "build_s",
    "solve_s",
    "total_s",
    "peak_mib",
    "status",
    "method",
    "objective",
    "bound",
    "gap",
    "ref_objective",
    "diff",
    "checked",
    "verdict",
    "time_ratio",
    "objective_ratio",
    "message",
];

/// Failures of the runner itself (a failing run is a row, not an error).
#[derive(Debug, Error)]
pub enum BenchError {
    /// A path could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A reference file is not in the format of `instances/reference.yaml`.
    #[error("{path}: not a reference file: {message}")]
    Reference {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// No instance file was found.
    #[error("no instance found in {0}")]
    NoInstances(String),
    /// An option is out of range.
    #[error("invalid option: {0}")]
    Option(String),
    /// The worker pool or a temporary folder could not be set up.
    #[error("cannot set up the runs: {0}")]
    Setup(String),
    /// The CSV could not be produced.
    #[error("cannot write the CSV: {0}")]
    Csv(String),
}

/// What is run on an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Exactly what `hubplan solve` does (the start heuristic, then the MIP), and the
    /// independent check of the schedule.
    Hubplan,
    /// As `hubplan`, with `--exact` (the plain MIP).
    Exact,
    /// HiGHS alone on the exported MPS of the instance.
    Highs,
}

impl Mode {
    /// Name as in `--modes` and the `mode` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Hubplan => "hubplan",
            Mode::Exact => "exact",
            Mode::Highs => "highs",
        }
    }
}

/// One job of a child process ([`worker`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Job {
    /// What to do.
    pub task: Task,
    /// Model file (YAML).
    pub model: PathBuf,
    /// Time limit of the solve, seconds.
    pub time_limit: TimeLimit,
    /// Relative MIP gap.
    pub gap: Option<f64>,
    /// Solver threads.
    pub threads: u32,
    /// The start heuristic's parts (`None`: the default set).
    #[serde(default)]
    pub heuristics: Option<Vec<Heuristic>>,
}

/// The task of a [`Job`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Task {
    /// `hubplan solve` and the independent check (`exact`: the plain MIP).
    Solve {
        /// Solve without the start heuristic.
        exact: bool,
    },
    /// Read, validate, build the formulation and the solver's model; no solve.
    Build,
    /// Read, validate, build and export the MIP as MPS to `mps`.
    Export {
        /// MPS file to write.
        mps: PathBuf,
    },
    /// HiGHS alone on the MPS file `mps`.
    Alone {
        /// MPS file to read.
        mps: PathBuf,
    },
}

/// A line a child prints: `{"phase":"build"}` or `{"result":{...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Message {
    /// The step the child is in.
    Phase(String),
    /// The child's measurements, its last line.
    Result(Box<Measured>),
}

/// What one run measured. Sizes and times are `None` where the run did not get that far or the
/// mode has no such step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    /// Variables without pruning.
    pub naive_vars: Option<usize>,
    /// Variables (columns) built or read.
    pub vars: Option<usize>,
    /// Integer variables.
    pub int_vars: Option<usize>,
    /// Constraints (rows).
    pub rows: Option<usize>,
    /// Non-zero constraint coefficients.
    pub nonzeros: Option<usize>,
    /// Seconds to read and validate the model.
    pub validate_s: Option<f64>,
    /// Seconds to build the graph and time windows.
    pub graph_s: Option<f64>,
    /// Seconds to build the MIP (HiGHS alone: to read the MPS file).
    pub build_s: Option<f64>,
    /// Seconds in the solver (`--build-only`: handing the MIP to the solver).
    pub solve_s: Option<f64>,
    /// Seconds of the whole run in the child, from reading the model to the end of the check
    /// (HiGHS alone: read and solve).
    pub total_s: Option<f64>,
    /// Peak resident memory of the child, MiB (`VmHWM`; `None` off Linux).
    pub peak_mib: Option<f64>,
    /// `optimal`, `feasible`, `infeasible`, `unbounded`, `infeasible_or_unbounded`,
    /// `no_solution`; `built` (`--build-only`), `exported`, or `error`.
    pub status: String,
    /// How the result was obtained.
    pub method: String,
    /// Objective of the schedule.
    pub objective: Option<f64>,
    /// Best proven bound.
    pub bound: Option<f64>,
    /// Relative gap.
    pub gap: Option<f64>,
    /// Whether the independent checker accepted the schedule (`None`: not checked).
    pub checked: Option<bool>,
    /// Error or checker message.
    pub message: String,
}

impl Measured {
    /// A failed run.
    pub fn error(message: impl Into<String>) -> Measured {
        Measured {
            status: STATUS_ERROR.into(),
            message: message.into(),
            ..Measured::default()
        }
    }
}

const STATUS_ERROR: &str = "error";
const STATUS_BUILT: &str = "built";
const STATUS_EXPORTED: &str = "exported";

/// How a row compares with its reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// Within the tolerance of the reference (or built, with `--build-only`).
    Ok,
    /// Objective above the reference by more than the tolerance.
    Worse,
    /// No schedule where the reference has one (or the other way round), or `optimal` with an
    /// objective worse than a proven-optimal reference.
    WrongStatus,
    /// The independent checker rejected the schedule.
    CheckFailed,
    /// The run failed.
    Error,
    /// The instance has no reference.
    NoReference,
}

impl Verdict {
    /// Name as in the `verdict` column.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Worse => "worse",
            Verdict::WrongStatus => "wrong-status",
            Verdict::CheckFailed => "check-failed",
            Verdict::Error => "error",
            Verdict::NoReference => "no-reference",
        }
    }

    /// Whether this verdict lets `hubplan bench` exit 0.
    pub fn passes(self) -> bool {
        matches!(self, Verdict::Ok | Verdict::NoReference)
    }

    /// Every verdict, in the order of the summary.
    pub const ALL: [Verdict; 6] = [
        Verdict::Ok,
        Verdict::Worse,
        Verdict::WrongStatus,
        Verdict::CheckFailed,
        Verdict::Error,
        Verdict::NoReference,
    ];
}

/// One entry of a reference file (`instances/reference.yaml`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReferenceEntry {
    /// Instance file name.
    pub file: String,
    /// Best known objective; absent (or `null`) for an instance known to be infeasible.
    #[serde(default)]
    pub objective: Option<f64>,
    /// Best known bound.
    #[serde(default)]
    pub bound: Option<f64>,
    /// Whether the objective is proven optimal (within HiGHS's gap tolerance).
    #[serde(default)]
    pub proven_optimal: bool,
    /// How the reference was obtained.
    #[serde(default)]
    pub obtained: Option<String>,
    /// Whether tests/instances.rs solves the instance.
    #[serde(default)]
    pub in_tests: Option<bool>,
}

#[derive(Deserialize)]
struct ReferenceFile {
    instances: Vec<ReferenceEntry>,
}

/// Reads a reference file in the format of `instances/reference.yaml`.
pub fn read_reference(path: &Path) -> Result<Vec<ReferenceEntry>, BenchError> {
    let text = std::fs::read_to_string(path).map_err(|source| BenchError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let file: ReferenceFile = serde_yaml::from_str(&text).map_err(|e| BenchError::Reference {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    Ok(file.instances)
}

/// Compares a run with its reference; returns the verdict and the objective's difference to
/// the reference relative to `max(1, |reference|)`.
///
/// In order: a failed run is `error`, a schedule the checker rejected `check-failed`, a
/// `--build-only` run (`built`) `ok`, a run without reference `no-reference`. Against a
/// reference objective: no schedule (infeasible, unbounded, no solution) is `wrong-status`;
/// `optimal` with an objective above a proven-optimal reference by more than
/// `max(tolerance, gap) x max(1, |reference|)` is `wrong-status` (optimality was claimed
/// wrongly: `gap` is the run's relative MIP gap, within which `optimal` is all HiGHS claims);
/// an objective above the reference by more than `tolerance x max(1, |reference|)` is `worse`;
/// anything else `ok`. A reference without objective means the instance is infeasible: status
/// `infeasible` (or `infeasible_or_unbounded`) is `ok`, anything else `wrong-status`.
pub fn judge(
    status: &str,
    objective: Option<f64>,
    checked: Option<bool>,
    reference: Option<&ReferenceEntry>,
    tolerance: f64,
    gap: f64,
) -> (Verdict, Option<f64>) {
    if status == STATUS_ERROR {
        return (Verdict::Error, None);
    }
    if checked == Some(false) {
        return (Verdict::CheckFailed, None);
    }
    if status == STATUS_BUILT {
        return (Verdict::Ok, None);
    }
    let Some(r) = reference else {
        return (Verdict::NoReference, None);
    };
    let Some(st) = parse_status(status) else {
        return (Verdict::Error, None);
    };
    let Some(v) = r.objective else {
        let ok = matches!(st, Status::Infeasible | Status::InfeasibleOrUnbounded);
        return (
            if ok {
                Verdict::Ok
            } else {
                Verdict::WrongStatus
            },
            None,
        );
    };
    let scale = v.abs().max(1.0);
    let Some(o) = objective.filter(|_| st.has_schedule()) else {
        return (Verdict::WrongStatus, None);
    };
    let diff = Some((o - v) / scale);
    if st == Status::Optimal && r.proven_optimal && o > v + tolerance.max(gap) * scale {
        return (Verdict::WrongStatus, diff);
    }
    if o > v + tolerance * scale {
        return (Verdict::Worse, diff);
    }
    (Verdict::Ok, diff)
}

fn parse_status(s: &str) -> Option<Status> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

/// One row of the results: a run of one instance in one mode.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Instance file name.
    pub instance: String,
    /// `hubplan`, `exact`, `highs`, or `build` (`--build-only`).
    pub mode: String,
    /// Solver threads.
    pub threads: u32,
    /// What the run measured.
    pub measured: Measured,
    /// Reference objective.
    pub ref_objective: Option<f64>,
    /// `(objective - reference) / max(1, |reference|)`.
    pub diff: Option<f64>,
    /// Comparison with the reference.
    pub verdict: Verdict,
    /// This row's `total_s` over the `highs` row's of the same instance (hubplan and exact
    /// rows, when both ran).
    pub time_ratio: Option<f64>,
    /// This row's objective over the `highs` row's.
    pub objective_ratio: Option<f64>,
}

impl Row {
    /// The row's cells, in [`COLUMNS`] order, as written to CSV and Markdown.
    pub fn cells(&self) -> Vec<String> {
        let m = &self.measured;
        let count = |x: Option<usize>| x.map(|x| x.to_string()).unwrap_or_default();
        let secs = |x: Option<f64>| x.map(|x| format!("{x:.6}")).unwrap_or_default();
        vec![
            self.instance.clone(),
            self.mode.clone(),
            self.threads.to_string(),
            count(m.naive_vars),
            count(m.vars),
            count(m.int_vars),
            count(m.rows),
            count(m.nonzeros),
            secs(m.validate_s),
            secs(m.graph_s),
            secs(m.build_s),
            secs(m.solve_s),
            secs(m.total_s),
            m.peak_mib.map(|x| format!("{x:.1}")).unwrap_or_default(),
            m.status.clone(),
            m.method.clone(),
            cell(m.objective, trimmed),
            cell(m.bound, trimmed),
            cell(m.gap, scientific),
            cell(self.ref_objective, trimmed),
            cell(self.diff, scientific),
            m.checked.map(|c| c.to_string()).unwrap_or_default(),
            self.verdict.as_str().to_string(),
            self.time_ratio
                .map(|x| format!("{x:.3}"))
                .unwrap_or_default(),
            self.objective_ratio
                .map(|x| format!("{x:.6}"))
                .unwrap_or_default(),
            m.message.clone(),
        ]
    }
}

/// A table cell of an optional number in `style` (a [`crate::text`] formatter), empty for
/// none.
fn cell(x: Option<f64>, style: fn(f64) -> String) -> String {
    x.map(style).unwrap_or_default()
}

/// The rows as CSV, with a header of [`COLUMNS`].
pub fn to_csv(rows: &[Row]) -> Result<String, BenchError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| BenchError::Csv(e.to_string());
    w.write_record(COLUMNS).map_err(err)?;
    for r in rows {
        w.write_record(r.cells()).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| BenchError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| BenchError::Csv(e.to_string()))
}

/// The rows as a Markdown table with every column of [`COLUMNS`]; `|` in a cell is escaped and
/// line breaks become spaces.
pub fn to_markdown(rows: &[Row]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace(['\r', '\n'], " ");
    let mut out = String::new();
    out.push_str(&format!("| {} |\n", COLUMNS.join(" | ")));
    out.push_str(&format!(
        "|{}|\n",
        COLUMNS
            .iter()
            .map(|c| if is_numeric_column(c) { "---:" } else { "---" })
            .collect::<Vec<_>>()
            .join("|")
    ));
    for r in rows {
        let cells: Vec<String> = r.cells().iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

fn is_numeric_column(c: &str) -> bool {
    !matches!(
        c,
        "instance" | "mode" | "status" | "method" | "checked" | "verdict" | "message"
    )
}

/// Whether every row is `ok` or `no-reference` (exit code 0).
pub fn all_pass(rows: &[Row]) -> bool {
    rows.iter().all(|r| r.verdict.passes())
}

/// One line: runs, instances and how many rows have each verdict.
pub fn summary(rows: &[Row]) -> String {
    let mut instances: Vec<&str> = rows.iter().map(|r| r.instance.as_str()).collect();
    instances.sort_unstable();
    instances.dedup();
    let counts: Vec<String> = Verdict::ALL
        .iter()
        .map(|v| {
            let n = rows.iter().filter(|r| r.verdict == *v).count();
            format!("{n} {}", v.as_str())
        })
        .collect();
    format!(
        "bench: {} run{} on {} instance{}: {}; {}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" },
        instances.len(),
        if instances.len() == 1 { "" } else { "s" },
        counts.join(", "),
        if all_pass(rows) { "all pass" } else { "FAILED" }
    )
}

/// Instance files of the paths: a file as given (also when it does not exist: its run then
/// fails as an `error` row), a folder's `*.yaml` files except `reference.yaml`, sorted.
pub fn expand_paths(paths: &[PathBuf]) -> Result<Vec<PathBuf>, BenchError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let rd = std::fs::read_dir(p).map_err(|source| BenchError::Io {
                path: p.clone(),
                source,
            })?;
            let mut files = Vec::new();
            for e in rd {
                let e = e.map_err(|source| BenchError::Io {
                    path: p.clone(),
                    source,
                })?;
                let path = e.path();
                let yaml = path
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("yaml"));
                let reference = path.file_name().is_some_and(|n| n == "reference.yaml");
                if yaml && !reference && path.is_file() {
                    files.push(path);
                }
            }
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// How the runner shows progress on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// A bar over the runs and a live line per running child (terminals).
    Bars,
    /// One line per finished run (logs).
    Lines,
    /// Nothing.
    Nothing,
}

/// Options of [`run`].
#[derive(Debug, Clone, PartialEq)]
pub struct BenchOptions {
    /// Instance files or folders.
    pub paths: Vec<PathBuf>,
    /// Children run at once.
    pub jobs: usize,
    /// Solver threads per run; default `max(1, cores / jobs)`.
    pub threads: Option<u32>,
    /// Time limit of each solve, seconds (`None`: none).
    pub time_limit: TimeLimit,
    /// Relative MIP gap (default 1e-4).
    pub gap: Option<f64>,
    /// Modes run on each instance, in this order.
    pub modes: Vec<Mode>,
    /// The start heuristic's parts in hubplan mode (`None`: the default set).
    pub heuristics: Option<Vec<Heuristic>>,
    /// Only build the formulation and the solver's model.
    pub build_only: bool,
    /// One reference file for every instance; default `reference.yaml` next to each instance.
    pub reference: Option<PathBuf>,
    /// Relative tolerance of the comparison with the reference.
    pub tolerance: f64,
    /// The executable that has the `bench-worker` subcommand (normally this one).
    pub worker: PathBuf,
    /// Progress display.
    pub show: Show,
}

/// A run to make: an instance and what to run on it.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Mode(Mode),
    Build,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Mode(m) => m.as_str(),
            Kind::Build => "build",
        }
    }
}

/// Runs every instance in every mode (or builds it, with `build_only`), `jobs` children at
/// once, and returns the rows in the order of instances then modes, whatever the order the
/// runs finish in.
pub fn run(opts: &BenchOptions) -> Result<Vec<Row>, BenchError> {
    if opts.jobs == 0 {
        return Err(BenchError::Option("--jobs must be at least 1".into()));
    }
    if opts.modes.is_empty() && !opts.build_only {
        return Err(BenchError::Option("no mode to run".into()));
    }
    if opts.tolerance.is_nan() || opts.tolerance < 0.0 {
        return Err(BenchError::Option(
            "--tolerance must be a non-negative number".into(),
        ));
    }
    let instances = expand_paths(&opts.paths)?;
    if instances.is_empty() {
        let shown: Vec<String> = opts.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(BenchError::NoInstances(shown.join(", ")));
    }
    let references = references(opts, &instances)?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = opts
        .threads
        .unwrap_or_else(|| (cores / opts.jobs).max(1) as u32)
        .max(1);
    let mut runs = Vec::new();
    for (i, _) in instances.iter().enumerate() {
        if opts.build_only {
            runs.push((i, Kind::Build));
        } else {
            let mut seen = Vec::new();
            for &m in &opts.modes {
                if !seen.contains(&m) {
                    seen.push(m);
                    runs.push((i, Kind::Mode(m)));
                }
            }
        }
    }
    let scratch = tempfile::Builder::new()
        .prefix("hubplan-bench-")
        .tempdir()
        .map_err(|e| BenchError::Setup(format!("temporary folder: {e}")))?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| BenchError::Setup(e.to_string()))?;
    let ui = Ui::new(opts.show, runs.len());
    let measured: Vec<Measured> = pool.install(|| {
        runs.par_iter()
            .with_max_len(1)
            .enumerate()
            .map(|(n, &(i, kind))| {
                let name = instance_name(&instances[i]);
                let line = ui.start(&name, kind.as_str());
                let base = Job {
                    task: Task::Build,
                    model: instances[i].clone(),
                    time_limit: opts.time_limit,
                    gap: opts.gap,
                    threads,
                    heuristics: opts.heuristics.clone(),
                };
                let m = match kind {
                    Kind::Build => run_child(&opts.worker, &base, &line, None),
                    Kind::Mode(Mode::Hubplan | Mode::Exact) => {
                        let job = Job {
                            task: Task::Solve {
                                exact: matches!(kind, Kind::Mode(Mode::Exact)),
                            },
                            ..base
                        };
                        run_child(&opts.worker, &job, &line, deadline(opts.time_limit))
                    }
                    Kind::Mode(Mode::Highs) => {
                        let mps = scratch.path().join(format!("{n}.mps"));
                        run_highs(&opts.worker, base, mps, &line, opts.time_limit)
                    }
                };
                ui.finish(line, &name, kind.as_str(), &m);
                m
            })
            .collect()
    });
    ui.done();
    let gap = opts.gap.unwrap_or(1e-4);
    let mut rows: Vec<Row> = runs
        .iter()
        .zip(measured)
        .map(|(&(i, kind), m)| {
            let instance = instance_name(&instances[i]);
            let reference = references[i].as_ref();
            let (verdict, diff) = judge(
                &m.status,
                m.objective,
                m.checked,
                reference,
                opts.tolerance,
                gap,
            );
            Row {
                instance,
                mode: kind.as_str().to_string(),
                threads,
                ref_objective: reference
                    .filter(|_| !matches!(kind, Kind::Build))
                    .and_then(|r| r.objective),
                diff,
                verdict,
                measured: m,
                time_ratio: None,
                objective_ratio: None,
            }
        })
        .collect();
    add_ratios(&mut rows);
    Ok(rows)
}

/// Fills `time_ratio` and `objective_ratio` of the hubplan and exact rows of each instance that
/// also has a `highs` row.
pub fn add_ratios(rows: &mut [Row]) {
    let highs: HashMap<String, (Option<f64>, Option<f64>)> = rows
        .iter()
        .filter(|r| r.mode == Mode::Highs.as_str() && r.measured.status != STATUS_ERROR)
        .map(|r| {
            (
                r.instance.clone(),
                (r.measured.total_s, r.measured.objective),
            )
        })
        .collect();
    for r in rows.iter_mut() {
        if r.mode != Mode::Hubplan.as_str() && r.mode != Mode::Exact.as_str() {
            continue;
        }
        let Some(&(h_time, h_obj)) = highs.get(&r.instance) else {
            continue;
        };
        r.time_ratio = match (r.measured.total_s, h_time) {
            (Some(a), Some(b)) if b > 0.0 => Some(a / b),
            _ => None,
        };
        r.objective_ratio = match (r.measured.objective, h_obj) {
            (Some(a), Some(b)) if b != 0.0 => Some(a / b),
            _ => None,
        };
    }
}

/// The reference entry of each instance: from `opts.reference`, else from `reference.yaml` in
/// the instance's folder when there is one; matched by file name.
fn references(
    opts: &BenchOptions,
    instances: &[PathBuf],
) -> Result<Vec<Option<ReferenceEntry>>, BenchError> {
    let given = opts.reference.as_deref().map(read_reference).transpose()?;
    let mut by_dir: BTreeMap<PathBuf, Vec<ReferenceEntry>> = BTreeMap::new();
    let mut out = Vec::with_capacity(instances.len());
    for p in instances {
        let name = instance_name(p);
        let entries = match &given {
            Some(g) => g,
            None => {
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                if !by_dir.contains_key(&dir) {
                    let file = dir.join("reference.yaml");
                    let entries = if file.is_file() {
                        read_reference(&file)?
                    } else {
                        Vec::new()
                    };
                    by_dir.insert(dir.clone(), entries);
                }
                &by_dir[&dir]
            }
        };
        out.push(entries.iter().find(|e| e.file == name).cloned());
    }
    Ok(out)
}

fn instance_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// How long a solving child may run before it is killed: twice the time limit and five
/// minutes more (reading, building and checking are outside the limit).
fn deadline(time_limit: TimeLimit) -> Option<Duration> {
    // A limit too long for a Duration (`--time-limit 1e99`) is no deadline at all.
    time_limit
        .as_secs()
        .and_then(|t| Duration::try_from_secs_f64(2.0 * t + 300.0).ok())
}

/// HiGHS alone: one child exports the MPS, another reads and solves it; the row has the
/// second's times, status and memory, and the first's naive variable count.
fn run_highs(
    worker: &Path,
    base: Job,
    mps: PathBuf,
    line: &ProgressBar,
    time_limit: TimeLimit,
) -> Measured {
    let export = Job {
        task: Task::Export { mps: mps.clone() },
        ..base.clone()
    };
    let exported = run_child(worker, &export, line, None);
    if exported.status != STATUS_EXPORTED {
        let mut m = exported;
        m.status = STATUS_ERROR.into();
        m.message = format!("export failed: {}", m.message);
        return m;
    }
    let alone = Job {
        task: Task::Alone { mps: mps.clone() },
        ..base
    };
    let mut m = run_child(worker, &alone, line, deadline(time_limit));
    let _ = std::fs::remove_file(&mps);
    m.naive_vars = exported.naive_vars;
    if m.status != STATUS_ERROR && m.vars != exported.vars {
        m.message = format!(
            "HiGHS read {} columns, hubplan exported {}",
            m.vars.unwrap_or(0),
            exported.vars.unwrap_or(0)
        );
    }
    m
}

/// Runs one job in a child process and collects its result; shows its phases on `line`.
fn run_child(worker: &Path, job: &Job, line: &ProgressBar, deadline: Option<Duration>) -> Measured {
    let spec = match serde_json::to_string(job) {
        Ok(s) => s,
        Err(e) => return Measured::error(format!("cannot encode the job: {e}")),
    };
    let started = Instant::now();
    let child = Command::new(worker)
        .arg(WORKER_COMMAND)
        .arg("--job")
        .arg(&spec)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return Measured::error(format!(
                "cannot start {} {WORKER_COMMAND}: {e}",
                worker.display()
            ))
        }
    };
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
    let err_reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut e) = stderr {
            let _ = e.read_to_string(&mut text);
        }
        text
    });
    let (tx, rx) = mpsc::channel::<String>();
    let out_reader = std::thread::spawn(move || {
        if let Some(o) = stdout {
            for l in BufReader::new(o).lines() {
                let Ok(l) = l else { break };
                if tx.send(l).is_err() {
                    break;
                }
            }
        }
    });
    let mut result: Option<Measured> = None;
    let mut killed = false;
    loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(l) => match serde_json::from_str::<Message>(&l) {
                Ok(Message::Phase(p)) => line.set_message(p),
                Ok(Message::Result(m)) => result = Some(*m),
                Err(_) => {} // not a protocol line (e.g. a library's own output)
            },
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if !killed && deadline.is_some_and(|d| started.elapsed() > d) {
                    let _ = child.kill();
                    killed = true;
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let status = child.wait();
    let _ = out_reader.join();
    let stderr = err_reader.join().unwrap_or_default();
    match (result, status) {
        (Some(m), Ok(s)) if s.success() => m,
        (Some(mut m), s) => {
            let how = s.map_or_else(|e| e.to_string(), |s| s.to_string());
            m.message = join_message(&m.message, &format!("worker ended with {how}"));
            m
        }
        (None, s) => {
            let how = s.map_or_else(|e| e.to_string(), |s| s.to_string());
            let why = if killed {
                format!(
                    "killed after {:.0} s (twice the time limit and 300 s)",
                    started.elapsed().as_secs_f64()
                )
            } else {
                format!("worker ended with {how} and no result")
            };
            Measured::error(join_message(&why, &tail(&stderr)))
        }
    }
}

fn join_message(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}; {b}"),
    }
}

/// The last three non-empty lines of a child's standard error, joined by ` / `, at most 600
/// characters.
fn tail(text: &str) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let joined = lines[lines.len().saturating_sub(3)..].join(" / ");
    joined.chars().take(600).collect()
}

/// The progress display: a bar over the runs and a spinner line per running child.
struct Ui {
    show: Show,
    multi: MultiProgress,
    overall: ProgressBar,
    total: usize,
    finished: std::sync::atomic::AtomicUsize,
}

impl Ui {
    fn new(show: Show, total: usize) -> Ui {
        let target = if show == Show::Bars {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let multi = MultiProgress::with_draw_target(target);
        let overall = multi.add(ProgressBar::new(total as u64));
        overall.set_style(
            ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} runs [{elapsed_precise}, ETA {eta}] {msg}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        if show == Show::Bars {
            overall.enable_steady_tick(Duration::from_millis(250));
        }
        Ui {
            show,
            multi,
            overall,
            total,
            finished: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// A live line for a starting run.
    fn start(&self, instance: &str, mode: &str) -> ProgressBar {
        if self.show != Show::Bars {
            return ProgressBar::hidden();
        }
        let pb = self.multi.add(ProgressBar::new_spinner());
        pb.set_style(
            ProgressStyle::with_template("{spinner} {prefix} [{elapsed}] {msg}")
                .expect("valid template"),
        );
        pb.set_prefix(format!("{instance} {mode}"));
        pb.set_message("starting");
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    }

    /// Removes a run's line and reports the run.
    fn finish(&self, line: ProgressBar, instance: &str, mode: &str, m: &Measured) {
        line.finish_and_clear();
        self.multi.remove(&line);
        self.overall.inc(1);
        let n = self
            .finished
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        let mut text = format!("[{n}/{}] {instance} {mode}: {}", self.total, m.status);
        if let Some(o) = m.objective {
            text.push_str(&format!(" {}", trimmed(o)));
        }
        if let Some(t) = m.total_s {
            text.push_str(&format!(" in {t:.2} s"));
        }
        if !m.message.is_empty() {
            text.push_str(&format!(" ({})", m.message));
        }
        match self.show {
            Show::Bars => {
                let _ = self.multi.println(text);
            }
            Show::Lines => eprintln!("{text}"),
            Show::Nothing => {}
        }
    }

    fn done(&self) {
        self.overall.finish_and_clear();
        let _ = self.multi.clear();
    }
}

/// Runs one job in this (child) process and prints its phases and its result on `out` as JSON
/// lines ([`Message`]). Every failure is reported as a result with status `error`.
pub fn worker(job: &Job, out: &mut dyn Write) -> std::io::Result<()> {
    let mut send = |msg: &Message| -> std::io::Result<()> {
        serde_json::to_writer(&mut *out, msg)?;
        out.write_all(b"\n")?;
        out.flush()
    };
    let mut phase = |p: &str| send(&Message::Phase(p.to_string()));
    let mut m = match &job.task {
        Task::Solve { exact } => solve_job(job, *exact, &mut phase)?,
        Task::Build => build_job(job, &mut phase)?,
        Task::Export { mps } => export_job(job, mps, &mut phase)?,
        Task::Alone { mps } => {
            phase("read+solve")?;
            alone_job(job, mps)
        }
    };
    m.peak_mib = peak_mib();
    send(&Message::Result(Box::new(m)))
}

type Phase<'a> = dyn FnMut(&str) -> std::io::Result<()> + 'a;

/// Reads and validates, as `hubplan solve` does; `Err` is the error message.
fn checked(job: &Job, m: &mut Measured) -> Result<pipeline::Checked, String> {
    match pipeline::check_file(&job.model) {
        Ok(c) => {
            m.validate_s = Some(c.validate_time.as_secs_f64());
            m.graph_s = Some(c.graph_time.as_secs_f64());
            Ok(c)
        }
        Err(e) => Err(describe(&e)),
    }
}

fn describe(e: &PipelineError) -> String {
    match e {
        PipelineError::Invalid(diags) => {
            let first = diags.iter().find(|d| d.is_error());
            match first {
                Some(d) => format!("{e}; first: {} {}", d.code.as_str(), d.message),
                None => e.to_string(),
            }
        }
        other => other.to_string(),
    }
}

fn sizes(m: &mut Measured, s: &formulation::Stats) {
    m.naive_vars = Some(s.naive_variables);
    m.vars = Some(s.variables);
    m.int_vars = Some(s.integer_variables);
    m.rows = Some(s.rows);
}

fn solve_job(job: &Job, exact: bool, phase: &mut Phase<'_>) -> std::io::Result<Measured> {
    let start = Instant::now();
    let mut m = Measured::default();
    phase("validate")?;
    let c = match checked(job, &mut m) {
        Ok(c) => c,
        Err(e) => return Ok(Measured::error(e)),
    };
    phase("build+solve")?;
    let opts = SolveOptions {
        time_limit: job.time_limit,
        gap: job.gap,
        threads: Some(job.threads),
        verbose: false,
        solver_options: Vec::new(),
        exact,
        heuristics: job.heuristics.clone(),
        heuristic_only: false,
    };
    let planned = match pipeline::plan(&c.model, &c.network, &opts) {
        Ok(p) => p,
        Err(e) => {
            let mut e = Measured::error(describe(&e));
            e.validate_s = m.validate_s;
            e.graph_s = m.graph_s;
            return Ok(e);
        }
    };
    sizes(&mut m, &planned.stats);
    m.nonzeros = Some(planned.stats.nonzeros);
    m.build_s = Some(planned.build_time.as_secs_f64());
    m.solve_s = Some(planned.solve_time.as_secs_f64());
    let s = &planned.schedule;
    m.status = s.solver.status.as_str().to_string();
    m.method = s.solver.method.clone();
    m.bound = s.solver.bound;
    m.gap = s.solver.gap;
    if s.solver.status.has_schedule() {
        m.objective = Some(s.objective.total);
        phase("check")?;
        let verdict = pipeline::self_check(&c.model, s);
        m.checked = Some(verdict.is_ok());
        if let Err(violations) = &verdict {
            let first = violations.first().map(|v| v.render()).unwrap_or_default();
            m.message = format!(
                "the checker rejects the schedule: {} violation(s); first: {}",
                violations.len(),
                first.lines().next().unwrap_or_default()
            );
        }
    }
    m.total_s = Some(start.elapsed().as_secs_f64());
    Ok(m)
}

fn build_job(job: &Job, phase: &mut Phase<'_>) -> std::io::Result<Measured> {
    let start = Instant::now();
    let mut m = Measured::default();
    phase("validate")?;
    let c = match checked(job, &mut m) {
        Ok(c) => c,
        Err(e) => return Ok(Measured::error(e)),
    };
    phase("build")?;
    let t = Instant::now();
    let mut f = formulation::build(&c.model, &c.network);
    m.build_s = Some(t.elapsed().as_secs_f64());
    phase("solver model")?;
    let t = Instant::now();
    if let Err(e) = solve::count_nonzeros(&mut f) {
        return Ok(Measured::error(e.to_string()));
    }
    m.solve_s = Some(t.elapsed().as_secs_f64());
    sizes(&mut m, &f.stats);
    m.nonzeros = Some(f.stats.nonzeros);
    m.status = STATUS_BUILT.into();
    m.method = "build only: formulation and solver model, no solve".into();
    m.total_s = Some(start.elapsed().as_secs_f64());
    Ok(m)
}

fn export_job(job: &Job, mps: &Path, phase: &mut Phase<'_>) -> std::io::Result<Measured> {
    let mut m = Measured::default();
    phase("validate")?;
    let c = match checked(job, &mut m) {
        Ok(c) => c,
        Err(e) => return Ok(Measured::error(e)),
    };
    phase("export")?;
    let t = Instant::now();
    let mut f = formulation::build(&c.model, &c.network);
    sizes(&mut m, &f.stats);
    let names = f.column_names(&c.model);
    if let Err(e) = solve::export(&mut f, mps, ExportFormat::Mps, Some(&names)) {
        return Ok(Measured::error(e.to_string()));
    }
    m.build_s = Some(t.elapsed().as_secs_f64());
    m.status = STATUS_EXPORTED.into();
    Ok(m)
}

fn alone_job(job: &Job, mps: &Path) -> Measured {
    let opts = AloneOptions {
        time_limit: job.time_limit,
        gap: job.gap,
        threads: Some(job.threads),
    };
    match solve::solve_mps(mps, &opts) {
        Ok(r) => Measured {
            vars: Some(r.columns),
            int_vars: Some(r.integer_columns),
            rows: Some(r.rows),
            nonzeros: Some(r.nonzeros),
            build_s: Some(r.read_seconds),
            solve_s: Some(r.solve_seconds),
            total_s: Some(r.seconds),
            status: r.status.as_str().to_string(),
            method: r.method,
            objective: r.objective,
            bound: r.bound,
            gap: r.gap,
            ..Measured::default()
        },
        Err(e) => Measured::error(e.to_string()),
    }
}

/// Peak resident memory of this process in MiB (`VmHWM` in `/proc/self/status`; `None` off
/// Linux or when it cannot be read).
pub fn peak_mib() -> Option<f64> {
    #[cfg(target_os = "linux")]
    {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: f64 = line
            .trim_start_matches("VmHWM:")
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kib / 1024.0)
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(objective: Option<f64>, proven: bool) -> ReferenceEntry {
        ReferenceEntry {
            file: "x.yaml".into(),
            objective,
            bound: objective,
            proven_optimal: proven,
            obtained: None,
            in_tests: None,
        }
    }

    fn verdict(status: &str, obj: Option<f64>, r: Option<&ReferenceEntry>) -> Verdict {
        judge(status, obj, Some(true), r, 1e-4, 1e-4).0
    }

    #[test]
    fn verdicts_against_a_reference() {
        let r = reference(Some(1000.0), true);
        let soft = reference(Some(1000.0), false);
        assert_eq!(verdict("optimal", Some(1000.0), Some(&r)), Verdict::Ok);
        // Within the tolerance (1e-4 x 1000 = 0.1).
        assert_eq!(verdict("optimal", Some(1000.09), Some(&r)), Verdict::Ok);
        // Better than the reference is fine.
        assert_eq!(verdict("feasible", Some(990.0), Some(&soft)), Verdict::Ok);
        assert_eq!(verdict("feasible", Some(1001.0), Some(&r)), Verdict::Worse);
        assert_eq!(
            verdict("optimal", Some(1001.0), Some(&soft)),
            Verdict::Worse
        );
        // Optimal, yet worse than a proven optimum: the status is wrong.
        assert_eq!(
            verdict("optimal", Some(1001.0), Some(&r)),
            Verdict::WrongStatus
        );
        // ... unless the run's own gap allows it (then only worse than the tolerance).
        assert_eq!(
            judge("optimal", Some(1001.0), Some(true), Some(&r), 1e-4, 0.01).0,
            Verdict::Worse
        );
        for s in [
            "infeasible",
            "no_solution",
            "unbounded",
            "infeasible_or_unbounded",
        ] {
            assert_eq!(verdict(s, None, Some(&r)), Verdict::WrongStatus, "{s}");
        }
        // Small objectives: the tolerance is relative to max(1, |reference|).
        let zero = reference(Some(0.0), true);
        assert_eq!(verdict("optimal", Some(5e-5), Some(&zero)), Verdict::Ok);
        assert_eq!(verdict("feasible", Some(2e-4), Some(&zero)), Verdict::Worse);
    }

    #[test]
    fn verdicts_without_comparison() {
        let r = reference(Some(1000.0), true);
        assert_eq!(verdict("optimal", Some(1.0), None), Verdict::NoReference);
        assert_eq!(verdict("error", None, Some(&r)), Verdict::Error);
        assert_eq!(verdict("built", None, Some(&r)), Verdict::Ok);
        assert_eq!(
            judge("optimal", Some(1000.0), Some(false), Some(&r), 1e-4, 1e-4).0,
            Verdict::CheckFailed
        );
        // An infeasible reference (no objective).
        let inf = reference(None, true);
        assert_eq!(verdict("infeasible", None, Some(&inf)), Verdict::Ok);
        assert_eq!(
            verdict("optimal", Some(3.0), Some(&inf)),
            Verdict::WrongStatus
        );
    }

    #[test]
    fn diff_is_relative_to_the_reference() {
        let r = reference(Some(2000.0), false);
        let (_, d) = judge("feasible", Some(2010.0), None, Some(&r), 1e-4, 1e-4);
        assert!((d.unwrap() - 0.005).abs() < 1e-12);
        assert!(Verdict::Ok.passes() && Verdict::NoReference.passes());
        assert!(!Verdict::Worse.passes() && !Verdict::Error.passes());
    }

    fn row(instance: &str, mode: &str, total: f64, obj: f64) -> Row {
        Row {
            instance: instance.into(),
            mode: mode.into(),
            threads: 1,
            measured: Measured {
                total_s: Some(total),
                objective: Some(obj),
                status: "optimal".into(),
                method: "a | b".into(),
                message: "line one\nline two".into(),
                ..Measured::default()
            },
            ref_objective: Some(obj),
            diff: Some(0.0),
            verdict: Verdict::Ok,
            time_ratio: None,
            objective_ratio: None,
        }
    }

    #[test]
    fn markdown_has_every_column_and_escapes_cells() {
        let rows = vec![row("a.yaml", "hubplan", 1.5, 90398.086857)];
        let md = to_markdown(&rows);
        let lines: Vec<&str> = md.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0], format!("| {} |", COLUMNS.join(" | ")));
        assert!(lines[1].starts_with("|---|---|---:|"));
        // Pipes are escaped and line breaks removed, so the row keeps its column count.
        assert!(lines[2].contains("a \\| b"));
        assert!(lines[2].contains("line one line two"));
        let unescaped = lines[2].replace("\\|", "");
        assert_eq!(unescaped.matches('|').count(), COLUMNS.len() + 1);
        assert!(lines[2].contains("| 90398.086857 |"));
        assert!(lines[2].contains("| 1.500000 |"));
    }

    #[test]
    fn csv_round_trips_cells() {
        let rows = vec![row("a.yaml", "hubplan", 1.5, 36420.0)];
        let text = to_csv(&rows).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, COLUMNS);
        let rec = r.records().next().unwrap().unwrap();
        assert_eq!(&rec[16], "36420");
        assert_eq!(&rec[25], "line one\nline two");
    }

    #[test]
    fn ratios_compare_with_highs_alone() {
        let mut rows = vec![
            row("a.yaml", "hubplan", 3.0, 110.0),
            row("a.yaml", "highs", 2.0, 100.0),
            row("b.yaml", "hubplan", 1.0, 5.0),
        ];
        add_ratios(&mut rows);
        assert_eq!(rows[0].time_ratio, Some(1.5));
        assert_eq!(rows[0].objective_ratio, Some(1.1));
        assert_eq!(rows[1].time_ratio, None);
        assert_eq!(rows[2].time_ratio, None);
    }

    #[test]
    fn folders_expand_to_sorted_yaml_without_the_reference() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["b.yaml", "a.yaml", "reference.yaml", "notes.txt"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        let got = expand_paths(&[dir.path().to_path_buf(), PathBuf::from("missing.yaml")]).unwrap();
        let names: Vec<String> = got.iter().map(|p| instance_name(p)).collect();
        assert_eq!(names, ["a.yaml", "b.yaml", "missing.yaml"]);
    }

    #[test]
    fn worker_messages_are_json_lines() {
        let line = serde_json::to_string(&Message::Phase("build".into())).unwrap();
        assert_eq!(line, r#"{"phase":"build"}"#);
        let m = Message::Result(Box::new(Measured::error("x")));
        let back: Message = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back, m);
    }

    fn options(worker: &str) -> BenchOptions {
        BenchOptions {
            paths: vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/facility-8x16.yaml")],
            jobs: 1,
            threads: Some(1),
            time_limit: TimeLimit::seconds(10.0),
            gap: None,
            modes: vec![Mode::Hubplan, Mode::Highs],
            heuristics: None,
            build_only: false,
            reference: None,
            tolerance: 1e-4,
            worker: PathBuf::from(worker),
            show: Show::Nothing,
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_worker_that_dies_without_a_result_is_an_error_row() {
        // `false` ignores its arguments and exits 1 without printing anything.
        let rows = run(&options("false")).unwrap();
        assert_eq!(rows.len(), 2);
        for r in &rows {
            assert_eq!(r.measured.status, "error");
            assert_eq!(r.verdict, Verdict::Error);
            assert!(
                r.measured.message.contains("no result"),
                "{}",
                r.measured.message
            );
        }
        assert!(rows[1].measured.message.starts_with("export failed"));
        assert!(!all_pass(&rows));
    }

    #[test]
    fn a_worker_that_cannot_start_is_an_error_row() {
        let rows = run(&options("/nonexistent/hubplan")).unwrap();
        assert!(rows
            .iter()
            .all(|r| r.verdict == Verdict::Error && r.measured.message.contains("cannot start")));
    }

    #[test]
    fn stderr_tail_keeps_the_last_lines() {
        assert_eq!(tail("a\n\nb\n"), "a / b");
        assert_eq!(tail("1\n2\n3\n4\n5\n"), "3 / 4 / 5");
    }
}
