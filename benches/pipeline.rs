//! Benchmarks of the steps before the solver: parse + validate, graph + time windows, and the
//! MIP build, on the sample and benchmark models. Run with `cargo bench --bench pipeline`.

use std::path::{Path, PathBuf};

use hubplan::network::Network;
use hubplan::pipeline::check_file;

const MODELS: &[&str] = &[
    "models/tutorial/04-caveats-and-protection.yaml",
    "instances/facility-12x30.yaml",
    "models/coalition.yaml",
];

fn path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn main() {
    divan::main();
}

/// Read, parse and validate a model file, and build its network (as `hubplan validate` does).
#[divan::bench(args = MODELS)]
fn parse_and_validate(model: &str) {
    let p = path(model);
    divan::black_box(check_file(&p).expect("valid"));
}

/// Build the transport graph and every commodity's time windows.
#[divan::bench(args = MODELS)]
fn graph_and_windows(bencher: divan::Bencher, model: &str) {
    let checked = check_file(&path(model)).expect("valid");
    bencher.bench(|| Network::build(divan::black_box(&checked.model)));
}

/// Build the MIP (all constraint families) from a model and its network.
#[divan::bench(args = MODELS)]
fn formulation_build(bencher: divan::Bencher, model: &str) {
    let checked = check_file(&path(model)).expect("valid");
    bencher.bench(|| hubplan::formulation::build(&checked.model, &checked.network));
}
