//! YAML text → syntax tree, with ESC's positions.
//!
//! ESC (via Go's yaml.v3) locates a node by the line and column where it starts, derives
//! the byte offset from them, and approximates the end: for a scalar, the start column plus
//! the byte length of its decoded value; for a collection, the end of its last child. We
//! reproduce those rules, quirks included, so that diagnostics point where ESC's do.
//!
//! The tree is built from parser events with an explicit stack, so nesting depth costs heap,
//! not call stack.

use saphyr_parser::{Event, Parser, ScalarStyle as YamlStyle, Span};

use crate::esc::diag::{Diagnostic, Diagnostics, Pos, Range};
use crate::esc::path::{join_index, join_key};
use crate::esc::syntax::{Node, NodeKind, Number, ScalarStyle};

/// Documents nested deeper than this are refused with a diagnostic: nothing legitimate
/// needs it, and later stages recurse over the tree.
pub const MAX_DEPTH: usize = 1000;

/// Decodes YAML text into a syntax tree. `filename` names the source in ranges.
pub fn decode(filename: &str, source: &str) -> (Option<Node>, Diagnostics) {
    let lines = LineIndex::new(source);
    let mut parser = Parser::new_from_str(source);
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut seen_document = false;
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(e)) => e,
            Some(Err(err)) => {
                let summary = format!("yaml: line {}: {}", err.marker().line(), err.info());
                return (None, vec![Diagnostic::error(None, summary, "")]);
            }
        };
        let node = match event {
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                if seen_document {
                    // Only the first document is the environment.
                    break;
                }
                seen_document = true;
                continue;
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    let summary = format!("the document is nested more than {MAX_DEPTH} levels deep");
                    let range = Some(lines.range(filename, &span, span.start.line(), span.start.col()));
                    return (None, vec![Diagnostic::error(range, summary, "")]);
                }
                let path = child_path(&stack);
                let is_seq = matches!(event, Event::SequenceStart(..));
                stack.push(Frame { start: span, path, is_seq, items: Vec::new(), pending_key: None });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = stack.pop() else { continue };
                frame.finish(filename, &lines)
            }
            Event::Scalar(value, style, _, tag) => {
                let path = child_path(&stack);
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                scalar(filename, &lines, &span, &value, style, tag.as_deref(), path)
            }
            Event::Alias(_) => {
                let path = child_path(&stack);
                let range = lines.range(filename, &span, span.start.line(), span.start.col());
                return (None, vec![Diagnostic::error(Some(range), "alias nodes are not supported", path)]);
            }
            _ => continue,
        };
        match stack.last_mut() {
            Some(parent) => parent.push(node),
            None => {
                root = Some(node);
            }
        }
    }
    let root = root.unwrap_or_else(|| Node { range: None, ..Node::synthetic(NodeKind::Null) });
    (Some(root), Vec::new())
}

/// A collection being built.
struct Frame {
    start: Span,
    path: String,
    is_seq: bool,
    items: Vec<Node>,
    /// For a mapping: the key waiting for its value.
    pending_key: Option<Node>,
}

impl Frame {
    fn push(&mut self, node: Node) {
        if self.is_seq {
            self.items.push(node);
        } else if let Some(key) = self.pending_key.take() {
            self.items.push(key);
            self.items.push(node);
        } else {
            self.pending_key = Some(node);
        }
    }

    /// The path of the next child.
    fn next_path(&self) -> String {
        if self.is_seq {
            join_index(&self.path, self.items.len())
        } else if let Some(key) = &self.pending_key {
            join_key(&self.path, &key_text(key))
        } else {
            // A key's path is the path of the entry it introduces, which we only know
            // once it is parsed; fixed up in `push_key_path`.
            self.path.clone()
        }
    }

    fn finish(self, filename: &str, lines: &LineIndex) -> Node {
        let start = lines.pos(self.start.start.line(), self.start.start.col() + 1);
        let end = self.items.last().and_then(|n| n.range.as_ref()).map_or(start, |r| r.end);
        let range = Some(Range { filename: filename.to_owned(), start, end });
        let kind = if self.is_seq {
            NodeKind::Array(self.items)
        } else {
            let mut entries = Vec::with_capacity(self.items.len() / 2);
            let mut it = self.items.into_iter();
            while let (Some(mut k), Some(v)) = (it.next(), it.next()) {
                k.path = v.path.clone();
                entries.push((k, v));
            }
            NodeKind::Object(entries)
        };
        Node { kind, range, path: self.path, style: ScalarStyle::Plain }
    }
}

fn key_text(key: &Node) -> String {
    match &key.kind {
        NodeKind::String(s) => s.clone(),
        NodeKind::Number(n) => n.0.clone(),
        NodeKind::Bool(b) => b.to_string(),
        NodeKind::Null => "null".to_owned(),
        _ => String::new(),
    }
}

