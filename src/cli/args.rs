//! The arguments' own types and their clap value parsers, shared by the commands that take
//! them: a bad value is refused once, while the arguments are parsed, by the same code whichever
//! command gets it (exit code 2, as for any other bad argument).
//!
//! The time limit is [`hubplan::solve::TimeLimit`], which clap parses through its `FromStr`.

use std::ffi::OsStr;
use std::num::ParseFloatError;
use std::str::FromStr;

use clap::builder::TypedValueParser;
use clap::error::ErrorKind;
use hubplan::check;
use hubplan::solve::Heuristic;

/// A comma-separated list of the start heuristic's parts (a newtype, so that clap takes it
/// as one value).
#[derive(Debug, Clone)]
pub struct HeuristicList(pub Vec<Heuristic>);

/// Parses `--heuristics`: part names separated by commas, or `none`.
pub fn parse_heuristics(s: &str) -> Result<HeuristicList, String> {
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
        .collect::<Result<Vec<_>, _>>()
        .map(HeuristicList)
}

/// Parses `--solver-option NAME=VALUE` into the name and the value, each trimmed.
#[derive(Debug, Clone, Copy)]
pub struct SolverOptionParser;

impl TypedValueParser for SolverOptionParser {
    type Value = (String, String);

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<(String, String), clap::Error> {
        let text = clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)?;
        match text.split_once('=') {
            Some((name, value)) => {
                let option = (name.trim().to_string(), value.trim().to_string());
                // Refused here, before any work, with the same exit code as any bad argument.
                hubplan::solve::check_solver_options(std::slice::from_ref(&option))
                    .map_err(|e| refusal(&format!("--solver-option {text}: {e}")))?;
                Ok(option)
            }
            None => Err(refusal(&format!(
                "--solver-option '{text}' is not NAME=VALUE"
            ))),
        }
    }
}

/// The most solver threads accepted (`--threads`): more is a typo, not a machine.
pub const MAX_THREADS: u32 = 1024;

/// Parses `--threads`: a whole number from 1 to [`MAX_THREADS`].
pub fn threads_parser() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(1..=i64::from(MAX_THREADS))
}

/// Warns on standard error when more solver threads are asked for than this machine has cores:
/// HiGHS would run them, each slower, and the time limit would buy less.
pub fn warn_if_more_threads_than_cores(threads: Option<u32>) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if let Some(t) = threads.filter(|&t| t as usize > cores) {
        eprintln!(
            "warning: --threads {t} is more than the {cores} cores of this machine; the threads share them"
        );
    }
}

/// Parses the relative MIP gap (`--gap`): a number between 0 and 1.
#[derive(Debug, Clone, Copy)]
pub struct GapParser;

impl TypedValueParser for GapParser {
    type Value = f64;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<f64, clap::Error> {
        let gap = parse_number(cmd, arg, value)?;
        if !(0.0..=1.0).contains(&gap) {
            return Err(refusal("--gap must be between 0 and 1 (e.g. 0.01 for 1%)"));
        }
        Ok(gap)
    }
}

/// Parses a tolerance: a finite number from 0 to `max`; anything else (NaN, infinity, a
/// negative or larger number) is refused with `refusal`, the sentence that names the argument.
/// An infinite or huge tolerance would switch the check off without a word.
#[derive(Debug, Clone, Copy)]
pub struct ToleranceParser {
    max: f64,
    refusal: &'static str,
}

impl ToleranceParser {
    /// The absolute tolerance of `check` (`--abs-tol`).
    pub const CHECK_ABS: ToleranceParser = ToleranceParser {
        max: check::Tolerance::MAX_ABS,
        refusal: "--abs-tol must be a number from 0 to 1",
    };
    /// The relative tolerance of `check` (`--rel-tol`).
    pub const CHECK_REL: ToleranceParser = ToleranceParser {
        max: check::Tolerance::MAX_REL,
        refusal: "--rel-tol must be a number from 0 to 0.01",
    };
    /// The relative tolerance of `bench`'s comparison with the reference objective.
    pub const BENCH: ToleranceParser = ToleranceParser {
        max: 1.0,
        refusal: "--tolerance must be a number from 0 to 1",
    };
}

impl TypedValueParser for ToleranceParser {
    type Value = f64;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<f64, clap::Error> {
        let tolerance = parse_number(cmd, arg, value)?;
        if !(0.0..=self.max).contains(&tolerance) {
            return Err(refusal(self.refusal));
        }
        Ok(tolerance)
    }
}

/// Parses a number as clap does for an `f64` argument, with clap's own messages for a value
/// that is not one.
fn parse_number(
    cmd: &clap::Command,
    arg: Option<&clap::Arg>,
    value: &OsStr,
) -> Result<f64, clap::Error> {
    let parse: fn(&str) -> Result<f64, ParseFloatError> = f64::from_str;
    parse.parse_ref(cmd, arg, value)
}

/// A refused value: clap prints `error: ` and `message` on standard error and exits with 2.
/// A raw error carries no usage and no colour, so the line reads as every other `error:` line
/// of hubplan.
fn refusal(message: &str) -> clap::Error {
    clap::Error::raw(ErrorKind::ValueValidation, format!("{message}\n"))
}
