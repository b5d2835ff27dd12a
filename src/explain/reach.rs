//! Earliest arrival by a time-dependent shortest-path sweep per supply ([`Reach`]). Unlike the
//! network's windows ([`crate::network::Windows`]), it honours route closures by day, arrival
//! by the last day, the days hubs on the way can be operational and, on request, the model
//! without its caveats or hub limits ([`Rules`]), so that an explanation can say which of
//! them stands in the way; and it keeps arrivals after a hard demand's due day.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::cause::Arrival;
use crate::model::{Model, NationIx, NodeIx, ResIx, RouteIx};
use crate::network::{Edge, Network};

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
    pub(super) fn hub_from(&self, n: NationIx, r: ResIx, v: NodeIx, rules: Rules) -> Option<usize> {
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
    pub(super) fn route_usable(&self, n: NationIx, r: ResIx, a: RouteIx, rules: Rules) -> bool {
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
    pub(super) fn path_stops(&mut self, s: usize, v: NodeIx, rules: Rules) -> Vec<(NodeIx, usize)> {
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
    pub(super) fn earliest_depart(&mut self, r: ResIx, v: NodeIx, route: RouteIx) -> Option<usize> {
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
