//! Explanations in the model's own terms: why a soft demand ends short or late, and which hard
//! demands and coverage requirements make a model infeasible.
//!
//! Two entry points:
//!
//! - [`annotate`] fills [`DeliveryReport::reason`] for every soft demand of a schedule that is
//!   short or late ([`crate::pipeline::plan`] calls it).
//! - [`explain_infeasible`] re-solves an infeasible model with every hard family given a
//!   penalised slack ([`BuildOptions::soften_hard`]) and turns the slacks the softened schedule
//!   uses into [`Finding`]s that name the demands, hubs, routes, coverage and days involved.
//!
//! Both rest on the same facts, derived from the model and, where a schedule exists, from what
//! the schedule does ([`Cause`]). The earliest-arrival facts come from a time-dependent
//! shortest-path sweep per supply ([`Reach`]) that, unlike the network's windows, honours route
//! closures, arrival by the last day, and the days hubs on the way can be operational, and that
//! keeps arrivals after a hard demand's due day (the windows drop them).

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};
use std::fmt;
use std::time::Instant;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::formulation::{self, BuildOptions};
use crate::model::{Model, NationIx, NodeIx, ResIx, RouteIx};
use crate::network::{Edge, Network};
use crate::schedule::{self, DeliveryReport, Schedule};
use crate::solve::{self, SolveError, SolveOptions, Status};

/// Quantities below this share of a demand (at least this many units) are not short.
const TOL: f64 = 1e-6;

/// A hard demand is reported short by the softened solve only from this many units: below it,
/// the slack may be solver tolerance or the trip tie-break
/// ([`formulation::SOFT_TIE_BREAK`]).
const HARD_SHORT_MIN: f64 = 1e-3;

/// Relative MIP gap of the softened solve (tighter than the default, so that the slacks it
/// reports are the least there can be).
const SOFT_GAP: f64 = 1e-6;

/// The fastest way some supply of a resource reaches a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    /// Earliest day it can be at the node.
    pub day: usize,
    /// Index of the supply in [`Model::supplies`].
    pub supply: usize,
    /// Origin node id of that supply.
    pub origin: String,
    /// Nation id of that supply.
    pub nation: String,
    /// Day the supply becomes available.
    pub available_day: usize,
    /// Route ids of the fastest path, in order.
    pub routes: Vec<String>,
}

/// What stopped more lift reaching a node on a day that matters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Limit {
    /// The route was at its `max_trips_per_day`.
    RouteMaxTrips {
        /// Route id.
        route: String,
        /// Its limit.
        max_trips: u32,
    },
    /// Every vehicle of every fleet that could fly, drive or sail the route was tied up.
    FleetsBusy {
        /// Route id.
        route: String,
        /// Fleet ids.
        fleets: Vec<String>,
    },
    /// A hub (the demand's node, or the hub a route into it leaves) was at capacity.
    HubFull {
        /// Hub id.
        hub: String,
        /// Storage class id.
        class: String,
    },
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::RouteMaxTrips { route, max_trips } => write!(
                f,
                "route '{route}' was saturated at its max_trips_per_day ({max_trips})"
            ),
            Limit::FleetsBusy { route, fleets } => write!(
                f,
                "every vehicle of {} serving route '{route}' was tied up",
                list_ids("fleet", fleets)
            ),
            Limit::HubFull { hub, class } => {
                write!(f, "hub '{hub}' was at its '{class}' capacity")
            }
        }
    }
}

