//! The parts of hubplan's start heuristic, each on its own (`SolveOptions::heuristic_only`):
//! every schedule they return passes the independent checker and costs no less than the
//! proven optimum in instances/reference.yaml; a schedule handed to HiGHS as MIP start
//! (`Heuristic::Start`) still ends at the optimum; and the heuristics are deterministic.
//! Their speed and quality are measured in BENCHMARKS.md, not here.

mod common;

use std::path::Path;

use hubplan::pipeline::{check_file, plan, Checked};
use hubplan::schedule::Schedule;
use hubplan::solve::{Heuristic, SolveOptions, Status, TimeLimit};

/// Instances and their proven optima (instances/reference.yaml).
const INSTANCES: [(&str, f64); 4] = [
    ("instances/theatre-tiny-1.yaml", 90398.086857),
    ("instances/facility-8x16.yaml", 36420.0),
    ("instances/network-design-small-1.yaml", 110159.28),
    ("models/tutorial/03-time-and-lateness.yaml", 84400.0),
];

fn load(file: &str) -> Checked {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    check_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn run(c: &Checked, heuristics: &[Heuristic], heuristic_only: bool) -> Schedule {
    let opts = SolveOptions {
        threads: Some(1),
        time_limit: TimeLimit::seconds(120.0),
        heuristics: Some(heuristics.to_vec()),
        heuristic_only,
        ..SolveOptions::default()
    };
    plan(&c.model, &c.network, &opts).expect("solves").schedule
}

#[track_caller]
fn assert_valid(file: &str, what: &str, c: &Checked, s: &Schedule, optimum: f64) {
    let v = common::check(&c.model, s);
    assert!(
        v.is_empty(),
        "{file} {what}: the checker rejects the schedule\n{}",
        common::show(&v)
    );
    let total = s.objective.total;
    assert!(
        total >= optimum - 1e-6 * optimum.abs().max(1.0),
        "{file} {what}: objective {total} is below the proven optimum {optimum}"
    );
}

#[test]
fn each_heuristic_alone_gives_checked_schedules() {
    let sets: [&[Heuristic]; 10] = [
        &[Heuristic::Rounding],
        &[Heuristic::Horizon],
        &[Heuristic::Hubs],
        &[Heuristic::Rounding, Heuristic::Repair],
        &[Heuristic::Rounding, Heuristic::Consolidate],
        &[Heuristic::Rounding, Heuristic::TripMoves],
        &[Heuristic::Dive],
        &[Heuristic::Rens],
        &[Heuristic::Rounding, Heuristic::Windows],
        &[Heuristic::IpmRoot, Heuristic::Dive, Heuristic::Rounding],
    ];
    for (file, optimum) in INSTANCES {
        if !Path::new(env!("CARGO_MANIFEST_DIR")).join(file).exists() {
            panic!("{file} is missing");
        }
        let c = load(file);
        let mut found = 0;
        for set in sets {
            let s = run(&c, set, true);
            let what = format!("{set:?} alone");
            match s.solver.status {
                Status::Feasible => {
                    assert_valid(file, &what, &c, &s, optimum);
                    found += 1;
                }
                Status::NoSolution => {}
                other => panic!("{file} {what}: status {other:?}"),
            }
        }
        // LP rounding works on every instance here: its schedule exists.
        let s = run(&c, &[Heuristic::Rounding], true);
        assert_eq!(
            s.solver.status,
            Status::Feasible,
            "{file}: rounding found nothing"
        );
        assert!(found >= 1, "{file}: no heuristic found a schedule");
    }
}

#[test]
fn a_mip_start_still_ends_at_the_optimum() {
    for (file, optimum) in INSTANCES {
        let c = load(file);
        let alone = run(&c, &[Heuristic::Rounding], true);
        let s = run(&c, &[Heuristic::Rounding, Heuristic::Start], false);
        assert_eq!(s.solver.status, Status::Optimal, "{file}");
        assert_valid(file, "rounding + start", &c, &s, optimum);
        let rel = (s.objective.total - optimum).abs() / optimum.abs().max(1.0);
        assert!(
            rel <= 1e-4,
            "{file}: {} vs optimum {optimum}",
            s.objective.total
        );
        assert!(
            s.objective.total <= alone.objective.total * (1.0 + 1e-9) + 1e-9,
            "{file}: the MIP from the start ended worse than the start"
        );
    }
}

#[test]
fn the_default_solve_reaches_the_optimum() {
    for (file, optimum) in INSTANCES {
        let c = load(file);
        let opts = SolveOptions {
            threads: Some(1),
            time_limit: TimeLimit::seconds(120.0),
            ..SolveOptions::default()
        };
        let s = plan(&c.model, &c.network, &opts).expect("solves").schedule;
        assert_eq!(s.solver.status, Status::Optimal, "{file}");
        assert_valid(file, "default", &c, &s, optimum);
        let rel = (s.objective.total - optimum).abs() / optimum.abs().max(1.0);
        assert!(
            rel <= 1e-4,
            "{file}: {} vs optimum {optimum}",
            s.objective.total
        );
    }
}

#[test]
fn heuristics_are_deterministic() {
    let c = load("instances/theatre-tiny-1.yaml");
    let all = [Heuristic::Dive, Heuristic::Rounding, Heuristic::Rens];
    let a = run(&c, &all, true);
    let b = run(&c, &all, true);
    assert_eq!(
        serde_json::to_string(&a.movements).unwrap(),
        serde_json::to_string(&b.movements).unwrap()
    );
    assert_eq!(a.objective.total, b.objective.total);
}

#[test]
fn heuristics_serialise_under_their_command_line_names() {
    for h in Heuristic::ALL {
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, format!("\"{}\"", h.name()));
        assert_eq!(serde_json::from_str::<Heuristic>(&json).unwrap(), h);
        assert_eq!(Heuristic::from_name(h.name()), Some(h));
    }
}

