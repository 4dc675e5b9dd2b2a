//! Decoding YAML text into syntax nodes, with the positions ESC gives them.
//!
//! ESC (`syntax/encoding/yaml.go`) lets gopkg.in/yaml.v3 build a `yaml.Node` tree and then
//! converts it. A node's range starts at yaml.v3's `Line`/`Column` (the node's first token:
//! its anchor or tag if it has one, the opening quote, the block scalar indicator `|`/`>`,
//! the `[`/`{` of a flow collection, the first key of a block mapping, the first `-` of a block
//! sequence) and ends at an *estimate* (`yamlEndPos`): for a scalar, the start column plus the
//! byte length of its decoded value (plus the tag and a space for a tagged plain scalar; for a
//! literal block scalar, one line down per newline in the value); for a collection, the end of
//! its last child, or its start when empty. We reproduce these estimates, quirks included,
//! since they are what ESC's diagnostics show.
//!
//! We read events from `saphyr-parser` (a port of the same libyaml design as yaml.v3) and fix
//! up the few places where its event marks differ from libyaml's (block scalars, empty
//! scalars, sequences that are not indented under their key). The tree is built with an
//! explicit stack, so nesting depth costs heap, not call stack; deeper than [`MAX_DEPTH`] is an
//! error (as deeper than 10,000 is for yaml.v3).

use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle, ScanError, Span};

use crate::diag::{Diagnostic, Diagnostics, Pos, Range};
use crate::path::{join_index, join_key};
use crate::syntax::position::LineIndex;
use crate::syntax::resolve::{Scalar, decode_scalar, short_tag};
use crate::syntax::{Node, NodeKind, ScalarStyle};

/// The deepest nesting of collections we accept; deeper documents are a syntax error.
///
/// yaml.v3 allows 10,000 levels (`max_flow_level`, `max_indents`). We stop at 1,000: every
/// later stage (and dropping the tree) walks it recursively, and 10,000 levels of that would
/// overflow a 2 MiB thread stack. No real environment comes near either limit.
pub const MAX_DEPTH: usize = 1_000;

/// saphyr-parser's limit on the nesting of flow collections (`[`, `{`), lower than yaml.v3's
/// 10,000: deeper flow nesting is a syntax error here and not in ESC.
pub const MAX_FLOW_DEPTH: usize = 255;

/// Decodes YAML text into a syntax tree. `filename` names the source in ranges.
///
/// As in ESC: an empty text decodes to an empty object with no range; a text with no document
/// (only comments or blank lines) decodes to nothing, without diagnostics; only the first
/// document of a stream is read. A YAML syntax error yields no node and one diagnostic without
/// a subject, worded like yaml.v3's (`yaml: line 1: did not find expected ',' or ']'`).
/// Aliases, keys that are not strings and scalars that contradict their explicit tag are
/// diagnosed with the node's range and path; such nodes decode to [`Node::invalid`].
pub fn decode(filename: &str, source: &str) -> (Option<Node>, Diagnostics) {
    if source.is_empty() {
        return (Some(Node::synthetic(NodeKind::Object(Vec::new()))), Vec::new());
    }
    let mut decoder =
        Decoder { filename, source, lines: LineIndex::new(source), stack: Vec::new(), root: None, diags: Vec::new() };
    // saphyr-parser has internal assertions; none fired under fuzzing, but a malformed
    // document must never take the process down, so a panic becomes a syntax error.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decoder.run()))
        .unwrap_or_else(|_| Err("yaml: internal error while parsing the document".to_owned()));
    match result {
        Ok(()) => (decoder.root, decoder.diags),
        Err(message) => (None, vec![Diagnostic::error(None, message, "")]),
    }
}

/// A node's start as yaml.v3 records it: 1-based line, 1-based column counting characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mark {
    line: usize,
    col: usize,
}

impl Mark {
    fn of(span: &Span) -> Mark {
        Mark { line: span.start.line(), col: span.start.col() + 1 }
    }
}

/// Where the next node goes, which decides its path and, for empty scalars, its mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Root,
    Entry { flow: bool },
    Key,
    Value { flow: bool },
}

