//! The model file format: the YAML types a planner writes, exactly as serde reads them.
//!
//! Nothing here is checked beyond its shape; [`crate::validate`] turns a [`ModelFile`] into a
//! validated [`crate::model::Model`]. Every field is documented in `docs/model-format.md`, and the
//! JSON Schema printed by `hubplan schema` is derived from these types, so the doc comments below
//! are what a planner's editor shows.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A whole hubplan model: the top level of a model file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    /// Short name of the model, used in reports.
    #[serde(default)]
    pub name: Option<String>,
    /// Free text describing the model and where its numbers come from.
    #[serde(default)]
    pub description: Option<String>,
    /// Planning horizon in periods (days when `period_days` is 1). At least 1.
    pub horizon_days: i64,
    /// Length of one period in days (default 1). Transit times, set-up times and due days are
    /// counted in periods.
    #[serde(default)]
    pub period_days: Option<f64>,
    /// Per-mode defaults: detour factor and speed used to derive distances and transit times.
    #[serde(default)]
    pub modes: BTreeMap<Mode, ModeSettings>,
    /// Storage classes of hub capacity (e.g. beds, equipment bays, protected munitions storage).
    #[serde(default)]
    pub storage_classes: Vec<StorageClassSpec>,
    /// Personnel and equipment classes that are moved, stored and delivered.
    #[serde(default)]
    pub resources: Vec<ResourceSpec>,
    /// Contributing nations and their caveats.
    #[serde(default)]
    pub nations: Vec<NationSpec>,
    /// Places: origins, transit nodes, hub candidates and sectors.
    #[serde(default)]
    pub nodes: Vec<NodeSpec>,
    /// Directed routes between nodes, one mode each.
    #[serde(default)]
    pub routes: Vec<RouteSpec>,
    /// Lift pools: vehicles of one mode that fly, drive or sail routes.
    #[serde(default)]
    pub fleets: Vec<FleetSpec>,
    /// What each nation makes available, where and when.
    #[serde(default)]
    pub supplies: Vec<SupplySpec>,
    /// What must be delivered where, by when.
    #[serde(default)]
    pub demands: Vec<DemandSpec>,
    /// The monitoring mission: assets and the coverage each sector needs.
    #[serde(default)]
    pub monitoring: Option<MonitoringSpec>,
    /// Weights of the objective's parts.
    #[serde(default)]
    pub objective: Option<ObjectiveSpec>,
}

/// Transport mode of a route or fleet.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Road convoys (trucks, buses).
    Road,
    /// Rail (freight and troop trains).
    Rail,
    /// Airlift sorties.
    Air,
    /// Sailings (Ro-Ro, landing ships).
    Sea,
}

impl Mode {
    /// All modes, in a fixed order.
    pub const ALL: [Mode; 4] = [Mode::Road, Mode::Rail, Mode::Air, Mode::Sea];

    /// The lower-case name used in model files.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Road => "road",
            Mode::Rail => "rail",
            Mode::Air => "air",
            Mode::Sea => "sea",
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Defaults for one mode, used where a route leaves its distance or transit time out.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModeSettings {
    /// Route distance = great-circle distance x this factor (defaults: road 1.3, rail 1.3,
    /// air 1.0, sea 1.2).
    #[serde(default)]
    pub detour_factor: Option<f64>,
    /// Distance covered per day (defaults: road 350, rail 500, air 5000, sea 400 km).
    #[serde(default)]
    pub km_per_day: Option<f64>,
}

/// A class of hub storage with its own capacity (beds, equipment bays, protected storage).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StorageClassSpec {
    /// Identifier used by resources and hub capacities.
    pub id: String,
    /// Unit in which capacity is measured (e.g. beds, tonnes).
    #[serde(default)]
    pub unit: Option<String>,
}

/// Kind of a resource; caveats can name kinds instead of single resources.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// People: troops, trainers, staff.
    Personnel,
    /// Vehicles, weapon systems, sensors.
    Equipment,
    /// Ammunition and explosives.
    Munitions,
    /// Fuel, rations, spares and other consumables.
    Supplies,
}

impl ResourceKind {
    /// The lower-case name used in model files.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Personnel => "personnel",
            ResourceKind::Equipment => "equipment",
            ResourceKind::Munitions => "munitions",
            ResourceKind::Supplies => "supplies",
        }
    }
}

/// A personnel or equipment class.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceSpec {
    /// Identifier used by supplies, demands and caveats.
    pub id: String,
    /// Readable name.
    #[serde(default)]
    pub name: Option<String>,
    /// Personnel, equipment, munitions or supplies.
    pub kind: ResourceKind,
    /// Unit of quantities (persons, tonnes, systems, ...).
    pub unit: String,
    /// Lift weight of one unit in tonnes (personnel with kit: about 0.15).
    pub weight_t: f64,
    /// Per-mode lift weight overrides in tonnes per unit, e.g. `{air: 0.2}`.
    #[serde(default)]
    pub weight_t_by_mode: BTreeMap<Mode, f64>,
    /// Storage class this resource occupies at hubs.
    pub storage: String,
    /// Capacity of the storage class used by one unit (default 1).
    #[serde(default)]
    pub storage_per_unit: Option<f64>,
    /// Minimum hub protection level (0-3) needed to hold this resource (default 0).
    #[serde(default)]
    pub protection: Option<i64>,
}

