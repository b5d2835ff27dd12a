//! `hubplan export`: writes the MIP as hubplan builds it, to run another solver on it.

use std::path::PathBuf;

use anyhow::{Context, Result};

use hubplan::solve::ExportFormat;

use super::exit::EXIT_OK;
use super::input::read_model;
use super::output::{check_outputs, out};

/// Arguments of `export` (at least one of the files).
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("out").required(true).multiple(true).args(["mps", "lp"])))]
pub struct ExportArgs {
    /// Model file (YAML).
    model: PathBuf,
    /// MPS file to write.
    #[arg(long)]
    mps: Option<PathBuf>,
    /// LP file to write.
    #[arg(long)]
    lp: Option<PathBuf>,
}

/// Runs `export`: builds the formulation once per file (each export names its own columns and rows)
/// and writes it, with a line of its size.
pub fn run(args: &ExportArgs) -> Result<u8> {
    let outputs: Vec<&std::path::Path> = [&args.mps, &args.lp]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    check_outputs(&outputs, &[&args.model])?;
    let checked = match read_model(&args.model, false) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    for (path, format) in [(&args.mps, ExportFormat::Mps), (&args.lp, ExportFormat::Lp)] {
        let Some(path) = path else { continue };
        let mut f = hubplan::formulation::build(&checked.model, &checked.network);
        hubplan::solve::export_named(&mut f, &checked.model, path, format)
            .with_context(|| format!("exporting to {}", path.display()))?;
        out(&format!(
            "{}: {} columns ({} integer), {} rows\n",
            path.display(),
            f.is_integer.len(),
            f.is_integer.iter().filter(|&&i| i).count(),
            f.stats.rows
        ))?;
    }
    Ok(EXIT_OK)
}
