//! The house's import rules, read from the source: the pipeline's modules stand in layers, each
//! importing only from layers below it (so there is no import circle), the schedule file
//! format and everything that reads schedules know nothing of the MIP or the solver, and the
//! solve's files import each other without a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's top-level modules from the bottom layer up: a module may import only the
/// modules before it in this list.
const LAYERS: &[&str] = &[
    "text",
    "diag",
    "format",
    "model",
    "load",
    "network",
    "validate",
    "schedule",
    "check",
    "report",
    "formulation",
    "solve",
    "explain",
    "pipeline",
    "generate",
    "bench",
];

/// Files (relative to `src/`) that must name neither the MIP (`formulation`) nor the solver
/// (`solve`): the schedule file format and what reads schedules. `explain/infeasible.rs` is
/// the one file of `explain` that re-solves; the rest of it only reads models and schedules.
const MIP_FREE: &[&str] = &["schedule", "check", "report", "explain"];
const MIP_FREE_EXCEPT: &[&str] = &["explain/infeasible.rs"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, relative to `src/`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read src") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p.strip_prefix(src()).expect("under src").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// The top-level module a file belongs to (`solve/heuristic.rs` -> `solve`).
fn module_of(rel: &Path) -> String {
    let first = rel.components().next().expect("a path");
    let s = first.as_os_str().to_string_lossy();
    s.trim_end_matches(".rs").to_string()
}

/// The code of a file without its comments (line comments and doc comments), so that a
/// module named in prose is not an import.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read");
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The `crate::NAME` paths a piece of code names, by NAME (also inside `use crate::{a, b}`).
fn crate_names(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first name of each item at the group's own depth.
            let (mut depth, mut item_start) = (0usize, true);
            let mut name = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => name.push(c),
                    _ if item_start && !name.is_empty() => {
                        out.insert(std::mem::take(&mut name));
                        item_start = false;
                    }
                    _ => {}
                }
            }
            if !name.is_empty() {
                out.insert(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

#[test]
fn every_module_imports_only_from_the_layers_below_it() {
    let rank: BTreeMap<&str, usize> = LAYERS.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut wrong = Vec::new();
    for rel in files(&src()) {
        let module = module_of(&rel);
        if module == "main" || module == "cli" || module == "lib" {
            continue;
        }
        let Some(&mine) = rank.get(module.as_str()) else {
            wrong.push(format!(
                "{}: module '{module}' is not in LAYERS",
                rel.display()
            ));
            continue;
        };
        for name in crate_names(&code(&src().join(&rel))) {
            match rank.get(name.as_str()) {
                Some(&theirs) if theirs < mine || name == module => {}
                Some(_) => wrong.push(format!(
                    "{}: '{module}' imports '{name}', which stands above it",
                    rel.display()
                )),
                None => wrong.push(format!(
                    "{}: 'crate::{name}' is not a module in LAYERS",
                    rel.display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_schedule_and_what_reads_it_know_nothing_of_the_mip_or_the_solver() {
    let mut wrong = Vec::new();
    for rel in files(&src()) {
        let module = module_of(&rel);
        let shown = rel.to_string_lossy().replace('\\', "/");
        if !MIP_FREE.contains(&module.as_str()) || MIP_FREE_EXCEPT.contains(&shown.as_str()) {
            continue;
        }
        let text = code(&src().join(&rel));
        for name in crate_names(&text) {
            if name == "formulation" || name == "solve" {
                wrong.push(format!("{shown} imports crate::{name}"));
            }
        }
        for backend in ["highs", "good_lp"] {
            if text.contains(&format!("{backend}::")) {
                wrong.push(format!("{shown} names {backend}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn only_the_solve_module_names_a_solver_backend() {
    let mut wrong = Vec::new();
    for rel in files(&src()) {
        let module = module_of(&rel);
        if module == "solve" || module == "formulation" {
            // The formulation builds good_lp's problem; only solve names HiGHS.
            if module == "formulation" && code(&src().join(&rel)).contains("highs") {
                wrong.push(format!("{} names highs", rel.display()));
            }
            continue;
        }
        let text = code(&src().join(&rel));
        for backend in ["highs::", "highs_sys::", "good_lp::"] {
            if text.contains(backend) {
                wrong.push(format!("{} names {backend}", rel.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The files of `solve/` import each other (`super::NAME`) without a circle: the entry
/// `solve.rs` imports its parts, and no part imports the entry.
#[test]
fn the_solve_files_import_each_other_without_a_circle() {
    let dir = src().join("solve");
    let parts: BTreeSet<String> = files(&dir)
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for rel in files(&dir) {
        let me = rel.file_stem().unwrap().to_string_lossy().into_owned();
        let text = code(&src().join(&rel));
        // `#[cfg(test)] mod tests { use super::*; }` names the file itself.
        let text = text.split("#[cfg(test)]").next().unwrap_or("").to_string();
        let mut rest = text.as_str();
        let mut to = BTreeSet::new();
        while let Some(i) = rest.find("super::") {
            rest = &rest[i + "super::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if parts.contains(&name) && name != me {
                to.insert(name);
            } else if !parts.contains(&name) {
                to.insert("solve.rs".to_string());
            }
        }
        edges.insert(me, to);
    }
    // The parts may not import the entry (items of solve.rs).
    let into_entry: Vec<&String> = edges
        .iter()
        .filter(|(_, to)| to.contains("solve.rs"))
        .map(|(f, _)| f)
        .collect();
    assert!(
        into_entry.is_empty(),
        "these solve/ files import items of solve.rs (a circle with the entry): {into_entry:?}"
    );
    // Depth-first search for a circle among the parts.
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(1) => {
                let at = path.iter().position(|p| p == n).unwrap_or(0);
                let mut c = path[at..].to_vec();
                c.push(n.to_string());
                return Some(c);
            }
            Some(2) => return None,
            _ => {}
        }
        state.insert(n.to_string(), 1);
        path.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, edges, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in edges.keys() {
        if let Some(c) = visit(n, &edges, &mut state, &mut Vec::new()) {
            panic!("import circle in src/solve/: {}", c.join(" -> "));
        }
    }
}

#[test]
fn the_rules_of_this_file_see_what_they_claim_to() {
    // The reader finds grouped and plain paths, and ignores comments.
    let names =
        crate_names("use crate::{model::{Model, NodeIx}, schedule};\nlet x = crate::solve::f();");
    assert_eq!(
        names.into_iter().collect::<Vec<_>>(),
        ["model", "schedule", "solve"]
    );
    let dir = tempdir_with("// crate::solve in a comment\nuse crate::model;\n");
    assert_eq!(
        crate_names(&code(&dir)).into_iter().collect::<Vec<_>>(),
        ["model"]
    );
}

fn tempdir_with(text: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("hubplan-layers-{}.rs", std::process::id()));
    std::fs::write(&p, text).expect("write");
    p
}
