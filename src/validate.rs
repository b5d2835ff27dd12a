//! Validation: [`Loaded`] file -> [`Model`], or every error found, each located and explained.
//!
//! Checks ids (unique, references resolve, with "did you mean"), numbers (finite, in range, not
//! absurd), days (inside the horizon, due after earliest), structure (hub blocks on hubs only,
//! handling on transit nodes only, fleets serving routes of their mode, no same-day cycles) and
//! gives the warnings that need no graph search. Reachability warnings need shortest paths and
//! come from [`crate::network::reachability_warnings`].

use std::collections::{HashMap, HashSet};

use petgraph::graph::DiGraph;

use crate::diag::{article, did_you_mean, num, Code, Diagnostic};
use crate::format::{Mode, NodeKind, ResourceKind};
use crate::load::{index_path, key_path, Loaded, SourceMap};
use crate::model::*;

/// Numbers above this are refused as absurd (E2016).
pub const ABSURD: f64 = 1e12;
/// Longest horizon accepted, in periods.
pub const MAX_HORIZON: i64 = 3660;

/// The outcome of validation: the model when there were no errors, and every diagnostic.
#[derive(Debug)]
pub struct Validated {
    /// The model, when no error was found.
    pub model: Option<Model>,
    /// Errors and warnings, located, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

struct Ids<'a> {
    what: &'static str,
    map: HashMap<&'a str, usize>,
    /// The section failed to read as a whole: no id of it is known, so references into it are
    /// not checked (the section's own error says what is wrong).
    unknown: bool,
}

struct V<'a> {
    diags: Vec<Diagnostic>,
    broken: &'a HashSet<String>,
    broken_sections: &'a HashSet<String>,
    map: &'a SourceMap,
    /// Whether the horizon is known and valid; day checks against it are skipped otherwise.
    horizon_ok: bool,
}

impl V<'_> {
    fn err(&mut self, code: Code, path: String, msg: String, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(code, msg).with_hint(hint).at_path(path));
    }

    /// An error located at the key of `path` (e.g. `hub:`) rather than at its value.
    fn err_at_key(&mut self, code: Code, path: String, msg: String, hint: impl Into<String>) {
        let mut d = Diagnostic::error(code, msg).with_hint(hint);
        d.location = self.map.locate_key(&path);
        self.diags.push(d.at_path(path));
    }

    /// The line of the value at `path`, for messages that refer to a second place.
    fn line_of(&self, path: &str) -> Option<usize> {
        self.map.locate(path).map(|l| l.line)
    }

    fn warn(&mut self, code: Code, path: String, msg: String, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(code, msg).with_hint(hint).at_path(path));
    }

    /// Checks a number is finite, within `[min, max]` and not absurd; returns it clamped.
    fn num(&mut self, path: String, x: f64, min: f64, max: f64, what: &str) -> f64 {
        self.num_hint(path, x, min, max, what, "correct the value")
    }

    /// As [`V::num`], with the hint for a value out of range.
    fn num_hint(
        &mut self,
        path: String,
        x: f64,
        min: f64,
        max: f64,
        what: &str,
        range_hint: &str,
    ) -> f64 {
        if !x.is_finite() {
            self.err(
                Code::NotFinite,
                path,
                format!("{what} is {x}, which is not a finite number"),
                "write a plain number",
            );
            return min.max(0.0);
        }
        if x.abs() > ABSURD {
            self.err(
                Code::TooLarge,
                path,
                format!("{what} is {x}, which is absurdly large (limit {ABSURD:e})"),
                "check the unit and the number of zeros",
            );
            return min.max(0.0);
        }
        if x < min || x > max {
            let range = if max >= ABSURD {
                format!("at least {min}")
            } else {
                format!("between {min} and {max}")
            };
            self.err(
                Code::OutOfRange,
                path,
                format!("{what} is {x}; it must be {range}"),
                range_hint,
            );
            return x.clamp(min, max);
        }
        x
    }

    fn count(&mut self, path: String, x: i64, min: i64, what: &str, code: Code) -> i64 {
        if x as f64 > ABSURD {
            self.err(
                Code::TooLarge,
                path,
                format!("{what} is {x}, which is absurdly large"),
                "check the number of zeros",
            );
            return min;
        }
        if x < min {
            self.err(
                code,
                path,
                format!("{what} is {x}; it must be at least {min}"),
                "correct the value",
            );
            return min;
        }
        x
    }

    fn day(&mut self, path: String, d: i64, horizon: usize, what: &str) -> usize {
        if d < 0 && !self.horizon_ok {
            self.err(
                Code::DayOutsideHorizon,
                path,
                format!("{what} is day {d}, before the first day of the horizon"),
                "days count from 0",
            );
            return 0;
        }
        if !self.horizon_ok {
            // No valid horizon to check against (its own error says why).
            return (d as usize).min(horizon.saturating_sub(1));
        }
        if d < 0 || d as usize >= horizon {
            self.err(
                Code::DayOutsideHorizon,
                path,
                format!(
                    "{what} is day {d}, outside the horizon (days 0 to {})",
                    horizon.saturating_sub(1)
                ),
                "days count from 0; the last day is horizon_days - 1",
            );
            return if d < 0 { 0 } else { horizon.saturating_sub(1) };
        }
        d as usize
    }

    fn ids<'a>(
        &mut self,
        items: impl Iterator<Item = &'a str>,
        section: &str,
        what: &'static str,
    ) -> Ids<'a> {
        let mut map = HashMap::new();
        for (i, s) in items.enumerate() {
            if s.trim().is_empty() {
                self.err(
                    Code::OutOfRange,
                    key_path(&index_path(section, i), "id"),
                    format!("{what} number {} in `{section}` has an empty id", i + 1),
                    "give every entry a short unique id",
                );
            } else if let Some(&j) = map.get(s) {
                let first = key_path(&index_path(section, j), "id");
                let at = match self.line_of(&first) {
                    Some(l) => format!("first on line {l}"),
                    None => format!("first by entry {} of `{section}`", j + 1),
                };
                self.err(
                    Code::DuplicateId,
                    key_path(&index_path(section, i), "id"),
                    format!("{what} id '{s}' is used twice ({at}, again here)"),
                    "ids must be unique within a section; rename one (and the references meant for it)",
                );
            } else {
                map.insert(s, i);
            }
        }
        Ids {
            what,
            map,
            unknown: self.broken_sections.contains(section),
        }
    }

    fn refer(&mut self, ids: &Ids, path: String, id: &str, context: &str) -> Option<usize> {
        if let Some(&i) = ids.map.get(id) {
            return Some(i);
        }
        if ids.unknown || self.broken.contains(id) {
            return None; // already reported where it is defined
        }
        let a = article(ids.what);
        let hint = match did_you_mean(id, ids.map.keys().copied()) {
            Some(s) => format!("did you mean '{s}'?"),
            None if ids.map.is_empty() => {
                // "no storage classes", "no nations"
                let plural = if ids.what.ends_with('s') { "es" } else { "s" };
                format!("the model defines no {}{plural}", ids.what)
            }
            None => format!("define {a} {} '{id}' or use an existing id", ids.what),
        };
        self.err(
            Code::UnknownReference,
            path,
            format!("{context} '{id}', which is not {a} {}", ids.what),
            hint,
        );
        None
    }
}

