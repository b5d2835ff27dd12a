//! Row labels: every row the builder writes is recorded with its constraint family and the
//! model indices it stands for, as a small `Copy` value (no string per row, since the largest
//! models have hundreds of thousands of rows). [`Formulation::row_names`] turns the labels into
//! names for exported files, e.g. `hub_capacity[h4,bulk,d12]` for the class `bulk` room of hub
//! `h4` on day 12, and [`Formulation::row_family`] tells a report which family a row belongs to.

use crate::model::Model;

use super::names::{lp_name, mps_name, unique, Labels};
use super::Formulation;

/// A constraint family with rows, by its section of `docs/formulation.md` (4.2, stocks, has
/// only columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// 4.1: hub opening.
    HubOpening,
    /// 4.3: flows, integer trips and vehicle loading.
    Loading,
    /// 4.4: route throughput.
    RouteThroughput,
    /// 4.5: fleet cycling.
    FleetCycling,
    /// 4.6: transit-node handling.
    Handling,
    /// 4.7: demands.
    Demands,
    /// 4.8: hub capacity with disaggregated linking.
    HubCapacity,
    /// 4.9: flow balance.
    FlowBalance,
    /// 4.10: monitoring.
    Monitoring,
    /// 4.11: sink linking.
    SinkLinking,
    /// 4.12: hub cover.
    HubCover,
}

impl Family {
    /// Every family, in section order.
    pub const ALL: [Family; 11] = [
        Family::HubOpening,
        Family::Loading,
        Family::RouteThroughput,
        Family::FleetCycling,
        Family::Handling,
        Family::Demands,
        Family::HubCapacity,
        Family::FlowBalance,
        Family::Monitoring,
        Family::SinkLinking,
        Family::HubCover,
    ];

    /// The family's section of `docs/formulation.md`, e.g. `"4.8"`.
    pub fn section(self) -> &'static str {
        match self {
            Family::HubOpening => "4.1",
            Family::Loading => "4.3",
            Family::RouteThroughput => "4.4",
            Family::FleetCycling => "4.5",
            Family::Handling => "4.6",
            Family::Demands => "4.7",
            Family::HubCapacity => "4.8",
            Family::FlowBalance => "4.9",
            Family::Monitoring => "4.10",
            Family::SinkLinking => "4.11",
            Family::HubCover => "4.12",
        }
    }

    /// The family's short name, from its section's title, e.g. `"hub capacity"`.
    pub fn name(self) -> &'static str {
        match self {
            Family::HubOpening => "hub opening",
            Family::Loading => "vehicle loading",
            Family::RouteThroughput => "route throughput",
            Family::FleetCycling => "fleet cycling",
            Family::Handling => "transit-node handling",
            Family::Demands => "demands",
            Family::HubCapacity => "hub capacity",
            Family::FlowBalance => "flow balance",
            Family::Monitoring => "monitoring",
            Family::SinkLinking => "sink linking",
            Family::HubCover => "hub cover",
        }
    }
}

impl std::fmt::Display for Family {
    /// `4.8 hub capacity`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.section(), self.name())
    }
}

