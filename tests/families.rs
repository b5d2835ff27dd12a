//! One test per constraint family, each on a tiny model whose optimum is worked out by hand in
//! its comment. Objectives are compared within a relative tolerance; only quantities that every
//! optimum shares are asserted.

use hubplan::pipeline::{check_str, plan};
use hubplan::schedule::Schedule;
use hubplan::solve::{SolveOptions, Status};

const REL: f64 = 1e-6;

/// Common head: one resource class per kind used below, two storage classes, two nations.
const HEAD: &str = r#"
storage_classes:
  - {id: beds, unit: beds}
  - {id: equipment, unit: tonnes}
resources:
  - {id: ammo, kind: munitions, unit: tonnes, weight_t: 1, storage: equipment}
  - {id: shells, kind: munitions, unit: tonnes, weight_t: 1, storage: equipment, protection: 2}
  - {id: infantry, kind: personnel, unit: persons, weight_t: 0.1, storage: beds}
nations:
  - id: aa
  - id: bb
    caveats:
      - {applies_to: [personnel], forbid_countries: [UA], note: no troops in Ukraine}
"#;

fn solve_with(yaml: &str, exact: bool) -> Schedule {
    let text = format!("{HEAD}{yaml}");
    let checked = match check_str("test.yaml", &text) {
        Ok(c) => c,
        Err(e) => panic!("model invalid: {e:?}"),
    };
    // The non-exact solve runs the default start heuristic even on these tiny models (by
    // default it runs only on large ones), so that both paths meet every family.
    let opts = SolveOptions {
        threads: Some(1),
        exact,
        heuristics: Some(hubplan::solve::Heuristic::DEFAULT.to_vec()),
        ..SolveOptions::default()
    };
    plan(&checked.model, &checked.network, &opts)
        .expect("solve runs")
        .schedule
}

fn solve(yaml: &str) -> Schedule {
    let s = solve_with(yaml, false);
    // The plain MIP must agree with the solve that runs the start heuristic.
    let exact = solve_with(yaml, true);
    assert_eq!(s.solver.status, exact.solver.status);
    if s.solver.status.has_schedule() {
        assert_close(exact.objective.total, s.objective.total);
    }
    s
}

fn assert_close(got: f64, want: f64) {
    assert!(
        (got - want).abs() <= REL * want.abs().max(1.0),
        "objective {got}, expected {want}"
    );
}

fn optimal(s: &Schedule, want: f64) {
    assert_eq!(s.solver.status, Status::Optimal, "{:?}", s.solver);
    assert_close(s.objective.total, want);
    // The parts recomputed from the schedule add up to the solver's objective.
    assert_close(s.objective.recomputed_total, want);
}

fn trips(s: &Schedule) -> u64 {
    s.movements.iter().map(|m| m.trips).sum()
}

/// Origin `o` (PL) and sector `s` (UA) about 70 km apart, one road route.
fn line(route_extra: &str, fleet: &str, supply: &str, demand: &str, horizon: u32) -> String {
    format!(
        r#"
horizon_days: {horizon}
nodes:
  - {{id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}}
  - {{id: s, kind: sector, country: UA, lat: 50.0, lon: 24.0}}
routes:
  - {{id: r, from: o, to: s, mode: road, distance_km: 100, transit_days: 1, cost_per_trip: 100{route_extra}}}
fleets:
  - {fleet}
supplies:
  - {supply}
demands:
  - {demand}
"#
    )
}

/// Vehicle loading with whole trips: 50 t on 20 t trucks needs ceil(50/20) = 3 trips at 100 each.
/// Optimum 300.
#[test]
fn vehicle_loading_rounds_trips_up() {
    let s = solve(&line(
        "",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: aa, resource: ammo, origin: o, quantity: 50}",
        "{node: s, resource: ammo, quantity: 50, due_day: 1}",
        3,
    ));
    optimal(&s, 300.0);
    assert_eq!(trips(&s), 3);
    assert!(s.movements.iter().all(|m| m.load_t <= m.capacity_t + 1e-9));
}

/// Tonne-km cost and risk: 50 t x 100 km x 0.5 = 2,500; risk 100 x 50 t x 0.2 = 1,000;
/// 3 trips x 100 = 300. Optimum 3,800.
#[test]
fn tonne_km_cost_and_risk() {
    let s = solve(&line(
        ", cost_per_tkm: 0.5, threat: 0.2",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: aa, resource: ammo, origin: o, quantity: 50}",
        "{node: s, resource: ammo, quantity: 50, due_day: 1}",
        3,
    ));
    optimal(&s, 3_800.0);
    assert_close(s.objective.risk_exposure, 10.0);
}

