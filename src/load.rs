//! Reading a model file: bytes -> text -> YAML -> [`ModelFile`], with every shape error located.
//!
//! serde stops at the first error of a value, so the document is first read as a YAML tree and
//! then each section entry is deserialized on its own: one bad route does not hide the next one.
//! Positions come from a separate pass over yaml-rust2's marked events, which maps each path in
//! the document (`routes[3].to`) to the line and column of its key and its value.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, ScanError};

use crate::diag::{did_you_mean, Code, Diagnostic, Location};
use crate::format::{Mode, ModeSettings, ModelFile, MonitoringSpec, ObjectiveSpec};

/// Largest model file hubplan reads, in bytes (32 MiB). Larger files are refused before reading.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Deepest nesting of mappings and sequences accepted.
pub const MAX_DEPTH: usize = 64;

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

/// A position in the file: line from 1, column from 1.
type Pos = (usize, usize);

fn pos(m: Marker) -> Pos {
    (m.line().max(1), m.col() + 1)
}

enum Frame {
    Map {
        path: String,
        /// The key whose value comes next; `None` while a key is expected.
        key: Option<String>,
        /// Where yaml-rust2 marks the mapping's start (for block mappings, the first key's
        /// colon).
        start: Pos,
        /// Whether the mapping's own position is recorded yet.
        placed: bool,
        /// Plain keys seen so far, with their positions (for duplicate keys).
        seen: HashMap<String, Pos>,
    },
    Seq {
        path: String,
        next: usize,
        start: Pos,
    },
}

/// A key written twice in one mapping.
struct Duplicate {
    key: String,
    /// Path of the mapping.
    within: String,
    first: Pos,
    again: Pos,
}

/// Builds the [`SourceMap`] from the parser's events, one event at a time (no recursion, so
/// nesting depth costs no stack), noting duplicate keys and the first place nested too deeply.
struct Indexer {
    map: SourceMap,
    stack: Vec<Frame>,
    too_deep: Option<Pos>,
    /// A block mapping nested too deeply: its start mark is its first key's colon, so the
    /// place is taken from the next event (the key).
    too_deep_map: Option<Pos>,
    duplicates: Vec<Duplicate>,
    /// The top-level mapping's keys in order, as written, with positions.
    top_keys: Vec<(String, Pos)>,
}

impl Indexer {
    fn new(file: &str) -> Self {
        Indexer {
            map: SourceMap {
                file: file.to_string(),
                ..SourceMap::default()
            },
            stack: Vec::new(),
            too_deep: None,
            too_deep_map: None,
            duplicates: Vec::new(),
            top_keys: Vec::new(),
        }
    }

    /// The path of the node starting now at `at`, and whether it is a mapping key.
    fn position(&mut self, at: Pos) -> (String, bool) {
        let depth = self.stack.len();
        let mut first_key = None;
        let out = match self.stack.last_mut() {
            None => (String::new(), false),
            Some(Frame::Map {
                path,
                key,
                start,
                placed,
                ..
            }) => match key.take() {
                None => {
                    if !*placed {
                        // A mapping is placed where its first key starts (a flow mapping's
                        // `{` comes before that and is kept).
                        *placed = true;
                        first_key = Some((path.clone(), (*start).min(at)));
                    }
                    (path.clone(), true)
                }
                Some(k) => (key_path(path, &k), false),
            },
            Some(Frame::Seq { path, next, .. }) => {
                let p = index_path(path, *next);
                *next += 1;
                (p, false)
            }
        };
        if let Some((p, at)) = first_key {
            self.record(&p, at);
        }
        if out.1 && depth == 1 {
            self.top_keys.push((String::new(), at));
        }
        out
    }

    fn record(&mut self, path: &str, at: Pos) {
        self.map.values.entry(path.to_string()).or_insert(at);
    }

