//! The limits on lift: 4.4 route throughput, 4.5 fleet cycling and 4.6 transit-node handling.

use good_lp::{variable, Expression, Variable};

use super::rows::ix;
use super::{Builder, HandleVar, RowLabel};
use crate::model::NodeIx;

impl Builder<'_> {
    /// **4.4 Route throughput.** `Σ_f n[a,f,t] ≤ max_trips_a` for each route and day, written only
    /// where the trips' own bounds could exceed it (closed days have no trip variables at all).
    pub fn add_route_throughput(&mut self) {
        let mut i = 0;
        let trips = &self.f.trips;
        while i < trips.len() {
            let (a, t) = (trips[i].route, trips[i].day);
            let mut j = i;
            let mut e = Expression::default();
            let mut ub = 0.0;
            while j < trips.len() && trips[j].route == a {
                if trips[j].day == t {
                    e.add_mul(1.0, trips[j].col.var);
                    ub += trips[j].ub;
                }
                j += 1;
            }
            if let Some(mt) = self.m.routes[a].max_trips {
                if ub > mt as f64 {
                    let label = RowLabel::RouteThroughput {
                        route: ix(a),
                        day: ix(t),
                    };
                    self.cons.push(label, e.leq(mt as f64));
                }
            }
            // Advance to the next (route, day) pair not yet seen.
            i += 1;
            while i < trips.len()
                && trips[..i]
                    .iter()
                    .rev()
                    .take_while(|x| x.route == trips[i].route)
                    .any(|x| x.day == trips[i].day)
            {
                i += 1;
            }
        }
    }

    /// **4.5 Fleet cycling.** A trip of fleet `f` on route `a` departing `t'` ties one vehicle for
    /// `ρ_{f,a}` days: `Σ_a Σ_{t' ∈ (t-ρ_{f,a}, t]} n[a,f,t'] ≤ vehicles_f` for every day `t`,
    /// written only where the trips' bounds could exceed the fleet.
    pub fn add_fleet_cycling(&mut self) {
        let h = self.horizon();
        for f in 0..self.m.fleets.len() {
            let vehicles = self.m.fleets[f].vehicles as f64;
            let mine: Vec<(usize, usize, f64, Variable)> = self
                .f
                .trips
                .iter()
                .filter(|x| x.fleet == f)
                .map(|x| (x.day, self.m.round_trip(f, x.route), x.ub, x.col.var))
                .collect();
            for t in 0..h {
                let mut e = Expression::default();
                let mut ub = 0.0;
                for &(d, rho, u, var) in &mine {
                    if d <= t && t < d + rho {
                        e.add_mul(1.0, var);
                        ub += u;
                    }
                }
                if ub > vehicles {
                    let label = RowLabel::FleetCycling {
                        fleet: ix(f),
                        day: ix(t),
                    };
                    self.cons.push(label, e.leq(vehicles));
                }
            }
        }
    }

    /// **4.6 Transit-node handling.** `h[v,k,t] ≥ 0` moves `k` from the node's arrival vertex on
    /// day `t` to its departure vertex on day `t + δ_v`; `Σ_k w_k h[v,k,t] ≤ handling_v` per day.
    pub fn add_handling(&mut self) {
        let m = self.m;
        let h = self.horizon();
        let mut nodes: Vec<NodeIx> = self.net.handling_edge.keys().copied().collect();
        nodes.sort_unstable();
        for v in nodes {
            let hd = m.nodes[v].handling.expect("handling node");
            let e = self.net.handling_edge[&v];
            let (gin, gout) = (self.net.arrive[v], self.net.depart[v]);
            for t in 0..h {
                if t + hd.days >= h {
                    break;
                }
                let mut cap = Expression::default();
                let mut any = false;
                for k in 0..self.net.commodities.len() {
                    let w = &self.net.windows[k];
                    if !w.allowed[e.index()]
                        || w.earliest[gin.index()].is_none_or(|x| x > t)
                        || w.latest[gout.index()].is_none_or(|l| t + hd.days > l)
                    {
                        continue;
                    }
                    let c = self.col(variable().min(0.0), false);
                    self.f.handled.push(HandleVar {
                        node: v,
                        k,
                        day: t,
                        col: c,
                    });
                    cap.add_mul(
                        m.resources[self.net.commodities[k].resource].base_weight_t,
                        c.var,
                    );
                    any = true;
                    if let Some(r) = self.rows.row(k, gin, t) {
                        r.add_mul(-1.0, c.var);
                    }
                    if let Some(r) = self.rows.row(k, gout, t + hd.days) {
                        r.add_mul(1.0, c.var);
                    }
                }
                if any && hd.t_per_day.is_finite() {
                    let label = RowLabel::Handling {
                        node: ix(v),
                        day: ix(t),
                    };
                    self.cons.push(label, cap.leq(hd.t_per_day));
                }
            }
        }
    }
}
