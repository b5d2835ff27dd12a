//! C41xx: movements and lift. Each movement's timing, route and fleet, its cargo's loads and
//! reported figures; over all movements, the trips per route and day and the vehicles each
//! fleet has tied up on trips.
//!
//! The movement pass also books each cargo into the accounts (departure at the tail, arrival
//! at the head) and the movement's trip cost, tonne-km cost and risk exposure into the
//! objective.

use std::collections::BTreeMap;

use crate::model::{Fleet, FleetIx, NationIx, ResIx, Route, RouteIx};
use crate::schedule::Movement;

use super::context::Checker;
use super::rules::Rule;
use crate::text::trimmed;

impl Checker<'_> {
    /// The movement pass: resolves each movement's route and fleet (C4001), checks it rule by
    /// rule, books its cargo and costs, and sums its trips per route and day (C4107) and the
    /// vehicles it ties up per fleet and day (C4108).
    pub(super) fn movements(&mut self) {
        let (m, s, h) = (self.m, self.s, self.h);
        let mut route_trips: BTreeMap<(RouteIx, usize), u64> = BTreeMap::new();
        let mut tied = vec![vec![0u64; h]; m.fleets.len()];
        for mv in &s.movements {
            let Some(a) = self.route(&mv.route, "a movement") else {
                continue;
            };
            let Some(f) = self.fleet(&mv.fleet, "a movement") else {
                continue;
            };
            let route = &m.routes[a];
            let fleet = &m.fleets[f];
            let rid = route.id.as_str();
            let day = mv.day;
            if !self.c4001_day_in_horizon(
                day,
                rid,
                &format!("a movement of fleet '{}' on route '{rid}'", fleet.id),
            ) {
                continue;
            }
            self.c4106_movement_ends(mv, route);
            self.c4101_transit(mv, route);
            self.c4102_departure(mv, route, fleet);
            self.c4103_fleet_route(mv, a, f);
            let tonnes = self.cargo(mv, a, f);
            self.c4105_vehicle_load(mv, route, fleet, tonnes);
            self.c4106_movement_load(mv, route, fleet, tonnes);
            // Saturating sums: a forged count near 2^64 must not wrap round to a small one,
            // and a saturated sum is above every limit, so the rule still fires.
            let on_route = route_trips.entry((a, day)).or_default();
            *on_route = on_route.saturating_add(mv.trips);
            let rho = m.round_trip(f, a);
            for t in tied[f].iter_mut().skip(day).take(rho) {
                *t = t.saturating_add(mv.trips);
            }
            self.obj.trip_cost += mv.trips as f64 * route.cost_per_trip;
            self.obj.tonne_km_cost += tonnes * route.cost_per_t();
            self.obj.risk_exposure += tonnes * route.threat;
        }
        self.c4107_route_throughput(route_trips);
        self.c4108_fleet_cycling(&tied);
    }

    /// Reads a movement's cargo: resolves each nation and resource (C4001), checks the
    /// quantity (C4302), the fleet's nation (C4104) and the caveats on the route (C4405), and
    /// books the cargo out of the tail on the departure day and into the head on the arrival
    /// day. Returns the cargo's tonnes (by the resource's weight for the route's mode).
    fn cargo(&mut self, mv: &Movement, a: RouteIx, f: FleetIx) -> f64 {
        let (m, h) = (self.m, self.h);
        let route = &m.routes[a];
        let fleet = &m.fleets[f];
        let rid = route.id.as_str();
        let day = mv.day;
        let arrival = day.saturating_add(route.transit);
        let mut tonnes = 0.0;
        for c in &mv.cargo {
            let place = format!("cargo on route '{rid}' day {day}");
            let (Some(n), Some(r)) = (
                self.nation(&c.nation, &place),
                self.resource(&c.resource, &place),
            ) else {
                continue;
            };
            let what = format!(
                "cargo of {} on route '{rid}' fleet '{}'",
                self.commodity(n, r),
                fleet.id
            );
            if !self.c4302_quantity(c.quantity, rid, Some(day), &what) {
                continue;
            }
            let q = c.quantity;
            tonnes += q * m.weight(r, route.mode);
            self.c4104_fleet_nation(f, n, r, q, route, day);
            self.c4405_caveat_on_route(a, n, r, q, day);
            let (tail, head) = (self.depart_stage(route.from), self.arrive_stage(route.to));
            self.account(route.from, tail, n, r).outflow[day] += q;
            if arrival < h {
                self.account(route.to, head, n, r).inflow[arrival] += q;
            }
        }
        tonnes
    }

    /// C4101 `transit`: a movement's `arrival_day` is its departure day plus the route's
    /// `transit_days`.
    ///
    /// **Why:** the checker books the arrival on the day the model gives, whatever the schedule
    /// says; a reader of the schedule (or an export) would expect the goods on the wrong day.
    /// The amount is the number of days off.
    ///
    /// **Example:** a route of 1 transit day, departing day 2, reported to arrive on day 4:
    /// ```text
    /// error[C4101]: movement on route 'rail-hub' departing day 2 is reported to arrive on day 4; with 1 transit day(s) it arrives on day 3
    /// ```
    fn c4101_transit(&mut self, mv: &Movement, route: &Route) {
        let (rid, day) = (route.id.as_str(), mv.day);
        let arrival = day.saturating_add(route.transit);
        if mv.arrival_day != arrival {
            self.push(
                Rule::Transit,
                rid,
                Some(day),
                (mv.arrival_day as f64 - arrival as f64).abs(),
                format!(
                    "movement on route '{rid}' departing day {day} is reported to arrive on day {}; with {} transit day(s) it arrives on day {arrival}",
                    mv.arrival_day, route.transit
                ),
            );
        }
    }

    /// C4102 `departure`: trips depart only on days the route is open, and arrive by the last
    /// day of the horizon.
    ///
    /// **Why:** a closed day is a route the theatre cannot use (an interdiction, a rail line
    /// closed for works); a trip arriving after the horizon delivers nothing the model counts. The
    /// amount is the number of trips (at least 1).
    ///
    /// **Example:** trucks on route `rail-hub`, closed on days 3 and 4:
    /// ```text
    /// error[C4102]: fleet 'trucks' departs with 2 trip(s) but route 'rail-hub' is closed on day 3
    /// ```
    fn c4102_departure(&mut self, mv: &Movement, route: &Route, fleet: &Fleet) {
        let (h, rid, day) = (self.h, route.id.as_str(), mv.day);
        if route.departs(day, h) {
            return;
        }
        let arrival = day.saturating_add(route.transit);
        let why = if route.closed[day] {
            format!("route '{rid}' is closed on day {day}")
        } else {
            format!(
                "a trip on route '{rid}' departing day {day} would arrive on day {arrival}, after the last day {}",
                h - 1
            )
        };
        self.push(
            Rule::Departure,
            rid,
            Some(day),
            mv.trips.max(1) as f64,
            format!(
                "fleet '{}' departs with {} trip(s) but {why}",
                fleet.id, mv.trips
            ),
        );
    }

    /// C4103 `fleet_route`: a fleet runs only the routes it serves (its mode's routes, or those
    /// it lists).
    ///
    /// **Why:** trains do not run on roads; a fleet assigned to given routes is not available
    /// elsewhere. The amount is the number of trips (at least 1).
    ///
    /// **Example:** the French trains on the road route `rail-hub`:
    /// ```text
    /// error[C4103]: fleet 'fr_trains' (rail) runs route 'rail-hub' (road), which it does not serve
    /// ```
    fn c4103_fleet_route(&mut self, mv: &Movement, a: RouteIx, f: FleetIx) {
        let m = self.m;
        let (route, fleet) = (&m.routes[a], &m.fleets[f]);
        if !fleet.routes.contains(&a) {
            self.push(
                Rule::FleetRoute,
                &fleet.id,
                Some(mv.day),
                mv.trips.max(1) as f64,
                format!(
                    "fleet '{}' ({}) runs route '{}' ({}), which it does not serve",
                    fleet.id,
                    fleet.mode.as_str(),
                    route.id,
                    route.mode.as_str()
                ),
            );
        }
    }

    /// C4104 `fleet_nation`: a national fleet carries only its nation's cargo.
    ///
    /// **Why:** national lift is not pooled; another nation's units on it are lift the
    /// coalition does not have. The amount is the quantity carried.
    ///
    /// **Example:** 20 German troops on the French trains:
    /// ```text
    /// error[C4104]: fleet 'fr_trains' carries only FR's cargo but carries 20 DE's infantry on route 'fr-rail'
    /// ```
    fn c4104_fleet_nation(
        &mut self,
        f: FleetIx,
        n: NationIx,
        r: ResIx,
        q: f64,
        route: &Route,
        day: usize,
    ) {
        let m = self.m;
        if m.fleet_carries(f, n) {
            return;
        }
        let fleet = &m.fleets[f];
        let owner = fleet.nation.map(|x| m.nations[x].id.as_str()).unwrap_or("");
        self.push(
            Rule::FleetNation,
            &fleet.id,
            Some(day),
            q,
            format!(
                "fleet '{}' carries only {owner}'s cargo but carries {} {} on route '{}'",
                fleet.id,
                trimmed(q),
                self.commodity(n, r),
                route.id
            ),
        );
    }

    /// C4105 `vehicle_load`: cargo tonnes (quantity x the resource's weight for the route's
    /// mode) are at most trips x the fleet's `capacity_t`.
    ///
    /// **Why:** an overloaded movement moves goods without the vehicles to carry them. The
    /// amount is the tonnes over.
    ///
    /// **Example:** 22.5 t on 2 trips of 10 t trucks:
    /// ```text
    /// error[C4105]: fleet 'trucks' loads 22.5 t on route 'rail-hub' on 2 trip(s) of 10 t: 2.5 t over
    /// ```
    fn c4105_vehicle_load(&mut self, mv: &Movement, route: &Route, fleet: &Fleet, tonnes: f64) {
        let capacity = mv.trips as f64 * fleet.capacity_t;
        if self.tol.exceeds(tonnes, capacity) {
            self.push(
                Rule::VehicleLoad,
                &route.id,
                Some(mv.day),
                tonnes - capacity,
                format!(
                    "fleet '{}' loads {} t on route '{}' on {} trip(s) of {} t: {} t over",
                    fleet.id,
                    trimmed(tonnes),
                    route.id,
                    mv.trips,
                    trimmed(fleet.capacity_t),
                    trimmed(tonnes - capacity)
                ),
            );
        }
    }

    /// C4106 `movement_report`: a movement's `from`, `to` and `mode` are its route's.
    ///
    /// **Why:** these fields are echoed for the reader; a schedule whose movement says it runs
    /// elsewhere than its route was edited or written for another model.
    ///
    /// **Example:** a movement on `rail-hub` reported the other way round:
    /// ```text
    /// error[C4106]: movement on route 'rail-hub' is reported ua_hub -> pl_rail by road, the route runs pl_rail -> ua_hub by road
    /// ```
    fn c4106_movement_ends(&mut self, mv: &Movement, route: &Route) {
        let m = self.m;
        let rid = route.id.as_str();
        let (from, to) = (&m.nodes[route.from].id, &m.nodes[route.to].id);
        if mv.from != *from || mv.to != *to || mv.mode != route.mode {
            self.push(
                Rule::MovementReport,
                rid,
                Some(mv.day),
                1.0,
                format!(
                    "movement on route '{rid}' is reported {} -> {} by {}, the route runs {from} -> {to} by {}",
                    mv.from,
                    mv.to,
                    mv.mode.as_str(),
                    route.mode.as_str()
                ),
            );
        }
    }

    /// C4106 `movement_report`: a movement's `load_t` and `capacity_t` are its cargo's tonnes
    /// and trips x the fleet's capacity.
    ///
    /// **Why:** reports and exports read these figures; they must be what the decisions give.
    /// The amount is the larger of the two differences.
    ///
    /// **Example:**
    /// ```text
    /// error[C4106]: movement of fleet 'trucks' on route 'rail-hub' reports load 15 t of capacity 20 t; its cargo and trips give 20 t of 20 t
    /// ```
    fn c4106_movement_load(&mut self, mv: &Movement, route: &Route, fleet: &Fleet, tonnes: f64) {
        let tol = self.tol;
        let capacity = mv.trips as f64 * fleet.capacity_t;
        if !tol.within(mv.load_t, tonnes) || !tol.within(mv.capacity_t, capacity) {
            self.push(
                Rule::MovementReport,
                &route.id,
                Some(mv.day),
                (mv.load_t - tonnes).abs().max((mv.capacity_t - capacity).abs()),
                format!(
                    "movement of fleet '{}' on route '{}' reports load {} t of capacity {} t; its cargo and trips give {} t of {} t",
                    fleet.id,
                    route.id,
                    trimmed(mv.load_t),
                    trimmed(mv.capacity_t),
                    trimmed(tonnes),
                    trimmed(capacity)
                ),
            );
        }
    }

    /// C4107 `route_throughput`: the trips of all fleets departing on a route on a day are at
    /// most its `max_trips_per_day`.
    ///
    /// **Why:** the limit is the route's own capacity (a bridge, a border crossing, a railway
    /// path), shared by every fleet. The amount is the trips over.
    ///
    /// **Example:**
    /// ```text
    /// error[C4107]: 8 trips depart on route 'rail-hub' on day 1; at most 6 may
    /// ```
    fn c4107_route_throughput(&mut self, route_trips: BTreeMap<(RouteIx, usize), u64>) {
        let m = self.m;
        for ((a, t), n) in route_trips {
            let route = &m.routes[a];
            if let Some(max) = route.max_trips {
                if n > max as u64 {
                    self.push(
                        Rule::RouteThroughput,
                        &route.id,
                        Some(t),
                        (n - max as u64) as f64,
                        format!(
                            "{n} trips depart on route '{}' on day {t}; at most {max} may",
                            route.id
                        ),
                    );
                }
            }
        }
    }

    /// C4108 `fleet_cycling`: on every day, the vehicles a fleet has tied up on trips are at
    /// most its `vehicles`; a trip departing day `t` ties one vehicle on days
    /// `t .. t + round_trip_days - 1`.
    ///
    /// **Why:** a vehicle on its way back cannot load again; without this a fleet of one train
    /// could run a trip every day on a route of three days each way. The amount is the vehicles
    /// over.
    ///
    /// **Example:**
    /// ```text
    /// error[C4108]: fleet 'fr_trains' has 2 vehicles on trips on day 1 but only 1 vehicles
    /// ```
    fn c4108_fleet_cycling(&mut self, tied: &[Vec<u64>]) {
        let m = self.m;
        for (f, days) in tied.iter().enumerate() {
            let fleet = &m.fleets[f];
            for (t, &n) in days.iter().enumerate() {
                if n > fleet.vehicles as u64 {
                    self.push(
                        Rule::FleetCycling,
                        &fleet.id,
                        Some(t),
                        (n - fleet.vehicles as u64) as f64,
                        format!(
                            "fleet '{}' has {n} vehicles on trips on day {t} but only {} vehicles",
                            fleet.id, fleet.vehicles
                        ),
                    );
                }
            }
        }
    }
}
