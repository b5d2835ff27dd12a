//! Building blocks shared by the families: model entries with their defaults filled in, and
//! distances between nodes.

use std::collections::BTreeMap;

use super::rng::r2;
use crate::format::{
    DemandSpec, FleetSpec, Mode, NodeKind, NodeSpec, ResourceKind, ResourceSpec, RouteSpec,
};
use crate::model::great_circle_km;

/// A node at a position rounded to two decimals, with no handling limit and no hub.
pub(super) fn node(id: String, kind: NodeKind, country: &str, lat: f64, lon: f64) -> NodeSpec {
    NodeSpec {
        id,
        name: None,
        kind,
        country: country.to_string(),
        lat: r2(lat),
        lon: r2(lon),
        handling_t_per_day: None,
        handling_days: None,
        hub: None,
    }
}

/// A route named `FROM-TO-MODE` with a transit time and no costs, limits or threat.
pub(super) fn route(from: &str, to: &str, mode: Mode, transit_days: i64) -> RouteSpec {
    RouteSpec {
        id: format!("{from}-{to}-{}", mode.as_str()),
        from: from.to_string(),
        to: to.to_string(),
        mode,
        distance_km: None,
        transit_days: Some(transit_days),
        max_trips_per_day: None,
        cost_per_trip: None,
        cost_per_tkm: None,
        threat: None,
        closed_days: Vec::new(),
    }
}

/// A coalition fleet serving every route of its mode.
pub(super) fn fleet(id: &str, mode: Mode, vehicles: i64, capacity_t: f64) -> FleetSpec {
    FleetSpec {
        id: id.to_string(),
        mode,
        nation: None,
        vehicles,
        capacity_t,
        round_trip_days: None,
        routes: None,
    }
}

/// A resource with one weight for every mode.
pub(super) fn resource(
    id: &str,
    kind: ResourceKind,
    unit: &str,
    weight_t: f64,
    storage: &str,
) -> ResourceSpec {
    ResourceSpec {
        id: id.to_string(),
        name: None,
        kind,
        unit: unit.to_string(),
        weight_t,
        weight_t_by_mode: BTreeMap::new(),
        storage: storage.to_string(),
        storage_per_unit: None,
        protection: None,
    }
}

/// A soft demand with no time window or priority.
pub(super) fn demand(id: String, node: &str, resource: &str, quantity: f64) -> DemandSpec {
    DemandSpec {
        id: Some(id),
        node: node.to_string(),
        resource: resource.to_string(),
        quantity,
        earliest_day: None,
        due_day: None,
        priority: None,
        hard: None,
    }
}

/// Great-circle distance between two nodes, in km.
pub(super) fn dist(a: &NodeSpec, b: &NodeSpec) -> f64 {
    great_circle_km(a.lat, a.lon, b.lat, b.lon)
}

/// Indices of `cands` sorted by distance from `from` (ties by index), first `k`.
pub(super) fn nearest(from: &NodeSpec, cands: &[NodeSpec], k: usize) -> Vec<usize> {
    let mut ix: Vec<usize> = (0..cands.len()).collect();
    ix.sort_by(|&a, &b| {
        dist(from, &cands[a])
            .total_cmp(&dist(from, &cands[b]))
            .then(a.cmp(&b))
    });
    ix.truncate(k);
    ix
}
