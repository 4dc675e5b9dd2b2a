//! Checks YAML decoding against ESC's conformance corpus (`../shared/esc-conformance`, or
//! `$ESC_CONFORMANCE_DIR`):
//!
//! - `yaml/<case>`: `doc.yaml` must decode to exactly the tree of `decoded.json` (values,
//!   ranges) with the same diagnostics;
//! - `eval/<case>`: every diagnostic subject ESC reports for a file of the case must be the
//!   range of a node we decoded (at the diagnostic's path when ESC names the node), or a part
//!   of a plain scalar computed with `Node::scalar_range`; and every source range in the
//!   traces of the evaluated values (`eval`, `check`, `rotatePatches`) must be a node's range.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::conformance::corpus;
use escrot_esc::syntax::{Node, NodeKind, decode};

use escrot_esc::{Diagnostic, Pos, Range};
use serde_json::{Value, json};

/// The corpus; absent on a user's machine, the tests skip, but in CI they fail.
fn corpus() -> Option<PathBuf> {
    let dir = corpus::corpus_dir();
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        !escrot_vars::running_in_ci(),
        "the ESC conformance corpus is missing at {} (set ESC_CONFORMANCE_DIR), and CI is set",
        dir.display()
    );
    eprintln!("conformance corpus not found at {}: skipping", dir.display());
    None
}

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    cases
}

fn pos_json(p: &Pos) -> Value {
    json!({"Line": p.line, "Column": p.column, "Byte": p.byte})
}

fn range_json(r: &Range) -> Value {
    json!({"Filename": r.filename, "Start": pos_json(&r.start), "End": pos_json(&r.end)})
}

/// Our node in the shape of ESC's test `encoding.Node` (`omitempty` fields left out).
fn node_json(n: &Node) -> Value {
    let mut m = serde_json::Map::new();
    if n.range.is_none() && matches!(n.kind, NodeKind::Null) {
        // A node that failed to decode: nil in ESC.
        return Value::Object(m);
    }
    match &n.kind {
        NodeKind::Null => {}
        NodeKind::Bool(b) => {
            m.insert("literal".into(), json!(b));
        }
        NodeKind::Number(x) => {
            m.insert("literal".into(), serde_json::from_str(x.as_str()).unwrap_or(Value::Null));
        }
        NodeKind::String(s) => {
            m.insert("literal".into(), json!(s));
        }
        NodeKind::Array(items) if !items.is_empty() => {
            m.insert("array".into(), Value::Array(items.iter().map(node_json).collect()));
        }
        NodeKind::Object(entries) if !entries.is_empty() => {
            let entries = entries.iter().map(|(k, v)| json!({"key": node_json(k), "value": node_json(v)})).collect();
            m.insert("object".into(), Value::Array(entries));
        }
        NodeKind::Array(_) | NodeKind::Object(_) => {}
    }
    if let Some(r) = &n.range {
        m.insert("range".into(), range_json(r));
    }
    Value::Object(m)
}

fn diag_json(d: &Diagnostic) -> Value {
    json!({
        "Severity": d.severity as u8,
        "Summary": d.summary,
        "Subject": d.subject.as_ref().map(range_json),
        "Path": d.path,
    })
}

