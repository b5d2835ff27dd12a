//! Mutation tests of the schedule checker: a solved schedule passes; breaking exactly one rule
//! (in the schedule, or in the model the schedule is checked against) makes the checker report
//! that rule and, where the mutation is clean, nothing else.
//!
//! Mutations of decisions are followed by [`common::refresh`], which recomputes the schedule's
//! derived figures (costs, occupancy, coverage, ...) the way `hubplan solve` does, so that only
//! the rule aimed at is broken. Entities are found from the schedule, never pinned: another
//! optimum of the same model works as well.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use hubplan::check::{self, Rule, Tolerance};
use hubplan::model::{Caveat, Model};
use hubplan::schedule::{HubPlan, Schedule, Stage, Stock};
use hubplan::solve::Status;

use common::{check, refresh, rules, show};

/// A small model with every feature the checker looks at: national rail fleets into a railhead
/// with handling (1 day), a pooled truck fleet with a throughput limit and closed days, a hub
/// with set-up and protection that must hold munitions for two nights and let troops pass, a
/// very dear second hub that stays closed, a caveat keeping German troops out of Ukraine, soft
/// and hard demands (one at the hub) and drones (hard coverage) and satellite tasking.
const FIXTURE: &str = r#"
name: checker-fixture
horizon_days: 6
storage_classes:
  - {id: beds, unit: persons}
  - {id: bays, unit: tonnes}
resources:
  - {id: infantry, kind: personnel, unit: persons, weight_t: 0.1, weight_t_by_mode: {rail: 0.08}, storage: beds}
  - {id: ammunition, kind: munitions, unit: tonnes, weight_t: 1, storage: bays, protection: 2}
nations:
  - id: FR
  - id: DE
    caveats:
      - {note: German personnel stay outside Ukraine, applies_to: [personnel], forbid_countries: [UA]}
nodes:
  - {id: fr_depot, kind: origin, country: FR, lat: 49.13, lon: 4.36}
  - {id: de_depot, kind: origin, country: DE, lat: 52.98, lon: 10.09}
  - {id: pl_rail, kind: transit, country: PL, lat: 50.04, lon: 22.0, handling_t_per_day: 100, handling_days: 1}
  - id: ua_hub
    kind: hub
    country: UA
    lat: 49.84
    lon: 24.03
    hub: {capacity: {beds: 400, bays: 50}, protection: 2, opening_cost: 1000, daily_cost: 100, setup_days: 1}
  - id: pl_hub
    kind: hub
    country: PL
    lat: 50.3
    lon: 22.5
    hub: {capacity: {beds: 400}, protection: 1, opening_cost: 1000000, earliest_open_day: 1}
  - {id: ua_sector, kind: sector, country: UA, lat: 49.55, lon: 25.59}
  - {id: pl_sector, kind: sector, country: PL, lat: 49.78, lon: 22.77}
routes:
  - {id: fr-rail, from: fr_depot, to: pl_rail, mode: rail, distance_km: 1700, transit_days: 1, cost_per_trip: 1000, cost_per_tkm: 0.01}
  - {id: de-rail, from: de_depot, to: pl_rail, mode: rail, distance_km: 1200, transit_days: 1, cost_per_trip: 800, cost_per_tkm: 0.01}
  - {id: rail-hub, from: pl_rail, to: ua_hub, mode: road, distance_km: 160, transit_days: 1, max_trips_per_day: 6, cost_per_trip: 50, cost_per_tkm: 0.1, threat: 0.1, closed_days: [3, 4]}
  - {id: hub-sector, from: ua_hub, to: ua_sector, mode: road, distance_km: 130, transit_days: 0, cost_per_trip: 40, cost_per_tkm: 0.1, threat: 0.3}
  - {id: rail-sector, from: pl_rail, to: pl_sector, mode: road, distance_km: 60, transit_days: 1, cost_per_trip: 30, cost_per_tkm: 0.1}
