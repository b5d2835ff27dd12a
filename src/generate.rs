//! Deterministic instance generators: `hubplan generate FAMILY --size S --seed N`.
//!
//! Each generator builds a [`ModelFile`] from a seed with a small SplitMix64 generator defined
//! here (no external randomness, so the same family, size and seed always give the same bytes)
//! and [`render`] writes it as YAML with a comment header. Every number is synthetic. See
//! `docs/generate.md` for what each family contains.

use std::collections::{BTreeMap, BTreeSet};

use crate::format::{
    AssetKind, AssetSpec, CaveatSpec, CoverageSpec, DemandSpec, FleetSpec, HubSpec, Mode,
    ModelFile, MonitoringSpec, NationSpec, NodeKind, NodeSpec, ResourceKind, ResourceSpec,
    RouteSpec, StorageClassSpec, SupplySpec,
};
use crate::model::great_circle_km;

/// Instance family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Family {
    /// Coalition-like synthetic theatre (multi-day, four modes, caveats, monitoring).
    Theatre,
    /// Capacitated facility location (one day, same-day routes).
    Facility,
    /// Multicommodity fixed-charge network design (one day, one trip per arc).
    NetworkDesign,
}

impl Family {
    /// Name as given on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Theatre => "theatre",
            Family::Facility => "facility",
            Family::NetworkDesign => "network-design",
        }
    }
}

/// Instance size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Size {
    /// Solves in well under a second.
    Tiny,
    /// Solves in seconds.
    Small,
    /// Benchmark size.
    Medium,
    /// Benchmark size.
    Large,
    /// At least a million naive variables (theatre).
    Xl,
}

impl Size {
    /// All sizes, smallest first.
    pub const ALL: [Size; 5] = [Size::Tiny, Size::Small, Size::Medium, Size::Large, Size::Xl];

    /// Name as given on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Size::Tiny => "tiny",
            Size::Small => "small",
            Size::Medium => "medium",
            Size::Large => "large",
            Size::Xl => "xl",
        }
    }
}

