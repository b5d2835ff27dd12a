//! The `hubplan` command line.
//!
//! Exit codes: 0 success (schedule written: optimal or feasible at a limit), 1 other failures,
//! 2 invalid input, 3 infeasible (each hard requirement that cannot be met is explained, see
//! [`hubplan::explain`]), 4 no schedule found within the limits.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use hubplan::check;
use hubplan::diag::Diagnostic;
use hubplan::explain;
use hubplan::pipeline::{self, Checked, PipelineError};
use hubplan::schedule;
use hubplan::solve::{SolveOptions, Status, TimeLimit};

/// Exit code: schedule written or command succeeded.
const EXIT_OK: u8 = 0;
/// Exit code: any failure not covered below.
const EXIT_FAILURE: u8 = 1;
/// Exit code: the model (or an argument, or a schedule to check) is invalid.
const EXIT_INVALID: u8 = 2;
/// Exit code: the model is infeasible (or unbounded).
const EXIT_INFEASIBLE: u8 = 3;
/// Exit code: no schedule found within the limits.
const EXIT_NO_SCHEDULE: u8 = 4;

/// Most seconds spent re-solving an infeasible model to explain it.
const EXPLAIN_SECONDS: f64 = 30.0;

#[derive(Parser)]
#[command(
    name = "hubplan",
    version,
    about = "Plans a coalition's protected military hubs: YAML model -> transport graph -> MIP (HiGHS) -> deployment schedule",
    after_help = "Exit codes: 0 success, 1 other failure, 2 invalid input, 3 infeasible (explained on standard error), 4 no schedule within the limits."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and check a model; report every error and warning with its location.
    Validate {
        /// Model file (YAML).
        model: PathBuf,
        /// Print diagnostics as JSON on standard output.
        #[arg(long)]
        json: bool,
        /// Treat warnings as errors (exit 2 when there are any).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Build the graph and the MIP, solve it and write the deployment schedule.
    Solve {
        /// Model file (YAML).
        model: PathBuf,
        /// Schedule file to write ('-' for standard output); default: MODEL-STEM.schedule.yaml
        /// (or .json) in the current directory.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Schedule format.
        #[arg(long, value_enum, default_value_t = OutFormat::Yaml)]
        format: OutFormat,
        /// Time limit in seconds for the whole solve (start heuristic and MIP); 'inf' for none.
        #[arg(long, default_value = "60")]
        time_limit: TimeLimit,
        /// Relative MIP gap at which to stop (e.g. 0.01 for 1%); default 0.0001.
        #[arg(long)]
        gap: Option<f64>,
        /// Solver threads.
        #[arg(long)]
        threads: Option<u32>,
        /// No progress line and no summary.
        #[arg(short, long)]
        quiet: bool,
        /// Show the solver's log.
        #[arg(long)]
        solver_log: bool,
        /// Solve the plain MIP without hubplan's start heuristic (for comparison).
        #[arg(long)]
        exact: bool,
        /// The parts of the solve strategy to run, comma-separated, from bound-mip, horizon,
        /// ipm-root, hubs, dive, rounding, repair, trip-moves, consolidate, rens, windows and
        /// start, or 'none' [default: bound-mip,ipm-root,hubs,rounding,repair,trip-moves,
        /// consolidate,start on models of at least 20,000 columns, with horizon from 300,000
        /// columns, none below].
        #[arg(long, value_name = "LIST", value_parser = parse_heuristics)]
        heuristics: Option<HeuristicList>,
        /// Extra HiGHS option NAME=VALUE (repeatable), e.g. mip_heuristic_effort=0.3.
        #[arg(long = "solver-option", value_name = "NAME=VALUE")]
        solver_options: Vec<String>,
        /// Skip the independent check of the schedule before it is written.
        #[arg(long)]
        no_check: bool,
        /// Also write the HTML report of the schedule to this file.
        #[arg(long, value_name = "HTML")]
        report: Option<PathBuf>,
    },
    /// Verify a schedule against a model, independently of the solver: every rule and every
    /// reported figure. Exit 0 when it holds, 1 when not.
    Check {
        /// Model file (YAML).
        model: PathBuf,
        /// Schedule file (YAML or JSON, as written by `solve`).
        schedule: PathBuf,
        /// Absolute tolerance.
        #[arg(long, default_value_t = 1e-5)]
        abs_tol: f64,
        /// Relative tolerance.
        #[arg(long, default_value_t = 1e-6)]
        rel_tol: f64,
    },
    /// Write reports of a schedule: a self-contained HTML file with charts and a map, the
    /// charts as SVGs, CSV tables and GeoJSON.
    Report {
        /// Model file (YAML).
        model: PathBuf,
        /// Schedule file (YAML or JSON, as written by `solve`).
        schedule: PathBuf,
        /// HTML report to write.
        #[arg(long)]
        html: Option<PathBuf>,
        /// Folder to write each chart to as its own SVG.
        #[arg(long, value_name = "DIR")]
        svg: Option<PathBuf>,
        /// Folder to write movements.csv, stocks.csv, deliveries.csv and closure.csv to.
        #[arg(long, value_name = "DIR")]
        csv: Option<PathBuf>,
        /// GeoJSON file to write (nodes and routes with tonnes moved).
        #[arg(long, value_name = "FILE")]
        geojson: Option<PathBuf>,
    },
    /// Export the transport graph.
    Graph {
        /// Model file (YAML).
        model: PathBuf,
        /// Graph format.
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
        /// File to write; default standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of the model format.
    Schema {
        /// File to write; default standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// List every diagnostic code with its meaning.
    Codes,
    /// Write a synthetic benchmark instance (deterministic in family, size and seed).
    Generate {
        /// Instance family.
        #[arg(value_enum)]
        family: hubplan::generate::Family,
        /// Instance size.
        #[arg(long, value_enum, default_value = "small")]
        size: hubplan::generate::Size,
        /// Seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Model file to write; default standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Write the MIP exactly as hubplan builds it (MPS and/or LP), to time HiGHS or another
    /// solver alone on it. Its optimum equals hubplan's objective (the constant is the
    /// objective offset).
    #[command(group(clap::ArgGroup::new("out").required(true).multiple(true).args(["mps", "lp"])))]
    Export {
        /// Model file (YAML).
        model: PathBuf,
        /// MPS file to write.
        #[arg(long)]
        mps: Option<PathBuf>,
        /// LP file to write.
        #[arg(long)]
        lp: Option<PathBuf>,
    },
    /// Run benchmark instances as `solve` does (and HiGHS alone on their exported MIP), each
    /// run in its own process, and compare with reference objectives. Exit 0 when every run is
    /// ok or has no reference, 1 otherwise. See docs/bench.md.
    Bench {
        /// Instance files or folders (a folder: every *.yaml but reference.yaml, sorted).
        #[arg(default_value = "instances")]
        paths: Vec<PathBuf>,
        /// Runs at once (child processes).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        jobs: u32,
        /// Solver threads per run; default: cores / jobs (at least 1).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        threads: Option<u32>,
        /// Time limit in seconds of each solve; 'inf' for none.
        #[arg(long, default_value = "60")]
        time_limit: TimeLimit,
        /// Relative MIP gap at which to stop; default 0.0001.
        #[arg(long)]
        gap: Option<f64>,
        /// Modes to run on each instance: hubplan (as `solve`), exact (as `solve --exact`),
        /// highs (HiGHS alone on the exported MPS).
        #[arg(long, value_enum, value_delimiter = ',', default_value = "hubplan")]
        modes: Vec<hubplan::bench::Mode>,
        /// The start heuristic's parts in hubplan mode (as `solve --heuristics`).
        #[arg(long, value_name = "LIST", value_parser = parse_heuristics)]
        heuristics: Option<HeuristicList>,
        /// Only build the formulation and the solver's model (sizes, times, memory).
        #[arg(long)]
        build_only: bool,
        /// CSV file to write the results to.
        #[arg(short, long, value_name = "CSV")]
        output: Option<PathBuf>,
        /// Markdown file to write the results table to (it is always printed).
        #[arg(long, value_name = "FILE")]
        markdown: Option<PathBuf>,
        /// Reference file for every instance; default: reference.yaml next to each instance.
        #[arg(long, value_name = "FILE")]
        reference: Option<PathBuf>,
        /// Relative tolerance of the comparison with the reference objective.
        #[arg(long, default_value_t = 1e-4)]
        tolerance: f64,
        /// No progress display.
        #[arg(short, long)]
        quiet: bool,
    },
    /// One benchmark run in a child process of `bench` (JSON lines on standard output).
    #[command(hide = true)]
    BenchWorker {
        /// The job, as JSON.
        #[arg(long)]
        job: String,
    },
}

/// A comma-separated list of the start heuristic's parts (a newtype, so that clap takes it
/// as one value).
#[derive(Debug, Clone)]
struct HeuristicList(Vec<hubplan::solve::Heuristic>);

fn parse_heuristics(s: &str) -> std::result::Result<HeuristicList, String> {
    use hubplan::solve::Heuristic;
    if s == "none" {
        return Ok(HeuristicList(Vec::new()));
    }
    s.split(',')
        .map(|name| {
            Heuristic::from_name(name.trim()).ok_or_else(|| {
                let names: Vec<&str> = Heuristic::ALL.iter().map(|h| h.name()).collect();
                format!(
                    "unknown heuristic '{name}'; one of: {}, or none",
                    names.join(", ")
                )
            })
        })
        .collect::<std::result::Result<Vec<_>, _>>()
        .map(HeuristicList)
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutFormat {
    Yaml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Dot,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Validate {
            model,
            json,
            deny_warnings,
        } => validate(&model, json, deny_warnings),
        Command::Solve {
            model,
            output,
            format,
            time_limit,
            gap,
            threads,
            quiet,
            solver_log,
            solver_options,
            exact,
            heuristics,
            no_check,
            report,
        } => {
            let mut parsed = Vec::new();
            for o in solver_options {
                match o.split_once('=') {
                    Some((k, v)) => parsed.push((k.trim().to_string(), v.trim().to_string())),
                    None => {
                        eprintln!("error: --solver-option '{o}' is not NAME=VALUE");
                        return Ok(EXIT_INVALID);
                    }
                }
            }
            let opts = SolveOptions {
                time_limit,
                gap,
                threads,
                verbose: solver_log,
                solver_options: parsed,
                exact,
                heuristics: heuristics.map(|l| l.0),
                heuristic_only: false,
            };
            let sched = output
                .clone()
                .unwrap_or_else(|| default_output(&model, format));
            if let Some(r) = &report {
                if sched.as_os_str() == "-" {
                    eprintln!("error: --report needs the schedule in a file, not '-'");
                    return Ok(EXIT_INVALID);
                }
                check_writable(r, &[&model])?;
            }
            let code = solve(&model, output, format, &opts, quiet, !no_check)?;
            match report {
                Some(r) if code == EXIT_OK => report_cmd(&model, &sched, Some(r), None, None, None),
                _ => Ok(code),
            }
        }
        Command::Report {
            model,
            schedule,
            html,
            svg,
            csv,
            geojson,
        } => report_cmd(&model, &schedule, html, svg, csv, geojson),
        Command::Check {
            model,
            schedule,
            abs_tol,
            rel_tol,
        } => check_schedule(&model, &schedule, abs_tol, rel_tol),
        Command::Graph {
            model,
            format: GraphFormat::Dot,
            output,
        } => {
            let checked = match check(&model, false) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            let dot = checked.network.to_dot(&checked.model);
            emit(output.as_deref(), &dot, &[&model])?;
            Ok(EXIT_OK)
        }
        Command::Schema { output } => {
            let schema = schemars::schema_for!(hubplan::format::ModelFile);
            let text = serde_json::to_string_pretty(&schema)? + "\n";
            emit(output.as_deref(), &text, &[])?;
            Ok(EXIT_OK)
        }
        Command::Generate {
            family,
            size,
            seed,
            output,
        } => {
            let text = hubplan::generate::render(family, size, seed);
            emit(output.as_deref(), &text, &[])?;
            Ok(EXIT_OK)
        }
        Command::Export { model, mps, lp } => {
            let checked = match check(&model, false) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            use hubplan::solve::ExportFormat;
            for (path, format) in [(mps, ExportFormat::Mps), (lp, ExportFormat::Lp)] {
                let Some(path) = path else { continue };
                let mut f = hubplan::formulation::build(&checked.model, &checked.network);
                let names = match format {
                    ExportFormat::Mps => f.column_names(&checked.model),
                    ExportFormat::Lp => f.lp_column_names(&checked.model),
                };
                hubplan::solve::export(&mut f, &path, format, Some(&names))
                    .with_context(|| format!("exporting to {}", path.display()))?;
                println!(
                    "{}: {} columns ({} integer), {} rows",
                    path.display(),
                    f.is_integer.len(),
                    f.is_integer.iter().filter(|&&i| i).count(),
                    f.stats.rows
                );
            }
            Ok(EXIT_OK)
        }
        Command::Bench {
            paths,
            jobs,
            threads,
            time_limit,
            gap,
            modes,
            heuristics,
            build_only,
            output,
            markdown,
            reference,
            tolerance,
            quiet,
        } => {
            if gap.is_some_and(|g| !(0.0..=1.0).contains(&g)) {
                eprintln!("error: --gap must be between 0 and 1 (e.g. 0.01 for 1%)");
                return Ok(EXIT_INVALID);
            }
            if tolerance.is_nan() || tolerance < 0.0 {
                eprintln!("error: --tolerance must be a non-negative number");
                return Ok(EXIT_INVALID);
            }
            for out in output.iter().chain(&markdown) {
                check_writable(out, &[])?;
            }
            let show = if quiet {
                hubplan::bench::Show::Nothing
            } else if std::io::stderr().is_terminal() {
                hubplan::bench::Show::Bars
            } else {
                hubplan::bench::Show::Lines
            };
            let opts = hubplan::bench::BenchOptions {
                paths,
                jobs: jobs as usize,
                threads,
                time_limit,
                gap,
                modes,
                heuristics: heuristics.map(|l| l.0),
                build_only,
                reference,
                tolerance,
                worker: std::env::current_exe().context("cannot find the hubplan executable")?,
                show,
            };
            let rows = hubplan::bench::run(&opts)?;
            let table = hubplan::bench::to_markdown(&rows);
            emit(None, &table, &[])?;
            if let Some(p) = &output {
                emit(Some(p), &hubplan::bench::to_csv(&rows)?, &[])?;
            }
            if let Some(p) = &markdown {
                emit(Some(p), &table, &[])?;
            }
            eprintln!("{}", hubplan::bench::summary(&rows));
            Ok(if hubplan::bench::all_pass(&rows) {
                EXIT_OK
            } else {
                EXIT_FAILURE
            })
        }
        Command::BenchWorker { job } => {
            let job: hubplan::bench::Job = match serde_json::from_str(&job) {
                Ok(j) => j,
                Err(e) => {
                    eprintln!("error: not a bench job: {e}");
                    return Ok(EXIT_INVALID);
                }
            };
            hubplan::bench::worker(&job, &mut std::io::stdout().lock())?;
            Ok(EXIT_OK)
        }
        Command::Codes => {
            for c in hubplan::diag::Code::ALL {
                println!("{}  {}", c.as_str(), c.summary());
            }
            Ok(EXIT_OK)
        }
    }
}

fn print_diagnostics(diags: &[Diagnostic], source: Option<&str>) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = write!(err, "{}", d.render(source));
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn count_summary(diags: &[Diagnostic]) -> String {
    let e = diags.iter().filter(|d| d.is_error()).count();
    let w = diags.len() - e;
    format!(
        "{}, {}",
        plural(e, "error", "errors"),
        plural(w, "warning", "warnings")
    )
}

/// Reads and validates; on errors prints them and returns the exit code.
fn check(path: &Path, quiet_warnings: bool) -> std::result::Result<Checked, u8> {
    match pipeline::check_file(path) {
        Ok(c) => {
            if !quiet_warnings {
                print_diagnostics(&c.warnings, Some(&c.loaded.source));
            }
            Ok(c)
        }
        Err(PipelineError::Invalid(diags)) => {
            let source = std::fs::read_to_string(path).ok();
            print_diagnostics(&diags, source.as_deref());
            eprintln!(
                "{}: invalid model ({})",
                path.display(),
                count_summary(&diags)
            );
            Err(EXIT_INVALID)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(EXIT_FAILURE)
        }
    }
}

fn validate(path: &Path, json: bool, deny_warnings: bool) -> Result<u8> {
    let result = pipeline::check_file(path);
    let (diags, valid, source) = match &result {
        Ok(c) => (c.warnings.clone(), true, Some(c.loaded.source.clone())),
        Err(PipelineError::Invalid(d)) => (d.clone(), false, std::fs::read_to_string(path).ok()),
        Err(e) => bail!("{e}"),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&diags)?);
    } else {
        print_diagnostics(&diags, source.as_deref());
    }
    let ok = valid && (!deny_warnings || diags.is_empty());
    if !json {
        if let Ok(c) = &result {
            let m = &c.model;
            eprintln!(
                "{}: {} ({}; {}, {}, {}, {}, {}, {})",
                path.display(),
                if ok { "valid" } else { "invalid" },
                count_summary(&diags),
                plural(m.nodes.len(), "node", "nodes"),
                plural(m.routes.len(), "route", "routes"),
                plural(m.fleets.len(), "fleet", "fleets"),
                plural(c.network.commodities.len(), "commodity", "commodities"),
                plural(m.demands.len(), "demand", "demands"),
                plural(m.horizon, "day", "days"),
            );
        } else {
            eprintln!("{}: invalid ({})", path.display(), count_summary(&diags));
        }
    }
    Ok(if ok { EXIT_OK } else { EXIT_INVALID })
}

fn spinner(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
            .expect("valid template"),
    );
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

fn solve(
    path: &Path,
    output: Option<PathBuf>,
    format: OutFormat,
    opts: &SolveOptions,
    quiet: bool,
    self_check: bool,
) -> Result<u8> {
    let ext = match format {
        OutFormat::Yaml => "yaml",
        OutFormat::Json => "json",
    };
    let output = output.unwrap_or_else(|| {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "model".into());
        PathBuf::from(format!("{stem}.schedule.{ext}"))
    });

    let to_stdout = output.as_os_str() == "-";
    if !to_stdout {
        check_writable(&output, &[path])?;
    }
    if opts.gap.is_some_and(|g| !(0.0..=1.0).contains(&g)) {
        eprintln!("error: --gap must be between 0 and 1 (e.g. 0.01 for 1%)");
        return Ok(EXIT_INVALID);
    }
    // First Ctrl-C: stop the solver and keep the best schedule found so far (written
    // atomically as usual); a second one aborts at once, leaving no partial output file.
    let hits = std::sync::atomic::AtomicUsize::new(0);
    let _ = ctrlc::set_handler(move || {
        if hits.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            hubplan::solve::request_interrupt();
            eprintln!("\ninterrupting: stopping the solver and keeping the best schedule so far (Ctrl-C again to abort)");
        } else {
            std::process::exit(130);
        }
    });
    let pb = spinner(quiet);
    pb.set_message(format!("reading and validating {}", path.display()));
    let checked = match check(path, quiet) {
        Ok(c) => c,
        Err(code) => {
            pb.finish_and_clear();
            return Ok(code);
        }
    };
    let m = &checked.model;
    pb.set_message(format!(
        "building and solving the MIP ({} routes, {} commodities, {} days) with HiGHS",
        m.routes.len(),
        checked.network.commodities.len(),
        m.horizon
    ));
    let planned = pipeline::plan(m, &checked.network, opts);
    pb.finish_and_clear();
    let planned = planned.context("solving failed")?;
    let s = &planned.schedule;
    let summary = hubplan::report::summary(m, s);
    let say = |text: &str| {
        if quiet {
            return;
        }
        if to_stdout {
            eprint!("{text}");
        } else {
            print!("{text}");
        }
    };
    say(&summary);
    match s.solver.status {
        Status::Optimal | Status::Feasible => {
            if self_check {
                let violations = check::check(m, s, &check::Tolerance::default());
                if !violations.is_empty() {
                    for v in &violations {
                        eprint!("{}", v.render());
                    }
                    eprintln!(
                        "{}: the independent check rejects the solver's schedule ({} violation{}); \
                         it is not written. This is a bug in hubplan: please report it with the model.",
                        path.display(),
                        violations.len(),
                        if violations.len() == 1 { "" } else { "s" }
                    );
                    return Ok(EXIT_FAILURE);
                }
            }
            let text = match format {
                OutFormat::Yaml => schedule::to_yaml(s)?,
                OutFormat::Json => schedule::to_json(s)? + "\n",
            };
            let partial = if hubplan::solve::interrupt_requested() {
                " (partial: the solve was interrupted; see its gap)"
            } else {
                ""
            };
            if to_stdout {
                emit(None, &text, &[])?;
                if !partial.is_empty() {
                    eprintln!("schedule written{partial}");
                }
            } else {
                emit(Some(&output), &text, &[path])?;
                say(&format!(
                    "\nschedule written to {}{partial}\n",
                    output.display()
                ));
                if quiet && !partial.is_empty() {
                    eprintln!("schedule written to {}{partial}", output.display());
                }
            }
            Ok(EXIT_OK)
        }
        Status::Infeasible | Status::Unbounded | Status::InfeasibleOrUnbounded => {
            let mut explained = 0;
            if s.solver.status != Status::Unbounded {
                // Re-solve with every hard requirement relaxed, within what is left of the time
                // limit (at most 30 s, at least 1 s), and name what cannot be met.
                let used = (planned.build_time + planned.solve_time).as_secs_f64();
                let left = opts
                    .time_limit
                    .as_secs()
                    .map_or(EXPLAIN_SECONDS, |t| t - used);
                let soft_opts = SolveOptions {
                    time_limit: TimeLimit::seconds(left.clamp(1.0, EXPLAIN_SECONDS)),
                    ..opts.clone()
                };
                let pb = spinner(quiet);
                pb.set_message("explaining: re-solving with the hard requirements relaxed");
                let why = explain::explain_infeasible(m, &checked.network, &soft_opts);
                pb.finish_and_clear();
                match why {
                    Ok(why) => {
                        explained = why.findings.len();
                        eprint!("{}", why.render());
                    }
                    Err(e) => {
                        eprintln!("note: the model could not be re-solved to explain it: {e}")
                    }
                }
            }
            eprintln!(
                "{}: the model is {}: no schedule meets every hard demand, hard coverage and fixed hub{}",
                path.display(),
                s.solver.status.as_str().replace('_', " "),
                match explained {
                    0 => String::new(),
                    1 => " (1 hard requirement cannot be met)".to_string(),
                    n => format!(" ({n} hard requirements cannot be met)"),
                }
            );
            if explained == 0 {
                eprintln!(
                    "  = hint: make hard demands soft (`hard: false`) to see shortfalls instead"
                );
            }
            Ok(EXIT_INFEASIBLE)
        }
        Status::NoSolution => {
            // What the solve ran, as it says itself (its `method`), so that this message
            // follows the solve's parts.
            let tried = if opts.exact {
                "tried: the plain MIP (HiGHS)".to_string()
            } else {
                format!("tried: {}", s.solver.method)
            };
            eprintln!(
                "{}: no schedule found within the limits ({}; {:.1} s, {} branch-and-bound nodes)",
                path.display(),
                s.solver.stop_reason,
                s.solver.solve_seconds,
                s.solver.nodes
            );
            eprintln!("  = {tried}");
            eprintln!("  = hint: raise --time-limit or loosen --gap");
            Ok(EXIT_NO_SCHEDULE)
        }
    }
}

