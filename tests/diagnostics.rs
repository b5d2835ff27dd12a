//! Runs `hubplan validate` on every broken model in `tests/bad-models/` and checks what it says.
//!
//! Every file there has one problem (except `several-errors.yaml`), named after the problem; a
//! comment on its first line says which. For each file the case table below gives the exit code
//! and every diagnostic it must produce, as code and `line:col`. A case checks:
//!
//! - the exit code (2 for errors; 0 for the warning-only models in `warnings/`, and 2 for those
//!   with `--deny-warnings`);
//! - `validate --json`: exactly the expected diagnostics, each located in the file as given
//!   (a relative path, so that output does not depend on the machine);
//! - the terminal output: each diagnostic followed by its `--> FILE:LINE:COL` line, then the
//!   summary line;
//! - an insta snapshot of the terminal output (`tests/snapshots/diagnostics__*.snap`), reviewed
//!   by hand for message, location and hint.
//!
//! Cases whose current output is wrong are `#[ignore]`d with the reason: their table entry states
//! what hubplan *should* print, and they have no snapshot until it does. `cargo test --test
//! diagnostics -- --ignored` lists them; `every_bad_model_exits_with_its_code` still checks their
//! exit codes. Refresh snapshots with `INSTA_UPDATE=always cargo test --test diagnostics` (or
//! `cargo insta review`) and read every changed one.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// The folder of the broken models, relative to the crate root.
const DIR: &str = "tests/bad-models";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `hubplan` run from `dir`.
fn hubplan_in(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("hubplan").expect("the hubplan binary is built");
    c.current_dir(dir).timeout(Duration::from_secs(60));
    c
}

fn hubplan() -> Command {
    hubplan_in(&root())
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("hubplan runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// One diagnostic as `validate --json` prints it.
#[derive(Debug, Clone, PartialEq)]
struct Diag {
    code: String,
    severity: String,
    file: Option<String>,
    line: usize,
    col: usize,
    message: String,
}

fn json_diags(stdout: &str) -> Vec<Diag> {
    let v: serde_json::Value = serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("validate --json prints JSON ({e}):\n{stdout}"));
    v.as_array()
        .expect("validate --json prints an array")
        .iter()
        .map(|d| {
            let loc = d.get("location");
            let num = |k: &str| {
                loc.and_then(|l| l.get(k))
                    .and_then(|x| x.as_u64())
                    .unwrap_or(0) as usize
            };
            Diag {
                code: d["code"].as_str().expect("code").to_string(),
                severity: d["severity"].as_str().expect("severity").to_string(),
                file: loc
                    .and_then(|l| l.get("file"))
                    .and_then(|f| f.as_str())
                    .map(str::to_string),
                line: num("line"),
                col: num("col"),
                message: d["message"].as_str().unwrap_or("").to_string(),
            }
        })
        .collect()
}

/// `E1?0?` style patterns: `?` matches any character.
fn code_matches(pattern: &str, code: &str) -> bool {
    pattern.len() == code.len()
        && pattern
            .chars()
            .zip(code.chars())
            .all(|(p, c)| p == '?' || p == c)
}

/// A broken model and what `hubplan validate` must say about it.
struct Case {
    /// Path below `tests/bad-models/`.
    file: &'static str,
    /// Exit code of `validate`.
    exit: i32,
    /// Every diagnostic, as (code pattern, line, col).
    diags: &'static [(&'static str, usize, usize)],
    /// Text the terminal output must contain.
    contains: &'static [&'static str],
    /// Text it must not contain.
    absent: &'static [&'static str],
}

impl Case {
    fn rel(&self) -> String {
        format!("{DIR}/{}", self.file)
    }

    fn snapshot_name(&self) -> String {
        self.file.trim_end_matches(".yaml").replace('/', "-")
    }
}

