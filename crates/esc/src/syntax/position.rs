//! Source positions computed the way ESC computes them.
//!
//! ESC (Go) gets a 1-based line and a 1-based column from gopkg.in/yaml.v3, where the column
//! counts *characters* (Unicode scalar values), and turns them into an `hcl.Pos` with
//! `positionIndex.pos`:
//!
//! - on a line made only of ASCII bytes, `byte = line offset + column - 1`;
//! - on any other line, it walks grapheme clusters from the start of the line, adding each
//!   cluster's *display width* to a counter that starts at 1, until the counter reaches the
//!   column. So on non-ASCII lines the column is (mis)read as a display column, which shifts
//!   the byte offset for wide characters; we reproduce that;
//! - when `line >= number of lines` (the last line of a file that does not end with a newline,
//!   or a line past the end), the byte is 0.
//!
//! The reported column is always the one yaml.v3 gave, whatever the byte.

use unicode_width::UnicodeWidthChar;

use crate::diag::Pos;

/// One line of the source, without its `\n`.
#[derive(Clone, Copy, Debug)]
struct Line {
    /// Byte offset of the line's first byte.
    offset: usize,
    /// Byte length, without the `\n`.
    len: usize,
    ascii: bool,
}

/// The lines of a source text, split on `\n` exactly as ESC's `newPositionIndex` does.
#[derive(Debug)]
pub(crate) struct LineIndex<'s> {
    source: &'s str,
    lines: Vec<Line>,
    /// The last grapheme walk done by [`LineIndex::pos`] on a non-ASCII line: `(line, column
    /// asked, counter, byte)`. Nodes are mostly visited left to right, so continuing from here
    /// keeps the walk linear on long non-ASCII lines (a 50 MB one-line flow document would
    /// otherwise be quadratic). Continuing is exact for a column at least the one asked: every
    /// state before the stop had a smaller counter, so a fresh walk reaches the same stop.
    walk: std::cell::Cell<(usize, usize, usize, usize)>,
}

impl<'s> LineIndex<'s> {
    pub(crate) fn new(source: &'s str) -> Self {
        let mut lines = Vec::new();
        let mut offset = 0;
        for l in source.split('\n') {
            lines.push(Line { offset, len: l.len(), ascii: l.is_ascii() });
            offset += l.len() + 1;
        }
        LineIndex { source, lines, walk: std::cell::Cell::new((0, 0, 1, 0)) }
    }

    /// The text of 1-based line `line`, or `""` when there is no such line.
    pub(crate) fn line_text(&self, line: usize) -> &'s str {
        match line.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some(l) => self.source.get(l.offset..l.offset + l.len).unwrap_or(""),
            None => "",
        }
    }

    /// Whether 1-based line `line` is all ASCII (so characters are bytes).
    pub(crate) fn is_ascii(&self, line: usize) -> bool {
        line.checked_sub(1).and_then(|i| self.lines.get(i)).is_none_or(|l| l.ascii)
    }

    /// The 1-based line holding byte offset `byte`.
    pub(crate) fn line_of_byte(&self, byte: usize) -> usize {
        self.lines.partition_point(|l| l.offset <= byte).max(1)
    }

    /// Byte offset of the start of 1-based line `line` (the source length past the end).
    pub(crate) fn line_offset(&self, line: usize) -> usize {
        match line.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some(l) => l.offset,
            None => self.source.len(),
        }
    }

    /// ESC's `positionIndex.pos`: the position of yaml.v3's (1-based) `line` and `column`.
    pub(crate) fn pos(&self, line: usize, column: usize) -> Pos {
        // Go: `if line < 0 || line >= len(p.lines)`. The `>=` (rather than `>`) means the last
        // line gets byte 0: a quirk we keep, ESC's diagnostics show it.
        if line == 0 || line >= self.lines.len() {
            return Pos { line, column, byte: 0 };
        }
        let l = self.lines[line - 1];
        if l.ascii {
            // May point past the end of the line (ESC does not check), so no clamping.
            return Pos { line, column, byte: (l.offset + column).saturating_sub(1) };
        }
        let text = self.source.get(l.offset..l.offset + l.len).unwrap_or("");
        let (wl, wcol, wc, wb) = self.walk.get();
        let (mut c, mut b) = if wl == line && wcol <= column { (wc, wb) } else { (1, 0) };
        while b < text.len() && c < column {
            let cl = cluster(&text[b..]);
            b += cl.len;
            c += cl.width();
        }
        self.walk.set((line, column, c, b));
        Pos { line, column, byte: l.offset + b }
    }
}

