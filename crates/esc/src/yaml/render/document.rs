//! Whole documents as YAML, in the style of Go's `yaml.v3` (which ESC uses): block
//! mappings in the given key order, sequences indented under their key, strings quoted as
//! [`quote::style`] decides in the printed dialect.
//!
//! It emits from [`Node`], built from evaluated JSON ([`Node::from_json`]) or from a
//! parsed definition (the CLI's `get`, which keeps key order and the text of plain scalars).

use super::quote::{self, Dialect, Style, double_quoted};

/// A YAML document tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A scalar written exactly as `text` (e.g. `null`, `true`, `1.50`, or a plain string
    /// from a definition).
    Raw(String),
    /// A string, quoted if it must be.
    Str(String),
    Seq(Vec<Node>),
    /// Entries in order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The YAML form of a JSON value (object keys come out sorted, as `serde_json` keeps them).
    pub fn from_json(v: &serde_json::Value) -> Node {
        match v {
            serde_json::Value::Null => Node::Raw("null".into()),
            serde_json::Value::Bool(b) => Node::Raw(b.to_string()),
            serde_json::Value::Number(n) => Node::Raw(n.to_string()),
            serde_json::Value::String(s) => Node::Str(s.clone()),
            serde_json::Value::Array(a) => Node::Seq(a.iter().map(Node::from_json).collect()),
            serde_json::Value::Object(o) => {
                Node::Map(o.iter().map(|(k, v)| (Node::Str(k.clone()), Node::from_json(v))).collect())
            }
        }
    }

    /// The string a key or scalar stands for, if it is a scalar.
    pub fn scalar_text(&self) -> Option<&str> {
        match self {
            Node::Raw(s) | Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The entry `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().rev().find(|(k, _)| k.scalar_text() == Some(key)).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Emits a document. `indent` is the number of spaces per level (ESC uses 3 for values,
/// 2 for definitions).
pub fn to_string(node: &Node, indent: usize) -> String {
    let mut out = String::new();
    match node {
        Node::Map(entries) if !entries.is_empty() => write_map(&mut out, entries, 0, indent, false),
        Node::Seq(items) if !items.is_empty() => write_seq(&mut out, items, 0, indent, false),
        scalar => {
            write_scalar(&mut out, scalar, 0);
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, col: usize) {
    out.extend(std::iter::repeat_n(' ', col));
}

fn write_map(out: &mut String, entries: &[(Node, Node)], col: usize, indent: usize, mut inline: bool) {
    for (k, v) in entries {
        if !inline {
            pad(out, col);
        }
        inline = false;
        write_key(out, k);
        out.push(':');
        write_child(out, v, col, indent);
    }
}

fn write_seq(out: &mut String, items: &[Node], col: usize, indent: usize, mut inline: bool) {
    for item in items {
        if !inline {
            pad(out, col);
        }
        inline = false;
        out.push_str("- ");
        match item {
            Node::Map(entries) if !entries.is_empty() => write_map(out, entries, col + 2, indent, true),
            Node::Seq(inner) if !inner.is_empty() => write_seq(out, inner, col + 2, indent, true),
            scalar => {
                write_scalar(out, scalar, col + 2);
                out.push('\n');
            }
        }
    }
}

/// Writes what follows `key:` (a space and a scalar, or a nested block on the next lines).
fn write_child(out: &mut String, v: &Node, col: usize, indent: usize) {
    match v {
        Node::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            write_map(out, entries, col + indent, indent, false);
        }
        Node::Seq(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, col + indent, indent, false);
        }
        scalar => {
            out.push(' ');
            write_scalar(out, scalar, col + indent);
            out.push('\n');
        }
    }
}

fn write_key(out: &mut String, k: &Node) {
    match k {
        Node::Raw(s) => out.push_str(s),
        Node::Str(s) => out.push_str(&quote::quoted(s, quote::style(s, Dialect::Print))),
        complex => write_flow(out, complex),
    }
}

fn write_flow(out: &mut String, node: &Node) {
    match node {
        Node::Raw(s) => out.push_str(s),
        Node::Str(s) => out.push_str(&double_quoted(s)),
        Node::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_flow(out, item);
            }
            out.push(']');
        }
        Node::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_flow(out, k);
                out.push_str(": ");
                write_flow(out, v);
            }
            out.push('}');
        }
    }
}

/// Writes a scalar (or an empty collection) whose continuation lines, if any, are indented
/// to `col`.
fn write_scalar(out: &mut String, node: &Node, col: usize) {
    match node {
        Node::Raw(s) => out.push_str(s),
        Node::Str(s) => match quote::style(s, Dialect::Print) {
            Style::Literal => write_literal(out, s, col),
            style => out.push_str(&quote::quoted(s, style)),
        },
        Node::Seq(_) => out.push_str("[]"),
        Node::Map(_) => out.push_str("{}"),
    }
}

/// A literal block (`|`, or `|-` without a final newline), its lines indented to `col`.
fn write_literal(out: &mut String, s: &str, col: usize) {
    let body = s.strip_suffix('\n');
    out.push_str(if body.is_some() { "|" } else { "|-" });
    for line in body.unwrap_or(s).split('\n') {
        out.push('\n');
        if !line.is_empty() {
            pad(out, col.max(1));
            out.push_str(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emits_blocks() {
        let v = serde_json::json!({"a": {"b": [1, "two", {"c": true, "d": []}], "e": {}}, "f": "l1\nl2\n", "g": "3", "h": "[x]"});
        assert_eq!(
            to_string(&Node::from_json(&v), 3),
            "a:\n   b:\n      - 1\n      - two\n      - c: true\n        d: []\n   e: {}\nf: |\n   l1\n   l2\ng: \"3\"\nh: '[x]'\n"
        );
    }
}
