//! Benchmarks of the steps before the solver: parse + validate, graph + pruning (the transport
//! graph and every commodity's time windows, which decide the variables built), and the MIP
//! build, on synthetic theatres of size small, medium and large (generated in memory by
//! `hubplan::generate`, seed 1, the same as `hubplan generate theatre --size S`) and on the
//! coalition model. Run with `cargo bench --bench pipeline`.
//!
//! `hubplan bench --build-only` measures the same steps once per instance in its own process,
//! with peak memory, up to size xl (`scripts/benchmark.sh`).

use std::path::Path;

use hubplan::generate::{self, Family, Size};
use hubplan::network::Network;
use hubplan::pipeline::{check_str, Checked};

/// Instances: synthetic theatres by size, and the coalition model.
const MODELS: &[&str] = &[
    "theatre-small",
    "theatre-medium",
    "theatre-large",
    "coalition",
];

/// The model's YAML text.
fn text(model: &str) -> String {
    let size = match model {
        "theatre-small" => Size::Small,
        "theatre-medium" => Size::Medium,
        "theatre-large" => Size::Large,
        "coalition" => {
            let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/coalition.yaml");
            return std::fs::read_to_string(p).expect("coalition model");
        }
        other => panic!("unknown benchmark model {other}"),
    };
    generate::render(Family::Theatre, size, 1)
}

fn checked(model: &str) -> Checked {
    check_str(model, &text(model)).expect("valid")
}

fn main() {
    divan::main();
}

/// Parse the YAML (located) and validate it into the model.
#[divan::bench(args = MODELS)]
fn parse_and_validate(bencher: divan::Bencher, model: &str) {
    let text = text(model);
    bencher.bench(|| {
        let loaded =
            hubplan::load::load_bytes(model, divan::black_box(text.as_bytes())).expect("loads");
        divan::black_box(hubplan::validate::validate(&loaded).model.expect("valid"))
    });
}

/// Build the transport graph and every commodity's time windows (the pruning).
#[divan::bench(args = MODELS)]
fn graph_and_pruning(bencher: divan::Bencher, model: &str) {
    let checked = checked(model);
    bencher.bench(|| Network::build(divan::black_box(&checked.model)));
}

/// Build the MIP (all constraint families) from a model and its network.
#[divan::bench(args = MODELS)]
fn formulation_build(bencher: divan::Bencher, model: &str) {
    let checked = checked(model);
    bencher.bench(|| hubplan::formulation::build(&checked.model, &checked.network));
}
