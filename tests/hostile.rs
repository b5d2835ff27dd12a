//! Hostile and careless use of the binary: forged schedules that try to overflow the checker,
//! tolerances that would switch it off, outputs that would replace an input or each other,
//! limits too large for the clock, a byte-order mark, and a model file too large to read.
//! Each class is tried with several cases, through the binary, as a user meets it.

use std::path::Path;
use std::time::Duration;

use serde_json::Value as Json;

mod common;

use common::bin::{hubplan, root, run, Run};

const MODEL: &str = "models/tutorial/01-transport.yaml";

/// The tutorial's schedule as JSON, solved into `dir`.
fn solved(dir: &Path) -> Json {
    let out = dir.join("plan.json");
    let r = run(hubplan()
        .args(["solve", MODEL, "-q", "--format", "json", "-o"])
        .arg(&out));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    serde_json::from_str(&std::fs::read_to_string(&out).expect("schedule")).expect("json")
}

fn check(dir: &Path, s: &Json) -> Run {
    let p = dir.join("forged.json");
    std::fs::write(&p, serde_json::to_string(s).expect("json")).expect("write");
    run(hubplan().args(["check", MODEL]).arg(&p))
}

#[test]
fn forged_trip_and_asset_counts_never_wrap_round_in_the_checker() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = solved(dir.path());
    assert!(
        !base["movements"].as_array().expect("movements").is_empty(),
        "the tutorial moves something"
    );
    // Two movements of the same fleet, route and day whose trips sum past 2^64: in wrapping
    // arithmetic 2^64 - 1 + 1 is 0 trips. Tried with the sum exactly at the wrap and past it.
    for (big, small) in [(u64::MAX, 1u64), (u64::MAX, u64::MAX), (u64::MAX - 1, 2)] {
        let mut s = base.clone();
        let mut a = s["movements"][0].clone();
        let mut b = a.clone();
        a["trips"] = Json::from(big);
        b["trips"] = Json::from(small);
        s["movements"] = Json::Array(vec![a, b]);
        let r = check(dir.path(), &s);
        assert_eq!(r.code, Some(1), "{big} + {small} trips pass:\n{}", r.stderr);
        assert!(
            r.stderr.contains("C4107") || r.stderr.contains("C4108"),
            "{big} + {small}: the throughput or cycling rule names it:\n{}",
            r.stderr
        );
    }
}

#[test]
fn tolerances_that_would_switch_the_check_off_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = solved(dir.path());
    let p = dir.path().join("plan.json");
    std::fs::write(&p, serde_json::to_string(&s).expect("json")).expect("write");
    for (flag, value) in [
        ("--abs-tol", "inf"),
        ("--abs-tol", "NaN"),
        ("--abs-tol", "1e300"),
        ("--abs-tol", "2"),
        ("--abs-tol", "-1e-9"),
        ("--rel-tol", "inf"),
        ("--rel-tol", "0.5"),
        ("--rel-tol", "-0.1"),
    ] {
        let r = run(hubplan()
            .args(["check", MODEL])
            .arg(&p)
            .arg(format!("{flag}={value}")));
        assert_eq!(r.code, Some(2), "{flag} {value}: {}", r.stderr);
        assert!(r.stderr.contains(flag), "{flag} {value}: {}", r.stderr);
    }
    for (flag, value) in [
        ("--abs-tol", "1"),
        ("--rel-tol", "0.01"),
        ("--abs-tol", "0"),
    ] {
        let r = run(hubplan()
            .args(["check", MODEL])
            .arg(&p)
            .arg(format!("{flag}={value}")));
        assert_eq!(r.code, Some(0), "{flag} {value}: {}", r.stderr);
    }
    let r = run(hubplan().args([
        "bench",
        "--tolerance",
        "inf",
        "instances/facility-small-1.yaml",
    ]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("--tolerance"), "{}", r.stderr);
}

