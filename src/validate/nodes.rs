//! The section `nodes`: ids, coordinates, handling at transit nodes (E2011, E2015) and the
//! hub blocks of hub candidates (in [`super::hubs`]). Also the rule that a node referred to
//! elsewhere is of the kind that use needs (E2013).

use super::checker::{Ids, V};
use super::hubs::hub;
use super::ABSURD;
use crate::diag::{article, Code};
use crate::format::{ModelFile, NodeKind, NodeSpec};
use crate::load::{index_path, key_path};
use crate::model::{Handling, Node};

/// Validates `nodes`, with the storage classes their hub blocks give capacity for.
pub(super) fn nodes<'f>(
    v: &mut V,
    f: &'f ModelFile,
    class_ids: &Ids,
    classes: usize,
) -> (Ids<'f>, Vec<Node>) {
    let ids = v.section_ids(f.nodes.iter().map(|x| x.id.as_str()), "nodes", "node");
    let mut nodes = Vec::new();
    for (i, n) in f.nodes.iter().enumerate() {
        let p = index_path("nodes", i);
        let lat = v.number(key_path(&p, "lat"), n.lat, -90.0, 90.0, "latitude");
        let lon = v.number(key_path(&p, "lon"), n.lon, -180.0, 180.0, "longitude");
        let handling = handling(v, &p, n);
        let hub = hub(v, &p, n, class_ids, classes);
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
    (ids, nodes)
}

/// Validates the handling fields of node `n` at `p`, if it has any.
fn handling(v: &mut V, p: &str, n: &NodeSpec) -> Option<Handling> {
    if n.handling_t_per_day.is_none() && n.handling_days.is_none() {
        return None;
    }
    e2011_handling_not_transit(v, p, n);
    let t = match n.handling_t_per_day {
        Some(c) => {
            let c = v.number(
                key_path(p, "handling_t_per_day"),
                c,
                0.0,
                ABSURD,
                "handling_t_per_day",
            );
            e2015_no_handling_capacity(v, p, n, c);
            c
        }
        None => f64::INFINITY,
    };
    let d = v.count(
        key_path(p, "handling_days"),
        n.handling_days.unwrap_or(0),
        0,
        "handling_days",
        V::e2004_below_minimum,
    );
    Some(Handling {
        t_per_day: t,
        days: d as usize,
    })
}

/// E2011: handling capacity on a node that is not a transit node.
///
/// ## What it checks
/// A node with `handling_t_per_day` or `handling_days` is of kind `transit`.
///
/// ## Why it matters
/// Handling limits and delays are applied at transit nodes only; on any other node they would
/// be ignored, which is surely not what was meant.
///
/// ## Example
/// ```yaml
/// nodes: [{id: rzeszow, kind: hub, country: PL, lat: 50, lon: 22, handling_days: 1}]
/// ```
fn e2011_handling_not_transit(v: &mut V, p: &str, n: &NodeSpec) {
    if n.kind == NodeKind::Transit {
        return;
    }
    let field = if n.handling_t_per_day.is_some() {
        "handling_t_per_day"
    } else {
        "handling_days"
    };
    v.err(
        Code::HandlingNotTransit,
        key_path(p, field),
        format!(
            "node '{}' is {} {} node but has handling data",
            n.id,
            article(n.kind.as_str()),
            n.kind.as_str()
        ),
        "handling applies to transit nodes only; make it `kind: transit` or remove the field",
    );
}

/// E2015: a transit node that can handle nothing.
///
/// ## What it checks
/// `handling_t_per_day` of node `n`, checked as a number to `t`, is not 0.
///
/// ## Why it matters
/// All flow through a transit node with handling passes through it: a capacity of 0 blocks
/// every route through the node. Leaving the field out means unlimited handling.
///
/// ## Example
/// ```yaml
/// nodes: [{id: medyka, kind: transit, country: PL, lat: 49.8, lon: 22.9, handling_t_per_day: 0}]
/// ```
fn e2015_no_handling_capacity(v: &mut V, p: &str, n: &NodeSpec, t: f64) {
    if t != 0.0 {
        return;
    }
    v.err(
        Code::NoCapacity,
        key_path(p, "handling_t_per_day"),
        format!(
            "transit node '{}' can handle 0 tonnes a day, so nothing can pass",
            n.id
        ),
        "give a positive capacity or remove the field for unlimited handling",
    );
}

/// A use of a node that needs nodes of some kinds: E2013 checks each.
#[derive(Debug, Clone, Copy)]
pub(super) enum NodeUse {
    /// The `origin` of a supply: an origin node.
    SupplyOrigin,
    /// The `node` of a demand: a sector or a hub.
    Demand,
    /// The `sector` of a monitoring coverage requirement: a sector.
    Coverage,
}

impl NodeUse {
    /// The kinds of node this use accepts.
    fn kinds(self) -> &'static [NodeKind] {
        match self {
            NodeUse::SupplyOrigin => &[NodeKind::Origin],
            NodeUse::Demand => &[NodeKind::Sector, NodeKind::Hub],
            NodeUse::Coverage => &[NodeKind::Sector],
        }
    }

    /// How the message starts, before the node's id.
    fn context(self) -> &'static str {
        match self {
            NodeUse::SupplyOrigin => "supply starts at",
            NodeUse::Demand => "demand at",
            NodeUse::Coverage => "coverage required at",
        }
    }

    /// How to fix it.
    fn hint(self) -> &'static str {
        match self {
            NodeUse::SupplyOrigin => {
                "supplies start at origin nodes (depots, garrisons, bases, ports); add an origin there"
            }
            NodeUse::Demand => "demands are delivered at sector or hub nodes",
            NodeUse::Coverage => "monitoring coverage is required at sector nodes",
        }
    }
}

/// E2013: a node of the wrong kind for this use.
///
/// ## What it checks
/// The node `node`, referred to as `id` at `path`, is of a kind that `role` accepts: a
/// supply's `origin` is an origin node, a demand's `node` a sector or a hub, a coverage
/// requirement's `sector` a sector. `node` is `None` when the reference did not resolve
/// (E2002 said so), and then nothing is checked.
///
/// ## Why it matters
/// The formulation creates supply only at origins, demand only at sectors and hubs and
/// coverage only at sectors; an entry at another kind of node would be dropped from the plan.
///
/// ## Example
/// ```yaml
/// supplies: [{nation: pl, resource: fuel, origin: kyiv-sector, quantity: 100}]
/// ```
pub(super) fn e2013_wrong_node_kind(
    v: &mut V,
    path: String,
    node: Option<&Node>,
    id: &str,
    role: NodeUse,
) {
    let Some(node) = node else { return };
    if role.kinds().contains(&node.kind) {
        return;
    }
    v.err(
        Code::WrongNodeKind,
        path,
        format!(
            "{} '{id}', which is {} {} node",
            role.context(),
            article(node.kind.as_str()),
            node.kind.as_str()
        ),
        role.hint(),
    );
}
