//! Declarations: the evaluator's view of an AST expression, with the state evaluation
//! attaches to it (ESC's `expr`): its base value, schema, evaluation state and memoized
//! value.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use crate::ast::{self, ExprRef, PropertyAccessor};
use crate::eval::value::ValRef;
use crate::schema::Schema;

pub type DeclRef = Rc<Decl>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Declared,
    Evaluating,
    Done,
}

#[derive(Debug)]
pub struct Decl {
    /// The property path (`a.b[0]`), for reporting cycles.
    pub path: String,
    /// The AST expression (its range and document path locate diagnostics).
    pub syntax: ExprRef,
    pub kind: DeclKind,
    /// The imported value this expression overrides, if any.
    pub base: Option<ValRef>,
    pub schema: RefCell<Arc<Schema>>,
    pub state: Cell<State>,
    /// Whether the value is secret whatever it evaluates to (`fn::secret` arguments).
    pub secret: Cell<bool>,
    pub value: RefCell<Option<ValRef>>,
}

#[derive(Debug)]
pub enum DeclKind {
    /// A part that failed to parse: evaluates to unknown.
    Missing,
    /// A null, boolean, number or string literal (the value is in `syntax`).
    Literal,
    Interpolate(Vec<(String, Option<Vec<PropertyAccessor>>)>),
    Symbol(Vec<PropertyAccessor>),
    /// A late-bound property of an unknown value.
    Access {
        receiver: ValRef,
        key: String,
    },
    Array(Vec<DeclRef>),
    Object(BTreeMap<String, DeclRef>),
    Open {
        provider: Option<String>,
        inputs: DeclRef,
        input_schema: RefCell<Arc<Schema>>,
    },
    Rotate {
        provider: Option<String>,
        inputs: DeclRef,
        state: DeclRef,
        input_schema: RefCell<Arc<Schema>>,
        state_schema: RefCell<Arc<Schema>>,
    },
    Secret {
        plaintext: Option<DeclRef>,
        ciphertext: Option<String>,
    },
    Join {
        delimiter: DeclRef,
        values: DeclRef,
    },
    Split {
        delimiter: DeclRef,
        string: DeclRef,
    },
    Concat {
        arrays: DeclRef,
    },
    ToJson(DeclRef),
    FromJson(DeclRef),
    ToString(DeclRef),
    ToBase64(DeclRef),
    FromBase64(DeclRef),
    Final(DeclRef),
    Validate {
        schema: DeclRef,
        value: DeclRef,
    },
}

impl Decl {
    pub fn new(path: String, syntax: ExprRef, kind: DeclKind, schema: Arc<Schema>, base: Option<ValRef>) -> DeclRef {
        Rc::new(Decl {
            path,
            syntax,
            kind,
            base,
            schema: RefCell::new(schema),
            state: Cell::new(State::Declared),
            secret: Cell::new(false),
            value: RefCell::new(None),
        })
    }

    /// A declaration for a value made up by the evaluator, located at `syntax`.
    pub fn synthetic(syntax: ExprRef, schema: Arc<Schema>) -> DeclRef {
        let d = Decl::new(String::new(), syntax, DeclKind::Literal, schema, None);
        d.state.set(State::Done);
        d
    }

    pub fn missing(path: String, base: Option<ValRef>) -> DeclRef {
        Decl::new(path, ast::Expr::synthetic(ast::ExprKind::Null), DeclKind::Missing, Schema::always(), base)
    }

    /// The builtin call node of this declaration, if it is one.
    pub fn builtin(&self) -> Option<&ast::Builtin> {
        match &self.syntax.kind {
            ast::ExprKind::Builtin(b) => Some(b),
            _ => None,
        }
    }
}
