//! The causes hubplan names for a shortfall, a late delivery or an unmet requirement, and how
//! each reads ([`Cause`]'s `Display`): the messages of the explanations.

use std::fmt;

use crate::text::hundredths;

/// The fastest way some supply of a resource reaches a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    /// Earliest day it can be at the node.
    pub day: usize,
    /// Index of the supply in [`crate::model::Model::supplies`].
    pub supply: usize,
    /// Origin node id of that supply.
    pub origin: String,
    /// Nation id of that supply.
    pub nation: String,
    /// Day the supply becomes available.
    pub available_day: usize,
    /// Route ids of the fastest path, in order.
    pub routes: Vec<String>,
}

/// What stopped more lift reaching a node on a day that matters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Limit {
    /// The route was at its `max_trips_per_day`.
    RouteMaxTrips {
        /// Route id.
        route: String,
        /// Its limit.
        max_trips: u32,
    },
    /// Every vehicle of every fleet that could fly, drive or sail the route was tied up.
    FleetsBusy {
        /// Route id.
        route: String,
        /// Fleet ids.
        fleets: Vec<String>,
    },
    /// A hub (the demand's node, or the hub a route into it leaves) was at capacity.
    HubFull {
        /// Hub id.
        hub: String,
        /// Storage class id.
        class: String,
    },
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::RouteMaxTrips { route, max_trips } => write!(
                f,
                "route '{route}' was saturated at its max_trips_per_day ({max_trips})"
            ),
            Limit::FleetsBusy { route, fleets } => write!(
                f,
                "every vehicle of {} serving route '{route}' was tied up",
                list_ids("fleet", fleets)
            ),
            Limit::HubFull { hub, class } => {
                write!(f, "hub '{hub}' was at its '{class}' capacity")
            }
        }
    }
}

/// Why a demand (or coverage requirement) is not met, in the model's terms.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// The demand's hub is forced closed.
    HubClosed {
        /// Hub id.
        hub: String,
    },
    /// The demand's hub cannot be operational within the horizon.
    HubNeverOperational {
        /// Hub id.
        hub: String,
        /// Its first operational day.
        day: usize,
    },
    /// The demand's hub cannot be operational by the day that matters.
    HubOpensLate {
        /// Hub id.
        hub: String,
        /// Its first operational day.
        day: usize,
        /// The day by which it would have to be.
        deadline: usize,
    },
    /// The demand's hub is not protected enough for the resource.
    HubProtection {
        /// Hub id.
        hub: String,
        /// Hub protection.
        level: u8,
        /// Resource id.
        resource: String,
        /// Protection the resource needs.
        needed: u8,
    },
    /// The demand's hub has no capacity in the resource's storage class.
    HubNoCapacity {
        /// Hub id.
        hub: String,
        /// Storage class id.
        class: String,
        /// Resource id.
        resource: String,
    },
    /// No nation supplies the resource.
    NoSupply {
        /// Resource id.
        resource: String,
    },
    /// Caveats forbid every nation that supplies the resource from the node.
    CaveatAtNode {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
        /// (nation id, caveat note) of each forbidding caveat.
        caveats: Vec<(String, String)>,
    },
    /// Caveats forbid every route that would bring the resource to the node in time.
    CaveatRoutes {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
        /// Day by which it was needed (`None`: within the horizon).
        deadline: Option<usize>,
        /// (nation id, caveat note) of the caveats of the nations concerned.
        caveats: Vec<(String, String)>,
        /// Earliest arrival if caveats did not apply.
        without: usize,
    },
    /// Hubs on the only paths that would bring the resource to the node in time are closed,
    /// not yet operational, not protected enough or without capacity for it.
    HubsInTheWay {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
        /// Day by which it was needed (`None`: within the horizon).
        deadline: Option<usize>,
        /// (hub id, why) of each hub in the way.
        hubs: Vec<(String, String)>,
        /// Earliest arrival if hubs had no limits.
        without: usize,
    },
    /// No supply can reach the node within the horizon at all.
    Unreachable {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
    },
    /// No supply can reach the node by the day that matters.
    TooFar {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
        /// Day by which it was needed.
        deadline: usize,
        /// The fastest arrival.
        arrival: Arrival,
    },
    /// Total supply of the resource is below its total demand (for a hard demand: the total of
    /// the hard demands for it).
    SupplyBelowDemand {
        /// Whether only hard demands are counted.
        hard: bool,
        /// Resource id.
        resource: String,
        /// Unit.
        unit: String,
        /// Total supply.
        supply: f64,
        /// Total demand.
        demand: f64,
        /// Number of demands for it.
        demands: usize,
    },
    /// Only part of the supply can reach the node by the day that matters.
    PartReachable {
        /// Resource id.
        resource: String,
        /// Node id.
        node: String,
        /// Unit.
        unit: String,
        /// Day by which it was needed.
        deadline: usize,
        /// Supply that can arrive by then.
        reachable: f64,
        /// Quantity demanded.
        needed: f64,
        /// The earliest arrival of the rest: (origin id, day), if any arrives within the horizon.
        rest: Option<(String, usize)>,
        /// (nation id, caveat note) of caveats that keep suppliers of the resource out of the
        /// node.
        barred: Vec<(String, String)>,
    },
    /// Lift into the node was used up on every day that matters.
    Saturated {
        /// Node id.
        node: String,
        /// First and last departure day that matters.
        days: (usize, usize),
        /// What stopped more lift.
        limits: Vec<Limit>,
    },
    /// The penalty is cheaper than the lift, at the model's weights.
    Cost {
        /// Lateness (true) or shortfall (false).
        lateness: bool,
        /// Weighted penalty paid.
        penalty: f64,
        /// Weighted cost of the cheapest lift that would avoid it (estimate).
        lift: f64,
    },
    /// Nothing in the model explains it, and the solve stopped at a limit before proving its
    /// schedule optimal: a longer solve may do better.
    Unproven {
        /// The relative gap the solve stopped at, if known.
        gap: Option<f64>,
    },
    /// Fewer monitoring assets exist than the coverage needs.
    TooFewAssets {
        /// Asset id.
        asset: String,
        /// Count.
        count: u32,
        /// Required (by the requirement, or by every hard requirement of the asset together).
        required: u32,
    },
    /// No hub where the asset may be based is within range of the sector.
    NoHubInRange {
        /// Asset id.
        asset: String,
        /// Sector id.
        sector: String,
        /// Range in km.
        range_km: f64,
        /// Hubs within range and why each cannot base the asset.
        unusable: Vec<(String, String)>,
    },
    /// The assets cannot cover every sector that needs them at once.
    AssetsSpread {
        /// Asset id.
        asset: String,
        /// Count.
        count: u32,
        /// (sector id, required) of the hard requirements for the asset.
        sectors: Vec<(String, u32)>,
    },
}