/// Route throughput: one trip a day of 20 t; 50 t due day 1 arrive 20 on day 1, 20 on day 2
/// (1 day late) and 10 on day 3 (2 days late): lateness 20 + 20 = 40 unit-days x 1000 = 40,000,
/// plus 3 trips x 100. Optimum 40,300.
#[test]
fn route_throughput_spreads_trips() {
    let s = solve(&line(
        ", max_trips_per_day: 1",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: aa, resource: ammo, origin: o, quantity: 50}",
        "{node: s, resource: ammo, quantity: 50, due_day: 1}",
        5,
    ));
    optimal(&s, 40_300.0);
    for day in 0..5 {
        let n: u64 = s
            .movements
            .iter()
            .filter(|m| m.day == day)
            .map(|m| m.trips)
            .sum();
        assert!(n <= 1, "day {day}: {n} trips");
    }
}

/// Route closure: closed on day 0, so the one trip leaves day 1 and arrives day 2, one day late:
/// 20 unit-days x 1000 + 100. Optimum 20,100.
#[test]
fn closed_days_have_no_departures() {
    let s = solve(&line(
        ", closed_days: [0]",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: aa, resource: ammo, origin: o, quantity: 20}",
        "{node: s, resource: ammo, quantity: 20, due_day: 1}",
        3,
    ));
    optimal(&s, 20_100.0);
    assert!(s.movements.iter().all(|m| m.day != 0));
}

/// Fleet cycling: one truck, round trip 2 x 1 day: trips on day 0 and day 2; the second 20 t
/// arrive day 3, 2 days late: 40 unit-days x 1000 + 2 x 100. Optimum 40,200.
#[test]
fn fleet_cycling_ties_vehicles() {
    let s = solve(&line(
        "",
        "{id: truck, mode: road, vehicles: 1, capacity_t: 20}",
        "{nation: aa, resource: ammo, origin: o, quantity: 40}",
        "{node: s, resource: ammo, quantity: 40, due_day: 1}",
        5,
    ));
    optimal(&s, 40_200.0);
    let days: Vec<usize> = s.movements.iter().map(|m| m.day).collect();
    assert_eq!(days, vec![0, 2]);
}

/// Supply availability: supply from day 2 cannot leave before; arrival day 3, due day 1:
/// 2 days late x 20 t x 1000 + 100. Optimum 40,100.
#[test]
fn supply_is_available_from_its_day() {
    let s = solve(&line(
        "",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: aa, resource: ammo, origin: o, quantity: 20, available_day: 2}",
        "{node: s, resource: ammo, quantity: 20, due_day: 1}",
        4,
    ));
    optimal(&s, 40_100.0);
}

/// Soft demand short of supply: 5 t of 8 delivered (1 trip, 100); 3 t short x 1e6.
/// Optimum 3,000,100. A hard demand for 8 t is infeasible.
#[test]
fn demands_soft_shortfall_and_hard_infeasible() {
    let s = solve(&line(
        "",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: aa, resource: ammo, origin: o, quantity: 5}",
        "{node: s, resource: ammo, quantity: 8, due_day: 1}",
        3,
    ));
    optimal(&s, 3_000_100.0);
    assert_close(s.deliveries[0].shortfall, 3.0);
    let s = solve(&line(
        "",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: aa, resource: ammo, origin: o, quantity: 5}",
        "{node: s, resource: ammo, quantity: 8, due_day: 1, hard: true}",
        3,
    ));
    assert_eq!(s.solver.status, Status::Infeasible);
}

/// Transit handling: 30 t through a crossing that handles 10 t a day with a 1-day delay.
/// Handled on days 0, 1, 2, ready days 1, 2, 3; due day 1: lateness 10 x 1 + 10 x 2 = 30
/// unit-days x 1000. Trips are free. Optimum 30,000.
#[test]
fn transit_handling_limits_and_delays() {
    let s = solve(
        r#"
horizon_days: 6
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 22.0}
  - {id: x, kind: transit, country: PL, lat: 50.0, lon: 23.0, handling_t_per_day: 10, handling_days: 1}
  - {id: s, kind: sector, country: UA, lat: 50.0, lon: 24.0}
routes:
  - {id: ox, from: o, to: x, mode: rail, distance_km: 70, transit_days: 0}
  - {id: xs, from: x, to: s, mode: rail, distance_km: 70, transit_days: 0}
fleets:
  - {id: trains, mode: rail, vehicles: 5, capacity_t: 100}
supplies:
  - {nation: aa, resource: ammo, origin: o, quantity: 30}
demands:
  - {node: s, resource: ammo, quantity: 30, due_day: 1}
"#,
    );
    optimal(&s, 30_000.0);
    for h in &s.handling {
        assert_eq!(h.ready_day, h.day + 1);
    }
    let per_day = |d: usize| -> f64 {
        s.handling
            .iter()
            .filter(|h| h.day == d)
            .map(|h| h.quantity)
            .sum()
    };
    assert!((0..6).all(|d| per_day(d) <= 10.0 + 1e-9));
}

