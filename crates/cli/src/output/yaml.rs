//! A small YAML emitter in the style of Go's `yaml.v3` (which ESC uses): block mappings in
//! the given key order, sequences indented under their key, strings plain when that
//! reads back as the same string, double-quoted or as a literal block otherwise.
//!
//! It emits from [`Node`], which is built from evaluated JSON ([`Node::from_json`]) or
//! from a parsed definition ([`parse_definition`], which keeps key order and the exact
//! text of plain scalars).

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
        Node::Str(s) => match style(s) {
            Style::Plain => out.push_str(s),
            Style::Single => write_single_quoted(out, s),
            Style::Double | Style::Literal => write_double_quoted(out, s),
        },
        complex => write_flow(out, complex),
    }
}

fn write_flow(out: &mut String, node: &Node) {
    match node {
        Node::Raw(s) => out.push_str(s),
        Node::Str(s) => write_double_quoted(out, s),
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
        Node::Str(s) if style(s) == Style::Plain => out.push_str(s),
        Node::Str(s) if style(s) == Style::Single => write_single_quoted(out, s),
        Node::Str(s) if style(s) == Style::Literal => {
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
        Node::Str(s) => write_double_quoted(out, s),
        Node::Seq(_) => out.push_str("[]"),
        Node::Map(_) => out.push_str("{}"),
    }
}

fn write_single_quoted(out: &mut String, s: &str) {
    out.push('\'');
    out.push_str(&s.replace('\'', "''"));
    out.push('\'');
}

fn write_double_quoted(out: &mut String, s: &str) {
    out.push_str(&escrot_esc::yaml::double_quoted(s));
}

/// Whether a multi-line string can be written as a literal block and read back unchanged.
fn can_be_literal(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n', '\t'])
        && !s.ends_with("\n\n")
        && !s
            .chars()
            .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{feff}' | '\u{85}' | '\u{2028}' | '\u{2029}'))
        && !s.split('\n').any(|l| l.ends_with([' ', '\t']))
}

/// How a string scalar is written, as `yaml.v3` chooses: a literal block for multi-line
/// strings, double quotes for strings that would read back as another type (`"true"`,
/// `"1"`) or hold special characters, single quotes when plain would be misread
/// (`'[secret]'`, `'a: b'`), and plain otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Single,
    Double,
    Literal,
}

pub fn style(s: &str) -> Style {
    if s.contains('\n') {
        return if can_be_literal(s) { Style::Literal } else { Style::Double };
    }
    if s.chars().any(|c| c.is_control() || matches!(c, '\u{feff}' | '\u{a0}' | '\u{85}' | '\u{2028}' | '\u{2029}')) {
        return Style::Double;
    }
    if s.is_empty() || is_special_word(s) || looks_like_number(s) || looks_like_timestamp(s) {
        return Style::Double;
    }
    if plain_is_misread(s) { Style::Single } else { Style::Plain }
}

/// Whether a string must be quoted to read back as the same string.
pub fn needs_quotes(s: &str) -> bool {
    style(s) != Style::Plain
}

fn plain_is_misread(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return true };
    if s.starts_with([' ', '\t']) || s.ends_with([' ', '\t']) {
        return true;
    }
    if "[]{},#&*!|>'\"%@`".contains(first) {
        return true;
    }
    if matches!(first, '-' | '?' | ':') && (s.len() == 1 || s[1..].starts_with([' ', '\t'])) {
        return true;
    }
    if s == "---" || s == "..." || s.starts_with("--- ") || s.starts_with("... ") {
        return true;
    }
    s.contains(": ") || s.contains(" #") || s.ends_with(':')
}

fn is_special_word(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "<<" | "="
    )
}

