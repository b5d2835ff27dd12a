//! The time-expanded deployment MIP, built from the model and the network's windows.
//!
//! Each constraint family has its own method on [`Builder`]; `docs/formulation.md` states the
//! model family by family and names these methods. Variables are created only inside their
//! commodity's time window and where caveats, protection, fleets and closures allow them, so
//! caveats and protection need no constraints at all. Expressions are built in place
//! (`add_mul`, `+=`), never by `e = e + ...`, which is quadratic in good_lp.
//!
//! This module produces solver-neutral good_lp objects; only [`crate::solve`] names HiGHS.

use good_lp::{variable, Constraint, Expression, IntoAffineExpression, ProblemVariables, Variable};
use petgraph::graph::NodeIndex;

use crate::model::{FleetIx, Model, NodeIx, RouteIx};
use crate::network::{Commodity, Network};

mod names;

/// A decision variable with its column index in the MIP.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    /// good_lp handle.
    pub var: Variable,
    /// Column index (creation order).
    pub ix: usize,
}

/// `x[a,f,k,t]`: quantity of commodity `k` departing on route `a` in fleet `f` on day `t`.
#[derive(Debug, Clone, Copy)]
pub struct FlowVar {
    /// Route.
    pub route: RouteIx,
    /// Fleet.
    pub fleet: FleetIx,
    /// Commodity index in [`Network::commodities`].
    pub k: usize,
    /// Departure day.
    pub day: usize,
    /// Column.
    pub col: Col,
}

/// `n[a,f,t]`: whole trips of fleet `f` on route `a` departing day `t`.
#[derive(Debug, Clone, Copy)]
pub struct TripVar {
    /// Route.
    pub route: RouteIx,
    /// Fleet.
    pub fleet: FleetIx,
    /// Day.
    pub day: usize,
    /// Upper bound used.
    pub ub: f64,
    /// Column.
    pub col: Col,
}

/// `s[g,k,t]`: stock of `k` at graph vertex `g` at the end of day `t`.
#[derive(Debug, Clone, Copy)]
pub struct StockVar {
    /// Vertex.
    pub vertex: NodeIndex,
    /// Commodity index.
    pub k: usize,
    /// Day.
    pub day: usize,
    /// Column.
    pub col: Col,
}

/// `h[v,k,t]`: quantity of `k` handled at transit node `v` on day `t`.
#[derive(Debug, Clone, Copy)]
pub struct HandleVar {
    /// Transit node.
    pub node: NodeIx,
    /// Commodity index.
    pub k: usize,
    /// Day of handling (ready `handling.days` later).
    pub day: usize,
    /// Column.
    pub col: Col,
}

/// `del[d,k,t]`: quantity of `k` delivered to demand `d` on day `t`.
#[derive(Debug, Clone, Copy)]
pub struct DeliveryVar {
    /// Demand index.
    pub demand: usize,
    /// Commodity index.
    pub k: usize,
    /// Day.
    pub day: usize,
    /// Column.
    pub col: Col,
}

/// `y[h,t]`: hub `h` operational on day `t`.
#[derive(Debug, Clone, Copy)]
pub struct OpenVar {
    /// Hub node.
    pub hub: NodeIx,
    /// Day.
    pub day: usize,
    /// Column.
    pub col: Col,
}

/// Size of the formulation before and after pruning.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stats {
    /// Variables a formulation without pruning would have (every route x fleet x commodity x
    /// day, every vertex x commodity x day, ...).
    pub naive_variables: usize,
    /// Variables built.
    pub variables: usize,
    /// Integer (and binary) variables built.
    pub integer_variables: usize,
    /// Constraints built.
    pub rows: usize,
    /// Non-zero coefficients in the constraints, as HiGHS counts them (filled in by
    /// [`crate::solve::solve`]; 0 before).
    pub nonzeros: usize,
}