/// The display width of `s`, as uniseg's `StringWidth` (used by ESC's `ScalarRange`) sums it
/// over grapheme clusters. [`PrefixWidths`] measures prefixes with it in one pass; this is
/// the reference it is tested against.
#[cfg(test)]
fn string_width(s: &str) -> usize {
    let mut rest = s;
    let mut width = 0;
    while !rest.is_empty() {
        let c = cluster(rest);
        width += c.width();
        rest = &rest[c.len..];
    }
    width
}

/// The display width of every prefix of a string, as [`string_width`] measures it, each in
/// O(log n) after one pass over the string. An interpolation with thousands of accessors
/// needs the width before each of them: measuring every prefix from the start of the string
/// made long property paths quadratic.
pub(crate) struct PrefixWidths {
    clusters: Vec<ClusterInfo>,
}

struct ClusterInfo {
    /// Byte offset of the cluster in the string.
    start: usize,
    /// The width of the clusters before it.
    width_before: usize,
    /// See [`Cluster`].
    first_width: usize,
    wide_from: Option<usize>,
}

impl PrefixWidths {
    pub(crate) fn new(s: &str) -> PrefixWidths {
        let mut clusters = Vec::new();
        let (mut start, mut width_before) = (0, 0);
        while start < s.len() {
            let c = cluster(&s[start..]);
            clusters.push(ClusterInfo {
                start,
                width_before,
                first_width: c.first_width,
                wide_from: c.wide_from.map(|w| start + w),
            });
            width_before += c.width();
            start += c.len;
        }
        PrefixWidths { clusters }
    }

    /// `string_width(&s[..n])` for a character boundary `n`. Measuring a prefix splits at
    /// most one cluster (the one `n` falls in): the clusters before it are the same, and the
    /// cut one is measured on what is left of it, whose width is its first character's
    /// unless what widens the cluster is before the cut.
    pub(crate) fn width(&self, n: usize) -> usize {
        let k = self.clusters.partition_point(|c| c.start <= n);
        let Some(c) = k.checked_sub(1).and_then(|k| self.clusters.get(k)) else { return 0 };
        if n == c.start {
            return c.width_before;
        }
        let cut = if c.wide_from.is_some_and(|w| w <= n) { 2 } else { c.first_width };
        c.width_before + cut
    }
}

/// A grapheme cluster at the start of a string.
struct Cluster {
    /// Its length in bytes.
    len: usize,
    /// The display width of its first character.
    first_width: usize,
    /// The end (in bytes, from the cluster's start) of the character that makes the cluster
    /// 2 wide (an emoji variation selector, or a flag's second regional indicator), if any.
    wide_from: Option<usize>,
}

impl Cluster {
    fn width(&self) -> usize {
        if self.wide_from.is_some() { 2 } else { self.first_width }
    }
}

