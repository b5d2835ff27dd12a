//! Validation: [`Loaded`] file -> [`Model`], or every error found, each located and explained.
//!
//! Checks ids (unique, references resolve, with "did you mean"), numbers (finite, in range, not
//! absurd), days (inside the horizon, due after earliest), structure (hub blocks on hubs only,
//! handling on transit nodes only, fleets serving routes of their mode, no same-day cycles) and
//! gives the warnings that need no graph search. The reachability warnings need the transport
//! graph and run after it is built ([`reachability_warnings`], in `reachability.rs`).
//!
//! The rules form a rule book: one file per section of the model, each with a function that
//! validates the section and builds its part of the [`Model`], and every rule in a function
//! named by its code (`e2013_wrong_node_kind`, `w3004_route_without_fleet`), so that
//! `grep -rn e2013 src` finds where E2013 is raised. The rules for every section live in
//! `ids.rs` (E2001, E2002, E2004 for empty ids) and `numbers.rs` (E2003, E2004, E2006, E2015,
//! E2016 for numbers, counts and days); `coefficients.rs` checks the products of fields that
//! make one cost coefficient of the MIP (E2016). [`validate`] runs the sections in a fixed order, each
//! after those it refers to; diagnostics are sorted by place in the file, and those at one place
//! keep the order in which the rules raised them.

mod checker;
mod coefficients;
mod demands;
mod fleets;
mod hubs;
mod ids;
mod monitoring;
mod nations;
mod nodes;
mod numbers;
mod reachability;
mod resources;
mod routes;
mod settings;
mod supplies;
mod warnings;

use crate::diag::Diagnostic;
use crate::load::Loaded;
use crate::model::Model;
use checker::V;
pub use reachability::reachability_warnings;

/// Numbers above this are refused as absurd (E2016).
pub const ABSURD: f64 = 1e12;
/// Longest horizon accepted, in periods.
pub const MAX_HORIZON: i64 = 3660;

/// The outcome of validation: the model when there were no errors, and every diagnostic.
#[derive(Debug)]
pub struct Validated {
    /// The model, when no error was found.
    pub model: Option<Model>,
    /// Errors and warnings, located, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Validates a loaded file. The diagnostics include the load's shape errors.
pub fn validate(loaded: &Loaded) -> Validated {
    let f = &loaded.model;
    let mut v = V::new(loaded);
    let settings = settings::settings(&mut v, loaded);
    let (class_ids, storage_classes) = resources::storage_classes(&mut v, f);
    let (resource_ids, resources) = resources::resources(&mut v, f, &class_ids);
    let (node_ids, nodes) = nodes::nodes(&mut v, f, &class_ids, storage_classes.len());
    hubs::e2017_fixed_hub_never_operational(&mut v, f, &nodes, settings.horizon);
    let targets = nations::CaveatTargets {
        resource_ids: &resource_ids,
        resources: &resources,
        node_ids: &node_ids,
    };
    let (nation_ids, nations) = nations::nations(&mut v, f, &targets);
    let (route_ids, routes) = routes::routes(&mut v, f, &node_ids, &nodes, &settings);
    let fleets = fleets::fleets(&mut v, f, &nation_ids, &route_ids, &routes);
    let refs = supplies::SupplyRefs {
        nation_ids: &nation_ids,
        resource_ids: &resource_ids,
        node_ids: &node_ids,
        nodes: &nodes,
    };
    let supplies = supplies::supplies(&mut v, f, &refs, settings.horizon);
    let demands = demands::demands(
        &mut v,
        f,
        &node_ids,
        &nodes,
        &resource_ids,
        settings.horizon,
    );
    let (assets, coverage) = monitoring::monitoring(
        &mut v,
        f.monitoring.as_ref(),
        &nation_ids,
        &node_ids,
        &nodes,
    );
    let weights = settings::objective(&mut v, f);

    let model = Model {
        name: f.name.clone().unwrap_or_else(|| {
            std::path::Path::new(&loaded.file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "model".into())
        }),
        horizon: settings.horizon,
        period_days: settings.period_days,
        storage_classes,
        resources,
        nations,
        nodes,
        routes,
        fleets,
        supplies,
        demands: demands.demands,
        assets,
        coverage,
        weights,
    };
    // Products of fields that make one cost coefficient, checked on a model without errors
    // (whose entries are then the file's, one for one).
    if !v.has_errors() {
        coefficients::coefficients(&mut v, f, &model, &demands.src);
    }
    // Warnings that need no graph search, only for a model without errors: an error usually
    // drops entries, and warnings about what is left would be noise.
    if !v.has_errors() {
        warnings::warnings(&mut v, f, &model, &demands.src);
    }

    let has_errors = v.has_errors();
    if has_errors {
        // Warnings wait until the errors are fixed: most would be about what the errors
        // dropped or changed.
        v.diags.retain(Diagnostic::is_error);
    }
    for d in &mut v.diags {
        loaded.map.place(d);
    }
    let mut diags = v.diags;
    sort_diagnostics(&mut diags);
    Validated {
        model: (!has_errors).then_some(model),
        diagnostics: diags,
    }
}

/// Sorts diagnostics by file position (unlocated last), errors before warnings at one place.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| {
        (
            d.location
                .as_ref()
                .map_or((usize::MAX, usize::MAX), |l| (l.line, l.col)),
            d.severity,
        )
    });
}