fleets:
  - {id: fr_trains, mode: rail, nation: FR, vehicles: 1, capacity_t: 100, routes: [fr-rail]}
  - {id: de_trains, mode: rail, nation: DE, vehicles: 1, capacity_t: 100, routes: [de-rail]}
  - {id: trucks, mode: road, vehicles: 8, capacity_t: 10, round_trip_days: 2}
supplies:
  - {nation: FR, resource: infantry, origin: fr_depot, quantity: 200}
  - {nation: DE, resource: infantry, origin: de_depot, quantity: 100}
  - {nation: DE, resource: ammunition, origin: de_depot, quantity: 30}
demands:
  - {id: ua-infantry, node: ua_sector, resource: infantry, quantity: 150, due_day: 4}
  - {id: pl-infantry, node: pl_sector, resource: infantry, quantity: 100, due_day: 4, hard: true}
  - {id: hub-ammo, node: ua_hub, resource: ammunition, quantity: 20, earliest_day: 5, due_day: 5}
monitoring:
  assets:
    - {id: drones, kind: drone, owner: FR, count: 2, range_km: 150, protection: 1}
    - {id: sat, kind: satellite, owner: FR, count: 1}
  coverage:
    - {sector: ua_sector, asset: drones, required: 1, hard: true}
    - {sector: pl_sector, asset: sat, required: 1}
"#;

/// The fixture, solved once for all tests.
fn fixture() -> &'static (Model, Schedule) {
    static SOLVED: OnceLock<(Model, Schedule)> = OnceLock::new();
    SOLVED.get_or_init(|| {
        // The plain MIP, so that the fixture does not depend on which of its optima the
        // start heuristic reaches: its assertions below need one with goods waiting after
        // handling.
        let opts = hubplan::solve::SolveOptions {
            exact: true,
            ..Default::default()
        };
        let (c, s) = common::solve_str_with("checker-fixture.yaml", FIXTURE, opts);
        assert_eq!(
            s.solver.status,
            Status::Optimal,
            "the fixture solves to optimality"
        );
        (c.model, s)
    })
}

/// A fresh copy of the fixture to mutate. Its figures are refreshed from its decisions (which
/// leaves them unchanged unless the solver misreported its objective; `solved_fixture_passes`
/// checks the schedule exactly as solved), so that these tests test the checker alone.
fn fresh() -> (Model, Schedule) {
    let (m, mut s) = fixture().clone();
    refresh(&m, &mut s);
    (m, s)
}

/// Asserts that the checker reports exactly `rule`.
#[track_caller]
fn expect_only(m: &Model, s: &Schedule, rule: Rule) {
    let v = check(m, s);
    assert_eq!(
        rules(&v),
        BTreeSet::from([rule]),
        "expected only {} {}:\n{}",
        rule.code(),
        rule.name(),
        show(&v)
    );
}

/// Asserts that the checker reports `rule` (among others).
#[track_caller]
fn expect_some(m: &Model, s: &Schedule, rule: Rule) {
    let v = check(m, s);
    assert!(
        rules(&v).contains(&rule),
        "expected {} {}:\n{}",
        rule.code(),
        rule.name(),
        show(&v)
    );
}

fn route_ix(m: &Model, id: &str) -> usize {
    m.routes.iter().position(|r| r.id == id).expect("route")
}

fn fleet_ix(m: &Model, id: &str) -> usize {
    m.fleets.iter().position(|f| f.id == id).expect("fleet")
}

fn node_ix(m: &Model, id: &str) -> usize {
    m.node_ix(id).expect("node")
}

/// Index of the first movement carrying cargo on `route`.
fn loaded_on(s: &Schedule, route: &str) -> usize {
    s.movements
        .iter()
        .position(|mv| mv.route == route && !mv.cargo.is_empty())
        .unwrap_or_else(|| panic!("a loaded movement on {route}"))
}

