//! Edits by property path that change only the bytes they must: every comment, blank line,
//! quoting style and indentation elsewhere in the document stays as it was.

use serde_json::Value;

use crate::path::{Accessor, PropertyPath};
use crate::yaml::layout::{LayoutError, Node, NodeKind, parse};
use crate::yaml::render::{render_block, render_flow, render_scalar};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the document is not valid YAML: {0}")]
    Parse(#[from] LayoutError),
    #[error("{path}: expected {expected}")]
    Type { path: String, expected: &'static str },
    #[error("{path}: array index out of range")]
    Index { path: String },
}

/// Applies edits in order: `Some(value)` sets the value at the path (creating what is
/// missing on the way), `None` deletes it.
pub fn apply(source: &str, edits: &[(PropertyPath, Option<Value>)]) -> Result<String, EditError> {
    let mut text = source.to_owned();
    for (path, value) in edits {
        text = match value {
            Some(v) => set(&text, path, v)?,
            None => delete(&text, path)?,
        };
    }
    Ok(text)
}

/// Where a node sits, which decides how a replacement is written.
#[derive(Clone, Copy)]
pub(super) enum Slot<'a> {
    Root,
    /// The value of `key:` in a mapping.
    MapValue {
        key: &'a Node,
        flow: bool,
    },
    /// An item of a sequence.
    SeqItem {
        flow: bool,
    },
}

/// Sets the value at `path`.
pub fn set(source: &str, path: &PropertyPath, value: &Value) -> Result<String, EditError> {
    keeping_line_endings(source, |text| set_lf(text, path, value))
}

/// Deletes the value at `path`; nothing happens if there is none.
pub fn delete(source: &str, path: &PropertyPath) -> Result<String, EditError> {
    keeping_line_endings(source, |text| delete_lf(text, path))
}

/// Runs `edit`, which writes `\n` line breaks, so that a document written with CRLF
/// throughout (a Windows checkout) gets CRLF in what the edit adds too. Documents with any
/// other mix are edited as they are.
pub(super) fn keeping_line_endings(
    source: &str,
    edit: impl FnOnce(&str) -> Result<String, EditError>,
) -> Result<String, EditError> {
    let breaks = source.matches('\n').count();
    if breaks > 0 && source.matches("\r\n").count() == breaks {
        Ok(edit(&source.replace("\r\n", "\n"))?.replace('\n', "\r\n"))
    } else {
        edit(source)
    }
}

fn set_lf(source: &str, path: &PropertyPath, value: &Value) -> Result<String, EditError> {
    let layout = parse(source)?;
    let step = indent_step(layout.root.as_ref());
    let Some(root) = &layout.root else {
        // An empty document: it becomes the value, nested under the path.
        let v = nest(&path.0, value);
        let body = render_block(&v, 0, step).unwrap_or_else(|| render_flow(&v));
        let mut out = source.to_owned();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&body);
        out.push('\n');
        return Ok(out);
    };
    let mut editor = Editor { source, step, prefix: String::new() };
    let (range, text) = editor.set_at(root, Slot::Root, &path.0, value)?;
    Ok(splice(source, range, &text))
}

fn delete_lf(source: &str, path: &PropertyPath) -> Result<String, EditError> {
    let layout = parse(source)?;
    let step = indent_step(layout.root.as_ref());
    let (Some(root), Some((last, parents))) = (&layout.root, path.0.split_last()) else {
        return Ok(source.to_owned());
    };
    let editor = Editor { source, step, prefix: String::new() };
    let mut node = root;
    let mut slot = Slot::Root;
    for a in parents {
        match child(node, a) {
            Some((c, s)) => {
                node = c;
                slot = s;
            }
            None => return Ok(source.to_owned()),
        }
    }
    match editor.delete_in(node, slot, last) {
        Some((range, text)) => Ok(splice(source, range, &text)),
        None => Ok(source.to_owned()),
    }
}

