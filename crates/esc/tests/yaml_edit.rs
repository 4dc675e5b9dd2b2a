//! In-place YAML editing: ESC's `yaml-edit` corpus (semantically equal results, comments
//! kept, untouched lines byte for byte), and a property test of random edits.

use crate::conformance::corpus;

use escrot_esc::PropertyPath;
use escrot_esc::syntax::{self, Node, NodeKind};
use escrot_esc::yaml;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// The data a YAML document holds, as JSON.
fn data(source: &str) -> Value {
    let (node, diags) = syntax::decode("doc", source);
    assert!(diags.is_empty(), "invalid YAML {diags:?}:\n{source}");
    node.map_or(Value::Null, |n| to_json(&n))
}

fn to_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Number(n) => serde_json::from_str(n.as_str()).unwrap_or(Value::Null),
        NodeKind::String(s) => Value::String(s.clone()),
        NodeKind::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Object(entries) => Value::Object(
            entries.iter().map(|(k, v)| (k.as_str().unwrap_or_default().to_owned(), to_json(v))).collect(),
        ),
    }
}

/// `edits.yaml`: `edits: [{PATH: VALUE}, …]`; a null value deletes.
fn edits(source: &str) -> Vec<(PropertyPath, Option<Value>)> {
    let Value::Object(doc) = data(source) else { panic!("edits.yaml must be an object") };
    let Some(Value::Array(list)) = doc.get("edits") else { panic!("edits.yaml must have an edits list") };
    list.iter()
        .flat_map(|e| e.as_object().cloned().unwrap_or_default())
        .map(|(path, value)| {
            let path = PropertyPath::parse(&path).unwrap_or_else(|e| panic!("{e}"));
            (path, (!value.is_null()).then_some(value))
        })
        .collect()
}

/// Whether `after` keeps every line of `before` except those that mention `touched`.
fn untouched_lines_kept(before: &str, after: &str, touched: &[String]) -> Result<(), String> {
    let kept: Vec<&str> = after.lines().collect();
    for line in before.lines() {
        let mentions = touched.iter().any(|t| line.contains(t.as_str()));
        if !mentions && !line.trim().is_empty() && !kept.contains(&line) {
            return Err(format!("line {line:?} was changed or lost"));
        }
        if line.trim_start().starts_with('#') && !kept.contains(&line) {
            return Err(format!("comment {line:?} was lost"));
        }
    }
    Ok(())
}

