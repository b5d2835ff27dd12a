//! C42xx: handling at transit nodes. Goods arriving at a transit node with handling wait in
//! `awaiting_handling`; a handling entry takes them from there and makes them available in
//! `handled` after `handling_days`, from where they leave.
//!
//! The handling pass books each entry into the two accounts and sums the tonnes handled per
//! node and day for C4201.

use std::collections::BTreeMap;

use crate::model::{Handling, NationIx, NodeIx, ResIx};
use crate::schedule::Handled;

use super::context::{Checker, St};
use super::rules::Rule;
use crate::text::trimmed;

impl Checker<'_> {
    /// The handling pass: resolves each entry (C4001), checks where (C4001, C4405), when
    /// (C4001, C4202) and how much (C4302), books it out of `awaiting_handling` on its day and
    /// into `handled` on its ready day, and sums the tonnes handled per node and day (C4201).
    pub(super) fn handling(&mut self) {
        let (m, s, h) = (self.m, self.s, self.h);
        let mut tonnes: BTreeMap<(NodeIx, usize), f64> = BTreeMap::new();
        for hd in &s.handling {
            let place = format!("handling at '{}'", hd.node);
            let (Some(v), Some(n), Some(r)) = (
                self.node(&hd.node, &place),
                self.nation(&hd.nation, &place),
                self.resource(&hd.resource, &place),
            ) else {
                continue;
            };
            let id = m.nodes[v].id.as_str();
            let Some(hn) = self.c4001_handling_node(v, hd) else {
                continue;
            };
            if !self.c4001_day_in_horizon(hd.day, id, &place) {
                continue;
            }
            let what = format!("handling of {} at '{id}'", self.commodity(n, r));
            if !self.c4302_quantity(hd.quantity, id, Some(hd.day), &what) {
                continue;
            }
            let q = hd.quantity;
            let ready = hd.day.saturating_add(hn.days);
            self.c4202_handling_timing(hd, v, n, r, hn);
            self.c4405_caveat_at_handling(hd, v, n, r);
            *tonnes.entry((v, hd.day)).or_default() += q * m.resources[r].base_weight_t;
            self.account(v, St::Awaiting, n, r).outflow[hd.day] += q;
            if ready < h {
                self.account(v, St::Handled, n, r).inflow[ready] += q;
            }
        }
        self.c4201_handling_capacity(tonnes);
    }

    /// C4201 `handling_capacity`: the tonnes handled at a transit node on a day (quantity x the
    /// resource's `weight_t`, without mode overrides) are at most its `handling_t_per_day`.
    ///
    /// **Why:** handling (unloading, sorting, transshipping) is the usual bottleneck of a
    /// railhead; goods beyond its capacity would be handled by nobody. The amount is the
    /// tonnes over.
    ///
    /// **Example:**
    /// ```text
    /// error[C4201]: 130 t are handled at 'pl_rail' on day 1; it handles 100 t a day
    /// ```
    fn c4201_handling_capacity(&mut self, tonnes: BTreeMap<(NodeIx, usize), f64>) {
        let (m, tol) = (self.m, self.tol);
        for ((v, t), w) in tonnes {
            let cap = m.nodes[v].handling.map_or(f64::INFINITY, |x| x.t_per_day);
            if tol.exceeds(w, cap) {
                let id = m.nodes[v].id.clone();
                self.push(
                    Rule::HandlingCapacity,
                    &id,
                    Some(t),
                    w - cap,
                    format!(
                        "{} t are handled at '{id}' on day {t}; it handles {} t a day",
                        trimmed(w),
                        trimmed(cap)
                    ),
                );
            }
        }
    }

    /// C4202 `handling_timing`: goods handled on day `t` are ready on `t + handling_days` (the
    /// reported `ready_day` says so), and that day lies within the horizon.
    ///
    /// **Why:** the checker books the goods as ready on the day the model gives; goods ready
    /// after the horizon were handled for nothing. The amount is the days off for a wrong
    /// `ready_day`, the quantity for goods ready too late.
    ///
    /// **Example:**
    /// ```text
    /// error[C4202]: 40 DE's infantry handled at 'pl_rail' on day 5 would be ready on day 6, after the last day 5
    /// ```
    fn c4202_handling_timing(
        &mut self,
        hd: &Handled,
        v: NodeIx,
        n: NationIx,
        r: ResIx,
        hn: Handling,
    ) {
        let (m, h) = (self.m, self.h);
        let id = m.nodes[v].id.as_str();
        let q = hd.quantity;
        let ready = hd.day.saturating_add(hn.days);
        if hd.ready_day != ready {
            self.push(
                Rule::HandlingTiming,
                id,
                Some(hd.day),
                (hd.ready_day as f64 - ready as f64).abs(),
                format!(
                    "{} handled at '{id}' on day {} are reported ready on day {}; with {} handling day(s) they are ready on day {ready}",
                    self.commodity(n, r),
                    hd.day,
                    hd.ready_day,
                    hn.days
                ),
            );
        }
        if ready >= h {
            self.push(
                Rule::HandlingTiming,
                id,
                Some(hd.day),
                q,
                format!(
                    "{} {} handled at '{id}' on day {} would be ready on day {ready}, after the last day {}",
                    trimmed(q),
                    self.commodity(n, r),
                    hd.day,
                    h - 1
                ),
            );
        }
    }
}