/// Vehicles tied up per (fleet, day) by the schedule's trips.
fn tied(m: &Model, s: &Schedule) -> BTreeMap<(usize, usize), u64> {
    let mut out = BTreeMap::new();
    for mv in &s.movements {
        let (a, f) = (route_ix(m, &mv.route), fleet_ix(m, &mv.fleet));
        for t in mv.day..(mv.day + m.round_trip(f, a)).min(m.horizon) {
            *out.entry((f, t)).or_default() += mv.trips;
        }
    }
    out
}

#[test]
fn solved_fixture_passes() {
    let (m, s) = fixture();
    let v = check(m, s);
    assert!(v.is_empty(), "{}", show(&v));
    let o = check::recompute_objective(m, s);
    assert!(
        common::close(o.total, s.objective.total, 1e-6),
        "recomputed {} vs solver {}",
        o.total,
        s.objective.total
    );
    // The fixture exercises what it is meant to.
    assert!(!s.handling.is_empty(), "handling at the railhead");
    assert!(
        s.stocks.iter().any(|st| st.node == "ua_hub"),
        "munitions held at the hub"
    );
    // Goods wait at the railhead, before or after handling (which of the two is free to the
    // optimum, so either will do).
    assert!(
        s.stocks
            .iter()
            .any(|st| st.node == "pl_rail" && st.stage != Stage::At),
        "goods waiting at the railhead's handling"
    );
    assert!(!s.monitoring.basing.is_empty() && !s.monitoring.tasking.is_empty());
}

#[test]
fn tutorial_schedules_pass() {
    for f in [
        "models/tutorial/01-transport.yaml",
        "models/tutorial/02-facility-location.yaml",
        "models/tutorial/03-time-and-lateness.yaml",
        "models/tutorial/04-caveats-and-protection.yaml",
    ] {
        let (c, s) = common::solve_file(Path::new(f));
        let v = check(&c.model, &s);
        assert!(v.is_empty(), "{f}:\n{}", show(&v));
    }
}

// ---- header and references ----

#[test]
fn wrong_horizon_is_a_header_violation() {
    let (m, mut s) = fresh();
    s.horizon_days += 1;
    expect_only(&m, &s, Rule::Header);
}

#[test]
fn an_outcome_without_schedule_is_reported_once() {
    let (m, mut s) = fresh();
    s.solver.status = Status::Infeasible;
    let v = check(&m, &s);
    assert_eq!(v.len(), 1, "{}", show(&v));
    assert_eq!(v[0].rule, Rule::Header);
}

#[test]
fn unknown_ids_are_reference_violations() {
    let (m, mut s) = fresh();
    s.hubs.push(HubPlan {
        hub: "atlantis".into(),
        open: false,
        operational_day: None,
        setup_start_day: None,
    });
    expect_only(&m, &s, Rule::Reference);

    let (m, mut s) = fresh();
    let i = loaded_on(&s, "hub-sector");
    s.movements[i].route = "hub-sectr".into();
    expect_some(&m, &s, Rule::Reference);
    expect_some(&m, &s, Rule::FlowBalance);
}

#[test]
fn stock_in_the_wrong_stage_is_a_reference_violation() {
    let (m, mut s) = fresh();
    let i = s
        .stocks
        .iter()
        .position(|st| st.node == "fr_depot")
        .expect("unused French supply waits at the depot");
    s.stocks[i].stage = Stage::Handled;
    expect_some(&m, &s, Rule::Reference);
}

// ---- movements ----

#[test]
fn shipment_a_day_early_breaks_flow_balance() {
    let (m, mut s) = fresh();
    let i = s
        .movements
        .iter()
        .position(|mv| mv.day > 0 && !mv.cargo.is_empty())
        .expect("a later loaded movement");
    s.movements[i].day -= 1;
    s.movements[i].arrival_day -= 1;
    refresh(&m, &mut s);
    expect_some(&m, &s, Rule::FlowBalance);
}