/// The built MIP with every variable's meaning.
pub struct Formulation {
    /// Variables.
    pub vars: ProblemVariables,
    /// Constraints.
    pub constraints: Vec<Constraint>,
    /// Objective (minimised), without its constant part.
    pub objective: Expression,
    /// Objective coefficient of each column, by column index.
    pub objective_coefficients: Vec<f64>,
    /// Constant part of the objective (costs of hubs fixed open), which the solver does not see:
    /// add it to the solver's objective and bound.
    pub objective_offset: f64,
    /// Whether each column is integer, by column index.
    pub is_integer: Vec<bool>,
    /// Lower and upper bound of each column, by column index.
    pub bounds: Vec<(f64, f64)>,
    /// Flows.
    pub flows: Vec<FlowVar>,
    /// Trips.
    pub trips: Vec<TripVar>,
    /// Stocks.
    pub stocks: Vec<StockVar>,
    /// Handling.
    pub handled: Vec<HandleVar>,
    /// Deliveries.
    pub deliveries: Vec<DeliveryVar>,
    /// Shortfall per soft demand.
    pub shortfalls: Vec<(usize, Col)>,
    /// Hub operational indicators.
    pub open: Vec<OpenVar>,
    /// Assets of type q based at hub h: (q, h, col).
    pub basing: Vec<(usize, NodeIx, Col)>,
    /// Rangeless assets of type q tasked to coverage requirement c: (q, c, col).
    pub tasking: Vec<(usize, usize, Col)>,
    /// Coverage shortfall per soft coverage requirement: (c, col).
    pub coverage_short: Vec<(usize, Col)>,
    /// Running sums of the sink linking ([`Builder::add_sink_linking`]): `(hub, sink,
    /// resource, day, col)`, the column equal to what has left the hub for the sink of the
    /// resource up to that day.
    pub sent: Vec<(NodeIx, NodeIx, usize, usize, Col)>,
    /// Sizes.
    pub stats: Stats,
    /// Resource of each commodity, by commodity index.
    pub commodity_resource: Vec<usize>,
    /// Model node of each graph vertex, by vertex index.
    pub vertex_node: Vec<NodeIx>,
    /// Built with [`BuildOptions::soften_hard`]: the objective is the hard-constraint slack
    /// only (see [`build_with`]).
    pub softened: bool,
    /// Row indices (in [`Self::constraints`] order) of the **tightening rows**: the sink
    /// linking and the disaggregated loading, each of the form `expression ≤ 0`. They only
    /// raise the relaxation's bound (no schedule that they cut off is needed for an
    /// optimum), so a solver may leave them out of LPs that serve a heuristic, where they cost
    /// time, and must put them back for the bound.
    pub tightening: Vec<usize>,
    /// The hub sets of the hub cover rows (4.12): with every hub of one of them closed, a
    /// demand or a coverage requirement is short in full.
    pub hub_covers: Vec<Vec<NodeIx>>,
    /// For the transport bound ([`Formulation::transport_bound`]): whom each hub cover row
    /// speaks for and every hub that could ever serve it (a demand's whole separator, not
    /// only its hubs operational by the due day; a set with a hub fixed open is left out).
    pub cover_sets: Vec<CoverSet>,
}

/// A demand or coverage requirement that no schedule can serve without opening one hub of
/// [`CoverSet::hubs`] (4.12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverSet {
    /// Whom the set speaks for.
    pub owner: CoverOwner,
    /// The hubs, any of which may serve it.
    pub hubs: Vec<NodeIx>,
}

/// The owner of a [`CoverSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CoverOwner {
    /// A demand, by index.
    Demand(usize),
    /// A coverage requirement, by index.
    Coverage(usize),
}

/// Options of [`build_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// Build the **softened** ("phase one") MIP used to explain infeasibility: every hard family
    /// gets a penalised slack and only the slacks are minimised.
    ///
    /// - Hard demands are treated like soft ones for pruning (the windows are recomputed with
    ///   `last_d = H-1`), so they get delivery columns after their due day and a shortfall
    ///   column `u[d]`; each unit-day late costs 1 and each unit short costs `H+1`, more than
    ///   any lateness a unit can accumulate, so arriving late always beats not arriving.
    /// - Hard coverage requirements get a coverage-shortfall column `z[c]` at `H+1` per asset.
    /// - Every other cost (money, risk, soft lateness and shortfall, soft coverage) is dropped,
    ///   so soft demands never compete with hard ones; a tie-break of
    ///   `10⁻³ / (1 + Σ trip upper bounds)` per trip keeps idle vehicles idle and totals less
    ///   than 10⁻³, so it can trade for at most `10⁻³ / (H+1)` units of slack.
    ///
    /// The other families are unchanged, and nothing else can make the model infeasible (every
    /// supply can stay at its origin, hub opening and asset counts hold at zero), so the
    /// softened MIP always has a schedule; its slacks name what cannot be met.
    pub soften_hard: bool,
}

/// Total weight of the trip tie-break in the softened MIP ([`BuildOptions::soften_hard`]).
pub const SOFT_TIE_BREAK: f64 = 1e-3;

/// Terms beyond which the sink linking's cumulative sums are carried by a running-sum column
/// ([`Builder::add_sink_linking`]). Small: each column costs one row and two non-zeros, and
/// saves a copy of the terms in every later day's row.
pub const SINK_RUNNING_TERMS: usize = 8;

