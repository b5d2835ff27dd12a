//! The coalition-like theatre: nations with caveats ship from their home countries across a
//! border (some with a gauge change) through cities and hubs to sectors, by four modes, over
//! several days, with monitoring assets to place.
//!
//! Every step draws from the one generator in a fixed order (nodes, routes, demands, supplies),
//! so the same size and seed always give the same model.

use std::collections::{BTreeMap, BTreeSet};

use super::parts::{demand, dist, fleet, nearest, node, resource, route};
use super::rng::{r2, Rng};
use super::Size;
use crate::format::{
    AssetKind, AssetSpec, CaveatSpec, CoverageSpec, DemandSpec, FleetSpec, HubSpec, Mode,
    ModelFile, MonitoringSpec, NationSpec, NodeKind, NodeSpec, ResourceKind, ResourceSpec,
    RouteSpec, StorageClassSpec, SupplySpec,
};

/// Counts of each kind of entry in a theatre of one size.
struct TheatreSize {
    nations: usize,
    resources: usize,
    origins_per_nation: usize,
    borders: usize,
    cities: usize,
    hubs: usize,
    sectors: usize,
    horizon: i64,
}

fn theatre_size(size: Size) -> TheatreSize {
    let (nations, resources, origins_per_nation, borders, cities, hubs, sectors, horizon) =
        match size {
            Size::Tiny => (2, 2, 1, 2, 2, 3, 3, 7),
            Size::Small => (3, 3, 1, 3, 3, 4, 5, 9),
            Size::Medium => (4, 4, 2, 4, 5, 8, 10, 14),
            Size::Large => (6, 5, 2, 6, 8, 14, 18, 21),
            Size::Xl => (10, 8, 3, 10, 14, 30, 40, 30),
        };
    TheatreSize {
        nations,
        resources,
        origins_per_nation,
        borders,
        cities,
        hubs,
        sectors,
        horizon,
    }
}

/// Theatre country and its eastern neighbour (into which one nation's personnel may not go).
const HOME: &str = "TH";
const EAST: &str = "TE";

/// The theatre's nodes by role, west to east.
struct Places {
    /// Each nation's origins, nation by nation.
    origins: Vec<Vec<NodeSpec>>,
    borders: Vec<NodeSpec>,
    port: NodeSpec,
    cities: Vec<NodeSpec>,
    hubs: Vec<NodeSpec>,
    sectors: Vec<NodeSpec>,
}

impl Places {
    /// All nodes in the file's order: origins, borders, the port, cities, hubs, sectors.
    fn into_nodes(self) -> Vec<NodeSpec> {
        let mut nodes: Vec<NodeSpec> = self.origins.into_iter().flatten().collect();
        nodes.extend(self.borders);
        nodes.push(self.port);
        nodes.extend(self.cities);
        nodes.extend(self.hubs);
        nodes.extend(self.sectors);
        nodes
    }
}

/// Builds the theatre of a size and seed.
pub(super) fn theatre(size: Size, seed: u64) -> ModelFile {
    let z = theatre_size(size);
    let mut rng = Rng::new(seed);

    let resources = theatre_resources(&z);
    let nations = theatre_nations(&z);
    let places = theatre_places(&z, &mut rng);
    let (routes, national_roads) = theatre_routes(&z, &places, &mut rng);
    let fleets = theatre_fleets(&z, national_roads);
    let (demands, total) = theatre_demands(&z, &places.sectors, &resources, &mut rng);
    let supplies = theatre_supplies(&z, &resources, &nations, &places.origins, &total, &mut rng);
    let monitoring = theatre_monitoring(&z, &nations, &places.hubs, &places.sectors);

    ModelFile {
        name: Some(format!("theatre-{}-{seed}", size.as_str())),
        description: Some("Synthetic coalition theatre from hubplan generate.".into()),
        horizon_days: z.horizon,
        storage_classes: vec![
            StorageClassSpec {
                id: "beds".into(),
                unit: Some("beds".into()),
            },
            StorageClassSpec {
                id: "equipment".into(),
                unit: Some("tonnes".into()),
            },
        ],
        resources,
        nations,
        nodes: places.into_nodes(),
        routes,
        fleets,
        supplies,
        demands,
        monitoring: Some(monitoring),
        ..ModelFile::default()
    }
}

