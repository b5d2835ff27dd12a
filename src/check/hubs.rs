//! C44xx: hubs and caveats. A hub's opening decision (C4401); what is at a hub during a day
//! needs it operational (C4402), room in its storage classes (C4403) and protection high enough
//! (C4404); occupancy is reported as the accounts give it (C4406). No nation's units travel,
//! wait, are handled or are delivered where its caveats forbid (C4405): the reading passes of
//! the other files call the `c4405_*` functions here for what they read.
//!
//! The hub pass also sets each hub's operational day, which the later rules read, and books
//! the hubs' opening and daily costs into the objective.

use std::collections::BTreeMap;

use crate::model::{Hub, NationIx, NodeIx, ResIx, RouteIx};
use crate::schedule::{Handled, HubPlan, Stock};

use super::context::{Checker, St};
use super::rules::Rule;
use crate::text::trimmed;

/// Something at a hub during a day: nation `n`'s resource `r` at hub node `v` on day `t`,
/// quantity `p` (above the absolute tolerance).
pub(super) struct Presence {
    v: NodeIx,
    n: NationIx,
    r: ResIx,
    t: usize,
    p: f64,
}

/// Occupancy per (hub id, storage class id, day): (used, capacity).
type Occupancy = BTreeMap<(String, String, usize), (f64, f64)>;