/// Trip consolidation keeps a schedule only when it costs less: after rounding it never ends
/// above rounding alone, and its schedules pass the checker (above).
#[test]
fn consolidation_never_makes_the_rounding_worse() {
    for (file, _) in INSTANCES {
        let c = load(file);
        let rounded = run(&c, &[Heuristic::Rounding], true);
        let consolidated = run(&c, &[Heuristic::Rounding, Heuristic::Consolidate], true);
        if rounded.solver.status == Status::Feasible {
            assert!(
                consolidated.objective.total
                    <= rounded.objective.total + 1e-9 * rounded.objective.total.abs().max(1.0),
                "{file}: consolidated {} above rounded {}",
                consolidated.objective.total,
                rounded.objective.total
            );
        }
    }
}

/// 100 t from `o` to `s`, 100 km, by road (1 per tonne-km, trucks of 20 t, no charge per trip)
/// or by sea (30,000 a trip, one ship of 3,000 t). The relaxation ships it all for a thirtieth
/// of a ship (1,000); rounding pays the whole ship (30,000); the optimum sends it by road:
/// 100 t x 100 km x 1 = 10,000.
const SHIP_OR_ROAD: &str = r#"
name: ship-or-road
horizon_days: 3
storage_classes:
  - {id: equipment, unit: tonnes}
resources:
  - {id: ammo, kind: munitions, unit: tonnes, weight_t: 1, storage: equipment}
nations:
  - id: aa
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: s, kind: sector, country: UA, lat: 50.0, lon: 24.0}
routes:
  - {id: road, from: o, to: s, mode: road, distance_km: 100, transit_days: 1, cost_per_tkm: 1.0}
  - {id: sea, from: o, to: s, mode: sea, distance_km: 100, transit_days: 1, cost_per_trip: 30000}
fleets:
  - {id: trucks, mode: road, vehicles: 10, capacity_t: 20}
  - {id: ships, mode: sea, vehicles: 1, capacity_t: 3000}
supplies:
  - {nation: aa, resource: ammo, origin: o, quantity: 100}
demands:
  - {node: s, resource: ammo, quantity: 100, due_day: 2}
"#;

fn ship_or_road() -> Checked {
    hubplan::pipeline::check_str("ship-or-road.yaml", SHIP_OR_ROAD).expect("valid")
}

/// The trip moves take out the ship that rounding paid for and re-plan the road lift around
/// it, which consolidation (every other trip fixed, so no truck to take the load) cannot.
#[test]
fn trip_moves_send_home_a_ship_the_rounding_paid_for() {
    let c = ship_or_road();
    let rounded = run(&c, &[Heuristic::Rounding], true);
    assert_eq!(rounded.solver.status, Status::Feasible);
    assert!(
        rounded.objective.total >= 30_000.0 - 1e-6,
        "rounding no longer pays the ship ({}): the test needs another model",
        rounded.objective.total
    );
    let consolidated = run(&c, &[Heuristic::Rounding, Heuristic::Consolidate], true);
    assert!(consolidated.objective.total >= 30_000.0 - 1e-6);
    let moved = run(&c, &[Heuristic::Rounding, Heuristic::TripMoves], true);
    assert_valid("ship-or-road", "trip moves", &c, &moved, 10_000.0);
    assert!(
        (moved.objective.total - 10_000.0).abs() <= 1e-6 * 10_000.0,
        "trip moves end at {}, the optimum is 10,000",
        moved.objective.total
    );
    assert!(moved.solver.method.starts_with("trip moves"));
    assert!(moved.movements.iter().all(|m| m.route == "road"));
}

