//! Reports planners look at: one self-contained HTML file (inline CSS and SVG, no network
//! access needed), the charts as separate SVGs, CSV tables for spreadsheets and GeoJSON for GIS
//! tools.
//!
//! Charts are drawn with plotters' SVG backend (titles, axis labels with units, legends), in the
//! colour-blind-safe Okabe–Ito palette. The map uses an equirectangular projection scaled by the
//! cosine of the theatre's mean latitude, with a graticule (no borders are shipped).

use std::collections::BTreeMap;

use anyhow::Result;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use crate::format::{Mode, NodeKind};
use crate::model::Model;
use crate::report::num;
use crate::schedule::{Schedule, Stage};

/// Okabe–Ito palette (without black), in the order series take it.
pub const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0xE6, 0x9F, 0x00),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xF0, 0xE4, 0x42),
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0xCC, 0x79, 0xA7),
];

const FONT: &str = "sans-serif";
const KM_PER_DEG: f64 = 111.32;

fn series_colour(i: usize) -> RGBColor {
    OKABE_ITO[i % OKABE_ITO.len()]
}

/// Colour of a transport mode.
pub fn mode_colour(m: Mode) -> RGBColor {
    match m {
        Mode::Road => OKABE_ITO[0],
        Mode::Rail => OKABE_ITO[4],
        Mode::Air => OKABE_ITO[6],
        Mode::Sea => OKABE_ITO[2],
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// One chart: a file stem and its SVG text.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem (`closure`, `occupancy`, `timeline`, `map`).
    pub name: &'static str,
    /// Title shown above it in the HTML report.
    pub title: &'static str,
    /// The SVG document.
    pub svg: String,
}

/// Draws every chart of the report.
pub fn charts(model: &Model, s: &Schedule) -> Result<Vec<Chart>> {
    Ok(vec![
        Chart {
            name: "closure",
            title: "Closure profile",
            svg: closure_svg(model, s)?,
        },
        Chart {
            name: "occupancy",
            title: "Hub occupancy",
            svg: occupancy_svg(model, s)?,
        },
        Chart {
            name: "timeline",
            title: "Movement timeline",
            svg: timeline_svg(s)?,
        },
        Chart {
            name: "map",
            title: "Map",
            svg: map_svg(model, s)?,
        },
    ])
}

fn legend_line(c: RGBColor) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(3))
}

/// Closure profile: share of each sector's requirement (and the whole force's) delivered by
/// the end of each day, with each demand's due day marked by a triangle on its sector's line.
pub fn closure_svg(model: &Model, s: &Schedule) -> Result<String> {
    let h = s.horizon_days.max(1);
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (900, 420)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Closure profile: share of requirement delivered",
                (FONT, 20),
            )
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.2f64..(h as f64 - 0.8), 0f64..105f64)?;
        chart
            .configure_mesh()
            .x_desc("day")
            .y_desc("delivered (% of requirement)")
            .x_labels(h.min(20) + 1)
            .x_label_formatter(&day_label)
            .draw()?;
        for (i, c) in s.closure.iter().enumerate() {
            let colour = if c.node == "all" {
                BLACK
            } else {
                series_colour(i)
            };
            let width = if c.node == "all" { 3 } else { 2 };
            let pts: Vec<(f64, f64)> = c
                .share_by_day
                .iter()
                .enumerate()
                .map(|(d, v)| (d as f64, v * 100.0))
                .collect();
            let marked = c.node != "all" && (i / OKABE_ITO.len()) % 2 == 1;
            chart
                .draw_series(LineSeries::new(pts.clone(), colour.stroke_width(width)))?
                .label(format!("{} ({} units)", c.node, num(c.required, 0)))
                .legend(move |(x, y)| {
                    let e = EmptyElement::at((x, y));
                    let line = PathElement::new(vec![(0, 0), (20, 0)], colour.stroke_width(3));
                    if marked {
                        e + line + Circle::new((10, 0), 3, colour.filled())
                    } else {
                        e + line + Circle::new((10, 0), 0, colour.filled())
                    }
                });
            if marked {
                // The palette repeats after seven series: mark the second round's points.
                chart.draw_series(pts.iter().map(|p| Circle::new(*p, 3, colour.filled())))?;
            }
            // Due days of the demands at this sector (all demands for 'all').
            let dues: Vec<(f64, f64)> = model
                .demands
                .iter()
                .filter(|d| c.node == "all" || model.nodes[d.node].id == c.node)
                .map(|d| {
                    let day = d.due.min(h - 1);
                    let y = c.share_by_day.get(day).copied().unwrap_or(0.0) * 100.0;
                    (day as f64, y)
                })
                .collect();
            if c.node != "all" {
                chart.draw_series(
                    dues.into_iter()
                        .map(|p| TriangleMarker::new(p, 7, colour.filled())),
                )?;
            }
        }
        chart
            .draw_series(std::iter::empty::<TriangleMarker<(f64, f64), i32>>())?
            .label("due day (on the sector's line)")
            .legend(|(x, y)| TriangleMarker::new((x + 10, y), 6, BLACK.filled()));
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::LowerRight)
            .label_font((FONT, 13))
            .draw()?;
        root.present()?;
    }
    Ok(buf)
}

