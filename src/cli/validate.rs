//! `hubplan validate`: reads and checks a model, and reports every error and warning.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use hubplan::pipeline::{self, PipelineError};

use super::exit::{EXIT_INVALID, EXIT_OK};
use super::input::source_of;
use super::output::{count_summary, out, plural, print_diagnostics};

/// Arguments of `validate`.
#[derive(clap::Args)]
pub struct ValidateArgs {
    /// Model file (YAML).
    model: PathBuf,
    /// Print diagnostics as JSON on standard output.
    #[arg(long)]
    json: bool,
    /// Treat warnings as errors (exit 2 when there are any).
    #[arg(long)]
    deny_warnings: bool,
}

/// Runs `validate`: the diagnostics (as text on standard error, or as JSON on standard
/// output), then a line with the counts and the model's size. Exit 2 when the model is
/// invalid (or has warnings, with `--deny-warnings`).
pub fn run(args: &ValidateArgs) -> Result<u8> {
    let path = args.model.as_path();
    let result = pipeline::check_file(path);
    let (diags, valid, source) = match &result {
        Ok(c) => (c.warnings.clone(), true, Some(c.loaded.source.clone())),
        Err(PipelineError::Invalid(d)) => (d.clone(), false, source_of(path)),
        Err(e) => bail!("{e}"),
    };
    if args.json {
        out(&(serde_json::to_string_pretty(&diags)? + "\n"))?;
    } else {
        print_diagnostics(&diags, source.as_deref());
    }
    let ok = valid && (!args.deny_warnings || diags.is_empty());
    if !args.json {
        print_verdict(path, &result, &diags, ok);
    }
    Ok(if ok { EXIT_OK } else { EXIT_INVALID })
}

/// The last line: valid or not, the counts, and for a model that reads the size of it.
fn print_verdict(
    path: &Path,
    result: &std::result::Result<pipeline::Checked, PipelineError>,
    diags: &[hubplan::diag::Diagnostic],
    ok: bool,
) {
    if let Ok(c) = result {
        let m = &c.model;
        eprintln!(
            "{}: {} ({}; {}, {}, {}, {}, {}, {})",
            path.display(),
            if ok { "valid" } else { "invalid" },
            count_summary(diags),
            plural(m.nodes.len(), "node", "nodes"),
            plural(m.routes.len(), "route", "routes"),
            plural(m.fleets.len(), "fleet", "fleets"),
            plural(c.network.commodities.len(), "commodity", "commodities"),
            plural(m.demands.len(), "demand", "demands"),
            plural(m.horizon, "day", "days"),
        );
    } else {
        eprintln!("{}: invalid ({})", path.display(), count_summary(diags));
    }
}
