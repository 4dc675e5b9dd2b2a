//! Interpolated strings (`"host=${db.host}:${db.port}"`) and the property accesses inside
//! them (`a.b[0]["c.d"]`), parsed with the same recovery and the same error positions as
//! ESC's parser.

use crate::diag::{Diagnostic, Diagnostics, Range};
use crate::syntax::{Node, ScalarRanges};

/// One step of a property access.
#[derive(Clone, Debug, PartialEq)]
pub enum Accessor {
    /// `.name` or a bare root name.
    Name(String),
    /// `["key"]`.
    Key(String),
    /// `[0]`.
    Index(i64),
    /// `[junk]`: a subscript that is neither a key nor an integer (already diagnosed).
    Invalid(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct PropertyAccessor {
    pub accessor: Accessor,
    /// Where the accessor is written, when that can be known (plain one-line scalars).
    pub range: Option<Range>,
}

impl PropertyAccessor {
    /// The object key this accessor names, if it names one.
    pub fn key(&self) -> Option<&str> {
        match &self.accessor {
            Accessor::Name(k) | Accessor::Key(k) | Accessor::Invalid(k) => Some(k),
            Accessor::Index(_) => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PropertyAccess {
    pub accessors: Vec<PropertyAccessor>,
}

/// A piece of an interpolated string: literal text followed by an optional access.
#[derive(Clone, Debug, PartialEq)]
pub struct Interpolation {
    pub text: String,
    pub access: Option<PropertyAccess>,
}

/// A string literal's value from its source: `$$` is one `$`, read left to right as
/// [`parse_interpolation`] reads it (for a source that holds no `${…}`).
pub fn unescape_literal(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..=i]);
        rest = rest[i + 1..].strip_prefix('$').unwrap_or(&rest[i + 1..]);
    }
    out.push_str(rest);
    out
}

/// The source of a string literal whose value is `value`: every `$` doubled, so that no
/// part of it reads as `${…}`.
pub fn escape_literal(value: &str) -> String {
    value.replace('$', "$$")
}

/// Splits a string into literal text and `${…}` accesses; `$$` is an escaped `$`.
pub fn parse_interpolation(node: &Node, value: &str) -> (Vec<Interpolation>, Diagnostics) {
    let bytes = value.as_bytes();
    let mut parts = Vec::new();
    let mut diags = Vec::new();
    let mut text: Vec<u8> = Vec::new();
    let mut offset = 0;
    // Measured on the first access: every accessor's range needs it.
    let mut ranges: Option<Option<ScalarRanges<'_>>> = None;
    while offset < bytes.len() {
        if bytes[offset..].starts_with(b"$$") {
            text.push(b'$');
            offset += 2;
        } else if bytes[offset..].starts_with(b"${") {
            let ranges = ranges.get_or_insert_with(|| node.scalar_ranges()).as_ref();
            let mut parser =
                AccessParser { node, ranges, bytes, offset: offset + 2, accessors: Vec::new(), diags: Vec::new() };
            parser.parse();
            diags.append(&mut parser.diags);
            offset = parser.offset;
            parts.push(Interpolation {
                text: String::from_utf8_lossy(&text).into_owned(),
                access: Some(PropertyAccess { accessors: parser.accessors }),
            });
            text.clear();
        } else {
            text.push(bytes[offset]);
            offset += 1;
        }
    }
    if !text.is_empty() {
        parts.push(Interpolation { text: String::from_utf8_lossy(&text).into_owned(), access: None });
    }
    (parts, diags)
}

/// Go's `unicode.IsSpace(rune(b))` for a single byte (bytes ≥ 0x80 read as Latin-1).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | 0x85 | 0xa0)
}

fn terminates_name(b: u8) -> bool {
    b == b'.' || b == b'[' || b == b'}' || is_space(b)
}

/// Parses one access after `${`, stopping after the closing `}` (or at the end of the text).
struct AccessParser<'a> {
    node: &'a Node,
    ranges: Option<&'a ScalarRanges<'a>>,
    bytes: &'a [u8],
    offset: usize,
    accessors: Vec<PropertyAccessor>,
    diags: Diagnostics,
}