/// A hub that must hold stock overnight: the only route into it runs on day 0 (arrives day 1)
/// and the demand at the hub counts from day 3, so the hub must be operational from day 1
/// (set-up 1 day): opening 1,000 + daily 10 x 4 days (1..4). Optimum 1,040.
fn hub_model(capacity: u32, setup: u32) -> String {
    format!(
        r#"
horizon_days: 5
nodes:
  - {{id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}}
  - {{id: h, kind: hub, country: UA, lat: 50.0, lon: 24.0, hub: {{capacity: {{beds: {capacity}}}, protection: 1, opening_cost: 1000, daily_cost: 10, setup_days: {setup}}}}}
routes:
  - {{id: r, from: o, to: h, mode: road, distance_km: 70, transit_days: 1, closed_days: [1, 2, 3]}}
fleets:
  - {{id: buses, mode: road, vehicles: 10, capacity_t: 10}}
supplies:
  - {{nation: aa, resource: infantry, origin: o, quantity: 50}}
demands:
  - {{node: h, resource: infantry, quantity: 50, earliest_day: 3, due_day: 3}}
"#
    )
}

#[test]
fn hub_opening_holds_stock_overnight() {
    let s = solve(&hub_model(100, 1));
    optimal(&s, 1_040.0);
    assert_eq!(s.hubs[0].operational_day, Some(1));
    assert_eq!(s.hubs[0].setup_start_day, Some(0));
    assert!(s.occupancy.iter().all(|o| o.used <= o.capacity + 1e-9));
}

/// Hub capacity per class: beds for 40 of the 50, 10 short x 1e6 + 1,040. Optimum 10,001,040.
#[test]
fn hub_capacity_binds() {
    let s = solve(&hub_model(40, 1));
    optimal(&s, 10_001_040.0);
    assert_close(s.deliveries[0].shortfall, 10.0);
}

/// Set-up time: with 2 set-up days the hub is operational on day 2 at the earliest, too late to
/// hold anything on the night of day 1: all 50 short, no hub opened. Optimum 50,000,000.
#[test]
fn hub_setup_delays_operation() {
    let s = solve(&hub_model(100, 2));
    optimal(&s, 50_000_000.0);
    assert!(!s.hubs[0].open);
}

/// Protection: shells (protection 2) wait overnight at a hub; the cheap hub (100) is level 1,
/// the dear one (500) level 2. Optimum 500; without the requirement (ammo) 100.
fn protection_model(resource: &str) -> String {
    format!(
        r#"
horizon_days: 4
nodes:
  - {{id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}}
  - {{id: h1, kind: hub, country: UA, lat: 50.0, lon: 24.0, hub: {{capacity: {{equipment: 100}}, protection: 1, opening_cost: 100}}}}
  - {{id: h2, kind: hub, country: UA, lat: 50.5, lon: 24.0, hub: {{capacity: {{equipment: 100}}, protection: 2, opening_cost: 500}}}}
  - {{id: s, kind: sector, country: UA, lat: 50.0, lon: 25.0}}
routes:
  - {{id: o-h1, from: o, to: h1, mode: road, distance_km: 70, transit_days: 1, closed_days: [1, 2, 3]}}
  - {{id: o-h2, from: o, to: h2, mode: road, distance_km: 80, transit_days: 1, closed_days: [1, 2, 3]}}
  - {{id: h1-s, from: h1, to: s, mode: road, distance_km: 70, transit_days: 0, closed_days: [0, 1]}}
  - {{id: h2-s, from: h2, to: s, mode: road, distance_km: 80, transit_days: 0, closed_days: [0, 1]}}
fleets:
  - {{id: trucks, mode: road, vehicles: 10, capacity_t: 20}}
supplies:
  - {{nation: aa, resource: {resource}, origin: o, quantity: 10}}
demands:
  - {{node: s, resource: {resource}, quantity: 10, earliest_day: 2, due_day: 2}}
"#
    )
}

#[test]
fn protection_restricts_stock_to_hardened_hubs() {
    let s = solve(&protection_model("shells"));
    optimal(&s, 500.0);
    let open: Vec<&str> = s
        .hubs
        .iter()
        .filter(|h| h.open)
        .map(|h| h.hub.as_str())
        .collect();
    assert_eq!(open, vec!["h2"]);
    let s = solve(&protection_model("ammo"));
    optimal(&s, 100.0);
}