/// What one row stands for: its kind of row and the model indices (node, route, fleet,
/// commodity, demand, ... and day) it is written for. Indices are `u32` to keep the label at
/// 20 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowLabel {
    /// 4.1 `y[h,t-1] ≤ y[h,t]`: `hub_opening[HUB,dT]`.
    HubOpening {
        /// Hub node.
        hub: u32,
        /// The later day `t`.
        day: u32,
    },
    /// 4.3 `Σ_k w x[a,f,k,t] ≤ cap_f n[a,f,t]`: `loading[ROUTE,FLEET,dT]`.
    Loading {
        /// Route.
        route: u32,
        /// Fleet.
        fleet: u32,
        /// Departure day.
        day: u32,
    },
    /// 4.3 disaggregated loading `x[a,f,k,t] ≤ Q_k n[a,f,t]` (tightening):
    /// `loading_each[ROUTE,FLEET,NATION.RESOURCE,dT]`.
    LoadingEach {
        /// Route.
        route: u32,
        /// Fleet.
        fleet: u32,
        /// Commodity.
        k: u32,
        /// Departure day.
        day: u32,
    },
    /// 4.4 `Σ_f n[a,f,t] ≤ max_trips_a`: `route_throughput[ROUTE,dT]`.
    RouteThroughput {
        /// Route.
        route: u32,
        /// Departure day.
        day: u32,
    },
    /// 4.5 vehicles of a fleet away on day `t`: `fleet_cycling[FLEET,dT]`.
    FleetCycling {
        /// Fleet.
        fleet: u32,
        /// Day.
        day: u32,
    },
    /// 4.6 `Σ_k w_k h[v,k,t] ≤ handling_v`: `handling[NODE,dT]`.
    Handling {
        /// Transit node.
        node: u32,
        /// Day.
        day: u32,
    },
    /// 4.7 `Σ del + u = q`: `demand[DEMAND]`.
    Demand {
        /// Demand.
        demand: u32,
    },
    /// 4.8 per-commodity linking `P[h,k,t] ≤ U_{h,k} y[h,t]`: `hub_link[HUB,NATION.RESOURCE,dT]`.
    HubLink {
        /// Hub node.
        hub: u32,
        /// Commodity.
        k: u32,
        /// Day.
        day: u32,
    },
    /// 4.8 `Σ_{k ∈ c} σ_k P[h,k,t] ≤ cap_{h,c} y[h,t]`: `hub_capacity[HUB,CLASS,dT]`.
    HubCapacity {
        /// Hub node.
        hub: u32,
        /// Storage class.
        class: u32,
        /// Day.
        day: u32,
    },
    /// 4.9 balance of a commodity at a vertex on a day:
    /// `flow_balance[NODE,NATION.RESOURCE,dT]` (`NODE~in` / `NODE~out` as for stocks).
    FlowBalance {
        /// Graph vertex.
        vertex: u32,
        /// Commodity.
        k: u32,
        /// Day.
        day: u32,
    },
    /// 4.10 `m[h,q] ≤ count_q y[h,H-1]`: `monitoring_basing[ASSET,HUB]`.
    MonitoringBasing {
        /// Asset type.
        asset: u32,
        /// Hub node.
        hub: u32,
    },
    /// 4.10 `Σ m[·,q] ≤ count_q` (or the tasked assets): `monitoring_count[ASSET]`.
    MonitoringCount {
        /// Asset type.
        asset: u32,
    },
    /// 4.10 coverage of a requirement: `coverage[SECTOR.ASSET]`.
    Coverage {
        /// Coverage requirement.
        requirement: u32,
    },
    /// 4.11 cumulative sink linking `Σ_{t ≤ τ} X_t ≤ D y[h,τ]` (tightening):
    /// `sink_linking[HUB,SINK,RESOURCE,dT]`.
    SinkLinking {
        /// Hub node.
        hub: u32,
        /// Sink node.
        sink: u32,
        /// Resource.
        resource: u32,
        /// Day `τ`.
        day: u32,
    },
    /// 4.11 daily sink linking `X_t ≤ cap/σ y[h,t]` (tightening):
    /// `sink_daily[HUB,SINK,RESOURCE,dT]`.
    SinkDaily {
        /// Hub node.
        hub: u32,
        /// Sink node.
        sink: u32,
        /// Resource.
        resource: u32,
        /// Day.
        day: u32,
    },
    /// 4.11 running sum `s = Σ_{t ≤ τ} X_t` (defines the column `sent[...]`):
    /// `sink_sum[HUB,SINK,RESOURCE,dT]`.
    SinkSum {
        /// Hub node.
        hub: u32,
        /// Sink node.
        sink: u32,
        /// Resource.
        resource: u32,
        /// Day `τ`.
        day: u32,
    },
    /// 4.12 hub cover of a demand, one per hub separator: `hub_cover[DEMAND,sI]`, `I` the
    /// separator's place in [`crate::network::Network::hub_separators`].
    HubCoverDemand {
        /// Demand.
        demand: u32,
        /// Separator.
        set: u32,
    },
    /// 4.12 hub cover of a coverage requirement: `hub_cover[SECTOR.ASSET]`.
    HubCoverCoverage {
        /// Coverage requirement.
        requirement: u32,
    },
}

