//! C40xx: the schedule's references and its header. Every id resolves to something of the right
//! kind in the model, every day lies within the horizon and every stage fits its node (C4001);
//! the schedule is for this model and has decisions to check (C4002).
//!
//! The reading passes of the other files resolve what they read with the lookups here, which
//! report C4001 for them; an entry that does not resolve is skipped by the rest of its pass.

use crate::model::{FleetIx, Handling, Hub, NationIx, NodeIx, ResIx, RouteIx};
use crate::schedule::{Basing, Handled, HubPlan, Stock};

use super::context::{Checker, St};
use super::rules::Rule;

impl<'a> Checker<'a> {
    /// C4001 `reference`: `place` names `what` `id`, which the model does not have.
    ///
    /// **Why:** an unknown id cannot be checked against anything; it is a schedule for another
    /// model, or a typo in an edited schedule. The entry is left out of every other rule (its
    /// flows are not booked), so its own violations show only after it is fixed.
    ///
    /// **Example:** a movement on route `rail-hubb`:
    /// ```text
    /// error[C4001]: a movement names route 'rail-hubb', which the model does not have
    /// ```
    pub(super) fn c4001_unknown(&mut self, what: &str, id: &str, place: &str) {
        self.push(
            Rule::Reference,
            id,
            None,
            1.0,
            format!("{place} names {what} '{id}', which the model does not have"),
        );
    }

    /// Passes a looked-up index through, reporting the id as unknown (C4001) when it did not
    /// resolve.
    fn resolved<T>(&mut self, v: Option<T>, what: &str, id: &str, place: &str) -> Option<T> {
        if v.is_none() {
            self.c4001_unknown(what, id, place);
        }
        v
    }

    /// The node `id`; C4001 when the model has none.
    pub(super) fn node(&mut self, id: &str, place: &str) -> Option<NodeIx> {
        let v = self.nodes.get(id).copied();
        self.resolved(v, "node", id, place)
    }

    /// The nation `id`; C4001 when the model has none.
    pub(super) fn nation(&mut self, id: &str, place: &str) -> Option<NationIx> {
        let v = self.nations.get(id).copied();
        self.resolved(v, "nation", id, place)
    }

    /// The resource `id`; C4001 when the model has none.
    pub(super) fn resource(&mut self, id: &str, place: &str) -> Option<ResIx> {
        let v = self.resources.get(id).copied();
        self.resolved(v, "resource", id, place)
    }

    /// The asset type `id`; C4001 when the model has none.
    pub(super) fn asset(&mut self, id: &str, place: &str) -> Option<usize> {
        let v = self.assets.get(id).copied();
        self.resolved(v, "asset type", id, place)
    }

    /// The route `id`; C4001 when the model has none.
    pub(super) fn route(&mut self, id: &str, place: &str) -> Option<RouteIx> {
        let v = self.routes.get(id).copied();
        self.resolved(v, "route", id, place)
    }

    /// The fleet `id`; C4001 when the model has none.
    pub(super) fn fleet(&mut self, id: &str, place: &str) -> Option<FleetIx> {
        let v = self.fleets.get(id).copied();
        self.resolved(v, "fleet", id, place)
    }

    /// The demand `id`; C4001 when the model has none.
    pub(super) fn demand(&mut self, id: &str, place: &str) -> Option<usize> {
        let v = self.demands.get(id).copied();
        self.resolved(v, "demand", id, place)
    }

    /// C4001 `reference`: a day lies within the horizon `0..h`. Returns whether it does.
    ///
    /// **Why:** the model says nothing about days outside its horizon: no route is open, no
    /// hub operational, no flow can balance there. The amount is the number of days beyond the
    /// last.
    ///
    /// **Example:** a movement on day 6 of a 6-day horizon:
    /// ```text
    /// error[C4001]: a movement of fleet 'trucks' on route 'rail-hub' is on day 6, outside the horizon of 6 days (0..6)
    /// ```
    pub(super) fn c4001_day_in_horizon(&mut self, day: usize, entity: &str, place: &str) -> bool {
        if day < self.h {
            return true;
        }
        let h = self.h;
        self.push(
            Rule::Reference,
            entity,
            Some(day),
            (day - h) as f64 + 1.0,
            format!("{place} is on day {day}, outside the horizon of {h} days (0..{h})"),
        );
        false
    }

    /// C4001 `reference`: a hub decision names a hub candidate, once. Returns the hub's node
    /// and data when it does.
    ///
    /// **Why:** only hub candidates can be opened, and a hub decided twice could be open from
    /// two different days; the second decision is ignored.
    ///
    /// **Example:** a decision for the transit node `pl_rail`:
    /// ```text
    /// error[C4001]: hub decision for 'pl_rail', which is not a hub candidate
    /// ```
    pub(super) fn c4001_hub_decision(
        &mut self,
        hp: &HubPlan,
        seen: &mut [bool],
    ) -> Option<(NodeIx, &'a Hub)> {
        let m = self.m;
        let v = self.node(&hp.hub, "a hub decision")?;
        let Some(hub) = &m.nodes[v].hub else {
            self.push(
                Rule::Reference,
                &hp.hub,
                None,
                1.0,
                format!(
                    "hub decision for '{}', which is not a hub candidate",
                    hp.hub
                ),
            );
            return None;
        };
        if std::mem::replace(&mut seen[v], true) {
            self.push(
                Rule::Reference,
                &hp.hub,
                None,
                1.0,
                format!("hub '{}' is decided twice", hp.hub),
            );
            return None;
        }
        Some((v, hub))
    }

