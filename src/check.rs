//! The independent schedule checker: verifies a [`Schedule`] against the validated [`Model`]
//! directly, from the model's rules as `docs/model-format.md` states them.
//!
//! It shares nothing with the MIP: it reads the schedule's decisions (hubs, movements,
//! handling, stocks, deliveries, basing and tasking), resolves every id against the model and
//! re-derives everything else: flow balance of each (node, stage, nation, resource, day), vehicle
//! loads, route throughput, fleet cycling, handling, hub opening, capacity and protection,
//! caveats, deliveries, monitoring coverage and every part of the objective. Each broken rule is a
//! [`Violation`] with a stable [`Rule`] code (`C4xxx`), the entity, the day and the amount by which
//! the rule is broken. `docs/checker.md` lists the rules and the tolerances.
//!
//! Only [`crate::model`] and [`crate::schedule`] are used: not the network, the formulation or
//! the solver.

use crate::model::{FleetIx, Model, NationIx, NodeIx, ResIx, RouteIx};
use crate::schedule::{ObjectiveReport, Schedule, Stage};
use std::collections::{BTreeMap, HashMap};

mod rules;

pub use rules::{Rule, Tolerance, Violation};

/// Checks `schedule` against `model`. Returns every violation, sorted by rule code, entity and
/// day (and message), so the result is deterministic. Empty means the schedule is feasible and
/// all its reported figures hold.
pub fn check(model: &Model, schedule: &Schedule, tol: &Tolerance) -> Vec<Violation> {
    Checker::new(model, schedule, *tol).run().0
}

/// The objective and its parts recomputed from the schedule by the checker; `total` and
/// `recomputed_total` are both the weighted sum of the recomputed parts. Entries that do not
/// resolve against the model are left out.
pub fn recompute_objective(model: &Model, schedule: &Schedule) -> ObjectiveReport {
    Checker::new(model, schedule, Tolerance::default()).run().1
}

fn num(x: f64) -> String {
    if x.is_finite() && x == x.round() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else if x.is_finite() {
        let s = format!("{x:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        format!("{x}")
    }
}

/// Stage of stock at a node: at an ordinary node, or the two sides of a transit node with
/// handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum St {
    At,
    Awaiting,
    Handled,
}

impl St {
    fn of(s: Stage) -> St {
        match s {
            Stage::At => St::At,
            Stage::AwaitingHandling => St::Awaiting,
            Stage::Handled => St::Handled,
        }
    }

    fn word(self) -> &'static str {
        match self {
            St::At => "at",
            St::Awaiting => "awaiting handling at",
            St::Handled => "handled, awaiting onward lift at",
        }
    }
}

/// Per-day totals of one (node, stage, nation, resource).
#[derive(Debug, Clone)]
struct Account {
    /// Supply, arrivals, handled goods becoming ready.
    inflow: Vec<f64>,
    /// Departures, goods taken into handling, deliveries.
    outflow: Vec<f64>,
    /// End-of-day stock as reported.
    stock: Vec<f64>,
}

struct Checker<'a> {
    m: &'a Model,
    s: &'a Schedule,
    tol: Tolerance,
    h: usize,
    out: Vec<Violation>,
    nodes: HashMap<&'a str, NodeIx>,
    routes: HashMap<&'a str, RouteIx>,
    fleets: HashMap<&'a str, FleetIx>,
    nations: HashMap<&'a str, NationIx>,
    resources: HashMap<&'a str, ResIx>,
    demands: HashMap<&'a str, usize>,
    assets: HashMap<&'a str, usize>,
    /// Operational day of each hub node as the schedule states it (valid or not).
    op: Vec<Option<usize>>,
    accounts: BTreeMap<(NodeIx, St, NationIx, ResIx), Account>,
    obj: ObjectiveReport,
}

fn index<'a, T>(items: &'a [T], id: impl Fn(&'a T) -> &'a str) -> HashMap<&'a str, usize> {
    let mut map = HashMap::with_capacity(items.len());
    for (i, x) in items.iter().enumerate() {
        map.entry(id(x)).or_insert(i);
    }
    map
}

impl<'a> Checker<'a> {
    fn new(m: &'a Model, s: &'a Schedule, tol: Tolerance) -> Self {
        Checker {
            m,
            s,
            tol,
            h: m.horizon,
            out: Vec::new(),
            nodes: index(&m.nodes, |x| x.id.as_str()),
            routes: index(&m.routes, |x| x.id.as_str()),
            fleets: index(&m.fleets, |x| x.id.as_str()),
            nations: index(&m.nations, |x| x.id.as_str()),
            resources: index(&m.resources, |x| x.id.as_str()),
            demands: index(&m.demands, |x| x.id.as_str()),
            assets: index(&m.assets, |x| x.id.as_str()),
            op: vec![None; m.nodes.len()],
            accounts: BTreeMap::new(),
            obj: ObjectiveReport::default(),
        }
    }

    fn push(
        &mut self,
        rule: Rule,
        entity: impl Into<String>,
        day: Option<usize>,
        amount: f64,
        message: String,
    ) {
        self.out.push(Violation {
            rule,
            entity: entity.into(),
            day,
            amount,
            message,
        });
    }

    fn unknown(&mut self, what: &str, id: &str, place: &str) {
        self.push(
            Rule::Reference,
            id,
            None,
            1.0,
            format!("{place} names {what} '{id}', which the model does not have"),
        );
    }

    /// Passes a looked-up index through, reporting the id as unknown when it did not resolve.
    fn resolved<T>(&mut self, v: Option<T>, what: &str, id: &str, place: &str) -> Option<T> {
        if v.is_none() {
            self.unknown(what, id, place);
        }
        v
    }

    fn node(&mut self, id: &str, place: &str) -> Option<NodeIx> {
        let v = self.nodes.get(id).copied();
        self.resolved(v, "node", id, place)
    }

    fn nation(&mut self, id: &str, place: &str) -> Option<NationIx> {
        let v = self.nations.get(id).copied();
        self.resolved(v, "nation", id, place)
    }

    fn resource(&mut self, id: &str, place: &str) -> Option<ResIx> {
        let v = self.resources.get(id).copied();
        self.resolved(v, "resource", id, place)
    }

    fn asset(&mut self, id: &str, place: &str) -> Option<usize> {
        let v = self.assets.get(id).copied();
        self.resolved(v, "asset type", id, place)
    }

