//! `hubplan::solve::export` (and `hubplan export`) writes the MIP exactly as hubplan solves it:
//! the exported MPS, read back and solved by HiGHS alone, has hubplan's optimum (objective
//! offset included), its columns are named after the model, and the LP file is a well-formed LP
//! file.

use std::ffi::CString;
use std::path::Path;

use assert_cmd::Command;
use hubplan::formulation;
use hubplan::pipeline::{check_str, plan};
use hubplan::solve::{export, ExportFormat, SolveOptions, Status};

fn tutorial(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("models/tutorial")
        .join(name);
    std::fs::read_to_string(p).expect("tutorial model")
}

/// Reads a model file with HiGHS alone, solves it and returns (model status, objective,
/// columns, rows).
fn highs_solve(path: &Path) -> (i32, f64, i32, i32) {
    let c_path = CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: a fresh HiGHS instance used only here and destroyed at the end; the strings are
    // NUL-terminated and outlive the calls.
    unsafe {
        let h = highs_sys::Highs_create();
        highs_sys::Highs_setBoolOptionValue(h, c"output_flag".as_ptr(), 0);
        highs_sys::Highs_setIntOptionValue(h, c"threads".as_ptr(), 1);
        assert!(
            highs_sys::Highs_readModel(h, c_path.as_ptr()) >= 0,
            "HiGHS reads it"
        );
        let cols = highs_sys::Highs_getNumCol(h) as i32;
        let rows = highs_sys::Highs_getNumRow(h) as i32;
        assert!(highs_sys::Highs_run(h) >= 0, "HiGHS solves it");
        let status = highs_sys::Highs_getModelStatus(h) as i32;
        let obj = highs_sys::Highs_getObjectiveValue(h);
        highs_sys::Highs_destroy(h);
        (status, obj, cols, rows)
    }
}

fn roundtrip(name: &str, text: &str) {
    let checked = check_str(name, text).expect("valid model");
    let opts = SolveOptions {
        exact: true,
        threads: Some(1),
        ..SolveOptions::default()
    };
    let s = plan(&checked.model, &checked.network, &opts)
        .expect("solves")
        .schedule;
    assert_eq!(s.solver.status, Status::Optimal, "{name}");
    let hubplan_obj = s.objective.total;

    let dir = tempfile::tempdir().unwrap();
    let mps = dir.path().join("model.mps");
    let mut f = formulation::build(&checked.model, &checked.network);
    let (cols, rows) = (f.is_integer.len() as i32, f.stats.rows as i32);
    let names = f.column_names(&checked.model);
    export(&mut f, &mps, ExportFormat::Mps, Some(&names)).expect("exports");
    // Every column carries its name in the file.
    let written = std::fs::read_to_string(&mps).unwrap();
    let tokens: std::collections::HashSet<&str> = written.split_whitespace().collect();
    for n in &names {
        assert!(
            tokens.contains(n.as_str()),
            "{name}: column {n} not in the MPS"
        );
    }
    let (status, obj, read_cols, read_rows) = highs_solve(&mps);
    assert_eq!(status, highs_sys::kHighsModelStatusOptimal, "{name}");
    assert_eq!(
        (read_cols, read_rows),
        (cols, rows),
        "{name}: columns and rows"
    );
    let rel = (obj - hubplan_obj).abs() / hubplan_obj.abs().max(1.0);
    assert!(
        rel <= 1e-6,
        "{name}: HiGHS alone {obj}, hubplan {hubplan_obj}"
    );
    // hubplan's own HiGHS-alone runner (`hubplan bench --modes highs`) agrees, bound included.
    let alone = hubplan::solve::solve_mps(
        &mps,
        &hubplan::solve::AloneOptions {
            threads: Some(1),
            ..Default::default()
        },
    )
    .expect("HiGHS alone solves it");
    assert_eq!(alone.status, Status::Optimal, "{name}");
    assert_eq!((alone.columns, alone.rows), (cols as usize, rows as usize));
    let a = alone.objective.expect("an objective");
    assert!(
        (a - hubplan_obj).abs() <= 1e-6 * hubplan_obj.abs().max(1.0),
        "{name}: {a}"
    );
    let b = alone.bound.expect("a bound");
    assert!(
        b <= a + 1e-6 * a.abs().max(1.0) && alone.gap.unwrap() <= 1e-4,
        "{name}: {b}"
    );
    // Only the file itself is left in the folder (the temporary one was renamed).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn exported_mps_solves_to_hubplans_objective() {
    roundtrip(
        "02-facility-location.yaml",
        &tutorial("02-facility-location.yaml"),
    );
    roundtrip(
        "03-time-and-lateness.yaml",
        &tutorial("03-time-and-lateness.yaml"),
    );
}

#[test]
fn exported_benchmark_instances_solve_to_hubplans_objective() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances");
    for name in ["theatre-tiny-1.yaml", "network-design-small-1.yaml"] {
        let text = std::fs::read_to_string(dir.join(name)).expect("instance");
        roundtrip(name, &text);
    }
}

#[test]
fn objective_offset_is_exported() {
    // A hub fixed open: its cost is a constant of the objective, outside the columns.
    let text = tutorial("02-facility-location.yaml").replacen(
        "      opening_cost: 12000\n",
        "      opening_cost: 12000\n      fixed: true\n",
        1,
    );
    let checked = check_str("fixed.yaml", &text).expect("valid model");
    let f = formulation::build(&checked.model, &checked.network);
    assert!(f.objective_offset > 0.0, "the fixed hub gives an offset");
    roundtrip("fixed.yaml", &text);
}