fn list_ids(what: &str, ids: &[String]) -> String {
    let quoted: Vec<String> = ids.iter().map(|x| format!("'{x}'")).collect();
    if ids.len() == 1 {
        format!("{what} {}", quoted[0])
    } else {
        format!("{what}s {}", quoted.join(", "))
    }
}

fn caveat_list(caveats: &[(String, String)]) -> String {
    let v: Vec<String> = caveats
        .iter()
        .map(|(n, note)| {
            if note.is_empty() {
                format!("'{n}'")
            } else {
                format!("'{n}' ({note})")
            }
        })
        .collect();
    v.join(", ")
}

fn days(a: usize, b: usize) -> String {
    if a == b {
        format!("day {a}")
    } else {
        format!("days {a}-{b}")
    }
}

impl fmt::Display for Cause {
    /// One sentence per cause, one match arm each. The match is longer than 150 lines, and kept
    /// whole on purpose: the messages are read and kept consistent side by side, and split
    /// into groups they would be compared across files.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::HubClosed { hub } => write!(f, "hub '{hub}' is fixed closed (`fixed: false`)"),
            Cause::HubNeverOperational { hub, day } => write!(
                f,
                "hub '{hub}' cannot be operational within the horizon (earliest_open_day + setup_days = day {day})"
            ),
            Cause::HubOpensLate { hub, day, deadline } => write!(
                f,
                "hub '{hub}' cannot be operational before day {day} (earliest_open_day + setup_days), after day {deadline}"
            ),
            Cause::HubProtection {
                hub,
                level,
                resource,
                needed,
            } => write!(
                f,
                "hub '{hub}' has protection {level}, below the {needed} that '{resource}' needs"
            ),
            Cause::HubNoCapacity {
                hub,
                class,
                resource,
            } => write!(
                f,
                "hub '{hub}' has no '{class}' capacity, which '{resource}' needs"
            ),
            Cause::NoSupply { resource } => write!(f, "no nation supplies '{resource}'"),
            Cause::CaveatAtNode {
                resource,
                node,
                caveats,
            } => write!(
                f,
                "caveats forbid every nation that supplies '{resource}' from '{node}': {}",
                caveat_list(caveats)
            ),
            Cause::CaveatRoutes {
                resource,
                node,
                deadline,
                caveats,
                without,
            } => {
                let by = deadline.map_or("within the horizon".to_string(), |d| format!("by day {d}"));
                write!(
                    f,
                    "caveats forbid the only routes that would bring '{resource}' to '{node}' {by} (without them the earliest arrival is day {without})"
                )?;
                if !caveats.is_empty() {
                    write!(f, ": {}", caveat_list(caveats))?;
                }
                Ok(())
            }
            Cause::HubsInTheWay {
                resource,
                node,
                deadline,
                hubs,
                without,
            } => {
                let by = deadline.map_or("within the horizon".to_string(), |d| format!("by day {d}"));
                let v: Vec<String> = hubs.iter().map(|(h, why)| format!("'{h}' ({why})")).collect();
                write!(
                    f,
                    "the only paths that would bring '{resource}' to '{node}' {by} pass through {} {} (without hub limits the earliest arrival is day {without})",
                    if hubs.len() == 1 { "hub" } else { "hubs" },
                    v.join(", ")
                )
            }
            Cause::Unreachable { resource, node } => write!(
                f,
                "no supply of '{resource}' can reach '{node}' within the horizon"
            ),
            Cause::TooFar {
                resource,
                node,
                deadline,
                arrival,
            } => write!(
                f,
                "no supply of '{resource}' can reach '{node}' by day {deadline}: the earliest arrival is day {} (fastest path from '{}', available day {}, takes {} days)",
                arrival.day,
                arrival.origin,
                arrival.available_day,
                arrival.day - arrival.available_day.min(arrival.day)
            ),
            Cause::SupplyBelowDemand {
                hard,
                resource,
                unit,
                supply,
                demand,
                demands,
            } => write!(
                f,
                "total supply of '{resource}' ({} {unit}) is below total {}demand ({} {unit} over {demands} {}demand{})",
                hundredths(*supply),
                if *hard { "hard " } else { "" },
                hundredths(*demand),
                if *hard { "hard " } else { "" },
                if *demands == 1 { "" } else { "s" }
            ),
            Cause::PartReachable {
                resource,
                node,
                unit,
                deadline,
                reachable,
                needed,
                rest,
                barred,
            } => {
                write!(
                    f,
                    "only {} of the {} {unit} of '{resource}' needed can reach '{node}' by day {deadline}",
                    hundredths(*reachable),
                    hundredths(*needed)
                )?;
                if let Some((origin, day)) = rest {
                    write!(f, "; the rest cannot arrive before day {day} (from '{origin}')")?;
                }
                if !barred.is_empty() {
                    write!(
                        f,
                        "; caveats keep out {}",
                        caveat_list(barred)
                    )?;
                }
                Ok(())
            }
            Cause::Saturated { node, days: (a, b), limits } => {
                let parts: Vec<String> = limits.iter().map(|l| l.to_string()).collect();
                write!(
                    f,
                    "lift into '{node}' was saturated on every day that matters ({}): {}",
                    days(*a, *b),
                    parts.join("; ")
                )
            }
            Cause::Cost {
                lateness,
                penalty,
                lift,
            } => write!(
                f,
                "cost: the {} penalty ({}) is cheaper than the lift (about {})",
                if *lateness { "lateness" } else { "shortfall" },
                crate::text::grouped(*penalty, 0),
                crate::text::grouped(*lift, 0)
            ),
            Cause::Unproven { gap } => write!(
                f,
                "no limit of the model explains it; the solve stopped before proving its schedule optimal ({}), so a longer solve (--time-limit) may do better",
                gap.map_or("no bound".to_string(), |g| format!("gap {:.1}%", 100.0 * g))
            ),
            Cause::TooFewAssets {
                asset,
                count,
                required,
            } => write!(
                f,
                "only {count} '{asset}' exist{} and {required} are required",
                if *count == 1 { "s" } else { "" }
            ),
            Cause::NoHubInRange {
                asset,
                sector,
                range_km,
                unusable,
            } => {
                if unusable.is_empty() {
                    write!(
                        f,
                        "no hub candidate is within {} km ('{asset}' range) of '{sector}'",
                        hundredths(*range_km)
                    )
                } else {
                    let v: Vec<String> = unusable
                        .iter()
                        .map(|(h, why)| format!("'{h}' ({why})"))
                        .collect();
                    write!(
                        f,
                        "no hub within {} km ('{asset}' range) of '{sector}' can base it: {}",
                        hundredths(*range_km),
                        v.join(", ")
                    )
                }
            }
            Cause::AssetsSpread {
                asset,
                count,
                sectors,
            } => {
                let v: Vec<String> = sectors
                    .iter()
                    .map(|(s, r)| format!("'{s}' {r}"))
                    .collect();
                write!(
                    f,
                    "the {count} '{asset}' cannot be based to cover every sector that needs them at once ({})",
                    v.join(", ")
                )
            }
        }
    }
}