impl Formulation {
    /// A formulation with no variables, rows or metadata; the builder fills one in.
    fn empty() -> Formulation {
        Formulation {
            vars: ProblemVariables::new(),
            constraints: Vec::new(),
            objective: Expression::default(),
            objective_coefficients: Vec::new(),
            objective_offset: 0.0,
            is_integer: Vec::new(),
            bounds: Vec::new(),
            flows: Vec::new(),
            trips: Vec::new(),
            stocks: Vec::new(),
            handled: Vec::new(),
            deliveries: Vec::new(),
            shortfalls: Vec::new(),
            open: Vec::new(),
            basing: Vec::new(),
            tasking: Vec::new(),
            coverage_short: Vec::new(),
            sent: Vec::new(),
            stats: Stats::default(),
            commodity_resource: Vec::new(),
            vertex_node: Vec::new(),
            softened: false,
            tightening: Vec::new(),
            hub_covers: Vec::new(),
            cover_sets: Vec::new(),
        }
    }
}

/// Builds the MIP. Deterministic: the same model gives the same columns and rows in the same
/// order.
pub fn build(model: &Model, net: &Network) -> Formulation {
    build_with(model, net, &BuildOptions::default())
}

/// Builds the MIP with options; with the defaults it is [`build`]. With
/// [`BuildOptions::soften_hard`] the model's hard demands and coverage are softened as that
/// option describes; the formulation's columns still refer to `model` and `net` (same
/// commodities and graph), only the windows of the hard demands' commodities are wider.
pub fn build_with(model: &Model, net: &Network, opts: &BuildOptions) -> Formulation {
    if !opts.soften_hard {
        return build_from(Builder::new(model, net));
    }
    let hard_demand: Vec<bool> = model.demands.iter().map(|d| d.hard).collect();
    let hard_coverage: Vec<bool> = model.coverage.iter().map(|c| c.hard).collect();
    let mut soft = model.clone();
    for d in &mut soft.demands {
        d.hard = false;
    }
    for c in &mut soft.coverage {
        c.hard = false;
    }
    let soft_net = if hard_demand.iter().any(|&h| h) {
        Network::build(&soft)
    } else {
        net.clone()
    };
    let mut b = Builder::new(&soft, &soft_net);
    b.phase_one = Some(PhaseOne {
        hard_demand,
        hard_coverage,
    });
    build_from(b)
}

fn build_from(mut b: Builder<'_>) -> Formulation {
    b.add_hub_opening();
    b.add_stocks();
    b.add_flows_and_loading();
    b.add_route_throughput();
    b.add_fleet_cycling();
    b.add_handling();
    b.add_demands();
    b.add_hub_cover();
    b.add_hub_capacity();
    b.add_sink_linking();
    b.add_flow_balance();
    b.add_monitoring();
    b.finish()
}

/// Dense index of flow-balance rows: one per (commodity, vertex, day) inside the window.
struct Rows {
    /// `(base, first day, last day)` per commodity x vertex.
    span: Vec<Option<(usize, usize, usize)>>,
    exprs: Vec<Expression>,
    supply: Vec<f64>,
    nvert: usize,
}

impl Rows {
    fn row(&mut self, k: usize, g: NodeIndex, t: usize) -> Option<&mut Expression> {
        let (base, lo, hi) = self.span[k * self.nvert + g.index()]?;
        (lo <= t && t <= hi).then(|| &mut self.exprs[base + t - lo])
    }
}

/// Incremental builder; each `add_*` method builds one family.
pub struct Builder<'a> {
    m: &'a Model,
    net: &'a Network,
    vars: ProblemVariables,
    is_integer: Vec<bool>,
    bounds: Vec<(f64, f64)>,
    cons: Vec<Constraint>,
    obj: Expression,
    obj_coef: Vec<f64>,
    obj_offset: f64,
    rows: Rows,
    f: Formulation,
    /// `open_col[h][t]`: `None` = never open that day, `Some(None)` = always open (fixed),
    /// `Some(Some(col))` = decided.
    open_col: Vec<Vec<Option<Option<Col>>>>,
    /// Total supply of each commodity.
    supply_total: Vec<f64>,
    /// Variables putting a commodity at a hub during a day: (hub, day, commodity, variable).
    presence: Vec<(NodeIx, usize, usize, Variable)>,
    /// Set when building the softened MIP ([`BuildOptions::soften_hard`]).
    phase_one: Option<PhaseOne>,
    /// Row indices of the tightening rows ([`Formulation::tightening`]).
    tightening: Vec<usize>,
}

/// Which demands and coverage requirements were hard before softening.
struct PhaseOne {
    hard_demand: Vec<bool>,
    hard_coverage: Vec<bool>,
}

