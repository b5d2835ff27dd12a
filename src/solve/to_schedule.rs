//! Reading a solution into a [`Schedule`]: the solver's column values through the
//! formulation's variable index, in the model's own terms. The figures (costs, lateness,
//! shortfall, occupancy, closure) are then computed from the schedule alone by
//! [`schedule::evaluate`], which uses the model's rules only.

use std::collections::BTreeMap;

use super::options::SolveResult;
use crate::formulation::{Col, Formulation, Stats};
use crate::model::Model;
use crate::network::{Network, Vertex};
use crate::schedule::{
    self, clean, Basing, Cargo, Delivery, DeliveryReport, Handled, HubPlan, MonitoringReport,
    Movement, ObjectiveReport, ProblemSize, Schedule, SolverReport, Stage, Stock, Tasking, EPS,
};

impl From<Stats> for ProblemSize {
    fn from(s: Stats) -> ProblemSize {
        ProblemSize {
            naive_variables: s.naive_variables,
            variables: s.variables,
            integer_variables: s.integer_variables,
            rows: s.rows,
            nonzeros: s.nonzeros,
        }
    }
}

/// Builds the schedule of a solve's result: its header always, its decisions when the result
/// has values. Figures are then recomputed by [`schedule::evaluate`].
pub fn to_schedule(model: &Model, net: &Network, f: &Formulation, res: &SolveResult) -> Schedule {
    let mut s = Schedule {
        hubplan_version: env!("CARGO_PKG_VERSION").to_string(),
        model: model.name.clone(),
        horizon_days: model.horizon,
        solver: SolverReport {
            status: res.status,
            method: res.method.clone(),
            stop_reason: res.stop_reason.clone(),
            bound: res.bound,
            gap: res.gap,
            solve_seconds: res.seconds,
            nodes: res.nodes,
            size: f.stats.into(),
        },
        objective: ObjectiveReport {
            total: res.objective.unwrap_or(f64::NAN),
            ..ObjectiveReport::default()
        },
        hubs: Vec::new(),
        movements: Vec::new(),
        handling: Vec::new(),
        stocks: Vec::new(),
        occupancy: Vec::new(),
        deliveries: Vec::new(),
        closure: Vec::new(),
        monitoring: MonitoringReport::default(),
    };
    let Some(x) = &res.values else {
        return s;
    };
    let r = Reader { model, net, f, x };
    s.hubs = r.hubs();
    s.movements = r.movements();
    s.handling = r.handling();
    s.stocks = r.stocks();
    s.deliveries = r.deliveries();
    r.monitoring(&mut s.monitoring);
    schedule::evaluate(model, &mut s);
    s
}

/// The solution's values and what names them.
struct Reader<'a> {
    model: &'a Model,
    net: &'a Network,
    f: &'a Formulation,
    x: &'a [f64],
}

