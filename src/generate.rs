//! Deterministic instance generators: `hubplan generate FAMILY --size S --seed N`.
//!
//! Each generator builds a [`ModelFile`] from a seed with a small SplitMix64 generator of its
//! own (`generate/rng.rs`: no external randomness, so the same family, size and seed always
//! give the same bytes) and [`render`] writes it as YAML with a comment header. Every number is
//! synthetic. One file per family (`generate/theatre.rs`, `facility.rs`, `network_design.rs`)
//! builds its model in named steps on the shared parts (`generate/parts.rs`). See
//! `docs/generate.md` for what each family contains.

use std::collections::BTreeSet;

use crate::format::ModelFile;
use facility::facility;
use network_design::network_design;
use theatre::theatre;

mod facility;
mod network_design;
mod parts;
mod rng;
mod theatre;

/// Instance family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Family {
    /// Coalition-like synthetic theatre (multi-day, four modes, caveats, monitoring).
    Theatre,
    /// Capacitated facility location (one day, same-day routes).
    Facility,
    /// Multicommodity fixed-charge network design (one day, one trip per arc).
    NetworkDesign,
}

impl Family {
    /// Name as given on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Theatre => "theatre",
            Family::Facility => "facility",
            Family::NetworkDesign => "network-design",
        }
    }
}

/// Instance size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Size {
    /// Solves in well under a second.
    Tiny,
    /// Solves in seconds.
    Small,
    /// Benchmark size.
    Medium,
    /// Benchmark size.
    Large,
    /// At least a million naive variables (theatre).
    Xl,
}

impl Size {
    /// All sizes, smallest first.
    pub const ALL: [Size; 5] = [Size::Tiny, Size::Small, Size::Medium, Size::Large, Size::Xl];

    /// Name as given on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Size::Tiny => "tiny",
            Size::Small => "small",
            Size::Medium => "medium",
            Size::Large => "large",
            Size::Xl => "xl",
        }
    }
}

/// Builds the model of a family, size and seed.
pub fn generate(family: Family, size: Size, seed: u64) -> ModelFile {
    match family {
        Family::Theatre => theatre(size, seed),
        Family::Facility => facility(size, seed),
        Family::NetworkDesign => network_design(size, seed),
    }
}

/// The model as YAML text with a comment header. Fields left at their defaults are omitted.
pub fn render(family: Family, size: Size, seed: u64) -> String {
    let model = generate(family, size, seed);
    let yaml = serde_yaml::to_string(&model).expect("a model serializes");
    let mut out = format!(
        "# Synthetic {} instance, size {}, seed {}: hubplan generate {} --size {} --seed {}\n\
         # Every number is synthetic, not a real order of battle or network.\n",
        family.as_str(),
        size.as_str(),
        seed,
        family.as_str(),
        size.as_str(),
        seed
    );
    for line in yaml.lines() {
        let t = line.trim_start();
        let default = !t.starts_with("- ")
            && (t.ends_with(": null") || t.ends_with(": []") || t.ends_with(": {}"));
        if !default {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The naive variable count's main inputs, computed from the file without validating it:
/// Σ fleets |routes served| × commodities × days + nodes × commodities × days (a lower bound on
/// the formulation's `naive_variables`, which also counts trips, handling, deliveries, ...).
pub fn naive_estimate(m: &ModelFile) -> usize {
    let days = m.horizon_days.max(0) as usize;
    let commodities: BTreeSet<(&str, &str)> = m
        .supplies
        .iter()
        .map(|s| (s.nation.as_str(), s.resource.as_str()))
        .collect();
    let fleet_routes: usize = m
        .fleets
        .iter()
        .map(|f| match &f.routes {
            Some(rs) => rs.len(),
            None => m.routes.iter().filter(|r| r.mode == f.mode).count(),
        })
        .sum();
    (fleet_routes + m.nodes.len()) * commodities.len() * days
}