/// Reads and validates a model and reads a schedule (JSON by its extension, else YAML); on
/// failure prints why and returns the exit code.
fn read_model_and_schedule(
    model: &Path,
    schedule: &Path,
) -> std::result::Result<(Checked, schedule::Schedule), u8> {
    let checked = check(model, true)?;
    let text = std::fs::read_to_string(schedule).map_err(|e| {
        eprintln!("error: cannot read schedule {}: {e}", schedule.display());
        EXIT_INVALID
    })?;
    let is_json = schedule
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed: std::result::Result<schedule::Schedule, String> = if is_json {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str(&text).map_err(|e| e.to_string())
    };
    let s = parsed.map_err(|e| {
        eprintln!(
            "error: {} is not a hubplan schedule: {e}",
            schedule.display()
        );
        EXIT_INVALID
    })?;
    Ok((checked, s))
}

fn check_schedule(model: &Path, schedule: &Path, abs: f64, rel: f64) -> Result<u8> {
    if !(abs >= 0.0 && rel >= 0.0) {
        eprintln!("error: tolerances must be non-negative numbers");
        return Ok(EXIT_INVALID);
    }
    let (checked, s) = match read_model_and_schedule(model, schedule) {
        Ok(both) => both,
        Err(code) => return Ok(code),
    };
    let tol = check::Tolerance { abs, rel };
    let violations = check::check(&checked.model, &s, &tol);
    for v in &violations {
        eprint!("{}", v.render());
    }
    if violations.is_empty() {
        println!(
            "{}: the schedule holds: every rule of {} and every reported figure (tolerance {abs} + {rel} x magnitude)",
            schedule.display(),
            model.display()
        );
        Ok(EXIT_OK)
    } else {
        eprintln!(
            "{}: {} violation{} of {}",
            schedule.display(),
            violations.len(),
            if violations.len() == 1 { "" } else { "s" },
            model.display()
        );
        Ok(EXIT_FAILURE)
    }
}

