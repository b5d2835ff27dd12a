//! The transport bound: a lower bound on the objective that needs no LP, for models whose
//! relaxation is out of reach within the time limit.

use std::collections::HashMap;

use petgraph::graph::{DiGraph, NodeIndex};

use crate::formulation::{CoverOwner, Formulation};
use crate::model::{FleetIx, Model, RouteIx};
use crate::network::Commodity;

impl Formulation {
    /// A lower bound on the objective (without [`Self::objective_offset`]) that needs no LP:
    /// every unit a demand receives travelled from an origin of its commodity along routes,
    /// so it costs at least the cheapest such path, where a route costs per unit what its
    /// cheapest flow column of that commodity costs, plus that column's share of a trip
    /// (`c_n · w / cap_f`: the loading row `Σ w·x ≤ cap_f·n` gives `c_n·n ≥ Σ (c_n·w/cap_f)·x`),
    /// plus its cheapest delivery column. A soft demand's unit costs at most its shortfall.
    /// Stock, handling and lateness beyond the cheapest day cost nothing here (they cost at
    /// least 0), nor do supply limits, capacities and fleets bind. So
    ///
    /// `Σ_d q_d · min( min_k (dist_k(v_d) + min_t c(del[d,k,t])), c(u[d]) )`
    ///
    /// bounds what the demands cost. To it is added, for a packing of the hub cover sets
    /// ([`Self::cover_sets`], pairwise disjoint, one per owner), the least each set's owner
    /// can cost beyond the first part: a coverage requirement the lesser of its cheapest hub
    /// (its opening and the last day) and its shortfall; a demand `d` of quantity `q_d` the
    /// lesser of being short in full and, over the day `t` of its first delivery,
    ///
    /// `min_{h∈S} Σ_{τ≥t} c(y[h,τ]) + q_d · (min(c(u_d), min_{t'≥t} (dist + c(del[d,·,t']))) − unit_d)`:
    ///
    /// what it receives on day `t` passed a hub of the set on a day `p ≤ t`, open then and
    /// (hubs stay open, 4.1) to the last day. Every schedule pays at least that for each set
    /// of the packing, and no two sets share a payment. The sum bounds every schedule's cost
    /// from below. It is the bound of models whose relaxation is
    /// out of reach (the xl theatre); a finished relaxation is always at least as strong.
    pub fn transport_bound(&self, model: &Model) -> f64 {
        let c = &self.objective_coefficients;
        // Paths need costs of at least 0 (no model has a negative one today).
        if c.iter().any(|&v| v < 0.0) {
            return f64::NEG_INFINITY;
        }
        let ks = crate::network::commodities(model);
        let dist = self.cheapest_paths(model, &ks);
        let h = model.horizon;
        // The cheapest unit delivered to each demand on day `t` or later, by suffix minima.
        let mut delivered_from = vec![Vec::new(); model.demands.len()];
        for del in &self.deliveries {
            let v = model.demands[del.demand].node;
            let Some(p) = dist.get(del.k).map(|d| d[v]) else {
                continue;
            };
            let days = &mut delivered_from[del.demand];
            if days.is_empty() {
                *days = vec![f64::INFINITY; h + 1];
            }
            if let Some(slot) = days.get_mut(del.day) {
                *slot = slot.min(p + c[del.col.ix]);
            }
        }
        for days in delivered_from.iter_mut().filter(|d| !d.is_empty()) {
            for t in (0..h).rev() {
                days[t] = days[t].min(days[t + 1]);
            }
        }
        // A unit's cheapest path and delivery on any day: the suffix minimum of day 0.
        let path: Vec<f64> = delivered_from
            .iter()
            .map(|days| days.first().copied().unwrap_or(f64::INFINITY))
            .collect();
        let mut short = vec![f64::INFINITY; model.demands.len()];
        for &(d, col) in &self.shortfalls {
            short[d] = short[d].min(c[col.ix]);
        }
        let unit: Vec<f64> = path.iter().zip(&short).map(|(p, s)| p.min(*s)).collect();
        let transport: f64 = unit
            .iter()
            .zip(&model.demands)
            .filter(|(u, _)| u.is_finite())
            .map(|(u, d)| u * d.quantity)
            .sum();
        // The hubs: each cover set's owner is served through one of its hubs, or not at all
        // (a demand then short in full, a coverage requirement short by all it requires).
        // Sets whose hubs are disjoint, one per owner, are paid separately: each adds the
        // least its owner can cost beyond what the transport part counted (a greedy packing,
        // largest first).
        //
        // A hub is open from the day it opens to the last (4.1), so open on day `t` it costs
        // at least `open_from[h][t] = Σ_{τ≥t} c(y[h,τ])`: its opening and every day from `t`
        // on (infinite before its first operational day). Whatever a demand receives on day
        // `t` passed a hub of its set on a day `p ≤ t`, open then, so a demand whose first
        // delivery is on day `t` pays at least `min_{h∈S} open_from[h][t]` for the hub, and
        // each unit at least `min(short, its cheapest delivery on day t or later)`.
        let mut open_from = vec![Vec::new(); model.nodes.len()];
        for o in &self.open {
            let days = &mut open_from[o.hub];
            if days.is_empty() {
                *days = vec![f64::INFINITY; h + 1];
            }
            if let Some(slot) = days.get_mut(o.day) {
                *slot = c[o.col.ix];
            }
        }
        for days in open_from.iter_mut().filter(|d| !d.is_empty()) {
            // Suffix sums; a day without a column (before the first operational day) stays
            // infinite, and so does every day before it.
            days[h] = 0.0;
            for t in (0..h).rev() {
                days[t] = if days[t].is_finite() {
                    days[t] + days[t + 1]
                } else {
                    f64::INFINITY
                };
            }
        }
        let mut coverage_short = vec![f64::INFINITY; model.coverage.len()];
        for &(cv, col) in &self.coverage_short {
            coverage_short[cv] = c[col.ix] * model.coverage[cv].required as f64;
        }
        let opened_on =
            |hub: usize, t: usize| open_from[hub].get(t).copied().unwrap_or(f64::INFINITY);
        let mut sets: Vec<(f64, usize)> = self
            .cover_sets
            .iter()
            .enumerate()
            .map(|(i, set)| {
                let cheapest = |t: usize| {
                    set.hubs
                        .iter()
                        .map(|&hub| opened_on(hub, t))
                        .fold(f64::INFINITY, f64::min)
                };
                let least = match set.owner {
                    CoverOwner::Demand(d) if unit[d].is_finite() => {
                        let q = model.demands[d].quantity;
                        let from = &delivered_from[d];
                        let served = (0..h)
                            .map(|t| {
                                let each =
                                    short[d].min(from.get(t).copied().unwrap_or(f64::INFINITY));
                                cheapest(t) + (each - unit[d]) * q
                            })
                            .fold(f64::INFINITY, f64::min);
                        served.min((short[d] - unit[d]) * q)
                    }
                    CoverOwner::Demand(_) => 0.0,
                    // A coverage requirement needs its hub on the last day only.
                    CoverOwner::Coverage(cv) => {
                        cheapest(h.saturating_sub(1)).min(coverage_short[cv])
                    }
                };
                (least, i)
            })
            .filter(|(v, _)| v.is_finite() && *v > 0.0)
            .collect();
        sets.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut used_hub = vec![false; model.nodes.len()];
        let mut used_owner = std::collections::BTreeSet::new();
        let mut hubs = 0.0;
        for (v, i) in sets {
            let set = &self.cover_sets[i];
            if used_owner.contains(&set.owner) || set.hubs.iter().any(|&h| used_hub[h]) {
                continue;
            }
            used_owner.insert(set.owner);
            for &h in &set.hubs {
                used_hub[h] = true;
            }
            hubs += v;
        }
        transport + hubs
    }