/// Why a demand (or coverage requirement) is not met, in the model's terms.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// The demand's hub is forced closed.
    HubClosed {
        /// Hub id.
        hub: String,
    },
    /// The demand's hub cannot be operational within the horizon.
    HubNeverOperational {
        /// Hub id.
        hub: String,
        /// Its first operational day.
        day: usize,
    },
    /// The demand's hub cannot be operational by the day that matters.
    HubOpensLate {
        /// Hub id.
        hub: String,
        /// Its first operational day.
        day: usize,
        /// The day by which it would have to be.
        deadline: usize,
    },
    /// The demand's hub is not protected enough for the resource.
    HubProtection {
        /// Hub id.
        hub: String,
        /// Hub protection.
        level: u8,
        /// Resource id.
        resource: String,
        /// Protection the resource needs.
        needed: u8,
    },
    /// The demand's hub has no capacity in the resource's storage class.
    HubNoCapacity {
        /// Hub id.
        hub: String,
        /// Storage class id.
        class: String,
        /// Resource id.
        resource: String,
    },
    /// No nation supplies the resource.
    NoSupply {
        /// Resource id.
        resource: String,
    },
    /// Caveats forbid every nation that supplies the resource from the node.
    CaveatAtNode {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
        /// (nation id, caveat note) of each forbidding caveat.
        caveats: Vec<(String, String)>,
    },
    /// Caveats forbid every route that would bring the resource to the node in time.
    CaveatRoutes {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
        /// Day by which it was needed (`None`: within the horizon).
        deadline: Option<usize>,
        /// (nation id, caveat note) of the caveats of the nations concerned.
        caveats: Vec<(String, String)>,
        /// Earliest arrival if caveats did not apply.
        without: usize,
    },
    /// Hubs on the only paths that would bring the resource to the node in time are closed,
    /// not yet operational, not protected enough or without capacity for it.
    HubsInTheWay {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
        /// Day by which it was needed (`None`: within the horizon).
        deadline: Option<usize>,
        /// (hub id, why) of each hub in the way.
        hubs: Vec<(String, String)>,
        /// Earliest arrival if hubs had no limits.
        without: usize,
    },
    /// No supply can reach the node within the horizon at all.
    Unreachable {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
    },
    /// No supply can reach the node by the day that matters.
    TooFar {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
        /// Day by which it was needed.
        deadline: usize,
        /// The fastest arrival.
        arrival: Arrival,
    },
    /// Total supply of the resource is below its total demand (for a hard demand: the total of
    /// the hard demands for it).
    SupplyBelowDemand {
        /// Whether only hard demands are counted.
        hard: bool,
        /// Resource id.
        resource: String,
        /// Unit.
        unit: String,
        /// Total supply.
        supply: f64,
        /// Total demand.
        demand: f64,
        /// Number of demands for it.
        demands: usize,
    },
    /// Only part of the supply can reach the node by the day that matters.
    PartReachable {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
        /// Unit.
        unit: String,
        /// Day by which it was needed.
        deadline: usize,
        /// Supply that can arrive by then.
        reachable: f64,
        /// Quantity demanded.
        needed: f64,
        /// The earliest arrival of the rest: (origin id, day), if any arrives within the horizon.
        rest: Option<(String, usize)>,
        /// (nation id, caveat note) of caveats that keep suppliers of the resource out of the
        /// node.
        barred: Vec<(String, String)>,
    },
    /// Lift into the node was used up on every day that matters.
    Saturated {
        /// Node id.
        node: String,
        /// First and last departure day that matters.
        days: (usize, usize),
        /// What stopped more lift.
        limits: Vec<Limit>,
    },
    /// The penalty is cheaper than the lift, at the model's weights.
    Cost {
        /// Lateness (true) or shortfall (false).
        lateness: bool,
        /// Weighted penalty paid.
        penalty: f64,
        /// Weighted cost of the cheapest lift that would avoid it (estimate).
        lift: f64,
    },
    /// Nothing in the model explains it, and the solve stopped at a limit before proving its
    /// schedule optimal: a longer solve may do better.
    Unproven {
        /// The relative gap the solve stopped at, if known.
        gap: Option<f64>,
    },
    /// Fewer monitoring assets exist than the coverage needs.
    TooFewAssets {
        /// Asset id.
        asset: String,
        /// Count.
        count: u32,
        /// Required (by the requirement, or by every hard requirement of the asset together).
        required: u32,
    },
    /// No hub where the asset may be based is within range of the sector.
    NoHubInRange {
        /// Asset id.
        asset: String,
        /// Sector id.
        sector: String,
        /// Range in km.
        range_km: f64,
        /// Hubs within range and why each cannot base the asset.
        unusable: Vec<(String, String)>,
    },
    /// The assets cannot cover every sector that needs them at once.
    AssetsSpread {
        /// Asset id.
        asset: String,
        /// Count.
        count: u32,
        /// (sector id, required) of the hard requirements for the asset.
        sectors: Vec<(String, u32)>,
    },
}

fn list_ids(what: &str, ids: &[String]) -> String {
    let quoted: Vec<String> = ids.iter().map(|x| format!("'{x}'")).collect();
    if ids.len() == 1 {
        format!("{what} {}", quoted[0])
    } else {
        format!("{what}s {}", quoted.join(", "))
    }
}

fn caveat_list(caveats: &[(String, String)]) -> String {
    let v: Vec<String> = caveats
        .iter()
        .map(|(n, note)| {
            if note.is_empty() {
                format!("'{n}'")
            } else {
                format!("'{n}' ({note})")
            }
        })
        .collect();
    v.join(", ")
}