/// Capacity and (day, % of capacity) points of one hub's storage class.
type OccSeries = (f64, Vec<(f64, f64)>);

/// Hub occupancy per storage class as a share of capacity (the 100% line is the capacity),
/// with each open hub's first operational day marked.
pub fn occupancy_svg(model: &Model, s: &Schedule) -> Result<String> {
    let h = s.horizon_days.max(1);
    let mut series: BTreeMap<(String, String), OccSeries> = BTreeMap::new();
    for o in &s.occupancy {
        let e = series
            .entry((o.hub.clone(), o.class.clone()))
            .or_insert((o.capacity, Vec::new()));
        let share = if o.capacity > 0.0 {
            o.used / o.capacity * 100.0
        } else {
            0.0
        };
        e.1.push((o.day as f64, share));
    }
    series.retain(|_, (_, p)| p.iter().any(|q| q.1 > 0.0));
    let ymax = series
        .values()
        .flat_map(|(_, p)| p.iter().map(|q| q.1))
        .fold(100.0f64, f64::max)
        * 1.08;
    let rows = series.len().div_ceil(2) + 2;
    let legend_h = 20 * rows as u32 + 20;
    let mut buf = String::new();
    {
        let full = SVGBackend::with_string(&mut buf, (900, 420 + legend_h)).into_drawing_area();
        full.fill(&WHITE)?;
        let (root, legend) = full.split_vertically(420);
        let mut entries: Vec<(String, RGBColor)> = Vec::new();
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Hub occupancy per storage class (100% = capacity)",
                (FONT, 20),
            )
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.2f64..(h as f64 - 0.8), 0f64..ymax)?;
        chart
            .configure_mesh()
            .x_desc("day")
            .y_desc("occupancy (% of capacity)")
            .x_labels(h.min(20) + 1)
            .x_label_formatter(&day_label)
            .draw()?;
        chart.draw_series(LineSeries::new(
            vec![(-0.2, 100.0), (h as f64 - 0.8, 100.0)],
            BLACK.stroke_width(1),
        ))?;
        entries.push(("capacity (100%)".into(), BLACK));
        for (i, ((hub, class), (cap, mut pts))) in series.into_iter().enumerate() {
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            let colour = series_colour(i);
            let unit = model
                .storage_classes
                .iter()
                .find(|c| c.id == class)
                .map_or("", |c| c.unit.as_str());
            chart.draw_series(LineSeries::new(pts.clone(), colour.stroke_width(2)))?;
            entries.push((
                format!("{hub} {class} (capacity {} {unit})", num(cap, 0)),
                colour,
            ));
            chart.draw_series(pts.iter().map(|p| Circle::new(*p, 3, colour.filled())))?;
        }
        let opening: Vec<(f64, f64)> = s
            .hubs
            .iter()
            .filter_map(|hp| hp.operational_day.filter(|_| hp.open))
            .map(|d| (d as f64, 0.0))
            .collect();
        chart.draw_series(
            opening
                .into_iter()
                .map(|p| TriangleMarker::new(p, 8, BLACK.filled())),
        )?;
        // Legend below the chart, in two columns, so it never hides the lines.
        legend.draw(&Text::new(
            "Legend (triangle on the day axis: a hub's first operational day)",
            (70, 4),
            (FONT, 13).into_font().color(&BLACK),
        ))?;
        for (i, (label, colour)) in entries.into_iter().enumerate() {
            let x = 70 + 410 * (i % 2) as i32;
            let y = 30 + 20 * (i / 2) as i32;
            legend.draw(&PathElement::new(
                vec![(x, y + 6), (x + 22, y + 6)],
                colour.stroke_width(3),
            ))?;
            legend.draw(&Text::new(
                label,
                (x + 28, y),
                (FONT, 13).into_font().color(&BLACK),
            ))?;
        }
        full.present()?;
    }
    Ok(buf)
}