impl<'a> Builder<'a> {
    fn new(m: &'a Model, net: &'a Network) -> Self {
        let nvert = net.graph.node_count();
        let nk = net.commodities.len();
        let h = m.horizon;
        let mut supply_total = vec![0.0; nk];
        let mut is_origin = vec![false; nk * nvert];
        let mut first_supply = vec![usize::MAX; nk * nvert];
        for s in &m.supplies {
            let k = net
                .commodity_ix(Commodity {
                    nation: s.nation,
                    resource: s.resource,
                })
                .expect("every supply defines a commodity");
            supply_total[k] += s.quantity;
            let g = net.depart[s.origin].index();
            is_origin[k * nvert + g] = true;
            first_supply[k * nvert + g] = first_supply[k * nvert + g].min(s.day);
        }
        let mut span = vec![None; nk * nvert];
        let mut total = 0;
        for k in 0..nk {
            let w = &net.windows[k];
            for g in 0..nvert {
                let i = k * nvert + g;
                let win = if is_origin[i] {
                    let e = w.earliest[g].unwrap_or(first_supply[i]);
                    Some((first_supply[i].min(e), h - 1))
                } else {
                    match (w.earliest[g], w.latest[g]) {
                        (Some(e), Some(l)) => Some((e, l)),
                        _ => None,
                    }
                };
                if let Some((lo, hi)) = win {
                    span[i] = Some((total, lo, hi));
                    total += hi - lo + 1;
                }
            }
        }
        let mut rows = Rows {
            span,
            exprs: (0..total).map(|_| Expression::default()).collect(),
            supply: vec![0.0; total],
            nvert,
        };
        for s in &m.supplies {
            let k = net
                .commodity_ix(Commodity {
                    nation: s.nation,
                    resource: s.resource,
                })
                .expect("commodity exists");
            let (base, lo, _) =
                rows.span[k * nvert + net.depart[s.origin].index()].expect("origins have a window");
            rows.supply[base + s.day - lo] += s.quantity;
        }
        Builder {
            m,
            net,
            vars: ProblemVariables::new(),
            is_integer: Vec::new(),
            bounds: Vec::new(),
            cons: Vec::new(),
            obj: Expression::with_capacity(1024),
            obj_coef: Vec::new(),
            obj_offset: 0.0,
            rows,
            f: Formulation::empty(),
            open_col: Vec::new(),
            supply_total,
            presence: Vec::new(),
            phase_one: None,
            tightening: Vec::new(),
        }
    }

    fn col(&mut self, def: good_lp::VariableDefinition, integer: bool) -> Col {
        let ix = self.is_integer.len();
        self.bounds.push((def.get_min(), def.get_max()));
        self.obj_coef.push(0.0);
        let var = self.vars.add(if integer { def.integer() } else { def });
        self.is_integer.push(integer);
        Col { var, ix }
    }

    /// Adds the tightening row `e ≤ 0` ([`Formulation::tightening`]).
    fn tighten(&mut self, e: Expression) {
        self.tightening.push(self.cons.len());
        self.cons.push(e.leq(0.0));
    }

    fn horizon(&self) -> usize {
        self.m.horizon
    }

    /// Adds `coef · col` to the objective (and to the coefficient vector kept beside it); a
    /// no-op in the softened MIP, whose objective is the slack alone.
    fn cost(&mut self, coef: f64, col: Col) {
        if self.phase_one.is_none() {
            self.penalty(coef, col);
        }
    }

    /// Adds `coef · col` to the objective in every build (slack penalties).
    fn penalty(&mut self, coef: f64, col: Col) {
        if coef != 0.0 {
            self.obj.add_mul(coef, col.var);
            self.obj_coef[col.ix] += coef;
        }
    }

    /// **Hub opening.** `y[h,t] ∈ {0,1}` for `t ≥ o_h = earliest_open_day + setup_days`
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
                        self.cons.push(Expression::from(p.var).leq(c.var));
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

    /// Whether stock of `k` may be held at vertex `g` at the end of day `t`. Stock is useful only while it can still move on (`t < latest`), and
    /// at a commodity's own origins always (unused supply stays there).
    fn stock_allowed(&self, k: usize, g: NodeIndex, t: usize) -> bool {
        let Some((_, lo, hi)) = self.rows.span[k * self.rows.nvert + g.index()] else {
            return false;
        };
        let origin = hi == self.horizon() - 1 && self.is_origin_of(k, g);
        if t < lo || t > hi || (!origin && t >= hi) {
            return false;
        }
        let kk = self.net.commodities[k];
        let v = self.net.graph[g].node();
        if self.m.nodes[v].hub.is_some() {
            return self.hub_allows(k, v, t);
        }
        origin || self.m.may_enter(kk.nation, kk.resource, v)
    }

