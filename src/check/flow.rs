//! C43xx: flow balance and quantities. Every (node, stage, nation, resource, day) balances:
//!
//! ```text
//! stock at the end of the day before + supply + arrivals + handled goods becoming ready
//!   = stock at the end of the day + departures + goods taken into handling + deliveries
//! ```
//!
//! The reading passes (movements, handling, stocks, deliveries, supplies) book into the
//! checker's accounts; `c4301_flow_balance` then checks them. Every quantity
//! read is finite and not negative (C4302) before it is booked.

use super::context::Checker;
use super::rules::{Rule, Violation};
use crate::schedule::Schedule;
use crate::text::trimmed;

impl Checker<'_> {
    /// The stock pass: resolves each end-of-day stock (C4001), checks its day and stage
    /// (C4001), its quantity (C4302) and the caveats where it waits (C4405), and books it as
    /// the account's stock at the end of its day.
    pub(super) fn stocks(&mut self) {
        let (m, s) = (self.m, self.s);
        for st in &s.stocks {
            let place = format!("stock at '{}'", st.node);
            let (Some(v), Some(n), Some(r)) = (
                self.node(&st.node, &place),
                self.nation(&st.nation, &place),
                self.resource(&st.resource, &place),
            ) else {
                continue;
            };
            let id = m.nodes[v].id.as_str();
            if !self.c4001_day_in_horizon(st.day, id, &place) {
                continue;
            }
            let t = st.day;
            let Some(stage) = self.c4001_stock_stage(st, v, n, r) else {
                continue;
            };
            let what = format!("stock of {} {} '{id}'", self.commodity(n, r), stage.word());
            if !self.c4302_quantity(st.quantity, id, Some(t), &what) {
                continue;
            }
            self.account(v, stage, n, r).stock[t] += st.quantity;
            self.c4405_caveat_in_stock(st, v, n, r);
        }
    }

    /// Books each supply of the model as available at its origin on its day (in the stage
    /// departures leave from).
    pub(super) fn supplies(&mut self) {
        let (m, h) = (self.m, self.h);
        for s in &m.supplies {
            if s.day < h {
                let st = self.depart_stage(s.origin);
                self.account(s.origin, st, s.nation, s.resource).inflow[s.day] += s.quantity;
            }
        }
    }

    /// C4301 `flow_balance`: every (node, stage, nation, resource, day) balances: what was
    /// held the day before plus what arrives (supply, arrivals, handled goods becoming ready)
    /// is what leaves (departures, goods taken into handling, deliveries) plus what is held at
    /// the end of the day.
    ///
    /// **Why:** it is the conservation of goods: without it a schedule could deliver units that
    /// never left their depot, or lose units on the way. Arrivals are booked on the day the
    /// model gives (departure + transit, handling + `handling_days`), whatever the schedule
    /// reports. The amount is the difference.
    ///
    /// **Example:** 10 more troops leave the railhead than are there:
    /// ```text
    /// error[C4301]: 10 more FR's infantry leave or stay handled, awaiting onward lift at 'pl_rail' on day 2 than are there: 0 held from the day before + 90 arriving = 90, but 100 leave + 0 held at the end of the day = 100
    /// ```
    pub(super) fn c4301_flow_balance(&mut self) {
        let (m, tol) = (self.m, self.tol);
        let accounts = std::mem::take(&mut self.accounts);
        for (&(v, st, n, r), acc) in &accounts {
            let id = &m.nodes[v].id;
            let mut prev = 0.0;
            for t in 0..self.h {
                let have = prev + acc.inflow[t];
                let uses = acc.outflow[t] + acc.stock[t];
                if !tol.within(have, uses) {
                    let what = self.commodity(n, r);
                    let msg = if uses > have {
                        format!(
                            "{} more {what} leave or stay {} '{id}' on day {t} than are there: {} held from the day before + {} arriving = {}, but {} leave + {} held at the end of the day = {}",
                            trimmed(uses - have),
                            st.word(),
                            trimmed(prev),
                            trimmed(acc.inflow[t]),
                            trimmed(have),
                            trimmed(acc.outflow[t]),
                            trimmed(acc.stock[t]),
                            trimmed(uses)
                        )
                    } else {
                        format!(
                            "{} {what} {} '{id}' on day {t} are unaccounted for: {} held from the day before + {} arriving = {}, but {} leave + {} held at the end of the day = {}",
                            trimmed(have - uses),
                            st.word(),
                            trimmed(prev),
                            trimmed(acc.inflow[t]),
                            trimmed(have),
                            trimmed(acc.outflow[t]),
                            trimmed(acc.stock[t]),
                            trimmed(uses)
                        )
                    };
                    self.push(Rule::FlowBalance, id, Some(t), (have - uses).abs(), msg);
                }
                prev = acc.stock[t];
            }
        }
        self.accounts = accounts;
    }

    /// C4302 `quantity`: a quantity is finite and not negative (down to the absolute
    /// tolerance). Returns whether it is; the entry is not booked when not.
    ///
    /// **Why:** a negative cargo or stock would balance any flow, and NaN or infinity compares
    /// with nothing. The amount is how far below zero (infinite for NaN and infinities).
    ///
    /// **Example:**
    /// ```text
    /// error[C4302]: cargo of FR's infantry on route 'fr-rail' fleet 'fr_trains' has quantity -5
    /// ```
    pub(super) fn c4302_quantity(
        &mut self,
        q: f64,
        entity: &str,
        day: Option<usize>,
        what: &str,
    ) -> bool {
        if q.is_finite() && q >= -self.tol.abs {
            return true;
        }
        self.push(
            Rule::Quantity,
            entity,
            day,
            if q.is_finite() { -q } else { f64::INFINITY },
            format!("{what} has quantity {}", trimmed(q)),
        );
        false
    }
}

