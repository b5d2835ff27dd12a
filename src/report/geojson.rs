//! The GeoJSON export, for GIS tools: the nodes as points and the routes as straight lines,
//! with what the schedule moved on each.

use std::collections::BTreeMap;

use anyhow::Result;

use super::map::tonnes_by_route;
use crate::model::Model;
use crate::schedule::Schedule;

/// GeoJSON FeatureCollection: a Point per node (kind, country, opened) and a LineString per
/// route (mode, distance, tonnes moved, trips).
pub fn geojson(model: &Model, s: &Schedule) -> Result<String> {
    let tonnes = tonnes_by_route(s);
    let mut trips: BTreeMap<&str, u64> = BTreeMap::new();
    for m in &s.movements {
        let n = trips.entry(m.route.as_str()).or_insert(0);
        *n = n.saturating_add(m.trips);
    }
    let mut features = Vec::new();
    for n in &model.nodes {
        let open = s.hubs.iter().any(|h| h.open && h.hub == n.id);
        features.push(serde_json::json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [n.lon, n.lat]},
            "properties": {
                "id": n.id, "name": n.name, "kind": n.kind.as_str(),
                "country": n.country, "opened": open,
            }
        }));
    }
    for r in &model.routes {
        let (a, b) = (&model.nodes[r.from], &model.nodes[r.to]);
        features.push(serde_json::json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
            "properties": {
                "id": r.id, "from": a.id, "to": b.id, "mode": r.mode.as_str(),
                "distance_km": r.distance_km,
                "tonnes_moved": tonnes.get(&r.id).copied().unwrap_or(0.0),
                "trips": trips.get(r.id.as_str()).copied().unwrap_or(0),
            }
        }));
    }
    let fc = serde_json::json!({"type": "FeatureCollection", "features": features});
    Ok(serde_json::to_string_pretty(&fc)? + "\n")
}
