//! Explanations in the model's own terms: hard requirements that make a model infeasible (exit 3
//! with the demand, hub, coverage and days named) and the reasons given for soft demands' shortfall
//! and lateness. Every schedule here must also pass the independent checker.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;
use hubplan::check::{self, Tolerance};
use hubplan::explain::{self, Cause, Subject};
use hubplan::pipeline::{self, Checked};
use hubplan::schedule::{DeliveryReport, Schedule};
use hubplan::solve::{SolveOptions, Status, TimeLimit};

const HEAD: &str = r#"
storage_classes:
  - {id: beds, unit: beds}
  - {id: equipment, unit: tonnes}
resources:
  - {id: ammo, kind: munitions, unit: tonnes, weight_t: 1, storage: equipment}
  - {id: engineers, kind: personnel, unit: persons, weight_t: 0.2, storage: beds}
nations:
  - id: fr
  - id: bb
    caveats:
      - {applies_to: [personnel], forbid_countries: [UA], note: no troops in Ukraine}
"#;

fn opts() -> SolveOptions {
    SolveOptions {
        threads: Some(1),
        time_limit: TimeLimit::seconds(20.0),
        ..SolveOptions::default()
    }
}

fn checked(yaml: &str) -> Checked {
    let text = format!("{HEAD}{yaml}");
    match pipeline::check_str("test.yaml", &text) {
        Ok(c) => c,
        Err(e) => panic!("model invalid: {e:?}\n{text}"),
    }
}

/// Solves, checks the schedule independently and returns it.
fn solve(yaml: &str) -> (Checked, Schedule) {
    let c = checked(yaml);
    let s = pipeline::plan(&c.model, &c.network, &opts())
        .expect("solve runs")
        .schedule;
    assert!(s.solver.status.has_schedule(), "{:?}", s.solver);
    let v = check::check(&c.model, &s, &Tolerance::default());
    assert!(
        v.is_empty(),
        "{}",
        v.iter().map(|x| x.render()).collect::<String>()
    );
    // The reason survives the JSON and YAML round trips.
    let json = hubplan::schedule::to_json(&s).expect("json");
    assert_eq!(
        serde_json::from_str::<Schedule>(&json).expect("read json"),
        s
    );
    let yaml = hubplan::schedule::to_yaml(&s).expect("yaml");
    assert_eq!(
        serde_yaml::from_str::<Schedule>(&yaml).expect("read yaml"),
        s
    );
    (c, s)
}

fn delivery<'a>(s: &'a Schedule, id: &str) -> &'a DeliveryReport {
    s.deliveries
        .iter()
        .find(|d| d.demand == id)
        .unwrap_or_else(|| panic!("no demand {id}"))
}

fn reason(s: &Schedule, id: &str) -> String {
    let d = delivery(s, id);
    d.reason
        .clone()
        .unwrap_or_else(|| panic!("no reason for {id}: {d:?}"))
}

/// Origin in France, a hub in Lviv, one road route; `route` and `demand` fill in the rest.
fn lviv(horizon: u32, route: &str, extra: &str, demand: &str) -> String {
    format!(
        r#"
horizon_days: {horizon}
nodes:
  - {{id: fr_mourmelon, kind: origin, country: FR, lat: 49.1, lon: 4.4}}
  - {{id: pl_rzeszow, kind: origin, country: PL, lat: 50.04, lon: 22.0}}
  - {{id: hub_lviv, kind: hub, country: UA, lat: 49.84, lon: 24.03, hub: {{capacity: {{beds: 1000, equipment: 1000}}, fixed: true}}}}
routes:
  - {{id: fr-lviv, from: fr_mourmelon, to: hub_lviv, mode: road, distance_km: 1900, transit_days: 4{route}}}
  - {{id: rz-lviv, from: pl_rzeszow, to: hub_lviv, mode: road, distance_km: 160, transit_days: 1}}
fleets:
  - {{id: buses, mode: road, vehicles: 20, capacity_t: 20}}
supplies:
  - {{nation: fr, resource: engineers, origin: fr_mourmelon, quantity: 300}}
{extra}
demands:
  - {demand}
"#
    )
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `hubplan solve` on model text; returns (exit code, stderr, whether a schedule was written).
fn solve_cli(yaml: &str) -> (Option<i32>, String, bool) {
    let dir = tempfile::tempdir().expect("temp dir");
    let m = dir.path().join("model.yaml");
    std::fs::write(&m, format!("{HEAD}{yaml}")).expect("write");
    let out = dir.path().join("out.yaml");
    let o = Command::cargo_bin("hubplan")
        .expect("binary")
        .current_dir(root())
        .timeout(Duration::from_secs(120))
        .args(["solve", "--threads", "1", "--time-limit", "20", "-q"])
        .arg(&m)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("hubplan runs");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        out.exists(),
    )
}

