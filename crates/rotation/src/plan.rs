//! Planning a rotation: which `fn::rotate` nodes to rotate, and, wave by wave, the
//! requests whose inputs are known.
//!
//! The evaluator is run in rotate mode with rotators that only *capture* the request
//! (inputs, rotate-only ones included, and state) and defer: the node becomes unknown,
//! so any rotator whose inputs depend on it is not captured in this wave. After the
//! captured requests have run and their new states are patched in, the next wave sees the
//! new outputs. Rotators in one wave are independent of each other and run concurrently.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use escrot_esc::ast::{self, Call, ExprKind};
use escrot_esc::diag::Diagnostics;
use escrot_esc::path::{PropertyPath, join_index, join_key};
use escrot_esc::provider::{self, Decrypter, EnvironmentLoader, OpenContext, ProviderLoader};
use escrot_esc::schema::Schema;
use escrot_esc::value::Value;
use escrot_esc::{EvalOptions, ExecContext, rotate_environment};

/// A `fn::rotate` node of a definition.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RotateNode {
    /// The property path under `values` (`db.app`), as users name it.
    pub path: String,
    /// The rotator's name (`password`).
    pub rotator: String,
    /// The document path of its `state` (`values.db.app["fn::rotate::password"].state`).
    pub state_path: String,
}

/// Every `fn::rotate` node of an environment, in document order.
pub fn rotate_nodes(env: &ast::Environment) -> Vec<RotateNode> {
    rotate_calls(env).into_iter().map(|(node, _)| node).collect()
}

/// The `fn::rotate` nodes that have no state yet (none written, or `null`): never rotated.
pub fn unrotated_nodes(env: &ast::Environment) -> Vec<RotateNode> {
    rotate_calls(env)
        .into_iter()
        .filter(|(_, call)| match &call.call {
            Call::Rotate { state, .. } => state.as_ref().is_none_or(|s| matches!(s.kind, ExprKind::Null)),
            _ => false,
        })
        .map(|(node, _)| node)
        .collect()
}

/// Every `fn::rotate` node of an environment with its call, in document order.
fn rotate_calls(env: &ast::Environment) -> Vec<(RotateNode, &ast::Builtin)> {
    let mut out = Vec::new();
    // Explicit stack: definitions may nest deeply.
    let mut stack: Vec<(String, &ast::ExprRef)> =
        env.values.iter().rev().map(|(k, v)| (join_key("", &k.value), v)).collect();
    while let Some((path, x)) = stack.pop() {
        match &x.kind {
            ExprKind::Builtin(b) => {
                if let Call::Rotate { provider: Some(p), .. } = &b.call
                    && let Some(rotator) = p.as_string()
                {
                    let state_path = format!("{}.state", join_key(&format!("values.{path}"), &b.name.value));
                    out.push((RotateNode { path: path.clone(), rotator: rotator.to_owned(), state_path }, &**b));
                }
            }
            ExprKind::Object(entries) => {
                for e in entries.iter().rev() {
                    if let Some(k) = &e.key {
                        stack.push((join_key(&path, &k.value), &e.value));
                    }
                }
            }
            ExprKind::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((join_index(&path, i), item));
                }
            }
            _ => {}
        }
    }
    out
}

/// The `fn::rotate` nodes at `paths` (all of them when `paths` is empty), in document
/// order; `Err` names the first path with no `fn::rotate`.
pub fn select(env: &ast::Environment, paths: &[String]) -> Result<Vec<RotateNode>, String> {
    let mut nodes = rotate_nodes(env);
    if let Some(missing) = paths.iter().find(|p| !nodes.iter().any(|n| &&n.path == p)) {
        return Err(missing.clone());
    }
    if !paths.is_empty() {
        nodes.retain(|n| paths.contains(&n.path));
    }
    Ok(nodes)
}

/// Why a `fn::rotate` node was not captured by an evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotCaptured {
    /// The node itself has a problem: the summary of a diagnostic under its path.
    Own(String),
    /// Something its inputs use could not be evaluated: those error diagnostics, each as
    /// `path: summary`.
    Inputs(Vec<String>),
    /// Its inputs use the output of these other `fn::rotate` nodes (paths under `values`),
    /// which were not rotated (nor opened) in that evaluation.
    Rotations(Vec<String>),
    /// No diagnostic says why.
    Unknown,
}