    fn set_key(&mut self, k: String) {
        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
            *key = Some(k);
        }
    }

    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = pos(mark);
        if let Some(start) = self.too_deep_map.take() {
            self.too_deep = Some(start.min(at));
            return;
        }
        match ev {
            Event::Scalar(text, ..) => {
                let (path, is_key) = self.position(at);
                if is_key {
                    if self.stack.len() == 1 {
                        if let Some(last) = self.top_keys.last_mut() {
                            last.0 = text.clone();
                        }
                    }
                    let kp = key_path(&path, &text);
                    self.map.keys.entry(kp).or_insert(at);
                    if let Some(Frame::Map { seen, .. }) = self.stack.last_mut() {
                        match seen.get(&text) {
                            Some(&first) => self.duplicates.push(Duplicate {
                                key: text.clone(),
                                within: path.clone(),
                                first,
                                again: at,
                            }),
                            None => {
                                seen.insert(text.clone(), at);
                            }
                        }
                    }
                    self.set_key(text);
                } else {
                    self.record(&path, at);
                }
            }
            Event::Alias(_) => {
                let (path, is_key) = self.position(at);
                if is_key {
                    self.set_key("*".into());
                } else {
                    self.record(&path, at);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let (path, is_key) = self.position(at);
                let path = if is_key {
                    // A complex key: index its contents under a path no reference uses.
                    self.set_key("?".into());
                    key_path(&path, "?")
                } else {
                    path
                };
                if self.stack.len() >= MAX_DEPTH && self.too_deep.is_none() {
                    if matches!(ev, Event::MappingStart(..)) {
                        self.too_deep_map = Some(at);
                    } else {
                        self.too_deep = Some(at);
                    }
                }
                let frame = if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map {
                        path,
                        key: None,
                        start: at,
                        placed: false,
                        seen: HashMap::new(),
                    }
                } else {
                    self.record(&path, at);
                    Frame::Seq {
                        path,
                        next: 0,
                        start: at,
                    }
                };
                self.stack.push(frame);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Map {
                    path,
                    start,
                    placed: false,
                    ..
                }) = self.stack.pop()
                {
                    // An empty mapping: only its start is known.
                    self.record(&path, start);
                }
            }
            _ => {}
        }
    }

    /// Where the frames open at an error started.
    fn frame_starts(&self) -> impl Iterator<Item = Pos> + '_ {
        self.stack.iter().map(|f| match f {
            Frame::Map { start, .. } | Frame::Seq { start, .. } => *start,
        })
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
    /// Whether `horizon_days` was read; when it is missing or not a whole number, checks that
    /// depend on the horizon are left out rather than made against a guess.
    pub horizon_known: bool,
    /// Ids of entries that failed to deserialize, so that references to them are not reported
    /// a second time.
    pub broken_ids: HashSet<String>,
    /// Sections (`nations`, `monitoring.assets`, ...) that failed to read as a whole: none of
    /// their ids are known, so references into them are not reported either.
    pub broken_sections: HashSet<String>,
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
///
/// In steps: the bytes as text (`decode_text`), positions and document-level errors from
/// yaml-rust2's events (`index_source`), the YAML tree (`parse_top`), then each top-level
/// section on its own (`read_sections`). The first three stop at a fatal error; the last
/// collects shape errors beside what could be read.
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Loaded, Vec<Diagnostic>> {
    let source = decode_text(file, bytes)?;
    let mut indexer = index_source(file, &source)?;
    let top_keys = std::mem::take(&mut indexer.top_keys);
    let top = parse_top(file, &source)?;
    let mut out = Loaded {
        file: file.to_string(),
        source,
        map: indexer.map,
        model: ModelFile::default(),
        horizon_known: false,
        broken_ids: HashSet::new(),
        broken_sections: HashSet::new(),
        diagnostics: Vec::new(),
    };
    read_sections(&mut out, top, &top_keys);
    for d in &mut out.diagnostics {
        out.map.place(d);
    }
    Ok(out)
}

/// `d` located at `p` in `file`, as the one diagnostic of a fatal error.
fn fatal(file: &str, mut d: Diagnostic, p: Pos) -> Vec<Diagnostic> {
    d.location = Some(at(file, p));
    vec![d]
}

/// The location of position `p` in `file`.
fn at(file: &str, p: Pos) -> Location {
    Location {
        file: file.to_string(),
        line: p.0,
        col: p.1,
    }
}

