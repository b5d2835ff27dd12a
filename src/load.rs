//! Reading a model file: bytes -> text -> YAML -> [`ModelFile`], with every shape error located.
//!
//! serde stops at the first error of a value, so the document is first read as a YAML tree and
//! then each section entry is deserialized on its own: one bad route does not hide the next one.
//! Positions come from a separate pass over yaml-rust2's marked events, which maps each path in
//! the document (`routes[3].to`) to the line and column of its key and its value.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_yaml::Value;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diag::{did_you_mean, Code, Diagnostic, Location};
use crate::format::{ModelFile, MonitoringSpec};

/// Largest model file hubplan reads, in bytes (32 MiB). Larger files are refused before reading.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Deepest nesting of mappings and sequences accepted.
pub const MAX_DEPTH: usize = 64;

const LIST_SECTIONS: &[&str] = &[
    "storage_classes",
    "resources",
    "nations",
    "nodes",
    "routes",
    "fleets",
    "supplies",
    "demands",
];
const TOP_FIELDS: &[&str] = &[
    "name",
    "description",
    "horizon_days",
    "period_days",
    "modes",
    "storage_classes",
    "resources",
    "nations",
    "nodes",
    "routes",
    "fleets",
    "supplies",
    "demands",
    "monitoring",
    "objective",
];

/// Where each path of a document sits in its file.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    file: String,
    keys: HashMap<String, (usize, usize)>,
    values: HashMap<String, (usize, usize)>,
}

impl SourceMap {
    /// The location of the value at `path`, else of its key, else of the nearest enclosing path.
    pub fn locate(&self, path: &str) -> Option<Location> {
        let mut p = path.to_string();
        loop {
            if let Some(&(line, col)) = self.values.get(&p).or_else(|| self.keys.get(&p)) {
                return Some(self.loc(line, col));
            }
            p = parent_path(&p)?;
        }
    }

    /// The location of the key at `path` (for unknown fields), else of the value.
    pub fn locate_key(&self, path: &str) -> Option<Location> {
        match self.keys.get(path) {
            Some(&(line, col)) => Some(self.loc(line, col)),
            None => self.locate(path),
        }
    }

    fn loc(&self, line: usize, col: usize) -> Location {
        Location {
            file: self.file.clone(),
            line,
            col,
        }
    }

    /// Fills in the location of a diagnostic from its path, where it has none.
    pub fn place(&self, d: &mut Diagnostic) {
        if d.location.is_none() {
            if let Some(p) = &d.path {
                d.location = if d.code == Code::UnknownField {
                    self.locate_key(p)
                } else {
                    self.locate(p)
                };
            }
        }
    }
}

fn parent_path(p: &str) -> Option<String> {
    if p.is_empty() {
        return None;
    }
    let cut = p.rfind(['.', '[']).unwrap_or(0);
    Some(p[..cut].to_string())
}

/// Joins a path and a map key.
pub fn key_path(base: &str, key: &str) -> String {
    if base.is_empty() {
        key.to_string()
    } else {
        format!("{base}.{key}")
    }
}