#[test]
fn shipment_a_day_early_on_a_closed_day() {
    // Tutorial 03: the fast road is closed on day 0, so the spares leave on day 1 and arrive a
    // day late. Leaving on day 0 instead (arriving and delivered on time on day 2) is cheaper and
    // balances, but breaks only the closure.
    let (c, mut s) = common::solve_file(Path::new("models/tutorial/03-time-and-lateness.yaml"));
    let m = c.model;
    assert!(check(&m, &s).is_empty());
    let i = loaded_on(&s, "fast-road");
    assert_eq!(s.movements[i].day, 1);
    s.movements[i].day = 0;
    s.movements[i].arrival_day = 2;
    s.stocks
        .retain(|st| !(st.node == "przemysl" && st.day == 0 && st.resource == "spares"));
    for d in &mut s.deliveries[0].by_day {
        assert_eq!(d.day, 3);
        d.day = 2;
    }
    refresh(&m, &mut s);
    expect_only(&m, &s, Rule::Departure);
}

#[test]
fn wrong_arrival_day_is_a_transit_violation() {
    let (m, mut s) = fresh();
    let i = loaded_on(&s, "rail-hub");
    s.movements[i].arrival_day += 1;
    expect_only(&m, &s, Rule::Transit);
}

#[test]
fn departure_on_a_closed_day() {
    let (mut m, s) = fresh();
    let mv = &s.movements[loaded_on(&s, "hub-sector")];
    let a = route_ix(&m, "hub-sector");
    m.routes[a].closed[mv.day] = true;
    expect_only(&m, &s, Rule::Departure);
}

#[test]
fn fleet_on_a_route_it_does_not_serve() {
    let (mut m, s) = fresh();
    let (a, f) = (route_ix(&m, "rail-sector"), fleet_ix(&m, "trucks"));
    m.fleets[f].routes.retain(|&x| x != a);
    expect_only(&m, &s, Rule::FleetRoute);
}

#[test]
fn national_fleet_carrying_another_nations_cargo() {
    let (mut m, s) = fresh();
    let f = fleet_ix(&m, "trucks");
    m.fleets[f].nation = m.nation_ix("DE");
    // The trucks also carry French troops and so break the restriction.
    expect_only(&m, &s, Rule::FleetNation);
}

#[test]
fn overloaded_truck() {
    let (m, mut s) = fresh();
    let i = loaded_on(&s, "rail-hub");
    s.movements[i].trips -= 1;
    s.movements[i].capacity_t -= 10.0;
    refresh(&m, &mut s);
    // Fewer trips than the load needs; costs and capacity reported consistently.
    let v = check(&m, &s);
    let mv = &s.movements[i];
    if mv.load_t > mv.capacity_t + 1e-6 {
        assert_eq!(
            rules(&v),
            BTreeSet::from([Rule::VehicleLoad]),
            "{}",
            show(&v)
        );
        let x = v
            .iter()
            .find(|x| x.rule == Rule::VehicleLoad)
            .expect("load");
        assert_eq!(x.entity, "rail-hub");
        assert_eq!(x.day, Some(mv.day));
        assert!((x.amount - (mv.load_t - mv.capacity_t)).abs() < 1e-6);
    } else {
        // The trips had slack: drop them all.
        let mut s2 = s.clone();
        s2.movements[i].trips = 0;
        s2.movements[i].capacity_t = 0.0;
        refresh(&m, &mut s2);
        expect_only(&m, &s2, Rule::VehicleLoad);
    }
}

#[test]
fn no_trips_at_all() {
    let (m, mut s) = fresh();
    let i = loaded_on(&s, "hub-sector");
    s.movements[i].trips = 0;
    s.movements[i].capacity_t = 0.0;
    refresh(&m, &mut s);
    expect_only(&m, &s, Rule::VehicleLoad);
}

#[test]
fn misreported_load() {
    let (m, mut s) = fresh();
    let i = loaded_on(&s, "fr-rail");
    s.movements[i].load_t += 1.0;
    expect_only(&m, &s, Rule::MovementReport);
    let (m, mut s) = fresh();
    s.movements[i].to = "pl_sector".into();
    expect_only(&m, &s, Rule::MovementReport);
}

