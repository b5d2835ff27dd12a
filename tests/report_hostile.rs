//! `hubplan report` as a hostile user meets it, through the binary: a schedule of another model,
//! a forged horizon, NaN and negative figures and unknown ids are refused (exit 2, the
//! structural code named, nothing written); control characters in the model's ids reach
//! neither the terminal nor the HTML and SVG (which stay well-formed XML); CSV cells that a
//! spreadsheet would run as formulas are quoted and every id reads back. The report functions
//! themselves survive a forged schedule handed to them directly.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use hubplan::schedule::Schedule;

fn tutorial(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/tutorial")
        .join(name)
}

const T01: &str = "01-transport.yaml";
const T02: &str = "02-facility-location.yaml";

fn hubplan() -> Command {
    Command::cargo_bin("hubplan").unwrap()
}

/// Solves `model` through the binary into `dir/out`; returns the schedule's path and the
/// solve's standard output and error.
fn solve(dir: &Path, model: &Path, out: &str) -> (PathBuf, String, String) {
    let path = dir.join(out);
    let r = hubplan()
        .args(["solve", "--threads", "1", "-o"])
        .arg(&path)
        .arg(model)
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    (
        path,
        String::from_utf8(r.stdout).unwrap(),
        String::from_utf8(r.stderr).unwrap(),
    )
}

fn read(path: &Path) -> Schedule {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn write(path: &Path, s: &Schedule) {
    std::fs::write(path, serde_yaml::to_string(s).unwrap()).unwrap();
}

/// Every output asked for under `dir`, to check none is written.
const OUTPUTS: [&str; 4] = ["r.html", "svg", "csv", "g.geojson"];

/// Runs `report MODEL SCHEDULE` with every output in `dir`; returns the exit code and stderr.
fn report(dir: &Path, model: &Path, schedule: &Path) -> (Option<i32>, String) {
    let r = hubplan()
        .current_dir(dir)
        .arg("report")
        .arg(model)
        .arg(schedule)
        .args([
            "--html",
            "r.html",
            "--svg",
            "svg",
            "--csv",
            "csv",
            "--geojson",
            "g.geojson",
        ])
        .output()
        .unwrap();
    (r.status.code(), String::from_utf8(r.stderr).unwrap())
}

/// A schedule of tutorial 01 forged by `forge`, reported against `model`: refused with exit 2,
/// `code` named, the refusal said, and no file written.
fn refused(model: &str, forge: impl FnOnce(&mut Schedule), code: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = solve(dir.path(), &tutorial(T01), "s.yaml");
    let mut s = read(&path);
    forge(&mut s);
    let forged = dir.path().join("forged.yaml");
    write(&forged, &s);
    let (code_got, err) = report(dir.path(), &tutorial(model), &forged);
    assert_eq!(code_got, Some(2), "{err}");
    assert!(
        err.contains(&format!("error[{code}]")),
        "{code} named: {err}"
    );
    assert!(
        err.contains("the schedule does not belong to this model"),
        "{err}"
    );
    for f in OUTPUTS {
        assert!(!dir.path().join(f).exists(), "{f} not written: {err}");
    }
}

#[test]
fn a_schedule_of_another_model_is_refused() {
    // Tutorial 01's schedule against tutorial 02: another name, horizon and ids.
    refused(T02, |_| {}, "C4002");
    refused(T02, |_| {}, "C4001");
}

#[test]
fn a_horizon_of_a_trillion_days_is_refused() {
    refused(T01, |s| s.horizon_days = 1_000_000_000_000, "C4002");
}

#[test]
fn a_nan_share_in_the_closure_is_refused() {
    refused(T01, |s| s.closure[0].share_by_day[0] = f64::NAN, "C4302");
}

#[test]
fn an_infinite_load_is_refused() {
    refused(T01, |s| s.movements[0].load_t = f64::INFINITY, "C4302");
}

#[test]
fn an_unknown_route_is_refused() {
    refused(
        T01,
        |s| s.movements[0].route = "nowhere-road".into(),
        "C4001",
    );
}

#[test]
fn a_negative_quantity_is_refused() {
    refused(T01, |s| s.movements[0].cargo[0].quantity = -5.0, "C4302");
}

#[test]
fn a_day_beyond_the_horizon_is_refused() {
    refused(T01, |s| s.movements[0].day = 1_000_000_000_000, "C4001");
}

#[test]
fn a_schedule_that_only_breaks_other_rules_is_reported_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = solve(dir.path(), &tutorial(T01), "s.yaml");
    let mut s = read(&path);
    // A misreported objective: C4702, not structural.
    s.objective.total += 1000.0;
    write(&path, &s);
    let (code, err) = report(dir.path(), &tutorial(T01), &path);
    assert_eq!(code, Some(0), "{err}");
    let warnings: Vec<_> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("breaks 1 rule"), "{err}");
    for f in OUTPUTS {
        assert!(dir.path().join(f).exists(), "{f} written: {err}");
    }
}