impl AccessParser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    fn next(&mut self) -> usize {
        self.offset += 1;
        self.offset - 1
    }

    fn range_from(&self, start: usize) -> Option<Range> {
        self.ranges.map(|r| r.range(start, self.offset))
    }

    fn error(&mut self, start: usize, message: &str) {
        let diag = match self.range_from(start) {
            Some(range) => Diagnostic::error(Some(range), message, self.node.path.clone()),
            None => Diagnostic::error(self.node.range.clone(), message, self.node.path.clone()),
        };
        self.diags.push(diag);
    }

    fn parse(&mut self) {
        loop {
            let Some(c) = self.peek() else {
                self.error(self.offset, "missing closing brace '}' in interpolation");
                return self.finish(self.offset);
            };
            match c {
                b'}' => {
                    let at = self.next();
                    return self.finish(at);
                }
                b'.' => {
                    let start = self.next();
                    let name = self.parse_name(start);
                    self.accessors.push(name);
                }
                b'[' => {
                    let start = self.next();
                    let subscript = self.parse_subscript(start);
                    self.accessors.push(subscript);
                }
                _ if is_space(c) => {
                    self.error(self.offset, "missing closing brace '}' in interpolation");
                    return self.finish(self.offset);
                }
                _ => {
                    let name = self.parse_name(self.offset);
                    self.accessors.push(name);
                }
            }
        }
    }

    /// `${` and `${}` still produce an (empty) accessor so that evaluation reports it.
    fn finish(&mut self, start: usize) {
        if self.accessors.is_empty() {
            let range = self.range_from(start);
            self.accessors.push(PropertyAccessor { accessor: Accessor::Name(String::new()), range });
        }
    }

    fn parse_name(&mut self, start: usize) -> PropertyAccessor {
        let begin = self.offset;
        while let Some(c) = self.peek() {
            if terminates_name(c) {
                break;
            }
            self.next();
        }
        let name = String::from_utf8_lossy(&self.bytes[begin..self.offset]).into_owned();
        if name.is_empty() {
            self.error(start, "property name must not be empty");
        }
        PropertyAccessor { accessor: Accessor::Name(name), range: self.range_from(start) }
    }

    fn parse_subscript(&mut self, start: usize) -> PropertyAccessor {
        let Some(c) = self.peek() else {
            self.error(start, "subscript is missing closing bracket ']'");
            return PropertyAccessor { accessor: Accessor::Key(String::new()), range: self.range_from(start) };
        };
        let accessor = if c == b'"' {
            self.next();
            Accessor::Key(self.parse_key_subscript(start))
        } else {
            self.parse_index_subscript(start)
        };
        if self.peek() == Some(b']') {
            self.next();
        } else {
            self.error(start, "subscript is missing closing bracket ']'");
        }
        PropertyAccessor { accessor, range: self.range_from(start) }
    }

    fn parse_key_subscript(&mut self, start: usize) -> String {
        let mut key = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                // Skip the opening bracket when reporting the error.
                self.error(start + 1, "key subscript is missing closing quote '\"'");
                return String::from_utf8_lossy(&key).into_owned();
            };
            self.next();
            match c {
                b'"' => {
                    if key.is_empty() {
                        self.error(start + 1, "key subscript must not be empty");
                    }
                    return String::from_utf8_lossy(&key).into_owned();
                }
                b'\\' if self.peek() == Some(b'"') => {
                    self.next();
                    key.push(b'"');
                }
                _ => key.push(c),
            }
        }
    }

    fn parse_index_subscript(&mut self, start: usize) -> Accessor {
        let begin = self.offset;
        while let Some(c) = self.peek() {
            if c == b']' || terminates_name(c) {
                break;
            }
            self.next();
        }
        let text = String::from_utf8_lossy(&self.bytes[begin..self.offset]).into_owned();
        match parse_go_int(&text) {
            Some(index) => {
                if self.accessors.is_empty() {
                    self.error(
                        start,
                        "the first accessor must be a property name or key subscript, not a numeric subscript",
                    );
                }
                Accessor::Index(index)
            }
            None => {
                self.error(start + 1, "numeric subscript must be a positive base-10 integer");
                Accessor::Invalid(text)
            }
        }
    }
}

/// Go's `strconv.ParseInt(s, 10, 64)`: an optional sign and decimal digits.
fn parse_go_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::syntax::{NodeKind, decode};

    #[test]
    fn literals_escape_and_unescape_dollars() {
        for (source, value) in [("a$$b", "a$b"), ("$$$${x}", "$${x}"), ("$", "$"), ("a$b$", "a$b$"), ("", "")] {
            assert_eq!(unescape_literal(source), value, "{source}");
        }
        for value in ["a$b", "${x}", "$$", "plain", "${", "é$"] {
            assert_eq!(unescape_literal(&escape_literal(value)), value, "{value}");
        }
    }

    /// Each accessor's range used to be measured from the start of the string, which made
    /// long paths quadratic: 20,000 accessors took a minute in a debug build.
    #[test]
    fn long_paths_parse_in_linear_time() {
        let n = 20_000;
        let src = format!("x: 世${{b{}}}\n", ".c".repeat(n));
        let (root, diags) = decode("f", &src);
        assert!(diags.is_empty(), "{diags:?}");
        let root = root.expect("a document");
        let NodeKind::Object(entries) = &root.kind else { panic!("not an object: {root:?}") };
        let value = &entries[0].1;
        let text = value.as_str().expect("a string");

        let started = Instant::now();
        let (parts, diags) = parse_interpolation(value, text);
        let elapsed = started.elapsed();
        assert!(diags.is_empty(), "{diags:?}");
        assert!(elapsed < Duration::from_secs(2), "{n} accessors took {elapsed:?}");

        let accessors = &parts[0].access.as_ref().expect("an access").accessors;
        assert_eq!(accessors.len(), n + 1);
        // The k-th `.c` is at byte 6 + 2k of the value (after `世${b`), which starts at
        // column 4, byte 3; `世` is 3 bytes and 2 columns wide.
        let last = accessors[n].range.clone().expect("a range");
        let k = n - 1;
        assert_eq!((last.start.column, last.start.byte), (4 + 2 + 3 + 2 * k, 3 + 6 + 2 * k));
        assert_eq!((last.end.column, last.end.byte), (4 + 2 + 5 + 2 * k, 3 + 8 + 2 * k));
    }
}
