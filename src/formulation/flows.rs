//! Where the commodities are and how they move: 4.2 stocks, 4.3 flows, trips and vehicle
//! loading, and 4.9 flow balance, whose rows the other families fill in as they create columns.

use good_lp::{variable, Expression, IntoAffineExpression};

use super::rows::ix;
use super::{Builder, FlowVar, RowLabel, StockVar, TripVar};

impl Builder<'_> {
    /// **4.2 Stocks.** `s[g,k,t] ≥ 0` inside the commodity's window at vertex `g`, where caveats
    /// and hub protection allow it and, at hubs, only on operational days. Enters flow balance as
    /// carried from `t` to `t+1`.
    pub fn add_stocks(&mut self) {
        let h = self.horizon();
        for k in 0..self.net.commodities.len() {
            for g in self.net.graph.node_indices() {
                for t in 0..h {
                    if !self.stock_allowed(k, g, t) {
                        continue;
                    }
                    let c = self.col(variable().min(0.0), false);
                    self.f.stocks.push(StockVar {
                        vertex: g,
                        k,
                        day: t,
                        col: c,
                    });
                    self.at_hub(self.net.graph[g].node(), t, k, c.var);
                    if let Some(r) = self.rows.row(k, g, t) {
                        r.add_mul(-1.0, c.var);
                    }
                    if let Some(r) = self.rows.row(k, g, t + 1) {
                        r.add_mul(1.0, c.var);
                    }
                }
            }
        }
    }

    /// **4.3 Flows, trips and vehicle loading.** `x[a,f,k,t] ≥ 0` where route `a` departs on `t`
    /// (not closed, arrives by `H-1`), fleet `f` serves `a` and carries `k`'s nation, caveats
    /// allow `k` on `a`, `e_k(tail) ≤ t`, `t + τ_a ≤ l_k(head)`, and hubs at either end allow
    /// `k` on the day it is there (`Builder::hub_allows`). `n[a,f,t] ∈ Z+` with
    /// `n ≤ min(max_trips_a, vehicles_f, max(1, ⌈Σ_k supply_k · w_k / cap_f⌉))`, the sum over
    /// the commodities with a flow variable on that route, fleet and day.
    /// Loading: `Σ_k w_{k,mode(a)} x[a,f,k,t] ≤ cap_f · n[a,f,t]`.
    /// Cost: `cost_per_trip · n + (cost_per_tkm · dist_a + risk · threat_a) · w · x`.
    pub fn add_flows_and_loading(&mut self) {
        let m = self.m;
        let h = self.horizon();
        for (a, route) in m.routes.iter().enumerate() {
            let e = self.net.route_edge[a];
            let (tail, head) = (self.net.depart[route.from], self.net.arrive[route.to]);
            for (f, fleet) in m.fleets.iter().enumerate() {
                if !fleet.routes.contains(&a) {
                    continue;
                }
                let ks: Vec<usize> = (0..self.net.commodities.len())
                    .filter(|&k| {
                        self.net.windows[k].allowed[e.index()]
                            && m.fleet_carries(f, self.net.commodities[k].nation)
                    })
                    .collect();
                for t in 0..h {
                    if !route.departs(t, h) {
                        continue;
                    }
                    let mut load = Expression::with_capacity(ks.len() + 1);
                    let mut possible_t = 0.0;
                    let first = self.f.flows.len();
                    for &k in &ks {
                        let w = &self.net.windows[k];
                        let ok = w.earliest[tail.index()].is_some_and(|e| e <= t)
                            && w.latest[head.index()].is_some_and(|l| t + route.transit <= l)
                            && self.hub_allows(k, route.from, t)
                            && self.hub_allows(k, route.to, t + route.transit);
                        if !ok {
                            continue;
                        }
                        let kk = self.net.commodities[k];
                        let wt = m.weight(kk.resource, route.mode);
                        let c = self.col(variable().min(0.0), false);
                        self.f.flows.push(FlowVar {
                            route: a,
                            fleet: f,
                            k,
                            day: t,
                            col: c,
                        });
                        load.add_mul(wt, c.var);
                        self.at_hub(route.from, t, k, c.var);
                        possible_t += self.supply_total[k] * wt;
                        let unit_cost = m.weights.cost * route.cost_per_t() * wt
                            + m.weights.risk * route.threat * wt;
                        if unit_cost != 0.0 {
                            self.cost(unit_cost, c);
                        }
                        if let Some(r) = self.rows.row(k, tail, t) {
                            r.add_mul(-1.0, c.var);
                        }
                        if let Some(r) = self.rows.row(k, head, t + route.transit) {
                            r.add_mul(1.0, c.var);
                        }
                    }
                    if self.f.flows.len() == first {
                        continue;
                    }
                    let by_tonnage = (possible_t / fleet.capacity_t - 1e-9).ceil().max(1.0);
                    let mut ub = (fleet.vehicles as f64).min(by_tonnage);
                    if let Some(mt) = route.max_trips {
                        ub = ub.min(mt as f64);
                    }
                    let n = self.col(variable().min(0.0).max(ub), true);
                    self.f.trips.push(TripVar {
                        route: a,
                        fleet: f,
                        day: t,
                        ub,
                        col: n,
                    });
                    if route.cost_per_trip != 0.0 {
                        self.cost(m.weights.cost * route.cost_per_trip, n);
                    }
                    load.add_mul(-fleet.capacity_t, n.var);
                    let label = RowLabel::Loading {
                        route: ix(a),
                        fleet: ix(f),
                        day: ix(t),
                    };
                    self.cons.push(label, load.leq(0.0));
                    // Disaggregated loading: a commodity that cannot fill a vehicle needs a
                    // whole trip all the same, `x[a,f,k,t] ≤ Q_k · n[a,f,t]`.
                    for i in first..self.f.flows.len() {
                        let fl = self.f.flows[i];
                        let wt = m.weight(self.net.commodities[fl.k].resource, route.mode);
                        let q = self.supply_total[fl.k];
                        if q * wt < fleet.capacity_t * (1.0 - 1e-9) {
                            let mut e = Expression::from(fl.col.var);
                            e.add_mul(-q, n.var);
                            let label = RowLabel::LoadingEach {
                                route: ix(a),
                                fleet: ix(f),
                                k: ix(fl.k),
                                day: ix(t),
                            };
                            self.cons.tighten(label, e);
                        }
                    }
                }
            }
        }
    }

    /// **4.9 Flow balance.** For every commodity `k`, vertex `g` and day `t` inside the window:
    /// `s[g,k,t-1] + supply(g,k,t) + Σ_{a into g} x[a,·,k,t-τ_a] + h[v,k,t-δ_v]`
    /// `= s[g,k,t] + Σ_{a out of g} x[a,·,k,t] + h[v,k,t] + Σ_d del[d,k,t]`.
    /// The other families have added their terms to these rows as they created variables.
    pub fn add_flow_balance(&mut self) {
        let exprs = std::mem::take(&mut self.rows.exprs);
        for ((i, mut e), (k, g, t)) in exprs.into_iter().enumerate().zip(self.rows.keys()) {
            let s = self.rows.supply[i];
            let empty = (&e).linear_coefficients().next().is_none();
            if empty && s == 0.0 {
                continue;
            }
            e += s;
            let label = RowLabel::FlowBalance {
                vertex: ix(g),
                k: ix(k),
                day: ix(t),
            };
            self.cons.push(label, e.eq(0.0));
        }
    }
}