#[test]
fn too_many_trips_on_a_route() {
    let (mut m, s) = fresh();
    let mut per_day: BTreeMap<(String, usize), u64> = BTreeMap::new();
    for mv in &s.movements {
        *per_day.entry((mv.route.clone(), mv.day)).or_default() += mv.trips;
    }
    let ((route, _), n) = per_day
        .into_iter()
        .max_by_key(|(k, n)| (*n, std::cmp::Reverse(k.clone())))
        .expect("movements");
    let a = route_ix(&m, &route);
    m.routes[a].max_trips = Some(n as u32 - 1);
    expect_only(&m, &s, Rule::RouteThroughput);
}

#[test]
fn fleet_too_small_for_its_trips() {
    let (mut m, s) = fresh();
    let f = fleet_ix(&m, "trucks");
    let most = tied(&m, &s)
        .iter()
        .filter(|((g, _), _)| *g == f)
        .map(|(_, &n)| n)
        .max()
        .expect("trucks run");
    m.fleets[f].vehicles = most as u32 - 1;
    expect_only(&m, &s, Rule::FleetCycling);
}

#[test]
fn extra_trips_exceed_the_fleet() {
    let (m, mut s) = fresh();
    // hub-sector has no throughput limit, so only the fleet binds.
    let i = loaded_on(&s, "hub-sector");
    let f = fleet_ix(&m, "trucks");
    s.movements[i].trips += m.fleets[f].vehicles as u64;
    s.movements[i].capacity_t = s.movements[i].trips as f64 * m.fleets[f].capacity_t;
    refresh(&m, &mut s);
    expect_only(&m, &s, Rule::FleetCycling);
}

// ---- handling ----

#[test]
fn handling_over_capacity() {
    let (mut m, s) = fresh();
    let v = node_ix(&m, "pl_rail");
    let mut per_day: BTreeMap<usize, f64> = BTreeMap::new();
    for hd in &s.handling {
        let r = m.resource_ix(&hd.resource).expect("resource");
        *per_day.entry(hd.day).or_default() += hd.quantity * m.resources[r].base_weight_t;
    }
    let most = per_day.values().cloned().fold(0.0, f64::max);
    m.nodes[v].handling.as_mut().expect("handling").t_per_day = most - 1.0;
    expect_only(&m, &s, Rule::HandlingCapacity);
}

#[test]
fn handled_goods_ready_too_early_or_late() {
    let (m, mut s) = fresh();
    s.handling[0].ready_day += 1;
    expect_only(&m, &s, Rule::HandlingTiming);
}

// ---- flow balance and quantities ----

#[test]
fn stock_from_nowhere_breaks_flow_balance() {
    let (m, mut s) = fresh();
    let i = s
        .stocks
        .iter()
        .position(|st| st.node == "fr_depot")
        .expect("stock at the depot");
    s.stocks[i].quantity += 5.0;
    expect_only(&m, &s, Rule::FlowBalance);
    let v = check(&m, &s);
    assert!(v.iter().all(|x| x.entity == "fr_depot"));
}

#[test]
fn moving_more_than_supplied_breaks_flow_balance() {
    let (mut m, s) = fresh();
    let k = m
        .supplies
        .iter()
        .position(|x| m.nations[x.nation].id == "FR")
        .expect("French supply");
    m.supplies[k].quantity = 100.0; // 150 leave for Ukraine
    expect_only(&m, &s, Rule::FlowBalance);
}

#[test]
fn negative_stock_is_a_quantity_violation() {
    let (m, mut s) = fresh();
    s.stocks.push(Stock {
        day: 0,
        node: "pl_sector".into(),
        stage: Stage::At,
        nation: "FR".into(),
        resource: "infantry".into(),
        quantity: -3.0,
    });
    expect_only(&m, &s, Rule::Quantity);
}

// ---- hubs ----

#[test]
fn hub_open_before_set_up_is_done() {
    let (m, mut s) = fresh();
    let hp = s.hubs.iter_mut().find(|h| h.hub == "ua_hub").expect("hub");
    assert!(hp.open);
    hp.operational_day = Some(0); // set-up takes day 0
    hp.setup_start_day = None;
    refresh(&m, &mut s);
    expect_only(&m, &s, Rule::HubOpening);
}