    /// Whether `day` lies within the horizon; a violation when not.
    fn day_ok(&mut self, day: usize, entity: &str, place: &str) -> bool {
        if day < self.h {
            return true;
        }
        let h = self.h;
        self.push(
            Rule::Reference,
            entity,
            Some(day),
            (day + 1 - h) as f64,
            format!("{place} is on day {day}, outside the horizon of {h} days (0..{h})"),
        );
        false
    }

    /// A quantity must be finite and not negative.
    fn quantity_ok(&mut self, q: f64, entity: &str, day: Option<usize>, what: &str) -> bool {
        if q.is_finite() && q >= -self.tol.abs {
            return true;
        }
        self.push(
            Rule::Quantity,
            entity,
            day,
            if q.is_finite() { -q } else { f64::INFINITY },
            format!("{what} has quantity {}", num(q)),
        );
        false
    }

    fn account(&mut self, v: NodeIx, st: St, n: NationIx, r: ResIx) -> &mut Account {
        let h = self.h;
        self.accounts
            .entry((v, st, n, r))
            .or_insert_with(|| Account {
                inflow: vec![0.0; h],
                outflow: vec![0.0; h],
                stock: vec![0.0; h],
            })
    }

    /// Stage in which arrivals land at node `v`.
    fn arrive_stage(&self, v: NodeIx) -> St {
        if self.m.nodes[v].handling.is_some() {
            St::Awaiting
        } else {
            St::At
        }
    }

    /// Stage from which departures (and deliveries) leave node `v`.
    fn depart_stage(&self, v: NodeIx) -> St {
        if self.m.nodes[v].handling.is_some() {
            St::Handled
        } else {
            St::At
        }
    }

    /// Why nation `n`'s resource `r` may not be at node `v`, if it may not.
    fn caveat_at(&self, n: NationIx, r: ResIx, v: NodeIx) -> Option<String> {
        if self.m.may_enter(n, r, v) {
            return None;
        }
        let node = &self.m.nodes[v];
        let c = self.m.nations[n]
            .caveats
            .iter()
            .find(|c| c.applies[r] && (c.nodes.contains(&v) || c.countries.contains(&node.country)))
            .map(|c| c.note.clone())
            .unwrap_or_default();
        Some(if c.is_empty() {
            "a caveat forbids it".to_string()
        } else {
            format!("caveat: {c}")
        })
    }

    fn commodity(&self, n: NationIx, r: ResIx) -> String {
        format!("{}'s {}", self.m.nations[n].id, self.m.resources[r].id)
    }

    fn run(mut self) -> (Vec<Violation>, ObjectiveReport) {
        if self.header() {
            self.hubs();
            self.movements();
            self.handling();
            self.stocks();
            let delivered = self.deliveries();
            for s in &self.m.supplies {
                if s.day < self.h {
                    let st = self.depart_stage(s.origin);
                    self.account(s.origin, st, s.nation, s.resource).inflow[s.day] += s.quantity;
                }
            }
            self.balance();
            self.hub_presence();
            self.occupancy();
            self.closure(&delivered);
            self.monitoring();
            self.objective();
        }
        let mut out = self.out;
        out.sort_by(|a, b| {
            (a.rule, &a.entity, a.day, &a.message).cmp(&(b.rule, &b.entity, b.day, &b.message))
        });
        let mut obj = self.obj;
        obj.total = obj.recomputed_total;
        (out, obj)
    }

    /// The schedule belongs to this model and has decisions. `false`: nothing more to check.
    fn header(&mut self) -> bool {
        let (m, s) = (self.m, self.s);
        if s.horizon_days != m.horizon {
            self.push(
                Rule::Header,
                "schedule",
                None,
                (s.horizon_days as f64 - m.horizon as f64).abs(),
                format!(
                    "the schedule is for a horizon of {} days, the model has {}",
                    s.horizon_days, m.horizon
                ),
            );
        }
        if s.model != m.name {
            self.push(
                Rule::Header,
                "schedule",
                None,
                1.0,
                format!("the schedule is for model '{}', not '{}'", s.model, m.name),
            );
        }
        if !s.solver.status.has_schedule() {
            self.push(
                Rule::Header,
                "schedule",
                None,
                1.0,
                format!(
                    "the solve ended '{}': there is no schedule to check",
                    s.solver.status.as_str()
                ),
            );
            return false;
        }
        true
    }

    /// Hub opening decisions, and their costs.
    fn hubs(&mut self) {
        let (m, s, h) = (self.m, self.s, self.h);
        let mut seen = vec![false; m.nodes.len()];
        for hp in &s.hubs {
            let Some(v) = self.node(&hp.hub, "a hub decision") else {
                continue;
            };
            let Some(hub) = &m.nodes[v].hub else {
                self.push(
                    Rule::Reference,
                    &hp.hub,
                    None,
                    1.0,
                    format!(
                        "hub decision for '{}', which is not a hub candidate",
                        hp.hub
                    ),
                );
                continue;
            };
            if std::mem::replace(&mut seen[v], true) {
                self.push(
                    Rule::Reference,
                    &hp.hub,
                    None,
                    1.0,
                    format!("hub '{}' is decided twice", hp.hub),
                );
                continue;
            }
            let id = hp.hub.as_str();
            if hp.open != hp.operational_day.is_some() {
                self.push(
                    Rule::HubOpening,
                    id,
                    hp.operational_day,
                    1.0,
                    format!(
                        "hub '{id}' is reported {} but {} operational day",
                        if hp.open { "open" } else { "not open" },
                        if hp.operational_day.is_some() {
                            "has an"
                        } else {
                            "has no"
                        }
                    ),
                );
            }
            match hp.operational_day {
                Some(o) => {
                    let first = hub.first_operational_day();
                    if o >= h {
                        self.push(
                            Rule::HubOpening,
                            id,
                            Some(o),
                            (o + 1 - h) as f64,
                            format!(
                                "hub '{id}' becomes operational on day {o}, after the last day {}",
                                h - 1
                            ),
                        );
                        continue;
                    }
                    if o < first {
                        self.push(
                            Rule::HubOpening,
                            id,
                            Some(o),
                            (first - o) as f64,
                            format!(
                                "hub '{id}' is operational from day {o}, but set-up may start on day {} and takes {} day(s): day {first} at the earliest",
                                hub.earliest_open_day, hub.setup_days
                            ),
                        );
                    }
                    if hub.fixed == Some(true) && o != first {
                        self.push(
                            Rule::HubOpening,
                            id,
                            Some(o),
                            (o as f64 - first as f64).abs(),
                            format!("hub '{id}' is fixed open, so operational from day {first}, but the schedule has it from day {o}"),
                        );
                    }
                    if hub.fixed == Some(false) {
                        self.push(
                            Rule::HubOpening,
                            id,
                            Some(o),
                            1.0,
                            format!("hub '{id}' is opened but the model fixes it closed"),
                        );
                    }
                    let setup = o.checked_sub(hub.setup_days);
                    if hp.setup_start_day != setup {
                        self.push(
                            Rule::HubOpening,
                            id,
                            Some(o),
                            1.0,
                            format!(
                                "hub '{id}' operational from day {o} after {} set-up day(s) starts set-up on day {}, not {}",
                                hub.setup_days,
                                setup.map_or("-".into(), |d| d.to_string()),
                                hp.setup_start_day.map_or("-".into(), |d| d.to_string())
                            ),
                        );
                    }
                    self.op[v] = Some(o);
                    self.obj.hub_opening_cost += hub.opening_cost;
                    self.obj.hub_daily_cost += hub.daily_cost * (h - o) as f64;
                }
                None => {
                    if hp.setup_start_day.is_some() {
                        self.push(
                            Rule::HubOpening,
                            id,
                            hp.setup_start_day,
                            1.0,
                            format!("hub '{id}' is not opened but has a set-up start day"),
                        );
                    }
                }
            }
        }
        for v in m.hubs() {
            let hub = m.nodes[v].hub.as_ref().expect("hub");
            if hub.fixed == Some(true) && hub.first_operational_day() < h && self.op[v].is_none() {
                let id = m.nodes[v].id.clone();
                self.push(
                    Rule::HubOpening,
                    &id,
                    None,
                    1.0,
                    format!(
                        "hub '{id}' is fixed open in the model but the schedule does not open it"
                    ),
                );
            }
        }
    }