/// Caveats: nation bb may not send personnel into UA, so aa's dearer supply (route cost 500 a
/// trip instead of 100) serves the sector. Optimum 500, all cargo aa's.
#[test]
fn caveats_remove_forbidden_movements() {
    let s = solve(
        r#"
horizon_days: 3
nodes:
  - {id: near, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: far, kind: origin, country: PL, lat: 51.0, lon: 22.0}
  - {id: s, kind: sector, country: UA, lat: 50.0, lon: 24.0}
routes:
  - {id: near-s, from: near, to: s, mode: road, distance_km: 70, transit_days: 1, cost_per_trip: 100}
  - {id: far-s, from: far, to: s, mode: road, distance_km: 150, transit_days: 1, cost_per_trip: 500}
fleets:
  - {id: buses, mode: road, vehicles: 10, capacity_t: 10}
supplies:
  - {nation: bb, resource: infantry, origin: near, quantity: 100}
  - {nation: aa, resource: infantry, origin: far, quantity: 100}
demands:
  - {node: s, resource: infantry, quantity: 50, due_day: 1}
"#,
    );
    optimal(&s, 500.0);
    assert!(s
        .movements
        .iter()
        .flat_map(|m| &m.cargo)
        .all(|c| c.nation == "aa"));
}

/// A national fleet carries only its own nation's cargo: aa's 10 t must use the dear shared
/// fleet route (cost 300) because the cheap route is served only by bb's fleet. Optimum 300.
#[test]
fn national_fleets_carry_their_nation_only() {
    let s = solve(
        r#"
horizon_days: 3
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: s, kind: sector, country: UA, lat: 50.0, lon: 24.0}
routes:
  - {id: road, from: o, to: s, mode: road, distance_km: 70, transit_days: 1, cost_per_trip: 100}
  - {id: rail, from: o, to: s, mode: rail, distance_km: 70, transit_days: 1, cost_per_trip: 300}
fleets:
  - {id: bb-trucks, mode: road, nation: bb, vehicles: 5, capacity_t: 20}
  - {id: trains, mode: rail, vehicles: 1, capacity_t: 100}
supplies:
  - {nation: aa, resource: ammo, origin: o, quantity: 10}
demands:
  - {node: s, resource: ammo, quantity: 10, due_day: 1}
"#,
    );
    optimal(&s, 300.0);
    assert!(s.movements.iter().all(|m| m.fleet == "trains"));
}

/// Monitoring: a drone (range 150 km) must cover a sector ~140 km from hub `near` (opening
/// 1,000) and ~290 km from hub `far` (opening 100): `near` opens. Satellite tasking: 2 required,
/// 1 available, 1 short x 1e7. Optimum 10,001,000.
#[test]
fn monitoring_coverage_within_range() {
    let s = solve(
        r#"
horizon_days: 2
nodes:
  - {id: near, kind: hub, country: UA, lat: 49.0, lon: 35.0, hub: {capacity: {beds: 10}, opening_cost: 1000}}
  - {id: far, kind: hub, country: UA, lat: 49.0, lon: 33.0, hub: {capacity: {beds: 10}, opening_cost: 100}}
  - {id: s, kind: sector, country: UA, lat: 49.0, lon: 37.0}
monitoring:
  assets:
    - {id: drones, kind: drone, owner: aa, count: 1, range_km: 150}
    - {id: sat, kind: satellite, owner: aa, count: 1}
  coverage:
    - {sector: s, asset: drones, required: 1}
    - {sector: s, asset: sat, required: 2}
"#,
    );
    optimal(&s, 10_001_000.0);
    assert_eq!(s.monitoring.basing.len(), 1);
    assert_eq!(s.monitoring.basing[0].hub, "near");
    let sat = s
        .monitoring
        .coverage
        .iter()
        .find(|c| c.asset == "sat")
        .expect("sat coverage");
    assert_eq!((sat.covered, sat.shortfall), (1, 1));
}

/// Multicommodity fixed-charge network design (one day, same-day arcs, one trip of the arc's
/// capacity at a fixed charge): 15 t from o to s; the direct arc carries 10 t for 100, the path
/// via a carries 20 t for 30 + 30. Optimum 60.
#[test]
fn fixed_charge_network_design() {
    let s = solve(
        r#"
horizon_days: 1
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: a, kind: transit, country: PL, lat: 50.5, lon: 23.5}
  - {id: s, kind: sector, country: UA, lat: 50.0, lon: 24.0}
routes:
  - {id: o-s, from: o, to: s, mode: road, distance_km: 70, transit_days: 0, max_trips_per_day: 1, cost_per_trip: 100}
  - {id: o-a, from: o, to: a, mode: rail, distance_km: 70, transit_days: 0, max_trips_per_day: 1, cost_per_trip: 30}
  - {id: a-s, from: a, to: s, mode: rail, distance_km: 70, transit_days: 0, max_trips_per_day: 1, cost_per_trip: 30}
fleets:
  - {id: direct, mode: road, vehicles: 1, capacity_t: 10}
  - {id: arcs, mode: rail, vehicles: 2, capacity_t: 20}
supplies:
  - {nation: aa, resource: ammo, origin: o, quantity: 15}
demands:
  - {node: s, resource: ammo, quantity: 15, hard: true}
"#,
    );
    optimal(&s, 60.0);
}

