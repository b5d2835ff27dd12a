//! Why a soft demand of a schedule ends short or late, and why a coverage requirement cannot
//! be met ([`Explainer`]); [`annotate`] writes the reasons into a schedule.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::cause::{Arrival, Cause, Limit};
use super::reach::{Reach, Rules};
use super::TOL;
use crate::model::{Model, NationIx, NodeIx, ResIx, RouteIx};
use crate::network::{Edge, Network};
use crate::schedule::{DeliveryReport, Schedule, Status};

/// Figures of a schedule indexed for the capacity checks.
struct Usage {
    /// (route, day) -> (trips, spare tonnes).
    route: HashMap<(RouteIx, usize), (u64, f64)>,
    /// (fleet, day) -> vehicles tied up.
    fleet: HashMap<(usize, usize), u64>,
    /// (hub, class, day) -> (used, capacity).
    hub: HashMap<(NodeIx, usize, usize), (f64, f64)>,
}

impl Usage {
    fn of(m: &Model, s: &Schedule) -> Usage {
        let mut route = HashMap::new();
        let mut fleet = HashMap::new();
        for mv in &s.movements {
            let Some(a) = m.routes.iter().position(|r| r.id == mv.route) else {
                continue;
            };
            let Some(f) = m.fleets.iter().position(|x| x.id == mv.fleet) else {
                continue;
            };
            let e = route.entry((a, mv.day)).or_insert((0u64, 0.0f64));
            e.0 += mv.trips;
            e.1 += (mv.capacity_t - mv.load_t).max(0.0);
            let rho = m.round_trip(f, a);
            for t in mv.day..(mv.day + rho).min(m.horizon) {
                *fleet.entry((f, t)).or_insert(0u64) += mv.trips;
            }
        }
        let mut hub = HashMap::new();
        for o in &s.occupancy {
            let (Some(v), Some(c)) = (
                m.node_ix(&o.hub),
                m.storage_classes.iter().position(|c| c.id == o.class),
            ) else {
                continue;
            };
            hub.insert((v, c, o.day), (o.used, o.capacity));
        }
        Usage { route, fleet, hub }
    }

    fn hub_full(&self, v: NodeIx, class: usize, t: usize) -> bool {
        self.hub
            .get(&(v, class, t))
            .is_some_and(|&(u, c)| u >= c - 1e-6 * c.max(1.0))
    }
}

/// The analysis of one model (and optionally one schedule).
pub struct Explainer<'a> {
    m: &'a Model,
    net: &'a Network,
    reach: Reach<'a>,
}

impl<'a> Explainer<'a> {
    /// A new explainer for a model and its network.
    pub fn new(m: &'a Model, net: &'a Network) -> Self {
        Explainer {
            m,
            net,
            reach: Reach::new(m, net),
        }
    }

    /// The fastest arrival of the demand's resource at its node (caveats applied).
    pub fn demand_arrival(&mut self, d: usize) -> Option<Arrival> {
        let dem = &self.m.demands[d];
        self.reach.earliest(dem.resource, dem.node, Rules::All)
    }