    /// C4001 `reference`: goods are handled only at a node with handling. Returns its
    /// handling when it has some.
    ///
    /// **Why:** handling moves goods from `awaiting_handling` to `handled`, stages that only a
    /// transit node with handling has. The amount is the quantity handled.
    ///
    /// **Example:** handling at the origin `fr_depot`:
    /// ```text
    /// error[C4001]: goods are handled at 'fr_depot', which has no handling
    /// ```
    pub(super) fn c4001_handling_node(&mut self, v: NodeIx, hd: &Handled) -> Option<Handling> {
        let m = self.m;
        let node = &m.nodes[v];
        if node.handling.is_none() {
            let id = node.id.as_str();
            self.push(
                Rule::Reference,
                id,
                Some(hd.day),
                hd.quantity,
                format!("goods are handled at '{id}', which has no handling"),
            );
        }
        node.handling
    }

    /// C4001 `reference`: a stock's stage fits its node: `at` at a node without handling,
    /// `awaiting_handling` or `handled` at one with. Returns the stage when it fits.
    ///
    /// **Why:** flow balance keeps one account per stage; a stock in a stage the node does not
    /// have could never be reached or left. The amount is the quantity held.
    ///
    /// **Example:** a stock reported `at` the railhead `pl_rail`, which has handling:
    /// ```text
    /// error[C4001]: stock of DE's infantry is reported at 'pl_rail', a node with handling
    /// ```
    pub(super) fn c4001_stock_stage(
        &mut self,
        st: &Stock,
        v: NodeIx,
        n: NationIx,
        r: ResIx,
    ) -> Option<St> {
        let m = self.m;
        let node = &m.nodes[v];
        let id = node.id.as_str();
        let stage = St::of(st.stage);
        let fits = match node.handling {
            Some(_) => stage != St::At,
            None => stage == St::At,
        };
        if !fits {
            self.push(
                Rule::Reference,
                id,
                Some(st.day),
                st.quantity,
                format!(
                    "stock of {} is reported {} '{id}', a node {} handling",
                    self.commodity(n, r),
                    stage.word(),
                    if node.handling.is_some() {
                        "with"
                    } else {
                        "without"
                    }
                ),
            );
            return None;
        }
        Some(stage)
    }

    /// C4001 `reference`: assets are based only at a hub candidate. Returns the hub's data
    /// when the node is one.
    ///
    /// **Why:** basing needs a hub (its protection, its opening day); anywhere else the
    /// assets cover nothing. The amount is the number of assets.
    ///
    /// **Example:** two drones based at the sector `ua_sector`:
    /// ```text
    /// error[C4001]: asset 'drones' is based at 'ua_sector', which is not a hub candidate
    /// ```
    pub(super) fn c4001_basing_hub(&mut self, b: &Basing, q: usize, v: NodeIx) -> Option<&'a Hub> {
        let m = self.m;
        let node = &m.nodes[v];
        if node.hub.is_none() {
            self.push(
                Rule::Reference,
                &b.hub,
                None,
                b.count as f64,
                format!(
                    "asset '{}' is based at '{}', which is not a hub candidate",
                    m.assets[q].id, node.id
                ),
            );
        }
        node.hub.as_ref()
    }

    /// C4002 `header`: the schedule is for this model (its name and horizon) and its status
    /// comes with a schedule. Returns `false` when it does not: there is nothing more to check.
    ///
    /// **Why:** a schedule checked against another model, or one from a failed solve, would
    /// show hundreds of violations that all come from this one mistake.
    ///
    /// **Example:** a schedule of a 10-day horizon checked against a 6-day model:
    /// ```text
    /// error[C4002]: the schedule is for a horizon of 10 days, the model has 6
    /// ```
    pub(super) fn c4002_header(&mut self) -> bool {
        let (m, s) = (self.m, self.s);
        if s.horizon_days != m.horizon {
            self.push(
                Rule::Header,
                "schedule",
                None,
                (s.horizon_days as f64 - m.horizon as f64).abs(),
                format!(
                    "the schedule is for a horizon of {} days, the model has {}",
                    s.horizon_days, m.horizon
                ),
            );
        }
        if s.model != m.name {
            self.push(
                Rule::Header,
                "schedule",
                None,
                1.0,
                format!("the schedule is for model '{}', not '{}'", s.model, m.name),
            );
        }
        if !s.solver.status.has_schedule() {
            self.push(
                Rule::Header,
                "schedule",
                None,
                1.0,
                format!(
                    "the solve ended '{}': there is no schedule to check",
                    s.solver.status.as_str()
                ),
            );
            return false;
        }
        true
    }
}