#[test]
fn no_output_replaces_an_input_or_another_output_of_the_same_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let model = dir.path().join("model.yaml");
    let text = std::fs::read_to_string(root().join(MODEL)).expect("model");
    std::fs::write(&model, &text).expect("copy");
    let m = model.to_str().expect("utf-8 path");
    let same_by_another_name = dir.path().join(".").join("model.yaml");
    let o = dir.path().join("out.mps").to_str().unwrap().to_string();
    let cases: Vec<Vec<String>> = vec![
        vec!["export".into(), m.into(), "--mps".into(), m.into()],
        vec!["export".into(), m.into(), "--lp".into(), m.into()],
        vec![
            "export".into(),
            m.into(),
            "--mps".into(),
            same_by_another_name.to_str().unwrap().into(),
        ],
        vec![
            "export".into(),
            m.into(),
            "--mps".into(),
            o.clone(),
            "--lp".into(),
            o.clone(),
        ],
        vec![
            "solve".into(),
            m.into(),
            "-q".into(),
            "-o".into(),
            o.clone(),
            "--report".into(),
            o.clone(),
        ],
        vec![
            "solve".into(),
            m.into(),
            "-q".into(),
            "--report".into(),
            m.into(),
            "-o".into(),
            o.clone(),
        ],
        vec!["bench".into(), m.into(), "-q".into(), "-o".into(), m.into()],
        vec![
            "bench".into(),
            m.into(),
            "-q".into(),
            "--markdown".into(),
            m.into(),
        ],
        vec![
            "bench".into(),
            m.into(),
            "-q".into(),
            "-o".into(),
            o.clone(),
            "--markdown".into(),
            o.clone(),
        ],
    ];
    for args in cases {
        let r = run(hubplan().args(&args));
        assert_eq!(r.code, Some(1), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("refusing to overwrite the input")
                || r.stderr.contains("two outputs of one command"),
            "{args:?}: {}",
            r.stderr
        );
        assert_eq!(
            std::fs::read_to_string(&model).expect("model"),
            text,
            "{args:?} left the model as it was"
        );
        assert!(!Path::new(&o).exists(), "{args:?} wrote nothing");
    }
}

#[test]
fn a_time_limit_too_long_for_the_clock_is_no_limit_not_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("bench.csv");
    let r = run(hubplan()
        .args([
            "bench",
            "instances/facility-small-1.yaml",
            "-q",
            "--time-limit",
            "1e99",
            "-o",
        ])
        .arg(&csv));
    assert_eq!(r.code, Some(0), "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let r = run(hubplan().args(["solve", MODEL, "-q", "--time-limit", "1e300", "-o", "-"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

#[test]
fn a_byte_order_mark_is_accepted_and_positions_ignore_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(root().join(MODEL)).expect("model");
    // With and without a document start, and with a comment first.
    for prefix in ["", "---\n", "# a comment\n---\n"] {
        let with_bom = dir.path().join("bom.yaml");
        std::fs::write(&with_bom, format!("\u{feff}{prefix}{text}")).expect("write");
        let r = run(hubplan().arg("validate").arg(&with_bom));
        assert_eq!(r.code, Some(0), "{prefix:?}: {}", r.stderr);
    }
    // A broken model with a mark is located as without it.
    let broken =
        std::fs::read_to_string(root().join("tests/bad-models/dangling-route-target.yaml"))
            .expect("bad model");
    let plain = dir.path().join("plain.yaml");
    let marked = dir.path().join("marked.yaml");
    std::fs::write(&plain, &broken).expect("write");
    std::fs::write(&marked, format!("\u{feff}{broken}")).expect("write");
    let a = run(hubplan().arg("validate").arg(&plain));
    let b = run(hubplan().arg("validate").arg(&marked));
    assert_eq!(a.code, Some(2));
    assert_eq!(b.code, Some(2));
    assert_eq!(
        a.stderr.replace("plain.yaml", "X"),
        b.stderr.replace("marked.yaml", "X"),
        "the same diagnostics at the same places"
    );
}