/// Resources: personnel, protected munitions, then supplies and equipment classes.
fn theatre_resources(z: &TheatreSize) -> Vec<ResourceSpec> {
    let catalogue = [
        ("infantry", ResourceKind::Personnel, "persons", 0.15, "beds"),
        ("fuel", ResourceKind::Supplies, "tonnes", 1.0, "equipment"),
        ("ammo", ResourceKind::Munitions, "tonnes", 1.0, "equipment"),
        (
            "vehicles",
            ResourceKind::Equipment,
            "systems",
            8.0,
            "equipment",
        ),
        (
            "rations",
            ResourceKind::Supplies,
            "tonnes",
            1.0,
            "equipment",
        ),
        ("medics", ResourceKind::Personnel, "persons", 0.2, "beds"),
        ("spares", ResourceKind::Supplies, "tonnes", 1.0, "equipment"),
        (
            "sensors",
            ResourceKind::Equipment,
            "systems",
            2.0,
            "equipment",
        ),
    ];
    catalogue[..z.resources]
        .iter()
        .map(|&(id, kind, unit, w, st)| {
            let mut r = resource(id, kind, unit, w, st);
            if id == "ammo" {
                r.protection = Some(2);
            }
            if id == "vehicles" {
                r.storage_per_unit = Some(8.0);
            }
            r
        })
        .collect()
}

/// Nations and caveats: the second of every three nations keeps its personnel out of the
/// eastern neighbour, the third sends no munitions by air.
fn theatre_nations(z: &TheatreSize) -> Vec<NationSpec> {
    (0..z.nations)
        .map(|i| {
            let mut caveats = Vec::new();
            if i % 3 == 1 {
                caveats.push(CaveatSpec {
                    note: Some(format!("no personnel in {EAST}")),
                    applies_to: vec!["personnel".into()],
                    forbid_countries: vec![EAST.into()],
                    ..CaveatSpec::default()
                });
            }
            if i % 3 == 2 {
                caveats.push(CaveatSpec {
                    note: Some("no munitions by air".into()),
                    applies_to: vec!["munitions".into()],
                    forbid_modes: vec![Mode::Air],
                    ..CaveatSpec::default()
                });
            }
            NationSpec {
                id: format!("n{}", i + 1),
                name: None,
                caveats,
            }
        })
        .collect()
}

/// All nodes, drawn in the order origins, borders, cities, hubs, sectors.
fn theatre_places(z: &TheatreSize, rng: &mut Rng) -> Places {
    let origins = origin_nodes(z, rng);
    let borders = border_nodes(z, rng);
    let port = node("port".into(), NodeKind::Transit, HOME, 46.5, 30.7);
    let cities: Vec<NodeSpec> = (0..z.cities)
        .map(|k| {
            node(
                format!("c{}", k + 1),
                NodeKind::Transit,
                HOME,
                rng.real(46.5, 51.0),
                rng.real(25.0, 30.0),
            )
        })
        .collect();
    let hubs = hub_nodes(z, rng);
    let sectors: Vec<NodeSpec> = (0..z.sectors)
        .map(|k| {
            node(
                format!("s{}", k + 1),
                NodeKind::Sector,
                if k % 2 == 0 { HOME } else { EAST },
                rng.real(46.5, 51.0),
                rng.real(32.0, 37.0),
            )
        })
        .collect();
    Places {
        origins,
        borders,
        port,
        cities,
        hubs,
        sectors,
    }
}

/// Each nation's origins in its own country, the nations in bands from south to north.
fn origin_nodes(z: &TheatreSize, rng: &mut Rng) -> Vec<Vec<NodeSpec>> {
    let mut origins: Vec<Vec<NodeSpec>> = Vec::new();
    for i in 0..z.nations {
        let country = format!("C{}", i + 1);
        let lat0 = 45.0 + 8.0 * (i as f64 + 0.5) / z.nations as f64;
        origins.push(
            (0..z.origins_per_nation)
                .map(|j| {
                    node(
                        format!("o{}-{}", i + 1, j + 1),
                        NodeKind::Origin,
                        &country,
                        lat0 + rng.real(-0.4, 0.4),
                        rng.real(8.0, 19.0),
                    )
                })
                .collect(),
        );
    }
    origins
}