/// Runs `hubplan export MODEL --mps MPS --lp LP`, which must succeed.
fn export_cli(model: &Path, mps: &Path, lp: &Path) {
    Command::cargo_bin("hubplan")
        .unwrap()
        .arg("export")
        .arg(model)
        .arg("--mps")
        .arg(mps)
        .arg("--lp")
        .arg(lp)
        .assert()
        .success();
}

#[test]
fn cli_writes_mps_and_lp() {
    let dir = tempfile::tempdir().unwrap();
    let (mps, lp) = (dir.path().join("m.mps"), dir.path().join("m.lp"));
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tutorial/01-transport.yaml");
    export_cli(&model, &mps, &lp);
    let m = std::fs::read_to_string(&mps).unwrap();
    assert!(m.contains("ROWS") && m.contains("COLUMNS") && m.contains("ENDATA"));
    let l = std::fs::read_to_string(&lp).unwrap();
    let first = l
        .lines()
        .find(|x| !x.trim().is_empty() && !x.starts_with('\\'))
        .unwrap();
    assert_eq!(
        first.trim(),
        "min",
        "LP file starts with its objective sense"
    );
    assert!(l.contains("st") && l.trim_end().ends_with("end"));
    // The LP file reads back as the same model.
    let (status, obj_lp, ..) = highs_solve(&lp);
    let (_, obj_mps, ..) = highs_solve(&mps);
    assert_eq!(status, highs_sys::kHighsModelStatusOptimal);
    assert!((obj_lp - obj_mps).abs() <= 1e-6 * obj_mps.abs().max(1.0));
}

#[test]
fn cli_needs_an_output() {
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tutorial/01-transport.yaml");
    Command::cargo_bin("hubplan")
        .unwrap()
        .arg("export")
        .arg(&model)
        .assert()
        .failure();
}

#[test]
fn column_names_map_back_to_the_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances");
    let checked = hubplan::pipeline::check_file(&dir.join("theatre-tiny-1.yaml")).unwrap();
    let (m, net) = (&checked.model, &checked.network);
    let f = formulation::build(m, net);
    let names = f.column_names(m);
    assert_eq!(names.len(), f.is_integer.len());
    let unique: std::collections::HashSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "names are unique");
    assert!(names
        .iter()
        .all(|n| n.chars().all(|c| c.is_ascii_graphic())));
    let t = f.trips[0];
    assert_eq!(
        names[t.col.ix],
        format!(
            "trips[{},{},d{}]",
            m.routes[t.route].id, m.fleets[t.fleet].id, t.day
        )
    );
    let x = f.flows[0];
    let k = net.commodities[x.k];
    assert_eq!(
        names[x.col.ix],
        format!(
            "flows[{},{},{}.{},d{}]",
            m.routes[x.route].id,
            m.fleets[x.fleet].id,
            m.nations[k.nation].id,
            m.resources[k.resource].id,
            x.day
        )
    );
    let o = f.open[0];
    assert_eq!(
        names[o.col.ix],
        format!("open[{},d{}]", m.nodes[o.hub].id, o.day)
    );
    for (family, count) in [
        ("flows[", f.flows.len()),
        ("trips[", f.trips.len()),
        ("stocks[", f.stocks.len()),
        ("deliveries[", f.deliveries.len()),
        ("open[", f.open.len()),
    ] {
        assert_eq!(
            names.iter().filter(|n| n.starts_with(family)).count(),
            count,
            "{family}"
        );
    }
    // The LP names are legal for HiGHS's LP reader and still unique.
    let lp = f.lp_column_names(m);
    assert_eq!(lp.len(), names.len());
    assert!(lp.iter().all(|n| n
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "!\"#$%&(),.;?@_{}~".contains(c))));
    let unique: std::collections::HashSet<&String> = lp.iter().collect();
    assert_eq!(unique.len(), lp.len());
}

#[test]
fn cli_names_columns_in_mps_and_lp() {
    let dir = tempfile::tempdir().unwrap();
    let (mps, lp) = (dir.path().join("t.mps"), dir.path().join("t.lp"));
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/theatre-tiny-1.yaml");
    export_cli(&model, &mps, &lp);
    let m = std::fs::read_to_string(&mps).unwrap();
    assert!(m.contains("trips[") && m.contains("flows[") && m.contains("open["));
    let l = std::fs::read_to_string(&lp).unwrap();
    assert!(l.contains("trips(") && l.contains("flows(") && l.contains("open("));
    // Both read back as the same model, with hubplan's optimum.
    let (status_mps, obj_mps, ..) = highs_solve(&mps);
    let (status_lp, obj_lp, ..) = highs_solve(&lp);
    assert_eq!(status_mps, highs_sys::kHighsModelStatusOptimal);
    assert_eq!(status_lp, highs_sys::kHighsModelStatusOptimal);
    let reference = 90398.086857;
    assert!((obj_mps - reference).abs() <= 1e-6 * reference, "{obj_mps}");
    assert!((obj_lp - reference).abs() <= 1e-6 * reference, "{obj_lp}");
}
