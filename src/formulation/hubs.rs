//! The hub families: 4.1 hub opening, 4.8 hub capacity and 4.12 hub cover (the demands' rows;
//! the coverage requirements' are written with monitoring, 4.10).

use good_lp::{variable, Expression, Variable};

use super::rows::ix;
use super::{Builder, Col, CoverOwner, CoverSet, OpenVar, RowLabel};

impl Builder<'_> {
    /// **4.1 Hub opening.** `y[h,t] ∈ {0,1}` for `t ≥ o_h = earliest_open_day + setup_days`
    /// (no variable, i.e. closed, before), monotone `y[h,t] ≤ y[h,t+1]`. A hub fixed open has
    /// `y = 1` from `o_h`; one fixed closed has no variable. Cost: `opening_cost · y[h,H-1] +
    /// daily_cost · Σ_t y[h,t]`.
    pub fn add_hub_opening(&mut self) {
        let h = self.horizon();
        self.open_col = vec![Vec::new(); self.m.nodes.len()];
        for v in 0..self.m.nodes.len() {
            let Some(hub) = self.m.nodes[v].hub.clone() else {
                continue;
            };
            let mut cols = vec![None; h];
            let o = hub.first_operational_day();
            if o < h && hub.fixed != Some(false) {
                let mut prev: Option<Col> = None;
                if hub.fixed == Some(true) && self.phase_one.is_none() {
                    let days = (h - o) as f64;
                    self.obj_offset +=
                        self.m.weights.cost * (hub.opening_cost + hub.daily_cost * days);
                }
                for (t, slot) in cols.iter_mut().enumerate().skip(o) {
                    if hub.fixed == Some(true) {
                        *slot = Some(None);
                        continue;
                    }
                    let c = self.col(variable().binary(), true);
                    self.f.open.push(OpenVar {
                        hub: v,
                        day: t,
                        col: c,
                    });
                    self.cost(self.m.weights.cost * hub.daily_cost, c);
                    if let Some(p) = prev {
                        let label = RowLabel::HubOpening {
                            hub: ix(v),
                            day: ix(t),
                        };
                        self.cons.push(label, Expression::from(p.var).leq(c.var));
                    }
                    prev = Some(c);
                    *slot = Some(Some(c));
                }
                if let Some(p) = prev {
                    self.cost(self.m.weights.cost * hub.opening_cost, p);
                }
            }
            self.open_col[v] = cols;
        }
    }

    /// **4.8 Hub capacity with disaggregated linking.** What is at hub `h` during day `t` — held
    /// overnight, departing that day, or delivered there — is
    /// `P[h,k,t] = s[h,k,t] + Σ_{a out of h} x[a,·,k,t] + Σ_d del[d,k,t]`
    /// (by flow balance also `s[h,k,t-1] + arrivals`). Per class `c`:
    /// `Σ_{k ∈ c} σ_k P[h,k,t] ≤ cap_{h,c} · y[h,t]`, and per commodity
    /// `P[h,k,t] ≤ U_{h,k} · y[h,t]` with `U_{h,k} = min(cap_{h,c}/σ_k, supply_k)` (classes a
    /// resource takes no room in: `U = supply_k`), which tightens the LP relaxation. Fixed-open
    /// hubs get the capacity row with `y = 1`.
    pub fn add_hub_capacity(&mut self) {
        let m = self.m;
        let mut presence = std::mem::take(&mut self.presence);
        presence.sort_by_key(|&(v, t, k, _)| (v, t, k));
        let mut i = 0;
        while i < presence.len() {
            let (v, t) = (presence[i].0, presence[i].1);
            let mut j = i;
            while j < presence.len() && presence[j].0 == v && presence[j].1 == t {
                j += 1;
            }
            let hub = m.nodes[v].hub.as_ref().expect("presence only at hubs");
            let open = self.open_col[v][t].expect("presence only on operational days");
            let mut class_rows: Vec<Option<Expression>> = vec![None; m.storage_classes.len()];
            let mut a = i;
            while a < j {
                let k = presence[a].2;
                let mut b = a;
                let mut link = Expression::default();
                while b < j && presence[b].2 == k {
                    link.add_mul(1.0, presence[b].3);
                    b += 1;
                }
                let r = &m.resources[self.net.commodities[k].resource];
                let cap = hub.capacity[r.storage];
                if r.storage_per_unit > 0.0 {
                    let row = class_rows[r.storage].get_or_insert_with(Expression::default);
                    for p in &presence[a..b] {
                        row.add_mul(r.storage_per_unit, p.3);
                    }
                }
                if let Some(y) = open {
                    let u = if r.storage_per_unit > 0.0 {
                        (cap / r.storage_per_unit).min(self.supply_total[k])
                    } else {
                        self.supply_total[k]
                    };
                    link.add_mul(-u, y.var);
                    let label = RowLabel::HubLink {
                        hub: ix(v),
                        k: ix(k),
                        day: ix(t),
                    };
                    self.cons.push(label, link.leq(0.0));
                }
                a = b;
            }
            for (c, row) in class_rows.into_iter().enumerate() {
                let Some(mut e) = row else { continue };
                let cap = hub.capacity[c];
                let label = RowLabel::HubCapacity {
                    hub: ix(v),
                    class: ix(c),
                    day: ix(t),
                };
                if let Some(y) = open {
                    e.add_mul(-cap, y.var);
                    self.cons.push(label, e.leq(0.0));
                } else {
                    self.cons.push(label, e.leq(cap));
                }
            }
            i = j;
        }
    }

    /// **4.12 Hub cover (tightening).** For each demand `d` (node `v`, resource `r`, quantity
    /// `D_d > 0`, due day `δ_d`, `τ_d = min(δ_d, H-1)`) and each hub separator `S` of `v` for
    /// `r` ([`Network::hub_separators`](crate::network::Network::hub_separators): every path from
    /// a supply of `r` to `v` passes through a hub of `S`):
    ///
    /// `Σ_{h ∈ S} y[h,τ_d] + (Σ_{t > τ_d} del[d,·,t] + u_d) / D_d ≥ 1` (`u_d`, the shortfall,
    /// only for soft demands; late deliveries only for soft ones too).
    ///
    /// What reaches `v` by day `τ_d` passed through a hub of `S` on a day `≤ τ_d`, operational
    /// then and so (`y` is monotone) on `τ_d`: with every hub of `S` closed on `τ_d` the demand
    /// is late or short in full. The rows hold for every schedule; a separator with a hub
    /// fixed open gives none, and a hub that cannot be operational by `τ_d` has no term.
    /// Without them the relaxation opens the hubs in front of a demand only by the share of
    /// their capacity it uses, and only when it uses it.
    pub fn add_hub_cover(&mut self) {
        let m = self.m;
        let last = self.horizon() - 1;
        // What lets a demand's row hold without the hubs: its late deliveries and its
        // shortfall, by demand.
        let mut slack: Vec<Vec<Variable>> = vec![Vec::new(); m.demands.len()];
        for dv in &self.f.deliveries {
            if dv.day > m.demands[dv.demand].due.min(last) {
                slack[dv.demand].push(dv.col.var);
            }
        }
        for &(d, u) in &self.f.shortfalls {
            slack[d].push(u.var);
        }
        let mut written = std::collections::BTreeSet::new();
        for (d, dem) in m.demands.iter().enumerate() {
            if dem.quantity <= 0.0 {
                continue;
            }
            let day = dem.due.min(last);
            let sets = self.net.hub_separators(m, dem.node, dem.resource);
            'sets: for (s, set) in sets.into_iter().enumerate() {
                let mut e = Expression::default();
                let mut cover = Vec::new();
                for &hb in &set {
                    match self.open_col[hb][day] {
                        Some(Some(y)) => {
                            e.add_mul(1.0, y.var);
                            cover.push(hb);
                        }
                        Some(None) => continue 'sets,
                        None => {}
                    }
                }
                if cover.is_empty() {
                    continue;
                }
                let fixed_open = set
                    .iter()
                    .any(|&hb| self.open_col[hb].iter().any(|c| matches!(c, Some(None))));
                if !fixed_open {
                    let hubs = set
                        .iter()
                        .copied()
                        .filter(|&hb| self.open_col[hb].iter().any(|c| matches!(c, Some(Some(_)))))
                        .collect();
                    self.f.cover_sets.push(CoverSet {
                        owner: CoverOwner::Demand(d),
                        hubs,
                    });
                }
                if slack[d].is_empty() {
                    // Hard demands with the same separator and day give the same row.
                    if !written.insert((day, cover.clone())) {
                        continue;
                    }
                } else {
                    for &v in &slack[d] {
                        e.add_mul(1.0 / dem.quantity, v);
                    }
                }
                // A hard demand's row may stand for others with the same separator and day;
                // it is labelled by the first.
                let label = RowLabel::HubCoverDemand {
                    demand: ix(d),
                    set: ix(s),
                };
                self.cons.push(label, e.geq(1.0));
                self.f.hub_covers.push(cover);
            }
        }
    }
}