/// Pruning removes variables: the count built is below the naive count and both are reported.
#[test]
fn pruning_reports_sizes() {
    let s = solve(&line(
        ", closed_days: [0]",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: aa, resource: ammo, origin: o, quantity: 20}",
        "{node: s, resource: ammo, quantity: 20, due_day: 1}",
        6,
    ));
    let size = s.solver.size;
    assert!(size.variables > 0 && size.variables < size.naive_variables);
    assert!(size.integer_variables <= size.variables);
}

/// Capacitated facility location in one day (same-day routes): hub A (opening 100, 30 t) and
/// hub B (opening 60, 20 t); sectors s1 and s2 each need 20 t. Neither hub alone has room for
/// 40 t, so both open (160) and each serves its cheap sector at 1 per tonne (20 + 20).
/// Optimum 200.
#[test]
fn capacitated_facility_location_in_one_day() {
    let s = solve(
        r#"
horizon_days: 1
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: A, kind: hub, country: UA, lat: 50.0, lon: 24.0, hub: {capacity: {equipment: 30}, opening_cost: 100}}
  - {id: B, kind: hub, country: UA, lat: 49.0, lon: 24.0, hub: {capacity: {equipment: 20}, opening_cost: 60}}
  - {id: s1, kind: sector, country: UA, lat: 50.0, lon: 25.0}
  - {id: s2, kind: sector, country: UA, lat: 49.0, lon: 25.0}
routes:
  - {id: o-A, from: o, to: A, mode: road, distance_km: 1, transit_days: 0}
  - {id: o-B, from: o, to: B, mode: road, distance_km: 1, transit_days: 0}
  - {id: A-s1, from: A, to: s1, mode: road, distance_km: 1, transit_days: 0, cost_per_tkm: 1}
  - {id: A-s2, from: A, to: s2, mode: road, distance_km: 1, transit_days: 0, cost_per_tkm: 3}
  - {id: B-s1, from: B, to: s1, mode: road, distance_km: 1, transit_days: 0, cost_per_tkm: 4}
  - {id: B-s2, from: B, to: s2, mode: road, distance_km: 1, transit_days: 0, cost_per_tkm: 1}
fleets:
  - {id: trucks, mode: road, vehicles: 100, capacity_t: 1000}
supplies:
  - {nation: aa, resource: ammo, origin: o, quantity: 100}
demands:
  - {node: s1, resource: ammo, quantity: 20, hard: true}
  - {node: s2, resource: ammo, quantity: 20, hard: true}
"#,
    );
    optimal(&s, 200.0);
    assert!(s.hubs.iter().all(|h| h.open));
    assert!(s.occupancy.iter().all(|o| o.used <= o.capacity + 1e-9));
}

/// Sink linking (4.11) must not treat a sector that forwards goods as a sink. Hub `h` (open from
/// its first use to the last day) feeds sector `s1`, which needs 10 and forwards 40 to `s2`:
/// `o → h` same day on day t, `h → s1` arrives t+1, `s1 → s2` arrives t+2 ≤ 3, so t = 1 at the
/// latest; the hub is open on days 1..3: 1,000 + 3 × 10 = 1,030; three legs, one trip each
/// (5 t, then 4 t, on 10 t buses), 100 each: 300. Optimum 1,330, nothing short. Bounding the
/// flow into `s1` by its own demand would leave 40 short.
#[test]
fn sink_linking_skips_sectors_that_forward() {
    let s = solve(
        r#"
horizon_days: 4
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: h, kind: hub, country: UA, lat: 50.0, lon: 24.0, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 1000, daily_cost: 10}}
  - {id: s1, kind: sector, country: UA, lat: 50.0, lon: 25.0}
  - {id: s2, kind: sector, country: UA, lat: 50.0, lon: 26.0}
routes:
  - {id: o-h, from: o, to: h, mode: road, distance_km: 70, transit_days: 0, cost_per_trip: 100}
  - {id: h-s1, from: h, to: s1, mode: road, distance_km: 70, transit_days: 1, cost_per_trip: 100}
  - {id: s1-s2, from: s1, to: s2, mode: road, distance_km: 70, transit_days: 1, cost_per_trip: 100}
fleets:
  - {id: buses, mode: road, vehicles: 10, capacity_t: 10}
supplies:
  - {nation: aa, resource: infantry, origin: o, quantity: 50}
demands:
  - {node: s1, resource: infantry, quantity: 10, due_day: 3}
  - {node: s2, resource: infantry, quantity: 40, due_day: 3}
"#,
    );
    optimal(&s, 1_330.0);
    assert!(s.deliveries.iter().all(|d| d.shortfall.abs() < 1e-9));
    assert_eq!(s.hubs[0].operational_day, Some(1));
}