/// A model index as stored in a [`RowLabel`].
pub(super) fn ix(i: usize) -> u32 {
    u32::try_from(i).expect("model indices fit in 32 bits")
}

impl RowLabel {
    /// The family the row belongs to.
    pub fn family(self) -> Family {
        match self {
            RowLabel::HubOpening { .. } => Family::HubOpening,
            RowLabel::Loading { .. } | RowLabel::LoadingEach { .. } => Family::Loading,
            RowLabel::RouteThroughput { .. } => Family::RouteThroughput,
            RowLabel::FleetCycling { .. } => Family::FleetCycling,
            RowLabel::Handling { .. } => Family::Handling,
            RowLabel::Demand { .. } => Family::Demands,
            RowLabel::HubLink { .. } | RowLabel::HubCapacity { .. } => Family::HubCapacity,
            RowLabel::FlowBalance { .. } => Family::FlowBalance,
            RowLabel::MonitoringBasing { .. }
            | RowLabel::MonitoringCount { .. }
            | RowLabel::Coverage { .. } => Family::Monitoring,
            RowLabel::SinkLinking { .. }
            | RowLabel::SinkDaily { .. }
            | RowLabel::SinkSum { .. } => Family::SinkLinking,
            RowLabel::HubCoverDemand { .. } | RowLabel::HubCoverCoverage { .. } => Family::HubCover,
        }
    }

    /// The name's prefix, before `[`, e.g. `hub_capacity`.
    pub fn prefix(self) -> &'static str {
        match self {
            RowLabel::HubOpening { .. } => "hub_opening",
            RowLabel::Loading { .. } => "loading",
            RowLabel::LoadingEach { .. } => "loading_each",
            RowLabel::RouteThroughput { .. } => "route_throughput",
            RowLabel::FleetCycling { .. } => "fleet_cycling",
            RowLabel::Handling { .. } => "handling",
            RowLabel::Demand { .. } => "demand",
            RowLabel::HubLink { .. } => "hub_link",
            RowLabel::HubCapacity { .. } => "hub_capacity",
            RowLabel::FlowBalance { .. } => "flow_balance",
            RowLabel::MonitoringBasing { .. } => "monitoring_basing",
            RowLabel::MonitoringCount { .. } => "monitoring_count",
            RowLabel::Coverage { .. } => "coverage",
            RowLabel::SinkLinking { .. } => "sink_linking",
            RowLabel::SinkDaily { .. } => "sink_daily",
            RowLabel::SinkSum { .. } => "sink_sum",
            RowLabel::HubCoverDemand { .. } | RowLabel::HubCoverCoverage { .. } => "hub_cover",
        }
    }

    /// The ids between the brackets, e.g. `h4,bulk,d12`.
    fn ids(self, l: &Labels<'_>) -> String {
        let u = |i: u32| i as usize;
        match self {
            RowLabel::HubOpening { hub, day } => format!("{},d{day}", l.node(u(hub))),
            RowLabel::Loading { route, fleet, day } => {
                format!("{},{},d{day}", l.route(u(route)), l.fleet(u(fleet)))
            }
            RowLabel::LoadingEach {
                route,
                fleet,
                k,
                day,
            } => format!(
                "{},{},{},d{day}",
                l.route(u(route)),
                l.fleet(u(fleet)),
                l.commodity(u(k))
            ),
            RowLabel::RouteThroughput { route, day } => format!("{},d{day}", l.route(u(route))),
            RowLabel::FleetCycling { fleet, day } => format!("{},d{day}", l.fleet(u(fleet))),
            RowLabel::Handling { node, day } => format!("{},d{day}", l.node(u(node))),
            RowLabel::Demand { demand } => l.demand(u(demand)).to_string(),
            RowLabel::HubLink { hub, k, day } => {
                format!("{},{},d{day}", l.node(u(hub)), l.commodity(u(k)))
            }
            RowLabel::HubCapacity { hub, class, day } => {
                format!("{},{},d{day}", l.node(u(hub)), l.class(u(class)))
            }
            RowLabel::FlowBalance { vertex, k, day } => {
                format!("{},{},d{day}", l.vertex(u(vertex)), l.commodity(u(k)))
            }
            RowLabel::MonitoringBasing { asset, hub } => {
                format!("{},{}", l.asset(u(asset)), l.node(u(hub)))
            }
            RowLabel::MonitoringCount { asset } => l.asset(u(asset)).to_string(),
            RowLabel::Coverage { requirement } | RowLabel::HubCoverCoverage { requirement } => {
                l.requirement(u(requirement))
            }
            RowLabel::SinkLinking {
                hub,
                sink,
                resource,
                day,
            }
            | RowLabel::SinkDaily {
                hub,
                sink,
                resource,
                day,
            }
            | RowLabel::SinkSum {
                hub,
                sink,
                resource,
                day,
            } => format!(
                "{},{},{},d{day}",
                l.node(u(hub)),
                l.node(u(sink)),
                l.resource(u(resource))
            ),
            RowLabel::HubCoverDemand { demand, set } => format!("{},s{set}", l.demand(u(demand))),
        }
    }
}

