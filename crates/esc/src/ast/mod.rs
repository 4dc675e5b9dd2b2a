//! The environment AST: YAML syntax nodes read as ESC expressions (literals,
//! interpolations, property accesses, `fn::` built-ins), with load-time diagnostics.

mod access;
mod expr;

pub use access::{
    Accessor, Interpolation, PropertyAccess, PropertyAccessor, escape_literal, parse_interpolation, unescape_literal,
};
pub use expr::{Builtin, Call, Expr, ExprKind, ExprRef, Key, ObjectProperty, is_builtin_name, parse_expr};

use crate::diag::{Diagnostic, Diagnostics};
use crate::syntax::{Node, NodeKind};

/// A parsed environment definition.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    pub imports: Vec<Import>,
    /// The entries of `values`, in source order (duplicates included: the evaluator
    /// reports them).
    pub values: Vec<(Key, ExprRef)>,
}

/// One entry of `imports`: `- name` or `- name: {merge: false, rotateOnly: true}`.
#[derive(Clone, Debug)]
pub struct Import {
    pub environment: Key,
    pub merge: Option<bool>,
    pub rotate_only: Option<bool>,
    /// Where the import is written, for diagnostics about it.
    pub decl: Key,
}

impl Environment {
    pub fn is_empty(&self) -> bool {
        self.imports.is_empty() && self.values.is_empty()
    }
}

/// Reads an environment from its syntax tree. Like ESC, an environment with errors is still
/// returned: the broken parts evaluate to unknown so that every other problem is reported too.
pub fn parse_environment(node: &Node) -> (Environment, Diagnostics) {
    let mut diags = Vec::new();
    let mut env = Environment::default();
    let NodeKind::Object(entries) = &node.kind else {
        if !is_empty_collection(node) {
            diags.push(node_error(node, "environment must be an object"));
        }
        return (env, diags);
    };
    for (key, value) in entries {
        // ESC matches the top-level fields case-insensitively and ignores unknown ones.
        match key.as_str().map(str::to_ascii_lowercase).as_deref() {
            Some("imports") => env.imports = parse_imports(value, &mut diags),
            Some("values") => env.values = parse_values(value, &mut diags),
            _ => {}
        }
    }
    (env, diags)
}

fn is_empty_collection(node: &Node) -> bool {
    match &node.kind {
        NodeKind::Null => true,
        NodeKind::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn node_error(node: &Node, summary: impl Into<String>) -> Diagnostic {
    Diagnostic::error(node.range.clone(), summary, node.path.clone())
}

fn key_of(node: &Node) -> Key {
    Key { value: node.as_str().unwrap_or_default().to_owned(), range: node.range.clone(), path: node.path.clone() }
}

fn parse_values(node: &Node, diags: &mut Diagnostics) -> Vec<(Key, ExprRef)> {
    let entries = match &node.kind {
        NodeKind::Object(entries) => entries,
        NodeKind::Null => return Vec::new(),
        _ => {
            diags.push(node_error(node, "values must be an object"));
            return Vec::new();
        }
    };
    // A built-in call as the whole of `values` would make the environment a scalar.
    if let [(key, _)] = entries.as_slice()
        && let Some(name) = key.as_str().filter(|k| is_builtin_name(k))
    {
        diags.push(node_error(key, format!("builtin function call {name:?} not allowed at the top level")));
        return Vec::new();
    }
    entries.iter().map(|(k, v)| (key_of(k), parse_expr(v, diags))).collect()
}

fn parse_imports(node: &Node, diags: &mut Diagnostics) -> Vec<Import> {
    let elements = match &node.kind {
        NodeKind::Array(elements) => elements,
        NodeKind::Null => return Vec::new(),
        _ => {
            diags.push(node_error(node, "imports must be a list"));
            return Vec::new();
        }
    };
    let mut imports = Vec::new();
    for element in elements {
        match &element.kind {
            NodeKind::String(_) => imports.push(Import {
                environment: key_of(element),
                merge: None,
                rotate_only: None,
                decl: key_of(element),
            }),
            NodeKind::Object(entries) if entries.len() == 1 => {
                let (name, meta) = &entries[0];
                let mut import =
                    Import { environment: key_of(name), merge: None, rotate_only: None, decl: key_of(element) };
                parse_import_meta(meta, &mut import, diags);
                imports.push(import);
            }
            NodeKind::Object(_) => diags.push(node_error(element, "import must have a single key")),
            _ => diags.push(node_error(element, "import must be a string or an object")),
        }
    }
    imports
}

fn parse_import_meta(node: &Node, import: &mut Import, diags: &mut Diagnostics) {
    let NodeKind::Object(entries) = &node.kind else {
        diags.push(node_error(node, "import must be an object"));
        return;
    };
    for (key, value) in entries {
        let field = match key.as_str().map(str::to_ascii_lowercase).as_deref() {
            Some("merge") => &mut import.merge,
            Some("rotateonly") => &mut import.rotate_only,
            _ => continue,
        };
        match value.kind {
            NodeKind::Bool(b) => *field = Some(b),
            _ => {
                let name =
                    if key.as_str().is_some_and(|k| k.eq_ignore_ascii_case("merge")) { "merge" } else { "rotateOnly" };
                diags.push(node_error(value, format!("{name} must be a boolean value")));
            }
        }
    }
}