/// A quantity for messages: at most two decimals, no `-0`.
pub fn qty(x: f64) -> String {
    crate::diag::num((x * 100.0).round() / 100.0)
}

fn days(a: usize, b: usize) -> String {
    if a == b {
        format!("day {a}")
    } else {
        format!("days {a}-{b}")
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::HubClosed { hub } => write!(f, "hub '{hub}' is fixed closed (`fixed: false`)"),
            Cause::HubNeverOperational { hub, day } => write!(
                f,
                "hub '{hub}' cannot be operational within the horizon (earliest_open_day + setup_days = day {day})"
            ),
            Cause::HubOpensLate { hub, day, deadline } => write!(
                f,
                "hub '{hub}' cannot be operational before day {day} (earliest_open_day + setup_days), after day {deadline}"
            ),
            Cause::HubProtection {
                hub,
                level,
                resource,
                needed,
            } => write!(
                f,
                "hub '{hub}' has protection {level}, below the {needed} that '{resource}' needs"
            ),
            Cause::HubNoCapacity {
                hub,
                class,
                resource,
            } => write!(
                f,
                "hub '{hub}' has no '{class}' capacity, which '{resource}' needs"
            ),
            Cause::NoSupply { resource } => write!(f, "no nation supplies '{resource}'"),
            Cause::CaveatAtNode {
                resource,
                node,
                caveats,
            } => write!(
                f,
                "caveats forbid every nation that supplies '{resource}' from '{node}': {}",
                caveat_list(caveats)
            ),
            Cause::CaveatRoutes {
                resource,
                node,
                deadline,
                caveats,
                without,
            } => {
                let by = deadline.map_or("within the horizon".to_string(), |d| format!("by day {d}"));
                write!(
                    f,
                    "caveats forbid the only routes that would bring '{resource}' to '{node}' {by} (without them the earliest arrival is day {without})"
                )?;
                if !caveats.is_empty() {
                    write!(f, ": {}", caveat_list(caveats))?;
                }
                Ok(())
            }
            Cause::HubsInTheWay {
                resource,
                node,
                deadline,
                hubs,
                without,
            } => {
                let by = deadline.map_or("within the horizon".to_string(), |d| format!("by day {d}"));
                let v: Vec<String> = hubs.iter().map(|(h, why)| format!("'{h}' ({why})")).collect();
                write!(
                    f,
                    "the only paths that would bring '{resource}' to '{node}' {by} pass through {} {} (without hub limits the earliest arrival is day {without})",
                    if hubs.len() == 1 { "hub" } else { "hubs" },
                    v.join(", ")
                )
            }
            Cause::Unreachable { resource, node } => write!(
                f,
                "no supply of '{resource}' can reach '{node}' within the horizon"
            ),
            Cause::TooFar {
                resource,
                node,
                deadline,
                arrival,
            } => write!(
                f,
                "no supply of '{resource}' can reach '{node}' by day {deadline}: the earliest arrival is day {} (fastest path from '{}', available day {}, takes {} days)",
                arrival.day,
                arrival.origin,
                arrival.available_day,
                arrival.day - arrival.available_day.min(arrival.day)
            ),
            Cause::SupplyBelowDemand {
                hard,
                resource,
                unit,
                supply,
                demand,
                demands,
            } => write!(
                f,
                "total supply of '{resource}' ({} {unit}) is below total {}demand ({} {unit} over {demands} {}demand{})",
                qty(*supply),
                if *hard { "hard " } else { "" },
                qty(*demand),
                if *hard { "hard " } else { "" },
                if *demands == 1 { "" } else { "s" }
            ),
            Cause::PartReachable {
                resource,
                node,
                unit,
                deadline,
                reachable,
                needed,
                rest,
                barred,
            } => {
                write!(
                    f,
                    "only {} of the {} {unit} of '{resource}' needed can reach '{node}' by day {deadline}",
                    qty(*reachable),
                    qty(*needed)
                )?;
                if let Some((origin, day)) = rest {
                    write!(f, "; the rest cannot arrive before day {day} (from '{origin}')")?;
                }
                if !barred.is_empty() {
                    write!(
                        f,
                        "; caveats keep out {}",
                        caveat_list(barred)
                    )?;
                }
                Ok(())
            }
            Cause::Saturated { node, days: (a, b), limits } => {
                let parts: Vec<String> = limits.iter().map(|l| l.to_string()).collect();
                write!(
                    f,
                    "lift into '{node}' was saturated on every day that matters ({}): {}",
                    days(*a, *b),
                    parts.join("; ")
                )
            }
            Cause::Cost {
                lateness,
                penalty,
                lift,
            } => write!(
                f,
                "cost: the {} penalty ({}) is cheaper than the lift (about {})",
                if *lateness { "lateness" } else { "shortfall" },
                crate::report::num(*penalty, 0),
                crate::report::num(*lift, 0)
            ),
            Cause::Unproven { gap } => write!(
                f,
                "no limit of the model explains it; the solve stopped before proving its schedule optimal ({}), so a longer solve (--time-limit) may do better",
                gap.map_or("no bound".to_string(), |g| format!("gap {:.1}%", 100.0 * g))
            ),
            Cause::TooFewAssets {
                asset,
                count,
                required,
            } => write!(
                f,
                "only {count} '{asset}' exist{} and {required} are required",
                if *count == 1 { "s" } else { "" }
            ),
            Cause::NoHubInRange {
                asset,
                sector,
                range_km,
                unusable,
            } => {
                if unusable.is_empty() {
                    write!(
                        f,
                        "no hub candidate is within {} km ('{asset}' range) of '{sector}'",
                        qty(*range_km)
                    )
                } else {
                    let v: Vec<String> = unusable
                        .iter()
                        .map(|(h, why)| format!("'{h}' ({why})"))
                        .collect();
                    write!(
                        f,
                        "no hub within {} km ('{asset}' range) of '{sector}' can base it: {}",
                        qty(*range_km),
                        v.join(", ")
                    )
                }
            }
            Cause::AssetsSpread {
                asset,
                count,
                sectors,
            } => {
                let v: Vec<String> = sectors
                    .iter()
                    .map(|(s, r)| format!("'{s}' {r}"))
                    .collect();
                write!(
                    f,
                    "the {count} '{asset}' cannot be based to cover every sector that needs them at once ({})",
                    v.join(", ")
                )
            }
        }
    }
}