impl std::fmt::Display for NotCaptured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotCaptured::Own(summary) => f.write_str(summary),
            NotCaptured::Inputs(errors) => write!(f, "its inputs could not be evaluated: {}", errors.join("; ")),
            NotCaptured::Rotations(paths) => {
                write!(f, "its inputs depend on {}, which could not be evaluated", paths.join(", "))
            }
            NotCaptured::Unknown => f.write_str("its inputs could not be evaluated"),
        }
    }
}

/// Why `node` was not captured by the evaluation that reported `diags`.
///
/// The node's own diagnostics come first. Otherwise what its inputs reference (in this
/// definition, transitively) decides: the errors of what they use, else the other
/// `fn::rotate` nodes whose outputs they use. Failing that (e.g. the failure is in an
/// imported environment), every error that belongs to no `fn::rotate` is the likely reason.
pub fn why_not_captured(env: &ast::Environment, node: &RotateNode, diags: &Diagnostics) -> NotCaptured {
    let own = format!("values.{}", node.path);
    let mine = diags.iter().filter(|d| is_under(&d.path, &own));
    if let Some(d) = mine.clone().find(|d| d.is_error()).or_else(|| mine.clone().next()) {
        return NotCaptured::Own(d.summary.clone());
    }
    let calls = rotate_calls(env);
    let rotate_paths: Vec<String> = calls.iter().map(|(n, _)| format!("values.{}", n.path)).collect();
    let unowned_errors = |under: &dyn Fn(&str) -> bool| -> Vec<String> {
        diags
            .iter()
            .filter(|d| d.is_error() && under(&d.path) && !rotate_paths.iter().any(|r| is_under(&d.path, r)))
            .map(|d| if d.path.is_empty() { d.summary.clone() } else { format!("{}: {}", d.path, d.summary) })
            .collect()
    };
    let Some((_, call)) = calls.iter().find(|(n, _)| n.path == node.path) else { return NotCaptured::Unknown };
    let (used, rotations) = dependencies(env, call);
    let errors = unowned_errors(&|p| used.iter().any(|u| is_under(p, u)));
    if !errors.is_empty() {
        return NotCaptured::Inputs(errors);
    }
    if !rotations.is_empty() {
        return NotCaptured::Rotations(rotations.iter().map(|r| r.trim_start_matches("values.").to_owned()).collect());
    }
    let errors = unowned_errors(&|_| true);
    if errors.is_empty() { NotCaptured::Unknown } else { NotCaptured::Inputs(errors) }
}

/// Whether document path `path` is `root` or under it.
fn is_under(path: &str, root: &str) -> bool {
    path.strip_prefix(root).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// What the arguments of a rotate `call` use, transitively through the references inside
/// this definition: the document paths of the values they reach, and of the other
/// `fn::rotate` nodes among them. References outside the
/// definition (`environments.*`, `context.*`) are not followed.
fn dependencies<'a>(env: &'a ast::Environment, call: &'a ast::Builtin) -> (Vec<String>, Vec<String>) {
    let (mut used, mut rotations) = (Vec::<String>::new(), Vec::<String>::new());
    // Explicit stack: definitions may nest deeply, and references may form cycles.
    let mut stack: Vec<&'a ast::ExprRef> = vec![&call.args];
    let mut seen: std::collections::HashSet<*const ast::Expr> = std::collections::HashSet::new();
    while let Some(x) = stack.pop() {
        if !seen.insert(std::rc::Rc::as_ptr(x)) {
            continue;
        }
        let mut accesses: Vec<&ast::PropertyAccess> = Vec::new();
        match &x.kind {
            ExprKind::Symbol(access) => accesses.push(access),
            ExprKind::Interpolate(parts) => accesses.extend(parts.iter().filter_map(|p| p.access.as_ref())),
            ExprKind::Array(items) => stack.extend(items),
            ExprKind::Object(entries) => stack.extend(entries.iter().map(|e| &e.value)),
            ExprKind::Builtin(b) if matches!(b.call, Call::Rotate { .. }) && !std::ptr::eq(&**b, call) => {
                if !rotations.contains(&x.path) {
                    rotations.push(x.path.clone());
                }
            }
            ExprKind::Builtin(b) => stack.push(&b.args),
            ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::String(_) => {}
        }
        for target in accesses.into_iter().filter_map(|a| resolve(env, a)) {
            if !used.contains(&target.path) {
                used.push(target.path.clone());
            }
            stack.push(target);
        }
    }
    (used, rotations)
}