/// Cumulative sink linking: sector `s` needs 10 persons by day 1 and 10 more by day 2; 10 are
/// at `o` on day 0 and 10 more from day 2. They go through hub `h` (1,000 to open, 100 a day)
/// or directly at 10,000 a trip; the days are 0..3. Through `h`: open on days 1..3 (300), one
/// trip on each leg on days 1 and 2 (4 × 100): optimum 1,000 + 300 + 400 = 1,700 (everything on
/// day 2 costs 10,000 of lateness). In the relaxation, by day 2 all of `s`'s demand `D = 20` has
/// left `h`, so `Σ_{t ≤ 2} X_t ≤ 20 · y[h,2]` gives `y[h,2] = y[h,3] = 1`, while day 1 needs
/// only `y[h,1] ≥ 10 / 20` (as do hub capacity and the trips, `x ≤ 20 · n`, each `n = 1/2`):
/// the bound is 1,000 + 250 + 200 = 1,450. With the rows of each day alone (`X_t ≤ 20 ·
/// y[h,t]`), day 2 needed only one half too: 1,400.
const CUMULATIVE_SINK: &str = r#"
horizon_days: 4
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: h, kind: hub, country: PL, lat: 50.0, lon: 24.0, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 1000, daily_cost: 100}}
  - {id: s, kind: sector, country: PL, lat: 50.0, lon: 25.0}
routes:
  - {id: o-h, from: o, to: h, mode: road, distance_km: 70, transit_days: 0, cost_per_trip: 100}
  - {id: h-s, from: h, to: s, mode: road, distance_km: 70, transit_days: 0, cost_per_trip: 100}
  - {id: o-s, from: o, to: s, mode: road, distance_km: 140, transit_days: 0, cost_per_trip: 10000}
fleets:
  - {id: buses, mode: road, vehicles: 10, capacity_t: 10}
supplies:
  - {nation: aa, resource: infantry, origin: o, quantity: 10}
  - {nation: aa, resource: infantry, origin: o, quantity: 10, available_day: 2}
demands:
  - {node: s, resource: infantry, quantity: 10, due_day: 1}
  - {node: s, resource: infantry, quantity: 10, due_day: 2}
"#;

#[test]
fn sink_linking_charges_the_hub_from_the_day_the_sector_is_served() {
    optimal(&solve(CUMULATIVE_SINK), 1_700.0);
    assert_close(relaxation(CUMULATIVE_SINK), 1_450.0);
}

/// Sink linking at its tightest: sector `s` gets its whole demand through one of two hubs.
/// Through `h1`: the hub is open on days 1..2 (the flow leaves it on day 1 at the latest to
/// arrive by day 2): 1,000 + 2 × 10; two trips at 100: 1,220. Through `h2`: 3,000 + 200.
/// Two demands at `s` (20 due day 2, 30 due day 2) share the bound `D = 50`. Optimum 1,220.
#[test]
fn sink_linking_charges_the_hub_a_sector_is_served_through() {
    let s = solve(
        r#"
horizon_days: 3
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: h1, kind: hub, country: UA, lat: 50.0, lon: 24.0, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 1000, daily_cost: 10}}
  - {id: h2, kind: hub, country: UA, lat: 50.5, lon: 24.0, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 3000}}
  - {id: s, kind: sector, country: UA, lat: 50.0, lon: 25.0}
routes:
  - {id: o-h1, from: o, to: h1, mode: road, distance_km: 70, transit_days: 0, cost_per_trip: 100}
  - {id: o-h2, from: o, to: h2, mode: road, distance_km: 70, transit_days: 0, cost_per_trip: 100}
  - {id: h1-s, from: h1, to: s, mode: road, distance_km: 70, transit_days: 1, cost_per_trip: 100}
  - {id: h2-s, from: h2, to: s, mode: road, distance_km: 70, transit_days: 1, cost_per_trip: 100}
fleets:
  - {id: buses, mode: road, vehicles: 10, capacity_t: 10}
supplies:
  - {nation: aa, resource: infantry, origin: o, quantity: 50}
demands:
  - {node: s, resource: infantry, quantity: 20, due_day: 2}
  - {node: s, resource: infantry, quantity: 30, due_day: 2}
"#,
    );
    optimal(&s, 1_220.0);
    assert!(s.hubs.iter().any(|h| h.hub == "h1" && h.open));
    assert!(s.hubs.iter().all(|h| h.hub != "h2" || !h.open));
}

/// Disaggregated loading (4.3): two nations' ammo, 30 t and 40 t, each too little to fill an
/// 800 t train, share one trip (`x_k ≤ Q_k · n` for each, with n = 1): one trip at 1,000.
/// Optimum 1,000.
#[test]
fn disaggregated_loading_lets_commodities_share_a_trip() {
    let s = solve(
        r#"
horizon_days: 2
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: s, kind: sector, country: PL, lat: 50.0, lon: 24.0}
routes:
  - {id: o-s, from: o, to: s, mode: rail, distance_km: 70, transit_days: 1, cost_per_trip: 1000}
fleets:
  - {id: trains, mode: rail, vehicles: 1, capacity_t: 800}
supplies:
  - {nation: aa, resource: ammo, origin: o, quantity: 30}
  - {nation: bb, resource: ammo, origin: o, quantity: 40}
demands:
  - {node: s, resource: ammo, quantity: 70, due_day: 1}
"#,
    );
    optimal(&s, 1_000.0);
    assert_eq!(trips(&s), 1);
}