/// Which of the model's rules a reachability sweep applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rules {
    /// Every rule.
    All,
    /// Every rule but caveats (to tell whether caveats are what stands in the way).
    NoCaveats,
    /// Every rule but the hubs' limits: closed, not yet operational, protection, no capacity
    /// in the class (to tell whether a hub on the way is what stands in the way).
    NoHubLimits,
}

/// Per-supply earliest arrival at every graph vertex, with the edge used to get there.
#[derive(Debug, Clone)]
struct Sweep {
    day: Vec<Option<usize>>,
    pred: Vec<Option<(Edge, NodeIndex)>>,
}

/// Time-dependent reachability: the earliest day each supply can be at each node, honouring
/// route closures, arrival by the last day, fleets, the days hubs on the way can be
/// operational (and their protection and class capacity), handling days and, optionally,
/// caveats. Sweeps are computed on demand and cached.
pub struct Reach<'a> {
    m: &'a Model,
    net: &'a Network,
    cache: HashMap<(usize, Rules), Sweep>,
}

impl<'a> Reach<'a> {
    /// A new, empty cache for a model and its network.
    pub fn new(m: &'a Model, net: &'a Network) -> Self {
        Reach {
            m,
            net,
            cache: HashMap::new(),
        }
    }

    /// First day hub `v` can hold nation `n`'s resource `r` (`Some(0)` at other nodes; `None`
    /// never).
    fn hub_from(&self, n: NationIx, r: ResIx, v: NodeIx, rules: Rules) -> Option<usize> {
        let m = self.m;
        let caveats = rules != Rules::NoCaveats;
        let Some(hub) = &m.nodes[v].hub else {
            return Some(0);
        };
        if rules == Rules::NoHubLimits {
            return m.may_enter(n, r, v).then_some(0);
        }
        let res = &m.resources[r];
        let o = hub.first_operational_day();
        let ok = hub.fixed != Some(false)
            && o < m.horizon
            && hub.protection >= res.protection
            && (res.storage_per_unit == 0.0 || hub.capacity[res.storage] > 0.0)
            && (!caveats || m.may_enter(n, r, v));
        ok.then_some(o)
    }

