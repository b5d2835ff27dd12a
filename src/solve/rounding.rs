//! Rounding an LP solution into integer trips, hub indicators and asset counts, and trimming a
//! complete schedule's integers to what its flows use: the search steps of the start heuristic
//! that read the formulation's variable index (solve/complete.rs and solve/improve.rs call
//! them).

use crate::formulation::{Formulation, TripVar};
use crate::model::{Model, NodeIx};

/// The order in which [`Formulation::round_integers`] raises fractional trips while fleets and
/// routes have room: different orders suit different bottlenecks, so the start tries each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundOrder {
    /// Largest fractional part first.
    Fraction,
    /// Earliest day first (then largest fraction), so that early links of a chain get lift.
    Day,
    /// Largest LP trip value first (busiest lanes).
    Value,
}

impl RoundOrder {
    /// Every order, in the order tried.
    pub const ALL: [RoundOrder; 3] = [RoundOrder::Fraction, RoundOrder::Day, RoundOrder::Value];
}

/// Trips counted against each fleet's vehicles on every day of their round trips (fleet
/// cycling) and against each route's `max_trips` on their day (route throughput), so that the
/// start heuristic can tell whether raising a trip keeps both.
pub(super) struct Lift<'a> {
    model: &'a Model,
    fleet_days: Vec<f64>,
    route_days: Vec<f64>,
}

impl<'a> Lift<'a> {
    /// Tolerance of the comparisons with the limits.
    const TOL: f64 = 1e-6;

    pub(super) fn new(model: &'a Model) -> Self {
        let h = model.horizon;
        Lift {
            model,
            fleet_days: vec![0.0; model.fleets.len() * h],
            route_days: vec![0.0; model.routes.len() * h],
        }
    }

    /// The fleet-day slots a trip's vehicles are away for.
    fn fleet_span(&self, tr: &TripVar) -> std::ops::Range<usize> {
        let h = self.model.horizon;
        let end = (tr.day + self.model.round_trip(tr.fleet, tr.route)).min(h);
        tr.fleet * h + tr.day..tr.fleet * h + end
    }

    /// Counts `n` more trips of `tr`.
    pub(super) fn add(&mut self, tr: &TripVar, n: f64) {
        for slot in self.fleet_span(tr) {
            self.fleet_days[slot] += n;
        }
        self.route_days[tr.route * self.model.horizon + tr.day] += n;
    }

    /// Whether `up` more trips of `tr` stay within its fleet's vehicles on every day of the
    /// round trip and within its route's `max_trips` that day.
    pub(super) fn has_room(&self, tr: &TripVar, up: f64) -> bool {
        let vehicles = self.model.fleets[tr.fleet].vehicles as f64;
        let fleet_ok = self
            .fleet_span(tr)
            .all(|slot| self.fleet_days[slot] + up <= vehicles + Self::TOL);
        let route = self.route_days[tr.route * self.model.horizon + tr.day];
        fleet_ok
            && self.model.routes[tr.route]
                .max_trips
                .is_none_or(|m| route + up <= m as f64 + Self::TOL)
    }
}

impl Formulation {
    /// Rounds the integer columns of an LP-relaxation solution so that route throughput, fleet
    /// cycling, hub monotonicity and asset counts still hold (hard coverage is not checked: if
    /// rounding breaks it, the fixed LP is infeasible and this start is dropped): trips are
    /// floored, then raised by one in the given `order` wherever route throughput and fleet
    /// cycling leave room; hub indicators
    /// are rounded up (which keeps them monotone); asset counts are floored and raised while
    /// the asset count allows. Fixing these values leaves an LP in the continuous variables
    /// whose solution is a complete schedule (the MIP start of [`crate::solve`]).
    pub fn round_integers(&self, model: &Model, lp: &[f64], order: RoundOrder) -> Vec<f64> {
        let mut out = lp.to_vec();
        let frac = |x: f64| x - (x + 1e-6).floor();
        // Trips.
        let mut lift = Lift::new(model);
        let mut cand = Vec::new();
        for (i, tr) in self.trips.iter().enumerate() {
            let x = lp[tr.col.ix].max(0.0);
            let n = (x + 1e-6).floor().min(tr.ub);
            out[tr.col.ix] = n;
            lift.add(tr, n);
            if frac(x) > 1e-6 {
                cand.push((frac(x), i));
            }
        }
        let key = |&(f, i): &(f64, usize)| -> (f64, usize) {
            let tr = &self.trips[i];
            match order {
                RoundOrder::Fraction => (-f, i),
                RoundOrder::Day => (tr.day as f64 - f, i),
                RoundOrder::Value => (-lp[tr.col.ix], i),
            }
        };
        cand.sort_by(|a, b| {
            let (ka, kb) = (key(a), key(b));
            ka.0.total_cmp(&kb.0).then(ka.1.cmp(&kb.1))
        });
        for (_, i) in cand {
            let tr = &self.trips[i];
            let n = out[tr.col.ix];
            if n + 1.0 <= tr.ub && lift.has_room(tr, 1.0) {
                out[tr.col.ix] = n + 1.0;
                lift.add(tr, 1.0);
            }
        }
        // Hubs.
        for o in &self.open {
            out[o.col.ix] = if lp[o.col.ix] > 1e-6 { 1.0 } else { 0.0 };
        }
        let open_last: Vec<Option<f64>> = (0..model.nodes.len())
            .map(|v| {
                self.open
                    .iter()
                    .filter(|o| o.hub == v)
                    .max_by_key(|o| o.day)
                    .map(|o| out[o.col.ix])
            })
            .collect();
        // Monitoring.
        let mut used = vec![0u64; model.assets.len()];
        let mut cand = Vec::new();
        let all = self
            .basing
            .iter()
            .map(|&(q, hb, c)| (q, Some(hb), c))
            .chain(self.tasking.iter().map(|&(q, _, c)| (q, None, c)));
        for (q, hb, c) in all {
            let x = lp[c.ix].max(0.0);
            let n = (x + 1e-6).floor();
            out[c.ix] = n;
            used[q] += n as u64;
            if frac(x) > 1e-6 {
                cand.push((frac(x), q, hb, c));
            }
        }
        cand.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.3.ix.cmp(&b.3.ix)));
        for (_, q, hb, c) in cand {
            let open = hb.is_none_or(|hb| open_last[hb].is_none_or(|y| y > 0.5));
            if open && used[q] < model.assets[q].count as u64 {
                out[c.ix] += 1.0;
                used[q] += 1;
            }
        }
        out
    }
}

