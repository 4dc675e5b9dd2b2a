//! Comparing what our evaluator produced with `expected.json`, and describing each
//! difference in a line a developer can act on.

use std::cmp::Ordering;
use std::fmt;

use escrot_esc::{Diagnostic, Environment, Patch, Value};

use super::expected::{ExpectedDiag, ExpectedPatch};

/// At most this many differences are listed per compared item.
const MAX_LINES: usize = 25;

/// What identifies a diagnostic for comparison: severity, summary, property path and where
/// it starts. (Byte offsets, end positions and details are not compared.)
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DiagKey {
    /// `None` (no subject) sorts first, as in ESC.
    pub start: Option<(String, usize, usize)>,
    pub severity: u8,
    pub summary: String,
    pub path: String,
}

impl DiagKey {
    pub fn of_expected(d: &ExpectedDiag) -> DiagKey {
        DiagKey {
            start: d.subject.as_ref().map(|s| (s.filename.clone(), s.start.line, s.start.column)),
            severity: d.severity,
            summary: with_deliberate_differences(&d.summary),
            path: d.path.clone(),
        }
    }

    pub fn of_actual(d: &Diagnostic) -> DiagKey {
        DiagKey {
            start: d.subject.as_ref().map(|s| (s.filename.clone(), s.start.line, s.start.column)),
            severity: d.severity as u8,
            summary: d.summary.clone(),
            path: d.path.clone(),
        }
    }
}

/// ESC's summary as escrot words it where escrot deliberately differs: ESC's
/// `less than or equal to1` lacks a space, which escrot's message has.
fn with_deliberate_differences(summary: &str) -> String {
    match summary.strip_prefix("expected a number less than or equal to") {
        Some(bound) if !bound.starts_with(' ') => format!("expected a number less than or equal to {bound}"),
        _ => summary.to_owned(),
    }
}

impl fmt::Display for DiagKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            1 => "error".to_owned(),
            2 => "warning".to_owned(),
            n => format!("severity {n}"),
        };
        match &self.start {
            Some((file, line, column)) => write!(f, "{severity} at {file}:{line}:{column}")?,
            None => write!(f, "{severity} (no subject)")?,
        }
        if !self.path.is_empty() {
            write!(f, " [{}]", self.path)?;
        }
        write!(f, ": {}", self.summary)
    }
}

/// Compares two diagnostic lists as multisets (Go's sort is not stable, so diagnostics at
/// the same place may come in any order). Returns one line per difference.
pub fn diff_diagnostics(label: &str, expected: &[ExpectedDiag], actual: &[Diagnostic]) -> Vec<String> {
    let mut want: Vec<DiagKey> = expected.iter().map(DiagKey::of_expected).collect();
    let mut got: Vec<DiagKey> = actual.iter().map(DiagKey::of_actual).collect();
    want.sort();
    got.sort();
    let (mut i, mut j) = (0, 0);
    let mut lines = Vec::new();
    while i < want.len() || j < got.len() {
        let order = match (want.get(i), got.get(j)) {
            (Some(w), Some(g)) => w.cmp(g),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Equal => {
                i += 1;
                j += 1;
            }
            Ordering::Less => {
                lines.push(format!("{label}: missing   {}", want[i]));
                i += 1;
            }
            Ordering::Greater => {
                lines.push(format!("{label}: unexpected {}", got[j]));
                j += 1;
            }
        }
    }
    truncate(lines)
}

/// The plain JSON of an environment's values (`None` when there is no environment).
pub fn environment_json(env: Option<&Environment>, redact: bool) -> Option<serde_json::Value> {
    env.map(|e| serde_json::Value::Object(e.properties.iter().map(|(k, v)| (k.clone(), v.to_json(redact))).collect()))
}