/// The expression of this definition's `values` that `access` reaches, as deep as its
/// keys and indexes can be followed (a built-in's result is not followed into); `None`
/// for references outside `values`.
fn resolve<'a>(env: &'a ast::Environment, access: &ast::PropertyAccess) -> Option<&'a ast::ExprRef> {
    let mut accessors = access.accessors.iter();
    let root = accessors.next()?.key()?;
    if matches!(root, "environments" | "context") {
        return None;
    }
    let mut x = env.values.iter().rev().find(|(k, _)| k.value == root).map(|(_, v)| v)?;
    for a in accessors {
        let next = match (&x.kind, &a.accessor) {
            (ExprKind::Object(entries), _) => {
                let key = a.key()?;
                entries.iter().rev().find(|e| e.key.as_ref().is_some_and(|k| k.value == key)).map(|e| &e.value)
            }
            (ExprKind::Array(items), ast::Accessor::Index(i)) => usize::try_from(*i).ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(n) => x = n,
            None => break,
        }
    }
    Some(x)
}

/// One rotation to perform: a node and its evaluated inputs and state.
#[derive(Clone, Debug)]
pub struct Captured {
    pub node: RotateNode,
    pub inputs: BTreeMap<String, Value>,
    pub state: Option<Value>,
}

/// The evaluation services a plan needs besides the rotators.
pub struct Services<'a> {
    pub decrypter: &'a dyn Decrypter,
    pub providers: &'a dyn ProviderLoader,
    pub environments: &'a dyn EnvironmentLoader,
    pub exec_context: ExecContext,
}

/// Evaluates `env` rotating `nodes` and returns the requests whose inputs are known, with
/// the evaluation's diagnostics (deferrals removed).
pub fn capture_wave(
    name: &str,
    env: &ast::Environment,
    services: &Services<'_>,
    nodes: &[RotateNode],
) -> (Vec<Captured>, Diagnostics) {
    if nodes.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let loader = CapturingLoader { inner: services.providers, captured: Arc::new(Mutex::new(Vec::new())) };
    let opts = EvalOptions {
        decrypter: services.decrypter,
        providers: &loader,
        environments: services.environments,
        exec_context: services.exec_context.clone(),
        show_secrets: true,
    };
    let paths: Vec<PropertyPath> = nodes.iter().filter_map(|n| PropertyPath::parse(&n.path).ok()).collect();
    let (_, _, mut diags) = rotate_environment(name, env, &opts, &paths);
    diags.retain(|d| !d.summary.ends_with(DEFERRED));
    let requests = std::mem::take(&mut *loader.captured.lock().unwrap_or_else(|e| e.into_inner()));
    let captured = requests
        .into_iter()
        .filter_map(|r| {
            let node = nodes.iter().find(|n| format!("values.{}", n.path) == r.doc_path)?;
            Some(Captured { node: node.clone(), inputs: r.inputs, state: r.state })
        })
        .collect();
    (captured, diags)
}

/// What a capturing rotator returns instead of a new state (the evaluator turns it into a
/// `rotate: …` diagnostic, which the plan drops).
const DEFERRED: &str = "deferred to the rotation engine";

struct Request {
    doc_path: String,
    inputs: BTreeMap<String, Value>,
    state: Option<Value>,
}

/// Wraps the binary's loader: rotators capture their requests instead of rotating.
struct CapturingLoader<'a> {
    inner: &'a dyn ProviderLoader,
    captured: Arc<Mutex<Vec<Request>>>,
}

