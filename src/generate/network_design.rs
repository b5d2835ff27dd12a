//! Multicommodity fixed-charge network design: origins, transit nodes and sectors joined by
//! same-day arcs, each arc one trip of its vehicle class's capacity at a fixed charge.

use std::collections::BTreeSet;

use super::parts::{demand, dist, fleet, nearest, node, resource, route};
use super::rng::{r2, Rng};
use super::Size;
use crate::format::{
    DemandSpec, FleetSpec, Mode, ModelFile, NationSpec, NodeKind, NodeSpec, ResourceKind,
    ResourceSpec, RouteSpec, StorageClassSpec, SupplySpec,
};

/// Vehicle classes: name, capacity in tonnes, and the scale of the fixed charge per km.
const CLASSES: [(&str, f64, f64); 3] = [
    ("light", 60.0, 1.0),
    ("medium", 150.0, 2.0),
    ("heavy", 400.0, 3.5),
];

/// The class of the direct arc each commodity gets.
const HEAVY: usize = 2;

/// Counts of each kind of entry in an instance of one size.
struct NetworkSize {
    origins: usize,
    transit: usize,
    sectors: usize,
    commodities: usize,
    /// Arcs from each transit node to transit nodes east of it, beyond the first.
    extra_arcs: usize,
}

fn network_size(size: Size) -> NetworkSize {
    let (origins, transit, sectors, commodities, extra_arcs) = match size {
        Size::Tiny => (2, 3, 2, 3, 1),
        Size::Small => (3, 5, 3, 6, 1),
        Size::Medium => (4, 8, 4, 12, 2),
        Size::Large => (6, 12, 6, 24, 2),
        Size::Xl => (10, 25, 10, 60, 3),
    };
    NetworkSize {
        origins,
        transit,
        sectors,
        commodities,
        extra_arcs,
    }
}

/// The arcs built so far, each id once, with the ids of each class's arcs.
struct Arcs {
    routes: Vec<RouteSpec>,
    seen: BTreeSet<String>,
    class_routes: Vec<Vec<String>>,
}

impl Arcs {
    fn new() -> Arcs {
        Arcs {
            routes: Vec::new(),
            seen: BTreeSet::new(),
            class_routes: vec![Vec::new(); CLASSES.len()],
        }
    }

    /// Adds the arc `a-b` of `class` with drawn costs, unless it is there already (then
    /// nothing is drawn).
    fn add(&mut self, a: &NodeSpec, b: &NodeSpec, class: usize, rng: &mut Rng) {
        let id = format!("{}-{}", a.id, b.id);
        if !self.seen.insert(id.clone()) {
            return;
        }
        let d = dist(a, b).max(1.0).round();
        let (_, _, scale) = CLASSES[class];
        let mut r = route(&a.id, &b.id, Mode::Road, 0);
        r.id = id.clone();
        r.distance_km = Some(d);
        r.max_trips_per_day = Some(1);
        r.cost_per_trip = Some(r2(d * scale * rng.real(8.0, 12.0)));
        r.cost_per_tkm = Some(rng.real(0.01, 0.05));
        self.routes.push(r);
        self.class_routes[class].push(id);
    }
}

/// The commodities' entries: one resource, supply and hard demand each.
struct Commodities {
    resources: Vec<ResourceSpec>,
    supplies: Vec<SupplySpec>,
    demands: Vec<DemandSpec>,
}

/// Builds the network design instance of a size and seed.
pub(super) fn network_design(size: Size, seed: u64) -> ModelFile {
    let z = network_size(size);
    let mut rng = Rng::new(seed);
    let (origins, transit, sectors) = network_nodes(&z, &mut rng);
    let mut arcs = Arcs::new();
    backbone(&z, &origins, &transit, &sectors, &mut arcs, &mut rng);
    let goods = commodities(&z, &origins, &sectors, &mut arcs, &mut rng);
    let fleets = class_fleets(arcs.class_routes);
    let mut nodes = origins;
    nodes.extend(transit);
    nodes.extend(sectors);
    ModelFile {
        name: Some(format!("network-design-{}-{seed}", size.as_str())),
        description: Some(
            "Multicommodity fixed-charge network design from hubplan generate: each route is \
             one trip of its class's capacity at a fixed charge."
                .into(),
        ),
        horizon_days: 1,
        storage_classes: vec![StorageClassSpec {
            id: "equipment".into(),
            unit: Some("tonnes".into()),
        }],
        resources: goods.resources,
        nations: vec![NationSpec {
            id: "xx".into(),
            name: None,
            caveats: Vec::new(),
        }],
        nodes,
        routes: arcs.routes,
        fleets,
        supplies: goods.supplies,
        demands: goods.demands,
        ..ModelFile::default()
    }
}

