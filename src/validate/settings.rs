//! The model's settings: `horizon_days` and `period_days` (E2005), the per-mode defaults of
//! `modes`, and the weights of `objective`.

use super::checker::V;
use super::{ABSURD, MAX_HORIZON};
use crate::diag::Code;
use crate::format::ModelFile;
use crate::load::{key_path, Loaded};
use crate::model::{mode_ix, Weights};

/// The settings that the sections after them use.
pub(super) struct Settings {
    /// Number of periods; the longest horizon when `horizon_days` is missing or wrong.
    pub(super) horizon: usize,
    /// Length of a period in days.
    pub(super) period_days: f64,
    /// Detour factor per mode (by [`mode_ix`]).
    pub(super) detour: [f64; 4],
    /// Speed in km per day per mode (by [`mode_ix`]).
    pub(super) speed: [f64; 4],
}

/// Validates the horizon, the period and `modes`.
pub(super) fn settings(v: &mut V, loaded: &Loaded) -> Settings {
    let (horizon, period_days) = e2005_bad_horizon(v, loaded);
    let f = &loaded.model;
    let mut detour = [1.3, 1.3, 1.0, 1.2];
    let mut speed = [350.0, 500.0, 5000.0, 400.0];
    for (m, s) in &f.modes {
        let base = key_path("modes", m.as_str());
        if let Some(d) = s.detour_factor {
            detour[mode_ix(*m)] = v.number(
                key_path(&base, "detour_factor"),
                d,
                1.0,
                10.0,
                "the detour factor",
            );
        }
        if let Some(k) = s.km_per_day {
            speed[mode_ix(*m)] = v.number(
                key_path(&base, "km_per_day"),
                k,
                1.0,
                1e6,
                "the speed (km per day)",
            );
        }
    }
    Settings {
        horizon,
        period_days,
        detour,
        speed,
    }
}

/// E2005: the horizon or period length is not positive.
///
/// ## What it checks
/// `horizon_days` lies between 1 and [`MAX_HORIZON`], and `period_days`, when given, is a
/// positive number of days of at most 365. Returns the horizon in periods and the period
/// length; when the horizon is missing, broken or out of range, days are not checked against
/// it (that would only repeat its error), and the longest horizon sizes the arrays.
///
/// ## Why it matters
/// Every day in the model is counted within the horizon; without a valid one no day can be
/// checked and nothing can be planned.
///
/// ## Example
/// ```yaml
/// horizon_days: 0
/// ```
fn e2005_bad_horizon(v: &mut V, loaded: &Loaded) -> (usize, f64) {
    let f = &loaded.model;
    let horizon = if !loaded.horizon_known {
        MAX_HORIZON as usize
    } else if f.horizon_days < 1 || f.horizon_days > MAX_HORIZON {
        v.err(
            Code::BadHorizon,
            "horizon_days".into(),
            format!(
                "horizon_days is {}; it must be between 1 and {MAX_HORIZON}",
                f.horizon_days
            ),
            "the horizon is the number of days planned, e.g. 30",
        );
        MAX_HORIZON as usize
    } else {
        v.horizon_ok = true;
        f.horizon_days as usize
    };
    let period_days = match f.period_days {
        None => 1.0,
        Some(p) if p.is_finite() && p > 0.0 && p <= 365.0 => p,
        Some(p) => {
            v.err(
                Code::BadHorizon,
                "period_days".into(),
                format!("period_days is {p}; it must be a positive number of days (at most 365)"),
                "leave it out for one-day periods",
            );
            1.0
        }
    };
    (horizon, period_days)
}

/// Validates `objective`: each weight given is a number of at least 0.
pub(super) fn objective(v: &mut V, f: &ModelFile) -> Weights {
    let mut weights = Weights::default();
    if let Some(o) = &f.objective {
        let mut w = |x: Option<f64>, field: &str, slot: &mut f64| {
            if let Some(x) = x {
                *slot = v.number(key_path("objective", field), x, 0.0, ABSURD, field);
            }
        };
        w(o.cost, "cost", &mut weights.cost);
        w(o.lateness, "lateness", &mut weights.lateness);
        w(o.shortfall, "shortfall", &mut weights.shortfall);
        w(o.risk, "risk", &mut weights.risk);
        w(
            o.coverage_shortfall,
            "coverage_shortfall",
            &mut weights.coverage_shortfall,
        );
    }
    weights
}