impl Formulation {
    /// The family of row `row` (in [`Formulation::constraints`] order), `None` past the last
    /// row.
    pub fn row_family(&self, row: usize) -> Option<Family> {
        self.row_labels.get(row).map(|l| l.family())
    }

    /// One name per row, in row order: the row's prefix ([`RowLabel::prefix`]) and the ids
    /// it stands for, e.g. `hub_capacity[h4,bulk,d12]`, `flow_balance[lviv,fr.fuel,d3]`. Valid
    /// in free MPS and unique, as [`Formulation::column_names`] (the same ids, the same
    /// replacement of other characters by `_`, the same suffix on a clash). A row without a
    /// label (none are) is `rROW`, as HiGHS would call it. For the LP format use
    /// [`Formulation::lp_row_names`].
    pub fn row_names(&self, model: &Model) -> Vec<String> {
        let labels = Labels::new(self, model);
        let n = self.stats.rows.max(self.row_labels.len());
        let names = (0..n)
            .map(|i| match self.row_labels.get(i) {
                Some(r) => mps_name(&format!("{}[{}]", r.prefix(), r.ids(&labels))),
                None => format!("r{i}"),
            })
            .collect();
        unique(names)
    }

    /// [`Formulation::row_names`] made legal for the LP format as
    /// [`Formulation::lp_column_names`] does, e.g. `hub_capacity(h4,bulk,d12)`; still unique.
    pub fn lp_row_names(&self, model: &Model) -> Vec<String> {
        unique(self.row_names(model).iter().map(|n| lp_name(n)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_stay_small() {
        assert!(std::mem::size_of::<RowLabel>() <= 20);
    }

    #[test]
    fn families_name_their_sections() {
        assert_eq!(Family::HubCapacity.to_string(), "4.8 hub capacity");
        let sections: Vec<&str> = Family::ALL.iter().map(|f| f.section()).collect();
        assert_eq!(sections.len(), 11);
        assert!(sections.windows(2).all(|w| w[0] != w[1]));
    }
}