fn splice(source: &str, range: std::ops::Range<usize>, text: &str) -> String {
    let mut out = String::with_capacity(source.len() + text.len());
    out.push_str(&source[..range.start]);
    out.push_str(text);
    out.push_str(&source[range.end..]);
    out
}

/// The child of `node` at `accessor`, with its slot.
pub(super) fn child<'a>(node: &'a Node, accessor: &Accessor) -> Option<(&'a Node, Slot<'a>)> {
    match (&node.kind, accessor) {
        (NodeKind::Map(entries), Accessor::Key(k)) => entries
            .iter()
            .find(|(key, _)| key.scalar() == Some(k.as_str()))
            .map(|(key, v)| (v, Slot::MapValue { key, flow: node.flow })),
        (NodeKind::Seq(items), Accessor::Index(i)) => items.get(*i).map(|v| (v, Slot::SeqItem { flow: node.flow })),
        _ => None,
    }
}

/// `value` nested under the remaining accessors (`[a, 0]`, v → `{a: [v]}`).
fn nest(accessors: &[Accessor], value: &Value) -> Value {
    accessors.iter().rev().fold(value.clone(), |v, a| match a {
        Accessor::Key(k) => Value::Object([(k.clone(), v)].into_iter().collect()),
        Accessor::Index(_) => Value::Array(vec![v]),
    })
}

/// The document's indentation step: the smallest indentation of a nested block mapping key
/// relative to its parent key (2 when the document does not tell).
pub(super) fn indent_step(root: Option<&Node>) -> usize {
    let mut best = None;
    if let Some(r) = root {
        for_each_nested_map(r, &mut |key, map| {
            let d = map.column - key.column;
            best = Some(best.map_or(d, |b: usize| b.min(d)));
        });
    }
    best.unwrap_or(2)
}

/// Calls `f(key, map)` for every block mapping that is the value of a block mapping's `key`
/// and indented deeper than it: the nodes that tell the document's indentation step.
pub(super) fn for_each_nested_map(root: &Node, f: &mut impl FnMut(&Node, &Node)) {
    fn visit(n: &Node, parent_key: Option<&Node>, f: &mut impl FnMut(&Node, &Node)) {
        match &n.kind {
            NodeKind::Map(entries) if !n.flow => {
                if let Some(key) = parent_key
                    && n.column > key.column
                {
                    f(key, n);
                }
                for (k, v) in entries {
                    visit(v, Some(k), f);
                }
            }
            NodeKind::Seq(items) if !n.flow => items.iter().for_each(|i| visit(i, None, f)),
            _ => {}
        }
    }
    visit(root, None, f);
}

pub(super) struct Editor<'s> {
    pub(super) source: &'s str,
    pub(super) step: usize,
    /// The path walked so far, for error messages.
    pub(super) prefix: String,
}

