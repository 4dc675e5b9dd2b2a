//! Evaluation: imports, interpolation, built-ins, providers and rotators.
//!
//! The structure follows ESC's evaluator closely (declare → evaluate with memoization and
//! cycle detection → export) because conformance is judged on its exact results,
//! diagnostics included.

mod access;
mod builtins;
mod declare;

mod expr;
mod imports;
mod schemas;
mod validate;
mod value;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use crate::ast::{self, ExprKind};
use crate::diag::Diagnostics;
use crate::path::PropertyPath;
use crate::provider::{Decrypter, EnvironmentLoader, ProviderLoader};
use crate::schema::Schema;
use crate::syntax;
use crate::value::{Value, ValueRepr};

use expr::{Decl, DeclKind, DeclRef, State};
use value::{Copier, Repr, TAINT_ROTATE_ONLY, TooLong, Val, ValRef};

/// How deeply evaluations may nest: a reference inside a value, a value inside an object or
/// an array, a built-in's argument, an import, each adds one. The evaluator recurses once
/// per level, so without a bound a long enough chain of references (`a0: ${a1}`,
/// `a1: ${a2}`, …) overflows the stack and aborts the process. Deeper evaluations are
/// reported and evaluate to unknown. The CLI evaluates on a thread with a 256 MB stack; a
/// level takes a few kilobytes of it in a debug build, so this leaves a wide margin, and no
/// real environment comes near it.
pub const MAX_EVAL_DEPTH: usize = 10_000;

/// How many values one evaluation may copy. Each reference copies the value it names (as
/// ESC does), so values nested through references grow quadratically, and doubling ones
/// (`a2: ["${a1}", "${a1}"]`) exponentially: a 30-line file could exhaust memory. Real
/// environments copy a few per value (the 10,000-value benchmark: well under a million).
/// Past the budget the evaluation stops (every value still to evaluate is unknown) with
/// one error.
pub const MAX_COPIED_VALUES: u64 = 2_000_000;

/// The longest string (in bytes) an interpolation or a built-in (`fn::toJSON`, `fn::join`,
/// `fn::toString`, `fn::toBase64`) may produce: as much as the CLI reads from a file. Without
/// it, `fn::toJSON` nested a few hundred times in a 3 KB document doubles its escapes at
/// every level and exhausts memory. A longer result is reported and evaluates to unknown.
pub const MAX_STRING_LEN: usize = 16 << 20;

/// An evaluated environment.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// The evaluated `values`.
    pub properties: BTreeMap<String, Value>,
}

/// An edit a rotation makes to the definition: the new `state` of one `fn::rotate` node.
#[derive(Clone, Debug)]
pub struct Patch {
    /// e.g. `values.db["fn::rotate::postgres"].state`
    pub doc_path: String,
    pub replacement: Value,
}

/// What evaluation needs from its caller.
pub struct EvalOptions<'a> {
    pub decrypter: &'a dyn Decrypter,
    pub providers: &'a dyn ProviderLoader,
    pub environments: &'a dyn EnvironmentLoader,
    /// What `${context}` holds.
    pub exec_context: ExecContext,
    /// Whether a static check decrypts secrets (evaluation always does).
    pub show_secrets: bool,
}

/// What `${context}` holds (ESC's `ExecContext`): the caller's properties, to which every
/// environment evaluated adds `currentEnvironment` and `rootEnvironment`.
#[derive(Clone, Debug, Default)]
pub struct ExecContext {
    /// The top-level properties, e.g. `pulumi: {user: {login: …}, organization: {login: …}}`.
    /// A `currentEnvironment` or `rootEnvironment` here is replaced by the evaluator's.
    pub properties: BTreeMap<String, Value>,
    /// The root environment's name as `${context.…Environment.name}` shows it, when it is
    /// not the name it is evaluated under (a caller that names environments for its
    /// diagnostics differently from how ESC names them in the context).
    pub root_name: Option<String>,
}

impl ExecContext {
    /// The context with `properties` (an object; anything else is no properties).
    pub fn new(properties: &Value) -> ExecContext {
        ExecContext { properties: properties.as_object().cloned().unwrap_or_default(), root_name: None }
    }

    /// This context, naming the root environment `name` in `${context}`.
    pub fn with_root_name(mut self, name: impl Into<String>) -> ExecContext {
        self.root_name = Some(name.into());
        self
    }
}