    /// Why demand `d` cannot get `missing` more units by day `deadline`: structural facts
    /// first (its hub, supply, caveats, time), then, given a schedule, what the schedule used
    /// up, then cost. `None` when hubplan cannot tell.
    pub fn demand_cause(
        &mut self,
        d: usize,
        deadline: usize,
        missing: f64,
        sched: Option<&Schedule>,
        lateness: Option<f64>,
    ) -> Option<Cause> {
        let m = self.m;
        let dem = &m.demands[d];
        let (r, v) = (dem.resource, dem.node);
        let res = &m.resources[r];
        let node = m.nodes[v].id.clone();
        let rid = res.id.clone();
        if let Some(hub) = &m.nodes[v].hub {
            let o = hub.first_operational_day();
            if hub.fixed == Some(false) {
                return Some(Cause::HubClosed { hub: node });
            }
            if o >= m.horizon {
                return Some(Cause::HubNeverOperational { hub: node, day: o });
            }
            if hub.protection < res.protection {
                return Some(Cause::HubProtection {
                    hub: node,
                    level: hub.protection,
                    resource: rid,
                    needed: res.protection,
                });
            }
            if res.storage_per_unit > 0.0 && hub.capacity[res.storage] <= 0.0 {
                return Some(Cause::HubNoCapacity {
                    hub: node,
                    class: m.storage_classes[res.storage].id.clone(),
                    resource: rid,
                });
            }
            if o > deadline {
                return Some(Cause::HubOpensLate {
                    hub: node,
                    day: o,
                    deadline,
                });
            }
        }
        let suppliers: BTreeSet<NationIx> = m
            .supplies
            .iter()
            .filter(|s| s.resource == r)
            .map(|s| s.nation)
            .collect();
        if suppliers.is_empty() {
            return Some(Cause::NoSupply { resource: rid });
        }
        if suppliers.iter().all(|&n| !m.may_enter(n, r, v)) {
            return Some(Cause::CaveatAtNode {
                resource: rid,
                node,
                caveats: self.barred(&suppliers, r, v),
            });
        }
        let with = self.reach.earliest(r, v, Rules::All);
        let without = self.reach.earliest(r, v, Rules::NoCaveats);
        let late = with.as_ref().is_none_or(|a| a.day > deadline);
        if late {
            if let Some(wo) = without.filter(|a| a.day <= deadline || with.is_none()) {
                let caveats = self.caveats_on_path(r, &wo.routes);
                return Some(Cause::CaveatRoutes {
                    resource: rid,
                    node,
                    deadline: with.is_some().then_some(deadline),
                    caveats,
                    without: wo.day,
                });
            }
            let relaxed = self.reach.earliest(r, v, Rules::NoHubLimits);
            if let Some(rx) = relaxed.filter(|a| a.day <= deadline || with.is_none()) {
                let hubs = self.hubs_in_the_way(rx.supply, v);
                if !hubs.is_empty() {
                    return Some(Cause::HubsInTheWay {
                        resource: rid,
                        node,
                        deadline: with.is_some().then_some(deadline),
                        hubs,
                        without: rx.day,
                    });
                }
            }
            return Some(match with {
                None => Cause::Unreachable {
                    resource: rid,
                    node,
                },
                Some(arrival) => Cause::TooFar {
                    resource: rid,
                    node,
                    deadline,
                    arrival,
                },
            });
        }
        let supply: f64 = m
            .supplies
            .iter()
            .filter(|s| s.resource == r)
            .map(|s| s.quantity)
            .sum();
        // A hard demand competes only with the other hard demands (the softened MIP drops soft
        // ones); a soft demand with every demand for its resource.
        let demands: Vec<f64> = m
            .demands
            .iter()
            .filter(|x| x.resource == r && (x.hard || !dem.hard))
            .map(|x| x.quantity)
            .collect();
        let demand: f64 = demands.iter().sum();
        // Lateness means the units came after all: supply is no reason for it.
        if lateness.is_none() && supply < demand - TOL * demand.max(1.0) {
            return Some(Cause::SupplyBelowDemand {
                hard: dem.hard,
                resource: rid,
                unit: res.unit.clone(),
                supply,
                demand,
                demands: demands.len(),
            });
        }
        let reachable = self.reach.reachable_by(r, v, deadline);
        if reachable < dem.quantity - TOL * dem.quantity.max(1.0) {
            let rest = self.reach.earliest_after(r, v, deadline);
            let barred = self.barred(&suppliers, r, v);
            return Some(Cause::PartReachable {
                barred,
                resource: rid,
                node,
                unit: res.unit.clone(),
                deadline,
                reachable,
                needed: dem.quantity,
                rest,
            });
        }
        let sched = sched?;
        if let Some(c) = self.saturation(d, deadline, with.map_or(0, |a| a.day), sched) {
            return Some(c);
        }
        self.cost(d, missing, lateness, sched)
    }