impl Checker<'_> {
    /// The hub pass: resolves each hub decision (C4001), checks it (C4401), sets the hub's
    /// operational day and books its costs; then checks that every hub the model fixes open is
    /// opened (C4401).
    pub(super) fn hubs(&mut self) {
        let (m, s, h) = (self.m, self.s, self.h);
        let mut seen = vec![false; m.nodes.len()];
        for hp in &s.hubs {
            let Some((v, hub)) = self.c4001_hub_decision(hp, &mut seen) else {
                continue;
            };
            self.c4401_open_flag(hp);
            if let Some(o) = hp.operational_day {
                if !self.c4401_operational_day(hp, hub, o) {
                    continue;
                }
            }
            self.c4401_setup_start(hp, hub);
            if let Some(o) = hp.operational_day {
                self.op[v] = Some(o);
                self.obj.hub_opening_cost += hub.opening_cost;
                self.obj.hub_daily_cost += hub.daily_cost * (h - o) as f64;
            }
        }
        self.c4401_fixed_open();
    }

    /// C4401 `hub_opening`: a hub decision's `open` flag agrees with its operational day.
    ///
    /// **Why:** `open` is what a reader looks at; a hub reported open without an operational
    /// day (or the reverse) was edited by hand or misread.
    ///
    /// **Example:**
    /// ```text
    /// error[C4401]: hub 'ua_hub' is reported not open but has an operational day
    /// ```
    fn c4401_open_flag(&mut self, hp: &HubPlan) {
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
    }

    /// C4401 `hub_opening`: a hub's operational day `o` lies within the horizon, is no earlier
    /// than `earliest_open_day + setup_days`, is exactly that day when the model fixes the hub
    /// open, and the model does not fix it closed. Returns whether `o` lies within the horizon
    /// (if not, the hub counts as never operational).
    ///
    /// **Why:** a hub cannot hold anything before its set-up is done, and the model's fixed
    /// decisions are decisions already taken. The amount is the days early or late (1 for a
    /// hub fixed closed).
    ///
    /// **Example:** a hub with set-up from day 0 taking 1 day, operational from day 0:
    /// ```text
    /// error[C4401]: hub 'ua_hub' is operational from day 0, but set-up may start on day 0 and takes 1 day(s): day 1 at the earliest
    /// ```
    fn c4401_operational_day(&mut self, hp: &HubPlan, hub: &Hub, o: usize) -> bool {
        let h = self.h;
        let id = hp.hub.as_str();
        let first = hub.first_operational_day();
        if o >= h {
            self.push(
                Rule::HubOpening,
                id,
                Some(o),
                (o - h) as f64 + 1.0,
                format!(
                    "hub '{id}' becomes operational on day {o}, after the last day {}",
                    h - 1
                ),
            );
            return false;
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
        true
    }

    /// C4401 `hub_opening`: an opened hub starts set-up `setup_days` before its operational
    /// day; a hub not opened has no set-up start day.
    ///
    /// **Why:** the set-up start is when the hub's costs and preparations begin; it must be
    /// the one the opening day implies.
    ///
    /// **Example:**
    /// ```text
    /// error[C4401]: hub 'ua_hub' operational from day 2 after 1 set-up day(s) starts set-up on day 1, not 0
    /// ```
    fn c4401_setup_start(&mut self, hp: &HubPlan, hub: &Hub) {
        let id = hp.hub.as_str();
        match hp.operational_day {
            Some(o) => {
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

    /// C4401 `hub_opening`: every hub the model fixes open (and that can be operational within
    /// the horizon) is opened by the schedule.
    ///
    /// **Why:** a hub fixed open is a decision already taken; a schedule without it plans a
    /// different theatre.
    ///
    /// **Example:**
    /// ```text
    /// error[C4401]: hub 'ua_hub' is fixed open in the model but the schedule does not open it
    /// ```
    fn c4401_fixed_open(&mut self) {
        let (m, h) = (self.m, self.h);
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

    /// What is at each hub during each day, per (hub, nation, resource): held at the end of
    /// the day plus what leaves and what is delivered there (by balance also what was held
    /// overnight plus what arrives; the larger of the two counts). Read by C4402, C4403 and
    /// C4404, in the order of the accounts.
    pub(super) fn hub_presence(&self) -> Vec<Presence> {
        let (m, h, tol) = (self.m, self.h, self.tol);
        let mut found = Vec::new();
        for (&(v, _, n, r), acc) in self.accounts.iter() {
            if m.nodes[v].hub.is_none() {
                continue;
            }
            let mut prev = 0.0;
            for t in 0..h {
                let p = (acc.stock[t] + acc.outflow[t]).max(prev + acc.inflow[t]);
                prev = acc.stock[t];
                if p <= tol.abs {
                    continue;
                }
                found.push(Presence { v, n, r, t, p });
            }
        }
        found
    }

    /// C4402 `hub_closed`: anything is at a hub (held, passing through or delivered) only on
    /// days it is operational.
    ///
    /// **Why:** a hub before its set-up is done, or never opened, has no one to receive,
    /// guard or send on what comes. The amount is the quantity at the hub.
    ///
    /// **Example:**
    /// ```text
    /// error[C4402]: 30 DE's ammunition are at hub 'ua_hub' on day 0 (held, passing through or delivered), when it is not operational (operational from day 1)
    /// ```
    pub(super) fn c4402_hub_closed(&mut self, presence: &[Presence]) {
        let m = self.m;
        for &Presence { v, n, r, t, p } in presence {
            if self.op[v].is_none_or(|o| t < o) {
                let id = m.nodes[v].id.as_str();
                self.push(
                    Rule::HubClosed,
                    id,
                    Some(t),
                    p,
                    format!(
                        "{} {} are at hub '{id}' on day {t} (held, passing through or delivered), when it is not operational{}",
                        trimmed(p),
                        self.commodity(n, r),
                        self.op[v].map_or(String::new(), |o| format!(" (operational from day {o})"))
                    ),
                );
            }
        }
    }

    /// C4403 `hub_capacity`: what is at a hub during a day, times each resource's
    /// `storage_per_unit` and summed per storage class, is at most the hub's capacity in that
    /// class.
    ///
    /// **Why:** a hub has so many beds, bays or tanks; what passes through in a day needs room
    /// as much as what is held overnight. The amount is the storage units over.
    ///
    /// **Example:**
    /// ```text
    /// error[C4403]: hub 'ua_hub' has 60 tonnes of class 'bays' on day 5 (held, passing through or delivered); its capacity is 50
    /// ```
    pub(super) fn c4403_hub_capacity(&mut self, presence: &[Presence]) {
        let (m, tol) = (self.m, self.tol);
        let mut used: BTreeMap<(NodeIx, usize, usize), f64> = BTreeMap::new();
        for x in presence {
            let res = &m.resources[x.r];
            *used.entry((x.v, res.storage, x.t)).or_default() += x.p * res.storage_per_unit;
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
                        trimmed(u),
                        class.unit,
                        class.id,
                        trimmed(cap)
                    ),
                );
            }
        }
    }

    /// C4404 `protection`: a resource is at a hub (held, passing through or delivered) only if
    /// the hub's protection is at least the resource's.
    ///
    /// **Why:** munitions and sensitive equipment need a guarded, hardened site; a hub without
    /// it is a target. The amount is the quantity at the hub.
    ///
    /// **Example:**
    /// ```text
    /// error[C4404]: 20 DE's ammunition are at hub 'pl_hub' on day 3; the hub has protection 1, 'ammunition' needs 2
    /// ```
    pub(super) fn c4404_protection(&mut self, presence: &[Presence]) {
        let m = self.m;
        for &Presence { v, n, r, t, p } in presence {
            let hub = m.nodes[v].hub.as_ref().expect("hub");
            let res = &m.resources[r];
            if hub.protection < res.protection {
                let id = m.nodes[v].id.as_str();
                self.push(
                    Rule::Protection,
                    id,
                    Some(t),
                    p,
                    format!(
                        "{} {} are at hub '{id}' on day {t}; the hub has protection {}, '{}' needs {}",
                        trimmed(p),
                        self.commodity(n, r),
                        hub.protection,
                        res.id,
                        res.protection
                    ),
                );
            }
        }
    }

    /// Why nation `n`'s resource `r` may not be at node `v`, if it may not: the first caveat
    /// that forbids it, by its note.
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

    /// C4405 `caveat`: cargo travels on a route only if its nation's caveats allow the route's
    /// mode and both its end nodes.
    ///
    /// **Why:** caveats are national restrictions on where a nation's units may go (no
    /// troops in a given country, no air transport); a schedule breaking one is politically
    /// impossible however cheap. The amount is the quantity moved.
    ///
    /// **Example:**
    /// ```text
    /// error[C4405]: 20 DE's infantry moves on route 'rail-hub' (pl_rail -> ua_hub), but it may not be at 'ua_hub' (caveat: German personnel stay outside Ukraine)
    /// ```
    pub(super) fn c4405_caveat_on_route(
        &mut self,
        a: RouteIx,
        n: NationIx,
        r: ResIx,
        q: f64,
        day: usize,
    ) {
        let m = self.m;
        if m.may_use_route(n, r, a) {
            return;
        }
        let route = &m.routes[a];
        let rid = route.id.as_str();
        let (from, to) = (&m.nodes[route.from].id, &m.nodes[route.to].id);
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
                trimmed(q),
                self.commodity(n, r)
            ),
        );
    }

    /// C4405 `caveat`: goods are handled only at a node their nation's caveats allow.
    ///
    /// **Why:** handling puts the goods (and the nation's personnel with them) at the node.
    /// The amount is the quantity handled.
    ///
    /// **Example:**
    /// ```text
    /// error[C4405]: 20 DE's infantry are handled at 'ua_rail', where they may not be (caveat: German personnel stay outside Ukraine)
    /// ```
    pub(super) fn c4405_caveat_at_handling(
        &mut self,
        hd: &Handled,
        v: NodeIx,
        n: NationIx,
        r: ResIx,
    ) {
        let m = self.m;
        let id = m.nodes[v].id.as_str();
        let q = hd.quantity;
        if let Some(w) = self.caveat_at(n, r, v) {
            self.push(
                Rule::Caveat,
                id,
                Some(hd.day),
                q,
                format!(
                    "{} {} are handled at '{id}', where they may not be ({w})",
                    trimmed(q),
                    self.commodity(n, r)
                ),
            );
        }
    }

    /// C4405 `caveat`: goods wait at the end of a day (a stock above the absolute tolerance)
    /// only at a node their nation's caveats allow; the one exception is their own supply
    /// origin, where supply that is not moved stays.
    ///
    /// **Why:** a stock is the nation's units at the node overnight.
    ///
    /// **Example:**
    /// ```text
    /// error[C4405]: 20 DE's infantry wait at 'ua_hub' at the end of day 3, where they may not be (caveat: German personnel stay outside Ukraine)
    /// ```
    pub(super) fn c4405_caveat_in_stock(&mut self, st: &Stock, v: NodeIx, n: NationIx, r: ResIx) {
        let (m, tol) = (self.m, self.tol);
        let (q, t) = (st.quantity, st.day);
        if q <= tol.abs {
            return;
        }
        let id = m.nodes[v].id.as_str();
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
                        trimmed(q),
                        self.commodity(n, r)
                    ),
                );
            }
        }
    }

    /// C4405 `caveat`: goods are delivered (a delivery above the absolute tolerance) only at a
    /// node their nation's caveats allow.
    ///
    /// **Why:** a demand's node may be open to some nations only; the others must meet it.
    /// The amount is the quantity delivered; the entity is the demand.
    ///
    /// **Example:**
    /// ```text
    /// error[C4405]: 20 DE's infantry are delivered at 'ua_sector', where they may not be (caveat: German personnel stay outside Ukraine)
    /// ```
    pub(super) fn c4405_caveat_at_delivery(&mut self, d: usize, n: NationIx, t: usize, q: f64) {
        let (m, tol) = (self.m, self.tol);
        let dem = &m.demands[d];
        let node = &m.nodes[dem.node].id;
        if q > tol.abs {
            if let Some(w) = self.caveat_at(n, dem.resource, dem.node) {
                self.push(
                    Rule::Caveat,
                    &dem.id,
                    Some(t),
                    q,
                    format!(
                        "{} {} are delivered at '{node}', where they may not be ({w})",
                        trimmed(q),
                        self.commodity(n, dem.resource)
                    ),
                );
            }
        }
    }

    /// Occupancy as the accounts give it — held at the end of the day + leaving + delivered,
    /// times `storage_per_unit` — for every open hub, class with capacity and operational day.
    fn occupancy(&self) -> Occupancy {
        let (m, h) = (self.m, self.h);
        let mut mine = Occupancy::new();
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
        mine
    }

    /// C4406 `occupancy_report`: occupancy is reported once for every open hub, storage class
    /// with capacity and operational day, and nowhere else, with the used space and capacity
    /// the stocks, departures and deliveries give.
    ///
    /// **Why:** the occupancy table is how a planner sees how full each hub runs; it must be
    /// what the decisions give. The amount is the difference (the used space for a missing or
    /// extra entry).
    ///
    /// **Example:**
    /// ```text
    /// error[C4406]: occupancy of class 'beds' at hub 'ua_hub' on day 2 is reported 100 of 400; the stocks give 120 of 400
    /// ```
    pub(super) fn c4406_occupancy_report(&mut self) {
        let (s, tol) = (self.s, self.tol);
        let mine = self.occupancy();
        let mut reported = Occupancy::new();
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
                        trimmed(used)
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
                                trimmed(ru),
                                trimmed(rc),
                                trimmed(used),
                                trimmed(cap)
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
}