impl ProviderLoader for CapturingLoader<'_> {
    fn load_provider(&self, name: &str) -> Result<Arc<dyn provider::Provider>, provider::Error> {
        self.inner.load_provider(name)
    }

    fn load_rotator(&self, name: &str) -> Result<Arc<dyn provider::Rotator>, provider::Error> {
        let inner = self.inner.load_rotator(name)?;
        Ok(Arc::new(Capture { inner, captured: self.captured.clone() }))
    }
}

struct Capture {
    inner: Arc<dyn provider::Rotator>,
    captured: Arc<Mutex<Vec<Request>>>,
}

impl provider::Rotator for Capture {
    fn schema(&self) -> (Arc<Schema>, Arc<Schema>, Arc<Schema>) {
        self.inner.schema()
    }

    fn validate(&self, inputs: &BTreeMap<String, Value>) -> Vec<provider::InputProblem> {
        self.inner.validate(inputs)
    }

    fn open(
        &self,
        inputs: &BTreeMap<String, Value>,
        state: Option<&Value>,
        ctx: &OpenContext<'_>,
    ) -> Result<Value, provider::Error> {
        self.inner.open(inputs, state, ctx)
    }

    fn rotate(
        &self,
        inputs: &BTreeMap<String, Value>,
        state: Option<&Value>,
        ctx: &OpenContext<'_>,
    ) -> Result<Value, provider::Error> {
        let request = Request { doc_path: ctx.path.to_owned(), inputs: inputs.clone(), state: state.cloned() };
        self.captured.lock().unwrap_or_else(|e| e.into_inner()).push(request);
        Err(DEFERRED.into())
    }
}

impl crate::rotators::RotationRequest {
    /// The request for a captured rotation of environment `environment`, with what
    /// `prepare` returned (null before it ran).
    pub fn from_capture(
        environment: String,
        c: &Captured,
        prepared: serde_json::Value,
    ) -> crate::rotators::RotationRequest {
        crate::rotators::RotationRequest {
            environment,
            path: c.node.path.clone(),
            inputs: c.inputs.clone(),
            state: c.state.clone(),
            prepared,
            attempt: String::new(),
            trigger_user: String::new(),
        }
    }
}

/// What the read-only preflight of one `fn::rotate` node found: what `rotate --dry-run`
/// shows and `check --live` reports. Nothing is changed anywhere.
#[derive(Clone, Debug)]
pub enum Preflight {
    /// Its inputs use the output of these other `fn::rotate` nodes (paths under `values`),
    /// which a rotation rotates first: not checked now.
    After(Vec<String>),
    /// Its inputs cannot be evaluated now (why): the rotation would fail.
    NotEvaluable(NotCaptured),
    /// The rotator's preflight passed, with what it found (one line each).
    Passed(Vec<String>),
    /// The rotator's preflight failed (why): the rotation would fail.
    Failed(String),
}

/// The preflight of one node.
#[derive(Clone, Debug)]
pub struct PathPreflight {
    pub node: RotateNode,
    pub preflight: Preflight,
}

/// Evaluates `env` as the first wave of a rotation of `nodes` would, and runs the
/// read-only preflight of each rotator whose request is known; one result per node, in
/// the order of `nodes`.
pub async fn preflight(
    name: &str,
    env: &ast::Environment,
    services: &Services<'_>,
    rotators: &crate::rotators::Registry,
    nodes: &[RotateNode],
) -> Vec<PathPreflight> {
    let (captured, diags) = capture_wave(name, env, services, nodes);
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        let preflight = match captured.iter().find(|c| c.node.path == node.path) {
            None => match why_not_captured(env, node, &diags) {
                NotCaptured::Rotations(first) => Preflight::After(first),
                reason => Preflight::NotEvaluable(reason),
            },
            // A captured node's rotator is known (the evaluation loaded it): without one
            // there would be nothing to check.
            Some(c) => match rotators.get(&node.rotator) {
                None => Preflight::Passed(Vec::new()),
                Some(rotator) => {
                    let request =
                        crate::rotators::RotationRequest::from_capture(name.to_owned(), c, serde_json::Value::Null);
                    match rotator.preflight(&request).await {
                        Ok(lines) => Preflight::Passed(lines),
                        Err(e) => Preflight::Failed(e.to_string()),
                    }
                }
            },
        };
        out.push(PathPreflight { node: node.clone(), preflight });
    }
    out
}
