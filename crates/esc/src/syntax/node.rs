use crate::diag::Range;
use crate::syntax::position::PrefixWidths;

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
    /// The explicit tag, in yaml.v3's short form (`!!str`, `!custom`), when there is one. ESC
    /// gives tags no meaning beyond YAML's own resolution, but a tagged plain scalar's range
    /// includes its tag and [`Node::scalar_range`] does not apply to it.
    pub tag: Option<String>,
}

impl Node {
    /// A node with no source (made in code).
    pub fn synthetic(kind: NodeKind) -> Node {
        Node { kind, range: None, path: String::new(), style: ScalarStyle::Plain, tag: None }
    }

    /// The stand-in for a node that failed to decode (an alias, or a scalar contradicting its
    /// tag), which ESC represents as a nil node: a null without a range. Decoding always
    /// reports an error for it, so it never reaches evaluation.
    pub fn invalid(path: String) -> Node {
        Node { kind: NodeKind::Null, range: None, path, style: ScalarStyle::Plain, tag: None }
    }

    /// The range of the bytes `start..end` of this scalar's (decoded) value, when it can be
    /// known: only for untagged plain strings on one line, as in ESC's `ScalarRange` (where
    /// the decoded value is the source text). Used to point diagnostics at a part of an
    /// interpolated string. Columns advance by display width (wide characters count 2), bytes
    /// by bytes, as in ESC. Offsets that are not character boundaries are rounded down.
    ///
    /// This measures the string: for many ranges of one scalar, use [`Node::scalar_ranges`].
    pub fn scalar_range(&self, start: usize, end: usize) -> Option<Range> {
        Some(self.scalar_ranges()?.range(start, end))
    }

    /// What [`Node::scalar_range`] needs, measured once, when the node has scalar ranges.
    pub fn scalar_ranges(&self) -> Option<ScalarRanges<'_>> {
        let r = self.range.as_ref()?;
        let NodeKind::String(value) = &self.kind else { return None };
        if r.start.line != r.end.line || self.style != ScalarStyle::Plain || self.tag.is_some() {
            return None;
        }
        Some(ScalarRanges { range: r, value, widths: PrefixWidths::new(value) })
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) => Some(s),
            _ => None,
        }
    }
}

/// The ranges of parts of a plain one-line scalar (see [`Node::scalar_range`]), each in
/// O(log n) once the scalar is measured.
pub struct ScalarRanges<'a> {
    range: &'a Range,
    value: &'a str,
    widths: PrefixWidths,
}

impl ScalarRanges<'_> {
    pub fn range(&self, start: usize, end: usize) -> Range {
        let boundary = |n: usize| {
            let mut n = n.min(self.value.len());
            while !self.value.is_char_boundary(n) {
                n -= 1;
            }
            n
        };
        let r = self.range;
        let mut range = r.clone();
        range.start.byte += start;
        range.start.column += self.widths.width(boundary(start));
        range.end = r.start;
        range.end.byte += end;
        range.end.column += self.widths.width(boundary(end));
        range
    }
}
