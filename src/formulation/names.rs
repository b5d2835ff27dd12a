//! Column names that map back to the model, for exported MPS and LP files: each column is named
//! by its family (the [`Formulation`] field that lists it) and the model ids it stands for, e.g.
//! `trips[przemysl-lviv-rail,pl-rail,d3]` for the trips of fleet `pl-rail` on route
//! `przemysl-lviv-rail` departing day 3. The ids ([`Labels`]), the character rules and the
//! uniqueness serve the row names (`rows`) too.

use std::collections::HashSet;

use crate::model::{Model, NodeIx};

use super::{Col, Formulation};

impl Formulation {
    /// One name per column, in column order, built from the formulation's variable lists:
    ///
    /// | family | name |
    /// |---|---|
    /// | [`flows`](Formulation::flows) | `flows[ROUTE,FLEET,NATION.RESOURCE,dT]` |
    /// | [`trips`](Formulation::trips) | `trips[ROUTE,FLEET,dT]` |
    /// | [`stocks`](Formulation::stocks) | `stocks[NODE,NATION.RESOURCE,dT]` (`NODE~in` / `NODE~out` on either side of a transit node's handling) |
    /// | [`handled`](Formulation::handled) | `handled[NODE,NATION.RESOURCE,dT]` |
    /// | [`deliveries`](Formulation::deliveries) | `deliveries[DEMAND,NATION.RESOURCE,dT]` |
    /// | [`shortfalls`](Formulation::shortfalls) | `shortfalls[DEMAND]` |
    /// | [`open`](Formulation::open) | `open[HUB,dT]` |
    /// | [`basing`](Formulation::basing) | `basing[ASSET,HUB]` |
    /// | [`tasking`](Formulation::tasking) | `tasking[ASSET,SECTOR.ASSET]` (the requirement's sector and asset) |
    /// | [`coverage_short`](Formulation::coverage_short) | `coverage_short[SECTOR.ASSET]` |
    /// | [`sent`](Formulation::sent) | `sent[HUB,SECTOR,RESOURCE,dT]` |
    ///
    /// The names are valid in free MPS: printable ASCII without spaces (any other character of
    /// an id becomes `_`), and unique (a clash, only possible after that replacement, gets
    /// `~COLUMN` appended). A column no list names (none today) is `cCOLUMN`, as HiGHS would
    /// call it. For the LP format use [`Formulation::lp_column_names`].
    pub fn column_names(&self, model: &Model) -> Vec<String> {
        let mut names: Vec<Option<String>> = vec![None; self.is_integer.len()];
        let l = Labels::new(self, model);
        let mut set = |col: Col, name: String| {
            if let Some(slot) = names.get_mut(col.ix) {
                *slot = Some(name);
            }
        };
        for x in &self.flows {
            let name = format!(
                "flows[{},{},{},d{}]",
                l.route(x.route),
                l.fleet(x.fleet),
                l.commodity(x.k),
                x.day
            );
            set(x.col, name);
        }
        for x in &self.trips {
            let name = format!(
                "trips[{},{},d{}]",
                l.route(x.route),
                l.fleet(x.fleet),
                x.day
            );
            set(x.col, name);
        }
        for x in &self.stocks {
            let name = format!(
                "stocks[{},{},d{}]",
                l.vertex(x.vertex.index()),
                l.commodity(x.k),
                x.day
            );
            set(x.col, name);
        }
        for x in &self.handled {
            let name = format!(
                "handled[{},{},d{}]",
                l.node(x.node),
                l.commodity(x.k),
                x.day
            );
            set(x.col, name);
        }
        for x in &self.deliveries {
            let name = format!(
                "deliveries[{},{},d{}]",
                l.demand(x.demand),
                l.commodity(x.k),
                x.day
            );
            set(x.col, name);
        }
        for &(d, col) in &self.shortfalls {
            set(col, format!("shortfalls[{}]", l.demand(d)));
        }
        for x in &self.open {
            set(x.col, format!("open[{},d{}]", l.node(x.hub), x.day));
        }
        for &(q, h, col) in &self.basing {
            set(col, format!("basing[{},{}]", l.asset(q), l.node(h)));
        }
        for &(q, c, col) in &self.tasking {
            set(col, format!("tasking[{},{}]", l.asset(q), l.requirement(c)));
        }
        for &(c, col) in &self.coverage_short {
            set(col, format!("coverage_short[{}]", l.requirement(c)));
        }
        for &(h, v, r, t, col) in &self.sent {
            let name = format!("sent[{},{},{},d{t}]", l.node(h), l.node(v), l.resource(r));
            set(col, name);
        }
        let names: Vec<String> = names
            .into_iter()
            .enumerate()
            .map(|(i, n)| n.map_or_else(|| format!("c{i}"), |n| mps_name(&n)))
            .collect();
        unique(names)
    }