/// The bytes as text: refused when too large, not UTF-8, or holding NUL bytes (located at
/// the first bad byte).
fn decode_text(file: &str, bytes: &[u8]) -> Result<String, Vec<Diagnostic>> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fatal(
            file,
            Diagnostic::error(
                Code::FileTooLarge,
                format!(
                    "the model is {} bytes; at most {MAX_FILE_BYTES} are read",
                    bytes.len()
                ),
            ),
            (1, 1),
        ));
    }
    // A UTF-8 byte-order mark, which some editors write, is no part of the text: dropped, so
    // that positions count from the first character a planner sees.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            // Columns count characters; the line up to the bad byte is valid UTF-8.
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            return Err(fatal(
                file,
                Diagnostic::error(
                    Code::NotUtf8,
                    format!("byte {} is not valid UTF-8", e.valid_up_to()),
                )
                .with_hint(
                    "model files are UTF-8 text; is this a binary file, or saved in another encoding?",
                ),
                (line, col),
            ));
        }
    };
    if let Some(off) = source.find('\0') {
        let line = source[..off].matches('\n').count() + 1;
        let line_start = source[..off].rfind('\n').map_or(0, |p| p + 1);
        let col = source[line_start..off].chars().count() + 1;
        return Err(fatal(
            file,
            Diagnostic::error(Code::NotUtf8, "the file contains NUL bytes")
                .with_hint("model files are plain text; is this a binary file?"),
            (line, col),
        ));
    }
    Ok(source)
}

/// Pass 1: positions, duplicate keys, depth and syntax errors, driven event by event. A
/// syntax error, a second document or too deep a nesting stops at once; duplicate keys are
/// all reported together once the whole file is read.
fn index_source(file: &str, source: &str) -> Result<Indexer, Vec<Diagnostic>> {
    let mut indexer = Indexer::new(file);
    let mut parser = Parser::new_from_str(source);
    let mut documents = 0;
    loop {
        let (ev, mark) = match parser.next_token() {
            Ok(x) => x,
            Err(e) => {
                let (d, p) = syntax_error(source, &e, &indexer);
                return Err(fatal(file, d, p));
            }
        };
        match ev {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    let p = pos(mark);
                    return Err(fatal(file, second_document(p), p));
                }
            }
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
            ev => indexer.on_event(ev, mark),
        }
        if let Some(p) = indexer.too_deep {
            return Err(fatal(file, too_deep(), p));
        }
    }
    if !indexer.duplicates.is_empty() {
        return Err(indexer
            .duplicates
            .iter()
            .map(|dup| duplicate_key(file, dup))
            .collect());
    }
    Ok(indexer)
}

/// A second YAML document starting at `p`.
fn second_document(p: Pos) -> Diagnostic {
    Diagnostic::error(
        Code::YamlSyntax,
        format!(
            "the file holds more than one document: a second YAML document starts on line {}",
            p.0
        ),
    )
    .with_hint(
        "a model is one YAML document: remove the second `---` (and put another model in a file of its own)",
    )
}

/// A key written twice, located at the repeat.
fn duplicate_key(file: &str, dup: &Duplicate) -> Diagnostic {
    let within = if dup.within.is_empty() {
        "at the top level".to_string()
    } else {
        format!("in `{}`", dup.within)
    };
    let mut d = Diagnostic::error(
        Code::YamlSyntax,
        format!(
            "`{}` appears twice {within} (first on line {}); keep one",
            dup.key, dup.first.0
        ),
    )
    .with_hint(format!(
        "a key may appear only once in a mapping; delete one `{}:` line or merge the two",
        dup.key
    ))
    .at_path(key_path(&dup.within, &dup.key));
    d.location = Some(at(file, dup.again));
    d
}

/// Pass 2: the YAML tree (serde_yaml caps recursion and alias expansion), which must be a
/// mapping of sections.
fn parse_top(file: &str, source: &str) -> Result<Mapping, Vec<Diagnostic>> {
    let value: Value = match serde_yaml::from_str(source) {
        Ok(v) => v,
        Err(e) => {
            let msg = e.to_string();
            let code = if msg.contains("recursion limit") || msg.contains("repetition limit") {
                Code::TooDeep
            } else {
                Code::YamlSyntax
            };
            let d = Diagnostic::error(code, format!("YAML: {}", strip_location(&msg))).with_hint(
                if code == Code::TooDeep {
                    "aliases that expand to huge documents are refused; write the values out"
                } else {
                    "check indentation, colons and quotes near this position"
                },
            );
            let p = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            return Err(fatal(file, d, p));
        }
    };
    let Value::Mapping(top) = value else {
        return Err(fatal(
            file,
            Diagnostic::error(
                Code::NotAMapping,
                if matches!(value, Value::Null) {
                    "the model file is empty".to_string()
                } else {
                    "the top level of a model must be a mapping of sections".to_string()
                },
            )
            .with_hint("start from a tutorial model: `horizon_days:`, `resources:`, `nodes:`, ..."),
            (1, 1),
        ));
    };
    Ok(top)
}

