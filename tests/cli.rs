//! Runs the `hubplan` binary on the models in `models/`: validate, solve, graph, schema and codes,
//! the exit codes, and the refusals that protect a planner's files.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value as Json;

mod common;

use common::bin::{hubplan, root, run};

/// The `.yaml` files of a folder (relative to the crate root), sorted.
fn yaml_files(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("read {dir}: {e}"))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| format!("{dir}/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    v.sort();
    assert!(!v.is_empty(), "{dir} has models");
    v
}

fn tutorials() -> Vec<String> {
    yaml_files("models/tutorial")
}

fn all_models() -> Vec<String> {
    let mut v = yaml_files("models");
    v.extend(tutorials());
    v
}

/// A model file read as JSON (serde_yaml reads straight into serde_json's value).
fn model_json(rel: &str) -> Json {
    let text = std::fs::read_to_string(root().join(rel)).expect("read model");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{rel} is YAML: {e}"))
}

fn ids(model: &Json, section: &str) -> Vec<String> {
    model[section]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["id"].as_str().expect("id").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn rel_close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

// ---- validate -----------------------------------------------------------------------------

#[test]
fn validate_accepts_every_sample_model() {
    for m in all_models() {
        let r = run(hubplan().args(["validate", &m]));
        assert_eq!(r.code, Some(0), "hubplan validate {m}:\n{}", r.stderr);
        assert!(
            r.stderr.contains(&format!("{m}: valid (0 errors")),
            "{m}: {}",
            r.stderr
        );
        let j = run(hubplan().args(["validate", "--json", &m]));
        assert_eq!(j.code, Some(0));
        let diags: Json = serde_json::from_str(&j.stdout).expect("--json prints JSON");
        assert!(
            diags
                .as_array()
                .expect("an array")
                .iter()
                .all(|d| d["severity"] == "warning"),
            "{m}: only warnings in a valid model: {diags}"
        );
    }
}

// ---- solve --------------------------------------------------------------------------------

/// The `# optimum: <number>` line of a tutorial's header comment.
fn stated_optimum(rel: &str) -> f64 {
    let text = std::fs::read_to_string(root().join(rel)).expect("read tutorial");
    let mut found = None;
    for line in text.lines() {
        if !line.starts_with('#') {
            if line.trim().is_empty() {
                continue;
            }
            break; // the header comment ends at the first line of YAML
        }
        if let Some(rest) = line.trim_start_matches('#').trim().strip_prefix("optimum:") {
            assert!(found.is_none(), "{rel}: one `# optimum:` line");
            found = Some(
                rest.trim()
                    .replace(['_', ','], "")
                    .parse::<f64>()
                    .unwrap_or_else(|e| panic!("{rel}: `{line}` is not a number: {e}")),
            );
        }
    }
    found.unwrap_or_else(|| panic!("{rel}: the header has no `# optimum: <number>` line"))
}

#[test]
fn solve_reaches_each_tutorials_stated_optimum() {
    let dir = tempfile::tempdir().expect("temp dir");
    for m in tutorials() {
        let optimum = stated_optimum(&m);
        let stem = Path::new(&m)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let model = model_json(&m);

        // YAML (the default format).
        let out = dir.path().join(format!("{stem}.schedule.yaml"));
        let r = run(hubplan().args(["solve", &m, "-q", "-o"]).arg(&out));
        assert_eq!(r.code, Some(0), "hubplan solve {m}:\n{}", r.stderr);
        let text = std::fs::read_to_string(&out).expect("schedule written");
        let s: Json = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{m}: the schedule is YAML: {e}\n{text}"));
        assert_eq!(s["solver"]["status"], "optimal", "{m}");
        if let Some(name) = model["name"].as_str() {
            assert_eq!(s["model"], name, "{m}: the schedule names its model");
        }
        let total = s["objective"]["total"].as_f64().expect("objective.total");
        assert!(
            rel_close(total, optimum, 1e-6),
            "{m}: objective.total {total}, hand-worked optimum {optimum}"
        );

        // JSON.
        let out = dir.path().join(format!("{stem}.schedule.json"));
        let r = run(hubplan()
            .args(["solve", &m, "-q", "--format", "json", "-o"])
            .arg(&out));
        assert_eq!(
            r.code,
            Some(0),
            "hubplan solve {m} --format json:\n{}",
            r.stderr
        );
        let text = std::fs::read_to_string(&out).expect("schedule written");
        let s: Json = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{m}: the JSON schedule is JSON: {e}\n{text}"));
        let total = s["objective"]["total"].as_f64().expect("objective.total");
        assert!(
            rel_close(total, optimum, 1e-6),
            "{m} (json): objective.total {total}, hand-worked optimum {optimum}"
        );
    }
}

#[test]
fn solve_to_stdout_prints_only_the_schedule() {
    let m = &tutorials()[0];
    let r = run(hubplan().args(["solve", m, "-o", "-", "--format", "json"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let s: Json = serde_json::from_str(&r.stdout)
        .unwrap_or_else(|e| panic!("stdout is only the JSON schedule: {e}\n{}", r.stdout));
    assert!(s["objective"]["total"].is_number());
    let r = run(hubplan().args(["solve", m, "-o", "-", "-q"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let s: Json = serde_yaml::from_str(&r.stdout).expect("stdout is only the YAML schedule");
    assert!(s["objective"]["total"].is_number());
}

#[test]
fn solve_writes_the_default_schedule_file_in_the_current_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let m = root().join(&tutorials()[0]);
    let stem = m.file_stem().unwrap().to_string_lossy().into_owned();
    let r = run(Command::cargo_bin("hubplan")
        .unwrap()
        .current_dir(dir.path())
        .timeout(Duration::from_secs(120))
        .args(["solve", "-q"])
        .arg(&m));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let out = dir.path().join(format!("{stem}.schedule.yaml"));
    assert!(out.is_file(), "default output {} written", out.display());
}

#[test]
fn solve_coalition_within_limits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("coalition.schedule.yaml");
    let t = Instant::now();
    let r = run(hubplan()
        .args([
            "solve",
            "models/coalition.yaml",
            "--time-limit",
            "30",
            "--threads",
            "2",
            "-q",
            "-o",
        ])
        .arg(&out));
    let took = t.elapsed();
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // The issue asks for a feasible schedule in under a minute on 2 cores.
    assert!(took < Duration::from_secs(60), "coalition took {took:?}");
    let s: Json = serde_yaml::from_str(&std::fs::read_to_string(&out).expect("schedule written"))
        .expect("the schedule is YAML");
    let status = s["solver"]["status"].as_str().expect("status");
    assert!(
        status == "optimal" || status == "feasible",
        "status {status}"
    );
    assert!(s["objective"]["total"].as_f64().is_some_and(f64::is_finite));
    assert!(
        s["movements"].as_array().is_some_and(|m| !m.is_empty()),
        "the coalition schedule moves something"
    );
}

#[test]
fn solve_infeasible_model_exits_3() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A hard demand for more than all supply (120 t).
    let text =
        std::fs::read_to_string(root().join("tests/bad-models/warnings/supply-below-demand.yaml"))
            .expect("read")
            .replace("    quantity: 150\n", "    quantity: 150\n    hard: true\n");
    assert!(text.contains("hard: true"));
    let m = dir.path().join("infeasible.yaml");
    std::fs::write(&m, text).expect("write");
    let out = dir.path().join("out.yaml");
    let r = run(hubplan().arg("solve").arg(&m).arg("-o").arg(&out));
    assert_eq!(r.code, Some(3), "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("infeasible"), "{}", r.stderr);
    assert!(!out.exists(), "no schedule for an infeasible model");
}

#[test]
fn solve_without_a_schedule_in_the_limits_exits_4() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.yaml");
    // `--exact` runs the plain MIP; without it the message names what ran, as the solve
    // reports it: on the coalition model the start heuristic and the bound MIP beside it.
    for (extra, tried) in [
        (&["--exact"][..], "tried: the plain MIP (HiGHS)"),
        (
            &[][..],
            "tried: start heuristic and the bound MIP beside it (neither found a schedule)",
        ),
    ] {
        let r = run(hubplan()
            .args(["solve", "models/coalition.yaml"])
            .args(extra)
            .args(["--time-limit", "0.001", "-q", "-o"])
            .arg(&out));
        assert_eq!(r.code, Some(4), "{}", r.stderr);
        assert!(
            r.stderr.contains("no schedule found within the limits"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains(tried), "{}", r.stderr);
        assert!(!out.exists(), "no schedule written");
    }
}

#[test]
fn solve_and_graph_refuse_an_invalid_model() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.yaml");
    let bad = "tests/bad-models/dangling-route-target.yaml";
    let r = run(hubplan().args(["solve", bad, "-o"]).arg(&out));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("error[E2002]"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("--> {bad}:33:9")),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "no schedule for an invalid model");
    let r = run(hubplan().args(["graph", bad]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "no graph for an invalid model");
}

#[test]
fn solve_refuses_to_overwrite_the_model() {
    let dir = tempfile::tempdir().expect("temp dir");
    let m = dir.path().join("model.yaml");
    std::fs::copy(root().join(&tutorials()[0]), &m).expect("copy");
    let before = std::fs::read(&m).expect("read");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    let same_file_other_spelling = dir.path().join("sub").join("..").join("model.yaml");
    for out in [m.clone(), same_file_other_spelling] {
        for format in ["yaml", "json"] {
            let r = run(hubplan()
                .arg("solve")
                .arg(&m)
                .args(["-q", "--format", format, "-o"])
                .arg(&out));
            assert!(
                r.code.is_some_and(|c| c != 0),
                "solve -o {} must fail: {:?}",
                out.display(),
                r.code
            );
            assert!(r.stderr.contains("refusing to overwrite"), "{}", r.stderr);
            assert_eq!(
                std::fs::read(&m).expect("read"),
                before,
                "the model is unchanged"
            );
        }
    }
}

#[test]
fn solve_into_a_missing_folder_fails_before_solving() {
    let t = Instant::now();
    let r = run(hubplan().args([
        "solve",
        "models/coalition.yaml",
        "-o",
        "/nonexistent-dir/x.yaml",
    ]));
    let took = t.elapsed();
    assert!(
        r.code.is_some_and(|c| c != 0),
        "must fail: {:?}\n{}",
        r.code,
        r.stderr
    );
    assert!(
        r.stderr.contains("/nonexistent-dir") && r.stderr.contains("cannot write"),
        "the message names the folder: {}",
        r.stderr
    );
    assert!(
        r.stdout.is_empty(),
        "no summary: nothing was solved\n{}",
        r.stdout
    );
    // The coalition takes many seconds to solve; failing in a few means it failed first.
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(!Path::new("/nonexistent-dir").exists());
}

// ---- arguments ----------------------------------------------------------------------------

#[test]
fn bad_arguments_exit_2() {
    let m = &tutorials()[0];
    let cases: Vec<Vec<&str>> = vec![
        vec!["frobnicate"],
        vec![],
        vec!["validate"],
        vec!["validate", m, "--no-such-flag"],
        vec!["solve", m, "--format", "xml"],
        vec!["solve", m, "--threads", "many"],
        vec!["graph", m, "--format", "svg"],
    ];
    for args in cases {
        let r = run(hubplan().args(&args));
        assert_eq!(r.code, Some(2), "hubplan {args:?}:\n{}", r.stderr);
        assert!(!r.stderr.is_empty(), "hubplan {args:?} says why");
    }
}

#[test]
fn out_of_range_solver_options_exit_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.yaml");
    let m = &tutorials()[0];
    for (args, says) in [
        (vec!["--gap", "5"], "--gap"),
        (vec!["--gap=-0.1"], "--gap"),
        (vec!["--time-limit", "0"], "--time-limit"),
        (vec!["--time-limit=-3"], "--time-limit"),
        (vec!["--solver-option", "presolve"], "NAME=VALUE"),
    ] {
        let r = run(hubplan()
            .args(["solve", m, "-q"])
            .args(&args)
            .arg("-o")
            .arg(&out));
        assert_eq!(r.code, Some(2), "solve {args:?}:\n{}", r.stderr);
        assert!(r.stderr.contains(says), "solve {args:?}: {}", r.stderr);
        assert!(!out.exists(), "solve {args:?} wrote nothing");
    }
}

// ---- graph --------------------------------------------------------------------------------

/// The quoted strings at the start of a DOT statement: `"a" -> "b" [...]` gives `["a", "b"]`.
fn leading_ids(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line.trim_start();
    while let Some(r) = rest.strip_prefix('"') {
        let mut id = String::new();
        let mut chars = r.char_indices();
        let mut end = r.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, n)) = chars.next() {
                        id.push(n);
                    }
                }
                '"' => {
                    end = i + 1;
                    break;
                }
                c => id.push(c),
            }
        }
        out.push(id);
        rest = r[end..].trim_start();
        match rest.strip_prefix("->") {
            Some(r) => rest = r.trim_start(),
            None => break,
        }
    }
    out
}