/// Gantt-like movement timeline: one row per route, one bar per movement from departure to
/// arrival day, coloured by mode.
pub fn timeline_svg(s: &Schedule) -> Result<String> {
    let h = s.horizon_days.max(1);
    let mut routes: Vec<&str> = s.movements.iter().map(|m| m.route.as_str()).collect();
    routes.sort_unstable();
    routes.dedup();
    let n = routes.len().max(1);
    let height = (120 + 24 * n).min(4000) as u32;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (900, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let labels = routes.clone();
        let mut chart = ChartBuilder::on(&root)
            .caption("Movements by route (bar: departure to arrival)", (FONT, 20))
            .margin(12)
            .x_label_area_size(45)
            .y_label_area_size(200)
            .build_cartesian_2d(0f64..(h as f64 + 0.5), (0..n).into_segmented())?;
        chart
            .configure_mesh()
            .x_desc("day")
            .y_desc("route")
            .y_labels(n)
            .x_labels(h.min(20) + 1)
            .x_label_formatter(&|x| {
                if (x - x.round()).abs() < 1e-9 {
                    format!("{}", x.round() as i64)
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => {
                    labels.get(*i).map_or(String::new(), |s| s.to_string())
                }
                _ => String::new(),
            })
            .draw()?;
        for mode in Mode::ALL {
            let colour = mode_colour(mode);
            let bars: Vec<_> = s
                .movements
                .iter()
                .filter(|m| m.mode == mode)
                .filter_map(|m| {
                    let row = routes.iter().position(|r| *r == m.route)?;
                    Some(Rectangle::new(
                        [
                            (m.day as f64 + 0.05, SegmentValue::Exact(row)),
                            (m.arrival_day as f64 + 0.95, SegmentValue::Exact(row + 1)),
                        ],
                        colour.mix(0.85).filled(),
                    ))
                })
                .collect();
            if bars.is_empty() {
                continue;
            }
            chart
                .draw_series(bars)?
                .label(mode.as_str())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 20, y + 5)], colour.filled())
                });
        }
        if !s.movements.is_empty() {
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .position(SeriesLabelPosition::UpperRight)
                .label_font((FONT, 13))
                .draw()?;
        }
        root.present()?;
    }
    Ok(buf)
}

/// Tonnes moved on each route id.
pub fn tonnes_by_route(s: &Schedule) -> BTreeMap<String, f64> {
    let mut t = BTreeMap::new();
    for m in &s.movements {
        *t.entry(m.route.clone()).or_insert(0.0) += m.load_t;
    }
    t
}

/// A graticule value in degrees, without float noise.
fn deg(x: f64, pos: char, neg: char) -> String {
    let r = (x * 10.0).round() / 10.0;
    let h = if r > 0.0 {
        pos.to_string()
    } else if r < 0.0 {
        neg.to_string()
    } else {
        String::new()
    };
    let a = r.abs();
    if a.fract() == 0.0 {
        format!("{a:.0}°{h}")
    } else {
        format!("{a:.1}°{h}")
    }
}

fn nice_step(span: f64) -> f64 {
    for st in [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0] {
        if span / st <= 8.0 {
            return st;
        }
    }
    45.0
}