/// Each top-level field on its own, so that one broken field does not lose the others.
/// `top_keys` are the top-level keys as written, in order, to name a key that is not text.
fn read_sections(out: &mut Loaded, top: Mapping, top_keys: &[(String, Pos)]) {
    let mut horizon_seen = false;
    for (i, (k, v)) in top.into_iter().enumerate() {
        let Value::String(key) = k else {
            let (text, p) = top_keys
                .get(i)
                .cloned()
                .unwrap_or_else(|| (String::new(), (1, 1)));
            let mut d = not_a_section(&text);
            d.location = Some(out.map.loc(p.0, p.1));
            out.diagnostics.push(d);
            continue;
        };
        let m = &mut out.model;
        let d = &mut out.diagnostics;
        let b = &mut out.broken_ids;
        let s = &mut out.broken_sections;
        match key.as_str() {
            "name" => m.name = de_at::<Option<String>>(v, &key, d).flatten(),
            "description" => m.description = de_at::<Option<String>>(v, &key, d).flatten(),
            "horizon_days" => {
                horizon_seen = true;
                if let Some(h) = de_at::<i64>(v, &key, d) {
                    m.horizon_days = h;
                    out.horizon_known = true;
                }
            }
            "period_days" => m.period_days = de_at::<Option<f64>>(v, &key, d).flatten(),
            "modes" => m.modes = de_modes(v, d, &out.map),
            "objective" => m.objective = de_at::<Option<ObjectiveSpec>>(v, &key, d).flatten(),
            "storage_classes" => m.storage_classes = de_list(v, &key, d, b, s),
            "resources" => m.resources = de_list(v, &key, d, b, s),
            "nations" => m.nations = de_list(v, &key, d, b, s),
            "nodes" => m.nodes = de_list(v, &key, d, b, s),
            "routes" => m.routes = de_list(v, &key, d, b, s),
            "fleets" => m.fleets = de_list(v, &key, d, b, s),
            "supplies" => m.supplies = de_list(v, &key, d, b, s),
            "demands" => m.demands = de_list(v, &key, d, b, s),
            "monitoring" => m.monitoring = Some(de_monitoring(v, d, b, s)),
            _ => d.push(unknown_field(&key, "", TOP_FIELDS)),
        }
    }
    if !horizon_seen {
        out.diagnostics.push(
            Diagnostic::error(Code::MissingField, "the model has no `horizon_days`")
                .with_hint("add `horizon_days: 30` (the number of days planned)")
                .at_path(""),
        );
    }
}

/// A top-level key that is not text (a number, true/false, a list), written as `text`.
fn not_a_section(text: &str) -> Diagnostic {
    let shown = if text.is_empty() {
        "a top-level key".to_string()
    } else {
        format!("the top-level key `{text}`")
    };
    Diagnostic::error(Code::UnknownField, format!("{shown} is not a section name")).with_hint(
        format!(
            "top-level keys are: {}; start a note with `#` to make it a comment",
            TOP_FIELDS.join(", ")
        ),
    )
}

fn too_deep() -> Diagnostic {
    Diagnostic::error(
        Code::TooDeep,
        format!("the document is nested more than {MAX_DEPTH} levels deep"),
    )
    .with_hint("a model needs only a few levels; check for runaway indentation or brackets")
}

