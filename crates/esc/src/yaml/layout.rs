//! The exact layout of a YAML document: for every node, the byte range of its text, whether
//! it is written in flow style, and the column it starts at.

use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar { value: String, style: ScalarStyle },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// The bytes of the node's text (for a block collection: from its first entry to the end
    /// of its last value; for a flow collection: brackets included).
    pub span: Range<usize>,
    /// Written in flow style (`{…}`, `[…]`), or inside a flow collection.
    pub flow: bool,
    /// The 0-based column (in characters) where the node starts.
    pub column: usize,
}

/// A parsed document: its root node, if it has one.
#[derive(Clone, Debug)]
pub struct Layout {
    pub root: Option<Node>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct LayoutError {
    pub line: usize,
    pub message: String,
}

impl Node {
    pub fn is_empty_collection(&self) -> bool {
        match &self.kind {
            NodeKind::Seq(items) => items.is_empty(),
            NodeKind::Map(entries) => entries.is_empty(),
            NodeKind::Scalar { .. } => false,
        }
    }

    /// The value of a mapping entry by key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find(|(k, _)| k.scalar() == Some(key)).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// Character index → byte offset for the parser's markers (which count characters).
struct Offsets {
    ascii: bool,
    bytes: Vec<usize>,
}

impl Offsets {
    fn new(source: &str) -> Self {
        if source.is_ascii() {
            return Offsets { ascii: true, bytes: Vec::new() };
        }
        let mut bytes: Vec<usize> = source.char_indices().map(|(i, _)| i).collect();
        bytes.push(source.len());
        Offsets { ascii: false, bytes }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.ascii { char_index } else { self.bytes.get(char_index).copied().unwrap_or(usize::MAX) }
    }
}

struct Frame {
    start: usize,
    column: usize,
    flow: bool,
    is_seq: bool,
    items: Vec<Node>,
}

/// Parses a document's layout. Only the first document of a stream is read.
pub fn parse(source: &str) -> Result<Layout, LayoutError> {
    let offsets = Offsets::new(source);
    let mut parser = Parser::new_from_str(source);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| LayoutError { line: e.marker().line(), message: e.info().to_owned() })?;
        let in_flow = stack.last().is_some_and(|f| f.flow);
        let node = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    break;
                }
                continue;
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                let start = offsets.byte(span.start.index());
                let flow = in_flow || matches!(source.as_bytes().get(start), Some(b'[' | b'{'));
                let is_seq = matches!(event, Event::SequenceStart(..));
                stack.push(Frame { start, column: span.start.col(), flow, is_seq, items: Vec::new() });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else { continue };
                finish(frame, &span, &offsets, source)
            }
            Event::Scalar(value, style, _, _) => scalar(source, &offsets, &span, value.into_owned(), style, in_flow),
            Event::Alias(_) => {
                let start = offsets.byte(span.start.index());
                let end = offsets.byte(span.end.index()).min(source.len());
                Node {
                    kind: NodeKind::Scalar { value: String::new(), style: ScalarStyle::Plain },
                    span: start..end,
                    flow: in_flow,
                    column: span.start.col(),
                }
            }
            _ => continue,
        };
        match stack.last_mut() {
            Some(frame) => frame.items.push(node),
            None => root = Some(node),
        }
    }
    Ok(Layout { root })
}

fn finish(frame: Frame, end_span: &Span, offsets: &Offsets, source: &str) -> Node {
    let end = if frame.flow && !frame_inherits_flow(&frame, source) {
        // Just past the closing bracket.
        let at = offsets.byte(end_span.start.index()).min(source.len());
        source[at..].find([']', '}']).map_or(at, |i| at + i + 1)
    } else {
        frame.items.last().map_or(frame.start, |n| n.span.end)
    };
    let kind = if frame.is_seq {
        NodeKind::Seq(frame.items)
    } else {
        let mut entries = Vec::with_capacity(frame.items.len() / 2);
        let mut it = frame.items.into_iter();
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            entries.push((k, v));
        }
        NodeKind::Map(entries)
    };
    Node { kind, span: frame.start..end, flow: frame.flow, column: frame.column }
}

/// A collection inside a flow collection that has no brackets of its own (`[a: b]`).
fn frame_inherits_flow(frame: &Frame, source: &str) -> bool {
    !matches!(source.as_bytes().get(frame.start), Some(b'[' | b'{'))
}

fn scalar(source: &str, offsets: &Offsets, span: &Span, value: String, style: ScalarStyle, flow: bool) -> Node {
    let start = offsets.byte(span.start.index()).min(source.len());
    let token_end = offsets.byte(span.end.index()).min(source.len()).max(start);
    let end = match style {
        ScalarStyle::SingleQuoted => closing_single_quote(source, start).unwrap_or(token_end),
        ScalarStyle::DoubleQuoted => closing_double_quote(source, start).unwrap_or(token_end),
        ScalarStyle::Plain => start + source[start..token_end].trim_end().len(),
        ScalarStyle::Literal | ScalarStyle::Folded => start + source[start..token_end].trim_end().len(),
    };
    Node { kind: NodeKind::Scalar { value, style }, span: start..end, flow, column: span.start.col() }
}

/// The end (exclusive) of a single-quoted scalar starting at `start` (`''` is an escaped quote).
fn closing_single_quote(source: &str, start: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// The end (exclusive) of a double-quoted scalar starting at `start`.
fn closing_double_quote(source: &str, start: usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<'a>(source: &'a str, n: &Node) -> &'a str {
        &source[n.span.clone()]
    }

    #[test]
    fn spans_are_exact() {
        let src = "a: 'x' # c\nb:\n  - \"y\\\"\" # d\n  - {k: v, l: [1, 2]}\nc: plain text  \n";
        let root = parse(src).unwrap().root.unwrap();
        assert_eq!(text(src, root.get("a").unwrap()), "'x'");
        let b = root.get("b").unwrap();
        let NodeKind::Seq(items) = &b.kind else { panic!() };
        assert_eq!(text(src, &items[0]), "\"y\\\"\"");
        assert_eq!(text(src, &items[1]), "{k: v, l: [1, 2]}");
        assert!(items[1].flow);
        assert_eq!(text(src, items[1].get("l").unwrap()), "[1, 2]");
        assert_eq!(text(src, root.get("c").unwrap()), "plain text");
        assert_eq!(text(src, b), "- \"y\\\"\" # d\n  - {k: v, l: [1, 2]}");
    }

    #[test]
    fn handles_unicode() {
        let src = "é: ü\nk: [ä, 'ö']\n";
        let root = parse(src).unwrap().root.unwrap();
        assert_eq!(text(src, root.get("é").unwrap()), "ü");
        assert_eq!(text(src, root.get("k").unwrap()), "[ä, 'ö']");
    }
}
