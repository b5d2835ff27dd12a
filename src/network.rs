//! The transport graph (petgraph) and the per-commodity time windows that prune the MIP.
//!
//! Every model node is one graph vertex, except a transit node with handling, which is split in
//! two: arrivals land on its *in* vertex, a handling edge (delay = handling days) leads to its
//! *out* vertex, and departures leave from there. Route edges carry their transit days.
//!
//! For each commodity k = (nation, resource) two shortest-path sweeps over the edges k may use
//! (caveats, fleets that carry its nation) give, per vertex, the earliest day k can be there
//! (from its supplies) and the latest day from which it can still reach a demand for its
//! resource by that demand's last delivery day. A variable of k outside that window can never
//! carry anything useful, so the formulation does not create it.

use std::collections::HashMap;
use std::fmt::Write as _;

use petgraph::algo::dijkstra;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::{Dfs, EdgeFiltered, EdgeRef, IntoNeighbors, Reversed, Visitable};

use crate::format::{Mode, NodeKind};
use crate::model::{Model, NationIx, NodeIx, ResIx, RouteIx};

/// A vertex of the transport graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vertex {
    /// A model node without handling.
    Place(NodeIx),
    /// Arrival side of a transit node with handling.
    HandlingIn(NodeIx),
    /// Departure side of a transit node with handling.
    HandlingOut(NodeIx),
}

impl Vertex {
    /// The model node this vertex belongs to.
    pub fn node(self) -> NodeIx {
        match self {
            Vertex::Place(v) | Vertex::HandlingIn(v) | Vertex::HandlingOut(v) => v,
        }
    }
}

/// An edge of the transport graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// A route.
    Route(RouteIx),
    /// Handling inside a transit node.
    Handling(NodeIx),
}

/// A commodity: one nation's units of one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Commodity {
    /// Owning nation.
    pub nation: NationIx,
    /// Resource.
    pub resource: ResIx,
}

/// Per-commodity time windows: for each graph vertex, earliest and latest useful day.
#[derive(Debug, Clone)]
pub struct Windows {
    /// Earliest day the commodity can arrive at each vertex from its supplies (`None`: no
    /// path), even when that is after the horizon or too late to be of use: the diagnostics
    /// that explain a late demand need it.
    pub arrival: Vec<Option<usize>>,
    /// Earliest day the commodity can usefully be at each vertex (`None`: never): the
    /// arrival, when it lies within the horizon and no later than [`Windows::latest`].
    pub earliest: Vec<Option<usize>>,
    /// Latest day from which the commodity at each vertex can still meet a demand.
    pub latest: Vec<Option<usize>>,
    /// Whether the commodity may use each edge (caveats, fleets).
    pub allowed: Vec<bool>,
}

impl Windows {
    /// Whether the commodity can usefully be at vertex `g` on day `t`.
    pub fn open(&self, g: NodeIndex, t: usize) -> bool {
        matches!((self.earliest[g.index()], self.latest[g.index()]), (Some(e), Some(l)) if e <= t && t <= l)
    }
}

/// The vertices of `graph` that a depth-first search from `from` reaches, as a flag per vertex
/// index (`n` vertices).
fn reached<G>(graph: G, from: &[NodeIndex], n: usize) -> Vec<bool>
where
    G: IntoNeighbors<NodeId = NodeIndex> + Visitable<NodeId = NodeIndex>,
{
    let mut dfs = Dfs::empty(graph);
    dfs.stack.extend_from_slice(from);
    let mut seen = vec![false; n];
    while let Some(g) = dfs.next(graph) {
        seen[g.index()] = true;
    }
    seen
}

/// The transport graph of a model with its commodities and their windows.
#[derive(Debug, Clone)]
pub struct Network {
    /// The graph.
    pub graph: DiGraph<Vertex, Edge>,
    /// Vertex where arrivals at each model node land.
    pub arrive: Vec<NodeIndex>,
    /// Vertex from which departures from each model node leave.
    pub depart: Vec<NodeIndex>,
    /// Graph edge of each route.
    pub route_edge: Vec<EdgeIndex>,
    /// Handling edge of each transit node with handling.
    pub handling_edge: HashMap<NodeIx, EdgeIndex>,
    /// Commodities, sorted (nation, resource).
    pub commodities: Vec<Commodity>,
    /// Windows per commodity, parallel to `commodities`.
    pub windows: Vec<Windows>,
}

/// The model's commodities: the (nation, resource) pairs that occur in its supplies, in sorted
/// order. Commodity `k` of a network, a formulation and its column names is entry `k`.
pub fn commodities(model: &Model) -> Vec<Commodity> {
    let mut ks: Vec<Commodity> = model
        .supplies
        .iter()
        .map(|s| Commodity {
            nation: s.nation,
            resource: s.resource,
        })
        .collect();
    ks.sort();
    ks.dedup();
    ks
}