/// A located diagnostic for a scanner or parser error. An unclosed `[` or `{` before the error
/// is almost always its cause, so the diagnostic points at that bracket.
fn syntax_error(source: &str, e: &ScanError, indexer: &Indexer) -> (Diagnostic, Pos) {
    let m = e.marker();
    let err_at = pos(*m);
    let info = e.info();
    let open = open_brackets(source, err_at);
    if info.contains("recursion limit") {
        // yaml-rust2 refuses flow collections nested more than 255 deep before any event
        // reaches the indexer: point where the limit was crossed.
        let first = open.first().map_or(err_at, |b| b.1);
        let outer = indexer.frame_starts().filter(|&s| s < first).count();
        let p = open
            .get(MAX_DEPTH.saturating_sub(outer))
            .map_or(err_at, |b| b.1);
        return (too_deep(), p);
    }
    if let Some(&(c, p)) = open.last() {
        let (close, what) = if c == '[' {
            (']', "a `[...]` list")
        } else {
            ('}', "a `{...}` mapping")
        };
        let d = Diagnostic::error(
            Code::YamlSyntax,
            format!(
                "YAML syntax: this `{c}` is not closed; the parser stopped at line {}, column {}: {info}",
                err_at.0, err_at.1
            ),
        )
        .with_hint(format!(
            "add the missing `{close}`; {what} that spans lines must still be closed before the next key"
        ));
        return (d, p);
    }
    let mut p = err_at;
    let mut hint = "check indentation, colons and quotes near this position";
    if info.contains("tabs") {
        hint = "indent with spaces only: YAML does not allow tabs for indentation";
        // Point at the tab itself rather than just after it.
        if let Some(line) = source.lines().nth(p.0 - 1) {
            let before: Vec<char> = line.chars().take(p.1 - 1).collect();
            if let Some(t) = before.iter().rposition(|&c| c == '\t') {
                let tabs_start = before[..=t]
                    .iter()
                    .rposition(|&c| c != '\t')
                    .map_or(0, |x| x + 1);
                p.1 = tabs_start + 1;
            }
        }
    }
    let d = Diagnostic::error(Code::YamlSyntax, format!("YAML syntax: {info}")).with_hint(hint);
    (d, p)
}

/// The flow brackets (`[`, `{`) still open at `upto`, outermost first, with their positions.
/// A light scan: it skips comments and quoted text, and takes a bracket as a flow indicator
/// only where one can start (after a space, `:`, `,`, `-` or another bracket).
fn open_brackets(source: &str, upto: Pos) -> Vec<(char, Pos)> {
    let mut open: Vec<(char, Pos)> = Vec::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    let mut prev = '\n';
    let (mut line, mut col) = (1, 1);
    for c in source.chars() {
        if (line, col) >= upto {
            break;
        }
        if c == '\n' {
            comment = false;
        } else if comment {
        } else if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if q == '"' && c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
        } else {
            let at_start = prev.is_whitespace() || matches!(prev, '[' | '{' | ',' | ':' | '-');
            match c {
                '#' if prev.is_whitespace() => comment = true,
                '"' | '\'' if at_start => quote = Some(c),
                '[' | '{' if at_start => open.push((c, (line, col))),
                ']' | '}' if !open.is_empty() => {
                    open.pop();
                }
                _ => {}
            }
        }
        prev = c;
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    open
}

