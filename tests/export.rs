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

/// The row-name prefixes of docs/formulation.md's family table, with their sections.
const ROW_PREFIXES: &[(&str, &str)] = &[
    ("hub_opening", "4.1"),
    ("loading", "4.3"),
    ("loading_each", "4.3"),
    ("route_throughput", "4.4"),
    ("fleet_cycling", "4.5"),
    ("handling", "4.6"),
    ("demand", "4.7"),
    ("hub_link", "4.8"),
    ("hub_capacity", "4.8"),
    ("flow_balance", "4.9"),
    ("monitoring_basing", "4.10"),
    ("monitoring_count", "4.10"),
    ("coverage", "4.10"),
    ("sink_linking", "4.11"),
    ("sink_daily", "4.11"),
    ("sink_sum", "4.11"),
    ("hub_cover", "4.12"),
];

/// The prefix of a row name, before its first `open` bracket.
fn prefix(name: &str, open: char) -> &str {
    name.split(open).next().unwrap_or("")
}

/// The row names of an exported free MPS file (its ROWS section without the objective).
fn mps_rows(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| l.trim() != "ROWS")
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            match (it.next(), it.next()) {
                (Some("N"), _) | (_, None) => None,
                (_, Some(name)) => Some(name.to_string()),
            }
        })
        .collect()
}

/// The row names of an exported LP file (the `NAME:` of each line of its constraints).
fn lp_rows(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| l.trim() != "st")
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .filter_map(|l| l.trim().split_once(": ").map(|(n, _)| n.to_string()))
        .collect()
}

#[test]
fn exported_rows_are_named_by_family() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let models = [
        "models/tutorial/01-transport.yaml",
        "models/tutorial/02-facility-location.yaml",
        "models/tutorial/03-time-and-lateness.yaml",
        "models/tutorial/04-caveats-and-protection.yaml",
        "instances/theatre-tiny-1.yaml",
    ];
    let known: std::collections::HashSet<&str> = ROW_PREFIXES.iter().map(|p| p.0).collect();
    for model in models {
        let checked = hubplan::pipeline::check_file(&root.join(model)).unwrap();
        let (m, net) = (&checked.model, &checked.network);
        let dir = tempfile::tempdir().unwrap();
        let (mps, lp, plain) = (
            dir.path().join("m.mps"),
            dir.path().join("m.lp"),
            dir.path().join("plain.mps"),
        );
        let mut f = formulation::build(m, net);
        let rows = f.stats.rows;
        hubplan::solve::export_named(&mut f, m, &mps, ExportFormat::Mps).expect("exports");
        let mut f = formulation::build(m, net);
        hubplan::solve::export_named(&mut f, m, &lp, ExportFormat::Lp).expect("exports");
        let mut f = formulation::build(m, net);
        export(&mut f, &plain, ExportFormat::Mps, None).expect("exports");
        for (path, names, open) in [
            (&mps, mps_rows(&std::fs::read_to_string(&mps).unwrap()), '['),
            (&lp, lp_rows(&std::fs::read_to_string(&lp).unwrap()), '('),
        ] {
            assert_eq!(
                names.len(),
                rows,
                "{model}: {} names every row",
                path.display()
            );
            let unique: std::collections::HashSet<&String> = names.iter().collect();
            assert_eq!(unique.len(), rows, "{model}: row names are unique");
            for n in &names {
                assert!(known.contains(prefix(n, open)), "{model}: row {n}");
            }
        }
        // Named or not, HiGHS reads the same model.
        let (status, obj_plain, cols, read_rows) = highs_solve(&plain);
        assert_eq!(status, highs_sys::kHighsModelStatusOptimal, "{model}");
        assert_eq!(read_rows as usize, rows);
        for path in [&mps, &lp] {
            let (status, obj, c, r) = highs_solve(path);
            assert_eq!(status, highs_sys::kHighsModelStatusOptimal, "{model}");
            assert_eq!((c, r), (cols, read_rows), "{model}");
            assert!(
                (obj - obj_plain).abs() <= 1e-6 * obj_plain.abs().max(1.0),
                "{model}: {obj} vs {obj_plain}"
            );
        }
    }
}

#[test]
fn row_names_map_back_to_the_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances");
    let checked = hubplan::pipeline::check_file(&dir.join("theatre-tiny-1.yaml")).unwrap();
    let (m, net) = (&checked.model, &checked.network);
    let f = formulation::build(m, net);
    let names = f.row_names(m);
    assert_eq!(names.len(), f.stats.rows);
    assert_eq!(f.row_labels.len(), f.stats.rows);
    assert!(names
        .iter()
        .all(|n| n.chars().all(|c| c.is_ascii_graphic())));
    // Each row's family has the section its name's prefix stands for.
    let section: std::collections::HashMap<&str, &str> = ROW_PREFIXES.iter().copied().collect();
    for (i, n) in names.iter().enumerate() {
        let family = f.row_family(i).expect("a family");
        assert_eq!(section.get(prefix(n, '[')), Some(&family.section()), "{n}");
    }
    assert_eq!(f.row_family(f.stats.rows), None);
    // The tightening rows are disaggregated loading and sink linking.
    for &r in &f.tightening {
        let p = prefix(&names[r], '[');
        assert!(
            ["loading_each", "sink_linking", "sink_daily"].contains(&p),
            "{p}"
        );
    }
    // A flow-balance row names its node, commodity and day; a demand row its demand.
    let i = names
        .iter()
        .position(|n| n.starts_with("flow_balance["))
        .expect("flow balance rows");
    let formulation::RowLabel::FlowBalance { vertex, k, day } = f.row_labels[i] else {
        panic!("{}", names[i]);
    };
    let node = &m.nodes[f.vertex_node[vertex as usize]];
    let kk = net.commodities[k as usize];
    let ids = format!(
        "{}.{},d{day}]",
        m.nations[kk.nation].id, m.resources[kk.resource].id
    );
    assert!(
        names[i].starts_with(&format!("flow_balance[{}", node.id)) && names[i].ends_with(&ids),
        "{}",
        names[i]
    );
    let d = names
        .iter()
        .position(|n| n.starts_with("demand["))
        .expect("demand rows");
    let formulation::RowLabel::Demand { demand } = f.row_labels[d] else {
        panic!("{}", names[d]);
    };
    assert_eq!(
        names[d],
        format!("demand[{}]", m.demands[demand as usize].id)
    );
    // The LP names are legal for HiGHS's LP reader and still unique.
    let lp = f.lp_row_names(m);
    assert_eq!(lp.len(), names.len());
    assert!(lp.iter().all(|n| n
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "!\"#$%&(),.;?@_{}~".contains(c))));
    let unique: std::collections::HashSet<&String> = lp.iter().collect();
    assert_eq!(unique.len(), lp.len());
}
