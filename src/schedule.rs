//! The deployment schedule: what hubplan decided, in the model's own terms, ready to be written
//! as YAML or JSON and read back.
//!
//! This module is the file format only: it knows the model, never the MIP or the solver
//! (`crate::solve::to_schedule` reads a solution into a schedule). The figures (costs,
//! lateness, shortfall, occupancy, closure) are computed from the schedule's own movements and
//! deliveries with [`evaluate`], which uses the model's rules only.

use serde::{Deserialize, Serialize};

use crate::format::Mode;
use crate::model::Model;

/// Quantities below this are treated as zero when the schedule is read from the solver.
pub const EPS: f64 = 1e-6;

/// A complete deployment schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// hubplan version that wrote it.
    pub hubplan_version: String,
    /// Model name.
    pub model: String,
    /// Horizon in days.
    pub horizon_days: usize,
    /// Solve outcome.
    pub solver: SolverReport,
    /// Objective and its parts.
    pub objective: ObjectiveReport,
    /// Hub decisions.
    pub hubs: Vec<HubPlan>,
    /// Vehicle movements with their cargo.
    pub movements: Vec<Movement>,
    /// Handling at transit nodes.
    pub handling: Vec<Handled>,
    /// Stock held at the end of each day (non-zero entries).
    pub stocks: Vec<Stock>,
    /// Hub occupancy per storage class and operational day.
    pub occupancy: Vec<Occupancy>,
    /// Deliveries against each demand.
    pub deliveries: Vec<DeliveryReport>,
    /// Share of each sector's requirement delivered by each day.
    pub closure: Vec<Closure>,
    /// Monitoring placement and coverage.
    pub monitoring: MonitoringReport,
}

/// How the schedule was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolverReport {
    /// optimal, feasible, infeasible, unbounded, infeasible_or_unbounded, no_solution.
    pub status: Status,
    /// Method that produced the schedule.
    pub method: String,
    /// Solver's own stop reason.
    pub stop_reason: String,
    /// Best proven lower bound on the objective.
    pub bound: Option<f64>,
    /// Relative gap between objective and bound.
    pub gap: Option<f64>,
    /// Wall seconds of the whole solve (start heuristic and MIP).
    pub solve_seconds: f64,
    /// Branch-and-bound nodes.
    pub nodes: i64,
    /// Formulation size.
    pub size: ProblemSize,
}

/// The outcome of a solve, as the schedule records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal within the gap tolerance.
    Optimal,
    /// A feasible schedule, stopped at a limit with a gap.
    Feasible,
    /// No schedule satisfies the hard constraints.
    Infeasible,
    /// The objective can decrease without limit.
    Unbounded,
    /// The solver could not tell infeasible from unbounded.
    InfeasibleOrUnbounded,
    /// A limit was reached before any schedule was found.
    NoSolution,
}

impl Status {
    /// Whether a schedule comes with this status.
    pub fn has_schedule(self) -> bool {
        matches!(self, Status::Optimal | Status::Feasible)
    }

    /// Lower-case name as written in schedules.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::Unbounded => "unbounded",
            Status::InfeasibleOrUnbounded => "infeasible_or_unbounded",
            Status::NoSolution => "no_solution",
        }
    }
}

/// The size of the MIP that produced the schedule, as the schedule records it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemSize {
    /// Variables a formulation without pruning would have.
    pub naive_variables: usize,
    /// Variables built.
    pub variables: usize,
    /// Integer (and binary) variables built.
    pub integer_variables: usize,
    /// Constraints built.
    pub rows: usize,
    /// Non-zero coefficients in the constraints.
    pub nonzeros: usize,
}

/// The objective and its parts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveReport {
    /// Weighted total as the solver reported it.
    pub total: f64,
    /// Trips x cost per trip.
    pub trip_cost: f64,
    /// Tonnes x km x cost per tonne-km.
    pub tonne_km_cost: f64,
    /// Hub opening costs.
    pub hub_opening_cost: f64,
    /// Hub daily costs.
    pub hub_daily_cost: f64,
    /// Tonnes moved x route threat.
    pub risk_exposure: f64,
    /// Priority-weighted unit-days late.
    pub lateness: f64,
    /// Priority-weighted units short.
    pub shortfall: f64,
    /// Missing monitoring coverage (asset-sector units).
    pub coverage_shortfall: f64,
    /// Weighted total recomputed from the parts.
    pub recomputed_total: f64,
}