/// Checks the header/location structure of the terminal output; returns the number of
/// diagnostics in it.
fn check_terminal_output(rel: &str, stderr: &str) -> usize {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut n = 0;
    for (i, l) in lines.iter().enumerate() {
        if !(l.starts_with("error[") || l.starts_with("warning[")) {
            continue;
        }
        n += 1;
        let next = lines.get(i + 1).copied().unwrap_or("");
        let loc = next.strip_prefix("  --> ").unwrap_or_else(|| {
            panic!("diagnostic `{l}` has no location line; got `{next}`:\n{stderr}")
        });
        let rest = loc
            .strip_prefix(rel)
            .and_then(|r| r.strip_prefix(':'))
            .unwrap_or_else(|| panic!("location `{loc}` does not name {rel}:\n{stderr}"));
        let parts: Vec<&str> = rest.split(':').collect();
        assert!(
            parts.len() == 2
                && parts
                    .iter()
                    .all(|p| p.parse::<usize>().is_ok_and(|x| x >= 1)),
            "location `{loc}` is not FILE:LINE:COL:\n{stderr}"
        );
    }
    let last = lines.last().copied().unwrap_or("");
    assert!(
        last.starts_with(&format!("{rel}: ")),
        "the output ends with a summary line naming the file, got `{last}`:\n{stderr}"
    );
    n
}