    /// Movements: timing, fleets, caveats, loads; route throughput and fleet cycling.
    fn movements(&mut self) {
        let (m, s, h, tol) = (self.m, self.s, self.h, self.tol);
        let mut route_trips: BTreeMap<(RouteIx, usize), u64> = BTreeMap::new();
        let mut tied = vec![vec![0u64; h]; m.fleets.len()];
        for mv in &s.movements {
            let Some(a) = self.routes.get(mv.route.as_str()).copied() else {
                self.unknown("route", &mv.route, "a movement");
                continue;
            };
            let Some(f) = self.fleets.get(mv.fleet.as_str()).copied() else {
                self.unknown("fleet", &mv.fleet, "a movement");
                continue;
            };
            let route = &m.routes[a];
            let fleet = &m.fleets[f];
            let rid = route.id.as_str();
            let day = mv.day;
            if !self.day_ok(
                day,
                rid,
                &format!("a movement of fleet '{}' on route '{rid}'", fleet.id),
            ) {
                continue;
            }
            let (from, to) = (&m.nodes[route.from].id, &m.nodes[route.to].id);
            if mv.from != *from || mv.to != *to || mv.mode != route.mode {
                self.push(
                    Rule::MovementReport,
                    rid,
                    Some(day),
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
            let arrival = day + route.transit;
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
            if !route.departs(day, h) {
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
            if !fleet.routes.contains(&a) {
                self.push(
                    Rule::FleetRoute,
                    &fleet.id,
                    Some(day),
                    mv.trips.max(1) as f64,
                    format!(
                        "fleet '{}' ({}) runs route '{rid}' ({}), which it does not serve",
                        fleet.id,
                        fleet.mode.as_str(),
                        route.mode.as_str()
                    ),
                );
            }
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
                if !self.quantity_ok(c.quantity, rid, Some(day), &what) {
                    continue;
                }
                let q = c.quantity;
                tonnes += q * m.weight(r, route.mode);
                if !m.fleet_carries(f, n) {
                    let owner = fleet.nation.map(|x| m.nations[x].id.as_str()).unwrap_or("");
                    self.push(
                        Rule::FleetNation,
                        &fleet.id,
                        Some(day),
                        q,
                        format!(
                            "fleet '{}' carries only {owner}'s cargo but carries {} {} on route '{rid}'",
                            fleet.id,
                            num(q),
                            self.commodity(n, r)
                        ),
                    );
                }
                if !m.may_use_route(n, r, a) {
                    let why = self
                        .caveat_at(n, r, route.from)
                        .map(|w| format!("it may not be at '{from}' ({w})"))
                        .or_else(|| {
                            self.caveat_at(n, r, route.to)
                                .map(|w| format!("it may not be at '{to}' ({w})"))
                        })
                        .unwrap_or_else(|| format!("it may not travel by {}", route.mode.as_str()));
                    self.push(
                        Rule::Caveat,
                        rid,
                        Some(day),
                        q,
                        format!(
                            "{} {} moves on route '{rid}' ({from} -> {to}), but {why}",
                            num(q),
                            self.commodity(n, r)
                        ),
                    );
                }
                let (tail, head) = (self.depart_stage(route.from), self.arrive_stage(route.to));
                self.account(route.from, tail, n, r).outflow[day] += q;
                if arrival < h {
                    self.account(route.to, head, n, r).inflow[arrival] += q;
                }
            }
            let capacity = mv.trips as f64 * fleet.capacity_t;
            if tol.exceeds(tonnes, capacity) {
                self.push(
                    Rule::VehicleLoad,
                    rid,
                    Some(day),
                    tonnes - capacity,
                    format!(
                        "fleet '{}' loads {} t on route '{rid}' on {} trip(s) of {} t: {} t over",
                        fleet.id,
                        num(tonnes),
                        mv.trips,
                        num(fleet.capacity_t),
                        num(tonnes - capacity)
                    ),
                );
            }
            if !tol.within(mv.load_t, tonnes) || !tol.within(mv.capacity_t, capacity) {
                self.push(
                    Rule::MovementReport,
                    rid,
                    Some(day),
                    (mv.load_t - tonnes).abs().max((mv.capacity_t - capacity).abs()),
                    format!(
                        "movement of fleet '{}' on route '{rid}' reports load {} t of capacity {} t; its cargo and trips give {} t of {} t",
                        fleet.id,
                        num(mv.load_t),
                        num(mv.capacity_t),
                        num(tonnes),
                        num(capacity)
                    ),
                );
            }
            *route_trips.entry((a, day)).or_default() += mv.trips;
            let rho = m.round_trip(f, a);
            for t in tied[f].iter_mut().skip(day).take(rho) {
                *t += mv.trips;
            }
            self.obj.trip_cost += mv.trips as f64 * route.cost_per_trip;
            self.obj.tonne_km_cost += tonnes * route.cost_per_t();
            self.obj.risk_exposure += tonnes * route.threat;
        }
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

    /// Handling at transit nodes.
    fn handling(&mut self) {
        let (m, s, h, tol) = (self.m, self.s, self.h, self.tol);
        let mut tonnes: BTreeMap<(NodeIx, usize), f64> = BTreeMap::new();
        for hd in &s.handling {
            let place = format!("handling at '{}'", hd.node);
            let (Some(v), Some(n), Some(r)) = (
                self.node(&hd.node, &place),
                self.nation(&hd.nation, &place),
                self.resource(&hd.resource, &place),
            ) else {
                continue;
            };
            let id = m.nodes[v].id.as_str();
            let Some(hn) = m.nodes[v].handling else {
                self.push(
                    Rule::Reference,
                    id,
                    Some(hd.day),
                    hd.quantity,
                    format!("goods are handled at '{id}', which has no handling"),
                );
                continue;
            };
            if !self.day_ok(hd.day, id, &place) {
                continue;
            }
            let what = format!("handling of {} at '{id}'", self.commodity(n, r));
            if !self.quantity_ok(hd.quantity, id, Some(hd.day), &what) {
                continue;
            }
            let q = hd.quantity;
            let ready = hd.day + hn.days;
            if hd.ready_day != ready {
                self.push(
                    Rule::HandlingTiming,
                    id,
                    Some(hd.day),
                    (hd.ready_day as f64 - ready as f64).abs(),
                    format!(
                        "{} handled at '{id}' on day {} are reported ready on day {}; with {} handling day(s) they are ready on day {ready}",
                        self.commodity(n, r),
                        hd.day,
                        hd.ready_day,
                        hn.days
                    ),
                );
            }
            if ready >= h {
                self.push(
                    Rule::HandlingTiming,
                    id,
                    Some(hd.day),
                    q,
                    format!(
                        "{} {} handled at '{id}' on day {} would be ready on day {ready}, after the last day {}",
                        num(q),
                        self.commodity(n, r),
                        hd.day,
                        h - 1
                    ),
                );
            }
            if let Some(w) = self.caveat_at(n, r, v) {
                self.push(
                    Rule::Caveat,
                    id,
                    Some(hd.day),
                    q,
                    format!(
                        "{} {} are handled at '{id}', where they may not be ({w})",
                        num(q),
                        self.commodity(n, r)
                    ),
                );
            }
            *tonnes.entry((v, hd.day)).or_default() += q * m.resources[r].base_weight_t;
            self.account(v, St::Awaiting, n, r).outflow[hd.day] += q;
            if ready < h {
                self.account(v, St::Handled, n, r).inflow[ready] += q;
            }
        }
        for ((v, t), w) in tonnes {
            let cap = m.nodes[v].handling.map_or(f64::INFINITY, |x| x.t_per_day);
            if tol.exceeds(w, cap) {
                let id = m.nodes[v].id.clone();
                self.push(
                    Rule::HandlingCapacity,
                    &id,
                    Some(t),
                    w - cap,
                    format!(
                        "{} t are handled at '{id}' on day {t}; it handles {} t a day",
                        num(w),
                        num(cap)
                    ),
                );
            }
        }
    }

    /// End-of-day stocks: stage, hubs (open, capacity, protection), caveats.
    fn stocks(&mut self) {
        let (m, s, tol) = (self.m, self.s, self.tol);
        for st in &s.stocks {
            let place = format!("stock at '{}'", st.node);
            let (Some(v), Some(n), Some(r)) = (
                self.node(&st.node, &place),
                self.nation(&st.nation, &place),
                self.resource(&st.resource, &place),
            ) else {
                continue;
            };
            let node = &m.nodes[v];
            let id = node.id.as_str();
            if !self.day_ok(st.day, id, &place) {
                continue;
            }
            let t = st.day;
            let stage = St::of(st.stage);
            let fits = match node.handling {
                Some(_) => stage != St::At,
                None => stage == St::At,
            };
            if !fits {
                self.push(
                    Rule::Reference,
                    id,
                    Some(t),
                    st.quantity,
                    format!(
                        "stock of {} is reported {} '{id}', a node {} handling",
                        self.commodity(n, r),
                        stage.word(),
                        if node.handling.is_some() {
                            "with"
                        } else {
                            "without"
                        }
                    ),
                );
                continue;
            }
            let what = format!("stock of {} {} '{id}'", self.commodity(n, r), stage.word());
            if !self.quantity_ok(st.quantity, id, Some(t), &what) {
                continue;
            }
            let q = st.quantity;
            self.account(v, stage, n, r).stock[t] += q;
            if q <= tol.abs {
                continue;
            }
            let own_origin = m
                .supplies
                .iter()
                .any(|x| x.nation == n && x.resource == r && x.origin == v);
            if !own_origin {
                if let Some(w) = self.caveat_at(n, r, v) {
                    self.push(
                        Rule::Caveat,
                        id,
                        Some(t),
                        q,
                        format!(
                            "{} {} wait at '{id}' at the end of day {t}, where they may not be ({w})",
                            num(q),
                            self.commodity(n, r)
                        ),
                    );
                }
            }
        }
    }

    /// Deliveries against demands and their reported figures. Returns each demand's valid
    /// deliveries `(day, quantity)`.
    fn deliveries(&mut self) -> Vec<Vec<(usize, f64)>> {
        let (m, s, h, tol) = (self.m, self.s, self.h, self.tol);
        let mut by_demand: Vec<Vec<(usize, f64)>> = vec![Vec::new(); m.demands.len()];
        let mut seen = vec![false; m.demands.len()];
        for dr in &s.deliveries {
            let Some(d) = self.demands.get(dr.demand.as_str()).copied() else {
                self.unknown("demand", &dr.demand, "a delivery report");
                continue;
            };
            let dem = &m.demands[d];
            let id = dem.id.as_str();
            if std::mem::replace(&mut seen[d], true) {
                self.push(
                    Rule::DeliveryReport,
                    id,
                    None,
                    1.0,
                    format!("demand '{id}' is reported twice"),
                );
                continue;
            }
            let (node, res) = (&m.nodes[dem.node].id, &m.resources[dem.resource].id);
            if dr.node != *node
                || dr.resource != *res
                || !tol.within(dr.quantity, dem.quantity)
                || dr.due_day != dem.due
                || dr.hard != dem.hard
            {
                self.push(
                    Rule::DeliveryReport,
                    id,
                    None,
                    1.0,
                    format!(
                        "demand '{id}' is reported as {} {} at '{}' due day {}{}; the model has {} {res} at '{node}' due day {}{}",
                        num(dr.quantity),
                        dr.resource,
                        dr.node,
                        dr.due_day,
                        if dr.hard { " (hard)" } else { "" },
                        num(dem.quantity),
                        dem.due,
                        if dem.hard { " (hard)" } else { "" },
                    ),
                );
            }
            for dl in &dr.by_day {
                let place = format!("a delivery against '{id}'");
                let Some(n) = self.nation(&dl.nation, &place) else {
                    continue;
                };
                if !self.day_ok(dl.day, id, &place) {
                    continue;
                }
                let what = format!(
                    "delivery of {} against '{id}'",
                    self.commodity(n, dem.resource)
                );
                if !self.quantity_ok(dl.quantity, id, Some(dl.day), &what) {
                    continue;
                }
                let (t, q) = (dl.day, dl.quantity);
                let last = dem.last_day(h);
                if t < dem.earliest || t > last {
                    self.push(
                        Rule::DeliveryWindow,
                        id,
                        Some(t),
                        q,
                        format!(
                            "{} {} delivered against '{id}' on day {t}; deliveries count on days {}..{last}",
                            num(q),
                            self.commodity(n, dem.resource),
                            dem.earliest
                        ),
                    );
                }
                if q > tol.abs {
                    if let Some(w) = self.caveat_at(n, dem.resource, dem.node) {
                        self.push(
                            Rule::Caveat,
                            id,
                            Some(t),
                            q,
                            format!(
                                "{} {} are delivered at '{node}', where they may not be ({w})",
                                num(q),
                                self.commodity(n, dem.resource)
                            ),
                        );
                    }
                }
                let st = self.depart_stage(dem.node);
                self.account(dem.node, st, n, dem.resource).outflow[t] += q;
                by_demand[d].push((t, q));
            }
            let dels = &mut by_demand[d];
            dels.sort_by_key(|x| x.0);
            let delivered: f64 = dels.iter().map(|x| x.1).sum();
            let on_time: f64 = dels.iter().filter(|x| x.0 <= dem.due).map(|x| x.1).sum();
            let late: f64 = dels.iter().map(|x| x.1 * dem.days_late(x.0) as f64).sum();
            // As the schedule counts it: the solver's tolerance (1e-6 of the quantity) is not
            // a shortfall; weighted 10⁶ per unit, it would otherwise add up to whole units
            // of objective over a few demands.
            let short = dem.quantity - delivered;
            let shortfall = if short <= 1e-6 * dem.quantity.max(1.0) {
                0.0
            } else {
                short
            };
            let completed = |slack: f64| {
                if dem.quantity == 0.0 {
                    return Some(dem.earliest);
                }
                let mut cum = 0.0;
                dels.iter().find_map(|&(t, q)| {
                    cum += q;
                    (cum >= dem.quantity - slack).then_some(t)
                })
            };
            let lenient = completed(tol.slack(dem.quantity, delivered));
            let strict = completed(0.0);
            if tol.exceeds(delivered, dem.quantity) {
                self.push(
                    Rule::OverDelivery,
                    id,
                    None,
                    delivered - dem.quantity,
                    format!(
                        "{} delivered against '{id}', which asks for {}",
                        num(delivered),
                        num(dem.quantity)
                    ),
                );
            }
            if dem.hard && tol.exceeds(dem.quantity, on_time) {
                self.push(
                    Rule::HardDemand,
                    id,
                    Some(dem.due),
                    dem.quantity - on_time,
                    format!(
                        "hard demand '{id}' has {} of {} delivered by its due day {}",
                        num(on_time),
                        num(dem.quantity),
                        dem.due
                    ),
                );
            }
            let figures = [
                ("delivered", dr.delivered, delivered),
                ("on_time", dr.on_time, on_time),
                ("late_unit_days", dr.late_unit_days, late),
                ("shortfall", dr.shortfall, shortfall),
            ];
            for (name, reported, mine) in figures {
                if !tol.within(reported, mine) {
                    self.push(
                        Rule::DeliveryReport,
                        id,
                        None,
                        (reported - mine).abs(),
                        format!(
                            "demand '{id}' reports {name} {}; its deliveries give {}",
                            num(reported),
                            num(mine)
                        ),
                    );
                }
            }
            if dr.completed_day != lenient && dr.completed_day != strict {
                let show = |d: Option<usize>| d.map_or("none".to_string(), |d| d.to_string());
                self.push(
                    Rule::DeliveryReport,
                    id,
                    dr.completed_day,
                    1.0,
                    format!(
                        "demand '{id}' reports completed_day {}; its deliveries give {}",
                        show(dr.completed_day),
                        show(lenient)
                    ),
                );
            }
            self.obj.lateness += dem.priority * late;
            self.obj.shortfall += dem.priority * shortfall;
        }
        for (d, dem) in m.demands.iter().enumerate() {
            if seen[d] {
                continue;
            }
            self.push(
                Rule::DeliveryReport,
                &dem.id,
                None,
                dem.quantity,
                format!("demand '{}' has no delivery report", dem.id),
            );
            if dem.hard && dem.quantity > tol.abs {
                self.push(
                    Rule::HardDemand,
                    &dem.id,
                    Some(dem.due),
                    dem.quantity,
                    format!(
                        "hard demand '{}' has nothing delivered of {}",
                        dem.id,
                        num(dem.quantity)
                    ),
                );
            }
            self.obj.shortfall += dem.priority * dem.quantity;
        }
        by_demand
    }

    /// Flow balance of every (node, stage, nation, resource, day).
    fn balance(&mut self) {
        let (m, tol) = (self.m, self.tol);
        let accounts = std::mem::take(&mut self.accounts);
        for (&(v, st, n, r), acc) in &accounts {
            let id = &m.nodes[v].id;
            let mut prev = 0.0;
            for t in 0..self.h {
                let have = prev + acc.inflow[t];
                let uses = acc.outflow[t] + acc.stock[t];
                if !tol.within(have, uses) {
                    let what = self.commodity(n, r);
                    let msg = if uses > have {
                        format!(
                            "{} more {what} leave or stay {} '{id}' on day {t} than are there: {} held from the day before + {} arriving = {}, but {} leave + {} held at the end of the day = {}",
                            num(uses - have),
                            st.word(),
                            num(prev),
                            num(acc.inflow[t]),
                            num(have),
                            num(acc.outflow[t]),
                            num(acc.stock[t]),
                            num(uses)
                        )
                    } else {
                        format!(
                            "{} {what} {} '{id}' on day {t} are unaccounted for: {} held from the day before + {} arriving = {}, but {} leave + {} held at the end of the day = {}",
                            num(have - uses),
                            st.word(),
                            num(prev),
                            num(acc.inflow[t]),
                            num(have),
                            num(acc.outflow[t]),
                            num(acc.stock[t]),
                            num(uses)
                        )
                    };
                    self.push(Rule::FlowBalance, id, Some(t), (have - uses).abs(), msg);
                }
                prev = acc.stock[t];
            }
        }
        self.accounts = accounts;
    }

    /// What is at each hub during each day — held at the end of the day plus what leaves and
    /// what is delivered there (by balance also what was held overnight plus what arrives; the
    /// larger of the two counts) — needs the hub operational that day, protection high enough
    /// and room in its storage class.
    fn hub_presence(&mut self) {
        let (m, h, tol) = (self.m, self.h, self.tol);
        let mut used: BTreeMap<(NodeIx, usize, usize), f64> = BTreeMap::new();
        let mut found = Vec::new();
        for (&(v, _, n, r), acc) in self.accounts.iter() {
            let Some(hub) = &m.nodes[v].hub else { continue };
            let res = &m.resources[r];
            let mut prev = 0.0;
            for t in 0..h {
                let p = (acc.stock[t] + acc.outflow[t]).max(prev + acc.inflow[t]);
                prev = acc.stock[t];
                if p <= tol.abs {
                    continue;
                }
                *used.entry((v, res.storage, t)).or_default() += p * res.storage_per_unit;
                let closed = self.op[v].is_none_or(|o| t < o);
                let low = hub.protection < res.protection;
                if closed || low {
                    found.push((v, n, r, t, p, closed, low));
                }
            }
        }
        for (v, n, r, t, p, closed, low) in found {
            let id = m.nodes[v].id.as_str();
            let hub = m.nodes[v].hub.as_ref().expect("hub");
            let res = &m.resources[r];
            if closed {
                self.push(
                    Rule::HubClosed,
                    id,
                    Some(t),
                    p,
                    format!(
                        "{} {} are at hub '{id}' on day {t} (held, passing through or delivered), when it is not operational{}",
                        num(p),
                        self.commodity(n, r),
                        self.op[v].map_or(String::new(), |o| format!(" (operational from day {o})"))
                    ),
                );
            }
            if low {
                self.push(
                    Rule::Protection,
                    id,
                    Some(t),
                    p,
                    format!(
                        "{} {} are at hub '{id}' on day {t}; the hub has protection {}, '{}' needs {}",
                        num(p),
                        self.commodity(n, r),
                        hub.protection,
                        res.id,
                        res.protection
                    ),
                );
            }
        }
        for ((v, c, t), u) in used {
            let cap = m.nodes[v].hub.as_ref().expect("hub").capacity[c];
            if tol.exceeds(u, cap) {
                let id = m.nodes[v].id.clone();
                let class = &m.storage_classes[c];
                self.push(
                    Rule::HubCapacity,
                    &id,
                    Some(t),
                    u - cap,
                    format!(
                        "hub '{id}' has {} {} of class '{}' on day {t} (held, passing through or delivered); its capacity is {}",
                        num(u),
                        class.unit,
                        class.id,
                        num(cap)
                    ),
                );
            }
        }
    }

    /// Occupancy as reported (held at the end of the day + leaving + delivered), for every open
    /// hub, class with capacity and operational day.
    fn occupancy(&mut self) {
        let (m, s, h, tol) = (self.m, self.s, self.h, self.tol);
        let mut mine: BTreeMap<(String, String, usize), (f64, f64)> = BTreeMap::new();
        for v in m.hubs() {
            let Some(o) = self.op[v] else { continue };
            let hub = m.nodes[v].hub.as_ref().expect("hub");
            for (c, class) in m.storage_classes.iter().enumerate() {
                if hub.capacity[c] <= 0.0 {
                    continue;
                }
                for t in o..h {
                    let mut used = 0.0;
                    for st in [St::At, St::Awaiting, St::Handled] {
                        for n in 0..m.nations.len() {
                            for (r, res) in m.resources.iter().enumerate() {
                                if res.storage != c {
                                    continue;
                                }
                                if let Some(acc) = self.accounts.get(&(v, st, n, r)) {
                                    used += (acc.stock[t] + acc.outflow[t]) * res.storage_per_unit;
                                }
                            }
                        }
                    }
                    mine.insert(
                        (m.nodes[v].id.clone(), class.id.clone(), t),
                        (used, hub.capacity[c]),
                    );
                }
            }
        }
        let mut reported: BTreeMap<(String, String, usize), (f64, f64)> = BTreeMap::new();
        for oc in &s.occupancy {
            let key = (oc.hub.clone(), oc.class.clone(), oc.day);
            if reported.insert(key, (oc.used, oc.capacity)).is_some() {
                self.push(
                    Rule::OccupancyReport,
                    &oc.hub,
                    Some(oc.day),
                    1.0,
                    format!(
                        "occupancy of class '{}' at hub '{}' on day {} is reported twice",
                        oc.class, oc.hub, oc.day
                    ),
                );
            }
        }
        for (key, &(used, cap)) in &mine {
            let (hub, class, t) = key;
            match reported.get(key) {
                None => self.push(
                    Rule::OccupancyReport,
                    hub,
                    Some(*t),
                    used,
                    format!(
                        "occupancy of class '{class}' at hub '{hub}' on operational day {t} is not reported ({} used)",
                        num(used)
                    ),
                ),
                Some(&(ru, rc)) => {
                    if !tol.within(ru, used) || !tol.within(rc, cap) {
                        self.push(
                            Rule::OccupancyReport,
                            hub,
                            Some(*t),
                            (ru - used).abs().max((rc - cap).abs()),
                            format!(
                                "occupancy of class '{class}' at hub '{hub}' on day {t} is reported {} of {}; the stocks give {} of {}",
                                num(ru),
                                num(rc),
                                num(used),
                                num(cap)
                            ),
                        );
                    }
                }
            }
        }
        for (key, &(ru, _)) in &reported {
            if !mine.contains_key(key) {
                let (hub, class, t) = key;
                self.push(
                    Rule::OccupancyReport,
                    hub,
                    Some(*t),
                    ru,
                    format!(
                        "occupancy of class '{class}' at hub '{hub}' is reported for day {t}, which is not an operational day of an open hub with that class"
                    ),
                );
            }
        }
    }

    /// The closure profile per demand node and for `all`.
    fn closure(&mut self, delivered: &[Vec<(usize, f64)>]) {
        let (m, s, h, tol) = (self.m, self.s, self.h, self.tol);
        let mut nodes: Vec<NodeIx> = m.demands.iter().map(|d| d.node).collect();
        nodes.sort_unstable();
        nodes.dedup();
        let profile = |keep: &dyn Fn(NodeIx) -> bool| {
            let mut required = 0.0;
            let mut by_day = vec![0.0; h];
            for (d, dem) in m.demands.iter().enumerate() {
                if keep(dem.node) {
                    required += dem.quantity;
                    for &(t, q) in &delivered[d] {
                        by_day[t] += q;
                    }
                }
            }
            let mut cum = 0.0;
            let share: Vec<f64> = by_day
                .iter()
                .map(|q| {
                    cum += q;
                    if required > 0.0 {
                        (cum / required).min(1.0)
                    } else {
                        1.0
                    }
                })
                .collect();
            (required, share)
        };
        let mut mine: Vec<(String, f64, Vec<f64>)> = nodes
            .iter()
            .map(|&v| {
                let (r, sh) = profile(&|x| x == v);
                (m.nodes[v].id.clone(), r, sh)
            })
            .collect();
        if !nodes.is_empty() {
            let (r, sh) = profile(&|_| true);
            mine.push(("all".to_string(), r, sh));
        }
        let mut reported: HashMap<&str, &crate::schedule::Closure> = HashMap::new();
        for c in &s.closure {
            if reported.insert(c.node.as_str(), c).is_some() {
                self.push(
                    Rule::ClosureReport,
                    &c.node,
                    None,
                    1.0,
                    format!("the closure profile of '{}' is reported twice", c.node),
                );
            }
        }
        for (node, required, share) in &mine {
            let Some(c) = reported.remove(node.as_str()) else {
                self.push(
                    Rule::ClosureReport,
                    node,
                    None,
                    *required,
                    format!("the closure profile of '{node}' is missing"),
                );
                continue;
            };
            if !tol.within(c.required, *required) {
                self.push(
                    Rule::ClosureReport,
                    node,
                    None,
                    (c.required - required).abs(),
                    format!(
                        "the closure profile of '{node}' reports {} required; the demands give {}",
                        num(c.required),
                        num(*required)
                    ),
                );
            }
            if c.share_by_day.len() != h {
                self.push(
                    Rule::ClosureReport,
                    node,
                    None,
                    (c.share_by_day.len() as f64 - h as f64).abs(),
                    format!(
                        "the closure profile of '{node}' has {} days, the horizon {h}",
                        c.share_by_day.len()
                    ),
                );
                continue;
            }
            if let Some(t) = (0..h).find(|&t| !tol.within(c.share_by_day[t], share[t])) {
                self.push(
                    Rule::ClosureReport,
                    node,
                    Some(t),
                    (c.share_by_day[t] - share[t]).abs(),
                    format!(
                        "the closure profile of '{node}' reports a share of {} delivered by day {t}; the deliveries give {}",
                        num(c.share_by_day[t]),
                        num(share[t])
                    ),
                );
            }
        }
        let mut extra: Vec<&str> = reported.into_keys().collect();
        extra.sort_unstable();
        for node in extra {
            self.push(
                Rule::ClosureReport,
                node,
                None,
                1.0,
                format!("a closure profile is reported for '{node}', which has no demand"),
            );
        }
    }

    /// Basing, tasking, asset counts and coverage.
    fn monitoring(&mut self) {
        let (m, s, h) = (self.m, self.s, self.h);
        let mut total = vec![0u64; m.assets.len()];
        let mut based: Vec<(usize, NodeIx, u64)> = Vec::new();
        for b in &s.monitoring.basing {
            let place = format!("basing of '{}'", b.asset);
            let (Some(q), Some(v)) = (self.asset(&b.asset, &place), self.node(&b.hub, &place))
            else {
                continue;
            };
            let asset = &m.assets[q];
            let node = &m.nodes[v];
            let Some(hub) = &node.hub else {
                self.push(
                    Rule::Reference,
                    &b.hub,
                    None,
                    b.count as f64,
                    format!(
                        "asset '{}' is based at '{}', which is not a hub candidate",
                        asset.id, node.id
                    ),
                );
                continue;
            };
            total[q] += b.count;
            based.push((q, v, b.count));
            if b.count == 0 {
                continue;
            }
            let mut why = Vec::new();
            if asset.range_km.is_none() {
                why.push("it has no range and is tasked, not based".to_string());
            }
            if self.op[v].is_none() {
                why.push(format!(
                    "hub '{}' is not open by the last day {}",
                    node.id,
                    h - 1
                ));
            }
            if hub.protection < asset.protection {
                why.push(format!(
                    "hub '{}' has protection {}, the asset needs {}",
                    node.id, hub.protection, asset.protection
                ));
            }
            if asset.range_km.is_some() && hub.protection >= asset.protection && !m.may_base(q, v) {
                why.push(format!(
                    "a caveat of {} forbids basing its equipment at '{}'",
                    m.nations[asset.owner].id, node.id
                ));
            }
            if !why.is_empty() {
                self.push(
                    Rule::Basing,
                    &asset.id,
                    None,
                    b.count as f64,
                    format!(
                        "{} '{}' based at '{}', but {}",
                        b.count,
                        asset.id,
                        node.id,
                        why.join("; ")
                    ),
                );
            }
        }
        let mut tasked: Vec<(usize, NodeIx, u64)> = Vec::new();
        for tk in &s.monitoring.tasking {
            let place = format!("tasking of '{}'", tk.asset);
            let (Some(q), Some(v)) = (self.asset(&tk.asset, &place), self.node(&tk.sector, &place))
            else {
                continue;
            };
            let asset = &m.assets[q];
            total[q] += tk.count;
            tasked.push((q, v, tk.count));
            if asset.range_km.is_some() && tk.count > 0 {
                self.push(
                    Rule::Tasking,
                    &asset.id,
                    None,
                    tk.count as f64,
                    format!(
                        "{} '{}' tasked to '{}', but the asset has a range and must be based at a hub",
                        tk.count, asset.id, tk.sector
                    ),
                );
            }
        }
        for (q, &n) in total.iter().enumerate() {
            let asset = &m.assets[q];
            if n > asset.count as u64 {
                self.push(
                    Rule::AssetCount,
                    &asset.id,
                    None,
                    (n - asset.count as u64) as f64,
                    format!(
                        "{n} '{}' are based or tasked; there are {}",
                        asset.id, asset.count
                    ),
                );
            }
        }
        let reported = &s.monitoring.coverage;
        for (i, c) in m.coverage.iter().enumerate() {
            let asset = &m.assets[c.asset];
            let sector = &m.nodes[c.sector].id;
            let covered: u64 = based
                .iter()
                .filter(|&&(q, v, _)| q == c.asset && m.covers(q, v, c.sector))
                .map(|x| x.2)
                .chain(
                    tasked
                        .iter()
                        .filter(|&&(q, v, _)| q == c.asset && v == c.sector)
                        .map(|x| x.2),
                )
                .sum();
            let required = c.required as u64;
            let short = required.saturating_sub(covered);
            if c.hard && short > 0 {
                self.push(
                    Rule::HardCoverage,
                    sector,
                    None,
                    short as f64,
                    format!(
                        "sector '{sector}' needs {required} '{}' (hard) and has {covered}",
                        asset.id
                    ),
                );
            }
            self.obj.coverage_shortfall += short as f64;
            match reported.get(i) {
                Some(r) if r.sector == *sector && r.asset == asset.id => {
                    if r.required != required || r.covered != covered || r.shortfall != short {
                        self.push(
                            Rule::CoverageReport,
                            sector,
                            None,
                            (r.shortfall as f64 - short as f64).abs().max((r.covered as f64 - covered as f64).abs()),
                            format!(
                                "coverage of '{sector}' by '{}' is reported {} of {} (short {}); basing and tasking give {covered} of {required} (short {short})",
                                asset.id, r.covered, r.required, r.shortfall
                            ),
                        );
                    }
                }
                _ => self.push(
                    Rule::CoverageReport,
                    sector,
                    None,
                    short as f64,
                    format!(
                        "coverage requirement {} ('{sector}' by '{}') is not reported in its place",
                        i + 1,
                        asset.id
                    ),
                ),
            }
        }
        if reported.len() > m.coverage.len() {
            self.push(
                Rule::CoverageReport,
                "schedule",
                None,
                (reported.len() - m.coverage.len()) as f64,
                format!(
                    "{} coverage entries are reported for {} requirements",
                    reported.len(),
                    m.coverage.len()
                ),
            );
        }
    }

    /// The objective's parts and total against what the schedule reports.
    fn objective(&mut self) {
        let (w, tol) = (self.m.weights, self.tol);
        let o = &mut self.obj;
        o.recomputed_total = w.cost
            * (o.trip_cost + o.tonne_km_cost + o.hub_opening_cost + o.hub_daily_cost)
            + w.risk * o.risk_exposure
            + w.lateness * o.lateness
            + w.shortfall * o.shortfall
            + w.coverage_shortfall * o.coverage_shortfall;
        let mine = self.obj.clone();
        let rep = &self.s.objective;
        let parts = [
            ("trip_cost", rep.trip_cost, mine.trip_cost),
            ("tonne_km_cost", rep.tonne_km_cost, mine.tonne_km_cost),
            (
                "hub_opening_cost",
                rep.hub_opening_cost,
                mine.hub_opening_cost,
            ),
            ("hub_daily_cost", rep.hub_daily_cost, mine.hub_daily_cost),
            ("risk_exposure", rep.risk_exposure, mine.risk_exposure),
            ("lateness", rep.lateness, mine.lateness),
            ("shortfall", rep.shortfall, mine.shortfall),
            (
                "coverage_shortfall",
                rep.coverage_shortfall,
                mine.coverage_shortfall,
            ),
            (
                "recomputed_total",
                rep.recomputed_total,
                mine.recomputed_total,
            ),
        ];
        // Quantities are written to 1e-6 (`schedule::EPS`), so each part may be off by that much
        // plus its relative tolerance, and a weighted total by the weighted sum of those on top
        // of its own allowance (a shortfall weight of 1e6 turns 1e-6 units into 1).
        // Coverage shortfall counts whole assets and is compared exactly, so it carries nothing.
        let weights = [
            w.cost,
            w.cost,
            w.cost,
            w.cost,
            w.risk,
            w.lateness,
            w.shortfall,
            0.0,
        ];
        let carried: f64 = parts
            .iter()
            .zip(weights)
            .map(|((_, r, c), wt)| wt * (crate::schedule::EPS + tol.rel * r.abs().max(c.abs())))
            .sum();
        let total_within = |a: f64, b: f64| (a - b).abs() <= tol.slack(a, b) + carried;
        for (name, reported, recomputed) in parts {
            let ok = if name == "recomputed_total" {
                total_within(reported, recomputed)
            } else {
                tol.within(reported, recomputed)
            };
            if !ok {
                self.push(
                    Rule::ObjectivePart,
                    format!("objective.{name}"),
                    None,
                    (reported - recomputed).abs(),
                    format!(
                        "objective part {name} is reported {}; the schedule gives {}",
                        num(reported),
                        num(recomputed)
                    ),
                );
            }
        }
        if !total_within(rep.total, mine.recomputed_total) {
            self.push(
                Rule::ObjectiveTotal,
                "objective.total",
                None,
                (rep.total - mine.recomputed_total).abs(),
                format!(
                    "the solver's objective is {}; the schedule recomputed gives {}",
                    num(rep.total),
                    num(mine.recomputed_total)
                ),
            );
        }
    }
}