fn expected_diag(d: &Value) -> Value {
    json!({"Severity": d["Severity"], "Summary": d["Summary"], "Subject": d["Subject"], "Path": d["Path"]})
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn yaml_cases_decode_like_esc() {
    let Some(dir) = corpus() else { return };
    let mut failures = Vec::new();
    let mut count = 0;
    for case in cases(&dir.join("yaml")) {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let Ok(source) = std::fs::read_to_string(case.join("doc.yaml")) else { continue };
        count += 1;
        let expected = read_json(&case.join("decoded.json"));
        let (node, mut diags) = decode(&name, &source);
        escrot_esc::diag::sort(&mut diags);
        let got = node.as_ref().map_or(Value::Null, node_json);
        if got != expected["syntax"] {
            failures.push(format!("{name}: tree differs\n got: {got}\nwant: {}", expected["syntax"]));
        }
        let got_diags: Vec<Value> = diags.iter().map(diag_json).collect();
        let want_diags: Vec<Value> =
            expected["diags"].as_array().map(|a| a.iter().map(expected_diag).collect()).unwrap_or_default();
        if got_diags != want_diags {
            failures.push(format!("{name}: diagnostics differ\n got: {got_diags:?}\nwant: {want_diags:?}"));
        }
    }
    assert!(count > 0, "no yaml cases found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every node of a tree (keys included), depth first.
fn all_nodes(root: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        out.push(n);
        match &n.kind {
            NodeKind::Array(items) => stack.extend(items.iter().rev()),
            NodeKind::Object(entries) => {
                for (k, v) in entries.iter().rev() {
                    stack.push(v);
                    stack.push(k);
                }
            }
            _ => {}
        }
    }
    out
}

fn range_of(v: &Value, filename: &str, start: &str, end: &str, line: &str, col: &str, byte: &str) -> Option<Range> {
    let p = |x: &Value| -> Option<Pos> {
        Some(Pos {
            line: x.get(line)?.as_u64()? as usize,
            column: x.get(col)?.as_u64()? as usize,
            byte: x.get(byte)?.as_u64()? as usize,
        })
    };
    Some(Range { filename: filename.to_owned(), start: p(v.get(start)?)?, end: p(v.get(end)?)? })
}

/// Collects every `trace.def` (and `trace.base...def`) range of a detailed value.
fn trace_ranges(v: &Value, out: &mut Vec<(String, Range)>) {
    match v {
        Value::Object(m) => {
            if let Some(def) = m.get("def")
                && let Some(env) = def.get("environment").and_then(Value::as_str)
                && let Some(r) = range_of(def, env, "begin", "end", "line", "column", "byte")
            {
                out.push((env.to_owned(), r));
            }
            for x in m.values() {
                trace_ranges(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| trace_ranges(x, out)),
        _ => {}
    }
}

#[test]
fn eval_case_ranges_are_node_ranges() {
    let Some(dir) = corpus() else { return };
    let mut failures = Vec::new();
    let (mut exact, mut parts, mut traces) = (0, 0, 0);
    for case in cases(&dir.join("eval")) {
        let name = case.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let Ok(text) = std::fs::read_to_string(case.join("expected.json")) else { continue };
        let Ok(expected) = serde_json::from_str::<Value>(&text) else { continue };
        // The file a range's filename names: the case's env.yaml, or an imported environment.
        let decode_file = |filename: &str| -> Option<Node> {
            let file = if filename == name { case.join("env.yaml") } else { case.join(format!("{filename}.yaml")) };
            let source = std::fs::read_to_string(file).ok()?;
            decode(filename, &source).0
        };
        for key in ["loadDiags", "checkDiags", "evalDiags", "rotateDiags"] {
            for d in expected[key].as_array().into_iter().flatten() {
                // YAML syntax errors have no subject: compare the message.
                if d["Subject"].is_null()
                    && let Some(summary) = d["Summary"].as_str().filter(|s| s.starts_with("yaml: "))
                {
                    let source = std::fs::read_to_string(case.join("env.yaml")).unwrap_or_default();
                    let (node, diags) = decode(&name, &source);
                    let got: Vec<&str> = diags.iter().map(|d| d.summary.as_str()).collect();
                    if node.is_some() || got != [summary] {
                        failures.push(format!("{name}: want syntax error {summary:?}, got {got:?}"));
                    } else {
                        exact += 1;
                    }
                    continue;
                }
                let Some(subject) = d.get("Subject").filter(|s| !s.is_null()) else { continue };
                let Some(filename) = subject["Filename"].as_str() else { continue };
                let Some(want) = range_of(subject, filename, "Start", "End", "Line", "Column", "Byte") else {
                    continue;
                };
                let path = d["Path"].as_str().unwrap_or_default();
                let Some(root) = decode_file(filename) else { continue };
                let nodes = all_nodes(&root);
                if nodes.iter().any(|n| n.path == path && n.range.as_ref() == Some(&want)) {
                    exact += 1;
                    continue;
                }
                // A part of a plain scalar at that path (an interpolation or accessor).
                let part = nodes.iter().filter(|n| n.path == path).any(|n| {
                    let Some(r) = &n.range else { return false };
                    let (Some(s), Some(e)) =
                        (want.start.byte.checked_sub(r.start.byte), want.end.byte.checked_sub(r.start.byte))
                    else {
                        return false;
                    };
                    n.scalar_range(s, e).as_ref() == Some(&want)
                });
                if part {
                    parts += 1;
                    continue;
                }
                failures.push(format!(
                    "{name} {key}: {:?} at {path}: no node has range {}:{}({})-{}:{}({}); nodes at that path: {:?}",
                    d["Summary"],
                    want.start.line,
                    want.start.column,
                    want.start.byte,
                    want.end.line,
                    want.end.column,
                    want.end.byte,
                    nodes.iter().filter(|n| n.path == path).map(|n| &n.range).collect::<Vec<_>>()
                ));
            }
        }
        let mut ranges = Vec::new();
        for key in ["eval", "check", "rotate", "rotatePatches"] {
            trace_ranges(&expected[key], &mut ranges);
        }
        let mut seen = HashSet::new();
        for (env, want) in ranges {
            // Zero ranges stand for values made in code.
            if want.start.line == 0 || !seen.insert(format!("{env}{want:?}")) {
                continue;
            }
            let Some(root) = decode_file(&env) else { continue };
            let nodes = all_nodes(&root);
            if nodes.iter().any(|n| n.range.as_ref() == Some(&want)) {
                traces += 1;
            } else {
                failures.push(format!(
                    "{name}: trace range {env} {}:{}({})-{}:{}({}) is no node's",
                    want.start.line, want.start.column, want.start.byte, want.end.line, want.end.column, want.end.byte
                ));
            }
        }
    }
    eprintln!("{exact} diagnostic subjects are node ranges, {parts} are scalar parts, {traces} trace ranges matched");
    assert!(exact + parts + traces > 0, "no eval cases found");
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// Decodes a generated ~50 MB environment and prints the time taken. Run with
/// `cargo test --release --test runner yaml_corpus -- --ignored --nocapture`.
#[test]
#[ignore]
fn decode_50_mb() {
    let mut source = String::from("values:\n");
    let mut i = 0;
    while source.len() < 50 << 20 {
        source.push_str(&format!(
            "  key{i}:\n    name: \"value {i}\"\n    count: {i}\n    ratio: 0.{i}\n    enabled: true\n    list: [a, b, {i}]\n    text: |\n      line one\n      line two\n    ref: ${{values.key{i}.name}}-世界\n"
        ));
        i += 1;
    }
    let started = std::time::Instant::now();
    let (node, diags) = decode("big", &source);
    let elapsed = started.elapsed();
    assert!(diags.is_empty() && node.is_some());
    let dropped = std::time::Instant::now();
    drop(node);
    eprintln!(
        "decoded {:.1} MB ({i} entries, {} bytes a node) in {:.2?}, dropped in {:.2?}",
        source.len() as f64 / (1 << 20) as f64,
        std::mem::size_of::<Node>(),
        elapsed,
        dropped.elapsed()
    );
}
