//! What is asked for: 4.7 demands, and 4.11 sink linking, which bounds what a hub sends toward
//! a sink by the sink's demands.

use good_lp::{variable, Expression};

use super::rows::ix;
use super::{Builder, DeliveryVar, RowLabel, SINK_RUNNING_TERMS};
use crate::model::NodeIx;

impl Builder<'_> {
    /// **4.7 Demands.** `del[d,k,t] ≥ 0` for `k` of the demand's resource whose caveats allow the
    /// node, `t ∈ [max(earliest_d, e_k(node)), last_d]` (`last_d` = due day if hard, else `H-1`),
    /// at a hub only on days it allows `k` (`Builder::hub_allows`).
    /// `Σ_{k,t} del[d,k,t] + u_d = q_d`, `u_d ≥ 0` for soft demands, no `u_d` for hard ones.
    /// Cost: `lateness · π_d · max(0, t - due_d) · del + shortfall · π_d · u_d`.
    /// Softened MIP ([`BuildOptions::soften_hard`](super::BuildOptions::soften_hard)): hard
    /// demands are built as soft ones (deliveries to `H-1`, a `u_d`), at `max(0, t - due_d)` per
    /// unit delivered and `H+1` per unit short; soft demands cost nothing.
    pub fn add_demands(&mut self) {
        let m = self.m;
        let h = self.horizon();
        for (d, dem) in m.demands.iter().enumerate() {
            let g = self.net.arrive[dem.node];
            let mut met = Expression::default();
            for k in 0..self.net.commodities.len() {
                let kk = self.net.commodities[k];
                if kk.resource != dem.resource || !m.may_enter(kk.nation, kk.resource, dem.node) {
                    continue;
                }
                let Some(e) = self.net.windows[k].earliest[g.index()] else {
                    continue;
                };
                for t in dem.earliest.max(e)..=dem.last_day(h) {
                    if !self.hub_allows(k, dem.node, t) {
                        continue;
                    }
                    let c = self.col(variable().min(0.0).max(dem.quantity), false);
                    self.at_hub(dem.node, t, k, c.var);
                    self.f.deliveries.push(DeliveryVar {
                        demand: d,
                        k,
                        day: t,
                        col: c,
                    });
                    met.add_mul(1.0, c.var);
                    let late = dem.days_late(t) as f64;
                    if late > 0.0 {
                        if self.was_hard_demand(d) {
                            self.penalty(late, c);
                        } else {
                            self.cost(m.weights.lateness * dem.priority * late, c);
                        }
                    }
                    if let Some(r) = self.rows.row(k, g, t) {
                        r.add_mul(-1.0, c.var);
                    }
                }
            }
            if !dem.hard {
                let u = self.col(variable().min(0.0).max(dem.quantity), false);
                self.f.shortfalls.push((d, u));
                met.add_mul(1.0, u.var);
                if self.was_hard_demand(d) {
                    self.penalty((h + 1) as f64, u);
                } else {
                    self.cost(m.weights.shortfall * dem.priority, u);
                }
            }
            let label = RowLabel::Demand { demand: ix(d) };
            self.cons.push(label, met.eq(dem.quantity));
        }
    }

    /// **4.11 Sink linking.** A *sink* is a node that no route leaves and that is not a hub (a
    /// sector, in the sample models). What arrives there of resource `r` is only useful for its
    /// demands, `D_{v,r} = Σ_{d at v, r_d = r} q_d` in all. For each hub `h` with a decided
    /// `y` and each sink `v` that a route `h → v` reaches, with `X_t = Σ_{a: h→v} Σ_f
    /// Σ_{k: r_k = r} x[a,f,k,t]`:
    ///
    /// `Σ_{t ≤ τ} X_t ≤ D_{v,r} · y[h,τ]` (cumulative, each day `τ` with an `X_τ`) and, where
    /// the hub's room is the tighter bound (`σ_r > 0`, `cap_{h,c(r)}/σ_r < D_{v,r}`),
    /// `X_t ≤ cap_{h,c(r)}/σ_r · y[h,t]` (each day).
    ///
    /// Both are valid for some optimal schedule, not for every feasible one: anything sent to a
    /// sink beyond its demands can be traced back to its origin and left there, which frees
    /// lift, hub room and cost and breaks no row. Then no more than `D_{v,r}` ever reaches `v`,
    /// and nothing leaves `h` by day `τ` unless `h` is open on `τ` (`y` is monotone). They
    /// tighten the relaxation where [`Self::add_hub_capacity`]'s `U_{h,k}` is loose: a
    /// sector's whole demand through a hub needs the hub fully open from the day the last of
    /// it leaves, not open by `presence / U` on each day some of it does.
    ///
    /// The cumulative rows are written with running sums: once the flows summed so far have
    /// more than [`SINK_RUNNING_TERMS`] terms, a column `s ≥ 0` with the row
    /// `s = Σ_{t ≤ τ} X_t` stands for them in the later days' rows, so that the rows'
    /// non-zeros grow linearly with the days, not quadratically. The row only names a sum, so
    /// it is not a tightening row, and it leaves the relaxation as it was. (Written as
    /// `Σ X_t ≤ s` instead, with `s ≤ D_{v,r}`, the same relaxation stalled HiGHS's interior
    /// point solver on the large theatre; see BENCHMARKS.md.)
    pub fn add_sink_linking(&mut self) {
        let m = self.m;
        let nres = m.resources.len();
        let mut leaves = vec![false; m.nodes.len()];
        for route in &m.routes {
            leaves[route.from] = true;
        }
        let mut want = vec![0.0; m.nodes.len() * nres];
        for d in &m.demands {
            want[d.node * nres + d.resource] += d.quantity;
        }
        // Flows per (hub, sink, resource, day) with their number of terms, in a fixed order
        // (days ascending within each (hub, sink, resource)).
        let mut daily: std::collections::BTreeMap<
            (NodeIx, NodeIx, usize, usize),
            (Expression, usize),
        > = Default::default();
        for fl in &self.f.flows {
            let route = &m.routes[fl.route];
            let (hub, sink) = (route.from, route.to);
            if leaves[sink] || m.nodes[sink].hub.is_some() || m.nodes[hub].hub.is_none() {
                continue;
            }
            let r = self.net.commodities[fl.k].resource;
            if want[sink * nres + r] <= 0.0 {
                continue;
            }
            let (e, n) = daily.entry((hub, sink, r, fl.day)).or_default();
            e.add_mul(1.0, fl.col.var);
            *n += 1;
        }
        // What has left the hub so far, as an expression of at most about
        // `SINK_RUNNING_TERMS` terms (the number of terms is kept beside it).
        let mut sent: Option<((NodeIx, NodeIx, usize), Expression, usize)> = None;
        for ((hub, sink, r, t), (e, n)) in daily {
            if sent.as_ref().is_none_or(|(key, ..)| *key != (hub, sink, r)) {
                sent = Some(((hub, sink, r), Expression::default(), 0));
            }
            let (_, so_far, terms) = sent.as_mut().expect("set above");
            *terms += n;
            *so_far += e.clone();
            let want = want[sink * nres + r];
            let (hub_ix, sink_ix, resource, day) = (ix(hub), ix(sink), ix(r), ix(t));
            // A flow out of a hub fixed open, or on a day it has no `y`, gives no row.
            if let Some(Some(y)) = self.open_col[hub][t] {
                let res = &m.resources[r];
                let cap = m.nodes[hub].hub.as_ref().expect("hub").capacity[res.storage];
                let mut cumulative = so_far.clone();
                cumulative.add_mul(-want, y.var);
                let label = RowLabel::SinkLinking {
                    hub: hub_ix,
                    sink: sink_ix,
                    resource,
                    day,
                };
                self.cons.tighten(label, cumulative);
                if res.storage_per_unit > 0.0 && cap / res.storage_per_unit < want {
                    let mut today = e;
                    today.add_mul(-cap / res.storage_per_unit, y.var);
                    let label = RowLabel::SinkDaily {
                        hub: hub_ix,
                        sink: sink_ix,
                        resource,
                        day,
                    };
                    self.cons.tighten(label, today);
                }
            }
            // Running sum: `s = so_far` stands for it in the later days' rows, which keeps
            // their length, and the non-zeros, linear in the days.
            if *terms > SINK_RUNNING_TERMS {
                let s = self.col(variable().min(0.0), false);
                self.f.sent.push((hub, sink, r, t, s));
                let mut row = std::mem::take(so_far);
                row.add_mul(-1.0, s.var);
                *so_far = Expression::from(s.var);
                *terms = 1;
                let label = RowLabel::SinkSum {
                    hub: hub_ix,
                    sink: sink_ix,
                    resource,
                    day,
                };
                self.cons.push(label, row.eq(0.0));
            }
        }
    }
}