/// The map: equirectangular projection (x = longitude x cos(mean latitude), y = latitude), a
/// graticule, routes by mode (width by tonnes moved), nodes by kind, opened hubs and sectors
/// marked, and coverage circles of the assets based at hubs.
pub fn map_svg(model: &Model, s: &Schedule) -> Result<String> {
    let nodes = &model.nodes;
    let mean_lat = if nodes.is_empty() {
        0.0
    } else {
        nodes.iter().map(|n| n.lat).sum::<f64>() / nodes.len() as f64
    };
    let k = mean_lat.to_radians().cos().max(0.05);
    let px = |lon: f64| lon * k;
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for n in nodes {
        x0 = x0.min(px(n.lon));
        x1 = x1.max(px(n.lon));
        y0 = y0.min(n.lat);
        y1 = y1.max(n.lat);
    }
    if nodes.is_empty() {
        (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
    }
    let pad = ((x1 - x0).max(y1 - y0) * 0.08).max(0.2);
    let (x0, x1, y0, y1) = (x0 - pad, x1 + pad, y0 - pad, y1 + pad);
    let plot_w = 820.0;
    let plot_h = (plot_w * (y1 - y0) / (x1 - x0)).clamp(250.0, 1100.0);
    let (w, hgt) = (900u32, (plot_h + 110.0) as u32);
    let opened: Vec<&str> = s
        .hubs
        .iter()
        .filter(|h| h.open)
        .map(|h| h.hub.as_str())
        .collect();
    let tonnes = tonnes_by_route(s);
    let tmax = tonnes.values().copied().fold(0.0f64, f64::max);
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, hgt)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("Network and flows (equirectangular, scaled by cos {mean_lat:.1}°)"),
                (FONT, 20),
            )
            .margin(12)
            .x_label_area_size(35)
            .y_label_area_size(55)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("longitude (°E)")
            .y_desc("latitude (°N)")
            .x_labels(0)
            .y_labels(0)
            .draw()?;
        // Graticule at round degrees.
        let grey = RGBColor(0xCC, 0xCC, 0xCC);
        let st_lon = nice_step((x1 - x0) / k);
        let st_lat = nice_step(y1 - y0);
        let mut lon = ((x0 / k) / st_lon).ceil() * st_lon;
        while lon * k <= x1 {
            chart.draw_series(LineSeries::new(
                vec![(lon * k, y0), (lon * k, y1)],
                grey.stroke_width(1),
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                deg(lon, 'E', 'W'),
                (lon * k + (x1 - x0) * 0.004, y0 + (y1 - y0) * 0.035),
                (FONT, 11).into_font().color(&RGBColor(0x66, 0x66, 0x66)),
            )))?;
            lon += st_lon;
        }
        let mut lat = (y0 / st_lat).ceil() * st_lat;
        while lat <= y1 {
            chart.draw_series(LineSeries::new(
                vec![(x0, lat), (x1, lat)],
                grey.stroke_width(1),
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                deg(lat, 'N', 'S'),
                (x0 + (x1 - x0) * 0.004, lat),
                (FONT, 11).into_font().color(&RGBColor(0x66, 0x66, 0x66)),
            )))?;
            lat += st_lat;
        }
        // Coverage circles of assets based at hubs.
        let cov = OKABE_ITO[1];
        let mut first = true;
        for b in &s.monitoring.basing {
            let Some(asset) = model.assets.iter().find(|a| a.id == b.asset) else {
                continue;
            };
            let (Some(r), Some(hub)) = (asset.range_km, model.node_ix(&b.hub)) else {
                continue;
            };
            let (cx, cy) = (px(nodes[hub].lon), nodes[hub].lat);
            let rad = r / KM_PER_DEG;
            let ring: Vec<(f64, f64)> = (0..=72)
                .map(|i| {
                    let a = i as f64 / 72.0 * std::f64::consts::TAU;
                    (cx + rad * a.cos(), cy + rad * a.sin())
                })
                .collect();
            chart.draw_series(std::iter::once(Polygon::new(ring.clone(), cov.mix(0.12))))?;
            let ann = chart.draw_series(LineSeries::new(ring, cov.stroke_width(1)))?;
            if first {
                ann.label("monitoring coverage (asset range)")
                    .legend(legend_line(cov));
                first = false;
            }
        }
        // Routes: unused thin and light; used by mode, width by tonnes.
        let mut labelled = [false; 4];
        for r in &model.routes {
            let (a, b) = (&nodes[r.from], &nodes[r.to]);
            let t = tonnes.get(&r.id).copied().unwrap_or(0.0);
            let colour = mode_colour(r.mode);
            let style = if t > 0.0 && tmax > 0.0 {
                colour.stroke_width(2 + (8.0 * (t / tmax).sqrt()).round() as u32)
            } else {
                colour.mix(0.35).stroke_width(1)
            };
            let ann = chart.draw_series(LineSeries::new(
                vec![(px(a.lon), a.lat), (px(b.lon), b.lat)],
                style,
            ))?;
            let mi = Mode::ALL.iter().position(|m| *m == r.mode).unwrap_or(0);
            if !labelled[mi] {
                labelled[mi] = true;
                ann.label(format!("{} route (width: tonnes moved)", r.mode.as_str()))
                    .legend(legend_line(colour));
            }
        }
        // Nodes by kind.
        let kinds = [
            (NodeKind::Origin, "origin", BLACK),
            (NodeKind::Transit, "transit", OKABE_ITO[4]),
            (
                NodeKind::Hub,
                "hub (not opened)",
                RGBColor(0x99, 0x99, 0x99),
            ),
            (NodeKind::Sector, "sector", OKABE_ITO[5]),
        ];
        for (kind, label, colour) in kinds {
            let pts: Vec<(f64, f64)> = nodes
                .iter()
                .filter(|n| {
                    n.kind == kind && !(kind == NodeKind::Hub && opened.contains(&n.id.as_str()))
                })
                .map(|n| (px(n.lon), n.lat))
                .collect();
            match kind {
                NodeKind::Sector => {
                    chart
                        .draw_series(
                            pts.into_iter()
                                .map(|p| TriangleMarker::new(p, 8, colour.filled())),
                        )?
                        .label(label)
                        .legend(move |(x, y)| TriangleMarker::new((x + 10, y), 6, colour.filled()));
                }
                NodeKind::Hub => {
                    chart
                        .draw_series(
                            pts.into_iter()
                                .map(|p| Circle::new(p, 6, colour.stroke_width(2))),
                        )?
                        .label(label)
                        .legend(move |(x, y)| Circle::new((x + 10, y), 5, colour.stroke_width(2)));
                }
                _ => {
                    chart
                        .draw_series(pts.into_iter().map(|p| Circle::new(p, 4, colour.filled())))?
                        .label(label)
                        .legend(move |(x, y)| Circle::new((x + 10, y), 4, colour.filled()));
                }
            }
        }
        let green = OKABE_ITO[2];
        let open_pts: Vec<(f64, f64)> = nodes
            .iter()
            .filter(|n| opened.contains(&n.id.as_str()))
            .map(|n| (px(n.lon), n.lat))
            .collect();
        chart
            .draw_series(
                open_pts
                    .into_iter()
                    .map(|p| Circle::new(p, 8, green.filled())),
            )?
            .label("hub opened")
            .legend(move |(x, y)| Circle::new((x + 10, y), 6, green.filled()));
        chart.draw_series(nodes.iter().map(|n| {
            Text::new(
                n.id.clone(),
                (px(n.lon), n.lat),
                (FONT, 12).into_font().color(&BLACK),
            )
        }))?;
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::LowerLeft)
            .label_font((FONT, 12))
            .draw()?;
        root.present()?;
    }
    Ok(buf)
}

