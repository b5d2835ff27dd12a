//! The instance generators: deterministic, valid without warnings, and tiny/small instances
//! solve to schedules the independent checker accepts. Theatre xl reaches a million naive
//! variables.

use hubplan::check::{self, Tolerance};
use hubplan::formulation;
use hubplan::generate::{self, Family, Size};
use hubplan::pipeline::{check_str, plan};
use hubplan::solve::{SolveOptions, TimeLimit};

const FAMILIES: [Family; 3] = [Family::Theatre, Family::Facility, Family::NetworkDesign];

#[test]
fn same_family_size_and_seed_give_the_same_bytes() {
    for family in FAMILIES {
        for size in Size::ALL {
            let a = generate::render(family, size, 7);
            let b = generate::render(family, size, 7);
            assert_eq!(a, b, "{family:?} {size:?}");
            assert!(a.starts_with("# Synthetic "), "comment header");
            assert!(a.contains("seed 7"), "header names the seed");
            let c = generate::render(family, size, 8);
            assert_ne!(a, c, "{family:?} {size:?}: another seed, another instance");
        }
    }
}

#[test]
fn every_generated_model_is_valid_without_warnings() {
    for family in FAMILIES {
        for size in Size::ALL {
            for seed in [1, 2] {
                let text = generate::render(family, size, seed);
                let name = format!("{}-{}-{seed}.yaml", family.as_str(), size.as_str());
                match check_str(&name, &text) {
                    Ok(c) => assert!(c.warnings.is_empty(), "{name}: warnings {:#?}", c.warnings),
                    Err(e) => panic!("{name} invalid: {e:#?}"),
                }
            }
        }
    }
}

#[test]
fn tiny_and_small_instances_solve_to_checked_schedules() {
    for family in FAMILIES {
        for size in [Size::Tiny, Size::Small] {
            let text = generate::render(family, size, 1);
            let name = format!("{}-{}.yaml", family.as_str(), size.as_str());
            let checked = check_str(&name, &text).expect("valid");
            let opts = SolveOptions {
                threads: Some(1),
                time_limit: TimeLimit::seconds(120.0),
                gap: Some(0.01),
                ..SolveOptions::default()
            };
            let s = plan(&checked.model, &checked.network, &opts)
                .expect("solves")
                .schedule;
            assert!(
                s.solver.status.has_schedule(),
                "{name}: {:?}",
                s.solver.status
            );
            let v = check::check(&checked.model, &s, &Tolerance::default());
            assert!(v.is_empty(), "{name}: violations {v:#?}");
        }
    }
}

#[test]
fn theatre_sizes_grow_and_xl_has_a_million_naive_variables() {
    let mut last = 0;
    for size in Size::ALL {
        let m = generate::generate(Family::Theatre, size, 1);
        let estimate = generate::naive_estimate(&m);
        assert!(estimate > last, "{size:?} is larger than the size before");
        last = estimate;
        if size != Size::Xl {
            let text = generate::render(Family::Theatre, size, 1);
            let c = check_str("theatre.yaml", &text).expect("valid");
            let f = formulation::build(&c.model, &c.network);
            assert!(
                f.stats.naive_variables >= estimate,
                "{size:?}: naive {} below the estimate {estimate}",
                f.stats.naive_variables
            );
            // The time windows prune at least half of the naive variables on theatres (the
            // target of the benchmark record; a count, not a speed).
            assert!(
                2 * f.stats.variables <= f.stats.naive_variables,
                "{size:?}: {} of {} naive variables built",
                f.stats.variables,
                f.stats.naive_variables
            );
        }
    }
    assert!(last >= 1_000_000, "xl: {last} naive variables");
}

/// Prints the size table of docs/generate.md (run with `--ignored --nocapture`, preferably
/// `--release`: it builds the xl formulation).
#[test]
#[ignore]
fn print_size_table() {
    println!("| family | size | nodes | routes | commodities | days | naive variables | built |");
    for family in FAMILIES {
        for size in Size::ALL {
            let text = generate::render(family, size, 1);
            let c = check_str("table.yaml", &text).expect("valid");
            let f = formulation::build(&c.model, &c.network);
            println!(
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                family.as_str(),
                size.as_str(),
                c.model.nodes.len(),
                c.model.routes.len(),
                c.network.commodities.len(),
                c.model.horizon,
                f.stats.naive_variables,
                f.stats.variables
            );
        }
    }
}

#[test]
fn the_command_writes_what_render_gives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("nd.yaml");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_hubplan"))
        .args([
            "generate",
            "network-design",
            "--size",
            "tiny",
            "--seed",
            "3",
            "-o",
        ])
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    let written = std::fs::read_to_string(&out).expect("written");
    assert_eq!(
        written,
        generate::render(Family::NetworkDesign, Size::Tiny, 3)
    );
}