/// The name ESC gives an anonymous environment (one not stored anywhere): an import
/// evaluated under it takes its own name as the root's.
pub const ANONYMOUS_ENVIRONMENT_NAME: &str = "<yaml>";

/// Parses and loads an environment definition. `None` when the YAML could not be parsed
/// into an environment at all (syntax errors); otherwise the environment, possibly with
/// errors in it (its broken parts evaluate to unknown).
pub fn load_yaml(filename: &str, source: &str) -> (Option<ast::Environment>, Diagnostics) {
    let (node, mut diags) = syntax::decode(filename, source);
    if crate::diag::has_errors(&diags) {
        return (None, diags);
    }
    let Some(node) = node else { return (None, diags) };
    let (env, mut adiags) = ast::parse_environment(&node);
    diags.append(&mut adiags);
    (Some(env), diags)
}

/// Evaluates an environment, opening providers.
pub fn eval_environment(
    name: &str,
    env: &ast::Environment,
    opts: &EvalOptions<'_>,
) -> (Option<Environment>, Diagnostics) {
    let (env, _, diags) = evaluate(Mode::Open, name, env, opts, &[]);
    (env, diags)
}

/// Checks an environment without opening providers (their values are unknown).
pub fn check_environment(
    name: &str,
    env: &ast::Environment,
    opts: &EvalOptions<'_>,
) -> (Option<Environment>, Diagnostics) {
    let (env, _, diags) = evaluate(Mode::Check, name, env, opts, &[]);
    (env, diags)
}

/// Evaluates an environment and rotates its `fn::rotate` nodes (all, or those at `paths`),
/// returning the values after rotation and the patches to write back.
pub fn rotate_environment(
    name: &str,
    env: &ast::Environment,
    opts: &EvalOptions<'_>,
    paths: &[PropertyPath],
) -> (Option<Environment>, Vec<Patch>, Diagnostics) {
    evaluate(Mode::Rotate, name, env, opts, paths)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Check,
    Open,
    Rotate,
}

fn evaluate(
    mode: Mode,
    name: &str,
    env: &ast::Environment,
    opts: &EvalOptions<'_>,
    paths: &[PropertyPath],
) -> (Option<Environment>, Vec<Patch>, Diagnostics) {
    if env.is_empty() {
        return (None, Vec::new(), Vec::new());
    }
    let shared = Shared {
        opts,
        imports: RefCell::new(HashMap::new()),
        evaluated: RefCell::new(Vec::new()),
        depth: Cell::new(0),
        copies_left: Cell::new(MAX_COPIED_VALUES),
    };
    let rotate_paths = paths.iter().map(|p| format!("values.{p}")).collect();
    let mut ec = EvalContext::new(
        &shared,
        mode,
        name,
        Rc::new(env.clone()),
        DecrypterRef::Borrowed(opts.decrypter),
        rotate_paths,
        None,
    );
    let v = ec.evaluate();
    if shared.copies_left.get() == 0 {
        // What was evaluated may share values instead of copying them, and walking it could
        // take as long as copying would have: report, and stop here.
        let error = format!(
            "the environment is too large to evaluate: its references copy more than {MAX_COPIED_VALUES} values"
        );
        ec.diags.push(crate::diag::Diagnostic::error(None, error, ""));
        return (None, Vec::new(), ec.diags);
    }

    // Rotate-only values may only flow into rotator inputs.
    value::walk(&v, &mut |x| {
        let xb = x.borrow();
        if xb.taint & TAINT_ROTATE_ONLY != 0 {
            ec.diags.push(xb.def.syntax.error("cannot access rotateOnly values in a non fn::rotate context"));
        }
    });

    let properties = match value::export(&v).repr {
        ValueRepr::Object(o) => o,
        _ => BTreeMap::new(),
    };
    (Some(Environment { properties }), ec.patches, ec.diags)
}

