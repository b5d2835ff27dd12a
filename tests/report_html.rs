//! The reports (`hubplan::report`): the HTML and every SVG are well-formed and self-contained, the
//! figures they show match the schedule, the CSV and GeoJSON parse and round-trip key numbers,
//! and the `report` subcommand and `solve --report` write them. A headless-Chromium screenshot
//! is taken when /usr/bin/chromium exists (skipped otherwise).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use hubplan::model::Model;
use hubplan::pipeline;
use hubplan::report as html;
use hubplan::schedule::Schedule;
use hubplan::solve::{SolveOptions, Status, TimeLimit};

fn tutorial(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/tutorial")
        .join(name)
}

fn solved(name: &str) -> (Model, Schedule) {
    let checked = pipeline::check_file(&tutorial(name)).expect("tutorial model is valid");
    let opts = SolveOptions {
        threads: Some(1),
        time_limit: TimeLimit::seconds(30.0),
        ..SolveOptions::default()
    };
    let planned = pipeline::plan(&checked.model, &checked.network, &opts).expect("solves");
    assert_eq!(planned.schedule.solver.status, Status::Optimal);
    (checked.model, planned.schedule)
}

const MODEL: &str = "04-caveats-and-protection.yaml";

/// Every `<svg ...>...</svg>` block of a document.
fn svg_blocks(doc: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = doc;
    while let Some(i) = rest.find("<svg") {
        let j = rest[i..].find("</svg>").expect("closed svg") + i + "</svg>".len();
        out.push(&rest[i..j]);
        rest = &rest[j..];
    }
    out
}

const ALLOWED_URLS: [&str; 2] = ["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml"];

fn assert_no_external_urls(doc: &str) {
    for scheme in ["http://", "https://"] {
        let mut rest = doc;
        while let Some(i) = rest.find(scheme) {
            let tail = &rest[i..];
            assert!(
                ALLOWED_URLS.iter().any(|u| tail.starts_with(u)),
                "external URL in report: {}",
                &tail[..tail.len().min(80)]
            );
            rest = &tail[scheme.len()..];
        }
    }
}

#[test]
fn html_is_self_contained_and_well_formed() {
    let (m, s) = solved(MODEL);
    let doc = html::html(&m, &s).unwrap();
    assert!(doc.starts_with("<!DOCTYPE html>"));
    assert_no_external_urls(&doc);
    for id in [
        "headline",
        "closure",
        "occupancy",
        "timeline",
        "map",
        "movements",
        "deliveries",
        "monitoring",
    ] {
        assert!(
            doc.contains(&format!("<section id=\"{id}\">")),
            "section {id} missing"
        );
    }
    let blocks = svg_blocks(&doc);
    assert_eq!(blocks.len(), 4, "one inline SVG per chart");
    for b in blocks {
        roxmltree::Document::parse(b).unwrap_or_else(|e| panic!("SVG does not parse: {e}"));
    }
    // The body, SVG included, is well-formed XML once the doctype is dropped.
    let body = doc.trim_start_matches("<!DOCTYPE html>\n");
    roxmltree::Document::parse(body).unwrap_or_else(|e| panic!("HTML is not well-formed: {e}"));
    // Every movement has a row: count table rows in the movements section.
    let mv = &doc[doc.find("<section id=\"movements\">").unwrap()..];
    let mv = &mv[..mv.find("</section>").unwrap()];
    assert_eq!(mv.matches("<tr><td").count(), s.movements.len());
}

#[test]
fn separate_svgs_parse_and_have_titles() {
    let (m, s) = solved(MODEL);
    let charts = html::charts(&m, &s).unwrap();
    let names: Vec<_> = charts.iter().map(|c| c.name).collect();
    assert_eq!(names, ["closure", "occupancy", "timeline", "map"]);
    for c in &charts {
        let d = roxmltree::Document::parse(&c.svg).unwrap();
        assert_eq!(d.root_element().tag_name().name(), "svg");
        let texts: String = d
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join("|");
        assert!(
            texts.contains("day") || c.name == "map",
            "{}: axis label",
            c.name
        );
        assert_no_external_urls(&c.svg);
    }
    let map = &charts[3].svg;
    for n in &m.nodes {
        assert!(
            map.contains(&format!(">\n{}\n</text>", n.id)),
            "map labels node {}",
            n.id
        );
    }
}

