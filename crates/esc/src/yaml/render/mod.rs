//! Rendering values as YAML: one value to splice into a document being edited (here),
//! whole documents to print ([`document`]), both quoting strings by [`quote`].

pub mod document;
pub mod quote;

use serde_json::Value;

use quote::Dialect;
pub use quote::double_quoted;

/// A scalar (or empty collection) on one line. `prefer` is the quote the text being
/// replaced used (`'` or `"`), kept when possible.
pub fn render_scalar(v: &Value, flow: bool, prefer: Option<char>) -> Option<String> {
    Some(match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => match prefer {
            Some('\'') => quote::single_quoted(s),
            Some('"') => double_quoted(s),
            _ => quote::quoted(s, quote::style(s, Dialect::Splice { flow })),
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
    fn scalars_keep_the_quote_they_replace() {
        assert_eq!(render_scalar(&json!("it's"), false, Some('\'')).unwrap(), "'it''s'");
        assert_eq!(render_scalar(&json!("a\nb"), false, Some('\'')).unwrap(), "\"a\\nb\"");
        assert_eq!(render_scalar(&json!("a\nb"), false, None).unwrap(), "\"a\\nb\"");
        assert_eq!(render_scalar(&json!("[x]"), false, None).unwrap(), "\"[x]\"");
    }

    #[test]
    fn blocks() {
        let v = json!({"a": 1, "b": [1, {"c": "d", "e": []}], "f": {}});
        assert_eq!(render_block(&v, 2, 2).unwrap(), "  a: 1\n  b:\n    - 1\n    - c: d\n      e: []\n  f: {}");
        assert_eq!(render_flow(&v), "{a: 1, b: [1, {c: d, e: []}], f: {}}");
    }
}
