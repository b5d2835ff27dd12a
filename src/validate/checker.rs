//! The checker every rule reports to, and the ids a section defines.
//!
//! Rules do not build diagnostics themselves: they call [`V::err`], [`V::err_at_key`] or
//! [`V::warn`] with their code, so that every diagnostic carries the path of the value it is
//! about and is placed in the file at the end.

use std::collections::{HashMap, HashSet};

use crate::diag::{Code, Diagnostic};
use crate::load::{Loaded, SourceMap};

/// The ids of one section, each with the index of its entry.
pub(super) struct Ids<'a> {
    /// What an entry of the section is, for messages: "node", "storage class".
    pub(super) what: &'static str,
    /// Id -> index of the entry that defines it first.
    pub(super) map: HashMap<&'a str, usize>,
    /// The section failed to read as a whole: no id of it is known, so references into it are
    /// not checked (the section's own error says what is wrong).
    pub(super) unknown: bool,
}

/// The validation under way: the diagnostics found so far and what the load already knows.
pub(super) struct V<'a> {
    /// Every diagnostic so far, the load's shape errors first, in the order the rules ran.
    pub(super) diags: Vec<Diagnostic>,
    /// Ids of entries that failed to read; references to them are not reported again.
    pub(super) broken: &'a HashSet<String>,
    /// Sections that failed to read as a whole.
    pub(super) broken_sections: &'a HashSet<String>,
    map: &'a SourceMap,
    /// Whether the horizon is known and valid; day checks against it are skipped otherwise.
    pub(super) horizon_ok: bool,
}

impl<'a> V<'a> {
    /// A checker that starts from the load's diagnostics.
    pub(super) fn new(loaded: &'a Loaded) -> Self {
        V {
            diags: loaded.diagnostics.clone(),
            broken: &loaded.broken_ids,
            broken_sections: &loaded.broken_sections,
            map: &loaded.map,
            horizon_ok: false,
        }
    }

    /// An error located at the value of `path`.
    pub(super) fn err(&mut self, code: Code, path: String, msg: String, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(code, msg).with_hint(hint).at_path(path));
    }

    /// An error located at the key of `path` (e.g. `hub:`) rather than at its value.
    pub(super) fn err_at_key(
        &mut self,
        code: Code,
        path: String,
        msg: String,
        hint: impl Into<String>,
    ) {
        let mut d = Diagnostic::error(code, msg).with_hint(hint);
        d.location = self.map.locate_key(&path);
        self.diags.push(d.at_path(path));
    }

    /// A warning located at the value of `path`.
    pub(super) fn warn(&mut self, code: Code, path: String, msg: String, hint: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(code, msg).with_hint(hint).at_path(path));
    }

    /// The line of the value at `path`, for messages that refer to a second place.
    pub(super) fn line_of(&self, path: &str) -> Option<usize> {
        self.map.locate(path).map(|l| l.line)
    }

    /// Whether any error was found so far.
    pub(super) fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }
}