/// The only route is closed until day 9; with 4 days in transit nothing can arrive before day
/// 14, after the hard demand's due day 12.
#[test]
fn hard_demand_behind_a_closed_route_exits_3_with_the_earliest_day() {
    let yaml = lviv(
        20,
        ", closed_days: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]",
        "",
        "{id: lviv-engineers, node: hub_lviv, resource: engineers, quantity: 300, due_day: 12, hard: true}",
    );
    let (code, err, written) = solve_cli(&yaml);
    assert_eq!(code, Some(3), "{err}");
    assert!(!written);
    assert!(
        err.contains("error: hard demand 'lviv-engineers' (300 persons of 'engineers' at 'hub_lviv' by day 12) cannot be met: 300 persons short by day 12"),
        "{err}"
    );
    assert!(
        err.contains("the earliest any can arrive is day 14 (fastest path from 'fr_mourmelon' via 'fr-lviv')"),
        "{err}"
    );
    assert!(
        err.contains("with it relaxed, all 300 persons can arrive by day 14"),
        "{err}"
    );
    assert!(
        err.contains("hint: move its due day to 14 or later"),
        "{err}"
    );
    assert!(err.contains("infeasible"), "{err}");
    assert!(err.contains("(1 hard requirement cannot be met)"), "{err}");
}

/// Part of the demand can come from Rzeszow in a day (180), the rest only after the closure:
/// 120 short, and the library API names the demand and the amount.
#[test]
fn hard_demand_partly_reachable_names_the_amount_short() {
    let yaml = lviv(
        20,
        ", closed_days: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]",
        "  - {nation: fr, resource: engineers, origin: pl_rzeszow, quantity: 180}",
        "{id: lviv-engineers, node: hub_lviv, resource: engineers, quantity: 300, due_day: 12, hard: true}",
    );
    let c = checked(&yaml);
    let planned = pipeline::plan(&c.model, &c.network, &opts()).expect("solve runs");
    assert_eq!(planned.schedule.solver.status, Status::Infeasible);
    let why = explain::explain_infeasible(&c.model, &c.network, &opts()).expect("explains");
    assert!(why.status.has_schedule(), "{:?}", why.status);
    assert_eq!(why.findings.len(), 1, "{}", why.render());
    let f = &why.findings[0];
    assert_eq!(f.subject, Subject::Demand(0));
    assert!((f.short.expect("short") - 120.0).abs() < 1e-6, "{f:?}");
    assert_eq!(f.earliest.as_ref().map(|a| a.day), Some(1));
    assert!(
        matches!(&f.cause, Some(Cause::PartReachable { reachable, .. }) if (*reachable - 180.0).abs() < 1e-9),
        "{f:?}"
    );
    let text = why.render();
    assert!(text.contains("120 persons short by day 12"), "{text}");
    assert!(
        text.contains("because: only 180 of the 300 persons of 'engineers' needed can reach 'hub_lviv' by day 12; the rest cannot arrive before day 14 (from 'fr_mourmelon')"),
        "{text}"
    );
}

