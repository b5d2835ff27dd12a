//! The rules, their codes and the violations the checker reports; the tolerance of its
//! comparisons. The `rules!` table below is the single list of rules: each is checked in
//! functions named by its code, in the file of its series (`C41xx` in `movements.rs`, ...).

use std::fmt;

use serde::Serialize;

use crate::text::trimmed;

/// How far a figure may be from another and still count as equal.
///
/// A quantity `q` is within tolerance of `r` when `|q - r| <= abs + rel * max(|q|, |r|)`; a
/// quantity exceeds a limit when it is larger than the limit by more than that.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tolerance {
    /// Absolute part.
    pub abs: f64,
    /// Relative part, scaled by the larger magnitude.
    pub rel: f64,
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            abs: 1e-5,
            rel: 1e-6,
        }
    }
}

impl Tolerance {
    /// The largest absolute part accepted from the user: beyond it the checker would let
    /// through what it exists to catch (a whole unit too much at a hub, a trip too many).
    pub const MAX_ABS: f64 = 1.0;
    /// The largest relative part accepted from the user: 1% of every figure.
    pub const MAX_REL: f64 = 0.01;

    /// The allowed difference between `q` and `r`.
    pub fn slack(&self, q: f64, r: f64) -> f64 {
        self.abs + self.rel * q.abs().max(r.abs())
    }

    /// Whether `q` is within tolerance of `r` (never for NaN).
    pub fn within(&self, q: f64, r: f64) -> bool {
        (q - r).abs() <= self.slack(q, r)
    }

    /// Whether `q` exceeds `limit` by more than the tolerance.
    pub fn exceeds(&self, q: f64, limit: f64) -> bool {
        q - limit > self.slack(q, limit)
    }
}

macro_rules! rules {
    ($($name:ident = $code:literal, $id:literal : $summary:literal,)*) => {
        /// The rules the checker verifies, each with a stable code. `C40xx`: the schedule's
        /// references, `C41xx`: movements, `C42xx`: handling, `C43xx`: flow balance and
        /// quantities, `C44xx`: hubs and caveats, `C45xx`: deliveries, `C46xx`: monitoring,
        /// `C47xx`: the objective.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $(#[doc = $summary] $name,)* }

        impl Rule {
            /// Every rule, in code order.
            pub const ALL: &'static [Rule] = &[$(Rule::$name,)*];

            /// The stable code, e.g. `C4106`.
            pub fn code(&self) -> &'static str {
                match self { $(Rule::$name => $code,)* }
            }

            /// Short snake_case name, e.g. `vehicle_load`.
            pub fn name(&self) -> &'static str {
                match self { $(Rule::$name => $id,)* }
            }

            /// One-line statement of the rule.
            pub fn summary(&self) -> &'static str {
                match self { $(Rule::$name => $summary,)* }
            }
        }
    };
}