/// Joins a path and a sequence index.
pub fn index_path(base: &str, i: usize) -> String {
    format!("{base}[{i}]")
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

struct Indexer {
    map: SourceMap,
    stack: Vec<Frame>,
    too_deep: Option<Marker>,
}

impl Indexer {
    /// The path of the node starting now, and whether it is a mapping key.
    fn position(&mut self) -> (String, bool) {
        match self.stack.last_mut() {
            None => (String::new(), false),
            Some(Frame::Map { path, key }) => match key.take() {
                None => (path.clone(), true),
                Some(k) => (key_path(path, &k), false),
            },
            Some(Frame::Seq { path, next }) => {
                let p = index_path(path, *next);
                *next += 1;
                (p, false)
            }
        }
    }

    fn record(&mut self, path: &str, mark: Marker) {
        self.map
            .values
            .entry(path.to_string())
            .or_insert((mark.line(), mark.col() + 1));
    }
}

impl MarkedEventReceiver for Indexer {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(text, ..) => {
                let (path, is_key) = self.position();
                if is_key {
                    let kp = key_path(&path, &text);
                    self.map
                        .keys
                        .entry(kp)
                        .or_insert((mark.line(), mark.col() + 1));
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some(text);
                    }
                } else {
                    self.record(&path, mark);
                }
            }
            Event::Alias(_) => {
                let (path, is_key) = self.position();
                if is_key {
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some("*".into());
                    }
                } else {
                    self.record(&path, mark);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let (path, is_key) = self.position();
                let path = if is_key {
                    // A complex key: index its contents under a path no reference uses.
                    if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                        *key = Some("?".into());
                    }
                    key_path(&path, "?")
                } else {
                    path
                };
                self.record(&path, mark);
                if self.stack.len() >= MAX_DEPTH && self.too_deep.is_none() {
                    self.too_deep = Some(mark);
                }
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map { path, key: None }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

/// A model file read as far as its shape allows.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file name as given.
    pub file: String,
    /// The source text.
    pub source: String,
    /// Path -> position.
    pub map: SourceMap,
    /// The entries that deserialized.
    pub model: ModelFile,
    /// Ids of entries that failed to deserialize, so that references to them are not reported
    /// a second time.
    pub broken_ids: HashSet<String>,
    /// Shape errors, located.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses a model file. `Err` holds a fatal diagnostic (unreadable, not YAML); shape
/// errors of single entries come back in [`Loaded::diagnostics`] beside what could be read.
pub fn load_file(path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let file = path.display().to_string();
    let fail = |code, msg: String, hint: &str| {
        let mut d = Diagnostic::error(code, msg).with_hint(hint);
        d.location = Some(Location {
            file: file.clone(),
            line: 1,
            col: 1,
        });
        vec![d]
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        fail(
            Code::FileUnreadable,
            format!("cannot read '{file}': {e}"),
            "check the path and that the file is readable",
        )
    })?;
    if meta.is_dir() {
        return Err(fail(
            Code::FileUnreadable,
            format!("'{file}' is a directory, not a model file"),
            "name a .yaml model file",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(
            Code::FileTooLarge,
            format!(
                "'{file}' is {} bytes; hubplan reads model files of at most {} bytes",
                meta.len(),
                MAX_FILE_BYTES
            ),
            "split the model or check that this is the right file",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        fail(
            Code::FileUnreadable,
            format!("cannot read '{file}': {e}"),
            "check the path and that the file is readable",
        )
    })?;
    load_bytes(&file, &bytes)
}

/// Parses model text given as bytes; `file` names it in diagnostics.
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Loaded, Vec<Diagnostic>> {
    let at = |line: usize, col: usize| Location {
        file: file.to_string(),
        line,
        col,
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let mut d = Diagnostic::error(
            Code::FileTooLarge,
            format!(
                "the model is {} bytes; at most {MAX_FILE_BYTES} are read",
                bytes.len()
            ),
        );
        d.location = Some(at(1, 1));
        return Err(vec![d]);
    }
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = good.len() - good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
            let mut d = Diagnostic::error(
                Code::NotUtf8,
                format!("byte {} is not valid UTF-8", e.valid_up_to()),
            )
            .with_hint(
                "model files are UTF-8 text; is this a binary file, or saved in another encoding?",
            );
            d.location = Some(at(line, col));
            return Err(vec![d]);
        }
    };
    if source.contains('\0') {
        let off = source.find('\0').unwrap_or(0);
        let line = source[..off].matches('\n').count() + 1;
        let mut d = Diagnostic::error(Code::NotUtf8, "the file contains NUL bytes")
            .with_hint("model files are plain text; is this a binary file?");
        d.location = Some(at(line, 1));
        return Err(vec![d]);
    }

    // Pass 1: positions (and syntax errors, located by the scanner).
    let mut indexer = Indexer {
        map: SourceMap {
            file: file.to_string(),
            ..SourceMap::default()
        },
        stack: Vec::new(),
        too_deep: None,
    };
    let mut parser = Parser::new_from_str(&source);
    if let Err(e) = parser.load(&mut indexer, false) {
        let m = e.marker();
        let mut d = Diagnostic::error(Code::YamlSyntax, format!("YAML syntax: {}", e.info()))
            .with_hint("check indentation, colons and quotes near this position");
        d.location = Some(at(m.line().max(1), m.col() + 1));
        return Err(vec![d]);
    }
    if let Some(m) = indexer.too_deep {
        let mut d = Diagnostic::error(
            Code::TooDeep,
            format!("the document is nested more than {MAX_DEPTH} levels deep"),
        )
        .with_hint("a model needs only a few levels; check for runaway indentation");
        d.location = Some(at(m.line(), m.col() + 1));
        return Err(vec![d]);
    }
    let map = indexer.map;

    // Pass 2: the YAML tree (serde_yaml caps recursion and alias expansion).
    let value: Value = match serde_yaml::from_str(&source) {
        Ok(v) => v,
        Err(e) => {
            let msg = e.to_string();
            let code = if msg.contains("recursion limit") || msg.contains("repetition limit") {
                Code::TooDeep
            } else {
                Code::YamlSyntax
            };
            let mut d = Diagnostic::error(code, format!("YAML: {}", strip_location(&msg)))
                .with_hint(if code == Code::TooDeep {
                    "aliases that expand to huge documents are refused; write the values out"
                } else {
                    "check indentation, colons and quotes near this position"
                });
            d.location = Some(match e.location() {
                Some(l) => at(l.line(), l.column()),
                None => at(1, 1),
            });
            return Err(vec![d]);
        }
    };
    let Value::Mapping(top) = value else {
        let mut d = Diagnostic::error(
            Code::NotAMapping,
            if matches!(value, Value::Null) {
                "the model file is empty".to_string()
            } else {
                "the top level of a model must be a mapping of sections".to_string()
            },
        )
        .with_hint("start from a tutorial model: `horizon_days:`, `resources:`, `nodes:`, ...");
        d.location = Some(at(1, 1));
        return Err(vec![d]);
    };

    let mut out = Loaded {
        file: file.to_string(),
        source,
        map,
        model: ModelFile::default(),
        broken_ids: HashSet::new(),
        diagnostics: Vec::new(),
    };

    let mut head = serde_yaml::Mapping::new();
    let mut lists: Vec<(String, Value)> = Vec::new();
    let mut monitoring: Option<Value> = None;
    for (k, v) in top {
        let Some(key) = k.as_str().map(str::to_string) else {
            out.diagnostics.push(
                Diagnostic::error(Code::UnknownField, "a top-level key is not a name")
                    .with_hint(format!("top-level keys are: {}", TOP_FIELDS.join(", "))),
            );
            continue;
        };
        if !TOP_FIELDS.contains(&key.as_str()) {
            out.diagnostics.push(unknown_field(&key, "", TOP_FIELDS));
        } else if LIST_SECTIONS.contains(&key.as_str()) {
            lists.push((key, v));
        } else if key == "monitoring" {
            monitoring = Some(v);
        } else {
            head.insert(Value::String(key), v);
        }
    }
    if !head.contains_key("horizon_days") {
        out.diagnostics.push(
            Diagnostic::error(Code::MissingField, "the model has no `horizon_days`")
                .with_hint("add `horizon_days: 30` (the number of days planned)")
                .at_path(""),
        );
        head.insert("horizon_days".into(), Value::Number(1.into()));
    }
    if let Some(m) = de_at::<ModelFile>(Value::Mapping(head), "", &mut out.diagnostics) {
        out.model = m;
    }
    for (key, v) in lists {
        let m = &mut out.model;
        let d = &mut out.diagnostics;
        let b = &mut out.broken_ids;
        match key.as_str() {
            "storage_classes" => m.storage_classes = de_list(v, &key, d, b),
            "resources" => m.resources = de_list(v, &key, d, b),
            "nations" => m.nations = de_list(v, &key, d, b),
            "nodes" => m.nodes = de_list(v, &key, d, b),
            "routes" => m.routes = de_list(v, &key, d, b),
            "fleets" => m.fleets = de_list(v, &key, d, b),
            "supplies" => m.supplies = de_list(v, &key, d, b),
            "demands" => m.demands = de_list(v, &key, d, b),
            _ => unreachable!("only list sections are collected"),
        }
    }
    if let Some(v) = monitoring {
        out.model.monitoring = Some(de_monitoring(v, &mut out));
    }
    for d in &mut out.diagnostics {
        out.map.place(d);
    }
    Ok(out)
}