    /// Whether nation `n`'s resource `r` can travel on route `a` (a fleet serves it and
    /// carries `n`; and, unless `rules` is [`Rules::NoCaveats`], the caveats allow it).
    fn route_usable(&self, n: NationIx, r: ResIx, a: RouteIx, rules: Rules) -> bool {
        let m = self.m;
        (rules == Rules::NoCaveats || m.may_use_route(n, r, a))
            && m.fleets
                .iter()
                .enumerate()
                .any(|(f, fl)| fl.routes.contains(&a) && m.fleet_carries(f, n))
    }

    fn sweep(&mut self, s: usize, rules: Rules) -> &Sweep {
        if !self.cache.contains_key(&(s, rules)) {
            let sw = self.compute(s, rules);
            self.cache.insert((s, rules), sw);
        }
        &self.cache[&(s, rules)]
    }

    fn compute(&self, s: usize, rules: Rules) -> Sweep {
        let caveats = rules != Rules::NoCaveats;
        let m = self.m;
        let net = self.net;
        let h = m.horizon;
        let sup = &m.supplies[s];
        let (n, r) = (sup.nation, sup.resource);
        let nv = net.graph.node_count();
        let mut day: Vec<Option<usize>> = vec![None; nv];
        let mut pred = vec![None; nv];
        if caveats && !m.may_enter(n, r, sup.origin) {
            return Sweep { day, pred };
        }
        let start = net.depart[sup.origin];
        day[start.index()] = Some(sup.day);
        let mut heap = BinaryHeap::new();
        heap.push(Reverse((sup.day, start.index())));
        while let Some(Reverse((t, gi))) = heap.pop() {
            if day[gi].is_some_and(|d| d < t) {
                continue;
            }
            let g = NodeIndex::new(gi);
            for e in net.graph.edges(g) {
                let arrive = match *e.weight() {
                    Edge::Route(a) => {
                        if !self.route_usable(n, r, a, rules) {
                            continue;
                        }
                        let route = &m.routes[a];
                        let Some(open) = self.hub_from(n, r, route.to, rules) else {
                            continue;
                        };
                        let mut t2 = t.max(open.saturating_sub(route.transit));
                        while t2 < h && !route.departs(t2, h) {
                            t2 += 1;
                        }
                        if t2 >= h {
                            continue;
                        }
                        t2 + route.transit
                    }
                    Edge::Handling(v) => {
                        if caveats && !m.may_enter(n, r, v) {
                            continue;
                        }
                        let dd = m.nodes[v].handling.map_or(0, |x| x.days);
                        if t + dd >= h {
                            continue;
                        }
                        t + dd
                    }
                };
                let to = e.target().index();
                if day[to].is_none_or(|d| arrive < d) {
                    day[to] = Some(arrive);
                    pred[to] = Some((*e.weight(), g));
                    heap.push(Reverse((arrive, to)));
                }
            }
        }
        Sweep { day, pred }
    }

    /// Earliest day supply `s` can be at node `v` (at its arrival vertex).
    pub fn supply_arrival(&mut self, s: usize, v: NodeIx, rules: Rules) -> Option<usize> {
        let g = self.net.arrive[v].index();
        self.sweep(s, rules).day[g]
    }

    /// The fastest arrival of any supply of resource `r` at node `v` (ties: the first supply).
    pub fn earliest(&mut self, r: ResIx, v: NodeIx, rules: Rules) -> Option<Arrival> {
        let m = self.m;
        let caveats = rules != Rules::NoCaveats;
        let mut best: Option<(usize, usize)> = None;
        for s in 0..m.supplies.len() {
            if m.supplies[s].resource != r {
                continue;
            }
            if caveats && !m.may_enter(m.supplies[s].nation, r, v) {
                continue;
            }
            if let Some(t) = self.supply_arrival(s, v, rules) {
                if best.is_none_or(|(bt, _)| t < bt) {
                    best = Some((t, s));
                }
            }
        }
        let (t, s) = best?;
        let mut routes = Vec::new();
        let net = self.net;
        let sw = self.sweep(s, rules);
        let mut g = net.arrive[v];
        while let Some((e, from)) = sw.pred[g.index()] {
            if let Edge::Route(a) = e {
                routes.push(m.routes[a].id.clone());
            }
            g = from;
        }
        routes.reverse();
        let sup = &m.supplies[s];
        Some(Arrival {
            day: t,
            supply: s,
            origin: m.nodes[sup.origin].id.clone(),
            nation: m.nations[sup.nation].id.clone(),
            available_day: sup.day,
            routes,
        })
    }

