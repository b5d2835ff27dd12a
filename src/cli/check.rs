//! `hubplan check`: verifies a schedule against its model, independently of the solver.

use std::path::PathBuf;

use anyhow::Result;

use hubplan::check;

use super::args::ToleranceParser;
use super::exit::{EXIT_FAILURE, EXIT_OK};
use super::input::read_model_and_schedule;
use super::output::out;

/// Arguments of `check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// Model file (YAML).
    model: PathBuf,
    /// Schedule file (YAML or JSON, as written by `solve`).
    schedule: PathBuf,
    /// Absolute tolerance (from 0 to 1).
    #[arg(long, default_value_t = 1e-5, value_parser = ToleranceParser::CHECK_ABS)]
    abs_tol: f64,
    /// Relative tolerance (from 0 to 0.01).
    #[arg(long, default_value_t = 1e-6, value_parser = ToleranceParser::CHECK_REL)]
    rel_tol: f64,
}

/// Runs `check`: every violation on standard error, and a closing line; exit 0 when the
/// schedule holds, 1 when not.
pub fn run(args: &CheckArgs) -> Result<u8> {
    let (model, schedule) = (&args.model, &args.schedule);
    let (abs, rel) = (args.abs_tol, args.rel_tol);
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
        out(&format!(
            "{}: the schedule holds: every rule of {} and every reported figure (tolerance {abs} + {rel} x magnitude)\n",
            schedule.display(),
            model.display()
        ))?;
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