    /// The hubs on supply `s`'s fastest path to `v` when hub limits are ignored, with the limit
    /// of each that the path breaks: (hub id, why).
    fn hubs_in_the_way(&mut self, s: usize, v: NodeIx) -> Vec<(String, String)> {
        let m = self.m;
        let sup = &m.supplies[s];
        let res = &m.resources[sup.resource];
        let mut out = Vec::new();
        for (hb, day) in self.reach.path_stops(s, v, Rules::NoHubLimits) {
            let Some(hub) = &m.nodes[hb].hub else {
                continue;
            };
            let o = hub.first_operational_day();
            let why = if hub.fixed == Some(false) {
                "fixed closed".to_string()
            } else if hub.protection < res.protection {
                format!(
                    "protection {} below the {} that '{}' needs",
                    hub.protection, res.protection, res.id
                )
            } else if res.storage_per_unit > 0.0 && hub.capacity[res.storage] <= 0.0 {
                format!("no '{}' capacity", m.storage_classes[res.storage].id)
            } else if o >= m.horizon {
                format!("not operational within the horizon (day {o})")
            } else if o > day {
                format!("not operational before day {o}, needed on day {day}")
            } else {
                continue;
            };
            out.push((m.nodes[hb].id.clone(), why));
        }
        out
    }

    /// (nation, note) of the caveats that keep `nations`' resource `r` out of node `v`.
    fn barred(&self, nations: &BTreeSet<NationIx>, r: ResIx, v: NodeIx) -> Vec<(String, String)> {
        let m = self.m;
        let mut out = Vec::new();
        for &n in nations {
            let nat = &m.nations[n];
            for c in nat.caveats.iter().filter(|c| c.applies[r]) {
                if c.nodes.contains(&v) || c.countries.contains(&m.nodes[v].country) {
                    out.push((nat.id.clone(), c.note.clone()));
                }
            }
        }
        out
    }

    /// (nation, note) of the caveats of nations supplying `r` that forbid a route of a path
    /// (its mode or either end).
    fn caveats_on_path(&self, r: ResIx, routes: &[String]) -> Vec<(String, String)> {
        let m = self.m;
        let mut out: Vec<(String, String)> = Vec::new();
        let nations: BTreeSet<NationIx> = m
            .supplies
            .iter()
            .filter(|s| s.resource == r)
            .map(|s| s.nation)
            .collect();
        for id in routes {
            let Some(route) = m.routes.iter().find(|x| &x.id == id) else {
                continue;
            };
            for &n in &nations {
                let nat = &m.nations[n];
                for c in nat.caveats.iter().filter(|c| c.applies[r]) {
                    let hits = |v: NodeIx| {
                        c.nodes.contains(&v) || c.countries.contains(&m.nodes[v].country)
                    };
                    if c.modes.contains(&route.mode) || hits(route.from) || hits(route.to) {
                        let item = (nat.id.clone(), c.note.clone());
                        if !out.contains(&item) {
                            out.push(item);
                        }
                    }
                }
            }
        }
        out
    }

