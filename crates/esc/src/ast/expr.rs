//! Expressions: what a YAML node means in ESC.

use std::rc::Rc;

use crate::ast::access::{Interpolation, PropertyAccess, parse_interpolation};
use crate::diag::{Diagnostic, Diagnostics, Range};
use crate::syntax::{Node, NodeKind, Number};

/// An expression with the source range and document path of the syntax it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub range: Option<Range>,
    pub path: String,
    pub kind: ExprKind,
}

pub type ExprRef = Rc<Expr>;

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    /// A string with `${…}` parts and surrounding text.
    Interpolate(Vec<Interpolation>),
    /// A string that is exactly one `${…}`: its value is the referenced value, not a string.
    Symbol(PropertyAccess),
    Array(Vec<ExprRef>),
    Object(Vec<ObjectProperty>),
    Builtin(Box<Builtin>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ObjectProperty {
    /// `None` when the key is not a plain string (already diagnosed).
    pub key: Option<Key>,
    pub value: ExprRef,
}

/// An object key with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub value: String,
    pub range: Option<Range>,
    pub path: String,
}

/// A call to an `fn::` built-in: `{fn::NAME: args}`.
#[derive(Clone, Debug, PartialEq)]
pub struct Builtin {
    /// The key, e.g. `fn::join` or `fn::open::aws-login`.
    pub name: Key,
    pub args: ExprRef,
    pub call: Call,
}

/// What a built-in call does, with its arguments picked apart. Arguments that are missing
/// or malformed (already diagnosed at load) are `None`; they evaluate to unknown.
#[derive(Clone, Debug, PartialEq)]
pub enum Call {
    Open {
        provider: Option<ExprRef>,
        inputs: Option<ExprRef>,
    },
    Rotate {
        provider: Option<ExprRef>,
        inputs: Option<ExprRef>,
        state: Option<ExprRef>,
    },
    /// `fn::secret: plaintext` or `fn::secret: {ciphertext: …}`.
    Secret {
        plaintext: Option<ExprRef>,
        ciphertext: Option<ExprRef>,
    },
    Join {
        delimiter: Option<ExprRef>,
        values: Option<ExprRef>,
    },
    Split {
        delimiter: Option<ExprRef>,
        string: Option<ExprRef>,
    },
    Concat {
        arrays: ExprRef,
    },
    ToJson {
        value: ExprRef,
    },
    FromJson {
        string: ExprRef,
    },
    ToString {
        value: ExprRef,
    },
    ToBase64 {
        value: ExprRef,
    },
    FromBase64 {
        string: ExprRef,
    },
    Final {
        value: ExprRef,
    },
    /// `fn::validate: {schema: JSON-SCHEMA, value: VALUE}`: the value, checked against the schema.
    Validate {
        schema: Option<ExprRef>,
        value: Option<ExprRef>,
    },
}

impl Expr {
    fn from_node(node: &Node, kind: ExprKind) -> ExprRef {
        Rc::new(Expr { range: node.range.clone(), path: node.path.clone(), kind })
    }

    /// A literal made in code (e.g. the implicit `null` state of a rotator).
    pub fn synthetic(kind: ExprKind) -> ExprRef {
        Rc::new(Expr { range: None, path: String::new(), kind })
    }

    pub fn error(&self, summary: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.range.clone(), summary, self.path.clone())
    }

    pub fn as_string(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::String(s) => Some(s),
            _ => None,
        }
    }
}

impl Key {
    fn from_node(node: &Node, value: String) -> Key {
        Key { value, range: node.range.clone(), path: node.path.clone() }
    }

    pub fn error(&self, summary: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.range.clone(), summary, self.path.clone())
    }
}

/// The names of the built-ins that take the whole object (`fn::open::NAME` and
/// `fn::rotate::NAME` are recognised by prefix).
const BUILTINS: &[&str] = &[
    "fn::concat",
    "fn::final",
    "fn::fromBase64",
    "fn::fromJSON",
    "fn::join",
    "fn::open",
    "fn::rotate",
    "fn::secret",
    "fn::split",
    "fn::toBase64",
    "fn::toJSON",
    "fn::toString",
    "fn::validate",
];

pub fn is_builtin_name(name: &str) -> bool {
    BUILTINS.contains(&name) || name.starts_with("fn::open::") || name.starts_with("fn::rotate::")
}