/// A hard demand at a hub forced closed is named with the hub.
#[test]
fn hard_demand_at_a_closed_hub_names_the_hub() {
    let yaml = lviv(
        10,
        "",
        "",
        "{id: lviv-engineers, node: hub_lviv, resource: engineers, quantity: 100, due_day: 8, hard: true}",
    )
    .replace("fixed: true", "fixed: false");
    let c = checked(&yaml);
    let why = explain::explain_infeasible(&c.model, &c.network, &opts()).expect("explains");
    let text = why.render();
    assert_eq!(why.findings.len(), 1, "{text}");
    assert!(
        text.contains("because: hub 'hub_lviv' is fixed closed (`fixed: false`)"),
        "{text}"
    );
}

/// Hard coverage that no hub can give: the only hub is 500 km from the sector, the drones fly
/// 100 km.
#[test]
fn hard_coverage_out_of_range_exits_3_naming_sector_and_asset() {
    let (code, err, written) = solve_cli(common::HARD_COVERAGE_OUT_OF_RANGE);
    assert_eq!(code, Some(3), "{err}");
    assert!(!written);
    assert!(
        err.contains("error: hard coverage of sector 'kharkiv' by 'drones' (2 required) cannot be met: 2 short"),
        "{err}"
    );
    assert!(
        err.contains("because: no hub candidate is within 100 km ('drones' range) of 'kharkiv'"),
        "{err}"
    );
}

/// Hard coverage needing more assets than exist.
#[test]
fn hard_coverage_with_too_few_assets_is_named() {
    let yaml = r#"
horizon_days: 5
nodes:
  - {id: o, kind: origin, country: PL, lat: 50.0, lon: 20.0}
  - {id: kharkiv, kind: sector, country: UA, lat: 49.99, lon: 36.23}
monitoring:
  assets:
    - {id: sats, kind: satellite, owner: fr, count: 1}
  coverage:
    - {sector: kharkiv, asset: sats, required: 3, hard: true}
"#;
    let c = checked(yaml);
    let why = explain::explain_infeasible(&c.model, &c.network, &opts()).expect("explains");
    let text = why.render();
    assert_eq!(why.findings.len(), 1, "{text}");
    assert_eq!(why.findings[0].subject, Subject::Coverage(0));
    assert!(
        text.contains("because: only 1 'sats' exists and 3 are required"),
        "{text}"
    );
}

/// Origin `o` (PL) and sector `s` (UA), one road route.
fn line(horizon: u32, route: &str, fleet: &str, supply: &str, demand: &str) -> String {
    format!(
        r#"
horizon_days: {horizon}
nodes:
  - {{id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}}
  - {{id: s, kind: sector, country: UA, lat: 50.0, lon: 24.0}}
routes:
  - {{id: r, from: o, to: s, mode: road, distance_km: 100, cost_per_trip: 100{route}}}
fleets:
  - {fleet}
supplies:
  - {supply}
demands:
  - {demand}
"#
    )
}

/// (a) Unreachable in time: five days in transit, due on day 2: late, because the fastest path
/// arrives on day 5.
#[test]
fn soft_demand_late_because_the_fastest_path_is_too_slow() {
    let (_, s) = solve(&line(
        10,
        ", transit_days: 5",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: fr, resource: ammo, origin: o, quantity: 50}",
        "{id: ammo-s, node: s, resource: ammo, quantity: 50, due_day: 2}",
    ));
    let d = delivery(&s, "ammo-s");
    assert!(d.late_unit_days > 0.0 && d.shortfall == 0.0, "{d:?}");
    let r = reason(&s, "ammo-s");
    assert!(
        r.contains("no supply of 'ammo' can reach 's' by day 2: the earliest arrival is day 5"),
        "{r}"
    );
}

/// (a') Unreachable within the horizon: short, because nothing can arrive by the last day.
#[test]
fn soft_demand_short_because_nothing_arrives_within_the_horizon() {
    let (_, s) = solve(&line(
        4,
        ", transit_days: 5",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: fr, resource: ammo, origin: o, quantity: 50}",
        "{id: ammo-s, node: s, resource: ammo, quantity: 50, due_day: 2}",
    ));
    assert!((delivery(&s, "ammo-s").shortfall - 50.0).abs() < 1e-6);
    let r = reason(&s, "ammo-s");
    assert!(
        r.contains("no supply of 'ammo' can reach 's' within the horizon"),
        "{r}"
    );
}

