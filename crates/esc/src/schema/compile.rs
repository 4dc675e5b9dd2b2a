//! Compilation: resolving `$ref`, parsing numeric bounds and compiling `pattern`, as Go's
//! `Schema.Compile`, with its error messages.
//!
//! Results are cached in each schema node (Go keeps them in unexported fields), because
//! schemas are shared (`Arc`) and validated many times. As in Go:
//! - the first compilation of a node fixes the root its `$ref` resolves against;
//! - `$defs` are compiled only through the references that reach them;
//! - a cycle of references terminates (a node being compiled counts as compiled);
//! - the first error wins, in Go's order: the node's `$ref`, then its sub-schemas, then its
//!   own bounds and pattern.
//!
//! Unlike Go, a failed compilation keeps failing when asked again (Go reports the error once
//! and then validates with a half-compiled schema).

use std::fmt;
use std::sync::{Arc, OnceLock};

use regex::Regex;

use super::Schema;
use super::number::BigFloat;

/// Why a schema cannot be compiled. Its text is Go's (`unknown subschema #/$defs/x`), except
/// for regex syntax errors, which come from the Rust `regex` crate.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SchemaError(pub String);

/// The compiled form of one schema node. Opaque; see [`Schema::compile`].
#[derive(Default)]
pub struct CompileCache {
    own: OnceLock<Own>,
    tree: OnceLock<Result<(), SchemaError>>,
}

impl Clone for CompileCache {
    /// A clone starts uncompiled: its fields may be edited before it is compiled.
    fn clone(&self) -> Self {
        CompileCache::default()
    }
}

impl PartialEq for CompileCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for CompileCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.own.get().is_some() { "compiled" } else { "uncompiled" })
    }
}

/// What a node compiles to by itself, before looking at its sub-schemas.
struct Own {
    reference: Result<Option<Arc<Schema>>, SchemaError>,
    clauses: Result<Clauses, SchemaError>,
}

/// Parsed numeric bounds and pattern.
#[derive(Default)]
pub(super) struct Clauses {
    pub multiple_of: Option<BigFloat>,
    pub maximum: Option<BigFloat>,
    pub exclusive_maximum: Option<BigFloat>,
    pub minimum: Option<BigFloat>,
    pub exclusive_minimum: Option<BigFloat>,
    pub pattern: Option<Regex>,
}

impl Schema {
    /// Compiles this schema as a root: resolves every reachable `$ref` against its `$defs`,
    /// parses numeric bounds and compiles patterns. Idempotent and cheap once done; the
    /// validator calls it itself, so callers need it only to report schema errors early.
    pub fn compile(&self) -> Result<(), SchemaError> {
        compile_under(self, self)
    }

    /// The schema `$ref` points at, once this node has been compiled (Go's `GetRef`: nil for
    /// schemas never compiled, such as inferred value schemas).
    pub(super) fn compiled_reference(&self) -> Option<&Arc<Schema>> {
        self.compiled.own.get()?.reference.as_ref().ok()?.as_ref()
    }

    /// Parsed bounds and pattern, once this node has been compiled without error.
    pub(super) fn compiled_clauses(&self) -> Option<&Clauses> {
        self.compiled.own.get()?.clauses.as_ref().ok()
    }
}

fn compile_under(node: &Schema, root: &Schema) -> Result<(), SchemaError> {
    if node.compiled.own.get().is_some() {
        // Done, or in progress further up this very call (a reference cycle): Go's
        // `compiled` flag says "nothing to do" in both cases.
        return node.compiled.tree.get().cloned().unwrap_or(Ok(()));
    }
    let own = node.compiled.own.get_or_init(|| Own {
        reference: match node.reference.as_deref() {
            None | Some("") => Ok(None),
            Some(reference) => resolve_reference(root, reference).map(Some),
        },
        clauses: compile_clauses(node),
    });

    let result = (|| {
        if let Some(target) = own.reference.clone()? {
            compile_under(&target, root)?;
        }
        for sub in node.any_of.iter().chain(&node.one_of).chain(&node.prefix_items) {
            compile_under(sub, root)?;
        }
        for sub in node.items.iter().chain(&node.additional_properties).chain(node.properties.values()) {
            compile_under(sub, root)?;
        }
        own.clauses.as_ref().map(|_| ()).map_err(Clone::clone)
    })();
    let _ = node.compiled.tree.set(result.clone());
    result
}

/// Resolves `#/$defs/NAME` (NAME percent-encoded) against the root's `$defs`.
fn resolve_reference(root: &Schema, reference: &str) -> Result<Arc<Schema>, SchemaError> {
    let name = match reference.strip_prefix("#/$defs/") {
        Some(name) if !name.contains('/') => name,
        _ => return Err(SchemaError("only fragment references of the form #/$defs/ref are supported".into())),
    };
    let name = percent_decode(name)?;
    root.defs.get(&name).cloned().ok_or_else(|| SchemaError(format!("unknown subschema {reference}")))
}

/// Go's `url.PathUnescape`: `%XX` escapes, nothing else special.
fn percent_decode(s: &str) -> Result<String, SchemaError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(b) if hex.is_some_and(|h| h.bytes().all(|c| c.is_ascii_hexdigit())) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                _ => {
                    let bad: String = s[i..].chars().take(3).collect();
                    return Err(SchemaError(format!("invalid URL escape {}", crate::gofmt::go_quote(&bad))));
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    // Go accepts any bytes here; a name that is not UTF-8 can't name a `$defs` entry anyway.
    Ok(String::from_utf8_lossy(&out).into_owned())
}

