//! The section `monitoring`: its assets (owner, count, range, protection) and the coverage
//! each sector needs (a sector, E2013; one requirement per sector and asset, E2001).

use super::checker::{Ids, V};
use super::nodes::{e2013_wrong_node_kind, NodeUse};
use crate::diag::Code;
use crate::format::{AssetSpec, CoverageSpec, MonitoringSpec};
use crate::load::{index_path, key_path};
use crate::model::{Asset, Coverage, Node};

/// Validates `monitoring`, when there is one: its assets, then its coverage requirements.
pub(super) fn monitoring(
    v: &mut V,
    monitoring: Option<&MonitoringSpec>,
    nation_ids: &Ids,
    node_ids: &Ids,
    nodes: &[Node],
) -> (Vec<Asset>, Vec<Coverage>) {
    let Some(m) = monitoring else {
        return (Vec::new(), Vec::new());
    };
    let asset_ids = v.section_ids(
        m.assets.iter().map(|x| x.id.as_str()),
        "monitoring.assets",
        "monitoring asset",
    );
    let assets = m
        .assets
        .iter()
        .enumerate()
        .map(|(i, a)| asset(v, &index_path("monitoring.assets", i), a, nation_ids))
        .collect();
    let mut coverage = Vec::new();
    for (i, c) in m.coverage.iter().enumerate() {
        let p = index_path("monitoring.coverage", i);
        let sector = v.e2002_unknown_reference(
            node_ids,
            key_path(&p, "sector"),
            &c.sector,
            "coverage required at",
        );
        e2013_wrong_node_kind(
            v,
            key_path(&p, "sector"),
            sector.map(|s| &nodes[s]),
            &c.sector,
            NodeUse::Coverage,
        );
        let asset = v.e2002_unknown_reference(
            &asset_ids,
            key_path(&p, "asset"),
            &c.asset,
            "coverage asks for asset",
        );
        let required = v.count_u32(
            key_path(&p, "required"),
            c.required,
            0,
            "required",
            V::e2004_below_minimum,
        );
        if let (Some(sector), Some(asset)) = (sector, asset) {
            if e2001_duplicate_coverage(v, &p, c, &coverage, sector, asset) {
                continue;
            }
            coverage.push(Coverage {
                sector,
                asset,
                required,
                hard: c.hard.unwrap_or(false),
            });
        }
    }
    (assets, coverage)
}

/// Validates monitoring asset `a` at `p`.
fn asset(v: &mut V, p: &str, a: &AssetSpec, nation_ids: &Ids) -> Asset {
    let owner = v.e2002_unknown_reference(
        nation_ids,
        key_path(p, "owner"),
        &a.owner,
        &format!("asset '{}' is owned by", a.id),
    );
    let count = v.count_u32(
        key_path(p, "count"),
        a.count,
        0,
        "count",
        V::e2004_below_minimum,
    );
    let range_km = a
        .range_km
        .map(|r| v.number(key_path(p, "range_km"), r, 0.0, 40_100.0, "range_km"));
    let protection = v.count(
        key_path(p, "protection"),
        a.protection.unwrap_or(0),
        0,
        "protection",
        V::e2004_below_minimum,
    );
    Asset {
        id: a.id.clone(),
        kind: a.kind,
        owner: owner.unwrap_or(0),
        count,
        range_km,
        protection: protection.min(3) as u8,
    }
}

/// E2001: two coverage requirements for one sector and asset.
///
/// ## What it checks
/// Requirement `c` at `p`, for `sector` and `asset`, is the first in `coverage` for that pair.
/// Returns whether it is not; the later one is then left out.
///
/// ## Why it matters
/// Two requirements for one pair leave it unclear whether the counts add up or one replaces
/// the other.
///
/// ## Example
/// ```yaml
/// coverage: [{sector: kyiv, asset: drones, required: 2}, {sector: kyiv, asset: drones, required: 1}]
/// ```
fn e2001_duplicate_coverage(
    v: &mut V,
    p: &str,
    c: &CoverageSpec,
    coverage: &[Coverage],
    sector: usize,
    asset: usize,
) -> bool {
    let Some(first) = coverage
        .iter()
        .position(|c| c.sector == sector && c.asset == asset)
    else {
        return false;
    };
    v.err(
        Code::DuplicateId,
        key_path(p, "asset"),
        format!(
            "sector '{}' already has a coverage requirement for asset '{}' (entry {} of monitoring.coverage)",
            c.sector,
            c.asset,
            first + 1
        ),
        "give one requirement per sector and asset; add the counts together",
    );
    true
}
