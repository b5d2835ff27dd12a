//! `hubplan solve`: plans a model and writes its schedule (and, on request, its HTML report),
//! or says why there is none.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result};
use clap::ValueEnum;

use hubplan::model::Model;
use hubplan::pipeline::{self, Checked, Planned};
use hubplan::schedule::{self, Schedule};
use hubplan::solve::{SolveOptions, Status, TimeLimit};

use super::args::{self, parse_heuristics, GapParser, HeuristicList, SolverOptionParser};
use super::exit::{EXIT_FAILURE, EXIT_INFEASIBLE, EXIT_INVALID, EXIT_NO_SCHEDULE, EXIT_OK};
use super::input::read_model;
use super::output::{check_outputs, check_writable, emit, out, spinner};
use super::report::{self, ReportArgs};

/// Arguments of `solve`.
#[derive(clap::Args)]
pub struct SolveArgs {
    /// Model file (YAML).
    model: PathBuf,
    /// Schedule file to write ('-' for standard output); default: MODEL-STEM.schedule.yaml
    /// (or .json) in the current directory. Its extension (.json, .yaml, .yml) sets the format.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Schedule format [default: from the output's extension, else yaml].
    #[arg(long, value_enum)]
    format: Option<OutFormat>,
    /// Time limit in seconds for the whole solve (start heuristic and MIP); 'inf' for none.
    #[arg(long, default_value = "60")]
    time_limit: TimeLimit,
    /// Relative MIP gap at which to stop (e.g. 0.01 for 1%); default 0.0001.
    #[arg(long, value_parser = GapParser)]
    gap: Option<f64>,
    /// Solver threads (1 to 1024).
    #[arg(long, value_parser = args::threads_parser())]
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
    #[arg(long = "solver-option", value_name = "NAME=VALUE", value_parser = SolverOptionParser)]
    solver_options: Vec<(String, String)>,
    /// Skip the independent check of the schedule before it is written.
    #[arg(long)]
    no_check: bool,
    /// Also write the HTML report of the schedule to this file.
    #[arg(long, value_name = "HTML")]
    report: Option<PathBuf>,
}

/// The format of the schedule file.
// The variants have no doc comments: clap would list them in `--help` as the values' help.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutFormat {
    Yaml,
    Json,
}

/// The schedule file `solve` writes when no `--output` is given: MODEL-STEM.schedule.yaml (or
/// .json) in the current directory.
pub fn default_output(model: &Path, format: OutFormat) -> PathBuf {
    let stem = model
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "model".into());
    let ext = match format {
        OutFormat::Yaml => "yaml",
        OutFormat::Json => "json",
    };
    PathBuf::from(format!("{stem}.schedule.{ext}"))
}

/// The format a schedule file's extension names: `.json` JSON, `.yaml` and `.yml` YAML.
fn format_of_extension(path: &Path) -> Option<OutFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "json" => Some(OutFormat::Json),
        "yaml" | "yml" => Some(OutFormat::Yaml),
        _ => None,
    }
}

/// The name of a format, as `--format` takes it.
fn format_name(f: OutFormat) -> &'static str {
    match f {
        OutFormat::Yaml => "yaml",
        OutFormat::Json => "json",
    }
}

/// Runs `solve`, then writes the report asked for with `--report` when a schedule was written.
pub fn run(mut args: SolveArgs) -> Result<u8> {
    args::warn_if_more_threads_than_cores(args.threads);
    let opts = SolveOptions {
        time_limit: args.time_limit,
        gap: args.gap,
        threads: args.threads,
        verbose: args.solver_log,
        solver_options: args.solver_options.clone(),
        exact: args.exact,
        heuristics: args.heuristics.clone().map(|l| l.0),
        heuristic_only: false,
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.model, args.format.unwrap_or(OutFormat::Yaml)));
    // Refusing to overwrite an input comes first; then the format follows the file's
    // extension, and `--format` may only agree with it.
    if output.as_os_str() != "-" {
        check_writable(&output, &[&args.model])?;
    }
    let by_ext = format_of_extension(&output);
    match (args.format, by_ext) {
        (Some(f), Some(e)) if f != e => {
            eprintln!(
                "error: --format {} contradicts the output {} (a {} file); drop --format or rename the output",
                format_name(f),
                output.display(),
                format_name(e)
            );
            return Ok(EXIT_INVALID);
        }
        (None, e) => args.format = Some(e.unwrap_or(OutFormat::Yaml)),
        _ => {}
    }
    if let Some(html) = &args.report {
        if output.as_os_str() == "-" {
            eprintln!("error: --report needs the schedule in a file, not '-'");
            return Ok(EXIT_INVALID);
        }
        check_outputs(&[&output, html], &[&args.model])?;
    }
    let code = solve(&args, &output, &opts)?;
    match args.report {
        Some(html) if code == EXIT_OK => report::run(&ReportArgs {
            model: args.model,
            schedule: output,
            html: Some(html),
            svg: None,
            csv: None,
            geojson: None,
        }),
        _ => Ok(code),
    }
}

/// Where the summary and the closing lines go: standard output, or standard error when the
/// schedule itself goes to standard output; nowhere with `--quiet`.
struct Say {
    quiet: bool,
    to_stdout: bool,
}

impl Say {
    /// Says `text`; a failure to write standard output is an error ([`out`]).
    fn say(&self, text: &str) -> Result<()> {
        if self.quiet {
            return Ok(());
        }
        if self.to_stdout {
            let _ = write!(std::io::stderr(), "{text}");
        } else {
            out(text)?;
        }
        Ok(())
    }
}

