//! Capacitated facility location: one depot, candidate hubs with capacities and opening
//! costs, and sectors with hard demands, all on same-day roads within one day.

use std::collections::BTreeMap;

use super::parts::{demand, dist, fleet, node, resource, route};
use super::rng::{r2, Rng};
use super::Size;
use crate::format::{
    DemandSpec, HubSpec, Mode, ModelFile, NationSpec, NodeKind, NodeSpec, ResourceKind, RouteSpec,
    StorageClassSpec, SupplySpec,
};

/// Builds the facility location instance of a size and seed.
pub(super) fn facility(size: Size, seed: u64) -> ModelFile {
    let (nh, ns) = match size {
        Size::Tiny => (3, 6),
        Size::Small => (5, 10),
        Size::Medium => (8, 16),
        Size::Large => (12, 30),
        Size::Xl => (25, 80),
    };
    let mut rng = Rng::new(seed);
    let depot = node("depot".into(), NodeKind::Origin, "PL", 50.0, 23.0);
    let sectors: Vec<NodeSpec> = (0..ns)
        .map(|k| {
            node(
                format!("s{}", k + 1),
                NodeKind::Sector,
                "UA",
                rng.real(47.0, 51.0),
                rng.real(30.0, 37.0),
            )
        })
        .collect();
    let demands: Vec<DemandSpec> = sectors
        .iter()
        .map(|s| {
            let mut d = demand(
                format!("{}/stores", s.id),
                &s.id,
                "stores",
                (rng.int(3, 9) * 5) as f64,
            );
            d.hard = Some(true);
            d
        })
        .collect();
    let total: f64 = demands.iter().map(|d| d.quantity).sum();
    let hubs = facility_hubs(nh, total, &mut rng);
    let routes = facility_routes(&depot, &hubs, &sectors);
    let mut nodes = vec![depot];
    nodes.extend(hubs);
    nodes.extend(sectors);
    ModelFile {
        name: Some(format!("facility-{nh}x{ns}-{seed}")),
        description: Some("Capacitated facility location from hubplan generate.".into()),
        horizon_days: 1,
        storage_classes: vec![StorageClassSpec {
            id: "equipment".into(),
            unit: Some("tonnes".into()),
        }],
        resources: vec![resource(
            "stores",
            ResourceKind::Supplies,
            "tonnes",
            1.0,
            "equipment",
        )],
        nations: vec![NationSpec {
            id: "xx".into(),
            name: None,
            caveats: Vec::new(),
        }],
        nodes,
        routes,
        fleets: vec![fleet("lorries", Mode::Road, 100_000, 100_000.0)],
        supplies: vec![SupplySpec {
            nation: "xx".into(),
            resource: "stores".into(),
            origin: "depot".into(),
            quantity: (total * 1.1).ceil(),
            available_day: None,
        }],
        demands,
        ..ModelFile::default()
    }
}

/// `nh` candidate hubs whose capacities together hold at least 1.2 times the `total` demand.
fn facility_hubs(nh: usize, total: f64, rng: &mut Rng) -> Vec<NodeSpec> {
    let mut hubs: Vec<NodeSpec> = (0..nh)
        .map(|k| {
            let mut n = node(
                format!("h{}", k + 1),
                NodeKind::Hub,
                "UA",
                rng.real(48.0, 50.0),
                rng.real(24.0, 29.0),
            );
            let mut capacity = BTreeMap::new();
            capacity.insert(
                "equipment".to_string(),
                (rng.int(8, 18) as f64 * total / nh as f64 / 40.0).ceil() * 10.0,
            );
            n.hub = Some(HubSpec {
                capacity,
                opening_cost: Some((rng.int(10, 30) * 50) as f64),
                ..HubSpec::default()
            });
            n
        })
        .collect();
    // Guarantee the hubs can hold all demand together.
    let cap: f64 = hubs
        .iter()
        .map(|n| n.hub.as_ref().map_or(0.0, |h| h.capacity["equipment"]))
        .sum();
    if cap < 1.2 * total {
        if let Some(hub) = hubs[0].hub.as_mut() {
            hub.capacity
                .insert("equipment".into(), (1.2 * total - cap + 10.0).ceil());
        }
    }
    hubs
}

/// The depot to every hub with no cost given, and every hub to every sector at a cost per
/// tonne-km that grows with the distance.
fn facility_routes(depot: &NodeSpec, hubs: &[NodeSpec], sectors: &[NodeSpec]) -> Vec<RouteSpec> {
    let mut routes = Vec::new();
    for hb in hubs {
        let mut r = route(&depot.id, &hb.id, Mode::Road, 0);
        r.id = format!("depot-{}", hb.id);
        r.distance_km = Some(1.0);
        routes.push(r);
    }
    for hb in hubs {
        for s in sectors {
            let mut r = route(&hb.id, &s.id, Mode::Road, 0);
            r.id = format!("{}-{}", hb.id, s.id);
            r.distance_km = Some(1.0);
            r.cost_per_tkm = Some(r2(dist(hb, s) / 5.0));
            routes.push(r);
        }
    }
    routes
}