/// Tutorial 01 with ids carrying control characters, formula prefixes and CSV separators.
fn hostile_model(dir: &Path) -> PathBuf {
    let s = std::fs::read_to_string(tutorial(T01)).unwrap();
    let s = s
        .replace(
            "name: tutorial-01-transport",
            "name: \"evil\\e[31m\\a\\0model\"",
        )
        .replace("rzeszow-lviv-road", "\"=cmd|' /C calc'!A0\"")
        .replace("id: rzeszow\n", "id: \"a:b;c\\e\\a\\0\"\n")
        .replace("origin: rzeszow", "origin: \"a:b;c\\e\\a\\0\"")
        .replace("from: rzeszow", "from: \"a:b;c\\e\\a\\0\"")
        .replace("id: FR", "id: \"-FR\\x9b\"")
        .replace("nation: FR", "nation: \"-FR\\x9b\"")
        .replace("id: lviv-rations", "id: \"@dem\\t\"")
        .replace("id: rations", "id: \"'quoted\"")
        .replace("resource: rations", "resource: \"'quoted\"")
        .replace("id: fr-convoys", "id: \"+fleet\\r\"");
    let p = dir.join("hostile.yaml");
    std::fs::write(&p, s).unwrap();
    p
}

/// Whether `text` holds a character that moves the terminal (any control but line feed).
fn has_terminal_control(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n')
}

#[test]
fn control_characters_never_reach_the_terminal_summary() {
    let dir = tempfile::tempdir().unwrap();
    let model = hostile_model(dir.path());
    let (_, out, err) = solve(dir.path(), &model, "s.yaml");
    assert!(out.contains("evil"), "the summary names the model: {out}");
    assert!(!has_terminal_control(&out), "stdout: {out:?}");
    assert!(!has_terminal_control(&err), "stderr: {err:?}");
    assert!(
        out.contains("evil\u{241b}[31m\u{2407}\u{2400}model"),
        "{out}"
    );
}

#[test]
fn control_characters_keep_the_html_and_svg_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    let model = hostile_model(dir.path());
    let (path, _, _) = solve(dir.path(), &model, "s.yaml");
    let (code, err) = report(dir.path(), &model, &path);
    assert_eq!(code, Some(0), "{err}");
    assert!(!has_terminal_control(&err), "stderr: {err:?}");
    let page = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    // The doctype is HTML's; the rest must parse as XML.
    let body = page.trim_start_matches("<!DOCTYPE html>\n");
    roxmltree::Document::parse(body).expect("the page is well-formed XML");
    assert!(page.contains("a:b;c\u{241b}\u{2407}\u{2400}"), "ids shown");
    for c in ['\u{1b}', '\u{7}', '\u{0}', '\u{9b}'] {
        assert!(!page.contains(c), "{c:?} in the page");
    }
    for name in ["closure", "occupancy", "timeline", "map"] {
        let svg = std::fs::read_to_string(dir.path().join(format!("svg/{name}.svg"))).unwrap();
        roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}.svg: {e}"));
        assert!(
            !has_terminal_control(&svg.replace(['\t', '\r'], "")),
            "{name}"
        );
    }
}