impl Reader<'_> {
    fn val(&self, c: Col) -> f64 {
        self.x[c.ix]
    }

    /// Nation and resource ids of commodity `k`.
    fn kname(&self, k: usize) -> (String, String) {
        let kk = self.net.commodities[k];
        (
            self.model.nations[kk.nation].id.clone(),
            self.model.resources[kk.resource].id.clone(),
        )
    }

    /// Hubs: operational from the first day y = 1 (or the first possible day if fixed open).
    fn hubs(&self) -> Vec<HubPlan> {
        let model = self.model;
        let mut hubs = Vec::new();
        for v in model.hubs() {
            let hub = model.nodes[v].hub.as_ref().expect("hub");
            let mut op = None;
            let mut decided = false;
            for o in self.f.open.iter().filter(|o| o.hub == v) {
                decided = true;
                if self.val(o.col) > 0.5 {
                    op = Some(o.day);
                    break;
                }
            }
            if !decided && hub.fixed == Some(true) && hub.first_operational_day() < model.horizon {
                op = Some(hub.first_operational_day());
            }
            hubs.push(HubPlan {
                hub: model.nodes[v].id.clone(),
                open: op.is_some(),
                operational_day: op,
                setup_start_day: op.map(|o| o - hub.setup_days),
            });
        }
        hubs
    }

    /// Movements: trips with their cargo, by day, route and fleet.
    fn movements(&self) -> Vec<Movement> {
        let model = self.model;
        let mut cargo: BTreeMap<(usize, usize, usize), Vec<Cargo>> = BTreeMap::new();
        for fl in &self.f.flows {
            let q = self.val(fl.col);
            if q > EPS {
                let (nation, resource) = self.kname(fl.k);
                cargo
                    .entry((fl.route, fl.fleet, fl.day))
                    .or_default()
                    .push(Cargo {
                        nation,
                        resource,
                        quantity: clean(q),
                    });
            }
        }
        let mut movements = Vec::new();
        for tr in &self.f.trips {
            let n = self.val(tr.col);
            let items = cargo
                .remove(&(tr.route, tr.fleet, tr.day))
                .unwrap_or_default();
            if n < 0.5 && items.is_empty() {
                continue;
            }
            let r = &model.routes[tr.route];
            let load: f64 = items
                .iter()
                .map(|c| {
                    c.quantity
                        * model.weight(model.resource_ix(&c.resource).expect("resource"), r.mode)
                })
                .sum();
            movements.push(Movement {
                day: tr.day,
                arrival_day: tr.day + r.transit,
                route: r.id.clone(),
                from: model.nodes[r.from].id.clone(),
                to: model.nodes[r.to].id.clone(),
                mode: r.mode,
                fleet: model.fleets[tr.fleet].id.clone(),
                trips: n as u64,
                load_t: clean(load),
                capacity_t: clean(n * model.fleets[tr.fleet].capacity_t),
                cargo: items,
            });
        }
        movements.sort_by(|a, b| (a.day, &a.route, &a.fleet).cmp(&(b.day, &b.route, &b.fleet)));
        movements
    }

    /// Handling at transit nodes.
    fn handling(&self) -> Vec<Handled> {
        let model = self.model;
        let mut handling = Vec::new();
        for hv in &self.f.handled {
            let q = self.val(hv.col);
            if q > EPS {
                let (nation, resource) = self.kname(hv.k);
                let days = model.nodes[hv.node].handling.map_or(0, |h| h.days);
                handling.push(Handled {
                    day: hv.day,
                    ready_day: hv.day + days,
                    node: model.nodes[hv.node].id.clone(),
                    nation,
                    resource,
                    quantity: clean(q),
                });
            }
        }
        handling.sort_by(|a, b| {
            (a.day, &a.node, &a.nation, &a.resource).cmp(&(b.day, &b.node, &b.nation, &b.resource))
        });
        handling
    }

    /// Stock held at the end of each day, by stage.
    fn stocks(&self) -> Vec<Stock> {
        let mut stocks = Vec::new();
        for st in &self.f.stocks {
            let q = self.val(st.col);
            if q > EPS {
                let (nation, resource) = self.kname(st.k);
                let vtx = self.net.graph[st.vertex];
                stocks.push(Stock {
                    day: st.day,
                    node: self.model.nodes[vtx.node()].id.clone(),
                    stage: match vtx {
                        Vertex::Place(_) => Stage::At,
                        Vertex::HandlingIn(_) => Stage::AwaitingHandling,
                        Vertex::HandlingOut(_) => Stage::Handled,
                    },
                    nation,
                    resource,
                    quantity: clean(q),
                });
            }
        }
        stocks.sort_by(|a, b| {
            (a.day, &a.node, &a.nation, &a.resource).cmp(&(b.day, &b.node, &b.nation, &b.resource))
        });
        stocks
    }

    /// Deliveries against each demand, by day; the figures are left to `evaluate`.
    fn deliveries(&self) -> Vec<DeliveryReport> {
        let model = self.model;
        let mut by_demand: Vec<Vec<Delivery>> = vec![Vec::new(); model.demands.len()];
        for dv in &self.f.deliveries {
            let q = self.val(dv.col);
            if q > EPS {
                by_demand[dv.demand].push(Delivery {
                    day: dv.day,
                    nation: self.kname(dv.k).0,
                    quantity: clean(q),
                });
            }
        }
        let mut deliveries = Vec::new();
        for (d, mut by_day) in by_demand.into_iter().enumerate() {
            by_day.sort_by(|a, b| (a.day, &a.nation).cmp(&(b.day, &b.nation)));
            let dem = &model.demands[d];
            deliveries.push(DeliveryReport {
                demand: dem.id.clone(),
                node: model.nodes[dem.node].id.clone(),
                resource: model.resources[dem.resource].id.clone(),
                quantity: dem.quantity,
                due_day: dem.due,
                hard: dem.hard,
                delivered: 0.0,
                on_time: 0.0,
                late_unit_days: 0.0,
                shortfall: 0.0,
                completed_day: None,
                by_day,
                reason: None,
            });
        }
        deliveries
    }

    /// Monitoring: assets based at hubs and tasked to sectors.
    fn monitoring(&self, m: &mut MonitoringReport) {
        let model = self.model;
        for &(q, hb, c) in &self.f.basing {
            let n = self.val(c);
            if n > 0.5 {
                m.basing.push(Basing {
                    asset: model.assets[q].id.clone(),
                    hub: model.nodes[hb].id.clone(),
                    count: n as u64,
                });
            }
        }
        for &(q, cv, c) in &self.f.tasking {
            let n = self.val(c);
            if n > 0.5 {
                m.tasking.push(Tasking {
                    asset: model.assets[q].id.clone(),
                    sector: model.nodes[model.coverage[cv].sector].id.clone(),
                    count: n as u64,
                });
            }
        }
    }
}