    /// Whether every way for more of the demand's resource to reach its node by `deadline` was
    /// used up in the schedule.
    fn saturation(
        &mut self,
        d: usize,
        deadline: usize,
        first_arrival: usize,
        sched: &Schedule,
    ) -> Option<Cause> {
        let m = self.m;
        let h = m.horizon;
        let dem = &m.demands[d];
        let (r, v) = (dem.resource, dem.node);
        let res = &m.resources[r];
        let usage = Usage::of(m, sched);
        let class = res.storage;
        let takes_room = res.storage_per_unit > 0.0;
        let mut limits: BTreeSet<Limit> = BTreeSet::new();
        // The demand's own hub, full on every day deliveries could count.
        if takes_room && m.nodes[v].hub.is_some() {
            let from = first_arrival.max(dem.earliest);
            if from <= deadline && (from..=deadline).all(|t| usage.hub_full(v, class, t)) {
                limits.insert(Limit::HubFull {
                    hub: m.nodes[v].id.clone(),
                    class: m.storage_classes[class].id.clone(),
                });
                return Some(Cause::Saturated {
                    node: m.nodes[v].id.clone(),
                    days: (from, deadline),
                    limits: limits.into_iter().collect(),
                });
            }
        }
        let nations: BTreeSet<NationIx> = m
            .supplies
            .iter()
            .filter(|s| s.resource == r)
            .map(|s| s.nation)
            .collect();
        let mut span: Option<(usize, usize)> = None;
        for (a, route) in m.routes.iter().enumerate() {
            if route.to != v {
                continue;
            }
            let usable: Vec<NationIx> = nations
                .iter()
                .copied()
                .filter(|&n| self.reach.route_usable(n, r, a, Rules::All))
                .collect();
            if usable.is_empty() {
                continue;
            }
            let Some(open) = usable
                .iter()
                .filter_map(|&n| self.reach.hub_from(n, r, v, Rules::All))
                .min()
            else {
                continue;
            };
            let Some(e) = self.reach.earliest_depart(r, route.from, a) else {
                continue;
            };
            let fleets: Vec<usize> = (0..m.fleets.len())
                .filter(|&f| {
                    m.fleets[f].routes.contains(&a) && usable.iter().any(|&n| m.fleet_carries(f, n))
                })
                .collect();
            let wt = m.weight(r, route.mode);
            for t in e..h {
                if t + route.transit > deadline {
                    break;
                }
                if !route.departs(t, h) || t + route.transit < open {
                    continue;
                }
                span = Some(span.map_or((t, t), |(x, y)| (x.min(t), y.max(t))));
                let (trips, spare) = usage.route.get(&(a, t)).copied().unwrap_or((0, 0.0));
                if spare > 1e-6 + 1e-3 * wt {
                    return None;
                }
                if let Some(mt) = route.max_trips.filter(|&mt| trips >= mt as u64) {
                    limits.insert(Limit::RouteMaxTrips {
                        route: route.id.clone(),
                        max_trips: mt,
                    });
                    continue;
                }
                let busy = fleets.iter().all(|&f| {
                    let rho = m.round_trip(f, a);
                    (t..(t + rho).min(h)).any(|x| {
                        usage.fleet.get(&(f, x)).copied().unwrap_or(0)
                            >= m.fleets[f].vehicles as u64
                    })
                });
                if busy && !fleets.is_empty() {
                    limits.insert(Limit::FleetsBusy {
                        route: route.id.clone(),
                        fleets: fleets.iter().map(|&f| m.fleets[f].id.clone()).collect(),
                    });
                    continue;
                }
                if takes_room
                    && m.nodes[route.from].hub.is_some()
                    && usage.hub_full(route.from, class, t)
                {
                    limits.insert(Limit::HubFull {
                        hub: m.nodes[route.from].id.clone(),
                        class: m.storage_classes[class].id.clone(),
                    });
                    continue;
                }
                return None;
            }
        }
        let days = span?;
        (!limits.is_empty()).then(|| Cause::Saturated {
            node: m.nodes[v].id.clone(),
            days,
            limits: limits.into_iter().collect(),
        })
    }

    /// Whether the penalty paid is cheaper than lifting the missing units (or, for lateness,
    /// lifting the late units in time), at the model's weights.
    fn cost(
        &mut self,
        d: usize,
        missing: f64,
        lateness: Option<f64>,
        sched: &Schedule,
    ) -> Option<Cause> {
        let m = self.m;
        let dem = &m.demands[d];
        let w = m.weights;
        let open: BTreeSet<String> = sched
            .hubs
            .iter()
            .filter(|h| h.open)
            .map(|h| h.hub.clone())
            .collect();
        let (penalty, lift) = match lateness {
            Some(unit_days) => {
                // Lift of the late units on the fastest path.
                let arrival = self.reach.earliest(dem.resource, dem.node, Rules::All)?;
                let lift = self.path_cost(dem.resource, missing, &arrival.routes, &open);
                (w.lateness * dem.priority * unit_days, lift)
            }
            None => {
                let lift = self.cheapest_lift(dem.resource, dem.node, missing, &open)?;
                (w.shortfall * dem.priority * missing, lift)
            }
        };
        (lift > penalty).then_some(Cause::Cost {
            lateness: lateness.is_some(),
            penalty,
            lift,
        })
    }

    /// Weighted cost of moving `q` units of `r` over a route: trips on the largest vehicle,
    /// tonne-km and risk.
    fn route_cost(&self, r: ResIx, a: RouteIx, q: f64) -> f64 {
        let m = self.m;
        let route = &m.routes[a];
        let wt = m.weight(r, route.mode);
        let cap = m
            .fleets
            .iter()
            .filter(|f| f.routes.contains(&a))
            .map(|f| f.capacity_t)
            .fold(0.0, f64::max);
        let trips = if cap > 0.0 {
            (q * wt / cap - 1e-9).ceil().max(1.0)
        } else {
            1.0
        };
        m.weights.cost * (route.cost_per_trip * trips + route.cost_per_t() * wt * q)
            + m.weights.risk * route.threat * wt * q
    }

