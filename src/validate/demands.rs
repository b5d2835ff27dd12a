//! The section `demands`: node and resource (E2002), the node a sector or hub (E2013),
//! quantity, days inside the horizon (E2006) and in order (E2007), priority, and ids unique
//! (E2001) or numbered when left out.

use std::collections::{HashMap, HashSet};

use super::checker::{Ids, V};
use super::nodes::{e2013_wrong_node_kind, NodeUse};
use super::ABSURD;
use crate::diag::Code;
use crate::format::{DemandSpec, ModelFile};
use crate::load::{index_path, key_path};
use crate::model::{Demand, Node};

/// The validated demands.
pub(super) struct Demands {
    /// The demands whose node and resource resolved.
    pub(super) demands: Vec<Demand>,
    /// The entry of `demands` in the file of each validated demand.
    pub(super) src: Vec<usize>,
}

/// Validates `demands` against the nodes and the resources.
pub(super) fn demands(
    v: &mut V,
    f: &ModelFile,
    node_ids: &Ids,
    nodes: &[Node],
    resource_ids: &Ids,
    horizon: usize,
) -> Demands {
    let mut out = Demands {
        demands: Vec::new(),
        src: Vec::new(),
    };
    // Times each id is used, and the entry that used it first.
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    // Every id given so far, own or numbered, so that numbering skips those taken.
    let mut taken: HashSet<String> = HashSet::new();
    // The numbered ids, each with the entry that got it.
    let mut numbered: HashMap<String, usize> = HashMap::new();
    for (i, d) in f.demands.iter().enumerate() {
        let p = index_path("demands", i);
        let node = v.e2002_unknown_reference(node_ids, key_path(&p, "node"), &d.node, "demand at");
        let resource = v.e2002_unknown_reference(
            resource_ids,
            key_path(&p, "resource"),
            &d.resource,
            "demand for",
        );
        e2013_wrong_node_kind(
            v,
            key_path(&p, "node"),
            node.map(|x| &nodes[x]),
            &d.node,
            NodeUse::Demand,
        );
        let quantity = v.number_hint(
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
        let earliest = v.e2006_day_outside_horizon(
            key_path(&p, "earliest_day"),
            d.earliest_day.unwrap_or(0),
            horizon,
            "earliest_day",
        );
        let due = v.e2006_day_outside_horizon(
            key_path(&p, "due_day"),
            d.due_day.unwrap_or(horizon as i64 - 1),
            horizon,
            "due_day",
        );
        e2007_due_before_earliest(v, &p, due, earliest);
        let priority = v.number(
            key_path(&p, "priority"),
            d.priority.unwrap_or(1.0),
            0.0,
            1e6,
            "priority",
        );
        let id = demand_id(v, &mut seen, &mut taken, i, d);
        if d.id.is_none() && id != base_id(d) {
            numbered.insert(id.clone(), i);
        }
        if let (Some(node), Some(resource)) = (node, resource) {
            out.src.push(i);
            out.demands.push(Demand {
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
    e2001_demand_id_taken_by_numbering(v, f, &numbered);
    out
}

/// The id demand `d` would have before numbering: its own, or `<node>/<resource>`.
fn base_id(d: &DemandSpec) -> String {
    d.id.clone()
        .unwrap_or_else(|| format!("{}/{}", d.node, d.resource))
}

/// The id of demand `d`, entry `i`: its own, or `<node>/<resource>`, numbered `#2`, `#3`, ...
/// when that is used again. `seen` counts the uses of each id and keeps the first entry;
/// `taken` holds the ids given so far to demands without one, which numbering skips.
fn demand_id(
    v: &mut V,
    seen: &mut HashMap<String, (usize, usize)>,
    taken: &mut HashSet<String>,
    i: usize,
    d: &DemandSpec,
) -> String {
    let base = base_id(d);
    let (n, first) = {
        let e = seen.entry(base.clone()).or_insert((0, i));
        e.0 += 1;
        *e
    };
    if d.id.is_some() {
        if n > 1 {
            e2001_duplicate_demand_id(v, i, d, &base, first);
        }
        return base;
    }
    // A demand without an id: `base`, or numbered when `base` is used again. Numbers skip
    // those another demand without an id already has (one whose node or resource id itself
    // ends in `#2`, say), so that these ids never clash; clashes with a demand's own id are
    // E2001 (`e2001_demand_id_taken_by_numbering`).
    let first_try = if n == 1 {
        base.clone()
    } else {
        format!("{base}#{n}")
    };
    let id = std::iter::once(first_try)
        .chain((n.max(2)..).map(|k| format!("{base}#{k}")))
        .find(|c| !taken.contains(c))
        .expect("some number is free");
    taken.insert(id.clone());
    id
}

/// E2001: a demand's own id is the id a demand without one is numbered with.
///
/// ## What it checks
/// No demand of `f` has as its own `id` one of the `numbered` ids (each with its entry): the
/// ids `<node>/<resource>#2`, `#3`, ... that demands without `id` get when `<node>/<resource>`
/// is taken.
///
/// ## Why it matters
/// Two demands would share an id, wherever in the section each stands; the schedule and the
/// reports could not tell them apart, and the solve would fail.
///
/// ## Example
/// ```yaml
/// demands: [{node: lviv, resource: rations, quantity: 10}, {node: lviv, resource: rations, quantity: 5}, {id: "lviv/rations#2", node: kyiv, resource: rations, quantity: 5}]
/// ```
fn e2001_demand_id_taken_by_numbering(v: &mut V, f: &ModelFile, numbered: &HashMap<String, usize>) {
    for (i, d) in f.demands.iter().enumerate() {
        let Some(id) = &d.id else { continue };
        let Some(&j) = numbered.get(id) else { continue };
        let at = match v.line_of(&index_path("demands", j)) {
            Some(l) => format!("on line {l}"),
            None => format!("(entry {} of `demands`)", j + 1),
        };
        v.err(
            Code::DuplicateId,
            key_path(&index_path("demands", i), "id"),
            format!(
                "demand id '{id}' is used twice: the demand without an id {at} is also named '{id}'"
            ),
            "a demand without `id` is named `<node>/<resource>`, numbered #2, #3, ... when that is taken; choose another id here, or give that demand an id of its own",
        );
    }
}

/// E2001: two demands share an id.
///
/// ## What it checks
/// Demand `d`, entry `i`, whose id `base` an earlier entry `first` already used, has no `id`
/// of its own: a demand without one is numbered instead.
///
/// ## Why it matters
/// The schedule and the reports name demands by id; two with one id could not be told apart.
///
/// ## Example
/// ```yaml
/// demands: [{id: fuel-n, node: kyiv, resource: fuel, quantity: 10}, {id: fuel-n, node: lviv, resource: fuel, quantity: 5}]
/// ```
fn e2001_duplicate_demand_id(v: &mut V, i: usize, d: &DemandSpec, base: &str, first: usize) {
    if d.id.is_none() {
        return;
    }
    let at = match v.line_of(&index_path("demands", first)) {
        Some(l) => format!("first on line {l}"),
        None => format!("first by entry {} of `demands`", first + 1),
    };
    v.err(
        Code::DuplicateId,
        key_path(&index_path("demands", i), "id"),
        format!("demand id '{base}' is used twice ({at}, again here)"),
        "ids must be unique within a section; rename one",
    );
}

/// E2007: a demand is due before its earliest day.
///
/// ## What it checks
/// The `due_day` of the demand at `p` is on or after its `earliest_day` (both as checked
/// against the horizon).
///
/// ## Why it matters
/// Deliveries count from the earliest day; a demand due before it could never be met on time.
///
/// ## Example
/// ```yaml
/// demands: [{node: kyiv, resource: fuel, quantity: 10, earliest_day: 9, due_day: 4}]
/// ```
fn e2007_due_before_earliest(v: &mut V, p: &str, due: usize, earliest: usize) {
    if due >= earliest {
        return;
    }
    v.err(
        Code::DueBeforeEarliest,
        key_path(p, "due_day"),
        format!("demand is due on day {due}, before its earliest day {earliest}"),
        "the due day must be on or after earliest_day",
    );
}
