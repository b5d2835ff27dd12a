//! The sections `storage_classes` and `resources`: ids, weights, the storage class each
//! resource occupies and the protection it needs.

use super::checker::{Ids, V};
use super::ABSURD;
use crate::format::ModelFile;
use crate::load::{index_path, key_path};
use crate::model::{mode_ix, Resource, StorageClass};

/// Validates `storage_classes`: only their ids can be wrong.
pub(super) fn storage_classes<'f>(v: &mut V, f: &'f ModelFile) -> (Ids<'f>, Vec<StorageClass>) {
    let ids = v.section_ids(
        f.storage_classes.iter().map(|x| x.id.as_str()),
        "storage_classes",
        "storage class",
    );
    let classes = f
        .storage_classes
        .iter()
        .map(|s| StorageClass {
            id: s.id.clone(),
            unit: s.unit.clone().unwrap_or_else(|| "units".into()),
        })
        .collect();
    (ids, classes)
}

/// Validates `resources` against the storage classes.
pub(super) fn resources<'f>(
    v: &mut V,
    f: &'f ModelFile,
    class_ids: &Ids,
) -> (Ids<'f>, Vec<Resource>) {
    let ids = v.section_ids(
        f.resources.iter().map(|x| x.id.as_str()),
        "resources",
        "resource",
    );
    let mut resources = Vec::new();
    for (i, r) in f.resources.iter().enumerate() {
        let p = index_path("resources", i);
        let w = v.number(
            key_path(&p, "weight_t"),
            r.weight_t,
            0.0,
            ABSURD,
            "weight_t",
        );
        let mut weight_t = [w; 4];
        for (m, x) in &r.weight_t_by_mode {
            weight_t[mode_ix(*m)] = v.number(
                key_path(&key_path(&p, "weight_t_by_mode"), m.as_str()),
                *x,
                0.0,
                ABSURD,
                "the weight",
            );
        }
        let storage = v
            .e2002_unknown_reference(
                class_ids,
                key_path(&p, "storage"),
                &r.storage,
                &format!("resource '{}' is stored as", r.id),
            )
            .unwrap_or(0);
        let spu = v.number(
            key_path(&p, "storage_per_unit"),
            r.storage_per_unit.unwrap_or(1.0),
            0.0,
            ABSURD,
            "storage_per_unit",
        );
        let protection =
            v.e2004_protection_level(key_path(&p, "protection"), r.protection.unwrap_or(0));
        resources.push(Resource {
            id: r.id.clone(),
            name: r.name.clone().unwrap_or_else(|| r.id.clone()),
            kind: r.kind,
            unit: r.unit.clone(),
            weight_t,
            base_weight_t: w,
            storage,
            storage_per_unit: spu,
            protection,
        });
    }
    (ids, resources)
}
