//! The `hubplan` command line: parses the arguments and runs the command. Each command is a
//! file of [`cli`]; the exit codes are [`cli::exit`]'s.
//!
//! Exit codes: 0 success (schedule written: optimal or feasible at a limit), 1 other failures,
//! 2 invalid input, 3 infeasible (each hard requirement that cannot be met is explained, see
//! [`hubplan::explain`]), 4 no schedule found within the limits.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

mod cli;

use cli::exit::{EXIT_FAILURE, EXIT_OK};
use cli::output::StdoutError;

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
    Validate(cli::validate::ValidateArgs),
    /// Build the graph and the MIP, solve it and write the deployment schedule.
    Solve(cli::solve::SolveArgs),
    /// Verify a schedule against a model, independently of the solver: every rule and every
    /// reported figure. Exit 0 when it holds, 1 when not.
    Check(cli::check::CheckArgs),
    /// Write reports of a schedule: a self-contained HTML file with charts and a map, the
    /// charts as SVGs, CSV tables and GeoJSON.
    Report(cli::report::ReportArgs),
    /// Export the transport graph.
    Graph(cli::graph::GraphArgs),
    /// Print the JSON Schema of the model format.
    Schema(cli::schema::SchemaArgs),
    /// List every diagnostic code with its meaning.
    Codes,
    /// Write a synthetic benchmark instance (deterministic in family, size and seed).
    Generate(cli::generate::GenerateArgs),
    /// Write the MIP exactly as hubplan builds it (MPS and/or LP), to time HiGHS or another
    /// solver alone on it. Its optimum equals hubplan's objective (the constant is the
    /// objective offset).
    Export(cli::export::ExportArgs),
    /// Run benchmark instances as `solve` does (and HiGHS alone on their exported MIP), each
    /// run in its own process, and compare with reference objectives. Exit 0 when every run is
    /// ok or has no reference, 1 otherwise. See docs/bench.md.
    Bench(cli::bench::BenchArgs),
    /// One benchmark run in a child process of `bench` (JSON lines on standard output).
    #[command(hide = true)]
    BenchWorker(cli::bench::BenchWorkerArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // Standard output failed: a closed pipe (`hubplan codes | head -1`) ends quietly
            // and successfully, as Unix tools do; any other failure (a full device) is exit 1.
            if let Some(out) = e.chain().find_map(|c| c.downcast_ref::<StdoutError>()) {
                if out.0.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::from(EXIT_OK);
                }
                let _ = writeln!(std::io::stderr(), "error: {out}");
                return ExitCode::from(EXIT_FAILURE);
            }
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Runs the command; its exit code, or the error that stopped it.
fn run(command: Command) -> Result<u8> {
    match command {
        Command::Validate(args) => cli::validate::run(&args),
        Command::Solve(args) => cli::solve::run(args),
        Command::Check(args) => cli::check::run(&args),
        Command::Report(args) => cli::report::run(&args),
        Command::Graph(args) => cli::graph::run(&args),
        Command::Schema(args) => cli::schema::run(&args),
        Command::Codes => cli::codes::run(),
        Command::Generate(args) => cli::generate::run(&args),
        Command::Export(args) => cli::export::run(&args),
        Command::Bench(args) => cli::bench::run(args),
        Command::BenchWorker(args) => cli::bench::run_worker(&args),
    }
}