impl Network {
    /// Builds the graph and every commodity's windows.
    pub fn build(model: &Model) -> Network {
        let mut graph = DiGraph::new();
        let mut arrive = Vec::with_capacity(model.nodes.len());
        let mut depart = Vec::with_capacity(model.nodes.len());
        let mut handling_edge = HashMap::new();
        let mut pending = Vec::new();
        for (v, node) in model.nodes.iter().enumerate() {
            if node.handling.is_some() {
                let a = graph.add_node(Vertex::HandlingIn(v));
                let b = graph.add_node(Vertex::HandlingOut(v));
                arrive.push(a);
                depart.push(b);
                pending.push((v, a, b));
            } else {
                let a = graph.add_node(Vertex::Place(v));
                arrive.push(a);
                depart.push(a);
            }
        }
        for (v, a, b) in pending {
            handling_edge.insert(v, graph.add_edge(a, b, Edge::Handling(v)));
        }
        let route_edge = model
            .routes
            .iter()
            .enumerate()
            .map(|(i, r)| graph.add_edge(depart[r.from], arrive[r.to], Edge::Route(i)))
            .collect();
        let commodities = commodities(model);
        let mut net = Network {
            graph,
            arrive,
            depart,
            route_edge,
            handling_edge,
            commodities,
            windows: Vec::new(),
        };
        net.windows = net
            .commodities
            .iter()
            .map(|&k| net.compute_windows(model, k))
            .collect();
        net
    }

    /// Whether commodity `k` may traverse edge `e`.
    fn edge_allowed(&self, model: &Model, k: Commodity, e: Edge) -> bool {
        match e {
            Edge::Route(a) => {
                model.may_use_route(k.nation, k.resource, a)
                    && model
                        .fleets
                        .iter()
                        .enumerate()
                        .any(|(f, fl)| fl.routes.contains(&a) && model.fleet_carries(f, k.nation))
            }
            Edge::Handling(v) => model.may_enter(k.nation, k.resource, v),
        }
    }

    fn edge_days(model: &Model, e: Edge) -> usize {
        match e {
            Edge::Route(a) => model.routes[a].transit,
            Edge::Handling(v) => model.nodes[v].handling.map_or(0, |h| h.days),
        }
    }

    /// The two shortest-path sweeps for one commodity.
    fn compute_windows(&self, model: &Model, k: Commodity) -> Windows {
        let h = model.horizon;
        let allowed: Vec<bool> = self
            .graph
            .edge_references()
            .map(|e| self.edge_allowed(model, k, *e.weight()))
            .collect();
        // Commodity graph: allowed edges weighted by days, plus a source and a sink vertex.
        let mut g: DiGraph<(), usize> = self.graph.filter_map(
            |_, _| Some(()),
            |e, w| allowed[e.index()].then(|| Self::edge_days(model, *w)),
        );
        let source = g.add_node(());
        let sink = g.add_node(());
        for s in &model.supplies {
            if s.nation == k.nation
                && s.resource == k.resource
                && model.may_enter(k.nation, k.resource, s.origin)
            {
                g.add_edge(source, self.depart[s.origin], s.day);
            }
        }
        for d in &model.demands {
            if d.resource == k.resource && model.may_enter(k.nation, k.resource, d.node) {
                g.add_edge(self.arrive[d.node], sink, h - 1 - d.last_day(h));
            }
        }
        let n = self.graph.node_count();
        let fwd = dijkstra(&g, source, None, |e| *e.weight());
        let bwd = dijkstra(Reversed(&g), sink, None, |e| *e.weight());
        let arrival: Vec<Option<usize>> = (0..n)
            .map(|i| fwd.get(&NodeIndex::new(i)).copied())
            .collect();
        let mut earliest = vec![None; n];
        let mut latest = vec![None; n];
        for i in 0..n {
            let ix = NodeIndex::new(i);
            earliest[i] = arrival[i].filter(|&d| d < h);
            latest[i] = bwd.get(&ix).and_then(|&d| (h - 1).checked_sub(d));
            if let (Some(e), Some(l)) = (earliest[i], latest[i]) {
                if e > l {
                    earliest[i] = None;
                    latest[i] = None;
                }
            }
        }
        Windows {
            arrival,
            earliest,
            latest,
            allowed,
        }
    }

    /// Index of a commodity.
    pub fn commodity_ix(&self, k: Commodity) -> Option<usize> {
        self.commodities.binary_search(&k).ok()
    }