/// Border crossings along the western edge of the theatre, every other one a gauge change.
fn border_nodes(z: &TheatreSize, rng: &mut Rng) -> Vec<NodeSpec> {
    let total_t_estimate = (z.sectors as f64) * (z.resources as f64) * 60.0;
    (0..z.borders)
        .map(|k| {
            let mut n = node(
                format!("b{}", k + 1),
                NodeKind::Transit,
                HOME,
                46.5 + 5.0 * (k as f64 + 0.5) / z.borders as f64,
                rng.real(23.0, 24.5),
            );
            if k % 2 == 0 {
                // Gauge change: every tonne is transshipped, which takes a day.
                n.handling_t_per_day = Some(r2(total_t_estimate * 0.5 + 200.0));
                n.handling_days = Some(1);
            }
            n
        })
        .collect()
}

/// Candidate hubs with capacities, protection and costs; the first is protected enough for
/// munitions, so every sector has such a hub to draw from.
fn hub_nodes(z: &TheatreSize, rng: &mut Rng) -> Vec<NodeSpec> {
    (0..z.hubs)
        .map(|k| {
            let mut n = node(
                format!("h{}", k + 1),
                NodeKind::Hub,
                HOME,
                rng.real(46.5, 51.0),
                rng.real(27.0, 32.0),
            );
            let mut capacity = BTreeMap::new();
            capacity.insert("beds".to_string(), (rng.int(8, 40) * 50) as f64);
            capacity.insert("equipment".to_string(), (rng.int(10, 60) * 50) as f64);
            n.hub = Some(HubSpec {
                capacity,
                protection: Some(if k == 0 { 3 } else { rng.int(1, 3) }),
                opening_cost: Some((rng.int(20, 80) * 1000) as f64),
                daily_cost: Some((rng.int(5, 30) * 100) as f64),
                earliest_open_day: None,
                setup_days: Some(rng.int(0, 1)),
                fixed: None,
            });
            n
        })
        .collect()
}

/// Routes from west to east, each id once (the first of a repeat is kept), and the ids of
/// the first nation's roads (its own lorries' routes).
fn theatre_routes(
    z: &TheatreSize,
    places: &Places,
    rng: &mut Rng,
) -> (Vec<RouteSpec>, Vec<String>) {
    let mut routes: Vec<RouteSpec> = Vec::new();
    let national_roads = origin_routes(z, places, rng, &mut routes);
    inland_routes(places, rng, &mut routes);
    sector_routes(z.horizon, &places.hubs, &places.sectors, rng, &mut routes);
    let mut seen = BTreeSet::new();
    routes.retain(|r| seen.insert(r.id.clone()));
    (routes, national_roads)
}

/// From each origin: rail and road to two borders, and from each nation's first origin a
/// voyage to the port and a flight to one of the first two cities. Returns the first
/// nation's roads.
fn origin_routes(
    z: &TheatreSize,
    places: &Places,
    rng: &mut Rng,
    routes: &mut Vec<RouteSpec>,
) -> Vec<String> {
    let (borders, cities) = (&places.borders, &places.cities);
    let mut national_roads: Vec<String> = Vec::new();
    let shift = rng.index(borders.len());
    for (i, os) in places.origins.iter().enumerate() {
        for (j, o) in os.iter().enumerate() {
            // Origins take the borders in turn, so every border is reached.
            let g = i * z.origins_per_nation + j;
            let a = (g + shift) % borders.len();
            let b = (g + 1 + shift) % borders.len();
            let mut r = route(&o.id, &borders[a].id, Mode::Rail, 1);
            r.cost_per_tkm = Some(rng.real(0.05, 0.1));
            routes.push(r);
            let mut r = route(&o.id, &borders[b].id, Mode::Road, 2);
            r.cost_per_tkm = Some(rng.real(0.1, 0.2));
            if i == 0 {
                national_roads.push(r.id.clone());
            }
            routes.push(r);
            if j == 0 {
                let mut r = route(&o.id, &places.port.id, Mode::Sea, 3);
                r.cost_per_trip = Some((rng.int(20, 40) * 1000) as f64);
                routes.push(r);
                let c = &cities[rng.index(cities.len().min(2))];
                let mut r = route(&o.id, &c.id, Mode::Air, 1);
                r.cost_per_trip = Some((rng.int(30, 60) * 1000) as f64);
                r.threat = Some(rng.real(0.05, 0.2));
                routes.push(r);
            }
        }
    }
    national_roads
}

