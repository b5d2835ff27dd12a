//! Every benchmark instance marked `in_tests` in instances/reference.yaml solves to its recorded
//! objective (within the solver's relative gap tolerance) and proves it when the reference does.

use std::path::Path;

use hubplan::pipeline::{check_file, plan};
use hubplan::solve::{SolveOptions, Status, TimeLimit};

#[derive(serde::Deserialize)]
struct Reference {
    instances: Vec<Entry>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Entry {
    file: String,
    objective: f64,
    bound: f64,
    proven_optimal: bool,
    obtained: String,
    in_tests: bool,
}

#[test]
fn instances_match_their_reference() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances");
    let text = std::fs::read_to_string(dir.join("reference.yaml")).expect("reference.yaml");
    let reference: Reference = serde_yaml::from_str(&text).expect("reference parses");
    let mut tested = 0;
    for e in reference.instances.iter().filter(|e| e.in_tests) {
        let checked = check_file(&dir.join(&e.file)).expect("instance is valid");
        let opts = SolveOptions {
            threads: Some(1),
            time_limit: TimeLimit::seconds(120.0),
            ..SolveOptions::default()
        };
        let s = plan(&checked.model, &checked.network, &opts)
            .expect("solves")
            .schedule;
        assert!(s.solver.status.has_schedule(), "{}: {:?}", e.file, s.solver);
        let tol = 1e-4 * e.objective.abs().max(1.0);
        assert!(
            s.objective.total <= e.objective + tol,
            "{}: objective {} worse than reference {}",
            e.file,
            s.objective.total,
            e.objective
        );
        if e.proven_optimal {
            assert_eq!(s.solver.status, Status::Optimal, "{}", e.file);
            assert!(
                s.objective.total >= e.bound - tol,
                "{}: objective {} below the proven bound {}",
                e.file,
                s.objective.total,
                e.bound
            );
        }
        tested += 1;
    }
    assert!(tested > 0, "no instance is marked in_tests");
}