fn check(case: &Case) {
    let rel = case.rel();
    let text = run(hubplan().args(["validate", &rel]));
    assert_eq!(
        text.code,
        Some(case.exit),
        "exit code of `hubplan validate {rel}`; output:\n{}",
        text.stderr
    );
    assert!(
        text.stdout.is_empty(),
        "validate prints diagnostics on stderr only, got stdout:\n{}",
        text.stdout
    );

    // The structured diagnostics: exactly the expected ones, each located in this file.
    let json = run(hubplan().args(["validate", "--json", &rel]));
    assert_eq!(json.code, Some(case.exit), "exit code with --json");
    let got = json_diags(&json.stdout);
    let mut left = got.clone();
    for &(pat, line, col) in case.diags {
        match left
            .iter()
            .position(|d| code_matches(pat, &d.code) && d.line == line && d.col == col)
        {
            Some(i) => {
                left.remove(i);
            }
            None => panic!(
                "{rel}: expected {pat} at {line}:{col}; hubplan reported:\n{got:#?}\n{}",
                text.stderr
            ),
        }
    }
    assert!(
        left.is_empty(),
        "{rel}: unexpected diagnostics:\n{left:#?}\n{}",
        text.stderr
    );
    for d in &got {
        assert_eq!(
            d.file.as_deref(),
            Some(rel.as_str()),
            "{rel}: every diagnostic names the file as given: {d:?}"
        );
        let sev = if d.code.starts_with('E') {
            "error"
        } else {
            "warning"
        };
        assert_eq!(
            d.severity, sev,
            "{rel}: E codes are errors and W codes warnings: {d:?}"
        );
        assert!(!d.message.is_empty(), "{rel}: empty message: {d:?}");
    }

    // The terminal output: every diagnostic located, summary at the end.
    let shown = check_terminal_output(&rel, &text.stderr);
    assert_eq!(
        shown,
        case.diags.len(),
        "{rel}: number of diagnostics printed:\n{}",
        text.stderr
    );
    let summary = if case.exit == 0 { "valid" } else { "invalid" };
    assert!(
        text.stderr
            .lines()
            .last()
            .is_some_and(|l| l.starts_with(&format!("{rel}: {summary} ("))),
        "{rel}: summary line says {summary}:\n{}",
        text.stderr
    );
    for c in case.contains {
        assert!(
            text.stderr.contains(c),
            "{rel}: output should contain {c:?}:\n{}",
            text.stderr
        );
    }
    for c in case.absent {
        assert!(
            !text.stderr.contains(c),
            "{rel}: output should not contain {c:?}:\n{}",
            text.stderr
        );
    }

    // Warning-only models fail a check that denies warnings.
    if case.exit == 0 {
        let deny = run(hubplan().args(["validate", "--deny-warnings", &rel]));
        assert_eq!(deny.code, Some(2), "{rel} with --deny-warnings");
    }

    insta::with_settings!({
        description => format!("hubplan validate {rel}"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(case.snapshot_name(), text.stderr);
    });
}

macro_rules! cases {
    ($(
        $(#[$attr:meta])*
        $name:ident: $file:literal => exit $exit:literal,
            [$($code:literal @ $line:literal : $col:literal),* $(,)?]
            $(, contains [$($inc:literal),* $(,)?])?
            $(, absent [$($exc:literal),* $(,)?])?
        ;
    )*) => {
        /// Every case, for the checks over the whole corpus.
        const CASES: &[Case] = &[$(
            Case {
                file: $file,
                exit: $exit,
                diags: &[$(($code, $line, $col)),*],
                contains: &[$($($inc),*)?],
                absent: &[$($($exc),*)?],
            },
        )*];

        $(
            $(#[$attr])*
            #[test]
            fn $name() {
                let case = CASES.iter().find(|c| c.file == $file).expect("case is listed");
                check(case);
            }
        )*
    };
}

cases! {
    // ---- reading the file -------------------------------------------------------------------
    empty_file: "empty-file.yaml" => exit 2, ["E1005" @ 1:1], contains ["empty"];
    comments_only: "comments-only.yaml" => exit 2, ["E1005" @ 1:1], contains ["empty"];
    top_level_not_mapping: "top-level-not-mapping.yaml" => exit 2, ["E1005" @ 1:1];
    invalid_utf8: "invalid-utf8.yaml" => exit 2, ["E1003" @ 1:1], contains ["UTF-8"];
    invalid_utf8_midfile: "invalid-utf8-midfile.yaml" => exit 2, ["E1003" @ 3:13], contains ["UTF-8"];
    binary_file: "binary-file.yaml" => exit 2, ["E1003" @ 2:8], contains ["NUL"], absent ["\u{0}", "\u{1}"];

    // ---- YAML syntax ------------------------------------------------------------------------
    yaml_syntax_error: "yaml-syntax-error.yaml" => exit 2, ["E1004" @ 36:18];
    yaml_bad_indentation: "yaml-bad-indentation.yaml" => exit 2, ["E1004" @ 25:8], contains ["indentation"];
    yaml_tab_indentation: "yaml-tab-indentation.yaml" => exit 2, ["E1004" @ 16:1], contains ["tabs"];
    yaml_mapping_in_value: "yaml-mapping-in-value.yaml" => exit 2, ["E1004" @ 17:17];
    multiple_documents: "multiple-documents.yaml" => exit 2, ["E1004" @ 54:1], contains ["more than one document"];
    unknown_anchor: "unknown-anchor.yaml" => exit 2, ["E1004" @ 41:17], contains ["anchor"];
    duplicate_key: "duplicate-key.yaml" => exit 2, ["E1???" @ 3:1], contains ["horizon_days"], absent ["check indentation"];
    alias_bomb: "alias-bomb.yaml" => exit 2, ["E1006" @ 1:1], contains ["aliases"];
    deeply_nested: "deeply-nested.yaml" => exit 2, ["E1006" @ 3:70], contains ["64 levels"];

    // ---- shape: fields and types ------------------------------------------------------------
    unknown_top_level_field: "unknown-top-level-field.yaml" => exit 2, ["E1101" @ 55:1], contains ["did you mean `objective`?"];
    unknown_nested_field: "unknown-nested-field.yaml" => exit 2, ["E1101" @ 36:5], contains ["did you mean `distance_km`?"], absent ["distnce_km has a field"];
    unknown_monitoring_field: "unknown-monitoring-field.yaml" => exit 2, ["E1101" @ 56:3], contains ["did you mean `assets`?"];
    non_string_key: "non-string-key.yaml" => exit 2, ["E1101" @ 55:1];
    missing_required_field: "missing-required-field.yaml" => exit 2, ["E1102" @ 24:5], contains ["`country`"];
    missing_horizon: "missing-horizon.yaml" => exit 2, ["E1102" @ 2:1], contains ["horizon_days"];
    wrong_type: "wrong-type.yaml" => exit 2, ["E1103" @ 40:15], contains ["three"], absent ["i64"];
    wrong_type_float_for_integer: "wrong-type-float-for-integer.yaml" => exit 2, ["E1103" @ 35:19], contains ["1.5"], absent ["i64"];
    wrong_type_section_not_list: "wrong-type-section-not-list.yaml" => exit 2, ["E1103" @ 15:10], contains ["must be a list"];
    bad_enum_value: "bad-enum-value.yaml" => exit 2, ["E1103" @ 25:11], contains ["did you mean 'sector'?"];
    objective_wrong_type: "objective-wrong-type.yaml" => exit 2, ["E1103" @ 56:9], absent ["f64"];
    bad_mode_name: "bad-mode-name.yaml" => exit 2, ["E1103" @ 5:3], contains ["did you mean 'road'?"];

    // ---- references -------------------------------------------------------------------------
    duplicate_node_id: "duplicate-node-id.yaml" => exit 2, ["E2001" @ 29:9], contains ["'lviv' is used twice"];
    duplicate_demand_id: "duplicate-demand-id.yaml" => exit 2, ["E2001" @ 55:9], contains ["'lviv-rations' is used twice"];
    dangling_route_target: "dangling-route-target.yaml" => exit 2, ["E2002" @ 33:9],
        contains ["route 'przemysl-lviv' goes to 'lvov', which is not a node", "did you mean 'lviv'?"];
    dangling_supply_nation: "dangling-supply-nation.yaml" => exit 2, ["E2002" @ 44:13], contains ["did you mean 'FR'?"], absent ["-0 tonnes"];
    // No W3004 for the route the misspelt reference leaves without a fleet: warnings wait until
    // the errors are fixed.
    no_storage_classes: "no-storage-classes.yaml" => exit 2, ["E2002" @ 6:76, "E2015" @ 9:84, "E2002" @ 9:91], contains ["the model defines no storage classes"], absent ["classs"];
    dangling_fleet_route: "dangling-fleet-route.yaml" => exit 2, ["E2002" @ 42:14], contains ["did you mean 'przemysl-lviv'?"], absent ["W3004"];
    caveat_unknown_resource: "caveat-unknown-resource.yaml" => exit 2, ["E2014" @ 19:22], contains ["'ammo'"];
    caveat_misspelt_kind: "caveat-misspelt-kind.yaml" => exit 2, ["E2014" @ 19:22], contains ["did you mean 'personnel'?"];

    // ---- numbers ----------------------------------------------------------------------------
    nan_value: "nan-value.yaml" => exit 2, ["E2003" @ 36:18], contains ["NaN"];
    infinite_value: "infinite-value.yaml" => exit 2, ["E2003" @ 36:19], contains ["inf"];
    absurdly_large_number: "absurdly-large-number.yaml" => exit 2, ["E2016" @ 47:15], contains ["absurdly large"];
    negative_quantity: "negative-quantity.yaml" => exit 2, ["E2004" @ 52:15], contains ["-100"];
    threat_out_of_range: "threat-out-of-range.yaml" => exit 2, ["E2004" @ 36:13], contains ["between 0 and 1"];
    zero_horizon: "zero-horizon.yaml" => exit 2, ["E2005" @ 2:15];
    negative_horizon: "negative-horizon.yaml" => exit 2, ["E2005" @ 2:15];
    zero_period: "zero-period.yaml" => exit 2, ["E2005" @ 3:14];
    zero_vehicles: "zero-vehicles.yaml" => exit 2, ["E2015" @ 40:15];
    zero_capacity: "zero-capacity.yaml" => exit 2, ["E2015" @ 41:17];
    zero_hub_capacity: "zero-hub-capacity.yaml" => exit 2, ["E2015" @ 35:17];
    zero_handling_capacity: "zero-handling-capacity.yaml" => exit 2, ["E2015" @ 34:25];

    // ---- days -------------------------------------------------------------------------------
    day_outside_horizon: "day-outside-horizon.yaml" => exit 2, ["E2006" @ 53:14], contains ["days 0 to 2"];
    closed_day_outside_horizon: "closed-day-outside-horizon.yaml" => exit 2, ["E2006" @ 36:22];
    negative_available_day: "negative-available-day.yaml" => exit 2, ["E2006" @ 48:20];
    due_before_earliest: "due-before-earliest.yaml" => exit 2, ["E2007" @ 54:14];

    // ---- structure --------------------------------------------------------------------------
    route_to_itself: "route-to-itself.yaml" => exit 2, ["E2008" @ 38:9], contains ["to itself"];
    zero_day_cycle: "zero-day-cycle.yaml" => exit 2, ["E2009" @ 45:19], contains ["lviv-kovel, kovel-lviv"];
    hub_block_on_non_hub: "hub-block-on-non-hub.yaml" => exit 2, ["E2010" @ 29:5];
    hub_without_block: "hub-without-block.yaml" => exit 2, ["E2010" @ 30:11];
    handling_on_non_transit: "handling-on-non-transit.yaml" => exit 2, ["E2011" @ 24:25], absent ["a origin"];
    fleet_mode_mismatch: "fleet-mode-mismatch.yaml" => exit 2, ["E2012" @ 46:14];
    demand_at_origin: "demand-at-origin.yaml" => exit 2, ["E2013" @ 50:11], absent ["a origin"];
    supply_at_handling_node: "supply-at-handling-node.yaml" => exit 2, ["E2013" @ 57:13];
    coverage_at_non_sector: "coverage-at-non-sector.yaml" => exit 2, ["E2013" @ 76:15], absent ["a origin"];

    // ---- wrong answers accepted (issue 21) ---------------------------------------------------
    demand_id_equals_numbered_id: "demand-id-equals-numbered-id.yaml" => exit 2, ["E2001" @ 57:9], contains ["'lviv/rations#2' is used twice", "line 54"];
    demand_id_equals_numbered_id_first: "demand-id-equals-numbered-id-first.yaml" => exit 2, ["E2001" @ 51:9], contains ["'lviv/rations#2' is used twice", "line 58"];
    demand_id_equals_default_id: "demand-id-equals-default-id.yaml" => exit 2, ["E2001" @ 58:9], contains ["'lviv/rations#2' is used twice", "line 55"];
    vehicles_beyond_32_bits: "vehicles-beyond-32-bits.yaml" => exit 2, ["E2016" @ 53:15], contains ["5000000000", "4294967295"];
    max_trips_beyond_32_bits: "max-trips-beyond-32-bits.yaml" => exit 2, ["E2016" @ 45:24], contains ["max_trips_per_day is 4294967296"];
    asset_count_beyond_32_bits: "asset-count-beyond-32-bits.yaml" => exit 2, ["E2016" @ 73:14], contains ["count is 4294967296"];
    coverage_required_beyond_32_bits: "coverage-required-beyond-32-bits.yaml" => exit 2, ["E2016" @ 78:17], contains ["required is 10000000000"];
    fixed_hub_never_operational: "fixed-hub-never-operational.yaml" => exit 2, ["E2017" @ 40:14], contains ["hub 'rivne' is fixed open", "day 3"];
    fixed_hub_setup_too_long: "fixed-hub-setup-too-long.yaml" => exit 2, ["E2017" @ 38:14], contains ["setup_days 30"];
    fixed_hub_opens_after_horizon: "fixed-hub-opens-after-horizon.yaml" => exit 2, ["E2017" @ 38:14], contains ["earliest_open_day 99"];
    cost_per_tonne_too_large: "cost-per-tonne-too-large.yaml" => exit 2, ["E2016" @ 46:19], contains ["distance_km × cost_per_tkm", "1e18"];
    cost_per_trip_times_weight_too_large: "cost-per-trip-times-weight-too-large.yaml" => exit 2, ["E2016" @ 45:20], contains ["objective.cost × cost_per_trip"];
    hub_daily_cost_too_large: "hub-daily-cost-too-large.yaml" => exit 2, ["E2016" @ 38:19], contains ["daily_cost × horizon", "3e15"];
    shortfall_times_priority_too_large: "shortfall-times-priority-too-large.yaml" => exit 2, ["E2016" @ 67:15], contains ["objective.shortfall × priority"];
    risk_times_weight_too_large: "risk-times-weight-too-large.yaml" => exit 2, ["E2016" @ 45:13], contains ["objective.risk × threat × weight_t"];

    // ---- all at once ------------------------------------------------------------------------
    several_errors: "several-errors.yaml" => exit 2,
        ["E1101" @ 3:1, "E2001" @ 18:9, "E1103" @ 36:11, "E2002" @ 44:13, "E2004" @ 50:15, "E2006" @ 56:14],
        contains ["6 errors"];

    // ---- warnings only: valid models ---------------------------------------------------------
    warn_hub_unreachable: "warnings/hub-unreachable.yaml" => exit 0, ["W3001" @ 29:5];
    warn_demand_unreachable: "warnings/demand-unreachable.yaml" => exit 0, ["W3002" @ 59:5];
    warn_demand_late_soft: "warnings/demand-late-soft.yaml" => exit 0, ["W3002" @ 50:5], contains ["will be late"];
    warn_demand_late_hard: "warnings/demand-late-hard.yaml" => exit 0, ["W3002" @ 50:5], contains ["hard demand", "day 1"];
    warn_supply_below_demand: "warnings/supply-below-demand.yaml" => exit 0, ["W3003" @ 50:5];
    warn_route_without_fleet: "warnings/route-without-fleet.yaml" => exit 0, ["W3004" @ 36:5];
    warn_coverage_unreachable: "warnings/coverage-unreachable.yaml" => exit 0, ["W3005" @ 76:7];
    warn_hub_capacity_below_demand: "warnings/hub-capacity-below-demand.yaml" => exit 0, ["W3006" @ 63:5];
    warn_caveat_unknown_country: "warnings/caveat-unknown-country.yaml" => exit 0, ["W3007" @ 19:28], contains ["'UK'"];
}

/// Every file in tests/bad-models/ (with subfolders) is a case, and every case a file.
#[test]
fn every_bad_model_is_a_case() {
    fn walk(dir: &Path, base: &Path, out: &mut BTreeSet<String>) {
        for e in std::fs::read_dir(dir).expect("read tests/bad-models") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                walk(&p, base, out);
            } else {
                let rel = p.strip_prefix(base).expect("below base");
                out.insert(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let base = root().join(DIR);
    let mut files = BTreeSet::new();
    walk(&base, &base, &mut files);
    let cases: BTreeSet<String> = CASES.iter().map(|c| c.file.to_string()).collect();
    assert_eq!(cases.len(), CASES.len(), "a file is listed twice");
    let unlisted: Vec<_> = files.difference(&cases).collect();
    let missing: Vec<_> = cases.difference(&files).collect();
    assert!(
        unlisted.is_empty() && missing.is_empty(),
        "files without a case: {unlisted:?}; cases without a file: {missing:?}"
    );
    assert!(
        CASES.iter().filter(|c| c.exit == 2).count() >= 30,
        "at least 30 broken models"
    );
}

/// Runs even for the ignored cases: exit codes, and no crash, for every file.
#[test]
fn every_bad_model_exits_with_its_code() {
    for case in CASES {
        let rel = case.rel();
        let r = run(hubplan().args(["validate", &rel]));
        assert_eq!(
            r.code,
            Some(case.exit),
            "`hubplan validate {rel}`:\n{}",
            r.stderr
        );
        // Each expected code is reported (locations are checked by the case's own test).
        let json = json_diags(&run(hubplan().args(["validate", "--json", &rel])).stdout);
        for &(pat, ..) in case.diags {
            assert!(
                pat.contains('?') || json.iter().any(|d| code_matches(pat, &d.code)),
                "{rel}: no {pat} among {json:?}"
            );
        }
    }
}

/// Every diagnostic code hubplan has is produced by at least one broken model or by one of
/// the generated files below (E1001 missing file, E1002 huge file).
#[test]
fn every_code_is_exercised() {
    let out = run(hubplan().arg("codes"));
    assert_eq!(out.code, Some(0));
    let all: BTreeSet<String> = out
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect();
    let mut seen: BTreeSet<String> = CASES
        .iter()
        .flat_map(|c| c.diags.iter().map(|d| d.0.to_string()))
        .collect();
    seen.insert("E1001".into());
    seen.insert("E1002".into());
    let missing: Vec<_> = all.difference(&seen).collect();
    assert!(missing.is_empty(), "codes no test produces: {missing:?}");
}

fn first_code(stdout: &str) -> Vec<String> {
    json_diags(stdout).into_iter().map(|d| d.code).collect()
}

#[test]
fn missing_file_is_e1001() {
    let rel = format!("{DIR}/no-such-model.yaml");
    let r = run(hubplan().args(["validate", &rel]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("error[E1001]"), "{}", r.stderr);
    assert!(r.stderr.contains(&format!("--> {rel}:1:1")), "{}", r.stderr);
    assert!(r.stderr.contains("no-such-model.yaml"), "{}", r.stderr);
    let j = run(hubplan().args(["validate", "--json", &rel]));
    assert_eq!(first_code(&j.stdout), vec!["E1001"]);
}

#[test]
fn directory_is_e1001() {
    let r = run(hubplan().args(["validate", DIR]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("error[E1001]"), "{}", r.stderr);
    assert!(r.stderr.contains("directory"), "{}", r.stderr);
}

/// A file over 32 MiB is refused from its size, without reading it: a sparse file, so the test
/// writes nothing to disk.
#[test]
fn huge_file_is_refused_quickly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = std::fs::File::create(dir.path().join("huge.yaml")).expect("create");
    f.set_len(32 * 1024 * 1024 + 1).expect("sparse file");
    drop(f);
    let t = Instant::now();
    let r = run(hubplan_in(dir.path()).args(["validate", "huge.yaml"]));
    let took = t.elapsed();
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert!(r.stderr.contains("error[E1002]"), "{}", r.stderr);
    assert!(r.stderr.contains("--> huge.yaml:1:1"), "{}", r.stderr);
    assert!(
        took < Duration::from_secs(5),
        "refusing a huge file took {took:?}"
    );
    let j = run(hubplan_in(dir.path()).args(["validate", "--json", "huge.yaml"]));
    assert_eq!(first_code(&j.stdout), vec!["E1002"]);
}

/// Exactly 32 MiB is still read (and here refused for its content, not its size).
#[test]
fn file_at_the_size_limit_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = std::fs::File::create(dir.path().join("limit.yaml")).expect("create");
    f.set_len(32 * 1024 * 1024).expect("sparse file");
    drop(f);
    let r = run(hubplan_in(dir.path()).args(["validate", "--json", "limit.yaml"]));
    assert_eq!(r.code, Some(2));
    assert_eq!(first_code(&r.stdout), vec!["E1003"], "NULs, not size");
}

fn write(dir: &Path, name: &str, text: &str) {
    let mut f = std::fs::File::create(dir.join(name)).expect("create");
    f.write_all(text.as_bytes()).expect("write");
}

/// Deeply nested documents, generated rather than committed.
#[test]
fn nesting_beyond_the_limit_is_e1006() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Compact block sequences (`- - - 1`) and block mappings, 1000 levels each (flow lists:
    // deeply-nested.yaml and `very_deep_flow_nesting_is_e1006`).
    let n = 1000;
    write(
        dir.path(),
        "seq.yaml",
        &format!("horizon_days: 3\nname:\n{}1\n", "- ".repeat(n)),
    );
    let mut map = String::from("horizon_days: 3\nname:\n");
    for i in 1..n {
        map.push_str(&" ".repeat(i));
        map.push_str("a:\n");
    }
    write(dir.path(), "map.yaml", &map);
    for name in ["seq.yaml", "map.yaml"] {
        let r = run(hubplan_in(dir.path()).args(["validate", "--json", name]));
        assert_eq!(r.code, Some(2), "{name}: {}", r.stderr);
        assert_eq!(first_code(&r.stdout), vec!["E1006"], "{name}");
    }
}

#[test]
fn very_deep_block_nesting_does_not_crash() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "seq.yaml",
        &format!("horizon_days: 3\nname:\n{}1\n", "- ".repeat(100_000)),
    );
    let r = run(hubplan_in(dir.path()).args(["validate", "--json", "seq.yaml"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    assert_eq!(first_code(&r.stdout), vec!["E1006"]);
}

#[test]
fn very_deep_flow_nesting_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let n = 100_000;
    write(
        dir.path(),
        "flow.yaml",
        &format!(
            "horizon_days: 3\nname: {}{}\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    let r = run(hubplan_in(dir.path()).args(["validate", "flow.yaml"]));
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}

#[test]
fn very_deep_flow_nesting_is_e1006() {
    let dir = tempfile::tempdir().expect("temp dir");
    let n = 1000;
    write(
        dir.path(),
        "flow.yaml",
        &format!(
            "horizon_days: 3\nname: {}{}\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    let r = run(hubplan_in(dir.path()).args(["validate", "--json", "flow.yaml"]));
    assert_eq!(first_code(&r.stdout), vec!["E1006"]);
}

/// Many errors in one file are all reported, in file order, and quickly.
#[test]
fn hundreds_of_errors_are_all_reported() {
    let base =
        std::fs::read_to_string(root().join(DIR).join("dangling-route-target.yaml")).expect("read");
    let (head, tail) = base.split_once("\nfleets:\n").expect("has fleets");
    let mut text = head.to_string();
    let n = 300;
    for i in 0..n {
        text.push_str(&format!(
            "  - id: r{i}\n    from: przemysl\n    to: lvov\n    mode: road\n"
        ));
    }
    text.push_str("\nfleets:\n");
    text.push_str(tail);
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "many.yaml", &text);
    let t = Instant::now();
    let r = run(hubplan_in(dir.path()).args(["validate", "--json", "many.yaml"]));
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "took {:?}",
        t.elapsed()
    );
    assert_eq!(r.code, Some(2));
    let d = json_diags(&r.stdout);
    assert_eq!(d.len(), n + 1, "one E2002 per route");
    assert!(d.iter().all(|d| d.code == "E2002"));
    let lines: Vec<usize> = d.iter().map(|d| d.line).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "diagnostics in file order");
    let plain = run(hubplan_in(dir.path()).args(["validate", "many.yaml"]));
    assert!(
        plain.stderr.contains(&format!(
            "many.yaml: invalid ({} errors, 0 warnings)",
            n + 1
        )),
        "{}",
        plain.stderr.lines().last().unwrap_or("")
    );
}