/// Validates a loaded file. The diagnostics include the load's shape errors.
pub fn validate(loaded: &Loaded) -> Validated {
    let f = &loaded.model;
    let mut v = V {
        diags: loaded.diagnostics.clone(),
        broken: &loaded.broken_ids,
        broken_sections: &loaded.broken_sections,
        map: &loaded.map,
        horizon_ok: false,
    };

    // Horizon. When it is missing, broken or out of range, days are not checked against it
    // (that would only repeat its error), and the longest horizon sizes the arrays.
    let horizon = if !loaded.horizon_known {
        MAX_HORIZON as usize
    } else if f.horizon_days < 1 || f.horizon_days > MAX_HORIZON {
        v.err(
            Code::BadHorizon,
            "horizon_days".into(),
            format!(
                "horizon_days is {}; it must be between 1 and {MAX_HORIZON}",
                f.horizon_days
            ),
            "the horizon is the number of days planned, e.g. 30",
        );
        MAX_HORIZON as usize
    } else {
        v.horizon_ok = true;
        f.horizon_days as usize
    };
    let period_days = match f.period_days {
        None => 1.0,
        Some(p) if p.is_finite() && p > 0.0 && p <= 365.0 => p,
        Some(p) => {
            v.err(
                Code::BadHorizon,
                "period_days".into(),
                format!("period_days is {p}; it must be a positive number of days (at most 365)"),
                "leave it out for one-day periods",
            );
            1.0
        }
    };

    // Modes.
    let mut detour = [1.3, 1.3, 1.0, 1.2];
    let mut speed = [350.0, 500.0, 5000.0, 400.0];
    for (m, s) in &f.modes {
        let base = key_path("modes", m.as_str());
        if let Some(d) = s.detour_factor {
            detour[mode_ix(*m)] = v.num(
                key_path(&base, "detour_factor"),
                d,
                1.0,
                10.0,
                "the detour factor",
            );
        }
        if let Some(k) = s.km_per_day {
            speed[mode_ix(*m)] = v.num(
                key_path(&base, "km_per_day"),
                k,
                1.0,
                1e6,
                "the speed (km per day)",
            );
        }
    }

    // Storage classes.
    let sc_ids = v.ids(
        f.storage_classes.iter().map(|x| x.id.as_str()),
        "storage_classes",
        "storage class",
    );
    let storage_classes: Vec<StorageClass> = f
        .storage_classes
        .iter()
        .map(|s| StorageClass {
            id: s.id.clone(),
            unit: s.unit.clone().unwrap_or_else(|| "units".into()),
        })
        .collect();

    // Resources.
    let res_ids = v.ids(
        f.resources.iter().map(|x| x.id.as_str()),
        "resources",
        "resource",
    );
    let mut resources = Vec::new();
    for (i, r) in f.resources.iter().enumerate() {
        let p = index_path("resources", i);
        let w = v.num(
            key_path(&p, "weight_t"),
            r.weight_t,
            0.0,
            ABSURD,
            "weight_t",
        );
        let mut weight_t = [w; 4];
        for (m, x) in &r.weight_t_by_mode {
            weight_t[mode_ix(*m)] = v.num(
                key_path(&key_path(&p, "weight_t_by_mode"), m.as_str()),
                *x,
                0.0,
                ABSURD,
                "the weight",
            );
        }
        let storage = v
            .refer(
                &sc_ids,
                key_path(&p, "storage"),
                &r.storage,
                &format!("resource '{}' is stored as", r.id),
            )
            .unwrap_or(0);
        let spu = v.num(
            key_path(&p, "storage_per_unit"),
            r.storage_per_unit.unwrap_or(1.0),
            0.0,
            ABSURD,
            "storage_per_unit",
        );
        let protection = v.count(
            key_path(&p, "protection"),
            r.protection.unwrap_or(0),
            0,
            "protection",
            Code::OutOfRange,
        );
        if protection > 3 {
            v.err(
                Code::OutOfRange,
                key_path(&p, "protection"),
                format!("protection is {protection}; levels run from 0 to 3"),
                "1 basic perimeter, 2 hardened, 3 hardened with air defence",
            );
        }
        resources.push(Resource {
            id: r.id.clone(),
            name: r.name.clone().unwrap_or_else(|| r.id.clone()),
            kind: r.kind,
            unit: r.unit.clone(),
            weight_t,
            base_weight_t: w,
            storage,
            storage_per_unit: spu,
            protection: protection.min(3) as u8,
        });
    }

    // Nodes.
    let node_ids = v.ids(f.nodes.iter().map(|x| x.id.as_str()), "nodes", "node");
    let mut nodes = Vec::new();
    for (i, n) in f.nodes.iter().enumerate() {
        let p = index_path("nodes", i);
        let lat = v.num(key_path(&p, "lat"), n.lat, -90.0, 90.0, "latitude");
        let lon = v.num(key_path(&p, "lon"), n.lon, -180.0, 180.0, "longitude");
        let handling = match (n.handling_t_per_day, n.handling_days) {
            (None, None) => None,
            (cap, days) => {
                if n.kind != NodeKind::Transit {
                    v.err(
                        Code::HandlingNotTransit,
                        key_path(
                            &p,
                            if cap.is_some() {
                                "handling_t_per_day"
                            } else {
                                "handling_days"
                            },
                        ),
                        format!(
                            "node '{}' is {} {} node but has handling data",
                            n.id,
                            article(n.kind.as_str()),
                            n.kind.as_str()
                        ),
                        "handling applies to transit nodes only; make it `kind: transit` or remove the field",
                    );
                }
                let t = match cap {
                    Some(c) => {
                        let c = v.num(
                            key_path(&p, "handling_t_per_day"),
                            c,
                            0.0,
                            ABSURD,
                            "handling_t_per_day",
                        );
                        if c == 0.0 {
                            v.err(
                                Code::NoCapacity,
                                key_path(&p, "handling_t_per_day"),
                                format!("transit node '{}' can handle 0 tonnes a day, so nothing can pass", n.id),
                                "give a positive capacity or remove the field for unlimited handling",
                            );
                        }
                        c
                    }
                    None => f64::INFINITY,
                };
                let d = v.count(
                    key_path(&p, "handling_days"),
                    days.unwrap_or(0),
                    0,
                    "handling_days",
                    Code::OutOfRange,
                );
                Some(Handling {
                    t_per_day: t,
                    days: d as usize,
                })
            }
        };
        let hub = match (&n.hub, n.kind) {
            (Some(h), NodeKind::Hub) => {
                let hp = key_path(&p, "hub");
                let mut capacity = vec![0.0; storage_classes.len()];
                for (c, x) in &h.capacity {
                    let cp = key_path(&key_path(&hp, "capacity"), c);
                    let x = v.num(cp.clone(), *x, 0.0, ABSURD, "the capacity");
                    if let Some(ci) =
                        v.refer(&sc_ids, cp, c, &format!("hub '{}' has capacity for", n.id))
                    {
                        capacity[ci] = x;
                    }
                }
                if !h.capacity.is_empty() && capacity.iter().all(|&c| c == 0.0) {
                    v.err(
                        Code::NoCapacity,
                        key_path(&hp, "capacity"),
                        format!("hub '{}' has no positive capacity in any class", n.id),
                        "give at least one storage class a positive capacity",
                    );
                }
                let protection = v.count(
                    key_path(&hp, "protection"),
                    h.protection.unwrap_or(1),
                    0,
                    "protection",
                    Code::OutOfRange,
                );
                if protection > 3 {
                    v.err(
                        Code::OutOfRange,
                        key_path(&hp, "protection"),
                        format!("protection is {protection}; levels run from 0 to 3"),
                        "1 basic perimeter, 2 hardened, 3 hardened with air defence",
                    );
                }
                let earliest = v.count(
                    key_path(&hp, "earliest_open_day"),
                    h.earliest_open_day.unwrap_or(0),
                    0,
                    "earliest_open_day",
                    Code::DayOutsideHorizon,
                );
                let setup = v.count(
                    key_path(&hp, "setup_days"),
                    h.setup_days.unwrap_or(0),
                    0,
                    "setup_days",
                    Code::OutOfRange,
                );
                Some(Hub {
                    capacity,
                    protection: protection.min(3) as u8,
                    opening_cost: v.num(
                        key_path(&hp, "opening_cost"),
                        h.opening_cost.unwrap_or(0.0),
                        0.0,
                        ABSURD,
                        "opening_cost",
                    ),
                    daily_cost: v.num(
                        key_path(&hp, "daily_cost"),
                        h.daily_cost.unwrap_or(0.0),
                        0.0,
                        ABSURD,
                        "daily_cost",
                    ),
                    earliest_open_day: earliest as usize,
                    setup_days: setup as usize,
                    fixed: h.fixed,
                })
            }
            (Some(_), kind) => {
                v.err_at_key(
                    Code::HubBlockMismatch,
                    key_path(&p, "hub"),
                    format!(
                        "node '{}' is {} {} node but has a `hub` block",
                        n.id,
                        article(kind.as_str()),
                        kind.as_str()
                    ),
                    "make it `kind: hub` or remove the block",
                );
                None
            }
            (None, NodeKind::Hub) => {
                v.err(
                    Code::HubBlockMismatch,
                    key_path(&p, "kind"),
                    format!("hub candidate '{}' has no `hub` block", n.id),
                    "add `hub: {capacity: {...}, protection: 2, opening_cost: ...}`",
                );
                None
            }
            (None, _) => None,
        };
        nodes.push(Node {
            id: n.id.clone(),
            name: n.name.clone().unwrap_or_else(|| n.id.clone()),
            kind: n.kind,
            country: n.country.clone(),
            lat,
            lon,
            handling,
            hub,
        });
    }

    // Nations and caveats.
    let nat_ids = v.ids(f.nations.iter().map(|x| x.id.as_str()), "nations", "nation");
    let kind_names = ["personnel", "equipment", "munitions", "supplies"];
    let countries: HashSet<&str> = f.nodes.iter().map(|n| n.country.as_str()).collect();
    let mut nations = Vec::new();
    for (i, n) in f.nations.iter().enumerate() {
        let p = index_path("nations", i);
        let mut caveats = Vec::new();
        for (j, c) in n.caveats.iter().enumerate() {
            let cp = index_path(&key_path(&p, "caveats"), j);
            let mut applies = vec![c.applies_to.is_empty(); resources.len()];
            let mut applies_to_assets = c.applies_to.is_empty();
            for (k, name) in c.applies_to.iter().enumerate() {
                let ap = index_path(&key_path(&cp, "applies_to"), k);
                if let Some(kind) = kind_names.iter().position(|k| k == name) {
                    let kind = [
                        ResourceKind::Personnel,
                        ResourceKind::Equipment,
                        ResourceKind::Munitions,
                        ResourceKind::Supplies,
                    ][kind];
                    for (r, res) in resources.iter().enumerate() {
                        if res.kind == kind {
                            applies[r] = true;
                        }
                    }
                    applies_to_assets |= kind == ResourceKind::Equipment;
                } else if let Some(&r) = res_ids.map.get(name.as_str()) {
                    applies[r] = true;
                } else if !v.broken.contains(name) {
                    let cands = kind_names
                        .iter()
                        .copied()
                        .chain(res_ids.map.keys().copied());
                    let hint = match did_you_mean(name, cands) {
                        Some(s) => format!("did you mean '{s}'?"),
                        None => "name resource ids or the kinds personnel, equipment, munitions, supplies".into(),
                    };
                    v.err(
                        Code::CaveatTarget,
                        ap,
                        format!("caveat of nation '{}' applies to '{name}', which is neither a resource nor a resource kind", n.id),
                        hint,
                    );
                }
            }
            for (k, country) in c.forbid_countries.iter().enumerate() {
                if !countries.contains(country.as_str()) {
                    let hint = match did_you_mean(country, countries.iter().copied()) {
                        Some(s) => format!("did you mean '{s}'? (country codes as in nodes)"),
                        None => "use the country codes that nodes give".into(),
                    };
                    v.warn(
                        Code::CaveatUnknownCountry,
                        index_path(&key_path(&cp, "forbid_countries"), k),
                        format!(
                            "caveat of nation '{}' forbids country '{country}', which no node is in",
                            n.id
                        ),
                        hint,
                    );
                }
            }
            let mut cnodes = Vec::new();
            for (k, id) in c.forbid_nodes.iter().enumerate() {
                if let Some(x) = v.refer(
                    &node_ids,
                    index_path(&key_path(&cp, "forbid_nodes"), k),
                    id,
                    &format!("caveat of nation '{}' forbids", n.id),
                ) {
                    cnodes.push(x);
                }
            }
            caveats.push(Caveat {
                note: c.note.clone().unwrap_or_default(),
                applies,
                applies_to_assets,
                countries: c.forbid_countries.clone(),
                nodes: cnodes,
                modes: c.forbid_modes.clone(),
            });
        }
        nations.push(Nation {
            id: n.id.clone(),
            name: n.name.clone().unwrap_or_else(|| n.id.clone()),
            caveats,
        });
    }

    // Routes.
    let route_ids = v.ids(f.routes.iter().map(|x| x.id.as_str()), "routes", "route");
    let mut routes = Vec::new();
    for (i, r) in f.routes.iter().enumerate() {
        let p = index_path("routes", i);
        let from = v.refer(
            &node_ids,
            key_path(&p, "from"),
            &r.from,
            &format!("route '{}' starts at", r.id),
        );
        let to = v.refer(
            &node_ids,
            key_path(&p, "to"),
            &r.to,
            &format!("route '{}' goes to", r.id),
        );
        if r.from == r.to {
            v.err(
                Code::SelfLoop,
                key_path(&p, "to"),
                format!("route '{}' goes from '{}' to itself", r.id, r.from),
                "a route must join two different nodes",
            );
        }
        let mi = mode_ix(r.mode);
        let distance_km = match r.distance_km {
            Some(d) => v.num(key_path(&p, "distance_km"), d, 0.0, ABSURD, "distance_km"),
            None => match (from, to) {
                (Some(a), Some(b)) => {
                    let (x, y) = (&nodes[a], &nodes[b]);
                    great_circle_km(x.lat, x.lon, y.lat, y.lon) * detour[mi]
                }
                _ => 0.0,
            },
        };
        let transit = match r.transit_days {
            Some(t) => v.count(
                key_path(&p, "transit_days"),
                t,
                0,
                "transit_days",
                Code::OutOfRange,
            ) as usize,
            None => ((distance_km / (speed[mi] * period_days)).ceil() as usize).max(1),
        };
        let max_trips = r.max_trips_per_day.map(|m| {
            v.count(
                key_path(&p, "max_trips_per_day"),
                m,
                0,
                "max_trips_per_day",
                Code::NoCapacity,
            )
            .min(u32::MAX as i64) as u32
        });
        let mut closed = vec![false; horizon];
        for (k, &d) in r.closed_days.iter().enumerate() {
            let d = v.day(
                index_path(&key_path(&p, "closed_days"), k),
                d,
                horizon,
                "a closed day",
            );
            closed[d] = true;
        }
        routes.push(Route {
            id: r.id.clone(),
            from: from.unwrap_or(0),
            to: to.unwrap_or(0),
            mode: r.mode,
            distance_km,
            transit,
            max_trips,
            cost_per_trip: v.num(
                key_path(&p, "cost_per_trip"),
                r.cost_per_trip.unwrap_or(0.0),
                0.0,
                ABSURD,
                "cost_per_trip",
            ),
            cost_per_tkm: v.num(
                key_path(&p, "cost_per_tkm"),
                r.cost_per_tkm.unwrap_or(0.0),
                0.0,
                ABSURD,
                "cost_per_tkm",
            ),
            threat: v.num(
                key_path(&p, "threat"),
                r.threat.unwrap_or(0.0),
                0.0,
                1.0,
                "threat",
            ),
            closed,
        });
    }

    // Same-day cycles (only among routes whose ends resolved).
    let mut g = DiGraph::<(), usize>::new();
    let gn: Vec<_> = (0..nodes.len()).map(|_| g.add_node(())).collect();
    for (i, r) in routes.iter().enumerate() {
        if r.transit == 0 && r.from != r.to && i < f.routes.len() {
            g.add_edge(gn[r.from], gn[r.to], i);
        }
    }
    for scc in petgraph::algo::kosaraju_scc(&g) {
        if scc.len() > 1 {
            let set: HashSet<_> = scc.iter().collect();
            let members: Vec<usize> = g
                .edge_indices()
                .filter(|&e| {
                    let (a, b) = g.edge_endpoints(e).expect("edge exists");
                    set.contains(&a) && set.contains(&b)
                })
                .map(|e| g[e])
                .collect();
            let names: Vec<&str> = members.iter().map(|&i| routes[i].id.as_str()).collect();
            let first = members.iter().copied().min().unwrap_or(0);
            v.err(
                Code::ZeroDayCycle,
                key_path(&index_path("routes", first), "transit_days"),
                format!(
                    "same-day routes form a cycle: {}",
                    names.join(", ")
                ),
                "goods could circle forever within one day; give one of these routes transit_days >= 1",
            );
        }
    }

    // Fleets.
    let fleet_ids = v.ids(f.fleets.iter().map(|x| x.id.as_str()), "fleets", "fleet");
    let _ = &fleet_ids;
    let mut fleets = Vec::new();
    for (i, fl) in f.fleets.iter().enumerate() {
        let p = index_path("fleets", i);
        let nation = fl.nation.as_ref().and_then(|n| {
            v.refer(
                &nat_ids,
                key_path(&p, "nation"),
                n,
                &format!("fleet '{}' belongs to", fl.id),
            )
        });
        let vehicles = if fl.vehicles < 1 {
            v.err(
                Code::NoCapacity,
                key_path(&p, "vehicles"),
                format!(
                    "fleet '{}' has {} vehicles; a fleet needs at least 1",
                    fl.id, fl.vehicles
                ),
                "give the number of vehicles in the pool, or remove the fleet",
            );
            1
        } else {
            v.count(
                key_path(&p, "vehicles"),
                fl.vehicles,
                1,
                "vehicles",
                Code::NoCapacity,
            )
        };
        let cap = v.num(
            key_path(&p, "capacity_t"),
            fl.capacity_t,
            0.0,
            ABSURD,
            "capacity_t",
        );
        if fl.capacity_t.is_finite() && fl.capacity_t <= 0.0 {
            v.err(
                Code::NoCapacity,
                key_path(&p, "capacity_t"),
                format!("fleet '{}' carries {} t per trip", fl.id, fl.capacity_t),
                "give the tonnes one vehicle carries per trip, a positive number",
            );
        }
        let round_trip_days = fl.round_trip_days.map(|d| {
            v.count(
                key_path(&p, "round_trip_days"),
                d,
                1,
                "round_trip_days",
                Code::OutOfRange,
            ) as usize
        });
        let served: Vec<RouteIx> = match &fl.routes {
            None => (0..routes.len())
                .filter(|&a| routes[a].mode == fl.mode)
                .collect(),
            Some(list) => {
                let mut out = Vec::new();
                for (k, id) in list.iter().enumerate() {
                    let rp = index_path(&key_path(&p, "routes"), k);
                    if let Some(a) = v.refer(
                        &route_ids,
                        rp.clone(),
                        id,
                        &format!("fleet '{}' serves", fl.id),
                    ) {
                        if routes[a].mode != fl.mode {
                            v.err(
                                Code::FleetModeMismatch,
                                rp,
                                format!(
                                    "fleet '{}' is {} {} fleet but route '{}' is {}",
                                    fl.id,
                                    article(fl.mode.as_str()),
                                    fl.mode,
                                    id,
                                    routes[a].mode
                                ),
                                "a fleet serves routes of its own mode only",
                            );
                        } else if !out.contains(&a) {
                            out.push(a);
                        }
                    }
                }
                out
            }
        };
        fleets.push(Fleet {
            id: fl.id.clone(),
            mode: fl.mode,
            nation,
            vehicles: vehicles.min(u32::MAX as i64) as u32,
            capacity_t: cap,
            round_trip_days,
            routes: served,
        });
    }

    // Supplies.
    let mut supplies = Vec::new();
    for (i, s) in f.supplies.iter().enumerate() {
        let p = index_path("supplies", i);
        let nation = v.refer(&nat_ids, key_path(&p, "nation"), &s.nation, "supply from");
        let resource = v.refer(&res_ids, key_path(&p, "resource"), &s.resource, "supply of");
        let origin = v.refer(&node_ids, key_path(&p, "origin"), &s.origin, "supply at");
        if let Some(o) = origin {
            if nodes[o].kind != NodeKind::Origin {
                v.err(
                    Code::WrongNodeKind,
                    key_path(&p, "origin"),
                    format!(
                        "supply starts at '{}', which is {} {} node",
                        s.origin,
                        article(nodes[o].kind.as_str()),
                        nodes[o].kind.as_str()
                    ),
                    "supplies start at origin nodes (depots, garrisons, bases, ports); add an origin there",
                );
            }
        }
        let quantity = v.num_hint(
            key_path(&p, "quantity"),
            s.quantity,
            0.0,
            ABSURD,
            &format!(
                "the quantity of the supply of '{}' from '{}' at '{}'",
                s.resource, s.nation, s.origin
            ),
            "a quantity counts units of the resource and cannot be negative; to supply nothing, remove the entry",
        );
        let day = v.day(
            key_path(&p, "available_day"),
            s.available_day.unwrap_or(0),
            horizon,
            "available_day",
        );
        if let (Some(n), Some(r), Some(o)) = (nation, resource, origin) {
            supplies.push(Supply {
                nation: n,
                resource: r,
                origin: o,
                quantity,
                day,
            });
        }
    }

    // Demands.
    let mut demands = Vec::new();
    // Entry of `demands` in the file for each validated demand.
    let mut demand_src = Vec::new();
    // Times each id is used, and the entry that used it first.
    let mut demand_ids: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, d) in f.demands.iter().enumerate() {
        let p = index_path("demands", i);
        let node = v.refer(&node_ids, key_path(&p, "node"), &d.node, "demand at");
        let resource = v.refer(
            &res_ids,
            key_path(&p, "resource"),
            &d.resource,
            "demand for",
        );
        if let Some(x) = node {
            if !matches!(nodes[x].kind, NodeKind::Sector | NodeKind::Hub) {
                v.err(
                    Code::WrongNodeKind,
                    key_path(&p, "node"),
                    format!(
                        "demand at '{}', which is {} {} node",
                        d.node,
                        article(nodes[x].kind.as_str()),
                        nodes[x].kind.as_str()
                    ),
                    "demands are delivered at sector or hub nodes",
                );
            }
        }
        let quantity = v.num_hint(
            key_path(&p, "quantity"),
            d.quantity,
            0.0,
            ABSURD,
            &match &d.id {
                Some(id) => format!("the quantity of demand '{id}'"),
                None => format!(
                    "the quantity of the demand for '{}' at '{}'",
                    d.resource, d.node
                ),
            },
            "a quantity counts units of the resource and cannot be negative; to demand nothing, remove the entry",
        );
        let earliest = v.day(
            key_path(&p, "earliest_day"),
            d.earliest_day.unwrap_or(0),
            horizon,
            "earliest_day",
        );
        let due = v.day(
            key_path(&p, "due_day"),
            d.due_day.unwrap_or(horizon as i64 - 1),
            horizon,
            "due_day",
        );
        if due < earliest {
            v.err(
                Code::DueBeforeEarliest,
                key_path(&p, "due_day"),
                format!("demand is due on day {due}, before its earliest day {earliest}"),
                "the due day must be on or after earliest_day",
            );
        }
        let priority = v.num(
            key_path(&p, "priority"),
            d.priority.unwrap_or(1.0),
            0.0,
            1e6,
            "priority",
        );
        let base =
            d.id.clone()
                .unwrap_or_else(|| format!("{}/{}", d.node, d.resource));
        let (n, first) = {
            let e = demand_ids.entry(base.clone()).or_insert((0, i));
            e.0 += 1;
            *e
        };
        let id = if n == 1 {
            base
        } else if d.id.is_some() {
            let at = match v.line_of(&index_path("demands", first)) {
                Some(l) => format!("first on line {l}"),
                None => format!("first by entry {} of `demands`", first + 1),
            };
            v.err(
                Code::DuplicateId,
                key_path(&p, "id"),
                format!("demand id '{base}' is used twice ({at}, again here)"),
                "ids must be unique within a section; rename one",
            );
            base
        } else {
            format!("{base}#{n}")
        };
        if let (Some(node), Some(resource)) = (node, resource) {
            demand_src.push(i);
            demands.push(Demand {
                id,
                node,
                resource,
                quantity,
                earliest,
                due: due.max(earliest),
                priority,
                hard: d.hard.unwrap_or(false),
            });
        }
    }

    // Monitoring.
    let mut assets = Vec::new();
    let mut coverage = Vec::new();
    if let Some(m) = &f.monitoring {
        let asset_ids = v.ids(
            m.assets.iter().map(|x| x.id.as_str()),
            "monitoring.assets",
            "monitoring asset",
        );
        for (i, a) in m.assets.iter().enumerate() {
            let p = index_path("monitoring.assets", i);
            let owner = v.refer(
                &nat_ids,
                key_path(&p, "owner"),
                &a.owner,
                &format!("asset '{}' is owned by", a.id),
            );
            let count = v.count(key_path(&p, "count"), a.count, 0, "count", Code::OutOfRange);
            let range_km = a
                .range_km
                .map(|r| v.num(key_path(&p, "range_km"), r, 0.0, 40_100.0, "range_km"));
            let protection = v.count(
                key_path(&p, "protection"),
                a.protection.unwrap_or(0),
                0,
                "protection",
                Code::OutOfRange,
            );
            assets.push(Asset {
                id: a.id.clone(),
                kind: a.kind,
                owner: owner.unwrap_or(0),
                count: count.min(u32::MAX as i64) as u32,
                range_km,
                protection: protection.min(3) as u8,
            });
        }
        for (i, c) in m.coverage.iter().enumerate() {
            let p = index_path("monitoring.coverage", i);
            let sector = v.refer(
                &node_ids,
                key_path(&p, "sector"),
                &c.sector,
                "coverage required at",
            );
            if let Some(s) = sector {
                if nodes[s].kind != NodeKind::Sector {
                    v.err(
                        Code::WrongNodeKind,
                        key_path(&p, "sector"),
                        format!(
                            "coverage required at '{}', which is {} {} node",
                            c.sector,
                            article(nodes[s].kind.as_str()),
                            nodes[s].kind.as_str()
                        ),
                        "monitoring coverage is required at sector nodes",
                    );
                }
            }
            let asset = v.refer(
                &asset_ids,
                key_path(&p, "asset"),
                &c.asset,
                "coverage asks for asset",
            );
            let required = v.count(
                key_path(&p, "required"),
                c.required,
                0,
                "required",
                Code::OutOfRange,
            );
            if let (Some(sector), Some(asset)) = (sector, asset) {
                if let Some(first) = coverage
                    .iter()
                    .position(|c: &Coverage| c.sector == sector && c.asset == asset)
                {
                    v.err(
                        Code::DuplicateId,
                        key_path(&p, "asset"),
                        format!(
                            "sector '{}' already has a coverage requirement for asset '{}' (entry {} of monitoring.coverage)",
                            c.sector,
                            c.asset,
                            first + 1
                        ),
                        "give one requirement per sector and asset; add the counts together",
                    );
                    continue;
                }
                coverage.push(Coverage {
                    sector,
                    asset,
                    required: required.min(u32::MAX as i64) as u32,
                    hard: c.hard.unwrap_or(false),
                });
            }
        }
    }

    // Objective weights.
    let mut weights = Weights::default();
    if let Some(o) = &f.objective {
        let mut w = |x: Option<f64>, field: &str, slot: &mut f64| {
            if let Some(x) = x {
                *slot = v.num(key_path("objective", field), x, 0.0, ABSURD, field);
            }
        };
        w(o.cost, "cost", &mut weights.cost);
        w(o.lateness, "lateness", &mut weights.lateness);
        w(o.shortfall, "shortfall", &mut weights.shortfall);
        w(o.risk, "risk", &mut weights.risk);
        w(
            o.coverage_shortfall,
            "coverage_shortfall",
            &mut weights.coverage_shortfall,
        );
    }

    // Warnings that need no graph search, only for a model without errors: an error usually
    // drops entries, and warnings about what is left would be noise.
    if !v.diags.iter().any(Diagnostic::is_error) {
        for (a, r) in routes.iter().enumerate() {
            if !fleets.iter().any(|fl| fl.routes.contains(&a)) {
                v.warn(
                    Code::RouteWithoutFleet,
                    index_path("routes", a),
                    format!(
                        "no fleet serves route '{}' ({}), so nothing can move on it",
                        r.id, r.mode
                    ),
                    format!(
                        "add {} {} fleet, or list the route in a fleet's `routes`",
                        article(r.mode.as_str()),
                        r.mode
                    ),
                );
            }
        }
        for (x, n) in nodes.iter().enumerate() {
            if n.hub.is_some() && !routes.iter().any(|r| r.to == x) {
                v.warn(
                    Code::HubUnreachable,
                    index_path("nodes", x),
                    format!("no route reaches hub candidate '{}'", n.id),
                    "add a route to it, or remove the candidate",
                );
            }
        }
        for (r, res) in resources.iter().enumerate() {
            let sup: f64 = supplies
                .iter()
                .filter(|s| s.resource == r)
                .map(|s| s.quantity)
                .sum();
            let dem: f64 = demands
                .iter()
                .filter(|d| d.resource == r)
                .map(|d| d.quantity)
                .sum();
            if sup + 1e-9 < dem {
                let first = f
                    .demands
                    .iter()
                    .position(|d| d.resource == res.id)
                    .unwrap_or(0);
                v.warn(
                    Code::SupplyBelowDemand,
                    index_path("demands", first),
                    format!(
                        "total supply of '{}' is {} {u}, below its total demand of {} {u}",
                        res.id,
                        num(sup),
                        num(dem),
                        u = res.unit
                    ),
                    "some demand will be short; add supplies or reduce demands",
                );
            }
        }
        // Storage that must be held at hubs: demand located at hubs against their capacity.
        for (c, class) in storage_classes.iter().enumerate() {
            let cap: f64 = nodes
                .iter()
                .filter_map(|n| n.hub.as_ref())
                .map(|h| h.capacity[c])
                .sum();
            let largest = demands
                .iter()
                .enumerate()
                .filter(|(_, d)| nodes[d.node].hub.is_some() && resources[d.resource].storage == c)
                .map(|(k, d)| (k, d.quantity * resources[d.resource].storage_per_unit))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((k, need)) = largest.filter(|&(_, need)| need > cap + 1e-9) {
                let d = &demands[k];
                v.warn(
                    Code::HubCapacityBelowDemand,
                    index_path("demands", demand_src[k]),
                    format!(
                        "demand '{}' at hub '{}' needs {} {} of storage class '{}', but all hubs together hold {}",
                        d.id,
                        nodes[d.node].id,
                        num(need),
                        class.unit,
                        class.id,
                        num(cap)
                    ),
                    format!(
                        "raise the hubs' `{}` capacity or split the demand",
                        class.id
                    ),
                );
            }
        }
    }

    let has_errors = v.diags.iter().any(Diagnostic::is_error);
    if has_errors {
        // Warnings wait until the errors are fixed: most would be about what the errors
        // dropped or changed.
        v.diags.retain(Diagnostic::is_error);
    }
    for d in &mut v.diags {
        loaded.map.place(d);
    }
    let mut diags = v.diags;
    sort_diagnostics(&mut diags);
    let model = (!has_errors).then(|| Model {
        name: f.name.clone().unwrap_or_else(|| {
            std::path::Path::new(&loaded.file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "model".into())
        }),
        horizon,
        period_days,
        storage_classes,
        resources,
        nations,
        nodes,
        routes,
        fleets,
        supplies,
        demands,
        assets,
        coverage,
        weights,
    });
    let _ = Mode::ALL;
    Validated {
        model,
        diagnostics: diags,
    }
}

/// Sorts diagnostics by file position (unlocated last), errors before warnings at one place.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| {
        (
            d.location
                .as_ref()
                .map_or((usize::MAX, usize::MAX), |l| (l.line, l.col)),
            d.severity,
        )
    });
}
