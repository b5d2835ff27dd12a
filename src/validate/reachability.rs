//! The warnings that need the transport graph: a demand no supply can reach in time (W3002)
//! and coverage no hub can give (W3005). They run after validation, on the model and its
//! [`Network`], and are located by their path in the model file.

use crate::diag::{Code, Diagnostic};
use crate::load::index_path;
use crate::model::Model;
use crate::network::Network;

/// Warnings that need the graph: demands no supply can reach in time (W3002), coverage no hub
/// can give (W3005). Paths point into the model file so the CLI can locate them.
pub fn reachability_warnings(model: &Model, net: &Network) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    w3002_demand_unreachable(model, net, &mut out);
    w3005_coverage_unreachable(model, &mut out);
    out
}

/// **W3002**: no supply can reach a demand within the horizon, or not by its due day.
///
/// Why: a demand nothing can reach is delivered short (soft) or makes the model infeasible
/// (hard); a late earliest arrival makes it late. The earliest arrival is the windows'
/// [`crate::network::Windows::arrival`], which keeps arrivals after the last useful day.
///
/// Example: `demands: [{node: kharkiv, resource: fuel, quantity: 100, due_day: 2}]` with the
/// nearest fuel five days away.
fn w3002_demand_unreachable(model: &Model, net: &Network, out: &mut Vec<Diagnostic>) {
    let h = model.horizon;
    for (i, d) in model.demands.iter().enumerate() {
        let g = net.arrive[d.node];
        let first = net
            .commodities
            .iter()
            .zip(&net.windows)
            .filter(|(k, _)| {
                k.resource == d.resource && model.may_enter(k.nation, k.resource, d.node)
            })
            .filter_map(|(_, w)| w.arrival[g.index()])
            .min();
        let res = &model.resources[d.resource].id;
        let node = &model.nodes[d.node].id;
        let hint = "add a supply closer to it, a faster route, or move the due day";
        let warn = |msg: String, hint: &str| {
            Diagnostic::warning(Code::DemandUnreachable, msg)
                .with_hint(hint)
                .at_path(index_path("demands", i))
        };
        match first {
            None => out.push(warn(
                format!(
                    "no supply of '{res}' can reach demand '{}' at '{node}' within the horizon",
                    d.id
                ),
                "add a supply of it, a route (with a fleet) that reaches the demand, or check the caveats",
            )),
            Some(t) if t >= h => out.push(warn(
                format!(
                    "no supply of '{res}' can reach demand '{}' at '{node}' within the horizon: the earliest arrival is day {t}, after its last day {}",
                    d.id,
                    h - 1
                ),
                "add a supply closer to it, a faster route, or lengthen the horizon",
            )),
            Some(t) if d.hard && t > d.due => out.push(warn(
                format!(
                    "hard demand '{}' is due on day {} but the earliest '{res}' can reach '{node}' is day {t}",
                    d.id, d.due
                ),
                "a hard demand that cannot be met makes the model infeasible: move its due day, make it soft (remove `hard: true`), or add a supply closer to it or a faster route",
            )),
            Some(t) if t > d.due => out.push(warn(
                format!(
                    "demand '{}' is due on day {} but the earliest '{res}' can reach '{node}' is day {t}, so it will be late",
                    d.id, d.due
                ),
                hint,
            )),
            _ => {}
        }
    }
}

/// **W3005**: no hub candidate where the asset may be based is within its range of the sector.
///
/// Why: the requirement can only be met by tasking assets without range, or not at all.
///
/// Example: a coverage requirement for `drone-short` (range 80 km) at a sector 300 km from
/// every hub candidate.
fn w3005_coverage_unreachable(model: &Model, out: &mut Vec<Diagnostic>) {
    for (i, c) in model.coverage.iter().enumerate() {
        let asset = &model.assets[c.asset];
        if c.required == 0 || asset.range_km.is_none() {
            continue;
        }
        let any = model
            .hubs()
            .any(|hb| model.may_base(c.asset, hb) && model.covers(c.asset, hb, c.sector));
        if !any {
            out.push(
                Diagnostic::warning(
                    Code::CoverageUnreachable,
                    format!(
                        "no hub candidate where '{}' may be based is within {} km of sector '{}'",
                        asset.id,
                        asset.range_km.unwrap_or(0.0),
                        model.nodes[c.sector].id
                    ),
                )
                .with_hint("add a hub candidate nearer the sector or use an asset with more range")
                .at_path(index_path("monitoring.coverage", i)),
            );
        }
    }
}
