//! The CSV tables of a schedule, for spreadsheets: movements, stocks, deliveries and the
//! closure profile. Figures are written as Rust writes them (full precision), not rounded.

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

/// The CSV tables: `(file name, text)` for movements, stocks, deliveries and closure.
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
            "cargo",
        ],
        s.movements
            .iter()
            .map(|m| {
                let cargo: Vec<String> = m
                    .cargo
                    .iter()
                    .map(|c| format!("{}:{}:{}", c.nation, c.resource, c.quantity))
                    .collect();
                vec![
                    m.day.to_string(),
                    m.arrival_day.to_string(),
                    m.route.clone(),
                    m.from.clone(),
                    m.to.clone(),
                    m.mode.as_str().into(),
                    m.fleet.clone(),
                    m.trips.to_string(),
                    m.load_t.to_string(),
                    m.capacity_t.to_string(),
                    cargo.join(";"),
                ]
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
                    x.node.clone(),
                    stage_str(x.stage).into(),
                    x.nation.clone(),
                    x.resource.clone(),
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
                    d.demand.clone(),
                    d.node.clone(),
                    d.resource.clone(),
                    d.quantity.to_string(),
                    d.due_day.to_string(),
                    d.hard.to_string(),
                    d.delivered.to_string(),
                    d.on_time.to_string(),
                    d.late_unit_days.to_string(),
                    d.shortfall.to_string(),
                    d.completed_day.map_or(String::new(), |x| x.to_string()),
                    d.reason.clone().unwrap_or_default(),
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
                        c.node.clone(),
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
        ("stocks.csv", stocks),
        ("deliveries.csv", deliveries),
        ("closure.csv", closure),
    ])
}