/// Compares an expected JSON value (absent = no environment) with ours.
pub fn diff_json(label: &str, expected: Option<&serde_json::Value>, actual: Option<&serde_json::Value>) -> Vec<String> {
    match (expected, actual) {
        (None, None) => Vec::new(),
        (Some(_), None) => vec![format!("{label}: expected an environment, got none")],
        (None, Some(a)) => vec![format!("{label}: expected no environment (key absent), got {}", compact(a))],
        (Some(e), Some(a)) => {
            let mut lines = Vec::new();
            diff_values(label, e, a, &mut lines);
            truncate(lines)
        }
    }
}

/// Walks two JSON values and records where they differ, by path.
fn diff_values(path: &str, expected: &serde_json::Value, actual: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value as J;
    match (expected, actual) {
        (J::Object(e), J::Object(a)) => {
            for (k, ev) in e {
                let p = join_json_key(path, k);
                match a.get(k) {
                    Some(av) => diff_values(&p, ev, av, out),
                    None => out.push(format!("{p}: missing, expected {}", compact(ev))),
                }
            }
            for (k, av) in a.iter().filter(|(k, _)| !e.contains_key(*k)) {
                out.push(format!("{}: unexpected {}", join_json_key(path, k), compact(av)));
            }
        }
        (J::Array(e), J::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                diff_values(&format!("{path}[{i}]"), ev, av, out);
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {}, got {}", compact(expected), compact(actual))),
        _ => {}
    }
}

/// `path.key`, or `path["key"]` when the key is not an identifier.
fn join_json_key(path: &str, k: &str) -> String {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("{path}.{k}")
    } else {
        format!("{path}[{}]", serde_json::Value::String(k.to_owned()))
    }
}

/// A JSON value on one line, shortened when long.
pub fn compact(v: &serde_json::Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 300 { format!("{}…", s.chars().take(300).collect::<String>()) } else { s }
}

/// The plain JSON form of a detailed value (`{value, secret?, unknown?, trace}`) as the
/// corpus writes patch replacements: `trace` dropped, `value` unwrapped recursively,
/// secrets shown (the detailed form carries them in the clear), unknowns as `"[unknown]"`.
pub fn detailed_to_plain(detailed: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    if detailed.get("unknown") == Some(&J::Bool(true)) {
        return J::String(escrot_esc::value::UNKNOWN_JSON.to_owned());
    }
    match detailed.get("value") {
        Some(J::Object(o)) => J::Object(o.iter().map(|(k, v)| (k.clone(), detailed_to_plain(v))).collect()),
        Some(J::Array(a)) => J::Array(a.iter().map(detailed_to_plain).collect()),
        Some(scalar) => scalar.clone(),
        None => J::Null,
    }
}

/// The plain JSON of one of our patch replacements (secrets shown, as in the corpus).
pub fn replacement_json(v: &Value) -> serde_json::Value {
    v.to_json(false)
}

/// The detailed JSON of one of our values, as Go's `esc.Value` marshals it:
/// `{value?, secret?, unknown?, trace: {def: {environment?, begin, end}, base?}}`.
pub fn detailed_json(v: &Value) -> serde_json::Value {
    use escrot_esc::value::ValueRepr;
    use serde_json::{Map, Value as J, json};
    let mut out = Map::new();
    let value = match &v.repr {
        ValueRepr::Null => None,
        ValueRepr::Array(a) => Some(J::Array(a.iter().map(detailed_json).collect())),
        ValueRepr::Object(o) => Some(J::Object(o.iter().map(|(k, v)| (k.clone(), detailed_json(v))).collect())),
        _ => Some(v.to_json(false)),
    };
    if let Some(value) = value {
        out.insert("value".to_owned(), value);
    }
    if v.secret {
        out.insert("secret".to_owned(), J::Bool(true));
    }
    if v.unknown {
        out.insert("unknown".to_owned(), J::Bool(true));
    }
    let pos = |p: &escrot_esc::Pos| json!({"line": p.line, "column": p.column, "byte": p.byte});
    let mut def = Map::new();
    let default_range = escrot_esc::Range::default();
    let range = v.trace.def.as_ref().unwrap_or(&default_range);
    if !range.filename.is_empty() {
        def.insert("environment".to_owned(), J::String(range.filename.clone()));
    }
    def.insert("begin".to_owned(), pos(&range.start));
    def.insert("end".to_owned(), pos(&range.end));
    let mut trace = Map::new();
    trace.insert("def".to_owned(), J::Object(def));
    if let Some(base) = &v.trace.base {
        trace.insert("base".to_owned(), detailed_json(base));
    }
    out.insert("trace".to_owned(), J::Object(trace));
    J::Object(out)
}

