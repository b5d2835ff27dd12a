//! Diagnostics: located, coded messages about a model file.
//!
//! Every problem hubplan finds in a model is a [`Diagnostic`] with a stable [`Code`], a severity, a
//! message, an optional hint and the `file:line:col` it comes from. The codes never change meaning;
//! `docs/diagnostics.md` lists them all (a test keeps that list in step with [`Code::ALL`]).

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The model cannot be used.
    Error,
    /// The model is usable but probably not what the planner meant.
    Warning,
}

macro_rules! codes {
    ($($name:ident = $code:literal : $summary:literal,)*) => {
        /// Stable diagnostic codes. `E1xxx`: reading and shape, `E2xxx`: references and values,
        /// `W3xxx`: warnings.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $(#[doc = $summary] $name,)* }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as printed, e.g. `E2002`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $code,)* }
            }

            /// One-line summary of what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$name => $summary,)* }
            }
        }
    };
}

codes! {
    FileUnreadable = "E1001": "the model file cannot be read",
    FileTooLarge = "E1002": "the model file is larger than hubplan accepts",
    NotUtf8 = "E1003": "the model file is not valid UTF-8 text",
    YamlSyntax = "E1004": "the file is not well-formed YAML",
    NotAMapping = "E1005": "the document is empty or its top level is not a mapping",
    TooDeep = "E1006": "the document is nested too deeply or expands aliases too far",
    UnknownField = "E1101": "a field that the format does not have",
    MissingField = "E1102": "a required field is missing",
    WrongType = "E1103": "a value has the wrong type or is not one of the allowed values",
    DuplicateId = "E2001": "two entries of a section share an id",
    UnknownReference = "E2002": "a reference to an id that does not exist",
    NotFinite = "E2003": "a number is NaN or infinite",
    OutOfRange = "E2004": "a number is outside its allowed range",
    BadHorizon = "E2005": "the horizon or period length is not positive",
    DayOutsideHorizon = "E2006": "a day lies outside the horizon",
    DueBeforeEarliest = "E2007": "a demand is due before its earliest day",
    SelfLoop = "E2008": "a route goes from a node to itself",
    ZeroDayCycle = "E2009": "same-day routes form a cycle",
    HubBlockMismatch = "E2010": "a hub block on a node that is not a hub, or a hub without one",
    HandlingNotTransit = "E2011": "handling capacity on a node that is not a transit node",
    FleetModeMismatch = "E2012": "a fleet serves a route of another mode",
    WrongNodeKind = "E2013": "a node of the wrong kind for this use",
    CaveatTarget = "E2014": "a caveat names a resource or kind that does not exist",
    NoCapacity = "E2015": "a capacity or vehicle count that must be positive is not",
    TooLarge = "E2016": "a number is absurdly large",
    FixedHubNeverOpen = "E2017": "a hub fixed open cannot be operational within the horizon",
    HubUnreachable = "W3001": "no route reaches a hub candidate",
    DemandUnreachable = "W3002": "no supply can reach a demand within the horizon",
    SupplyBelowDemand = "W3003": "total supply of a resource is below its total demand",
    RouteWithoutFleet = "W3004": "no fleet serves a route, so it cannot be used",
    CoverageUnreachable = "W3005": "no hub can provide a sector's required monitoring coverage",
    HubCapacityBelowDemand = "W3006": "the hubs' capacity of a class is below what must be held",
    CaveatUnknownCountry = "W3007": "a caveat forbids a country that no node is in",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A position in a source file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The file as the user named it.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub col: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// One located problem.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in the model's terms.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Where it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The path of the value in the document, e.g. `routes[3].to`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl Diagnostic {
    /// A new error with no location yet.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
            location: None,
            path: None,
        }
    }

    /// A new warning with no location yet.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the document path.
    pub fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic the way compilers do, with the source line and a caret when the
    /// source text is given.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = String::new();
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "{sev}[{}]: {}\n",
            self.code,
            printable(&self.message)
        ));
        if let Some(loc) = &self.location {
            out.push_str(&format!("  --> {loc}\n"));
            if let Some(line) = source.and_then(|s| s.lines().nth(loc.line.saturating_sub(1))) {
                let shown: String = printable(&line.chars().take(160).collect::<String>());
                let gutter = loc.line.to_string();
                let pad = " ".repeat(gutter.len());
                out.push_str(&format!("{pad} |\n{gutter} | {shown}\n"));
                let caret_col = loc.col.saturating_sub(1).min(shown.chars().count());
                out.push_str(&format!("{pad} | {}^\n", " ".repeat(caret_col)));
            }
        } else if let Some(path) = &self.path {
            out.push_str(&format!("  --> at {path}\n"));
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("  = hint: {}\n", printable(hint)));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(None))
    }
}

/// Text safe to print on a terminal: each control character (NUL, escape, tab, ...) becomes one
/// visible character, so that columns and carets still line up. Tabs show as `→`, C0 controls
/// and DEL as their Unicode "control pictures" (`␀`, `␛`, ...), other controls as `�`.
pub fn printable(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '\t' => '→',
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// The indefinite article for a word: "an origin node", "a road fleet".
pub fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// A "did you mean" suggestion: the candidate closest to `wanted`, if it is close enough.
pub fn did_you_mean<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted_l = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted_l, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
            let s = c.as_str();
            assert!(s.len() == 5 && (s.starts_with('E') || s.starts_with('W')));
        }
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("lvov", ["lviv", "kyiv", "odesa"]),
            Some("lviv")
        );
        assert_eq!(did_you_mean("zzz", ["lviv", "kyiv"]), None);
    }

    #[test]
    fn articles() {
        assert_eq!(article("origin"), "an");
        assert_eq!(article("air"), "an");
        assert_eq!(article("road"), "a");
    }

    #[test]
    fn control_characters_are_not_printed() {
        let mut d = Diagnostic::error(Code::NotUtf8, "nul");
        d.location = Some(Location {
            file: "m".into(),
            line: 1,
            col: 4,
        });
        let r = d.render(Some("a: \u{0}\u{1b}[31m\tx\n"));
        assert!(!r.chars().any(|c| c.is_control() && c != '\n'), "{r:?}");
        assert!(r.contains("1 | a: ␀␛[31m→x\n  |    ^"), "{r}");
    }

    #[test]
    fn renders_with_caret() {
        let mut d = Diagnostic::error(Code::UnknownReference, "bad").with_hint("fix it");
        d.location = Some(Location {
            file: "m.yaml".into(),
            line: 2,
            col: 5,
        });
        let r = d.render(Some("a: 1\nb:  x\n"));
        assert!(r.contains("m.yaml:2:5"));
        assert!(r.contains("2 | b:  x\n  |     ^"));
        assert!(r.contains("hint: fix it"));
    }
}