/// State shared by the root environment and everything it imports.
struct Shared<'a> {
    opts: &'a EvalOptions<'a>,
    /// Environments already imported (or being imported: a cycle), by name.
    imports: RefCell<HashMap<String, Imported>>,
    /// Every declaration holding a memoized value. A value points back at its declaration,
    /// so these links are cut when evaluation ends, or the whole graph would leak.
    evaluated: RefCell<Vec<DeclRef>>,
    /// How many evaluations are in progress, nested (see [`MAX_EVAL_DEPTH`]). Shared, since
    /// an import is evaluated inside the evaluation that references it.
    depth: Cell<usize>,
    /// What is left of [`MAX_COPIED_VALUES`]; at zero, nothing more is evaluated.
    copies_left: Cell<u64>,
}

impl Drop for Shared<'_> {
    fn drop(&mut self) {
        for d in self.evaluated.get_mut().drain(..) {
            d.value.borrow_mut().take();
        }
        self.imports.get_mut().clear();
    }
}

enum Imported {
    Evaluating,
    Done(ValRef),
}

enum DecrypterRef<'a> {
    Borrowed(&'a dyn Decrypter),
    Owned(Arc<dyn Decrypter>),
}

impl DecrypterRef<'_> {
    fn get(&self) -> &dyn Decrypter {
        match self {
            DecrypterRef::Borrowed(d) => *d,
            DecrypterRef::Owned(d) => d.as_ref(),
        }
    }
}

/// Evaluation of one environment (the root, or an import).
struct EvalContext<'s, 'a> {
    shared: &'s Shared<'a>,
    mode: Mode,
    /// Only the root environment rotates, and only it evaluates rotate-only inputs in a check.
    is_root: bool,
    name: String,
    env: Rc<ast::Environment>,
    decrypter: DecrypterRef<'a>,
    /// `${context}` as this environment sees it.
    exec_context: Value,
    /// `${context.rootEnvironment.name}` here, which the environments it imports inherit.
    root_context_name: String,
    my_context: Option<ValRef>,
    my_imports: Option<ValRef>,
    root: Option<DeclRef>,
    /// The merged value of the imports, which this environment's values override.
    base: Option<ValRef>,
    rotate_paths: HashSet<String>,
    /// Set while evaluating a rotate-only rotator input: inline environment references in it
    /// are rotate-only imports.
    in_rotate_only: bool,
    patches: Vec<Patch>,
    diags: Diagnostics,
}

impl<'s, 'a> EvalContext<'s, 'a> {
    /// The evaluation of `env`, named `name`: the root environment's (`importer` `None`), or
    /// an import of an environment whose `${context.rootEnvironment.name}` is `importer`.
    fn new(
        shared: &'s Shared<'a>,
        mode: Mode,
        name: &str,
        env: Rc<ast::Environment>,
        decrypter: DecrypterRef<'a>,
        rotate_paths: HashSet<String>,
        importer: Option<&str>,
    ) -> Self {
        let context = &shared.opts.exec_context;
        let current = match importer {
            None => context.root_name.as_deref().unwrap_or(name),
            Some(_) => name,
        };
        // As ESC's `ExecContext.CopyForEnv`: an import keeps its importer's root, unless
        // that is anonymous (then the first named environment is the root).
        let root = match importer {
            Some(root) if !root.is_empty() && root != ANONYMOUS_ENVIRONMENT_NAME => root,
            _ => current,
        };
        EvalContext {
            shared,
            mode,
            is_root: importer.is_none(),
            name: name.to_owned(),
            env,
            decrypter,
            exec_context: context_for(&context.properties, current, root),
            root_context_name: root.to_owned(),
            my_context: None,
            my_imports: None,
            root: None,
            base: None,
            rotate_paths,
            in_rotate_only: false,
            patches: Vec::new(),
            diags: Vec::new(),
        }
    }

    fn validating(&self) -> bool {
        self.mode == Mode::Check
    }

    fn rotating(&self) -> bool {
        self.mode == Mode::Rotate && self.is_root
    }

    /// Whether rotate-only inputs and imports are evaluated: while rotating, and when
    /// checking the root environment (so an editor cannot reference an environment they
    /// cannot open).
    fn evaluates_rotate_only(&self) -> bool {
        self.rotating() || (self.validating() && self.is_root)
    }

    fn decrypt_secrets(&self) -> bool {
        !self.validating() || self.shared.opts.show_secrets
    }

    fn error(&mut self, x: &ast::Expr, summary: impl Into<String>) {
        self.diags.push(x.error(summary));
    }