    /// [`Formulation::column_names`] made legal for the CPLEX LP format as HiGHS reads and
    /// writes it, which does not allow `[`, `]`, `-`, `:`, `+`, `*`, `^`, `<`, `>`, `=` or `\`
    /// in names: brackets become parentheses and the other characters `_`, e.g.
    /// `trips(przemysl_lviv_rail,pl_rail,d3)`; still unique.
    pub fn lp_column_names(&self, model: &Model) -> Vec<String> {
        let names = self
            .column_names(model)
            .into_iter()
            .map(|n| lp_name(&n))
            .collect();
        unique(names)
    }
}

/// The model's ids for the indices a column or row name holds; an index the model does not
/// have (it always should) shows as `?`.
pub(super) struct Labels<'a> {
    model: &'a Model,
    /// `NATION.RESOURCE` of each commodity, by commodity index.
    commodity: Vec<String>,
    /// Model node of each graph vertex, by vertex index.
    vertex_node: &'a [NodeIx],
}

impl<'a> Labels<'a> {
    /// The labels of `f`'s indices in `model`.
    pub(super) fn new(f: &'a Formulation, model: &'a Model) -> Self {
        Labels {
            model,
            commodity: commodity_labels(f, model),
            vertex_node: &f.vertex_node,
        }
    }

    /// `NATION.RESOURCE` of commodity `k`.
    pub(super) fn commodity(&self, k: usize) -> String {
        self.commodity
            .get(k)
            .cloned()
            .unwrap_or_else(|| format!("k{k}"))
    }

    /// A node's id.
    pub(super) fn node(&self, v: NodeIx) -> &'a str {
        self.model.nodes.get(v).map_or("?", |n| n.id.as_str())
    }

    /// A graph vertex: its node's id, with `~in` (arrivals, awaiting handling) or `~out`
    /// (departures, handled) at a transit node with handling, whose two vertices are created
    /// in a row.
    pub(super) fn vertex(&self, g: usize) -> String {
        let v = self.vertex_node.get(g).copied().unwrap_or(usize::MAX);
        let side = if self
            .model
            .nodes
            .get(v)
            .is_some_and(|n| n.handling.is_some())
        {
            if g > 0 && self.vertex_node.get(g - 1) == Some(&v) {
                "~out"
            } else {
                "~in"
            }
        } else {
            ""
        };
        format!("{}{side}", self.node(v))
    }

    /// A route's id.
    pub(super) fn route(&self, a: usize) -> &'a str {
        self.model.routes.get(a).map_or("?", |r| r.id.as_str())
    }

    /// A fleet's id.
    pub(super) fn fleet(&self, f: usize) -> &'a str {
        self.model.fleets.get(f).map_or("?", |r| r.id.as_str())
    }

    /// A demand's id.
    pub(super) fn demand(&self, d: usize) -> &'a str {
        self.model.demands.get(d).map_or("?", |r| r.id.as_str())
    }

    /// An asset type's id.
    pub(super) fn asset(&self, q: usize) -> &'a str {
        self.model.assets.get(q).map_or("?", |r| r.id.as_str())
    }

    /// A resource's id.
    pub(super) fn resource(&self, r: usize) -> &'a str {
        self.model.resources.get(r).map_or("?", |x| x.id.as_str())
    }

    /// A storage class's id.
    pub(super) fn class(&self, c: usize) -> &'a str {
        self.model
            .storage_classes
            .get(c)
            .map_or("?", |x| x.id.as_str())
    }

    /// A coverage requirement: `SECTOR.ASSET` (`covC` if the model has none of that index).
    pub(super) fn requirement(&self, c: usize) -> String {
        self.model.coverage.get(c).map_or_else(
            || format!("cov{c}"),
            |cv| format!("{}.{}", self.node(cv.sector), self.asset(cv.asset)),
        )
    }
}

