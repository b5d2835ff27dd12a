//! The validated model: domain types with references resolved to indices, defaults applied and
//! every number checked. Built only by [`crate::validate`]; everything downstream (network,
//! formulation, checker) reads this and never the raw file.
//!
//! The rules that give the model its meaning and that both the formulation and the checker apply
//! (caveats, weights, round trips, hub operating days) live here as methods, so that there is one
//! statement of each.

use crate::format::{AssetKind, Mode, NodeKind, ResourceKind};

/// Index of a node in [`Model::nodes`].
pub type NodeIx = usize;
/// Index of a resource in [`Model::resources`].
pub type ResIx = usize;
/// Index of a nation in [`Model::nations`].
pub type NationIx = usize;
/// Index of a route in [`Model::routes`].
pub type RouteIx = usize;
/// Index of a fleet in [`Model::fleets`].
pub type FleetIx = usize;

/// A validated model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Model name.
    pub name: String,
    /// Number of periods; days are `0..horizon`.
    pub horizon: usize,
    /// Length of a period in days.
    pub period_days: f64,
    /// Storage classes.
    pub storage_classes: Vec<StorageClass>,
    /// Resources.
    pub resources: Vec<Resource>,
    /// Nations.
    pub nations: Vec<Nation>,
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Routes.
    pub routes: Vec<Route>,
    /// Fleets.
    pub fleets: Vec<Fleet>,
    /// Supplies.
    pub supplies: Vec<Supply>,
    /// Demands.
    pub demands: Vec<Demand>,
    /// Monitoring asset types.
    pub assets: Vec<Asset>,
    /// Coverage requirements.
    pub coverage: Vec<Coverage>,
    /// Objective weights.
    pub weights: Weights,
}

/// A storage class.
#[derive(Debug, Clone)]
pub struct StorageClass {
    /// Id.
    pub id: String,
    /// Unit of capacity.
    pub unit: String,
}

/// A resource class.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Id.
    pub id: String,
    /// Readable name.
    pub name: String,
    /// Kind.
    pub kind: ResourceKind,
    /// Unit of quantities.
    pub unit: String,
    /// Lift weight per unit, tonnes, indexed by [`mode_ix`].
    pub weight_t: [f64; 4],
    /// Weight per unit, tonnes, without mode overrides: what transit-node handling counts.
    pub base_weight_t: f64,
    /// Storage class index.
    pub storage: usize,
    /// Storage used per unit.
    pub storage_per_unit: f64,
    /// Minimum hub protection level.
    pub protection: u8,
}

/// A nation.
#[derive(Debug, Clone)]
pub struct Nation {
    /// Id.
    pub id: String,
    /// Readable name.
    pub name: String,
    /// Caveats.
    pub caveats: Vec<Caveat>,
}

/// A resolved caveat.
#[derive(Debug, Clone)]
pub struct Caveat {
    /// Readable statement.
    pub note: String,
    /// Resources covered (`applies[r]`); all true when the caveat names none.
    pub applies: Vec<bool>,
    /// Whether the caveat also covers the nation's monitoring assets (it names no resources, or
    /// names the kind `equipment`).
    pub applies_to_assets: bool,
    /// Forbidden countries.
    pub countries: Vec<String>,
    /// Forbidden nodes.
    pub nodes: Vec<NodeIx>,
    /// Forbidden modes.
    pub modes: Vec<Mode>,
}

/// Handling at a transit node.
#[derive(Debug, Clone, Copy)]
pub struct Handling {
    /// Tonnes per day.
    pub t_per_day: f64,
    /// Days from arrival to readiness.
    pub days: usize,
}

/// A hub candidate.
#[derive(Debug, Clone)]
pub struct Hub {
    /// Capacity per storage class (0 where none).
    pub capacity: Vec<f64>,
    /// Protection level.
    pub protection: u8,
    /// One-off opening cost.
    pub opening_cost: f64,
    /// Cost per operational day.
    pub daily_cost: f64,
    /// Earliest day set-up may start.
    pub earliest_open_day: usize,
    /// Set-up days.
    pub setup_days: usize,
    /// Forced open or closed.
    pub fixed: Option<bool>,
}

impl Hub {
    /// First day the hub can be operational.
    pub fn first_operational_day(&self) -> usize {
        self.earliest_open_day + self.setup_days
    }
}

/// A node.
#[derive(Debug, Clone)]
pub struct Node {
    /// Id.
    pub id: String,
    /// Readable name.
    pub name: String,
    /// Kind.
    pub kind: NodeKind,
    /// Country code.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Handling, for transit nodes that have it.
    pub handling: Option<Handling>,
    /// Hub data, for hub candidates.
    pub hub: Option<Hub>,
}

