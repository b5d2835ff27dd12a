//! The `hub` block of a node: only hub candidates have one and every one has it (E2010); its
//! capacities name storage classes and are not all zero (E2015); protection, days and costs.

use super::checker::{Ids, V};
use super::ABSURD;
use crate::diag::{article, Code};
use crate::format::{HubSpec, ModelFile, NodeKind, NodeSpec};
use crate::load::key_path;
use crate::model::{Hub, Node};

/// Validates the hub block of node `n` at `p`; the hub when the node is a hub candidate with
/// a block.
pub(super) fn hub(
    v: &mut V,
    p: &str,
    n: &NodeSpec,
    class_ids: &Ids,
    classes: usize,
) -> Option<Hub> {
    if e2010_hub_block_mismatch(v, p, n) {
        return None;
    }
    let h = n.hub.as_ref()?;
    let hp = key_path(p, "hub");
    let mut capacity = vec![0.0; classes];
    for (c, x) in &h.capacity {
        let cp = key_path(&key_path(&hp, "capacity"), c);
        let x = v.number(cp.clone(), *x, 0.0, ABSURD, "the capacity");
        if let Some(ci) = v.e2002_unknown_reference(
            class_ids,
            cp,
            c,
            &format!("hub '{}' has capacity for", n.id),
        ) {
            capacity[ci] = x;
        }
    }
    e2015_hub_without_capacity(v, &hp, n, h, &capacity);
    let protection =
        v.e2004_protection_level(key_path(&hp, "protection"), h.protection.unwrap_or(1));
    let earliest = v.count(
        key_path(&hp, "earliest_open_day"),
        h.earliest_open_day.unwrap_or(0),
        0,
        "earliest_open_day",
        V::e2006_below_minimum,
    );
    let setup = v.count(
        key_path(&hp, "setup_days"),
        h.setup_days.unwrap_or(0),
        0,
        "setup_days",
        V::e2004_below_minimum,
    );
    Some(Hub {
        capacity,
        protection,
        opening_cost: v.number(
            key_path(&hp, "opening_cost"),
            h.opening_cost.unwrap_or(0.0),
            0.0,
            ABSURD,
            "opening_cost",
        ),
        daily_cost: v.number(
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

/// E2010: a hub block on a node that is not a hub, or a hub without one.
///
/// ## What it checks
/// Node `n` has a `hub` block exactly when it is of kind `hub`. A block on another kind is
/// reported at its key, a missing block at the node's `kind`. Returns whether either is so.
///
/// ## Why it matters
/// Only hub candidates can be opened; a block elsewhere would be ignored, and a candidate
/// without capacities, protection and costs cannot be planned.
///
/// ## Example
/// ```yaml
/// nodes: [{id: lviv, kind: hub, country: UA, lat: 49.8, lon: 24}]
/// ```
fn e2010_hub_block_mismatch(v: &mut V, p: &str, n: &NodeSpec) -> bool {
    match (&n.hub, n.kind) {
        (Some(_), NodeKind::Hub)
        | (None, NodeKind::Origin | NodeKind::Transit | NodeKind::Sector) => false,
        (Some(_), kind) => {
            v.err_at_key(
                Code::HubBlockMismatch,
                key_path(p, "hub"),
                format!(
                    "node '{}' is {} {} node but has a `hub` block",
                    n.id,
                    article(kind.as_str()),
                    kind.as_str()
                ),
                "make it `kind: hub` or remove the block",
            );
            true
        }
        (None, NodeKind::Hub) => {
            v.err(
                Code::HubBlockMismatch,
                key_path(p, "kind"),
                format!("hub candidate '{}' has no `hub` block", n.id),
                "add `hub: {capacity: {...}, protection: 2, opening_cost: ...}`",
            );
            true
        }
    }
}

/// E2015: a hub whose capacities are all zero.
///
/// ## What it checks
/// The `capacity` of hub block `h` of node `n`, when it lists any class, gives at least one
/// storage class (as checked into `capacity`) a positive capacity.
///
/// ## Why it matters
/// A hub that can hold nothing costs money to open and does nothing; it is a slip, most
/// likely a capacity written under the wrong class.
///
/// ## Example
/// ```yaml
/// hub: {capacity: {beds: 0, bays: 0}, protection: 2}
/// ```
fn e2015_hub_without_capacity(v: &mut V, hp: &str, n: &NodeSpec, h: &HubSpec, capacity: &[f64]) {
    if h.capacity.is_empty() || capacity.iter().any(|&c| c != 0.0) {
        return;
    }
    v.err(
        Code::NoCapacity,
        key_path(hp, "capacity"),
        format!("hub '{}' has no positive capacity in any class", n.id),
        "give at least one storage class a positive capacity",
    );
}

/// E2017: a hub fixed open cannot be operational within the horizon.
///
/// ## What it checks
/// Every hub of `nodes` (validated from `f`, entry for entry) with `fixed: true` can finish
/// set-up within the `horizon`: its `earliest_open_day` plus `setup_days` is below it. Only
/// checked when the horizon is valid.
///
/// ## Why it matters
/// `fixed: true` is the planner's decision that the hub is open. A hub that cannot be
/// operational before the horizon ends could only be planned closed, silently overriding
/// that decision while the plan still reports an optimal solution.
///
/// ## Example
/// ```yaml
/// hub: {capacity: {stores: 500}, earliest_open_day: 2, setup_days: 5, fixed: true}   # horizon_days: 3
/// ```
pub(super) fn e2017_fixed_hub_never_operational(
    v: &mut V,
    f: &ModelFile,
    nodes: &[Node],
    horizon: usize,
) {
    if !v.horizon_ok {
        return;
    }
    debug_assert_eq!(f.nodes.len(), nodes.len(), "one node per entry");
    for (i, node) in nodes.iter().enumerate().take(f.nodes.len()) {
        let Some(hub) = &node.hub else { continue };
        if hub.fixed != Some(true) || hub.first_operational_day() < horizon {
            continue;
        }
        let hp = key_path(&crate::load::index_path("nodes", i), "hub");
        let (earliest, setup) = (hub.earliest_open_day, hub.setup_days);
        v.err(
            Code::FixedHubNeverOpen,
            key_path(&hp, "fixed"),
            format!(
                "hub '{}' is fixed open but cannot be operational within the horizon: earliest_open_day {earliest} + setup_days {setup} = day {}, and the last day is {}",
                node.id,
                hub.first_operational_day(),
                horizon.saturating_sub(1)
            ),
            "make set-up end before the horizon (an earlier earliest_open_day, fewer setup_days, or a longer horizon_days), or remove `fixed: true`",
        );
    }
}