/// Parses a syntax node as an expression. Always produces an expression; problems are
/// reported as diagnostics and the affected parts evaluate to unknown.
///
/// Deep documents are handled by the syntax layer's depth limit, so recursion here is
/// bounded by it.
pub fn parse_expr(node: &Node, diags: &mut Diagnostics) -> ExprRef {
    match &node.kind {
        NodeKind::Null => Expr::from_node(node, ExprKind::Null),
        NodeKind::Bool(b) => Expr::from_node(node, ExprKind::Bool(*b)),
        NodeKind::Number(n) => Expr::from_node(node, ExprKind::Number(n.clone())),
        NodeKind::String(s) => parse_string(node, s, diags),
        NodeKind::Array(elements) => {
            let elements = elements.iter().map(|e| parse_expr(e, diags)).collect();
            Expr::from_node(node, ExprKind::Array(elements))
        }
        NodeKind::Object(entries) => {
            if let Some(builtin) = try_parse_builtin(node, entries, diags) {
                return builtin;
            }
            let properties = entries
                .iter()
                .map(|(k, v)| {
                    let key = parse_key(k, diags);
                    ObjectProperty { key, value: parse_expr(v, diags) }
                })
                .collect();
            Expr::from_node(node, ExprKind::Object(properties))
        }
    }
}

/// Parses an object key: keys are expressions too, and must turn out to be plain strings.
fn parse_key(node: &Node, diags: &mut Diagnostics) -> Option<Key> {
    let key = parse_expr(node, diags);
    match &key.kind {
        ExprKind::String(s) => Some(Key::from_node(node, s.clone())),
        _ => {
            diags.push(Diagnostic::error(node.range.clone(), "object keys must be strings", node.path.clone()));
            None
        }
    }
}

fn parse_string(node: &Node, value: &str, diags: &mut Diagnostics) -> ExprRef {
    let (mut parts, mut pdiags) = parse_interpolation(node, value);
    diags.append(&mut pdiags);
    let kind = match parts.len() {
        0 => ExprKind::String(value.to_owned()),
        1 if parts[0].access.is_none() => ExprKind::String(std::mem::take(&mut parts[0].text)),
        1 if parts[0].text.is_empty() => ExprKind::Symbol(
            parts.pop().and_then(|p| p.access).unwrap_or_else(|| PropertyAccess { accessors: Vec::new() }),
        ),
        _ => ExprKind::Interpolate(parts),
    };
    Expr::from_node(node, kind)
}

fn try_parse_builtin(node: &Node, entries: &[(Node, Node)], diags: &mut Diagnostics) -> Option<ExprRef> {
    if entries.len() != 1 {
        for (k, _) in entries {
            if let Some(name) = k.as_str().filter(|k| k.starts_with("fn::")) {
                diags.push(Diagnostic::error(
                    node.range.clone(),
                    format!(
                        "illegal call to builtin function: {name:?} must be the only key within its containing object"
                    ),
                    node.path.clone(),
                ));
            }
        }
        return None;
    }
    let (key_node, value_node) = &entries[0];
    let name = key_node.as_str()?;
    if !is_builtin_name(name) {
        if name.to_lowercase().starts_with("fn::") {
            diags.push(Diagnostic::error(key_node.range.clone(), "'fn::' is a reserved prefix", node.path.clone()));
        }
        return None;
    }
    let name = Key::from_node(key_node, name.to_owned());
    let args = parse_expr(value_node, diags);
    let call = parse_call(&name, &args, diags);
    Some(Expr::from_node(node, ExprKind::Builtin(Box::new(Builtin { name, args, call }))))
}

/// The entries of an object expression by key, for picking apart built-in arguments.
fn field<'a>(properties: &'a [ObjectProperty], key: &str) -> Option<&'a ExprRef> {
    properties.iter().find(|p| p.key.as_ref().is_some_and(|k| k.value == key)).map(|p| &p.value)
}