fn child_path(stack: &[Frame]) -> String {
    stack.last().map_or_else(String::new, Frame::next_path)
}

fn scalar(
    filename: &str,
    lines: &LineIndex,
    span: &Span,
    value: &str,
    style: YamlStyle,
    tag: Option<&str>,
    path: String,
) -> Node {
    let style = match style {
        YamlStyle::Plain => ScalarStyle::Plain,
        YamlStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        YamlStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        YamlStyle::Literal => ScalarStyle::Literal,
        YamlStyle::Folded => ScalarStyle::Folded,
    };
    let (line, col) = (span.start.line(), span.start.col() + 1);
    let start = lines.pos(line, col);
    // ESC's end: the start column plus the value's byte length (for literal blocks, on the
    // value's last line).
    let end = match style {
        ScalarStyle::Literal => {
            let newlines = value.matches('\n').count();
            let last = value.rsplit('\n').next().unwrap_or("");
            lines.pos(line + newlines, col + last.len())
        }
        _ => lines.pos(line, col + value.len()),
    };
    let range = Some(Range { filename: filename.to_owned(), start, end });
    let kind = resolve(value, style, tag);
    Node { kind, range, path, style }
}

/// The data a scalar holds, resolved as yaml.v3 resolves untagged scalars.
fn resolve(value: &str, style: ScalarStyle, tag: Option<&str>) -> NodeKind {
    match tag {
        Some("!!str") => return NodeKind::String(value.to_owned()),
        Some("!!null") => return NodeKind::Null,
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return NodeKind::String(value.to_owned());
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return NodeKind::Null,
        "true" | "True" | "TRUE" => return NodeKind::Bool(true),
        "false" | "False" | "FALSE" => return NodeKind::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN"
        | ".NAN" => {
            return NodeKind::String(value.to_owned());
        }
        _ => {}
    }
    if let Some(n) = parse_int(value) {
        return NodeKind::Number(Number(n));
    }
    if looks_like_float(value)
        && let Ok(f) = value.replace('_', "").parse::<f64>()
        && f.is_finite()
    {
        return NodeKind::Number(Number(format_float(f)));
    }
    NodeKind::String(value.to_owned())
}

fn parse_int(value: &str) -> Option<String> {
    let (neg, digits) = match value.as_bytes().first()? {
        b'-' => (true, &value[1..]),
        b'+' => (false, &value[1..]),
        _ => (false, value),
    };
    let digits = digits.replace('_', "");
    let (radix, body) = if let Some(h) = digits.strip_prefix("0x") {
        (16, h.to_owned())
    } else if let Some(o) = digits.strip_prefix("0o") {
        (8, o.to_owned())
    } else if let Some(b) = digits.strip_prefix("0b") {
        (2, b.to_owned())
    } else {
        (10, digits.clone())
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let n = i128::from_str_radix(&body, radix).ok()?;
    Some(if neg { (-n).to_string() } else { n.to_string() })
}

fn looks_like_float(value: &str) -> bool {
    let body = value.strip_prefix(['-', '+']).unwrap_or(value);
    !body.is_empty()
        && body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+' | '_'))
        && body.chars().any(|c| c.is_ascii_digit())
}

/// Formats a float as Go's `strconv.FormatFloat(f, 'g', -1, 64)` would for typical values.
fn format_float(f: f64) -> String {
    if f == f.trunc() && f.abs() < 1e21 {
        return format!("{f:.0}");
    }
    let s = format!("{f}");
    if s.contains('e') { s.replace("e", "e+").replace("e+-", "e-") } else { s }
}

/// Line starts, for turning (line, column) into byte offsets as ESC does.
struct LineIndex<'a> {
    source: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(source: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { source, starts }
    }

    /// The position of 1-based `line` and `column` (columns in characters).
    fn pos(&self, line: usize, column: usize) -> Pos {
        let Some(&start) = line.checked_sub(1).and_then(|l| self.starts.get(l)) else {
            return Pos { line, column, byte: 0 };
        };
        let end = self.starts.get(line).map_or(self.source.len(), |e| e.saturating_sub(1));
        let text = &self.source[start..end.max(start)];
        let byte = if text.is_ascii() {
            start + column.saturating_sub(1)
        } else {
            start + text.char_indices().nth(column.saturating_sub(1)).map_or(text.len(), |(i, _)| i)
        };
        Pos { line, column, byte }
    }

    fn range(&self, filename: &str, _span: &Span, line: usize, col: usize) -> Range {
        let p = self.pos(line, col + 1);
        Range { filename: filename.to_owned(), start: p, end: p }
    }
}
