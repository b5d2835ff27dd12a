//! A seeded generator of random small models that cover every feature of the format: origins,
//! transit nodes with and without handling, hubs with several storage classes, protection,
//! set-up and fixed decisions, road and rail routes with closed days, throughput limits and
//! default or explicit transit, pooled and national fleets, caveats by country, node and mode,
//! supplies on several days, soft and hard demands (also at hubs) and monitoring by ranged and
//! tasked assets with soft and hard coverage. Models stay small so that each solves quickly.

use std::fmt::Write as _;

/// SplitMix64: small, seedable and the same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_F42D_4C95_7F2D)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn int(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// Uniform in `[lo, hi]`, rounded to `step`.
    pub fn num(&mut self, lo: f64, hi: f64, step: f64) -> f64 {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((lo + u * (hi - lo)) / step).round() * step
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.int(0, items.len() - 1)]
    }
}

/// Writes a number as YAML (whole numbers without a fraction).
fn n(x: f64) -> String {
    if x == x.round() {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// What a generated model contains, for the assertions of the property tests.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The model as YAML.
    pub yaml: String,
    /// Whether any demand or coverage requirement is hard (only then may it be infeasible).
    pub has_hard: bool,
}

/// A random small model from `seed`.
pub fn random_model(seed: u64) -> Generated {
    let mut g = Rng::new(seed);
    let h = g.int(4, 6);
    let mut y = String::new();
    let mut has_hard = false;
    writeln!(y, "name: random-{seed}").unwrap();
    writeln!(y, "horizon_days: {h}").unwrap();
    if g.chance(0.3) {
        writeln!(y, "modes:\n  road: {{km_per_day: {}}}", g.int(150, 400)).unwrap();
    }
    y.push_str("storage_classes:\n  - {id: beds, unit: persons}\n  - {id: bays, unit: bays}\n");

    // Resources: personnel (lighter by rail), equipment, protected munitions.
    y.push_str("resources:\n");
    writeln!(
        y,
        "  - {{id: inf, kind: personnel, unit: persons, weight_t: 0.1{}, storage: beds}}",
        if g.chance(0.5) {
            ", weight_t_by_mode: {rail: 0.08}"
        } else {
            ""
        }
    )
    .unwrap();
    writeln!(
        y,
        "  - {{id: veh, kind: equipment, unit: vehicles, weight_t: {}, storage: bays, storage_per_unit: {}}}",
        g.int(5, 15),
        g.int(1, 2)
    )
    .unwrap();
    writeln!(
        y,
        "  - {{id: ammo, kind: munitions, unit: tonnes, weight_t: 1, storage: bays, storage_per_unit: 0.5, protection: {}}}",
        g.int(0, 2)
    )
    .unwrap();
    let resources = ["inf", "veh", "ammo"];

    // Nations and caveats.
    y.push_str("nations:\n  - id: AA\n");
    if g.chance(0.5) {
        y.push_str("    caveats:\n      - {note: no troops forward, applies_to: [personnel], forbid_countries: [ZZ]}\n");
    }
    y.push_str("  - id: BB\n");
    if g.chance(0.5) {
        let node = *g.pick(&["h1", "h2", "t1", "s2"]);
        writeln!(
            y,
            "    caveats:\n      - {{note: not at {node}, forbid_nodes: [{node}]}}"
        )
        .unwrap();
    }
    y.push_str("  - id: CC\n");
    if g.chance(0.5) {
        y.push_str("    caveats:\n      - {note: no equipment by rail, applies_to: [equipment], forbid_modes: [rail]}\n");
    }

    // Nodes.
    y.push_str("nodes:\n");
    y.push_str("  - {id: o1, kind: origin, country: XX, lat: 50.0, lon: 19.0}\n");
    y.push_str("  - {id: o2, kind: origin, country: XX, lat: 50.6, lon: 19.2}\n");
    let mut handling = String::new();
    if g.chance(0.6) {
        write!(handling, ", handling_t_per_day: {}", g.int(20, 120)).unwrap();
    }
    if handling.is_empty() || g.chance(0.6) {
        write!(handling, ", handling_days: {}", g.int(0, 1)).unwrap();
    }
    writeln!(
        y,
        "  - {{id: t1, kind: transit, country: YY, lat: 50.2, lon: 20.5{handling}}}"
    )
    .unwrap();
    y.push_str("  - {id: t2, kind: transit, country: YY, lat: 50.5, lon: 20.7}\n");
    for (id, lat, lon) in [("h1", 50.1, 22.0), ("h2", 50.7, 22.3)] {
        writeln!(y, "  - id: {id}\n    kind: hub\n    country: ZZ\n    lat: {lat}\n    lon: {lon}\n    hub:").unwrap();
        let beds = if g.chance(0.8) { g.int(20, 200) } else { 0 };
        let bays = g.int(5, 60);
        if beds > 0 {
            writeln!(y, "      capacity: {{beds: {beds}, bays: {bays}}}").unwrap();
        } else {
            writeln!(y, "      capacity: {{bays: {bays}}}").unwrap();
        }
        writeln!(y, "      protection: {}", g.int(1, 3)).unwrap();
        writeln!(y, "      opening_cost: {}", g.int(0, 5) * 1000).unwrap();
        writeln!(y, "      daily_cost: {}", g.int(0, 4) * 100).unwrap();
        if g.chance(0.4) {
            writeln!(y, "      earliest_open_day: {}", g.int(0, 1)).unwrap();
        }
        if g.chance(0.5) {
            writeln!(y, "      setup_days: {}", g.int(1, 2)).unwrap();
        }
        if g.chance(0.15) {
            writeln!(y, "      fixed: {}", g.chance(0.6)).unwrap();
        }
    }
    y.push_str("  - {id: s1, kind: sector, country: ZZ, lat: 50.3, lon: 22.8}\n");
    y.push_str("  - {id: s2, kind: sector, country: ZZ, lat: 50.9, lon: 23.1}\n");

    // Routes: a layered network (no same-day cycles possible).
    let candidates = [
        ("o1", "t1", "rail"),
        ("o2", "t1", "road"),
        ("o1", "t2", "road"),
        ("o2", "t2", "rail"),
        ("t1", "h1", "rail"),
        ("t1", "h2", "road"),
        ("t2", "h1", "road"),
        ("t2", "s1", "road"),
        ("o2", "h2", "road"),
        ("h1", "s1", "road"),
        ("h1", "s2", "road"),
        ("h2", "s1", "road"),
        ("h2", "s2", "road"),
        ("o1", "s2", "road"),
    ];
    y.push_str("routes:\n");
    let mut road_routes = Vec::new();
    for (from, to, mode) in candidates {
        if !g.chance(0.8) {
            continue;
        }
        let id = format!("{from}-{to}");
        let mut r = format!("  - {{id: {id}, from: {from}, to: {to}, mode: {mode}");
        if g.chance(0.7) {
            write!(
                r,
                ", distance_km: {}, transit_days: {}",
                g.int(30, 300),
                g.int(0, 2)
            )
            .unwrap();
        }
        if g.chance(0.25) {
            write!(r, ", max_trips_per_day: {}", g.int(1, 3)).unwrap();
        }
        write!(
            r,
            ", cost_per_trip: {}, cost_per_tkm: {}, threat: {}",
            g.int(0, 5) * 100,
            n(g.num(0.0, 0.5, 0.05)),
            n(g.num(0.0, 0.4, 0.1))
        )
        .unwrap();
        if g.chance(0.3) {
            write!(r, ", closed_days: [{}]", g.int(0, h - 1)).unwrap();
        }
        r.push_str("}\n");
        y.push_str(&r);
        if mode == "road" {
            road_routes.push(id);
        }
    }

    // Fleets: a pooled road fleet, a rail fleet (sometimes national), a national road fleet
    // on some routes.
    y.push_str("fleets:\n");
    write!(
        y,
        "  - {{id: trucks, mode: road, vehicles: {}, capacity_t: {}",
        g.int(2, 6),
        g.int(10, 40)
    )
    .unwrap();
    if g.chance(0.4) {
        write!(y, ", round_trip_days: {}", g.int(1, 3)).unwrap();
    }
    y.push_str("}\n");
    write!(
        y,
        "  - {{id: trains, mode: rail, vehicles: {}, capacity_t: {}",
        g.int(1, 2),
        g.int(60, 300)
    )
    .unwrap();
    if g.chance(0.4) {
        y.push_str(", nation: AA");
    }
    y.push_str("}\n");
    if g.chance(0.5) && !road_routes.is_empty() {
        let served: Vec<&str> = road_routes
            .iter()
            .filter(|_| g.chance(0.5))
            .map(|s| s.as_str())
            .collect();
        if !served.is_empty() {
            writeln!(
                y,
                "  - {{id: bb_trucks, mode: road, nation: BB, vehicles: {}, capacity_t: {}, routes: [{}]}}",
                g.int(1, 3),
                g.int(10, 30),
                served.join(", ")
            )
            .unwrap();
        }
    }

    // Supplies.
    y.push_str("supplies:\n");
    for nation in ["AA", "BB", "CC"] {
        for _ in 0..g.int(1, 2) {
            let res = *g.pick(&resources);
            let q = match res {
                "inf" => g.int(10, 120) as f64,
                "veh" => g.int(1, 6) as f64,
                _ => g.num(5.0, 40.0, 0.5),
            };
            let mut s = format!(
                "  - {{nation: {nation}, resource: {res}, origin: {}, quantity: {}",
                g.pick(&["o1", "o2"]),
                n(q)
            );
            if g.chance(0.4) {
                write!(s, ", available_day: {}", g.int(0, 1)).unwrap();
            }
            s.push_str("}\n");
            y.push_str(&s);
        }
    }

    // Demands.
    y.push_str("demands:\n");
    for _ in 0..g.int(1, 4) {
        let res = *g.pick(&resources);
        let q = match res {
            "inf" => g.int(5, 100) as f64,
            "veh" => g.int(1, 4) as f64,
            _ => g.num(2.0, 30.0, 0.5),
        };
        let earliest = g.int(0, 1);
        let hard = g.chance(0.1);
        // Hard demands get the whole horizon, so that most models stay feasible.
        let due = if hard {
            h - 1
        } else {
            g.int(earliest.max(1), h - 1)
        };
        let mut d = format!(
            "  - {{node: {}, resource: {res}, quantity: {}, due_day: {due}",
            g.pick(&["s1", "s1", "s2", "h1"]),
            n(q)
        );
        if earliest > 0 {
            write!(d, ", earliest_day: {earliest}").unwrap();
        }
        if g.chance(0.5) {
            write!(d, ", priority: {}", g.int(1, 3)).unwrap();
        }
        if hard {
            d.push_str(", hard: true");
            has_hard = true;
        }
        d.push_str("}\n");
        y.push_str(&d);
    }

    // Monitoring.
    if g.chance(0.7) {
        y.push_str("monitoring:\n  assets:\n");
        writeln!(
            y,
            "    - {{id: drones, kind: drone, owner: {}, count: {}, range_km: {}, protection: {}}}",
            g.pick(&["AA", "BB", "CC"]),
            g.int(1, 3),
            g.int(40, 150),
            g.int(0, 2)
        )
        .unwrap();
        writeln!(
            y,
            "    - {{id: sat, kind: satellite, owner: AA, count: {}}}",
            g.int(0, 2)
        )
        .unwrap();
        y.push_str("  coverage:\n");
        let hard = g.chance(0.15);
        has_hard |= hard;
        writeln!(
            y,
            "    - {{sector: s1, asset: drones, required: {}{}}}",
            g.int(1, 2),
            if hard { ", hard: true" } else { "" }
        )
        .unwrap();
        if g.chance(0.5) {
            writeln!(y, "    - {{sector: s2, asset: drones, required: 1}}").unwrap();
        }
        writeln!(
            y,
            "    - {{sector: s2, asset: sat, required: {}}}",
            g.int(1, 2)
        )
        .unwrap();
        if g.chance(0.4) {
            writeln!(y, "    - {{sector: s1, asset: sat, required: 1}}").unwrap();
        }
    }

    // Objective weights: sometimes cheap shortfall, so that trade-offs are real.
    if g.chance(0.4) {
        writeln!(
            y,
            "objective: {{cost: 1, risk: {}, lateness: {}, shortfall: {}, coverage_shortfall: {}}}",
            g.int(0, 100),
            g.int(10, 1000),
            g.int(100, 5000),
            g.int(1000, 100000)
        )
        .unwrap();
    }
    Generated { yaml: y, has_hard }
}
