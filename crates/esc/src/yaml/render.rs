//! Rendering values as YAML text to splice into a document.

use serde_json::Value;

/// Whether a string can be written as a plain scalar and read back as the same string.
fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else { return false };
    if s != s.trim() || s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) && !(first == '-' && s.len() > 1 && !s.starts_with("- ")) {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    if s.chars().any(|c| c.is_control()) {
        return false;
    }
    // Plain text that YAML would read as something else (null, booleans, numbers...).
    let lower = s.to_ascii_lowercase();
    if matches!(lower.as_str(), "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n")
        || lower.starts_with(".inf")
        || lower.starts_with("+.inf")
        || lower.starts_with("-.inf")
        || lower == ".nan"
    {
        return false;
    }
    let numeric = s.trim_start_matches(['-', '+']);
    if numeric.starts_with(|c: char| c.is_ascii_digit() || c == '.') && numeric.parse::<f64>().is_ok() {
        return false;
    }
    if s.replace('_', "").trim_start_matches(['-', '+']).starts_with("0x")
        || s.trim_start_matches(['-', '+']).starts_with("0o")
        || s.trim_start_matches(['-', '+']).starts_with("0b")
    {
        return false;
    }
    true
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

/// A string as a single-quoted YAML scalar, when it can be one.
fn single_quoted(s: &str) -> Option<String> {
    (!s.chars().any(|c| c.is_control())).then(|| format!("'{}'", s.replace('\'', "''")))
}

/// A scalar (or empty collection) on one line. `prefer` is the quote the text being
/// replaced used (`'` or `"`), kept when possible.
pub fn render_scalar(v: &Value, flow: bool, prefer: Option<char>) -> Option<String> {
    Some(match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match prefer {
            Some('\'') => single_quoted(s).unwrap_or_else(|| double_quoted(s)),
            Some('"') => double_quoted(s),
            _ if plain_ok(s, flow) => s.clone(),
            _ => double_quoted(s),
        },
        Value::Array(a) if a.is_empty() => "[]".to_owned(),
        Value::Object(o) if o.is_empty() => "{}".to_owned(),
        _ => return None,
    })
}

fn key_text(k: &str, flow: bool) -> String {
    render_scalar(&Value::String(k.to_owned()), flow, None).unwrap_or_else(|| double_quoted(k))
}

/// A value in flow style (`{a: 1, b: [x, y]}`).
pub fn render_flow(v: &Value) -> String {
    match v {
        Value::Array(a) if !a.is_empty() => format!("[{}]", a.iter().map(render_flow).collect::<Vec<_>>().join(", ")),
        Value::Object(o) if !o.is_empty() => format!(
            "{{{}}}",
            o.iter().map(|(k, v)| format!("{}: {}", key_text(k, true), render_flow(v))).collect::<Vec<_>>().join(", ")
        ),
        other => render_scalar(other, true, None).unwrap_or_default(),
    }
}

/// A value in block style, as the lines that follow `key:` (each indented by `indent`
/// spaces, no trailing newline), or `None` for values that fit on the key's line.
pub fn render_block(v: &Value, indent: usize, step: usize) -> Option<String> {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(o) if !o.is_empty() => {
            let mut lines = Vec::new();
            for (k, v) in o {
                let key = key_text(k, false);
                match render_block(v, indent + step, step) {
                    Some(block) => lines.push(format!("{pad}{key}:\n{block}")),
                    None => lines.push(format!("{pad}{key}: {}", render_scalar(v, false, None).unwrap_or_default())),
                }
            }
            Some(lines.join("\n"))
        }
        Value::Array(a) if !a.is_empty() => {
            let mut lines = Vec::new();
            for item in a {
                match render_block(item, indent + 2, step) {
                    // The first line of a nested collection goes on the dash's line.
                    Some(block) => lines.push(format!("{pad}- {}", &block[(indent + 2).min(block.len())..])),
                    None => lines.push(format!("{pad}- {}", render_scalar(item, false, None).unwrap_or_default())),
                }
            }
            Some(lines.join("\n"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_round_trip_through_yaml_resolution() {
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
        ] {
            assert_eq!(plain_ok(s, false), plain, "{s:?}");
        }
        assert_eq!(render_scalar(&json!("it's"), false, Some('\'')).unwrap(), "'it''s'");
        assert_eq!(render_scalar(&json!("a\nb"), false, None).unwrap(), "\"a\\nb\"");
    }

    #[test]
    fn blocks() {
        let v = json!({"a": 1, "b": [1, {"c": "d", "e": []}], "f": {}});
        assert_eq!(render_block(&v, 2, 2).unwrap(), "  a: 1\n  b:\n    - 1\n    - c: d\n      e: []\n  f: {}");
        assert_eq!(render_flow(&v), "{a: 1, b: [1, {c: d, e: []}], f: {}}");
    }
}