fn compile_clauses(node: &Schema) -> Result<Clauses, SchemaError> {
    let number = |n: &Option<crate::syntax::Number>| -> Result<Option<BigFloat>, SchemaError> {
        n.as_ref().map(|n| BigFloat::parse(n.as_str()).map_err(SchemaError)).transpose()
    };
    Ok(Clauses {
        multiple_of: number(&node.multiple_of)?,
        maximum: number(&node.maximum)?,
        exclusive_maximum: number(&node.exclusive_maximum)?,
        minimum: number(&node.minimum)?,
        exclusive_minimum: number(&node.exclusive_minimum)?,
        pattern: match node.pattern.as_deref() {
            None | Some("") => None,
            Some(pattern) => Some(compile_go_regex(pattern)?),
        },
    })
}

/// Compiles a Go (RE2) regular expression with the `regex` crate, which shares its syntax
/// but not all of its meaning: Go's `\d`, `\w`, `\s` and `\b` are ASCII-only where Rust's
/// are Unicode-aware, and Rust lacks `\Q...\E`. Those are rewritten; the rest is the same.
pub(super) fn compile_go_regex(pattern: &str) -> Result<Regex, SchemaError> {
    Regex::new(&translate_go_regex(pattern)).map_err(|e| {
        let message = e.to_string();
        let reason = message.lines().rev().find_map(|l| l.strip_prefix("error: ")).unwrap_or("invalid pattern");
        SchemaError(format!("error parsing regexp: {reason}: `{pattern}`"))
    })
}

fn translate_go_regex(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    // Inside a bracketed class, and whether the next char is the first of the class (where
    // `]` is a literal).
    let mut in_class = false;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    out.push('\\');
                    break;
                };
                class_start = false;
                match ascii_class_escape(e, in_class) {
                    Some(replacement) => out.push_str(replacement),
                    None if e == 'Q' && !in_class => out.push_str(&regex::escape(&quoted_literal(&mut chars))),
                    None => {
                        out.push('\\');
                        out.push(e);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                class_start = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
            }
            '[' if chars.peek() == Some(&':') => {
                // A POSIX class such as `[:alpha:]`: copy it whole.
                out.push('[');
                for p in chars.by_ref() {
                    out.push(p);
                    if p == ']' {
                        break;
                    }
                }
                class_start = false;
            }
            '[' => {
                // A literal `[` inside a class is a nested class to Rust.
                out.push_str(r"\[");
                class_start = false;
            }
            ']' if in_class && !class_start => {
                in_class = false;
                out.push(']');
            }
            _ => {
                class_start = false;
                out.push(c);
            }
        }
    }
    out
}

/// Go's ASCII-only meaning of `\d`, `\w`, `\s`, `\b` and their negations, written for
/// Rust: ranges to splice into a class when `in_class`, classes otherwise. `None` for
/// every other escape.
fn ascii_class_escape(e: char, in_class: bool) -> Option<&'static str> {
    Some(match (e, in_class) {
        ('d', false) => "[0-9]",
        ('D', false) => "[^0-9]",
        ('w', false) => "[0-9A-Za-z_]",
        ('W', false) => "[^0-9A-Za-z_]",
        ('s', false) => r"[\t\n\x0C\r ]",
        ('S', false) => r"[^\t\n\x0C\r ]",
        ('b', false) => r"(?-u:\b)",
        ('B', false) => r"(?-u:\B)",
        ('d', true) => "0-9",
        ('D', true) => "[^0-9]",
        ('w', true) => "0-9A-Za-z_",
        ('W', true) => "[^0-9A-Za-z_]",
        ('s', true) => r"\t\n\x0C\r ",
        ('S', true) => r"[^\t\n\x0C\r ]",
        _ => return None,
    })
}

/// The text of a `\Q...\E` quote after its `\Q`, up to `\E` (consumed) or the end.
fn quoted_literal(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut literal = String::new();
    while let Some(l) = chars.next() {
        if l == '\\' && chars.peek() == Some(&'E') {
            chars.next();
            break;
        }
        literal.push(l);
    }
    literal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_regex_classes_are_ascii() {
        let digits = compile_go_regex(r"^\d+$").expect("valid");
        assert!(digits.is_match("123"));
        assert!(!digits.is_match("١٢٣"));
        let class = compile_go_regex(r"^[\w-]+$").expect("valid");
        assert!(class.is_match("a-b_c"));
        assert!(!class.is_match("é"));
        let not_space = compile_go_regex(r"^[^\s]+$").expect("valid");
        assert!(not_space.is_match("abc"));
        assert!(!not_space.is_match("a c"));
        assert!(compile_go_regex(r"^[]a]+$").expect("valid").is_match("]a"));
        assert!(compile_go_regex(r"^[[:alpha:]]+$").expect("valid").is_match("abc"));
        assert!(compile_go_regex(r"^\Qa.b\E$").expect("valid").is_match("a.b"));
        assert!(!compile_go_regex(r"^\Qa.b\E$").expect("valid").is_match("axb"));
        assert!(compile_go_regex(r"^[a[]+$").expect("valid").is_match("a[a"));
    }

    #[test]
    fn regex_errors_name_the_pattern() {
        let err = compile_go_regex("(foo").expect_err("invalid");
        assert_eq!(err.0, "error parsing regexp: unclosed group: `(foo`");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%2Fb").as_deref(), Ok("a/b"));
        assert_eq!(percent_decode("a%zzb"), Err(SchemaError("invalid URL escape \"%zz\"".into())));
        assert_eq!(percent_decode("a%2"), Err(SchemaError("invalid URL escape \"%2\"".into())));
    }
}