#[test]
fn hub_opened_against_its_fixed_decision() {
    let (mut m, s) = fresh();
    let v = node_ix(&m, "ua_hub");
    m.nodes[v].hub.as_mut().expect("hub").fixed = Some(false);
    expect_only(&m, &s, Rule::HubOpening);
}

#[test]
fn stock_at_a_closed_hub() {
    let (m, mut s) = fresh();
    // The first day anything is at the hub; open it a day later.
    let first = s
        .stocks
        .iter()
        .filter(|st| st.node == "ua_hub")
        .map(|st| st.day)
        .chain(
            s.movements
                .iter()
                .filter(|mv| mv.to == "ua_hub" && !mv.cargo.is_empty())
                .map(|mv| mv.arrival_day),
        )
        .min()
        .expect("the hub is used");
    assert!(first + 1 < m.horizon);
    let hp = s.hubs.iter_mut().find(|h| h.hub == "ua_hub").expect("hub");
    hp.operational_day = Some(first + 1);
    hp.setup_start_day = Some(first);
    refresh(&m, &mut s);
    expect_only(&m, &s, Rule::HubClosed);
    let v = check(&m, &s);
    assert!(v
        .iter()
        .all(|x| x.entity == "ua_hub" && x.day == Some(first)));
}

#[test]
fn hub_over_capacity() {
    let (mut m, s) = fresh();
    let v = node_ix(&m, "ua_hub");
    let bays = m
        .storage_classes
        .iter()
        .position(|c| c.id == "bays")
        .expect("class");
    let most = s
        .occupancy
        .iter()
        .filter(|o| o.hub == "ua_hub" && o.class == "bays")
        .map(|o| o.used)
        .fold(0.0, f64::max);
    assert!(most > 1.0, "munitions occupy the hub");
    m.nodes[v].hub.as_mut().expect("hub").capacity[bays] = most - 1.0;
    let mut s = s;
    refresh(&m, &mut s); // occupancy reports the new capacity
    expect_only(&m, &s, Rule::HubCapacity);
}

#[test]
fn munitions_at_an_unprotected_hub() {
    let (mut m, s) = fresh();
    let v = node_ix(&m, "ua_hub");
    m.nodes[v].hub.as_mut().expect("hub").protection = 1;
    expect_only(&m, &s, Rule::Protection);
}

#[test]
fn occupancy_misreported() {
    let (m, mut s) = fresh();
    let i = s
        .occupancy
        .iter()
        .position(|o| o.used > 0.0)
        .expect("occupancy");
    s.occupancy[i].used += 1.0;
    expect_only(&m, &s, Rule::OccupancyReport);
    let (m, mut s) = fresh();
    s.occupancy.pop();
    expect_only(&m, &s, Rule::OccupancyReport);
}

// ---- caveats ----

#[test]
fn caveated_troops_sent_into_a_forbidden_sector() {
    // Tutorial 04: German troops must stay outside Ukraine, so they take the Polish sector and
    // the French the Lviv sector. Swapping the two (same distances apart from cost) breaks only
    // the caveat.
    let (c, mut s) =
        common::solve_file(Path::new("models/tutorial/04-caveats-and-protection.yaml"));
    let m = c.model;
    assert!(check(&m, &s).is_empty());
    let de = loaded_on(&s, "de-przemysl");
    let fr = loaded_on(&s, "fr-lviv");
    for (i, route, to) in [
        (de, "de-lviv", "lviv_sector"),
        (fr, "fr-przemysl", "przemysl_sector"),
    ] {
        s.movements[i].route = route.into();
        s.movements[i].to = to.into();
    }
    s.movements
        .sort_by(|a, b| (a.day, &a.route, &a.fleet).cmp(&(b.day, &b.route, &b.fleet)));
    for st in &mut s.stocks {
        if st.resource == "infantry" {
            st.node = if st.nation == "DE" {
                "lviv_sector"
            } else {
                "przemysl_sector"
            }
            .into();
        }
    }
    for dr in &mut s.deliveries {
        for d in &mut dr.by_day {
            if dr.resource == "infantry" {
                d.nation = if dr.node == "lviv_sector" { "DE" } else { "FR" }.into();
            }
        }
    }
    refresh(&m, &mut s);
    expect_only(&m, &s, Rule::Caveat);
    let v = check(&m, &s);
    assert!(v.iter().any(|x| x.entity == "de-lviv"), "{}", show(&v));
    assert!(
        v.iter().any(|x| x.entity == "lviv-infantry"),
        "{}",
        show(&v)
    );
}