/// A route (arc).
#[derive(Debug, Clone)]
pub struct Route {
    /// Id.
    pub id: String,
    /// Tail node.
    pub from: NodeIx,
    /// Head node.
    pub to: NodeIx,
    /// Mode.
    pub mode: Mode,
    /// Distance, km.
    pub distance_km: f64,
    /// Transit periods.
    pub transit: usize,
    /// Most trips per day over all fleets.
    pub max_trips: Option<u32>,
    /// Cost per trip.
    pub cost_per_trip: f64,
    /// Cost per tonne-km.
    pub cost_per_tkm: f64,
    /// Threat 0..1.
    pub threat: f64,
    /// `closed[t]`: no departures on day t.
    pub closed: Vec<bool>,
}

impl Route {
    /// Whether departures are possible on day `t` (open, and arriving within the horizon).
    pub fn departs(&self, t: usize, horizon: usize) -> bool {
        t + self.transit < horizon && !self.closed[t]
    }

    /// Cost of one tonne on this route: tonne-km cost times distance.
    pub fn cost_per_t(&self) -> f64 {
        self.cost_per_tkm * self.distance_km
    }
}

/// A fleet.
#[derive(Debug, Clone)]
pub struct Fleet {
    /// Id.
    pub id: String,
    /// Mode.
    pub mode: Mode,
    /// Nation restriction.
    pub nation: Option<NationIx>,
    /// Vehicles.
    pub vehicles: u32,
    /// Tonnes per vehicle trip.
    pub capacity_t: f64,
    /// Explicit round-trip days.
    pub round_trip_days: Option<usize>,
    /// Routes served.
    pub routes: Vec<RouteIx>,
}

/// A supply.
#[derive(Debug, Clone)]
pub struct Supply {
    /// Nation.
    pub nation: NationIx,
    /// Resource.
    pub resource: ResIx,
    /// Origin node.
    pub origin: NodeIx,
    /// Quantity.
    pub quantity: f64,
    /// Day available.
    pub day: usize,
}

/// A demand.
#[derive(Debug, Clone)]
pub struct Demand {
    /// Id.
    pub id: String,
    /// Node.
    pub node: NodeIx,
    /// Resource.
    pub resource: ResIx,
    /// Quantity.
    pub quantity: f64,
    /// First day deliveries count.
    pub earliest: usize,
    /// Due day.
    pub due: usize,
    /// Priority weight.
    pub priority: f64,
    /// Hard: in full by the due day.
    pub hard: bool,
}

impl Demand {
    /// Last day a delivery may be made: the due day for hard demands, else the last day.
    pub fn last_day(&self, horizon: usize) -> usize {
        if self.hard {
            self.due
        } else {
            horizon - 1
        }
    }

    /// Days late for a delivery on day `t`.
    pub fn days_late(&self, t: usize) -> usize {
        t.saturating_sub(self.due)
    }
}

/// A monitoring asset type.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: AssetKind,
    /// Owner nation.
    pub owner: NationIx,
    /// Count.
    pub count: u32,
    /// Range, km; `None` = tasked per sector.
    pub range_km: Option<f64>,
    /// Minimum hub protection.
    pub protection: u8,
}

/// A coverage requirement.
#[derive(Debug, Clone)]
pub struct Coverage {
    /// Sector node.
    pub sector: NodeIx,
    /// Asset index.
    pub asset: usize,
    /// Required count.
    pub required: u32,
    /// Hard requirement.
    pub hard: bool,
}

/// Objective weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Money.
    pub cost: f64,
    /// Per unit-day late.
    pub lateness: f64,
    /// Per unit short.
    pub shortfall: f64,
    /// Per tonne x threat.
    pub risk: f64,
    /// Per missing asset coverage.
    pub coverage_shortfall: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            cost: 1.0,
            lateness: 1_000.0,
            shortfall: 1_000_000.0,
            risk: 100.0,
            coverage_shortfall: 10_000_000.0,
        }
    }
}

/// Position of a mode in per-mode arrays.
pub fn mode_ix(m: Mode) -> usize {
    match m {
        Mode::Road => 0,
        Mode::Rail => 1,
        Mode::Air => 2,
        Mode::Sea => 3,
    }
}

/// Great-circle distance in km (haversine, mean Earth radius 6371 km).
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

impl Model {
    /// Index of the node with this id.
    pub fn node_ix(&self, id: &str) -> Option<NodeIx> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// Index of the resource with this id.
    pub fn resource_ix(&self, id: &str) -> Option<ResIx> {
        self.resources.iter().position(|r| r.id == id)
    }

    /// Index of the nation with this id.
    pub fn nation_ix(&self, id: &str) -> Option<NationIx> {
        self.nations.iter().position(|n| n.id == id)
    }

