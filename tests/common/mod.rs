//! Shared helpers of the checker tests: solving a model, refreshing a mutated schedule's figures,
//! and a seeded generator of random small models covering every feature of the format.

#![allow(dead_code)]

pub mod bin;
pub mod gen;

use std::collections::BTreeSet;
use std::path::Path;

use hubplan::check::{self, Rule, Tolerance, Violation};
use hubplan::model::Model;
use hubplan::pipeline::{self, Checked};
use hubplan::schedule::{self, Schedule};
use hubplan::solve::{Heuristic, SolveOptions};

/// Reads, validates and solves model text with default options, except that the start
/// heuristic runs whatever the model's size (by default it runs only on large models), so
/// that the checker meets the schedules it builds too.
pub fn solve_str(name: &str, text: &str) -> (Checked, Schedule) {
    solve_str_with(
        name,
        text,
        SolveOptions {
            heuristics: Some(Heuristic::DEFAULT.to_vec()),
            ..SolveOptions::default()
        },
    )
}

/// Reads, validates and solves model text with the given options.
pub fn solve_str_with(name: &str, text: &str, opts: SolveOptions) -> (Checked, Schedule) {
    let checked = match pipeline::check_str(name, text) {
        Ok(c) => c,
        Err(pipeline::PipelineError::Invalid(d)) => {
            let all: Vec<String> = d.iter().map(|x| x.render(Some(text))).collect();
            panic!("{name} is invalid:\n{}\n---\n{text}", all.join(""))
        }
        Err(e) => panic!("{name}: {e}"),
    };
    let planned = pipeline::plan(&checked.model, &checked.network, &opts)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    (checked, planned.schedule)
}

/// Reads, validates and solves a model file with default options.
pub fn solve_file(path: &Path) -> (Checked, Schedule) {
    let text = std::fs::read_to_string(path).expect("model file");
    solve_str(&path.display().to_string(), &text)
}

/// Recomputes a mutated schedule's derived figures with the schedule module's own `evaluate`
/// and makes the solver's total agree with them, so that a mutation of the decisions breaks
/// only the rule it aims at.
pub fn refresh(model: &Model, s: &mut Schedule) {
    schedule::evaluate(model, s);
    s.objective.total = s.objective.recomputed_total;
}

/// Runs the checker with the default tolerance.
pub fn check(model: &Model, s: &Schedule) -> Vec<Violation> {
    check::check(model, s, &Tolerance::default())
}

/// The rules a list of violations breaks.
pub fn rules(v: &[Violation]) -> BTreeSet<Rule> {
    v.iter().map(|x| x.rule).collect()
}

/// All violations rendered, for assertion messages.
pub fn show(v: &[Violation]) -> String {
    v.iter().map(|x| x.render()).collect()
}

/// Whether `a` and `b` agree to a relative tolerance (absolute near zero).
pub fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

/// A model no schedule can meet, whatever the time: hard drone coverage of sector `kharkiv`,
/// but the only hub is 500 km away and the drones fly 100 km. The text needs a head that
/// defines the storage class `beds` and the nation `fr`.
pub const HARD_COVERAGE_OUT_OF_RANGE: &str = r#"
horizon_days: 5
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 20.0}
  - {id: hub_lviv, kind: hub, country: UA, lat: 49.84, lon: 24.03, hub: {capacity: {beds: 100}, protection: 2}}
  - {id: kharkiv, kind: sector, country: UA, lat: 49.99, lon: 36.23}
monitoring:
  assets:
    - {id: drones, kind: drone, owner: fr, count: 4, range_km: 100}
  coverage:
    - {sector: kharkiv, asset: drones, required: 2, hard: true}
"#;