impl Formulation {
    /// Trims a complete solution's integer columns to what its flows need: trips to
    /// `⌈load / capacity⌉`, hubs to open from the first day anything is at them (stock,
    /// departures, arrivals, deliveries; closed if nothing ever is and they base no assets). Every constraint stays satisfied (fewer trips and fewer
    /// open days only loosen throughput, fleet cycling and linking), and the cost can only fall.
    pub fn trim_integers(&self, model: &Model, values: &[f64]) -> Vec<f64> {
        let mut out = values.to_vec();
        let h = model.horizon;
        for (tr, l) in self.trips.iter().zip(self.trip_loads(model, values)) {
            let cap = model.fleets[tr.fleet].capacity_t;
            let need = (l / cap - 1e-7).ceil().max(0.0);
            out[tr.col.ix] = need.min(values[tr.col.ix].round());
        }
        let mut first_use = vec![usize::MAX; model.nodes.len()];
        let mut used = |v: NodeIx, t: usize, x: f64| {
            if x > 1e-9 {
                first_use[v] = first_use[v].min(t);
            }
        };
        for st in &self.stocks {
            used(
                self.vertex_node[st.vertex.index()],
                st.day,
                values[st.col.ix],
            );
        }
        for fl in &self.flows {
            let r = &model.routes[fl.route];
            used(r.from, fl.day, values[fl.col.ix]);
            used(r.to, fl.day + r.transit, values[fl.col.ix]);
        }
        for d in &self.deliveries {
            used(model.demands[d.demand].node, d.day, values[d.col.ix]);
        }
        for &(_, hb, c) in &self.basing {
            if values[c.ix] > 0.5 {
                first_use[hb] = first_use[hb].min(h - 1);
            }
        }
        for o in &self.open {
            out[o.col.ix] = if o.day >= first_use[o.hub] { 1.0 } else { 0.0 };
        }
        out
    }

    /// The tonnes each trip column of [`Self::trips`] carries in `values` (in that order): the
    /// weight of every flow on its route, fleet and day.
    pub fn trip_loads(&self, model: &Model, values: &[f64]) -> Vec<f64> {
        let h = model.horizon;
        let nf = model.fleets.len();
        let mut load = vec![0.0; model.routes.len() * nf * h];
        for fl in &self.flows {
            let r = self.commodity_resource[fl.k];
            load[(fl.route * nf + fl.fleet) * h + fl.day] +=
                values[fl.col.ix] * model.weight(r, model.routes[fl.route].mode);
        }
        self.trips
            .iter()
            .map(|tr| load[(tr.route * nf + tr.fleet) * h + tr.day])
            .collect()
    }

    /// The trips of [`Self::trips`] (their indices) that carry a fixed charge: a cost per trip
    /// of at least `share` times the dearest trip's, and above zero. On the theatres these
    /// are the ships and aircraft (tens of thousands a trip) while road and rail trips cost
    /// nothing of their own: which ships sail decides most of what rounding the relaxation
    /// loses (docs/formulation.md 7.1, step 6t).
    pub fn charged_trips(&self, share: f64) -> Vec<usize> {
        let cost = |tr: &TripVar| self.objective_coefficients[tr.col.ix];
        let dearest = self.trips.iter().map(cost).fold(0.0, f64::max);
        self.trips
            .iter()
            .enumerate()
            .filter(|&(_, tr)| cost(tr) > 0.0 && cost(tr) >= share * dearest)
            .map(|(i, _)| i)
            .collect()
    }

