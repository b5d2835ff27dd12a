//! hubplan: plans the logistics of a coalition's protected military hubs.
//!
//! The pipeline, one module per step:
//! [`load`] (YAML -> [`format`](mod@format) types, located) -> [`validate`] -> [`model`] (validated domain
//! types) -> [`network`] (transport graph, time windows) -> [`formulation`] (the MIP) ->
//! [`solve`] (HiGHS) -> [`schedule`] (the solution in the model's terms) -> [`report`].
//! [`pipeline`] strings them together for the command line and the tests.

#![warn(missing_docs)]

pub mod bench;
pub mod check;
pub mod diag;
pub mod explain;
pub mod format;
pub mod formulation;
pub mod generate;
pub mod load;
pub mod model;
pub mod network;
pub mod pipeline;
pub mod report;
pub mod schedule;
pub mod solve;
pub mod text;
pub mod validate;