/// Inside the theatre: borders and the port to their nearest cities, a rail line through the
/// cities, and each hub from its nearest cities.
fn inland_routes(places: &Places, rng: &mut Rng, routes: &mut Vec<RouteSpec>) {
    let (port, cities) = (&places.port, &places.cities);
    for b in &places.borders {
        for (n, c) in nearest(b, cities, 2).into_iter().enumerate() {
            let mode = if n == 0 { Mode::Rail } else { Mode::Road };
            let mut r = route(&b.id, &cities[c].id, mode, 1);
            r.cost_per_tkm = Some(rng.real(0.05, 0.2));
            routes.push(r);
        }
    }
    // A rail line through the cities, both ways, so every city reaches every other.
    for w in cities.windows(2) {
        for (a, b) in [(&w[0], &w[1]), (&w[1], &w[0])] {
            let mut r = route(&a.id, &b.id, Mode::Rail, 1);
            r.cost_per_tkm = Some(rng.real(0.05, 0.1));
            routes.push(r);
        }
    }
    for c in nearest(port, cities, 2) {
        let mut r = route(&port.id, &cities[c].id, Mode::Road, 1);
        r.cost_per_tkm = Some(rng.real(0.1, 0.2));
        routes.push(r);
    }
    // Every hub is reached from its nearest cities by a same-day road.
    for hb in &places.hubs {
        for c in nearest(hb, cities, 2) {
            let mut r = route(&cities[c].id, &hb.id, Mode::Road, 0);
            r.cost_per_tkm = Some(rng.real(0.1, 0.2));
            routes.push(r);
        }
    }
}

/// Every sector is supplied from its nearest hubs and from the nearest hub protected enough
/// for munitions; on long horizons some of these roads close for a day.
fn sector_routes(
    h: i64,
    hubs: &[NodeSpec],
    sectors: &[NodeSpec],
    rng: &mut Rng,
    routes: &mut Vec<RouteSpec>,
) {
    let protected: Vec<NodeSpec> = hubs
        .iter()
        .filter(|n| n.hub.as_ref().and_then(|h| h.protection).unwrap_or(0) >= 2)
        .cloned()
        .collect();
    for s in sectors {
        let mut near = nearest(s, hubs, 3.min(hubs.len()));
        let best = &protected[nearest(s, &protected, 1)[0]];
        if let Some(ix) = hubs.iter().position(|n| n.id == best.id) {
            if !near.contains(&ix) {
                near.push(ix);
            }
        }
        for hx in near {
            let mut r = route(&hubs[hx].id, &s.id, Mode::Road, 1);
            r.cost_per_tkm = Some(rng.real(0.15, 0.3));
            r.threat = Some(rng.real(0.05, 0.5));
            if h > 10 && rng.chance(0.2) {
                r.closed_days = vec![rng.int(1, h - 2)];
            }
            routes.push(r);
        }
    }
}

/// Fleets: a coalition pool per mode and the first nation's own lorries on its roads.
fn theatre_fleets(z: &TheatreSize, national_roads: Vec<String>) -> Vec<FleetSpec> {
    let sc = z.sectors as i64;
    let mut fleets = vec![
        fleet("road-pool", Mode::Road, 30 * sc, 20.0),
        fleet("rail-pool", Mode::Rail, 2 + sc / 2, 800.0),
        fleet("air-pool", Mode::Air, 2 + sc / 4, 40.0),
        fleet("sea-pool", Mode::Sea, 1 + sc / 10, 3000.0),
    ];
    let mut own = fleet("n1-lorries", Mode::Road, 10 * sc, 20.0);
    own.nation = Some("n1".into());
    own.routes = Some(national_roads);
    fleets.push(own);
    fleets
}