/// A contributing nation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NationSpec {
    /// Identifier (e.g. an ISO code) used by supplies, fleets and monitoring assets.
    pub id: String,
    /// Readable name.
    #[serde(default)]
    pub name: Option<String>,
    /// Restrictions on where and how this nation's resources may go.
    #[serde(default)]
    pub caveats: Vec<CaveatSpec>,
}

/// One national caveat: the listed resources may not enter the listed countries or nodes, nor
/// travel by the listed modes.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaveatSpec {
    /// Readable statement of the caveat, echoed in reports.
    #[serde(default)]
    pub note: Option<String>,
    /// Resource ids or kinds (personnel, equipment, munitions, supplies) the caveat covers;
    /// empty means all of the nation's resources.
    #[serde(default)]
    pub applies_to: Vec<String>,
    /// Countries (as in nodes' `country`) these resources may not enter.
    #[serde(default)]
    pub forbid_countries: Vec<String>,
    /// Nodes these resources may not enter.
    #[serde(default)]
    pub forbid_nodes: Vec<String>,
    /// Modes these resources may not travel by.
    #[serde(default)]
    pub forbid_modes: Vec<Mode>,
}

/// Role of a node in the network.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// Where supplies start: depots, garrisons, air bases, ports of embarkation.
    Origin,
    /// Border crossings, railheads, ports and airfields on the way.
    Transit,
    /// A candidate protected hub that can be opened.
    Hub,
    /// A sector where demand is delivered and monitoring is needed.
    Sector,
}

impl NodeKind {
    /// The lower-case name used in model files.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Origin => "origin",
            NodeKind::Transit => "transit",
            NodeKind::Hub => "hub",
            NodeKind::Sector => "sector",
        }
    }
}

/// A place in the network.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeSpec {
    /// Identifier used by routes, supplies and demands.
    pub id: String,
    /// Readable name.
    #[serde(default)]
    pub name: Option<String>,
    /// Origin, transit, hub or sector.
    pub kind: NodeKind,
    /// Country code (e.g. UA, PL); caveats forbid countries by this code.
    pub country: String,
    /// Latitude in degrees (WGS84).
    pub lat: f64,
    /// Longitude in degrees (WGS84).
    pub lon: f64,
    /// Transit nodes: tonnes that can be handled (transshipped, cleared) per day. Absent means
    /// unlimited; all flow through a transit node with handling passes through it.
    #[serde(default)]
    pub handling_t_per_day: Option<f64>,
    /// Transit nodes: days between arrival and readiness for onward movement (default 0).
    #[serde(default)]
    pub handling_days: Option<i64>,
    /// Hub candidates: capacities, protection and costs.
    #[serde(default)]
    pub hub: Option<HubSpec>,
}

/// The hub part of a hub-candidate node.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HubSpec {
    /// Capacity per storage class, in the class's unit (e.g. `{beds: 2000, equipment: 4000}`).
    /// Classes left out have no capacity here.
    pub capacity: BTreeMap<String, f64>,
    /// Protection level: 1 basic perimeter, 2 hardened, 3 hardened with air defence.
    #[serde(default)]
    pub protection: Option<i64>,
    /// One-off cost of opening the hub (currency units, e.g. EUR).
    #[serde(default)]
    pub opening_cost: Option<f64>,
    /// Cost per day the hub is operational.
    #[serde(default)]
    pub daily_cost: Option<f64>,
    /// Earliest day set-up can start (default 0).
    #[serde(default)]
    pub earliest_open_day: Option<i64>,
    /// Days of set-up before the hub can hold stock (default 0).
    #[serde(default)]
    pub setup_days: Option<i64>,
    /// Force the hub open (`true`) or closed (`false`); absent lets the optimizer decide.
    #[serde(default)]
    pub fixed: Option<bool>,
}

/// A directed route from one node to another by one mode.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteSpec {
    /// Identifier used by fleets and in the schedule.
    pub id: String,
    /// Node the route leaves.
    pub from: String,
    /// Node the route reaches.
    pub to: String,
    /// Road, rail, air or sea.
    pub mode: Mode,
    /// Distance in km; absent means great-circle distance x the mode's detour factor.
    #[serde(default)]
    pub distance_km: Option<f64>,
    /// Whole days from departure to arrival (0 = same day); absent means
    /// ceil(distance / the mode's km per day), at least 1.
    #[serde(default)]
    pub transit_days: Option<i64>,
    /// Most vehicle trips (convoys, trains, sorties, sailings) that may depart per day, over all
    /// fleets; absent means limited by fleets only.
    #[serde(default)]
    pub max_trips_per_day: Option<i64>,
    /// Cost of one trip (currency units); with `max_trips_per_day: 1` it is a fixed charge.
    #[serde(default)]
    pub cost_per_trip: Option<f64>,
    /// Cost per tonne-km of cargo.
    #[serde(default)]
    pub cost_per_tkm: Option<f64>,
    /// Threat level 0-1; risk exposure = threat x tonnes moved.
    #[serde(default)]
    pub threat: Option<f64>,
    /// Days on which no trip may depart.
    #[serde(default)]
    pub closed_days: Vec<i64>,
}