    fn evaluate(&mut self) -> ValRef {
        self.evaluate_context();
        self.evaluate_imports();

        let mut properties = BTreeMap::new();
        let env = self.env.clone();
        for (key, value) in &env.values {
            let k = key.value.as_str();
            if matches!(k, "imports" | "context" | "environments") {
                self.diags.push(key.error(format!("{k:?} is a reserved key")));
            } else if properties.contains_key(k) {
                self.diags.push(key.error(format!("duplicate key {k:?}")));
            } else {
                let base = value::property(self.base.as_ref(), k);
                let d = self.declare(k.to_owned(), value, base);
                properties.insert(k.to_owned(), d);
            }
        }
        let root_syntax = ast::Expr::synthetic(ExprKind::Object(Vec::new()));
        let root = Decl::new(
            format!("<{}>", self.name),
            root_syntax,
            DeclKind::Object(properties),
            schemas::map_of(Schema::always()),
            self.base.clone(),
        );
        self.root = Some(root.clone());
        self.evaluate_decl(&root, &Schema::always())
    }

    fn evaluate_context(&mut self) {
        let def = Decl::synthetic(ast::Expr::synthetic(ExprKind::Null), Schema::always());
        self.my_context = Some(value::unexport(&self.exec_context, &def));
    }

    /// A copier that spends this evaluation's budget of copies.
    fn copier(&self) -> Copier<'s> {
        Copier::budgeted(&self.shared.copies_left)
    }

    /// Enters one more level of nested evaluation, returning the depth to restore when it is
    /// done, or `None` past [`MAX_EVAL_DEPTH`].
    fn enter(&self) -> Option<usize> {
        let depth = self.shared.depth.get();
        if depth >= MAX_EVAL_DEPTH {
            return None;
        }
        self.shared.depth.set(depth + 1);
        Some(depth)
    }

    /// Evaluates a declaration once (memoized), reporting cycles.
    fn evaluate_decl(&mut self, x: &DeclRef, accept: &Arc<Schema>) -> ValRef {
        match x.state.get() {
            State::Done => {
                if let Some(v) = x.value.borrow().as_ref() {
                    return v.clone();
                }
            }
            State::Evaluating => {
                self.error(&x.syntax, format!("cyclic reference to {}", x.path));
                return Val::unknown(x.clone(), Schema::always());
            }
            State::Declared => {}
        }
        if self.shared.copies_left.get() == 0 {
            // Out of budget: the evaluation is being abandoned (one error, at the end).
            return Val::unknown(x.clone(), Schema::always());
        }
        // Not memoized: evaluated again from elsewhere, less deeply, it may succeed.
        let Some(depth) = self.enter() else {
            self.error(&x.syntax, format!("reference chain too deep (more than {MAX_EVAL_DEPTH} nested evaluations)"));
            return Val::unknown(x.clone(), Schema::always());
        };
        x.state.set(State::Evaluating);
        let v = self.evaluate_kind(x, accept);
        self.shared.depth.set(depth);
        if x.secret.get() {
            v.borrow_mut().secret = true;
        }
        let v = match &x.base {
            Some(base) if base.borrow().is_final => {
                self.diags.push(crate::diag::Diagnostic::warning(
                    x.syntax.range.clone(),
                    "cannot override final value",
                    x.syntax.path.clone(),
                ));
                base.clone()
            }
            base => {
                value::merge(&v, base.as_ref());
                v
            }
        };
        *x.schema.borrow_mut() = v.borrow().schema.clone();
        *x.value.borrow_mut() = Some(v.clone());
        self.shared.evaluated.borrow_mut().push(x.clone());
        x.state.set(State::Done);
        v
    }

    fn evaluate_kind(&mut self, x: &DeclRef, accept: &Arc<Schema>) -> ValRef {
        let schema = x.schema.borrow().clone();
        match &x.kind {
            DeclKind::Missing => Val::unknown(x.clone(), schema),
            DeclKind::Literal => {
                let repr = match &x.syntax.kind {
                    ExprKind::Bool(b) => Repr::Bool(*b),
                    ExprKind::Number(n) => Repr::Number(n.clone()),
                    ExprKind::String(s) => Repr::String(s.clone()),
                    _ => Repr::Null,
                };
                Val::new(x.clone(), schema, repr)
            }
            DeclKind::Access { .. } => Val::unknown(x.clone(), schema),
            DeclKind::Interpolate(parts) => self.evaluate_interpolate(x, parts),
            DeclKind::Symbol(accessors) => self.evaluate_property_access(x, accessors, accept),
            DeclKind::Array(elements) => {
                let mut items = Vec::with_capacity(elements.len());
                let mut item_schemas = Vec::with_capacity(elements.len());
                for (i, e) in elements.iter().enumerate() {
                    let v = self.evaluate_decl(e, &accept.item(i));
                    item_schemas.push(v.borrow().schema.clone());
                    items.push(v);
                }
                Val::new(x.clone(), schemas::tuple(item_schemas), Repr::Array(items))
            }
            DeclKind::Object(properties) => self.evaluate_object(x, properties, accept),
            _ => self.evaluate_builtin(x),
        }
    }

    fn evaluate_object(&mut self, x: &DeclRef, properties: &BTreeMap<String, DeclRef>, accept: &Arc<Schema>) -> ValRef {
        let mut object = BTreeMap::new();
        let mut record = BTreeMap::new();
        for (k, p) in properties {
            let pschema = accept.property(k);
            let v = if schemas::is_rotate_only(accept, k) {
                self.evaluate_rotate_only(p, &pschema)
            } else {
                self.evaluate_decl(p, &pschema)
            };
            record.insert(k.clone(), v.borrow().schema.clone());
            object.insert(k.clone(), v);
        }
        Val::new(x.clone(), schemas::record(record), Repr::Object(object))
    }

    /// A rotate-only rotator input: evaluated while rotating (and when checking the root
    /// environment); otherwise unknown and never observed.
    fn evaluate_rotate_only(&mut self, p: &DeclRef, accept: &Arc<Schema>) -> ValRef {
        if !self.evaluates_rotate_only() {
            let v = Val::unknown(p.clone(), accept.clone());
            v.borrow_mut().taint |= TAINT_ROTATE_ONLY;
            return v;
        }
        let outer = std::mem::replace(&mut self.in_rotate_only, true);
        let v = self.evaluate_decl(p, accept);
        self.in_rotate_only = outer;
        v
    }

    fn evaluate_interpolate(&mut self, x: &DeclRef, parts: &[(String, Option<Vec<ast::PropertyAccessor>>)]) -> ValRef {
        let mut s = String::new();
        let (mut unknown, mut secret, mut taint, mut too_long) = (false, false, 0, false);
        for (text, access) in parts {
            too_long |= s.len() + text.len() > MAX_STRING_LEN;
            if !too_long {
                s.push_str(text);
            }
            // Every access is still evaluated, for its diagnostics.
            if let Some(accessors) = access {
                let pv = self.evaluate_property_access(x, accessors, &Schema::always());
                match value::to_string(&pv, MAX_STRING_LEN - s.len().min(MAX_STRING_LEN)) {
                    Ok((ps, u, sec, t)) => {
                        unknown |= u;
                        secret |= sec;
                        taint |= t;
                        if !u && !too_long {
                            s.push_str(&ps);
                        }
                    }
                    Err(TooLong) => too_long = true,
                }
            }
        }
        if too_long {
            return self.too_long(x, "the interpolated string");
        }
        let v =
            Val::new(x.clone(), x.schema.borrow().clone(), Repr::String(if unknown { "[unknown]".into() } else { s }));
        {
            let mut vb = v.borrow_mut();
            vb.unknown = unknown;
            vb.secret = secret;
            vb.taint = taint;
        }
        v
    }

    /// Reports that `what` would be longer than [`MAX_STRING_LEN`]; its value is unknown.
    fn too_long(&mut self, x: &DeclRef, what: &str) -> ValRef {
        self.error(&x.syntax, format!("{what} would be longer than {} MiB", MAX_STRING_LEN >> 20));
        Val::unknown(x.clone(), x.schema.borrow().clone())
    }
}

/// The execution context an environment sees: the caller's properties, plus its own name
/// and the root environment's.
fn context_for(properties: &BTreeMap<String, Value>, current: &str, root: &str) -> Value {
    let mut properties = properties.clone();
    let named = |name: &str| Value::object(BTreeMap::from([("name".to_owned(), Value::string(name))]));
    properties.insert("currentEnvironment".to_owned(), named(current));
    properties.insert("rootEnvironment".to_owned(), named(root));
    Value::object(properties)
}
