//! C45xx: deliveries and closure. Deliveries count against a demand at its node, of its
//! resource, within its window (C4501); no more than its quantity (C4502); hard demands in full
//! by their due day (C4503); each demand's reported figures (C4504) and the closure profile
//! (C4505) are as the deliveries give them.
//!
//! The delivery pass also books each delivery out of the demand node's account and the
//! demands' lateness and shortfall into the objective.

use std::collections::HashMap;

use crate::model::{Demand, NationIx, NodeIx};
use crate::schedule::{Closure, Delivery, DeliveryReport};

use super::context::Checker;
use super::rules::{Rule, Tolerance};
use crate::text::trimmed;

/// What a demand's deliveries give: the figures a delivery report states.
struct Figures {
    delivered: f64,
    on_time: f64,
    late: f64,
    shortfall: f64,
    /// The first day the cumulative deliveries reach the quantity, within tolerance.
    lenient: Option<usize>,
    /// The same, exactly.
    strict: Option<usize>,
}

impl Figures {
    /// The figures of demand `dem`'s deliveries `dels` `(day, quantity)`, sorted by day.
    fn of(dem: &Demand, dels: &[(usize, f64)], tol: Tolerance) -> Figures {
        let delivered: f64 = dels.iter().map(|x| x.1).sum();
        let on_time: f64 = dels.iter().filter(|x| x.0 <= dem.due).map(|x| x.1).sum();
        let late: f64 = dels.iter().map(|x| x.1 * dem.days_late(x.0) as f64).sum();
        // As the schedule counts it: the solver's tolerance (1e-6 of the quantity) is not
        // a shortfall; weighted 10⁶ per unit, it would otherwise add up to whole units
        // of objective over a few demands.
        let short = dem.quantity - delivered;
        let shortfall = if short <= 1e-6 * dem.quantity.max(1.0) {
            0.0
        } else {
            short
        };
        let completed = |slack: f64| {
            if dem.quantity == 0.0 {
                return Some(dem.earliest);
            }
            let mut cum = 0.0;
            dels.iter().find_map(|&(t, q)| {
                cum += q;
                (cum >= dem.quantity - slack).then_some(t)
            })
        };
        let lenient = completed(tol.slack(dem.quantity, delivered));
        let strict = completed(0.0);
        Figures {
            delivered,
            on_time,
            late,
            shortfall,
            lenient,
            strict,
        }
    }
}