/// One hub's decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HubPlan {
    /// Hub node id.
    pub hub: String,
    /// Opened within the horizon.
    pub open: bool,
    /// First operational day.
    pub operational_day: Option<usize>,
    /// Day set-up starts.
    pub setup_start_day: Option<usize>,
}

/// Cargo of one commodity in a movement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cargo {
    /// Nation.
    pub nation: String,
    /// Resource.
    pub resource: String,
    /// Quantity in the resource's unit.
    pub quantity: f64,
}

/// Trips of one fleet on one route on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    /// Departure day.
    pub day: usize,
    /// Arrival day.
    pub arrival_day: usize,
    /// Route id.
    pub route: String,
    /// From node.
    pub from: String,
    /// To node.
    pub to: String,
    /// Mode.
    pub mode: Mode,
    /// Fleet id.
    pub fleet: String,
    /// Vehicle trips.
    pub trips: u64,
    /// Tonnes loaded.
    pub load_t: f64,
    /// Tonnes the trips could carry.
    pub capacity_t: f64,
    /// What is carried.
    pub cargo: Vec<Cargo>,
}

/// Handling at a transit node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handled {
    /// Day handled.
    pub day: usize,
    /// Day ready for onward movement.
    pub ready_day: usize,
    /// Node id.
    pub node: String,
    /// Nation.
    pub nation: String,
    /// Resource.
    pub resource: String,
    /// Quantity.
    pub quantity: f64,
}

/// Where stock waits at a transit node with handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// At an ordinary node.
    At,
    /// Arrived at a transit node, not yet handled.
    AwaitingHandling,
    /// Handled, waiting for onward lift.
    Handled,
}

/// Stock at the end of a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stock {
    /// Day.
    pub day: usize,
    /// Node id.
    pub node: String,
    /// Stage at transit nodes with handling.
    pub stage: Stage,
    /// Nation.
    pub nation: String,
    /// Resource.
    pub resource: String,
    /// Quantity.
    pub quantity: f64,
}

/// Hub occupancy of one class on one day: everything at the hub during the day (held
/// overnight, departing that day, or delivered there), in the class's unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Occupancy {
    /// Hub id.
    pub hub: String,
    /// Storage class id.
    pub class: String,
    /// Day.
    pub day: usize,
    /// Capacity used.
    pub used: f64,
    /// Capacity.
    pub capacity: f64,
}

/// Deliveries on one day by one nation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// Day.
    pub day: usize,
    /// Nation.
    pub nation: String,
    /// Quantity.
    pub quantity: f64,
}

/// One demand against its deliveries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeliveryReport {
    /// Demand id.
    pub demand: String,
    /// Node id.
    pub node: String,
    /// Resource id.
    pub resource: String,
    /// Required quantity.
    pub quantity: f64,
    /// Due day.
    pub due_day: usize,
    /// Hard demand.
    pub hard: bool,
    /// Delivered in total.
    pub delivered: f64,
    /// Delivered by the due day.
    pub on_time: f64,
    /// Unit-days late (not weighted by priority).
    pub late_unit_days: f64,
    /// Not delivered.
    pub shortfall: f64,
    /// Day the last unit arrived, when complete.
    pub completed_day: Option<usize>,
    /// Deliveries by day and nation.
    pub by_day: Vec<Delivery>,
    /// Why a soft demand is short or late, in the model's terms, where hubplan can tell (filled
    /// by [`crate::explain::annotate`]; the checker ignores it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Closure profile of one sector (or `all`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Closure {
    /// Node id, or `all` for the whole force.
    pub node: String,
    /// Units required in total.
    pub required: f64,
    /// Share of the requirement delivered by the end of each day.
    pub share_by_day: Vec<f64>,
}

/// Monitoring decisions and coverage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MonitoringReport {
    /// Assets based at hubs.
    pub basing: Vec<Basing>,
    /// Rangeless assets tasked to sectors.
    pub tasking: Vec<Tasking>,
    /// Coverage per requirement.
    pub coverage: Vec<CoverageReport>,
}

/// Assets of one type at one hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Basing {
    /// Asset type id.
    pub asset: String,
    /// Hub id.
    pub hub: String,
    /// Count.
    pub count: u64,
}

/// Rangeless assets tasked to a sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tasking {
    /// Asset type id.
    pub asset: String,
    /// Sector id.
    pub sector: String,
    /// Count.
    pub count: u64,
}

/// Coverage of one requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageReport {
    /// Sector id.
    pub sector: String,
    /// Asset type id.
    pub asset: String,
    /// Required.
    pub required: u64,
    /// Covered.
    pub covered: u64,
    /// Missing.
    pub shortfall: u64,
}