/// Braces outside quoted strings balance and never close more than they opened.
fn braces_balance(dot: &str) -> bool {
    let (mut depth, mut quoted, mut escaped) = (0i64, false, false);
    for c in dot.chars() {
        if quoted {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0 && !quoted
}

fn have_graphviz() -> bool {
    std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn graph_exports_every_node_and_route_as_dot() {
    let graphviz = have_graphviz();
    if !graphviz {
        eprintln!("graphviz `dot` not installed: skipping the rendering check");
    }
    for m in all_models() {
        let r = run(hubplan().args(["graph", &m, "--format", "dot"]));
        assert_eq!(r.code, Some(0), "graph {m}:\n{}", r.stderr);
        let dot = &r.stdout;
        assert!(dot.starts_with("digraph"), "{m}: starts with `digraph`");
        assert!(braces_balance(dot), "{m}: braces balance");
        let model = model_json(&m);

        let mut node_lines = Vec::new();
        let mut edges = Vec::new();
        for line in dot.lines() {
            match leading_ids(line).as_slice() {
                [] => {}
                [id] => node_lines.push(id.clone()),
                [a, b] => edges.push((a.clone(), b.clone())),
                other => panic!("{m}: unexpected statement {other:?}: {line}"),
            }
        }
        let mut want_nodes = ids(&model, "nodes");
        want_nodes.sort();
        node_lines.sort();
        assert_eq!(node_lines, want_nodes, "{m}: one node line per node");

        let mut want_edges: Vec<(String, String)> = model["routes"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|r| {
                        (
                            r["from"].as_str().unwrap().to_string(),
                            r["to"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        want_edges.sort();
        edges.sort();
        assert_eq!(edges, want_edges, "{m}: one edge per route");
        for id in ids(&model, "routes") {
            assert!(dot.contains(&id), "{m}: route {id} is labelled");
        }

        if graphviz {
            let mut child = std::process::Command::new("dot")
                .arg("-Tsvg")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("run dot");
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(dot.as_bytes())
                .expect("write to dot");
            let o = child.wait_with_output().expect("dot finishes");
            assert!(
                o.status.success(),
                "{m}: dot -Tsvg failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(String::from_utf8_lossy(&o.stdout).contains("<svg"));
        }
    }
}

#[test]
fn graph_output_file_matches_stdout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let m = &tutorials()[0];
    let out = dir.path().join("g.dot");
    let r = run(hubplan().args(["graph", m, "-o"]).arg(&out));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let s = run(hubplan().args(["graph", m]));
    assert_eq!(std::fs::read_to_string(&out).expect("written"), s.stdout);
}

// ---- schema -------------------------------------------------------------------------------

fn schema() -> Json {
    let r = run(hubplan().arg("schema"));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("schema prints JSON")
}

/// A small JSON Schema checker for the keywords schemars emits ($ref to $defs, type, const,
/// enum, anyOf, oneOf, allOf, properties, required, additionalProperties, items, minimum,
/// maximum). Unknown keywords (description, default, format, title) are annotations.
fn check_schema(root: &Json, schema: &Json, v: &Json, at: &str, errs: &mut Vec<String>) {
    let s = match schema {
        Json::Bool(true) => return,
        Json::Bool(false) => {
            errs.push(format!("{at}: not allowed"));
            return;
        }
        Json::Object(s) => s,
        other => panic!("schema node is {other}"),
    };
    if let Some(r) = s.get("$ref").and_then(Json::as_str) {
        let name = r
            .strip_prefix("#/$defs/")
            .unwrap_or_else(|| panic!("unsupported $ref {r}"));
        let target = &root["$defs"][name];
        assert!(!target.is_null(), "$ref {r} resolves");
        check_schema(root, target, v, at, errs);
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Json::String(t) => vec![t.as_str()],
            Json::Array(a) => a.iter().filter_map(Json::as_str).collect(),
            _ => panic!("type is {t}"),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            "number" => v.is_number(),
            "integer" => v.is_i64() || v.is_u64(),
            other => panic!("type {other}"),
        });
        if !ok {
            errs.push(format!("{at}: {v} is not of type {types:?}"));
            return;
        }
    }
    if let Some(c) = s.get("const") {
        if c != v {
            errs.push(format!("{at}: {v} is not {c}"));
        }
    }
    if let Some(e) = s.get("enum").and_then(Json::as_array) {
        if !e.contains(v) {
            errs.push(format!("{at}: {v} is not one of {e:?}"));
        }
    }
    let branch_ok = |b: &Json| {
        let mut e = Vec::new();
        check_schema(root, b, v, at, &mut e);
        e.is_empty()
    };
    if let Some(a) = s.get("anyOf").and_then(Json::as_array) {
        if !a.iter().any(branch_ok) {
            errs.push(format!("{at}: {v} matches no anyOf branch"));
        }
    }
    if let Some(a) = s.get("oneOf").and_then(Json::as_array) {
        let n = a.iter().filter(|b| branch_ok(b)).count();
        if n != 1 {
            errs.push(format!("{at}: {v} matches {n} oneOf branches"));
        }
    }
    if let Some(a) = s.get("allOf").and_then(Json::as_array) {
        for b in a {
            check_schema(root, b, v, at, errs);
        }
    }
    if let (Some(x), Some(min)) = (v.as_f64(), s.get("minimum").and_then(Json::as_f64)) {
        if x < min {
            errs.push(format!("{at}: {x} < minimum {min}"));
        }
    }
    if let (Some(x), Some(max)) = (v.as_f64(), s.get("maximum").and_then(Json::as_f64)) {
        if x > max {
            errs.push(format!("{at}: {x} > maximum {max}"));
        }
    }
    if let Some(obj) = v.as_object() {
        let props = s.get("properties").and_then(Json::as_object);
        for (k, x) in obj {
            let path = format!("{at}.{k}");
            if let Some(ps) = props.and_then(|p| p.get(k)) {
                check_schema(root, ps, x, &path, errs);
            } else if let Some(ap) = s.get("additionalProperties") {
                check_schema(root, ap, x, &path, errs);
            }
        }
        if let Some(req) = s.get("required").and_then(Json::as_array) {
            for r in req.iter().filter_map(Json::as_str) {
                if !obj.contains_key(r) {
                    errs.push(format!("{at}: required `{r}` is missing"));
                }
            }
        }
    }
    if let (Some(arr), Some(items)) = (v.as_array(), s.get("items")) {
        for (i, x) in arr.iter().enumerate() {
            check_schema(root, items, x, &format!("{at}[{i}]"), errs);
        }
    }
}

#[test]
fn schema_is_a_json_schema_of_the_model_format() {
    let s = schema();
    assert!(s.is_object());
    assert!(
        s["$schema"]
            .as_str()
            .is_some_and(|u| u.contains("json-schema.org")),
        "names its dialect"
    );
    assert_eq!(s["type"], "object");
    let props = s["properties"].as_object().expect("properties");
    for k in [
        "horizon_days",
        "nodes",
        "routes",
        "fleets",
        "supplies",
        "demands",
    ] {
        assert!(props.contains_key(k), "properties include {k}");
    }
    assert!(
        s["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == "horizon_days")),
        "horizon_days is required"
    );
    let coalition = model_json("models/coalition.yaml");
    for k in coalition.as_object().expect("a mapping").keys() {
        assert!(
            props.contains_key(k),
            "coalition.yaml's `{k}` is in the schema"
        );
    }
}

#[test]
fn every_sample_model_conforms_to_the_schema() {
    let s = schema();
    for m in all_models() {
        let mut errs = Vec::new();
        check_schema(&s, &s, &model_json(&m), "", &mut errs);
        assert!(
            errs.is_empty(),
            "{m} against `hubplan schema`:\n{}",
            errs.join("\n")
        );
    }
}

/// The schema is strict enough to catch the shape errors an editor should flag.
#[test]
fn schema_rejects_shape_errors() {
    let s = schema();
    for bad in [
        "unknown-top-level-field",
        "unknown-nested-field",
        "missing-required-field",
        "missing-horizon",
        "wrong-type",
        "wrong-type-float-for-integer",
        "wrong-type-section-not-list",
        "bad-enum-value",
    ] {
        let m = format!("tests/bad-models/{bad}.yaml");
        let mut errs = Vec::new();
        check_schema(&s, &s, &model_json(&m), "", &mut errs);
        assert!(!errs.is_empty(), "{m} passes the schema");
    }
}

#[test]
fn schema_output_file_matches_stdout() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("hubplan.schema.json");
    let r = run(hubplan().args(["schema", "-o"]).arg(&out));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let s = run(hubplan().arg("schema"));
    assert_eq!(std::fs::read_to_string(&out).expect("written"), s.stdout);
}

// ---- codes and docs/diagnostics.md --------------------------------------------------------

fn printed_codes() -> Vec<String> {
    let r = run(hubplan().arg("codes"));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    r.stdout
        .lines()
        .map(|l| {
            let (code, summary) = l
                .split_once(char::is_whitespace)
                .unwrap_or_else(|| panic!("`{l}` is CODE SUMMARY"));
            assert!(!summary.trim().is_empty(), "{code} has a summary");
            code.to_string()
        })
        .collect()
}

fn is_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 5 && (b[0] == b'E' || b[0] == b'W') && b[1..].iter().all(u8::is_ascii_digit)
}

/// Code-like words (`E1234`, `W3001`) in a text.
fn codes_in(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| is_code(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn codes_are_unique_and_ordered() {
    let codes = printed_codes();
    assert!(!codes.is_empty());
    assert!(codes.iter().all(|c| is_code(c)), "{codes:?}");
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted, "codes are printed once each, in order");
}

#[test]
fn docs_list_exactly_the_codes_hubplan_has() {
    let docs =
        std::fs::read_to_string(root().join("docs/diagnostics.md")).expect("docs/diagnostics.md");
    let printed: BTreeSet<String> = printed_codes().into_iter().collect();
    let documented = codes_in(&docs);
    let undocumented: Vec<_> = printed.difference(&documented).collect();
    let unknown: Vec<_> = documented.difference(&printed).collect();
    assert!(
        undocumented.is_empty(),
        "codes missing from docs/diagnostics.md: {undocumented:?}"
    );
    assert!(
        unknown.is_empty(),
        "docs/diagnostics.md names codes hubplan does not have: {unknown:?}"
    );
    // Each code has its own table row: | `E2002` | meaning | example | fix |
    for c in &printed {
        let row = docs
            .lines()
            .find(|l| l.starts_with(&format!("| `{c}` |")))
            .unwrap_or_else(|| panic!("docs/diagnostics.md has no table row for {c}"));
        assert!(row.matches(" | ").count() >= 3, "{c}: four columns: {row}");
    }
}