impl Checker<'_> {
    /// The delivery pass: resolves each delivery report's demand (C4001), checks the report
    /// (C4504), reads its deliveries, checks the demand's totals (C4502, C4503, C4504) and
    /// books its lateness and shortfall; then each demand without a report (C4504, C4503).
    /// Returns each demand's valid deliveries `(day, quantity)`, sorted by day, for C4505.
    pub(super) fn deliveries(&mut self) -> Vec<Vec<(usize, f64)>> {
        let (m, s, tol) = (self.m, self.s, self.tol);
        let mut by_demand: Vec<Vec<(usize, f64)>> = vec![Vec::new(); m.demands.len()];
        let mut seen = vec![false; m.demands.len()];
        for dr in &s.deliveries {
            let Some(d) = self.demand(&dr.demand, "a delivery report") else {
                continue;
            };
            let dem = &m.demands[d];
            if !self.c4504_reported_once(d, &mut seen) {
                continue;
            }
            self.c4504_demand_echo(dr, d);
            for dl in &dr.by_day {
                if let Some(x) = self.delivery(d, dl) {
                    by_demand[d].push(x);
                }
            }
            let dels = &mut by_demand[d];
            dels.sort_by_key(|x| x.0);
            let fig = Figures::of(dem, dels, tol);
            self.c4502_over_delivery(d, &fig);
            self.c4503_hard_demand(d, &fig);
            self.c4504_delivery_figures(dr, d, &fig);
            self.obj.lateness += dem.priority * fig.late;
            self.obj.shortfall += dem.priority * fig.shortfall;
        }
        for (d, dem) in m.demands.iter().enumerate() {
            if seen[d] {
                continue;
            }
            self.c4504_unreported(d);
            self.c4503_hard_demand_unreported(d);
            self.obj.shortfall += dem.priority * dem.quantity;
        }
        by_demand
    }

    /// Reads one delivery against demand `d`: resolves its nation (C4001), checks its day
    /// (C4001), quantity (C4302), window (C4501) and the caveats at the demand's node (C4405),
    /// and books it out of the node's account. Returns `(day, quantity)` when it counts.
    fn delivery(&mut self, d: usize, dl: &Delivery) -> Option<(usize, f64)> {
        let m = self.m;
        let dem = &m.demands[d];
        let id = dem.id.as_str();
        let place = format!("a delivery against '{id}'");
        let n = self.nation(&dl.nation, &place)?;
        if !self.c4001_day_in_horizon(dl.day, id, &place) {
            return None;
        }
        let what = format!(
            "delivery of {} against '{id}'",
            self.commodity(n, dem.resource)
        );
        if !self.c4302_quantity(dl.quantity, id, Some(dl.day), &what) {
            return None;
        }
        let (t, q) = (dl.day, dl.quantity);
        self.c4501_delivery_window(d, n, t, q);
        self.c4405_caveat_at_delivery(d, n, t, q);
        let st = self.depart_stage(dem.node);
        self.account(dem.node, st, n, dem.resource).outflow[t] += q;
        Some((t, q))
    }

    /// C4501 `delivery_window`: a delivery against a demand falls on its `earliest_day .. last
    /// day` (the due day for a hard demand, else the last day of the horizon).
    ///
    /// **Why:** units delivered before they are wanted have nowhere to go; a hard demand's due
    /// day is a deadline, not a target. The amount is the quantity delivered.
    ///
    /// **Example:**
    /// ```text
    /// error[C4501]: 20 DE's ammunition delivered against 'hub-ammo' on day 3; deliveries count on days 5..5
    /// ```
    fn c4501_delivery_window(&mut self, d: usize, n: NationIx, t: usize, q: f64) {
        let (m, h) = (self.m, self.h);
        let dem = &m.demands[d];
        let id = dem.id.as_str();
        let last = dem.last_day(h);
        if t < dem.earliest || t > last {
            self.push(
                Rule::DeliveryWindow,
                id,
                Some(t),
                q,
                format!(
                    "{} {} delivered against '{id}' on day {t}; deliveries count on days {}..{last}",
                    trimmed(q),
                    self.commodity(n, dem.resource),
                    dem.earliest
                ),
            );
        }
    }

    /// C4502 `over_delivery`: no more than a demand's quantity is delivered against it.
    ///
    /// **Why:** units beyond the requirement are lift and storage spent for nothing, and would
    /// hide a shortfall elsewhere. The amount is the quantity over.
    ///
    /// **Example:**
    /// ```text
    /// error[C4502]: 160 delivered against 'ua-infantry', which asks for 150
    /// ```
    fn c4502_over_delivery(&mut self, d: usize, fig: &Figures) {
        let dem = &self.m.demands[d];
        let id = dem.id.as_str();
        if self.tol.exceeds(fig.delivered, dem.quantity) {
            self.push(
                Rule::OverDelivery,
                id,
                None,
                fig.delivered - dem.quantity,
                format!(
                    "{} delivered against '{id}', which asks for {}",
                    trimmed(fig.delivered),
                    trimmed(dem.quantity)
                ),
            );
        }
    }

    /// C4503 `hard_demand`: a hard demand is delivered in full by its due day.
    ///
    /// **Why:** a hard demand is a requirement the plan must meet, not a cost to weigh. The
    /// amount is the quantity missing on the due day.
    ///
    /// **Example:**
    /// ```text
    /// error[C4503]: hard demand 'pl-infantry' has 80 of 100 delivered by its due day 4
    /// ```
    fn c4503_hard_demand(&mut self, d: usize, fig: &Figures) {
        let dem = &self.m.demands[d];
        let id = dem.id.as_str();
        if dem.hard && self.tol.exceeds(dem.quantity, fig.on_time) {
            self.push(
                Rule::HardDemand,
                id,
                Some(dem.due),
                dem.quantity - fig.on_time,
                format!(
                    "hard demand '{id}' has {} of {} delivered by its due day {}",
                    trimmed(fig.on_time),
                    trimmed(dem.quantity),
                    dem.due
                ),
            );
        }
    }

    /// C4503 `hard_demand`: a hard demand without a delivery report has nothing delivered.
    ///
    /// **Why:** as for a reported one: the requirement is missed in full. The amount is the
    /// demand's quantity.
    ///
    /// **Example:**
    /// ```text
    /// error[C4503]: hard demand 'pl-infantry' has nothing delivered of 100
    /// ```
    fn c4503_hard_demand_unreported(&mut self, d: usize) {
        let dem = &self.m.demands[d];
        if dem.hard && dem.quantity > self.tol.abs {
            self.push(
                Rule::HardDemand,
                &dem.id,
                Some(dem.due),
                dem.quantity,
                format!(
                    "hard demand '{}' has nothing delivered of {}",
                    dem.id,
                    trimmed(dem.quantity)
                ),
            );
        }
    }

    /// C4504 `delivery_report`: a demand is reported once. Returns whether this is the first
    /// report of demand `d` (a second one is not read).
    ///
    /// **Why:** two reports of one demand would count its deliveries twice.
    ///
    /// **Example:**
    /// ```text
    /// error[C4504]: demand 'ua-infantry' is reported twice
    /// ```
    fn c4504_reported_once(&mut self, d: usize, seen: &mut [bool]) -> bool {
        if std::mem::replace(&mut seen[d], true) {
            let id = self.m.demands[d].id.as_str();
            self.push(
                Rule::DeliveryReport,
                id,
                None,
                1.0,
                format!("demand '{id}' is reported twice"),
            );
            return false;
        }
        true
    }

    /// C4504 `delivery_report`: a delivery report echoes its demand as the model has it: node,
    /// resource, quantity, due day and hardness.
    ///
    /// **Why:** a reader takes the demand from the report; it must be the model's.
    ///
    /// **Example:**
    /// ```text
    /// error[C4504]: demand 'ua-infantry' is reported as 100 infantry at 'ua_sector' due day 4; the model has 150 infantry at 'ua_sector' due day 4
    /// ```
    fn c4504_demand_echo(&mut self, dr: &DeliveryReport, d: usize) {
        let (m, tol) = (self.m, self.tol);
        let dem = &m.demands[d];
        let id = dem.id.as_str();
        let (node, res) = (&m.nodes[dem.node].id, &m.resources[dem.resource].id);
        if dr.node != *node
            || dr.resource != *res
            || !tol.within(dr.quantity, dem.quantity)
            || dr.due_day != dem.due
            || dr.hard != dem.hard
        {
            self.push(
                Rule::DeliveryReport,
                id,
                None,
                1.0,
                format!(
                    "demand '{id}' is reported as {} {} at '{}' due day {}{}; the model has {} {res} at '{node}' due day {}{}",
                    trimmed(dr.quantity),
                    dr.resource,
                    dr.node,
                    dr.due_day,
                    if dr.hard { " (hard)" } else { "" },
                    trimmed(dem.quantity),
                    dem.due,
                    if dem.hard { " (hard)" } else { "" },
                ),
            );
        }
    }

    /// C4504 `delivery_report`: a report's `delivered`, `on_time`, `late_unit_days`,
    /// `shortfall` and `completed_day` are as its deliveries give them. `completed_day` may be
    /// the first day the cumulative deliveries reach the quantity within tolerance, or exactly.
    ///
    /// **Why:** these figures feed the objective and every report; they must be what the
    /// deliveries give. The amount is the difference (1 for `completed_day`).
    ///
    /// **Example:**
    /// ```text
    /// error[C4504]: demand 'ua-infantry' reports late_unit_days 0; its deliveries give 150
    /// ```
    fn c4504_delivery_figures(&mut self, dr: &DeliveryReport, d: usize, fig: &Figures) {
        let (m, tol) = (self.m, self.tol);
        let id = m.demands[d].id.as_str();
        let figures = [
            ("delivered", dr.delivered, fig.delivered),
            ("on_time", dr.on_time, fig.on_time),
            ("late_unit_days", dr.late_unit_days, fig.late),
            ("shortfall", dr.shortfall, fig.shortfall),
        ];
        for (name, reported, mine) in figures {
            if !tol.within(reported, mine) {
                self.push(
                    Rule::DeliveryReport,
                    id,
                    None,
                    (reported - mine).abs(),
                    format!(
                        "demand '{id}' reports {name} {}; its deliveries give {}",
                        trimmed(reported),
                        trimmed(mine)
                    ),
                );
            }
        }
        if dr.completed_day != fig.lenient && dr.completed_day != fig.strict {
            let show = |d: Option<usize>| d.map_or("none".to_string(), |d| d.to_string());
            self.push(
                Rule::DeliveryReport,
                id,
                dr.completed_day,
                1.0,
                format!(
                    "demand '{id}' reports completed_day {}; its deliveries give {}",
                    show(dr.completed_day),
                    show(fig.lenient)
                ),
            );
        }
    }

    /// C4504 `delivery_report`: every demand has a delivery report.
    ///
    /// **Why:** a demand left out of the schedule would hide its shortfall. The amount is the
    /// demand's quantity.
    ///
    /// **Example:**
    /// ```text
    /// error[C4504]: demand 'hub-ammo' has no delivery report
    /// ```
    fn c4504_unreported(&mut self, d: usize) {
        let dem = &self.m.demands[d];
        self.push(
            Rule::DeliveryReport,
            &dem.id,
            None,
            dem.quantity,
            format!("demand '{}' has no delivery report", dem.id),
        );
    }

    /// The closure profile as the deliveries give it, per demand node and for `all`:
    /// `(node id, required, share of it delivered by the end of each day, at most 1)`.
    fn closure_profiles(&self, delivered: &[Vec<(usize, f64)>]) -> Vec<(String, f64, Vec<f64>)> {
        let (m, h) = (self.m, self.h);
        let mut nodes: Vec<NodeIx> = m.demands.iter().map(|d| d.node).collect();
        nodes.sort_unstable();
        nodes.dedup();
        let profile = |keep: &dyn Fn(NodeIx) -> bool| {
            let mut required = 0.0;
            let mut by_day = vec![0.0; h];
            for (d, dem) in m.demands.iter().enumerate() {
                if keep(dem.node) {
                    required += dem.quantity;
                    for &(t, q) in &delivered[d] {
                        by_day[t] += q;
                    }
                }
            }
            let mut cum = 0.0;
            let share: Vec<f64> = by_day
                .iter()
                .map(|q| {
                    cum += q;
                    if required > 0.0 {
                        (cum / required).min(1.0)
                    } else {
                        1.0
                    }
                })
                .collect();
            (required, share)
        };
        let mut mine: Vec<(String, f64, Vec<f64>)> = nodes
            .iter()
            .map(|&v| {
                let (r, sh) = profile(&|x| x == v);
                (m.nodes[v].id.clone(), r, sh)
            })
            .collect();
        if !nodes.is_empty() {
            let (r, sh) = profile(&|_| true);
            mine.push(("all".to_string(), r, sh));
        }
        mine
    }

    /// C4505 `closure_report`: the closure profile — per demand node and for `all`, the
    /// requirement and the share of it delivered by the end of each day — is reported once
    /// for each, for every day, as the deliveries give it, and for nothing else.
    ///
    /// **Why:** the closure profile is how a commander reads when the force is in place; it
    /// must be what the deliveries give. The amount is the difference (for a share, at the
    /// first day that differs).
    ///
    /// **Example:**
    /// ```text
    /// error[C4505]: the closure profile of 'ua_sector' reports a share of 1 delivered by day 3; the deliveries give 0.666667
    /// ```
    pub(super) fn c4505_closure_report(&mut self, delivered: &[Vec<(usize, f64)>]) {
        let (s, h, tol) = (self.s, self.h, self.tol);
        let mine = self.closure_profiles(delivered);
        let mut reported: HashMap<&str, &Closure> = HashMap::new();
        for c in &s.closure {
            if reported.insert(c.node.as_str(), c).is_some() {
                self.push(
                    Rule::ClosureReport,
                    &c.node,
                    None,
                    1.0,
                    format!("the closure profile of '{}' is reported twice", c.node),
                );
            }
        }
        for (node, required, share) in &mine {
            let Some(c) = reported.remove(node.as_str()) else {
                self.push(
                    Rule::ClosureReport,
                    node,
                    None,
                    *required,
                    format!("the closure profile of '{node}' is missing"),
                );
                continue;
            };
            if !tol.within(c.required, *required) {
                self.push(
                    Rule::ClosureReport,
                    node,
                    None,
                    (c.required - required).abs(),
                    format!(
                        "the closure profile of '{node}' reports {} required; the demands give {}",
                        trimmed(c.required),
                        trimmed(*required)
                    ),
                );
            }
            if c.share_by_day.len() != h {
                self.push(
                    Rule::ClosureReport,
                    node,
                    None,
                    (c.share_by_day.len() as f64 - h as f64).abs(),
                    format!(
                        "the closure profile of '{node}' has {} days, the horizon {h}",
                        c.share_by_day.len()
                    ),
                );
                continue;
            }
            if let Some(t) = (0..h).find(|&t| !tol.within(c.share_by_day[t], share[t])) {
                self.push(
                    Rule::ClosureReport,
                    node,
                    Some(t),
                    (c.share_by_day[t] - share[t]).abs(),
                    format!(
                        "the closure profile of '{node}' reports a share of {} delivered by day {t}; the deliveries give {}",
                        trimmed(c.share_by_day[t]),
                        trimmed(share[t])
                    ),
                );
            }
        }
        let mut extra: Vec<&str> = reported.into_keys().collect();
        extra.sort_unstable();
        for node in extra {
            self.push(
                Rule::ClosureReport,
                node,
                None,
                1.0,
                format!("a closure profile is reported for '{node}', which has no demand"),
            );
        }
    }
}