/// The schedule file `solve` writes when no `--output` is given.
fn default_output(path: &Path, format: OutFormat) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    let ext = match format {
        OutFormat::Yaml => "yaml",
        OutFormat::Json => "json",
    };
    PathBuf::from(format!("{stem}.schedule.{ext}"))
}

/// `hubplan report`: reads and validates the model and the schedule, then writes each report
/// asked for, atomically.
fn report_cmd(
    model: &Path,
    schedule: &Path,
    html: Option<PathBuf>,
    svg: Option<PathBuf>,
    csv: Option<PathBuf>,
    geojson: Option<PathBuf>,
) -> Result<u8> {
    if html.is_none() && svg.is_none() && csv.is_none() && geojson.is_none() {
        eprintln!("error: nothing to write: give --html, --svg, --csv or --geojson");
        return Ok(EXIT_INVALID);
    }
    let (checked, s) = match read_model_and_schedule(model, schedule) {
        Ok(both) => both,
        Err(code) => return Ok(code),
    };
    let m = &checked.model;
    let inputs: [&Path; 2] = [model, schedule];
    if let Some(p) = &html {
        emit(Some(p), &hubplan::report::html(m, &s)?, &inputs)?;
        eprintln!("report written to {}", p.display());
    }
    if let Some(dir) = &svg {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for c in hubplan::report::charts(m, &s)? {
            emit(Some(&dir.join(format!("{}.svg", c.name))), &c.svg, &inputs)?;
        }
        eprintln!("charts written to {}", dir.display());
    }
    if let Some(dir) = &csv {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for (name, text) in hubplan::report::csv_files(&s)? {
            emit(Some(&dir.join(name)), &text, &inputs)?;
        }
        eprintln!("CSV tables written to {}", dir.display());
    }
    if let Some(p) = &geojson {
        emit(Some(p), &hubplan::report::geojson(m, &s)?, &inputs)?;
        eprintln!("GeoJSON written to {}", p.display());
    }
    Ok(EXIT_OK)
}