/// A pool of vehicles of one mode.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FleetSpec {
    /// Identifier used in the schedule.
    pub id: String,
    /// Mode of every route the fleet serves.
    pub mode: Mode,
    /// Nation whose cargo alone the fleet carries; absent means any nation's cargo.
    #[serde(default)]
    pub nation: Option<String>,
    /// Number of vehicles (trucks, trains, aircraft, ships).
    pub vehicles: i64,
    /// Tonnes one vehicle carries per trip.
    pub capacity_t: f64,
    /// Days a vehicle is tied up by one trip, out and back; absent means
    /// max(1, 2 x the route's transit days).
    #[serde(default)]
    pub round_trip_days: Option<i64>,
    /// Routes the fleet serves; absent means every route of its mode.
    #[serde(default)]
    pub routes: Option<Vec<String>>,
}

/// Resources a nation makes available at an origin from a given day.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplySpec {
    /// Contributing nation.
    pub nation: String,
    /// Resource supplied.
    pub resource: String,
    /// Node where it becomes available.
    pub origin: String,
    /// Quantity in the resource's unit.
    pub quantity: f64,
    /// Day it becomes available (default 0).
    #[serde(default)]
    pub available_day: Option<i64>,
}

/// A requirement at a sector or hub.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandSpec {
    /// Identifier used in the schedule; default `<node>/<resource>`, numbered when repeated.
    #[serde(default)]
    pub id: Option<String>,
    /// Sector or hub where it is delivered.
    pub node: String,
    /// Resource required (any nation's).
    pub resource: String,
    /// Quantity in the resource's unit.
    pub quantity: f64,
    /// First day deliveries count (default 0).
    #[serde(default)]
    pub earliest_day: Option<i64>,
    /// Day by which the quantity is due (default: the last day of the horizon).
    #[serde(default)]
    pub due_day: Option<i64>,
    /// Weight multiplying this demand's lateness and shortfall (default 1).
    #[serde(default)]
    pub priority: Option<f64>,
    /// Hard demands must be delivered in full by the due day; soft ones (the default) may be
    /// late or short at a penalty.
    #[serde(default)]
    pub hard: Option<bool>,
}

/// The monitoring mission.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitoringSpec {
    /// Asset types with their counts.
    #[serde(default)]
    pub assets: Vec<AssetSpec>,
    /// Coverage each sector needs.
    #[serde(default)]
    pub coverage: Vec<CoverageSpec>,
}

/// Kind of monitoring asset.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AssetKind {
    /// Drones flown from a hub.
    Drone,
    /// Ground sensor teams based at a hub.
    SensorTeam,
    /// Satellite tasking: no range, a daily quota.
    Satellite,
}

/// A type of monitoring asset.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssetSpec {
    /// Identifier used by coverage requirements.
    pub id: String,
    /// Drone, sensor team or satellite.
    pub kind: AssetKind,
    /// Owning nation; its caveats on `equipment` (or on all resources) apply to where the asset
    /// may be based.
    pub owner: String,
    /// Number of assets (for satellites: taskings per day).
    pub count: i64,
    /// Range from the hub where it is based, km; absent means unlimited (tasked per sector, not
    /// based at a hub).
    #[serde(default)]
    pub range_km: Option<f64>,
    /// Minimum hub protection level to base it (default 0).
    #[serde(default)]
    pub protection: Option<i64>,
}

/// Coverage a sector needs from one asset type.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverageSpec {
    /// Sector node to be covered.
    pub sector: String,
    /// Asset type.
    pub asset: String,
    /// Number of assets that must be in range (or tasked to it).
    pub required: i64,
    /// Hard coverage must be met; soft (default) is penalised when short.
    #[serde(default)]
    pub hard: Option<bool>,
}

/// Weights of the objective's parts; every part is minimised as one weighted sum.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveSpec {
    /// Weight of money (transport, hub opening and daily costs); default 1.
    #[serde(default)]
    pub cost: Option<f64>,
    /// Weight per unit-day late, times the demand's priority; default 1000.
    #[serde(default)]
    pub lateness: Option<f64>,
    /// Weight per unit not delivered, times the demand's priority; default 1,000,000.
    #[serde(default)]
    pub shortfall: Option<f64>,
    /// Weight per tonne moved x route threat; default 100.
    #[serde(default)]
    pub risk: Option<f64>,
    /// Weight per missing asset of monitoring coverage; default 10,000,000.
    #[serde(default)]
    pub coverage_shortfall: Option<f64>,
}