#[test]
fn html_escapes_model_text() {
    let (m, mut s) = solved(MODEL);
    s.model = "<script>alert('x')</script> & co".into();
    if let Some(d) = s.deliveries.first_mut() {
        d.reason = Some("<b>bold</b>".into());
    }
    let doc = html::html(&m, &s).unwrap();
    assert!(!doc.contains("<script>"));
    assert!(!doc.contains("<b>bold"));
    assert!(doc.contains("&lt;script&gt;"));
    roxmltree::Document::parse(doc.trim_start_matches("<!DOCTYPE html>\n")).unwrap();
}

#[test]
fn closure_reaches_full_on_the_day_of_the_last_delivery() {
    let (m, s) = solved(MODEL);
    let last = s
        .deliveries
        .iter()
        .flat_map(|d| d.by_day.iter().map(|x| x.day))
        .max()
        .expect("something is delivered");
    let all = s.closure.iter().find(|c| c.node == "all").unwrap();
    assert!((all.share_by_day[last] - 1.0).abs() < 1e-9);
    if last > 0 {
        assert!(all.share_by_day[last - 1] < 1.0 - 1e-9);
    }
    // The chart draws that profile: the 'all' line's points, in SVG pixels, reach the top
    // (100%) first at the x of `last`. Check via the closure CSV, which the chart is drawn from.
    let files = html::csv_files(&s).unwrap();
    let closure = &files.iter().find(|f| f.0 == "closure.csv").unwrap().1;
    let mut r = csv::Reader::from_reader(closure.as_bytes());
    let first_full = r
        .records()
        .map(|x| x.unwrap())
        .filter(|x| &x[0] == "all")
        .find(|x| x[3].parse::<f64>().unwrap() >= 1.0 - 1e-9)
        .map(|x| x[2].parse::<usize>().unwrap());
    assert_eq!(first_full, Some(last));
    // The chart shows it: the whole force's line (black, 3 px) has one point per day, and its
    // first point at the top of the curve (smallest y in SVG pixels) is on day `last`.
    let svg = html::closure_svg(&m, &s).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let line = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .filter(|n| n.attribute("stroke") == Some("#000000"))
        .filter(|n| n.attribute("stroke-width") == Some("3"))
        .map(|n| {
            n.attribute("points")
                .unwrap()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse::<f64>().unwrap(), y.parse::<f64>().unwrap())
                })
                .collect::<Vec<_>>()
        })
        .find(|pts| pts.len() == s.horizon_days)
        .expect("the 'all' closure line");
    let top = line.iter().map(|p| p.1).fold(f64::MAX, f64::min);
    assert_eq!(line.iter().position(|p| p.1 == top), Some(last));
    // And the legend of the closure chart names every sector.
    for c in &s.closure {
        assert!(svg.contains(&c.node), "legend names {}", c.node);
    }
}

#[test]
fn csv_round_trips_key_numbers() {
    let (_, s) = solved(MODEL);
    let files = html::csv_files(&s).unwrap();
    let names: Vec<_> = files.iter().map(|f| f.0).collect();
    assert_eq!(
        names,
        [
            "movements.csv",
            "cargo.csv",
            "stocks.csv",
            "deliveries.csv",
            "closure.csv"
        ]
    );
    let get = |n: &str| files.iter().find(|f| f.0 == n).unwrap().1.clone();
    let mv = get("movements.csv");
    let mut r = csv::Reader::from_reader(mv.as_bytes());
    let rows: Vec<_> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), s.movements.len());
    let load: f64 = rows.iter().map(|x| x[8].parse::<f64>().unwrap()).sum();
    let want: f64 = s.movements.iter().map(|m| m.load_t).sum();
    assert!((load - want).abs() < 1e-6);
    let dl = get("deliveries.csv");
    let mut r = csv::Reader::from_reader(dl.as_bytes());
    let rows: Vec<_> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), s.deliveries.len());
    let delivered: f64 = rows.iter().map(|x| x[6].parse::<f64>().unwrap()).sum();
    let want: f64 = s.deliveries.iter().map(|d| d.delivered).sum();
    assert!((delivered - want).abs() < 1e-6);
    let st = get("stocks.csv");
    let mut r = csv::Reader::from_reader(st.as_bytes());
    assert_eq!(r.records().count(), s.stocks.len());
}