    /// The nodes supply `s`'s fastest path to `v` arrives at by route, in order, with the day
    /// it arrives at each.
    fn path_stops(&mut self, s: usize, v: NodeIx, rules: Rules) -> Vec<(NodeIx, usize)> {
        let m = self.m;
        let net = self.net;
        let sw = self.sweep(s, rules);
        let mut out = Vec::new();
        let mut g = net.arrive[v];
        while let Some((e, from)) = sw.pred[g.index()] {
            if let Edge::Route(a) = e {
                if let Some(t) = sw.day[g.index()] {
                    out.push((m.routes[a].to, t));
                }
            }
            g = from;
        }
        out.reverse();
        out
    }

    /// Earliest day any supply of `r` can be at the departure side of node `v` (for routes
    /// leaving it), with caveats.
    fn earliest_depart(&mut self, r: ResIx, v: NodeIx, route: RouteIx) -> Option<usize> {
        let m = self.m;
        let g = self.net.depart[v].index();
        let mut best = None;
        for s in 0..m.supplies.len() {
            let sup = &m.supplies[s];
            if sup.resource != r || !self.route_usable(sup.nation, r, route, Rules::All) {
                continue;
            }
            if let Some(t) = self.sweep(s, Rules::All).day[g] {
                best = Some(best.map_or(t, |b: usize| b.min(t)));
            }
        }
        best
    }

    /// The earliest arrival at `v` after `deadline` of a supply of `r` that cannot arrive by
    /// then: (origin id, day).
    pub fn earliest_after(
        &mut self,
        r: ResIx,
        v: NodeIx,
        deadline: usize,
    ) -> Option<(String, usize)> {
        let m = self.m;
        let mut best: Option<(usize, usize)> = None;
        for s in 0..m.supplies.len() {
            let sup = &m.supplies[s];
            if sup.resource != r || !m.may_enter(sup.nation, r, v) {
                continue;
            }
            if let Some(t) = self
                .supply_arrival(s, v, Rules::All)
                .filter(|&t| t > deadline)
            {
                if best.is_none_or(|(bt, _)| t < bt) {
                    best = Some((t, s));
                }
            }
        }
        best.map(|(t, s)| (m.nodes[m.supplies[s].origin].id.clone(), t))
    }

    /// Supply of `r` that can reach `v` by day `deadline` (caveats applied).
    pub fn reachable_by(&mut self, r: ResIx, v: NodeIx, deadline: usize) -> f64 {
        let m = self.m;
        let mut total = 0.0;
        for s in 0..m.supplies.len() {
            let sup = &m.supplies[s];
            if sup.resource != r || !m.may_enter(sup.nation, r, v) {
                continue;
            }
            if self
                .supply_arrival(s, v, Rules::All)
                .is_some_and(|t| t <= deadline)
            {
                total += sup.quantity;
            }
        }
        total
    }
}

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

/// What an explanation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A hard demand, by index in [`Model::demands`].
    Demand(usize),
    /// A hard coverage requirement, by index in [`Model::coverage`].
    Coverage(usize),
}

/// One hard requirement that cannot be met.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The demand or coverage requirement.
    pub subject: Subject,
    /// Units (demands) or assets (coverage) missing by the due day, as the softened schedule
    /// has it; `None` when the softened solve gave no schedule.
    pub short: Option<f64>,
    /// Fastest arrival of the demand's resource at its node (demands only).
    pub earliest: Option<Arrival>,
    /// The headline, e.g. "hard demand 'x' (300 persons at 'hub_lviv' by day 12) cannot be
    /// met: 120 persons short by day 12; the earliest any can arrive is day 14 (fastest path
    /// from 'fr_mourmelon')".
    pub message: String,
    /// Why, when hubplan can tell.
    pub cause: Option<Cause>,
    /// Further facts from the softened schedule.
    pub notes: Vec<String>,
    /// What the planner could change.
    pub hint: String,
}

impl Finding {
    /// Renders the finding in the style of validation diagnostics (without a location).
    pub fn render(&self) -> String {
        let p = crate::diag::printable;
        let mut out = format!("error: {}\n", p(&self.message));
        if let Some(c) = &self.cause {
            out.push_str(&format!("  = because: {}\n", p(&c.to_string())));
        }
        for n in &self.notes {
            out.push_str(&format!("  = note: {}\n", p(n)));
        }
        out.push_str(&format!("  = hint: {}\n", p(&self.hint)));
        out
    }
}

