//! The one decision of how a string is written as a YAML scalar, and the quoted forms.
//!
//! Two writers use it, and their rules differ in a few corners that must stay as they are
//! (the printed values of `open`/`get --format yaml` and the bytes `set`/`encrypt` splice
//! into a document are both pinned by tests). [`Dialect`] names the writer; each
//! difference is a branch on it below, with the reason.

/// How a string scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Single,
    Double,
    /// A literal block (`|`), for multi-line strings.
    Literal,
}

/// Which writer asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Printing a whole document, as Go's `yaml.v3` (which ESC uses) chooses: literal
    /// blocks for multi-line strings, single quotes when plain text would be misread as
    /// syntax (`'[secret]'`, `'a: b'`), double quotes when it would read back as another
    /// type (`"true"`, `"1"`) or holds special characters.
    Print,
    /// Splicing one value into a document being edited: plain or double-quoted only, on
    /// one line, and more cautious about indicators; `flow` when the value goes inside a
    /// flow collection, where `,[]{}` end a plain scalar.
    Splice { flow: bool },
}

/// How `s` is written so that it reads back as the same string.
pub fn style(s: &str, dialect: Dialect) -> Style {
    match dialect {
        Dialect::Print => print_style(s),
        Dialect::Splice { flow } => {
            if splice_plain_ok(s, flow) {
                Style::Plain
            } else {
                Style::Double
            }
        }
    }
}

/// Whether a string must be quoted (in the printed dialect) to read back as the same string.
pub fn needs_quotes(s: &str) -> bool {
    style(s, Dialect::Print) != Style::Plain
}

fn print_style(s: &str) -> Style {
    if s.contains('\n') {
        return if can_be_literal(s) { Style::Literal } else { Style::Double };
    }
    if s.chars().any(|c| c.is_control() || matches!(c, '\u{feff}' | '\u{a0}' | '\u{85}' | '\u{2028}' | '\u{2029}')) {
        return Style::Double;
    }
    if s.is_empty() || is_reserved_word(s, Dialect::Print) || print_reads_as_number(s) || looks_like_timestamp(s) {
        return Style::Double;
    }
    if plain_is_misread(s, Dialect::Print) { Style::Single } else { Style::Plain }
}

fn splice_plain_ok(s: &str, flow: bool) -> bool {
    if s.is_empty() || plain_is_misread(s, Dialect::Splice { flow }) {
        return false;
    }
    // The editor never writes a literal block, and leaves the BOM and no-break spaces plain.
    if s.chars().any(|c| c.is_control()) {
        return false;
    }
    // The resolver has the last word: what the decoder would read as another type is quoted
    // even when the checks above miss it.
    !(is_reserved_word(s, Dialect::Splice { flow }) || splice_reads_as_number(s))
        && crate::syntax::plain_reads_as_string(s)
}

/// Whether plain text would be read as YAML syntax (an indicator, a comment, a mapping
/// key, a document marker) rather than as the string.
fn plain_is_misread(s: &str, dialect: Dialect) -> bool {
    let Some(first) = s.chars().next() else { return true };
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return true;
    }
    match dialect {
        Dialect::Print => {
            if s.starts_with([' ', '\t']) || s.ends_with([' ', '\t']) || "[]{},#&*!|>'\"%@`".contains(first) {
                return true;
            }
            // yaml.v3 writes `-x`, `?x` and `:x` plain: they are indicators only before a space.
            if matches!(first, '-' | '?' | ':') && (s.len() == 1 || s[1..].starts_with([' ', '\t'])) {
                return true;
            }
            s == "---" || s == "..." || s.starts_with("--- ") || s.starts_with("... ")
        }
        Dialect::Splice { flow } => {
            // The editor quotes any surrounding (Unicode) whitespace, and every leading
            // indicator but a `-` that does not start a sequence entry (`-x`).
            if s != s.trim() {
                return true;
            }
            if "-?:,[]{}#&*!|>'\"%@`".contains(first) && !(first == '-' && s.len() > 1 && !s.starts_with("- ")) {
                return true;
            }
            flow && s.contains([',', '[', ']', '{', '}'])
        }
    }
}