#[test]
fn new_caveat_forbids_where_troops_go() {
    let (mut m, s) = fresh();
    let fr = m.nation_ix("FR").expect("FR");
    let inf = m.resource_ix("infantry").expect("infantry");
    let mut applies = vec![false; m.resources.len()];
    applies[inf] = true;
    let sector = node_ix(&m, "ua_sector");
    m.nations[fr].caveats.push(Caveat {
        note: "no French troops in the Ukrainian sector".into(),
        applies,
        applies_to_assets: false,
        countries: Vec::new(),
        nodes: vec![sector],
        modes: Vec::new(),
    });
    expect_only(&m, &s, Rule::Caveat);
}

#[test]
fn caveat_on_a_mode() {
    let (mut m, s) = fresh();
    let fr = m.nation_ix("FR").expect("FR");
    m.nations[fr].caveats.push(Caveat {
        note: "no French cargo by rail".into(),
        applies: vec![true; m.resources.len()],
        applies_to_assets: false,
        countries: Vec::new(),
        nodes: Vec::new(),
        modes: vec![hubplan::format::Mode::Rail],
    });
    expect_only(&m, &s, Rule::Caveat);
}

// ---- deliveries ----

#[test]
fn delivery_before_the_earliest_day() {
    let (mut m, s) = fresh();
    let dr = s
        .deliveries
        .iter()
        .find(|d| d.demand == "ua-infantry")
        .expect("report");
    let first = dr.by_day.iter().map(|d| d.day).min().expect("delivered");
    let d = m
        .demands
        .iter()
        .position(|d| d.id == "ua-infantry")
        .expect("demand");
    m.demands[d].earliest = first + 1;
    expect_only(&m, &s, Rule::DeliveryWindow);
}

#[test]
fn more_delivered_than_demanded() {
    let (mut m, mut s) = fresh();
    let d = m
        .demands
        .iter()
        .position(|d| d.id == "ua-infantry")
        .expect("demand");
    m.demands[d].quantity = 140.0;
    let dr = s
        .deliveries
        .iter_mut()
        .find(|x| x.demand == "ua-infantry")
        .expect("report");
    assert!(dr.delivered > 140.0 + 1.0);
    dr.quantity = 140.0;
    refresh(&m, &mut s);
    expect_only(&m, &s, Rule::OverDelivery);
}

#[test]
fn hard_demand_not_met() {
    let (mut m, mut s) = fresh();
    let d = m
        .demands
        .iter()
        .position(|d| d.id == "pl-infantry")
        .expect("demand");
    m.demands[d].quantity += 10.0;
    let dr = s
        .deliveries
        .iter_mut()
        .find(|x| x.demand == "pl-infantry")
        .expect("report");
    dr.quantity += 10.0;
    refresh(&m, &mut s);
    expect_only(&m, &s, Rule::HardDemand);
    let v = check(&m, &s);
    assert!((v[0].amount - 10.0).abs() < 1e-6, "{}", show(&v));
}

#[test]
fn delivery_figures_misreported() {
    let (m, mut s) = fresh();
    s.deliveries[0].delivered += 1.0;
    expect_only(&m, &s, Rule::DeliveryReport);
    let (m, mut s) = fresh();
    s.deliveries[0].completed_day = None;
    expect_only(&m, &s, Rule::DeliveryReport);
    let (m, mut s) = fresh();
    s.deliveries.remove(1);
    expect_some(&m, &s, Rule::DeliveryReport);
}