rules! {
    Reference = "C4001", "reference": "every id in the schedule names something of the right kind in the model, every day lies within the horizon and every stage fits its node",
    Header = "C4002", "header": "the schedule is for this model (name, horizon) and its status comes with a schedule",
    Transit = "C4101", "transit": "a movement arrives on its departure day plus the route's transit days",
    Departure = "C4102", "departure": "trips depart only on days the route is open and arrive by the last day",
    FleetRoute = "C4103", "fleet_route": "a fleet runs only the routes it serves",
    FleetNation = "C4104", "fleet_nation": "a national fleet carries only its nation's cargo",
    VehicleLoad = "C4105", "vehicle_load": "cargo tonnes (quantity x weight by the route's mode) are at most trips x the fleet's capacity",
    MovementReport = "C4106", "movement_report": "a movement's from, to, mode, load_t and capacity_t are as the model and its cargo give them",
    RouteThroughput = "C4107", "route_throughput": "trips of all fleets on a route on a day are at most max_trips_per_day",
    FleetCycling = "C4108", "fleet_cycling": "vehicles tied up by a fleet's trips (round_trip_days each) are at most its vehicles on every day",
    HandlingCapacity = "C4201", "handling_capacity": "tonnes handled (by weight_t) at a transit node on a day are at most handling_t_per_day",
    HandlingTiming = "C4202", "handling_timing": "handled goods are ready handling_days after handling, within the horizon",
    FlowBalance = "C4301", "flow_balance": "stock, supply, arrivals, handling, departures and deliveries balance for every node, stage, nation, resource and day",
    Quantity = "C4302", "quantity": "quantities are finite and not negative",
    HubOpening = "C4401", "hub_opening": "a hub opens no earlier than earliest_open_day + setup_days, as fixed, with its set-up start and open flag consistent",
    HubClosed = "C4402", "hub_closed": "anything is at a hub (held, passing through, delivered) only on days it is operational",
    HubCapacity = "C4403", "hub_capacity": "what is at a hub during a day x storage_per_unit, per class, is at most its capacity",
    Protection = "C4404", "protection": "a resource is at a hub (held, passing through, delivered) only if the hub has at least its protection level",
    Caveat = "C4405", "caveat": "no nation's units travel, wait or are delivered where its caveats forbid",
    OccupancyReport = "C4406", "occupancy_report": "hub occupancy is reported as the stocks, departures and deliveries give it",
    DeliveryWindow = "C4501", "delivery_window": "deliveries are of the demand's resource at its node, from earliest_day to the last day allowed (due_day if hard)",
    OverDelivery = "C4502", "over_delivery": "no more than a demand's quantity is delivered against it",
    HardDemand = "C4503", "hard_demand": "a hard demand is delivered in full by its due day",
    DeliveryReport = "C4504", "delivery_report": "delivered, on_time, late_unit_days, shortfall and completed_day are as the deliveries give them",
    ClosureReport = "C4505", "closure_report": "the closure profile is as the deliveries give it",
    Basing = "C4601", "basing": "ranged assets are based only at hubs open by the last day that their protection and owner's caveats allow",
    AssetCount = "C4602", "asset_count": "assets based and tasked of a type are at most its count",
    Tasking = "C4603", "tasking": "only assets without range are tasked to sectors",
    CoverageReport = "C4604", "coverage_report": "coverage and its shortfall are reported as basing and tasking give them",
    HardCoverage = "C4605", "hard_coverage": "a hard coverage requirement is met",
    ObjectivePart = "C4701", "objective_part": "each part of the objective (and the recomputed total) is as the schedule gives it",
    ObjectiveTotal = "C4702", "objective_total": "the solver's objective equals the objective recomputed from the schedule",
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// The rule.
    pub rule: Rule,
    /// What breaks it: a route, fleet, node, hub, demand, asset or sector id, or `schedule` /
    /// `objective.<part>`.
    pub entity: String,
    /// The day, when the rule is per day.
    pub day: Option<usize>,
    /// By how much the rule is broken, in the rule's unit (tonnes, trips, vehicles, units,
    /// days, currency); 1 for rules that are broken or not.
    pub amount: f64,
    /// What is wrong, in the model's terms.
    pub message: String,
}

impl Violation {
    /// Renders the violation in the style of the model diagnostics.
    pub fn render(&self) -> String {
        let day = self.day.map(|d| format!(", day {d}")).unwrap_or_default();
        format!(
            "error[{}]: {}\n  --> {} '{}'{day}, amount {}\n  = rule: {}\n",
            self.rule.code(),
            self.message,
            self.rule.name(),
            self.entity,
            trimmed(self.amount),
            self.rule.summary()
        )
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::trimmed;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for r in Rule::ALL {
            let c = r.code();
            assert!(c.len() == 5 && c.starts_with("C4"), "{c}");
            assert!(c[1..].chars().all(|x| x.is_ascii_digit()), "{c}");
            assert!(codes.insert(c), "duplicate code {c}");
            assert!(names.insert(r.name()), "duplicate name {}", r.name());
            assert!(!r.summary().is_empty());
        }
        let mut sorted = Rule::ALL.to_vec();
        sorted.sort_by_key(|r| r.code());
        assert_eq!(sorted, Rule::ALL, "rules are listed in code order");
    }

    #[test]
    fn tolerance_is_absolute_plus_relative() {
        let t = Tolerance::default();
        assert!(t.within(1.0, 1.0 + 9e-6));
        assert!(!t.within(1.0, 1.0 + 2e-5));
        assert!(t.within(1e6, 1e6 + 1.0));
        assert!(!t.within(1e6, 1e6 + 2.0));
        assert!(!t.within(f64::NAN, 0.0));
        assert!(t.exceeds(10.0 + 1e-4, 10.0));
        assert!(!t.exceeds(10.0 + 1e-6, 10.0));
        assert!(!t.exceeds(5.0, 10.0));
        assert!(!t.exceeds(1.0, f64::INFINITY));
    }

    #[test]
    fn renders_like_a_diagnostic() {
        let v = Violation {
            rule: Rule::VehicleLoad,
            entity: "rail-hub".into(),
            day: Some(2),
            amount: 2.5,
            message: "fleet 'trucks' loads 22.5 t on 2 trip(s) of 10 t: 2.5 t over".into(),
        };
        let r = v.render();
        assert!(r.starts_with("error[C4105]: fleet 'trucks'"), "{r}");
        assert!(
            r.contains("--> vehicle_load 'rail-hub', day 2, amount 2.5"),
            "{r}"
        );
        assert_eq!(trimmed(3.0), "3");
        assert_eq!(trimmed(0.125), "0.125");
        assert_eq!(trimmed(1.0 / 3.0), "0.333333");
    }
}
