//! The CSV tables of a schedule, for spreadsheets: movements, stocks, deliveries and the
//! closure profile. Figures are written as Rust writes them (full precision), not rounded, and
//! stay numbers (a negative one keeps its `-`); text cells that a spreadsheet would take for a
//! formula are quoted (`text`).

use anyhow::Result;

use crate::schedule::{Schedule, Stage};

/// A CSV document with `header` and `rows`.
fn csv_text(header: &[&str], rows: Vec<Vec<String>>) -> Result<String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(&r)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// The stage as written in `stocks.csv`.
fn stage_str(s: Stage) -> &'static str {
    match s {
        Stage::At => "at",
        Stage::AwaitingHandling => "awaiting_handling",
        Stage::Handled => "handled",
    }
}

/// A text cell (an id, a reason) safe to open in a spreadsheet: one beginning with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would be read as a formula, so it gets a leading single
/// quote, as OWASP recommends; so does one beginning with a quote, so that the text reads back
/// exactly by dropping one leading quote wherever there is one. Figures are written as
/// numbers, never through this.
fn text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The CSV tables: `(file name, text)` for movements, their cargo, stocks, deliveries and
/// closure. `cargo.csv` has one row per cargo item, keyed by the `movement` column of
/// `movements.csv` (its row number, from 1).
pub fn csv_files(s: &Schedule) -> Result<Vec<(&'static str, String)>> {
    let movements = csv_text(
        &[
            "day",
            "arrival_day",
            "route",
            "from",
            "to",
            "mode",
            "fleet",
            "trips",
            "load_t",
            "capacity_t",
            "movement",
        ],
        s.movements
            .iter()
            .enumerate()
            .map(|(i, m)| {
                vec![
                    m.day.to_string(),
                    m.arrival_day.to_string(),
                    text(&m.route),
                    text(&m.from),
                    text(&m.to),
                    m.mode.as_str().into(),
                    text(&m.fleet),
                    m.trips.to_string(),
                    m.load_t.to_string(),
                    m.capacity_t.to_string(),
                    (i + 1).to_string(),
                ]
            })
            .collect(),
    )?;
    let cargo = csv_text(
        &["movement", "nation", "resource", "quantity"],
        s.movements
            .iter()
            .enumerate()
            .flat_map(|(i, m)| {
                m.cargo.iter().map(move |c| {
                    vec![
                        (i + 1).to_string(),
                        text(&c.nation),
                        text(&c.resource),
                        c.quantity.to_string(),
                    ]
                })
            })
            .collect(),
    )?;
    let stocks = csv_text(
        &["day", "node", "stage", "nation", "resource", "quantity"],
        s.stocks
            .iter()
            .map(|x| {
                vec![
                    x.day.to_string(),
                    text(&x.node),
                    stage_str(x.stage).into(),
                    text(&x.nation),
                    text(&x.resource),
                    x.quantity.to_string(),
                ]
            })
            .collect(),
    )?;
    let deliveries = csv_text(
        &[
            "demand",
            "node",
            "resource",
            "quantity",
            "due_day",
            "hard",
            "delivered",
            "on_time",
            "late_unit_days",
            "shortfall",
            "completed_day",
            "reason",
        ],
        s.deliveries
            .iter()
            .map(|d| {
                vec![
                    text(&d.demand),
                    text(&d.node),
                    text(&d.resource),
                    d.quantity.to_string(),
                    d.due_day.to_string(),
                    d.hard.to_string(),
                    d.delivered.to_string(),
                    d.on_time.to_string(),
                    d.late_unit_days.to_string(),
                    d.shortfall.to_string(),
                    d.completed_day.map_or(String::new(), |x| x.to_string()),
                    d.reason.as_deref().map_or_else(String::new, text),
                ]
            })
            .collect(),
    )?;
    let closure = csv_text(
        &["node", "required", "day", "share"],
        s.closure
            .iter()
            .flat_map(|c| {
                c.share_by_day.iter().enumerate().map(|(d, v)| {
                    vec![
                        text(&c.node),
                        c.required.to_string(),
                        d.to_string(),
                        v.to_string(),
                    ]
                })
            })
            .collect(),
    )?;
    Ok(vec![
        ("movements.csv", movements),
        ("cargo.csv", cargo),
        ("stocks.csv", stocks),
        ("deliveries.csv", deliveries),
        ("closure.csv", closure),
    ])
}
