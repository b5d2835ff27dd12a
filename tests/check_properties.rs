//! Property tests of the checker against the solver: random small models of every feature
//! (see `tests/common/gen.rs`) are solved, and every schedule must pass the checker, its
//! recomputed objective must match the solver's, the bound (and the transport bound on its own)
//! must not exceed the objective and a second solve must give the identical schedule. The
//! rolling horizon's schedules, on their own and under time limits too short for all its
//! windows, must pass the checker too.
//!
//! `HUBPLAN_PROPTEST_CASES` sets the number of models (default 24); `HUBPLAN_PROPTEST_SEED`
//! the first seed (default 1), to reproduce a failure.

mod common;

use hubplan::check;
use hubplan::solve::{Heuristic, SolveOptions, Status, TimeLimit};

use common::gen::random_model;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn generated_models_are_valid_and_varied() {
    // The generator's own contract: every model validates, and over a few dozen seeds every
    // feature shows up.
    let mut text = String::new();
    for seed in 1..=40 {
        let g = random_model(seed);
        hubplan::pipeline::check_str(&format!("random-{seed}.yaml"), &g.yaml)
            .unwrap_or_else(|e| panic!("seed {seed}: {e:?}\n{}", g.yaml));
        text.push_str(&g.yaml);
    }
    for feature in [
        "handling_t_per_day",
        "handling_days",
        "setup_days",
        "earliest_open_day",
        "fixed: true",
        "fixed: false",
        "closed_days",
        "max_trips_per_day",
        "round_trip_days",
        "nation: AA",
        "nation: BB",
        "forbid_countries",
        "forbid_nodes",
        "forbid_modes",
        "available_day",
        "earliest_day",
        "hard: true",
        "weight_t_by_mode",
        "range_km",
        "sat",
        "objective:",
    ] {
        assert!(text.contains(feature), "no generated model uses {feature}");
    }
}

/// Fails with every failure listed.
fn assert_no_failures(failures: &[String], cases: u64) {
    assert!(
        failures.is_empty(),
        "{} of {cases} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn solved_random_models_pass_the_checker() {
    let cases = env_u64("HUBPLAN_PROPTEST_CASES", 24);
    let first = env_u64("HUBPLAN_PROPTEST_SEED", 1);
    let mut failures = Vec::new();
    let mut solved = 0;
    for seed in first..first + cases {
        let g = random_model(seed);
        let name = format!("random-{seed}.yaml");
        let (c, s) = common::solve_str(&name, &g.yaml);
        let m = &c.model;
        let mut fail = |what: String| failures.push(format!("seed {seed}: {what}"));
        if !s.solver.status.has_schedule() {
            let infeasible = matches!(
                s.solver.status,
                Status::Infeasible | Status::InfeasibleOrUnbounded
            );
            if !(g.has_hard && infeasible) {
                fail(format!(
                    "status {:?} without hard requirements\n{}",
                    s.solver.status, g.yaml
                ));
            }
            continue;
        }
        solved += 1;
        let v = common::check(m, &s);
        if !v.is_empty() {
            fail(format!(
                "checker rejects the schedule:\n{}\n{}",
                common::show(&v),
                g.yaml
            ));
        }
        let mine = check::recompute_objective(m, &s);
        if !common::close(mine.total, s.objective.total, 1e-6) {
            fail(format!(
                "recomputed objective {} differs from the solver's {}",
                mine.total, s.objective.total
            ));
        }
        if let Some(b) = s.solver.bound {
            if b > s.objective.total + 1e-6 * s.objective.total.abs().max(1.0) {
                fail(format!("bound {b} exceeds objective {}", s.objective.total));
            }
        }
        // The reported bound is capped at the objective; the transport bound on its own
        // must stay below every schedule's cost too.
        let f = hubplan::formulation::build(m, &c.network);
        let transport = f.transport_bound(m) + f.objective_offset;
        if transport > s.objective.total + 1e-6 * s.objective.total.abs().max(1.0) {
            fail(format!(
                "transport bound {transport} exceeds objective {}",
                s.objective.total
            ));
        }
        let (_, mut again) = common::solve_str(&name, &g.yaml);
        let mut first_run = s.clone();
        first_run.solver.solve_seconds = 0.0;
        again.solver.solve_seconds = 0.0;
        if again != first_run {
            fail("solving twice gives different schedules".into());
        }
    }
    assert_no_failures(&failures, cases);
    assert!(
        solved * 2 >= cases,
        "only {solved} of {cases} models had a schedule"
    );
}

/// The rolling horizon alone (`Heuristic::Horizon`, the start heuristic only) on random models:
/// every schedule it returns passes the checker, and it finds one for most models without
/// hard requirements (its windows soften them; the last window, the whole model, cannot).
#[test]
fn rolling_horizon_schedules_of_random_models_pass_the_checker() {
    let cases = env_u64("HUBPLAN_PROPTEST_CASES", 24);
    let first = env_u64("HUBPLAN_PROPTEST_SEED", 1);
    let mut failures = Vec::new();
    let (mut soft, mut found) = (0, 0);
    for seed in first..first + cases {
        let g = random_model(seed);
        let name = format!("random-{seed}.yaml");
        let opts = SolveOptions {
            heuristics: Some(vec![Heuristic::Horizon]),
            heuristic_only: true,
            threads: Some(1),
            time_limit: TimeLimit::seconds(60.0),
            ..SolveOptions::default()
        };
        let (c, s) = common::solve_str_with(&name, &g.yaml, opts);
        soft += usize::from(!g.has_hard);
        if !s.solver.status.has_schedule() {
            continue;
        }
        found += usize::from(!g.has_hard);
        let v = common::check(&c.model, &s);
        if !v.is_empty() {
            failures.push(format!(
                "seed {seed}: checker rejects the horizon's schedule:\n{}\n{}",
                common::show(&v),
                g.yaml
            ));
        }
    }
    assert_no_failures(&failures, cases);
    assert!(
        found * 4 >= soft * 3,
        "the horizon found a schedule for only {found} of {soft} models without hard requirements"
    );
}

/// The rolling horizon under time limits too short for all its windows (theatre-medium-1,
/// whose windows take 10 to 80 ms each in a release build): a window whose LP or rounding
/// runs out keeps the last plan's look-ahead (at 0.25 and 0.3 s there), and the last window
/// runs at once when the windows' share is gone (at 0.25 s). Which of these happen depends
/// on the machine's speed; every schedule returned must pass the checker whichever did.
#[test]
fn rolling_horizon_schedules_under_short_time_limits_pass_the_checker() {
    let name = "instances/theatre-medium-1.yaml";
    let text = std::fs::read_to_string(name).unwrap();
    let mut failures = Vec::new();
    let limits = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.6];
    for limit in limits {
        let opts = SolveOptions {
            heuristics: Some(vec![Heuristic::Horizon, Heuristic::BoundMip]),
            threads: Some(1),
            time_limit: TimeLimit::seconds(limit),
            ..SolveOptions::default()
        };
        let (c, s) = common::solve_str_with(name, &text, opts);
        if !s.solver.status.has_schedule() {
            continue;
        }
        let v = common::check(&c.model, &s);
        if !v.is_empty() {
            failures.push(format!(
                "{limit} s: checker rejects the schedule ({}):\n{}",
                s.solver.method,
                common::show(&v)
            ));
        }
    }
    assert_no_failures(&failures, limits.len() as u64);
}