    /// Whether commodity `k` may be at node `v` during day `t` as far as hubs go: anything at a
    /// hub (held overnight, passing through, delivered there) needs the hub operational that
    /// day, protection high enough, caveats allowing it and, for resources that take room
    /// (`storage_per_unit > 0`), capacity in its class. Always true at other nodes.
    fn hub_allows(&self, k: usize, v: NodeIx, t: usize) -> bool {
        let Some(hub) = &self.m.nodes[v].hub else {
            return true;
        };
        let kk = self.net.commodities[k];
        let class = self.m.resources[kk.resource].storage;
        let spu = self.m.resources[kk.resource].storage_per_unit;
        t < self.horizon()
            && self.m.may_stock(kk.nation, kk.resource, v)
            && self.open_col[v][t].is_some()
            && (spu == 0.0 || hub.capacity[class] > 0.0)
    }

    /// Records a variable that puts `k` at hub `v` during day `t` (for capacity and linking).
    fn at_hub(&mut self, v: NodeIx, t: usize, k: usize, var: Variable) {
        if self.m.nodes[v].hub.is_some() {
            self.presence.push((v, t, k, var));
        }
    }

    fn is_origin_of(&self, k: usize, g: NodeIndex) -> bool {
        let kk = self.net.commodities[k];
        self.m.supplies.iter().any(|s| {
            s.nation == kk.nation && s.resource == kk.resource && self.net.depart[s.origin] == g
        })
    }

    /// **Stocks.** `s[g,k,t] ≥ 0` inside the commodity's window at vertex `g`, where caveats and
    /// hub protection allow it and, at hubs, only on operational days. Enters flow balance as
    /// carried from `t` to `t+1`.
    pub fn add_stocks(&mut self) {
        let h = self.horizon();
        for k in 0..self.net.commodities.len() {
            for g in self.net.graph.node_indices() {
                for t in 0..h {
                    if !self.stock_allowed(k, g, t) {
                        continue;
                    }
                    let c = self.col(variable().min(0.0), false);
                    self.f.stocks.push(StockVar {
                        vertex: g,
                        k,
                        day: t,
                        col: c,
                    });
                    self.at_hub(self.net.graph[g].node(), t, k, c.var);
                    if let Some(r) = self.rows.row(k, g, t) {
                        r.add_mul(-1.0, c.var);
                    }
                    if let Some(r) = self.rows.row(k, g, t + 1) {
                        r.add_mul(1.0, c.var);
                    }
                }
            }
        }
    }