/// (b) Caveat: only 'bb' supplies engineers, and its caveat keeps personnel out of Ukraine.
#[test]
fn soft_demand_short_because_a_caveat_forbids_the_node() {
    let (_, s) = solve(&line(
        5,
        ", transit_days: 1",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: bb, resource: engineers, origin: o, quantity: 50}",
        "{id: eng-s, node: s, resource: engineers, quantity: 50, due_day: 2}",
    ));
    let r = reason(&s, "eng-s");
    assert!(
        r.contains("caveats forbid every nation that supplies 'engineers' from 's': 'bb' (no troops in Ukraine)"),
        "{r}"
    );
}

/// (b') Caveat on the mode of the only route: the node is allowed, the road is not.
#[test]
fn soft_demand_short_because_a_caveat_forbids_the_only_route() {
    let yaml = line(
        5,
        ", transit_days: 1",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: bb, resource: ammo, origin: o, quantity: 50}",
        "{id: ammo-s, node: s, resource: ammo, quantity: 50, due_day: 2}",
    );
    let text = HEAD.replace(
        "forbid_countries: [UA], note: no troops in Ukraine}",
        "forbid_countries: [UA], note: no troops in Ukraine}\n      - {applies_to: [munitions], forbid_modes: [road], note: no munitions by road}",
    );
    let c = match pipeline::check_str("t.yaml", &format!("{text}{yaml}")) {
        Ok(c) => c,
        Err(e) => panic!("{e:?}"),
    };
    let s = pipeline::plan(&c.model, &c.network, &opts())
        .expect("solves")
        .schedule;
    assert!(check::check(&c.model, &s, &Tolerance::default()).is_empty());
    let r = reason(&s, "ammo-s");
    assert!(
        r.contains(
            "caveats forbid the only routes that would bring 'ammo' to 's' within the horizon"
        ) && r.contains("'bb' (no munitions by road)"),
        "{r}"
    );
}

/// (c) Supply below demand: 50 t supplied, 80 t demanded.
#[test]
fn soft_demand_short_because_supply_is_below_demand() {
    let (_, s) = solve(&line(
        5,
        ", transit_days: 1",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: fr, resource: ammo, origin: o, quantity: 50}",
        "{id: ammo-s, node: s, resource: ammo, quantity: 80, due_day: 2}",
    ));
    assert!((delivery(&s, "ammo-s").shortfall - 30.0).abs() < 1e-6);
    let r = reason(&s, "ammo-s");
    assert!(
        r.contains(
            "total supply of 'ammo' (50 tonnes) is below total demand (80 tonnes over 1 demand)"
        ),
        "{r}"
    );
}

/// (d) Saturated route: one 20 t trip a day on days 0-2 carries 60 of the 100 t.
#[test]
fn soft_demand_short_because_the_route_is_saturated() {
    let (_, s) = solve(&line(
        4,
        ", transit_days: 1, max_trips_per_day: 1",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: fr, resource: ammo, origin: o, quantity: 100}",
        "{id: ammo-s, node: s, resource: ammo, quantity: 100, due_day: 1}",
    ));
    let d = delivery(&s, "ammo-s");
    assert!((d.shortfall - 40.0).abs() < 1e-6, "{d:?}");
    let r = reason(&s, "ammo-s");
    assert!(
        r.contains("lift into 's' was saturated on every day that matters (days 0-2): route 'r' was saturated at its max_trips_per_day (1)"),
        "{r}"
    );
}