/// Compares the values of a detailed environment (`check`, `eval`, `rotate`) with ours.
pub fn diff_detailed(
    label: &str,
    expected: Option<&serde_json::Map<String, serde_json::Value>>,
    actual: Option<&Environment>,
) -> Vec<String> {
    let actual = actual.map(|env| {
        serde_json::Value::Object(env.properties.iter().map(|(k, v)| (k.clone(), detailed_json(v))).collect())
    });
    let expected = expected.map(|p| serde_json::Value::Object(p.clone()));
    diff_json(label, expected.as_ref(), actual.as_ref())
}

/// Compares rotation patches by `DocPath`, then by the plain JSON of their replacement.
pub fn diff_patches(expected: &[ExpectedPatch], actual: &[Patch]) -> Vec<String> {
    let mut want: Vec<(&str, serde_json::Value)> =
        expected.iter().map(|p| (p.doc_path.as_str(), detailed_to_plain(&p.replacement))).collect();
    let mut got: Vec<(&str, serde_json::Value)> =
        actual.iter().map(|p| (p.doc_path.as_str(), replacement_json(&p.replacement))).collect();
    want.sort_by(|a, b| a.0.cmp(b.0));
    got.sort_by(|a, b| a.0.cmp(b.0));
    let mut lines = Vec::new();
    for (path, value) in &want {
        match got.iter().find(|(p, _)| p == path) {
            Some((_, ours)) => diff_values(&format!("rotatePatches[{path}]"), value, ours, &mut lines),
            None => lines.push(format!("rotatePatches: missing patch of {path} = {}", compact(value))),
        }
    }
    for (path, value) in got.iter().filter(|(p, _)| !want.iter().any(|(w, _)| w == p)) {
        lines.push(format!("rotatePatches: unexpected patch of {path} = {}", compact(value)));
    }
    if let Some(twice) = got.windows(2).find(|w| w[0].0 == w[1].0) {
        lines.push(format!("rotatePatches: {} is patched more than once", twice[0].0));
    }
    truncate(lines)
}

fn truncate(mut lines: Vec<String>) -> Vec<String> {
    if lines.len() > MAX_LINES {
        let more = lines.len() - MAX_LINES;
        lines.truncate(MAX_LINES);
        lines.push(format!("… and {more} more differences"));
    }
    lines
}

/// A line-by-line difference of two texts (for the crypt cases): the first differing
/// lines, with line numbers.
pub fn diff_text(label: &str, expected: &str, actual: &str) -> Vec<String> {
    if expected == actual {
        return Vec::new();
    }
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut lines = Vec::new();
    for i in 0..e.len().max(a.len()) {
        let (el, al) = (e.get(i), a.get(i));
        if el != al {
            lines.push(format!("{label}:{}: expected {:?}", i + 1, el.copied().unwrap_or("<end of text>")));
            lines.push(format!("{label}:{}:      got {:?}", i + 1, al.copied().unwrap_or("<end of text>")));
        }
        if lines.len() >= 10 {
            lines.push(format!("{label}: … (more lines differ)"));
            break;
        }
    }
    if lines.is_empty() {
        lines.push(format!("{label}: texts differ only in line endings or the final newline"));
    }
    lines
}