fn de_monitoring(v: Value, out: &mut Loaded) -> MonitoringSpec {
    let mut spec = MonitoringSpec::default();
    let Value::Mapping(m) = v else {
        if !matches!(v, Value::Null) {
            out.diagnostics.push(
                Diagnostic::error(Code::WrongType, "`monitoring` must be a mapping")
                    .with_hint("give `assets:` and `coverage:` lists")
                    .at_path("monitoring"),
            );
        }
        return spec;
    };
    for (k, v) in m {
        let key = k.as_str().unwrap_or("?").to_string();
        let path = key_path("monitoring", &key);
        match key.as_str() {
            "assets" => spec.assets = de_list(v, &path, &mut out.diagnostics, &mut out.broken_ids),
            "coverage" => {
                spec.coverage = de_list(v, &path, &mut out.diagnostics, &mut out.broken_ids)
            }
            _ => out
                .diagnostics
                .push(unknown_field(&key, "monitoring", &["assets", "coverage"])),
        }
    }
    spec
}

fn de_list<T: DeserializeOwned>(
    v: Value,
    path: &str,
    diags: &mut Vec<Diagnostic>,
    broken: &mut HashSet<String>,
) -> Vec<T> {
    match v {
        Value::Null => Vec::new(),
        Value::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let id = item.get("id").and_then(Value::as_str).map(str::to_string);
                match de_at::<T>(item, &index_path(path, i), diags) {
                    Some(t) => out.push(t),
                    None => {
                        if let Some(id) = id {
                            broken.insert(id);
                        }
                    }
                }
            }
            out
        }
        _ => {
            diags.push(
                Diagnostic::error(
                    Code::WrongType,
                    format!("`{path}` must be a list (a YAML sequence of entries)"),
                )
                .with_hint("write each entry on its own line starting with `- `")
                .at_path(path),
            );
            Vec::new()
        }
    }
}