/// (d') Fleet tied up: two trucks with a 4-day round trip, no route limit.
#[test]
fn soft_demand_short_because_the_fleet_is_tied_up() {
    let (_, s) = solve(&line(
        4,
        ", transit_days: 1",
        "{id: trucks, mode: road, vehicles: 2, capacity_t: 20, round_trip_days: 4}",
        "{nation: fr, resource: ammo, origin: o, quantity: 100}",
        "{id: ammo-s, node: s, resource: ammo, quantity: 100, due_day: 1}",
    ));
    assert!((delivery(&s, "ammo-s").shortfall - 60.0).abs() < 1e-6);
    let r = reason(&s, "ammo-s");
    assert!(
        r.contains("every vehicle of fleet 'trucks' serving route 'r' was tied up"),
        "{r}"
    );
}

/// Cost: a shortfall weight of 1 per tonne is cheaper than a 10,000 trip.
#[test]
fn soft_demand_short_because_the_penalty_is_cheaper() {
    let yaml = line(
        5,
        ", transit_days: 1, cost_per_trip: 10000",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: fr, resource: ammo, origin: o, quantity: 10}",
        "{id: ammo-s, node: s, resource: ammo, quantity: 10, due_day: 2}",
    )
    .replace(", cost_per_trip: 100,", ",")
    .replace("demands:", "objective: {shortfall: 1}\ndemands:");
    let (_, s) = solve(&yaml);
    assert!((delivery(&s, "ammo-s").shortfall - 10.0).abs() < 1e-6);
    let r = reason(&s, "ammo-s");
    assert!(
        r.contains("cost: the shortfall penalty (10) is cheaper than the lift (about 10,000)"),
        "{r}"
    );
}

/// A demand met in full and on time has no reason, and the summary shows the reason column.
#[test]
fn met_demands_have_no_reason_and_the_summary_shows_reasons() {
    let (c, s) = solve(&line(
        4,
        ", transit_days: 1, max_trips_per_day: 1",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: fr, resource: ammo, origin: o, quantity: 120}\n  - {nation: fr, resource: engineers, origin: o, quantity: 10}",
        "{id: ammo-s, node: s, resource: ammo, quantity: 100, due_day: 1}\n  - {id: eng-s, node: s, resource: engineers, quantity: 10, due_day: 3}",
    ));
    assert_eq!(delivery(&s, "eng-s").reason, None);
    let text = hubplan::report::summary(&c.model, &s);
    assert!(text.contains("reason"), "{text}");
    assert!(text.contains("saturated"), "{text}");
    let yaml = hubplan::schedule::to_yaml(&s).expect("yaml");
    assert_eq!(yaml.matches("\n  reason:").count(), 1, "{yaml}");
}

/// A hard demand beyond what one trip a day can carry: 40 of the 100 t arrive by day 2, and the
/// route is named as saturated.
#[test]
fn hard_demand_beyond_route_capacity_names_the_saturated_route() {
    let c = checked(&line(
        6,
        ", transit_days: 1, max_trips_per_day: 1",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: fr, resource: ammo, origin: o, quantity: 100}",
        "{id: ammo-s, node: s, resource: ammo, quantity: 100, due_day: 2, hard: true}",
    ));
    let why = explain::explain_infeasible(&c.model, &c.network, &opts()).expect("explains");
    let text = why.render();
    assert_eq!(why.findings.len(), 1, "{text}");
    assert!(
        (why.findings[0].short.expect("short") - 60.0).abs() < 1e-6,
        "{text}"
    );
    assert!(
        text.contains("because: lift into 's' was saturated on every day that matters (days 0-1): route 'r' was saturated at its max_trips_per_day (1)"),
        "{text}"
    );
    assert!(
        text.contains("with it relaxed, all 100 tonnes can arrive by day 5"),
        "{text}"
    );
}

/// A hard demand at a hub that can take 100 persons a day: 200 of 300 by day 2, the hub named.
#[test]
fn hard_demand_at_a_full_hub_names_the_hub() {
    let yaml = lviv(
        6,
        "",
        "  - {nation: fr, resource: engineers, origin: pl_rzeszow, quantity: 300}",
        "{id: lviv-engineers, node: hub_lviv, resource: engineers, quantity: 300, due_day: 2, hard: true}",
    )
    .replace("beds: 1000", "beds: 100");
    let c = checked(&yaml);
    let why = explain::explain_infeasible(&c.model, &c.network, &opts()).expect("explains");
    let text = why.render();
    assert_eq!(why.findings.len(), 1, "{text}");
    assert!(
        (why.findings[0].short.expect("short") - 100.0).abs() < 1e-6,
        "{text}"
    );
    assert!(
        text.contains("hub 'hub_lviv' was at its 'beds' capacity"),
        "{text}"
    );
}

