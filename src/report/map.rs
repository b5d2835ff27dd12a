//! The map of the report: an equirectangular projection scaled by the cosine of the theatre's
//! mean latitude, with a graticule (no borders are shipped), the routes by mode, the nodes by
//! kind and the monitoring coverage of the assets based at hubs.

use std::collections::BTreeMap;

use anyhow::Result;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::html::label;
use super::palette::{mode_colour, FONT, OKABE_ITO};
use crate::format::{Mode, NodeKind};
use crate::model::{Model, Node};
use crate::schedule::Schedule;

/// Kilometres in one degree of latitude, to draw an asset's range in degrees.
const KM_PER_DEG: f64 = 111.32;

/// Width of the map's plotting area in pixels; its height follows the theatre's shape.
const PLOT_WIDTH: f64 = 820.0;

/// The map's chart: plotters' SVG drawing with longitude (scaled) and latitude axes.
type MapChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

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

/// The graticule's step in degrees: the smallest round step giving at most eight lines.
fn nice_step(span: f64) -> f64 {
    for st in [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0] {
        if span / st <= 8.0 {
            return st;
        }
    }
    45.0
}

/// A legend entry drawn as a short thick line of colour `c`.
fn legend_line(c: RGBColor) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], c.stroke_width(3))
}

/// The projection and the area the map shows: x is longitude times `k` (the cosine of the
/// nodes' mean latitude), y is latitude, and the bounds hold every node with a margin.
#[derive(Clone, Copy)]
struct Frame {
    /// Mean latitude of the nodes (0 without nodes), named in the title.
    mean_lat: f64,
    /// The longitude scale, never below 0.05 so that polar theatres stay drawable.
    k: f64,
    /// Least projected x shown.
    x0: f64,
    /// Greatest projected x shown.
    x1: f64,
    /// Least latitude shown.
    y0: f64,
    /// Greatest latitude shown.
    y1: f64,
}

impl Frame {
    /// The frame around `nodes` (a unit square without nodes), padded by 8% of its larger
    /// side and at least 0.2°.
    fn around(nodes: &[Node]) -> Frame {
        let mean_lat = if nodes.is_empty() {
            0.0
        } else {
            nodes.iter().map(|n| n.lat).sum::<f64>() / nodes.len() as f64
        };
        let k = mean_lat.to_radians().cos().max(0.05);
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for n in nodes {
            x0 = x0.min(n.lon * k);
            x1 = x1.max(n.lon * k);
            y0 = y0.min(n.lat);
            y1 = y1.max(n.lat);
        }
        if nodes.is_empty() {
            (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
        }
        let pad = ((x1 - x0).max(y1 - y0) * 0.08).max(0.2);
        Frame {
            mean_lat,
            k,
            x0: x0 - pad,
            x1: x1 + pad,
            y0: y0 - pad,
            y1: y1 + pad,
        }
    }

    /// The projected x of a longitude.
    fn px(&self, lon: f64) -> f64 {
        lon * self.k
    }

    /// Where a node is drawn.
    fn at(&self, n: &Node) -> (f64, f64) {
        (self.px(n.lon), n.lat)
    }
}

/// The map: equirectangular projection (x = longitude x cos(mean latitude), y = latitude), a
/// graticule, routes by mode (width by tonnes moved), nodes by kind, opened hubs and sectors
/// marked, and coverage circles of the assets based at hubs.
pub fn map_svg(model: &Model, s: &Schedule) -> Result<String> {
    let frame = Frame::around(&model.nodes);
    let Frame { x0, x1, y0, y1, .. } = frame;
    let plot_h = (PLOT_WIDTH * (y1 - y0) / (x1 - x0)).clamp(250.0, 1100.0);
    let (w, hgt) = (900u32, (plot_h + 110.0) as u32);
    let opened: Vec<&str> = s
        .hubs
        .iter()
        .filter(|h| h.open)
        .map(|h| h.hub.as_str())
        .collect();
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, hgt)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!(
                    "Network and flows (equirectangular, scaled by cos {:.1}°)",
                    frame.mean_lat
                ),
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
        draw_graticule(&mut chart, &frame)?;
        draw_coverage(&mut chart, model, s, &frame)?;
        draw_routes(&mut chart, model, &tonnes_by_route(s), &frame)?;
        draw_nodes(&mut chart, &model.nodes, &opened, &frame)?;
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

/// The graticule at round degrees, each line labelled at the map's left or bottom edge.
fn draw_graticule(chart: &mut MapChart, frame: &Frame) -> Result<()> {
    let Frame {
        k, x0, x1, y0, y1, ..
    } = *frame;
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
    Ok(())
}

/// Coverage circles of the assets based at hubs (those with a range), one legend entry for all.
fn draw_coverage(chart: &mut MapChart, model: &Model, s: &Schedule, frame: &Frame) -> Result<()> {
    let cov = OKABE_ITO[1];
    let mut first = true;
    for b in &s.monitoring.basing {
        let Some(asset) = model.assets.iter().find(|a| a.id == b.asset) else {
            continue;
        };
        let (Some(r), Some(hub)) = (asset.range_km, model.node_ix(&b.hub)) else {
            continue;
        };
        let (cx, cy) = frame.at(&model.nodes[hub]);
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
    Ok(())
}

/// The routes: unused thin and light; used by mode, width by tonnes moved (square root, so
/// that small flows stay visible). One legend entry per mode.
fn draw_routes(
    chart: &mut MapChart,
    model: &Model,
    tonnes: &BTreeMap<String, f64>,
    frame: &Frame,
) -> Result<()> {
    let tmax = tonnes.values().copied().fold(0.0f64, f64::max);
    let mut labelled = [false; 4];
    for r in &model.routes {
        let (a, b) = (&model.nodes[r.from], &model.nodes[r.to]);
        let t = tonnes.get(&r.id).copied().unwrap_or(0.0);
        let colour = mode_colour(r.mode);
        let style = if t > 0.0 && tmax > 0.0 {
            colour.stroke_width(2 + (8.0 * (t / tmax).sqrt()).round() as u32)
        } else {
            colour.mix(0.35).stroke_width(1)
        };
        let ann = chart.draw_series(LineSeries::new(vec![frame.at(a), frame.at(b)], style))?;
        let mi = Mode::ALL.iter().position(|m| *m == r.mode).unwrap_or(0);
        if !labelled[mi] {
            labelled[mi] = true;
            ann.label(format!("{} route (width: tonnes moved)", r.mode.as_str()))
                .legend(legend_line(colour));
        }
    }
    Ok(())
}

/// The nodes by kind (hubs not opened as rings, sectors as triangles), then the opened hubs
/// as filled green circles, then every node's id.
fn draw_nodes(chart: &mut MapChart, nodes: &[Node], opened: &[&str], frame: &Frame) -> Result<()> {
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
            .map(|n| frame.at(n))
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
        .map(|n| frame.at(n))
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
            label(&n.id),
            frame.at(n),
            (FONT, 12).into_font().color(&BLACK),
        )
    }))?;
    Ok(())
}