/// Deserializes one value, turning a failure into a located diagnostic.
fn de_at<T: DeserializeOwned>(v: Value, base: &str, diags: &mut Vec<Diagnostic>) -> Option<T> {
    match serde_path_to_error::deserialize::<_, T>(v) {
        Ok(t) => Some(t),
        Err(e) => {
            let mut path = base.to_string();
            for seg in e.path().iter() {
                use serde_path_to_error::Segment;
                match seg {
                    Segment::Seq { index } => path = index_path(&path, *index),
                    Segment::Map { key } => path = key_path(&path, key),
                    Segment::Enum { variant } => path = key_path(&path, variant),
                    Segment::Unknown => {}
                }
            }
            diags.push(serde_diagnostic(
                &strip_location(&e.inner().to_string()),
                &path,
            ));
            None
        }
    }
}

/// Turns serde's message into a diagnostic with code, plain words and a hint.
fn serde_diagnostic(msg: &str, path: &str) -> Diagnostic {
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|e| e.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        return unknown_field(field, path, &expected);
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        let what = if path.is_empty() { "the model" } else { path };
        return Diagnostic::error(
            Code::MissingField,
            format!("{what} has no `{field}`, which is required"),
        )
        .with_hint(format!("add `{field}:` (see docs/model-format.md)"))
        .at_path(path);
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let variant = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|e| e.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let mut d = Diagnostic::error(
            Code::WrongType,
            format!("`{path}` is '{variant}', which is not one of the allowed values"),
        )
        .at_path(path);
        d = match did_you_mean(variant, expected.iter().copied()) {
            Some(s) => d.with_hint(format!("did you mean '{s}'?")),
            None => d.with_hint(format!("use one of: {}", expected.join(", "))),
        };
        return d;
    }
    let shown = if path.is_empty() { "the model" } else { path };
    Diagnostic::error(Code::WrongType, format!("`{shown}`: {msg}"))
        .with_hint("see docs/model-format.md for this field's type and unit")
        .at_path(path)
}

