//! `hubplan report`: the reports of a schedule (HTML, SVG charts, CSV tables, GeoJSON).

use std::path::PathBuf;

use anyhow::{Context, Result};

use super::exit::{EXIT_INVALID, EXIT_OK};
use super::input::read_model_and_schedule;
use super::output::{check_writable, emit};

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

/// Runs `report`: reads and validates the model and the schedule, then writes each report
/// asked for, atomically.
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
    for p in [html, geojson].into_iter().flatten() {
        check_writable(p, &[model, schedule])?;
    }
    let (checked, s) = match read_model_and_schedule(model, schedule) {
        Ok(both) => both,
        Err(code) => return Ok(code),
    };
    let m = &checked.model;
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