    /// Weighted cost of opening a hub the schedule leaves closed, for a path through it.
    fn hub_cost(&self, v: NodeIx, open: &BTreeSet<String>) -> f64 {
        let m = self.m;
        match &m.nodes[v].hub {
            Some(hub) if !open.contains(&m.nodes[v].id) => {
                let o = hub.first_operational_day();
                m.weights.cost
                    * (hub.opening_cost + hub.daily_cost * m.horizon.saturating_sub(o) as f64)
            }
            _ => 0.0,
        }
    }

    fn path_cost(&self, r: ResIx, q: f64, routes: &[String], open: &BTreeSet<String>) -> f64 {
        let m = self.m;
        routes
            .iter()
            .filter_map(|id| m.routes.iter().position(|x| &x.id == id))
            .map(|a| self.route_cost(r, a, q) + self.hub_cost(m.routes[a].to, open))
            .sum()
    }

    /// Cheapest weighted cost of moving `q` units of `r` from any of its supplies to `v`
    /// (static: ignores days and capacities).
    fn cheapest_lift(&self, r: ResIx, v: NodeIx, q: f64, open: &BTreeSet<String>) -> Option<f64> {
        let m = self.m;
        let net = self.net;
        let mut best: Option<f64> = None;
        let nations: BTreeSet<NationIx> = m
            .supplies
            .iter()
            .filter(|s| s.resource == r && m.may_enter(s.nation, r, v))
            .map(|s| s.nation)
            .collect();
        for n in nations {
            let nv = net.graph.node_count();
            let mut dist = vec![f64::INFINITY; nv];
            let mut heap: BinaryHeap<Reverse<(Ordered, usize)>> = BinaryHeap::new();
            for s in m
                .supplies
                .iter()
                .filter(|s| s.resource == r && s.nation == n)
            {
                let g = net.depart[s.origin].index();
                dist[g] = 0.0;
                heap.push(Reverse((Ordered(0.0), g)));
            }
            while let Some(Reverse((Ordered(c), gi))) = heap.pop() {
                if c > dist[gi] {
                    continue;
                }
                for e in net.graph.edges(NodeIndex::new(gi)) {
                    let step = match *e.weight() {
                        Edge::Route(a) => {
                            if !self.reach.route_usable(n, r, a, Rules::All)
                                || self
                                    .reach
                                    .hub_from(n, r, m.routes[a].to, Rules::All)
                                    .is_none()
                            {
                                continue;
                            }
                            self.route_cost(r, a, q) + self.hub_cost(m.routes[a].to, open)
                        }
                        Edge::Handling(x) => {
                            if !m.may_enter(n, r, x) {
                                continue;
                            }
                            0.0
                        }
                    };
                    let to = e.target().index();
                    if c + step < dist[to] {
                        dist[to] = c + step;
                        heap.push(Reverse((Ordered(c + step), to)));
                    }
                }
            }
            let c = dist[net.arrive[v].index()];
            if c.is_finite() {
                best = Some(best.map_or(c, |b| b.min(c)));
            }
        }
        best
    }

    /// The reason shown for a soft demand's shortfall or lateness in a schedule, or `None`
    /// when it is met in full and on time or hubplan cannot tell.
    pub fn soft_reason(
        &mut self,
        d: usize,
        dr: &DeliveryReport,
        sched: &Schedule,
    ) -> Option<String> {
        let m = self.m;
        let dem = &m.demands[d];
        let tol = TOL * dem.quantity.max(1.0);
        if dr.shortfall <= tol && dr.late_unit_days <= tol {
            return None;
        }
        let mut causes: Vec<Cause> = Vec::new();
        if dr.shortfall > tol {
            if let Some(c) = self.demand_cause(d, m.horizon - 1, dr.shortfall, Some(sched), None) {
                causes.push(c);
            }
        }
        if dr.late_unit_days > tol {
            let late_qty = (dr.delivered - dr.on_time).max(0.0);
            if let Some(c) =
                self.demand_cause(d, dem.due, late_qty, Some(sched), Some(dr.late_unit_days))
            {
                // One reason of each kind: a shortfall and a lateness with the same kind of
                // cause differ only in the days that matter.
                let kind = std::mem::discriminant(&c);
                if !causes.iter().any(|x| std::mem::discriminant(x) == kind) {
                    causes.push(c);
                }
            }
        }
        if causes.is_empty() {
            if sched.solver.status != Status::Feasible {
                return None;
            }
            causes.push(Cause::Unproven {
                gap: sched.solver.gap,
            });
        }
        let parts: Vec<String> = causes.iter().map(|c| c.to_string()).collect();
        Some(parts.join("; "))
    }