fn unknown_field(field: &str, base: &str, expected: &[&str]) -> Diagnostic {
    let path = key_path(base, field);
    let within = if base.is_empty() { "the model" } else { base };
    let d = Diagnostic::error(
        Code::UnknownField,
        format!("{within} has a field `{field}`, which the format does not have"),
    )
    .at_path(path);
    match did_you_mean(field, expected.iter().copied()) {
        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
        None if !expected.is_empty() => {
            d.with_hint(format!("allowed fields here: {}", expected.join(", ")))
        }
        None => d.with_hint("remove it"),
    }
}

/// serde_yaml appends "at line L column C"; the diagnostic carries the location itself.
fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "horizon_days: 3\nnodes:\n  - id: a\n    kind: origin\n    country: PL\n    lat: 1\n    lon: 2\n  - id: b\n    kind: sektor\n    country: UA\n    lat: 1\n    lon: 2\n";

    #[test]
    fn maps_paths_to_positions() {
        let l = load_bytes("m.yaml", SRC.as_bytes()).unwrap();
        let loc = l.map.locate("nodes[1].kind").unwrap();
        assert_eq!((loc.line, loc.col), (9, 11));
        let loc = l.map.locate_key("nodes[0].country").unwrap();
        assert_eq!((loc.line, loc.col), (5, 5));
    }

    #[test]
    fn one_bad_entry_does_not_hide_others() {
        let src = SRC.replace(
            "lat: 1\n    lon: 2\n  - id: b",
            "lat: x\n    lon: 2\n  - id: b",
        );
        let l = load_bytes("m.yaml", src.as_bytes()).unwrap();
        assert_eq!(l.diagnostics.len(), 2, "{:?}", l.diagnostics);
        assert_eq!(l.diagnostics[0].path.as_deref(), Some("nodes[0].lat"));
        assert_eq!(l.diagnostics[1].code, Code::WrongType);
        assert_eq!(
            l.diagnostics[1].hint.as_deref(),
            Some("did you mean 'sector'?")
        );
        assert!(l.broken_ids.contains("a") && l.broken_ids.contains("b"));
    }

    #[test]
    fn unknown_fields_suggest() {
        let src = "horizon_days: 3\nhorizon: 4\nroutes:\n  - id: r\n    from: a\n    to: b\n    mode: road\n    distnce_km: 3\n";
        let l = load_bytes("m.yaml", src.as_bytes()).unwrap();
        let codes: Vec<_> = l.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![Code::UnknownField, Code::UnknownField]);
        assert_eq!(
            l.diagnostics[1].hint.as_deref(),
            Some("did you mean `distance_km`?")
        );
        assert_eq!(l.diagnostics[1].location.as_ref().unwrap().line, 8);
    }

    #[test]
    fn fatal_inputs() {
        assert_eq!(load_bytes("m", b"").unwrap_err()[0].code, Code::NotAMapping);
        assert_eq!(
            load_bytes("m", b"\xff\xfe").unwrap_err()[0].code,
            Code::NotUtf8
        );
        assert_eq!(
            load_bytes("m", b"a: [1, 2\n").unwrap_err()[0].code,
            Code::YamlSyntax
        );
        let deep = "a: ".to_string() + &"[".repeat(200) + &"]".repeat(200);
        assert_eq!(
            load_bytes("m", deep.as_bytes()).unwrap_err()[0].code,
            Code::TooDeep
        );
    }
}
