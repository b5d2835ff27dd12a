//! `hubplan bench`: runs instances in child processes, writes every column to CSV, compares
//! with the reference objectives and exits non-zero on a worse or failed run. Fast instances
//! only (each solves in well under a second).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

const FAST: [&str; 3] = [
    "facility-8x16.yaml",
    "network-design-small-1.yaml",
    "theatre-tiny-1.yaml",
];

const COLUMNS: [&str; 26] = [
    "instance",
    "mode",
    "threads",
    "naive_vars",
    "vars",
    "int_vars",
    "rows",
    "nonzeros",
    "validate_s",
    "graph_s",
    "build_s",
    "solve_s",
    "total_s",
    "peak_mib",
    "status",
    "method",
    "objective",
    "bound",
    "gap",
    "ref_objective",
    "diff",
    "checked",
    "verdict",
    "time_ratio",
    "objective_ratio",
    "message",
];

fn instance(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("instances")
        .join(name)
}

fn hubplan() -> Command {
    Command::cargo_bin("hubplan").unwrap()
}

/// Reads a results CSV: its header and one map per row.
fn read_csv(path: &Path) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let mut r = csv::Reader::from_path(path).expect("CSV written");
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("CSV record");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

fn num(row: &HashMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?} is not a number", row[col]))
}

#[test]
fn parallel_runs_write_every_column_and_pass() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results.csv");
    let md = dir.path().join("results.md");
    let assert = hubplan()
        .arg("bench")
        .args(FAST.map(instance))
        .args(["--jobs", "2", "--time-limit", "20", "-q"])
        .arg("-o")
        .arg(&out)
        .arg("--markdown")
        .arg(&md)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let (header, rows) = read_csv(&out);
    assert_eq!(header, COLUMNS);
    // One row per instance, in the order given, whatever the order the runs finished in.
    let names: Vec<&str> = rows.iter().map(|r| r["instance"].as_str()).collect();
    assert_eq!(names, FAST);
    for r in &rows {
        let name = &r["instance"];
        assert_eq!(r["mode"], "hubplan", "{name}");
        assert_eq!(r["verdict"], "ok", "{name}: {r:?}");
        assert_eq!(r["status"], "optimal", "{name}");
        assert_eq!(r["checked"], "true", "{name}");
        // Default threads per run: cores / jobs, at least 1.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(r["threads"], (cores / 2).max(1).to_string(), "{name}");
        for col in [
            "naive_vars",
            "vars",
            "int_vars",
            "rows",
            "nonzeros",
            "validate_s",
            "graph_s",
            "build_s",
            "solve_s",
            "total_s",
            "objective",
            "bound",
            "gap",
            "ref_objective",
            "diff",
        ] {
            num(r, col);
        }
        assert!(num(r, "vars") > 0.0 && num(r, "naive_vars") >= num(r, "vars"));
        #[cfg(target_os = "linux")]
        assert!(num(r, "peak_mib") > 1.0, "{name}: peak memory is read");
        let total = num(r, "total_s");
        assert!(total >= num(r, "solve_s") && total >= num(r, "build_s"));
    }
    // The Markdown table is printed and written: a header, a rule and one line per row.
    let table = std::fs::read_to_string(&md).unwrap();
    assert_eq!(table, stdout);
    assert_eq!(table.lines().count(), 2 + FAST.len());
    assert!(table.starts_with("| instance | mode | threads |"));
}

#[test]
fn an_impossible_reference_fails_as_worse() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference.yaml");
    std::fs::write(
        &reference,
        "instances:\n  - file: facility-8x16.yaml\n    objective: 30000.0\n    bound: 30000.0\n    \
         proven_optimal: false\n    obtained: impossible, for the test\n    in_tests: false\n",
    )
    .unwrap();
    let out = dir.path().join("r.csv");
    let assert = hubplan()
        .arg("bench")
        .arg(instance("facility-8x16.yaml"))
        .arg(instance("theatre-tiny-1.yaml"))
        .arg("--reference")
        .arg(&reference)
        .arg("-q")
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("1 worse"), "{stderr}");
    assert!(stderr.contains("1 no-reference"), "{stderr}");
    let (_, rows) = read_csv(&out);
    assert_eq!(rows[0]["verdict"], "worse");
    assert_eq!(rows[0]["ref_objective"], "30000");
    assert!(num(&rows[0], "diff") > 0.2);
    // The given reference replaces instances/reference.yaml: the other instance has none.
    assert_eq!(rows[1]["verdict"], "no-reference");
    assert_eq!(rows[1]["ref_objective"], "");
}

