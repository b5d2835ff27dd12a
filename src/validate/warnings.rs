//! Warnings about the model as a whole that need no graph search: routes no fleet serves
//! (W3004), hub candidates no route reaches (W3001), supply below demand (W3003) and hub
//! capacity below a demand at a hub (W3006). Given only for a model without errors: an error
//! usually drops entries, and warnings about what is left would be noise.
//!
//! The reachability warnings (W3002, W3005) need shortest paths and come from
//! [`crate::validate::reachability_warnings`].

use super::checker::V;
use crate::diag::{article, Code};
use crate::format::ModelFile;
use crate::load::index_path;
use crate::model::Model;
use crate::text::shortest;

/// Gives the whole-model warnings about `model`, read from `f`; `demand_src` is the entry of
/// `demands` of each of the model's demands.
pub(super) fn warnings(v: &mut V, f: &ModelFile, model: &Model, demand_src: &[usize]) {
    w3004_route_without_fleet(v, model);
    w3001_hub_unreachable(v, model);
    w3003_supply_below_demand(v, f, model);
    w3006_hub_capacity_below_demand(v, model, demand_src);
}

/// W3004: no fleet serves a route, so it cannot be used.
///
/// ## What it checks
/// Every route is among the routes some fleet serves.
///
/// ## Why it matters
/// Only fleets move goods; a route without one is dead weight in the plan, and usually means
/// a fleet of its mode is missing or lists its routes without this one.
///
/// ## Example
/// ```yaml
/// routes: [{id: rail-1, from: a, to: b, mode: rail}]   # fleets: road only
/// ```
fn w3004_route_without_fleet(v: &mut V, model: &Model) {
    for (a, r) in model.routes.iter().enumerate() {
        if !model.fleets.iter().any(|fl| fl.routes.contains(&a)) {
            v.warn(
                Code::RouteWithoutFleet,
                index_path("routes", a),
                format!(
                    "no fleet serves route '{}' ({}), so nothing can move on it",
                    r.id, r.mode
                ),
                format!(
                    "add {} {} fleet, or list the route in a fleet's `routes`",
                    article(r.mode.as_str()),
                    r.mode
                ),
            );
        }
    }
}

/// W3001: no route reaches a hub candidate.
///
/// ## What it checks
/// Every node with a hub block is the `to` of some route.
///
/// ## Why it matters
/// Nothing can be brought to a hub no route reaches, so opening it is useless.
///
/// ## Example
/// ```yaml
/// nodes: [{id: hub-z, kind: hub, country: PL, lat: 50, lon: 20, hub: {capacity: {beds: 10}}}]   # no route to hub-z
/// ```
fn w3001_hub_unreachable(v: &mut V, model: &Model) {
    for (x, n) in model.nodes.iter().enumerate() {
        if n.hub.is_some() && !model.routes.iter().any(|r| r.to == x) {
            v.warn(
                Code::HubUnreachable,
                index_path("nodes", x),
                format!("no route reaches hub candidate '{}'", n.id),
                "add a route to it, or remove the candidate",
            );
        }
    }
}

/// W3003: total supply of a resource is below its total demand.
///
/// ## What it checks
/// For each resource, the supplies add up to at least the demands. The warning stands at the
/// first demand for the resource in `f`.
///
/// ## Why it matters
/// Some demand will be short whatever the plan; better to know before solving.
///
/// ## Example
/// ```yaml
/// supplies: [{nation: pl, resource: fuel, origin: depot, quantity: 10}]   # demands ask for 50
/// ```
fn w3003_supply_below_demand(v: &mut V, f: &ModelFile, model: &Model) {
    for (r, res) in model.resources.iter().enumerate() {
        let sup: f64 = model
            .supplies
            .iter()
            .filter(|s| s.resource == r)
            .map(|s| s.quantity)
            .sum();
        let dem: f64 = model
            .demands
            .iter()
            .filter(|d| d.resource == r)
            .map(|d| d.quantity)
            .sum();
        if sup + 1e-9 < dem {
            let first = f
                .demands
                .iter()
                .position(|d| d.resource == res.id)
                .unwrap_or(0);
            v.warn(
                Code::SupplyBelowDemand,
                index_path("demands", first),
                format!(
                    "total supply of '{}' is {} {u}, below its total demand of {} {u}",
                    res.id,
                    shortest(sup),
                    shortest(dem),
                    u = res.unit
                ),
                "some demand will be short; add supplies or reduce demands",
            );
        }
    }
}

/// W3006: the hubs' capacity of a class is below what must be held.
///
/// ## What it checks
/// For each storage class, the largest demand located at a hub, in the class's unit, fits in
/// the capacity of all hubs together. `demand_src` gives the entry to point at.
///
/// ## Why it matters
/// Demand at a hub is held there; if even all hubs together cannot hold it, it will be short.
///
/// ## Example
/// ```yaml
/// demands: [{node: hub-a, resource: beds-need, quantity: 5000}]   # hubs hold 2000 beds
/// ```
fn w3006_hub_capacity_below_demand(v: &mut V, model: &Model, demand_src: &[usize]) {
    let (nodes, resources, demands) = (&model.nodes, &model.resources, &model.demands);
    for (c, class) in model.storage_classes.iter().enumerate() {
        let cap: f64 = nodes
            .iter()
            .filter_map(|n| n.hub.as_ref())
            .map(|h| h.capacity[c])
            .sum();
        let largest = demands
            .iter()
            .enumerate()
            .filter(|(_, d)| nodes[d.node].hub.is_some() && resources[d.resource].storage == c)
            .map(|(k, d)| (k, d.quantity * resources[d.resource].storage_per_unit))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((k, need)) = largest.filter(|&(_, need)| need > cap + 1e-9) {
            let d = &demands[k];
            v.warn(
                Code::HubCapacityBelowDemand,
                index_path("demands", demand_src[k]),
                format!(
                    "demand '{}' at hub '{}' needs {} {} of storage class '{}', but all hubs together hold {}",
                    d.id,
                    nodes[d.node].id,
                    shortest(need),
                    class.unit,
                    class.id,
                    shortest(cap)
                ),
                format!("raise the hubs' `{}` capacity or split the demand", class.id),
            );
        }
    }
}