const CSS: &str =
    "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1000px;color:#222}\
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}\
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}\
th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left}td.n{text-align:right}\
th{background:#f3f3f3}dl.h{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}\
dl.h dt{font-weight:bold}.short{color:#D55E00;font-weight:bold}figure{margin:0}\
svg{max-width:100%;height:auto}";

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
        s.horizon_days
    ));

    // Headline figures.
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
    let trips: u64 = s.movements.iter().map(|m| m.trips).sum();
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
    let cov_short: u64 = s.monitoring.coverage.iter().map(|c| c.shortfall).sum();
    o.push_str("<section id=\"headline\">\n<h2>Headline figures</h2>\n<dl class=\"h\">\n");
    let mut dd = |k: &str, v: String| {
        o.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), esc(&v)));
    };
    dd("status", s.solver.status.as_str().to_string());
    dd("objective", num(ob.total, 2));
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
            num(trips as f64, 0),
            num(tonnes, 1),
            num(cap, 1),
            num(tkm, 0)
        ),
    );
    dd(
        "shortfalls",
        format!(
            "{short_n} demand(s) short by {} units in total; coverage short by {cov_short}",
            num(short_q, 2)
        ),
    );
    o.push_str("</dl>\n");
    header(&mut o, &["objective part", "value"]);
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
        row(&mut o, &[k.to_string(), num(v, 2)], 1);
    }
    o.push_str("</tbody></table>\n</section>\n");

    for c in &charts {
        o.push_str(&format!(
            "<section id=\"{}\">\n<h2>{}</h2>\n<figure>\n{}\n</figure>\n</section>\n",
            c.name,
            esc(c.title),
            inline_svg(&c.svg)
        ));
    }

    // Movements.
    o.push_str("<section id=\"movements\">\n<h2>Movements</h2>\n");
    header(
        &mut o,
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
            .map(|c| format!("{} {} {}", c.nation, num(c.quantity, 2), c.resource))
            .collect();
        row(
            &mut o,
            &[
                m.day.to_string(),
                m.arrival_day.to_string(),
                m.route.clone(),
                m.from.clone(),
                m.to.clone(),
                m.mode.as_str().to_string(),
                m.fleet.clone(),
                m.trips.to_string(),
                num(m.load_t, 2),
                num(m.capacity_t, 2),
                cargo.join("; "),
            ],
            7,
        );
    }
    o.push_str("</tbody></table>\n</section>\n");

    // Deliveries against due days.
    o.push_str("<section id=\"deliveries\">\n<h2>Deliveries against due days</h2>\n");
    header(
        &mut o,
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
            &mut o,
            &[
                d.demand.clone(),
                d.node.clone(),
                d.resource.clone(),
                num(d.quantity, 2),
                d.due_day.to_string(),
                if d.hard { "yes" } else { "no" }.to_string(),
                num(d.delivered, 2),
                num(d.on_time, 2),
                d.completed_day.map_or("-".into(), |x| x.to_string()),
                num(d.shortfall, 2),
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
                esc(&num(d.shortfall, 2)),
                esc(&num(d.late_unit_days, 2)),
                d.reason
                    .as_deref()
                    .map_or(String::new(), |r| format!(" — {}", esc(r)))
            ));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");

    // Monitoring.
    o.push_str("<section id=\"monitoring\">\n<h2>Monitoring</h2>\n");
    header(
        &mut o,
        &["sector", "asset", "required", "covered", "shortfall"],
    );
    for c in &s.monitoring.coverage {
        row(
            &mut o,
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
    o.push_str("</tbody></table>\n</section>\n</body>\n</html>\n");
    Ok(o)
}

fn csv_text(header: &[&str], rows: Vec<Vec<String>>) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(&r)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

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

/// GeoJSON FeatureCollection: a Point per node (kind, country, opened) and a LineString per
/// route (mode, distance, tonnes moved, trips).
pub fn geojson(model: &Model, s: &Schedule) -> Result<String> {
    let tonnes = tonnes_by_route(s);
    let mut trips: BTreeMap<&str, u64> = BTreeMap::new();
    for m in &s.movements {
        *trips.entry(m.route.as_str()).or_insert(0) += m.trips;
    }
    let mut features = Vec::new();
    for n in &model.nodes {
        let open = s.hubs.iter().any(|h| h.open && h.hub == n.id);
        features.push(serde_json::json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [n.lon, n.lat]},
            "properties": {
                "id": n.id, "name": n.name, "kind": n.kind.as_str(),
                "country": n.country, "opened": open,
            }
        }));
    }
    for r in &model.routes {
        let (a, b) = (&model.nodes[r.from], &model.nodes[r.to]);
        features.push(serde_json::json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
            "properties": {
                "id": r.id, "from": a.id, "to": b.id, "mode": r.mode.as_str(),
                "distance_km": r.distance_km,
                "tonnes_moved": tonnes.get(&r.id).copied().unwrap_or(0.0),
                "trips": trips.get(r.id.as_str()).copied().unwrap_or(0),
            }
        }));
    }
    let fc = serde_json::json!({"type": "FeatureCollection", "features": features});
    Ok(serde_json::to_string_pretty(&fc)? + "\n")
}

/// Axis label for a day axis: whole, non-negative days only.
fn day_label(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-9 && *x >= 0.0 {
        format!("{}", x.round() as i64)
    } else {
        String::new()
    }
}