/// The LP relaxation's bound of a model (every row kept).
fn relaxation(yaml: &str) -> f64 {
    let text = format!("{HEAD}{yaml}");
    let checked = check_str("test.yaml", &text).expect("model valid");
    let mut f = hubplan::formulation::build(&checked.model, &checked.network);
    hubplan::solve::relaxation(&mut f)
        .expect("LP runs")
        .expect("LP optimal")
}

/// A demand of 10 persons (1 t) at hub `h` itself, brought from `o` on one bus trip (100);
/// the hub opens for it (1,000). Optimum 1,100. In the relaxation, hub cover (4.12) charges
/// the hub in full (`y[h,1] ≥ 1` with the demand hard) and disaggregated loading the trip, so
/// the LP bound is the optimum too; without the cover row, hub capacity alone asks for
/// `y ≥ 10 / 1,000` and the bound is 110.
const DEMAND_AT_HUB: &str = r#"
horizon_days: 2
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: h, kind: hub, country: PL, lat: 50.0, lon: 24.0, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 1000}}
routes:
  - {id: o-h, from: o, to: h, mode: road, distance_km: 70, transit_days: 0, cost_per_trip: 100}
fleets:
  - {id: buses, mode: road, vehicles: 10, capacity_t: 10}
supplies:
  - {nation: aa, resource: infantry, origin: o, quantity: 10}
demands:
  - {node: h, resource: infantry, quantity: 10, due_day: 1, hard: true}
"#;

#[test]
fn hub_cover_charges_the_hub_a_demand_sits_at() {
    optimal(&solve(DEMAND_AT_HUB), 1_100.0);
    assert_close(relaxation(DEMAND_AT_HUB), 1_100.0);
}

/// Hub cover on the due day: 10 persons at hub `h` (1,000 to open, 100 a day), soft, due on
/// day 1 of 4, brought on one bus trip (100). On time the hub is open on days 1–3: 1,000 +
/// 300 + 100 = 1,400; a day late (open days 2–3) costs 1,000 + 200 + 100 + 10 persons ×
/// 1,000 = 11,300. Optimum 1,400. The relaxation's bound is the optimum too: the row
/// `y[h,1] + (late + u) / 10 ≥ 1` charges the daily cost from the due day on. With the row
/// on the last day only (`y[h,3] ≥ 1`), the bound was 1,350 and this test failed.
const DEMAND_DUE_AT_HUB: &str = r#"
horizon_days: 4
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: h, kind: hub, country: PL, lat: 50.0, lon: 24.0, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 1000, daily_cost: 100}}
routes:
  - {id: o-h, from: o, to: h, mode: road, distance_km: 70, transit_days: 0, cost_per_trip: 100}
fleets:
  - {id: buses, mode: road, vehicles: 10, capacity_t: 10}
supplies:
  - {nation: aa, resource: infantry, origin: o, quantity: 10}
demands:
  - {node: h, resource: infantry, quantity: 10, due_day: 1}
"#;

#[test]
fn hub_cover_charges_the_hub_from_the_due_day() {
    let s = solve(DEMAND_DUE_AT_HUB);
    optimal(&s, 1_400.0);
    assert_close(relaxation(DEMAND_DUE_AT_HUB), 1_400.0);
}

/// Hub cover with a soft demand: 1 person at hub `h`, whose opening (2,000,000) costs more
/// than leaving the person short (1,000,000). The row `y + u / 1 ≥ 1` lets the shortfall
/// stand in for the hub. Optimum 1,000,000, hub closed.
#[test]
fn hub_cover_lets_a_soft_demand_go_short() {
    let s = solve(
        r#"
horizon_days: 2
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: h, kind: hub, country: PL, lat: 50.0, lon: 24.0, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 2000000}}
routes:
  - {id: o-h, from: o, to: h, mode: road, distance_km: 70, transit_days: 0, cost_per_trip: 100}
fleets:
  - {id: buses, mode: road, vehicles: 10, capacity_t: 10}
supplies:
  - {nation: aa, resource: infantry, origin: o, quantity: 10}
demands:
  - {node: h, resource: infantry, quantity: 1, due_day: 1}
"#,
    );
    optimal(&s, 1_000_000.0);
    assert!(s.hubs.iter().all(|h| !h.open));
}

/// Hub cover only where every path passes a hub: sector `s` is reached through hub `h`
/// (1,000 to open, two trips at 100) or around it on the direct route (one trip at 500).
/// Optimum 500 with `h` closed; a cover row over `{h}` would force 1,500.
#[test]
fn hub_cover_skips_demands_a_path_reaches_around_the_hubs() {
    let s = solve(
        r#"
horizon_days: 3
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: h, kind: hub, country: PL, lat: 50.0, lon: 24.0, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 1000}}
  - {id: s, kind: sector, country: PL, lat: 50.0, lon: 25.0}
