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

/// A tree with arrays too, for documents and the values `set_all` writes.
fn tree_with_arrays() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::btree_map(key(), inner.clone(), 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            prop::collection::vec(inner, 0..3).prop_map(Value::Array),
        ]
    })
}

/// How a generated document is written: its indentation step, line endings, and for each
/// collection in turn (cycling) whether it is written in flow style.
#[derive(Clone, Debug)]
struct Style {
    step: usize,
    endings: Endings,
    flow: Vec<bool>,
}

#[derive(Clone, Copy, Debug)]
enum Endings {
    Lf,
    Crlf,
    /// CRLF on every other line.
    Mixed,
}

impl Style {
    fn flow(&self, count: &mut usize) -> bool {
        *count += 1;
        if self.flow.is_empty() { false } else { self.flow[*count % self.flow.len()] }
    }
}

fn style() -> impl Strategy<Value = Style> {
    let endings = prop_oneof![6 => Just(Endings::Lf), 2 => Just(Endings::Crlf), 1 => Just(Endings::Mixed)];
    (prop::sample::select(vec![2usize, 3, 4]), endings, prop::collection::vec(prop::bool::weighted(0.3), 0..8))
        .prop_map(|(step, endings, flow)| Style { step, endings, flow })
}

fn flow_text(v: &Value) -> String {
    match v {
        Value::Object(o) => {
            format!("{{{}}}", o.iter().map(|(k, v)| format!("{k}: {}", flow_text(v))).collect::<Vec<_>>().join(", "))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(flow_text).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// A block mapping's entries at `indent`, nested collections in block or flow style as
/// `style` says, comments before and after entries.
fn styled_map(o: &Map<String, Value>, indent: usize, style: &Style, count: &mut usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for (k, v) in o {
        out.push_str(&format!("{pad}# about {k}\n"));
        out.push_str(&format!("{pad}{k}:"));
        styled_value(v, indent, style, count, out);
    }
}

/// The rest of a `key:` line and the lines of its value.
fn styled_value(v: &Value, indent: usize, style: &Style, count: &mut usize, out: &mut String) {
    let nested = match v {
        Value::Object(o) if !o.is_empty() => !style.flow(count),
        Value::Array(a) if !a.is_empty() => !style.flow(count),
        _ => false,
    };
    if !nested {
        out.push_str(&format!(" {} # value\n", flow_text(v)));
        return;
    }
    out.push_str(" # follows\n");
    match v {
        Value::Object(o) => styled_map(o, indent + style.step, style, count, out),
        Value::Array(items) => {
            let pad = " ".repeat(indent + style.step);
            for item in items {
                match item {
                    // A block mapping item, its first key on the dash's line.
                    Value::Object(o) if !o.is_empty() && !style.flow(count) => {
                        let mut block = String::new();
                        styled_map(o, indent + style.step + 2, style, count, &mut block);
                        let first_key = block.find('\n').map_or(0, |i| i + 1) + indent + style.step + 2;
                        out.push_str(&format!("{pad}- {}", &block[first_key..]));
                    }
                    other => out.push_str(&format!("{pad}- {}\n", flow_text(other))),
                }
            }
        }
        _ => unreachable!("only collections nest"),
    }
}

fn styled_document(doc: &Map<String, Value>, style: &Style) -> String {
    let mut text = String::from("# a document\n");
    styled_map(doc, 0, style, &mut 0, &mut text);
    match style.endings {
        Endings::Lf => text,
        Endings::Crlf => text.replace('\n', "\r\n"),
        Endings::Mixed => text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, l)| if i % 2 == 0 { l.replace('\n', "\r\n") } else { l.to_owned() })
            .collect(),
    }
}

fn accessor() -> impl Strategy<Value = escrot_esc::path::Accessor> {
    use escrot_esc::path::Accessor;
    prop_oneof![6 => key().prop_map(Accessor::Key), 1 => (0usize..3).prop_map(Accessor::Index)]
}

fn set_one_by_one(text: &str, edits: &[(PropertyPath, Value)]) -> Result<String, yaml::EditError> {
    edits.iter().try_fold(text.to_owned(), |t, (path, value)| yaml::set(&t, path, value))
}

/// A definition with `n` password rotators, some with a state (in block or flow style),
/// and other values between them; each line with the index of the rotator whose `state`
/// it belongs to.
fn rotators(states: &[Option<bool>], step: usize) -> Vec<(String, Option<usize>)> {
    let pad = |level: usize| " ".repeat(level * step);
    let mut lines = vec![("# rotators".to_owned(), None), ("values:".to_owned(), None)];
    for (i, state) in states.iter().enumerate() {
        lines.push((format!("{}# rotator {i}", pad(1)), None));
        lines.push((format!("{}r{i}:", pad(1)), None));
        lines.push((format!("{}fn::rotate::password:", pad(2)), None));
        lines.push((format!("{}inputs: {{length: {}}} # keep {i}", pad(3), 10 + i), None));
        match state {
            Some(true) => {
                lines.push((format!("{}state: # old {i}", pad(3)), Some(i)));
                lines.push((format!("{}current: \"c{i}\"", pad(4)), Some(i)));
                lines.push((format!("{}previous: p{i} # was", pad(4)), Some(i)));
            }
            Some(false) => lines.push((format!("{}state: {{current: c{i}}} # flow {i}", pad(3)), Some(i))),
            None => {}
        }
        lines.push((format!("{}other{i}: {i} # after {i}", pad(1)), None));
    }
    lines
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// `set_all` gives exactly what `set` one edit at a time gives, the same error included,
    /// for documents in any mix of block and flow style, indentation and line endings.
    #[test]
    fn set_all_is_set_one_by_one(
        doc in prop::collection::vec(prop_oneof![
            3 => prop::collection::btree_map(key(), tree_with_arrays(), 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
            1 => tree_with_arrays(),
        ], 6),
        style in style(),
        // Most edits go into different top-level entries, where they are independent; the
        // others may meet them.
        tops in prop::sample::subsequence((0..6).collect::<Vec<usize>>(), 0..=6).prop_shuffle(),
        paths in prop::collection::vec((prop::collection::vec(accessor(), 0..3), tree_with_arrays()), 6),
        others in prop::collection::vec((0usize..7, prop::collection::vec(accessor(), 0..3), tree_with_arrays()), 0..2),
    ) {
        use escrot_esc::path::Accessor;
        let doc: Map<String, Value> = doc.into_iter().enumerate().map(|(i, v)| (format!("k{i}"), v)).collect();
        let text = styled_document(&doc, &style);
        let edits: Vec<(PropertyPath, Value)> = tops
            .into_iter()
            .map(|top| (top, paths[top].0.clone(), paths[top].1.clone()))
            .chain(others)
            .map(|(top, path, value)| {
                let path = [Accessor::Key(format!("k{top}"))].into_iter().chain(path).collect();
                (PropertyPath::new(path), value)
            })
            .collect();
        prop_assert_eq!(yaml::set_all(&text, &edits), set_one_by_one(&text, &edits), "document:\n{}", text);
    }

    /// Writing the states of some of many rotators (the commit of a rotation) gives what
    /// `set` one by one gives, and keeps every other line, in order.
    #[test]
    fn states_are_written_as_set_writes_them(
        states in prop::collection::vec(prop::option::of(any::<bool>()), 1..12),
        step in prop::sample::select(vec![2usize, 4]),
        crlf in prop::bool::weighted(0.2),
        picks in prop::collection::vec((0usize..12, tree_with_arrays()), 1..12),
        // Mostly distinct rotators; now and then one twice.
        twice in prop::bool::weighted(0.1),
    ) {
        let lines = rotators(&states, step);
        let mut seen = std::collections::BTreeSet::new();
        let picks: Vec<(usize, Value)> = picks
            .into_iter()
            .map(|(i, v)| (i % states.len(), v))
            .filter(|(i, _)| seen.insert(*i) || twice)
            .collect();
        let newline = if crlf { "\r\n" } else { "\n" };
        let text: String = lines.iter().map(|(l, _)| format!("{l}{newline}")).collect();
        let edits: Vec<(PropertyPath, Value)> = picks
            .iter()
            .map(|(i, value)| {
                (PropertyPath::parse(&format!(r#"values.r{i}["fn::rotate::password"].state"#)).unwrap(), value.clone())
            })
            .collect();
        let out = yaml::set_all(&text, &edits).unwrap();
        prop_assert_eq!(&out, &set_one_by_one(&text, &edits).unwrap());
        // The lines of the states not written, and all the others, are kept in order.
        let written: Vec<usize> = picks.iter().map(|(i, _)| *i).collect();
        let mut rest = out.split(newline);
        for (line, state_of) in &lines {
            if state_of.is_some_and(|i| written.contains(&i)) {
                continue;
            }
            prop_assert!(rest.any(|l| l == line), "line {:?} was changed, lost or moved:\n{}", line, out);
        }
    }
}