/// `NATION.RESOURCE` of each commodity, by commodity index. The commodities are the distinct
/// (nation, resource) pairs of the supplies, sorted, as [`crate::network::Network::build`]
/// makes them; when that does not match the formulation's resources (it always should), the
/// resource alone is used with the index.
fn commodity_labels(f: &Formulation, model: &Model) -> Vec<String> {
    let ks = crate::network::commodities(model);
    let resource = |r: usize| model.resources.get(r).map_or("?", |x| x.id.as_str());
    let consistent = ks.len() == f.commodity_resource.len()
        && ks
            .iter()
            .zip(&f.commodity_resource)
            .all(|(k, &r)| k.resource == r);
    if consistent {
        ks.iter()
            .map(|k| {
                let nation = model.nations.get(k.nation).map_or("?", |n| n.id.as_str());
                format!("{nation}.{}", resource(k.resource))
            })
            .collect()
    } else {
        f.commodity_resource
            .iter()
            .enumerate()
            .map(|(i, &r)| format!("k{i}.{}", resource(r)))
            .collect()
    }
}

/// Printable ASCII other than space: what a free-MPS name may hold.
fn mps_char(c: char) -> bool {
    c.is_ascii_graphic()
}

/// What HiGHS accepts in an LP-file name: letters, digits and `!"#$%&(),.;?@_{}~`.
fn lp_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!\"#$%&(),.;?@_{}~".contains(c)
}

/// A name made valid in free MPS.
pub(super) fn mps_name(name: &str) -> String {
    sanitise(name, mps_char)
}

/// A free-MPS name made legal for the LP format: parentheses for brackets, `_` for the other
/// characters HiGHS's LP reader does not accept.
pub(super) fn lp_name(name: &str) -> String {
    let n = name.replace('[', "(").replace(']', ")");
    sanitise(&n, lp_char)
}

/// Replaces every character `keep` rejects by `_`.
fn sanitise(name: &str, keep: fn(char) -> bool) -> String {
    name.chars()
        .map(|c| if keep(c) { c } else { '_' })
        .collect()
}

/// Makes names unique: a repeat gets `~INDEX` (in LP names `_INDEX`), its column's or row's
/// index, appended, avoiding every name already in the list.
pub(super) fn unique(names: Vec<String>) -> Vec<String> {
    let all: HashSet<&str> = names.iter().map(String::as_str).collect();
    if all.len() == names.len() {
        return names;
    }
    let mut used: HashSet<String> = HashSet::with_capacity(names.len());
    let mut out = Vec::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        if used.insert(n.clone()) {
            out.push(n.clone());
            continue;
        }
        let sep = if n.chars().all(lp_char) { '_' } else { '~' };
        let mut name = format!("{n}{sep}{i}");
        let mut j = 0;
        while all.contains(name.as_str()) || used.contains(&name) {
            j += 1;
            name = format!("{n}{sep}{i}{sep}{j}");
        }
        used.insert(name.clone());
        out.push(name);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitise_keeps_ascii_and_replaces_the_rest() {
        assert_eq!(sanitise("a b-c[é]", mps_char), "a_b-c[_]");
        assert_eq!(sanitise("a b-c(é)", lp_char), "a_b_c(_)");
    }

    #[test]
    fn unique_suffixes_repeats() {
        let names = vec!["x[a]".to_string(), "x[a]".to_string(), "y".to_string()];
        assert_eq!(unique(names), vec!["x[a]", "x[a]~1", "y"]);
        let names = vec!["x(a)".to_string(), "x(a)".to_string()];
        assert_eq!(unique(names), vec!["x(a)", "x(a)_1"]);
    }
}