/// Plain words YAML reads as null or a boolean (yaml.v3 also quotes the merge key `<<`
/// and the value key `=`, which the editor leaves plain), or as infinity / not-a-number.
fn is_reserved_word(s: &str, dialect: Dialect) -> bool {
    let lower = s.to_ascii_lowercase();
    if matches!(lower.as_str(), "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n") {
        return true;
    }
    match dialect {
        Dialect::Print => {
            matches!(lower.as_str(), "<<" | "=" | ".inf" | "+.inf" | "-.inf" | ".nan" | "+.nan" | "-.nan")
        }
        Dialect::Splice { .. } => {
            lower.starts_with(".inf") || lower.starts_with("+.inf") || lower.starts_with("-.inf") || lower == ".nan"
        }
    }
}

/// yaml.v3's reading of numbers: anything made of digits and number punctuation (so
/// `1:30`, sexagesimal in YAML 1.1, and `1_000` are quoted), and `0x`/`0o`/`0b` literals.
fn print_reads_as_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
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

/// The editor's reading of numbers: what parses as a float, and any `0x`/`0o`/`0b` prefix.
fn splice_reads_as_number(s: &str) -> bool {
    let numeric = s.trim_start_matches(['-', '+']);
    if numeric.starts_with(|c: char| c.is_ascii_digit() || c == '.') && numeric.parse::<f64>().is_ok() {
        return true;
    }
    s.replace('_', "").trim_start_matches(['-', '+']).starts_with("0x")
        || numeric.starts_with("0o")
        || numeric.starts_with("0b")
}

fn looks_like_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-' && b[5].is_ascii_digit()
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

/// A string as a double-quoted YAML scalar, escaping what YAML readers could mangle
/// (control characters, line separators, the BOM, no-break spaces) as yaml.v3 does.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            '\u{feff}' | '\u{a0}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string as a single-quoted YAML scalar, or double-quoted when it cannot be one (single
/// quotes have no escapes for control characters).
pub fn single_quoted(s: &str) -> String {
    if s.chars().any(|c| c.is_control()) { double_quoted(s) } else { format!("'{}'", s.replace('\'', "''")) }
}

/// `s` on one line in the given style (a literal block is the caller's to write).
pub fn quoted(s: &str, style: Style) -> String {
    match style {
        Style::Plain => s.to_owned(),
        Style::Single => single_quoted(s),
        Style::Double | Style::Literal => double_quoted(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_quoting() {
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
    fn spliced_quoting() {
        let splice = Dialect::Splice { flow: false };
        for (s, plain) in [
            ("hello", true),
            ("true", false),
            ("42", false),
            ("a: b", false),
            ("", false),
            ("-x", true),
            ("- x", false),
            ("x #y", false),
            ("0x1f", false),
            ("null", false),
            ("0_", false),
            ("1_000", false),
            ("0o17", false),
        ] {
            assert_eq!(style(s, splice) == Style::Plain, plain, "{s:?}");
        }
        assert_eq!(style("a,b", Dialect::Splice { flow: true }), Style::Double);
        assert_eq!(style("a,b", splice), Style::Plain);
    }

    /// The corners where the two writers differ today, pinned so that merging them again
    /// is a visible decision.
    #[test]
    fn dialects_differ_where_outputs_are_pinned() {
        let splice = Dialect::Splice { flow: false };
        for (s, printed, spliced) in [
            ("?x", Style::Plain, Style::Double),
            (":x", Style::Plain, Style::Double),
            ("<<", Style::Double, Style::Plain),
            ("1:30", Style::Double, Style::Plain),
            ("2024-01-01", Style::Double, Style::Plain),
            ("[x]", Style::Single, Style::Double),
            ("a\nb", Style::Literal, Style::Double),
            ("\u{a0}x", Style::Double, Style::Double),
            ("x\u{feff}", Style::Double, Style::Plain),
        ] {
            assert_eq!((style(s, Dialect::Print), style(s, splice)), (printed, spliced), "{s:?}");
        }
    }
}
