//! The terminal summary of a schedule: headline numbers and the top shortfalls (with the reason
//! for each, where hubplan can tell) in aligned tables (comfy-table, which handles alignment and
//! widths so this module need not). Text from the model and the schedule (ids, reasons) goes
//! through [`printable`], so that no control character (escape, bell, ...) reaches the terminal.

use comfy_table::presets::UTF8_BORDERS_ONLY;
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};

use crate::diag::printable;
use crate::model::Model;
use crate::schedule::Schedule;
use crate::text::grouped;

/// How many shortfall and lateness rows the summary shows.
pub const TOP_ROWS: usize = 10;

/// Widest the reason column of the shortfall table gets; longer reasons wrap.
pub const REASON_WIDTH: u16 = 64;

/// An empty table with the summary's borders and `header`.
fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec());
    t
}

/// Right-aligns the columns of `t` from `from` on (the figures).
fn right(t: &mut Table, from: usize) {
    let n = t.column_count();
    for c in from..n {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// The summary printed after a solve: the solve's figures and, when there is a schedule, the
/// objective's parts, the hubs, the lift and deliveries, the top shortfalls and the
/// monitoring coverage.
pub fn summary(model: &Model, s: &Schedule) -> String {
    let mut out = String::new();
    let sv = &s.solver;
    out.push_str(&format!(
        "hubplan: {} — {} ({} days)\n\n",
        printable(&s.model),
        sv.status.as_str(),
        model.horizon
    ));
    out.push_str(&format!("{}\n\n", solve_table(s)));
    if !sv.status.has_schedule() {
        return out;
    }
    out.push_str(&format!("{}\n\n", objective_table(model, s)));
    out.push_str(&format!("{}\n\n", hubs_table(s)));
    out.push_str(&format!("{}\n\n", lift_table(s)));
    out.push_str(&shortfalls(s));
    out.push_str(&coverage(s));
    out
}

/// The solve: status, objective, bound, gap, time, nodes and the MIP's size.
fn solve_table(s: &Schedule) -> Table {
    let sv = &s.solver;
    let mut t = table(&["solve", ""]);
    t.add_row(vec!["status".to_string(), sv.status.as_str().to_string()]);
    t.add_row(vec!["objective".into(), grouped(s.objective.total, 2)]);
    t.add_row(vec![
        "best bound".into(),
        sv.bound.map_or("-".into(), |b| grouped(b, 2)),
    ]);
    t.add_row(vec![
        "gap".into(),
        sv.gap.map_or("-".into(), |g| format!("{:.3}%", g * 100.0)),
    ]);
    t.add_row(vec![
        "solve time".into(),
        format!("{:.2} s", sv.solve_seconds),
    ]);
    t.add_row(vec!["B&B nodes".into(), grouped(sv.nodes as f64, 0)]);
    t.add_row(vec![
        "variables".into(),
        format!(
            "{} built of {} naive ({} integer)",
            grouped(sv.size.variables as f64, 0),
            grouped(sv.size.naive_variables as f64, 0),
            grouped(sv.size.integer_variables as f64, 0)
        ),
    ]);
    t.add_row(vec!["constraints".into(), grouped(sv.size.rows as f64, 0)]);
    right(&mut t, 1);
    t
}

/// Each part of the objective: amount, weight and contribution, then the recomputed total.
fn objective_table(model: &Model, s: &Schedule) -> Table {
    let o = &s.objective;
    let w = model.weights;
    let mut t = table(&["objective part", "amount", "weight", "contribution"]);
    let parts = [
        ("trip cost", o.trip_cost, w.cost),
        ("tonne-km cost", o.tonne_km_cost, w.cost),
        ("hub opening cost", o.hub_opening_cost, w.cost),
        ("hub daily cost", o.hub_daily_cost, w.cost),
        ("risk exposure (t x threat)", o.risk_exposure, w.risk),
        ("lateness (unit-days x priority)", o.lateness, w.lateness),
        ("shortfall (units x priority)", o.shortfall, w.shortfall),
        (
            "coverage shortfall",
            o.coverage_shortfall,
            w.coverage_shortfall,
        ),
    ];
    for (name, amount, weight) in parts {
        t.add_row(vec![
            name.to_string(),
            grouped(amount, 2),
            grouped(weight, 2),
            grouped(amount * weight, 2),
        ]);
    }
    t.add_row(vec![
        "total".to_string(),
        String::new(),
        String::new(),
        grouped(o.recomputed_total, 2),
    ]);
    right(&mut t, 1);
    t
}

/// Each hub: opened or not, and the days its set-up starts and it is operational.
fn hubs_table(s: &Schedule) -> Table {
    let mut t = table(&["hub", "open", "set-up from", "operational from"]);
    for h in &s.hubs {
        t.add_row(vec![
            printable(&h.hub),
            if h.open { "yes" } else { "no" }.to_string(),
            h.setup_start_day.map_or("-".into(), |d| format!("day {d}")),
            h.operational_day.map_or("-".into(), |d| format!("day {d}")),
        ]);
    }
    t
}

/// The lift used and how much of the requirement was delivered, and on time.
fn lift_table(s: &Schedule) -> Table {
    let trips = s
        .movements
        .iter()
        .fold(0u64, |a, m| a.saturating_add(m.trips));
    let tonnes: f64 = s.movements.iter().map(|m| m.load_t).sum();
    let cap: f64 = s.movements.iter().map(|m| m.capacity_t).sum();
    let required: f64 = s.deliveries.iter().map(|d| d.quantity).sum();
    let delivered: f64 = s.deliveries.iter().map(|d| d.delivered).sum();
    let on_time: f64 = s.deliveries.iter().map(|d| d.on_time).sum();
    let mut t = table(&["lift and deliveries", ""]);
    t.add_row(vec![
        "movements".into(),
        format!("{} ({} trips)", s.movements.len(), grouped(trips as f64, 0)),
    ]);
    t.add_row(vec![
        "tonnes moved".into(),
        format!(
            "{} t ({:.1}% of lift used)",
            grouped(tonnes, 1),
            if cap > 0.0 { 100.0 * tonnes / cap } else { 0.0 }
        ),
    ]);
    t.add_row(vec![
        "demands met in full".into(),
        format!(
            "{} of {}",
            s.deliveries.iter().filter(|d| d.shortfall <= 1e-6).count(),
            s.deliveries.len()
        ),
    ]);
    t.add_row(vec![
        "delivered".into(),
        format!(
            "{:.1}% of requirement, {:.1}% on time",
            pct(delivered, required),
            pct(on_time, required)
        ),
    ]);
    right(&mut t, 1);
    t
}

/// The top [`TOP_ROWS`] short or late demands, most short first, with their reasons; or a
/// line saying there are none.
fn shortfalls(s: &Schedule) -> String {
    let mut short: Vec<_> = s
        .deliveries
        .iter()
        .filter(|d| d.shortfall > 1e-6 || d.late_unit_days > 1e-6)
        .collect();
    short.sort_by(|a, b| {
        b.shortfall
            .total_cmp(&a.shortfall)
            .then(b.late_unit_days.total_cmp(&a.late_unit_days))
            .then(a.demand.cmp(&b.demand))
    });
    if short.is_empty() {
        return "Every demand is delivered in full and on time.\n".to_string();
    }
    let mut t = table(&[
        "demand",
        "node",
        "resource",
        "required",
        "delivered",
        "short",
        "due",
        "unit-days late",
        "reason",
    ]);
    for d in short.iter().take(TOP_ROWS) {
        t.add_row(vec![
            printable(&d.demand),
            printable(&d.node),
            printable(&d.resource),
            grouped(d.quantity, 1),
            grouped(d.delivered, 1),
            grouped(d.shortfall, 1),
            format!("day {}", d.due_day),
            grouped(d.late_unit_days, 1),
            d.reason.as_deref().map_or_else(|| "-".into(), printable),
        ]);
    }
    right(&mut t, 3);
    if let Some(col) = t.column_mut(8) {
        col.set_cell_alignment(CellAlignment::Left);
        col.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(REASON_WIDTH)));
    }
    format!(
        "Top shortfalls and late deliveries ({} of {}):\n{t}\n",
        short.len().min(TOP_ROWS),
        short.len()
    )
}

/// The monitoring coverage per requirement, when the model asks for any.
fn coverage(s: &Schedule) -> String {
    if s.monitoring.coverage.is_empty() {
        return String::new();
    }
    let mut t = table(&["sector", "asset", "required", "covered", "short"]);
    for c in &s.monitoring.coverage {
        t.add_row(vec![
            printable(&c.sector),
            printable(&c.asset),
            c.required.to_string(),
            c.covered.to_string(),
            c.shortfall.to_string(),
        ]);
    }
    right(&mut t, 2);
    format!("\nMonitoring coverage:\n{t}\n")
}

/// `a` as a percentage of `b` (100% of nothing).
fn pct(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        100.0 * a / b
    } else {
        100.0
    }
}

#[cfg(test)]
mod tests {
    // The summary's figures as it has always written them: the one formatter must keep them.
    use crate::text::grouped as num;

    #[test]
    fn formats_numbers() {
        assert_eq!(num(1234567.891, 2), "1,234,567.89");
        assert_eq!(num(-12.0, 0), "-12");
        assert_eq!(num(999.0, 0), "999");
        assert_eq!(num(-0.0001, 1), "0.0");
        assert_eq!(num(f64::NAN, 1), "-");
    }
}
