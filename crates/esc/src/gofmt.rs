//! Go's formatting of strings and JSON (`strconv.Quote`, `json.Marshal`), which ESC's
//! messages and outputs are made of: quoted property names in messages, constants in
//! validation errors, `fn::toJSON`, `fn::toString` of arrays and objects, and `dotenv`/
//! `shell` output.

use std::fmt::Write as _;

use serde_json::Value;

/// `json.Marshal` of a JSON value as Go writes it, for messages that embed constants
/// (`expected ["hello",42]`): compact, object keys sorted, numbers as their literal text,
/// and Go's string escaping (`<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes).
pub fn go_json(value: &Value) -> String {
    let mut out = String::new();
    write_go_json(&mut out, value, usize::MAX);
    out
}

/// [`go_json`], or `None` when the text would be longer than `limit` bytes, found out while
/// writing it: escaping grows the text (`fn::toJSON` nested 200 times would be exponentially
/// long), so the whole text is never built.
pub fn go_json_limited(value: &Value, limit: usize) -> Option<String> {
    let mut out = String::new();
    write_go_json(&mut out, value, limit).then_some(out)
}

/// Writes `value`; false as soon as `out` is longer than `limit`.
fn write_go_json(out: &mut String, value: &Value, limit: usize) -> bool {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => return write_go_json_string(out, s, limit),
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !write_go_json(out, v, limit) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Object(o) => {
            let mut entries: Vec<_> = o.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !write_go_json_string(out, k, limit) {
                    return false;
                }
                out.push(':');
                if !write_go_json(out, v, limit) {
                    return false;
                }
            }
            out.push('}');
        }
    }
    out.len() <= limit
}

fn write_go_json_string(out: &mut String, s: &str, limit: usize) -> bool {
    out.push('"');
    for c in s.chars() {
        if out.len() > limit {
            return false;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out.len() <= limit
}

/// Go's `strconv.Quote` (what `%q` prints): printable characters as they are, the usual
/// backslash escapes, `\x`/`\u`/`\U` for the rest. Printability follows Go's `IsPrint` for
/// ASCII, spaces, and format characters; other unassigned code points print as they are.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    // Format characters (Unicode category Cf) and private use are not printable in Go.
    !matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF
        | 0xF0000..=0x10FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_json_matches_go() {
        let v: Value = serde_json::from_str(r#"{"b":[1.50,"x<y&z"],"a":null,"c":"\u2028\n\u0001"}"#).expect("json");
        assert_eq!(go_json(&v), r#"{"a":null,"b":[1.50,"x\u003cy\u0026z"],"c":"\u2028\n\u0001"}"#);
    }

    #[test]
    fn go_json_stops_at_the_limit() {
        let v: Value = serde_json::from_str(r#"{"a":["<<<<",1]}"#).expect("json");
        let full = go_json(&v);
        assert_eq!(go_json_limited(&v, full.len()).as_deref(), Some(full.as_str()));
        assert_eq!(go_json_limited(&v, full.len() - 1), None);
        assert_eq!(go_json_limited(&v, 3), None);
    }

    #[test]
    fn go_quote_matches_go() {
        assert_eq!(go_quote(r#"^foo[0-9]+$"#), r#""^foo[0-9]+$""#);
        assert_eq!(go_quote("a\"b\\c\n\u{1}é\u{a0}\u{200b}"), r#""a\"b\\c\n\x01é\u00a0\u200b""#);
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("plain"), r#""plain""#);
        assert_eq!(go_quote("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(go_quote("l1\nl2\t\r"), r#""l1\nl2\t\r""#);
        assert_eq!(go_quote("\u{1}\u{7f}"), r#""\x01\x7f""#);
        assert_eq!(go_quote("héllo ✓ 日本"), "\"héllo ✓ 日本\"");
        assert_eq!(go_quote("\u{a0}\u{feff}"), r#""\u00a0\ufeff""#);
        assert_eq!(go_quote("$HOME `x`"), r#""$HOME `x`""#);
    }
}