    /// Lift weight in tonnes of one unit of `r` moved by `mode`.
    pub fn weight(&self, r: ResIx, mode: Mode) -> f64 {
        self.resources[r].weight_t[mode_ix(mode)]
    }

    /// Days a vehicle of fleet `f` is tied up by one trip on route `a`.
    pub fn round_trip(&self, f: FleetIx, a: RouteIx) -> usize {
        self.fleets[f]
            .round_trip_days
            .unwrap_or_else(|| (2 * self.routes[a].transit).max(1))
    }

    /// Whether nation `n`'s resource `r` may be at node `v` (caveats by country and node).
    pub fn may_enter(&self, n: NationIx, r: ResIx, v: NodeIx) -> bool {
        let node = &self.nodes[v];
        self.nations[n]
            .caveats
            .iter()
            .filter(|c| c.applies[r])
            .all(|c| !c.nodes.contains(&v) && !c.countries.contains(&node.country))
    }

    /// Whether nation `n`'s resource `r` may travel on route `a` (mode and both ends).
    pub fn may_use_route(&self, n: NationIx, r: ResIx, a: RouteIx) -> bool {
        let route = &self.routes[a];
        self.may_enter(n, r, route.from)
            && self.may_enter(n, r, route.to)
            && self.nations[n]
                .caveats
                .iter()
                .filter(|c| c.applies[r])
                .all(|c| !c.modes.contains(&route.mode))
    }

    /// Whether fleet `f` may carry nation `n`'s cargo.
    pub fn fleet_carries(&self, f: FleetIx, n: NationIx) -> bool {
        self.fleets[f].nation.is_none_or(|m| m == n)
    }

    /// Whether nation `n`'s resource `r` may be stocked at node `v`: caveats allow it and, at a
    /// hub, its protection level is high enough.
    pub fn may_stock(&self, n: NationIx, r: ResIx, v: NodeIx) -> bool {
        self.may_enter(n, r, v)
            && self.nodes[v]
                .hub
                .as_ref()
                .is_none_or(|h| h.protection >= self.resources[r].protection)
    }

    /// Whether asset type `q` may be based at hub node `h`: the hub's protection and the owner's
    /// caveats that cover assets allow it.
    pub fn may_base(&self, q: usize, h: NodeIx) -> bool {
        let asset = &self.assets[q];
        let node = &self.nodes[h];
        let Some(hub) = &node.hub else { return false };
        asset.range_km.is_some()
            && hub.protection >= asset.protection
            && self.nations[asset.owner]
                .caveats
                .iter()
                .filter(|c| c.applies_to_assets)
                .all(|c| !c.nodes.contains(&h) && !c.countries.contains(&node.country))
    }

    /// Whether an asset of type `q` based at hub `h` covers sector `j`.
    pub fn covers(&self, q: usize, h: NodeIx, j: NodeIx) -> bool {
        match self.assets[q].range_km {
            Some(range) => self.node_distance_km(h, j) <= range + 1e-9,
            None => false,
        }
    }

    /// Great-circle distance between two nodes.
    pub fn node_distance_km(&self, a: NodeIx, b: NodeIx) -> f64 {
        let (x, y) = (&self.nodes[a], &self.nodes[b]);
        great_circle_km(x.lat, x.lon, y.lat, y.lon)
    }

    /// Indices of hub candidates.
    pub fn hubs(&self) -> impl Iterator<Item = NodeIx> + '_ {
        (0..self.nodes.len()).filter(|&v| self.nodes[v].hub.is_some())
    }

    /// The model cut after its first `horizon` days (at least 1, at most this model's
    /// horizon), for planning a prefix of the horizon (the rolling horizon of
    /// [`crate::solve`]): the supplies available in those days, the demands due in them, each
    /// made soft (a prefix may not reach a hard demand that the whole plan can), the routes'
    /// closed days among them, and no coverage requirement (coverage is counted on the last
    /// day, which a prefix does not reach). Everything else (nodes, routes, fleets, resources,
    /// nations, assets, weights) is unchanged, so every id means the same in both models.
    pub fn truncated(&self, horizon: usize) -> Model {
        let horizon = horizon.clamp(1, self.horizon.max(1));
        let mut m = self.clone();
        m.horizon = horizon;
        m.supplies.retain(|s| s.day < horizon);
        m.demands.retain(|d| d.due < horizon);
        for d in &mut m.demands {
            d.hard = false;
        }
        for r in &mut m.routes {
            r.closed.truncate(horizon);
        }
        m.coverage.clear();
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_matches_known_distance() {
        // Przemysl -> Lviv is about 84 km as the crow flies.
        let d = great_circle_km(49.78, 22.77, 49.84, 24.03);
        assert!((d - 90.6).abs() < 2.0, "{d}");
        assert_eq!(great_circle_km(1.0, 2.0, 1.0, 2.0), 0.0);
    }
}
