//! Why a model is infeasible: the model re-solved with every hard requirement softened, and
//! each requirement the softened schedule cannot meet named with its cause
//! ([`explain_infeasible`]). The one file of `explain` that builds and solves a MIP.

use std::time::Instant;

use super::cause::{Arrival, Cause};
use super::explainer::Explainer;
use super::TOL;
use crate::formulation::{self, BuildOptions};
use crate::model::Model;
use crate::network::Network;
use crate::schedule::{DeliveryReport, Status};
use crate::solve::{self, SolveError, SolveOptions};
use crate::text::hundredths;

/// A hard demand is reported short by the softened solve only from this many units: below it,
/// the slack may be solver tolerance or the trip tie-break
/// ([`formulation::SOFT_TIE_BREAK`]).
const HARD_SHORT_MIN: f64 = 1e-3;

/// Relative MIP gap of the softened solve (tighter than the default, so that the slacks it
/// reports are the least there can be).
const SOFT_GAP: f64 = 1e-6;

/// What an explanation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A hard demand, by index in [`Model::demands`].
    Demand(usize),
    /// A hard coverage requirement, by index in [`Model::coverage`].
    Coverage(usize),
}

/// One hard requirement that cannot be met.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The demand or coverage requirement.
    pub subject: Subject,
    /// Units (demands) or assets (coverage) missing by the due day, as the softened schedule
    /// has it; `None` when the softened solve gave no schedule.
    pub short: Option<f64>,
    /// Fastest arrival of the demand's resource at its node (demands only).
    pub earliest: Option<Arrival>,
    /// The headline, e.g. "hard demand 'x' (300 persons at 'hub_lviv' by day 12) cannot be
    /// met: 120 persons short by day 12; the earliest any can arrive is day 14 (fastest path
    /// from 'fr_mourmelon')".
    pub message: String,
    /// Why, when hubplan can tell.
    pub cause: Option<Cause>,
    /// Further facts from the softened schedule.
    pub notes: Vec<String>,
    /// What the planner could change.
    pub hint: String,
}

impl Finding {
    /// Renders the finding in the style of validation diagnostics (without a location).
    pub fn render(&self) -> String {
        let p = crate::diag::printable;
        let mut out = format!("error: {}\n", p(&self.message));
        if let Some(c) = &self.cause {
            out.push_str(&format!("  = because: {}\n", p(&c.to_string())));
        }
        for n in &self.notes {
            out.push_str(&format!("  = note: {}\n", p(n)));
        }
        out.push_str(&format!("  = hint: {}\n", p(&self.hint)));
        out
    }
}

/// The explanation of an infeasible model.
#[derive(Debug, Clone)]
pub struct Infeasibility {
    /// Each hard requirement that cannot be met.
    pub findings: Vec<Finding>,
    /// Status of the softened solve: `optimal` or `feasible` when its slacks were read;
    /// otherwise the findings come from the model alone.
    pub status: Status,
    /// Wall seconds of the softened build and solve.
    pub seconds: f64,
}

impl Infeasibility {
    /// Every finding rendered, then a one-line account of how they were found.
    pub fn render(&self) -> String {
        let mut out: String = self.findings.iter().map(Finding::render).collect();
        if self.findings.is_empty() && self.status.has_schedule() {
            out.push_str(
                "note: re-solved with every hard demand and hard coverage relaxed, hubplan meets them all, so it cannot tell which one fails (the model may be infeasible only within the solver's tolerances)\n",
            );
        } else if !self.status.has_schedule() {
            out.push_str(&format!(
                "note: the re-solve with hard requirements relaxed found no schedule ({}, {:.1} s); the above is from the model alone\n",
                self.status.as_str().replace('_', " "),
                self.seconds
            ));
        }
        out
    }
}