/// The text of a CSV cell as written for a spreadsheet, read back: one leading quote dropped.
fn unquote(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

#[test]
fn csv_quotes_formulas_and_every_id_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let model = hostile_model(dir.path());
    let (path, _, _) = solve(dir.path(), &model, "s.yaml");
    let s = read(&path);
    let (code, err) = report(dir.path(), &model, &path);
    assert_eq!(code, Some(0), "{err}");
    let rows = |name: &str| -> Vec<Vec<String>> {
        let text = std::fs::read_to_string(dir.path().join("csv").join(name)).unwrap();
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let formula = |c: &str| c.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let mv = rows("movements.csv");
    assert_eq!(mv.len(), s.movements.len());
    for (row, m) in mv.iter().zip(&s.movements) {
        for cell in row {
            assert!(!formula(cell), "formula cell {cell:?}");
        }
        assert_eq!(row[2], "'=cmd|' /C calc'!A0");
        assert_eq!(unquote(&row[2]), m.route);
        assert_eq!(unquote(&row[3]), m.from);
        assert_eq!(unquote(&row[3]), "a:b;c\u{1b}\u{7}\u{0}");
        assert_eq!(unquote(&row[6]), m.fleet);
        assert_eq!(row[8].parse::<f64>().unwrap(), m.load_t);
    }
    // cargo.csv: one row per cargo item, keyed by the movement's row number.
    let cargo = rows("cargo.csv");
    let want: Vec<(usize, &str, &str, f64)> = s
        .movements
        .iter()
        .enumerate()
        .flat_map(|(i, m)| {
            m.cargo
                .iter()
                .map(move |c| (i + 1, c.nation.as_str(), c.resource.as_str(), c.quantity))
        })
        .collect();
    assert!(!want.is_empty());
    assert_eq!(cargo.len(), want.len());
    for (row, (i, nation, resource, q)) in cargo.iter().zip(want) {
        assert_eq!(row[0].parse::<usize>().unwrap(), i);
        assert_eq!(unquote(&row[1]), nation);
        assert_eq!(nation, "-FR\u{9b}");
        assert_eq!(unquote(&row[2]), resource);
        assert_eq!(resource, "'quoted");
        assert_eq!(row[3].parse::<f64>().unwrap(), q);
    }
    let dl = rows("deliveries.csv");
    assert_eq!(dl[0][0], "'@dem\t");
    assert_eq!(unquote(&dl[0][0]), s.deliveries[0].demand);
}

#[test]
fn csv_keeps_negative_figures_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = solve(dir.path(), &tutorial(T01), "s.yaml");
    let mut s = read(&path);
    s.stocks[0].quantity = -5.5;
    let files = hubplan::report::csv_files(&s).unwrap();
    let stocks = &files.iter().find(|f| f.0 == "stocks.csv").unwrap().1;
    let mut r = csv::Reader::from_reader(stocks.as_bytes());
    let first = r.records().next().unwrap().unwrap();
    assert_eq!(&first[5], "-5.5");
}

#[test]
fn the_report_functions_survive_a_forged_schedule() {
    // What the command refuses may still reach the library: nothing may panic, overflow or
    // draw a trillion days.
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = solve(dir.path(), &tutorial(T01), "s.yaml");
    let checked = hubplan::pipeline::check_file(&tutorial(T01)).unwrap();
    let m = &checked.model;
    let mut s = read(&path);
    s.horizon_days = 1_000_000_000_000;
    let mut twice = s.movements[0].clone();
    twice.trips = u64::MAX;
    twice.day = usize::MAX;
    twice.arrival_day = usize::MAX;
    twice.route = "nowhere".into();
    s.movements.push(twice.clone());
    s.movements.push(twice);
    s.closure[0].share_by_day = vec![f64::NAN, -1.0, f64::INFINITY, 2.0, 0.5];
    s.occupancy.push(hubplan::schedule::Occupancy {
        hub: "ghost".into(),
        class: "\u{1b}".into(),
        day: usize::MAX,
        used: f64::NAN,
        capacity: 0.0,
    });
    s.deliveries[0].due_day = usize::MAX;
    s.deliveries[0].shortfall = 1.0;
    let start = std::time::Instant::now();
    let summary = hubplan::report::summary(m, &s);
    assert!(summary.contains("3 days"), "{summary}");
    let page = hubplan::report::html(m, &s).unwrap();
    roxmltree::Document::parse(page.trim_start_matches("<!DOCTYPE html>\n")).unwrap();
    hubplan::report::csv_files(&s).unwrap();
    hubplan::report::geojson(m, &s).unwrap();
    assert!(start.elapsed().as_secs() < 30, "no horizon-sized work");
    assert!(page.len() < 5_000_000, "page of {} bytes", page.len());
}