    /// The cheapest cost of one unit of each commodity (of `ks`) from its origins to every
    /// node, by commodity then node (`f64::INFINITY`: unreachable): each route priced at its
    /// cheapest flow column plus that fleet's trip cost per unit of full load.
    fn cheapest_paths(&self, model: &Model, ks: &[Commodity]) -> Vec<Vec<f64>> {
        let c = &self.objective_coefficients;
        let trip: HashMap<(RouteIx, FleetIx, usize), usize> = self
            .trips
            .iter()
            .map(|t| ((t.route, t.fleet, t.day), t.col.ix))
            .collect();
        // Cheapest unit cost of each (commodity, route).
        let nr = model.routes.len();
        let mut arc = vec![f64::INFINITY; ks.len() * nr];
        for x in &self.flows {
            let Some(k) = ks.get(x.k) else { continue };
            let route = &model.routes[x.route];
            let fleet = &model.fleets[x.fleet];
            let share = trip.get(&(x.route, x.fleet, x.day)).map_or(0.0, |&n| {
                c[n] * model.weight(k.resource, route.mode) / fleet.capacity_t
            });
            let unit = c[x.col.ix] + share;
            let slot = &mut arc[x.k * nr + x.route];
            *slot = slot.min(unit);
        }
        // Cheapest path from the commodity's origins to every node.
        let nn = model.nodes.len();
        let dist: Vec<Vec<f64>> = (0..ks.len())
            .map(|k| {
                let mut g = DiGraph::<(), f64>::with_capacity(nn + 1, nr + nn);
                for _ in 0..=nn {
                    g.add_node(());
                }
                let source = NodeIndex::new(nn);
                for s in &model.supplies {
                    if ks[k]
                        == (Commodity {
                            nation: s.nation,
                            resource: s.resource,
                        })
                    {
                        g.add_edge(source, NodeIndex::new(s.origin), 0.0);
                    }
                }
                for (a, r) in model.routes.iter().enumerate() {
                    let w = arc[k * nr + a];
                    if w.is_finite() {
                        g.add_edge(NodeIndex::new(r.from), NodeIndex::new(r.to), w);
                    }
                }
                let d = petgraph::algo::dijkstra(&g, source, None, |e| *e.weight());
                (0..nn)
                    .map(|v| d.get(&NodeIndex::new(v)).copied().unwrap_or(f64::INFINITY))
                    .collect()
            })
            .collect();
        dist
    }
}