#[test]
fn yaml_edit_corpus() {
    let dir = corpus::corpus_dir().join("yaml-edit");
    if !dir.is_dir() {
        assert!(!escrot_vars::running_in_ci(), "the ESC corpus is missing at {}", dir.display());
        eprintln!("skipping: the ESC corpus is not at {}", dir.display());
        return;
    }
    let mut cases: Vec<_> =
        std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in &cases {
        let read = |f: &str| std::fs::read_to_string(case.join(f)).unwrap();
        let (doc, expected) = (read("doc.yaml"), read("expected.yaml"));
        let edits = edits(&read("edits.yaml"));
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        match yaml::apply(&doc, &edits) {
            Err(e) => failures.push(format!("{name}: {e}")),
            Ok(out) => {
                if data(&out) != data(&expected) {
                    failures.push(format!("{name}: got\n{out}\nexpected data of\n{expected}"));
                }
                // Lines naming a key on an edited path, or items of an edited array, may change.
                let touched: Vec<String> = edits
                    .iter()
                    .flat_map(|(p, _)| p.0.iter())
                    .map(|a| match a {
                        escrot_esc::path::Accessor::Key(k) => format!("{k}:"),
                        escrot_esc::path::Accessor::Index(_) => "- ".to_owned(),
                    })
                    .collect();
                if let Err(e) = untouched_lines_kept(&doc, &out, &touched) {
                    failures.push(format!("{name}: {e}\n{out}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Sets `value` at `path` in a JSON model, as the editor should (creating objects).
fn model_set(doc: &mut Value, path: &[String], value: Option<Value>) {
    let (last, parents) = path.split_last().unwrap();
    let mut node = doc;
    for k in parents {
        if value.is_none() && !node.get(k).is_some_and(Value::is_object) {
            return; // deleting what is not there changes nothing
        }
        if !node.get(k).is_some_and(Value::is_object) {
            node.as_object_mut().unwrap().insert(k.clone(), json!({}));
        }
        node = node.get_mut(k).unwrap();
    }
    let obj = node.as_object_mut().unwrap();
    match value {
        Some(v) => {
            obj.insert(last.clone(), v);
        }
        None => {
            obj.remove(last);
        }
    }
}

/// Renders a model as a block document with a comment before every key.
fn document(v: &Map<String, Value>, indent: usize, out: &mut String) {
    for (k, v) in v {
        let pad = " ".repeat(indent);
        out.push_str(&format!("{pad}# about {k}\n"));
        match v {
            Value::Object(o) if !o.is_empty() => {
                out.push_str(&format!("{pad}{k}: # {k} follows\n"));
                document(o, indent + 2, out);
            }
            Value::String(s) => out.push_str(&format!("{pad}{k}: {} # {k} value\n", Value::String(s.clone()))),
            other => out.push_str(&format!("{pad}{k}: {other} # {k} value\n")),
        }
    }
}

fn keys_in(v: &Value, out: &mut Vec<String>) {
    if let Value::Object(o) = v {
        for (k, v) in o {
            out.push(k.clone());
            keys_in(v, out);
        }
    }
}

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c", "db", "fn::rotate::password", "state", "current"]).prop_map(str::to_owned)
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[a-z]{1,8}".prop_map(Value::String),
        "[ -~]{0,12}".prop_map(Value::String),
        // Text a YAML reader may take for a number, a null or a boolean (`0_`, `1e3`, `0x1F`, `~`).
        "[-+0-9_.eExXoObB:~nNyY]{1,8}".prop_map(Value::String),
        (0u32..1000).prop_map(|n| json!(n)),
        any::<bool>().prop_map(Value::Bool),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    let leaf = scalar();
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop::collection::btree_map(key(), inner, 1..4).prop_map(|m| Value::Object(m.into_iter().collect()))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Random edits give the data the model says, keep every comment that is not on an
    /// edited entry, and leave lines outside the edited entries alone.
    #[test]
    fn edits_change_only_what_they_must(
        doc in prop::collection::btree_map(key(), tree(), 1..4),
        edits in prop::collection::vec((prop::collection::vec(key(), 1..4), prop::option::weighted(0.8, prop_oneof![scalar(), tree()])), 1..4),
    ) {
        let mut model = Value::Object(doc.into_iter().collect());
        let mut text = String::new();
        document(model.as_object().unwrap(), 0, &mut text);
        let original = text.clone();
        let mut touched = Vec::new();
        for (path, value) in edits {
            // Edits only go through objects (the model has no arrays).
            let mut node = &model;
            let mut valid = true;
            for k in &path[..path.len() - 1] {
                match node.get(k) {
                    Some(v @ Value::Object(_)) => node = v,
                    Some(_) => { valid = false; break; }
                    None => break,
                }
            }
            if !valid {
                continue;
            }
            let pp = PropertyPath::new(path.iter().cloned().map(escrot_esc::path::Accessor::Key).collect());
            text = match &value {
                Some(v) => yaml::set(&text, &pp, v).unwrap(),
                None => yaml::delete(&text, &pp).unwrap(),
            };
            touched.extend(path.iter().cloned());
            // What was under the edited entry goes with it, comments included.
            let mut old = Some(&model);
            for k in &path {
                old = old.and_then(|o| o.get(k));
            }
            if let Some(old) = old {
                keys_in(old, &mut touched);
            }
            model_set(&mut model, &path, value);
        }
        prop_assert_eq!(data(&text), model.clone(), "document:\n{}", text);
        // Lines that name no edited key are unchanged.
        let kept: Vec<&str> = text.lines().collect();
        for line in original.lines() {
            let t = line.trim_start();
            let names = |k: &String| t == format!("# about {k}") || t.starts_with(&format!("{k}:"));
            if !touched.iter().any(names) {
                prop_assert!(kept.contains(&line), "line {:?} changed:\n{}\n---\n{}", line, original, text);
            }
        }
    }
}
