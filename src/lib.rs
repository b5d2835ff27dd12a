//! hubplan: plans the logistics of a coalition's protected military hubs.
//!
//! The pipeline, one module per step:
//! [`load`] (YAML -> [`format`](mod@format) types, located) -> [`validate`] -> [`model`] (validated domain
//! types) -> [`network`] (transport graph, time windows) -> [`formulation`] (the MIP) ->
//! [`solve`] (HiGHS; it reads the solution into a [`schedule`]) -> [`report`]. The
//! [`schedule`] is a file format that knows only the model; [`check`] verifies a schedule
//! against the model alone, and [`explain`] says why a demand ends short or a model is
//! infeasible. [`pipeline`] strings the steps together for the command line, the benchmarks
//! and the tests; [`text`] is the one number formatter and [`diag`] the diagnostics. Each
//! module imports only from the steps below it (tests/layers.rs).

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