/// `modes:` entry by entry: a misspelt mode is located at its key, and the other modes are
/// still read.
fn de_modes(
    v: Value,
    diags: &mut Vec<Diagnostic>,
    map: &SourceMap,
) -> BTreeMap<Mode, ModeSettings> {
    let mut out = BTreeMap::new();
    let Value::Mapping(m) = v else {
        if !matches!(v, Value::Null) {
            diags.push(
                Diagnostic::error(
                    Code::WrongType,
                    "`modes` must be a mapping from mode names to settings",
                )
                .with_hint("write e.g. `modes:` then `  road: {km_per_day: 300}` on the next line")
                .at_path("modes"),
            );
        }
        return out;
    };
    let names: Vec<&str> = Mode::ALL.iter().map(|m| m.as_str()).collect();
    for (k, v) in m {
        let text = match &k {
            Value::String(s) => s.clone(),
            other => serde_yaml::to_string(other)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        let path = key_path("modes", &text);
        let Some(mode) = Mode::ALL.into_iter().find(|m| m.as_str() == text) else {
            let mut d = Diagnostic::error(
                Code::WrongType,
                format!("`modes` names '{text}', which is not a mode"),
            );
            d = match did_you_mean(&text, names.iter().copied()) {
                Some(s) => d.with_hint(format!("did you mean '{s}'?")),
                None => d.with_hint(format!("the modes are: {}", names.join(", "))),
            };
            d.location = map.locate_key(&path);
            diags.push(d.at_path(path));
            continue;
        };
        if let Some(s) = de_at::<ModeSettings>(v, &path, diags) {
            out.insert(mode, s);
        }
    }
    out
}

fn de_monitoring(
    v: Value,
    diags: &mut Vec<Diagnostic>,
    broken: &mut HashSet<String>,
    sections: &mut HashSet<String>,
) -> MonitoringSpec {
    let mut spec = MonitoringSpec::default();
    let Value::Mapping(m) = v else {
        if !matches!(v, Value::Null) {
            diags.push(
                Diagnostic::error(Code::WrongType, "`monitoring` must be a mapping")
                    .with_hint("give `assets:` and `coverage:` lists")
                    .at_path("monitoring"),
            );
            sections.insert("monitoring.assets".into());
            sections.insert("monitoring.coverage".into());
        }
        return spec;
    };
    for (k, v) in m {
        let key = k.as_str().unwrap_or("?").to_string();
        let path = key_path("monitoring", &key);
        match key.as_str() {
            "assets" => spec.assets = de_list(v, &path, diags, broken, sections),
            "coverage" => spec.coverage = de_list(v, &path, diags, broken, sections),
            _ => diags.push(unknown_field(&key, "monitoring", &["assets", "coverage"])),
        }
    }
    spec
}

fn de_list<T: DeserializeOwned>(
    v: Value,
    path: &str,
    diags: &mut Vec<Diagnostic>,
    broken: &mut HashSet<String>,
    sections: &mut HashSet<String>,
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
        other => {
            sections.insert(path.to_string());
            diags.push(
                Diagnostic::error(
                    Code::WrongType,
                    format!(
                        "`{path}` must be a list (a YAML sequence of entries), but it is {}",
                        describe(&other)
                    ),
                )
                .with_hint("write each entry on its own line starting with `- `, indented below the section")
                .at_path(path),
            );
            Vec::new()
        }
    }
}

/// A YAML value in a planner's words, for "but it is ...".
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "empty".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text '{s}'"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => describe(&t.value),
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
        // serde_path_to_error's path already ends in the unknown field; the diagnostic names
        // the entry that has it.
        let base = match path.strip_suffix(field) {
            Some(b) if b.is_empty() || b.ends_with('.') => b.trim_end_matches('.'),
            _ => path,
        };
        return unknown_field(field, base, &expected);
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
    let invalid = msg
        .strip_prefix("invalid type: ")
        .or_else(|| msg.strip_prefix("invalid value: "));
    if let Some((got, expected)) = invalid.and_then(|r| r.rsplit_once(", expected ")) {
        if expected.trim() == "field identifier" {
            // A key that is a number, true/false or a list, where field names go.
            let key = got
                .split('`')
                .nth(1)
                .or_else(|| got.split('"').nth(1))
                .unwrap_or("?");
            let within = if path.is_empty() { "the model" } else { path };
            return Diagnostic::error(
                Code::UnknownField,
                format!("{within} has a key `{key}`, which is not a field name"),
            )
            .with_hint("fields are named with words, such as `id:`; see docs/model-format.md")
            .at_path(key_path(path, key));
        }
        let (want, hint) = plain_expected(expected);
        return Diagnostic::error(
            Code::WrongType,
            format!("`{shown}` must be {want}, but it is {}", plain_got(got)),
        )
        .with_hint(hint)
        .at_path(path);
    }
    Diagnostic::error(Code::WrongType, format!("`{shown}`: {msg}"))
        .with_hint("see docs/model-format.md for this field's type and unit")
        .at_path(path)
}

/// serde's name of an expected type, in a planner's words, with a hint on how to write it.
fn plain_expected(expected: &str) -> (String, String) {
    let e = expected.trim();
    let (want, hint) = match e {
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128"
        | "usize" => (
            "a whole number",
            "write a whole number such as 3, without quotes, decimals or units",
        ),
        "f32" | "f64" => (
            "a number",
            "write a plain number such as 12.5, without quotes or units",
        ),
        "a boolean" => ("true or false", "write `true` or `false`, without quotes"),
        "a string" | "a borrowed string" | "a character" | "a char" => (
            "text",
            "write the text; put it in quotes if it looks like a number, true/false or a list",
        ),
        "a sequence" => (
            "a list",
            "write each entry on its own line starting with `- `, or as `[a, b]`",
        ),
        "a map" => (
            "a mapping",
            "write `key: value` lines indented below it, or `{key: value}`",
        ),
        _ if e.starts_with("struct ") => (
            "a mapping of fields",
            "write its fields as `field: value` lines indented below it (see docs/model-format.md)",
        ),
        _ if e.starts_with("enum ") => (
            "one of the allowed words",
            "see docs/model-format.md for the allowed values",
        ),
        _ => {
            return (
                e.to_string(),
                "see docs/model-format.md for this field's type".into(),
            )
        }
    };
    (want.to_string(), hint.to_string())
}

