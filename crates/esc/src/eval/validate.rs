//! Type-checking values against schemas (provider and rotator inputs, rotator state,
//! built-in arguments) with ESC's validator and messages.

use std::sync::Arc;

use super::EvalContext;
use super::expr::{DeclKind, DeclRef};
use super::value::{self, Repr, ValRef};
use crate::diag::Diagnostic;
use crate::path::{Accessor, join_index, join_key};
use crate::provider::InputProblem;
use crate::schema::{self, Instance, InstanceRepr, Location, Schema};
use crate::syntax::Number;

impl EvalContext<'_, '_> {
    /// Evaluates `x` and validates the result against `accept` (ESC's `evaluateTypedExpr`).
    pub(super) fn evaluate_typed(&mut self, x: &DeclRef, accept: &Arc<Schema>) -> (ValRef, bool) {
        let v = self.evaluate_decl(x, accept);
        if let Err(err) = accept.compile() {
            self.diags.push(x.syntax.error(format!("internal error: invalid schema: {err}")));
            return (v, false);
        }
        let (ok, mut diags) = schema::validate(&Snapshot::of(&v), accept, &Blame::at(x));
        self.diags.append(&mut diags);
        (v, ok)
    }

    /// Reports a problem a rotator found in its inputs, at the input it names, blamed as a
    /// schema error at that path would be: the input's own expression when the inputs are
    /// written out, else the expression that made them, the path prefixed to the message.
    pub(super) fn input_problem(&mut self, inputs: &DeclRef, problem: &InputProblem) {
        let mut blame = Blame::at(inputs);
        for accessor in &problem.path.0 {
            blame = match accessor {
                Accessor::Key(k) => blame.property(k),
                Accessor::Index(i) => blame.index(*i),
            };
        }
        self.diags.push(blame.error(problem.message.clone()));
    }
}

/// A value frozen for validation: the validator borrows into it, which the evaluator's
/// shared cells do not allow.
struct Snapshot {
    def: DeclRef,
    unknown: bool,
    schema: Arc<Schema>,
    repr: SnapRepr,
}

enum SnapRepr {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Snapshot>),
    Object(Vec<(String, Snapshot)>),
}

impl Snapshot {
    fn of(v: &ValRef) -> Snapshot {
        let vb = v.borrow();
        let repr = if vb.unknown {
            SnapRepr::Null
        } else {
            match &vb.repr {
                Repr::Null => SnapRepr::Null,
                Repr::Bool(b) => SnapRepr::Bool(*b),
                Repr::Number(n) => SnapRepr::Number(n.clone()),
                Repr::String(s) => SnapRepr::String(s.clone()),
                Repr::Array(items) => SnapRepr::Array(items.iter().map(Snapshot::of).collect()),
                Repr::Object(_) => SnapRepr::Object(
                    value::keys(Some(v))
                        .into_iter()
                        .filter_map(|k| value::property(Some(v), &k).map(|p| (k, Snapshot::of(&p))))
                        .collect(),
                ),
            }
        };
        Snapshot { def: vb.def.clone(), unknown: vb.unknown, schema: vb.schema.clone(), repr }
    }
}

impl Instance for Snapshot {
    type Loc = Blame;

    fn is_unknown(&self) -> bool {
        self.unknown
    }

    fn schema(&self) -> Arc<Schema> {
        self.schema.clone()
    }

    fn repr(&self) -> InstanceRepr<'_, Self> {
        match &self.repr {
            SnapRepr::Null => InstanceRepr::Null,
            SnapRepr::Bool(b) => InstanceRepr::Bool(*b),
            SnapRepr::Number(n) => InstanceRepr::Number(n),
            SnapRepr::String(s) => InstanceRepr::String(s),
            SnapRepr::Array(items) => InstanceRepr::Array(items.iter().collect()),
            SnapRepr::Object(entries) => InstanceRepr::Object(entries.iter().map(|(k, v)| (k.as_str(), v)).collect()),
        }
    }

    fn location(&self) -> Blame {
        Blame::at(&self.def)
    }
}

/// Where a validation failure is blamed (ESC's `validationLoc`): inside array and object
/// literals, the element itself; otherwise the defining expression, with the relative path
/// as a prefix of the message.
#[derive(Clone)]
struct Blame {
    x: DeclRef,
    path: String,
    prefix: bool,
}

impl Blame {
    fn at(x: &DeclRef) -> Blame {
        Blame { x: x.clone(), path: String::new(), prefix: false }
    }
}

impl Location for Blame {
    fn index(&self, index: usize) -> Blame {
        if let DeclKind::Array(elements) = &self.x.kind
            && let Some(e) = elements.get(index)
        {
            return Blame { x: e.clone(), path: format!("[{index}]"), prefix: false };
        }
        Blame { x: self.x.clone(), path: join_index(&self.path, index), prefix: true }
    }

    fn property(&self, key: &str) -> Blame {
        if let DeclKind::Object(properties) = &self.x.kind
            && let Some(p) = properties.get(key)
        {
            return Blame { x: p.clone(), path: join_key("", key), prefix: false };
        }
        Blame { x: self.x.clone(), path: join_key(&self.path, key), prefix: true }
    }

    fn error(&self, message: String) -> Diagnostic {
        let message = if self.prefix { format!("{}: {message}", self.path) } else { message };
        self.x.syntax.error(message)
    }
}