/// The moves of a schedule that runs the one ship on day 0, when the relaxation would also
/// run half a ship on day 1: the ship out, then the ship swapped to day 1 (its round trip of
/// two days leaves no room for a second sailing beside it, so there is no plain addition).
#[test]
fn trip_moves_take_out_then_swap_within_the_fleet() {
    let c = ship_or_road();
    let f = hubplan::formulation::build(&c.model, &c.network);
    let charged = f.charged_trips(0.1);
    let sea: Vec<usize> = (0..f.trips.len())
        .filter(|&i| c.model.routes[f.trips[i].route].id == "sea")
        .collect();
    assert_eq!(charged, sea, "the ship is charged, the trucks are not");
    let day = |d: usize| {
        *sea.iter()
            .find(|&&i| f.trips[i].day == d)
            .expect("a sailing")
    };
    let (d0, d1) = (day(0), day(1));
    let mut values = vec![0.0; f.is_integer.len()];
    values[f.trips[d0].col.ix] = 1.0;
    let mut lp = vec![0.0; f.is_integer.len()];
    lp[f.trips[d0].col.ix] = 0.5;
    lp[f.trips[d1].col.ix] = 0.5;
    let moves = f.trip_moves(&c.model, &values, &lp, &charged, 2);
    assert_eq!(moves, vec![vec![(d0, 0.0)], vec![(d0, 0.0), (d1, 1.0)]]);
}

/// 100 t of ammo at `o` from day 0, 40 t of it due at `s` on day 2 and 60 t on day 10, by road
/// only (1 per tonne-km, 100 km, a day's drive). Every tonne goes once and on time: the
/// optimum is 100 t x 100 km x 1 = 10,000. The rolling horizon plans days 0..4 first (steps of
/// two days, two days of look-ahead), where only the first demand is due, and fixes the first
/// two days; the second demand is planned in the last window, days 8..12, around them.
const TWO_DUE_DAYS: &str = r#"
name: two-due-days
horizon_days: 12
storage_classes:
  - {id: equipment, unit: tonnes}
resources:
  - {id: ammo, kind: munitions, unit: tonnes, weight_t: 1, storage: equipment}
nations:
  - id: aa
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: s, kind: sector, country: UA, lat: 50.0, lon: 24.0}
routes:
  - {id: road, from: o, to: s, mode: road, distance_km: 100, transit_days: 1, cost_per_tkm: 1.0}
fleets:
  - {id: trucks, mode: road, vehicles: 10, capacity_t: 20}
supplies:
  - {nation: aa, resource: ammo, origin: o, quantity: 100}
demands:
  - {id: first, node: s, resource: ammo, quantity: 40, due_day: 2}
  - {id: second, node: s, resource: ammo, quantity: 60, due_day: 10}
"#;

/// The rolling horizon alone plans the two due days window by window; the last window keeps
/// what the first ones fixed (the supply's first days at the origin and the first delivery),
/// and the schedule is the optimum.
#[test]
fn the_rolling_horizon_plans_window_by_window_to_the_optimum() {
    let c = hubplan::pipeline::check_str("two-due-days.yaml", TWO_DUE_DAYS).expect("valid");
    let s = run(&c, &[Heuristic::Horizon], true);
    assert_eq!(s.solver.status, Status::Feasible);
    assert!(
        s.solver.method.starts_with("rolling horizon"),
        "{}",
        s.solver.method
    );
    assert_valid("two-due-days", "rolling horizon", &c, &s, 10_000.0);
    assert!(
        (s.objective.total - 10_000.0).abs() <= 1e-6 * 10_000.0,
        "the rolling horizon ends at {}, the optimum is 10,000",
        s.objective.total
    );
}

