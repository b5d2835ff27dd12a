//! The commands of `hubplan`, one file each, and what they share: the arguments' types and
//! parsers ([`args`]), the exit codes ([`exit`]), reading models and schedules ([`input`]) and
//! writing outputs ([`output`]). `main.rs` parses the command line and calls the command's
//! `run`; the work itself is the library's ([`hubplan::pipeline`]).

pub mod args;
pub mod bench;
pub mod check;
pub mod codes;
pub mod exit;
pub mod export;
pub mod generate;
pub mod graph;
pub mod input;
pub mod output;
pub mod report;
pub mod schema;
pub mod solve;
pub mod validate;
