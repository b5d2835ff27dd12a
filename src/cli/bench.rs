//! `hubplan bench` (benchmark runs, each in its own process) and the hidden `bench-worker`
//! that runs one of them; the runner itself is [`hubplan::bench`].

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use hubplan::bench::{BenchOptions, Job, Mode, Show};
use hubplan::solve::TimeLimit;

use super::args::{self, parse_heuristics, GapParser, HeuristicList, ToleranceParser};
use super::exit::{EXIT_FAILURE, EXIT_INVALID, EXIT_OK};
use super::output::{check_outputs, emit};

/// Arguments of `bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Instance files or folders (a folder: every *.yaml but reference.yaml, sorted).
    #[arg(default_value = "instances")]
    paths: Vec<PathBuf>,
    /// Runs at once (child processes).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
    jobs: u32,
    /// Solver threads per run (1 to 1024); default: cores / jobs (at least 1).
    #[arg(long, value_parser = args::threads_parser())]
    threads: Option<u32>,
    /// Time limit in seconds of each solve; 'inf' for none.
    #[arg(long, default_value = "60")]
    time_limit: TimeLimit,
    /// Relative MIP gap at which to stop; default 0.0001.
    #[arg(long, value_parser = GapParser)]
    gap: Option<f64>,
    /// Modes to run on each instance: hubplan (as `solve`), exact (as `solve --exact`),
    /// highs (HiGHS alone on the exported MPS).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "hubplan")]
    modes: Vec<Mode>,
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
    #[arg(long, default_value_t = 1e-4, value_parser = ToleranceParser::BENCH)]
    tolerance: f64,
    /// No progress display.
    #[arg(short, long)]
    quiet: bool,
}

/// Arguments of the hidden `bench-worker`.
#[derive(clap::Args)]
pub struct BenchWorkerArgs {
    /// The job, as JSON.
    #[arg(long)]
    job: String,
}

/// Runs `bench`: the table on standard output (and in the files asked for), the summary on
/// standard error; exit 0 when every run passes.
pub fn run(args: BenchArgs) -> Result<u8> {
    // The instances and the reference file are inputs: no table may replace one, and the
    // CSV and the Markdown table need files of their own.
    let outputs: Vec<&Path> = args
        .output
        .iter()
        .chain(&args.markdown)
        .map(|p| p.as_path())
        .collect();
    let inputs: Vec<&Path> = args
        .paths
        .iter()
        .chain(&args.reference)
        .map(|p| p.as_path())
        .collect();
    check_outputs(&outputs, &inputs)?;
    let show = if args.quiet {
        Show::Nothing
    } else if std::io::stderr().is_terminal() {
        Show::Bars
    } else {
        Show::Lines
    };
    let opts = BenchOptions {
        paths: args.paths,
        jobs: args.jobs as usize,
        threads: args.threads,
        time_limit: args.time_limit,
        gap: args.gap,
        modes: args.modes,
        heuristics: args.heuristics.map(|l| l.0),
        build_only: args.build_only,
        reference: args.reference,
        tolerance: args.tolerance,
        worker: std::env::current_exe().context("cannot find the hubplan executable")?,
        show,
    };
    let rows = hubplan::bench::run(&opts)?;
    let table = hubplan::bench::to_markdown(&rows);
    emit(None, &table, &[])?;
    if let Some(p) = &args.output {
        emit(Some(p), &hubplan::bench::to_csv(&rows)?, &[])?;
    }
    if let Some(p) = &args.markdown {
        emit(Some(p), &table, &[])?;
    }
    eprintln!("{}", hubplan::bench::summary(&rows));
    Ok(if hubplan::bench::all_pass(&rows) {
        EXIT_OK
    } else {
        EXIT_FAILURE
    })
}

/// Runs `bench-worker`: one job of `bench`, its phases and result as JSON lines on standard
/// output.
pub fn run_worker(args: &BenchWorkerArgs) -> Result<u8> {
    let job: Job = match serde_json::from_str(&args.job) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("error: not a bench job: {e}");
            return Ok(EXIT_INVALID);
        }
    };
    hubplan::bench::worker(&job, &mut std::io::stdout().lock())?;
    Ok(EXIT_OK)
}