impl Editor<'_> {
    pub(super) fn line_start(&self, at: usize) -> usize {
        self.source[..at].rfind('\n').map_or(0, |i| i + 1)
    }

    pub(super) fn line_end(&self, at: usize) -> usize {
        self.source[at..].find('\n').map_or(self.source.len(), |i| at + i)
    }

    /// The column (in characters) of byte `at`.
    fn column(&self, at: usize) -> usize {
        self.source[self.line_start(at)..at].chars().count()
    }

    /// The byte just after the `:` that follows `key`.
    fn after_colon(&self, key: &Node) -> usize {
        let rest = &self.source[key.span.end..];
        rest.find(':').map_or(key.span.end, |i| key.span.end + i + 1)
    }

    /// Whether a node is an empty plain scalar (`key:` with nothing after it).
    fn is_absent(&self, node: &Node) -> bool {
        node.span.is_empty() && matches!(&node.kind, NodeKind::Scalar { value, .. } if value.is_empty())
    }

    /// The end of a node's text, for nodes that may be empty: never before the key.
    fn value_end(&self, key: &Node, value: &Node) -> usize {
        if self.is_absent(value) { self.after_colon(key) } else { value.span.end.max(key.span.end) }
    }

    pub(super) fn set_at(
        &mut self,
        node: &Node,
        slot: Slot<'_>,
        path: &[Accessor],
        value: &Value,
    ) -> Result<(std::ops::Range<usize>, String), EditError> {
        let Some((first, rest)) = path.split_first() else {
            return Ok(self.replace(node, slot, value));
        };
        if let Some((c, s)) = child(node, first) {
            self.push_prefix(first);
            return self.set_at(c, s, rest, value);
        }
        let nested = nest(rest, value);
        match (&node.kind, first) {
            (NodeKind::Map(_), Accessor::Key(k)) => Ok(self.insert_entry(node, slot, k, &nested)),
            (NodeKind::Seq(items), Accessor::Index(i)) if *i == items.len() => {
                Ok(self.append_item(node, slot, &nested))
            }
            (NodeKind::Seq(_), Accessor::Index(_)) => Err(EditError::Index { path: self.prefix.clone() }),
            (NodeKind::Scalar { value: v, .. }, _) if v.is_empty() || v == "null" || v == "~" => {
                // A null (or absent) value becomes whatever the path needs.
                Ok(self.replace(node, slot, &nest(path, value)))
            }
            (_, Accessor::Key(_)) => Err(EditError::Type { path: self.prefix.clone(), expected: "an object" }),
            (_, Accessor::Index(_)) => Err(EditError::Type { path: self.prefix.clone(), expected: "an array" }),
        }
    }

    fn push_prefix(&mut self, a: &Accessor) {
        self.prefix = match a {
            Accessor::Key(k) => crate::path::join_key(&self.prefix, k),
            Accessor::Index(i) => crate::path::join_index(&self.prefix, *i),
        };
    }

    /// Replaces a node's value, keeping the scalar's quoting style when it can.
    fn replace(&self, node: &Node, slot: Slot<'_>, value: &Value) -> (std::ops::Range<usize>, String) {
        let in_flow = match slot {
            Slot::Root => false,
            Slot::MapValue { flow, .. } | Slot::SeqItem { flow } => flow,
        };
        let prefer = match &node.kind {
            NodeKind::Scalar { style: saphyr_parser::ScalarStyle::SingleQuoted, .. } => Some('\''),
            NodeKind::Scalar { style: saphyr_parser::ScalarStyle::DoubleQuoted, .. } => Some('"'),
            _ => None,
        };
        let inline = if in_flow { Some(render_flow(value)) } else { render_scalar(value, false, prefer) };
        let absent = self.is_absent(node);
        if let Some(text) = &inline
            && !absent
            && (in_flow || matches!(node.kind, NodeKind::Scalar { .. }) || node.flow)
        {
            // Same-line replacement of the node's own bytes: spacing and comments stay.
            return (node.span.clone(), text.clone());
        }
        match slot {
            Slot::Root => {
                let text = render_block(value, 0, self.step).or(inline).unwrap_or_default();
                (node.span.clone(), text)
            }
            Slot::MapValue { key, .. } => {
                let start = self.after_colon(key);
                let end = self.value_end(key, node);
                let indent = key.column + self.step;
                let text = match render_block(value, indent, self.step) {
                    Some(block) => format!("\n{block}"),
                    None => format!(" {}", inline.unwrap_or_default()),
                };
                (start..end, text)
            }
            Slot::SeqItem { .. } => {
                let dash = self.source[..node.span.start].rfind('-').unwrap_or(node.span.start);
                let indent = self.column(dash) + 2;
                let text = match render_block(value, indent, self.step) {
                    Some(block) => format!(" {}", &block[indent.min(block.len())..]),
                    None => format!(" {}", inline.unwrap_or_default()),
                };
                (dash + 1..node.span.end.max(dash + 1), text)
            }
        }
    }

    fn insert_entry(&self, map: &Node, slot: Slot<'_>, key: &str, value: &Value) -> (std::ops::Range<usize>, String) {
        let NodeKind::Map(entries) = &map.kind else { unreachable!("checked by caller") };
        let mut object = serde_json::Map::new();
        object.insert(key.to_owned(), value.clone());
        if entries.is_empty() {
            return self.replace(map, slot, &Value::Object(object));
        }
        let entry = Value::Object(object);
        if map.flow {
            // `{a: 1}` → `{a: 1, key: value}`
            let inner = render_flow(&entry);
            let close = map.span.end - 1;
            return (close..close, format!(", {}", &inner[1..inner.len() - 1]));
        }
        let (last_key, last_value) = &entries[entries.len() - 1];
        let at = self.line_end(self.value_end(last_key, last_value));
        let column = entries[0].0.column;
        let block = render_block(&entry, column, self.step).unwrap_or_default();
        (at..at, format!("\n{block}"))
    }

    fn append_item(&self, seq: &Node, slot: Slot<'_>, value: &Value) -> (std::ops::Range<usize>, String) {
        let NodeKind::Seq(items) = &seq.kind else { unreachable!("checked by caller") };
        if items.is_empty() {
            return self.replace(seq, slot, &Value::Array(vec![value.clone()]));
        }
        if seq.flow {
            let close = seq.span.end - 1;
            return (close..close, format!(", {}", render_flow(value)));
        }
        let at = self.line_end(items[items.len() - 1].span.end);
        let column = self.column(seq.span.start);
        let block = render_block(&Value::Array(vec![value.clone()]), column, self.step).unwrap_or_default();
        (at..at, format!("\n{block}"))
    }

    /// The edit that removes the child at `last` of `node`, if there is one.
    fn delete_in(&self, node: &Node, slot: Slot<'_>, last: &Accessor) -> Option<(std::ops::Range<usize>, String)> {
        match (&node.kind, last) {
            (NodeKind::Map(entries), Accessor::Key(k)) => {
                let i = entries.iter().position(|(key, _)| key.scalar() == Some(k.as_str()))?;
                if entries.len() == 1 {
                    return Some(self.replace(node, slot, &Value::Object(serde_json::Map::new())));
                }
                let (key, value) = &entries[i];
                let end = self.value_end(key, value);
                Some((
                    self.removal(node.flow, key.span.start, end, entries.get(i + 1).map(|(k, _)| k.span.start), i > 0),
                    String::new(),
                ))
            }
            (NodeKind::Seq(items), Accessor::Index(i)) => {
                let item = items.get(*i)?;
                if items.len() == 1 {
                    return Some(self.replace(node, slot, &Value::Array(Vec::new())));
                }
                let start = if node.flow {
                    item.span.start
                } else {
                    self.source[..item.span.start].rfind('-').unwrap_or(item.span.start)
                };
                let next = items.get(i + 1).map(|n| {
                    if node.flow {
                        n.span.start
                    } else {
                        self.source[..n.span.start].rfind('-').unwrap_or(n.span.start)
                    }
                });
                Some((self.removal(node.flow, start, item.span.end, next, *i > 0), String::new()))
            }
            _ => None,
        }
    }

    /// The bytes to remove for an entry spanning `start..end`: its whole lines in block
    /// style, or the entry and one separating comma in flow style.
    fn removal(
        &self,
        flow: bool,
        start: usize,
        end: usize,
        next: Option<usize>,
        has_previous: bool,
    ) -> std::ops::Range<usize> {
        if flow {
            return match next {
                Some(n) => start..n,
                None if has_previous => {
                    let comma = self.source[..start].rfind(',').unwrap_or(start);
                    comma..end
                }
                None => start..end,
            };
        }
        let line_start = self.line_start(start);
        if self.source[line_start..start].trim().is_empty() {
            let line_end = self.line_end(end);
            line_start..(line_end + 1).min(self.source.len())
        } else {
            // The entry shares its line with something before it (`- key: v`): pull the next
            // entry up in its place.
            start..next.unwrap_or(end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn p(s: &str) -> PropertyPath {
        PropertyPath::parse(s).unwrap()
    }

    #[test]
    fn replaces_scalars_keeping_style_and_comments() {
        let src = "# head\nvalues:\n  a: 'x' # keep\n  b: \"y\"\n  c: plain\n";
        let out = set(src, &p("values.a"), &json!("it's")).unwrap();
        assert_eq!(out, "# head\nvalues:\n  a: 'it''s' # keep\n  b: \"y\"\n  c: plain\n");
        let out = set(src, &p("values.c"), &json!(42)).unwrap();
        assert_eq!(out, "# head\nvalues:\n  a: 'x' # keep\n  b: \"y\"\n  c: 42\n");
    }

    #[test]
    fn keeps_crlf_line_endings() {
        let src = "values:\r\n  p:\r\n    fn::rotate::password:\r\n      inputs: {length: 9} # x\r\n";
        let out = set(src, &p(r#"values.p["fn::rotate::password"].state"#), &json!({"current": "a"})).unwrap();
        assert_eq!(
            out,
            "values:\r\n  p:\r\n    fn::rotate::password:\r\n      inputs: {length: 9} # x\r\n      state:\r\n        \
             current: a\r\n"
        );
        assert_eq!(delete(&out, &p(r#"values.p["fn::rotate::password"].state"#)).unwrap(), src);
        // A mixed document is edited as it is.
        let mixed = "values:\r\n  a: 1\n";
        assert_eq!(set(mixed, &p("values.a"), &json!(2)).unwrap(), "values:\r\n  a: 2\n");
    }

    #[test]
    fn sets_rotation_state() {
        let src = "values:\n  db:\n    fn::rotate::password:\n      inputs: {}  # none\n      state:\n        current: a\n  other: 1\n";
        let out = set(src, &p(r#"values.db["fn::rotate::password"].state"#), &json!({"current": "b", "previous": "a"}))
            .unwrap();
        assert_eq!(
            out,
            "values:\n  db:\n    fn::rotate::password:\n      inputs: {}  # none\n      state:\n        current: b\n        previous: a\n  other: 1\n"
        );
        let src2 = "values:\n  db:\n    fn::rotate::password:\n      inputs: {}\n";
        let out = set(src2, &p(r#"values.db["fn::rotate::password"].state"#), &json!({"current": "b"})).unwrap();
        assert_eq!(
            out,
            "values:\n  db:\n    fn::rotate::password:\n      inputs: {}\n      state:\n        current: b\n"
        );
    }

    #[test]
    fn adds_and_removes() {
        let src = "values:\n  foo: bar # c\n";
        assert_eq!(set(src, &p("values.bar"), &json!("baz")).unwrap(), "values:\n  foo: bar # c\n  bar: baz\n");
        assert_eq!(delete(src, &p("values.foo")).unwrap(), "values: {} # c\n");
        let src = "values:\n  array:\n    - hello\n";
        assert_eq!(
            set(src, &p("values.array[1]"), &json!("world")).unwrap(),
            "values:\n  array:\n    - hello\n    - world\n"
        );
        assert_eq!(delete(src, &p("values.array[0]")).unwrap(), "values:\n  array: []\n");
        let src = "a: {x: 1, y: 2}\nb: [1, 2, 3]\n";
        assert_eq!(delete(src, &p("a.x")).unwrap(), "a: {y: 2}\nb: [1, 2, 3]\n");
        assert_eq!(delete(src, &p("a.y")).unwrap(), "a: {x: 1}\nb: [1, 2, 3]\n");
        assert_eq!(delete(src, &p("b[1]")).unwrap(), "a: {x: 1, y: 2}\nb: [1, 3]\n");
        assert_eq!(set(src, &p("a.z"), &json!("w")).unwrap(), "a: {x: 1, y: 2, z: w}\nb: [1, 2, 3]\n");
    }

    #[test]
    fn builds_documents_from_nothing() {
        let out = apply(
            "",
            &[
                (p("object.foo"), Some(json!("baz"))),
                (p("array[0]"), Some(json!(1))),
                (p("array[1].nested"), Some(json!(2))),
            ],
        )
        .unwrap();
        assert_eq!(out, "object:\n  foo: baz\narray:\n  - 1\n  - nested: 2\n");
    }
}