/// Origins in the west, transit nodes in the middle, sectors in the east.
fn network_nodes(z: &NetworkSize, rng: &mut Rng) -> (Vec<NodeSpec>, Vec<NodeSpec>, Vec<NodeSpec>) {
    let origins: Vec<NodeSpec> = (0..z.origins)
        .map(|k| {
            node(
                format!("o{}", k + 1),
                NodeKind::Origin,
                "AA",
                rng.real(46.0, 52.0),
                rng.real(20.0, 23.0),
            )
        })
        .collect();
    // Transit nodes are numbered west to east and arcs between them only lead east, so the
    // same-day routes form no cycle.
    let mut lons: Vec<f64> = (0..z.transit).map(|_| rng.real(23.0, 30.0)).collect();
    lons.sort_by(f64::total_cmp);
    let transit: Vec<NodeSpec> = lons
        .iter()
        .enumerate()
        .map(|(k, &lon)| {
            node(
                format!("t{}", k + 1),
                NodeKind::Transit,
                "AA",
                rng.real(46.0, 52.0),
                lon,
            )
        })
        .collect();
    let sectors: Vec<NodeSpec> = (0..z.sectors)
        .map(|k| {
            node(
                format!("s{}", k + 1),
                NodeKind::Sector,
                "AA",
                rng.real(46.0, 52.0),
                rng.real(30.0, 33.0),
            )
        })
        .collect();
    (origins, transit, sectors)
}

/// Backbone: each origin to its two nearest transit nodes, each transit node to its nearest
/// neighbours east of it, each transit node to its nearest sector; each arc of a random class.
fn backbone(
    z: &NetworkSize,
    origins: &[NodeSpec],
    transit: &[NodeSpec],
    sectors: &[NodeSpec],
    arcs: &mut Arcs,
    rng: &mut Rng,
) {
    for o in origins {
        for t in nearest(o, transit, 2) {
            let c = rng.index(3);
            arcs.add(o, &transit[t], c, rng);
        }
    }
    for (i, t) in transit.iter().enumerate() {
        let east: Vec<NodeSpec> = transit[i + 1..].to_vec();
        for j in nearest(t, &east, z.extra_arcs + 1) {
            let c = rng.index(3);
            arcs.add(t, &east[j], c, rng);
        }
        for s in nearest(t, sectors, 1) {
            let c = rng.index(3);
            arcs.add(t, &sectors[s], c, rng);
        }
    }
}

/// Commodities: distinct origin-destination pairs; each gets a direct heavy arc too (costly,
/// long), which keeps every instance feasible.
fn commodities(
    z: &NetworkSize,
    origins: &[NodeSpec],
    sectors: &[NodeSpec],
    arcs: &mut Arcs,
    rng: &mut Rng,
) -> Commodities {
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    while pairs.len() < z.commodities.min(z.origins * z.sectors) {
        let p = (rng.index(z.origins), rng.index(z.sectors));
        if !pairs.contains(&p) {
            pairs.push(p);
        }
    }
    let mut goods = Commodities {
        resources: Vec::new(),
        supplies: Vec::new(),
        demands: Vec::new(),
    };
    for (k, &(o, s)) in pairs.iter().enumerate() {
        let id = format!("k{}", k + 1);
        arcs.add(&origins[o], &sectors[s], HEAVY, rng);
        let q = (rng.int(2, 12) * 5) as f64;
        goods.resources.push(resource(
            &id,
            ResourceKind::Supplies,
            "tonnes",
            1.0,
            "equipment",
        ));
        goods.supplies.push(SupplySpec {
            nation: "xx".into(),
            resource: id.clone(),
            origin: origins[o].id.clone(),
            quantity: q,
            available_day: None,
        });
        let mut d = demand(format!("{}/{id}", sectors[s].id), &sectors[s].id, &id, q);
        d.hard = Some(true);
        goods.demands.push(d);
    }
    goods
}

/// One fleet per class that has arcs: a vehicle per arc, serving only its class's arcs.
fn class_fleets(class_routes: Vec<Vec<String>>) -> Vec<FleetSpec> {
    CLASSES
        .iter()
        .zip(class_routes)
        .filter(|(_, rs)| !rs.is_empty())
        .map(|(&(name, cap, _), rs)| {
            let mut f = fleet(name, Mode::Road, rs.len() as i64, cap);
            f.round_trip_days = Some(1);
            f.routes = Some(rs);
            f
        })
        .collect()
}
