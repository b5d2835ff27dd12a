//! The HTML report: one self-contained document (inline CSS and SVG, no scripts, nothing
//! fetched from the network) with the headline figures, the charts and the tables of
//! movements, deliveries and monitoring.

use anyhow::Result;

use super::charts::{charts, Chart};
use crate::model::Model;
use crate::schedule::Schedule;
use crate::text::grouped;

/// Escapes text for HTML element content and attribute values. Characters XML 1.0 forbids
/// (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF) and the other controls
/// (DEL, C1) are made visible (control pictures such as `␛`, or U+FFFD), so the page stays well-formed.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\t' | '\n' | '\r' => o.push(c),
            c => o.push(visible_char(c)),
        }
    }
    o
}

/// A character safe in an XML 1.0 document and on a page: C0 controls and DEL become their
/// Unicode control pictures (`␛`, `␇`, `␀`, ...), C1 controls and U+FFFE, U+FFFF become
/// U+FFFD; every other character is itself. Tab, line feed and carriage return become pictures
/// too: callers keep them where they mean something.
pub(crate) fn visible_char(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
        c if c.is_control() => '\u{fffd}',
        c => c,
    }
}

/// A one-line label (an id in a chart or the map) with every control character made visible
/// ([`visible_char`]); plotters escapes `<`, `>` and `&` itself.
pub(crate) fn label(s: &str) -> String {
    s.chars().map(visible_char).collect()
}

/// The page's whole style sheet, inlined in its `<head>`.
const CSS: &str =
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222}\
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}\
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}\
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left}td.n{text-align:right}\
th{background:#f3f3f3}dl.h{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}\
dl.h dt{font-weight:bold}.short{color:#D55E00;font-weight:bold}figure{margin:0}\
svg{max-width:100%;height:auto}";

/// One table row; the cells from `numeric_from` on are right-aligned figures.
fn row(out: &mut String, cells: &[String], numeric_from: usize) {
    out.push_str("<tr>");
    for (i, c) in cells.iter().enumerate() {
        if i >= numeric_from {
            out.push_str(&format!("<td class=\"n\">{}</td>", esc(c)));
        } else {
            out.push_str(&format!("<td>{}</td>", esc(c)));
        }
    }
    out.push_str("</tr>\n");
}

/// Opens a table and writes its header row; the caller closes `</tbody></table>`.
fn header(out: &mut String, cells: &[&str]) {
    out.push_str("<table><thead><tr>");
    for c in cells {
        out.push_str(&format!("<th>{}</th>", esc(c)));
    }
    out.push_str("</tr></thead><tbody>\n");
}

/// Strips the XML declaration, if any, so an SVG document can be inlined in HTML.
fn inline_svg(svg: &str) -> &str {
    match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => svg,
    }
}

/// The whole report as one self-contained HTML document.
pub fn html(model: &Model, s: &Schedule) -> Result<String> {
    let charts = charts(model, s)?;
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    o.push_str(&format!(
        "<title>hubplan report: {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&s.model)
    ));
    o.push_str(&format!(
        "<h1>hubplan report: {}</h1>\n<p>hubplan {} · horizon {} days</p>\n",
        esc(&s.model),
        esc(&s.hubplan_version),
        model.horizon
    ));
    headline_section(&mut o, model, s);
    chart_sections(&mut o, &charts);
    movements_section(&mut o, s);
    deliveries_section(&mut o, s);
    monitoring_section(&mut o, s);
    o.push_str("</body>\n</html>\n");
    Ok(o)
}

/// The headline figures (status, objective, gap, solve time, hubs opened, lift used,
/// shortfalls) and the table of the objective's parts.
fn headline_section(o: &mut String, model: &Model, s: &Schedule) {
    let ob = &s.objective;
    let opened: Vec<String> = s
        .hubs
        .iter()
        .filter(|h| h.open)
        .map(|h| match h.operational_day {
            Some(d) => format!("{} (day {d})", h.hub),
            None => h.hub.clone(),
        })
        .collect();
    let trips = s
        .movements
        .iter()
        .fold(0u64, |a, m| a.saturating_add(m.trips));
    let tonnes: f64 = s.movements.iter().map(|m| m.load_t).sum();
    let cap: f64 = s.movements.iter().map(|m| m.capacity_t).sum();
    let tkm: f64 = s
        .movements
        .iter()
        .map(|m| {
            let d = model
                .routes
                .iter()
                .find(|r| r.id == m.route)
                .map_or(0.0, |r| r.distance_km);
            m.load_t * d
        })
        .sum();
    let short_n = s.deliveries.iter().filter(|d| d.shortfall > 0.0).count();
    let short_q: f64 = s.deliveries.iter().map(|d| d.shortfall).sum();
    let cov_short = s
        .monitoring
        .coverage
        .iter()
        .fold(0u64, |a, c| a.saturating_add(c.shortfall));
    o.push_str("<section id=\"headline\">\n<h2>Headline figures</h2>\n<dl class=\"h\">\n");
    let mut dd = |k: &str, v: String| {
        o.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), esc(&v)));
    };
    dd("status", s.solver.status.as_str().to_string());
    dd("objective", grouped(ob.total, 2));
    dd(
        "gap",
        s.solver
            .gap
            .map_or("-".into(), |g| format!("{:.4}%", g * 100.0)),
    );
    dd("solve time", format!("{:.1} s", s.solver.solve_seconds));
    dd(
        "hubs opened",
        if opened.is_empty() {
            "none".into()
        } else {
            opened.join(", ")
        },
    );
    dd(
        "lift used",
        format!(
            "{} trips, {} t moved of {} t capacity, {} t-km",
            grouped(trips as f64, 0),
            grouped(tonnes, 1),
            grouped(cap, 1),
            grouped(tkm, 0)
        ),
    );
    dd(
        "shortfalls",
        format!(
            "{short_n} demand(s) short by {} units in total; coverage short by {cov_short}",
            grouped(short_q, 2)
        ),
    );
    o.push_str("</dl>\n");
    header(o, &["objective part", "value"]);
    for (k, v) in [
        ("trip cost", ob.trip_cost),
        ("tonne-km cost", ob.tonne_km_cost),
        ("hub opening cost", ob.hub_opening_cost),
        ("hub daily cost", ob.hub_daily_cost),
        ("risk exposure (t x threat)", ob.risk_exposure),
        ("lateness (weighted unit-days)", ob.lateness),
        ("shortfall (weighted units)", ob.shortfall),
        ("coverage shortfall", ob.coverage_shortfall),
        ("total (recomputed)", ob.recomputed_total),
    ] {
        row(o, &[k.to_string(), grouped(v, 2)], 1);
    }
    o.push_str("</tbody></table>\n</section>\n");
}

