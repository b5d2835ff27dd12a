//! The section `routes`: ends (E2002), no self-loops (E2008), distances and transit times
//! derived where left out, trips, costs, threat, closed days (E2006), and no cycle of
//! same-day routes (E2009).

use std::collections::HashSet;

use petgraph::graph::DiGraph;

use super::checker::{Ids, V};
use super::settings::Settings;
use super::ABSURD;
use crate::diag::Code;
use crate::format::{ModelFile, RouteSpec};
use crate::load::{index_path, key_path};
use crate::model::{great_circle_km, mode_ix, Node, Route};

/// Validates `routes` between the nodes, then checks them for same-day cycles.
pub(super) fn routes<'f>(
    v: &mut V,
    f: &'f ModelFile,
    node_ids: &Ids,
    nodes: &[Node],
    settings: &Settings,
) -> (Ids<'f>, Vec<Route>) {
    let ids = v.section_ids(f.routes.iter().map(|x| x.id.as_str()), "routes", "route");
    let routes: Vec<Route> = f
        .routes
        .iter()
        .enumerate()
        .map(|(i, r)| route(v, &index_path("routes", i), r, node_ids, nodes, settings))
        .collect();
    e2009_zero_day_cycle(v, &routes, nodes.len());
    (ids, routes)
}

/// Validates route `r` at `p`.
fn route(
    v: &mut V,
    p: &str,
    r: &RouteSpec,
    node_ids: &Ids,
    nodes: &[Node],
    settings: &Settings,
) -> Route {
    let from = v.e2002_unknown_reference(
        node_ids,
        key_path(p, "from"),
        &r.from,
        &format!("route '{}' starts at", r.id),
    );
    let to = v.e2002_unknown_reference(
        node_ids,
        key_path(p, "to"),
        &r.to,
        &format!("route '{}' goes to", r.id),
    );
    e2008_self_loop(v, p, r);
    let (distance_km, transit) = distance_and_transit(v, p, r, (from, to), nodes, settings);
    let max_trips = r.max_trips_per_day.map(|m| {
        v.count_u32(
            key_path(p, "max_trips_per_day"),
            m,
            0,
            "max_trips_per_day",
            V::e2015_below_minimum,
        )
    });
    let mut closed = vec![false; settings.horizon];
    for (k, &d) in r.closed_days.iter().enumerate() {
        let d = v.e2006_day_outside_horizon(
            index_path(&key_path(p, "closed_days"), k),
            d,
            settings.horizon,
            "a closed day",
        );
        closed[d] = true;
    }
    Route {
        id: r.id.clone(),
        from: from.unwrap_or(0),
        to: to.unwrap_or(0),
        mode: r.mode,
        distance_km,
        transit,
        max_trips,
        cost_per_trip: v.number(
            key_path(p, "cost_per_trip"),
            r.cost_per_trip.unwrap_or(0.0),
            0.0,
            ABSURD,
            "cost_per_trip",
        ),
        cost_per_tkm: v.number(
            key_path(p, "cost_per_tkm"),
            r.cost_per_tkm.unwrap_or(0.0),
            0.0,
            ABSURD,
            "cost_per_tkm",
        ),
        threat: v.number(
            key_path(p, "threat"),
            r.threat.unwrap_or(0.0),
            0.0,
            1.0,
            "threat",
        ),
        closed,
    }
}

/// The distance and transit days of route `r` at `p`, as given or derived: the great-circle
/// distance between its ends (`ends`, when both resolved) times the mode's detour factor, and
/// the days that take at the mode's speed, at least 1.
fn distance_and_transit(
    v: &mut V,
    p: &str,
    r: &RouteSpec,
    ends: (Option<usize>, Option<usize>),
    nodes: &[Node],
    settings: &Settings,
) -> (f64, usize) {
    let mi = mode_ix(r.mode);
    let distance_km = match r.distance_km {
        Some(d) => v.number(key_path(p, "distance_km"), d, 0.0, ABSURD, "distance_km"),
        None => match ends {
            (Some(a), Some(b)) => {
                let (x, y) = (&nodes[a], &nodes[b]);
                great_circle_km(x.lat, x.lon, y.lat, y.lon) * settings.detour[mi]
            }
            _ => 0.0,
        },
    };
    let transit = match r.transit_days {
        Some(t) => v.count(
            key_path(p, "transit_days"),
            t,
            0,
            "transit_days",
            V::e2004_below_minimum,
        ) as usize,
        None => {
            ((distance_km / (settings.speed[mi] * settings.period_days)).ceil() as usize).max(1)
        }
    };
    (distance_km, transit)
}

/// E2008: a route goes from a node to itself.
///
/// ## What it checks
/// The `from` and `to` of route `r` at `p` differ.
///
/// ## Why it matters
/// A route from a node to itself moves nothing anywhere; it is a slip in one of its ends.
///
/// ## Example
/// ```yaml
/// routes: [{id: r1, from: rzeszow, to: rzeszow, mode: road}]
/// ```
fn e2008_self_loop(v: &mut V, p: &str, r: &RouteSpec) {
    if r.from != r.to {
        return;
    }
    v.err(
        Code::SelfLoop,
        key_path(p, "to"),
        format!("route '{}' goes from '{}' to itself", r.id, r.from),
        "a route must join two different nodes",
    );
}

/// E2009: same-day routes form a cycle.
///
/// ## What it checks
/// The routes with `transit_days: 0`, as a graph over the `nodes` nodes, form no cycle. Each
/// cycle is reported once, at the `transit_days` of its first route.
///
/// ## Why it matters
/// Goods could circle such a cycle any number of times within one day, which makes the
/// time-expanded network unbounded.
///
/// ## Example
/// ```yaml
/// routes: [{id: ab, from: a, to: b, mode: road, transit_days: 0}, {id: ba, from: b, to: a, mode: road, transit_days: 0}]
/// ```
fn e2009_zero_day_cycle(v: &mut V, routes: &[Route], nodes: usize) {
    let mut g = DiGraph::<(), usize>::new();
    let gn: Vec<_> = (0..nodes).map(|_| g.add_node(())).collect();
    for (i, r) in routes.iter().enumerate() {
        if r.transit == 0 && r.from != r.to {
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
                format!("same-day routes form a cycle: {}", names.join(", ")),
                "goods could circle forever within one day; give one of these routes transit_days >= 1",
            );
        }
    }
}
