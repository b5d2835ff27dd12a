//! C46xx: monitoring. Ranged assets are based at hubs that allow them (C4601), assets without
//! range tasked to sectors (C4603), no more of a type than there are (C4602); coverage is
//! reported as basing and tasking give it (C4604) and hard requirements are met (C4605).
//!
//! The monitoring pass also books the coverage shortfall into the objective.

use crate::model::{Coverage, Hub, NodeIx};
use crate::schedule::{Basing, Tasking};

use super::context::Checker;
use super::rules::Rule;

/// Assets of a type at a node: `(asset type, hub or sector, count)`.
type Placed = Vec<(usize, NodeIx, u64)>;

impl Checker<'_> {
    /// The monitoring pass: resolves basing and tasking (C4001) and checks them (C4601,
    /// C4603), counts the assets of each type (C4602), then checks each coverage requirement
    /// (C4605, C4604) and books its shortfall, and finally the number of coverage entries
    /// (C4604).
    pub(super) fn monitoring(&mut self) {
        let (m, s) = (self.m, self.s);
        let mut total = vec![0u64; m.assets.len()];
        let mut based: Placed = Vec::new();
        for b in &s.monitoring.basing {
            let place = format!("basing of '{}'", b.asset);
            let (Some(q), Some(v)) = (self.asset(&b.asset, &place), self.node(&b.hub, &place))
            else {
                continue;
            };
            let Some(hub) = self.c4001_basing_hub(b, q, v) else {
                continue;
            };
            // Saturating, as the trips' sums (movements.rs): a forged count cannot wrap.
            total[q] = total[q].saturating_add(b.count);
            based.push((q, v, b.count));
            self.c4601_basing(b, q, v, hub);
        }
        let mut tasked: Placed = Vec::new();
        for tk in &s.monitoring.tasking {
            let place = format!("tasking of '{}'", tk.asset);
            let (Some(q), Some(v)) = (self.asset(&tk.asset, &place), self.node(&tk.sector, &place))
            else {
                continue;
            };
            total[q] = total[q].saturating_add(tk.count);
            tasked.push((q, v, tk.count));
            self.c4603_tasking(tk, q);
        }
        self.c4602_asset_count(&total);
        for (i, c) in m.coverage.iter().enumerate() {
            let covered: u64 = based
                .iter()
                .filter(|&&(q, v, _)| q == c.asset && m.covers(q, v, c.sector))
                .map(|x| x.2)
                .chain(
                    tasked
                        .iter()
                        .filter(|&&(q, v, _)| q == c.asset && v == c.sector)
                        .map(|x| x.2),
                )
                .fold(0u64, u64::saturating_add);
            let short = (c.required as u64).saturating_sub(covered);
            self.c4605_hard_coverage(c, covered);
            self.obj.coverage_shortfall += short as f64;
            self.c4604_coverage_entry(i, c, covered);
        }
        self.c4604_coverage_entries();
    }

    /// C4601 `basing`: assets are based (count above 0) only if they have a range, at a hub
    /// open by the last day, with protection at least the asset's, where the owner's
    /// equipment caveats allow them. All reasons that apply are given.
    ///
    /// **Why:** a drone unit needs a guarded, operating base its nation may use; an asset
    /// without range (a satellite) is tasked to sectors, not based. The amount is the number
    /// of assets.
    ///
    /// **Example:**
    /// ```text
    /// error[C4601]: 2 'drones' based at 'pl_hub', but hub 'pl_hub' is not open by the last day 5
    /// ```
    fn c4601_basing(&mut self, b: &Basing, q: usize, v: NodeIx, hub: &Hub) {
        let (m, h) = (self.m, self.h);
        if b.count == 0 {
            return;
        }
        let asset = &m.assets[q];
        let node = &m.nodes[v];
        let mut why = Vec::new();
        if asset.range_km.is_none() {
            why.push("it has no range and is tasked, not based".to_string());
        }
        if self.op[v].is_none() {
            why.push(format!(
                "hub '{}' is not open by the last day {}",
                node.id,
                h - 1
            ));
        }
        if hub.protection < asset.protection {
            why.push(format!(
                "hub '{}' has protection {}, the asset needs {}",
                node.id, hub.protection, asset.protection
            ));
        }
        if asset.range_km.is_some() && hub.protection >= asset.protection && !m.may_base(q, v) {
            why.push(format!(
                "a caveat of {} forbids basing its equipment at '{}'",
                m.nations[asset.owner].id, node.id
            ));
        }
        if !why.is_empty() {
            self.push(
                Rule::Basing,
                &asset.id,
                None,
                b.count as f64,
                format!(
                    "{} '{}' based at '{}', but {}",
                    b.count,
                    asset.id,
                    node.id,
                    why.join("; ")
                ),
            );
        }
    }

    /// C4602 `asset_count`: the assets of a type based and tasked in total are at most its
    /// `count`.
    ///
    /// **Why:** each asset is in one place at a time. The amount is the assets over.
    ///
    /// **Example:**
    /// ```text
    /// error[C4602]: 3 'drones' are based or tasked; there are 2
    /// ```
    fn c4602_asset_count(&mut self, total: &[u64]) {
        let m = self.m;
        for (q, &n) in total.iter().enumerate() {
            let asset = &m.assets[q];
            if n > asset.count as u64 {
                self.push(
                    Rule::AssetCount,
                    &asset.id,
                    None,
                    (n - asset.count as u64) as f64,
                    format!(
                        "{n} '{}' are based or tasked; there are {}",
                        asset.id, asset.count
                    ),
                );
            }
        }
    }

    /// C4603 `tasking`: only assets without range are tasked to sectors (count above 0).
    ///
    /// **Why:** a ranged asset covers the sectors within range of its base; tasking it to a
    /// sector would count coverage it does not give. The amount is the number of assets.
    ///
    /// **Example:**
    /// ```text
    /// error[C4603]: 1 'drones' tasked to 'ua_sector', but the asset has a range and must be based at a hub
    /// ```
    fn c4603_tasking(&mut self, tk: &Tasking, q: usize) {
        let asset = &self.m.assets[q];
        if asset.range_km.is_some() && tk.count > 0 {
            self.push(
                Rule::Tasking,
                &asset.id,
                None,
                tk.count as f64,
                format!(
                    "{} '{}' tasked to '{}', but the asset has a range and must be based at a hub",
                    tk.count, asset.id, tk.sector
                ),
            );
        }
    }

    /// C4604 `coverage_report`: coverage requirement `i` is reported in its place (the same
    /// sector and asset type), with `required`, `covered` (based within range plus tasked)
    /// and `shortfall` as basing and tasking give them.
    ///
    /// **Why:** the coverage table is how a planner sees which sectors are watched; its
    /// shortfall feeds the objective. The amount is the larger difference (the shortfall for
    /// an entry out of place).
    ///
    /// **Example:**
    /// ```text
    /// error[C4604]: coverage of 'ua_sector' by 'drones' is reported 1 of 1 (short 0); basing and tasking give 0 of 1 (short 1)
    /// ```
    fn c4604_coverage_entry(&mut self, i: usize, c: &Coverage, covered: u64) {
        let (m, s) = (self.m, self.s);
        let asset = &m.assets[c.asset];
        let sector = &m.nodes[c.sector].id;
        let required = c.required as u64;
        let short = required.saturating_sub(covered);
        match s.monitoring.coverage.get(i) {
            Some(r) if r.sector == *sector && r.asset == asset.id => {
                if r.required != required || r.covered != covered || r.shortfall != short {
                    self.push(
                        Rule::CoverageReport,
                        sector,
                        None,
                        (r.shortfall as f64 - short as f64).abs().max((r.covered as f64 - covered as f64).abs()),
                        format!(
                            "coverage of '{sector}' by '{}' is reported {} of {} (short {}); basing and tasking give {covered} of {required} (short {short})",
                            asset.id, r.covered, r.required, r.shortfall
                        ),
                    );
                }
            }
            _ => self.push(
                Rule::CoverageReport,
                sector,
                None,
                short as f64,
                format!(
                    "coverage requirement {} ('{sector}' by '{}') is not reported in its place",
                    i + 1,
                    asset.id
                ),
            ),
        }
    }

    /// C4604 `coverage_report`: no more coverage entries are reported than the model has
    /// requirements.
    ///
    /// **Why:** an extra entry reports coverage of something nobody asked for. The amount is
    /// the number of extra entries.
    ///
    /// **Example:**
    /// ```text
    /// error[C4604]: 3 coverage entries are reported for 2 requirements
    /// ```
    fn c4604_coverage_entries(&mut self) {
        let (m, s) = (self.m, self.s);
        let reported = &s.monitoring.coverage;
        if reported.len() > m.coverage.len() {
            self.push(
                Rule::CoverageReport,
                "schedule",
                None,
                (reported.len() - m.coverage.len()) as f64,
                format!(
                    "{} coverage entries are reported for {} requirements",
                    reported.len(),
                    m.coverage.len()
                ),
            );
        }
    }

    /// C4605 `hard_coverage`: a hard coverage requirement is met: at least `required` assets
    /// of its type based within range of the sector or tasked to it.
    ///
    /// **Why:** a hard requirement is a sector that must be watched, whatever it costs. The
    /// amount is the assets missing.
    ///
    /// **Example:**
    /// ```text
    /// error[C4605]: sector 'ua_sector' needs 1 'drones' (hard) and has 0
    /// ```
    fn c4605_hard_coverage(&mut self, c: &Coverage, covered: u64) {
        let m = self.m;
        let asset = &m.assets[c.asset];
        let sector = &m.nodes[c.sector].id;
        let required = c.required as u64;
        let short = required.saturating_sub(covered);
        if c.hard && short > 0 {
            self.push(
                Rule::HardCoverage,
                sector,
                None,
                short as f64,
                format!(
                    "sector '{sector}' needs {required} '{}' (hard) and has {covered}",
                    asset.id
                ),
            );
        }
    }
}