/// The explanation of an infeasible model.
#[derive(Debug, Clone)]
pub struct Infeasibility {
    /// Each hard requirement that cannot be met.
    pub findings: Vec<Finding>,
    /// Status of the softened solve: `optimal` or `feasible` when its slacks were read;
    /// otherwise the findings come from the model alone.
    pub status: Status,
    /// Wall seconds of the softened build and solve.
    pub seconds: f64,
}

impl Infeasibility {
    /// Every finding rendered, then a one-line account of how they were found.
    pub fn render(&self) -> String {
        let mut out: String = self.findings.iter().map(Finding::render).collect();
        if self.findings.is_empty() && self.status.has_schedule() {
            out.push_str(
                "note: re-solved with every hard demand and hard coverage relaxed, hubplan meets them all, so it cannot tell which one fails (the model may be infeasible only within the solver's tolerances)\n",
            );
        } else if !self.status.has_schedule() {
            out.push_str(&format!(
                "note: the re-solve with hard requirements relaxed found no schedule ({}, {:.1} s); the above is from the model alone\n",
                self.status.as_str().replace('_', " "),
                self.seconds
            ));
        }
        out
    }
}

/// Explains why a model is infeasible: re-solves it with [`BuildOptions::soften_hard`] (within
/// `opts.time_limit`) and reports every hard demand short by its due day and every hard coverage
/// requirement short, each with its cause. If the softened solve finds no schedule in time,
/// the findings come from the model alone (hard demands and coverage whose cause hubplan can
/// see without solving).
pub fn explain_infeasible(
    model: &Model,
    net: &Network,
    opts: &SolveOptions,
) -> Result<Infeasibility, SolveError> {
    let start = Instant::now();
    let mut f = formulation::build_with(model, net, &BuildOptions { soften_hard: true });
    let opts = SolveOptions {
        gap: Some(SOFT_GAP),
        ..opts.clone()
    };
    let res = solve::solve(&mut f, model, &opts)?;
    let mut ex = Explainer::new(model, net);
    let mut findings = Vec::new();
    let sched = res
        .status
        .has_schedule()
        .then(|| schedule::from_solution(model, net, &f, &res));
    for (d, dem) in model.demands.iter().enumerate() {
        if !dem.hard {
            continue;
        }
        let tol = (TOL * dem.quantity).max(HARD_SHORT_MIN);
        let (short, dr) = match &sched {
            Some(s) => {
                let Some(dr) = s.deliveries.iter().find(|x| x.demand == dem.id) else {
                    continue;
                };
                let short = dem.quantity - dr.on_time;
                if short <= tol {
                    continue;
                }
                (Some(short), Some(dr))
            }
            None => (None, None),
        };
        let cause = ex.demand_cause(
            d,
            dem.due,
            short.unwrap_or(dem.quantity),
            sched.as_ref(),
            None,
        );
        if short.is_none() && cause.is_none() {
            continue;
        }
        // Cost is no reason for a hard demand.
        let cause = cause.filter(|c| !matches!(c, Cause::Cost { .. }));
        findings.push(demand_finding(model, &mut ex, d, short, dr, cause));
    }
    for (c, cov) in model.coverage.iter().enumerate() {
        if !cov.hard {
            continue;
        }
        let short = match &sched {
            Some(s) => {
                let sector = &model.nodes[cov.sector].id;
                let asset = &model.assets[cov.asset].id;
                let Some(cr) = s
                    .monitoring
                    .coverage
                    .iter()
                    .find(|x| &x.sector == sector && &x.asset == asset)
                else {
                    continue;
                };
                if cr.shortfall == 0 {
                    continue;
                }
                Some(cr.shortfall as f64)
            }
            None => None,
        };
        let cause = ex.coverage_cause(c);
        if short.is_none()
            && !matches!(
                cause,
                Some(Cause::TooFewAssets { .. } | Cause::NoHubInRange { .. })
            )
        {
            continue;
        }
        findings.push(coverage_finding(model, c, short, cause));
    }
    Ok(Infeasibility {
        findings,
        status: res.status,
        seconds: start.elapsed().as_secs_f64(),
    })
}