/// Demands: most sectors need most resources; a few hard fuel demands in the home country.
/// Returns them with the total demanded of each resource.
fn theatre_demands(
    z: &TheatreSize,
    sectors: &[NodeSpec],
    resources: &[ResourceSpec],
    rng: &mut Rng,
) -> (Vec<DemandSpec>, Vec<f64>) {
    let h = z.horizon;
    let mut demands = Vec::new();
    let mut total = vec![0.0; resources.len()];
    let first_due = 5.min(h - 1);
    for (k, s) in sectors.iter().enumerate() {
        for (ri, r) in resources.iter().enumerate() {
            if ri > 0 && !rng.chance(0.7) {
                continue;
            }
            let q = match r.kind {
                ResourceKind::Personnel => (rng.int(2, 16) * 25) as f64,
                ResourceKind::Equipment => rng.int(2, 12) as f64,
                _ => (rng.int(2, 24) * 5) as f64,
            };
            let mut d = demand(format!("{}/{}", s.id, r.id), &s.id, &r.id, q);
            d.due_day = Some(rng.int(first_due, h - 1));
            d.priority = Some(rng.int(1, 3) as f64);
            if r.id == "fuel" && k % 2 == 0 && k < 4 {
                d.quantity = 20.0;
                d.due_day = Some(h - 1);
                d.priority = None;
                d.hard = Some(true);
            }
            total[ri] += d.quantity;
            demands.push(d);
        }
    }
    (demands, total)
}

/// Supplies: every nation offers every resource at one of its origins; in all 1.5 times the
/// demand (`total`, by resource).
fn theatre_supplies(
    z: &TheatreSize,
    resources: &[ResourceSpec],
    nations: &[NationSpec],
    origins: &[Vec<NodeSpec>],
    total: &[f64],
    rng: &mut Rng,
) -> Vec<SupplySpec> {
    let mut supplies = Vec::new();
    for (ri, r) in resources.iter().enumerate() {
        let weights: Vec<f64> = (0..z.nations).map(|_| rng.real(1.0, 3.0)).collect();
        let sum: f64 = weights.iter().sum();
        for (i, os) in origins.iter().enumerate() {
            let q = (total[ri].max(10.0) * 1.5 * weights[i] / sum).ceil();
            let o = &os[rng.index(os.len())];
            supplies.push(SupplySpec {
                nation: nations[i].id.clone(),
                resource: r.id.clone(),
                origin: o.id.clone(),
                quantity: q,
                available_day: Some(if rng.chance(0.3) { 1 } else { 0 }),
            });
        }
    }
    supplies
}

/// Monitoring: drones and sensor teams based at hubs, satellite taskings per sector.
fn theatre_monitoring(
    z: &TheatreSize,
    nations: &[NationSpec],
    hubs: &[NodeSpec],
    sectors: &[NodeSpec],
) -> MonitoringSpec {
    let sc = z.sectors as i64;
    let owner_last = nations[z.nations - 1].id.clone();
    let assets = vec![
        AssetSpec {
            id: "drones".into(),
            kind: AssetKind::Drone,
            owner: "n1".into(),
            count: (z.hubs as i64 / 2).max(2),
            range_km: Some(400.0),
            protection: Some(1),
        },
        AssetSpec {
            id: "sensor-teams".into(),
            kind: AssetKind::SensorTeam,
            owner: owner_last,
            count: sc / 3 + 1,
            range_km: Some(250.0),
            protection: None,
        },
        AssetSpec {
            id: "satellite".into(),
            kind: AssetKind::Satellite,
            owner: "n1".into(),
            // One tasking per sector that requires one (every fourth, from s2).
            count: ((sc + 2) / 4).max(1),
            range_km: None,
            protection: None,
        },
    ];
    MonitoringSpec {
        assets,
        coverage: theatre_coverage(hubs, sectors),
    }
}

/// Coverage each sector requires: drones where a hub is within their range, sensor teams on
/// every third sector close enough to a hub, a satellite on every fourth.
fn theatre_coverage(hubs: &[NodeSpec], sectors: &[NodeSpec]) -> Vec<CoverageSpec> {
    let mut coverage = Vec::new();
    for (k, s) in sectors.iter().enumerate() {
        let closest = hubs
            .iter()
            .map(|hb| dist(s, hb))
            .fold(f64::INFINITY, f64::min);
        if closest < 380.0 {
            coverage.push(CoverageSpec {
                sector: s.id.clone(),
                asset: "drones".into(),
                required: 1,
                hard: None,
            });
        }
        if k % 3 == 0 && closest < 230.0 {
            coverage.push(CoverageSpec {
                sector: s.id.clone(),
                asset: "sensor-teams".into(),
                required: 1,
                hard: None,
            });
        }
        if k % 4 == 1 {
            coverage.push(CoverageSpec {
                sector: s.id.clone(),
                asset: "satellite".into(),
                required: 1,
                hard: None,
            });
        }
    }
    coverage
}