/// serde's description of the value found, in a planner's words.
fn plain_got(got: &str) -> String {
    let g = got.trim();
    let inner = |s: &str| {
        s.trim()
            .trim_start_matches(['`', '"'])
            .trim_end_matches(['`', '"'])
            .to_string()
    };
    if let Some(s) = g.strip_prefix("string ") {
        return format!("the text '{}'", inner(s));
    }
    if let Some(n) = g.strip_prefix("integer ") {
        return format!("the whole number {}", inner(n));
    }
    if let Some(n) = g.strip_prefix("floating point ") {
        return format!("the number {}", inner(n));
    }
    if let Some(b) = g.strip_prefix("boolean ") {
        return inner(b);
    }
    match g {
        "unit value" | "null" => "empty".into(),
        "sequence" => "a list".into(),
        "map" => "a mapping".into(),
        "Option value" => "a value".into(),
        _ => g.to_string(),
    }
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

    #[test]
    fn deep_block_nesting_is_refused_without_recursion() {
        let deep = "a:\n".to_string() + &"- ".repeat(100_000) + "1\n";
        let e = load_bytes("m", deep.as_bytes()).unwrap_err();
        assert_eq!(e[0].code, Code::TooDeep);
        let flow = "a: ".to_string() + &"[".repeat(1000) + &"]".repeat(1000);
        let e = load_bytes("m", flow.as_bytes()).unwrap_err();
        assert_eq!(e[0].code, Code::TooDeep);
        assert_eq!(e[0].location.as_ref().unwrap().col, 4 + MAX_DEPTH - 1);
    }

    #[test]
    fn mappings_are_placed_at_their_first_key() {
        let l = load_bytes("m.yaml", SRC.as_bytes()).unwrap();
        let loc = l.map.locate("nodes[1]").unwrap();
        assert_eq!((loc.line, loc.col), (8, 5));
        let l = load_bytes(
            "m.yaml",
            b"horizon_days: 3\nmodes: {road: {km_per_day: 3}}\n",
        )
        .unwrap();
        let loc = l.map.locate("modes").unwrap();
        assert_eq!((loc.line, loc.col), (2, 8), "a flow mapping at its brace");
    }

    #[test]
    fn duplicate_keys_are_located_at_the_repeat() {
        let e = load_bytes("m", b"horizon_days: 3\nnodes:\n  - id: a\n    id: b\n").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, Code::YamlSyntax);
        let loc = e[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.col), (4, 5));
        assert!(e[0]
            .message
            .contains("`id` appears twice in `nodes[0]` (first on line 3)"));
    }

    #[test]
    fn one_broken_top_level_field_keeps_the_others() {
        let l = load_bytes("m", b"objective: {cost: x}\nhorizon_days: 3\nname: [a]\n").unwrap();
        assert!(l.horizon_known);
        assert_eq!(l.model.horizon_days, 3);
        assert_eq!(l.diagnostics.len(), 2, "{:?}", l.diagnostics);
        let l = load_bytes("m", b"horizon_days: x\nnations: FR\n").unwrap();
        assert!(!l.horizon_known);
        assert!(l.broken_sections.contains("nations"));
    }

    #[test]
    fn unclosed_brackets_are_named() {
        let e = load_bytes("m", b"a: [1, 2\nb: 3\n").unwrap_err();
        let loc = e[0].location.as_ref().unwrap();
        assert_eq!((loc.line, loc.col), (1, 4), "{e:?}");
        assert!(e[0].message.contains("`[` is not closed"));
        assert_eq!(
            open_brackets("a: '[' # [\nb: x[1] [\"]\", {", (9, 1)),
            vec![('[', (2, 9)), ('{', (2, 15))]
        );
    }
}