/// A quantity as schedules write it: solver noise dropped, at most 6 decimals, no `-0`.
pub fn clean(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Recomputes every derived figure of a schedule from its decisions and the model: delivery
/// totals, lateness, shortfall, occupancy, closure, coverage and the objective's parts.
pub fn evaluate(model: &Model, s: &mut Schedule) {
    let w = model.weights;
    let mut o = ObjectiveReport {
        total: s.objective.total,
        ..ObjectiveReport::default()
    };
    lift_and_hub_costs(model, s, &mut o);
    delivery_figures(model, s, &mut o);
    s.occupancy = occupancy(model, s);
    s.closure = closure(model, s);
    coverage(model, s, &mut o);
    for x in [
        &mut o.trip_cost,
        &mut o.tonne_km_cost,
        &mut o.hub_opening_cost,
        &mut o.hub_daily_cost,
        &mut o.risk_exposure,
        &mut o.lateness,
        &mut o.shortfall,
    ] {
        *x = clean(*x);
    }
    o.recomputed_total = clean(
        w.cost * (o.trip_cost + o.tonne_km_cost + o.hub_opening_cost + o.hub_daily_cost)
            + w.risk * o.risk_exposure
            + w.lateness * o.lateness
            + w.shortfall * o.shortfall
            + w.coverage_shortfall * o.coverage_shortfall,
    );
    s.objective = o;
}

/// Trip, tonne-km and risk costs of the movements; opening and daily costs of the hubs.
fn lift_and_hub_costs(model: &Model, s: &Schedule, o: &mut ObjectiveReport) {
    let h = model.horizon;
    for mv in &s.movements {
        let Some(a) = model.routes.iter().position(|r| r.id == mv.route) else {
            continue;
        };
        let r = &model.routes[a];
        o.trip_cost += mv.trips as f64 * r.cost_per_trip;
        o.tonne_km_cost += mv.load_t * r.cost_per_t();
        o.risk_exposure += mv.load_t * r.threat;
    }
    for hp in &s.hubs {
        if let (Some(op), Some(v)) = (hp.operational_day, model.node_ix(&hp.hub)) {
            let hub = model.nodes[v].hub.as_ref().expect("hub");
            o.hub_opening_cost += hub.opening_cost;
            o.hub_daily_cost += hub.daily_cost * (h.saturating_sub(op)) as f64;
        }
    }
}

/// Each demand's delivered, on-time, late and short figures and completion day, and the
/// lateness and shortfall they cost.
fn delivery_figures(model: &Model, s: &mut Schedule, o: &mut ObjectiveReport) {
    for dr in &mut s.deliveries {
        let Some(dem) = model.demands.iter().find(|d| d.id == dr.demand) else {
            continue;
        };
        let mut cum = 0.0;
        dr.delivered = 0.0;
        dr.on_time = 0.0;
        dr.late_unit_days = 0.0;
        dr.completed_day = None;
        for dl in &dr.by_day {
            dr.delivered += dl.quantity;
            if dl.day <= dem.due {
                dr.on_time += dl.quantity;
            }
            dr.late_unit_days += dl.quantity * dem.days_late(dl.day) as f64;
        }
        for dl in &dr.by_day {
            cum += dl.quantity;
            if dr.completed_day.is_none() && cum >= dem.quantity - 1e-6 * dem.quantity.max(1.0) {
                dr.completed_day = Some(dl.day);
            }
        }
        if dem.quantity == 0.0 {
            dr.completed_day = Some(dem.earliest);
        }
        dr.delivered = clean(dr.delivered);
        dr.on_time = clean(dr.on_time);
        dr.late_unit_days = clean(dr.late_unit_days);
        let short = dem.quantity - dr.delivered;
        // Solver tolerance (about 1e-6 relative) is not a shortfall.
        dr.shortfall = if short <= 1e-6 * dem.quantity.max(1.0) {
            0.0
        } else {
            clean(short)
        };
        o.lateness += dem.priority * dr.late_unit_days;
        o.shortfall += dem.priority * dr.shortfall;
    }
}

/// Occupancy of open hubs per class and operational day: what is at the hub during the day
/// (held overnight, leaving, or delivered) x storage per unit.
fn occupancy(model: &Model, s: &Schedule) -> Vec<Occupancy> {
    let h = model.horizon;
    let mut out = Vec::new();
    for hp in &s.hubs {
        let (Some(op), Some(v)) = (hp.operational_day, model.node_ix(&hp.hub)) else {
            continue;
        };
        let hub = model.nodes[v].hub.as_ref().expect("hub");
        for (c, class) in model.storage_classes.iter().enumerate() {
            if hub.capacity[c] <= 0.0 {
                continue;
            }
            for t in op..h {
                // What is at the hub during the day: held overnight, leaving, or delivered.
                let held = s
                    .stocks
                    .iter()
                    .filter(|st| st.day == t && st.node == hp.hub)
                    .map(|st| (st.resource.as_str(), st.quantity));
                let leaving = s
                    .movements
                    .iter()
                    .filter(|mv| mv.day == t && mv.from == hp.hub)
                    .flat_map(|mv| mv.cargo.iter().map(|c| (c.resource.as_str(), c.quantity)));
                let delivered = s
                    .deliveries
                    .iter()
                    .filter(|d| d.node == hp.hub)
                    .flat_map(|d| {
                        d.by_day
                            .iter()
                            .filter(|x| x.day == t)
                            .map(move |x| (d.resource.as_str(), x.quantity))
                    });
                let used: f64 = held
                    .chain(leaving)
                    .chain(delivered)
                    .filter_map(|(r, q)| model.resource_ix(r).map(|r| (r, q)))
                    .filter(|(r, _)| model.resources[*r].storage == c)
                    .map(|(r, q)| q * model.resources[r].storage_per_unit)
                    .sum();
                out.push(Occupancy {
                    hub: hp.hub.clone(),
                    class: class.id.clone(),
                    day: t,
                    used: clean(used),
                    capacity: hub.capacity[c],
                });
            }
        }
    }

    out
}

/// The closure profile: the share of each demand node's requirement, and of all, delivered
/// by each day.
fn closure(model: &Model, s: &Schedule) -> Vec<Closure> {
    let h = model.horizon;
    let mut out = Vec::new();
    let mut nodes: Vec<usize> = model.demands.iter().map(|d| d.node).collect();
    nodes.sort_unstable();
    nodes.dedup();
    let profile = |filter: &dyn Fn(usize) -> bool| {
        let mut required = 0.0;
        let mut by_day = vec![0.0; h];
        for (d, dem) in model.demands.iter().enumerate() {
            if !filter(dem.node) {
                continue;
            }
            required += dem.quantity;
            if let Some(dr) = s.deliveries.get(d) {
                for dl in &dr.by_day {
                    if dl.day < h {
                        by_day[dl.day] += dl.quantity;
                    }
                }
            }
        }
        let mut cum = 0.0;
        let share = by_day
            .iter()
            .map(|q| {
                cum += q;
                if required > 0.0 {
                    clean((cum / required).min(1.0))
                } else {
                    1.0
                }
            })
            .collect();
        (required, share)
    };
    for &v in &nodes {
        let (required, share_by_day) = profile(&|x| x == v);
        out.push(Closure {
            node: model.nodes[v].id.clone(),
            required,
            share_by_day,
        });
    }
    if !nodes.is_empty() {
        let (required, share_by_day) = profile(&|_| true);
        out.push(Closure {
            node: "all".into(),
            required,
            share_by_day,
        });
    }

    out
}

/// Monitoring coverage per requirement from basing and tasking, and its shortfall.
fn coverage(model: &Model, s: &mut Schedule, o: &mut ObjectiveReport) {
    s.monitoring.coverage.clear();
    for c in &model.coverage {
        let asset = &model.assets[c.asset];
        let sector = &model.nodes[c.sector].id;
        let mut covered: u64 = 0;
        for b in s.monitoring.basing.iter().filter(|b| b.asset == asset.id) {
            if let Some(hb) = model.node_ix(&b.hub) {
                if model.covers(c.asset, hb, c.sector) {
                    covered = covered.saturating_add(b.count);
                }
            }
        }
        for t in s
            .monitoring
            .tasking
            .iter()
            .filter(|t| t.asset == asset.id && &t.sector == sector)
        {
            covered = covered.saturating_add(t.count);
        }
        let shortfall = (c.required as u64).saturating_sub(covered);
        o.coverage_shortfall += shortfall as f64;
        s.monitoring.coverage.push(CoverageReport {
            sector: sector.clone(),
            asset: asset.id.clone(),
            required: c.required as u64,
            covered,
            shortfall,
        });
    }
}

/// Writes a schedule as YAML.
pub fn to_yaml(s: &Schedule) -> Result<String, serde_yaml::Error> {
    serde_yaml::to_string(s)
}

/// Writes a schedule as pretty JSON.
pub fn to_json(s: &Schedule) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(s)
}