#[test]
fn hubplan_and_highs_alone_agree_on_a_proven_instance() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    hubplan()
        .arg("bench")
        .arg(instance("theatre-tiny-1.yaml"))
        .args(["--modes", "hubplan,highs", "--threads", "1", "-q", "-o"])
        .arg(&out)
        .assert()
        .success();
    let (_, rows) = read_csv(&out);
    assert_eq!(rows.len(), 2);
    let (h, alone) = (&rows[0], &rows[1]);
    assert_eq!(
        (h["mode"].as_str(), alone["mode"].as_str()),
        ("hubplan", "highs")
    );
    for r in &rows {
        assert_eq!(r["status"], "optimal", "{r:?}");
        assert_eq!(r["verdict"], "ok", "{r:?}");
    }
    let (a, b) = (num(h, "objective"), num(alone, "objective"));
    assert!(
        (a - b).abs() <= 1e-6 * a.abs().max(1.0),
        "hubplan {a}, HiGHS alone {b}"
    );
    // HiGHS alone reads the same MIP hubplan builds.
    for col in ["naive_vars", "vars", "int_vars", "rows", "nonzeros"] {
        assert_eq!(h[col], alone[col], "{col}");
    }
    assert!(alone["method"].contains("alone"));
    assert_eq!(alone["checked"], "");
    // The hubplan row carries the ratios to HiGHS alone, measured in the same run.
    // (The CSV rounds seconds to microseconds; the ratio is computed before rounding.)
    let ratio = num(h, "time_ratio");
    let (a, b) = (num(h, "total_s"), num(alone, "total_s"));
    let (lo, hi) = ((a - 5e-4) / (b + 5e-4), (a + 5e-4) / (b - 5e-4).max(1e-9));
    assert!(
        lo * 0.999 - 1e-3 <= ratio && ratio <= hi * 1.001 + 1e-3,
        "{ratio} not in [{lo}, {hi}]"
    );
    assert!((num(h, "objective_ratio") - 1.0).abs() <= 1e-6);
    assert_eq!(alone["time_ratio"], "");
}

#[test]
fn build_only_counts_match_solve() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.csv");
    let names = ["facility-8x16.yaml", "theatre-tiny-1.yaml"];
    hubplan()
        .arg("bench")
        .args(names.map(instance))
        .args(["--build-only", "-q", "-o"])
        .arg(&out)
        .assert()
        .success();
    let (_, rows) = read_csv(&out);
    assert_eq!(rows.len(), names.len());
    for (name, row) in names.iter().zip(&rows) {
        assert_eq!(row["mode"], "build");
        assert_eq!(row["status"], "built");
        assert_eq!(row["verdict"], "ok");
        assert_eq!(row["objective"], "");
        let schedule = dir.path().join(format!("{name}.schedule.yaml"));
        hubplan()
            .arg("solve")
            .arg(instance(name))
            .args(["-q", "--threads", "1", "-o"])
            .arg(&schedule)
            .assert()
            .success();
        let s: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(&schedule).unwrap()).unwrap();
        let size = &s["solver"]["size"];
        for (col, key) in [
            ("naive_vars", "naive_variables"),
            ("vars", "variables"),
            ("int_vars", "integer_variables"),
            ("rows", "rows"),
            ("nonzeros", "nonzeros"),
        ] {
            assert_eq!(
                row[col],
                size[key].as_u64().unwrap().to_string(),
                "{name}: {col}"
            );
        }
    }
}

#[test]
fn a_broken_model_is_an_error_row_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "name: broken\nhorizon_days: [\n").unwrap();
    let missing = dir.path().join("missing.yaml");
    let out = dir.path().join("r.csv");
    let assert = hubplan()
        .arg("bench")
        .arg(instance("facility-8x16.yaml"))
        .arg(&broken)
        .arg(&missing)
        .args(["--modes", "hubplan,highs", "-q", "-o"])
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let (_, rows) = read_csv(&out);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["instance"].as_str(),
                r["mode"].as_str(),
                r["verdict"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("facility-8x16.yaml", "hubplan", "ok"),
            ("facility-8x16.yaml", "highs", "ok"),
            ("broken.yaml", "hubplan", "error"),
            ("broken.yaml", "highs", "error"),
            ("missing.yaml", "hubplan", "error"),
            ("missing.yaml", "highs", "error"),
        ]
    );
    for r in &rows[2..] {
        assert_eq!(r["status"], "error");
        assert!(!r["message"].is_empty());
    }
    assert!(
        rows[2]["message"].contains("E1004"),
        "{:?}",
        rows[2]["message"]
    );
    assert!(
        rows[4]["message"].contains("E1001"),
        "{:?}",
        rows[4]["message"]
    );
}

#[test]
fn worker_speaks_json_lines_and_is_hidden() {
    let job = serde_json::json!({
        "task": {"kind": "build"},
        "model": instance("facility-8x16.yaml"),
        "time_limit": null,
        "gap": null,
        "threads": 1,
    });
    let assert = hubplan()
        .args(["bench-worker", "--job"])
        .arg(job.to_string())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines[0], serde_json::json!({"phase": "validate"}));
    let result = &lines.last().unwrap()["result"];
    assert_eq!(result["status"], "built");
    assert_eq!(result["vars"], 297);
    let help = hubplan().arg("--help").assert().success();
    let help = String::from_utf8_lossy(&help.get_output().stdout).into_owned();
    assert!(help.contains("bench") && !help.contains("bench-worker"));
}