/// Explains why a model is infeasible: re-solves it with [`BuildOptions::soften_hard`] (within
/// `opts.time_limit`) and reports every hard demand short by its due day and every hard coverage
/// requirement short, each with its cause. If the softened solve finds no schedule in time,
/// the findings come from the model alone (hard demands and coverage whose cause hubplan can
/// see without solving).
pub fn explain_infeasible(
    model: &Model,
    net: &Network,
    opts: &SolveOptions,
) -> Result<Infeasibility, SolveError> {
    let start = Instant::now();
    let mut f = formulation::build_with(model, net, &BuildOptions { soften_hard: true });
    let opts = SolveOptions {
        gap: Some(SOFT_GAP),
        ..opts.clone()
    };
    let res = solve::solve(&mut f, model, &opts)?;
    let mut ex = Explainer::new(model, net);
    let mut findings = Vec::new();
    let sched = res
        .status
        .has_schedule()
        .then(|| solve::to_schedule(model, net, &f, &res));
    for (d, dem) in model.demands.iter().enumerate() {
        if !dem.hard {
            continue;
        }
        let tol = (TOL * dem.quantity).max(HARD_SHORT_MIN);
        let (short, dr) = match &sched {
            Some(s) => {
                let Some(dr) = s.deliveries.iter().find(|x| x.demand == dem.id) else {
                    continue;
                };
                let short = dem.quantity - dr.on_time;
                if short <= tol {
                    continue;
                }
                (Some(short), Some(dr))
            }
            None => (None, None),
        };
        let cause = ex.demand_cause(
            d,
            dem.due,
            short.unwrap_or(dem.quantity),
            sched.as_ref(),
            None,
        );
        if short.is_none() && cause.is_none() {
            continue;
        }
        // Cost is no reason for a hard demand.
        let cause = cause.filter(|c| !matches!(c, Cause::Cost { .. }));
        findings.push(demand_finding(model, &mut ex, d, short, dr, cause));
    }
    for (c, cov) in model.coverage.iter().enumerate() {
        if !cov.hard {
            continue;
        }
        let short = match &sched {
            Some(s) => {
                let sector = &model.nodes[cov.sector].id;
                let asset = &model.assets[cov.asset].id;
                let Some(cr) = s
                    .monitoring
                    .coverage
                    .iter()
                    .find(|x| &x.sector == sector && &x.asset == asset)
                else {
                    continue;
                };
                if cr.shortfall == 0 {
                    continue;
                }
                Some(cr.shortfall as f64)
            }
            None => None,
        };
        let cause = ex.coverage_cause(c);
        if short.is_none()
            && !matches!(
                cause,
                Some(Cause::TooFewAssets { .. } | Cause::NoHubInRange { .. })
            )
        {
            continue;
        }
        findings.push(coverage_finding(model, c, short, cause));
    }
    Ok(Infeasibility {
        findings,
        status: res.status,
        seconds: start.elapsed().as_secs_f64(),
    })
}