routes:
  - {id: o-h, from: o, to: h, mode: road, distance_km: 70, transit_days: 0, cost_per_trip: 100}
  - {id: h-s, from: h, to: s, mode: road, distance_km: 70, transit_days: 1, cost_per_trip: 100}
  - {id: o-s, from: o, to: s, mode: road, distance_km: 140, transit_days: 1, cost_per_trip: 500}
fleets:
  - {id: buses, mode: road, vehicles: 10, capacity_t: 10}
supplies:
  - {nation: aa, resource: infantry, origin: o, quantity: 10}
demands:
  - {node: s, resource: infantry, quantity: 10, due_day: 2, hard: true}
"#,
    );
    optimal(&s, 500.0);
    assert!(s.hubs.iter().all(|h| !h.open));
}

/// The hub separators of a sector reached from `o` through `h1` or through `h2` then `h3`:
/// the first hubs on the paths are `{h1, h2}`, the last `{h1, h3}`; a hub no path to the
/// sector passes (`h4`, a dead end) is in neither.
#[test]
fn hub_separators_are_the_first_and_the_last_hubs_on_the_paths() {
    let text = format!(
        "{HEAD}{}",
        r#"
horizon_days: 4
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}
  - {id: a, kind: transit, country: PL, lat: 50.0, lon: 23.5}
  - {id: h1, kind: hub, country: PL, lat: 50.0, lon: 24.0, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 1000}}
  - {id: h2, kind: hub, country: PL, lat: 50.5, lon: 24.0, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 1000}}
  - {id: h3, kind: hub, country: PL, lat: 50.5, lon: 24.5, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 1000}}
  - {id: h4, kind: hub, country: PL, lat: 49.5, lon: 24.0, hub: {capacity: {beds: 1000}, protection: 1, opening_cost: 1000}}
  - {id: s, kind: sector, country: PL, lat: 50.0, lon: 25.0}
routes:
  - {id: o-a, from: o, to: a, mode: road, distance_km: 35, transit_days: 0}
  - {id: a-h1, from: a, to: h1, mode: road, distance_km: 35, transit_days: 0}
  - {id: a-h4, from: a, to: h4, mode: road, distance_km: 35, transit_days: 0}
  - {id: h1-s, from: h1, to: s, mode: road, distance_km: 70, transit_days: 1}
  - {id: o-h2, from: o, to: h2, mode: road, distance_km: 70, transit_days: 0}
  - {id: h2-h3, from: h2, to: h3, mode: road, distance_km: 35, transit_days: 0}
  - {id: h3-s, from: h3, to: s, mode: road, distance_km: 35, transit_days: 1}
fleets:
  - {id: buses, mode: road, vehicles: 10, capacity_t: 10}
supplies:
  - {nation: aa, resource: infantry, origin: o, quantity: 10}
demands:
  - {node: s, resource: infantry, quantity: 10, due_day: 3}
"#
    );
    let checked = check_str("test.yaml", &text).expect("model valid");
    let m = &checked.model;
    let ix = |id: &str| m.nodes.iter().position(|n| n.id == id).expect("node");
    let infantry = m
        .resources
        .iter()
        .position(|r| r.id == "infantry")
        .expect("infantry");
    let sets = checked.network.hub_separators(m, ix("s"), infantry);
    assert_eq!(
        sets,
        vec![vec![ix("h1"), ix("h2")], vec![ix("h1"), ix("h3")]]
    );
    // The hubs themselves: a demand at h3 has the separators {h2} (first) and {h3} (last).
    assert_eq!(
        checked.network.hub_separators(m, ix("h3"), infantry),
        vec![vec![ix("h2")], vec![ix("h3")]]
    );
}

/// Hub cover for monitoring (4.10): a drone type of 7 must cover sector `s`, within range of
/// hub `h` only (opening 1,000). Optimum 1,000. The relaxation charges the hub in full through
/// `y[h,1] ≥ 1`; the basing link `m ≤ 7 · y` alone would charge a seventh of it.
const COVER_BY_DRONE: &str = r#"
horizon_days: 2
nodes:
  - {id: h, kind: hub, country: UA, lat: 49.0, lon: 36.0, hub: {capacity: {beds: 10}, opening_cost: 1000}}
  - {id: s, kind: sector, country: UA, lat: 49.0, lon: 37.0}
monitoring:
  assets:
    - {id: drones, kind: drone, owner: aa, count: 7, range_km: 150}
  coverage:
    - {sector: s, asset: drones, required: 1, hard: true}
"#;

#[test]
fn monitoring_hub_cover_charges_the_covering_hub() {
    optimal(&solve(COVER_BY_DRONE), 1_000.0);
    assert_close(relaxation(COVER_BY_DRONE), 1_000.0);
}
