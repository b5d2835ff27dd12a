//! A schedule written as YAML or JSON reads back as the same schedule, and still passes the
//! checker.

mod common;

use std::path::Path;

use hubplan::schedule::{self, Schedule};

fn roundtrip(model: &str) {
    let (c, s) = common::solve_file(Path::new(model));
    assert!(
        s.solver.status.has_schedule(),
        "{model}: {:?}",
        s.solver.status
    );
    let yaml = schedule::to_yaml(&s).expect("yaml");
    let back: Schedule = serde_yaml::from_str(&yaml).expect("read yaml");
    assert_eq!(back, s, "{model}: YAML round trip");
    let json = schedule::to_json(&s).expect("json");
    let back: Schedule = serde_json::from_str(&json).expect("read json");
    assert_eq!(back, s, "{model}: JSON round trip");
    assert!(common::check(&c.model, &back).is_empty(), "{model}");
}

#[test]
fn tutorial_schedules_round_trip() {
    for m in [
        "models/tutorial/01-transport.yaml",
        "models/tutorial/02-facility-location.yaml",
        "models/tutorial/03-time-and-lateness.yaml",
        "models/tutorial/04-caveats-and-protection.yaml",
    ] {
        roundtrip(m);
    }
}

#[test]
fn random_schedules_round_trip() {
    for seed in 1..=6 {
        let g = common::gen::random_model(seed);
        let (_, s) = common::solve_str(&format!("random-{seed}.yaml"), &g.yaml);
        let yaml = schedule::to_yaml(&s).expect("yaml");
        assert_eq!(
            serde_yaml::from_str::<Schedule>(&yaml).expect("yaml"),
            s,
            "seed {seed}"
        );
        let json = schedule::to_json(&s).expect("json");
        assert_eq!(
            serde_json::from_str::<Schedule>(&json).expect("json"),
            s,
            "seed {seed}"
        );
    }
}
