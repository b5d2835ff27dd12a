//! The section `supplies`: nation, resource and origin (E2002), the origin an origin node
//! (E2013), quantity and day available (E2006).

use super::checker::{Ids, V};
use super::nodes::{e2013_wrong_node_kind, NodeUse};
use super::ABSURD;
use crate::format::ModelFile;
use crate::load::{index_path, key_path};
use crate::model::{Node, Supply};

/// The sections a supply refers to.
pub(super) struct SupplyRefs<'a> {
    /// The nations' ids.
    pub(super) nation_ids: &'a Ids<'a>,
    /// The resources' ids.
    pub(super) resource_ids: &'a Ids<'a>,
    /// The nodes' ids.
    pub(super) node_ids: &'a Ids<'a>,
    /// The nodes.
    pub(super) nodes: &'a [Node],
}

/// Validates `supplies`; those whose references all resolve make up the model's supplies.
pub(super) fn supplies(v: &mut V, f: &ModelFile, refs: &SupplyRefs, horizon: usize) -> Vec<Supply> {
    let mut supplies = Vec::new();
    for (i, s) in f.supplies.iter().enumerate() {
        let p = index_path("supplies", i);
        let nation = v.e2002_unknown_reference(
            refs.nation_ids,
            key_path(&p, "nation"),
            &s.nation,
            "supply from",
        );
        let resource = v.e2002_unknown_reference(
            refs.resource_ids,
            key_path(&p, "resource"),
            &s.resource,
            "supply of",
        );
        let origin = v.e2002_unknown_reference(
            refs.node_ids,
            key_path(&p, "origin"),
            &s.origin,
            "supply at",
        );
        e2013_wrong_node_kind(
            v,
            key_path(&p, "origin"),
            origin.map(|o| &refs.nodes[o]),
            &s.origin,
            NodeUse::SupplyOrigin,
        );
        let quantity = v.number_hint(
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
        let day = v.e2006_day_outside_horizon(
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
    supplies
}
