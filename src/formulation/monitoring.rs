//! 4.10 monitoring: assets based at hubs or tasked to coverage requirements, with the
//! requirements' hub cover rows (4.12).

use good_lp::{variable, Expression};

use super::rows::ix;
use super::{Builder, CoverOwner, CoverSet, RowLabel};
use crate::model::NodeIx;

impl Builder<'_> {
    /// **4.10 Monitoring.** `m[h,q] ∈ Z+` for ranged asset `q` at hub `h` where it may be based and
    /// covers a sector that needs it: `m[h,q] ≤ count_q · y[h,H-1]`, `Σ_h m[h,q] ≤ count_q`.
    /// Rangeless assets: `a[c] ∈ Z+` per requirement, `Σ_c a[c] ≤ count_q`. Coverage:
    /// `Σ_{h covers j} m[h,q] + a[c] + z_c ≥ req_c` with `z_c ≥ 0` only for soft requirements,
    /// cost `coverage_shortfall · z_c`. Softened MIP: hard requirements get a `z_c` too, at
    /// `H+1` per missing asset; soft ones cost nothing.
    pub fn add_monitoring(&mut self) {
        let m = self.m;
        let last = self.horizon() - 1;
        for q in 0..m.assets.len() {
            let count = m.assets[q].count as f64;
            let reqs: Vec<usize> = (0..m.coverage.len())
                .filter(|&c| m.coverage[c].asset == q)
                .collect();
            if reqs.is_empty() {
                continue;
            }
            let mut total = Expression::default();
            let mut cover: Vec<Expression> = reqs.iter().map(|_| Expression::default()).collect();
            // The hub cover of each requirement: `Some(Σ y)` over its covering hubs, `None`
            // once a covering hub is fixed open (the row would always hold).
            let mut hub_cover: Vec<Option<(Expression, Vec<NodeIx>)>> =
                reqs.iter().map(|_| Some(Default::default())).collect();
            if m.assets[q].range_km.is_some() {
                for hb in m.hubs().collect::<Vec<_>>() {
                    let Some(open) = self.open_col[hb][last] else {
                        continue;
                    };
                    let useful: Vec<usize> = (0..reqs.len())
                        .filter(|&i| m.covers(q, hb, m.coverage[reqs[i]].sector))
                        .collect();
                    if useful.is_empty() || !m.may_base(q, hb) {
                        continue;
                    }
                    let c = self.col(variable().min(0.0).max(count), true);
                    self.f.basing.push((q, hb, c));
                    total.add_mul(1.0, c.var);
                    for &i in &useful {
                        cover[i].add_mul(1.0, c.var);
                        match open {
                            Some(y) => {
                                if let Some((e, hubs)) = hub_cover[i].as_mut() {
                                    e.add_mul(1.0, y.var);
                                    hubs.push(hb);
                                }
                            }
                            None => hub_cover[i] = None,
                        }
                    }
                    if let Some(y) = open {
                        let mut link = Expression::from(c.var);
                        link.add_mul(-count, y.var);
                        let label = RowLabel::MonitoringBasing {
                            asset: ix(q),
                            hub: ix(hb),
                        };
                        self.cons.push(label, link.leq(0.0));
                    }
                }
            } else {
                for (i, &c) in reqs.iter().enumerate() {
                    let a = self.col(variable().min(0.0).max(count), true);
                    self.f.tasking.push((q, c, a));
                    total.add_mul(1.0, a.var);
                    cover[i].add_mul(1.0, a.var);
                }
            }
            let label = RowLabel::MonitoringCount { asset: ix(q) };
            self.cons.push(label, total.leq(count));
            for (i, &c) in reqs.iter().enumerate() {
                let req = m.coverage[c].required as f64;
                let mut e = std::mem::take(&mut cover[i]);
                let mut z_col = None;
                if !m.coverage[c].hard {
                    let z = self.col(variable().min(0.0).max(req), false);
                    self.f.coverage_short.push((c, z));
                    e.add_mul(1.0, z.var);
                    if self.was_hard_coverage(c) {
                        self.penalty((self.horizon() + 1) as f64, z);
                    } else {
                        self.cost(m.weights.coverage_shortfall, z);
                    }
                    z_col = Some(z);
                }
                let label = RowLabel::Coverage { requirement: ix(c) };
                self.cons.push(label, e.geq(req));
                // Hub cover: Σ_{h covers c} y[h,H-1] + z[c] / R_c ≥ 1 (no covering hub for a
                // tasked type: no row).
                if let (true, Some((mut hc, hubs))) = (req > 0.0, hub_cover[i].take()) {
                    if hubs.is_empty() {
                        continue;
                    }
                    if let Some(z) = z_col {
                        hc.add_mul(1.0 / req, z.var);
                    }
                    let label = RowLabel::HubCoverCoverage { requirement: ix(c) };
                    self.cons.push(label, hc.geq(1.0));
                    self.f.cover_sets.push(CoverSet {
                        owner: CoverOwner::Coverage(c),
                        hubs: hubs.clone(),
                    });
                    self.f.hub_covers.push(hubs);
                }
            }
        }
    }
}