    /// **Flows, trips and vehicle loading.** `x[a,f,k,t] ≥ 0` where route `a` departs on `t`
    /// (not closed, arrives by `H-1`), fleet `f` serves `a` and carries `k`'s nation, caveats
    /// allow `k` on `a`, `e_k(tail) ≤ t`, `t + τ_a ≤ l_k(head)`, and hubs at either end allow
    /// `k` on the day it is there (`Builder::hub_allows`). `n[a,f,t] ∈ Z+` with
    /// `n ≤ min(max_trips_a, vehicles_f, max(1, ⌈Σ_k supply_k · w_k / cap_f⌉))`, the sum over
    /// the commodities with a flow variable on that route, fleet and day.
    /// Loading: `Σ_k w_{k,mode(a)} x[a,f,k,t] ≤ cap_f · n[a,f,t]`.
    /// Cost: `cost_per_trip · n + (cost_per_tkm · dist_a + risk · threat_a) · w · x`.
    pub fn add_flows_and_loading(&mut self) {
        let m = self.m;
        let h = self.horizon();
        for (a, route) in m.routes.iter().enumerate() {
            let e = self.net.route_edge[a];
            let (tail, head) = (self.net.depart[route.from], self.net.arrive[route.to]);
            for (f, fleet) in m.fleets.iter().enumerate() {
                if !fleet.routes.contains(&a) {
                    continue;
                }
                let ks: Vec<usize> = (0..self.net.commodities.len())
                    .filter(|&k| {
                        self.net.windows[k].allowed[e.index()]
                            && m.fleet_carries(f, self.net.commodities[k].nation)
                    })
                    .collect();
                for t in 0..h {
                    if !route.departs(t, h) {
                        continue;
                    }
                    let mut load = Expression::with_capacity(ks.len() + 1);
                    let mut possible_t = 0.0;
                    let first = self.f.flows.len();
                    for &k in &ks {
                        let w = &self.net.windows[k];
                        let ok = w.earliest[tail.index()].is_some_and(|e| e <= t)
                            && w.latest[head.index()].is_some_and(|l| t + route.transit <= l)
                            && self.hub_allows(k, route.from, t)
                            && self.hub_allows(k, route.to, t + route.transit);
                        if !ok {
                            continue;
                        }
                        let kk = self.net.commodities[k];
                        let wt = m.weight(kk.resource, route.mode);
                        let c = self.col(variable().min(0.0), false);
                        self.f.flows.push(FlowVar {
                            route: a,
                            fleet: f,
                            k,
                            day: t,
                            col: c,
                        });
                        load.add_mul(wt, c.var);
                        self.at_hub(route.from, t, k, c.var);
                        possible_t += self.supply_total[k] * wt;
                        let unit_cost = m.weights.cost * route.cost_per_t() * wt
                            + m.weights.risk * route.threat * wt;
                        if unit_cost != 0.0 {
                            self.cost(unit_cost, c);
                        }
                        if let Some(r) = self.rows.row(k, tail, t) {
                            r.add_mul(-1.0, c.var);
                        }
                        if let Some(r) = self.rows.row(k, head, t + route.transit) {
                            r.add_mul(1.0, c.var);
                        }
                    }
                    if self.f.flows.len() == first {
                        continue;
                    }
                    let by_tonnage = (possible_t / fleet.capacity_t - 1e-9).ceil().max(1.0);
                    let mut ub = (fleet.vehicles as f64).min(by_tonnage);
                    if let Some(mt) = route.max_trips {
                        ub = ub.min(mt as f64);
                    }
                    let n = self.col(variable().min(0.0).max(ub), true);
                    self.f.trips.push(TripVar {
                        route: a,
                        fleet: f,
                        day: t,
                        ub,
                        col: n,
                    });
                    if route.cost_per_trip != 0.0 {
                        self.cost(m.weights.cost * route.cost_per_trip, n);
                    }
                    load.add_mul(-fleet.capacity_t, n.var);
                    self.cons.push(load.leq(0.0));
                    // Disaggregated loading: a commodity that cannot fill a vehicle needs a
                    // whole trip all the same, `x[a,f,k,t] ≤ Q_k · n[a,f,t]`.
                    for i in first..self.f.flows.len() {
                        let fl = self.f.flows[i];
                        let wt = m.weight(self.net.commodities[fl.k].resource, route.mode);
                        let q = self.supply_total[fl.k];
                        if q * wt < fleet.capacity_t * (1.0 - 1e-9) {
                            let mut e = Expression::from(fl.col.var);
                            e.add_mul(-q, n.var);
                            self.tighten(e);
                        }
                    }
                }
            }
        }
    }

    /// **Route throughput.** `Σ_f n[a,f,t] ≤ max_trips_a` for each route and day, written only
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
                    self.cons.push(e.leq(mt as f64));
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