/// SplitMix64: small, fast and fully determined by its seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [lo, hi), rounded to two decimals.
    fn real(&mut self, lo: f64, hi: f64) -> f64 {
        r2(lo + (hi - lo) * self.unit())
    }

    /// Uniform integer in [lo, hi].
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }

    /// Uniform index below n (n > 0).
    fn index(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn node(id: String, kind: NodeKind, country: &str, lat: f64, lon: f64) -> NodeSpec {
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

fn route(from: &str, to: &str, mode: Mode, transit_days: i64) -> RouteSpec {
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

fn fleet(id: &str, mode: Mode, vehicles: i64, capacity_t: f64) -> FleetSpec {
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

fn resource(
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

fn demand(id: String, node: &str, resource: &str, quantity: f64) -> DemandSpec {
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

fn dist(a: &NodeSpec, b: &NodeSpec) -> f64 {
    great_circle_km(a.lat, a.lon, b.lat, b.lon)
}

/// Indices of `cands` sorted by distance from `from` (ties by index), first `k`.
fn nearest(from: &NodeSpec, cands: &[NodeSpec], k: usize) -> Vec<usize> {
    let mut ix: Vec<usize> = (0..cands.len()).collect();
    ix.sort_by(|&a, &b| {
        dist(from, &cands[a])
            .total_cmp(&dist(from, &cands[b]))
            .then(a.cmp(&b))
    });
    ix.truncate(k);
    ix
}

/// Builds the model of a family, size and seed.
pub fn generate(family: Family, size: Size, seed: u64) -> ModelFile {
    match family {
        Family::Theatre => theatre(size, seed),
        Family::Facility => facility(size, seed),
        Family::NetworkDesign => network_design(size, seed),
    }
}

/// The model as YAML text with a comment header. Fields left at their defaults are omitted.
pub fn render(family: Family, size: Size, seed: u64) -> String {
    let model = generate(family, size, seed);
    let yaml = serde_yaml::to_string(&model).expect("a model serializes");
    let mut out = format!(
        "# Synthetic {} instance, size {}, seed {}: hubplan generate {} --size {} --seed {}\n\
         # Every number is synthetic, not a real order of battle or network.\n",
        family.as_str(),
        size.as_str(),
        seed,
        family.as_str(),
        size.as_str(),
        seed
    );
    for line in yaml.lines() {
        let t = line.trim_start();
        let default = !t.starts_with("- ")
            && (t.ends_with(": null") || t.ends_with(": []") || t.ends_with(": {}"));
        if !default {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

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

fn theatre(size: Size, seed: u64) -> ModelFile {
    let z = theatre_size(size);
    let mut rng = Rng::new(seed);
    let h = z.horizon;

    // Resources: personnel, protected munitions, then supplies and equipment classes.
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
    let resources: Vec<ResourceSpec> = catalogue[..z.resources]
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
        .collect();

    // Nations and caveats.
    let nations: Vec<NationSpec> = (0..z.nations)
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
        .collect();

    // Nodes.
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
    let total_t_estimate = (z.sectors as f64) * (z.resources as f64) * 60.0;
    let borders: Vec<NodeSpec> = (0..z.borders)
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
        .collect();
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
    let hubs: Vec<NodeSpec> = (0..z.hubs)
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
        .collect();
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

    // Routes.
    let mut routes: Vec<RouteSpec> = Vec::new();
    let mut national_roads: Vec<String> = Vec::new();
    let shift = rng.index(borders.len());
    for (i, os) in origins.iter().enumerate() {
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
                let mut r = route(&o.id, &port.id, Mode::Sea, 3);
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
    for b in &borders {
        for (n, c) in nearest(b, &cities, 2).into_iter().enumerate() {
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
    for c in nearest(&port, &cities, 2) {
        let mut r = route(&port.id, &cities[c].id, Mode::Road, 1);
        r.cost_per_tkm = Some(rng.real(0.1, 0.2));
        routes.push(r);
    }
    // Every hub is reached from its nearest cities by a same-day road.
    for hb in &hubs {
        for c in nearest(hb, &cities, 2) {
            let mut r = route(&cities[c].id, &hb.id, Mode::Road, 0);
            r.cost_per_tkm = Some(rng.real(0.1, 0.2));
            routes.push(r);
        }
    }
    // Every sector is supplied from its nearest hubs and from the nearest hub protected enough
    // for munitions.
    let protected: Vec<NodeSpec> = hubs
        .iter()
        .filter(|n| n.hub.as_ref().and_then(|h| h.protection).unwrap_or(0) >= 2)
        .cloned()
        .collect();
    for s in &sectors {
        let mut near = nearest(s, &hubs, 3.min(hubs.len()));
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
    let mut seen = BTreeSet::new();
    routes.retain(|r| seen.insert(r.id.clone()));

    // Fleets: a coalition pool per mode and one nation's own lorries.
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

    // Demands: most sectors need most resources; a few hard fuel demands in the home country.
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

    // Supplies: every nation offers every resource; in all 1.5 times the demand.
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

    // Monitoring: drones and sensor teams based at hubs, satellite taskings per sector.
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

    let mut nodes: Vec<NodeSpec> = origins.into_iter().flatten().collect();
    nodes.extend(borders);
    nodes.push(port);
    nodes.extend(cities);
    nodes.extend(hubs);
    nodes.extend(sectors);

    ModelFile {
        name: Some(format!("theatre-{}-{seed}", size.as_str())),
        description: Some("Synthetic coalition theatre from hubplan generate.".into()),
        horizon_days: h,
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
        nodes,
        routes,
        fleets,
        supplies,
        demands,
        monitoring: Some(MonitoringSpec { assets, coverage }),
        ..ModelFile::default()
    }
}

fn facility(size: Size, seed: u64) -> ModelFile {
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
    let mut routes = Vec::new();
    for hb in &hubs {
        let mut r = route(&depot.id, &hb.id, Mode::Road, 0);
        r.id = format!("depot-{}", hb.id);
        r.distance_km = Some(1.0);
        routes.push(r);
    }
    for hb in &hubs {
        for s in &sectors {
            let mut r = route(&hb.id, &s.id, Mode::Road, 0);
            r.id = format!("{}-{}", hb.id, s.id);
            r.distance_km = Some(1.0);
            r.cost_per_tkm = Some(r2(dist(hb, s) / 5.0));
            routes.push(r);
        }
    }
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

fn network_design(size: Size, seed: u64) -> ModelFile {
    // (origins, transit nodes, sectors, commodities, extra arcs per transit node)
    let (no, nt, ns, nk, extra) = match size {
        Size::Tiny => (2, 3, 2, 3, 1),
        Size::Small => (3, 5, 3, 6, 1),
        Size::Medium => (4, 8, 4, 12, 2),
        Size::Large => (6, 12, 6, 24, 2),
        Size::Xl => (10, 25, 10, 60, 3),
    };
    let classes: [(&str, f64, f64); 3] = [
        ("light", 60.0, 1.0),
        ("medium", 150.0, 2.0),
        ("heavy", 400.0, 3.5),
    ];
    let mut rng = Rng::new(seed);
    let origins: Vec<NodeSpec> = (0..no)
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
    let mut lons: Vec<f64> = (0..nt).map(|_| rng.real(23.0, 30.0)).collect();
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
    let sectors: Vec<NodeSpec> = (0..ns)
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
    let mut class_routes: Vec<Vec<String>> = vec![Vec::new(); classes.len()];
    let mut routes: Vec<RouteSpec> = Vec::new();
    let mut seen = BTreeSet::new();
    let mut add = |a: &NodeSpec, b: &NodeSpec, class: usize, rng: &mut Rng| {
        let id = format!("{}-{}", a.id, b.id);
        if !seen.insert(id.clone()) {
            return;
        }
        let d = dist(a, b).max(1.0).round();
        let (_, cap, scale) = classes[class];
        let mut r = route(&a.id, &b.id, Mode::Road, 0);
        r.id = id.clone();
        r.distance_km = Some(d);
        r.max_trips_per_day = Some(1);
        r.cost_per_trip = Some(r2(d * scale * rng.real(8.0, 12.0)));
        r.cost_per_tkm = Some(rng.real(0.01, 0.05));
        routes.push(r);
        let _ = cap;
        class_routes[class].push(id);
    };
    // Backbone: each origin to its two nearest transit nodes, each transit node to its nearest
    // neighbours (both ways), each transit node to its nearest sector.
    for o in &origins {
        for t in nearest(o, &transit, 2) {
            let c = rng.index(3);
            add(o, &transit[t], c, &mut rng);
        }
    }
    for (i, t) in transit.iter().enumerate() {
        let east: Vec<NodeSpec> = transit[i + 1..].to_vec();
        for j in nearest(t, &east, extra + 1) {
            let c = rng.index(3);
            add(t, &east[j], c, &mut rng);
        }
        for s in nearest(t, &sectors, 1) {
            let c = rng.index(3);
            add(t, &sectors[s], c, &mut rng);
        }
    }
    // Commodities: distinct origin-destination pairs; each gets a direct heavy arc too (costly,
    // long), which keeps every instance feasible.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    while pairs.len() < nk.min(no * ns) {
        let p = (rng.index(no), rng.index(ns));
        if !pairs.contains(&p) {
            pairs.push(p);
        }
    }
    let mut resources = Vec::new();
    let mut supplies = Vec::new();
    let mut demands = Vec::new();
    for (k, &(o, s)) in pairs.iter().enumerate() {
        let id = format!("k{}", k + 1);
        add(&origins[o], &sectors[s], 2, &mut rng);
        let q = (rng.int(2, 12) * 5) as f64;
        resources.push(resource(
            &id,
            ResourceKind::Supplies,
            "tonnes",
            1.0,
            "equipment",
        ));
        supplies.push(SupplySpec {
            nation: "xx".into(),
            resource: id.clone(),
            origin: origins[o].id.clone(),
            quantity: q,
            available_day: None,
        });
        let mut d = demand(format!("{}/{id}", sectors[s].id), &sectors[s].id, &id, q);
        d.hard = Some(true);
        demands.push(d);
    }
    let fleets: Vec<FleetSpec> = classes
        .iter()
        .zip(class_routes)
        .filter(|(_, rs)| !rs.is_empty())
        .map(|(&(name, cap, _), rs)| {
            let mut f = fleet(name, Mode::Road, rs.len() as i64, cap);
            f.round_trip_days = Some(1);
            f.routes = Some(rs);
            f
        })
        .collect();
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
        resources,
        nations: vec![NationSpec {
            id: "xx".into(),
            name: None,
            caveats: Vec::new(),
        }],
        nodes,
        routes,
        fleets,
        supplies,
        demands,
        ..ModelFile::default()
    }
}

/// The naive variable count's main inputs, computed from the file without validating it:
/// Σ fleets |routes served| × commodities × days + nodes × commodities × days (a lower bound on
/// the formulation's `naive_variables`, which also counts trips, handling, deliveries, ...).
pub fn naive_estimate(m: &ModelFile) -> usize {
    let days = m.horizon_days.max(0) as usize;
    let commodities: BTreeSet<(&str, &str)> = m
        .supplies
        .iter()
        .map(|s| (s.nation.as_str(), s.resource.as_str()))
        .collect();
    let fleet_routes: usize = m
        .fleets
        .iter()
        .map(|f| match &f.routes {
            Some(rs) => rs.len(),
            None => m.routes.iter().filter(|r| r.mode == f.mode).count(),
        })
        .sum();
    (fleet_routes + m.nodes.len()) * commodities.len() * days
}