fn looks_like_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if matches!(body.to_ascii_lowercase().as_str(), ".inf" | ".nan") {
        return true;
    }
    let lower = body.to_ascii_lowercase();
    if let Some(rest) =
        lower.strip_prefix("0x").or_else(|| lower.strip_prefix("0o")).or_else(|| lower.strip_prefix("0b"))
    {
        return !rest.is_empty() && rest.chars().all(|c| c.is_ascii_hexdigit() || c == '_');
    }
    body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body.chars().any(|c| c.is_ascii_digit())
        && body.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '_' | 'e' | 'E' | '+' | '-' | ':'))
}

fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[5].is_ascii_digit()
}

/// Parses a definition into a [`Node`] tree, keeping key order, the text of plain scalars
/// and the decoded value of quoted and block scalars. Comments are not kept.
pub fn parse_definition(source: &str) -> Result<Node, String> {
    use saphyr::{Yaml, YamlLoader};
    let mut loader: YamlLoader<'_, Yaml<'_>> = YamlLoader::default();
    loader.early_parse(false);
    loader.allow_duplicate_keys(true);
    let mut parser = saphyr_parser::Parser::new_from_str(source);
    parser.load(&mut loader, true).map_err(|e| e.to_string())?;
    if let Some(e) = loader.error() {
        return Err(e.to_string());
    }
    let docs = loader.into_documents();
    Ok(docs.first().map_or(Node::Raw("null".into()), from_saphyr))
}

fn from_saphyr(y: &saphyr::Yaml<'_>) -> Node {
    use saphyr::{Scalar, ScalarStyle, Yaml};
    match y {
        Yaml::Representation(text, ScalarStyle::Plain, _) => Node::Raw(text.to_string()),
        Yaml::Representation(text, _, _) => Node::Str(text.to_string()),
        Yaml::Value(Scalar::String(s)) => Node::Str(s.to_string()),
        Yaml::Value(Scalar::Null) => Node::Raw("null".into()),
        Yaml::Value(Scalar::Boolean(b)) => Node::Raw(b.to_string()),
        Yaml::Value(Scalar::Integer(i)) => Node::Raw(i.to_string()),
        Yaml::Value(Scalar::FloatingPoint(f)) => Node::Raw(f.to_string()),
        Yaml::Sequence(items) => Node::Seq(items.iter().map(from_saphyr).collect()),
        Yaml::Mapping(m) => Node::Map(m.iter().map(|(k, v)| (from_saphyr(k), from_saphyr(v))).collect()),
        Yaml::Tagged(_, inner) => from_saphyr(inner),
        Yaml::Alias(_) | Yaml::BadValue => Node::Raw("null".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        for s in [
            "",
            "true",
            "No",
            "null",
            "~",
            "1",
            "-1.5",
            "1e3",
            "0x1F",
            ".inf",
            "2024-01-01",
            "a: b",
            "a #b",
            "- a",
            "[x",
            "*a",
            " lead",
            "trail ",
            "x:",
            "@x",
        ] {
            assert!(needs_quotes(s), "{s:?} should be quoted");
        }
        for s in ["hello", "hello world", "a-b", "-a", "https://x.y/z?q=1", "a:b", "v1.2.3x", "héllo", "a#b"] {
            assert!(!needs_quotes(s), "{s:?} should be plain");
        }
    }

    #[test]
    fn emits_blocks() {
        let v = serde_json::json!({"a": {"b": [1, "two", {"c": true, "d": []}], "e": {}}, "f": "l1\nl2\n", "g": "3", "h": "[x]"});
        assert_eq!(
            to_string(&Node::from_json(&v), 3),
            "a:\n   b:\n      - 1\n      - two\n      - c: true\n        d: []\n   e: {}\nf: |\n   l1\n   l2\ng: \"3\"\nh: '[x]'\n"
        );
    }

    #[test]
    fn definitions_keep_order_and_text() {
        let node = parse_definition("values:\n  z: 1.50 # c\n  a: 'quoted'\n  m: |\n    x\n").unwrap();
        assert_eq!(to_string(&node, 2), "values:\n  z: 1.50\n  a: quoted\n  m: |\n    x\n");
    }
}
