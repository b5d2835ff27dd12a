//! The charts of the report, drawn with plotters' SVG backend (titles, axis labels with units,
//! legends): the closure profile, hub occupancy and the movement timeline, with the map (drawn
//! in [`map`](super::map)) gathered by [`charts`].

use std::collections::BTreeMap;

use anyhow::Result;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

use super::html::label;
use super::map::map_svg;
use super::palette::{mode_colour, series_colour, FONT, OKABE_ITO};
use crate::format::Mode;
use crate::model::Model;
use crate::schedule::Schedule;
use crate::text::grouped;

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
            svg: timeline_svg(model, s)?,
        },
        Chart {
            name: "map",
            title: "Map",
            svg: map_svg(model, s)?,
        },
    ])
}

/// Closure profile: share of each sector's requirement (and the whole force's) delivered by
/// the end of each day, with each demand's due day marked by a triangle on its sector's line.
///
/// Every chart takes its days from the model's horizon, never from the schedule's (a forged
/// schedule may claim any), and draws no more days than that.
pub fn closure_svg(model: &Model, s: &Schedule) -> Result<String> {
    let h = model.horizon.max(1);
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
                .take(h)
                .enumerate()
                .filter(|(_, v)| v.is_finite())
                .map(|(d, v)| (d as f64, v.clamp(0.0, 1.05) * 100.0))
                .collect();
            let marked = c.node != "all" && (i / OKABE_ITO.len()) % 2 == 1;
            chart
                .draw_series(LineSeries::new(pts.clone(), colour.stroke_width(width)))?
                .label(format!(
                    "{} ({} units)",
                    label(&c.node),
                    grouped(c.required, 0)
                ))
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
                    let share = c.share_by_day.get(day).copied().unwrap_or(0.0);
                    let y = if share.is_finite() {
                        share.clamp(0.0, 1.05) * 100.0
                    } else {
                        0.0
                    };
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

/// The highest occupancy drawn, in per cent of capacity; a higher one is drawn at it.
const MAX_SHARE: f64 = 1000.0;

/// Capacity and (day, % of capacity) points of one hub's storage class.
type OccSeries = (f64, Vec<(f64, f64)>);

/// Hub occupancy per storage class as a share of capacity (the 100% line is the capacity),
/// with each open hub's first operational day marked.
pub fn occupancy_svg(model: &Model, s: &Schedule) -> Result<String> {
    let h = model.horizon.max(1);
    let mut series: BTreeMap<(String, String), OccSeries> = BTreeMap::new();
    for o in s.occupancy.iter().filter(|o| o.day < h) {
        let e = series
            .entry((o.hub.clone(), o.class.clone()))
            .or_insert((o.capacity, Vec::new()));
        // Within what the axis can draw: a forged figure is neither a NaN nor a million per cent.
        let share = if o.capacity > 0.0 {
            o.used / o.capacity * 100.0
        } else {
            0.0
        };
        let share = if share.is_finite() {
            share.clamp(0.0, MAX_SHARE)
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
                format!(
                    "{} {} (capacity {} {})",
                    label(&hub),
                    label(&class),
                    grouped(cap, 0),
                    label(unit)
                ),
                colour,
            ));
            chart.draw_series(pts.iter().map(|p| Circle::new(*p, 3, colour.filled())))?;
        }
        let opening: Vec<(f64, f64)> = s
            .hubs
            .iter()
            .filter_map(|hp| hp.operational_day.filter(|&d| hp.open && d < h))
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
pub fn timeline_svg(model: &Model, s: &Schedule) -> Result<String> {
    let h = model.horizon.max(1);
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
                SegmentValue::CenterOf(i) => labels.get(*i).map_or(String::new(), |s| label(s)),
                _ => String::new(),
            })
            .draw()?;
        for mode in Mode::ALL {
            let colour = mode_colour(mode);
            let bars: Vec<_> = s
                .movements
                .iter()
                .filter(|m| m.mode == mode && m.day < h)
                .filter_map(|m| {
                    let row = routes.iter().position(|r| *r == m.route)?;
                    Some(Rectangle::new(
                        [
                            (m.day as f64 + 0.05, SegmentValue::Exact(row)),
                            (
                                m.arrival_day.clamp(m.day, h) as f64 + 0.95,
                                SegmentValue::Exact(row + 1),
                            ),
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

/// Axis label for a day axis: whole, non-negative days only.
fn day_label(x: &f64) -> String {
    if (x - x.round()).abs() < 1e-9 && *x >= 0.0 {
        format!("{}", x.round() as i64)
    } else {
        String::new()
    }
}