/// Reads, plans and writes the schedule to `output` ('-': standard output), or says why there
/// is none; returns the exit code.
fn solve(args: &SolveArgs, output: &Path, opts: &SolveOptions) -> Result<u8> {
    let path = args.model.as_path();
    // The output was checked by `run` before the model was read.
    let say = Say {
        quiet: args.quiet,
        to_stdout: output.as_os_str() == "-",
    };
    stop_on_interrupt();
    let pb = spinner(args.quiet);
    pb.set_message(format!("reading and validating {}", path.display()));
    let checked = match read_model(path, args.quiet) {
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
    match s.solver.status {
        Status::Optimal | Status::Feasible => {
            if !args.no_check && !passes_self_check(path, m, s) {
                say.say(&summary)?;
                return Ok(EXIT_FAILURE);
            }
            // The schedule file first, then the summary: a failing standard output loses no
            // solve.
            let format = args.format.unwrap_or(OutFormat::Yaml);
            write_schedule(path, output, format, s, &say, &summary)?;
            Ok(EXIT_OK)
        }
        Status::Infeasible | Status::Unbounded | Status::InfeasibleOrUnbounded => {
            say.say(&summary)?;
            explain_infeasible(path, &checked, opts, &planned, args.quiet);
            Ok(EXIT_INFEASIBLE)
        }
        Status::NoSolution => {
            say.say(&summary)?;
            explain_no_schedule(path, opts, s);
            Ok(EXIT_NO_SCHEDULE)
        }
    }
}

/// First Ctrl-C: stop the solver and keep the best schedule found so far (written atomically
/// as usual); a second one aborts at once, leaving no partial output file.
fn stop_on_interrupt() {
    let hits = AtomicUsize::new(0);
    let _ = ctrlc::set_handler(move || {
        if hits.fetch_add(1, Ordering::SeqCst) == 0 {
            hubplan::solve::request_interrupt();
            eprintln!("\ninterrupting: stopping the solver; the best schedule found so far, if any, is kept (Ctrl-C again to abort)");
        } else {
            std::process::exit(130);
        }
    });
}

/// The pipeline's independent check of the schedule ([`pipeline::self_check`]); prints every
/// violation and why nothing is written when it fails.
fn passes_self_check(path: &Path, model: &Model, schedule: &Schedule) -> bool {
    let Err(violations) = pipeline::self_check(model, schedule) else {
        return true;
    };
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
    false
}

/// Writes the schedule in `format` to `output` ('-': standard output), then says the summary,
/// where it was written, and whether it is partial (the solve was interrupted).
fn write_schedule(
    path: &Path,
    output: &Path,
    format: OutFormat,
    s: &Schedule,
    say: &Say,
    summary: &str,
) -> Result<()> {
    let text = match format {
        OutFormat::Yaml => schedule::to_yaml(s)?,
        OutFormat::Json => schedule::to_json(s)? + "\n",
    };
    let partial = if hubplan::solve::interrupt_requested() {
        " (partial: the solve was interrupted; see its gap)"
    } else {
        ""
    };
    if say.to_stdout {
        say.say(summary)?;
        emit(None, &text, &[])?;
        if !partial.is_empty() {
            eprintln!("schedule written{partial}");
        }
    } else {
        emit(Some(output), &text, &[path])?;
        say.say(&format!(
            "{summary}\nschedule written to {}{partial}\n",
            output.display()
        ))?;
        if say.quiet && !partial.is_empty() {
            eprintln!("schedule written to {}{partial}", output.display());
        }
    }
    Ok(())
}

/// Names each hard requirement that cannot be met ([`pipeline::explain`]; not for an
/// unbounded model), then says the model is infeasible.
fn explain_infeasible(
    path: &Path,
    checked: &Checked,
    opts: &SolveOptions,
    planned: &Planned,
    quiet: bool,
) {
    let status = planned.schedule.solver.status;
    let mut explained = 0;
    if status != Status::Unbounded {
        let pb = spinner(quiet);
        pb.set_message("explaining: re-solving with the hard requirements relaxed");
        let why = pipeline::explain(&checked.model, &checked.network, opts, planned.elapsed());
        pb.finish_and_clear();
        match why {
            Ok(why) => {
                explained = why.findings.len();
                eprint!("{}", why.render());
            }
            Err(e) => eprintln!("note: the model could not be re-solved to explain it: {e}"),
        }
    }
    eprintln!(
        "{}: the model is {}: no schedule meets every hard demand, hard coverage and fixed hub{}",
        path.display(),
        status.as_str().replace('_', " "),
        match explained {
            0 => String::new(),
            1 => " (1 hard requirement cannot be met)".to_string(),
            n => format!(" ({n} hard requirements cannot be met)"),
        }
    );
    if explained == 0 {
        eprintln!("  = hint: make hard demands soft (`hard: false`) to see shortfalls instead");
    }
}

/// Says no schedule was found within the limits, what the solve tried and how to go further.
fn explain_no_schedule(path: &Path, opts: &SolveOptions, s: &Schedule) {
    // What the solve ran, as it says itself (its `method`), so that this message follows the
    // solve's parts.
    let tried = if opts.exact {
        "tried: the plain MIP (HiGHS)".to_string()
    } else {
        format!("tried: {}", s.solver.method)
    };
    let headline = if hubplan::solve::interrupt_requested() {
        "no schedule found: the solve was interrupted"
    } else {
        "no schedule found within the limits"
    };
    eprintln!(
        "{}: {headline} ({}; {:.1} s, {} branch-and-bound nodes)",
        path.display(),
        s.solver.stop_reason,
        s.solver.solve_seconds,
        s.solver.nodes
    );
    eprintln!("  = {tried}");
    if hubplan::solve::interrupt_requested() {
        eprintln!("  = note: the solve was interrupted (Ctrl-C) before it found any schedule");
    } else {
        eprintln!("  = hint: raise --time-limit or loosen --gap");
    }
}
