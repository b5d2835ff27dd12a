//! Rules on ids, for every section: each id is given and unique (E2004, E2001), and each
//! reference names an id that exists (E2002).

use std::collections::HashMap;

use super::checker::{Ids, V};
use crate::diag::{article, did_you_mean, Code};
use crate::load::{index_path, key_path};

impl V<'_> {
    /// The ids of a section, each checked by [`V::e2004_empty_id`] and
    /// [`V::e2001_duplicate_id`]; an id that fails either is left out of the map.
    pub(super) fn section_ids<'s>(
        &mut self,
        items: impl Iterator<Item = &'s str>,
        section: &str,
        what: &'static str,
    ) -> Ids<'s> {
        let mut map = HashMap::new();
        for (i, id) in items.enumerate() {
            if !self.e2004_empty_id(section, what, i, id)
                && !self.e2001_duplicate_id(&map, section, what, i, id)
            {
                map.insert(id, i);
            }
        }
        Ids {
            what,
            map,
            unknown: self.broken_sections.contains(section),
        }
    }

    /// E2004: an entry of a section has an empty id.
    ///
    /// ## What it checks
    /// The `id` of entry `i` of `section` is not empty or blank.
    ///
    /// ## Why it matters
    /// Other sections refer to entries by id, and reports name them by it; an empty id can be
    /// neither referred to nor read.
    ///
    /// ## Example
    /// ```yaml
    /// nodes: [{id: "", kind: sector, country: UA, lat: 50, lon: 30}]
    /// ```
    fn e2004_empty_id(&mut self, section: &str, what: &str, i: usize, id: &str) -> bool {
        if !id.trim().is_empty() {
            return false;
        }
        self.err(
            Code::OutOfRange,
            key_path(&index_path(section, i), "id"),
            format!("{what} number {} in `{section}` has an empty id", i + 1),
            "give every entry a short unique id",
        );
        true
    }

    /// E2001: two entries of a section share an id.
    ///
    /// ## What it checks
    /// The id of entry `i` of `section` is not already used by an earlier entry (in `seen`).
    /// Demands and coverage requirements have their own forms of this rule
    /// (`e2001_duplicate_demand_id` in `demands.rs`, `e2001_duplicate_coverage` in
    /// `monitoring.rs`).
    ///
    /// ## Why it matters
    /// A reference to a shared id would be ambiguous, and the schedule could not tell the two
    /// entries apart.
    ///
    /// ## Example
    /// ```yaml
    /// nations: [{id: pl}, {id: pl}]
    /// ```
    fn e2001_duplicate_id(
        &mut self,
        seen: &HashMap<&str, usize>,
        section: &str,
        what: &str,
        i: usize,
        id: &str,
    ) -> bool {
        let Some(&j) = seen.get(id) else {
            return false;
        };
        let first = key_path(&index_path(section, j), "id");
        let at = match self.line_of(&first) {
            Some(l) => format!("first on line {l}"),
            None => format!("first by entry {} of `{section}`", j + 1),
        };
        self.err(
            Code::DuplicateId,
            key_path(&index_path(section, i), "id"),
            format!("{what} id '{id}' is used twice ({at}, again here)"),
            "ids must be unique within a section; rename one (and the references meant for it)",
        );
        true
    }

    /// E2002: a reference to an id that does not exist.
    ///
    /// ## What it checks
    /// `id`, written at `path`, is one of `ids`. Returns the index of the entry it names. A
    /// reference into a section that failed to read, or to an entry that failed to read, is
    /// not reported: that entry's own error says what is wrong.
    ///
    /// ## Why it matters
    /// A reference that resolves to nothing is almost always a typo; dropping the entry that
    /// holds it silently would plan without it. The hint suggests the closest existing id.
    ///
    /// ## Example
    /// ```yaml
    /// routes: [{id: r1, from: depot-a, to: hub-x, mode: road}]   # no node 'hub-x'
    /// ```
    pub(super) fn e2002_unknown_reference(
        &mut self,
        ids: &Ids,
        path: String,
        id: &str,
        context: &str,
    ) -> Option<usize> {
        if let Some(&i) = ids.map.get(id) {
            return Some(i);
        }
        if ids.unknown || self.broken.contains(id) {
            return None; // already reported where it is defined
        }
        let a = article(ids.what);
        let hint = match did_you_mean(id, ids.map.keys().copied()) {
            Some(s) => format!("did you mean '{s}'?"),
            None if ids.map.is_empty() => {
                // "no storage classes", "no nations"
                let plural = if ids.what.ends_with('s') { "es" } else { "s" };
                format!("the model defines no {}{plural}", ids.what)
            }
            None => format!("define {a} {} '{id}' or use an existing id", ids.what),
        };
        self.err(
            Code::UnknownReference,
            path,
            format!("{context} '{id}', which is not {a} {}", ids.what),
            hint,
        );
        None
    }
}