    /// Why hard coverage requirement `c` cannot be met, from the model alone.
    pub fn coverage_cause(&self, c: usize) -> Option<Cause> {
        let m = self.m;
        let cov = &m.coverage[c];
        let q = cov.asset;
        let asset = &m.assets[q];
        if asset.count < cov.required {
            return Some(Cause::TooFewAssets {
                asset: asset.id.clone(),
                count: asset.count,
                required: cov.required,
            });
        }
        let reqs: Vec<usize> = (0..m.coverage.len())
            .filter(|&i| m.coverage[i].asset == q && m.coverage[i].hard)
            .collect();
        let Some(range) = asset.range_km else {
            let total: u32 = reqs.iter().map(|&i| m.coverage[i].required).sum();
            return (total > asset.count).then(|| Cause::TooFewAssets {
                asset: asset.id.clone(),
                count: asset.count,
                required: total,
            });
        };
        let sector = cov.sector;
        let mut unusable = Vec::new();
        let mut usable = false;
        for hb in m.hubs() {
            if !m.covers(q, hb, sector) {
                continue;
            }
            let hub = m.nodes[hb].hub.as_ref().expect("hub");
            let why = if hub.fixed == Some(false) {
                Some("fixed closed".to_string())
            } else if hub.first_operational_day() >= m.horizon {
                Some(format!(
                    "not operational within the horizon (day {})",
                    hub.first_operational_day()
                ))
            } else if hub.protection < asset.protection {
                Some(format!(
                    "protection {} below the {} it needs",
                    hub.protection, asset.protection
                ))
            } else if !m.may_base(q, hb) {
                let owner = &m.nations[asset.owner];
                let notes: Vec<String> = owner
                    .caveats
                    .iter()
                    .filter(|cv| {
                        cv.applies_to_assets
                            && (cv.nodes.contains(&hb)
                                || cv.countries.contains(&m.nodes[hb].country))
                    })
                    .map(|cv| cv.note.clone())
                    .filter(|n| !n.is_empty())
                    .collect();
                Some(if notes.is_empty() {
                    format!("a caveat of '{}'", owner.id)
                } else {
                    format!("a caveat of '{}': {}", owner.id, notes.join("; "))
                })
            } else {
                None
            };
            match why {
                Some(w) => unusable.push((m.nodes[hb].id.clone(), w)),
                None => usable = true,
            }
        }
        if !usable {
            return Some(Cause::NoHubInRange {
                asset: asset.id.clone(),
                sector: m.nodes[sector].id.clone(),
                range_km: range,
                unusable,
            });
        }
        Some(Cause::AssetsSpread {
            asset: asset.id.clone(),
            count: asset.count,
            sectors: reqs
                .iter()
                .map(|&i| {
                    (
                        m.nodes[m.coverage[i].sector].id.clone(),
                        m.coverage[i].required,
                    )
                })
                .collect(),
        })
    }
}

/// f64 with a total order, for the cost heap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ordered(f64);

impl Eq for Ordered {}

impl PartialOrd for Ordered {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ordered {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Fills [`DeliveryReport::reason`] for every soft demand of the schedule that is short or late
/// (where hubplan can tell why). Hard demands and demands met in full and on time get none.
pub fn annotate(model: &Model, net: &Network, sched: &mut Schedule) {
    if !sched.solver.status.has_schedule() {
        return;
    }
    let mut ex = Explainer::new(model, net);
    let mut reasons = Vec::new();
    for (i, dr) in sched.deliveries.iter().enumerate() {
        let Some(d) = model.demands.iter().position(|x| x.id == dr.demand) else {
            continue;
        };
        if model.demands[d].hard {
            continue;
        }
        if let Some(r) = ex.soft_reason(d, dr, sched) {
            reasons.push((i, r));
        }
    }
    for dr in &mut sched.deliveries {
        dr.reason = None;
    }
    for (i, r) in reasons {
        sched.deliveries[i].reason = Some(r);
    }
}
