//! The time-expanded deployment MIP, built from the model and the network's windows.
//!
//! Each constraint family has its own method on [`Builder`], whose doc comment opens with the
//! family's section of `docs/formulation.md` (section 4 states the model family by family and
//! names these methods). This file holds the types and the builder's core; the families live in
//! one file per group: `hubs` (4.1, 4.8, 4.12), `flows` (4.2, 4.3, 4.9), `lift` (4.4 to 4.6),
//! `demands` (4.7, 4.11) and `monitoring` (4.10). Every row is recorded with a [`RowLabel`]
//! (its family and model indices, `rows`), and `names` and `rows` name the columns and rows of
//! exported files.
//!
//! Variables are created only inside their commodity's time window and where caveats,
//! protection, fleets and closures allow them, so caveats and protection need no constraints at
//! all. Expressions are built in place
//! (`add_mul`, `+=`), never by `e = e + ...`, which is quadratic in good_lp.
//!
//! This module produces solver-neutral good_lp objects; only [`crate::solve`] names HiGHS.

use good_lp::{Constraint, Expression, ProblemVariables, Variable};
use petgraph::graph::NodeIndex;

use crate::model::{FleetIx, Model, NodeIx, RouteIx};
use crate::network::{Commodity, Network};

mod demands;
mod flows;
mod hubs;
mod lift;
mod monitoring;
mod names;
mod rows;

pub use rows::{Family, RowLabel};

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
    /// What each row stands for, by row index ([`Formulation::row_family`],
    /// [`Formulation::row_names`]); as long as [`Self::constraints`] was when built (taking
    /// the constraints for the solver leaves the labels).
    pub row_labels: Vec<RowLabel>,
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
            row_labels: Vec::new(),
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
    /// `(commodity, vertex, day)` of each row, in row order: the spans were laid out in
    /// (commodity, vertex) order, each one's days in a run.
    fn keys(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.span
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|(_, lo, hi)| (i, lo, hi)))
            .flat_map(move |(i, lo, hi)| {
                (lo..=hi).map(move |t| (i / self.nvert, i % self.nvert, t))
            })
    }

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
    /// The rows written so far, with their labels.
    cons: Written,
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
}

/// The rows written so far, each with its label. Every row goes through [`Written::push`], so
/// the labels stay in step with the rows; a field of its own, so that a family can write rows
/// while it reads the builder's other fields.
#[derive(Default)]
struct Written {
    rows: Vec<Constraint>,
    labels: Vec<RowLabel>,
    /// Row indices of the tightening rows ([`Formulation::tightening`]).
    tightening: Vec<usize>,
}

impl Written {
    /// Adds a row with its label.
    fn push(&mut self, label: RowLabel, row: Constraint) {
        self.labels.push(label);
        self.rows.push(row);
    }

    /// Adds the tightening row `e ≤ 0` ([`Formulation::tightening`]).
    fn tighten(&mut self, label: RowLabel, e: Expression) {
        self.tightening.push(self.rows.len());
        self.push(label, e.leq(0.0));
    }
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
            cons: Written::default(),
            obj: Expression::with_capacity(1024),
            obj_coef: Vec::new(),
            obj_offset: 0.0,
            rows,
            f: Formulation::empty(),
            open_col: Vec::new(),
            supply_total,
            presence: Vec::new(),
            phase_one: None,
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

    /// Whether stock of `k` may be held at vertex `g` at the end of day `t`. Stock is useful only
    /// while it can still move on (`t < latest`), and at a commodity's own origins always
    /// (unused supply stays there).
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
            rows: self.cons.rows.len(),
            nonzeros: 0,
        };
        f.vars = self.vars;
        f.constraints = self.cons.rows;
        f.row_labels = self.cons.labels;
        f.objective = self.obj;
        f.objective_coefficients = self.obj_coef;
        f.objective_offset = self.obj_offset;
        f.is_integer = self.is_integer;
        f.bounds = self.bounds;
        f.softened = self.phase_one.is_some();
        f.tightening = self.cons.tightening;
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
