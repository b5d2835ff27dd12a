//! Products of fields that the formulation multiplies into one cost coefficient of the MIP:
//! each field may be below [`ABSURD`](super::ABSURD) and still their product be beyond what
//! the solver can work with (E2016).
//!
//! The products are those of `src/formulation/`: per tonne moved on a route, `objective.cost ·
//! distance_km · cost_per_tkm · weight_t` and `objective.risk · threat · weight_t`; per trip,
//! `objective.cost · cost_per_trip`; per hub, `objective.cost · (opening_cost + daily_cost ·
//! horizon)`; per demand, `objective.lateness · priority · horizon` (lateness counts up to the
//! horizon's length in days) and `objective.shortfall · priority`.

use std::collections::HashSet;

use super::checker::V;
use crate::diag::Code;
use crate::format::ModelFile;
use crate::load::{index_path, key_path};
use crate::model::{mode_ix, Model};

/// Largest cost coefficient accepted. HiGHS treats 1e20 as infinite; this leaves room for the
/// sums of coefficients the formulation and the solver form, and for their rounding.
pub const MAX_COEFFICIENT: f64 = 1e15;

/// One product of fields: what it costs, the fields and their values, and where to report it.
struct Product<'a> {
    /// What one unit of the coefficient is, for the message: "moving one tonne of 'rations'
    /// on route 'r1'".
    what: String,
    /// The fields multiplied, each with its value.
    factors: Vec<(&'a str, f64)>,
    /// Where to report it: the field of the entry it is about.
    path: String,
}

/// Checks the cost products of `model`, validated from `f` without errors (so that its
/// entries are those of the file, one for one; `demand_src` gives each demand's entry).
pub(super) fn coefficients(v: &mut V, f: &ModelFile, model: &Model, demand_src: &[usize]) {
    let w = &model.weights;
    let horizon = model.horizon as f64;
    let mut products = Vec::new();
    for (i, (r, spec)) in model.routes.iter().zip(&f.routes).enumerate() {
        let p = index_path("routes", i);
        // The resource heaviest by this route's mode: its weight gives the route's largest
        // coefficient per unit moved.
        let mi = mode_ix(r.mode);
        let heaviest = model
            .resources
            .iter()
            .map(|res| (res, res.weight_t[mi]))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((res, weight_t)) = heaviest {
            products.push(Product {
                what: format!("moving one unit of '{}' on route '{}'", res.id, r.id),
                factors: vec![
                    ("objective.cost", w.cost),
                    ("distance_km", r.distance_km),
                    ("cost_per_tkm", r.cost_per_tkm),
                    ("weight_t", weight_t),
                ],
                path: key_path(&p, "cost_per_tkm"),
            });
            products.push(Product {
                what: format!(
                    "exposing one unit of '{}' to the threat on route '{}'",
                    res.id, r.id
                ),
                factors: vec![
                    ("objective.risk", w.risk),
                    ("threat", r.threat),
                    ("weight_t", weight_t),
                ],
                path: key_path(&p, "threat"),
            });
        }
        if spec.cost_per_trip.is_some() {
            products.push(Product {
                what: format!("one trip on route '{}'", r.id),
                factors: vec![
                    ("objective.cost", w.cost),
                    ("cost_per_trip", r.cost_per_trip),
                ],
                path: key_path(&p, "cost_per_trip"),
            });
        }
    }
    for (i, n) in model.nodes.iter().enumerate() {
        let Some(h) = &n.hub else { continue };
        let hp = key_path(&index_path("nodes", i), "hub");
        products.push(Product {
            what: format!("keeping hub '{}' open for the whole horizon", n.id),
            factors: vec![
                ("objective.cost", w.cost),
                ("daily_cost", h.daily_cost),
                ("horizon", horizon),
            ],
            path: key_path(&hp, "daily_cost"),
        });
        products.push(Product {
            what: format!("opening hub '{}'", n.id),
            factors: vec![("objective.cost", w.cost), ("opening_cost", h.opening_cost)],
            path: key_path(&hp, "opening_cost"),
        });
    }
    for (d, &i) in model.demands.iter().zip(demand_src) {
        let Some(spec) = f.demands.get(i) else {
            continue;
        };
        // Reported at the priority when the demand gives one, else at the weight.
        let at = |weight: &str| match spec.priority {
            Some(_) => key_path(&index_path("demands", i), "priority"),
            None => key_path("objective", weight),
        };
        products.push(Product {
            what: format!("demand '{}' being late a whole horizon", d.id),
            factors: vec![
                ("objective.lateness", w.lateness),
                ("priority", d.priority),
                ("horizon", horizon),
            ],
            path: at("lateness"),
        });
        products.push(Product {
            what: format!("one unit of demand '{}' short", d.id),
            factors: vec![
                ("objective.shortfall", w.shortfall),
                ("priority", d.priority),
            ],
            path: at("shortfall"),
        });
    }
    let mut reported = HashSet::new();
    for p in products {
        e2016_cost_coefficient_too_large(v, p, &mut reported);
    }
}

/// E2016: fields that the solver multiplies into one cost coefficient give an absurdly large
/// product.
///
/// ## What it checks
/// The product `p` of fields (e.g. `objective.cost · distance_km · cost_per_tkm · weight_t`,
/// the cost of one tonne on a route) is at most [`MAX_COEFFICIENT`] (1e15). Reported once per
/// place (`reported` holds the places reported so far).
///
/// ## Why it matters
/// Each field may be plausible alone, yet their product be beyond what HiGHS works with: it
/// treats 1e20 as infinite, so the solve fails with a numerical error instead of a plan, and
/// coefficients far apart in size ruin its precision well before that.
///
/// ## Example
/// ```yaml
/// routes: [{id: r1, from: a, to: b, mode: road, distance_km: 1e9, cost_per_tkm: 1e9}]
/// ```
fn e2016_cost_coefficient_too_large(v: &mut V, p: Product, reported: &mut HashSet<String>) {
    let value: f64 = p.factors.iter().map(|f| f.1).product();
    if value <= MAX_COEFFICIENT || !reported.insert(p.path.clone()) {
        return;
    }
    let names: Vec<&str> = p.factors.iter().map(|f| f.0).collect();
    let values: Vec<String> = p.factors.iter().map(|f| format!("{}", f.1)).collect();
    v.err(
        Code::TooLarge,
        p.path,
        format!(
            "the cost of {}, {} = {} = {value:e}, is absurdly large (limit {MAX_COEFFICIENT:e})",
            p.what,
            names.join(" × "),
            values.join(" × "),
        ),
        "the solver multiplies these fields into one coefficient; check their units and zeros (a cost in thousands, say, or a smaller objective weight)",
    );
}
