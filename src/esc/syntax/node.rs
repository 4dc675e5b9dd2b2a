use crate::esc::diag::Range;

/// A number literal, kept as the text of its shortest exact decimal form (like Go's
/// `json.Number`): `42`, `3.14`, `1e+21`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Number(pub String);

impl Number {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn as_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }
}

/// How a scalar was written in the source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScalarStyle {
    #[default]
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Node>),
    /// Entries in source order, duplicates included (the loader diagnoses them).
    Object(Vec<(Node, Node)>),
}

/// A syntax node: a value, its source range, and its property path in the document
/// (`values.a["b.c"][0]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// The range ESC reports for this node; `None` for nodes made up in code.
    pub range: Option<Range>,
    pub path: String,
    /// For scalars: the style they were written in.
    pub style: ScalarStyle,
}

impl Node {
    /// A node with no source (made in code).
    pub fn synthetic(kind: NodeKind) -> Node {
        Node { kind, range: None, path: String::new(), style: ScalarStyle::Plain }
    }

    /// The range of the bytes `start..end` of this scalar's (decoded) value, when it can be
    /// known: only for plain scalars on one line, as in ESC. Used to point diagnostics at a
    /// part of an interpolated string.
    pub fn scalar_range(&self, start: usize, end: usize) -> Option<Range> {
        let r = self.range.as_ref()?;
        let NodeKind::String(value) = &self.kind else { return None };
        if r.start.line != r.end.line || self.style != ScalarStyle::Plain {
            return None;
        }
        let width = |s: &str| s.chars().count();
        let mut range = r.clone();
        range.start.byte += start;
        range.start.column += width(&value[..start.min(value.len())]);
        range.end = r.start;
        range.end.byte += end;
        range.end.column += width(&value[..end.min(value.len())]);
        Some(range)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) => Some(s),
            _ => None,
        }
    }
}
