//! Reading what the commands take: a model, read and validated with its diagnostics printed,
//! and a schedule written by `solve`. On failure each says why on standard error and gives
//! the exit code.

use std::path::Path;

use hubplan::pipeline::{self, Checked, PipelineError};
use hubplan::schedule::Schedule;

use super::exit::{EXIT_FAILURE, EXIT_INVALID};
use super::output::{count_summary, print_diagnostics};

/// Reads and validates a model; prints its warnings unless `quiet_warnings`. On errors prints
/// them and returns the exit code.
pub fn read_model(path: &Path, quiet_warnings: bool) -> Result<Checked, u8> {
    match pipeline::check_file(path) {
        Ok(c) => {
            if !quiet_warnings {
                print_diagnostics(&c.warnings, Some(&c.loaded.source));
            }
            Ok(c)
        }
        Err(PipelineError::Invalid(diags)) => {
            print_diagnostics(&diags, source_of(path).as_deref());
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

/// Reads and validates a model (its warnings unprinted) and reads a schedule (JSON when its
/// text starts with `{`, else YAML, whatever its name); on failure prints why and returns the exit code.
pub fn read_model_and_schedule(model: &Path, schedule: &Path) -> Result<(Checked, Schedule), u8> {
    let checked = read_model(model, true)?;
    let text = std::fs::read_to_string(schedule).map_err(|e| {
        eprintln!("error: cannot read schedule {}: {e}", schedule.display());
        EXIT_INVALID
    })?;
    // By content, not by name: a JSON schedule is an object; anything else is read as YAML.
    let is_json = text.trim_start().starts_with('{');
    let parsed: Result<Schedule, String> = if is_json {
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

/// The text of a model file, to show the lines its diagnostics point at; `None` for a file
/// hubplan does not read (larger than [`hubplan::load::MAX_FILE_BYTES`], refused as E1002
/// without reading it) or cannot read as text.
pub fn source_of(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > hubplan::load::MAX_FILE_BYTES {
        return None;
    }
    std::fs::read_to_string(path).ok()
}