    /// The trip moves of a complete schedule `values` over the `charged` trips (indices into
    /// [`Self::trips`]), each a list of `(trip, new value)`. The kinds of move:
    /// - one trip fewer, for every charged trip the schedule runs, least load on its last
    ///   vehicle first (`load − (n − 1)·cap`, [`Self::trip_loads`]), ties by trip index;
    /// - a swap: one trip fewer as above and, for each, one trip more of another charged trip
    ///   the relaxation `lp` runs more of than the schedule (by more than 1e-6), within its
    ///   upper bound, where its fleet has a free vehicle on every day of the round trip and
    ///   its route a free slot that day once the first is gone (counting the schedule's
    ///   trips); the trips taken out in the order above, those added by the largest excess of
    ///   the relaxation first, ties by index (on the large theatre the best move from four
    ///   ships is a swap);
    /// - one trip more, as in a swap but without one fewer (a full fleet, such as two ships,
    ///   has no room for these).
    ///
    /// The first `swaps_first` swaps of each trip taken out come right after it, the other
    /// swaps after every trip taken out, then the trips added: on the large theatre the
    /// lightest ship that cannot simply go home is worth swapping for the relaxation's
    /// favourite, and the other ships' removals fail first.
    pub fn trip_moves(
        &self,
        model: &Model,
        values: &[f64],
        lp: &[f64],
        charged: &[usize],
        swaps_first: usize,
    ) -> Vec<Vec<(usize, f64)>> {
        let loads = self.trip_loads(model, values);
        let mut lift = Lift::new(model);
        for tr in &self.trips {
            lift.add(tr, values[tr.col.ix].round().max(0.0));
        }
        let n = |i: usize| values[self.trips[i].col.ix].round();
        let mut fewer: Vec<(f64, usize)> = Vec::new();
        let mut more: Vec<(f64, usize)> = Vec::new();
        for &i in charged {
            let tr = &self.trips[i];
            if n(i) >= 1.0 {
                let cap = model.fleets[tr.fleet].capacity_t;
                fewer.push(((loads[i] - (n(i) - 1.0) * cap).max(0.0), i));
            }
            let excess = lp[tr.col.ix] - n(i);
            if excess > 1e-6 && n(i) + 1.0 <= tr.ub {
                more.push((-excess, i));
            }
        }
        let by_key = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
        fewer.sort_by(by_key);
        more.sort_by(by_key);
        let adds: Vec<Vec<(usize, f64)>> = more
            .iter()
            .filter(|&&(_, j)| lift.has_room(&self.trips[j], 1.0))
            .map(|&(_, j)| vec![(j, n(j) + 1.0)])
            .collect();
        let mut moves: Vec<Vec<(usize, f64)>> = Vec::new();
        let mut later: Vec<Vec<(usize, f64)>> = Vec::new();
        for &(_, i) in &fewer {
            moves.push(vec![(i, n(i) - 1.0)]);
            lift.add(&self.trips[i], -1.0);
            let swaps = more
                .iter()
                .filter(|&&(_, j)| j != i && lift.has_room(&self.trips[j], 1.0))
                .map(|&(_, j)| vec![(i, n(i) - 1.0), (j, n(j) + 1.0)]);
            for (k, swap) in swaps.enumerate() {
                if k < swaps_first {
                    moves.push(swap);
                } else {
                    later.push(swap);
                }
            }
            lift.add(&self.trips[i], 1.0);
        }
        moves.extend(later);
        moves.extend(adds);
        moves
    }

    /// The day of each column that belongs to one day of the plan and is integer (trips and
    /// hub openings); `None` for every other column. The day-window neighbourhoods of
    /// [`crate::solve`] free the integers of a few consecutive days at a time.
    pub fn integer_days(&self) -> Vec<Option<usize>> {
        let mut days = vec![None; self.is_integer.len()];
        for tr in &self.trips {
            days[tr.col.ix] = Some(tr.day);
        }
        for o in &self.open {
            days[o.col.ix] = Some(o.day);
        }
        days
    }

    /// The day of each column that belongs to one day of the plan: flows and trips (their
    /// departure day), stocks (the day they end), handling, deliveries and hub openings;
    /// `None` for the rest (shortfalls, monitoring, and the sink linking's running sums, which
    /// follow from the flows). A schedule's columns before a day decide everything that
    /// happens before it (the rolling horizon of [`crate::solve`]).
    pub fn column_days(&self) -> Vec<Option<usize>> {
        let mut days = self.integer_days();
        let dated = self
            .flows
            .iter()
            .map(|x| (x.col, x.day))
            .chain(self.stocks.iter().map(|s| (s.col, s.day)))
            .chain(self.handled.iter().map(|h| (h.col, h.day)))
            .chain(self.deliveries.iter().map(|d| (d.col, d.day)));
        for (col, day) in dated {
            days[col.ix] = Some(day);
        }
        days
    }
}