fn demand_finding(
    m: &Model,
    ex: &mut Explainer<'_>,
    d: usize,
    short: Option<f64>,
    dr: Option<&DeliveryReport>,
    cause: Option<Cause>,
) -> Finding {
    let dem = &m.demands[d];
    let res = &m.resources[dem.resource];
    let node = &m.nodes[dem.node].id;
    let unit = &res.unit;
    let earliest = ex.demand_arrival(d);
    let mut message = format!(
        "hard demand '{}' ({} {unit} of '{}' at '{node}' by day {}) cannot be met",
        dem.id,
        hundredths(dem.quantity),
        res.id,
        dem.due
    );
    if let Some(s) = short {
        message.push_str(&format!(
            ": {} {unit} short by day {}",
            hundredths(s),
            dem.due
        ));
    }
    match &earliest {
        Some(a) => message.push_str(&format!(
            "; the earliest any can arrive is day {} (fastest path from '{}'{})",
            a.day,
            a.origin,
            if a.routes.is_empty() {
                String::new()
            } else {
                let quoted: Vec<String> = a.routes.iter().map(|r| format!("'{r}'")).collect();
                format!(" via {}", quoted.join(", "))
            }
        )),
        None => message.push_str("; none can arrive within the horizon"),
    }
    // The time fact is in the headline already.
    let cause = cause.filter(|c| !matches!(c, Cause::TooFar { .. } | Cause::Unreachable { .. }));
    let mut notes = Vec::new();
    if let Some(dr) = dr {
        if dr.delivered > dr.on_time + TOL * dem.quantity.max(1.0) {
            match dr.completed_day {
                Some(day) => notes.push(format!(
                    "with it relaxed, all {} {unit} can arrive by day {day}",
                    hundredths(dem.quantity)
                )),
                None => notes.push(format!(
                    "with it relaxed, {} {unit} can arrive by the last day ({} on time)",
                    hundredths(dr.delivered),
                    hundredths(dr.on_time)
                )),
            }
        } else if dr.on_time > 0.0 {
            notes.push(format!(
                "with it relaxed, {} {unit} arrive on time and no more within the horizon",
                hundredths(dr.on_time)
            ));
        }
    }
    let hint = match (&cause, &earliest) {
        (Some(Cause::HubClosed { .. }), _) => format!(
            "let the hub open (remove `fixed: false` from '{node}'), move the demand, or make it soft (`hard: false`)"
        ),
        (Some(Cause::SupplyBelowDemand { .. } | Cause::PartReachable { .. }), _) => {
            "add supply, lower the quantity, or make the demand soft (`hard: false`) to plan with a shortfall".to_string()
        }
        (Some(Cause::HubsInTheWay { .. }), _) => {
            "let the hubs named open earlier (or at all), route around them, move the due day, or make the demand soft (`hard: false`)".to_string()
        }
        (Some(Cause::CaveatAtNode { .. } | Cause::CaveatRoutes { .. }), _) => {
            "add a supply from a nation whose caveats allow it, move the demand, or make it soft (`hard: false`)".to_string()
        }
        (Some(Cause::Saturated { .. }), _) => {
            "add lift (vehicles, trips per day, routes) or hub capacity, move the due day, or make the demand soft (`hard: false`)".to_string()
        }
        (None, Some(a)) if a.day > dem.due => format!(
            "move its due day to {} or later, add a supply nearer '{node}' or a faster route, or make it soft (`hard: false`)",
            a.day
        ),
        _ => "move its due day, add supply or lift, or make it soft (`hard: false`) to plan with a shortfall".to_string(),
    };
    Finding {
        subject: Subject::Demand(d),
        short,
        earliest,
        message,
        cause,
        notes,
        hint,
    }
}

fn coverage_finding(m: &Model, c: usize, short: Option<f64>, cause: Option<Cause>) -> Finding {
    let cov = &m.coverage[c];
    let asset = &m.assets[cov.asset];
    let sector = &m.nodes[cov.sector].id;
    let mut message = format!(
        "hard coverage of sector '{sector}' by '{}' ({} required) cannot be met",
        asset.id, cov.required
    );
    if let Some(s) = short {
        message.push_str(&format!(": {} short", hundredths(s)));
    }
    let hint = match &cause {
        Some(Cause::NoHubInRange { .. }) => format!(
            "add or allow a hub candidate within {} km of '{sector}', use an asset with more range, or make the coverage soft (`hard: false`)",
            hundredths(asset.range_km.unwrap_or(0.0))
        ),
        Some(Cause::TooFewAssets { .. }) => format!(
            "raise the count of '{}', lower the requirement, or make the coverage soft (`hard: false`)",
            asset.id
        ),
        _ => "add assets or hub candidates, or make the coverage soft (`hard: false`)".to_string(),
    };
    Finding {
        subject: Subject::Coverage(c),
        short,
        earliest: None,
        message,
        cause,
        notes: Vec::new(),
        hint,
    }
}