/// C4302 `quantity`, for the figures a schedule reports rather than the quantities it moves:
/// loads, capacities, occupancy, delivery figures, closure shares (not finite, or negative)
/// and the objective's parts (not finite). Not part of [`Checker::run`]: the other rules
/// already recompute these figures and flag a wrong one by its own code (C4106, C4406,
/// C4504, C4505, C4701); [`crate::check::structural`] adds these to tell a schedule that
/// cannot be drawn at all.
///
/// **Why:** a NaN share or an infinite load in a report's chart is no plan.
///
/// **Example:**
/// ```text
/// error[C4302]: lviv: a closure share is reported as NaN
/// ```
pub(super) fn c4302_reported_figures(s: &Schedule) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut figure = |q: f64, signed: bool, entity: &str, day: Option<usize>, what: &str| {
        if q.is_finite() && (signed || q >= 0.0) {
            return;
        }
        out.push(Violation {
            rule: Rule::Quantity,
            entity: entity.to_string(),
            day,
            amount: if q.is_finite() { -q } else { f64::INFINITY },
            message: format!("{what} is reported as {}", crate::text::trimmed(q)),
        });
    };
    for m in &s.movements {
        let d = Some(m.day);
        figure(m.load_t, false, &m.route, d, "a movement's load_t");
        figure(m.capacity_t, false, &m.route, d, "a movement's capacity_t");
    }
    for o in &s.occupancy {
        figure(o.used, false, &o.hub, Some(o.day), "occupancy used");
        figure(o.capacity, false, &o.hub, Some(o.day), "occupancy capacity");
    }
    for d in &s.deliveries {
        for (q, what) in [
            (d.quantity, "the demand's quantity"),
            (d.delivered, "delivered"),
            (d.on_time, "on_time"),
            (d.late_unit_days, "late_unit_days"),
            (d.shortfall, "shortfall"),
        ] {
            figure(q, false, &d.demand, None, what);
        }
    }
    for c in &s.closure {
        figure(c.required, false, &c.node, None, "the closure's required");
        for (t, &q) in c.share_by_day.iter().enumerate() {
            figure(q, false, &c.node, Some(t), "a closure share");
        }
    }
    let o = &s.objective;
    for (q, what) in [
        (o.total, "objective total"),
        (o.trip_cost, "objective trip_cost"),
        (o.tonne_km_cost, "objective tonne_km_cost"),
        (o.hub_opening_cost, "objective hub_opening_cost"),
        (o.hub_daily_cost, "objective hub_daily_cost"),
        (o.risk_exposure, "objective risk_exposure"),
        (o.lateness, "objective lateness"),
        (o.shortfall, "objective shortfall"),
        (o.coverage_shortfall, "objective coverage_shortfall"),
        (o.recomputed_total, "objective recomputed_total"),
    ] {
        figure(q, true, "objective", None, what);
    }
    out
}