#[test]
fn closure_misreported() {
    let (m, mut s) = fresh();
    s.closure[0].share_by_day[0] += 0.5;
    expect_only(&m, &s, Rule::ClosureReport);
}

// ---- monitoring ----

#[test]
fn drones_based_below_their_protection() {
    let (mut m, s) = fresh();
    let q = m
        .assets
        .iter()
        .position(|a| a.id == "drones")
        .expect("drones");
    m.assets[q].protection = 3;
    expect_only(&m, &s, Rule::Basing);
}

#[test]
fn drones_based_at_a_hub_that_never_opens() {
    let (m, mut s) = fresh();
    let hp = s.hubs.iter_mut().find(|h| h.hub == "ua_hub").expect("hub");
    *hp = HubPlan {
        hub: "ua_hub".into(),
        open: false,
        operational_day: None,
        setup_start_day: None,
    };
    refresh(&m, &mut s);
    expect_some(&m, &s, Rule::Basing);
    expect_some(&m, &s, Rule::HubClosed);
}

#[test]
fn more_assets_than_there_are() {
    let (m, mut s) = fresh();
    let q = m
        .assets
        .iter()
        .position(|a| a.id == "drones")
        .expect("drones");
    let b = s
        .monitoring
        .basing
        .iter_mut()
        .find(|b| b.asset == "drones")
        .expect("drones based");
    b.count += m.assets[q].count as u64;
    refresh(&m, &mut s);
    expect_only(&m, &s, Rule::AssetCount);
}

#[test]
fn ranged_asset_tasked() {
    let (mut m, s) = fresh();
    let q = m.assets.iter().position(|a| a.id == "sat").expect("sat");
    m.assets[q].range_km = Some(10_000.0);
    expect_only(&m, &s, Rule::Tasking);
}

#[test]
fn coverage_misreported() {
    let (m, mut s) = fresh();
    s.monitoring.coverage[0].covered += 1;
    expect_only(&m, &s, Rule::CoverageReport);
}

#[test]
fn hard_coverage_not_met() {
    let (mut m, mut s) = fresh();
    let c = m
        .coverage
        .iter()
        .position(|c| c.hard)
        .expect("hard requirement");
    m.coverage[c].required = m.assets[m.coverage[c].asset].count + 1;
    refresh(&m, &mut s);
    expect_only(&m, &s, Rule::HardCoverage);
}

// ---- objective ----

#[test]
fn objective_part_misreported() {
    let (m, mut s) = fresh();
    s.objective.trip_cost += 1.0;
    expect_only(&m, &s, Rule::ObjectivePart);
    let v = check(&m, &s);
    assert_eq!(v[0].entity, "objective.trip_cost");
    assert!((v[0].amount - 1.0).abs() < 1e-6);
}

#[test]
fn objective_total_misreported() {
    let (m, mut s) = fresh();
    s.objective.total *= 1.001;
    expect_only(&m, &s, Rule::ObjectiveTotal);
    // Within tolerance is fine.
    let (m, mut s) = fresh();
    s.objective.total *= 1.0 + 1e-8;
    assert!(check(&m, &s).is_empty());
}

#[test]
fn every_rule_is_exercised_by_a_test_here() {
    // Keeps this file in step with the rule list: a new rule needs a mutation test.
    let text = include_str!("check_mutations.rs");
    for r in Rule::ALL {
        let name = format!("Rule::{r:?}");
        assert!(text.contains(&name), "no mutation test for {name}");
    }
}

#[test]
fn checker_is_deterministic_and_sorted() {
    let (m, mut s) = fresh();
    s.objective.total *= 2.0;
    s.deliveries[0].delivered += 1.0;
    s.movements[0].load_t += 1.0;
    let a = check(&m, &s);
    let b = check::check(&m, &s, &Tolerance::default());
    assert_eq!(a, b);
    let codes: Vec<&str> = a.iter().map(|v| v.rule.code()).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted);
}