fn demand_finding(
    m: &Model,
    ex: &mut Explainer<'_>,
    d: usize,
    short: Option<f64>,
    dr: Option<&DeliveryReport>,
    cause: Option<Cause>,
) -> Finding {
    let dem = &m.demands[d];
    let res = &m.resources[dem.resource];
    let node = &m.nodes[dem.node].id;
    let unit = &res.unit;
    let earliest = ex.demand_arrival(d);
    let mut message = format!(
        "hard demand '{}' ({} {unit} of '{}' at '{node}' by day {}) cannot be met",
        dem.id,
        qty(dem.quantity),
        res.id,
        dem.due
    );
    if let Some(s) = short {
        message.push_str(&format!(": {} {unit} short by day {}", qty(s), dem.due));
    }
    match &earliest {
        Some(a) => message.push_str(&format!(
            "; the earliest any can arrive is day {} (fastest path from '{}'{})",
            a.day,
            a.origin,
            if a.routes.is_empty() {
                String::new()
            } else {
                let quoted: Vec<String> = a.routes.iter().map(|r| format!("'{r}'")).collect();
                format!(" via {}", quoted.join(", "))
            }
        )),
        None => message.push_str("; none can arrive within the horizon"),
    }
    // The time fact is in the headline already.
    let cause = cause.filter(|c| !matches!(c, Cause::TooFar { .. } | Cause::Unreachable { .. }));
    let mut notes = Vec::new();
    if let Some(dr) = dr {
        if dr.delivered > dr.on_time + TOL * dem.quantity.max(1.0) {
            match dr.completed_day {
                Some(day) => notes.push(format!(
                    "with it relaxed, all {} {unit} can arrive by day {day}",
                    qty(dem.quantity)
                )),
                None => notes.push(format!(
                    "with it relaxed, {} {unit} can arrive by the last day ({} on time)",
                    qty(dr.delivered),
                    qty(dr.on_time)
                )),
            }
        } else if dr.on_time > 0.0 {
            notes.push(format!(
                "with it relaxed, {} {unit} arrive on time and no more within the horizon",
                qty(dr.on_time)
            ));
        }
    }
    let hint = match (&cause, &earliest) {
        (Some(Cause::HubClosed { .. }), _) => format!(
            "let the hub open (remove `fixed: false` from '{node}'), move the demand, or make it soft (`hard: false`)"
        ),
        (Some(Cause::SupplyBelowDemand { .. } | Cause::PartReachable { .. }), _) => {
            "add supply, lower the quantity, or make the demand soft (`hard: false`) to plan with a shortfall".to_string()
        }
        (Some(Cause::HubsInTheWay { .. }), _) => {
            "let the hubs named open earlier (or at all), route around them, move the due day, or make the demand soft (`hard: false`)".to_string()
        }
        (Some(Cause::CaveatAtNode { .. } | Cause::CaveatRoutes { .. }), _) => {
            "add a supply from a nation whose caveats allow it, move the demand, or make it soft (`hard: false`)".to_string()
        }
        (Some(Cause::Saturated { .. }), _) => {
            "add lift (vehicles, trips per day, routes) or hub capacity, move the due day, or make the demand soft (`hard: false`)".to_string()
        }
        (None, Some(a)) if a.day > dem.due => format!(
            "move its due day to {} or later, add a supply nearer '{node}' or a faster route, or make it soft (`hard: false`)",
            a.day
        ),
        _ => "move its due day, add supply or lift, or make it soft (`hard: false`) to plan with a shortfall".to_string(),
    };
    Finding {
        subject: Subject::Demand(d),
        short,
        earliest,
        message,
        cause,
        notes,
        hint,
    }
}

fn coverage_finding(m: &Model, c: usize, short: Option<f64>, cause: Option<Cause>) -> Finding {
    let cov = &m.coverage[c];
    let asset = &m.assets[cov.asset];
    let sector = &m.nodes[cov.sector].id;
    let mut message = format!(
        "hard coverage of sector '{sector}' by '{}' ({} required) cannot be met",
        asset.id, cov.required
    );
    if let Some(s) = short {
        message.push_str(&format!(": {} short", qty(s)));
    }
    let hint = match &cause {
        Some(Cause::NoHubInRange { .. }) => format!(
            "add or allow a hub candidate within {} km of '{sector}', use an asset with more range, or make the coverage soft (`hard: false`)",
            qty(asset.range_km.unwrap_or(0.0))
        ),
        Some(Cause::TooFewAssets { .. }) => format!(
            "raise the count of '{}', lower the requirement, or make the coverage soft (`hard: false`)",
            asset.id
        ),
        _ => "add assets or hub candidates, or make the coverage soft (`hard: false`)".to_string(),
    };
    Finding {
        subject: Subject::Coverage(c),
        short,
        earliest: None,
        message,
        cause,
        notes: Vec::new(),
        hint,
    }
}