/// Two-due-days with its road broken by a hub candidate `h` (opening 5,000, 100 a day):
/// every tonne passes `h`, 200 km of road (20,000 for the 100 t), and `h` must open.
const THROUGH_A_HUB: &str = r#"
name: through-a-hub
horizon_days: 12
storage_classes:
  - {id: equipment, unit: tonnes}
resources:
  - {id: ammo, kind: munitions, unit: tonnes, weight_t: 1, storage: equipment}
nations:
  - id: aa
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - id: h
    kind: hub
    country: UA
    lat: 50.0
    lon: 23.5
    hub: {capacity: {equipment: 1000}, protection: 1, opening_cost: 5000, daily_cost: 100}
  - {id: s, kind: sector, country: UA, lat: 50.0, lon: 24.0}
routes:
  - {id: in, from: o, to: h, mode: road, distance_km: 100, transit_days: 1, cost_per_tkm: 1.0}
  - {id: out, from: h, to: s, mode: road, distance_km: 100, transit_days: 1, cost_per_tkm: 1.0}
fleets:
  - {id: trucks, mode: road, vehicles: 10, capacity_t: 20}
supplies:
  - {nation: aa, resource: ammo, origin: o, quantity: 100}
demands:
  - {id: first, node: s, resource: ammo, quantity: 40, due_day: 2}
  - {id: second, node: s, resource: ammo, quantity: 60, due_day: 10}
"#;

/// The transport bound ([`hubplan::formulation::Formulation::transport_bound`]), worked by
/// hand: ship-or-road's cheapest lift is the ship at 30,000 / 3,000 t = 10 a tonne, so
/// 100 t cost at least 1,000 (what the relaxation pays); two-due-days has the road only,
/// 100 a tonne: 10,000, its optimum; through-a-hub adds the road beyond the hub (20,000 for
/// both roads) and the hub: the first demand (due on day 2; late or short costs far more)
/// is delivered by day 2, through the hub, which is then open from day 2 at the latest to
/// the last day: 5,000 + 10 × 100 (the two demands share their one hub, which is paid once),
/// 26,000 in all. The optimum, 26,100, opens it on day 1, when the goods pass it. On every
/// instance it stays below the proven optimum.
#[test]
fn the_transport_bound_is_the_cheapest_path_per_unit() {
    let bound = |c: &Checked| {
        let f = hubplan::formulation::build(&c.model, &c.network);
        f.transport_bound(&c.model) + f.objective_offset
    };
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    let ship = bound(&ship_or_road());
    assert!(close(ship, 1_000.0), "{ship}");
    let two = hubplan::pipeline::check_str("two-due-days.yaml", TWO_DUE_DAYS).expect("valid");
    assert!(close(bound(&two), 10_000.0), "{}", bound(&two));
    let hub = hubplan::pipeline::check_str("through-a-hub.yaml", THROUGH_A_HUB).expect("valid");
    assert!(close(bound(&hub), 26_000.0), "{}", bound(&hub));
    for (file, optimum) in INSTANCES {
        let b = bound(&load(file));
        assert!(
            b <= optimum * (1.0 + 1e-9) && b > 0.0,
            "{file}: bound {b}, optimum {optimum}"
        );
    }
}

/// A prefix of the model keeps the days, supplies and demands (made soft) that fall in it.
#[test]
fn a_truncated_model_keeps_its_first_days() {
    let c = hubplan::pipeline::check_str("two-due-days.yaml", TWO_DUE_DAYS).expect("valid");
    let mut model = c.model.clone();
    model.demands[0].hard = true;
    let t = model.truncated(4);
    assert_eq!(t.horizon, 4);
    assert_eq!(t.demands.len(), 1);
    assert_eq!(t.demands[0].id, "first");
    assert!(!t.demands[0].hard);
    assert_eq!(t.supplies.len(), 1);
    assert!(t.routes.iter().all(|r| r.closed.len() == 4));
    assert_eq!(model.truncated(12).demands.len(), 2);
    assert_eq!(model.truncated(99).horizon, 12);
}