    /// **Hub separators** of the demands for `resource` at model node `node`: sets of hubs
    /// such that every path the resource can take from any of its supplies to `node` passes
    /// through at least one hub of the set (so nothing reaches `node` unless one of them is
    /// operational). Two are returned when they exist: the *first* hubs on the paths (a
    /// forward search from the supplies that stops at hubs) and the *last* ones (a backward
    /// search from `node` that stops at hubs; `{node}` when `node` is a hub). Empty when some
    /// path avoids every hub. Paths use the vertices and edges some commodity of the resource
    /// may use (its windows); a supply's own node does not count as a hub on its paths.
    pub fn hub_separators(&self, model: &Model, node: NodeIx, resource: ResIx) -> Vec<Vec<NodeIx>> {
        let n = self.graph.node_count();
        let ks: Vec<usize> = (0..self.commodities.len())
            .filter(|&k| self.commodities[k].resource == resource)
            .collect();
        let usable: Vec<bool> = (0..n)
            .map(|g| {
                ks.iter().any(|&k| {
                    self.windows[k].earliest[g].is_some() && self.windows[k].latest[g].is_some()
                })
            })
            .collect();
        let edge_ok = |e: petgraph::graph::EdgeReference<'_, Edge>| {
            usable[e.source().index()]
                && usable[e.target().index()]
                && ks.iter().any(|&k| self.windows[k].allowed[e.id().index()])
        };
        let mut origin = vec![false; n];
        for s in model.supplies.iter().filter(|s| s.resource == resource) {
            origin[self.depart[s.origin].index()] = true;
        }
        let is_hub = |g: usize| {
            !origin[g]
                && model.nodes[self.graph[NodeIndex::new(g)].node()]
                    .hub
                    .is_some()
        };
        let target = self.arrive[node];
        if !usable[target.index()] {
            return Vec::new();
        }
        // The vertices reached from the supplies (forward) or from `node` (backward) over the
        // usable edges; with `stop`, not beyond a hub (the hubs themselves are reached).
        let origins: Vec<NodeIndex> = (0..n)
            .filter(|&g| origin[g] && usable[g])
            .map(NodeIndex::new)
            .collect();
        let search = |forward: bool, stop: bool| {
            let g = EdgeFiltered::from_fn(&self.graph, |e| {
                let inner = if forward { e.source() } else { e.target() };
                edge_ok(e) && !(stop && is_hub(inner.index()))
            });
            if forward {
                reached(&g, &origins, n)
            } else {
                reached(Reversed(&g), &[target], n)
            }
        };
        let hubs_in =
            |seen: &[bool]| -> Vec<usize> { (0..n).filter(|&g| seen[g] && is_hub(g)).collect() };
        let (reach, back) = (search(true, false), search(false, false));
        let reach_stopped = search(true, true);
        if reach_stopped[target.index()] && !is_hub(target.index()) {
            return Vec::new();
        }
        let (first, last) = (hubs_in(&reach_stopped), hubs_in(&search(false, true)));
        let mut out: Vec<Vec<NodeIx>> = Vec::new();
        for (hubs, keep) in [(first, &back), (last, &reach)] {
            let mut set: Vec<NodeIx> = hubs
                .into_iter()
                .filter(|&g| keep[g])
                .map(|g| self.graph[NodeIndex::new(g)].node())
                .collect();
            set.sort_unstable();
            set.dedup();
            if !set.is_empty() && !out.contains(&set) {
                out.push(set);
            }
        }
        out
    }

    /// The transport graph in Graphviz DOT: nodes by kind, routes by mode with transit days.
    pub fn to_dot(&self, model: &Model) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "digraph \"{}\" {{", esc(&model.name));
        let _ = writeln!(out, "  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];");
        for node in &model.nodes {
            let (shape, color) = match node.kind {
                NodeKind::Origin => ("box", "#0072B2"),
                NodeKind::Transit => ("diamond", "#999999"),
                NodeKind::Hub => ("doubleoctagon", "#D55E00"),
                NodeKind::Sector => ("ellipse", "#009E73"),
            };
            let mut label = format!(
                "{}\\n{} ({})",
                esc(&node.name),
                node.kind.as_str(),
                esc(&node.country)
            );
            if let Some(hd) = node.handling {
                let _ = write!(label, "\\nhandling {} t/day, {} d", hd.t_per_day, hd.days);
            }
            if let Some(hub) = &node.hub {
                let _ = write!(label, "\\nprotection {}", hub.protection);
            }
            let _ = writeln!(
                out,
                "  \"{}\" [label=\"{}\", shape={shape}, color=\"{color}\", pos=\"{:.3},{:.3}!\"];",
                esc(&node.id),
                label,
                node.lon,
                node.lat
            );
        }
        for r in &model.routes {
            let color = match r.mode {
                Mode::Road => "#E69F00",
                Mode::Rail => "#000000",
                Mode::Air => "#56B4E9",
                Mode::Sea => "#0072B2",
            };
            let style = if r.mode == Mode::Air {
                "dashed"
            } else {
                "solid"
            };
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [label=\"{} ({}, {} d, {:.0} km)\", color=\"{color}\", style={style}];",
                esc(&model.nodes[r.from].id),
                esc(&model.nodes[r.to].id),
                esc(&r.id),
                r.mode,
                r.transit,
                r.distance_km
            );
        }
        out.push_str("}\n");
        out
    }
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