#[test]
fn geojson_has_a_point_per_node_and_a_line_per_route() {
    let (m, s) = solved(MODEL);
    let text = html::geojson(&m, &s).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    let f = v["features"].as_array().unwrap();
    let of = |t: &str| {
        f.iter()
            .filter(|x| x["geometry"]["type"] == t)
            .collect::<Vec<_>>()
    };
    assert_eq!(of("Point").len(), m.nodes.len());
    assert_eq!(of("LineString").len(), m.routes.len());
    let moved: f64 = of("LineString")
        .iter()
        .map(|x| x["properties"]["tonnes_moved"].as_f64().unwrap())
        .sum();
    let want: f64 = s.movements.iter().map(|m| m.load_t).sum();
    assert!((moved - want).abs() < 1e-6);
    for p in of("Point") {
        let c = p["geometry"]["coordinates"].as_array().unwrap();
        let id = p["properties"]["id"].as_str().unwrap();
        let n = m.nodes.iter().find(|n| n.id == id).unwrap();
        assert_eq!(c[0].as_f64(), Some(n.lon));
        assert_eq!(c[1].as_f64(), Some(n.lat));
    }
}

#[test]
fn cli_report_and_solve_report_write_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let model = tutorial(MODEL);
    let sched = dir.path().join("s.yaml");
    let html_out = dir.path().join("r.html");
    Command::cargo_bin("hubplan")
        .unwrap()
        .current_dir(dir.path())
        .args(["solve", "-q", "--threads", "1", "-o"])
        .arg(&sched)
        .arg("--report")
        .arg(&html_out)
        .arg(&model)
        .assert()
        .code(0);
    assert!(std::fs::read_to_string(&html_out)
        .unwrap()
        .contains("<section id=\"map\">"));
    Command::cargo_bin("hubplan")
        .unwrap()
        .arg("report")
        .arg(&model)
        .arg(&sched)
        .args([
            "--html",
            "b.html",
            "--svg",
            "svg",
            "--csv",
            "csv",
            "--geojson",
            "g.geojson",
        ])
        .current_dir(dir.path())
        .assert()
        .code(0);
    for f in [
        "b.html",
        "svg/closure.svg",
        "svg/occupancy.svg",
        "svg/timeline.svg",
        "svg/map.svg",
        "csv/movements.csv",
        "csv/stocks.csv",
        "csv/deliveries.csv",
        "csv/closure.csv",
        "g.geojson",
    ] {
        assert!(dir.path().join(f).is_file(), "{f} written");
    }
    // Invalid input: exit 2 (missing schedule, nothing asked for, invalid model).
    Command::cargo_bin("hubplan")
        .unwrap()
        .arg("report")
        .arg(&model)
        .arg(dir.path().join("missing.yaml"))
        .args(["--html", "x.html"])
        .current_dir(dir.path())
        .assert()
        .code(2);
    Command::cargo_bin("hubplan")
        .unwrap()
        .arg("report")
        .arg(&model)
        .arg(&sched)
        .assert()
        .code(2);
    std::fs::write(dir.path().join("bad.yaml"), "name: [").unwrap();
    Command::cargo_bin("hubplan")
        .unwrap()
        .args(["report", "bad.yaml", "s.yaml", "--html", "x.html"])
        .current_dir(dir.path())
        .assert()
        .code(2);
    assert!(!dir.path().join("x.html").exists());
}

#[test]
fn chromium_screenshot_when_installed() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!("skipped: /usr/bin/chromium not installed");
        return;
    }
    let (m, s) = solved(MODEL);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, html::html(&m, &s).unwrap()).unwrap();
    // Kept for a look after the run: target/tmp/report_html-screenshot.png.
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report_html-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let status = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1100,3000",
        ])
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        // Chromium's launcher must not share this process's terminal or streams.
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    assert!(png.len() > 10_000, "the screenshot is not blank");
}