/// The first grapheme cluster of a non-empty `s`.
///
/// This approximates uniseg's `Step` (UAX #29 extended grapheme clusters and its width rules)
/// without a segmentation table: a cluster is a character followed by combining marks,
/// variation selectors, emoji modifiers and zero-width-joined characters; a pair of regional
/// indicators is one cluster. The width is the first character's East-Asian width (2 for
/// wide and fullwidth, 1 otherwise, 0 for control characters such as tab), or 2 when an emoji
/// variation selector (U+FE0F) follows, or for a flag. This agrees with uniseg on all the
/// text that ESC's corpus has and on ordinary CJK, accented and emoji text.
fn cluster(s: &str) -> Cluster {
    let mut chars = s.char_indices();
    let Some((_, first)) = chars.next() else { return Cluster { len: 0, first_width: 0, wide_from: None } };
    let mut end = first.len_utf8();
    let first_width = if first.is_control() { 0 } else { first.width().unwrap_or(0) };
    let mut wide_from = None;
    let is_ri = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    let mut joined = false;
    let mut ri_pairs = usize::from(is_ri(first));
    for (i, c) in chars {
        let extends = joined
            || c == '\u{200D}'
            || ('\u{FE00}'..='\u{FE0F}').contains(&c)
            || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
            || ('\u{E0020}'..='\u{E007F}').contains(&c)
            || (ri_pairs == 1 && is_ri(c))
            || (!c.is_control() && c.width() == Some(0) && c != '\u{200B}');
        if !extends {
            break;
        }
        end = i + c.len_utf8();
        if c == '\u{FE0F}' || (ri_pairs == 1 && is_ri(c)) {
            wide_from.get_or_insert(end);
        }
        if is_ri(c) {
            ri_pairs += 1;
        }
        joined = c == '\u{200D}';
    }
    Cluster { len: end, first_width, wide_from }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_lines_are_offset_plus_column() {
        let idx = LineIndex::new("ab\ncd\n");
        assert_eq!(idx.pos(2, 2), Pos { line: 2, column: 2, byte: 4 });
        // Past the end of the line: not clamped.
        assert_eq!(idx.pos(1, 9), Pos { line: 1, column: 9, byte: 8 });
    }

    #[test]
    fn last_line_gets_byte_zero() {
        let idx = LineIndex::new("a: b\nc: d");
        assert_eq!(idx.pos(2, 4), Pos { line: 2, column: 4, byte: 0 });
        let idx = LineIndex::new("a: b\nc: d\n");
        assert_eq!(idx.pos(2, 4), Pos { line: 2, column: 4, byte: 8 });
    }

    #[test]
    fn wide_characters_count_twice() {
        // From ESC's `unicode` case: `世界: hello`, the value at yaml column 7 lands on the
        // colon (byte 32), and the key's end (column 3 + 6 bytes) at byte 34.
        let src = "values:\n  hello: 世界\n  世界: hello\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.pos(3, 7).byte, 32);
        assert_eq!(idx.pos(3, 9).byte, 34);
        assert_eq!(idx.pos(3, 3).byte, 26);
        assert_eq!(idx.pos(2, 16).byte, 23);
    }

    #[test]
    fn widths() {
        assert_eq!(string_width("abc"), 3);
        assert_eq!(string_width("世界"), 4);
        assert_eq!(string_width("e\u{301}"), 1);
        assert_eq!(string_width("👍🏽"), 2);
        assert_eq!(string_width("🇩🇰"), 2);
        assert_eq!(string_width("\t"), 0);
    }

    #[test]
    fn prefix_widths_measure_every_prefix_like_string_width() {
        let samples = [
            "",
            "abc.def[0]",
            "世界.a[\"é\"]",
            "e\u{301}\u{301}.x",
            "👍🏽.a",
            "🇩🇰🇩🇰.b",
            "☺\u{FE0F}x",
            "a\u{200D}b\u{200D}☺\u{FE0F}\u{301}.c",
            "\t\u{200B}\u{FE0F}🇩",
        ];
        for s in samples {
            let widths = PrefixWidths::new(s);
            for (n, _) in s.char_indices().chain([(s.len(), ' ')]) {
                assert_eq!(widths.width(n), string_width(&s[..n]), "{s:?} up to byte {n}");
            }
        }
    }
}