/// Origin `o`, a hub `h` between it and sector `s`; the hub block is given.
fn via_hub(hub: &str, demand: &str) -> String {
    format!(
        r#"
horizon_days: 8
nodes:
  - {{id: o, kind: origin, country: PL, lat: 50.0, lon: 23.0}}
  - {{id: h, kind: hub, country: UA, lat: 50.0, lon: 24.0, hub: {{capacity: {{equipment: 1000}}{hub}}}}}
  - {{id: s, kind: sector, country: UA, lat: 50.0, lon: 25.0}}
routes:
  - {{id: o-h, from: o, to: h, mode: road, distance_km: 100, transit_days: 1}}
  - {{id: h-s, from: h, to: s, mode: road, distance_km: 100, transit_days: 1}}
fleets:
  - {{id: trucks, mode: road, vehicles: 10, capacity_t: 20}}
supplies:
  - {{nation: fr, resource: ammo, origin: o, quantity: 40}}
demands:
  - {demand}
"#
    )
}

/// The only way to the sector is through a hub forced closed: the hub is named.
#[test]
fn hard_demand_behind_a_closed_hub_names_the_hub() {
    let c = checked(&via_hub(
        ", fixed: false",
        "{id: ammo-s, node: s, resource: ammo, quantity: 40, due_day: 4, hard: true}",
    ));
    let why = explain::explain_infeasible(&c.model, &c.network, &opts()).expect("explains");
    let text = why.render();
    assert_eq!(why.findings.len(), 1, "{text}");
    assert!(
        text.contains("none can arrive within the horizon"),
        "{text}"
    );
    assert!(
        text.contains("because: the only paths that would bring 'ammo' to 's' within the horizon pass through hub 'h' (fixed closed)"),
        "{text}"
    );
}

/// A soft demand late because the hub on the way opens on day 5.
#[test]
fn soft_demand_late_because_a_hub_on_the_way_opens_late() {
    let (_, s) = solve(&via_hub(
        ", earliest_open_day: 3, setup_days: 2",
        "{id: ammo-s, node: s, resource: ammo, quantity: 40, due_day: 2}",
    ));
    let d = delivery(&s, "ammo-s");
    assert!(d.late_unit_days > 0.0 && d.shortfall == 0.0, "{d:?}");
    let r = reason(&s, "ammo-s");
    assert!(
        r.contains("the only paths that would bring 'ammo' to 's' by day 2 pass through hub 'h' (not operational before day 5, needed on day 1)"),
        "{r}"
    );
}

/// A schedule stopped at a limit: shortfalls nothing in the model explains say so.
#[test]
fn unexplained_shortfall_of_an_unproven_schedule_says_the_solve_stopped() {
    let (c, mut s) = solve(&line(
        5,
        ", transit_days: 1",
        "{id: trucks, mode: road, vehicles: 10, capacity_t: 20}",
        "{nation: fr, resource: ammo, origin: o, quantity: 50}",
        "{id: ammo-s, node: s, resource: ammo, quantity: 50, due_day: 2}",
    ));
    assert_eq!(delivery(&s, "ammo-s").reason, None);
    // The same decisions without the deliveries, as if the solver had stopped early.
    s.solver.status = Status::Feasible;
    s.solver.gap = Some(0.5);
    s.movements.clear();
    s.deliveries[0].by_day.clear();
    hubplan::schedule::evaluate(&c.model, &mut s);
    explain::annotate(&c.model, &c.network, &mut s);
    let r = reason(&s, "ammo-s");
    assert!(
        r.contains("the solve stopped before proving its schedule optimal (gap 50.0%)"),
        "{r}"
    );
}
