//! The section `fleets`: nation (E2002), vehicles and tonnes per trip (E2015), round trips,
//! and the routes served, all of the fleet's mode (E2012).

use super::checker::{Ids, V};
use super::ABSURD;
use crate::diag::{article, Code};
use crate::format::{FleetSpec, ModelFile};
use crate::load::{index_path, key_path};
use crate::model::{Fleet, Route, RouteIx};

/// Validates `fleets` against the nations and the routes.
pub(super) fn fleets(
    v: &mut V,
    f: &ModelFile,
    nation_ids: &Ids,
    route_ids: &Ids,
    routes: &[Route],
) -> Vec<Fleet> {
    // The ids are checked for emptiness and duplicates; nothing refers to a fleet.
    v.section_ids(f.fleets.iter().map(|x| x.id.as_str()), "fleets", "fleet");
    let mut fleets = Vec::new();
    for (i, fl) in f.fleets.iter().enumerate() {
        let p = index_path("fleets", i);
        let nation = fl.nation.as_ref().and_then(|n| {
            v.e2002_unknown_reference(
                nation_ids,
                key_path(&p, "nation"),
                n,
                &format!("fleet '{}' belongs to", fl.id),
            )
        });
        let vehicles = if e2015_no_vehicles(v, &p, fl) {
            1
        } else {
            v.count_u32(
                key_path(&p, "vehicles"),
                fl.vehicles,
                1,
                "vehicles",
                V::e2015_below_minimum,
            )
        };
        let cap = v.number(
            key_path(&p, "capacity_t"),
            fl.capacity_t,
            0.0,
            ABSURD,
            "capacity_t",
        );
        e2015_no_tonnes_per_trip(v, &p, fl);
        let round_trip_days = fl.round_trip_days.map(|d| {
            v.count(
                key_path(&p, "round_trip_days"),
                d,
                1,
                "round_trip_days",
                V::e2004_below_minimum,
            ) as usize
        });
        let served = served_routes(v, &p, fl, route_ids, routes);
        fleets.push(Fleet {
            id: fl.id.clone(),
            mode: fl.mode,
            nation,
            vehicles,
            capacity_t: cap,
            round_trip_days,
            routes: served,
        });
    }
    fleets
}

/// The routes fleet `fl` at `p` serves: those it lists, each once, or all of its mode.
fn served_routes(
    v: &mut V,
    p: &str,
    fl: &FleetSpec,
    route_ids: &Ids,
    routes: &[Route],
) -> Vec<RouteIx> {
    let Some(list) = &fl.routes else {
        return (0..routes.len())
            .filter(|&a| routes[a].mode == fl.mode)
            .collect();
    };
    let mut out = Vec::new();
    for (k, id) in list.iter().enumerate() {
        let rp = index_path(&key_path(p, "routes"), k);
        if let Some(a) = v.e2002_unknown_reference(
            route_ids,
            rp.clone(),
            id,
            &format!("fleet '{}' serves", fl.id),
        ) {
            if !e2012_fleet_mode_mismatch(v, rp, fl, id, &routes[a]) && !out.contains(&a) {
                out.push(a);
            }
        }
    }
    out
}

/// E2015: a fleet without vehicles.
///
/// ## What it checks
/// The `vehicles` of fleet `fl` at `p` is at least 1. Returns whether it is not.
///
/// ## Why it matters
/// A fleet of no vehicles carries nothing; it is a slip, or the fleet should be removed.
///
/// ## Example
/// ```yaml
/// fleets: [{id: trucks, mode: road, vehicles: 0, capacity_t: 20}]
/// ```
fn e2015_no_vehicles(v: &mut V, p: &str, fl: &FleetSpec) -> bool {
    if fl.vehicles >= 1 {
        return false;
    }
    v.err(
        Code::NoCapacity,
        key_path(p, "vehicles"),
        format!(
            "fleet '{}' has {} vehicles; a fleet needs at least 1",
            fl.id, fl.vehicles
        ),
        "give the number of vehicles in the pool, or remove the fleet",
    );
    true
}

/// E2015: a fleet whose vehicles carry nothing.
///
/// ## What it checks
/// The `capacity_t` of fleet `fl` at `p`, when finite, is positive. (A negative one is also
/// out of range, E2004; a non-finite one is E2003.)
///
/// ## Why it matters
/// Vehicles that carry 0 t per trip move nothing, however many trips they make.
///
/// ## Example
/// ```yaml
/// fleets: [{id: trucks, mode: road, vehicles: 40, capacity_t: 0}]
/// ```
fn e2015_no_tonnes_per_trip(v: &mut V, p: &str, fl: &FleetSpec) {
    if fl.capacity_t.is_finite() && fl.capacity_t <= 0.0 {
        v.err(
            Code::NoCapacity,
            key_path(p, "capacity_t"),
            format!("fleet '{}' carries {} t per trip", fl.id, fl.capacity_t),
            "give the tonnes one vehicle carries per trip, a positive number",
        );
    }
}

/// E2012: a fleet serves a route of another mode.
///
/// ## What it checks
/// Route `route`, listed as `id` at `rp` in the `routes` of fleet `fl`, is of the fleet's
/// mode. Returns whether it is not.
///
/// ## Why it matters
/// Trucks do not fly: a fleet serving a route of another mode would be planned on a route it
/// cannot use.
///
/// ## Example
/// ```yaml
/// fleets: [{id: c17, mode: air, vehicles: 4, capacity_t: 70, routes: [road-1]}]
/// ```
fn e2012_fleet_mode_mismatch(
    v: &mut V,
    rp: String,
    fl: &FleetSpec,
    id: &str,
    route: &Route,
) -> bool {
    if route.mode == fl.mode {
        return false;
    }
    v.err(
        Code::FleetModeMismatch,
        rp,
        format!(
            "fleet '{}' is {} {} fleet but route '{}' is {}",
            fl.id,
            article(fl.mode.as_str()),
            fl.mode,
            id,
            route.mode
        ),
        "a fleet serves routes of its own mode only",
    );
    true
}
