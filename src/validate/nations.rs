//! The section `nations` and their caveats: what a caveat applies to (E2014), the countries
//! (W3007) and nodes (E2002) it forbids.

use std::collections::HashSet;

use super::checker::{Ids, V};
use crate::diag::{did_you_mean, Code};
use crate::format::{CaveatSpec, ModelFile, NationSpec, ResourceKind};
use crate::load::{index_path, key_path};
use crate::model::{Caveat, Nation, Resource};

/// The kinds of resource a caveat can name, as written.
const KIND_NAMES: [&str; 4] = ["personnel", "equipment", "munitions", "supplies"];
/// The kinds of resource, in the order of [`KIND_NAMES`].
const KINDS: [ResourceKind; 4] = [
    ResourceKind::Personnel,
    ResourceKind::Equipment,
    ResourceKind::Munitions,
    ResourceKind::Supplies,
];

/// What a caveat can name: resources, nodes and the countries nodes are in.
pub(super) struct CaveatTargets<'a> {
    /// The resources' ids.
    pub(super) resource_ids: &'a Ids<'a>,
    /// The resources.
    pub(super) resources: &'a [Resource],
    /// The nodes' ids.
    pub(super) node_ids: &'a Ids<'a>,
}

/// Validates `nations` and their caveats.
pub(super) fn nations<'f>(
    v: &mut V,
    f: &'f ModelFile,
    targets: &CaveatTargets,
) -> (Ids<'f>, Vec<Nation>) {
    let ids = v.section_ids(f.nations.iter().map(|x| x.id.as_str()), "nations", "nation");
    let countries: HashSet<&str> = f.nodes.iter().map(|n| n.country.as_str()).collect();
    let mut nations = Vec::new();
    for (i, n) in f.nations.iter().enumerate() {
        let p = index_path("nations", i);
        let caveats = n
            .caveats
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let cp = index_path(&key_path(&p, "caveats"), j);
                caveat(v, &cp, n, c, targets, &countries)
            })
            .collect();
        nations.push(Nation {
            id: n.id.clone(),
            name: n.name.clone().unwrap_or_else(|| n.id.clone()),
            caveats,
        });
    }
    (ids, nations)
}

/// Validates caveat `c` of nation `n`, at `cp`.
fn caveat(
    v: &mut V,
    cp: &str,
    n: &NationSpec,
    c: &CaveatSpec,
    targets: &CaveatTargets,
    countries: &HashSet<&str>,
) -> Caveat {
    let mut applies = vec![c.applies_to.is_empty(); targets.resources.len()];
    let mut applies_to_assets = c.applies_to.is_empty();
    for (k, name) in c.applies_to.iter().enumerate() {
        if let Some(kind) = KIND_NAMES.iter().position(|k| k == name) {
            let kind = KINDS[kind];
            for (r, res) in targets.resources.iter().enumerate() {
                if res.kind == kind {
                    applies[r] = true;
                }
            }
            applies_to_assets |= kind == ResourceKind::Equipment;
        } else if let Some(&r) = targets.resource_ids.map.get(name.as_str()) {
            applies[r] = true;
        } else {
            let ap = index_path(&key_path(cp, "applies_to"), k);
            e2014_caveat_target(v, ap, n, name, targets.resource_ids);
        }
    }
    for (k, country) in c.forbid_countries.iter().enumerate() {
        let path = index_path(&key_path(cp, "forbid_countries"), k);
        w3007_caveat_unknown_country(v, path, n, country, countries);
    }
    let mut nodes = Vec::new();
    for (k, id) in c.forbid_nodes.iter().enumerate() {
        if let Some(x) = v.e2002_unknown_reference(
            targets.node_ids,
            index_path(&key_path(cp, "forbid_nodes"), k),
            id,
            &format!("caveat of nation '{}' forbids", n.id),
        ) {
            nodes.push(x);
        }
    }
    Caveat {
        note: c.note.clone().unwrap_or_default(),
        applies,
        applies_to_assets,
        countries: c.forbid_countries.clone(),
        nodes,
        modes: c.forbid_modes.clone(),
    }
}

/// E2014: a caveat names a resource or kind that does not exist.
///
/// ## What it checks
/// `name`, an entry of a caveat's `applies_to` at `path` that is neither a resource kind nor
/// a resource id, is reported unless it is the id of a resource that failed to read.
///
/// ## Why it matters
/// A caveat that applies to nothing restricts nothing: the plan would send resources where the
/// nation forbids them.
///
/// ## Example
/// ```yaml
/// caveats: [{applies_to: [munition], forbid_countries: [UA]}]
/// ```
fn e2014_caveat_target(v: &mut V, path: String, n: &NationSpec, name: &str, resource_ids: &Ids) {
    if v.broken.contains(name) {
        return;
    }
    let cands = KIND_NAMES
        .iter()
        .copied()
        .chain(resource_ids.map.keys().copied());
    let hint = match did_you_mean(name, cands) {
        Some(s) => format!("did you mean '{s}'?"),
        None => "name resource ids or the kinds personnel, equipment, munitions, supplies".into(),
    };
    v.err(
        Code::CaveatTarget,
        path,
        format!(
            "caveat of nation '{}' applies to '{name}', which is neither a resource nor a resource kind",
            n.id
        ),
        hint,
    );
}

/// W3007: a caveat forbids a country that no node is in.
///
/// ## What it checks
/// `country`, an entry of a caveat's `forbid_countries` at `path`, is the `country` of some
/// node.
///
/// ## Why it matters
/// Countries are matched by the codes nodes give; a code that no node uses (`POL` where nodes
/// say `PL`) forbids nothing, so the caveat would not hold.
///
/// ## Example
/// ```yaml
/// caveats: [{forbid_countries: [Ukraine]}]   # nodes say country: UA
/// ```
fn w3007_caveat_unknown_country(
    v: &mut V,
    path: String,
    n: &NationSpec,
    country: &str,
    countries: &HashSet<&str>,
) {
    if countries.contains(country) {
        return;
    }
    let hint = match did_you_mean(country, countries.iter().copied()) {
        Some(s) => format!("did you mean '{s}'? (country codes as in nodes)"),
        None => "use the country codes that nodes give".into(),
    };
    v.warn(
        Code::CaveatUnknownCountry,
        path,
        format!(
            "caveat of nation '{}' forbids country '{country}', which no node is in",
            n.id
        ),
        hint,
    );
}