/// Refuses to write over an input, and checks the output's folder is writable, before any work.
fn check_writable(out: &Path, inputs: &[&Path]) -> Result<()> {
    if let Ok(o) = out.canonicalize() {
        for i in inputs {
            if i.canonicalize().is_ok_and(|i| i == o) {
                bail!(
                    "refusing to overwrite the input {} with the output",
                    out.display()
                );
            }
        }
    }
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    tempfile::NamedTempFile::new_in(&dir).with_context(|| {
        format!(
            "cannot write to {} (folder {})",
            out.display(),
            dir.display()
        )
    })?;
    Ok(())
}

/// Writes text to a file atomically (temporary file + rename), or to standard output.
fn emit(out: Option<&Path>, text: &str, inputs: &[&Path]) -> Result<()> {
    match out {
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(text.as_bytes())?;
            o.flush()?;
        }
        Some(p) if p.as_os_str() == "-" => return emit(None, text, inputs),
        Some(p) => {
            check_writable(p, inputs)?;
            let dir = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let mut tmp = tempfile::NamedTempFile::new_in(&dir)
                .with_context(|| format!("cannot write to {}", dir.display()))?;
            tmp.write_all(text.as_bytes())?;
            // A temporary file is private (0600); give the output the permissions a plain
            // write would: those of the file it replaces, else read-write for the owner and
            // readable by others.
            let perms = match std::fs::metadata(p) {
                Ok(m) => m.permissions(),
                Err(_) => {
                    #[cfg(unix)]
                    {
                        use std::os::unix::fs::PermissionsExt;
                        std::fs::Permissions::from_mode(0o644)
                    }
                    #[cfg(not(unix))]
                    {
                        tmp.as_file().metadata()?.permissions()
                    }
                }
            };
            tmp.as_file().set_permissions(perms)?;
            tmp.as_file().sync_all()?;
            tmp.persist(p)
                .with_context(|| format!("cannot write {}", p.display()))?;
        }
    }
    Ok(())
}