    /// **Fleet cycling.** A trip of fleet `f` on route `a` departing `t'` ties one vehicle for
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
                    self.cons.push(e.leq(vehicles));
                }
            }
        }
    }

    /// **Transit-node handling.** `h[v,k,t] ≥ 0` moves `k` from the node's arrival vertex on day
    /// `t` to its departure vertex on day `t + δ_v`; `Σ_k w_k h[v,k,t] ≤ handling_v` per day.
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
                    self.cons.push(cap.leq(hd.t_per_day));
                }
            }
        }
    }

    /// **Hub capacity with disaggregated linking.** What is at hub `h` during day `t` — held
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
                    self.cons.push(link.leq(0.0));
                }
                a = b;
            }
            for (c, row) in class_rows.into_iter().enumerate() {
                let Some(mut e) = row else { continue };
                let cap = hub.capacity[c];
                if let Some(y) = open {
                    e.add_mul(-cap, y.var);
                    self.cons.push(e.leq(0.0));
                } else {
                    self.cons.push(e.leq(cap));
                }
            }
            i = j;
        }
    }

    /// **Sink linking.** A *sink* is a node that no route leaves and that is not a hub (a
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
            // A flow out of a hub fixed open, or on a day it has no `y`, gives no row.
            if let Some(Some(y)) = self.open_col[hub][t] {
                let res = &m.resources[r];
                let cap = m.nodes[hub].hub.as_ref().expect("hub").capacity[res.storage];
                let mut cumulative = so_far.clone();
                cumulative.add_mul(-want, y.var);
                self.tighten(cumulative);
                if res.storage_per_unit > 0.0 && cap / res.storage_per_unit < want {
                    let mut day = e;
                    day.add_mul(-cap / res.storage_per_unit, y.var);
                    self.tighten(day);
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
                self.cons.push(row.eq(0.0));
            }
        }
    }

    /// **Demands.** `del[d,k,t] ≥ 0` for `k` of the demand's resource whose caveats allow the
    /// node, `t ∈ [max(earliest_d, e_k(node)), last_d]` (`last_d` = due day if hard, else `H-1`),
    /// at a hub only on days it allows `k` (`Builder::hub_allows`).
    /// `Σ_{k,t} del[d,k,t] + u_d = q_d`, `u_d ≥ 0` for soft demands, no `u_d` for hard ones.
    /// Cost: `lateness · π_d · max(0, t - due_d) · del + shortfall · π_d · u_d`.
    /// Softened MIP ([`BuildOptions::soften_hard`]): hard demands are built as soft ones
    /// (deliveries to `H-1`, a `u_d`), at `max(0, t - due_d)` per unit delivered and `H+1` per
    /// unit short; soft demands cost nothing.
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
            self.cons.push(met.eq(dem.quantity));
        }
    }

    /// **Hub cover (tightening).** For each demand `d` (node `v`, resource `r`, quantity
    /// `D_d > 0`, due day `δ_d`, `τ_d = min(δ_d, H-1)`) and each hub separator `S` of `v` for
    /// `r` ([`Network::hub_separators`]: every path from a supply of `r` to `v` passes through
    /// a hub of `S`):
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
            'sets: for set in self.net.hub_separators(m, dem.node, dem.resource) {
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
                self.cons.push(e.geq(1.0));
                self.f.hub_covers.push(cover);
            }
        }
    }

    /// **Flow balance.** For every commodity `k`, vertex `g` and day `t` inside the window:
    /// `s[g,k,t-1] + supply(g,k,t) + Σ_{a into g} x[a,·,k,t-τ_a] + h[v,k,t-δ_v]`
    /// `= s[g,k,t] + Σ_{a out of g} x[a,·,k,t] + h[v,k,t] + Σ_d del[d,k,t]`.
    /// The other families have added their terms to these rows as they created variables.
    pub fn add_flow_balance(&mut self) {
        let exprs = std::mem::take(&mut self.rows.exprs);
        for (i, mut e) in exprs.into_iter().enumerate() {
            let s = self.rows.supply[i];
            let empty = (&e).linear_coefficients().next().is_none();
            if empty && s == 0.0 {
                continue;
            }
            e += s;
            self.cons.push(e.eq(0.0));
        }
    }

    /// **Monitoring.** `m[h,q] ∈ Z+` for ranged asset `q` at hub `h` where it may be based and
    /// covers a sector that needs it: `m[h,q] ≤ count_q · y[h,H-1]`, `Σ_h m[h,q] ≤ count_q`.
    /// Rangeless assets: `a[c] ∈ Z+` per requirement, `Σ_c a[c] ≤ count_q`. Coverage:
    /// `Σ_{h covers j} m[h,q] + a[c] + z_c ≥ req_c` with `z_c ≥ 0` only for soft requirements,
    /// cost `coverage_shortfall · z_c`. Softened MIP: hard requirements get a `z_c` too, at
    /// `H+1` per missing asset; soft ones cost nothing.
    pub fn add_monitoring(&mut self) {
        let m = self.m;
        let last = self.horizon() - 1;
        for q in 0..m.assets.len() {
            let count = m.assets[q].count as f64;
            let reqs: Vec<usize> = (0..m.coverage.len())
                .filter(|&c| m.coverage[c].asset == q)
                .collect();
            if reqs.is_empty() {
                continue;
            }
            let mut total = Expression::default();
            let mut cover: Vec<Expression> = reqs.iter().map(|_| Expression::default()).collect();
            // The hub cover of each requirement: `Some(Σ y)` over its covering hubs, `None`
            // once a covering hub is fixed open (the row would always hold).
            let mut hub_cover: Vec<Option<(Expression, Vec<NodeIx>)>> =
                reqs.iter().map(|_| Some(Default::default())).collect();
            if m.assets[q].range_km.is_some() {
                for hb in m.hubs().collect::<Vec<_>>() {
                    let Some(open) = self.open_col[hb][last] else {
                        continue;
                    };
                    let useful: Vec<usize> = (0..reqs.len())
                        .filter(|&i| m.covers(q, hb, m.coverage[reqs[i]].sector))
                        .collect();
                    if useful.is_empty() || !m.may_base(q, hb) {
                        continue;
                    }
                    let c = self.col(variable().min(0.0).max(count), true);
                    self.f.basing.push((q, hb, c));
                    total.add_mul(1.0, c.var);
                    for &i in &useful {
                        cover[i].add_mul(1.0, c.var);
                        match open {
                            Some(y) => {
                                if let Some((e, hubs)) = hub_cover[i].as_mut() {
                                    e.add_mul(1.0, y.var);
                                    hubs.push(hb);
                                }
                            }
                            None => hub_cover[i] = None,
                        }
                    }
                    if let Some(y) = open {
                        let mut link = Expression::from(c.var);
                        link.add_mul(-count, y.var);
                        self.cons.push(link.leq(0.0));
                    }
                }
            } else {
                for (i, &c) in reqs.iter().enumerate() {
                    let a = self.col(variable().min(0.0).max(count), true);
                    self.f.tasking.push((q, c, a));
                    total.add_mul(1.0, a.var);
                    cover[i].add_mul(1.0, a.var);
                }
            }
            self.cons.push(total.leq(count));
            for (i, &c) in reqs.iter().enumerate() {
                let req = m.coverage[c].required as f64;
                let mut e = std::mem::take(&mut cover[i]);
                let mut z_col = None;
                if !m.coverage[c].hard {
                    let z = self.col(variable().min(0.0).max(req), false);
                    self.f.coverage_short.push((c, z));
                    e.add_mul(1.0, z.var);
                    if self.was_hard_coverage(c) {
                        self.penalty((self.horizon() + 1) as f64, z);
                    } else {
                        self.cost(m.weights.coverage_shortfall, z);
                    }
                    z_col = Some(z);
                }
                self.cons.push(e.geq(req));
                // Hub cover: Σ_{h covers c} y[h,H-1] + z[c] / R_c ≥ 1 (no covering hub for a
                // tasked type: no row).
                if let (true, Some((mut hc, hubs))) = (req > 0.0, hub_cover[i].take()) {
                    if hubs.is_empty() {
                        continue;
                    }
                    if let Some(z) = z_col {
                        hc.add_mul(1.0 / req, z.var);
                    }
                    self.cons.push(hc.geq(1.0));
                    self.f.cover_sets.push(CoverSet {
                        owner: CoverOwner::Coverage(c),
                        hubs: hubs.clone(),
                    });
                    self.f.hub_covers.push(hubs);
                }
            }
        }
    }

    fn was_hard_demand(&self, d: usize) -> bool {
        self.phase_one.as_ref().is_some_and(|p| p.hard_demand[d])
    }

    fn was_hard_coverage(&self, c: usize) -> bool {
        self.phase_one.as_ref().is_some_and(|p| p.hard_coverage[c])
    }

    fn naive_variables(&self) -> usize {
        let m = self.m;
        let h = self.horizon();
        let nk = self.net.commodities.len();
        let fleet_routes: usize = m.fleets.iter().map(|f| f.routes.len()).sum();
        let flows = fleet_routes * nk * h;
        let trips = fleet_routes * h;
        let stocks = self.net.graph.node_count() * nk * h;
        let handling = self.net.handling_edge.len() * nk * h;
        let deliveries: usize = m
            .demands
            .iter()
            .map(|d| {
                self.net
                    .commodities
                    .iter()
                    .filter(|k| k.resource == d.resource)
                    .count()
                    * h
                    + 1
            })
            .sum();
        let hubs = m.hubs().count();
        let monitoring = m.assets.len() * hubs + m.coverage.len() * 2;
        flows + trips + stocks + handling + deliveries + hubs * h + monitoring
    }

    fn finish(mut self) -> Formulation {
        let naive = self.naive_variables();
        if self.phase_one.is_some() {
            // Tie-break of the softened MIP: idle vehicles stay idle, for less than 1e-3 in
            // all.
            let total: f64 = self.f.trips.iter().map(|t| t.ub).sum();
            let eps = SOFT_TIE_BREAK / (1.0 + total);
            let cols: Vec<Col> = self.f.trips.iter().map(|t| t.col).collect();
            for c in cols {
                self.penalty(eps, c);
            }
        }
        let mut f = std::mem::replace(&mut self.f, Formulation::empty());
        f.stats = Stats {
            naive_variables: naive.max(self.is_integer.len()),
            variables: self.is_integer.len(),
            integer_variables: self.is_integer.iter().filter(|&&i| i).count(),
            rows: self.cons.len(),
            nonzeros: 0,
        };
        f.vars = self.vars;
        f.constraints = self.cons;
        f.objective = self.obj;
        f.objective_coefficients = self.obj_coef;
        f.objective_offset = self.obj_offset;
        f.is_integer = self.is_integer;
        f.bounds = self.bounds;
        f.softened = self.phase_one.is_some();
        f.tightening = self.tightening;
        f.commodity_resource = self.net.commodities.iter().map(|k| k.resource).collect();
        f.vertex_node = self
            .net
            .graph
            .node_indices()
            .map(|g| self.net.graph[g].node())
            .collect();
        f
    }
}
