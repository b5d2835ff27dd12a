//! `hubplan report`: the reports of a schedule (HTML, SVG charts, CSV tables, GeoJSON).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use hubplan::diag::printable;
use hubplan::model::Model;
use hubplan::schedule::Schedule;

use super::exit::{EXIT_INVALID, EXIT_OK};
use super::input::read_model_and_schedule;
use super::output::{check_outputs, emit};

/// Arguments of `report`; `solve --report` fills them too.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// Model file (YAML).
    pub model: PathBuf,
    /// Schedule file (YAML or JSON, as written by `solve`).
    pub schedule: PathBuf,
    /// HTML report to write.
    #[arg(long)]
    pub html: Option<PathBuf>,
    /// Folder to write each chart to as its own SVG.
    #[arg(long, value_name = "DIR")]
    pub svg: Option<PathBuf>,
    /// Folder to write movements.csv, stocks.csv, deliveries.csv and closure.csv to.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// GeoJSON file to write (nodes and routes with tonnes moved).
    #[arg(long, value_name = "FILE")]
    pub geojson: Option<PathBuf>,
}

/// Runs `report`: reads and validates the model and the schedule, refuses a schedule that is
/// not one of this model (`belongs`), then writes each report asked for, atomically.
pub fn run(args: &ReportArgs) -> Result<u8> {
    let ReportArgs {
        model,
        schedule,
        html,
        svg,
        csv,
        geojson,
    } = args;
    if html.is_none() && svg.is_none() && csv.is_none() && geojson.is_none() {
        eprintln!("error: nothing to write: give --html, --svg, --csv or --geojson");
        return Ok(EXIT_INVALID);
    }
    let files: Vec<&Path> = [html, geojson]
        .into_iter()
        .flatten()
        .map(|p| p.as_path())
        .collect();
    check_outputs(&files, &[model, schedule])?;
    let (checked, s) = match read_model_and_schedule(model, schedule) {
        Ok(both) => both,
        Err(code) => return Ok(code),
    };
    let m = &checked.model;
    if let Err(code) = belongs(m, &s, schedule) {
        return Ok(code);
    }
    let inputs = [model.as_path(), schedule.as_path()];
    if let Some(p) = html {
        emit(Some(p), &hubplan::report::html(m, &s)?, &inputs)?;
        eprintln!("report written to {}", p.display());
    }
    if let Some(dir) = svg {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for c in hubplan::report::charts(m, &s)? {
            emit(Some(&dir.join(format!("{}.svg", c.name))), &c.svg, &inputs)?;
        }
        eprintln!("charts written to {}", dir.display());
    }
    if let Some(dir) = csv {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for (name, text) in hubplan::report::csv_files(&s)? {
            emit(Some(&dir.join(name)), &text, &inputs)?;
        }
        eprintln!("CSV tables written to {}", dir.display());
    }
    if let Some(p) = geojson {
        emit(Some(p), &hubplan::report::geojson(m, &s)?, &inputs)?;
        eprintln!("GeoJSON written to {}", p.display());
    }
    Ok(EXIT_OK)
}

/// Whether `s` is a schedule of `m` by the checker's structural rules
/// ([`hubplan::check::structural`]: references C4001, header C4002, quantities C4302). When not,
/// prints each such violation with its code and returns exit 2; a schedule that only breaks
/// other rules (capacity, say) is reported all the same, after a one-line warning.
fn belongs(m: &Model, s: &Schedule, path: &Path) -> Result<(), u8> {
    let (bad, others) = hubplan::check::structural(m, s);
    if !bad.is_empty() {
        for v in &bad {
            eprint!("{}", printable_lines(&v.render()));
        }
        eprintln!(
            "error: {}: the schedule does not belong to this model ({} violation{} of C4001, C4002 or C4302); nothing written",
            printable(&path.display().to_string()),
            bad.len(),
            if bad.len() == 1 { "" } else { "s" }
        );
        return Err(EXIT_INVALID);
    }
    if !others.is_empty() {
        eprintln!(
            "warning: {}: the schedule breaks {} rule{} of the model (`hubplan check` lists them); reporting it as it is",
            printable(&path.display().to_string()),
            others.len(),
            if others.len() == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// `text` with every control character in each line made visible (ids come from the files).
fn printable_lines(text: &str) -> String {
    text.lines().map(|l| printable(l) + "\n").collect()
}