/// One section per chart, its SVG inlined.
fn chart_sections(o: &mut String, charts: &[Chart]) {
    for c in charts {
        o.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n<figure>\n{}\n</figure>\n</section>\n",
            c.name,
            esc(c.title),
            inline_svg(&c.svg)
        ));
    }
}

/// Every movement with its cargo.
fn movements_section(o: &mut String, s: &Schedule) {
    o.push_str("<section id=\"movements\">\n<h2>Movements</h2>\n");
    header(
        o,
        &[
            "day",
            "arrival",
            "route",
            "from",
            "to",
            "mode",
            "fleet",
            "trips",
            "load (t)",
            "capacity (t)",
            "cargo",
        ],
    );
    for m in &s.movements {
        let cargo: Vec<String> = m
            .cargo
            .iter()
            .map(|c| format!("{} {} {}", c.nation, grouped(c.quantity, 2), c.resource))
            .collect();
        row(
            o,
            &[
                m.day.to_string(),
                m.arrival_day.to_string(),
                m.route.clone(),
                m.from.clone(),
                m.to.clone(),
                m.mode.as_str().to_string(),
                m.fleet.clone(),
                m.trips.to_string(),
                grouped(m.load_t, 2),
                grouped(m.capacity_t, 2),
                cargo.join("; "),
            ],
            7,
        );
    }
    o.push_str("</tbody></table>\n</section>\n");
}

/// Every demand against its due day, then the list of the short or late ones with their
/// reasons.
fn deliveries_section(o: &mut String, s: &Schedule) {
    o.push_str("<section id=\"deliveries\">\n<h2>Deliveries against due days</h2>\n");
    header(
        o,
        &[
            "demand",
            "node",
            "resource",
            "required",
            "due day",
            "hard",
            "delivered",
            "on time",
            "completed day",
            "shortfall",
            "reason",
        ],
    );
    for d in &s.deliveries {
        row(
            o,
            &[
                d.demand.clone(),
                d.node.clone(),
                d.resource.clone(),
                grouped(d.quantity, 2),
                d.due_day.to_string(),
                if d.hard { "yes" } else { "no" }.to_string(),
                grouped(d.delivered, 2),
                grouped(d.on_time, 2),
                d.completed_day.map_or("-".into(), |x| x.to_string()),
                grouped(d.shortfall, 2),
                d.reason.clone().unwrap_or_default(),
            ],
            3,
        );
    }
    o.push_str("</tbody></table>\n");
    let shorts: Vec<_> = s
        .deliveries
        .iter()
        .filter(|d| d.shortfall > 0.0 || d.late_unit_days > 0.0)
        .collect();
    if shorts.is_empty() {
        o.push_str("<p>Every demand is delivered in full and on time.</p>\n");
    } else {
        o.push_str("<h3>Shortfalls and lateness</h3>\n<ul>\n");
        for d in shorts {
            o.push_str(&format!(
                "<li><span class=\"short\">{}</span>: short {}, {} unit-days late{}</li>\n",
                esc(&d.demand),
                esc(&grouped(d.shortfall, 2)),
                esc(&grouped(d.late_unit_days, 2)),
                d.reason
                    .as_deref()
                    .map_or(String::new(), |r| format!(" — {}", esc(r)))
            ));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
}

/// Monitoring coverage per requirement.
fn monitoring_section(o: &mut String, s: &Schedule) {
    o.push_str("<section id=\"monitoring\">\n<h2>Monitoring</h2>\n");
    header(o, &["sector", "asset", "required", "covered", "shortfall"]);
    for c in &s.monitoring.coverage {
        row(
            o,
            &[
                c.sector.clone(),
                c.asset.clone(),
                c.required.to_string(),
                c.covered.to_string(),
                c.shortfall.to_string(),
            ],
            2,
        );
    }
    o.push_str("</tbody></table>\n</section>\n");
}