fn parse_call(name: &Key, args: &ExprRef, diags: &mut Diagnostics) -> Call {
    let two_values = |diags: &mut Diagnostics, fname: &str| match &args.kind {
        ExprKind::Array(list) if list.len() == 2 => (Some(list[0].clone()), Some(list[1].clone())),
        _ => {
            diags.push(args.error(format!("the argument to {fname} must be a two-valued list")));
            (None, None)
        }
    };
    match name.value.as_str() {
        "fn::open" => parse_open(args, diags),
        "fn::rotate" => parse_rotate(args, None, diags),
        "fn::secret" => parse_secret(args, diags),
        "fn::join" => {
            let (delimiter, values) = two_values(diags, "fn::join");
            Call::Join { delimiter, values }
        }
        "fn::split" => {
            let (delimiter, string) = two_values(diags, "fn::split");
            Call::Split { delimiter, string }
        }
        "fn::concat" => {
            if !matches!(args.kind, ExprKind::Array(_)) {
                diags.push(args.error("the argument to fn::concat must be an array of arrays"));
            }
            Call::Concat { arrays: args.clone() }
        }
        "fn::toJSON" => Call::ToJson { value: args.clone() },
        "fn::fromJSON" => Call::FromJson { string: args.clone() },
        "fn::toString" => Call::ToString { value: args.clone() },
        "fn::toBase64" => Call::ToBase64 { value: args.clone() },
        "fn::fromBase64" => Call::FromBase64 { string: args.clone() },
        "fn::final" => Call::Final { value: args.clone() },
        "fn::validate" => {
            let ExprKind::Object(properties) = &args.kind else {
                diags
                    .push(args.error("the argument to fn::validate must be an object containing 'schema' and 'value'"));
                return Call::Validate { schema: None, value: None };
            };
            let (schema, value) = (field(properties, "schema").cloned(), field(properties, "value").cloned());
            if schema.is_none() {
                diags.push(args.error("missing schema ('schema')"));
            }
            if value.is_none() {
                diags.push(args.error("missing value ('value')"));
            }
            Call::Validate { schema, value }
        }
        other => {
            if let Some(provider) = other.strip_prefix("fn::open::") {
                let provider = Some(short_provider(name, provider));
                Call::Open { provider, inputs: Some(args.clone()) }
            } else {
                let provider = other.strip_prefix("fn::rotate::").unwrap_or(other);
                parse_rotate(args, Some(short_provider(name, provider)), diags)
            }
        }
    }
}

/// The provider name of a short form (`fn::open::NAME`), located at the key.
fn short_provider(name: &Key, provider: &str) -> ExprRef {
    Rc::new(Expr { range: name.range.clone(), path: name.path.clone(), kind: ExprKind::String(provider.to_owned()) })
}

fn provider_name(properties: &[ObjectProperty], args: &ExprRef, diags: &mut Diagnostics) -> Option<ExprRef> {
    match field(properties, "provider") {
        None => {
            diags.push(args.error("missing provider name ('provider')"));
            None
        }
        Some(p) if p.as_string().is_none() => {
            diags.push(p.error("provider name must be a string literal"));
            None
        }
        Some(p) => Some(p.clone()),
    }
}

fn parse_open(args: &ExprRef, diags: &mut Diagnostics) -> Call {
    let ExprKind::Object(properties) = &args.kind else {
        diags.push(args.error("the argument to fn::open must be an object containing 'provider' and 'inputs'"));
        return Call::Open { provider: None, inputs: None };
    };
    let provider = provider_name(properties, args, diags);
    let inputs = field(properties, "inputs").cloned();
    if inputs.is_none() {
        diags.push(args.error("missing provider inputs ('inputs')"));
    }
    Call::Open { provider, inputs }
}

/// `fn::rotate: {provider, inputs, state}` or, with `short` set, `fn::rotate::NAME: {inputs, state}`.
fn parse_rotate(args: &ExprRef, short: Option<ExprRef>, diags: &mut Diagnostics) -> Call {
    let ExprKind::Object(properties) = &args.kind else {
        let message = if short.is_some() {
            "the argument to fn::rotate must be an object containing 'inputs' and 'state'"
        } else {
            "the argument to fn::rotate must be an object containing 'provider', 'inputs' and 'state'"
        };
        diags.push(args.error(message));
        return Call::Rotate { provider: None, inputs: None, state: None };
    };
    let provider = match short {
        Some(p) => Some(p),
        None => provider_name(properties, args, diags),
    };
    let inputs = field(properties, "inputs").cloned();
    if inputs.is_none() {
        diags.push(args.error("missing provider inputs ('inputs')"));
    }
    let state = match field(properties, "state") {
        None => Expr::synthetic(ExprKind::Null),
        Some(s) => {
            if !matches!(s.kind, ExprKind::Object(_)) {
                diags.push(s.error("rotation state must be an object literal"));
            }
            s.clone()
        }
    };
    Call::Rotate { provider, inputs, state: Some(state) }
}

fn parse_secret(args: &ExprRef, diags: &mut Diagnostics) -> Call {
    if let ExprKind::Object(properties) = &args.kind
        && properties.len() == 1
        && let Some(c) = field(properties, "ciphertext")
        && c.as_string().is_some()
    {
        return Call::Secret { plaintext: None, ciphertext: Some(c.clone()) };
    }
    if args.as_string().is_some() {
        return Call::Secret { plaintext: Some(args.clone()), ciphertext: None };
    }
    diags.push(args.error("secret values must be string literals"));
    let empty = Rc::new(Expr { range: None, path: String::new(), kind: ExprKind::String(String::new()) });
    Call::Secret { plaintext: Some(empty), ciphertext: None }
}
