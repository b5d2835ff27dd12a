//! Fuzz target: arbitrary bytes as a model file through loading, validation, the network and
//! the MIP build. Nothing here may panic, whatever the input; solving is left out because its
//! time is bounded by the solver's limits, not by the input's shape.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(loaded) = hubplan::load::load_bytes("fuzz.yaml", data) else {
        return;
    };
    let validated = hubplan::validate::validate(&loaded);
    for d in &validated.diagnostics {
        let _ = d.render(Some(&loaded.source));
    }
    let Some(model) = validated.model else {
        return;
    };
    // Keep each run small: the fuzzer explores shapes, not sizes.
    if model.horizon > 60 || model.routes.len() > 200 || model.nodes.len() > 200 {
        return;
    }
    let net = hubplan::network::Network::build(&model);
    let _ = hubplan::validate::reachability_warnings(&model, &net);
    let _ = hubplan::formulation::build(&model, &net);
});