/// Without a schedule the method names what ran: the plain MIP alone, or the start heuristic
/// and then the MIP. The model is infeasible (hard coverage no hub is in range of), so neither
/// finds a schedule, whatever the time.
#[test]
fn a_solve_without_schedule_names_what_ran() {
    let head = "storage_classes:\n  - {id: beds, unit: beds}\nnations:\n  - id: fr\n";
    let yaml = format!("{head}{}", common::HARD_COVERAGE_OUT_OF_RANGE);
    let c = hubplan::pipeline::check_str("infeasible.yaml", &yaml).expect("valid model");
    let exact = SolveOptions {
        threads: Some(1),
        exact: true,
        ..SolveOptions::default()
    };
    let s = plan(&c.model, &c.network, &exact).expect("solves").schedule;
    assert_eq!(s.solver.status, Status::Infeasible);
    assert_eq!(s.solver.method, "exact MIP (HiGHS)");
    let s = run(&c, &Heuristic::DEFAULT, false);
    assert_eq!(s.solver.status, Status::Infeasible);
    assert_eq!(
        s.solver.method,
        "start heuristic and the bound MIP beside it (neither found a schedule)"
    );
    let without: Vec<Heuristic> = Heuristic::DEFAULT
        .into_iter()
        .filter(|&h| h != Heuristic::BoundMip)
        .collect();
    let s = run(&c, &without, false);
    assert_eq!(s.solver.status, Status::Infeasible);
    assert_eq!(
        s.solver.method,
        "start heuristic, then HiGHS MIP (neither found a schedule)"
    );
}

/// The bound MIP (beside the heuristic, on its own thread) is the solve's MIP when it runs:
/// on each instance the solve ends at the proven optimum, and the schedule (the heuristic's
/// or the bound MIP's, whichever is better) passes the checker.
#[test]
fn the_bound_mip_ends_at_the_optimum() {
    for (file, optimum) in INSTANCES {
        let c = load(file);
        let s = run(&c, &[Heuristic::Rounding, Heuristic::BoundMip], false);
        assert_eq!(s.solver.status, Status::Optimal, "{file}");
        assert_valid(file, "rounding + bound MIP", &c, &s, optimum);
        let rel = (s.objective.total - optimum).abs() / optimum.abs().max(1.0);
        assert!(
            rel <= 1e-4,
            "{file}: {} vs optimum {optimum}",
            s.objective.total
        );
        let bound = s.solver.bound.expect("a bound");
        assert!(
            bound <= s.objective.total + 1e-9 * optimum.abs().max(1.0)
                && (s.objective.total - bound) / optimum.abs().max(1.0) <= 1e-4,
            "{file}: bound {bound}"
        );
    }
}

/// `Formulation::trim_integers`, which the heuristic now applies to every rounded schedule
/// without an LP: an optimal schedule given an empty trip more on every lane and day is trimmed
/// back to the optimum's cost, and the trimmed values make a schedule the checker accepts (so
/// every row the trim relies on still holds).
#[test]
fn trimming_an_optimum_with_empty_trips_gives_the_optimum_back() {
    for (file, optimum) in [INSTANCES[0], INSTANCES[3]] {
        let c = load(file);
        let mut f = hubplan::formulation::build(&c.model, &c.network);
        let opts = SolveOptions {
            threads: Some(1),
            time_limit: TimeLimit::seconds(120.0),
            exact: true,
            ..SolveOptions::default()
        };
        let res = hubplan::solve::solve(&mut f, &c.model, &opts).expect("solves");
        let values = res.values.clone().expect("a schedule");
        let cost = |x: &[f64]| -> f64 {
            f.objective_offset
                + x.iter()
                    .zip(&f.objective_coefficients)
                    .map(|(v, c)| v * c)
                    .sum::<f64>()
        };
        assert!(common::close(cost(&values), optimum, 1e-6), "{file}");
        // One more trip on every lane and day whose bound allows it and whose trips cost
        // something: each is empty.
        let mut inflated = values.clone();
        let mut added = 0;
        for tr in &f.trips {
            let i = tr.col.ix;
            if values[i] + 1.0 <= f.bounds[i].1 && f.objective_coefficients[i] > 0.0 {
                inflated[i] += 1.0;
                added += 1;
            }
        }
        assert!(added > 0, "{file}: no trip to inflate");
        assert!(cost(&inflated) > optimum * (1.0 + 1e-9), "{file}");
        let trimmed = f.trim_integers(&c.model, &inflated);
        assert!(
            common::close(cost(&trimmed), optimum, 1e-9),
            "{file}: trimmed to {}, optimum {optimum}",
            cost(&trimmed)
        );
        let mut as_solved = res.clone();
        as_solved.objective = Some(cost(&trimmed));
        as_solved.values = Some(trimmed);
        let s = hubplan::solve::to_schedule(&c.model, &c.network, &f, &as_solved);
        assert_valid(file, "trimmed", &c, &s, optimum);
    }
}
