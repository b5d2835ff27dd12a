//! Explanations in the model's own terms: why a soft demand ends short or late, and which hard
//! demands and coverage requirements make a model infeasible.
//!
//! Two entry points, and the files that hold them:
//!
//! - [`annotate`] fills [`crate::schedule::DeliveryReport::reason`] for every soft demand of a schedule that is
//!   short or late ([`crate::pipeline::plan`] calls it).
//! - [`explain_infeasible`] re-solves an infeasible model with every hard family given a
//!   penalised slack ([`crate::formulation::BuildOptions::soften_hard`]) and turns the slacks the softened schedule
//!   uses into [`Finding`]s that name the demands, hubs, routes, coverage and days involved.
//!
//! Both rest on the same facts, derived from the model and, where a schedule exists, from what
//! the schedule does ([`Cause`]). The earliest-arrival facts come from a time-dependent
//! shortest-path sweep per supply ([`Reach`]) that, unlike the network's windows, honours route
//! closures, arrival by the last day, and the days hubs on the way can be operational, and that
//! keeps arrivals after a hard demand's due day (the windows drop them).

mod cause;
mod explainer;
mod infeasible;
mod reach;

pub use cause::{Arrival, Cause, Limit};
pub use explainer::{annotate, Explainer};
pub use infeasible::{explain_infeasible, Finding, Infeasibility, Subject};
pub use reach::{Reach, Rules};

/// Quantities below this share of a demand (at least this many units) are not short.
const TOL: f64 = 1e-6;