#[test]
fn a_model_file_too_large_is_refused_from_its_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.yaml");
    // A sparse gigabyte: refused from its size alone (E1002), for validate and for solve.
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(1 << 30).expect("sparse file");
    for cmd in [vec!["validate"], vec!["solve", "-q", "-o", "-"]] {
        let start = std::time::Instant::now();
        let r = run(hubplan().args(&cmd).arg(&big));
        assert_eq!(r.code, Some(2), "{cmd:?}: {}", r.stderr);
        assert!(r.stderr.contains("E1002"), "{cmd:?}: {}", r.stderr);
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{cmd:?} took {:?}",
            start.elapsed()
        );
    }
}

/// A change made to a solved schedule.
type Forgery = Box<dyn Fn(&mut Json)>;

#[test]
fn forged_days_at_the_end_of_the_integers_are_violations_not_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = solved(dir.path());
    let huge = u64::MAX;
    let forgeries: Vec<(&str, Forgery)> = vec![
        (
            "movement day",
            Box::new(move |s: &mut Json| s["movements"][0]["day"] = Json::from(huge)),
        ),
        (
            "arrival day",
            Box::new(move |s: &mut Json| s["movements"][0]["arrival_day"] = Json::from(huge)),
        ),
        (
            "delivery day",
            Box::new(move |s: &mut Json| {
                s["deliveries"][0]["by_day"][0]["day"] = Json::from(huge);
            }),
        ),
        (
            "stock day",
            Box::new(move |s: &mut Json| {
                if let Some(st) = s["stocks"].get_mut(0) {
                    st["day"] = Json::from(huge);
                } else {
                    s["stocks"] = serde_json::json!([{
                        "day": huge, "node": "rzeszow", "stage": "at",
                        "nation": "FR", "resource": "rations", "quantity": 1.0
                    }]);
                }
            }),
        ),
        (
            "horizon",
            Box::new(move |s: &mut Json| s["horizon_days"] = Json::from(huge)),
        ),
    ];
    for (what, forge) in forgeries {
        let mut s = base.clone();
        forge(&mut s);
        let r = check(dir.path(), &s);
        assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
        assert_eq!(r.code, Some(1), "{what} is a violation:\n{}", r.stderr);
    }
}

#[test]
fn solver_options_and_threads_are_refused_before_any_work_with_what_is_valid() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("plan.yaml");
    for (args, says) in [
        (vec!["--solver-option", "nonsense=1"], "not a HiGHS option"),
        (
            vec!["--solver-option", "presolv=off"],
            "did you mean 'presolve'",
        ),
        (vec!["--solver-option", "presolve=maybe"], "presolve"),
        (
            vec!["--solver-option", "mip_rel_gap=lots"],
            "takes a number",
        ),
        (vec!["--solver-option", "threads=1.5"], "takes an integer"),
        (
            vec!["--solver-option", "mip_detect_symmetry=7"],
            "takes true or false",
        ),
        (vec!["--threads", "0"], "--threads"),
        (vec!["--threads", "100000"], "--threads"),
        (vec!["--threads=-1"], "--threads"),
    ] {
        let r = run(hubplan()
            .args(["solve", MODEL, "-q", "-o"])
            .arg(&out)
            .args(&args));
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
        assert!(
            !r.stderr.contains("TrySetOptionError"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(!out.exists(), "{args:?} wrote nothing");
    }
    // The list of options comes with an unknown one.
    let r = run(hubplan()
        .args(["solve", MODEL, "-q", "-o"])
        .arg(&out)
        .args(["--solver-option", "nonsense=1"]));
    assert!(
        r.stderr.contains("mip_rel_gap") && r.stderr.contains("time_limit"),
        "{}",
        r.stderr
    );
    // Valid ones still solve; more threads than cores is a warning, not a refusal.
    let r = run(hubplan()
        .args(["solve", MODEL, "-q", "-o"])
        .arg(&out)
        .args([
            "--solver-option",
            "presolve=off",
            "--solver-option",
            "mip_rel_gap=0.001",
        ])
        .args(["--threads", "1000"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("more than the"), "{}", r.stderr);
}