#[derive(Debug)]
enum Collection {
    Seq(Vec<Node>),
    Map {
        entries: Vec<(Node, Node)>,
        /// A key waiting for its value, with the path of both (yaml.v3 `keyNode.Value`).
        key: Option<(Node, String)>,
        /// The column of the first key: an indentless sequence's `-` sits there.
        key_col: Option<usize>,
    },
}

#[derive(Debug)]
struct Frame {
    collection: Collection,
    mark: Mark,
    start: Pos,
    path: String,
    tag: Option<String>,
    /// Inside `[...]` or `{...}`.
    flow: bool,
    /// The end (ESC's estimate) of the last child, key or value.
    last_end: Option<Pos>,
}

struct Decoder<'s> {
    filename: &'s str,
    source: &'s str,
    lines: LineIndex<'s>,
    stack: Vec<Frame>,
    root: Option<Node>,
    diags: Diagnostics,
}

impl<'s> Decoder<'s> {
    fn run(&mut self) -> Result<(), String> {
        let mut parser = Parser::new_from_str(self.source);
        while let Some(event) = parser.next_event() {
            let (event, span) = event.map_err(|e| self.syntax_error(&e))?;
            let is_map = matches!(event, Event::MappingStart(..));
            match event {
                Event::Nothing | Event::StreamStart | Event::DocumentStart(_) => {}
                // yaml.Unmarshal reads the first document only.
                Event::DocumentEnd | Event::StreamEnd => break,
                Event::Alias(_) => self.alias(&span),
                Event::Scalar(value, style, anchor, tag) => {
                    let has_props = anchor != 0 || tag.is_some();
                    let tag = tag.map(|t| short_tag(&format!("{}{}", t.handle, t.suffix))).filter(|t| t != "!");
                    self.scalar(value.into_owned(), style, tag, has_props, &span);
                }
                Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                    let has_props = anchor != 0 || tag.is_some();
                    let tag = tag.map(|t| short_tag(&format!("{}{}", t.handle, t.suffix))).filter(|t| t != "!");
                    self.start_collection(is_map, tag, has_props, &span)?;
                }
                Event::SequenceEnd | Event::MappingEnd => self.end_collection(),
            }
        }
        Ok(())
    }

    fn slot(&self) -> Slot {
        match self.stack.last() {
            None => Slot::Root,
            Some(Frame { collection: Collection::Seq(_), flow, .. }) => Slot::Entry { flow: *flow },
            Some(Frame { collection: Collection::Map { key: None, .. }, .. }) => Slot::Key,
            Some(Frame { collection: Collection::Map { key: Some(_), .. }, flow, .. }) => Slot::Value { flow: *flow },
        }
    }

    /// The path of the next node. For a key, `key` is yaml.v3's `keyNode.Value` (the scalar's
    /// text, an alias's name, or empty for a collection); a key and its value share the path.
    fn child_path(&self, key: &str) -> String {
        match self.stack.last() {
            None => String::new(),
            Some(Frame { collection: Collection::Seq(items), path, .. }) => join_index(path, items.len()),
            Some(Frame { collection: Collection::Map { key: None, .. }, path, .. }) => join_key(path, key),
            Some(Frame { collection: Collection::Map { key: Some((_, p)), .. }, .. }) => p.clone(),
        }
    }

    fn range(&self, start: Pos, end: Pos) -> Range {
        Range { filename: self.filename.to_owned(), start, end }
    }

    fn scalar(&mut self, value: String, style: SaphyrStyle, tag: Option<String>, has_props: bool, span: &Span) {
        let style = match style {
            SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            SaphyrStyle::Literal => ScalarStyle::Literal,
            SaphyrStyle::Folded => ScalarStyle::Folded,
            _ => ScalarStyle::Plain,
        };
        let mut mark = Mark::of(span);
        if !has_props {
            if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                mark = self.block_scalar_indicator(mark).unwrap_or(mark);
            } else if style == ScalarStyle::Plain && value.is_empty() {
                mark = self.empty_scalar_mark(mark);
            }
        }
        // yamlEndPos: only an untagged literal counts lines, only a tagged plain scalar skips
        // its tag (yaml.v3's Style is a bit set and ESC compares it with `==`).
        let (mut line, mut col, mut rest) = (mark.line, mark.col, value.as_str());
        if style == ScalarStyle::Literal && tag.is_none() {
            while let Some(nl) = rest.find('\n') {
                line += 1;
                rest = &rest[nl + 1..];
            }
        } else if style == ScalarStyle::Plain
            && let Some(t) = &tag
        {
            col += t.len() + 1;
        }
        let start = self.lines.pos(mark.line, mark.col);
        let end = self.lines.pos(line, col + rest.len());
        let range = self.range(start, end);
        let path = self.child_path(&value);
        let node = match decode_scalar(&value, style, tag.as_deref()) {
            Ok(scalar) => {
                let kind = match scalar {
                    Scalar::Null => NodeKind::Null,
                    Scalar::Bool(b) => NodeKind::Bool(b),
                    Scalar::Number(n) => NodeKind::Number(n),
                    Scalar::String => NodeKind::String(value),
                };
                Node { kind, range: Some(range), path, style, tag }
            }
            Err(message) => {
                self.diags.push(Diagnostic::error(Some(range), message, path.clone()));
                Node::invalid(path)
            }
        };
        self.complete(node, end, mark);
    }

    fn alias(&mut self, span: &Span) {
        let mark = Mark::of(span);
        // yaml.v3's alias node holds the anchor's name as its value.
        let at = self.byte_at(mark.line, mark.col - 1);
        let name: &str = self.source.get(at + 1..).map_or("", |rest| {
            let end = rest.find(|c: char| c.is_whitespace() || ",[]{}".contains(c)).unwrap_or(rest.len());
            &rest[..end]
        });
        let start = self.lines.pos(mark.line, mark.col);
        let end = self.lines.pos(mark.line, mark.col + name.len());
        let path = self.child_path(name);
        self.diags.push(Diagnostic::error(Some(self.range(start, end)), "alias nodes are not supported", path.clone()));
        self.complete(Node::invalid(path), end, mark);
    }

    fn start_collection(
        &mut self,
        is_map: bool,
        tag: Option<String>,
        has_props: bool,
        span: &Span,
    ) -> Result<(), String> {
        let mut mark = Mark::of(span);
        if self.stack.len() >= MAX_DEPTH {
            // Worded like yaml.v3's "exceeded max depth of 10000", a scanner error, so its line
            // is 1-based and omitted on the first line.
            let line = if mark.line > 1 { format!("line {}: ", mark.line) } else { String::new() };
            return Err(format!("yaml: {line}exceeded max depth of {MAX_DEPTH}"));
        }
        // A flow collection's event span covers its `[` or `{`; a block one's is empty.
        let end_byte = self.byte_at(span.end.line(), span.end.col());
        let opens_flow = span.end.index() > span.start.index()
            && self.source.get(..end_byte).is_some_and(|s| s.ends_with(['[', '{']));
        let parent_flow = self.stack.last().is_some_and(|f| f.flow);
        if !is_map && !has_props && !opens_flow && !parent_flow {
            mark = self.indentless_sequence_mark(mark).unwrap_or(mark);
        }
        let path = self.child_path("");
        let collection = if is_map {
            Collection::Map { entries: Vec::new(), key: None, key_col: None }
        } else {
            Collection::Seq(Vec::new())
        };
        let start = self.lines.pos(mark.line, mark.col);
        self.stack.push(Frame { collection, mark, start, path, tag, flow: parent_flow || opens_flow, last_end: None });
        Ok(())
    }

    fn end_collection(&mut self) {
        let Some(frame) = self.stack.pop() else { return };
        let end = frame.last_end.unwrap_or(frame.start);
        // Shrinking gives back the growth slack (up to half of each vector), a large share of
        // the memory of big documents; glibc shrinks in place.
        let kind = match frame.collection {
            Collection::Seq(mut items) => {
                items.shrink_to_fit();
                NodeKind::Array(items)
            }
            Collection::Map { mut entries, .. } => {
                entries.shrink_to_fit();
                NodeKind::Object(entries)
            }
        };
        let range = self.range(frame.start, end);
        let node = Node { kind, range: Some(range), path: frame.path, style: ScalarStyle::Plain, tag: frame.tag };
        self.complete(node, end, frame.mark);
    }

    /// Puts a finished node where it belongs. `end` is ESC's end estimate of the YAML node,
    /// which the parent's end follows even when the node failed to decode.
    fn complete(&mut self, node: Node, end: Pos, mark: Mark) {
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return;
        };
        frame.last_end = Some(end);
        match &mut frame.collection {
            Collection::Seq(items) => items.push(node),
            Collection::Map { entries, key, key_col } => match key.take() {
                Some((k, _)) => entries.push((k, node)),
                None => {
                    key_col.get_or_insert(mark.col);
                    let path = node.path.clone();
                    if !matches!(node.kind, NodeKind::String(_)) && node.range.is_some() {
                        self.diags.push(Diagnostic::error(
                            node.range.clone(),
                            "mapping keys must be strings",
                            path.clone(),
                        ));
                    }
                    *key = Some((node, path));
                }
            },
        }
    }

    /// Byte offset of the 0-based character column `col0` of 1-based `line` (clamped to the
    /// line's end).
    fn byte_at(&self, line: usize, col0: usize) -> usize {
        let text = self.lines.line_text(line);
        let within = if self.lines.is_ascii(line) {
            col0.min(text.len())
        } else {
            text.char_indices().nth(col0).map_or(text.len(), |(i, _)| i)
        };
        self.lines.line_offset(line) + within
    }

    /// The 1-based line and character column of a byte offset.
    fn mark_of_byte(&self, byte: usize) -> Mark {
        let line = self.lines.line_of_byte(byte);
        let col0 = self.source.get(self.lines.line_offset(line)..byte).map_or(0, |s| s.chars().count());
        Mark { line, col: col0 + 1 }
    }

    /// libyaml starts a block scalar at its `|` or `>` indicator; saphyr at its content. The
    /// indicator ends the nearest non-blank line at or above the content's (before an
    /// optional indentation/chomping indicator and comment).
    fn block_scalar_indicator(&self, content: Mark) -> Option<Mark> {
        let mut line = content.line;
        let mut upto = self.byte_at(line, content.col - 1) - self.lines.line_offset(line);
        loop {
            let text = self.lines.line_text(line);
            let text = text.get(..upto.min(text.len())).unwrap_or(text);
            // The last `|` or `>` followed only by indicators, blanks and a comment.
            for (i, c) in text.char_indices().rev() {
                if c != '|' && c != '>' {
                    continue;
                }
                let after = &text[i + 1..];
                let header = after.trim_start_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
                let header = header.trim_start_matches([' ', '\t']);
                if header.is_empty() || header.starts_with('#') {
                    let before = text[..i].chars().count();
                    return Some(Mark { line, col: before + 1 });
                }
            }
            if !text.trim().is_empty() || line <= 1 {
                return None;
            }
            line -= 1;
            upto = usize::MAX;
        }
    }

    /// libyaml places an empty plain scalar right after the `:` of a block mapping value,
    /// right after the `-` of a block sequence entry, and at the next token after the `:` of
    /// a flow mapping value; saphyr places the first two at the `:` and after the `-`'s
    /// trailing blanks, and the third at the `:`.
    fn empty_scalar_mark(&self, mark: Mark) -> Mark {
        let at = self.byte_at(mark.line, mark.col - 1);
        let on_colon = self.source.as_bytes().get(at) == Some(&b':');
        match self.slot() {
            Slot::Value { flow: false } if on_colon => Mark { line: mark.line, col: mark.col + 1 },
            Slot::Value { flow: true } if on_colon => self.mark_of_byte(self.next_token(at + 1)),
            Slot::Entry { flow: false } => {
                self.dash_before(mark).map_or(mark, |c| Mark { line: mark.line, col: c + 2 })
            }
            _ => mark,
        }
    }

    /// The 0-based column of the `-` that ends the text before `mark` on its line, ignoring
    /// blanks and a comment.
    fn dash_before(&self, mark: Mark) -> Option<usize> {
        let text = self.lines.line_text(mark.line);
        let upto = self.byte_at(mark.line, mark.col - 1) - self.lines.line_offset(mark.line);
        let mut prefix = text.get(..upto.min(text.len())).unwrap_or("");
        let bytes = prefix.as_bytes();
        if let Some(i) =
            (0..bytes.len()).find(|&i| bytes[i] == b'#' && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t')))
        {
            prefix = &prefix[..i];
        }
        let prefix = prefix.trim_end_matches([' ', '\t']);
        prefix.ends_with('-').then(|| prefix.chars().count() - 1)
    }

    /// A sequence that is a block mapping's value with its `-` at the keys' column (no
    /// indentation) starts, for libyaml, at that `-`; saphyr starts it after the `- `.
    fn indentless_sequence_mark(&self, mark: Mark) -> Option<Mark> {
        let Some(Frame { collection: Collection::Map { key: Some(_), key_col: Some(key_col), .. }, .. }) =
            self.stack.last()
        else {
            return None;
        };
        let text = self.lines.line_text(mark.line);
        let indent = text.chars().take_while(|c| *c == ' ' || *c == '\t').count();
        (indent + 1 == *key_col && indent + 1 != mark.col && text.trim_start_matches([' ', '\t']).starts_with('-'))
            .then_some(Mark { line: mark.line, col: indent + 1 })
    }

    /// The byte offset of the next token at or after `from`: past blanks, line breaks and
    /// comments.
    fn next_token(&self, mut from: usize) -> usize {
        let b = self.source.as_bytes();
        while from < b.len() {
            match b[from] {
                b' ' | b'\t' | b'\r' | b'\n' => from += 1,
                b'#' => {
                    while from < b.len() && b[from] != b'\n' {
                        from += 1;
                    }
                }
                _ => break,
            }
        }
        from
    }

    /// yaml.v3's wording of a syntax error: `yaml: line N: <problem>`. libyaml reports a
    /// parser error at its context's line counted *from 0* (the start of the enclosing
    /// collection), falling back to the problem's line; a scanner error at its line counted
    /// from 1; and leaves out a line 0 either way. saphyr words its errors like libyaml, with
    /// the context folded into the message, and one position.
    fn syntax_error(&self, e: &ScanError) -> String {
        let info = e.info();
        let problem_line0 = e.marker().line().saturating_sub(1);
        let innermost = |map: bool, flow: bool| {
            self.stack
                .iter()
                .rev()
                .find(|f| matches!(f.collection, Collection::Map { .. }) == map && f.flow == flow)
                .map(|f| f.mark.line.saturating_sub(1))
        };
        let parser = |problem: &str, context: Option<usize>| {
            let line = context.filter(|l| *l != 0).unwrap_or(problem_line0);
            if line == 0 { format!("yaml: {problem}") } else { format!("yaml: line {line}: {problem}") }
        };
        if info == "recursion limit exceeded" {
            // saphyr-parser counts flow levels in a `u8`.
            return format!("yaml: exceeded max depth of {MAX_FLOW_DEPTH} for flow collections");
        }
        if info.contains("unknown anchor") {
            let at = self.byte_at(e.marker().line(), e.marker().col());
            let name: String = self
                .source
                .get(at + 1..)
                .unwrap_or("")
                .chars()
                .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
                .collect();
            return format!("yaml: unknown anchor '{name}' referenced");
        }
        if info.starts_with("while parsing a flow sequence") {
            return parser("did not find expected ',' or ']'", innermost(false, true));
        }
        if info.starts_with("while parsing a flow mapping") {
            return parser("did not find expected ',' or '}'", innermost(true, true));
        }
        if info.starts_with("while parsing a block mapping") {
            return parser("did not find expected key", innermost(true, false));
        }
        if info.starts_with("while parsing a block collection") {
            return parser("did not find expected '-' indicator", innermost(false, false));
        }
        if info.starts_with("while parsing") {
            let problem = info.split_once(", ").map_or(info, |(_, p)| p);
            return parser(problem, None);
        }
        let problem = if info.starts_with("while ") { info.split_once(", ").map_or(info, |(_, p)| p) } else { info };
        if problem_line0 == 0 {
            format!("yaml: {problem}")
        } else {
            format!("yaml: line {}: {problem}", problem_line0 + 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> Node {
        let (node, diags) = decode("f", src);
        assert!(diags.is_empty(), "{diags:?}");
        node.expect("a node")
    }

    /// The range of the node at `path` (a value or an array element, not a key), as
    /// `line:col(byte)-line:col(byte)`.
    fn value_at(root: &Node, path: &str) -> String {
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            match &n.kind {
                NodeKind::Array(items) => {
                    for v in items {
                        if v.path == path {
                            return show(v);
                        }
                        stack.push(v);
                    }
                }
                NodeKind::Object(entries) => {
                    for (_, v) in entries {
                        if v.path == path {
                            return show(v);
                        }
                        stack.push(v);
                    }
                }
                _ => {}
            }
        }
        panic!("no node at {path}")
    }

    fn show(n: &Node) -> String {
        let r = n.range.as_ref().expect("a range");
        format!("{}:{}({})-{}:{}({})", r.start.line, r.start.column, r.start.byte, r.end.line, r.end.column, r.end.byte)
    }

    #[test]
    fn empty_values_sit_after_their_indicator() {
        let root = doc("a:\nb: 1\nc:   # note\nd: 2\n");
        assert_eq!(value_at(&root, "a"), "1:3(2)-1:3(2)");
        assert_eq!(value_at(&root, "c"), "3:3(10)-3:3(10)");
        let root = doc("k:\n  - \n  -\n  -   # c\n  - x\n");
        assert_eq!(value_at(&root, "k[0]"), "2:4(6)-2:4(6)");
        assert_eq!(value_at(&root, "k[1]"), "3:4(11)-3:4(11)");
        assert_eq!(value_at(&root, "k[2]"), "4:4(15)-4:4(15)");
        // In flow mappings, at the next token.
        let root = doc("m: {a: , b: c, d: }\n");
        assert_eq!(value_at(&root, "m.a"), "1:8(7)-1:8(7)");
        assert_eq!(value_at(&root, "m.d"), "1:19(18)-1:19(18)");
        let root = doc("n: {a:\n   # c\n  }\n");
        assert_eq!(value_at(&root, "n.a"), "3:3(16)-3:3(16)");
    }

    #[test]
    fn indentless_sequences_start_at_their_dash() {
        let root = doc("k:\n- a\n- - b\n");
        assert_eq!(value_at(&root, "k"), "2:1(3)-3:6(12)");
        assert_eq!(value_at(&root, "k[1]"), "3:3(9)-3:6(12)");
        let root = doc("k:\n  - a\n");
        assert_eq!(value_at(&root, "k"), "2:3(5)-2:6(8)");
    }

    #[test]
    fn block_scalars_start_at_their_indicator() {
        let root = doc("k: |\n  x\n  y\nf: >-  # c\n\n  z\nt: !!str |\n  w\n");
        // A literal's end moves one line down per newline of its value.
        assert_eq!(value_at(&root, "k"), "1:4(3)-3:4(12)");
        assert_eq!(value_at(&root, "f"), "4:4(16)-4:6(18)");
        // Tagged: starts at the tag, and does not count lines (ESC compares the style with ==).
        assert_eq!(value_at(&root, "t"), "7:4(32)-7:6(34)");
    }

    #[test]
    fn tags_and_anchors_start_the_node() {
        let root = doc("a: !!str 42\nb: &x 42\nc: !t [1]\n");
        assert_eq!(value_at(&root, "a"), "1:4(3)-1:12(11)");
        assert_eq!(value_at(&root, "b"), "2:4(15)-2:6(17)");
        assert_eq!(value_at(&root, "c"), "3:4(24)-3:9(29)");
        let NodeKind::Object(entries) = &root.kind else { panic!() };
        assert_eq!(entries[0].1.kind, NodeKind::String("42".into()));
        assert_eq!(entries[0].1.tag.as_deref(), Some("!!str"));
        assert_eq!(entries[1].1.kind, NodeKind::Number(crate::syntax::Number("42".into())));
    }

    #[test]
    fn crlf_line_ends_count_as_one() {
        let root = doc("a: 1\r\nb:\r\n  - x\r\n");
        assert_eq!(value_at(&root, "b[0]"), "3:5(14)-3:6(15)");
        assert_eq!(value_at(&root, "b"), "3:3(12)-3:6(15)");
    }

    #[test]
    fn documents() {
        assert_eq!(decode("f", ""), (Some(Node::synthetic(NodeKind::Object(Vec::new()))), Vec::new()));
        assert_eq!(decode("f", "# nothing\n\n"), (None, Vec::new()));
        let root = doc("a: 1\n---\nb: [\n");
        assert!(matches!(&root.kind, NodeKind::Object(e) if e.len() == 1));
        let root = doc("--- 42\n");
        assert_eq!(root.kind, NodeKind::Number(crate::syntax::Number("42".into())));
    }

    #[test]
    fn diagnosed_nodes() {
        let (node, diags) = decode("f", "1: a\nb: *nope\n");
        assert!(node.is_none());
        assert_eq!(diags[0].summary, "yaml: unknown anchor 'nope' referenced");
        let (node, diags) = decode("f", "1: a\nx: &y b\nz: *y\n[c]: d\n");
        assert!(node.is_some());
        let got: Vec<_> = diags
            .iter()
            .map(|d| {
                let r = d.subject.as_ref().map(|r| (r.start.line, r.start.column, r.end.column));
                (d.summary.as_str(), r, d.path.as_str())
            })
            .collect();
        assert_eq!(
            got,
            [
                ("mapping keys must be strings", Some((1, 1, 2)), "[\"1\"]"),
                ("alias nodes are not supported", Some((3, 4, 5)), "z"),
                ("mapping keys must be strings", Some((4, 1, 3)), ""),
            ]
        );
        let (_, diags) = decode("f", "a: !!int foo\n");
        assert_eq!(diags[0].summary, "yaml: cannot decode !!str `foo` as a !!int");
        assert_eq!(diags[0].path, "a");
    }

    #[test]
    fn syntax_errors_read_like_yaml_v3() {
        let err = |src: &str| {
            let (node, diags) = decode("f", src);
            assert!(node.is_none());
            assert!(diags[0].subject.is_none());
            diags[0].summary.clone()
        };
        assert_eq!(err("values:\n  l: [hello, world\n"), "yaml: line 1: did not find expected ',' or ']'");
        assert_eq!(err("a: [1,\n  2\n"), "yaml: line 2: did not find expected ',' or ']'");
        assert_eq!(err("a: {x: 1\n"), "yaml: line 1: did not find expected ',' or '}'");
        assert_eq!(err("a: b: c\n"), "yaml: mapping values are not allowed in this context");
        assert_eq!(err("x: 1\na: b: c\n"), "yaml: line 2: mapping values are not allowed in this context");
        assert_eq!(err("a: 'x\n"), "yaml: found unexpected end of stream");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        // Block collections: yaml.v3's limit.
        let block = |depth: usize| -> String { (0..depth).map(|i| format!("{}- k:\n", "  ".repeat(i))).collect() };
        let (node, diags) = decode("f", &block(MAX_DEPTH / 2));
        assert!(diags.is_empty() && node.is_some(), "{diags:?}");

        let (node, diags) = decode("f", &block(MAX_DEPTH / 2 + 1));
        assert!(node.is_none());
        assert_eq!(diags[0].summary, "yaml: line 501: exceeded max depth of 1000");
        // 10,000 levels: a diagnostic, not a stack overflow.
        let started = std::time::Instant::now();
        let (node, diags) = decode("f", &block(10_000));
        assert!(node.is_none() && diags.len() == 1);
        eprintln!("10,000 levels rejected in {:?}", started.elapsed());
        // Flow collections: saphyr-parser's lower limit.
        let flow = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let (node, diags) = decode("f", &flow(MAX_FLOW_DEPTH));
        assert!(diags.is_empty() && node.is_some(), "{diags:?}");
        let (node, diags) = decode("f", &flow(MAX_FLOW_DEPTH + 1));
        assert!(node.is_none());
        assert_eq!(diags[0].summary, "yaml: exceeded max depth of 255 for flow collections");
    }

    #[test]
    fn scalar_ranges() {
        let root = doc("a: x${foo}y\nb: 世界${x}\nc: !!str ${x}\nd: '${x}'\n");
        let NodeKind::Object(e) = &root.kind else { panic!() };
        let r = e[0].1.scalar_range(1, 7).expect("plain");
        assert_eq!((r.start.column, r.start.byte, r.end.column, r.end.byte), (5, 4, 11, 10));
        // Wide characters count two columns.
        let r = e[1].1.scalar_range(6, 10).expect("plain");
        assert_eq!((r.start.column, r.start.byte, r.end.column, r.end.byte), (8, 21, 12, 25));
        assert!(e[2].1.scalar_range(0, 1).is_none());
        assert!(e[3].1.scalar_range(0, 1).is_none());
        // Out-of-bounds and mid-character offsets do not panic.
        assert!(e[1].1.scalar_range(1, 100).is_some());
    }

    /// Decodes and pokes at every node: nothing may panic.
    fn exercise(src: &str) {
        let (node, _) = decode("f", src);
        let Some(root) = node else { return };
        let mut stack = vec![&root];
        while let Some(n) = stack.pop() {
            let _ = n.scalar_range(0, 3);
            let _ = n.scalar_range(2, 1000);
            match &n.kind {
                NodeKind::Array(items) => stack.extend(items),
                NodeKind::Object(entries) => stack.extend(entries.iter().flat_map(|(k, v)| [k, v])),
                _ => {}
            }
        }
    }

    fn yamlish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let token = prop_oneof![
            Just("- "),
            Just("-"),
            Just(": "),
            Just(":"),
            Just("\n"),
            Just("\r\n"),
            Just("  "),
            Just("\t"),
            Just("["),
            Just("]"),
            Just("{"),
            Just("}"),
            Just(", "),
            Just("'"),
            Just("\""),
            Just("\\"),
            Just("|"),
            Just("|-"),
            Just(">+"),
            Just("# c"),
            Just("&a "),
            Just("*a"),
            Just("*b "),
            Just("!t "),
            Just("!!str "),
            Just("!!int "),
            Just("!!binary "),
            Just("! "),
            Just("? "),
            Just("---\n"),
            Just("...\n"),
            Just("key"),
            Just("世界"),
            Just("e\u{301}"),
            Just("🇩🇰"),
            Just("42"),
            Just("0x1F"),
            Just("1e400"),
            Just(".inf"),
            Just("null"),
            Just("true"),
            Just("${a.b}"),
            Just("%TAG !e! tag:x,2000:\n"),
            Just("\u{feff}"),
        ];
        proptest::collection::vec(token, 0..80).prop_map(|t| t.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        #[test]
        fn arbitrary_text_never_panics(src in ".{0,300}") {
            exercise(&src);
        }

        #[test]
        fn yamlish_text_never_panics(src in yamlish()) {
            exercise(&src);
        }

        #[test]
        fn corrupted_corpus_never_panics(cut in 0usize..400, insert in yamlish()) {
            let base = "values:\n  a: [1, {b: c}]\n  d: |\n    text\n  e:\n  - x\n  -\n  f: !!str 3\n  g: &h 'q'\n";
            let cut = cut.min(base.len());
            exercise(&format!("{}{}{}", &base[..cut], insert, &base[cut..]));
        }
    }
}
